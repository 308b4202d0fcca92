"""The idea wall as a volunteer uses it: post, edit, withdraw, vote, comment, browse, follow.

Each test walks a journey through the pages with the Django test client and checks
what a person would notice on the page: the Finnish messages, the counts, the order
of the ideas. Writes without JavaScript go POST -> redirect -> GET; the same views
answer the page's script with JSON when it asks for it.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from defusedxml import ElementTree
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from associations.models import RepresentationState
from core import moderation
from core.models import ModerationRule, ModerationState
from ideas import services
from ideas.models import Idea, IdeaColumn, IdeaComment, IdeaStatus, IdeaVote
from tests import factories

HELSINKI = ZoneInfo("Europe/Helsinki")
JSON = {"HTTP_ACCEPT": "application/json"}


# --- The people and the wall ----------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits are counted in the cache; every journey starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wall(home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Ideaseinä", slug="ideaseina")
    for number, name in enumerate(["Viestintä", "Tilat", "Tapahtumat"]):
        IdeaColumn.objects.create(wall=wall, name=name, sort_order=number)
    return wall


def column(wall, name):
    return wall.columns.get(name=name)


def make_participant(name, email, association=""):
    user = User.objects.create_user(email=email, password="salasana-123", display_name=name)
    if association:
        factories.RepresentationFactory(
            user=user,
            association=factories.AssociationFactory(name=association),
            state=RepresentationState.CONFIRMED,
        )
    return user


@pytest.fixture
def aino(home_page):
    return make_participant("Aino Lehtola", "aino@latu.example", "Järvelän Latu ry")


@pytest.fixture
def mikko(home_page):
    return make_participant("Mikko Saarelainen", "mikko@kajastus.example", "Kajastus ry")


@pytest.fixture
def as_aino(aino):
    return signed_in(aino)


def signed_in(person):
    """A browser of its own for each person, so their sessions never mix."""
    browser = Client()
    browser.force_login(person)
    return browser


def url(wall, name=None, *args):
    if name is None:
        return wall.url
    return wall.url + wall.reverse_subpage(name, args=args)


def post_idea(
    client, wall, title="Yhteinen tapahtumakalenteri", body="Kaikki tapahtumat yhteen.", **extra
):
    data = {"title": title, "body": body, "column": column(wall, "Viestintä").pk, **extra}
    return client.post(url(wall, "post"), data)


def an_idea(wall, author=None, **fields):
    fields.setdefault("column", wall.columns.first())
    return factories.IdeaFactory(wall=wall, author=author, **fields)


def text(response):
    return response.content.decode()


def visible_text(response):
    """The page as a person reads it: tags removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


# --- The wall page -----------------------------------------------------------------


def test_a_visitor_sees_the_rules_of_the_wall_and_is_asked_to_sign_in(client, wall):
    page = client.get(url(wall))

    assert page.status_code == 200
    words = visible_text(page)
    assert "Seinä on avoinna uusille ideoille." in words
    assert "Ideat ja kommentit näkyvät heti; moderaattori tarkistaa ne jälkikäteen." in words
    assert "Äänestä ideoita, joita kannatat" in words
    assert 'href="/tili/' in text(page)
    assert "?next=/ideaseina/" in text(page)
    assert "Kirjaudu sisään" in words
    assert 'name="title"' not in text(page), "no post form for someone not signed in"


def test_the_wall_tells_when_it_closes_and_how_ideas_are_checked(client, wall):
    wall.closes_at = datetime.datetime(2031, 3, 12, 17, 30, tzinfo=HELSINKI)
    wall.moderation_rule = ModerationRule.BEFORE
    wall.voting_enabled = False
    wall.save()

    words = visible_text(client.get(url(wall)))

    assert "Seinä on avoinna uusille ideoille 12.3.2031 klo 17.30 asti." in words
    assert (
        "Moderaattori tarkistaa jokaisen idean ja kommentin ennen kuin se näkyy seinällä." in words
    )
    assert "Tällä seinällä ei äänestetä." in words


def test_a_signed_in_participant_gets_the_post_form_with_the_columns(as_aino, wall):
    page = text(as_aino.get(url(wall)))

    assert 'action="/ideaseina/uusi/"' in page
    assert "csrfmiddlewaretoken" in page
    for name in ["Viestintä", "Tilat", "Tapahtumat"]:
        assert f">{name}</option>" in page
    assert 'maxlength="120"' in page
    assert 'maxlength="2000"' in page


