"""A participant downloads everything the site holds about them, and deletes their account.

Liisa is leaving. She has posted an idea, commented, voted and reported; Pekka and
Kaisa have voted on and replied to what she wrote. Whichever way she chooses to
go - leaving her texts as "deleted user" or removing them - nothing points at her
afterwards, and every count on the wall is still exact.
"""

import json
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from accounts import personal_data
from accounts.models import User
from core import moderation, reports
from core.models import Report
from ideas import services
from ideas.models import Idea, IdeaComment, IdeaVote
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def as_(user):
    """A request made by `user`, for calling the wall's services directly."""
    request = RequestFactory().post("/")
    request.user = user
    return request


@pytest.fixture
def wall_with_liisa(home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideaseina")
    liisa = factories.ParticipantFactory(
        display_name="Lähtevä Liisa", email="liisa@kylayhdistys.example"
    )
    pekka = factories.ParticipantFactory(display_name="Pysyvä Pekka", email="pekka@seura.example")
    kaisa = factories.ParticipantFactory(display_name="Kolmas Kaisa", email="kaisa@seura.example")

    liisas_idea = services.post_idea(
        as_(liisa), wall, title="Liisan idea", body="Yhteinen tapahtumakalenteri."
    )
    pekkas_idea = services.post_idea(
        as_(pekka), wall, title="Pekan idea", body="Lisää tiloja iltakäyttöön."
    )
    services.cast_vote(as_(pekka), liisas_idea)
    pekkas_comment_on_liisas = services.add_comment(
        as_(pekka), liisas_idea, body="Pekan kommentti Liisan ideaan"
    )
    services.cast_vote(as_(liisa), pekkas_idea)
    services.cast_vote(as_(kaisa), pekkas_idea)
    liisas_comment = services.add_comment(as_(liisa), pekkas_idea, body="Liisan kommentti")
    kaisas_reply = services.add_comment(
        as_(kaisa), pekkas_idea, body="Kaisan vastaus Liisalle", parent=liisas_comment
    )
    pekkas_comment = services.add_comment(as_(pekka), pekkas_idea, body="Pekan oma kommentti")
    reports.report(as_(liisa), pekkas_comment, "spam")
    reports.report(as_(kaisa), liisas_comment, "offensive")
    reports.report(as_(pekka), liisas_idea, "off_topic")
    # Wagtail's audit log refers to people without a database constraint.
    log(instance=liisas_idea, action=moderation.APPROVE_ACTION, user=liisa)
    assert {label for label, _field, _count in personal_data.rows_referring_to(liisa.pk)} >= {
        "accounts.User",
        "account.EmailAddress",
        "ideas.Idea",
        "ideas.IdeaComment",
        "ideas.IdeaVote",
        "core.Report",
        "wagtailcore.ModelLogEntry",
    }

    pekkas_idea.refresh_from_db()
    assert (pekkas_idea.vote_count, pekkas_idea.comment_count) == (2, 3)
    return SimpleNamespace(
        wall=wall,
        liisa=liisa,
        pekka=pekka,
        kaisa=kaisa,
        liisas_idea=liisas_idea,
        pekkas_idea=pekkas_idea,
        liisas_comment=liisas_comment,
        kaisas_reply=kaisas_reply,
        pekkas_comment=pekkas_comment,
        pekkas_comment_on_liisas=pekkas_comment_on_liisas,
    )


def counts(idea):
    idea.refresh_from_db()
    exact = (idea.votes.count(), IdeaComment.objects.visible().filter(idea=idea).count())
    assert (idea.vote_count, idea.comment_count) == exact, "the stored counts match the rows"
    return exact


def delete_account(client, user, content, password=factories.PARTICIPANT_PASSWORD):
    client.force_login(user)
    return client.post("/tili/poista/", {"content": content, "password": password})


def assert_nothing_left_of(user_pk):
    assert personal_data.rows_referring_to(user_pk) == []
    assert not User.objects.filter(pk=user_pk).exists()
    assert not EmailAddress.objects.filter(user_id=user_pk).exists()
    assert not EmailAddress.objects.filter(email="liisa@kylayhdistys.example").exists()


# --- Download my data ---


def test_download_page_explains_the_file(client, wall_with_liisa):
    client.force_login(wall_with_liisa.liisa)

    page = client.get("/tili/omat-tiedot/").content.decode()

    assert "<h1>Lataa omat tietoni</h1>" in page
    assert '<form method="post" action="/tili/omat-tiedot/">' in page


def test_download_holds_everything_about_the_person_and_nothing_of_others(client, wall_with_liisa):
    world = wall_with_liisa
    client.force_login(world.liisa)

    response = client.post("/tili/omat-tiedot/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="yhdessa-omat-tiedot-')
    raw = response.content.decode()
    data = json.loads(raw)
    assert data["account"]["email"] == "liisa@kylayhdistys.example"
    assert data["account"]["display_name"] == "Lähtevä Liisa"
    assert "password" not in raw
    assert data["email_addresses"] == [
        {"email": "liisa@kylayhdistys.example", "verified": True, "primary": True}
    ]
    ideas = data["ideas"]
    assert [idea["title"] for idea in ideas["ideas"]] == ["Liisan idea"]
    assert ideas["ideas"][0]["url"] == world.liisas_idea.get_full_url()
    assert [comment["text"] for comment in ideas["comments"]] == ["Liisan kommentti"]
    assert [vote["idea_id"] for vote in ideas["votes"]] == [world.pekkas_idea.pk]
    assert [(r["about"], r["id"], r["reason"]) for r in ideas["reports"]] == [
        ("ideacomment", world.pekkas_comment.pk, "spam")
    ]
    for someone_elses in [
        "pekka@seura.example",
        "kaisa@seura.example",
        "Pysyvä Pekka",
        "Kolmas Kaisa",
        "Pekan kommentti Liisan ideaan",
        "Kaisan vastaus Liisalle",
        "Pekan oma kommentti",
        "offensive",
    ]:
        assert someone_elses not in raw


def test_each_person_downloads_only_their_own_data(client, wall_with_liisa):
    client.force_login(wall_with_liisa.pekka)

    data = client.post("/tili/omat-tiedot/").json()

    assert data["account"]["email"] == "pekka@seura.example"
    assert [idea["title"] for idea in data["ideas"]["ideas"]] == ["Pekan idea"]
    assert "liisa@kylayhdistys.example" not in json.dumps(data)


# --- Delete my account ---


def test_delete_page_shows_what_the_person_has_on_the_site(client, wall_with_liisa):
    client.force_login(wall_with_liisa.liisa)

    page = client.get("/tili/poista/").content.decode()

    assert "<li>1 idea</li><li>1 kommentti</li><li>1 ääni</li>" in page
    assert "Jätä ne sivustolle, kirjoittajana näkyy ”poistettu käyttäjä”" in page
    assert "Poista ne sekä muiden niihin antamat vastaukset ja äänet" in page


def test_deleting_and_keeping_texts_as_deleted_user(client, wall_with_liisa):
    world = wall_with_liisa
    liisa_pk = world.liisa.pk

    response = delete_account(client, world.liisa, "keep")

    assert response.status_code == 302
    assert response.url == "/tili/poistettu/"
    assert "Tilisi on poistettu" in client.get(response.url).content.decode()
    assert client.get("/tili/profiili/").status_code == 302, "signed out"
    assert_nothing_left_of(liisa_pk)

    # Her idea and comment stay, without an author; her vote is gone.
    world.liisas_idea.refresh_from_db()
    world.liisas_comment.refresh_from_db()
    assert world.liisas_idea.author is None
    assert world.liisas_comment.author is None
    assert counts(world.liisas_idea) == (1, 1)
    assert counts(world.pekkas_idea) == (1, 3)
    assert not ModelLogEntry.objects.filter(user_id=liisa_pk).exists()
    # The reports others made about her texts still wait for a moderator.
    assert Report.objects.filter(object_id=world.liisas_comment.pk, reason="offensive").exists()

    idea_page = client.get(world.liisas_idea.get_url()).content.decode()
    assert "Poistettu käyttäjä" in idea_page
    assert "Lähtevä Liisa" not in idea_page
    pekkas_page = client.get(world.pekkas_idea.get_url()).content.decode()
    assert "Liisan kommentti" in pekkas_page
    assert "Poistettu käyttäjä" in pekkas_page
    wall_page = client.get(world.wall.url).content.decode()
    assert "Liisan idea" in wall_page
    assert "Poistettu käyttäjä" in wall_page
    assert "Lähtevä Liisa" not in wall_page


def test_deleting_and_removing_texts(client, wall_with_liisa):
    world = wall_with_liisa
    liisa_pk = world.liisa.pk

    response = delete_account(client, world.liisa, "remove")

    assert response.status_code == 302
    assert_nothing_left_of(liisa_pk)
    # Her idea goes with the comment and vote Pekka gave it; her comment goes with
    # Kaisa's reply to it.
    assert not Idea.objects.filter(pk=world.liisas_idea.pk).exists()
    assert not IdeaComment.objects.filter(
        pk__in=[world.liisas_comment.pk, world.kaisas_reply.pk, world.pekkas_comment_on_liisas.pk]
    ).exists()
    assert not IdeaVote.objects.filter(idea_id=world.liisas_idea.pk).exists()
    assert counts(world.pekkas_idea) == (1, 1)
    # No report is left pointing at a text that no longer exists.
    assert list(Report.objects.values_list("object_id", "reason")) == []

    pekkas_page = client.get(world.pekkas_idea.get_url()).content.decode()
    assert "Liisan kommentti" not in pekkas_page
    assert "Kaisan vastaus Liisalle" not in pekkas_page
    assert "Pekan oma kommentti" in pekkas_page
    wall_page = client.get(world.wall.url).content.decode()
    assert "Liisan idea" not in wall_page
    assert "Pekan idea" in wall_page


def test_others_keep_their_accounts_and_data(client, wall_with_liisa):
    world = wall_with_liisa

    delete_account(client, world.liisa, "remove")

    assert EmailAddress.objects.filter(user=world.pekka, verified=True).exists()
    assert Idea.objects.filter(author=world.pekka).count() == 1
    assert IdeaVote.objects.filter(voter=world.kaisa).count() == 1


def test_a_wrong_password_deletes_nothing(client, wall_with_liisa):
    world = wall_with_liisa

    response = delete_account(client, world.liisa, "remove", password="arvaus")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Salasana ei ole oikein." in page
    assert 'id="id_password_error"' in page
    assert 'id="id_content_1" required checked' in page, "the choice is kept"
    assert User.objects.filter(pk=world.liisa.pk).exists()
    assert counts(world.pekkas_idea) == (2, 3)


def test_the_choice_about_ideas_and_comments_must_be_made(client, wall_with_liisa):
    world = wall_with_liisa
    client.force_login(world.liisa)

    response = client.post("/tili/poista/", {"password": factories.PARTICIPANT_PASSWORD})

    assert "Valitse, mitä ideoillesi ja kommenteillesi tapahtuu." in response.content.decode()
    assert User.objects.filter(pk=world.liisa.pk).exists()


def test_an_account_without_a_password_confirms_with_a_word(client, home_page):
    participant = factories.ParticipantFactory()
    participant.set_unusable_password()
    participant.save()
    client.force_login(participant)

    page = client.get("/tili/poista/").content.decode()
    assert "Kirjoita POISTA vahvistaaksesi" in page
    assert 'name="password"' not in page

    refused = client.post("/tili/poista/", {"content": "keep", "confirmation": "poistaa"})
    assert "Vahvista kirjoittamalla POISTA." in refused.content.decode()

    client.post("/tili/poista/", {"content": "keep", "confirmation": "poista"})
    assert not User.objects.filter(pk=participant.pk).exists()


def test_guessing_the_password_on_the_delete_page_is_limited(client, home_page):
    participant = factories.ParticipantFactory()
    for _attempt in range(10):
        delete_account(client, participant, "keep", password="arvaus")

    response = delete_account(client, participant, "keep")

    assert "Liian monta yritystä. Odota hetki ja yritä uudelleen." in response.content.decode()
    assert User.objects.filter(pk=participant.pk).exists()


def test_registry_refuses_the_accounts_own_labels():
    with pytest.raises(ValueError, match="reserved"):
        personal_data.register("account", export=dict, erase=lambda user, remove_content: None)


def test_staff_accounts_are_not_deleted_from_the_participant_page(client, editor):
    client.force_login(editor)

    response = client.post("/tili/poista/", {"content": "keep", "password": "salasana-123"})

    assert "Tämä on henkilökunnan tili." in response.content.decode()
    assert User.objects.filter(pk=editor.pk).exists()


def test_mail_waiting_for_the_person_is_in_the_download_and_goes_with_the_account(
    client, wall_with_liisa, moderator, django_capture_on_commit_callbacks
):
    """The mail queue keeps the address and the text until the worker has sent it."""
    from django_tasks_db.models import DBTaskResult

    from core import mail

    world = wall_with_liisa
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(world.liisas_idea, moderator, "planned", "Teemme tämän keväällä.")
        services.set_status(world.pekkas_idea, moderator, "planned", "Tämäkin tehdään.")
    queued = {
        address: len(mail.messages_to([address]))
        for address in ("liisa@kylayhdistys.example", "pekka@seura.example")
    }
    assert queued == {"liisa@kylayhdistys.example": 1, "pekka@seura.example": 1}

    client.force_login(world.liisa)
    exported = json.loads(client.post("/tili/omat-tiedot/").content)
    assert [m["status"] for m in exported["email_messages"]] == ["READY"], "only hers"
    assert "Liisan idea" in exported["email_messages"][0]["subject"]

    delete_account(client, world.liisa, "keep")

    assert mail.messages_to(["liisa@kylayhdistys.example"]) == []
    assert len(mail.messages_to(["pekka@seura.example"])) == 1, "others' mail still goes"
    assert not DBTaskResult.objects.filter(args_kwargs__icontains="kylayhdistys").exists()
