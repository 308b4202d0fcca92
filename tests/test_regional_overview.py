"""The regional overview page, its downloads, its API answers and its purges, on two
invented municipalities and the region's own site (tests/regional.py)."""

import csv
import datetime
import io
import json
import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from core.models import SiteSettings
from ideas.models import IdeaVote
from regions.models import RegionalOverviewPage
from tests import factories
from tests.regional import build_region, meeting, quarter_start
from tests.test_html_validity import vnu_command  # noqa: F401 (the Nu checker's fixture)

pytestmark = pytest.mark.django_db

REGION_HOST = "seutu.localhost"


@pytest.fixture
def region():
    return build_region()


def visitor():
    return Client(HTTP_HOST=REGION_HOST)


def overview_page(client=None):
    response = (client or visitor()).get("/yleiskatsaus/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def municipality_rows(soup):
    table = soup.find("table", class_="overview-table")
    return {row.th.get_text(strip=True): row for row in table.tbody.find_all("tr")}


def cell(row, figure):
    return row.find("td", attrs={"data-figure": figure})


def numbers(element):
    return [int(n) for n in re.findall(r"\d+", element.get_text(" ", strip=True))]


def test_the_overview_lists_every_municipality_but_the_regions_own_site(region):
    rows = municipality_rows(overview_page())
    assert list(rows) == ["Alppila", "Birkala"]


def test_each_figure_links_to_the_municipalitys_own_page_that_proves_it(region):
    rows = municipality_rows(overview_page())
    alppila, birkala = rows["Alppila"], rows["Birkala"]
    pages = region.pages

    regular = cell(alppila, "regular_forums").a
    assert regular.get_text(strip=True) == "Kyllä"
    # The latest meeting held, on Alppila's own address: not the cancelled one after it.
    assert regular["href"] == pages["a_latest"].get_full_url()
    assert regular["href"].startswith("http://alppila.localhost/")
    assert cell(birkala, "regular_forums").get_text(strip=True) == "Ei"

    meetings = cell(alppila, "meetings")
    assert meetings.a["href"] == "http://alppila.localhost/foorumit/"
    # 2 meetings held (the cancelled one is not), 1 forum, 3 associations (one typed twice).
    assert numbers(meetings) == [2, 1, 3]
    assert meetings.get_text(strip=True) == "2 kokousta, 1 foorumi, 3 yhdistystä osallistui"

    guideline = cell(alppila, "guideline")
    assert guideline.a["href"] == pages["a_guideline"].get_full_url()
    assert guideline.get_text(" ", strip=True) == "Hyväksytty 10.3.2025"
    written = cell(birkala, "guideline")
    assert written.a["href"] == pages["b_guideline"].get_full_url()
    assert "Työn alla" in written.get_text(" ", strip=True)
    assert "kommentointi auki" in written.get_text(" ", strip=True)

    contact = cell(alppila, "contact_person").a
    assert (contact.get_text(strip=True), contact["href"]) == (
        "Aino Alppila",
        "http://alppila.localhost/yhteystiedot/",
    )
    # Birkala's only card is for culture: nobody is named for association cooperation.
    assert cell(birkala, "contact_person").get_text(strip=True) == "Ei nimetty"

    associations = cell(alppila, "associations")
    assert associations.a["href"] == "http://alppila.localhost/yhdistykset/"
    assert numbers(associations) == [3, 2]

    ideas = cell(alppila, "idea_wall")
    assert ideas.a["href"] == "http://alppila.localhost/ideaseina/"
    # The pending and the hidden idea, and the hidden comment, are not counted.
    assert numbers(ideas) == [2, 1, 1]


def test_the_headline_figures_count_municipalities_in_finnish(region):
    soup = overview_page()
    texts = [
        item.find(class_="overview-headline__text").get_text(strip=True)
        for item in soup.find_all(class_="overview-headline__item")
    ]
    assert texts == [
        "1 kunta järjestää säännöllisiä järjestöfoorumeita",
        "2 kunnalla on yhteistyöohje tai se on työn alla",
        "1 kunta on hyväksynyt yhteistyöohjeen",
        "1 kunta on nimennyt järjestöyhteistyön yhteyshenkilön",
        "1 kunnan ideaseinälle on tullut uusia ideoita viimeisten 12 kuukauden aikana",
    ]
    assert "2 kunnasta" in soup.find(class_="overview-headline__total").get_text()


def test_each_chart_is_an_accessible_svg_with_its_numbers_in_a_table(region):
    soup = overview_page()
    history = json.loads(visitor().get("/api/regions/overview/").content)["history"]
    charts = soup.find_all("figure", class_="overview-chart")
    assert len(charts) == 5
    for chart, key in zip(
        charts,
        ["regular_forums", "guideline", "guideline_adopted", "contact_person", "idea_wall"],
        strict=True,
    ):
        svg = chart.svg
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text(strip=True)
        desc = svg.find("desc", id=desc_id).get_text()
        expected = [point[key] for point in history]
        # The bars carry their numbers as text, and the description says them too.
        values = [
            int(text.get_text()) for text in svg.find_all("text", class_="overview-chart__value")
        ]
        assert values == expected
        assert [int(n) for n in re.findall(r": (\d+)/2", desc)] == expected
        table = chart.table
        assert table.caption.get_text(strip=True)
        assert [th["scope"] for th in table.thead.find_all("th")] == ["col", "col"]
        rows = table.tbody.find_all("tr")
        assert all(row.th["scope"] == "row" for row in rows)
        assert [int(row.td.get_text()) for row in rows] == expected
    # The quarter under way is the last, marked as not yet complete.
    assert history[-1]["complete"] is False
    assert "asti" in charts[0].table.tbody.find_all("tr")[-1].th.get_text()


def test_the_history_shows_birkala_becoming_regular_once_its_quarter_has_a_meeting(region):
    today = timezone.localdate()
    forum = region.pages["b_latest"].get_parent()
    # A meeting held two quarters back too: Birkala met in each of the last two quarters.
    meeting(forum, quarter_start(today, 1) - datetime.timedelta(days=30))
    history = json.loads(visitor().get("/api/regions/overview/").content)["history"]
    assert history[-1]["regular_forums"] == 2


def test_the_page_links_the_downloads_and_they_hold_the_same_table(region):
    soup = overview_page()
    links = {
        a.get_text(strip=True): a["href"]
        for a in soup.find(class_="overview-downloads").find_all("a")
    }
    api = json.loads(visitor().get("/api/regions/overview/").content)["municipalities"]

    response = visitor().get(links["CSV"])
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Kunta", "Tunnus", "Säännölliset foorumit"]
    assert [row[0] for row in rows[1:]] == ["Alppila", "Birkala"]
    alppila = dict(zip(rows[0], rows[1], strict=True))
    assert alppila["Säännölliset foorumit"] == "kyllä"
    assert alppila["Kokoukset 12 kk"] == str(api[0]["meetings_held"]) == "2"
    assert alppila["Ohje hyväksytty"] == "2025-03-10"
    assert alppila["Järjestöyhteistyön yhteyshenkilö"] == "Aino Alppila"
    assert alppila["Ideat 12 kk"] == "2"
    assert alppila["Foorumin kokous (lähde)"] == api[0]["regular_forums_url"]

    response = visitor().get(links["Excel (XLSX)"])
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == rows[0]
    assert values[2][0] == "Birkala"
    birkala = dict(zip(values[0], values[2], strict=True))
    assert birkala["Yhteistyöohje (lähde)"] == api[1]["guideline_url"]
    assert birkala["Yhdistyksiä rekisterissä"] == 1
    assert birkala["Järjestöyhteistyön yhteyshenkilö"] in ("", None)


def test_an_unknown_download_is_not_found(region):
    assert visitor().get("/yleiskatsaus/lataa/pdf/").status_code == 404


def test_the_api_gives_the_same_figures_with_named_fields(region):
    body = json.loads(visitor().get("/api/regions/overview/").content)
    alppila, birkala = body["municipalities"]
    assert (alppila["code"], alppila["name"]) == ("alppila", "Alppila")
    assert alppila["regular_forums"] is True
    assert alppila["guideline_state"] == "adopted"
    assert alppila["guideline_adopted_on"] == "2025-03-10"
    assert (alppila["ideas"], alppila["idea_comments"], alppila["idea_votes"]) == (2, 1, 1)
    assert birkala["guideline_state"] == "being_written"
    assert birkala["contact_person"] is False
    assert [(f["key"], f["count"], f["total"]) for f in body["headline"]][:2] == [
        ("regular_forums", 1, 2),
        ("guideline", 2, 2),
    ]
    assert len(body["history"]) == 6

    schema = json.loads(visitor().get("/api/openapi.json").content)
    operation = schema["paths"]["/api/regions/overview/"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "RegionalOverviewOut"
    )
    fields = schema["components"]["schemas"]["MunicipalityFiguresOut"]["properties"]
    assert {"code", "regular_forums_url", "guideline_state", "contact_person", "idea_votes"} <= set(
        fields
    )


def test_the_content_api_carries_the_figures(region):
    response = visitor().get(f"/api/v2/pages/{region.overview.pk}/")
    assert response.status_code == 200
    figures = json.loads(response.content)["figures"]
    assert [m["code"] for m in figures["municipalities"]] == ["alppila", "birkala"]


def test_load_regional_demo_puts_the_overview_in_the_regions_navigation_once(region):
    RegionalOverviewPage.objects.all().delete()
    call_command("load_regional_demo", stdout=io.StringIO())
    call_command("load_regional_demo", stdout=io.StringIO())
    page = RegionalOverviewPage.objects.get()
    assert page.get_parent().pk == region.region.root_page_id
    assert page.live
    assert page.slug == "yleiskatsaus"
    settings = SiteSettings.for_site(region.region)
    assert [link.page_id for link in settings.navigation_links.all()] == [page.pk]
    soup = overview_page()
    assert soup.find("a", href="/yleiskatsaus/", string=re.compile("Yleiskatsaus"))


def test_load_regional_demo_says_what_is_missing_without_a_regional_site(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_regional_demo", stdout=io.StringIO())


# --- Purges: the overview shows other Sites' records ---


def _hit(client, url):
    return client.get(url)["X-Page-Cache"] == "hit"


def _warm(client, *urls):
    for url in urls:
        client.get(url)
        assert _hit(client, url), url


def test_a_meeting_published_on_a_municipality_purges_the_overview_and_its_api(
    region, page_cache, committed
):
    client = visitor()
    _warm(client, "/yleiskatsaus/", "/api/regions/overview/", "/sv/yleiskatsaus/")
    forum = region.pages["b_latest"].get_parent()
    new = factories.ForumMeetingPageFactory.build(
        title="Birkalan syyskokous",
        slug="syyskokous",
        start=region.pages["b_latest"].start - datetime.timedelta(days=95),
        end=region.pages["b_latest"].end - datetime.timedelta(days=95),
        place_name="Birkalan kirjasto",
        live=False,
    )
    forum.add_child(instance=new)
    with committed():
        new.save_revision().publish()

    response = client.get("/yleiskatsaus/")
    assert response["X-Page-Cache"] == "miss"
    assert "2 kuntaa järjestää säännöllisiä järjestöfoorumeita" in response.content.decode()
    assert client.get("/api/regions/overview/")["X-Page-Cache"] == "miss"
    assert client.get("/sv/yleiskatsaus/")["X-Page-Cache"] == "miss"


def test_a_vote_on_a_municipalitys_wall_purges_the_overview(region, page_cache, committed):
    client = visitor()
    _warm(client, "/yleiskatsaus/", "/api/regions/overview/")
    idea = region.pages["a_wall"].ideas.get(title="Lisää penkkejä")
    with committed():
        IdeaVote.objects.create(idea=idea, voter=factories.ParticipantFactory())
    assert client.get("/yleiskatsaus/")["X-Page-Cache"] == "miss"
    body = json.loads(client.get("/api/regions/overview/").content)
    assert body["municipalities"][0]["idea_votes"] == 2


def test_a_contact_card_for_association_cooperation_purges_the_overview(
    region, page_cache, committed
):
    client = visitor()
    _warm(client, "/yleiskatsaus/")
    with committed():
        factories.ContactCardFactory(
            site=region.birkala, name="Bruno Birkala", responsibility="associations"
        )
    response = client.get("/yleiskatsaus/")
    assert response["X-Page-Cache"] == "miss"
    assert "Bruno Birkala" in response.content.decode()


def test_the_overview_is_valid_html(region, vnu_command, tmp_path):  # noqa: F811
    path = tmp_path / "overview.html"
    path.write_bytes(visitor().get("/yleiskatsaus/").content)
    result = subprocess.run(  # noqa: S603 (the JDK and the jar we ship, our own file)
        [*vnu_command, "--format", "json", "--errors-only", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert not messages, messages


def test_an_overview_can_be_added_only_on_the_regions_own_site(region):
    assert RegionalOverviewPage.can_create_at(region.region.root_page)
    assert not RegionalOverviewPage.can_create_at(region.alppila.root_page)
