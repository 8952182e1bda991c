"""Language: Bahasa Indonesia unless the user chose English with the switch.

Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to
every officer whose browser happens to be set to English. Karya's default is Indonesian; only
the language cookie (set by the switch) changes it. API clients, which choose their
language on purpose, may still ask for English with Accept-Language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class KaryaLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class DatabaseUnavailableMiddleware:
    """A database that does not answer (restarting, unreachable, locked too long) gives the
    user a clean 503 page — or a JSON 503 on the API — instead of a server error.

    Errors in a view or its template arrive in `process_exception`; errors raised before the
    view (the session, the user, the unit's tenancy) reach Django's 500 handler, which
    `karya.core.views.server_error` routes to the same answer. Nothing else is needed to
    recover: Django checks the connection before reusing it (CONN_HEALTH_CHECKS) and opens a
    new one at the next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from karya.core.views import database_unavailable, is_database_outage

        if is_database_outage(exception):
            return database_unavailable(request, exception)
        return None
