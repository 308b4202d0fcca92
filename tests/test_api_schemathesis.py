"""Schemathesis over the whole collaboration API's OpenAPI schema, against a seeded database.

Every operation in /api/openapi.json is called with generated requests (schemathesis's
examples, coverage and fuzzing phases, valid and invalid input), then the link-based
stateful phase chains operations (post an idea, read it, edit it, vote, comment, report).
Every answer must be a non-5xx that the schema documents: status code, content type, body.

The requests go through Django's WSGI application in this process, inside the test's
transaction, so the run is the same on SQLite and on PostgreSQL. The participant sends a
real personal token, so the writes are exercised too; generated ids are swapped now and
then for ids of records that exist, so the writes also succeed and not only 404.

The number of generated cases is printed at the end of the pytest run, in CI's log too:
"schemathesis: N cases over M operations, F failures (...)".
"""

import collections
import datetime
import json

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from wagtail.models import APIToken

from config.api import collaboration_api
from core.models import ModerationRule, ModerationState
from guidelines.models import (
    AnswerOutcome,
    CommentPeriod,
    GuidelineComment,
    GuidelinePage,
    GuidelineProposal,
    ProposalOutcome,
    section_fingerprint,
)
from ideas.models import Idea, IdeaColumn, IdeaComment, IdeaVote
from tests import closing_summary, factories

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    # Whatever the schema forbids (an empty title, a date that is not one) is refused.
    "negative_data_rejection",
)
SEED = 20260401
# Per operation in the fuzzing phase; the examples and coverage phases add their own cases.
MAX_EXAMPLES = 30
# The stateful phase: scenarios, and calls in each.
STATEFUL_SCENARIOS = 40
STATEFUL_STEPS = 8
NO_LIMIT = "100000/h"


def served_schema():
    """The schema exactly as /api/openapi.json serves it (a test checks they are equal)."""
    return json.loads(json.dumps(collaboration_api.get_openapi_schema(path_prefix="/api/")))


CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "checks": {"enabled": False} | {name: {"enabled": True} for name in CHECKS},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": True, "max-steps": STATEFUL_STEPS},
        },
    }
)
schema = schemathesis.openapi.from_dict(served_schema(), config=CONFIG)
django_application = WSGIHandler()


def application(environ, start_response):
    """Django behind a server: every server sets REMOTE_ADDR, werkzeug's test client does not."""
    environ.setdefault("REMOTE_ADDR", "127.0.0.1")
    return django_application(environ, start_response)


schema.app = application

# Ids of records that exist, by the name of the parameter or field that takes them;
# filled by the api_world fixture for the test that is running.
KNOWN_IDS = {}


def _sometimes_known(values):
    """Let Hypothesis swap a generated id for the id of a real record, or keep it."""
    if not isinstance(values, dict):
        return st.just(values)
    choices = {
        name: st.sampled_from([value, *KNOWN_IDS[name]])
        for name, value in values.items()
        if KNOWN_IDS.get(name) and type(value) is int
    }
    if not choices:
        return st.just(values)
    return st.fixed_dictionaries(choices).map(lambda drawn: {**values, **drawn})


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    return _sometimes_known(path_parameters)


@schema.hook
def flatmap_query(context, query):
    return _sometimes_known(query)


@schema.hook
def flatmap_body(context, body):
    return _sometimes_known(body)


