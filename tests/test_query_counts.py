"""Every public page renders in the same number of SQL queries, however long its lists grow.

A resident should not wait longer because a forum has met fifty times or fifty people
have contact cards. Each scenario builds a page, gives its list SMALL items and then
LARGE items, and counts the queries of an anonymous visit each time.

Caches are warmed the same way for both counts: the page is rendered once (the site
root, content types and every image rendition come into being), then the Django cache
is emptied, as after a deploy or an eviction. Images must therefore come from a
prefetch, never from a lucky cache hit. The exact count with LARGE items is pinned in
EXPECTED so that a regression - or an improvement - is noticed and the number updated
on purpose.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site
from wagtail.search.backends import get_search_backend

from forums.models import RECENT_PAST_MEETINGS, Registration
from guidelines.models import GuidelinePage, GuidelineSection, GuidelineVersion
from tests import factories

SMALL, LARGE = 2, 50

EXPECTED = {
    "home": 17,  # the view restrictions, once more: which walls this visitor may see; the
    # walls, then each wall's newest ideas read from its index (one query per wall: a single
    # query over all the walls sorted every idea on them; tests/test_idea_db_speed.py)
    "news_index": 15,
    "forum_index": 12,
    "forum": 22,  # the archive's years, after the view restrictions of their meetings;
    # the member associations of this term, and of earlier terms (forums.seats), and the
    # sites' root paths for their directory pages' addresses
    "forum_archive": 15,
    "forum_calendar": 10,
    "site_calendar": 11,
    "forum_feed": 10,
    "meeting": 14,  # the series it belongs to
    "closed_meeting": 14,  # the outcome is the page's own fields and its minutes document
    "meeting_with_registrations": 13,  # the seats taken and the waiting list in one query
    "api_meetings": 8,  # the seats taken and the waiting lists in the meetings' query;
    # the Site of the host, which core.sites keeps per content version (emptied here)
    "guideline": 14,  # the published versions, to say which one the reader sees; the period
    "guideline_history": 11,
    "guideline_version": 12,
    "guideline_compare": 12,
    "guideline_with_comments": 16,  # no PDF; + the comments, the hidden ones' stand-ins,
    # the suggested edits
    "guideline_with_proposals": 15,
    "guideline_proposal": 15,
    "guideline_summary": 14,  # the period, the sections, the comments with their writers,
    # the suggested edits with theirs
    "idea_wall": 13,
    "contacts": 12,
    "standard_with_cards": 13,
    "search": 13,  # the associations: is there a published directory page (+ its view
    # restrictions), and how many match
    "association_directory": 17,  # the letters in use, the fields, one page of associations
    # with their fields and their directory page's address
    "association_search": 18,  # the search, then the page of results with their fields
    "association_page": 16,  # + the forums it sits on: this term's seats and earlier ones
    "api_associations": 6,
    "association_report_form": 6,  # the site, the record, its fields of activity
}


@dataclass
class Scenario:
    url: str | Callable[[], str]  # a callable when the address depends on what was added
    add: Callable[[int], None]
    marker: str  # appears once in the page for every item a visitor sees
    per_page: int | None = None  # listings that paginate show at most this many
    per_item: int = 1  # how many times one added batch shows the marker
    offset: int = 0  # markers shown before anything is added
    shows: Callable[[int], int] | None = None  # how many a page with `total` batches shows

    def shown(self, total):
        if self.shows is not None:
            return self.shows(total)
        total = total * self.per_item + self.offset
        return total if self.per_page is None else min(total, self.per_page)


def _card_with_photo(**kwargs):
    return factories.ContactCardFactory(
        photo=factories.PhotoFactory(), photo_alt_text="Henkilön kasvokuva", **kwargs
    )


def _home(home):
    index = factories.ForumIndexPageFactory(parent=home)
    news_index = factories.NewsIndexPageFactory(parent=home)
    wall = factories.IdeaWallPageFactory(parent=home)

    def add(count):
        for _ in range(count):
            forum = factories.ForumPageFactory(parent=index, coordinator=_card_with_photo())
            factories.ForumMeetingPageFactory(parent=forum)
            factories.NewsPageFactory(
                parent=news_index, image=factories.PhotoFactory(), image_alt_text="Kuva"
            )
            factories.IdeaFactory(wall=wall)

    # The front page shows the three next meetings, three newest articles and five
    # newest ideas, but every coordinator of a published forum.
    return Scenario(home.url, add, marker='class="contact-card"')


def _meeting_with_registrations(home):
    """Registrations show as counts only: the page's queries stay the same however many."""
    index = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(parent=index)
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, registration_open=True, seats=LARGE, max_companions=2
    )

    def add(count):
        for number in range(count):
            Registration.objects.create(
                meeting=meeting,
                name="Ilmoittautuja",
                email=f"ilmoittautuja{Registration.objects.count()}-{number}@latu.example",
                companions=number % 3,
                state="confirmed" if number % 2 else "waiting",
            )

    return Scenario(meeting.url, add, marker='class="registration__counts"', per_item=0, offset=1)


