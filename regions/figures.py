"""The regional overview's figures, computed live from what each municipality does.

One service for the page, the API and the downloads: `regional_overview(as_of)` reads
every municipality's (core.municipalities.municipalities(): the Sites that are not the
region's own) pages and records in a fixed number of queries, whatever the number of
municipalities, meetings or ideas, and works out each figure in memory.

The rules, as docs/api.md ("Regional overview") states them:

- A meeting *held* by a moment is a live, public ForumMeetingPage that is past then
  (MeetingQuerySet.past_condition: ended, and not postponed) and was not cancelled. Its
  quarter is the calendar quarter its start falls in (in the site's time zone).
- *Regular forums*: a meeting held in each of the last two quarters, where the quarter
  under way counts once it has had its meeting: held in the previous quarter and in the
  current one, or in both of the two complete quarters before the current one. A forum
  that meets once a quarter therefore stays regular while the current quarter waits for
  its meeting; one quarter without a meeting and it is not.
- *The last 12 months*: after the moment twelve months back, up to the moment.
- *Cooperation guideline* of the municipality's live, public GuidelinePage:
  adopted when one of its published versions (GuidelineVersion, as of the moment) was
  adopted (guidelines.versions.latest_adopted; its adoption date). Otherwise *being
  written* when a comment period on it is open, or its latest published version is a
  draft and a comment period has been held on it. Otherwise, or without a page, none.
- *Contact person*: a published contact card of the municipality for association
  cooperation (Responsibility.ASSOCIATIONS), first published by the moment.
- *Associations*: the records in the municipality's register (added by the moment), and
  how many confirmed their details in the calendar year of the moment.
- *Idea wall*: ideas on the wall (IdeaQuerySet.on_wall: published, not held, not
  withdrawn) on the municipality's live, public walls posted in the last 12 months, the
  visible comments on them and the votes given to them in those months. Pending and
  hidden texts are never counted.

Each figure carries the absolute address, on the municipality's own Site, of the public
page that proves it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext
from wagtail.models import Page

from associations.models import Association
from associations.pages import AssociationDirectoryPage
from contacts.models import ContactCard, ContactsPage, Responsibility
from core.models import SiteSettings
from core.municipalities import municipalities, site_name
from forums.models import ForumIndexPage, ForumMeetingPage, MeetingQuerySet, MeetingStatus
from guidelines.models import CommentPeriod, GuidelinePage, GuidelineStatus, GuidelineVersion
from guidelines.versions import as_version, latest_adopted
from ideas.models import Idea, IdeaComment, IdeaVote, IdeaWallPage

# How many quarters the history shows, the current one (so far) last.
HISTORY_QUARTERS = 6
ACTIVITY_MONTHS = 12


class GuidelineState:
    NONE = "none"
    BEING_WRITTEN = "being_written"
    ADOPTED = "adopted"


def guideline_state_label(state):
    return {
        GuidelineState.NONE: pgettext("guideline state", "None"),
        GuidelineState.BEING_WRITTEN: pgettext("guideline state", "Being written"),
        GuidelineState.ADOPTED: pgettext("guideline state", "Adopted"),
    }[state]


# --- Time ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    def shifted(self, quarters):
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    @property
    def first_day(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self):
        return self.shifted(1).first_day - datetime.timedelta(days=1)

    @property
    def label(self):
        return gettext("Q%(quarter)s %(year)s") % {"quarter": self.number, "year": self.year}

    @property
    def short_label(self):
        """The quarter without its year, under a chart's bar (the year is on a line of its own)."""
        return gettext("Q%(quarter)s") % {"quarter": self.number}


def end_of_day(day):
    """The moment a day is over, in the site's time zone: figures "as of" a day include it."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start)


def moment_of(as_of=None, now=None):
    """The moment figures are computed at: now for today (or no date), else the day's end."""
    now = now or timezone.now()
    if as_of is None or as_of >= timezone.localdate(now):
        return now
    return end_of_day(as_of)


def local_date(moment):
    """The day figures at `moment` are of: a day's end (midnight) is still that day."""
    return timezone.localtime(moment - datetime.timedelta(microseconds=1)).date()