def test_an_idea_card_shows_what_a_volunteer_needs(client, wall, aino):
    idea = an_idea(
        wall,
        aino,
        title="Lainattava tapahtumakalusto",
        body="Teltat ja pöydät yhteiseen lainaamoon.\nKatso https://esimerkki.example/kalusto",
        association_name="Järvelän Latu ry",
        column=column(wall, "Tapahtumat"),
        status=IdeaStatus.PLANNED,
        vote_count=3,
        comment_count=2,
        created_at=datetime.datetime(2026, 3, 9, 12, 0, tzinfo=HELSINKI),
    )

    page = client.get(url(wall))
    card = text(page).split(f'id="idea-{idea.pk}"')[1].split("</article>")[0]

    assert f'href="/ideaseina/idea/{idea.pk}/"' in card
    assert "Lainattava tapahtumakalusto" in card
    assert "Teltat ja pöydät yhteiseen lainaamoon.<br>" in card
    assert 'rel="nofollow ugc"' in card
    assert "Aino Lehtola, Järvelän Latu ry" in card
    assert "9.3.2026" in card
    assert "Tila:" in card
    assert "Suunnitteilla" in card
    assert "3 ääntä" in card
    assert "2 kommenttia" in card
    assert "Tapahtumat" in card


# --- Posting -------------------------------------------------------------------------


def test_an_idea_on_a_wall_moderated_afterwards_is_shown_at_once(as_aino, wall, client):
    response = post_idea(as_aino, wall, title="Yhteinen tapahtumakalenteri")

    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(wall, "idea", idea.pk)
    assert idea.state == ModerationState.PUBLISHED
    assert idea.author.display_name == "Aino Lehtola"
    assert idea.association_name == "Järvelän Latu ry"
    assert "Kiitos! Ideasi on nyt seinällä." in visible_text(as_aino.get(response["Location"]))

    wall_page = visible_text(client.get(url(wall)))
    assert "Yhteinen tapahtumakalenteri" in wall_page
    assert "Aino Lehtola, Järvelän Latu ry" in wall_page


def test_an_idea_on_a_pre_moderated_wall_waits_and_only_its_author_sees_it(
    as_aino, wall, client, mikko
):
    wall.moderation_rule = ModerationRule.BEFORE
    wall.save()

    response = post_idea(as_aino, wall, title="Vapaaehtoisten välityspankki")

    idea = Idea.objects.get()
    assert idea.state == ModerationState.PENDING
    permalink = as_aino.get(response["Location"])
    assert permalink.status_code == 200
    words = visible_text(permalink)
    assert "Kiitos! Ideasi odottaa tarkistusta." in words
    assert "Odottaa tarkistusta." in words
    own_wall = visible_text(as_aino.get(url(wall)))
    assert "Tarkistusta odottavat ideasi" in own_wall
    assert "Vapaaehtoisten välityspankki" in own_wall

    assert "Vapaaehtoisten välityspankki" not in visible_text(client.get(url(wall)))
    assert client.get(url(wall, "idea", idea.pk)).status_code == 404
    assert signed_in(mikko).get(url(wall, "idea", idea.pk)).status_code == 404

    moderation.approve(idea, None)
    assert "Vapaaehtoisten välityspankki" in visible_text(client.get(url(wall)))


def test_a_form_with_problems_says_what_is_wrong_beside_the_field_and_keeps_the_text(as_aino, wall):
    long_title = "Tapahtumakalenteri " * 7  # 133 characters
    response = as_aino.post(url(wall, "post"), {"title": long_title, "body": "", "column": ""})

    page = text(response)
    assert response.status_code == 200
    assert Idea.objects.count() == 0
    assert "Otsikko voi olla enintään 120 merkkiä pitkä (nyt 132)." in page
    assert "Kirjoita muutama sana ideastasi." in page
    assert "Valitse sarake, johon ideasi kuuluu." in page
    assert f'value="{long_title}"' in page
    assert 'aria-describedby="id_title_error"' in page
    assert 'id="id_title_error"' in page
    assert 'aria-invalid="true"' in page
    assert "Tarkista lomake" in page


def test_line_breaks_count_as_one_character_like_the_browser_counts_them(as_aino, wall):
    body = "rivi\r\n" * 333 + "x" * 2  # 2,000 characters once \r\n is one line break

    post_idea(as_aino, wall, body=body)

    assert Idea.objects.get().body == ("rivi\n" * 333 + "xx")


def test_the_post_form_has_its_own_page_too(as_aino, wall):
    page = as_aino.get(url(wall, "post"))

    assert page.status_code == 200
    assert "<h1>Jätä idea</h1>" in text(page)


def test_someone_not_signed_in_is_sent_to_sign_in_before_posting(client, wall):
    response = client.get(url(wall, "post"))

    assert response.status_code == 302
    assert response["Location"].startswith("/tili/")
    assert "next=/ideaseina/uusi/" in response["Location"]


# --- Editing and withdrawing ---------------------------------------------------------


