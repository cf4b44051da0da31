from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Dutch unless the user chose another language with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the product is
    Dutch, and an English-configured browser must not turn dates and labels half English."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Scoped to this request: the thread goes back to its own language afterwards.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Turns off browser features no page uses (``OZA_PERMISSIONS_POLICY``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.OZA_PERMISSIONS_POLICY)
        return response
