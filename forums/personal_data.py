"""The forums' part of a person's data: their meeting registrations, the key of their
own calendar of them, and the forum seats they nominated as a representative.

Registered with accounts.personal_data from ForumsConfig.ready(). A registration is the
person's, made signed in or with one of their e-mail addresses; erasure removes it
whatever else is kept (it is personal data, not content), and a seat it held goes to
the waiting list (forums.registrations.remove_registrations). A seat the person nominated
is the association's: erasure keeps it and forgets only who nominated it.
"""

from django.utils.translation import ngettext

from accounts import personal_data
from core.municipalities import MunicipalityNames
from forums.models import ForumSeat, PersonalCalendar
from forums.registrations import registrations_of, remove_registrations


def export_forums(user):
    municipality = MunicipalityNames()
    return {
        "meeting_registrations": [
            {
                "municipality": municipality.of_page(registration.meeting),
                "meeting": registration.meeting.title,
                "meeting_start": registration.meeting.start,
                "name": registration.name,
                "email": registration.email,
                "association": registration.association,
                "companions": registration.companions,
                "dietary_needs": registration.dietary_needs,
                "accessibility_needs": registration.accessibility_needs,
                "represents_association": registration.represents_association,
                "state": registration.state,
                "attended": registration.attended,
                "created_at": registration.created_at,
                "cancelled_at": registration.cancelled_at,
                "reminded_for": registration.reminded_for,
            }
            for registration in registrations_of(user)
        ],
        # The secret part of the address of the person's own calendar of their meetings.
        "meeting_calendar": list(
            PersonalCalendar.objects.filter(user=user).values("key", "created_at")
        ),
        "forum_nominations": [
            {
                "municipality": municipality.of_page(seat.forum),
                "forum": seat.forum.title,
                "association": seat.association.name,
                "term_start": seat.term_start,
                "term_end": seat.term_end,
                "member_name": seat.member_name,
                "member_email": seat.member_email,
                "member_phone": seat.member_phone,
                "member_name_public": seat.member_name_public,
                "deputy_name": seat.deputy_name,
                "deputy_email": seat.deputy_email,
                "deputy_phone": seat.deputy_phone,
                "deputy_name_public": seat.deputy_name_public,
                "state": seat.state,
                "nominated_at": seat.nominated_at,
                "decided_at": seat.decided_at,
                "rejection_reason": seat.rejection_reason,
            }
            for seat in _nominations_of(user)
        ],
    }


def _nominations_of(user):
    return ForumSeat.objects.filter(nominated_by=user).select_related("forum", "association")


def erase_forums(user, *, remove_content):
    remove_registrations(list(registrations_of(user)))
    PersonalCalendar.objects.filter(user=user).delete()
    _nominations_of(user).update(nominated_by=None)


def summarise_forums(user):
    count = registrations_of(user).count()
    nominations = _nominations_of(user).count()
    return [
        ngettext(
            "%(count)d registration for a forum meeting",
            "%(count)d registrations for forum meetings",
            count,
        )
        % {"count": count},
        ngettext(
            "%(count)d nomination of forum members (the seats stay the association's)",
            "%(count)d nominations of forum members (the seats stay the association's)",
            nominations,
        )
        % {"count": nominations},
    ]


personal_data.register("forums", export=export_forums, erase=erase_forums, summary=summarise_forums)