def _api_meetings(home):
    """The API's meetings carry their registration counts: one query for all of them."""
    index = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(parent=index)

    def add(count):
        for number in range(count):
            meeting = factories.ForumMeetingPageFactory(
                parent=forum, registration_open=True, seats=10
            )
            Registration.objects.create(
                meeting=meeting,
                name="Ilmoittautuja",
                email=f"api{number}@latu.example",
                companions=number % 3,
                state="confirmed" if number % 2 else "waiting",
            )

    return Scenario("/api/meetings/?page_size=100", add, marker='"seats_left"', per_page=100)


def _news_index(home):
    index = factories.NewsIndexPageFactory(parent=home)

    def add(count):
        for _ in range(count):
            article = factories.NewsPageFactory(
                parent=index, image=factories.PhotoFactory(), image_alt_text="Kuva"
            )
            article.tags.add("seurat", "avustukset")
            article.save()

    return Scenario(index.url, add, marker='class="teaser__image"', per_page=10)


def _forum_index(home):
    index = factories.ForumIndexPageFactory(parent=home)

    def add(count):
        for _ in range(count):
            factories.ForumPageFactory(parent=index, search_description="Tapaamme neljästi.")

    return Scenario(index.url, add, marker='class="teaser__meta"')


# A meeting whose place changed on publish: its page and the forum's list say so.
CHANGED_PLACE = {
    "changed_at": timezone.now(),
    "changes": {"place": {"old": ["Vanha sali", ""], "new": ["Kulttuuritalo Pajula", ""]}},
}


def _forum(home):
    index = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(parent=index, coordinator=_card_with_photo())

    def add(count):
        for number in range(count):
            # Each in a series of its own (the lists say which series a meeting is in),
            # with a published change the list highlights (forums.changes).
            series = factories.MeetingSeriesFactory(forum=forum)
            factories.ForumMeetingPageFactory(parent=forum, series=series, **CHANGED_PLACE)
            # Past meetings over many years: the page links to each year's archive.
            past = timezone.now() - datetime.timedelta(days=30 + 366 * number)
            factories.ForumMeetingPageFactory(
                parent=forum,
                start=past,
                end=past + datetime.timedelta(hours=2),
                series=series,
                summary="<p>Päätettiin.</p>",  # the list says it has minutes
            )

    # Every upcoming meeting, the latest past ones.
    return Scenario(
        forum.url,
        add,
        marker='class="teaser meeting-teaser"',
        shows=lambda total: total + min(total, RECENT_PAST_MEETINGS),
    )


def _forum_archive(home):
    index = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(parent=index)
    year = timezone.localtime().year - 2

    def add(count):
        for day in range(count):
            start = timezone.make_aware(datetime.datetime(year, 1, 2, 17)) + datetime.timedelta(
                days=day % 300
            )
            factories.ForumMeetingPageFactory(
                parent=forum, start=start, end=start + datetime.timedelta(hours=2)
            )

    return Scenario(f"{forum.url}arkisto/{year}/", add, marker='class="teaser meeting-teaser"')


