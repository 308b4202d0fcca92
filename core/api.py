"""Conventions every router of the collaboration API (/api/) follows; see docs/api.md.

Errors are JSON: {"code": ..., "message": {"fi": ..., "en": ...}, "fields": {...}}.
Lists are paginated with stable ordering and carry `next`/`previous` links.
Every record is one municipality's: a router of such records is a MunicipalityRouter and
its operations read and write only `api_site(request)`'s records.
"""

import re
from datetime import datetime
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import PaginationBase
from ninja.security import SessionAuth
from pydantic import BeforeValidator
from wagtail.api.v3.auth import BearerTokenAuth

from core.errors import Refused
from core.links import request_url, site_of
from core.models import ModerationState, ReportReason
from core.municipalities import municipality_by_code
from core.text import TEXT_MAX_LENGTH, TEXT_PATTERN, normalize_line_breaks, render_plain_text
from core.views import public_name

MAX_PAGE_SIZE = 100

_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", re.IGNORECASE)


def _date_and_time(value):
    """Only an ISO 8601 date and time: pydantic alone also takes numbers such as 0.5."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE_TIME.fullmatch(value):
        return value
    raise ValueError("Use a date and time such as 2026-12-01T18:00:00+02:00.")


# A date and time given in a query parameter; without an offset it is the site's time.
DateTime = Annotated[datetime, BeforeValidator(_date_and_time)]


def sends_bearer_token(request):
    scheme, _space, _token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer"


class BearerToken(BearerTokenAuth):
    """A personal API token (Authorization: Bearer …), made on the participant's profile."""


class SessionCookie(SessionAuth):
    """The site's own session, with its CSRF token on writes.

    A request that sends a bearer token is judged by that token alone: a revoked or
    forged token is a 401, never a CSRF failure, and a session cookie sent beside it
    cannot stand in for it. A request without the session cookie has no session to
    forge, so it is not judged here either: an anonymous write a rule allows (registering
    for a meeting) needs no CSRF token, and a write that needs a person answers 401.
    """

    def __call__(self, request):
        if sends_bearer_token(request) or self.param_name not in request.COOKIES:
            return None
        return super().__call__(request)


class Anonymous:
    """Last in a read's list: nobody signed in is fine too.

    It has no security scheme of its own; the schema shows it as the empty requirement
    `{}`, which is how OpenAPI says authentication is optional.
    """

    def __call__(self, request):
        request.user = AnonymousUser()
        return request.user


class AnonymousWithoutToken(Anonymous):
    """Last in the list of a write anyone may make: nobody signed in is fine, but a request
    that sends a bearer token is judged by it alone (a bad one is a 401, as on every write)."""

    def __call__(self, request):
        if sends_bearer_token(request):
            return None
        return super().__call__(request)


# Writes need a personal token or the session; reads add the person's own state when
# either is sent, and answer anyone otherwise. The few writes anyone may make (registering
# for a meeting, as on its page) take a token or the session when one is sent.
SIGNED_IN = [BearerToken(), SessionCookie()]
OPTIONALLY_SIGNED_IN = [*SIGNED_IN, Anonymous()]
ANYONE_MAY_WRITE = [*SIGNED_IN, AnonymousWithoutToken()]


MUNICIPALITY_PARAMETER = "municipality"


class _Schema(OpenAPISchema):
    def operation_parameters(self, operation):
        parameters = super().operation_parameters(operation)
        if getattr(operation.view_func, "_yhdessa_one_municipality", False):
            parameters.append(
                {
                    "in": "query",
                    "name": MUNICIPALITY_PARAMETER,
                    "required": False,
                    "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                    "description": (
                        "The municipality's code (GET /api/municipalities/), for a client "
                        "that reads several municipalities through one address. Without it "
                        "the answer is the municipality whose address was asked. An "
                        "unknown code is a 404 with the code unknown_municipality."
                    ),
                }
            )
        return parameters

    def operation_security(self, operation):
        security = super().operation_security(operation)
        if security and any(isinstance(auth, Anonymous) for auth in operation.auth_callbacks):
            security.append({})
        return security


