"""The register's part of a person's data: their requests to represent associations, the
reports and the removal requests they sent signed in. Registered with accounts.personal_data
from AssociationsConfig.ready()."""

from django.utils.translation import ngettext

from accounts import personal_data
from associations import removals
from associations.models import ReportState, Representation
from associations.reports import reports_of
from core.municipalities import MunicipalityNames


def export_associations(user):
    municipality = MunicipalityNames()
    return {
        "representations": [
            {
                "municipality": municipality.of_site(row.association.site_id),
                "association": row.association.name,
                "state": row.state,
                "requested_at": row.requested_at,
                "decided_at": row.decided_at,
                "shown_with_writing": row.shown_with_writing,
            }
            for row in Representation.objects.filter(user=user)
            .select_related("association")
            .order_by("requested_at", "pk")
        ],
        "association_reports": [
            {
                "municipality": municipality.of_site(report.site_id),
                "association": str(report.association or ""),
                "reported_details": report.data,
                "submitter_name": report.submitter_name,
                "submitter_email": report.submitter_email,
                "state": report.state,
                "created_at": report.created_at,
                "email_confirmed_at": report.email_confirmed_at,
                "reviewed_at": report.reviewed_at,
                "rejection_reason": report.rejection_reason,
            }
            for report in reports_of(user).select_related("association")
        ],
    }


def erase_associations(user, remove_content):
    # Whom a person represented is about them alone: gone either way. Undecided reports are
    # the person's proposal and go too; decided ones lose their reporter, and the register's
    # history keeps what was accepted.
    Representation.objects.filter(user=user).delete()
    undecided = [ReportState.UNCONFIRMED, ReportState.PENDING]
    reports_of(user).filter(state__in=undecided).delete()
    reports_of(user).update(submitter_name="", submitter_email="", submitted_by=None)


def summarise_associations(user):
    representations = Representation.objects.filter(user=user).count()
    reports = reports_of(user).count()
    return [
        ngettext(
            "%(count)d request to represent an association",
            "%(count)d requests to represent associations",
            representations,
        )
        % {"count": representations},
        ngettext(
            "%(count)d report of an association's details",
            "%(count)d reports of associations' details",
            reports,
        )
        % {"count": reports},
    ]


personal_data.register(
    "associations",
    export=export_associations,
    erase=erase_associations,
    summary=summarise_associations,
)
# Removal requests made signed in are the requester's data (anonymous ones have no
# account to export from).
personal_data.register(
    "association_removal_requests",
    export=removals.export_removal_requests,
    erase=removals.erase_removal_requests,
)
