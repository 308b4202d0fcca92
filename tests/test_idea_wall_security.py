"""Bad input and abuse on the idea wall: forged forms, script in text, floods and bots.

Every write needs the CSRF token; whatever a visitor types is shown as text on the
wall, on the idea's own page and in the feed; rate limits stop floods with a clear
Finnish message and keep what was typed; a bot that fills the hidden field is
turned away without a trace.
"""

import re
from html.parser import HTMLParser

import pytest
from defusedxml import ElementTree
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from associations.models import RepresentationState
from core.errors import Refused
from core.models import ModerationRule, ModerationState
from core.ratelimit import RateLimited
from ideas.models import Idea, IdeaColumn, IdeaComment, IdeaVote
from tests import factories

RATE_LIMITED = "Olet tehnyt tämän liian monta kertaa lyhyessä ajassa. Yritä myöhemmin uudelleen."
JSON = {"HTTP_ACCEPT": "application/json"}
OUR_SCRIPT = "/static/js/ideas.js"

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "{{7*7}}",
    "</textarea><script>alert(1)</script>",
    "'><iframe src=javascript:alert(1)></iframe>",
    "<body onload=alert(1)>",
    'https://esimerkki.example/"onmouseover="alert(1)',
    "<style>*{display:none}</style>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wall(home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Ideaseinä", slug="ideaseina")
    IdeaColumn.objects.create(wall=wall, name="Viestintä", sort_order=0)
    return wall


def participant(name, email):
    person = User.objects.create_user(email=email, password="salasana-123", display_name=name)
    factories.RepresentationFactory(
        user=person,
        association=factories.AssociationFactory(name="Järvelän Latu ry"),
        state=RepresentationState.CONFIRMED,
    )
    return person


@pytest.fixture
def aino(home_page):
    return participant("Aino Lehtola", "aino@latu.example")


@pytest.fixture
def mikko(home_page):
    return participant("Mikko Saarelainen", "mikko@kajastus.example")


def signed_in(person, **options):
    browser = Client(**options)
    browser.force_login(person)
    return browser


def url(wall, name=None, *args):
    return wall.url if name is None else wall.url + wall.reverse_subpage(name, args=args)


def idea_data(wall, **fields):
    return {
        "title": "Kalenteri",
        "body": "Tapahtumat yhteen.",
        "column": wall.columns.get().pk,
    } | fields


def visible_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- Markup that must never come from a visitor ---------------------------------------


class MarkupFinder(HTMLParser):
    """Collects what a browser would run or load: scripts, frames, handlers, script URLs."""

    DANGEROUS_TAGS = {"script", "iframe", "svg", "img", "style", "object", "embed", "body"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.bodies = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "body":
            self.bodies += 1
            if self.bodies == 1 and not any(name.startswith("on") for name in attributes):
                return  # the page's own <body>
        if tag == "script" and (attributes.get("src") or "").endswith(OUR_SCRIPT):
            return
        if tag in self.DANGEROUS_TAGS:
            self.problems.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} has {name}={value!r}")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"{tag} has {name}={value!r}")


def markup_problems(html):
    finder = MarkupFinder()
    finder.feed(html)
    return finder.problems