class CollaborationAPI(NinjaAPI):
    """NinjaAPI whose schema declares optional authentication as optional."""

    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        if getattr(request, "_yhdessa_other_site", False):
            # Another municipality's records asked through this address: a change purges
            # that municipality's address, not this one, so no shared cache may keep the
            # answer; a client revalidates it with its ETag (config.urls).
            patch_cache_control(response, no_cache=True)
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _Schema(api=self, path_prefix=path_prefix)


class Message(Schema):
    fi: str
    en: str


class Error(Schema):
    code: str = Field(description="Stable, machine-readable reason, e.g. wall_closed.")
    message: Message
    fields: dict[str, list[Message]] | None = None


class MunicipalityRouter(Router):
    """A router of one municipality's records: each operation takes `?municipality=<code>`
    (declared in the schema with a 404 for an unknown code) and reads and writes only
    the records of `api_site(request)`."""

    def add_api_operation(self, path, methods, view_func, *, response=None, **kwargs):
        view_func._yhdessa_one_municipality = True
        if isinstance(response, dict) and 404 not in response:
            response = {**response, 404: Error}
        return super().add_api_operation(path, methods, view_func, response=response, **kwargs)


class UnknownMunicipality(Refused):
    status = 404


def api_site(request):
    """The municipality an API request is about: the one `?municipality=<code>` names, else
    the Site of the address asked (as pages are chosen). Worked out once per request.

    A shared API host serves every municipality; the code lets a regional portal ask each
    one in turn. An unknown code is refused (404, unknown_municipality) rather than
    quietly answered with the host's own records, which would look like that municipality's.
    """
    if not hasattr(request, "_yhdessa_api_site"):
        if MUNICIPALITY_PARAMETER in request.GET:
            # Given empty is given too: an unknown code, not "the address's own".
            site = municipality_by_code(request.GET[MUNICIPALITY_PARAMETER])
            if site is None:
                raise UnknownMunicipality(
                    "unknown_municipality",
                    _("There is no municipality with this code. See /api/municipalities/."),
                )
            request._yhdessa_other_site = site != site_of(request)
        else:
            site = site_of(request)
            if site is None:  # an install without a single Site has nothing to give
                raise Http404
        request._yhdessa_api_site = site
    return request._yhdessa_api_site


def both_languages(message):
    """A lazily translated message in Finnish and in English."""
    texts = {}
    for language in ("fi", "en"):
        with translation.override(language):
            texts[language] = str(message)
    return texts


def error_body(code, message, fields=None):
    body = {"code": code, "message": both_languages(message)}
    if fields:
        body["fields"] = {
            name: [both_languages(text) for text in texts] for name, texts in fields.items()
        }
    return body


def _validation_fields(error):
    errors = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
    return {name: [e.message % (e.params or {}) for e in errs] for name, errs in errors.items()}


def _body_field_message(error):
    context = error.get("ctx") or {}
    if error.get("type") == "string_too_long":
        return _("Use at most %(limit)s characters."), {"limit": context.get("max_length")}
    if error.get("type") == "string_too_short":
        return _("This field cannot be blank."), {}
    return _("The request is not valid."), {}


def _body_fields(errors):
    """A JSON body's field errors in the shape the services' errors have, in both languages."""
    fields = {}
    for error in errors:
        location = error.get("loc", ())
        if len(location) < 3 or location[0] != "body":
            continue
        message, params = _body_field_message(error)
        texts = {language: text % params for language, text in both_languages(message).items()}
        fields.setdefault(str(location[2]), []).append(texts)
    return fields


