"""Participants comment on the guideline section by section while a period is open.

Every write goes through the page's plain forms (no JavaScript), with CSRF, Finnish
messages that keep what was typed, and the idea wall's rate limits.
"""

import datetime
import re
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from core import moderation
from core.models import ModerationState
from guidelines.models import (
    CommentPeriod,
    GuidelineComment,
    GuidelinePage,
    GuidelineVersion,
    UsefulMark,
    section_fingerprint,
)
from tests import factories


def visible_text(response):
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(
        page=page, title="Tilat", anchor="tilat", body="<p>Tilat ovat maksuttomia.</p>"
    )
    factories.GuidelineSectionFactory(
        page=page, title="Avustukset", anchor="avustukset", body="<p>Haku on maaliskuussa.</p>"
    )
    page.save_revision().publish()
    return GuidelinePage.objects.get(pk=page.pk)


def open_period(guideline, **fields):
    now = timezone.now()
    values = {
        "guideline": guideline,
        "starts_at": now - datetime.timedelta(days=1),
        "ends_at": now + datetime.timedelta(days=14),
        "intro": "<p>Kertokaa, riittävätkö tilavuorot.</p>",
        "response_due": (now + datetime.timedelta(days=40)).date(),
    }
    values.update(fields)
    return CommentPeriod.objects.create(**values)


@pytest.fixture
def period(guideline):
    return open_period(guideline)


def closed(period):
    now = timezone.now()
    period.starts_at = now - datetime.timedelta(days=20)
    period.ends_at = now - datetime.timedelta(days=1)
    period.save()
    return period


def participant(name="Aino Aktiivinen"):
    person = factories.ParticipantFactory(display_name=name)
    browser = Client()
    browser.force_login(person)
    return person, browser


def section(guideline, anchor):
    return guideline.sections.get(anchor=anchor)


def post_comment(browser, guideline, anchor, body, parent=None, key=None):
    data = {"section": str(key or section(guideline, anchor).key), "body": body}
    if parent is not None:
        data["parent"] = str(parent.pk)
    return browser.post(guideline.url + "kommentti/", data)


def comment_on(period, anchor, body="Tilavuoroja tarvitaan iltaisin.", **fields):
    guideline = period.guideline
    target = section(guideline, anchor)
    return GuidelineComment.objects.create(
        period=period,
        section_key=target.key,
        revision_id=guideline.live_revision_id,
        section_fingerprint=section_fingerprint(target),
        author=fields.pop("author", None) or factories.ParticipantFactory(),
        body=body,
        state=ModerationState.PUBLISHED,
        **fields,
    )


@pytest.mark.django_db
def test_while_open_every_section_offers_comments_in_plain_sight(guideline, period):
    comment_on(period, "tilat")
    _person, browser = participant()

    text = visible_text(browser.get(guideline.url))

    assert text.count("Kommentoi tätä kohtaa") == 2
    assert "Tilat (1 kommentti)" in text
    assert "Avustukset (0 kommenttia)" in text
    assert "Kommentit (1)" in text


@pytest.mark.django_db
def test_a_participant_comments_on_a_section_without_javascript(guideline, period):
    person, browser = participant()

    response = post_comment(browser, guideline, "avustukset", "Haku syksyllä olisi parempi.")

    assert response.status_code == 302
    comment = GuidelineComment.objects.get()
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.section_key == section(guideline, "avustukset").key
    assert comment.commented_revision() == guideline.live_revision
    assert comment.author == person
    page = browser.get(guideline.url)
    text = visible_text(page)
    assert "Kiitos! Kommenttisi on julkaistu." in text
    assert "Haku syksyllä olisi parempi." in text
    assert "Avustukset (1 kommentti)" in text


