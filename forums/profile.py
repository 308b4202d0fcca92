"""The forums' section of a participant's profile: their meeting registrations, and the
address of their own calendar of them (forums.personal_calendars).

Registered with accounts.profile_sections from ForumsConfig.ready(), so accounts never
imports forums. The registrations are forums.registrations.registrations_of's (made signed
in or with one of the person's addresses), upcoming meetings first.
"""

from django.utils import timezone

from accounts import profile_sections
from core.municipalities import MunicipalityNames
from forums import personal_calendars, registrations
from forums.registration_models import RegistrationState


def registrations_on_profile(request):
    now = timezone.now()
    # One account serves every municipality: each meeting is named with its own.
    names = MunicipalityNames()
    rows = []
    for registration in registrations.registrations_of(request.user, now):
        meeting = registration.meeting
        page_url = meeting.get_url(request)
        # The e-mailed link, to see and cancel; it works until the meeting ends.
        cancellable = registration.state != RegistrationState.CANCELLED and meeting.end >= now
        rows.append(
            {
                "registration": registration,
                "meeting": meeting,
                "municipality": names.of_page(meeting),
                "page_url": page_url,
                "position": registrations.waiting_position(registration),
                "link_url": (
                    page_url + registrations.registration_link_path(registration)
                    if cancellable
                    else None
                ),
            }
        )
    return {
        "registrations": rows,
        "several_municipalities": len({row["municipality"] for row in rows}) > 1,
        "calendar": personal_calendars.calendar_links(request.user, request),
    }


profile_sections.register(
    "forums",
    template="forums/includes/profile_registrations.html",
    context=registrations_on_profile,
)
