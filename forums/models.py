import datetime
import operator

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import Field
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from contacts.blocks import BodyBlocks
from contacts.models import OwnContactCards, published_card
from contacts.serializers import ContactCardSerializer
from core.preview import SeparateFrontEndPreviewMixin
from core.serializers import DocumentLinkSerializer

# Registration is a model of this app, defined beside the meeting settings it follows.
from forums.registration_models import (  # noqa: F401
    PersonalCalendar,
    Registration,
    RegistrationSettings,
    RegistrationTally,
    counts_per_meeting,
)

# Forum seats are this app's models too, defined beside their rules.
from forums.seat_models import ForumSeat, SeatState, council_term  # noqa: F401
from forums.serializers import CalendarLinksField, SeatsField
from forums.series_models import MeetingSeries

RICH_TEXT = ["bold", "italic", "link", "document-link", "ol", "ul"]


def _calendars():
    # forums.calendars and forums.feeds read this module's models.
    from forums import calendars, feeds

    return calendars, feeds


class ForumIndexPage(SeparateFrontEndPreviewMixin, RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["forums.ForumPage"]

    class Meta:
        verbose_name = _("forum index")

    def forums(self):
        return (
            ForumPage.objects.child_of(self)
            .live()
            .public()
            .select_related("coordinator")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calendars, _feeds = _calendars()
        context.update(calendars.subscription_links(self, request))
        return context

    @path("kalenteri/", name="icalendar")
    def icalendar(self, request):
        """Every forum's meetings: the site's calendar to subscribe to."""
        calendars, _feeds = _calendars()
        meetings = ForumMeetingPage.objects.descendant_of(self).live().public()
        site_name = self.get_site().site_name or self.title
        name = _("%(site)s: forum meetings") % {"site": site_name}
        body = calendars.subscription(self, request, name, meetings.in_subscriptions())
        return calendars.calendar_response(body, self.slug)


# The forum page lists this many past meetings; all of them are in its archive by year.
RECENT_PAST_MEETINGS = 5


class ForumPage(OwnContactCards, SeparateFrontEndPreviewMixin, RoutablePageMixin, Page):
    """A recurring meeting of associations with the city, such as the seurafoorumi."""

    contact_card_fields = ("coordinator", "body")

    purpose = RichTextField(_("purpose"), features=RICH_TEXT)
    who_may_join = RichTextField(
        _("who may join"),
        blank=True,
        features=RICH_TEXT,
        help_text=_("Which associations take part and how they name a member and a deputy."),
    )
    coordinator = models.ForeignKey(
        "contacts.ContactCard",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_forums",
    )
    body = StreamField(BodyBlocks(), verbose_name=_("more information"), blank=True)
    seat_count = models.PositiveSmallIntegerField(
        _("number of seats"),
        null=True,
        blank=True,
        help_text=_("How many associations sit on the forum in one term. Empty: no limit."),
    )
    seat_fields = ParentalManyToManyField(
        "associations.FieldOfActivity",
        verbose_name=_("fields of activity that may sit on the forum"),
        blank=True,
        related_name="+",
        help_text=_("An association needs one of these to be nominated. None chosen: any field."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("purpose"),
        FieldPanel("who_may_join"),
        FieldPanel("coordinator"),
        FieldPanel("body"),
    ]
    seat_panels = [
        FieldPanel("seat_count"),
        FieldPanel("seat_fields", widget=forms.CheckboxSelectMultiple),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(seat_panels, heading=pgettext_lazy("forum page tab", "Seats")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("purpose"),
        index.SearchField("who_may_join"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("purpose"),
        APIField("who_may_join"),
        APIField("coordinator", serializer=ContactCardSerializer()),
        APIField("body"),
        # The calendar to subscribe to (https:// and webcal://) and the Atom feed.
        APIField("calendar", serializer=CalendarLinksField("forum_links")),
        # The member associations of the current term and past terms (forums.seats).
        APIField("seats", serializer=SeatsField(source="*")),
    ]
    parent_page_types = ["forums.ForumIndexPage"]
    subpage_types = ["forums.ForumMeetingPage"]

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def meetings(self):
        return ForumMeetingPage.objects.child_of(self).live().public()

    def upcoming_meetings(self):
        return self.meetings().upcoming()

    def past_meetings(self):
        return self.meetings().past()

    def recent_past_meetings(self):
        return self.past_meetings()[:RECENT_PAST_MEETINGS]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calendars, _feeds = _calendars()
        context.update(calendars.forum_links(self, request))
        page_url = self.get_url(request)
        context["archive_links"] = [
            (year, page_url + self.reverse_subpage("archive", args=[year]))
            for year in self.past_meetings().archive_years()
        ]
        context["nominate_url"] = page_url + self.reverse_subpage("nominate")
        return context

    @path("arkisto/<int:year>/", name="archive")
    def archive(self, request, year):
        """The forum's past meetings of one year (in the site's time zone)."""
        meetings = self.past_meetings()
        # Only a year that has meetings: no other number reaches the date lookups.
        if year not in meetings.archive_years():
            raise Http404
        return self.render(
            request,
            template="forums/forum_archive_page.html",
            context_overrides={"year": year, "meetings": meetings.filter(start__year=year)},
        )

    @path("nimea-jasenet/", name="nominate")
    def nominate(self, request):
        """A representative names the association's member and deputy (forums.seats)."""
        from forums.seat_views import nomination_page  # it reads this module's models

        return nomination_page(request, self)

    @path("kalenteri/", name="icalendar")
    def icalendar(self, request):
        """The forum's calendar to subscribe to."""
        calendars, _feeds = _calendars()
        meetings = self.meetings().in_subscriptions()
        body = calendars.subscription(self, request, self.title, meetings)
        return calendars.calendar_response(body, self.slug)

    @path("syote/", name="feed")
    def feed(self, request):
        _calendars_module, feeds = _calendars()
        return feeds.MeetingFeed()(request, page=self)

    @property
    def live_coordinator(self):
        """The coordinator's card, if it is published; drafts never show."""
        return published_card(self.coordinator)

    @cached_property
    def roster(self):
        """The member associations this term and earlier, read when a page shows them."""
        from forums.seats import public_roster  # it reads this module's models

        return public_roster(self)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


# How long past meetings stay in subscribed calendars (MeetingQuerySet.in_subscriptions).
SUBSCRIPTION_HISTORY = datetime.timedelta(days=365)


class MeetingQuerySet(PageQuerySet):
    """Upcoming and past meetings, in one place for the pages, the home page, feeds and the API.

    The rule: a meeting is past once it has ended, except a postponed one, which still waits
    for its new time (so it stays among the upcoming, marked postponed). A meeting in progress
    is upcoming. `past_condition` is the rule; ForumMeetingPage.is_past_at applies the very
    same condition to one page in memory (`matches`), so a page and a list never disagree.
    """

    @staticmethod
    def past_condition(now=None):
        return Q(end__lt=now or timezone.now()) & ~Q(status=MeetingStatus.POSTPONED)

    def in_subscriptions(self, now=None):
        """What subscribed calendars get: the meetings not yet past a while ago.

        A subscribed calendar mirrors its feed, so a meeting that leaves the feed leaves
        the subscribers' calendars too: the feed keeps the past SUBSCRIPTION_HISTORY of
        meetings, and a cancelled meeting stays like any other (STATUS:CANCELLED, so the
        calendars that had it mark it off) until it is that long past.
        """
        since = (now or timezone.now()) - SUBSCRIPTION_HISTORY
        return self.exclude(self.past_condition(since)).order_by("start", "pk")

    def archive_years(self):
        """The years (in the site's time zone) the meetings started in, newest first."""
        return [day.year for day in self.dates("start", "year", order="DESC")]

    def with_registration_counts(self):
        """Each meeting's seats taken and waiting list, in this query (the API's lists)."""
        return self.annotate(**counts_per_meeting())

    # The lists say which series a meeting belongs to: its series comes in the same query.

    def upcoming(self, now=None):
        return (
            self.exclude(self.past_condition(now)).select_related("series").order_by("start", "pk")
        )

    def past(self, now=None):
        return (
            self.filter(self.past_condition(now)).select_related("series").order_by("-start", "-pk")
        )


def matches(instance, condition):
    """Whether one model instance meets a condition of plain field lookups (exact, lt, gte…),
    joined by AND, OR and NOT: the in-memory reading of the condition a queryset filters by."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(matches(instance, child))
        else:
            lookup, value = child
            field, _, operator = lookup.partition("__")
            results.append(LOOKUPS[operator or "exact"](getattr(instance, field), value))
    result = all(results) if condition.connector == Q.AND else any(results)
    return not result if condition.negated else result


LOOKUPS = {
    "exact": operator.eq,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def association_lines(text):
    """The associations that attended: typed one a line, blank lines and spaces dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class AssociationLinesSerializer(Field):
    """The associations that attended as a list in the content API."""

    def to_representation(self, value):
        return association_lines(value)


# What a calendar shows of a meeting, by the kind of change registrants are told of
# (forums.changes): a published change of any of them is a new SEQUENCE.
CHANGE_KINDS = {
    "time": ("start", "end"),
    "place": ("place_name", "address"),
    "status": ("status",),
}
CALENDAR_FIELDS = tuple(field for fields in CHANGE_KINDS.values() for field in fields)


class ForumMeetingPage(SeparateFrontEndPreviewMixin, RoutablePageMixin, RegistrationSettings, Page):
    """One meeting of a forum: the announcement before, minutes and materials after."""

    objects = PageManager.from_queryset(MeetingQuerySet)()

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    status_note = models.CharField(
        _("status note"),
        max_length=300,
        blank=True,
        help_text=_("Why the meeting was postponed or cancelled, and what happens next."),
    )
    place_name = models.CharField(_("place"), max_length=120)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    agenda = RichTextField(_("agenda"), blank=True, features=RICH_TEXT)
    minutes = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("minutes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    calendar_sequence = models.PositiveIntegerField(
        _("calendar version"),
        default=0,
        editable=False,
    )
    previous_start = models.DateTimeField(
        _("previous start"),
        null=True,
        blank=True,
        editable=False,
    )
    # Set when a series made the page (forums.series); the page is then edited on its own.
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    # The series' date this page was made for, even after staff move the meeting.
    series_date = models.DateField(_("date in the series"), null=True, blank=True, editable=False)
    # The published changes of time, place and status while the meeting is upcoming, each
    # kind's first old and latest new value (forums.changes): the page highlights them.
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True, editable=False)
    changes = models.JSONField(_("changes"), default=dict, blank=True, editable=False)
    summary = RichTextField(
        _("summary of the meeting"),
        blank=True,
        features=RICH_TEXT,
        help_text=_("What was decided, written after the meeting."),
    )

    # The outcome, entered when staff close the meeting after it was held (clean()).
    attendee_count = models.PositiveIntegerField(
        _("number of attendees"),
        null=True,
        blank=True,
        help_text=_(
            "Everyone who came, also those who had not registered: the count made at the "
            "meeting, not the registrations marked attended."
        ),
    )
    # Free text until the association register (issue 11) gives a list to choose from.
    attended_associations = models.TextField(
        _("associations that attended"),
        blank=True,
        help_text=_("One association a line."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("status"),
                FieldPanel("status_note"),
            ],
            heading=_("Time and status"),
        ),
        MultiFieldPanel([FieldPanel("place_name"), FieldPanel("address")], heading=_("Place")),
        FieldPanel("theme"),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("summary"),
                FieldPanel("minutes"),
                FieldPanel("attendee_count"),
                FieldPanel("attended_associations"),
                InlinePanel("materials", label=_("Material")),
            ],
            heading=_("After the meeting"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("theme"),
        index.SearchField("agenda"),
        index.SearchField("place_name"),
        index.SearchField("summary"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("status"),
        APIField("status_note"),
        APIField("place_name"),
        APIField("address"),
        APIField("theme"),
        APIField("agenda"),
        APIField("summary"),
        APIField("minutes", serializer=DocumentLinkSerializer()),
        APIField("attendee_count"),
        APIField("attended_associations", serializer=AssociationLinesSerializer()),
        APIField("materials"),
        APIField("calendar_url", serializer=CalendarLinksField("meeting_calendar_url")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(RegistrationSettings.registration_panels, heading=_("Registration")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    parent_page_types = ["forums.ForumPage"]
    subpage_types = []
    # A copy is another meeting: not the series' meeting of that date, nothing changed yet.
    exclude_fields_in_copy = ["series", "series_date", "changed_at", "changes"]

    class Meta:
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The meeting must end after it starts.")})
        if self.status == MeetingStatus.CANCELLED and self.has_outcome:
            raise ValidationError(
                _(
                    "A cancelled meeting cannot be closed with minutes, attendees or "
                    "associations: remove them, or change the status if the meeting was held."
                )
            )
        if self.start and self.end and not self.was_held and self.has_attendance:
            raise ValidationError(
                _("The attendees and associations can be entered once the meeting has been held.")
            )

    def save(self, *args, **kwargs):
        self._note_calendar_change(kwargs)
        return super().save(*args, **kwargs)

    def _note_calendar_change(self, save_kwargs):
        """The one place SEQUENCE grows (forums.calendars): when a save of a page that has
        been published changes what calendars show; where a moved start is kept as
        previous_start (schema.org's EventRescheduled); and where the change is noted for
        the page and e-mailed to everyone registered (forums.changes), once per publish.
        All are always taken from the database, so publishing an old revision never
        brings back old values."""
        update_fields = save_kwargs.get("update_fields")
        if self.pk is None or (
            update_fields is not None and not set(update_fields) & set(CALENDAR_FIELDS)
        ):
            return  # a new page, or a draft: Wagtail saves only its own bookkeeping then
        before = (
            type(self)
            .objects.filter(pk=self.pk)
            .values(
                "first_published_at",
                "calendar_sequence",
                "previous_start",
                "changed_at",
                "changes",
                *CALENDAR_FIELDS,
            )
            .first()
        )
        if before is None:
            return
        from forums import changes  # it queues e-mail, which reads this module's models

        published = before["first_published_at"] is not None
        changed = changes.changes_between(before, self) if published else {}
        self.calendar_sequence = before["calendar_sequence"] + bool(changed)
        moved = published and before["start"] != self.start
        self.previous_start = before["start"] if moved else before["previous_start"]
        self.changed_at, self.changes = changes.noted(before, changed)
        if changed:
            changes.tell_registrants(self, changed)
        if update_fields is not None:
            save_kwargs["update_fields"] = [
                *update_fields,
                "calendar_sequence",
                "previous_start",
                "changed_at",
                "changes",
            ]

    @property
    def change_notice(self):
        """What the page highlights of the published changes, while the meeting is upcoming."""
        from forums.changes import change_notice

        return change_notice(self)

    def is_past_at(self, now=None):
        return matches(self, MeetingQuerySet.past_condition(now))

    @property
    def is_past(self):
        return self.is_past_at()

    @property
    def was_held(self):
        """Past and not cancelled: only then does the page say the meeting was held."""
        return self.is_past and self.status != MeetingStatus.CANCELLED

    @property
    def attended_association_names(self):
        return association_lines(self.attended_associations)

    @property
    def has_attendance(self):
        return self.attendee_count is not None or bool(self.attended_association_names)

    @property
    def has_minutes(self):
        return bool(self.summary or self.minutes_id)

    @property
    def has_outcome(self):
        return self.has_minutes or self.has_attendance

    @property
    def shows_outcome(self):
        """A held meeting with minutes or attendance: its page shows the outcome first."""
        return self.was_held and self.has_outcome

    @cached_property
    def forum(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["materials"] = self.materials.select_related("document")
        from forums.structured_data import event_json_ld  # it reads this module's models

        context["event_json_ld"] = event_json_ld(self, request)
        return context

    @path("")
    def announcement(self, request):
        return self.render(request)

    @path("kalenteri/", name="icalendar")
    def icalendar(self, request):
        calendars, _feeds = _calendars()
        return calendars.calendar_response(calendars.meeting_calendar(self, request), self.slug)


class MeetingMaterial(Orderable):
    meeting = ParentalKey(ForumMeetingPage, related_name="materials", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("link text"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the document's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [APIField("link_text"), APIField("document", serializer=DocumentLinkSerializer())]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    @property
    def link_text(self):
        return self.title or self.document.title