def install_error_handlers(api):
    """Every refusal the services raise becomes the same JSON shape, whatever the router."""

    def respond(request, status, body):
        return api.create_response(request, body, status=status)

    @api.exception_handler(Refused)
    def refused(request, error):
        return respond(request, error.status, error_body(error.code, error.message))

    @api.exception_handler(ValidationError)
    def invalid(request, error):
        fields = _validation_fields(error)
        return respond(request, 422, error_body("invalid", _("Check the fields."), fields))

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, error):
        body = error_body("invalid_request", _("The request is not valid."))
        fields = _body_fields(error.errors)
        if fields:
            body["fields"] = fields
        body["detail"] = error.errors
        return respond(request, 422, body)

    @api.exception_handler(Http404)
    def not_found(request, error):
        return respond(request, 404, error_body("not_found", _("Not found.")))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, error):
        return respond(request, 403, error_body("forbidden", _("You may not do that.")))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, error):
        if sends_bearer_token(request):
            message = _("The personal API token is not valid: it was revoked or mistyped.")
            return respond(request, 401, error_body("invalid_token", message))
        body = error_body("not_signed_in", _("Sign in, or send a personal API token."))
        return respond(request, 401, body)

    @api.exception_handler(HttpError)
    def http_error(request, error):
        if error.status_code == 403 and "CSRF" in str(error):
            message = _("The form expired or came from elsewhere. Send the CSRF token.")
            return respond(request, 403, error_body("csrf_failed", message))
        return respond(request, error.status_code, error_body("http_error", str(error)))


class Paginated(PaginationBase):
    """Page-number pagination with links; the queryset must have a total ordering."""

    class Input(Schema):
        page: int = Field(1, ge=1)
        page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        page: int
        page_size: int
        next: str | None = None
        previous: str | None = None
        items: list[Any]

    def paginate_queryset(self, queryset, pagination, request, **params):
        if hasattr(queryset, "ordered") and not queryset.ordered:
            raise ValueError("Paginated lists need a stable ordering.")
        size, number = pagination.page_size, pagination.page
        count = queryset.count() if hasattr(queryset, "count") else len(queryset)
        offset = (number - 1) * size
        return {
            "count": count,
            "page": number,
            "page_size": size,
            "next": _page_link(request, number + 1) if offset + size < count else None,
            "previous": _page_link(request, number - 1) if number > 1 else None,
            # Past the end there is nothing to fetch; a huge offset would overflow the database.
            "items": list(queryset[offset : offset + size]) if offset < count else [],
        }


def _page_link(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request_url(request, f"{request.path}?{query.urlencode()}")


# What a person may write, declared from core.text's rules. The models' validators enforce
# the rules (the services call full_clean), so a refusal names the field in Finnish and
# English. Line breaks are kept; "\r\n" and "\r" become "\n" as in the site's forms.
Text = Annotated[
    str,
    BeforeValidator(normalize_line_breaks),
    Field(
        description="Plain text; line breaks and tabs, no other control characters.",
        json_schema_extra={"pattern": TEXT_PATTERN},
    ),
]
Body = Annotated[Text, Field(min_length=1, max_length=TEXT_MAX_LENGTH)]


class CommentIn(Schema):
    """A comment or a reply, in every app's API (an app adds what it is on)."""

    body: Body
    parent_id: int | None = Field(None, description="Reply to this comment.")


class ReplyOut(Schema):
    """A comment as every app's API gives it (core.models.ThreadedComment); an app's schema
    adds its own fields. A placeholder (core.comments.comment_threads) has no author and no
    text."""

    id: int
    parent_id: int | None
    author: str = Field(description="Display name; never an e-mail address.")
    body: str
    body_html: str
    created_at: datetime
    moderation_state: ModerationState

    @staticmethod
    def resolve_author(comment):
        return "" if comment.is_placeholder else str(public_name(comment.author))

    @staticmethod
    def resolve_body_html(comment):
        return "" if comment.is_placeholder else render_plain_text(comment.body)

    @staticmethod
    def resolve_moderation_state(comment):
        return comment.state


class ThreadOut(Schema):
    """What a top-level comment adds to its reply schema: its replies, and whether it is a
    placeholder. Listed before the reply schema, with `replies: list[<that schema>]`."""

    placeholder: bool = Field(
        description=(
            "A hidden comment kept only so its replies keep their place: "
            "no author, no text, and it cannot be replied to or reported."
        )
    )

    @staticmethod
    def resolve_placeholder(comment):
        return comment.is_placeholder

    @staticmethod
    def resolve_replies(comment):
        return getattr(comment, "reply_list", [])


class ReportIn(Schema):
    reason: ReportReason


class ReportOut(Schema):
    reported: bool
