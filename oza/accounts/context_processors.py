from django.conf import settings

from .two_factor import has_second_factor, is_covered


def second_factor(request):
    """``offer_second_factor``: show the banner inviting a professional to turn on the second
    factor (only where it is offered, not required)."""
    user = getattr(request, "user", None)
    if user is None or not is_covered(user):
        return {}
    if settings.OZA_REQUIRE_2FA:
        return {}

    def offer():
        # The middleware already asked on this request (not on its exempt paths, such as the
        # set-up page, where a device may just have been confirmed).
        known = getattr(request, "oza_has_second_factor", None)
        return not (has_second_factor(user) if known is None else known)

    return {"offer_second_factor": offer}
