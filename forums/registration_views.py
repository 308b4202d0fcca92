"""The registration pages of a meeting: the form, and the page the e-mailed link opens.

Both work without JavaScript and without signing in; the rules are forums.registrations'.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from core.errors import Refused
from core.forms import add_service_errors
from forums import registrations
from forums.forms import RegistrationForm

FORM_TEMPLATE = "forums/registration_form.html"
LINK_TEMPLATE = "forums/registration_link.html"


def registration_form(request, meeting):
    status = registrations.registration_status(meeting)
    problem, code = None, 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, meeting=meeting, user=request.user)
        if form.filled_by_bot():
            # Silently: a bot learns nothing, and nothing is stored or counted.
            return redirect(meeting.get_url(request))
        if status["refusal"] is not None:
            problem, code = str(status["refusal"].message), status["refusal"].status
        elif form.is_valid():
            try:
                registration = registrations.register_for_meeting(
                    request, meeting, **form.registration_fields()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except Refused as error:
                problem, code = str(error.message), error.status
            else:
                link = registrations.registration_link_path(registration)
                return redirect(meeting.get_url(request) + link + "?uusi=1")
        if code == 200:
            code = 400
    else:
        form = RegistrationForm(meeting=meeting, user=request.user)
        if status["refusal"] is not None:
            problem = str(status["refusal"].message)
    context = {
        "page": meeting,
        "self": meeting,
        "form": form if status["refusal"] is None else None,
        "problem": problem,
        "status": status,
    }
    return TemplateResponse(request, FORM_TEMPLATE, context, status=code)


@never_cache
def registration_link(request, meeting, token):
    """The e-mailed link: where the registration stands, and a button to cancel it.

    One person's registration: never kept by a cache, whatever state it is in."""
    problem, code = None, 200
    try:
        registration = registrations.registration_from_token(token, meeting)
    except Refused as error:
        context = {"page": meeting, "self": meeting, "problem": str(error.message)}
        return TemplateResponse(request, LINK_TEMPLATE, context, status=400)
    if request.method == "POST" and request.POST.get("cancel"):
        try:
            registrations.cancel_registration(registration)
        except Refused as error:
            problem, code = str(error.message), 409
        else:
            return redirect(request.path + "?peruttu=1")
    context = {
        "page": meeting,
        "self": meeting,
        "registration": registration,
        "position": registrations.waiting_position(registration),
        "just_registered": "uusi" in request.GET,
        "just_cancelled": "peruttu" in request.GET,
        "problem": problem,
    }
    return TemplateResponse(request, LINK_TEMPLATE, context, status=code)