def assert_shown_as_text(html, payload):
    assert markup_problems(html) == []
    if "<" in payload or '"' in payload:
        assert payload not in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_script_in_titles_texts_and_comments_is_shown_as_text(wall, aino, mikko, client, payload):
    author = signed_in(aino)
    author.post(url(wall, "post"), idea_data(wall, title=payload, body=f"Alku\n{payload}\nLoppu"))
    idea = Idea.objects.get()
    edit_form = author.get(url(wall, "edit", idea.pk))  # editable until the first comment
    commenter = signed_in(mikko)
    commenter.post(url(wall, "comment", idea.pk), {"body": payload})
    comment = IdeaComment.objects.get()
    answer = commenter.post(
        url(wall, "comment", idea.pk), {"body": payload, "parent": comment.pk}, **JSON
    )

    assert idea.title == payload.strip()
    pages = {
        "wall": client.get(url(wall)),
        "permalink": client.get(url(wall, "idea", idea.pk)),
        "own permalink": author.get(url(wall, "idea", idea.pk)),
        "edit form": edit_form,
        "report form": commenter.get(url(wall, "report", "kommentti", comment.pk)),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert_shown_as_text(page.content.decode(), payload)
    assert_shown_as_text(answer.json()["html"], payload)
    if payload == "{{7*7}}":
        assert "{{7*7}}" in visible_text(pages["permalink"])

    feed = client.get(url(wall, "feed")).content.decode()
    if "<" in payload:
        assert payload not in feed
    entry = ElementTree.fromstring(feed).find("{http://www.w3.org/2005/Atom}entry")
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == payload.strip()
    summary = entry.findtext("{http://www.w3.org/2005/Atom}summary")  # HTML, as a reader sees it
    assert markup_problems(summary) == []


def test_a_link_in_visitor_text_is_marked_as_user_content(wall, aino, client):
    signed_in(aino).post(url(wall, "post"), idea_data(wall, body="Katso https://esimerkki.example"))

    page = client.get(url(wall)).content.decode()

    assert (
        '<a href="https://esimerkki.example" rel="nofollow ugc">https://esimerkki.example</a>'
        in page
    )


# --- CSRF ------------------------------------------------------------------------------


def csrf_token(browser, address):
    page = browser.get(address).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_every_write_needs_the_csrf_token(wall, aino, mikko):
    idea = factories.IdeaFactory(wall=wall, author=aino, column=wall.columns.get())
    comment = IdeaComment.objects.create(
        idea=idea, author=aino, body="Hyvä idea", state=ModerationState.PUBLISHED
    )
    forged = [
        (url(wall, "post"), idea_data(wall, title="Väärennetty")),
        (url(wall, "edit", idea.pk), idea_data(wall, title="Väärennetty")),
        (url(wall, "withdraw", idea.pk), {}),
        (url(wall, "comment", idea.pk), {"body": "Väärennetty"}),
    ]
    someone_else = [
        (url(wall, "vote", idea.pk), {"vote": "add"}),
        (url(wall, "report", "idea", idea.pk), {"reason": "spam"}),
        (url(wall, "report", "kommentti", comment.pk), {"reason": "spam"}),
    ]
    author = signed_in(aino, enforce_csrf_checks=True)
    voter = signed_in(mikko, enforce_csrf_checks=True)

    for browser, requests in [(author, forged), (voter, someone_else)]:
        for address, data in requests:
            assert browser.post(address, data).status_code == 403, address
            assert browser.post(address, data, **JSON).status_code == 403, address

    idea.refresh_from_db()
    assert (idea.title, idea.withdrawn_at, idea.vote_count, idea.held_by_reports) == (
        idea.title,
        None,
        0,
        False,
    )
    assert Idea.objects.count() == 1
    assert IdeaComment.objects.count() == 1
    assert IdeaVote.objects.count() == 0

    token = csrf_token(voter, url(wall, "idea", idea.pk))
    answer = voter.post(
        url(wall, "vote", idea.pk), {"vote": "add", "csrfmiddlewaretoken": token}, **JSON
    )
    assert answer.status_code == 200
    token = csrf_token(author, url(wall))
    posted = author.post(url(wall, "post"), idea_data(wall, csrfmiddlewaretoken=token))
    assert posted.status_code == 302


def test_a_vote_or_comment_cannot_be_made_with_a_link(wall, aino, mikko):
    idea = factories.IdeaFactory(wall=wall, author=aino)
    browser = signed_in(mikko)

    assert browser.get(url(wall, "vote", idea.pk) + "?vote=add").status_code == 405
    assert browser.get(url(wall, "comment", idea.pk) + "?body=hei").status_code == 405
    assert IdeaVote.objects.count() == 0


# --- Rate limits ------------------------------------------------------------------------


def limits(idea="10/h", comment="30/h", vote="120/h", report="20/h", per_ip="1000/h"):
    return {
        "idea": {"per_user": idea, "per_ip": per_ip},
        "comment": {"per_user": comment, "per_ip": per_ip},
        "vote": {"per_user": vote, "per_ip": per_ip},
        "report": {"per_user": report, "per_ip": per_ip},
    }


def test_too_many_ideas_get_a_clear_message_and_the_text_is_kept(settings, wall, aino):
    settings.YHDESSA_RATE_LIMITS = limits(idea="2/h")
    browser = signed_in(aino)
    for number in range(2):
        assert (
            browser.post(url(wall, "post"), idea_data(wall, title=f"Idea {number}")).status_code
            == 302
        )

    response = browser.post(
        url(wall, "post"), idea_data(wall, title="Kolmas idea", body="Tämä ei mene läpi.")
    )

    assert response.status_code == 429
    assert RATE_LIMITED in visible_text(response)
    assert 'value="Kolmas idea"' in response.content.decode()
    assert "Tämä ei mene läpi.</textarea>" in response.content.decode()
    assert Idea.objects.count() == 2


def test_too_many_comments_get_a_clear_message_and_the_text_is_kept(settings, wall, aino, mikko):
    settings.YHDESSA_RATE_LIMITS = limits(comment="2/h")
    idea = factories.IdeaFactory(wall=wall, author=aino)
    browser = signed_in(mikko)
    for number in range(2):
        browser.post(url(wall, "comment", idea.pk), {"body": f"Kommentti {number}"})

    response = browser.post(url(wall, "comment", idea.pk), {"body": "Kolmas kommentti"})
    answer = browser.post(url(wall, "comment", idea.pk), {"body": "Neljäs"}, **JSON)

    assert response.status_code == 429
    assert RATE_LIMITED in visible_text(response)
    assert "Kolmas kommentti</textarea>" in response.content.decode()
    assert answer.status_code == 429
    assert answer.json()["message"] == RATE_LIMITED
    assert IdeaComment.objects.count() == 2


def test_too_many_votes_and_reports_get_a_clear_message(settings, wall, aino, mikko):
    settings.YHDESSA_RATE_LIMITS = limits(vote="2/h", report="1/h")
    ideas = [factories.IdeaFactory(wall=wall, author=aino) for _ in range(3)]
    browser = signed_in(mikko)
    for idea in ideas[:2]:
        assert browser.post(url(wall, "vote", idea.pk), {"vote": "add"}).status_code == 302

    vote = browser.post(url(wall, "vote", ideas[2].pk), {"vote": "add"})
    assert vote.status_code == 429
    assert RATE_LIMITED in visible_text(vote)
    assert IdeaVote.objects.count() == 2

    browser.post(url(wall, "report", "idea", ideas[0].pk), {"reason": "spam"})
    report = browser.post(url(wall, "report", "idea", ideas[1].pk), {"reason": "spam"})
    assert report.status_code == 429
    assert RATE_LIMITED in visible_text(report)


def test_the_limit_per_address_counts_everyone_behind_it(settings, wall, aino, mikko):
    settings.YHDESSA_RATE_LIMITS = limits(per_ip="2/h")
    signed_in(aino).post(url(wall, "post"), idea_data(wall, title="Ensimmäinen"))
    signed_in(aino).post(url(wall, "post"), idea_data(wall, title="Toinen"))

    response = signed_in(mikko).post(url(wall, "post"), idea_data(wall, title="Kolmas"))

    assert response.status_code == 429
    assert Idea.objects.count() == 2


# --- The honeypot ------------------------------------------------------------------------


def test_the_honeypot_is_hidden_from_people_and_labelled(wall, aino):
    page = signed_in(aino).get(url(wall)).content.decode()

    field = re.search(r'<div class="honeypot">(.*?)</div>', page, re.S).group(1)
    assert "Jätä tämä kenttä tyhjäksi" in field
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field


def test_a_bot_that_fills_the_honeypot_is_turned_away_without_a_trace(settings, wall, aino):
    settings.YHDESSA_RATE_LIMITS = limits(idea="1/h")
    browser = signed_in(aino)

    response = browser.post(
        url(wall, "post"),
        idea_data(wall, title="Halpoja lääkkeitä", website="http://roska.example"),
    )

    assert response.status_code == 302
    assert response["Location"] == url(wall)
    assert Idea.objects.count() == 0
    assert "Halpoja" not in visible_text(browser.get(url(wall)))
    # Nothing was counted either: a person's next idea goes through.
    assert browser.post(url(wall, "post"), idea_data(wall)).status_code == 302
    assert Idea.objects.count() == 1


# --- What stays private ------------------------------------------------------------------


def test_e_mail_addresses_never_show_on_the_wall_the_idea_or_the_feed(wall, aino, mikko, client):
    signed_in(aino).post(url(wall, "post"), idea_data(wall))
    idea = Idea.objects.get()
    signed_in(mikko).post(url(wall, "comment", idea.pk), {"body": "Hyvä!"})

    for address in [url(wall), url(wall, "idea", idea.pk), url(wall, "feed")]:
        page = client.get(address).content.decode()
        assert "aino@latu.example" not in page
        assert "mikko@kajastus.example" not in page


def test_waiting_and_hidden_ideas_stay_out_of_every_public_view(wall, aino, client):
    wall.moderation_rule = ModerationRule.BEFORE
    wall.save()
    signed_in(aino).post(url(wall, "post"), idea_data(wall, title="Odottava"))
    hidden = factories.IdeaFactory(
        wall=wall, author=aino, title="Piilotettu", state=ModerationState.HIDDEN
    )
    waiting = Idea.objects.get(title="Odottava")

    for address in [url(wall), url(wall, "feed"), url(wall) + "?tila=new"]:
        page = client.get(address).content.decode()
        assert "Odottava" not in page
        assert "Piilotettu" not in page
    for idea in [waiting, hidden]:
        assert client.get(url(wall, "idea", idea.pk)).status_code == 404
        assert client.get(url(wall, "report", "idea", idea.pk)).status_code == 404


def test_a_rate_limit_is_the_same_refusal_on_the_page_and_in_the_api(settings, wall, aino):
    """One kind of refusal: the same 429 and Finnish message whichever door is used."""
    settings.YHDESSA_RATE_LIMITS = limits(comment="1/h")
    idea = factories.IdeaFactory(wall=wall, author=aino)
    browser = signed_in(aino, enforce_csrf_checks=False)
    browser.post(url(wall, "comment", idea.pk), {"body": "Ensimmäinen"})

    page = browser.post(url(wall, "comment", idea.pk), {"body": "Toinen"}, **JSON)
    api = browser.post(
        f"/api/ideas/{idea.pk}/comments/", {"body": "Kolmas"}, content_type="application/json"
    )

    assert page.status_code == api.status_code == 429
    assert page.json()["code"] == api.json()["code"] == "rate_limited"
    assert page.json()["message"] == api.json()["message"]["fi"] == RATE_LIMITED
    assert issubclass(RateLimited, Refused), "one `except Refused` handles every refusal"