def _forum_calendars(home, address):
    """A forum's upcoming and recent meetings, in its calendar or feed or the site's."""
    index = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(parent=index)

    def add(count):
        for _ in range(count):
            factories.ForumMeetingPageFactory(parent=forum)
            past = timezone.now() - datetime.timedelta(days=30)
            factories.ForumMeetingPageFactory(
                parent=forum, start=past, end=past + datetime.timedelta(hours=2)
            )

    if address == "feed":  # the Atom feed has only the upcoming ones
        return Scenario(lambda: forum.url + "syote/", add, marker="<entry>")
    page = forum if address == "forum" else index
    return Scenario(lambda: page.url + "kalenteri/", add, marker="BEGIN:VEVENT", per_item=2)


def _meeting(home, closed=False):
    index = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(parent=index)
    outcome = {}
    if closed:  # held a week ago; its minutes, attendees and associations come first
        start = timezone.now() - datetime.timedelta(days=7)
        outcome = {
            "start": start,
            "end": start + datetime.timedelta(hours=2),
            "attendee_count": 23,
            "attended_associations": "Järvelän Latu ry\nPajulan Nuorisoseura ry",
        }
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        minutes=factories.DocumentFactory(),
        summary="<p>Päätettiin.</p>",
        series=factories.MeetingSeriesFactory(forum=forum),
        **outcome,
        **CHANGED_PLACE,
    )

    def add(count):
        for _ in range(count):
            factories.MeetingMaterialFactory(meeting=meeting)

    return Scenario(meeting.url, add, marker="Esitysmateriaali")


def _guideline(home):
    guideline = factories.GuidelinePageFactory(parent=home, pdf=factories.DocumentFactory())

    def add(count):
        for _ in range(count):
            factories.GuidelineSectionFactory(page=guideline)

    return Scenario(guideline.url, add, marker='class="guideline-section"')


def _guideline_with_versions(home):
    """A guideline whose every version adds a section: versions and sections both grow."""
    guideline = factories.GuidelinePageFactory(parent=home)
    guideline.save_revision().publish()  # version 1, without sections

    def add(count):
        for _ in range(count):
            draft = GuidelinePage.objects.get(pk=guideline.pk).get_latest_revision_as_object()
            sections = list(draft.sections.all())
            number = len(sections) + 1
            sections.append(
                GuidelineSection(
                    title=f"Kohta {number}",
                    anchor=f"kohta-{number}",
                    body="<p>Tuen muodot: avustukset, tilat ja viestintä.</p>",
                    sort_order=number,
                )
            )
            draft.sections = sections
            draft.change_summary = f"Uusi kohta {number}."
            draft.save_revision().publish()

    def latest():
        return GuidelineVersion.objects.filter(page=guideline).count()

    return guideline, add, latest


def _guideline_history(home):
    guideline, add, _latest = _guideline_with_versions(home)
    # Each added version is one item; version 1 is there from the start.
    return Scenario(guideline.url + "versiot/", add, marker='class="version-list__item"', offset=1)


def _guideline_version(home):
    guideline, add, latest = _guideline_with_versions(home)
    return Scenario(
        lambda: guideline.url + f"versiot/{latest()}/", add, marker='class="guideline-section"'
    )


def _guideline_compare(home):
    guideline, add, latest = _guideline_with_versions(home)
    return Scenario(
        lambda: guideline.url + f"versiot/1/vertaa/{latest()}/",
        add,
        marker="section-change--added",
    )


def _guideline_with_comments(home):
    """An open period; every section has a comment with a reply, and a hidden comment whose
    reply stays under a placeholder."""
    from core.models import ModerationState
    from guidelines.models import CommentPeriod, GuidelineComment, section_fingerprint

    guideline = factories.GuidelinePageFactory(parent=home)
    first = factories.GuidelineSectionFactory(page=guideline)
    guideline.save_revision().publish()
    now = timezone.now()
    period = CommentPeriod.objects.create(
        guideline=guideline,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=7),
        intro="<p>Kommentoikaa.</p>",
        response_due=(now + datetime.timedelta(days=30)).date(),
    )
    added = [first]

    def comment(section, state=ModerationState.PUBLISHED, parent=None):
        return GuidelineComment.objects.create(
            period=period,
            section_key=section.key,
            revision_id=guideline.live_revision_id,
            section_fingerprint=section_fingerprint(section),
            author=factories.ParticipantFactory(),
            body="Tilavuoroja tarvitaan iltaisin.",
            state=state,
            parent=parent,
        )

    def add(count):
        for _ in range(count):
            section = added.pop() if added else factories.GuidelineSectionFactory(page=guideline)
            comment(section, parent=comment(section))
            comment(section, parent=comment(section, state=ModerationState.HIDDEN))

    return Scenario(guideline.url, add, marker='class="guideline-section"')


