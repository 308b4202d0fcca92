"""The forums' part of a person's data: their meeting registrations and the key of their
own calendar of them.

Registered with accounts.personal_data from ForumsConfig.ready(). A registration is the
person's, made signed in or with one of their e-mail addresses; erasure removes it
whatever else is kept (it is personal data, not content), and a seat it held goes to
the waiting list (forums.registrations.remove_registrations).
"""

from django.utils.translation import ngettext

from accounts import personal_data
from forums.models import PersonalCalendar
from forums.registrations import registrations_of, remove_registrations


def export_forums(user):
    return {
        "meeting_registrations": [
            {
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
    }


def erase_forums(user, *, remove_content):
    remove_registrations(list(registrations_of(user)))
    PersonalCalendar.objects.filter(user=user).delete()


def summarise_forums(user):
    count = registrations_of(user).count()
    return [
        ngettext(
            "%(count)d registration for a forum meeting",
            "%(count)d registrations for forum meetings",
            count,
        )
        % {"count": count}
    ]


personal_data.register("forums", export=export_forums, erase=erase_forums, summary=summarise_forums)