@pytest.mark.django_db
def test_replies_go_one_level_deep(guideline, period):
    first = comment_on(period, "tilat")
    _person, browser = participant()
    post_comment(browser, guideline, "tilat", "Samaa mieltä.", parent=first)
    reply = GuidelineComment.objects.get(body="Samaa mieltä.")

    post_comment(browser, guideline, "tilat", "Vastaus vastaukseen.", parent=reply)

    assert GuidelineComment.objects.get(body="Vastaus vastaukseen.").parent == first
    assert "Tilat (3 kommenttia)" in visible_text(browser.get(guideline.url))


@pytest.mark.django_db
def test_a_reply_must_be_on_the_same_section(guideline, period):
    on_tilat = comment_on(period, "tilat")
    _person, browser = participant()

    response = post_comment(browser, guideline, "avustukset", "Väärä paikka.", parent=on_tilat)

    assert response.status_code == 400
    assert "Kommentti, johon vastasit, ei ole saatavilla." in visible_text(response)
    assert not GuidelineComment.objects.filter(body="Väärä paikka.").exists()


@pytest.mark.django_db
def test_participants_mark_comments_useful_once_each(guideline, period):
    comment = comment_on(period, "tilat")
    _person, browser = participant()
    address = guideline.url + f"hyodyllinen/{comment.pk}/"

    assert browser.post(address, {"useful": "add"}).status_code == 302
    assert browser.post(address, {"useful": "add"}).status_code == 302

    comment.refresh_from_db()
    assert comment.useful_count == UsefulMark.objects.count() == 1
    text = visible_text(browser.get(guideline.url))
    assert "1 henkilö piti tätä hyödyllisenä" in text
    assert "Peru hyödyllisyysmerkintä" in text

    browser.post(address, {"useful": "remove"})
    comment.refresh_from_db()
    assert comment.useful_count == UsefulMark.objects.count() == 0


@pytest.mark.django_db
def test_nobody_marks_their_own_comment_useful(guideline, period):
    person, browser = participant()
    comment = comment_on(period, "tilat", author=person)

    response = browser.post(guideline.url + f"hyodyllinen/{comment.pk}/", {"useful": "add"})

    assert response.status_code == 403
    assert "Et voi merkitä omaa kommenttiasi hyödylliseksi." in visible_text(response)
    assert not UsefulMark.objects.exists()


@pytest.mark.django_db
def test_outside_the_period_comments_stay_readable_and_the_action_is_gone(guideline, period):
    comment_on(period, "tilat", body="Tilavuoroja tarvitaan iltaisin.")
    closed(period)
    _person, browser = participant()

    text = visible_text(browser.get(guideline.url))

    assert "Tilavuoroja tarvitaan iltaisin." in text
    assert "Kommentoi tätä kohtaa" not in text
    assert "Lähetä kommentti" not in text
    assert "Kommentointijakso on päättynyt; kommentit ovat yhä luettavissa tässä." in text


@pytest.mark.django_db
def test_a_comment_after_the_period_is_refused_and_the_text_kept(guideline, period):
    closed(period)
    _person, browser = participant()

    response = post_comment(browser, guideline, "tilat", "Myöhästynyt ajatus.")

    assert response.status_code == 403
    text = visible_text(response)
    assert "Kommentteja otetaan vastaan vain, kun ohjeen kommentointijakso on auki." in text
    assert "Myöhästynyt ajatus." in text
    assert not GuidelineComment.objects.exists()


@pytest.mark.django_db
def test_a_comment_on_a_section_that_no_longer_exists_keeps_the_text(guideline, period):
    _person, browser = participant()

    response = post_comment(browser, guideline, "tilat", "Tärkeä huomio.", key=uuid.uuid4())

    assert response.status_code == 400
    text = visible_text(response)
    assert "Tätä kohtaa ei enää ole ohjeessa. Lataa sivu uudelleen." in text
    assert "Tärkeä huomio." in text
    assert not GuidelineComment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "Kirjoita kommentti ennen lähettämistä."),
        ("x" * 2001, "Kommentti voi olla enintään 2000 merkkiä pitkä (nyt 2001)."),
        ("Näkymätön\x07merkki", "Tekstissä on näkymätön ohjausmerkki (U+0007)"),
    ],
)
def test_bad_texts_get_finnish_messages_and_change_nothing(guideline, period, body, message):
    _person, browser = participant()

    response = post_comment(browser, guideline, "tilat", body)

    assert response.status_code == 400
    assert message in visible_text(response)
    assert not GuidelineComment.objects.exists()


