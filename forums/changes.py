"""A published change of a meeting's time, place or status (models.CHANGE_KINDS).

ForumMeetingPage._note_calendar_change, the one place that detects it on publish, calls
this module: the change is e-mailed once to everyone registered (confirmed and waiting),
old → new, and noted on the page, which highlights it ("Muuttunut 3.12.: aika siirtyi")
while the meeting is upcoming. The page keeps, per kind, the first old value and the
latest new one, so a later change of the place does not hide an earlier change of the
time; a change undone (the new value is the first old one again) is no longer shown.
Values are stored as JSON: times in UTC ISO 8601, the rest as they are.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums import notifications
from forums.models import CHANGE_KINDS, MeetingStatus, Registration

LABELS = {"time": _("Time:"), "place": _("Place:"), "status": _("Status:")}
PHRASES = {"time": _("time moved"), "place": _("place changed")}
STATUS_PHRASES = {
    MeetingStatus.SCHEDULED: _("the meeting is held after all"),
    MeetingStatus.POSTPONED: _("the meeting is postponed"),
    MeetingStatus.CANCELLED: _("the meeting is cancelled"),
}


def _stored(value):
    return (
        value.astimezone(datetime.UTC).isoformat()
        if isinstance(value, datetime.datetime)
        else value
    )


def changes_between(before, page):
    """{kind: {"old": [...], "new": [...]}} of the kinds whose fields differ."""
    changed = {}
    for kind, fields in CHANGE_KINDS.items():
        if any(before[field] != getattr(page, field) for field in fields):
            changed[kind] = {
                "old": [_stored(before[field]) for field in fields],
                "new": [_stored(getattr(page, field)) for field in fields],
            }
    return changed


def noted(before, changed):
    """The page's changed_at and changes after this save (see the module's rule)."""
    if not changed:
        return before["changed_at"], before["changes"]
    kept = dict(before["changes"] or {})
    for kind, change in changed.items():
        old = kept.get(kind, change)["old"]
        if old == change["new"]:
            kept.pop(kind, None)
        else:
            kept[kind] = {"old": old, "new": change["new"]}
    return (timezone.now() if kept else None), kept


def _value(kind, values):
    """A stored value as the pages and e-mails show it."""
    if kind == "time":
        start, end = (datetime.datetime.fromisoformat(value) for value in values)
        return {"start": start, "end": end}
    if kind == "place":
        return ", ".join(filter(None, values))
    return MeetingStatus(values[0]).label


def described(changes):
    """The changes in the order of CHANGE_KINDS, each with its label, phrase, old and new."""
    return [
        {
            "kind": kind,
            "label": LABELS[kind],
            "phrase": STATUS_PHRASES[changes[kind]["new"][0]]
            if kind == "status"
            else PHRASES[kind],
            "old": _value(kind, changes[kind]["old"]),
            "new": _value(kind, changes[kind]["new"]),
        }
        for kind in CHANGE_KINDS
        if kind in changes
    ]


def change_notice(meeting):
    """What the meeting's page and the lists highlight, or None."""
    if not meeting.changed_at or not meeting.changes or meeting.is_past:
        return None
    return {"changed_at": meeting.changed_at, "changes": described(meeting.changes)}


def tell_registrants(meeting, changed):
    """E-mail this publish's change to everyone registered, once it is committed; not for
    a meeting already held (a correction afterwards is nobody's news)."""
    if meeting.is_past:
        return
    meeting_id = meeting.pk

    def queue():
        changes = described(changed)
        registrations = Registration.objects.filter(meeting_id=meeting_id).active()
        for pk in registrations.order_by("pk").values_list("pk", flat=True):
            notifications.queue_changed(pk, changes)

    transaction.on_commit(queue)