def held_by(meeting, moment):
    """Held by `moment`: past then by the meetings' own rule, and not cancelled."""
    return meeting.is_past_at(moment) and meeting.status != MeetingStatus.CANCELLED


def regular_at(quarters_held, moment):
    """The regular-forums rule (module docstring) for a set of Quarters with a meeting held."""
    current = Quarter.of(local_date(moment))
    previous, before = current.shifted(-1), current.shifted(-2)
    return previous in quarters_held and (current in quarters_held or before in quarters_held)


# --- What the overview is made of ------------------------------------------------------


@dataclass
class MunicipalityFigures:
    site: object
    code: str
    name: str
    home_url: str
    regular_forums: bool = False
    regular_forums_url: str | None = None
    forums_held: int = 0
    meetings_held: int = 0
    associations_attended: int = 0
    attendees: int = 0
    forums_url: str | None = None
    guideline_state: str = GuidelineState.NONE
    guideline_adopted_on: datetime.date | None = None
    comment_period_open: bool = False
    guideline_url: str | None = None
    contact_person: bool = False
    contact_person_name: str = ""
    contacts_url: str | None = None
    associations: int = 0
    associations_confirmed: int = 0
    directory_url: str | None = None
    ideas: int = 0
    idea_comments: int = 0
    idea_votes: int = 0
    idea_wall_url: str | None = None

    @property
    def guideline_state_label(self):
        return guideline_state_label(self.guideline_state)

    @property
    def guideline_in_words(self):
        """The state as the table says it: "Adopted 10.3.2025"."""
        if self.guideline_state == GuidelineState.ADOPTED and self.guideline_adopted_on:
            return gettext("Adopted %(date)s") % {
                "date": date_format(self.guideline_adopted_on, "SHORT_DATE_FORMAT")
            }
        return self.guideline_state_label

    @property
    def has_guideline(self):
        """Adopted or being written: what the headline counts."""
        return self.guideline_state != GuidelineState.NONE

    @property
    def idea_wall_active(self):
        return self.ideas > 0


# The headline figures: each is a number of municipalities meeting a condition.
HEADLINE_KEYS = ("regular_forums", "guideline", "guideline_adopted", "contact_person", "idea_wall")


def _headline_condition(key, figures):
    return {
        "regular_forums": lambda: figures.regular_forums,
        "guideline": lambda: figures.has_guideline,
        "guideline_adopted": lambda: figures.guideline_state == GuidelineState.ADOPTED,
        "contact_person": lambda: figures.contact_person,
        "idea_wall": lambda: figures.idea_wall_active,
    }[key]()


def headline_text(key, count):
    texts = {
        "regular_forums": ngettext(
            "%(count)s municipality holds regular association forums",
            "%(count)s municipalities hold regular association forums",
            count,
        ),
        "guideline": ngettext(
            "%(count)s municipality has a cooperation guideline or is writing one",
            "%(count)s municipalities have a cooperation guideline or are writing one",
            count,
        ),
        "guideline_adopted": ngettext(
            "%(count)s municipality has adopted a cooperation guideline",
            "%(count)s municipalities have adopted a cooperation guideline",
            count,
        ),
        "contact_person": ngettext(
            "%(count)s municipality names a contact person for association cooperation",
            "%(count)s municipalities name a contact person for association cooperation",
            count,
        ),
        "idea_wall": ngettext(
            "%(count)s municipality received new ideas on its idea wall in the last 12 months",
            "%(count)s municipalities received new ideas on their idea walls in the last 12 months",
            count,
        ),
    }
    return texts[key] % {"count": count}


def headline_title(key):
    """The short name of a headline figure, for its chart and its table."""
    return {
        "regular_forums": gettext("Regular association forums"),
        "guideline": gettext("Cooperation guideline adopted or being written"),
        "guideline_adopted": gettext("Cooperation guideline adopted"),
        "contact_person": gettext("Contact person for association cooperation"),
        "idea_wall": gettext("New ideas on the idea wall"),
    }[key]