def test_the_author_can_edit_within_30_minutes(as_aino, wall):
    post_idea(as_aino, wall, title="Kalenteri")
    idea = Idea.objects.get()
    assert "Muokkaa" in visible_text(as_aino.get(url(wall, "idea", idea.pk)))

    form = as_aino.get(url(wall, "edit", idea.pk))
    assert 'value="Kalenteri"' in text(form)
    response = as_aino.post(
        url(wall, "edit", idea.pk),
        {"title": "Yhteinen kalenteri", "body": "Tarkennettu.", "column": column(wall, "Tilat").pk},
    )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.title, idea.body, idea.column.name) == (
        "Yhteinen kalenteri",
        "Tarkennettu.",
        "Tilat",
    )
    assert idea.edited_at is not None
    assert "Muutokset on tallennettu." in visible_text(as_aino.get(response["Location"]))


def test_editing_ends_after_30_minutes_and_the_text_is_kept(as_aino, wall, aino):
    idea = an_idea(wall, aino, title="Kalenteri")
    Idea.objects.filter(pk=idea.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )

    assert "Muokkaa" not in visible_text(as_aino.get(url(wall, "idea", idea.pk)))
    form = as_aino.get(url(wall, "edit", idea.pk))
    assert form.status_code == 403
    assert "Voit muokata ideaa 30 minuutin ajan" in visible_text(form)

    response = as_aino.post(
        url(wall, "edit", idea.pk),
        {"title": "Uusi otsikko", "body": "Uusi teksti", "column": column(wall, "Tilat").pk},
    )
    assert response.status_code == 403
    assert "Voit muokata ideaa 30 minuutin ajan" in visible_text(response)
    assert 'value="Uusi otsikko"' in text(response)
    idea.refresh_from_db()
    assert idea.title == "Kalenteri"


def test_editing_ends_with_the_first_vote(as_aino, wall, aino, mikko, client):
    idea = an_idea(wall, aino, title="Kalenteri")
    signed_in(mikko).post(url(wall, "vote", idea.pk), {"vote": "add"})

    response = as_aino.post(
        url(wall, "edit", idea.pk),
        {"title": "Muutettu", "body": "Muutettu", "column": column(wall, "Tilat").pk},
    )

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.title == "Kalenteri"


def test_only_the_author_may_edit(client, wall, aino, mikko):
    idea = an_idea(wall, aino)
    client.force_login(mikko)

    assert client.get(url(wall, "edit", idea.pk)).status_code == 404
    assert client.post(url(wall, "edit", idea.pk), {"title": "x", "body": "y"}).status_code == 404


def test_the_author_withdraws_an_idea_after_confirming(as_aino, wall, aino, client):
    idea = an_idea(wall, aino, title="Turha idea")

    confirm = as_aino.get(url(wall, "withdraw", idea.pk))
    assert "Haluatko perua idean ”Turha idea”?" in visible_text(confirm)
    response = as_aino.post(url(wall, "withdraw", idea.pk))

    assert response.status_code == 302
    assert response["Location"] == url(wall)
    wall_page = visible_text(as_aino.get(url(wall)))
    assert "Ideasi on peruttu ja poistettu seinältä." in wall_page
    assert "Turha idea" not in wall_page
    assert client.get(url(wall, "idea", idea.pk)).status_code == 404
    idea.refresh_from_db()
    assert idea.withdrawn_at is not None


# --- Votes ----------------------------------------------------------------------------


def test_a_vote_is_counted_once_and_can_be_taken_back(as_aino, wall, mikko):
    idea = an_idea(wall, mikko)

    response = as_aino.post(url(wall, "vote", idea.pk), {"vote": "add", "next": url(wall)})
    assert response.status_code == 302
    assert response["Location"] == f"{url(wall)}#idea-{idea.pk}"
    page = as_aino.get(url(wall))
    assert "Äänesi on laskettu." in visible_text(page)
    assert "1 ääni" in visible_text(page)
    assert 'aria-pressed="true"' in text(page)
    assert "Peru ääni" in visible_text(page)

    as_aino.post(url(wall, "vote", idea.pk), {"vote": "add"})  # a late second click
    idea.refresh_from_db()
    assert idea.vote_count == 1 == IdeaVote.objects.count()

    as_aino.post(url(wall, "vote", idea.pk), {"vote": "remove"})
    page = as_aino.get(url(wall))
    assert "Äänesi on peruttu." in visible_text(page)
    assert "0 ääntä" in visible_text(page)
    assert 'aria-pressed="false"' in text(page)
    idea.refresh_from_db()
    assert idea.vote_count == 0 == IdeaVote.objects.count()


def test_the_vote_button_toggles_when_it_does_not_say_which_way(as_aino, wall, mikko):
    idea = an_idea(wall, mikko)

    as_aino.post(url(wall, "vote", idea.pk))
    assert Idea.objects.get().vote_count == 1
    as_aino.post(url(wall, "vote", idea.pk))
    assert Idea.objects.get().vote_count == 0


