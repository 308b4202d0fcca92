"""A moderator works through the idea wall's queues in the Wagtail admin.

Everything goes through the admin's own pages and forms, as a member of the
"Moderaattorit" group would use them; the audit log must show every decision.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core import moderation
from core.models import ModerationRule, ModerationState, Report, ReportReason
from ideas import services
from ideas.models import Idea, IdeaComment, IdeaStatus, IdeaVote
from tests import factories

WAITING_IDEAS = "/admin/ideas/moderation/waiting-ideas/"
WAITING_COMMENTS = "/admin/moderation/waiting-comments/"
REPORTED_IDEAS = "/admin/ideas/moderation/reported-ideas/"
REPORTED_COMMENTS = "/admin/moderation/reported-comments/"
ALL_IDEAS = "/admin/ideas/moderation/ideas/"


def moderate_url(idea, action=None):
    if action:
        return reverse("ideas_moderation_idea_action", args=[idea.pk, action])
    return reverse("ideas_moderation_idea", args=[idea.pk])


def moderate_comment_url(comment, action=None):
    if action:
        return reverse("ideas_moderation_comment_action", args=[comment.pk, action])
    return reverse("ideas_moderation_comment", args=[comment.pk])


def page_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def messages_of(response):
    return [str(message).strip() for message in response.context["messages"]]


def log_entries(obj, action):
    return ModelLogEntry.objects.filter(
        content_type__model=obj._meta.model_name, object_id=str(obj.pk), action=action
    )


@pytest.fixture
def wall(home_page):
    """A pre-moderated wall: every idea and comment waits for a moderator."""
    return factories.IdeaWallPageFactory(
        parent=home_page, title="Järjestöjen ideaseinä", moderation_rule=ModerationRule.BEFORE
    )


@pytest.fixture
def other_wall(home_page):
    return factories.IdeaWallPageFactory(parent=home_page, title="Liikuntapaikkojen ideat")


@pytest.fixture
def author(db):
    return factories.ParticipantFactory(display_name="Aino Aktiivinen")


def waiting_idea(wall, author, **fields):
    return factories.IdeaFactory(wall=wall, author=author, state=ModerationState.PENDING, **fields)


def comment_on(idea, author, **fields):
    fields.setdefault("state", ModerationState.PENDING)
    return IdeaComment.objects.create(
        idea=idea, author=author, body=fields.pop("body", "Hyvä ajatus!"), **fields
    )


def report_by(count, target, reasons=(ReportReason.SPAM,)):
    for number in range(count):
        reporter = factories.ParticipantFactory()
        moderation.report(target, reporter, reasons[number % len(reasons)])


# --- the menu and the queues ---


def test_the_moderation_menu_shows_the_queues_to_a_moderator(moderator_client):
    response = moderator_client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "Moderointi",
        "Moderointia odottavat ideat",
        "Moderointia odottavat kommentit",
        "Ilmoitetut ideat",
        "Ilmoitetut kommentit",
        "Kaikki ideat",
        "Vie ideat taulukkoon",
    ):
        assert label in html


def test_waiting_queue_has_pending_and_held_ideas_but_not_published_ones(
    moderator_client, wall, author
):
    pending = waiting_idea(wall, author, title="Yhteinen tapahtumakalenteri")
    held = factories.IdeaFactory(wall=wall, author=author, title="Mainos", held_by_reports=True)
    factories.IdeaFactory(wall=wall, author=author, title="Jo julkaistu idea")
    withdrawn = waiting_idea(wall, author, title="Peruttu idea", withdrawn_at=timezone.now())

    response = moderator_client.get(WAITING_IDEAS)
    text = page_text(response)

    assert response.status_code == 200
    assert "Moderointia odottavat ideat" in text
    assert pending.title in text
    assert held.title in text
    assert "Piilotettu ilmoitusten vuoksi, odottaa moderaattoria" in text
    assert "Jo julkaistu idea" not in text
    assert withdrawn.title not in text


def test_an_empty_queue_says_so(moderator_client, wall):
    response = moderator_client.get(WAITING_COMMENTS)
    assert "Moderointia odottavia kommentteja ei ole." in page_text(response)


def test_queues_filter_by_wall_status_state_and_date_and_search_title_and_text(
    moderator_client, wall, other_wall, author
):
    calendar = factories.IdeaFactory(
        wall=wall,
        author=author,
        title="Tapahtumakalenteri",
        body="Kaikki tapahtumat yhteen paikkaan",
        status=IdeaStatus.PLANNED,
    )
    hall = factories.IdeaFactory(
        wall=other_wall, author=author, title="Liikuntahalli", body="Lisää vuoroja seuroille"
    )
    old = factories.IdeaFactory(
        wall=wall,
        author=author,
        title="Vanha idea",
        body="Ilmoitustaulu kirjastoon",
        state=ModerationState.HIDDEN,
        created_at=timezone.now() - datetime.timedelta(days=400),
    )

    def titles(query):
        response = moderator_client.get(ALL_IDEAS + query)
        assert response.status_code == 200
        return {idea.title for idea in response.context["object_list"]}

    assert titles("") == {calendar.title, hall.title, old.title}
    assert titles(f"?wall={other_wall.pk}") == {hall.title}
    assert titles("?status__exact=planned") == {calendar.title}
    assert titles("?state__exact=hidden") == {old.title}
    soup = BeautifulSoup(moderator_client.get(ALL_IDEAS).content, "html.parser")
    past_week = soup.find("a", string=lambda text: text and "Viimeiset 7 päivää" in text)
    assert titles(past_week["href"]) == {calendar.title, hall.title}
    assert titles("?q=vuoroja") == {hall.title}
    assert titles("?q=kalenteri") == {calendar.title}

    filters = page_text(moderator_client.get(ALL_IDEAS))
    for heading in ("ideaseinä", "tila", "tarkistuksen tila", "lähetetty"):
        assert heading in filters.lower()


# --- one idea: approve, hide, status and answer, duplicate ---


def test_a_moderator_approves_a_waiting_idea_from_the_queue(moderator_client, moderator, wall):
    idea = waiting_idea(wall, factories.ParticipantFactory(), title="Seurojen yhteinen varasto")
    queue = moderator_client.get(WAITING_IDEAS)
    soup = BeautifulSoup(queue.content, "html.parser")
    button = soup.find("button", attrs={"formaction": moderate_url(idea, "approve")})
    assert button is not None
    assert idea.title in button.get_text()  # the button's name says which idea

    response = moderator_client.post(
        moderate_url(idea, "approve"), {"next": WAITING_IDEAS}, follow=True
    )

    assert response.redirect_chain[-1][0] == WAITING_IDEAS
    assert messages_of(response) == ["Hyväksytty: ”Seurojen yhteinen varasto” näkyy nyt seinällä."]
    idea.refresh_from_db()
    assert idea.state == ModerationState.PUBLISHED
    assert idea.moderated_by == moderator
    assert log_entries(idea, moderation.APPROVE_ACTION).get().user == moderator
    assert list(response.context["object_list"]) == []


def test_the_moderation_page_shows_the_idea_as_plain_text(moderator_client, wall, author):
    idea = waiting_idea(
        wall,
        author,
        title="<b>Otsikko</b>",
        body="<script>alert(1)</script>\nhttps://kunta.example",
    )
    response = moderator_client.get(moderate_url(idea))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Otsikko&lt;/b&gt;" in html
    assert 'rel="nofollow ugc"' in html
    assert "Aino Aktiivinen" in page_text(response)


def test_hiding_needs_a_reason_and_the_author_is_given_it(moderator_client, moderator, wall):
    idea = factories.IdeaFactory(wall=wall, author=factories.ParticipantFactory())

    refused = moderator_client.post(moderate_url(idea, "hide"), {"reason": "  "})
    assert refused.status_code == 200
    assert "Kirjoita syy, jonka kirjoittaja näkee." in page_text(refused)
    idea.refresh_from_db()
    assert idea.state == ModerationState.PUBLISHED

    response = moderator_client.post(
        moderate_url(idea, "hide"), {"reason": "Viesti on mainos, ei kehittämisidea."}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.state == ModerationState.HIDDEN
    assert idea.hidden_reason == "Viesti on mainos, ei kehittämisidea."
    entry = log_entries(idea, moderation.HIDE_ACTION).get()
    assert entry.user == moderator
    assert entry.data["reason"] == "Viesti on mainos, ei kehittämisidea."


def test_a_hide_form_with_errors_keeps_the_other_forms_working(moderator_client, wall, author):
    idea = waiting_idea(wall, author)
    too_long = "x" * 1001
    response = moderator_client.post(moderate_url(idea, "hide"), {"reason": too_long})
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("textarea", attrs={"name": "reason"}).get_text().strip() == too_long
    assert "Nothing was changed" not in page_text(response)
    assert "Mitään ei muutettu. Tarkista lomake." in page_text(response)


def test_moderator_sets_status_and_writes_the_official_answer(moderator_client, moderator, wall):
    idea = factories.IdeaFactory(wall=wall, author=factories.ParticipantFactory())
    answer = "Kalenteri otetaan käyttöön keväällä.\nKiitos ideasta!"

    response = moderator_client.post(
        moderate_url(idea, "status"), {"status": IdeaStatus.PLANNED, "answer": answer}
    )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PLANNED
    assert idea.official_answer == answer
    assert idea.answered_at is not None
    entry = log_entries(idea, services.STATUS_ACTION).get()
    assert entry.user == moderator
    page = page_text(moderator_client.get(moderate_url(idea)))
    assert "Kalenteri otetaan käyttöön keväällä." in page
    assert "Tila muutettu: ”Suunnitteilla”; vastausta muutettu" in page


def test_duplicate_is_not_a_status_you_can_pick(moderator_client, wall):
    idea = factories.IdeaFactory(wall=wall)
    response = moderator_client.post(moderate_url(idea, "status"), {"status": "duplicate"})
    assert response.status_code == 200
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW


def test_marking_a_duplicate_moves_the_votes_without_counting_anyone_twice(
    moderator_client, moderator, wall, other_wall
):
    original = factories.IdeaFactory(wall=wall, title="Yhteinen kalenteri")
    duplicate = factories.IdeaFactory(wall=wall, title="Tapahtumakalenteri kaikille")
    elsewhere = factories.IdeaFactory(wall=other_wall, title="Toisen seinän idea")
    both, only_duplicate = factories.ParticipantFactory(), factories.ParticipantFactory()
    for voter, idea in ((both, original), (both, duplicate), (only_duplicate, duplicate)):
        IdeaVote.objects.create(idea=idea, voter=voter)
    Idea.objects.filter(pk=original.pk).update(vote_count=1)
    Idea.objects.filter(pk=duplicate.pk).update(vote_count=2)

    form_page = moderator_client.get(moderate_url(duplicate))
    choices = form_page.context["duplicate_form"].fields["original"].queryset
    assert original in choices
    assert elsewhere not in choices
    assert duplicate not in choices

    refused = moderator_client.post(
        moderate_url(duplicate, "duplicate"), {"original": elsewhere.pk}
    )
    assert refused.status_code == 200
    assert "Valitse toinen idea samalta seinältä." in page_text(refused)

    response = moderator_client.post(
        moderate_url(duplicate, "duplicate"), {"original": original.pk}
    )
    assert response.status_code == 302
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.status == IdeaStatus.DUPLICATE
    assert duplicate.duplicate_of == original
    assert (original.vote_count, duplicate.vote_count) == (2, 0)
    assert set(original.votes.values_list("voter", flat=True)) == {both.pk, only_duplicate.pk}
    assert log_entries(duplicate, services.DUPLICATE_ACTION).get().user == moderator


def test_a_duplicate_keeps_its_original_when_only_the_answer_changes(moderator_client, wall):
    original = factories.IdeaFactory(wall=wall, title="Yhteinen kalenteri")
    duplicate = factories.IdeaFactory(wall=wall, title="Kalenteri kaikille")
    moderator_client.post(moderate_url(duplicate, "duplicate"), {"original": original.pk})

    moderator_client.post(
        moderate_url(duplicate, "status"),
        {"status": IdeaStatus.DUPLICATE, "answer": "Katso alkuperäinen idea."},
    )
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (IdeaStatus.DUPLICATE, original)
    assert duplicate.official_answer == "Katso alkuperäinen idea."

    moderator_client.post(moderate_url(duplicate, "status"), {"status": IdeaStatus.NEW})
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (IdeaStatus.NEW, None)


# --- bulk decisions ---


def test_bulk_approve_publishes_every_selected_idea(moderator_client, moderator, wall, author):
    ideas = [waiting_idea(wall, author, title=f"Idea numero {n}") for n in range(3)]
    left_waiting = waiting_idea(wall, author, title="Ei valittu")
    queue = moderator_client.get(WAITING_IDEAS)
    soup = BeautifulSoup(queue.content, "html.parser")
    form = soup.find("form", id="bulk-form")
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    boxes = form.find_all("input", attrs={"type": "checkbox", "name": "items"})
    assert {int(box["value"]) for box in boxes} == {i.pk for i in [*ideas, left_waiting]}
    assert all(box.get("aria-label", "").startswith("Valitse") for box in boxes)

    response = moderator_client.post(
        form["action"],
        {"items": [i.pk for i in ideas], "action": "approve", "next": WAITING_IDEAS},
        follow=True,
    )

    assert "Hyväksytty 3; näkyvät seinällä." in messages_of(response)
    assert Idea.objects.filter(state=ModerationState.PUBLISHED).count() == 3
    left_waiting.refresh_from_db()
    assert left_waiting.state == ModerationState.PENDING
    assert (
        ModelLogEntry.objects.filter(action=moderation.APPROVE_ACTION, user=moderator).count() == 3
    )
    assert [i.title for i in response.context["object_list"]] == ["Ei valittu"]


def test_bulk_hide_needs_one_reason_and_keeps_the_selection_after_an_error(
    moderator_client, wall, author
):
    ideas = [waiting_idea(wall, author, title=f"Mainos {n}") for n in range(2)]
    bulk_url = reverse("core_moderation_bulk", args=["idea"])
    items = [i.pk for i in ideas]

    refused = moderator_client.post(
        bulk_url, {"items": items, "action": "hide", "reason": "", "next": WAITING_IDEAS}
    )
    assert refused.status_code == 200
    assert "Kirjoita syy, jonka kirjoittajat näkevät." in page_text(refused)
    soup = BeautifulSoup(refused.content, "html.parser")
    ticked = soup.find_all("input", attrs={"name": "items", "checked": True})
    assert {int(box["value"]) for box in ticked} == set(items)
    assert Idea.objects.filter(state=ModerationState.HIDDEN).count() == 0

    response = moderator_client.post(
        bulk_url, {"items": items, "action": "hide", "reason": "Mainontaa.", "next": WAITING_IDEAS}
    )
    assert response.status_code == 302
    assert response["Location"] == WAITING_IDEAS
    assert set(Idea.objects.values_list("state", "hidden_reason")) == {
        (ModerationState.HIDDEN, "Mainontaa.")
    }


def test_bulk_form_without_a_selection_says_what_to_do(moderator_client, wall):
    response = moderator_client.post(
        reverse("core_moderation_bulk", args=["idea"]), {"action": "approve"}
    )
    assert response.status_code == 200
    assert "Valitse vähintään yksi." in page_text(response)


def test_bulk_decisions_work_on_comments_too(moderator_client, wall, author):
    idea = factories.IdeaFactory(wall=wall, author=author)
    comments = [comment_on(idea, author, body=f"Kommentti {n}") for n in range(2)]
    response = moderator_client.post(
        reverse("core_moderation_bulk", args=["comment"]),
        {"items": [c.pk for c in comments], "action": "approve", "next": WAITING_COMMENTS},
    )
    assert response.status_code == 302
    assert IdeaComment.objects.visible().count() == 2
    idea.refresh_from_db()
    assert idea.comment_count == 2


# --- comments and reports ---


def test_a_moderator_approves_and_hides_comments(moderator_client, moderator, wall, author):
    idea = factories.IdeaFactory(wall=wall, author=author, title="Kalenteri")
    first = comment_on(idea, author, body="Kannatan!")
    second = comment_on(idea, author, body="Osta halpoja kelloja")

    queue = page_text(moderator_client.get(WAITING_COMMENTS))
    assert "Kannatan!" in queue
    assert "Kalenteri" in queue

    moderator_client.post(moderate_comment_url(first, "approve"))
    moderator_client.post(moderate_comment_url(second, "hide"), {"reason": "Roskapostia."})

    first.refresh_from_db()
    second.refresh_from_db()
    idea.refresh_from_db()
    assert first.state == ModerationState.PUBLISHED
    assert (second.state, second.hidden_reason) == (ModerationState.HIDDEN, "Roskapostia.")
    assert idea.comment_count == 1
    assert log_entries(first, moderation.APPROVE_ACTION).get().user == moderator
    assert log_entries(second, moderation.HIDE_ACTION).get().user == moderator
    comment_page = page_text(moderator_client.get(moderate_comment_url(second)))
    assert "Piilotettu. Kirjoittajalle kerrottu syy: Roskapostia." in comment_page


def test_reported_ideas_show_the_reasons_and_counts(moderator_client, moderator, wall, author):
    reported = factories.IdeaFactory(wall=wall, author=author, title="Kiistanalainen idea")
    once = factories.IdeaFactory(wall=wall, author=author, title="Kerran ilmoitettu")
    report_by(3, reported, reasons=(ReportReason.SPAM, ReportReason.OFFENSIVE, ReportReason.SPAM))
    report_by(1, once, reasons=(ReportReason.OFF_TOPIC,))
    factories.IdeaFactory(wall=wall, author=author, title="Rauhallinen idea")

    response = moderator_client.get(REPORTED_IDEAS)
    rows = {
        row.find("td", class_="field-idea_title").get_text(" ", strip=True): row.get_text(
            " ", strip=True
        )
        for row in BeautifulSoup(response.content, "html.parser").select("tbody tr")
    }
    assert [idea.title for idea in response.context["object_list"]] == [
        "Kiistanalainen idea",
        "Kerran ilmoitettu",
    ]
    reported_row = next(text for title, text in rows.items() if "Kiistanalainen" in title)
    assert "Roskapostia tai mainontaa 2" in reported_row
    assert "Loukkaava tai asiaton 1" in reported_row
    assert "Piilotettu ilmoitusten vuoksi" in reported_row

    detail = page_text(moderator_client.get(moderate_url(reported)))
    assert "Roskapostia tai mainontaa 2" in detail
    assert "Piilotettu odottamaan moderaattorin päätöstä 3 henkilön ilmoitusten jälkeen" in detail

    moderator_client.post(moderate_url(reported, "approve"))
    reported.refresh_from_db()
    assert reported.is_visible
    assert not Report.objects.filter(object_id=reported.pk, resolved_at=None).exists()
    remaining = moderator_client.get(REPORTED_IDEAS).context["object_list"]
    assert [idea.title for idea in remaining] == ["Kerran ilmoitettu"]


def test_reported_comments_have_their_own_queue(moderator_client, wall, author):
    idea = factories.IdeaFactory(wall=wall, author=author)
    comment = comment_on(idea, author, body="Asiaton kommentti", state=ModerationState.PUBLISHED)
    report_by(2, comment, reasons=(ReportReason.OFFENSIVE,))
    text = page_text(moderator_client.get(REPORTED_COMMENTS))
    assert "Asiaton kommentti" in text
    assert "Loukkaava tai asiaton 2" in text


# --- who may moderate ---


@pytest.fixture
def page_editor(coordinator):
    """Staff who edit pages but do not moderate: Wagtail's own Editors group."""
    return coordinator