@dataclass
class HeadlineFigure:
    key: str
    count: int
    total: int

    @property
    def text(self):
        return headline_text(self.key, self.count)

    @property
    def title(self):
        return headline_title(self.key)

    @property
    def out_of(self):
        return ngettext("of %(total)s municipality", "of %(total)s municipalities", self.total) % {
            "total": self.total
        }


@dataclass
class HistoryPoint:
    quarter: Quarter
    as_of: datetime.date
    complete: bool
    counts: dict

    @property
    def label(self):
        return self.quarter.label

    @property
    def label_in_full(self):
        if self.complete:
            return self.quarter.label
        return gettext("%(quarter)s (until %(date)s)") % {
            "quarter": self.quarter.label,
            "date": date_format(self.as_of, "SHORT_DATE_FORMAT"),
        }


@dataclass
class HistorySeries:
    """One headline figure quarter by quarter, for a chart and its table."""

    key: str
    points: list  # [(HistoryPoint, count)]
    total: int

    @property
    def title(self):
        return headline_title(self.key)


@dataclass
class RegionalOverview:
    as_of: datetime.date
    moment: datetime.datetime
    municipalities: list
    headline: list
    history: list = field(default_factory=list)  # HistoryPoints, oldest first

    def series(self):
        return [
            HistorySeries(
                key=key,
                points=[(point, point.counts[key]) for point in self.history],
                total=len(self.municipalities),
            )
            for key in HEADLINE_KEYS
        ]


# --- Computing them --------------------------------------------------------------------


def regional_overview(as_of=None, now=None):
    """Every municipality's figures as of the day `as_of` (default: now), the region's
    headline and its history per quarter (the last HISTORY_QUARTERS, the current last)."""
    moment = moment_of(as_of, now)
    today = local_date(moment)
    current = Quarter.of(today)
    quarters = [current.shifted(-back) for back in reversed(range(HISTORY_QUARTERS))]
    points = [
        (quarter, end_of_day(quarter.last_day) if quarter != current else moment)
        for quarter in quarters
    ]
    moments = [moment, *(point_moment for _quarter, point_moment in points)]
    data = _Records(moments)
    figures = [data.figures(site, moment) for site in data.sites]
    history = []
    for quarter, point_moment in points:
        at_point = [data.figures(site, point_moment) for site in data.sites]
        history.append(
            HistoryPoint(
                quarter=quarter,
                as_of=quarter.last_day if quarter != current else today,
                complete=quarter != current,
                counts=_headline_counts(at_point),
            )
        )
    counts = _headline_counts(figures)
    headline = [HeadlineFigure(key, counts[key], len(figures)) for key in HEADLINE_KEYS]
    return RegionalOverview(
        as_of=today, moment=moment, municipalities=figures, headline=headline, history=history
    )


def _headline_counts(figures):
    return {key: sum(_headline_condition(key, f) for f in figures) for key in HEADLINE_KEYS}


def _window(moment):
    return moment - relativedelta(months=ACTIVITY_MONTHS), moment