def _proposal_period(home):
    guideline = factories.GuidelinePageFactory(parent=home)
    factories.GuidelineSectionFactory(page=guideline)
    guideline.save_revision().publish()
    return guideline, factories.CommentPeriodFactory(guideline=guideline)


def _proposal(period, section, state="published"):
    from guidelines.models import GuidelineProposal

    return GuidelineProposal.objects.create(
        period=period,
        section_key=section.key,
        base_revision_id=period.guideline.live_revision_id,
        base_title=section.title,
        base_text="Vanha teksti.",
        text="Uusi teksti.",
        rationale="Selkeämpi.",
        author=factories.ParticipantFactory(),
        state=state,
    )


def _guideline_with_proposals(home):
    """Every section has a suggested edit (and the first one a hidden edit too)."""
    from core.models import ModerationState

    guideline, period = _proposal_period(home)
    first = guideline.sections.get()
    _proposal(period, first, state=ModerationState.HIDDEN)
    added = [first]

    def add(count):
        for _ in range(count):
            section = added.pop() if added else factories.GuidelineSectionFactory(page=guideline)
            _proposal(period, section)

    return Scenario(guideline.url, add, marker='class="section-proposals__item"')


def _guideline_proposal(home):
    """One suggested edit with comments, replies, hidden comments and supporters."""
    from core.models import ModerationState
    from guidelines.models import GuidelineComment, ProposalSupport

    guideline, period = _proposal_period(home)
    proposal = _proposal(period, guideline.sections.get())

    def comment(state=ModerationState.PUBLISHED, parent=None):
        return GuidelineComment.objects.create(
            period=period,
            proposal=proposal,
            section_key=proposal.section_key,
            revision_id=guideline.live_revision_id,
            author=factories.ParticipantFactory(),
            body="Hyvä ehdotus.",
            state=state,
            parent=parent,
        )

    def add(count):
        for _ in range(count):
            comment(parent=comment())
            comment(parent=comment(state=ModerationState.HIDDEN))
            ProposalSupport.objects.create(
                proposal=proposal, participant=factories.ParticipantFactory()
            )

    return Scenario(
        guideline.url + f"ehdotukset/{proposal.pk}/",
        add,
        marker='<div class="comment__body">',
        per_item=3,
    )


def _guideline_summary(home):
    """A concluded period: every section has an answered comment, an unanswered reply and
    a declined suggested edit with a comment on it."""
    from core.models import ModerationState
    from guidelines.models import (
        AnswerOutcome,
        GuidelineComment,
        GuidelineProposal,
        ProposalOutcome,
        section_fingerprint,
    )

    guideline = factories.GuidelinePageFactory(parent=home)
    guideline.save_revision().publish()
    now = timezone.now()
    period = factories.CommentPeriodFactory(
        guideline=guideline,
        starts_at=now - datetime.timedelta(days=10),
        ends_at=now - datetime.timedelta(days=1),
        response_due=now.date(),
        response="<p>Kiitos kommenteista.</p>",
        concluded_at=now,
    )

    def add(count):
        for _ in range(count):
            section = factories.GuidelineSectionFactory(page=guideline)
            fields = {
                "period": period,
                "section_key": section.key,
                "revision_id": guideline.live_revision_id,
                "section_fingerprint": section_fingerprint(section),
                "body": "Tilavuoroja tarvitaan iltaisin.",
                "state": ModerationState.PUBLISHED,
            }
            answered = GuidelineComment.objects.create(
                author=factories.ParticipantFactory(),
                outcome=AnswerOutcome.TAKEN,
                answer="Lisätään iltavuoroja.",
                answered_at=now,
                **fields,
            )
            GuidelineComment.objects.create(
                author=factories.ParticipantFactory(), parent=answered, **fields
            )
            proposal = GuidelineProposal.objects.create(
                period=period,
                section_key=section.key,
                base_revision_id=guideline.live_revision_id,
                base_title=section.title,
                base_text="Vanha sanamuoto.",
                text="Uusi sanamuoto.",
                rationale="Selkeämpi.",
                author=factories.ParticipantFactory(),
                state=ModerationState.PUBLISHED,
                outcome=ProposalOutcome.DECLINED,
                decision_reason="Pidetään ennallaan.",
            )
            GuidelineComment.objects.create(
                author=factories.ParticipantFactory(), proposal=proposal, **fields
            )

    # The comments on a suggested edit are counted under the edit, not listed as the
    # section's: two answers' places per section.
    return Scenario(
        guideline.url + "yhteenveto/", add, marker='class="comment__answer"', per_item=2
    )