def test_the_script_gets_the_new_count_as_json(as_aino, wall, mikko):
    idea = an_idea(wall, mikko)

    answer = as_aino.post(url(wall, "vote", idea.pk), {"vote": "add"}, **JSON)

    assert answer.status_code == 200
    assert answer.json() == {
        "ok": True,
        "voted": True,
        "vote_count": 1,
        "vote_count_text": "1 ääni",
        "button_text": "Peru ääni",
        "next_intent": "remove",
        "message": "Äänesi on laskettu.",
    }


def test_someone_not_signed_in_cannot_vote(client, wall, mikko):
    idea = an_idea(wall, mikko)

    assert "Kirjaudu sisään äänestääksesi" in visible_text(client.get(url(wall)))
    response = client.post(url(wall, "vote", idea.pk), {"vote": "add"})
    assert response.status_code == 302
    assert f"next=/ideaseina/idea/{idea.pk}/" in response["Location"]
    answer = client.post(url(wall, "vote", idea.pk), {"vote": "add"}, **JSON)
    assert answer.status_code == 403
    assert answer.json()["message"] == "Kirjaudu sisään osallistuaksesi."
    assert IdeaVote.objects.count() == 0


@pytest.mark.parametrize(
    "status", [IdeaStatus.DONE, IdeaStatus.NOT_TAKEN_FORWARD, IdeaStatus.DUPLICATE]
)
def test_voting_ends_when_the_city_has_decided(as_aino, wall, mikko, status):
    idea = an_idea(wall, mikko, status=status)

    page = visible_text(as_aino.get(url(wall)))
    assert "Äänestys on päättynyt" in page
    response = as_aino.post(url(wall, "vote", idea.pk), {"vote": "add"})

    assert response.status_code == 403
    assert "Tämän idean äänestys on päättynyt." in visible_text(response)
    answer = as_aino.post(url(wall, "vote", idea.pk), {"vote": "add"}, **JSON)
    assert answer.status_code == 403
    assert answer.json()["code"] == "voting_closed"
    assert IdeaVote.objects.count() == 0


def test_a_wall_without_voting_has_no_vote_buttons_and_refuses_votes(as_aino, wall, mikko):
    wall.voting_enabled = False
    wall.save()
    idea = an_idea(wall, mikko)

    assert "data-idea-vote" not in text(as_aino.get(url(wall)))
    response = as_aino.post(url(wall, "vote", idea.pk), {"vote": "add"})

    assert response.status_code == 403
    assert "Tällä seinällä ei äänestetä." in visible_text(response)
    assert IdeaVote.objects.count() == 0


def test_a_vote_never_redirects_to_another_site(as_aino, wall, mikko):
    idea = an_idea(wall, mikko)

    response = as_aino.post(
        url(wall, "vote", idea.pk), {"vote": "add", "next": "https://huijaus.example/"}
    )

    assert response["Location"] == f"{url(wall, 'idea', idea.pk)}#idea-{idea.pk}"


# --- Comments -------------------------------------------------------------------------


def test_comments_and_one_level_of_replies(as_aino, wall, mikko, client):
    idea = an_idea(wall, mikko, title="Tapahtumakalenteri")

    response = as_aino.post(url(wall, "comment", idea.pk), {"body": "Hyvä idea!"})
    first = IdeaComment.objects.get()
    assert response["Location"] == f"{url(wall, 'idea', idea.pk)}#comment-{first.pk}"
    signed_in(mikko).post(url(wall, "comment", idea.pk), {"body": "Kiitos!", "parent": first.pk})
    reply = IdeaComment.objects.get(body="Kiitos!")
    # A reply to a reply joins the same thread: replies go one level deep.
    as_aino.post(url(wall, "comment", idea.pk), {"body": "Ole hyvä.", "parent": reply.pk})

    assert reply.parent == first
    assert IdeaComment.objects.get(body="Ole hyvä.").parent == first
    page = as_aino.get(url(wall, "idea", idea.pk))
    words = visible_text(page)
    assert "Kiitos! Kommenttisi on julkaistu." in words
    assert "Kommentit ( 3 )" in words
    thread = text(page).split(f'id="comment-{first.pk}"')[1]
    assert thread.index("Hyvä idea!") < thread.index("Kiitos!") < thread.index("Ole hyvä.")
    assert 'class="comment comment--reply"' in thread
    assert f'name="parent" value="{first.pk}"' in text(page)
    idea.refresh_from_db()
    assert idea.comment_count == 3
    assert "3 kommenttia" in visible_text(as_aino.get(url(wall)))


