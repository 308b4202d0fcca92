"""The demo's three municipalities of different sizes and their region's site.

Järvelä (large, the default Site; tests/test_demo.py checks its content), Koivikko
(medium: forum since last quarter, adopted guideline), Lahdenperä (small: the skeleton,
one culture card, a first forum evening ahead) and the region (Järviseutu, its own site).
Each loads through home.municipalities.create_municipality and the apps' demo modules.
"""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from accounts.models import User
from associations.models import Association, AssociationDirectoryPage
from contacts.models import ContactCard, ContactsPage, Responsibility
from core.demo import HELSINKI
from core.models import MunicipalityGroup, SiteSettings, StaffRole
from core.municipalities import can_administer, municipalities, municipality_by_code
from forums.models import ForumIndexPage, ForumMeetingPage, ForumPage, MeetingStatus, Registration
from guidelines.models import GuidelinePage, GuidelineStatus
from home.models import AccessibilityStatementPage, HomePage, PrivacyNoticePage
from ideas.models import Idea, IdeaComment, IdeaVote, IdeaWallPage
from news.models import NewsIndexPage, NewsPage

SKELETON = [
    ForumIndexPage,
    NewsIndexPage,
    GuidelinePage,
    IdeaWallPage,
    ContactsPage,
    AssociationDirectoryPage,
    AccessibilityStatementPage,
    PrivacyNoticePage,
]
CODES = {
    "jarvela": "jarvela.localhost",
    "koivikko": "koivikko.localhost",
    "lahdenpera": "lahdenpera.localhost",
    "jarviseutu": "seutu.localhost",
}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    return {code: municipality_by_code(code) for code in CODES}


def in_site(model, site):
    return model.objects.descendant_of(site.root_page)


def quarter_start(day):
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def quarters_back(count):
    """[(first day, first day of the next)] of this quarter and `count - 1` before it."""
    start = quarter_start(timezone.localdate(timezone=HELSINKI))
    quarters = [(start, None)]
    while len(quarters) < count:
        previous = quarter_start(quarters[-1][0] - timedelta(days=1))
        quarters.append((previous, quarters[-1][0]))
    return quarters


def held_in(site, first, following):
    """Meetings held (past, not cancelled) on the Site between two days (None: until now)."""
    starts = datetime.combine(first, time(0), tzinfo=HELSINKI)
    meetings = (
        in_site(ForumMeetingPage, site)
        .live()
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(start__gte=starts, end__lt=timezone.now())
    )
    if following is not None:
        meetings = meetings.filter(start__lt=datetime.combine(following, time(0), tzinfo=HELSINKI))
    return meetings


def test_three_municipalities_and_the_region_each_on_their_own_localhost_name(demo):
    for code, hostname in CODES.items():
        assert demo[code] is not None, code
        assert demo[code].hostname == hostname
    assert Site.objects.get(is_default_site=True) == demo["jarvela"]
    assert SiteSettings.for_site(demo["jarviseutu"]).is_regional
    assert demo["jarviseutu"].site_name == "Järviseudun järjestöyhteistyö"
    assert {site.pk for site in municipalities()} == {
        demo[code].pk for code in ("jarvela", "koivikko", "lahdenpera")
    }
    accents = {SiteSettings.for_site(demo[code]).accent_colour for code in CODES}
    assert len(accents) == 4, "each site its own accent colour"


def test_each_sites_tree_holds_its_own_skeleton(demo, client):
    for code in ("jarvela", "koivikko", "lahdenpera"):
        site = demo[code]
        assert isinstance(site.root_page.specific, HomePage)
        for model in SKELETON:
            assert model.objects.child_of(site.root_page).count() == 1, (code, model)
        statement = SiteSettings.for_site(site).accessibility_statement
        assert statement.get_parent().pk == site.root_page.pk
        response = client.get("/", HTTP_HOST=f"{site.hostname}:{site.port}")
        assert response.status_code == 200
        assert site.site_name in response.content.decode()
    region = demo["jarviseutu"]
    children = {type(page.specific) for page in region.root_page.get_children()}
    assert {AccessibilityStatementPage, PrivacyNoticePage} <= children
    assert not children & {ForumIndexPage, GuidelinePage, IdeaWallPage, AssociationDirectoryPage}


def test_each_municipality_has_its_own_staff_groups_with_a_demo_editor_and_moderator(demo):
    for code in ("jarvela", "koivikko", "lahdenpera"):
        site = demo[code]
        for role, address in ((StaffRole.EDITORS, "toimittaja"), (StaffRole.MODERATORS, "mod")):
            group = MunicipalityGroup.objects.get(site=site, role=role).group
            member = User.objects.get(email__startswith=address, email__endswith=f"@{code}.example")
            assert group in member.groups.all()
            assert not member.has_usable_password()
            assert can_administer(member, site)
            others = [demo[other] for other in CODES if other != code]
            assert not any(can_administer(member, other) for other in others)


