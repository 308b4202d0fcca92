"""The curl examples in docs/api.md work: each is run as written, with bash and curl, against
the site served over HTTP.

The examples read content without a token, then take part with a personal token: post an
idea, vote on another idea, comment on a third, take the vote back. Each must succeed
(they use `curl -sf`, so an HTTP error fails) and print JSON, and what they did must be
in the database afterwards.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from wagtail.models import APIToken

from forums.models import Registration
from forums.registration_models import RegistrationState
from forums.registrations import registration_link_token
from guidelines.models import (
    CommentPeriod,
    GuidelineComment,
    GuidelineProposal,
    UsefulMark,
    section_fingerprint,
)
from ideas.models import Idea, IdeaColumn, IdeaComment, IdeaVote
from tests import factories
from tests.municipalities import MUNICIPALITIES, build_municipality

API_DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
CURL = shutil.which("curl") or "/usr/bin/curl"
BASH = shutil.which("bash") or "/bin/bash"


def curl_examples(markdown):
    """The curl commands in the ```sh blocks, with backslash-continued lines joined."""
    commands = []
    for block in re.findall(r"^```(?:sh|bash|shell)\n(.*?)^```", markdown, re.M | re.S):
        for command in re.sub(r"\s*\\\n\s*", " ", block).splitlines():
            if command.strip().startswith("curl "):
                commands.append(command.strip())
    return commands


def test_the_api_doc_has_curl_examples_to_run():
    commands = curl_examples(API_DOC.read_text(encoding="utf-8"))
    assert len(commands) >= 5, f"docs/api.md has {len(commands)} curl examples"
    assert any("$TOKEN" in command for command in commands)
    assert not [command for command in commands if " -sf " not in f"{command} "], (
        "every example uses curl -sf, so that an HTTP error fails it"
    )


def test_curl_examples_are_parsed_from_continued_lines():
    markdown = (
        '```sh\ncurl -sf "$BASE/a/"\ncurl -sf -X POST \\\n  -d \'{}\' \\\n  "$BASE/b/"\n```\n'
    )
    assert curl_examples(markdown) == [
        'curl -sf "$BASE/a/"',
        "curl -sf -X POST -d '{}' \"$BASE/b/\"",
    ]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ServerInThisThread:
    """Django over real HTTP, answering only while an example runs, in the test's thread.

    The examples see the test's own transaction, the same on SQLite and on PostgreSQL,
    and nothing has to be committed and flushed. (A live server in another thread would
    need a transactional database and serialized rollback to put Wagtail's pages back.)
    """

    def __init__(self):
        self.httpd = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=_QuietHandler)
        self.httpd.timeout = 0.05
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"

    def run(self, args, env, timeout=60):
        """Runs a command to its end, answering its requests meanwhile."""
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            # The examples of our own doc, run as documented.
            process = subprocess.Popen(args, env=env, stdout=out, stderr=err, text=True)  # noqa: S603
            deadline = time.monotonic() + timeout
            while process.poll() is None:
                if time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"{args[-1]}\ndid not finish in {timeout} s")
                self.httpd.handle_request()
            out.seek(0)
            err.seek(0)
            return process.returncode, out.read(), err.read()

    def close(self):
        self.httpd.server_close()