def test_comments_newest_or_oldest_first(client, wall, aino, mikko):
    idea = an_idea(wall, mikko)
    now = timezone.now()
    for minutes, body in [(30, "Ensimmäinen kommentti"), (10, "Toinen kommentti")]:
        IdeaComment.objects.create(
            idea=idea,
            author=aino,
            body=body,
            state=ModerationState.PUBLISHED,
            created_at=now - datetime.timedelta(minutes=minutes),
        )

    oldest_first = text(client.get(url(wall, "idea", idea.pk)))
    newest_first = text(client.get(url(wall, "idea", idea.pk) + "?kommentit=uusimmat"))

    assert oldest_first.index("Ensimmäinen") < oldest_first.index("Toinen")
    assert newest_first.index("Toinen") < newest_first.index("Ensimmäinen")
    assert 'href="?kommentit=uusimmat#kommentit"' in oldest_first


def test_the_script_gets_the_new_comment_as_json(as_aino, wall, mikko):
    idea = an_idea(wall, mikko)

    answer = as_aino.post(url(wall, "comment", idea.pk), {"body": "Hyvä <idea>!"}, **JSON)

    data = answer.json()
    assert answer.status_code == 201
    assert data["comment_count_text"] == "1 kommentti"
    assert data["message"] == "Kiitos! Kommenttisi on julkaistu."
    assert f'id="comment-{data["id"]}"' in data["html"]
    assert "Hyvä &lt;idea&gt;!" in data["html"]

    empty = as_aino.post(url(wall, "comment", idea.pk), {"body": "  "}, **JSON)
    assert empty.status_code == 400
    assert empty.json()["errors"] == {"body": ["Kirjoita kommentti ennen lähettämistä."]}


def test_an_empty_comment_is_not_sent_and_the_page_says_why(as_aino, wall, mikko):
    idea = an_idea(wall, mikko)

    response = as_aino.post(url(wall, "comment", idea.pk), {"body": ""})

    assert response.status_code == 200
    assert "Kirjoita kommentti ennen lähettämistä." in visible_text(response)
    assert IdeaComment.objects.count() == 0


def test_a_comment_on_a_pre_moderated_wall_waits_for_a_moderator(as_aino, wall, mikko, client):
    wall.moderation_rule = ModerationRule.BEFORE
    wall.save()
    idea = an_idea(wall, mikko)

    response = as_aino.post(url(wall, "comment", idea.pk), {"body": "Odottava kommentti"})

    page = visible_text(as_aino.get(response["Location"]))
    assert "Kiitos! Kommenttisi odottaa tarkistusta." in page
    assert "Odottava kommentti" in page
    assert "vain sinä näet tämän kommentin" in page
    assert "Odottava kommentti" not in visible_text(client.get(url(wall, "idea", idea.pk)))
    idea.refresh_from_db()
    assert idea.comment_count == 0


# --- Closed walls and hidden ideas refuse writes ------------------------------------------


@pytest.fixture(params=["switched off", "closing date passed"])
def closed_wall(request, wall):
    if request.param == "switched off":
        wall.is_open = False
    else:
        wall.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    wall.save()
    return wall


def test_a_closed_wall_says_so_and_refuses_ideas_votes_and_comments(as_aino, closed_wall, mikko):
    wall = closed_wall
    idea = an_idea(wall, mikko)

    page = visible_text(as_aino.get(url(wall)))
    assert "Seinä on suljettu: uusia ideoita, kommentteja tai ääniä ei enää oteta vastaan." in page
    assert 'name="title"' not in text(as_aino.get(url(wall)))

    posted = post_idea(as_aino, wall, title="Myöhästynyt idea", body="Ehtisikö vielä?")
    assert posted.status_code == 403
    assert "Tämä ideaseinä on suljettu." in visible_text(posted)
    assert 'value="Myöhästynyt idea"' in text(posted)
    assert "Ehtisikö vielä?" in text(posted)

    voted = as_aino.post(url(wall, "vote", idea.pk), {"vote": "add"})
    assert voted.status_code == 403
    assert "Tämä ideaseinä on suljettu." in visible_text(voted)

    commented = as_aino.post(url(wall, "comment", idea.pk), {"body": "Myöhästynyt kommentti"})
    assert commented.status_code == 403
    assert "Tämä ideaseinä on suljettu." in visible_text(commented)
    assert "Myöhästynyt kommentti</textarea>" in text(commented)

    assert (Idea.objects.count(), IdeaVote.objects.count(), IdeaComment.objects.count()) == (
        1,
        0,
        0,
    )


