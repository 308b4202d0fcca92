"""The associations' part of a person's data: the reports and removal requests they sent signed in.

Registered with accounts.personal_data from AssociationsConfig.ready(). A report names
its reporter (name and e-mail). Erasure removes the reports staff have not decided (they
are the person's proposal, nothing else holds them) and takes the reporter's name and
address off decided ones, whose values the register's history keeps.
"""

from django.utils.translation import ngettext

from accounts import personal_data
from associations import removals
from associations.models import ReportState
from associations.reports import reports_of


def export_associations(user):
    return {
        "association_reports": [
            {
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
        ]
    }


def erase_associations(user, *, remove_content):
    undecided = [ReportState.UNCONFIRMED, ReportState.PENDING]
    reports_of(user).filter(state__in=undecided).delete()
    reports_of(user).update(submitter_name="", submitter_email="", submitted_by=None)


def summarise_associations(user):
    count = reports_of(user).count()
    return [
        ngettext(
            "%(count)d report of an association's details",
            "%(count)d reports of associations' details",
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
# Removal requests made signed in are the requester's data (anonymous ones have no
# account to export from).
personal_data.register(
    "association_removal_requests",
    export=removals.export_removal_requests,
    erase=removals.erase_removal_requests,
)
