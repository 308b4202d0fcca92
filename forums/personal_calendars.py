"""A participant's own calendar: the meetings they registered for, at a secret address.

Calendar programs fetch a subscription without cookies, so the address itself is the
credential: an unguessable key (PersonalCalendar), shown only on the person's profile.
Making a new address replaces the key, and the old address stops working at once. The
calendar is built by forums.calendars like the forums' own; it is part of the person's
data (forums.personal_data).
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.links import request_url
from forums import calendars
from forums.models import ForumMeetingPage, PersonalCalendar
from forums.registration_models import RegistrationState
from forums.registrations import registrations_of


def _new_key():
    return secrets.token_urlsafe(32)


def calendar_key(user):
    """The person's key, made the first time their profile shows the address."""
    calendar, _created = PersonalCalendar.objects.get_or_create(
        user=user, defaults={"key": _new_key()}
    )
    return calendar.key


def renew_calendar_key(user):
    """A new address; the old one no longer opens the calendar."""
    PersonalCalendar.objects.update_or_create(
        user=user, defaults={"key": _new_key(), "created_at": timezone.now()}
    )


def owner_of(key):
    calendar = (
        PersonalCalendar.objects.select_related("user")
        .filter(key=key, user__is_active=True)
        .first()
    )
    return calendar.user if calendar else None


def registered_meetings(user):
    """The published meetings the person is registered for (confirmed or waiting)."""
    registered = (
        registrations_of(user)
        .exclude(state=RegistrationState.CANCELLED)
        .order_by()
        .values("meeting_id")
    )
    return ForumMeetingPage.objects.live().filter(pk__in=registered).in_subscriptions()


def calendar_links(user, request):
    path = reverse("personal_calendar", args=[calendar_key(user)])
    return calendars.both_addresses(request_url(request, path))


@never_cache
def personal_calendar(request, key):
    """The calendar at its secret address; an unknown or replaced key is a 404."""
    owner = owner_of(key)
    if owner is None:
        raise Http404
    body = calendars.personal_subscription(
        request,
        _("My forum meetings"),
        request_url(request, request.path),
        registered_meetings(owner),
    )
    return calendars.calendar_response(body, "omat-kokoukset")


@never_cache
@login_required
@require_POST
def renew_personal_calendar(request):
    renew_calendar_key(request.user)
    messages.success(
        request,
        _(
            "Your calendar has a new address and the old one no longer works. Add the new "
            "address to your calendar program."
        ),
    )
    return redirect(reverse("accounts:profile") + "#meeting-registrations")
