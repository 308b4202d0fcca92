"""The page the yearly confirmation e-mail's link opens (associations.confirmation).

It shows the full record to the holder of the link, so it is never cached and sends no
referrer to other sites (the address is the key). "same-origin", not "no-referrer": with
no referrer at all Chromium posts the button with `Origin: null`, which Django's CSRF
check refuses, so the contact person could never confirm. One POST button confirms the
details as they are.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from associations import confirmation
from associations.models import PUBLISHABLE_FIELDS, Association
from core.links import site_of

TEMPLATE = "associations/confirmation.html"


def record_rows(association):
    """(label, value, published?) of every field of the record, in the directory's order."""
    rows = []
    for name in PUBLISHABLE_FIELDS:
        field = Association._meta.get_field(name)
        rows.append(
            (
                field.verbose_name,
                getattr(association, name),
                name,
                name in association.published_fields,
            )
        )
    return rows


def _answer(request, context, status=200):
    response = TemplateResponse(request, TEMPLATE, context, status=status)
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
def confirm(request, token):
    try:
        association = confirmation.association_from_token(token, site_of(request))
    except confirmation.LinkRefused as error:
        return _answer(request, {"problem": error.message}, status=error.status)
    if request.method == "POST" and "confirm" in request.POST:
        if confirmation.confirmed_since_link(association, token) is not None:
            return redirect(request.path)  # a used link: the page says it is done already
        confirmation.confirm_details(association)
        return redirect(request.path + "?vahvistettu=1")
    confirmed_at = confirmation.confirmed_since_link(association, token)
    context = {
        "association": association,
        "token": token,
        # The thanks only after this link's confirmation; the address alone confirms nothing.
        "just_confirmed": "vahvistettu" in request.GET and confirmed_at is not None,
        "confirmed_at": confirmed_at,
        "rows": record_rows(association),
        "fields_of_activity": association.fields_of_activity.all(),
    }
    return _answer(request, context)