@pytest.mark.django_db
def test_html_in_a_comment_is_shown_as_text(guideline, period):
    _person, browser = participant()

    post_comment(browser, guideline, "tilat", '<script>alert("x")</script> <b>lihava</b>')

    html = browser.get(guideline.url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;lihava&lt;/b&gt;" in html


@pytest.mark.django_db
def test_visitors_are_asked_to_sign_in_and_their_posts_change_nothing(guideline, period):
    visitor = Client()

    text = visible_text(visitor.get(guideline.url))
    response = post_comment(visitor, guideline, "tilat", "Nimetön.")

    assert "Kirjaudu sisään kommentoidaksesi" in text
    assert response.status_code == 302
    assert "/kirjaudu" in response["Location"] or "login" in response["Location"]
    assert not GuidelineComment.objects.exists()


@pytest.mark.django_db
def test_comment_forms_need_the_csrf_token(guideline, period):
    person = factories.ParticipantFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)

    response = post_comment(browser, guideline, "tilat", "Ilman tunnistetta.")

    assert response.status_code == 403
    assert not GuidelineComment.objects.exists()


@pytest.mark.django_db
def test_comments_share_the_idea_walls_rate_limit(guideline, period, settings):
    settings.YHDESSA_RATE_LIMITS = {
        **settings.YHDESSA_RATE_LIMITS,
        "comment": {"per_user": "1/h", "per_ip": "100/h"},
    }
    _person, browser = participant()
    post_comment(browser, guideline, "tilat", "Ensimmäinen.")

    response = post_comment(browser, guideline, "tilat", "Toinen.")

    assert response.status_code == 429
    text = visible_text(response)
    assert "Olet tehnyt tämän liian monta kertaa lyhyessä ajassa." in text
    assert "Toinen." in text
    assert GuidelineComment.objects.count() == 1


@pytest.mark.django_db
def test_after_the_section_changes_the_comment_says_it_was_on_an_earlier_version(guideline, period):
    on_tilat = comment_on(period, "tilat", body="Entä viikonloput?")
    comment_on(period, "avustukset", body="Hyvä näin.")
    written_on = guideline.live_revision
    tilat = section(guideline, "tilat")
    tilat.body = "<p>Tilat ovat maksuttomia arkisin.</p>"
    tilat.save()
    guideline.save_revision().publish()

    text = visible_text(Client().get(guideline.url))

    assert text.count("kommentoitu aiempaan versioon") == 1
    assert re.search(r"Entä viikonloput\?.*", text)
    # The label leads to the version the comment was written on.
    html = Client().get(guideline.url).content.decode()
    written_on_number = GuidelineVersion.objects.get(revision=written_on).number
    link = guideline.url + f"versiot/{written_on_number}/"
    assert f'<a href="{link}">kommentoitu aiempaan versioon</a>' in html
    on_tilat.refresh_from_db()
    assert on_tilat.commented_revision() == written_on
    assert on_tilat.commented_revision() != GuidelinePage.objects.get(pk=guideline.pk).live_revision


@pytest.mark.django_db
def test_a_hidden_comment_leaves_its_replies_under_a_placeholder(guideline, period, moderator):
    parent = comment_on(period, "tilat", body="Osta halpoja kelloja")
    comment_on(period, "tilat", body="Tämä ei kuulu tänne.", parent=parent)
    moderation.hide(parent, moderator, "Mainos")

    text = visible_text(Client().get(guideline.url))

    assert "Osta halpoja kelloja" not in text
    assert "Piilotettu kommentti" in text
    assert "Tämä ei kuulu tänne." in text
    assert "Tilat (1 kommentti)" in text
