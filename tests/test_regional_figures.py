"""The regional overview's figures (regions.figures): its rules, and the Done-when check
that the page, the API, the CSV and the XLSX give for the demo exactly what straight
queries of the demo data count, written here without regions.figures."""

import csv
import datetime
import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Site

from associations.models import Association
from contacts.models import ContactCard
from core.models import ModerationState, SiteSettings
from forums.models import ForumMeetingPage
from guidelines.models import CommentPeriod, GuidelinePage, GuidelineVersion
from ideas.models import Idea, IdeaComment, IdeaVote
from regions.figures import GuidelineState, regional_overview
from regions.models import RegionalOverviewPage
from tests.regional import build_region, meeting, quarter_start, small_municipality

pytestmark = pytest.mark.django_db


def by_code(overview):
    return {figures.code: figures for figures in overview.municipalities}


# --- The rules, on two municipalities built with the factories ---


@pytest.fixture
def region():
    return build_region()


def test_the_regions_own_site_is_not_a_municipality(region):
    overview = regional_overview()
    assert [figures.code for figures in overview.municipalities] == ["alppila", "birkala"]
    assert all(figure.total == 2 for figure in overview.headline)


def test_a_meeting_in_only_one_quarter_is_not_regular_two_quarters_are(region):
    assert by_code(regional_overview())["birkala"].regular_forums is False
    assert by_code(regional_overview())["alppila"].regular_forums is True
    # A meeting held in the quarter under way, after the one of the previous quarter.
    forum = region.pages["b_latest"].get_parent()
    today = timezone.localdate()
    if today > quarter_start(today):
        meeting(forum, quarter_start(today))
        assert by_code(regional_overview())["birkala"].regular_forums is True


def test_a_gap_of_a_quarter_is_not_regular(region):
    """Met two and three quarters back, not in the last one: not regular."""
    forum = region.pages["b_latest"].get_parent()
    today = timezone.localdate()
    region.pages["b_latest"].delete()
    meeting(forum, quarter_start(today, 2) + datetime.timedelta(days=5))
    meeting(forum, quarter_start(today, 3) + datetime.timedelta(days=5))
    assert by_code(regional_overview())["birkala"].regular_forums is False


def test_the_history_counts_each_quarter_as_of_its_last_day(region):
    """Alppila met two quarters back and in the last one: regular from the end of the last
    quarter on, not at the end of the one before (its previous quarter had no meeting)."""
    history = regional_overview().history
    assert [point.counts["regular_forums"] for point in history] == [0, 0, 0, 0, 1, 1]
    # Birkala met three and two quarters back, not since: regular as of the last day of each
    # of the two quarters after its first meeting (the quarter ending then still under way),
    # no longer today.
    forum = region.pages["b_latest"].get_parent()
    region.pages["b_latest"].delete()
    for back in (3, 2):
        meeting(forum, quarter_start(timezone.localdate(), back) + datetime.timedelta(days=5))
    history = regional_overview().history
    assert [point.counts["regular_forums"] for point in history] == [0, 0, 0, 1, 2, 1]
    assert history[-2].as_of == quarter_start(timezone.localdate()) - datetime.timedelta(days=1)
    assert [point.complete for point in history] == [True] * 5 + [False]


def test_a_cancelled_meeting_does_not_count(region):
    alppila = by_code(regional_overview())["alppila"]
    assert alppila.meetings_held == 2
    # The cancelled meeting is the latest in the past: the proof is the one held before it.
    assert alppila.regular_forums_url == region.pages["a_latest"].get_full_url()
    # Cancelling the meeting of the previous quarter makes the forums irregular.
    held = region.pages["a_latest"]
    held.status = "cancelled"
    held.attendee_count = None
    held.attended_associations = ""
    held.save()
    alppila = by_code(regional_overview())["alppila"]
    assert alppila.meetings_held == 1
    assert alppila.regular_forums is False


def test_an_upcoming_or_unpublished_meeting_does_not_count(region):
    forum = region.pages["b_latest"].get_parent()
    draft = meeting(forum, quarter_start(timezone.localdate(), 2) + datetime.timedelta(days=3))
    draft.unpublish()
    birkala = by_code(regional_overview())["birkala"]
    assert birkala.meetings_held == 1
    assert birkala.regular_forums is False


def test_hidden_and_pending_ideas_and_comments_do_not_count(region):
    alppila = by_code(regional_overview())["alppila"]
    assert (alppila.ideas, alppila.idea_comments, alppila.idea_votes) == (2, 1, 1)
    shown = Idea.objects.get(title="Yhteinen kalenteri")
    shown.state = ModerationState.HIDDEN
    shown.save()
    alppila = by_code(regional_overview())["alppila"]
    # Its comment and its vote go with it.
    assert (alppila.ideas, alppila.idea_comments, alppila.idea_votes) == (1, 0, 0)


def test_ideas_older_than_twelve_months_do_not_count(region):
    Idea.objects.filter(title="Lisää penkkejä").update(
        created_at=timezone.now() - relativedelta(months=13)
    )
    assert by_code(regional_overview())["alppila"].ideas == 1