@pytest.fixture
def server(db):
    """The end of a request closes a database connection that is inside a transaction,
    which would end the test's transaction on PostgreSQL; Django's test client and live
    server switch that off too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    server = ServerInThisThread()
    try:
        yield server
    finally:
        server.close()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def documented_world(server, home_page):
    """What the examples need: a forum with an upcoming meeting and its coordinator's
    card, an idea wall with a column and ideas, a guideline with an open comment period, a
    comment and a suggested edit, a concluded period, and a participant with a token."""
    coordinator = factories.ContactCardFactory(
        name="Sanni Seurakoordinaattori", responsibility="sports", title="Liikuntasihteeri"
    )
    forum_index = factories.ForumIndexPageFactory(parent=home_page)
    forum = factories.ForumPageFactory(
        parent=forum_index, title="Seurafoorumi", coordinator=coordinator
    )
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        title="Syksyn seurafoorumi",
        registration_open=True,
        seats=10,
        max_companions=2,
    )

    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideat")
    column = IdeaColumn.objects.create(wall=wall, name="Tapahtumat", sort_order=0)
    neighbour = factories.ParticipantFactory(display_name="Eero Naapuri")
    idea = factories.IdeaFactory(
        wall=wall, column=column, author=neighbour, title="Lainattava äänentoisto"
    )
    other_idea = factories.IdeaFactory(
        wall=wall, column=column, author=neighbour, title="Tilojen varauskalenteri"
    )

    # One guideline for the versions' and the comments' examples: two published versions
    # and a comment period open on the second.
    guideline = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(page=guideline, title="Tilat", anchor="tilat")
    support = factories.GuidelineSectionFactory(page=guideline, title="Tuen muodot", anchor="tuki")
    guideline.change_summary = "Ensimmäinen versio."
    guideline.save_revision().publish()
    guideline.change_summary = "Toinen versio."
    guideline.save_revision().publish()
    period = CommentPeriod.objects.create(
        guideline=guideline,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() + datetime.timedelta(days=7),
        intro="<p>Kommentoikaa.</p>",
        response_due=(timezone.now() + datetime.timedelta(days=30)).date(),
    )
    on_guideline = GuidelineComment.objects.create(
        period=period,
        section_key=support.key,
        section_fingerprint=section_fingerprint(support),
        author=neighbour,
        body="Tilat myös iltaisin.",
        state="published",
    )
    proposal = GuidelineProposal.objects.create(
        period=period,
        section_key=support.key,
        base_revision_id=guideline.live_revision_id,
        base_title=support.title,
        base_text="Tuen muodot.",
        text="Tuen muodot ja haku.",
        rationale="Haku kuuluu samaan kohtaan.",
        author=neighbour,
        state="published",
    )
    # The summary example needs a period that is concluded: an earlier guideline's.
    earlier = factories.GuidelinePageFactory(parent=home_page, slug="aiempi-ohje")
    earlier.save_revision().publish()
    concluded = factories.CommentPeriodFactory(
        guideline=earlier,
        starts_at=timezone.now() - datetime.timedelta(days=60),
        ends_at=timezone.now() - datetime.timedelta(days=30),
        response_due=timezone.now().date(),
        response="<p>Kiitos kommenteista.</p>",
        concluded_at=timezone.now(),
    )

    # A second municipality for the examples of several municipalities: its address is the
    # server's under its own host name (curl, as browsers, resolves *.localhost itself).
    build_municipality(*MUNICIPALITIES[1])
    address = urlsplit(server.url)
    koivikko = address._replace(netloc=f"{MUNICIPALITIES[1][2]}:{address.port}")

    participant = factories.ParticipantFactory(display_name="Aino Yhdistys")
    _token, plaintext = APIToken.create_token(user=participant, name="Yhdistyksen sovellus")
    # The association the participant represents, whose record the examples read and report.
    association = factories.AssociationFactory(name="Järvelän Kyläyhdistys ry")
    factories.RepresentationFactory(user=participant, association=association, state="confirmed")
    # The participant's registration, whose e-mailed token the examples read and cancel.
    registration = Registration.objects.create(
        meeting=meeting,
        user=participant,
        name="Aino Yhdistys",
        email=participant.email,
        state=RegistrationState.CONFIRMED,
    )
    return {
        "participant": participant,
        "registration": registration,
        "idea": idea,
        "other_idea": other_idea,
        "wall": wall,
        "column": column,
        "env": {
            "BASE": server.url,
            "KOIVIKKO": koivikko.geturl(),
            "TOKEN": plaintext,
            "PAGE_ID": str(meeting.pk),
            "ASSOCIATION_ID": str(association.pk),
            "MEETING_ID": str(meeting.pk),
            "REGISTRATION_TOKEN": registration_link_token(registration),
            "FORUM_ID": str(forum.pk),
            "WALL_ID": str(wall.pk),
            "COLUMN_ID": str(column.pk),
            "IDEA_ID": str(idea.pk),
            "OTHER_IDEA_ID": str(other_idea.pk),
            "GUIDELINE_ID": str(guideline.pk),
            "SECTION_KEY": str(support.key),
            "COMMENT_ID": str(on_guideline.pk),
            "PROPOSAL_ID": str(proposal.pk),
            "PERIOD_ID": str(concluded.pk),
        },
    }


def run_example(server, command, variables):
    """Runs one example with bash, as a reader would paste it; an unset variable fails it."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.lower().endswith("_proxy")  # the server is on this machine
    }
    env.update(variables, NO_PROXY="*", PATH=f"{Path(CURL).parent}:{env.get('PATH', '')}")
    return server.run([BASH, "-c", f"set -u\n{command}"], env)