class _Tally:
    """Counts the generated cases and their answers for pytest's closing summary."""

    def __init__(self):
        self.cases = collections.Counter()
        self.scenarios = 0
        self.answers = collections.Counter()
        self.failures = 0

    def answered(self, case, response, phase):
        self.cases[phase] += 1
        self.answers[case.operation.label, response.status_code // 100] += 1

    def pytest_runtest_logreport(self, report):
        if report.failed and report.nodeid.startswith(__name__.replace(".", "/")):
            self.failures += 1

    def lines(self):
        if not self.cases:
            return []
        operations = {label for label, _status in self.answers}
        by_status = collections.Counter()
        for (_label, status), count in self.answers.items():
            by_status[f"{status}xx"] += count
        writes = ", ".join(
            f"{label} {count}"
            for (label, status), count in sorted(self.answers.items())
            if status == 2 and not label.startswith("GET ")
        )
        return [
            f"schemathesis: {self.cases.total()} cases over {len(operations)} operations, "
            f"{self.failures} failures (stateless {self.cases['stateless']}; stateful "
            f"{self.cases['stateful']} calls in {self.scenarios} scenarios)",
            "schemathesis answers: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())),
            f"schemathesis successful writes: {writes or 'none'}",
        ]


TALLY = _Tally()


@pytest.fixture(autouse=True, scope="module")
def _report_case_counts(request):
    """The case counts go into pytest's closing summary, where CI's log shows them."""
    if not request.config.pluginmanager.is_registered(TALLY):
        request.config.pluginmanager.register(TALLY, "yhdessa-schemathesis-tally")
    yield
    closing_summary.add("schemathesis", TALLY.lines())


@pytest.fixture
def api_world(home_page):
    """A small but complete site: every kind of record the API serves, in each state."""
    sports = factories.ContactCardFactory(
        name="Sanni Seurakoordinaattori", responsibility="sports", title="Liikuntasihteeri"
    )
    culture = factories.ContactCardFactory(
        name="Kalle Kulttuuri", photo=factories.PhotoFactory(), photo_alt_text="Kalle"
    )
    draft_card = factories.ContactCardFactory(name="Luonnos Henkilö", live=False)

    forum_index = factories.ForumIndexPageFactory(parent=home_page)
    forum = factories.ForumPageFactory(parent=forum_index, title="Seurafoorumi", coordinator=sports)
    other_forum = factories.ForumPageFactory(
        parent=forum_index, title="Kulttuurifoorumi", coordinator=None
    )
    upcoming = factories.ForumMeetingPageFactory(
        parent=forum,
        title="Syksyn seurafoorumi",
        registration_open=True,
        seats=2,
        max_companions=1,
        ask_dietary_needs=True,
    )
    past = factories.ForumMeetingPageFactory(
        parent=forum,
        title="Kevään seurafoorumi",
        start=timezone.now() - datetime.timedelta(days=90),
        minutes=factories.DocumentFactory(title="Pöytäkirja"),
    )
    factories.MeetingMaterialFactory(meeting=past)

    guideline = factories.GuidelinePageFactory(parent=home_page)
    factories.GuidelineSectionFactory(page=guideline, title="Rakenteet", anchor="rakenteet")
    factories.GuidelineSectionFactory(page=guideline, title="Tuen muodot", anchor="tuki")
    guideline.save_revision().publish()  # version 1
    draft = GuidelinePage.objects.get(pk=guideline.pk).get_latest_revision_as_object()
    sections = list(draft.sections.all())
    sections[1].body = "<p>Avustukset, tilat ja viestintä.</p>"
    draft.sections = sections
    draft.change_summary = "Tuen muodot tarkentuivat."
    draft.save_revision().publish()  # version 2
    tuki = factories.GuidelineSectionFactory(page=guideline, title="Tuen muodot", anchor="tuki")
    guideline.save_revision().publish()
    period = CommentPeriod.objects.create(
        guideline=guideline,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() + datetime.timedelta(days=7),
        intro="<p>Kommentoikaa.</p>",
        response_due=(timezone.now() + datetime.timedelta(days=30)).date(),
    )

    participant = factories.ParticipantFactory(display_name="Aino Yhdistys")
    neighbour = factories.ParticipantFactory(display_name="Eero Naapuri")
    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideat")
    column = IdeaColumn.objects.create(wall=wall, name="Tilat", sort_order=0)
    other_column = IdeaColumn.objects.create(wall=wall, name="Viestintä", sort_order=1)
    own = factories.IdeaFactory(wall=wall, column=column, author=participant, title="Oma idea")
    waiting = factories.IdeaFactory(
        wall=wall, column=column, author=participant, state=ModerationState.PENDING
    )
    popular = factories.IdeaFactory(wall=wall, column=other_column, author=neighbour)
    IdeaVote.objects.create(idea=popular, voter=neighbour)
    Idea.objects.filter(pk=popular.pk).update(vote_count=1)
    comment = IdeaComment.objects.create(
        idea=popular, author=neighbour, body="Hyvä!", state=ModerationState.PUBLISHED
    )
    reply = IdeaComment.objects.create(
        idea=popular, parent=comment, author=participant, body="Samaa mieltä.", state="published"
    )
    hidden = factories.IdeaFactory(
        wall=wall, column=column, author=neighbour, state=ModerationState.HIDDEN
    )
    closed = factories.IdeaWallPageFactory(
        parent=home_page, slug="suljettu", title="Suljettu seinä", is_open=False
    )
    on_closed = factories.IdeaFactory(wall=closed, author=neighbour)
    held = factories.IdeaWallPageFactory(
        parent=home_page,
        slug="ennakko",
        title="Ennakkomoderoitu seinä",
        moderation_rule=ModerationRule.BEFORE,
        voting_enabled=False,
    )
    on_held = factories.IdeaFactory(wall=held, author=neighbour)

    on_guideline = GuidelineComment.objects.create(
        period=period,
        section_key=tuki.key,
        section_fingerprint=section_fingerprint(tuki),
        author=neighbour,
        body="Avustushaku syksyllä.",
        state=ModerationState.PUBLISHED,
    )

    def proposal(state, author):
        return GuidelineProposal.objects.create(
            period=period,
            section_key=tuki.key,
            base_title=tuki.title,
            base_text="Tuen muodot.",
            text="Avustukset ja tilat.",
            rationale="Selkeämpi.",
            author=author,
            state=state,
        )

    proposals = [
        proposal(ModerationState.PUBLISHED, neighbour).pk,
        proposal(ModerationState.PUBLISHED, participant).pk,
        proposal(ModerationState.HIDDEN, neighbour).pk,
    ]

    on_proposal = GuidelineComment.objects.create(
        period=period,
        proposal_id=proposals[0],
        section_key=tuki.key,
        section_fingerprint=section_fingerprint(tuki),
        author=neighbour,
        body="Hyvä ehdotus.",
        state=ModerationState.PUBLISHED,
    )
    # A second guideline whose period is concluded, so its summary answers 200 (the open
    # period's answers 404).
    concluded_guideline = factories.GuidelinePageFactory(parent=home_page, slug="paattynyt")
    rakenteet = factories.GuidelineSectionFactory(
        page=concluded_guideline, title="Rakenteet", anchor="rakenteet"
    )
    concluded_guideline.save_revision().publish()
    concluded = CommentPeriod.objects.create(
        guideline=concluded_guideline,
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=10),
        response_due=timezone.now().date(),
        response="<p>Kiitos kommenteista.</p>",
        concluded_at=timezone.now(),
    )
    concluded_edit = GuidelineProposal.objects.create(
        period=concluded,
        section_key=rakenteet.key,
        base_title=rakenteet.title,
        base_text="Rakenteet.",
        text="Foorumit ja verkostot.",
        rationale="Selkeämpi.",
        author=neighbour,
        state=ModerationState.PUBLISHED,
        outcome=ProposalOutcome.DECLINED,
        decision_reason="Pidetään ennallaan.",
    )
    for proposal_of in (None, concluded_edit):
        GuidelineComment.objects.create(
            period=concluded,
            section_key=rakenteet.key,
            section_fingerprint=section_fingerprint(rakenteet),
            proposal=proposal_of,
            author=participant,
            body="Hyvä.",
            state=ModerationState.PUBLISHED,
            outcome=AnswerOutcome.TAKEN,
            answer="Kiitos.",
            answered_at=timezone.now(),
        )

    _token, plaintext = APIToken.create_token(user=participant, name="Schemathesis")
    forums = [forum.pk, other_forum.pk]
    columns = [column.pk, other_column.pk]
    comments = [comment.pk, reply.pk, on_guideline.pk, on_proposal.pk]
    KNOWN_IDS.update(
        card_id=[sports.pk, culture.pk, draft_card.pk],
        forum_id=forums,
        forum=forums,
        meeting_id=[upcoming.pk, past.pk],
        guideline_id=[guideline.pk, concluded_guideline.pk],
        period_id=[period.pk, concluded.pk],
        proposal_id=proposals,
        number=[1, 2],
        other=[1, 2],
        wall_id=[wall.pk, closed.pk, held.pk],
        idea_id=[idea.pk for idea in (own, waiting, popular, hidden, on_closed, on_held)],
        column=columns,
        column_id=columns,
        comment_id=comments,
        parent_id=comments,
    )
    yield {"token": plaintext}
    KNOWN_IDS.clear()


