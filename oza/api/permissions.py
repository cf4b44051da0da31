"""The API is for professionals and integrations; a token may do only what its scopes say."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiToken


def required_scope(view, request) -> str | None:
    resource = getattr(view, "scope_resource", None)
    if resource is None:
        return None
    mode = "read" if request.method in SAFE_METHODS else "write"
    return f"{resource}:{mode}"


class ProfessionalWithScope(BasePermission):
    """A logged-in professional (parents and jeugdigen use the portal, never the API); with a
    token, the scope for the view's resource and method."""

    message = _("De API is alleen voor professionals en koppelingen.")

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not user.is_professional:
            self.message = _("De API is alleen voor professionals en koppelingen.")
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        scope = required_scope(view, request)
        if token is not None and scope is not None and not token.has_scope(scope):
            self.message = _("Deze API-sleutel heeft niet het recht %(scope)s.") % {"scope": scope}
            return False
        return True