def _idea_wall(home):
    wall = factories.IdeaWallPageFactory(parent=home)

    def add(count):
        for _ in range(count):
            factories.IdeaFactory(wall=wall)

    return Scenario(wall.url, add, marker='class="idea"', per_page=20)


def _contacts(home):
    page = factories.ContactsPageFactory(parent=home)
    areas = ["associations", "culture", "sports", "tourism", "wellbeing"]

    def add(count):
        for number in range(count):
            _card_with_photo(responsibility=areas[number % len(areas)])

    return Scenario(page.url, add, marker='class="contact-card__photo"')


def _standard_with_cards(home):
    page = factories.StandardPageFactory(parent=home)

    def add(count):
        for _ in range(count):
            page.body.append(("contact_card", _card_with_photo()))
        page.save()

    return Scenario(page.url, add, marker='class="contact-card__photo"')


def _search(home):
    backend = get_search_backend()

    def add(count):
        for _ in range(count):
            page = factories.StandardPageFactory(parent=home, title="Kulttuuriavustus")
            page.slug = f"kulttuuriavustus-{page.pk}"
            page.save()
            backend.add(page)

    return Scenario("/haku/?q=Kulttuuriavustus", add, marker="<h3><a", per_page=10)


def _association_report_form(home):
    """A stranger's update form: one record's published values, whatever the register holds."""
    from associations.models import Association, ChangeSource
    from associations.register import change_association, create_association

    site = Site.objects.get(is_default_site=True)

    def add(count):
        for _ in range(count):
            number = Association.objects.count()
            create_association(
                site,
                {
                    "name": f"Kyläyhdistys {number} ry",
                    "fields_of_activity": ["village", "culture"],
                    "website": "https://kyla.example/",
                    "published_fields": ["website"],
                },
            )
            first = Association.objects.order_by("pk").first()
            change_association(
                first,
                {"description": f"Muutos {number}"},
                source=ChangeSource.STAFF,
            )

    def url():
        first = Association.objects.order_by("pk").first()
        return f"/yhdistykset/ilmoita/muutos/{first.slug}/"

    return Scenario(url, add, marker='name="fields_of_activity"', shows=lambda total: 6)


def _add_associations(count):
    for _ in range(count):
        factories.AssociationFactory(
            description="Kuorolaulua ja konsertteja.", fields=["culture", "youth"]
        )


def _association_directory(home, search=False):
    page = factories.AssociationDirectoryPageFactory(parent=home)
    url = page.url + ("?haku=kuoro" if search else "")
    return Scenario(url, _add_associations, marker='class="directory-entry"', per_page=20)


def _association_page(home):
    from associations.models import AssociationChange, ChangeSource

    page = factories.AssociationDirectoryPageFactory(parent=home)
    association = factories.AssociationFactory(name="Seurattava Seura ry")

    def add(count):
        # Other associations of the register, and this one's history, grow; the page does not.
        _add_associations(count)
        for _ in range(count):
            AssociationChange.objects.create(association=association, source=ChangeSource.STAFF)

    url = page.url + page.reverse_subpage("association", args=[association.slug])
    return Scenario(url, add, marker="<h1>Seurattava Seura ry</h1>", shows=lambda total: 1)


def _api_associations(home):
    factories.AssociationDirectoryPageFactory(parent=home)
    return Scenario(
        "/api/associations/", _add_associations, marker='"fields_of_activity"', per_page=20
    )


