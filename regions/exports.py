"""The overview's table of municipalities as CSV and XLSX (core.exports), one row each."""

from django.utils.translation import gettext as _

from core.exports import table_response
from regions.figures import regional_overview


def yes_no(value):
    return _("yes") if value else _("no")


def columns():
    """(heading, width, value of a MunicipalityFigures): the columns in their order."""
    return [
        (_("Municipality"), 20, lambda f: f.name),
        (_("Code"), 12, lambda f: f.code),
        (_("Regular forums"), 12, lambda f: yes_no(f.regular_forums)),
        (_("Forums that met in 12 months"), 14, lambda f: f.forums_held),
        (_("Meetings in 12 months"), 14, lambda f: f.meetings_held),
        (_("Associations that attended"), 14, lambda f: f.associations_attended),
        (_("Attendees"), 10, lambda f: f.attendees),
        (_("Cooperation guideline"), 18, lambda f: f.guideline_state_label),
        (_("Guideline adopted on"), 14, lambda f: f.guideline_adopted_on),
        (_("Comment period open"), 12, lambda f: yes_no(f.comment_period_open)),
        (_("Contact person for association cooperation"), 24, lambda f: f.contact_person_name),
        (_("Associations in the register"), 14, lambda f: f.associations),
        (_("Confirmed this year"), 12, lambda f: f.associations_confirmed),
        (_("Ideas in 12 months"), 12, lambda f: f.ideas),
        (_("Comments in 12 months"), 12, lambda f: f.idea_comments),
        (_("Votes in 12 months"), 12, lambda f: f.idea_votes),
        (_("Forum meetings (proof)"), 40, lambda f: f.regular_forums_url or ""),
        (_("Guideline (proof)"), 40, lambda f: f.guideline_url or ""),
        (_("Contacts (proof)"), 40, lambda f: f.contacts_url or ""),
        (_("Association directory (proof)"), 40, lambda f: f.directory_url or ""),
        (_("Idea wall (proof)"), 40, lambda f: f.idea_wall_url or ""),
    ]


def overview_table(file_format, filename):
    overview = regional_overview()
    table = columns()
    rows = [[value(figures) for _h, _w, value in table] for figures in overview.municipalities]
    return table_response(
        file_format,
        f"{filename}-{overview.as_of.isoformat()}",
        _("Municipalities"),
        [width for _h, width, _v in table],
        [heading for heading, _w, _v in table],
        rows,
    )
