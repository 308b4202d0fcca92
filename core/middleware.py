from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Use the interface language the visitor chose, Finnish otherwise.

    Django's LocaleMiddleware would also follow the browser's Accept-Language,
    which turns the interface English for most visitors of a Finnish municipal
    site; here only an explicit choice (the language form's cookie) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Cookie"]))
        return response