def test_a_hidden_idea_refuses_votes_and_comments_and_only_its_author_sees_why(
    as_aino, wall, aino, mikko, client
):
    idea = an_idea(wall, aino, title="Piilotettu idea")
    moderation.hide(idea, None, "Sisältää henkilötietoja.")

    own = visible_text(as_aino.get(url(wall, "idea", idea.pk)))
    assert "Moderaattori on piilottanut ideasi seinältä." in own
    assert "Sisältää henkilötietoja." in own
    assert "Piilotettu idea" not in visible_text(as_aino.get(url(wall)))

    as_mikko = signed_in(mikko)
    assert as_mikko.get(url(wall, "idea", idea.pk)).status_code == 404
    voted = as_mikko.post(url(wall, "vote", idea.pk), {"vote": "add"})
    assert voted.status_code == 403
    assert "Tätä ideaa ei näytetä seinällä." in visible_text(voted)
    assert "Sisältää henkilötietoja." not in text(voted)
    commented = as_mikko.post(url(wall, "comment", idea.pk), {"body": "Hei"})
    assert commented.status_code == 403
    assert "Tätä ideaa ei näytetä seinällä." in visible_text(commented)
    assert (IdeaVote.objects.count(), IdeaComment.objects.count()) == (0, 0)


# --- Reports ------------------------------------------------------------------------------


def test_three_reports_hide_an_idea_until_a_moderator_decides(wall, mikko, client):
    idea = an_idea(wall, mikko, title="Mainos")
    reporters = [
        make_participant(f"Ilmoittaja {n}", f"ilmoittaja{n}@esimerkki.example") for n in range(3)
    ]

    for number, reporter in enumerate(reporters):
        client = signed_in(reporter)
        page = client.get(url(wall, "idea", idea.pk))
        assert "Ilmoita asiattomasta" in visible_text(page)
        response = client.post(url(wall, "report", "idea", idea.pk), {"reason": "spam"})
        assert response.status_code == 302
        expected = url(wall) if number == 2 else url(wall, "idea", idea.pk)
        assert response["Location"] == expected
        assert "Moderaattori tarkistaa ilmoittamasi tekstin." in visible_text(
            client.get(response["Location"])
        )

    idea.refresh_from_db()
    assert idea.held_by_reports
    assert "Mainos" not in visible_text(client.get(url(wall)))


def test_a_report_needs_a_reason_and_counts_once(as_aino, wall, mikko):
    idea = an_idea(wall, mikko)
    comment = IdeaComment.objects.create(
        idea=idea, author=mikko, body="Ostakaa tuotteitamme!", state=ModerationState.PUBLISHED
    )

    no_reason = as_aino.post(url(wall, "report", "kommentti", comment.pk), {})
    assert no_reason.status_code == 200
    assert "Valitse ilmoituksen syy." in visible_text(no_reason)
    assert "Ostakaa tuotteitamme!" in visible_text(no_reason)

    as_aino.post(url(wall, "report", "kommentti", comment.pk), {"reason": "spam"})
    again = as_aino.post(url(wall, "report", "kommentti", comment.pk), {"reason": "off_topic"})
    assert again.status_code == 403
    assert "Olet jo ilmoittanut tästä." in visible_text(again)


def test_reporting_something_from_another_wall_is_not_found(as_aino, wall, home_page, mikko):
    other_wall = factories.IdeaWallPageFactory(parent=home_page, slug="toinen")
    idea = an_idea(other_wall, mikko, column=None)

    assert as_aino.get(url(wall, "report", "idea", idea.pk)).status_code == 404
    assert as_aino.get(url(wall, "report", "vaara", idea.pk)).status_code == 404


# --- Browsing: sort, filter, pages, permalink --------------------------------------------


def test_ideas_sort_by_newest_votes_or_discussion(client, wall):
    now = timezone.now()
    an_idea(
        wall,
        title="Vanha suosikki",
        vote_count=9,
        comment_count=1,
        created_at=now - datetime.timedelta(days=3),
    )
    an_idea(
        wall,
        title="Keskusteltu",
        vote_count=2,
        comment_count=7,
        created_at=now - datetime.timedelta(days=2),
    )
    an_idea(
        wall,
        title="Tuore",
        vote_count=0,
        comment_count=0,
        created_at=now - datetime.timedelta(days=1),
    )

    def order(sort):
        page = text(client.get(url(wall) + (f"?jarjestys={sort}" if sort else "")))
        titles = ["Vanha suosikki", "Keskusteltu", "Tuore"]
        return sorted(titles, key=page.index)

    assert order(None) == ["Tuore", "Keskusteltu", "Vanha suosikki"]
    assert order("aanet") == ["Vanha suosikki", "Keskusteltu", "Tuore"]
    assert order("keskustelluimmat") == ["Keskusteltu", "Vanha suosikki", "Tuore"]
    assert order("jotain-muuta") == ["Tuore", "Keskusteltu", "Vanha suosikki"]


