"""Who calls the API: a browser session (with CSRF) or an integration's token."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .services import api_token_lookup, api_token_used


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer oza_<prefix>_<secret>`` (``Token`` is accepted too). The request
    runs as the token's service user; ``request.auth`` is the token, whose scopes the
    permission checks."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Ongeldige Authorization-header: geef 'Bearer' gevolgd door de API-sleutel.")
            )
        try:
            plain = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Onbekende API-sleutel.")) from None
        token = api_token_lookup(plain)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Onbekende API-sleutel."))
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel is ingetrokken."))
        if not token.service_user.is_active:
            raise exceptions.AuthenticationFailed(
                _("De servicegebruiker van deze API-sleutel is niet actief.")
            )
        api_token_used(token)
        return token.service_user, token

    def authenticate_header(self, request):
        # Makes an unauthenticated request a 401 with WWW-Authenticate, not a 403.
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "API-sleutel van een koppeling: oza_<voorvoegsel>_<geheim>.",
        }
