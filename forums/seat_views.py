"""The nomination page of a forum: a representative names the association's member and
deputy, and sees (and may withdraw) its open nominations. Works without JavaScript; the
rules are forums.seats'."""

import contextlib

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from core.errors import Refused
from core.forms import add_service_errors
from forums import seats
from forums.forms import NominationForm
from forums.models import council_term

TEMPLATE = "forums/nomination_page.html"


def nomination_page(request, forum):
    user = request.user
    associations = seats.nominating_associations(user)
    default_term = council_term()
    problem, code, form = None, 200, None
    if request.method == "POST" and "withdraw" in request.POST:
        return _withdraw(request, forum)
    if user.is_authenticated and associations:
        if request.method == "POST":
            form = NominationForm(
                request.POST, associations=associations, default_term=default_term
            )
            if form.filled_by_bot():
                # Silently: a bot learns nothing, and nothing is stored or counted.
                return redirect(forum.get_url(request))
            if form.is_valid():
                try:
                    seats.nominate_forum_members(
                        user,
                        forum,
                        form.cleaned_data["association"],
                        request=request,
                        **form.nomination_fields(),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                except Refused as error:
                    problem, code = str(error.message), error.status
                else:
                    return redirect(request.path + "?nimetty=1")
            if code == 200:
                code = 400
        else:
            form = NominationForm(associations=associations, default_term=default_term)
    context = {
        "page": forum,
        "self": forum,
        "form": form,
        "problem": problem,
        "default_term": seats.term_label(*default_term),
        "open_nominations": seats.open_nominations(user, forum) if form else [],
        "just_nominated": "nimetty" in request.GET,
        "just_withdrawn": "peruttu" in request.GET,
    }
    return TemplateResponse(request, TEMPLATE, context, status=code)


def _withdraw(request, forum):
    seat = seats.open_nominations(request.user, forum).filter(
        pk=_as_id(request.POST.get("withdraw"))
    )
    seat = seat.first()
    if seat is not None:
        # Withdrawn meanwhile in another tab: the page shows how it stands.
        with contextlib.suppress(Refused):
            seats.withdraw(seat, request.user)
    return redirect(request.path + "?peruttu=1")


def _as_id(value):
    """A posted id, or None for anything no database column holds."""
    return int(value) if value and value.isdigit() and int(value) < 2**31 else None