def test_ideas_filter_by_column_and_status(client, wall):
    an_idea(wall, title="Tiedote-idea", column=column(wall, "Viestintä"))
    an_idea(wall, title="Sali-idea", column=column(wall, "Tilat"), status=IdeaStatus.PLANNED)
    an_idea(wall, title="Toinen sali-idea", column=column(wall, "Tilat"))

    spaces = visible_text(client.get(url(wall) + f"?sarake={column(wall, 'Tilat').pk}"))
    planned = visible_text(client.get(url(wall) + "?tila=planned"))

    assert "Sali-idea" in spaces
    assert "Toinen sali-idea" in spaces
    assert "Tiedote-idea" not in spaces
    assert "2 ideaa" in spaces
    assert "Sali-idea" in planned
    assert "Tiedote-idea" not in planned
    assert "Toinen sali-idea" not in planned
    assert "Näytä kaikki ideat" in planned
    nothing = visible_text(client.get(url(wall) + "?tila=done"))
    assert "Valinnoillasi ei löytynyt ideoita." in nothing


def test_the_ideas_stand_in_their_columns_in_the_walls_order(client, wall):
    an_idea(wall, title="Tila-idea", column=column(wall, "Tilat"))
    an_idea(wall, title="Viesti-idea", column=column(wall, "Viestintä"))

    page = text(client.get(url(wall)))

    headings = re.findall(r'<h2 class="idea-column__title"[^>]*>([^<]+)</h2>', page)
    assert headings == ["Viestintä", "Tilat"]
    assert page.index("Viesti-idea") < page.index("Tila-idea")


def test_pages_of_ideas_keep_the_sort_and_filter(client, wall):
    tilat = column(wall, "Tilat")
    Idea.objects.bulk_create(
        Idea(
            wall=wall,
            column=tilat,
            title=f"Idea {n}",
            body="Teksti",
            state="published",
            vote_count=n,
        )
        for n in range(45)
    )

    first = client.get(url(wall) + f"?jarjestys=aanet&sarake={tilat.pk}")
    page = text(first)
    assert page.count('class="idea"') == 20
    assert "Sivu 1 / 3" in visible_text(first)
    assert f'href="?jarjestys=aanet&amp;sarake={tilat.pk}&amp;page=2"' in page

    last = client.get(url(wall) + f"?jarjestys=aanet&sarake={tilat.pk}&page=3")
    assert text(last).count('class="idea"') == 5
    assert ">Idea 0<" in text(last)


def test_the_permalink_shows_status_answer_and_the_original_of_a_duplicate(client, wall, aino):
    original = an_idea(wall, aino, title="Tapahtumakalenteri")
    idea = an_idea(
        wall,
        aino,
        title="Kalenteri tapahtumille",
        status=IdeaStatus.DUPLICATE,
        duplicate_of=original,
        official_answer="Sama kuin aiempi idea.\nKalenteri tulee keväällä.",
        answered_at=datetime.datetime(2026, 4, 2, 9, 0, tzinfo=HELSINKI),
    )

    page = client.get(url(wall, "idea", idea.pk))

    words = visible_text(page)
    assert page.status_code == 200
    assert "<h1" in text(page)
    assert text(page).count("<h1") == 1
    assert "Päällekkäinen" in words
    assert "Kunnan vastaus" in words
    assert "Vastattu 2.4.2026" in words
    assert "Sama kuin aiempi idea.<br>Kalenteri tulee keväällä." in text(page)
    assert f'href="{url(wall, "idea", original.pk)}">Tapahtumakalenteri</a>' in text(page)


def test_an_idea_from_another_wall_is_not_found_here(client, wall, home_page):
    other_wall = factories.IdeaWallPageFactory(parent=home_page, slug="toinen")
    idea = an_idea(other_wall, column=None)

    assert client.get(url(wall, "idea", idea.pk)).status_code == 404
    assert client.get(url(other_wall, "idea", idea.pk)).status_code == 200


def test_the_wall_pages_load_the_script_only_there(client, wall, home_page):
    idea = an_idea(wall)

    for address in [url(wall), url(wall, "idea", idea.pk)]:
        assert '<script src="/static/js/ideas.js" defer></script>' in text(client.get(address))
    assert "ideas.js" not in text(client.get(home_page.url))


