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