def test_koivikko_has_adopted_its_guideline_and_meets_since_last_quarter(demo):
    site = demo["koivikko"]
    guideline = in_site(GuidelinePage, site).get()
    assert guideline.live
    assert guideline.status == GuidelineStatus.ADOPTED
    assert guideline.adopted_on is not None
    assert not guideline.comment_periods.exists()

    cards = ContactCard.objects.published().filter(site=site)
    assert cards.filter(responsibility=Responsibility.ASSOCIATIONS).exists()

    associations = Association.objects.on_site(site)
    assert 8 <= associations.count() <= 12
    this_year = timezone.now().year
    confirmed = [a.confirmed_at.year == this_year for a in associations]
    assert any(confirmed)
    assert not all(confirmed)

    assert 1 <= in_site(ForumPage, site).live().count() <= 2
    (current, _), (previous, following) = quarters_back(2)
    for first, then in ((current, None), (previous, following)):
        held = held_in(site, first, then)
        assert held.exists(), first
        for meeting in held:
            assert meeting.attendee_count
            assert meeting.attended_associations
    assert not held_in(site, quarter_start(previous - timedelta(days=1)), previous).exists()
    assert in_site(ForumMeetingPage, site).live().upcoming().exists()

    ideas = Idea.objects.filter(wall__in=in_site(IdeaWallPage, site))
    assert 3 <= ideas.count() <= 8
    assert IdeaComment.objects.filter(idea__in=ideas).exists()
    assert IdeaVote.objects.filter(idea__in=ideas).exists()
    assert in_site(NewsPage, site).live().exists()


def test_lahdenpera_has_its_skeleton_a_culture_card_and_a_first_forum_evening_ahead(demo):
    site = demo["lahdenpera"]
    guideline = in_site(GuidelinePage, site).get()
    assert not guideline.live, "a skeleton only: nothing published"
    cards = ContactCard.objects.filter(site=site)
    assert list(cards.values_list("responsibility", flat=True)) == [Responsibility.CULTURE]
    (forum,) = in_site(ForumPage, site).live()
    meetings = ForumMeetingPage.objects.child_of(forum).live()
    assert meetings.count() == 1
    assert meetings.upcoming().count() == 1
    assert 2 <= Association.objects.on_site(site).count() <= 3
    assert 1 <= Idea.objects.filter(wall__in=in_site(IdeaWallPage, site)).count() <= 2


def test_jarvela_has_held_a_meeting_in_each_of_the_last_six_quarters(demo):
    for first, following in quarters_back(6):
        held = held_in(demo["jarvela"], first, following)
        assert held.exists(), first
        for meeting in held:
            assert meeting.attendee_count, meeting.title
            assert meeting.attended_associations, meeting.title
    assert not ForumMeetingPage.objects.descendant_of(demo["lahdenpera"].root_page).past().exists()


def test_one_participant_writes_on_two_walls_each_text_staying_on_its_own(demo):
    ilmari = User.objects.get(email="ilmari.jokela@demo.example")
    walls = {code: in_site(IdeaWallPage, demo[code]).get() for code in ("jarvela", "koivikko")}
    for wall in walls.values():
        assert Idea.objects.filter(author=ilmari, wall=wall).exists()
        assert IdeaComment.objects.filter(author=ilmari, idea__wall=wall).exists()
    assert not Idea.objects.filter(author=ilmari).exclude(wall__in=walls.values()).exists()


def test_no_name_is_used_in_two_municipalities(demo):
    by_site = {}
    for code in ("jarvela", "koivikko", "lahdenpera"):
        site = demo[code]
        names = set(ContactCard.objects.filter(site=site).values_list("name", flat=True))
        names |= set(Association.objects.on_site(site).values_list("name", flat=True))
        ideas = Idea.objects.filter(wall__in=in_site(IdeaWallPage, site))
        names |= set(ideas.values_list("title", flat=True))
        for model in (ForumPage, ForumMeetingPage, NewsPage):
            names |= set(in_site(model, site).values_list("title", flat=True))
        by_site[code] = names
    for code, names in by_site.items():
        for other, other_names in by_site.items():
            if other != code:
                assert not names & other_names, (code, other, names & other_names)


def test_loading_the_demo_again_creates_nothing(demo):
    def counts():
        return {
            "pages": Page.objects.count(),
            "revisions": Revision.objects.count(),
            "sites": Site.objects.count(),
            "users": User.objects.count(),
            "groups": MunicipalityGroup.objects.count(),
            "cards": ContactCard.objects.count(),
            "associations": Association.objects.count(),
            "ideas": Idea.objects.count(),
            "comments": IdeaComment.objects.count(),
            "votes": IdeaVote.objects.count(),
            "registrations": Registration.objects.count(),
        }

    first = counts()
    out = io.StringIO()
    call_command("load_demo", verbosity=0, stdout=out)
    assert counts() == first
    assert "(0 objects created)" in out.getvalue()
