import operator

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from contacts.blocks import BodyBlocks
from contacts.models import published_card
from contacts.serializers import ContactCardSerializer
from core.links import identifier_authority
from core.preview import SeparateFrontEndPreviewMixin
from core.serializers import DocumentLinkSerializer

RICH_TEXT = ["bold", "italic", "link", "document-link", "ol", "ul"]


class ForumIndexPage(SeparateFrontEndPreviewMixin, Page):
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


class ForumPage(SeparateFrontEndPreviewMixin, Page):
    """A recurring meeting of associations with the city, such as the seurafoorumi."""

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

    content_panels = [
        *Page.content_panels,
        FieldPanel("purpose"),
        FieldPanel("who_may_join"),
        FieldPanel("coordinator"),
        FieldPanel("body"),
    ]
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

    @property
    def live_coordinator(self):
        """The coordinator's card, if it is published; drafts never show."""
        return published_card(self.coordinator)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


# A postponed meeting has no confirmed time yet; calendars show it as tentative.
ICALENDAR_STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CANCELLED: "CANCELLED",
}


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

    def upcoming(self, now=None):
        return self.exclude(self.past_condition(now)).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(self.past_condition(now)).order_by("-start", "-pk")


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


class ForumMeetingPage(SeparateFrontEndPreviewMixin, RoutablePageMixin, Page):
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
    summary = RichTextField(
        _("summary of the meeting"),
        blank=True,
        features=RICH_TEXT,
        help_text=_("What was decided, written after the meeting."),
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
        APIField("materials"),
    ]
    parent_page_types = ["forums.ForumPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The meeting must end after it starts.")})

    def is_past_at(self, now=None):
        return matches(self, MeetingQuerySet.past_condition(now))

    @property
    def is_past(self):
        return self.is_past_at()

    @property
    def was_held(self):
        """Past and not cancelled: only then does the page say the meeting was held."""
        return self.is_past and self.status != MeetingStatus.CANCELLED

    @cached_property
    def forum(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["materials"] = self.materials.select_related("document")
        return context

    def as_icalendar(self, request):
        """The meeting as an iCalendar file; a cancelled meeting says so to calendars."""
        calendar = Calendar()
        calendar.add("prodid", "-//Yhdessä//forum meetings//FI")
        calendar.add("version", "2.0")
        event = Event()
        # A calendar that imported the meeting updates it by its UID (core.links).
        uid = f"forum-meeting-{self.pk}@{identifier_authority(self.get_site())}"
        event.add("uid", uid)
        event.add("dtstamp", self.last_published_at or timezone.now())
        event.add("dtstart", self.start)
        event.add("dtend", self.end)
        event.add("summary", self.title)
        event.add("location", ", ".join(filter(None, [self.place_name, self.address])))
        url = self.get_full_url(request)
        # Many calendars show the description but not the URL property: the link goes in both.
        event.add("description", "\n\n".join(filter(None, [self.theme, url])))
        event.add("url", url)
        event.add("status", ICALENDAR_STATUS[self.status])
        calendar.add_component(event)
        return calendar.to_ical()

    @path("")
    def announcement(self, request):
        return self.render(request)

    @path("kalenteri/", name="icalendar")
    def icalendar(self, request):
        response = HttpResponse(
            self.as_icalendar(request), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response


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