def test_a_draft_guideline_is_not_adopted(region):
    birkala = by_code(regional_overview())["birkala"]
    assert birkala.guideline_state == GuidelineState.BEING_WRITTEN
    assert birkala.guideline_adopted_on is None
    # Without its comment period, a published draft is not being written either.
    CommentPeriod.objects.all().delete()
    assert by_code(regional_overview())["birkala"].guideline_state == GuidelineState.NONE
    # Unpublished, there is no guideline at all.
    region.pages["a_guideline"].unpublish()
    alppila = by_code(regional_overview())["alppila"]
    assert alppila.guideline_state == GuidelineState.NONE
    assert alppila.guideline_url is None


def test_an_adopted_version_counts_from_its_publishing(region):
    """A guideline published as adopted (a GuidelineVersion) counts in the quarters after."""
    guideline = GuidelinePage.objects.get(pk=region.pages["b_guideline"].pk)
    guideline.status = "adopted"
    guideline.adopted_on = timezone.localdate()
    guideline.change_summary = "Hyväksytty."
    guideline.save_revision().publish()
    assert GuidelineVersion.objects.filter(page=guideline).count() == 1
    overview = regional_overview()
    birkala = by_code(overview)["birkala"]
    assert birkala.guideline_state == GuidelineState.ADOPTED
    assert birkala.guideline_adopted_on == timezone.localdate()
    assert [point.counts["guideline_adopted"] for point in overview.history][-2:] == [1, 2]


def test_only_a_published_card_for_association_cooperation_names_a_contact_person(region):
    card = ContactCard.objects.get(name="Aino Alppila")
    card.live = False
    card.save()
    assert by_code(regional_overview())["alppila"].contact_person is False


def test_confirmations_count_for_the_calendar_year(region):
    alppila = by_code(regional_overview())["alppila"]
    assert (alppila.associations, alppila.associations_confirmed) == (3, 2)
    # As of the end of last year (all three in the register since the year before), only
    # the confirmation made last year counts: this year's had not happened.
    Association.objects.update(created_at=timezone.now() - relativedelta(years=2))
    last_year = datetime.date(timezone.localdate().year - 1, 12, 31)
    assert by_code(regional_overview(as_of=last_year))["alppila"].associations_confirmed == 1


def test_the_overview_takes_a_constant_number_of_queries(region):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        regional_overview()
    small_municipality("Cedertorp", "cedertorp")
    with CaptureQueriesContext(connection) as more:
        regional_overview()
    assert len(more) == len(few)


# --- Done when: the demo's figures equal straight counts of the demo data ---


def demo_is_loaded():
    return SiteSettings.objects.filter(is_regional=True).exists()