SCENARIOS = {
    "home": _home,
    "news_index": _news_index,
    "forum_index": _forum_index,
    "forum": _forum,
    "forum_archive": _forum_archive,
    "forum_calendar": lambda home: _forum_calendars(home, "forum"),
    "site_calendar": lambda home: _forum_calendars(home, "site"),
    "forum_feed": lambda home: _forum_calendars(home, "feed"),
    "meeting": _meeting,
    "closed_meeting": lambda home: _meeting(home, closed=True),
    "meeting_with_registrations": _meeting_with_registrations,
    "api_meetings": _api_meetings,
    "guideline": _guideline,
    "guideline_history": _guideline_history,
    "guideline_version": _guideline_version,
    "guideline_compare": _guideline_compare,
    "guideline_with_comments": _guideline_with_comments,
    "guideline_with_proposals": _guideline_with_proposals,
    "guideline_proposal": _guideline_proposal,
    "guideline_summary": _guideline_summary,
    "idea_wall": _idea_wall,
    "contacts": _contacts,
    "standard_with_cards": _standard_with_cards,
    "search": _search,
    "association_report_form": _association_report_form,
    "association_directory": _association_directory,
    "association_search": lambda home: _association_directory(home, search=True),
    "association_page": _association_page,
    "api_associations": _api_associations,
}


def _clear_caches():
    for cache in caches.all(initialized_only=True):
        cache.clear()


def _visit_and_count(client, scenario, total):
    """Render once to warm up, empty the cache, then count the queries of a real visit."""
    url = scenario.url() if callable(scenario.url) else scenario.url
    _clear_caches()
    assert client.get(url).status_code == 200
    _clear_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count(scenario.marker) == scenario.shown(total)
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", SCENARIOS)
def test_page_renders_in_a_constant_number_of_queries(client, home_page, name):
    scenario = SCENARIOS[name](home_page)

    scenario.add(SMALL)
    with_few = _visit_and_count(client, scenario, SMALL)
    scenario.add(LARGE - SMALL)
    with_many = _visit_and_count(client, scenario, LARGE)

    assert with_few == with_many, (
        f"{name}: {with_few} queries with {SMALL}, {with_many} with {LARGE}"
    )
    assert with_many == EXPECTED[name], f"{name}: pinned {EXPECTED[name]}, now {with_many}"


# --- The association register's pages for contact persons (associations.removals,
# associations.confirmation) -------------------------------------------------------------


def _register_association(number, **values):
    from wagtail.models import Site

    from associations.register import create_association

    return create_association(
        Site.objects.get(is_default_site=True),
        {
            "name": f"Laskuriseura {number} ry",
            "fields_of_activity": ["sports", "culture"],
            **values,
        },
    )


def _removal_form(home):
    added = []

    def add(count):
        for _ in range(count):
            added.append(_register_association(len(added)))

    # Every published association is an option, after the empty choice.
    return Scenario("/yhdistysrekisteri/poistopyynto/", add, marker="<option value=", offset=1)


def _association_confirmation(home):
    from urllib.parse import urlsplit

    from associations.confirmation import confirmation_url
    from associations.models import Association

    own = _register_association("oma", contact_email="oma@seura.example")
    Association.objects.filter(pk=own.pk).update(confirmation_requested_at=timezone.now())
    own.refresh_from_db()
    added = []

    def add(count):
        for _ in range(count):
            added.append(_register_association(len(added)))

    # Other associations never show; the page is the one record's, whatever their number.
    return Scenario(
        urlsplit(confirmation_url(own)).path,
        add,
        marker="Laskuriseura oma ry</h2>",
        shows=lambda total: 1,
    )


def _privacy_notice(home):
    page = factories.PrivacyNoticePageFactory(parent=home)
    added = []

    def add(count):
        for _ in range(count):
            added.append(_register_association(len(added)))

    # The register's size changes nothing on its notice: six rich-text sections.
    return Scenario(page.url, add, marker='class="rich-text"', shows=lambda total: 6)


SCENARIOS["removal_form"] = _removal_form
SCENARIOS["association_confirmation"] = _association_confirmation
SCENARIOS["privacy_notice"] = _privacy_notice
EXPECTED["removal_form"] = 4  # the published associations, in one query
EXPECTED["association_confirmation"] = 5  # the record and its fields of activity
EXPECTED["privacy_notice"] = 10


# --- Forum seats (forums.seats): the member associations on the forum page, and the
# nomination page of a representative of many associations with many nominations ---

