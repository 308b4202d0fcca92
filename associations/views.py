"""A participant's requests to represent an association, and the contact person's answer.

The rules are associations.representatives'; these views read the forms and report back.
The participant's side lives on their profile (associations.profile); the contact person
reaches their page from the e-mailed link, without an account: GET shows the request,
POST decides it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.views import render_profile
from associations import representatives
from associations.forms import RepresentationRequestForm
from associations.models import RepresentationState
from core.errors import Refused
from core.links import site_of
from core.ratelimit import RateLimited, enforce_rate_limit

PROFILE_ANCHOR = "#represented-associations"


def _back_to_profile():
    response = redirect("accounts:profile")
    response["Location"] += PROFILE_ANCHOR
    return response


@never_cache
@login_required
@require_POST
def request_representation(request):
    form = RepresentationRequestForm(request.POST, site=site_of(request))
    status = 400
    if form.is_valid():
        association = form.cleaned_data["association"]
        try:
            enforce_rate_limit(request, "representation")
            representatives.request_representation(request.user, association)
        except RateLimited as error:
            form.add_error(None, error.message)
            status = error.status
        except Refused as error:
            form.add_error("association", error.message)
        else:
            if association.contact_email:
                messages.success(
                    request,
                    _("Your request has been sent to the association's contact person."),
                )
            else:
                messages.success(request, representatives.STAFF_DECIDE_MESSAGE)
            return _back_to_profile()
    # Shown in the profile's section with the choice kept (associations.profile).
    request.representation_form = form
    return render_profile(request, status=status)


def _own_action(request, action, done_message):
    try:
        action(request.user, int(request.POST.get("representation", "")))
    except (Refused, ValueError) as error:
        messages.error(
            request,
            error.message
            if isinstance(error, Refused)
            else _("The request was not found, or it has already ended."),
        )
    else:
        messages.success(request, done_message)
    return _back_to_profile()


@never_cache
@login_required
@require_POST
def end_representation(request):
    return _own_action(
        request, representatives.end_representation, _("You no longer represent the association.")
    )


@never_cache
@login_required
@require_POST
def show_with_writing(request):
    return _own_action(
        request,
        representatives.show_with_writing,
        _("The association shown with your writing has been changed."),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def representation_decision(request, token):
    try:
        representation = representatives.representation_from_token(token)
    except Refused as error:
        return render(
            request,
            "associations/representation_decision.html",
            {"refusal": error.message},
            status=410 if error.code == "link_expired" else 400,
        )
    context = {"representation": representation, "name": representation.user.public_name}
    if request.method == "POST" and representation.state == RepresentationState.REQUESTED:
        decision = request.POST.get("decision")
        if decision in ("confirm", "decline"):
            try:
                representation = representatives.decide_by_contact(
                    representation, decision == "confirm"
                )
            except Refused:
                pass  # decided from another tab or by staff a moment ago: the page says so
            else:
                context["just_decided"] = True
        else:
            context["error"] = _("Choose whether to confirm or decline the request.")
        representation.refresh_from_db(fields=["state"])
        context["representation"] = representation
    return render(request, "associations/representation_decision.html", context)
