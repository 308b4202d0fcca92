"""Staff open a comment period on the guideline; the page says where it stands, in words."""

import datetime
import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from guidelines.models import CommentPeriod, CommentPeriodState
from tests import factories

PERIODS_URL = "/admin/snippets/guidelines/commentperiod/"
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def local(*args):
    return datetime.datetime(*args, tzinfo=HELSINKI)


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(page=page, title="Tilat", anchor="tilat")
    page.save_revision().publish()
    return page


def make_period(guideline, **fields):
    values = {
        "guideline": guideline,
        "starts_at": timezone.now() - datetime.timedelta(days=1),
        "ends_at": local(2031, 3, 12, 17, 30),
        "intro": "<p>Kertokaa erityisesti, riittävätkö tilavuorot.</p>",
        "response_due": datetime.date(2031, 4, 30),
    }
    values.update(fields)
    return CommentPeriod.objects.create(**values)


def page_text(page):
    response = Client().get(page.url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def period_form(guideline, **fields):
    data = {
        "guideline": str(guideline.pk),
        "starts_at": "2026-03-01 08:00",
        "ends_at": "2031-03-12 17:30",
        "response_due": "2031-04-30",
        "intro": rich_text("<p>Kertokaa erityisesti, riittävätkö tilavuorot.</p>"),
        "response": rich_text(""),
        "moderation": "after",
    }
    data.update(fields)
    return data


@pytest.mark.django_db
def test_staff_open_a_period_in_the_admin_without_republishing_the_page(editor_client, guideline):
    revision = type(guideline).objects.get(pk=guideline.pk).live_revision_id

    response = editor_client.post(f"{PERIODS_URL}add/", period_form(guideline))

    assert response.status_code == 302
    period = CommentPeriod.objects.get()
    assert period.starts_at == local(2026, 3, 1, 8, 0)
    guideline.refresh_from_db()
    assert guideline.live_revision_id == revision
    text = page_text(guideline)
    assert "Kommentointijakso: auki kommenteille" in text
    assert "Kommentointi on auki 12.3.2031 klo 17.30 asti" in text
    assert "jäljellä" in text
    assert "Kertokaa erityisesti, riittävätkö tilavuorot." in text


@pytest.mark.django_db
def test_staff_choose_in_the_period_form_whether_comments_wait_for_approval(
    editor_client, guideline
):
    form = editor_client.get(f"{PERIODS_URL}add/").content.decode()
    assert "Kaikki tarkistetaan ennen julkaisua" in form

    response = editor_client.post(f"{PERIODS_URL}add/", period_form(guideline, moderation="before"))

    assert response.status_code == 302
    assert CommentPeriod.objects.get().moderation == "before"


@pytest.mark.django_db
def test_the_period_list_is_in_the_admin_menu(editor_client, guideline):
    make_period(guideline)

    assert PERIODS_URL in editor_client.get("/admin/").content.decode()
    listing = editor_client.get(PERIODS_URL).content.decode()
    assert "Järjestöyhteistyön ohje" in listing


@pytest.mark.django_db
def test_a_period_ending_before_it_starts_is_refused_in_finnish(editor_client, guideline):
    response = editor_client.post(
        f"{PERIODS_URL}add/", period_form(guideline, ends_at="2026-02-01 08:00")
    )

    assert response.status_code == 200
    assert "Jakson on päätyttävä myöhemmin kuin se alkaa." in response.content.decode()
    assert not CommentPeriod.objects.exists()


@pytest.mark.django_db
def test_periods_of_one_guideline_do_not_overlap(editor_client, guideline):
    make_period(guideline)

    response = editor_client.post(f"{PERIODS_URL}add/", period_form(guideline))

    assert response.status_code == 200
    assert "Ohjeella on jo kommentointijakso tuona aikana." in response.content.decode()
    assert CommentPeriod.objects.count() == 1


@pytest.mark.django_db
def test_the_response_cannot_be_promised_before_the_period_ends(editor_client, guideline):
    response = editor_client.post(
        f"{PERIODS_URL}add/", period_form(guideline, response_due="2031-03-01")
    )

    assert response.status_code == 200
    assert "Vastineen voi luvata vasta jakson päättymisen jälkeen." in response.content.decode()


@pytest.mark.django_db
def test_upcoming_period_says_when_it_opens(guideline):
    make_period(guideline, starts_at=local(2030, 3, 1, 9, 0))

    text = page_text(guideline)

    assert "Kommentointijakso: tulossa" in text
    assert "Kommentointi alkaa 1.3.2030 klo 9.00 ja päättyy 12.3.2031 klo 17.30." in text


@pytest.mark.django_db
def test_closed_period_says_when_the_response_comes(guideline):
    make_period(
        guideline,
        starts_at=local(2026, 1, 1, 8, 0),
        ends_at=local(2026, 2, 1, 16, 0),
        response_due=datetime.date(2026, 3, 15),
    )

    text = page_text(guideline)

    assert "Kommentointijakso: päättynyt, odottaa vastinetta" in text
    assert (
        "Kommentointi päättyi 1.2.2026 klo 16.00. Kunta julkaisee vastineensa viimeistään "
        "15.3.2026." in text
    )
    assert "riittävätkö tilavuorot" not in text


@pytest.mark.django_db
def test_state_follows_the_clock(guideline):
    period = make_period(guideline, starts_at=local(2030, 1, 1, 8), ends_at=local(2030, 2, 1, 8))

    assert period.state(local(2029, 12, 31)) == CommentPeriodState.UPCOMING
    assert period.state(local(2030, 1, 1, 8)) == CommentPeriodState.OPEN
    assert period.state(local(2030, 2, 1, 8)) == CommentPeriodState.CLOSED
    assert "2\xa0päivää" in period.state_in_words(local(2030, 1, 30, 8))


@pytest.mark.django_db
def test_staff_conclude_a_closed_period_and_the_page_shows_the_response(editor_client, guideline):
    period = make_period(
        guideline,
        starts_at=local(2026, 1, 1, 8, 0),
        ends_at=local(2026, 2, 1, 16, 0),
        response_due=datetime.date(2026, 3, 15),
    )
    form = period_form(
        guideline,
        starts_at="2026-01-01 08:00",
        ends_at="2026-02-01 16:00",
        response_due="2026-03-15",
        conclude="on",
    )

    refused = editor_client.post(f"{PERIODS_URL}edit/{period.pk}/", form)
    assert refused.status_code == 200
    assert "Kirjoita vastineen yhteenveto ennen kuin julkaiset sen." in refused.content.decode()

    form["response"] = rich_text("<p>Tilavuorot jaetaan jatkossa kahdesti vuodessa.</p>")
    assert editor_client.post(f"{PERIODS_URL}edit/{period.pk}/", form).status_code == 302

    period.refresh_from_db()
    assert period.state() == CommentPeriodState.CONCLUDED
    text = page_text(guideline)
    assert "Kommentointijakso: päättynyt, vastine julkaistu" in text
    assert "Tilavuorot jaetaan jatkossa kahdesti vuodessa." in text


@pytest.mark.django_db
def test_an_open_period_cannot_be_concluded(editor_client, guideline):
    period = make_period(guideline)

    response = editor_client.post(
        f"{PERIODS_URL}edit/{period.pk}/",
        period_form(guideline, response=rich_text("<p>Vastine.</p>"), conclude="on"),
    )

    assert response.status_code == 200
    assert "Jakson voi päättää, kun se on sulkeutunut." in response.content.decode()
    period.refresh_from_db()
    assert period.concluded_at is None