def expected_figures():
    """Every municipality's figures counted straight from the records, by the rules of
    regions.figures (its docstring), as a person checking the overview would count them."""
    now = timezone.now()
    today = timezone.localdate()
    year_ago = now - relativedelta(months=12)
    this_year = timezone.make_aware(datetime.datetime(today.year, 1, 1))

    def quarter(day):
        return (day.year, (day.month - 1) // 3)

    current = quarter(today)
    previous = quarter(quarter_start(today, 1))
    before = quarter(quarter_start(today, 2))
    regional = SiteSettings.objects.filter(is_regional=True).values("site")
    expected = {}
    for site in Site.objects.exclude(pk__in=regional).select_related("root_page"):
        code = SiteSettings.for_site(site).code
        root = site.root_page.path
        held = (
            ForumMeetingPage.objects.live()
            .public()
            .filter(path__startswith=root, end__lt=now)
            .exclude(status__in=["cancelled", "postponed"])
        )
        last_year = held.filter(start__gt=year_ago)
        quarters = {quarter(timezone.localtime(m.start).date()) for m in held}
        names = {
            line.strip().casefold()
            for m in last_year
            for line in m.attended_associations.splitlines()
            if line.strip()
        }
        guideline = GuidelinePage.objects.live().public().filter(path__startswith=root).first()
        state, adopted_on = "none", None
        if guideline is not None:
            versions = list(GuidelineVersion.objects.filter(page=guideline).order_by("number"))
            adopted = [v for v in versions if v.content.get("status") == "adopted"]
            periods = CommentPeriod.objects.filter(guideline=guideline, starts_at__lte=now)
            open_now = periods.filter(ends_at__gt=now, concluded_at=None).exists()
            if adopted:
                state = "adopted"
                adopted_on = adopted[-1].content.get("adopted_on")
            elif not versions and guideline.status == "adopted":
                state, adopted_on = "adopted", guideline.adopted_on.isoformat()
            elif open_now or (
                periods.exists()
                and (versions[-1].content.get("status") if versions else guideline.status)
                != "adopted"
            ):
                state = "being_written"
        ideas = Idea.objects.filter(
            wall__path__startswith=root,
            wall__live=True,
            state=ModerationState.PUBLISHED,
            held_by_reports=False,
            withdrawn_at=None,
        )
        expected[code] = {
            "regular_forums": previous in quarters and (current in quarters or before in quarters),
            "meetings_held": last_year.count(),
            "forums_held": len({m.get_parent().pk for m in last_year}),
            "associations_attended": len(names),
            "attendees": sum(m.attendee_count or 0 for m in last_year),
            "guideline_state": state,
            "guideline_adopted_on": adopted_on,
            "contact_person": ContactCard.objects.filter(
                site=site, live=True, responsibility="associations"
            ).exists(),
            "associations": Association.objects.filter(site=site).count(),
            "associations_confirmed": Association.objects.filter(
                site=site, confirmed_at__gte=this_year
            ).count(),
            "ideas": ideas.filter(created_at__gt=year_ago).count(),
            "idea_comments": IdeaComment.objects.filter(
                idea__in=ideas,
                state=ModerationState.PUBLISHED,
                held_by_reports=False,
                created_at__gt=year_ago,
            ).count(),
            "idea_votes": IdeaVote.objects.filter(idea__in=ideas, created_at__gt=year_ago).count(),
        }
    return expected


def expected_headline(expected):
    rows = expected.values()
    return {
        "regular_forums": sum(r["regular_forums"] for r in rows),
        "guideline": sum(r["guideline_state"] != "none" for r in rows),
        "guideline_adopted": sum(r["guideline_state"] == "adopted" for r in rows),
        "contact_person": sum(r["contact_person"] for r in rows),
        "idea_wall": sum(r["ideas"] > 0 for r in rows),
    }


def overview_host():
    page = RegionalOverviewPage.objects.live().get()
    site = page.get_site()
    return page, Client(HTTP_HOST=site.hostname)


def assert_everywhere_equal(expected):
    page, client = overview_host()
    headline = expected_headline(expected)
    body = json.loads(client.get("/api/regions/overview/").content)
    api = {m["code"]: m for m in body["municipalities"]}
    assert set(api) == set(expected)
    for code, figures in expected.items():
        assert {key: api[code][key] for key in figures} == figures, code
    assert {f["key"]: f["count"] for f in body["headline"]} == headline
    assert body["history"][-1] | headline == body["history"][-1]

    response = client.get(page.url)
    soup = BeautifulSoup(response.content, "html.parser")
    counts = [int(c.get_text()) for c in soup.find_all(class_="overview-headline__count")]
    assert counts == list(headline.values())
    rows = soup.find("table", class_="overview-table").tbody.find_all("tr")
    names = {m["name"]: code for code, m in api.items()}
    for row in rows:
        code = names[row.th.get_text(strip=True)]
        figures = expected[code]

        def numbers(figure, row=row):
            cell = row.find("td", attrs={"data-figure": figure})
            return [int(n) for n in re.findall(r"\d+", cell.get_text(" ", strip=True))]

        assert numbers("meetings") == [
            figures["meetings_held"],
            figures["forums_held"],
            figures["associations_attended"],
        ]
        assert numbers("associations") == [
            figures["associations"],
            figures["associations_confirmed"],
        ]
        assert numbers("idea_wall") == [
            figures["ideas"],
            figures["idea_comments"],
            figures["idea_votes"],
        ]
        regular = row.find("td", attrs={"data-figure": "regular_forums"}).get_text(strip=True)
        assert regular == ("Kyllä" if figures["regular_forums"] else "Ei")

    csv_response = client.get(page.url + page.reverse_subpage("csv"))
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(page.url + page.reverse_subpage("xlsx")).streaming_content))
    )
    sheet = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    for rows_read, as_number in ((table, int), (sheet, lambda v: v)):
        heading = rows_read[0]
        for values in rows_read[1:]:
            row = dict(zip(heading, values, strict=True))
            figures = expected[row["Tunnus"]]
            assert as_number(row["Kokoukset 12 kk"]) == figures["meetings_held"]
            assert as_number(row["Yhdistyksiä rekisterissä"]) == figures["associations"]
            assert as_number(row["Vahvistettu tänä vuonna"]) == figures["associations_confirmed"]
            assert as_number(row["Ideat 12 kk"]) == figures["ideas"]
            assert as_number(row["Äänet 12 kk"]) == figures["idea_votes"]
            assert row["Säännölliset foorumit"] == ("kyllä" if figures["regular_forums"] else "ei")


def test_the_figures_equal_straight_counts_on_factory_municipalities(region):
    assert_everywhere_equal(expected_figures())


@pytest.fixture
def demo(db):
    from home import demo as home_demo

    home_demo.load()
    assert demo_is_loaded(), "home's demo makes the region's own site"
    call_command("load_regional_demo", stdout=io.StringIO())


def test_the_demos_figures_equal_straight_counts_of_the_demo_data(demo):
    expected = expected_figures()
    assert {"jarvela", "koivikko", "lahdenpera"} <= set(expected)
    assert "jarviseutu" not in expected
    assert_everywhere_equal(expected)
