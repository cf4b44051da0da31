"""The second factor for professionals, before any page.

Professionals and admin users (``two_factor.is_covered``):

- A professional with a confirmed authenticator app who has not entered its code in this session
  is sent to the code page.
- With ``OZA_REQUIRE_2FA`` (production), a professional without one is sent to set it up.
Portal users are left to ``oza.portal.views.PortalRequiredMixin`` (optional for them)."""

import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .two_factor import has_second_factor, is_covered


class SessionRenewalMiddleware:
    """Keeps an active session alive: a request renews the idle timeout (``SESSION_COOKIE_AGE``)
    when the last renewal is more than ``OZA_SESSION_RENEW_SECONDS`` ago. Changing the session is
    what makes Django's SessionMiddleware save it with a new expiry and send the cookie again;
    saving it on every request would cost each page a write."""

    RENEWED_AT = "_oza_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key is not None:
            renewed_at = session.get(self.RENEWED_AT, 0)
            now = int(time.time())
            # Loading may have found the session gone (session_key is None then): no new one.
            alive = session.session_key is not None
            if alive and now - renewed_at >= settings.OZA_SESSION_RENEW_SECONDS:
                session[self.RENEWED_AT] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and is_covered(user)
            and not user.is_verified()
            and not self._exempt(request.path)
        ):
            # Remembered for this request: the banner (context processor) asks the same.
            request.oza_has_second_factor = has_second_factor(user)
            if request.oza_has_second_factor:
                return self._to("accounts:two_factor_verify", request)
            if settings.OZA_REQUIRE_2FA:
                return self._to("accounts:two_factor_setup", request)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = (
            reverse("accounts:two_factor_verify"),
            reverse("accounts:two_factor_setup"),
            reverse("logout"),
            reverse("healthz"),
            "/i18n/",
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(exempt)

    @staticmethod
    def _to(name: str, request):
        if request.method == "GET":
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return redirect(name)
