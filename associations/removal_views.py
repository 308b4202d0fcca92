"""The removal request's public pages: the form, "check your e-mail", and the e-mailed link.

They work without an account and without JavaScript; the rules are associations.removals'.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from associations import confirmation, removals
from associations.removal_forms import RemovalRequestForm
from core.errors import Refused
from core.forms import add_service_errors
from core.links import site_of


def _linked_association(request, site):
    """The association a confirmation link names (?vahvistus=…), or None."""
    token = request.POST.get("vahvistus") or request.GET.get("vahvistus")
    if not token:
        return None, ""
    try:
        return confirmation.association_from_token(token, site), token
    except confirmation.LinkRefused:
        return None, ""


@never_cache
def request_removal(request):
    site = site_of(request)
    association, token = _linked_association(request, site)
    problem, status = None, 200
    if request.method == "POST":
        form = RemovalRequestForm(request.POST, site=site, linked_association=association)
        if form.filled_by_bot():
            # Silently: a bot learns nothing, and nothing is stored or counted.
            return redirect(reverse("associations_removal:sent"))
        if form.is_valid():
            try:
                removals.submit_removal_request(request, site, **form.request_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            except Refused as error:
                problem, status = str(error.message), error.status
            else:
                return redirect(reverse("associations_removal:sent"))
        if status == 200:
            status = 400
    else:
        initial = {}
        if association is not None:
            initial = {
                "requester_name": association.contact_name,
                "requester_email": association.contact_email,
            }
        form = RemovalRequestForm(site=site, linked_association=association, initial=initial)
    context = {"form": form, "problem": problem, "association": association, "token": token}
    return TemplateResponse(request, "associations/removal_form.html", context, status=status)


def request_sent(request):
    return TemplateResponse(request, "associations/removal_sent.html", {})


@never_cache
def confirm_removal(request, token):
    try:
        removal = removals.removal_from_token(token, site_of(request))
    except Refused as error:
        context = {"problem": error.message}
        return TemplateResponse(request, "associations/removal_confirm.html", context, status=400)
    just_confirmed = False
    if request.method == "POST" and "confirm" in request.POST:
        just_confirmed = removals.confirm_removal_request(removal)
        removal.refresh_from_db()
    context = {"removal": removal, "just_confirmed": just_confirmed}
    # The site's Referrer-Policy (same-origin) keeps the key in the address from other
    # sites; "no-referrer" would make Chromium post the button with `Origin: null`, which
    # Django's CSRF check refuses (associations.confirmation_views says the same).
    return TemplateResponse(request, "associations/removal_confirm.html", context)
