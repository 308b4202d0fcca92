"""The participant's own pages: profile, download my data, delete my account.

Signing up and in, e-mail confirmation, codes and password resets are
django-allauth's views with this site's templates (accounts/templates/account/).
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.models import APIToken

from accounts import personal_data, profile_sections
from accounts.forms import ApiTokenForm, DeleteAccountForm, ProfileForm, RevokeTokenForm


def _posted(request):
    """The submitted data, even when empty, so that an empty form still shows its errors."""
    return request.POST if request.method == "POST" else None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(_posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render_profile(request, form)


def render_profile(request, form=None, status=200):
    """The profile page; other apps' sections post to their own views, which show it again
    with their form's errors (their section reads the bound form from the request)."""
    context = {
        "form": form or ProfileForm(instance=request.user),
        "profile_user": request.user,
        "sections": profile_sections.for_request(request),
    }
    return render(request, "accounts/profile.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def export_data(request):
    """GET explains what the file holds; POST hands the signed-in person their own data."""
    if request.method == "GET":
        return render(request, "accounts/export.html")
    response = HttpResponse(
        personal_data.export_json(request.user), content_type="application/json; charset=utf-8"
    )
    filename = f"yhdessa-omat-tiedot-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    if request.user.is_staff:
        # Staff accounts carry the moderation audit trail; administrators remove them.
        return render(request, "accounts/delete_staff.html")
    form = DeleteAccountForm(_posted(request), request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        personal_data.erase_user(user, remove_content=form.remove_content)
        logout(request)
        return redirect("accounts:deleted")
    context = {"form": form, "summary": personal_data.summary(request.user)}
    return render(request, "accounts/delete.html", context)


def account_deleted(request):
    return render(request, "accounts/deleted.html")


def too_many_requests(request, exception=None):
    """allauth's answer when a sign-up, sign-in or code request comes too often."""
    return render(request, "accounts/429.html", status=429)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """Personal API tokens: create one for an app (shown once), revoke what is not needed."""
    form = ApiTokenForm(_posted(request))
    created = None
    if request.method == "POST" and "revoke" in request.POST:
        revoking = RevokeTokenForm(request.POST, user=request.user)
        if revoking.is_valid():
            revoking.cleaned_data["revoke"].revoke()
            messages.success(request, _("The token has been revoked."))
        else:
            messages.error(request, revoking.errors["revoke"][0])
        return redirect("accounts:api_tokens")
    if request.method == "POST" and form.is_valid():
        _token, created = APIToken.create_token(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = APIToken.objects.filter(user=request.user).order_by("revoked_at", "-created")
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "created": created}
    )