@pytest.mark.parametrize(
    "url", [WAITING_IDEAS, WAITING_COMMENTS, REPORTED_IDEAS, REPORTED_COMMENTS, ALL_IDEAS]
)
def test_an_editor_who_is_not_a_moderator_cannot_open_the_queues(client, page_editor, wall, url):
    client.force_login(page_editor)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_an_editor_who_is_not_a_moderator_cannot_decide(client, page_editor, wall, author):
    idea = waiting_idea(wall, author)
    comment = comment_on(idea, author)
    client.force_login(page_editor)
    requests = [
        (moderate_url(idea, "approve"), {}),
        (moderate_url(idea, "hide"), {"reason": "Ei käy"}),
        (moderate_url(idea, "status"), {"status": "done"}),
        (moderate_comment_url(comment, "approve"), {}),
        (
            reverse("core_moderation_bulk", args=["idea"]),
            {"items": [idea.pk], "action": "approve"},
        ),
    ]
    for url, data in requests:
        response = client.post(url, data, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        assert response.status_code == 403, url
    assert client.get(reverse("ideas_moderation_export")).status_code == 302
    idea.refresh_from_db()
    comment.refresh_from_db()
    assert (idea.state, idea.status, comment.state) == ("pending", "new", "pending")
    assert "Moderointi" not in client.get("/admin/").content.decode()


def test_participants_cannot_reach_the_admin_at_all(client, wall, author):
    idea = waiting_idea(wall, author)
    client.force_login(author)
    response = client.post(moderate_url(idea, "approve"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    idea.refresh_from_db()
    assert idea.state == ModerationState.PENDING


def test_the_moderators_group_has_what_moderating_needs_and_no_more(db):
    group = Group.objects.get(name="Moderaattorit")
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("wagtailadmin", "access_admin"),
        ("ideas", "view_idea"),
        ("ideas", "change_idea"),
        ("ideas", "view_ideacomment"),
        ("ideas", "change_ideacomment"),
        # The e-mail to authors that could not be sent (core.mail), to send it again.
        ("django_tasks_database", "view_dbtaskresult"),
        # The guideline's section comments, in the same queues.
        ("guidelines", "view_guidelinecomment"),
        ("guidelines", "change_guidelinecomment"),
        # Suggested edits to the guideline, visitor text moderated in the same queues.
        ("guidelines", "view_guidelineproposal"),
        ("guidelines", "change_guidelineproposal"),
    }


def test_moderation_forms_need_the_csrf_token(moderator, wall, author):
    idea = waiting_idea(wall, author)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    page = client.get(moderate_url(idea))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert client.post(moderate_url(idea, "approve")).status_code == 403
    assert client.post(reverse("core_moderation_bulk", args=["idea"])).status_code == 403
    idea.refresh_from_db()
    assert idea.state == ModerationState.PENDING


# --- the audit log ---


def test_every_decision_is_in_the_site_history_in_finnish(
    moderator_client, moderator, editor, wall, author
):
    idea = waiting_idea(wall, author, title="Kirjattava idea")
    original = factories.IdeaFactory(wall=wall, title="Alkuperäinen")
    comment = comment_on(idea, author)
    moderator_client.post(moderate_url(idea, "approve"))
    moderator_client.post(moderate_url(idea, "status"), {"status": "planned", "answer": ""})
    moderator_client.post(moderate_comment_url(comment, "hide"), {"reason": "Asiaton."})
    moderator_client.post(moderate_url(idea, "duplicate"), {"original": original.pk})

    actions = list(
        ModelLogEntry.objects.filter(user=moderator).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        moderation.APPROVE_ACTION,
        services.STATUS_ACTION,
        moderation.HIDE_ACTION,
        services.DUPLICATE_ACTION,
    ]

    superuser = Client()
    superuser.force_login(editor)
    for client in (moderator_client, superuser):
        report = page_text(client.get("/admin/reports/site-history/"))
        assert "Hyväksytty ja näytetty" in report
        assert "Tila muutettu: ”Suunnitteilla”" in report
        assert "Piilotettu. Kirjoittajalle kerrottu syy: Asiaton." in report
        assert f"Merkitty päällekkäiseksi idean #{original.pk} kanssa" in report
        assert "Kirjattava idea" in report

    history_link = BeautifulSoup(
        moderator_client.get("/admin/reports/site-history/").content, "html.parser"
    ).find("a", string=lambda s: s and "Kirjattava idea" in s)
    assert history_link["href"] == moderate_url(idea)
