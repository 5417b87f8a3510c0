"""Request plumbing: the language of each page and the answer to a database outage."""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


class LanguageMiddleware:
    """Bahasa Indonesia unless the user chose otherwise in the menu.

    Django's LocaleMiddleware follows the browser's Accept-Language, and most
    browsers in Indonesian offices are set to English; the product is Indonesian
    first, so only an explicit choice (the language cookie) switches it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class DatabaseUnavailableMiddleware:
    """Answers 503 with a clear page when a view cannot reach the database.

    The connection that failed is closed by Django at the end of the request, so the
    next request reconnects: the app recovers on its own once the server is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from config.views import DATABASE_ERRORS, database_unavailable

        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("database unavailable: %s", exception)
            return database_unavailable(request)
        return None


class NoStoreMiddleware:
    """No copy of a signed-in page or of a download stays in a browser or proxy cache.

    Shared office computers are the norm; the back button after signing out, or a proxy,
    must not show a plan or a TPS list to the next person.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        # A view that set its own caching decided it for a reason (the shipped map
        # boundaries, public geography, are kept a day); everything else is not stored.
        decided = response.has_header("Cache-Control")
        if (signed_in or response.has_header("Content-Disposition")) and not decided:
            add_never_cache_headers(response)
        return response
