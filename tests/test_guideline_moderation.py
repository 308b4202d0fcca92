"""Guideline comments are moderated as the idea wall's are: reports, the same queues in the
one "Moderation" menu (each named by its source), hiding with a reason e-mailed to the
author, and the person's data export and erasure."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import personal_data
from core import moderation
from core.models import ModerationState, Report
from guidelines.models import GuidelineComment, UsefulMark, section_fingerprint
from ideas.models import IdeaComment
from tests import factories
from tests.test_email_delivery import work


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(page=page, title="Tilat", anchor="tilat")
    page.save_revision().publish()
    return page


@pytest.fixture
def period(guideline):
    return factories.CommentPeriodFactory(guideline=guideline)


@pytest.fixture
def writer():
    return factories.ParticipantFactory(display_name="Reijo Riitapukari", email="reijo@example.com")


def comment_on(period, author, body="Osta halpoja kelloja", **fields):
    section = period.guideline.sections.get()
    fields.setdefault("state", ModerationState.PUBLISHED)
    return GuidelineComment.objects.create(
        period=period,
        section_key=section.key,
        revision_id=period.guideline.live_revision_id,
        section_fingerprint=section_fingerprint(section),
        author=author,
        body=body,
        **fields,
    )


def signed_in(person=None):
    browser = Client()
    browser.force_login(person or factories.ParticipantFactory())
    return browser


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.django_db
def test_participants_report_a_comment_and_enough_reports_hold_it(
    guideline, period, writer, settings
):
    settings.YHDESSA_REPORTS_TO_HOLD = 2
    comment = comment_on(period, writer)
    address = guideline.url + f"ilmoita/{comment.pk}/"
    first = signed_in()

    assert first.post(address, {"reason": "spam"}).status_code == 302
    again = first.post(address, {"reason": "spam"})
    assert again.status_code == 403
    assert "Olet jo ilmoittanut tästä." in text_of(again)
    signed_in().post(address, {"reason": "offensive"})

    comment.refresh_from_db()
    assert comment.held_by_reports
    assert "Osta halpoja kelloja" not in text_of(Client().get(guideline.url))
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_a_report_needs_a_reason_in_finnish(guideline, period, writer):
    comment = comment_on(period, writer)

    response = signed_in().post(guideline.url + f"ilmoita/{comment.pk}/", {})

    assert response.status_code == 400
    assert "Valitse ilmoituksen syy." in text_of(response)
    assert not Report.objects.exists()


WAITING = "/admin/moderation/waiting-comments/"
REPORTED = "/admin/moderation/reported-comments/"
# A page of a comment queue: the session, the moderator and their permissions, one COUNT
# and one page over the union of the sources, one query per source on the page, the
# guidelines and walls to filter by, the admin's menu, and which municipalities the
# moderator works for (core.municipalities.staff_sites, once a request).
QUEUE_QUERIES = 17  # + the writers' associations, one query for the page (core.bylines)


@pytest.fixture
def idea(home_page, writer):
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Järjestöjen ideaseinä")
    return factories.IdeaFactory(wall=wall, author=writer, title="Yhteinen kalenteri")


def idea_comment(idea, author, body="Kannatan kalenteria", **fields):
    fields.setdefault("state", ModerationState.PENDING)
    return IdeaComment.objects.create(idea=idea, author=author, body=body, **fields)


def rows_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(row.get_text(" ").split()) for row in soup.select("tbody tr")]


@pytest.mark.django_db
def test_one_queue_lists_idea_and_guideline_comments_newest_first_by_source(
    moderator_client, guideline, period, writer, idea
):
    earlier = timezone.now() - datetime.timedelta(hours=1)
    comment_on(period, writer, held_by_reports=True, created_at=earlier)
    idea_comment(idea, writer)
    comment_on(period, writer, body="Jo julkaistu kommentti")

    menu = moderator_client.get("/admin/").content.decode()
    assert WAITING in menu
    assert "Ohjeen kommentit odottavat moderointia" not in menu
    assert "Ilmoitetut ohjeen kommentit" not in menu
    listing = moderator_client.get(WAITING)
    assert "2 kommenttia" in text_of(listing)
    rows = rows_of(listing)
    assert len(rows) == 2
    assert "Kannatan kalenteria" in rows[0]
    assert "Ideaseinä" in rows[0]
    assert "Yhteinen kalenteri" in rows[0]
    assert "Osta halpoja kelloja" in rows[1]
    assert "Ohje" in rows[1]
    assert "Piilotettu ilmoitusten vuoksi" in rows[1]

    assert list(rows_of(moderator_client.get(WAITING + "?source=guideline"))) == [rows[1]]
    assert rows_of(moderator_client.get(WAITING + "?source=ideas")) == [rows[0]]
    assert rows_of(moderator_client.get(WAITING + f"?guideline={guideline.pk}")) == [rows[1]]
    assert rows_of(moderator_client.get(WAITING + f"?wall={idea.wall_id}")) == [rows[0]]
    assert rows_of(moderator_client.get(WAITING + "?q=kelloja")) == [rows[1]]
    filters = text_of(moderator_client.get(WAITING)).lower()
    for heading in ("lähde", "ideaseinä", "ohje", "lähetetty"):
        assert heading in filters


@pytest.mark.django_db
def test_reported_comments_of_both_kinds_wait_in_one_queue(
    moderator_client, guideline, period, writer, idea
):
    on_guideline = comment_on(period, writer)
    on_idea = idea_comment(idea, writer, state=ModerationState.PUBLISHED)
    comment_on(period, writer, body="Rauhallinen kommentti")
    for target, reason in ((on_guideline, "spam"), (on_idea, "offensive")):
        moderation.report(target, factories.ParticipantFactory(), reason)

    rows = rows_of(moderator_client.get(REPORTED))

    assert len(rows) == 2
    assert "Kannatan kalenteria" in rows[0]
    assert "Loukkaava tai asiaton 1" in rows[0]
    assert "Osta halpoja kelloja" in rows[1]
    assert "Roskapostia tai mainontaa 1" in rows[1]
    assert rows_of(moderator_client.get(REPORTED + "?source=guideline")) == [rows[1]]


@pytest.mark.django_db
def test_tick_boxes_and_quick_approve_work_for_both_kinds(
    moderator_client, guideline, period, writer, idea
):
    on_guideline = comment_on(period, writer, state=ModerationState.PENDING)
    on_idea = idea_comment(idea, writer)
    other = comment_on(period, writer, body="Toinen", state=ModerationState.PENDING)
    soup = BeautifulSoup(moderator_client.get(WAITING).content, "html.parser")
    form = soup.find("form", id="bulk-form")
    boxes = [box["value"] for box in form.select("input[name=items]")]
    quick = [button["formaction"] for button in form.select("button[formaction]")]
    assert len(boxes) == 3 == len(quick)

    response = moderator_client.post(
        form["action"],
        {"items": boxes[:2], "action": "hide", "reason": "Mainos.", "next": WAITING},
    )
    assert response.status_code == 302
    on_idea.refresh_from_db()
    other.refresh_from_db()
    assert on_idea.state == other.state == ModerationState.HIDDEN
    moderator_client.post(quick[2], {"next": WAITING})
    on_guideline.refresh_from_db()
    assert on_guideline.is_visible
    assert rows_of(moderator_client.get(WAITING)) == []


@pytest.mark.django_db
def test_a_bulk_decision_on_comments_that_are_gone_says_so(moderator_client, period, writer):
    response = moderator_client.post(
        "/admin/moderation/comments/bulk/", {"items": ["guideline-999", "x"], "action": "approve"}
    )
    assert response.status_code == 200
    assert "Osaa valituista ei enää ole. Valitse uudelleen." in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [WAITING, REPORTED])
def test_the_comment_queues_take_the_same_queries_however_many_comments_wait(
    moderator_client, guideline, period, writer, idea, url
):
    def add(count):
        for number in range(count):
            body = f"Kommentti {number}"
            targets = [comment_on(period, writer, body=body, held_by_reports=True)]
            targets.append(idea_comment(idea, factories.ParticipantFactory(), body=body))
            for target in targets:
                moderation.report(target, factories.ParticipantFactory(), "spam")

    def count_queries():
        # Once to warm what a process reads only once (content types), then counted.
        moderator_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(url).status_code == 200
        return len(queries)

    add(2)
    small = count_queries()
    add(20)
    assert count_queries() == small == QUEUE_QUERIES


@pytest.mark.django_db
def test_a_moderator_hides_a_comment_and_the_author_is_told_why(
    moderator_client, guideline, period, writer, django_capture_on_commit_callbacks
):
    parent = comment_on(period, writer)
    comment_on(period, factories.ParticipantFactory(), body="Tämä ei kuulu tänne.", parent=parent)

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("guidelines_moderation_comment_action", args=[parent.pk, "hide"]),
            {"reason": "Mainos ei kuulu ohjeen kommentteihin."},
        )
    assert response.status_code == 302
    work()

    page = text_of(Client().get(guideline.url))
    assert "Osta halpoja kelloja" not in page
    assert "Piilotettu kommentti" in page
    assert "Tämä ei kuulu tänne." in page
    assert "Tilat (1 kommentti)" in page
    (message,) = mail.outbox
    assert message.to == ["reijo@example.com"]
    assert "Mainos ei kuulu ohjeen kommentteihin." in message.body
    assert "Osta halpoja kelloja" in message.body


@pytest.mark.django_db
def test_a_participants_data_export_has_their_guideline_comments_and_marks(
    guideline, period, writer
):
    comment = comment_on(period, writer, body="Oma kommenttini")
    other = comment_on(period, factories.ParticipantFactory(), body="Toisen kommentti")
    UsefulMark.objects.create(comment=other, participant=writer)

    data = json.loads(json.dumps(personal_data.export_data(writer), default=str))

    assert [c["text"] for c in data["guideline"]["comments"]] == ["Oma kommenttini"]
    assert data["guideline"]["comments"][0]["id"] == comment.pk
    assert [m["comment_id"] for m in data["guideline"]["useful_marks"]] == [other.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("remove_content", [False, True])
def test_erasure_takes_the_marks_and_keeps_counts_exact(guideline, period, writer, remove_content):
    own = comment_on(period, writer, body="Oma kommenttini")
    other = comment_on(period, factories.ParticipantFactory(), body="Toisen kommentti")
    UsefulMark.objects.create(comment=other, participant=writer)
    GuidelineComment.objects.filter(pk=other.pk).update(useful_count=1)

    personal_data.erase_user(writer, remove_content=remove_content)

    other.refresh_from_db()
    assert other.useful_count == 0 == UsefulMark.objects.count()
    if remove_content:
        assert not GuidelineComment.objects.filter(pk=own.pk).exists()
    else:
        own.refresh_from_db()
        assert own.author is None


@pytest.mark.django_db
def test_a_guideline_comment_is_approved_onto_the_page_and_an_idea_comment_onto_the_wall(
    moderator_client, guideline, period, writer, idea
):
    comment = comment_on(period, writer, state=ModerationState.PENDING)
    address = reverse("guidelines_moderation_comment", args=[comment.pk])

    page = text_of(moderator_client.get(address))
    assert "Hyväksy ja näytä sivulla" in page
    assert "Piilota sivulta" in page
    assert "seinällä" not in page
    assert "seinältä" not in page
    approved = moderator_client.post(
        reverse("guidelines_moderation_comment_action", args=[comment.pk, "approve"]), follow=True
    )
    assert "näkyy nyt sivulla" in text_of(approved)
    again = moderator_client.post(
        reverse("guidelines_moderation_comment_action", args=[comment.pk, "approve"]), follow=True
    )
    assert "näkyy jo sivulla" in text_of(again)

    on_idea = idea_comment(idea, writer)
    idea_page = text_of(
        moderator_client.get(reverse("ideas_moderation_comment", args=[on_idea.pk]))
    )
    assert "Hyväksy ja näytä seinällä" in idea_page
    assert "Piilota seinältä" in idea_page


@pytest.mark.django_db
def test_ticked_guideline_comments_are_approved_onto_the_page(
    moderator_client, guideline, period, writer
):
    comments = [comment_on(period, writer, state=ModerationState.PENDING) for _ in range(2)]

    response = moderator_client.post(
        reverse("core_moderation_bulk", args=["guideline_comment"]),
        {"items": [c.pk for c in comments], "action": "approve"},
        follow=True,
    )

    assert "Hyväksytty 2; näkyvät sivulla." in text_of(response)


@pytest.mark.django_db
def test_in_a_pre_moderated_period_a_comment_waits_for_a_moderator(
    moderator_client, guideline, writer
):
    period = factories.CommentPeriodFactory(guideline=guideline, moderation="before")
    section = guideline.sections.get()
    browser = signed_in(writer)
    assert "Moderaattori tarkistaa kommenttisi ennen kuin muut näkevät sen." in text_of(
        browser.get(guideline.url)
    )

    response = browser.post(
        guideline.url + "kommentti/",
        {"section": str(section.key), "body": "Odottava kommentti"},
        follow=True,
    )

    assert "Kiitos! Kommenttisi odottaa tarkistusta." in text_of(response)
    comment = GuidelineComment.objects.get()
    assert (comment.period, comment.state) == (period, ModerationState.PENDING)
    assert "Odottava kommentti" not in text_of(Client().get(guideline.url))
    assert "Odottava kommentti" in rows_of(moderator_client.get(WAITING))[0]

    moderator_client.post(
        reverse("guidelines_moderation_comment_action", args=[comment.pk, "approve"])
    )
    assert "Odottava kommentti" in text_of(Client().get(guideline.url))