@pytest.fixture
def credentials(api_world, settings):
    """The participant's token, for Django's WSGI application called in this thread.

    Rate limits are raised so that 429s do not drown the run. The end of a request
    normally closes a database connection that is inside a transaction, which would end
    the test's transaction on PostgreSQL; Django's test client switches that off too.
    """
    settings.YHDESSA_RATE_LIMITS = {
        action: {"per_user": NO_LIMIT, "per_ip": NO_LIMIT}
        for action in settings.YHDESSA_RATE_LIMITS
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {api_world['token']}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_tested_schema_is_the_served_one(client):
    served = client.get("/api/openapi.json").json()
    assert served == served_schema()
    operations = sum(len(methods) for methods in served["paths"].values())
    assert len(list(schema.get_all_operations())) == operations


@schema.parametrize()
@hypothesis.settings(suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
@pytest.mark.django_db
def test_every_operation_answers_as_documented(case, credentials):
    response = case.call(headers=credentials)
    TALLY.answered(case, response, "stateless")
    case.validate_response(response, headers=credentials)


@pytest.mark.django_db
def test_linked_operations_answer_as_documented(credentials):
    class Scenarios(schema.as_state_machine()):
        def setup(self):
            TALLY.scenarios += 1
            super().setup()

        def get_call_kwargs(self, case):
            return {**super().get_call_kwargs(case), "headers": credentials}

        def after_call(self, response, case):
            TALLY.answered(case, response, "stateful")
            super().after_call(response, case)

    Scenarios.run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=STATEFUL_STEPS,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )


# Found by this run: each of these answered 500 before it was fixed.
FOUND = [
    ("/api/forums/?page=145501203236499292160&page_size=100", 200),
    ("/api/idea-walls/2558326601134994470048658096128/", 404),
    ("/api/idea-walls/2558326601134994470048658096128/ideas/", 404),
    ("/api/forums/2558326601134994470048658096128/", 404),
    ("/api/meetings/2558326601134994470048658096128/", 404),
    ("/api/guidelines/2558326601134994470048658096128/", 404),
    ("/api/meetings/?starts_after=0496-03-09T04%3A25%3A32%2B19%3A19", 200),
    ("/api/meetings/?starts_after=0001-01-01T00%3A00%3A00%2B10%3A00", 200),
    ("/api/meetings/?starts_before=9999-12-31T23%3A59%3A59-10%3A00", 200),
    ("/api/idea-walls/{wall}/ideas/?column=2558326601134994470048658096128", 200),
]


@pytest.mark.django_db
def test_what_schemathesis_found_stays_fixed(client, credentials):
    wall = KNOWN_IDS["wall_id"][0]
    answers = {path: client.get(path.format(wall=wall)).status_code for path, _status in FOUND}
    assert answers == dict(FOUND)
    # A NUL character answered 500 on PostgreSQL, which cannot store it.
    own, popular = KNOWN_IDS["idea_id"][0], KNOWN_IDS["idea_id"][2]
    idea = {"title": "Idea\x00", "body": "Teksti\x00", "column_id": KNOWN_IDS["column_id"][0]}
    for send, path, body in [
        (client.post, f"/api/idea-walls/{wall}/ideas/", idea),
        (client.patch, f"/api/ideas/{own}/", idea),
        (client.post, f"/api/ideas/{popular}/comments/", {"body": "Kommentti\x00"}),
    ]:
        response = send(
            path,
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=credentials["Authorization"],
        )
        assert response.status_code == 422, response.content
        assert response.json()["code"] == "invalid"
