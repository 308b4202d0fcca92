"""The register's part of a person's data: their requests to represent associations and the
reports they sent signed in. Registered with accounts.personal_data from
AssociationsConfig.ready()."""

from django.utils.translation import ngettext

from accounts import personal_data
from associations.models import AssociationReport, Representation


def export_associations(user):
    return {
        "representations": [
            {
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
        "reports": [
            {
                "association": str(report),
                "state": report.state,
                "created_at": report.created_at,
                "submitter_name": report.submitter_name,
                "submitter_email": report.submitter_email,
                "data": report.data,
            }
            for report in AssociationReport.objects.filter(submitted_by=user).order_by(
                "created_at", "pk"
            )
        ],
    }


def erase_associations(user, remove_content):
    # Whom a person represented is about them alone: gone either way. The reports' details
    # are the associations' (the register's history refers to them) and stay.
    Representation.objects.filter(user=user).delete()


def summarise_associations(user):
    count = Representation.objects.filter(user=user).count()
    return [
        ngettext(
            "%(count)d request to represent an association",
            "%(count)d requests to represent associations",
            count,
        )
        % {"count": count}
    ]


personal_data.register(
    "associations",
    export=export_associations,
    erase=erase_associations,
    summary=summarise_associations,
)
