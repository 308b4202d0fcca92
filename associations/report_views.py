"""The public pages of reporting an association's details: the form, "check your e-mail",
and the page the e-mailed link opens. No account and no JavaScript needed; the rules are
associations.reports'."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from associations import reports
from associations.forms import AssociationReportForm
from associations.models import Association
from associations.representatives import can_update_association, represented_associations
from core.errors import Refused
from core.forms import add_service_errors
from core.links import site_of


def _association(request, slug):
    """The record a stranger may update is a published one of this municipality; a
    representative may update theirs whatever the directory shows."""
    on_site = Association.objects.on_site(site_of(request))
    association = on_site.filter(slug=slug).first()
    if association is not None and can_update_association(request.user, association):
        return association, True
    association = on_site.published().filter(slug=slug).first()
    if association is None:
        raise Http404
    return association, False


def report_new(request):
    return _report_form(request, None, full_record=True)


def report_update(request, slug):
    association, full_record = _association(request, slug)
    return _report_form(request, association, full_record=full_record)


def _report_form(request, association, *, full_record):
    problem, status = None, 200
    options = {"association": association, "full_record": full_record, "user": request.user}
    if request.method == "POST":
        form = AssociationReportForm(request.POST, **options)
        if form.filled_by_bot():
            # Silently: a bot learns nothing, and nothing is stored or counted.
            return redirect("association_report_sent")
        if form.is_valid():
            values = reports.proposed_values(
                form.cleaned_data, association, full_record=full_record
            )
            try:
                reports.submit_report(
                    request,
                    values,
                    submitter_name=form.cleaned_data["submitter_name"],
                    submitter_email=form.cleaned_data["submitter_email"],
                    association=association,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except Refused as error:
                problem, status = str(error.message), error.status
            else:
                return redirect("association_report_sent")
        if status == 200:
            status = 400
    else:
        form = AssociationReportForm(**options)
    context = {
        "form": form,
        "association": association,
        "full_record": full_record,
        "problem": problem,
        "represented": (
            represented_associations(request.user).on_site(site_of(request))
            if association is None and request.user.is_authenticated
            else []
        ),
    }
    return TemplateResponse(request, "associations/report_form.html", context, status=status)


def report_sent(request):
    context = {"days": settings.YHDESSA_ASSOCIATION_REPORT_LINK_DAYS}
    return TemplateResponse(request, "associations/report_sent.html", context)


@never_cache
def report_confirm(request, token):
    """GET shows what the link confirms; the button (POST) confirms it, so a program that
    opens links in e-mail (a virus scanner) confirms nothing."""
    context, status = {}, 200
    try:
        report = reports.report_from_token(token)
        if request.method == "POST":
            reports.confirm_report(report)
            return redirect(request.path + "?vahvistettu=1")
        if report.state != reports.ReportState.UNCONFIRMED and "vahvistettu" not in request.GET:
            raise reports.AlreadyConfirmed()
    except reports.LinkExpired as error:
        context = {"problem": str(error.message), "form_url": _form_url(error.report)}
        status = error.status
    except Refused as error:
        context = {"problem": str(error.message)}
        status = error.status if error.status == 200 else 400
    else:
        context = {
            "report": report,
            "name": report.data.get("name") or report.association,
            "confirmed": report.state != reports.ReportState.UNCONFIRMED,
        }
    context["is_error"] = status != 200
    return TemplateResponse(request, "associations/report_confirm.html", context, status=status)


def _form_url(report):
    if report is None or report.association is None:
        return reverse("association_report")
    return reverse("association_report_update", args=[report.association.slug])
