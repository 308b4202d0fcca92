"""Reports of an association's details: submitted on the public form, confirmed by e-mail,
reviewed by staff.

A report proposes values of RECORD_FIELDS (in Association.record_values()'s form) for a
new association or for one already in the register of the same municipality. For an
update only the proposed fields are in the report: a stranger who leaves an unpublished
field blank proposes no change to it (they never saw its value). The submitter confirms
with the one e-mailed link before staff see the report; staff accept it (the register
then changes through associations.register, which keeps the history), accept it with
their own edits, or reject it with a reason. The submitter hears the outcome by e-mail.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from associations.models import (
    PUBLISHABLE_FIELDS,
    RECORD_FIELDS,
    AssociationReport,
    ChangeSource,
    ReportState,
)
from associations.register import change_association, changed_fields, create_association
from associations.representatives import can_update_association
from core.errors import Refused
from core.links import absolute_url, site_of
from core.mail import queue_from_template
from core.ratelimit import enforce_rate_limit

# The confirmation link is signed with a salt of its own, so no other signed value of the
# site opens it; the signature's timestamp makes it expire.
CONFIRM_SALT = "yhdessa.associations.report-confirmation"


def can_review_association_reports(user):
    """Seeing the reports in the admin, accepting and rejecting them: staff with the
    permission (Wagtail's Editors group, by migration)."""
    return (
        user.is_active and user.is_staff and user.has_perm("associations.change_associationreport")
    )


def _same_values(first, second):
    return first.keys() == second.keys() and not changed_fields(first, second)


class RepeatedReport(Refused):
    status = 409


def _require_not_repeated(site, association, values, email, now):
    window = timedelta(seconds=settings.YHDESSA_ASSOCIATION_REPORT_REPEAT_SECONDS)
    recent = AssociationReport.objects.filter(
        site=site,
        association=association,
        submitter_email__iexact=email,
        created_at__gte=now - window,
    )
    if any(_same_values(report.data, values) for report in recent):
        raise RepeatedReport(
            "repeated_report",
            _(
                "You sent these same details a moment ago. Check your e-mail for the "
                "confirmation link; there is no need to send the report again."
            ),
        )


def proposed_values(cleaned, association=None, *, full_record=True):
    """The RECORD_FIELDS values a report form proposes.

    `full_record` is False for a stranger updating an association: the unpublished fields
    were shown to them blank, so a blank one proposes no change.
    """
    values = {name: cleaned[name] for name in RECORD_FIELDS if name in cleaned}
    if association is not None and not full_record:
        published = set(association.published_fields)
        values = {
            name: value
            for name, value in values.items()
            if value or name not in PUBLISHABLE_FIELDS or name in published
        }
    return values


def changes_to_record(association, changes):
    """A representative's changes to the record, checked by the report form's own fields
    (the API sends only what changes): the proposed values, or ValidationError."""
    from associations.forms import AssociationDetailsForm

    data = {**association.record_values(), **changes}
    form = AssociationDetailsForm(data={name: value for name, value in data.items() if value})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return proposed_values(form.cleaned_data, association)


def report_by_representative(request, association, changes):
    """A confirmed representative reports changes through the API: the same report, with
    the same e-mail confirmation and staff review, as the public form's."""
    if not can_update_association(request.user, association):
        raise Refused("not_representative", _("You do not represent this association."))
    return submit_report(
        request,
        changes_to_record(association, changes),
        submitter_name=str(request.user.public_name),
        submitter_email=request.user.email,
        association=association,
    )


@transaction.atomic
def submit_report(request, values, *, submitter_name, submitter_email, association=None):
    """Store an unconfirmed report and e-mail its confirmation link to the submitter."""
    enforce_rate_limit(request, "association_report")
    site = site_of(request)
    if association is not None and association.site_id != site.pk:
        raise Refused(
            "other_municipality", _("This association is in the register of another municipality.")
        )
    now = timezone.now()
    _require_not_repeated(site, association, values, submitter_email, now)
    report = AssociationReport.objects.create(
        site=site,
        association=association,
        data=values,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        submitted_by=request.user if request.user.is_authenticated else None,
        created_at=now,
    )
    transaction.on_commit(lambda: _queue_confirmation(report.pk))
    return report


def confirmation_token(report):
    return signing.dumps({"report": report.pk}, salt=CONFIRM_SALT)


def confirmation_path(report):
    # The link is in the e-mail, written in the site's language: its address is too.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("association_report_confirm", args=[confirmation_token(report)])


class LinkExpired(Refused):
    """The link is older than YHDESSA_ASSOCIATION_REPORT_LINK_DAYS; `report` is the one it
    named (or None), so the page can offer the same form again."""

    status = 410

    def __init__(self, report):
        super().__init__(
            "link_expired",
            _(
                "This confirmation link has expired: it works for %(days)d days. Send the "
                "details again and confirm them with the new link."
            )
            % {"days": settings.YHDESSA_ASSOCIATION_REPORT_LINK_DAYS},
        )
        self.report = report


def _invalid_link():
    return Refused(
        "invalid_link",
        _("This confirmation link is not valid. Copy the whole address from the e-mail."),
    )


def report_from_token(token):
    """The report a confirmation link names; LinkExpired or Refused when it cannot be used."""
    max_age = timedelta(days=settings.YHDESSA_ASSOCIATION_REPORT_LINK_DAYS)
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired:
        payload = signing.loads(token, salt=CONFIRM_SALT)
        raise LinkExpired(_report(payload)) from None
    except signing.BadSignature:
        raise _invalid_link() from None
    report = _report(payload)
    if report is None:
        raise _invalid_link()
    return report


def _report(payload):
    try:
        pk = int(payload["report"])
    except (KeyError, TypeError, ValueError):
        return None
    return AssociationReport.objects.select_related("association", "site").filter(pk=pk).first()


class AlreadyConfirmed(Refused):
    status = 200

    def __init__(self):
        super().__init__(
            "already_confirmed",
            _("This report is already confirmed. Staff will review it and tell you by e-mail."),
        )


@transaction.atomic
def confirm_report(report):
    """The submitter's click on the link: the report goes to staff's queue."""
    report = AssociationReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.UNCONFIRMED:
        raise AlreadyConfirmed()
    report.state = ReportState.PENDING
    report.email_confirmed_at = timezone.now()
    report.save(update_fields=["state", "email_confirmed_at"])
    return report


def _require_pending(report):
    if report.state != ReportState.PENDING:
        raise Refused(
            "not_pending",
            _("This report is not waiting for review (it is unconfirmed or already decided)."),
        )


@transaction.atomic
def accept_report(report, by, edits=None):
    """Put the report's values (or staff's `edits` of them) in the register.

    A ValidationError from the register (a name or number another association already
    has) leaves everything as it was, for staff to edit and try again.
    """
    report = AssociationReport.objects.select_for_update().get(pk=report.pk)
    _require_pending(report)
    values = report.data if edits is None else edits
    if report.association is None:
        report.association = create_association(
            report.site, values, by=by, source=ChangeSource.REPORT, report=report
        )
    else:
        change_association(
            report.association,
            values,
            by=by,
            source=ChangeSource.REPORT,
            report=report,
            confirms=True,
        )
    _decide(report, by, ReportState.ACCEPTED)
    return report


@transaction.atomic
def reject_report(report, by, reason):
    """Turn the report down; the reason goes to the submitter."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Write the reason for rejecting: it is sent to the reporter.")}
        )
    report = AssociationReport.objects.select_for_update().get(pk=report.pk)
    _require_pending(report)
    report.rejection_reason = reason
    _decide(report, by, ReportState.REJECTED)
    return report


def _decide(report, by, state):
    report.state = state
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.save()
    transaction.on_commit(lambda: _queue_outcome(report.pk))


def _queue_confirmation(pk):
    report = AssociationReport.objects.select_related("site", "association").get(pk=pk)
    queue_from_template(
        [report.submitter_email],
        "associations/email/report_confirm",
        {
            "report": report,
            "name": report.data.get("name") or report.association,
            "link": absolute_url(report.site, confirmation_path(report)),
            "days": settings.YHDESSA_ASSOCIATION_REPORT_LINK_DAYS,
        },
    )


def _queue_outcome(pk):
    report = AssociationReport.objects.select_related("site", "association").get(pk=pk)
    queue_from_template(
        [report.submitter_email],
        f"associations/email/report_{report.state}",
        {"report": report, "name": report.association or report.data.get("name")},
    )


def reports_of(user):
    """The reports a person sent signed in (their personal data)."""
    return AssociationReport.objects.filter(submitted_by=user).order_by("created_at", "pk")