SEAT_EXPECTED = {"forum_with_seats": 22, "nomination_page": 19}


def _seated_association(number):
    from wagtail.models import Site

    from associations.models import Association

    return Association.objects.create(
        site=Site.objects.get(is_default_site=True),
        name=f"Seura {number} ry",
        slug=f"seura-{number}",
        confirmed_at=timezone.now(),
    )


def _seat(forum, association, user=None, **values):
    from forums.models import ForumSeat, council_term

    start, end = council_term()
    values = {
        "term_start": start,
        "term_end": end,
        "state": "approved",
        "member_name": "Maija Jäsen",
        "member_email": "maija@seura.example",
        "member_name_public": True,
        "nominated_by": user,
    } | values
    return ForumSeat.objects.create(forum=forum, association=association, **values)


def _forum_with_seats(home, user=None):
    from associations.models import Representation

    index = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(parent=index, coordinator=_card_with_photo())
    added = []

    def add(count):
        for _ in range(count):
            association = _seated_association(len(added))
            added.append(association)
            if user is not None:
                Representation.objects.create(user=user, association=association, state="confirmed")
            _seat(forum, association, user, state="nominated" if user else "approved")
            # Who sat in the term before: the page lists every earlier term.
            _seat(
                forum,
                association,
                user,
                term_start=datetime.date(2017, 6, 1) + datetime.timedelta(days=len(added)),
                term_end=datetime.date(2021, 5, 31),
                state="approved",
            )

    return forum, add


@pytest.mark.django_db
def test_the_forum_page_with_seats_renders_in_a_constant_number_of_queries(client, home_page):
    forum, add = _forum_with_seats(home_page)
    scenario = Scenario(forum.url, add, marker='class="forum-seat"', per_item=2)
    scenario.add(SMALL)
    with_few = _visit_and_count(client, scenario, SMALL)
    scenario.add(LARGE - SMALL)
    with_many = _visit_and_count(client, scenario, LARGE)
    assert with_few == with_many == SEAT_EXPECTED["forum_with_seats"], (with_few, with_many)


@pytest.mark.django_db
def test_the_nomination_page_renders_in_a_constant_number_of_queries(client, home_page):
    representative = factories.ParticipantFactory()
    forum, add = _forum_with_seats(home_page, representative)
    client.force_login(representative)
    # One option per association and one withdraw button per open nomination.
    scenario = Scenario(
        forum.url + forum.reverse_subpage("nominate"), add, marker='name="withdraw"'
    )
    scenario.add(SMALL)
    with_few = _visit_and_count(client, scenario, SMALL)
    scenario.add(LARGE - SMALL)
    with_many = _visit_and_count(client, scenario, LARGE)
    assert with_few == with_many == SEAT_EXPECTED["nomination_page"], (with_few, with_many)


# --- The regional overview (regions): every municipality's figures on the region's site ---

# The page's own and the chrome's, then regions.figures: the municipalities with their
# codes, the view restrictions once, the proof pages of each kind (forum indexes,
# guidelines, contacts pages, directories, walls), the meetings held, the guidelines'
# versions and comment periods, the association contact cards, the register's counts, and
# the ideas, comments and votes counted per wall and window.
REGIONAL_OVERVIEW_EXPECTED = 25


@pytest.mark.django_db
def test_the_regional_overview_renders_in_a_constant_number_of_queries():
    """However many municipalities, meetings and ideas: each kind of record is one query
    for all of them (regions.figures)."""
    from django.test import Client

    from tests.regional import build_region, small_municipality

    build_region()
    client = Client(HTTP_HOST="seutu.localhost")
    added = []

    def add(count):
        for _ in range(count):
            number = len(added)
            added.append(small_municipality(f"Kunta {number}", f"kunta-{number}"))

    scenario = Scenario("/yleiskatsaus/", add, marker='data-figure="regular_forums"', offset=2)
    scenario.add(SMALL)
    with_few = _visit_and_count(client, scenario, SMALL)
    scenario.add(LARGE // 10 - SMALL)
    with_many = _visit_and_count(client, scenario, LARGE // 10)
    assert with_few == with_many == REGIONAL_OVERVIEW_EXPECTED, (with_few, with_many)
