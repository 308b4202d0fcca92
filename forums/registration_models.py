"""Registration for forum meetings: the meeting's settings and the registrations.

The settings are fields of the meeting page (RegistrationSettings, mixed into
ForumMeetingPage) rather than a separate model: staff set them where they write the
announcement, in the page editor's own "Registration" tab; they are revisioned,
previewed, scheduled and published with the page, so the page never promises seats
that its published version does not offer. The meeting row is also the one row the
services lock while they hand out seats (forums.registrations).

The registrations are records of their own (not page content): they are written by
visitors, never revisioned, and never reach the page's API fields or search index.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path

from core.text import validate_one_line


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remotely")
    BOTH = "both", _("In person or remotely")


# The reminder goes at most two weeks ahead (forums.reminders looks no further).
MAX_REMINDER_HOURS = 14 * 24


class RegistrationSettings(models.Model):
    registration_open = models.BooleanField(
        _("registration in use"),
        default=False,
        help_text=_("People can register for this meeting on its page."),
    )
    seats = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("How many people fit in. Leave empty for no limit."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take registrations until the meeting starts."),
    )
    attendance_mode = models.CharField(
        _("attendance"),
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
    )
    remote_link = models.URLField(
        _("remote meeting link"),
        blank=True,
        help_text=_("Sent only to registered people; never shown on the page."),
    )
    ask_dietary_needs = models.BooleanField(_("ask about dietary needs"), default=False)
    ask_accessibility_needs = models.BooleanField(_("ask about accessibility needs"), default=False)
    ask_represents_association = models.BooleanField(
        _('ask "I represent my association"'), default=False
    )
    max_companions = models.PositiveSmallIntegerField(
        _("companions per registration"),
        default=0,
        help_text=_("How many people from the same association one person may register with."),
    )

    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REMINDER_HOURS)],
        help_text=_(
            "Everyone with a seat gets a reminder e-mail this many hours before the meeting, "
            "with the remote link if there is one."
        ),
    )

    registration_panels = [
        FieldPanel("registration_open"),
        FieldRowPanel([FieldPanel("seats"), FieldPanel("max_companions")]),
        FieldRowPanel([FieldPanel("registration_deadline"), FieldPanel("reminder_hours")]),
        MultiFieldPanel(
            [FieldPanel("attendance_mode"), FieldPanel("remote_link")],
            heading=_("Attendance"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("ask_dietary_needs"),
                FieldPanel("ask_accessibility_needs"),
                FieldPanel("ask_represents_association"),
            ],
            heading=_("Questions on the registration form"),
        ),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if (
            self.registration_open
            and self.attendance_mode != AttendanceMode.IN_PERSON
            and not self.remote_link
        ):
            raise ValidationError(
                {"remote_link": _("A meeting one can attend remotely needs the remote link.")}
            )

    # The registration pages are routes of the meeting page (RoutablePageMixin finds them
    # on this mixin). The views import the models, hence the imports inside.

    @path("ilmoittaudu/", name="register")
    def register(self, request):
        from forums.registration_views import registration_form

        return registration_form(request, self)

    @path("ilmoittautuminen/<path:token>/", name="registration")
    def registration(self, request, token):
        from forums.registration_views import registration_link

        return registration_link(request, self, token)

    @cached_property
    def registration_status(self):
        """Seats left, waiting count and whether one can register, for the page (counts only)."""
        from forums.registrations import registration_status

        return registration_status(self)

    @property
    def effective_deadline(self):
        """Registrations are taken until the deadline, or until the meeting starts."""
        return self.registration_deadline or self.start

    @property
    def reminder_due_at(self):
        """When the reminder e-mail goes (forums.reminders)."""
        return self.start - datetime.timedelta(hours=self.reminder_hours)

    @property
    def has_remote_attendance(self):
        return self.attendance_mode != AttendanceMode.IN_PERSON

    @property
    def has_place(self):
        return self.attendance_mode != AttendanceMode.REMOTE


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


# The seats one registration takes: the person and each companion.
SEATS = models.F("companions") + 1


def counts_per_meeting():
    """The seats taken and the registrations waiting of each meeting in a list of meetings,
    as annotations of the list's own query (MeetingQuerySet.with_registration_counts): the
    same sums as RegistrationQuerySet.counts, one query however many meetings."""

    def total(state, value):
        rows = (
            Registration.objects.filter(meeting=models.OuterRef("pk"), state=state)
            .order_by()
            .values("meeting")
            .annotate(total=value)
            .values("total")
        )
        return Coalesce(models.Subquery(rows), 0)

    return {
        "counted_taken": total(RegistrationState.CONFIRMED, models.Sum(SEATS)),
        "counted_waiting": total(RegistrationState.WAITING, models.Count("pk")),
    }


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=RegistrationState.CONFIRMED)

    def waiting(self):
        """The waiting list in its order: who registered first is first in line."""
        return self.filter(state=RegistrationState.WAITING).order_by("created_at", "pk")

    def active(self):
        return self.exclude(state=RegistrationState.CANCELLED)

    def counts(self):
        """Seats taken and registrations waiting, in one query.

        Each confirmed registration takes a seat for the person and each companion; a
        registration marked attended counts everyone it registered.
        """
        return self.aggregate(
            taken=models.Sum(SEATS, filter=models.Q(state=RegistrationState.CONFIRMED), default=0),
            waiting=models.Count("pk", filter=models.Q(state=RegistrationState.WAITING)),
            attended=models.Sum(SEATS, filter=models.Q(attended=True), default=0),
        )


class Registration(models.Model):
    """One person's registration for a meeting, for themselves and their companions.

    Who registered is never public: pages, feeds and the API show counts only.
    """

    meeting = models.ForeignKey(
        "forums.ForumMeetingPage",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_one_line])
    email = models.EmailField(_("e-mail"), max_length=254)
    # Free text until the association register (issue 11) gives a list to choose from.
    association = models.CharField(
        _("association"), max_length=200, blank=True, validators=[validate_one_line]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_registrations",
    )
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    dietary_needs = models.CharField(
        _("dietary needs"), max_length=300, blank=True, validators=[validate_one_line]
    )
    accessibility_needs = models.CharField(
        _("accessibility needs"), max_length=300, blank=True, validators=[validate_one_line]
    )
    represents_association = models.BooleanField(_("represents the association"), default=False)
    state = models.CharField(
        _("state"), max_length=20, choices=RegistrationState.choices, db_index=True
    )
    attended = models.BooleanField(_("attended"), default=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # The meeting's start the reminder e-mail announced (forums.reminders): a moved meeting
    # is reminded of again, a reminded one never twice.
    reminded_for = models.DateTimeField(_("reminded of the start"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live registration per address and meeting, even when two tabs send at once.
            models.UniqueConstraint(
                Lower("email"),
                "meeting",
                condition=~models.Q(state="cancelled"),
                name="forums_one_registration_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_state_display()})"

    @property
    def seat_count(self):
        return 1 + self.companions


class RegistrationTally(models.Model):
    """What is kept of a meeting's registrations once their personal data is deleted
    (forums.registrations.delete_old_registrations): the counts only.

    A record of its own rather than fields of the meeting page: page revisions would carry
    the figures, and publishing an old revision would bring back old ones. The names say
    they are registration figures, not the attendee count staff enter when closing a meeting.
    """

    meeting = models.OneToOneField(
        "forums.ForumMeetingPage",
        verbose_name=_("meeting"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="registration_tally",
    )
    kept_registered_seats = models.PositiveIntegerField(_("registered seats"), default=0)
    kept_waiting_count = models.PositiveIntegerField(
        _("registrations on the waiting list"), default=0
    )
    kept_attended_count = models.PositiveIntegerField(_("attended (registered seats)"), default=0)
    deleted_at = models.DateTimeField(_("registrations deleted at"))

    class Meta:
        verbose_name = _("registration figures")
        verbose_name_plural = _("registration figures")

    def __str__(self):
        return str(self.meeting_id)


class PersonalCalendar(models.Model):
    """The secret part of the address of a participant's own calendar: the meetings they
    registered for (forums.personal_calendars). Calendar programs fetch it without
    cookies, so the address alone opens it; making a new one ends the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="meeting_calendar",
    )
    key = models.CharField(_("key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("personal meeting calendar")
        verbose_name_plural = _("personal meeting calendars")

    def __str__(self):
        return str(self.user)