# --- The Atom feed -------------------------------------------------------------------------


ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_lists_published_ideas_with_public_fields_only(client, wall, aino, mikko):
    an_idea(
        wall,
        aino,
        title="Julkaistu idea",
        association_name="Järvelän Latu ry",
        column=column(wall, "Tilat"),
    )
    an_idea(wall, mikko, title="Odottava idea", state=ModerationState.PENDING)
    an_idea(wall, mikko, title="Peruttu idea", withdrawn_at=timezone.now())

    page = text(client.get(url(wall)))
    assert '<link rel="alternate" type="application/atom+xml" href="/ideaseina/syote/"' in page
    response = client.get(url(wall, "feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Julkaistu idea"]
    entry = entries[0]
    assert (
        entry.find(f"{ATOM}link")
        .get("href")
        .endswith(url(wall, "idea", Idea.objects.get(title="Julkaistu idea").pk))
    )
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Aino Lehtola (Järvelän Latu ry)"
    assert entry.find(f"{ATOM}category").get("term") == "Tilat"
    assert "@" not in response.content.decode()


def test_feed_ids_stay_the_same_whatever_address_the_reader_used(client, wall, aino):
    """Ids are the Site's (hostname "localhost"), not the Host header's: no duplicates."""
    an_idea(wall, aino, title="Julkaistu idea")
    ids = []
    for host in ["kunta.example", "127.0.0.1:8000"]:
        feed = ElementTree.fromstring(client.get(url(wall, "feed"), HTTP_HOST=host).content)
        entries = feed.findall(f"{ATOM}entry")
        ids.append([feed.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in entries])
    assert ids[0] == ids[1]
    assert len(ids[0]) == 2
    assert all(id_.startswith("tag:localhost,") for id_ in ids[0])


# --- Speed ---------------------------------------------------------------------------------


def _count_queries(client, address):
    client.get(address)  # warm the site root and content types
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries), response


def _fill(wall, count, voters):
    columns = list(wall.columns.all())
    Idea.objects.bulk_create(
        Idea(
            wall=wall,
            column=columns[n % len(columns)],
            author=voters[n % len(voters)],
            association_name="Järvelän Latu ry",
            title=f"Idea {n}",
            body="Teksti",
            state=ModerationState.PUBLISHED,
            status=IdeaStatus.PLANNED if n % 3 else IdeaStatus.NEW,
        )
        for n in range(count)
    )
    ideas = list(wall.ideas.order_by("-created_at", "-pk")[:30])
    IdeaVote.objects.bulk_create(
        IdeaVote(idea=idea, voter=voter) for idea in ideas[::2] for voter in voters
    )


# Pinned: a change here is noticed and the number updated on purpose.
# A participant adds their session, their account, Wagtail's user bar permissions (2),
# their votes on the page and their own ideas waiting for moderation.
WALL_QUERIES = {"visitor": 13, "participant": 19}


@pytest.mark.parametrize("who", ["visitor", "participant"])
def test_the_wall_renders_in_the_same_number_of_queries_with_10_or_1000_ideas(
    client, wall, aino, mikko, who
):
    if who == "participant":
        client.force_login(aino)
    an_idea(wall, aino, state=ModerationState.PENDING)  # the author's own waiting idea

    _fill(wall, 10, [aino, mikko])
    few, _page = _count_queries(client, url(wall) + "?jarjestys=aanet")
    _fill(wall, 990, [aino, mikko])
    many, page = _count_queries(client, url(wall) + "?jarjestys=aanet")

    assert text(page).count('class="idea"') == 20
    assert few == many
    assert many == WALL_QUERIES[who], f"pinned {WALL_QUERIES[who]}, now {many}"


def test_the_vote_state_comes_from_one_query_for_the_whole_page(client, wall, aino, mikko):
    client.force_login(aino)
    _fill(wall, 40, [aino, mikko])

    _count, page = _count_queries(client, url(wall))

    assert text(page).count('aria-pressed="true"') == 10
    assert text(page).count('aria-pressed="false"') == 10


def test_services_and_the_page_agree_on_who_has_voted(rf, wall, aino, mikko):
    idea = an_idea(wall, mikko)
    request = rf.post("/")
    request.user = aino
    services.cast_vote(request, idea)

    assert services.has_voted(idea, aino)
    assert not services.has_voted(idea, mikko)


def test_the_idea_page_renders_in_the_same_number_of_queries_with_2_or_50_comments(
    client, wall, aino, mikko
):
    client.force_login(aino)
    idea = an_idea(wall, mikko)

    def add_comments(count):
        for _ in range(count):
            top = IdeaComment.objects.create(
                idea=idea, author=mikko, body="Kommentti", state=ModerationState.PUBLISHED
            )
            IdeaComment.objects.create(
                idea=idea, parent=top, author=aino, body="Vastaus", state=ModerationState.PUBLISHED
            )

    add_comments(1)
    few, _page = _count_queries(client, url(wall, "idea", idea.pk))
    add_comments(24)
    many, page = _count_queries(client, url(wall, "idea", idea.pk))

    assert text(page).count('class="comment"') == 25
    assert text(page).count('class="comment comment--reply"') == 25
    assert few == many


def test_a_wall_without_columns_takes_ideas_too(home_page, aino):
    wall = factories.IdeaWallPageFactory(parent=home_page, slug="yleinen")
    browser = signed_in(aino)

    assert 'name="column"' not in text(browser.get(url(wall)))
    response = browser.post(url(wall, "post"), {"title": "Ilman saraketta", "body": "Teksti"})

    assert response.status_code == 302
    page = visible_text(browser.get(url(wall)))
    assert "Ilman saraketta" in page
    assert "Ideat" in page