def test_every_curl_example_in_the_api_doc_works(server, documented_world):
    assert Path(CURL).exists(), "the examples need curl (/usr/bin/curl)"
    commands = curl_examples(API_DOC.read_text(encoding="utf-8"))
    assert commands, "docs/api.md has no curl examples to run"

    answers = []
    for command in commands:
        status, out, err = run_example(server, command, documented_world["env"])
        assert status == 0, f"{command}\nexited {status}: {err or '(no message)'}"
        try:
            answers.append((command, json.loads(out)))
        except json.JSONDecodeError:
            pytest.fail(f"{command}\nprinted no JSON: {out[:500]!r}")

    participant = documented_world["participant"]
    idea, other_idea = documented_world["idea"], documented_world["other_idea"]

    def answer_to(method, path_end):
        found = [
            body
            for command, body in answers
            if (f"-X {method}" in command or (method == "GET" and " -X " not in command))
            and re.search(rf"{re.escape(path_end)}/?\"?$", command)
        ]
        assert found, f"no {method} example ending in {path_end}"
        return found[-1]

    # Reading: the meeting is in the content API, its detail_url leading to itself ...
    page_id = int(documented_world["env"]["PAGE_ID"])
    listed = answer_to("GET", "fields=start,end,place_name,status")
    assert [page["id"] for page in listed["items"]] == [page_id]
    page = answer_to("GET", "/api/v2/pages/$PAGE_ID/")
    assert page["meta"]["detail_url"].endswith(f"/api/v2/pages/{page_id}/")
    # ... and upcoming meetings carry their forum's coordinator card.
    upcoming = answer_to("GET", "/api/meetings/?when=upcoming")
    assert upcoming["items"][0]["title"] == "Syksyn seurafoorumi"
    assert upcoming["items"][0]["coordinator"]["name"] == "Sanni Seurakoordinaattori"
    assert answer_to("GET", "/api/me/")["display_name"] == "Aino Yhdistys"

    # Maija registered with a companion; the participant read and cancelled their own by token.
    registered = answer_to("POST", "/api/meetings/$MEETING_ID/registrations/")
    assert (registered["state"], registered["companions"]) == ("confirmed", 1)
    assert Registration.objects.get(email="maija@latu.example").state == "confirmed"
    mine = answer_to("GET", "/api/me/registrations/")["items"]
    assert [item["meeting"]["id"] for item in mine] == [page_id]
    assert answer_to("GET", "/registration/?token=$REGISTRATION_TOKEN")["state"] == "confirmed"
    assert answer_to("DELETE", "/registration/?token=$REGISTRATION_TOKEN")["state"] == "cancelled"
    documented_world["registration"].refresh_from_db()
    assert documented_world["registration"].state == "cancelled"
    forum_calendar = answer_to("GET", "/api/v2/pages/$FORUM_ID/?fields=calendar")["calendar"]
    assert forum_calendar == answer_to("GET", "/api/forums/$FORUM_ID/")["calendar"]
    assert forum_calendar["webcal_url"].startswith("webcal://")

    # The idea was posted, by the token's owner, in the column.
    posted = answer_to("POST", "/api/idea-walls/$WALL_ID/ideas/")
    new_idea = Idea.objects.get(pk=posted["id"])
    assert new_idea.author == participant
    assert new_idea.wall_id == documented_world["wall"].pk
    assert new_idea.column_id == documented_world["column"].pk
    assert posted["author"] == "Aino Yhdistys"

    # The vote was cast, then taken back.
    assert answer_to("PUT", "/api/ideas/$IDEA_ID/vote/") == {"voted": True, "vote_count": 1}
    assert answer_to("DELETE", "/api/ideas/$IDEA_ID/vote/") == {"voted": False, "vote_count": 0}
    assert not IdeaVote.objects.filter(idea=idea).exists()
    idea.refresh_from_db()
    assert idea.vote_count == 0

    # The comment is on the other idea.
    commented = answer_to("POST", "/api/ideas/$OTHER_IDEA_ID/comments/")
    comment = IdeaComment.objects.get(pk=commented["id"])
    assert comment.idea_id == other_idea.pk
    assert comment.author == participant
    assert comment.body == commented["body"]

    # The guideline comment is on the section named by its key; the neighbour's comment
    # was marked useful and reported.
    on_section = answer_to("POST", "/api/guidelines/$GUIDELINE_ID/comments/")
    written = GuidelineComment.objects.get(pk=on_section["id"])
    assert str(written.section_key) == documented_world["env"]["SECTION_KEY"]
    assert written.author == participant
    assert answer_to("PUT", "/api/guidelines/comments/$COMMENT_ID/useful/") == {
        "marked_useful": True,
        "useful_count": 1,
    }
    assert UsefulMark.objects.filter(participant=participant).count() == 1
    assert answer_to("POST", "/api/guidelines/comments/$COMMENT_ID/reports/") == {"reported": True}
