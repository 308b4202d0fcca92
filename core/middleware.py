import logging
import sqlite3

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.api import error_body

logger = logging.getLogger(__name__)


class UrlLanguageMiddleware:
    """The interface speaks the address's language: /sv/… Swedish, /en/… English, else Finnish.

    Django's LocaleMiddleware would, for addresses without a prefix (the Finnish pages, the
    admin, the APIs), also consult the language cookie and Accept-Language and mark every
    such answer `Vary: Accept-Language`; a Swedish browser at / would then get Swedish from
    a Finnish address, and caches would keep one copy per browser language. Here the address
    alone decides, so / is Finnish for everyone and each address is one cacheable answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: the next one on this thread starts from its own address.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Seconds a client is asked to wait: about what a PostgreSQL restart or a long
# SQLite write takes.
DATABASE_RETRY_AFTER = 30
# SQLite's result codes that mean "not now" (locked, busy, the file unreachable), as
# opposed to a query it cannot run, which stays a 500 so the bug is seen.
SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CANTOPEN,
}


def database_unavailable(error):
    """True when the error says the database cannot serve right now, not that a query is wrong.

    On PostgreSQL an OperationalError is the server or the connection failing or the
    server giving up on the work (a restart, a refused or dropped connection, a deadlock,
    a timeout), where trying again is the right advice; a wrong query is a
    ProgrammingError or DataError. SQLite raises OperationalError for both, so its result
    code decides.
    """
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        return (cause.sqlite_errorcode & 0xFF) in SQLITE_UNAVAILABLE
    return True


# What a cache server (Redis) that cannot be reached raises: the connection refused or
# dropped, or no answer in time.
CACHE_UNAVAILABLE = (OSError, RedisConnectionError, RedisTimeoutError)


def service_unavailable(error):
    """The database or the cache cannot serve right now (see database_unavailable).

    Middleware that only saves work (the page cache, the Site kept in the cache) steps aside
    on such an error and lets the request go on; the view then meets the database's error
    and gets its 503 here, or is served without the cache."""
    return database_unavailable(error) or isinstance(error, CACHE_UNAVAILABLE)


class DatabaseUnavailableMiddleware:
    """While the database restarts, answer 503 with Retry-After instead of a 500.

    Clients (browsers, the city's other systems, Varnish) then know to try again.
    Pages get templates/503.html, which never touches the database; /api/ paths get the
    collaboration API's error JSON. Near the top of MIDDLEWARE, so that it sees a view's
    exception last, after the middleware below it (allauth's) has handled its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        logger.warning("Database unavailable, answering 503: %s", exception)
        message = _("The service is briefly unavailable. Please try again in a moment.")
        if request.path.startswith("/api/"):
            response = JsonResponse(error_body("database_unavailable", message), status=503)
        else:
            page = render_to_string("503.html", {"message": message})
            response = HttpResponse(page, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        patch_cache_control(response, no_store=True)
        return response
