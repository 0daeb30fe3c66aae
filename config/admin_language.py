"""The admin speaks the curator's language: the site's language cookie, else the browser's preference.

Addresses outside /ru/ are English (LocaleMiddleware with prefix_default_language=False), but
the admin has no /ru/ twin; it follows the person instead. Nothing under /admin/ is cached.
"""

from django.utils import translation


class AdminLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