class _Records:
    """Every municipality's pages and records the figures need, each kind in one query,
    for all the moments asked (now and each quarter's end)."""

    def __init__(self, moments):
        self.moments = moments
        settings = SiteSettings.objects.filter(site=OuterRef("pk"))
        self.sites = list(
            municipalities().annotate(
                municipality_code=Subquery(settings.values("code")[:1]),
                organisation_name=Subquery(settings.values("organisation_name")[:1]),
            )
        )
        self._roots = {site.root_page.path: site for site in self.sites}
        self._root_lengths = sorted({len(path) for path in self._roots}, reverse=True)
        if not self.sites:
            return
        in_trees = reduce(or_, (Q(path__startswith=path) for path in self._roots))
        # Wagtail's public() reads the view restrictions each time: read once for all kinds.
        self._private = Page.objects.all().private_q()
        self._pages = {
            model: self._by_site(
                model.objects.live().exclude(self._private).filter(in_trees).order_by("path")
            )
            for model in (
                ForumIndexPage,
                GuidelinePage,
                ContactsPage,
                AssociationDirectoryPage,
                IdeaWallPage,
            )
        }
        self._meetings = self._by_site(self._held_meetings(in_trees))
        self._load_guidelines()
        self._load_cards()
        self._load_associations()
        self._load_ideas()

    # Which municipality a page belongs to: the Site whose root is above it.

    def site_of(self, path):
        for length in self._root_lengths:
            site = self._roots.get(path[:length])
            if site is not None:
                return site
        return None

    def _by_site(self, pages):
        grouped = defaultdict(list)
        for page in pages:
            grouped[self.site_of(page.path).pk].append(page)
        return grouped

    def _first_page(self, model, site):
        pages = self._pages[model].get(site.pk)
        return pages[0] if pages else None

    def _url(self, model, site):
        page = self._first_page(model, site)
        return page.get_full_url() if page is not None else None

    # Loading.

    def _held_meetings(self, in_trees):
        latest = max(self.moments)
        earliest = min(
            min(_window(moment)[0] for moment in self.moments),
            end_of_day(
                Quarter.of(local_date(min(self.moments))).shifted(-2).first_day
                - datetime.timedelta(days=1)
            ),
        )
        return (
            ForumMeetingPage.objects.live()
            .exclude(self._private)
            .filter(in_trees, start__gte=earliest)
            .filter(MeetingQuerySet.past_condition(latest))
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("-start", "-pk")
        )

    def _load_guidelines(self):
        pages = [page for pages in self._pages[GuidelinePage].values() for page in pages]
        by_pk = {page.pk: page for page in pages}
        self._versions = defaultdict(list)
        for stored in GuidelineVersion.objects.filter(page__in=by_pk).order_by("page", "number"):
            self._versions[stored.page_id].append(as_version(by_pk[stored.page_id], stored))
        self._periods = defaultdict(list)
        for period in CommentPeriod.objects.filter(guideline__in=by_pk):
            self._periods[period.guideline_id].append(period)

    def _load_cards(self):
        self._cards = defaultdict(list)
        cards = (
            ContactCard.objects.published()
            .filter(site__in=self.sites, responsibility=Responsibility.ASSOCIATIONS)
            .order_by("name", "pk")
            .only("site_id", "name", "first_published_at")
        )
        for card in cards:
            self._cards[card.site_id].append(card)

    def _load_associations(self):
        self._associations = {}
        columns = {}
        for index, moment in enumerate(self.moments):
            year_start = end_of_day(datetime.date(local_date(moment).year - 1, 12, 31))
            columns[f"total_{index}"] = Count("pk", filter=Q(created_at__lte=moment))
            columns[f"confirmed_{index}"] = Count(
                "pk", filter=Q(confirmed_at__gte=year_start, confirmed_at__lte=moment)
            )
        rows = (
            Association.objects.filter(site__in=self.sites)
            .order_by()
            .values("site_id")
            .annotate(**columns)
        )
        for row in rows:
            self._associations[row["site_id"]] = row

    def _windows(self, field_name):
        return {
            f"n_{index}": Count(
                "pk", filter=Q(**{f"{field_name}__gt": start, f"{field_name}__lte": end})
            )
            for index, (start, end) in enumerate(_window(moment) for moment in self.moments)
        }

    def _load_ideas(self):
        walls = [wall for walls in self._pages[IdeaWallPage].values() for wall in walls]
        self._wall_site = {wall.pk: self.site_of(wall.path).pk for wall in walls}
        ideas_on_wall = Idea.objects.on_wall().filter(wall__in=self._wall_site)
        counts = [
            (
                "ideas",
                ideas_on_wall.order_by().values(group=F("wall_id")),
                "created_at",
            ),
            (
                "comments",
                IdeaComment.objects.visible()
                .filter(idea__in=ideas_on_wall.values("pk"))
                .order_by()
                .values(group=F("idea__wall_id")),
                "created_at",
            ),
            (
                "votes",
                IdeaVote.objects.filter(idea__in=ideas_on_wall.values("pk"))
                .order_by()
                .values(group=F("idea__wall_id")),
                "created_at",
            ),
        ]
        self._idea_counts = defaultdict(lambda: defaultdict(int))
        for kind, rows, field_name in counts:
            for row in rows.annotate(**self._windows(field_name)):
                site_pk = self._wall_site[row["group"]]
                for index in range(len(self.moments)):
                    self._idea_counts[(site_pk, index)][kind] += row[f"n_{index}"]

    # One municipality's figures at one of the moments.

    def figures(self, site, moment):
        index = self.moments.index(moment)
        figures = MunicipalityFigures(
            site=site,
            code=site.municipality_code or "",
            # The municipality as it names itself ("Koivikon kunta"), else its Site's name.
            name=site.organisation_name or site_name(site),
            home_url=site.root_url + "/",
        )
        self._forum_figures(figures, site, moment)
        self._guideline_figures(figures, site, moment)
        cards = [
            card
            for card in self._cards.get(site.pk, ())
            if card.first_published_at is None or card.first_published_at <= moment
        ]
        figures.contact_person = bool(cards)
        figures.contact_person_name = cards[0].name if cards else ""
        figures.contacts_url = self._url(ContactsPage, site)
        row = self._associations.get(site.pk, {})
        figures.associations = row.get(f"total_{index}", 0)
        figures.associations_confirmed = row.get(f"confirmed_{index}", 0)
        figures.directory_url = self._url(AssociationDirectoryPage, site)
        ideas = self._idea_counts[(site.pk, index)]
        figures.ideas = ideas["ideas"]
        figures.idea_comments = ideas["comments"]
        figures.idea_votes = ideas["votes"]
        figures.idea_wall_url = self._url(IdeaWallPage, site)
        return figures

    def _forum_figures(self, figures, site, moment):
        held = [m for m in self._meetings.get(site.pk, ()) if held_by(m, moment)]
        since, _until = _window(moment)
        last_year = [m for m in held if m.start > since]
        figures.meetings_held = len(last_year)
        figures.forums_held = len({m.path[: -Page.steplen] for m in last_year})
        names = {
            name.casefold() for meeting in last_year for name in meeting.attended_association_names
        }
        figures.associations_attended = len(names)
        figures.attendees = sum(m.attendee_count or 0 for m in last_year)
        quarters = {Quarter.of(timezone.localtime(m.start).date()) for m in held}
        figures.regular_forums = regular_at(quarters, moment)
        figures.forums_url = self._url(ForumIndexPage, site)
        # The proof of regular forums is the latest meeting held (the list is newest first).
        figures.regular_forums_url = held[0].get_full_url() if held else figures.forums_url

    def _guideline_figures(self, figures, site, moment):
        page = self._first_page(GuidelinePage, site)
        if page is None:
            return
        figures.guideline_url = page.get_full_url()
        recorded = self._versions.get(page.pk, ())
        versions = [v for v in recorded if v.published_at <= moment]
        if not recorded:
            # A page published without its versions recorded (loaded from a fixture): the
            # live page is its one version.
            recorded = versions = [_LivePageVersion(page)]
        periods = [p for p in self._periods.get(page.pk, ()) if p.starts_at <= moment]
        figures.comment_period_open = any(p.is_open(moment) for p in periods)
        # An adoption counts from the decision's date (adopted_on), which may come before
        # the version was put on the site (a guideline adopted before the municipality
        # came to Yhdessä); a version without that date counts from its publication.
        day = local_date(moment)
        adopted = latest_adopted(
            [
                v
                for v in recorded
                if (v.adopted_on <= day if v.adopted_on is not None else v in versions)
            ]
        )
        if adopted is not None:
            figures.guideline_state = GuidelineState.ADOPTED
            figures.guideline_adopted_on = adopted.adopted_on
        elif figures.comment_period_open or (versions and periods and not versions[-1].is_adopted):
            figures.guideline_state = GuidelineState.BEING_WRITTEN


@dataclass
class _LivePageVersion:
    page: object

    @property
    def is_adopted(self):
        return self.page.status == GuidelineStatus.ADOPTED

    @property
    def adopted_on(self):
        return self.page.adopted_on
