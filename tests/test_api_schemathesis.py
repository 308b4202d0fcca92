"""Schemathesis over the whole collaboration API's OpenAPI schema, against a seeded database.

Every operation in /api/openapi.json is called with generated requests (schemathesis's
examples, coverage and fuzzing phases), then the link-based stateful phase chains the
operations (post an idea, read it, vote, comment, report ...). Every answer must be a
non-5xx that the schema documents: its status code, its content type and its body.

The requests go through Django's WSGI application in this process, inside the test's
transaction, so the run works the same on SQLite and on PostgreSQL. The participant
sends a real personal token, so the write endpoints are exercised too. The number of
generated cases is printed at the end of the pytest run ("schemathesis: N cases ...").
"""

import datetime

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from schemathesis.config import SchemathesisConfig
from wagtail.models import APIToken

from core.models import ModerationRule, ModerationState
from ideas.models import Idea, IdeaColumn, IdeaComment, IdeaVote
from tests import factories

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
SEED = 20260401
# Per operation in the fuzzing phase; the examples and coverage phases add their own cases.
MAX_EXAMPLES = 30
# The stateful phase: scenarios, and calls per scenario.
STATEFUL_SCENARIOS = 40
STATEFUL_STEPS = 8
NO_LIMIT = "100000/h"


class _Tally:
    """Counts the generated cases and reports them at the end of the pytest run."""

    def __init__(self):
        self.stateless_cases = 0
        self.stateful_cases = 0
        self.scenarios = 0
        self.operations = set()
        self.failures = 0
        self.used = False

    def count(self, case, stateful=False):
        self.used = True
        self.operations.add(case.operation.label)
        if stateful:
            self.stateful_cases += 1
        else:
            self.stateless_cases += 1

    def summary(self):
        total = self.stateless_cases + self.stateful_cases
        return (
            f"schemathesis: {total} cases over {len(self.operations)} operations, "
            f"{self.failures} failures (stateless {self.stateless_cases}; "
            f"stateful {self.stateful_cases} calls in {self.scenarios} scenarios)"
        )

    def pytest_terminal_summary(self, terminalreporter):
        if self.used:
            terminalreporter.write_sep("-", "schemathesis")
            terminalreporter.write_line(self.summary())


TALLY = _Tally()


@pytest.fixture(autouse=True, scope="module")
def _report_case_counts(request):
    """The case counts go into pytest's closing summary, where CI's log shows them."""
    manager = request.config.pluginmanager
    if not manager.is_registered(TALLY):
        manager.register(TALLY, "yhdessa-schemathesis-tally")
    yield
    print(f"\n{TALLY.summary()}")


@pytest.fixture
def api_world(home_page):
    """A small but complete site: every kind of record the API serves, in each state."""
    sports = factories.ContactCardFactory(
        name="Sanni Seurakoordinaattori", responsibility="sports", title="Liikuntasihteeri"
    )
    factories.ContactCardFactory(
        name="Kalle Kulttuuri", photo=factories.PhotoFactory(), photo_alt_text="Kalle"
    )
    factories.ContactCardFactory(name="Luonnos Henkilö", live=False)

    forums = factories.ForumIndexPageFactory(parent=home_page)
    forum = factories.ForumPageFactory(parent=forums, title="Seurafoorumi", coordinator=sports)
    factories.ForumPageFactory(parent=forums, title="Kulttuurifoorumi", coordinator=None)
    now = timezone.now()
    factories.ForumMeetingPageFactory(parent=forum, title="Syksyn seurafoorumi")
    past = factories.ForumMeetingPageFactory(
        parent=forum,
        title="Kevään seurafoorumi",
        start=now - datetime.timedelta(days=90),
        minutes=factories.DocumentFactory(title="Pöytäkirja"),
    )
    factories.MeetingMaterialFactory(meeting=past)

    guideline = factories.GuidelinePageFactory(parent=home_page)
    factories.GuidelineSectionFactory(page=guideline, title="Rakenteet", anchor="rakenteet")
    factories.GuidelineSectionFactory(page=guideline, title="Tuen muodot", anchor="tuki")

    participant = factories.ParticipantFactory(display_name="Aino Yhdistys")
    neighbour = factories.ParticipantFactory(display_name="Eero Naapuri")
    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideat")
    column = IdeaColumn.objects.create(wall=wall, name="Tilat", sort_order=0)
    IdeaColumn.objects.create(wall=wall, name="Viestintä", sort_order=1)
    own = factories.IdeaFactory(wall=wall, column=column, author=participant, title="Oma idea")
    factories.IdeaFactory(
        wall=wall, column=column, author=participant, state=ModerationState.PENDING
    )
    popular = factories.IdeaFactory(wall=wall, column=column, author=neighbour, title="Suosittu")
    IdeaVote.objects.create(idea=popular, voter=neighbour)
    Idea.objects.filter(pk=popular.pk).update(vote_count=1)
    comment = IdeaComment.objects.create(
        idea=popular, author=neighbour, body="Hyvä!", state=ModerationState.PUBLISHED
    )
    IdeaComment.objects.create(
        idea=popular, parent=comment, author=participant, body="Samaa mieltä.", state="published"
    )
    factories.IdeaFactory(wall=wall, column=column, author=neighbour, state=ModerationState.HIDDEN)
    closed = factories.IdeaWallPageFactory(
        parent=home_page, slug="suljettu", title="Suljettu seinä", is_open=False
    )
    factories.IdeaFactory(wall=closed, author=neighbour)
    held = factories.IdeaWallPageFactory(
        parent=home_page,
        slug="ennakko",
        title="Ennakkomoderoitu seinä",
        moderation_rule=ModerationRule.BEFORE,
        voting_enabled=False,
    )
    factories.IdeaFactory(wall=held, author=neighbour)

    _token, plaintext = APIToken.create_token(user=participant, name="Schemathesis")
    return {"token": plaintext, "wall": wall, "own": own, "popular": popular}


@pytest.fixture
def wsgi_application():
    """Django's WSGI handler, called in this thread inside the test's transaction.

    A request's end normally closes the database connection when it is inside a
    transaction; that would end the test's transaction on PostgreSQL. Django's test
    client switches the same check off.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(api_world, wsgi_application, settings):
    settings.YHDESSA_RATE_LIMITS = {
        action: {"per_user": NO_LIMIT, "per_ip": NO_LIMIT} for action in settings.YHDESSA_RATE_LIMITS
    }
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "headers": {"Authorization": f"Bearer {api_world['token']}"},
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            "checks": {name: {"enabled": True} for name in CHECKS} | {"enabled": False},
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": STATEFUL_STEPS},
            },
        }
    )
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_application, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_every_operation_answers_as_documented(case):
    TALLY.count(case)
    try:
        case.call_and_validate()
    except Exception:
        TALLY.failures += 1
        raise


@pytest.mark.django_db
def test_linked_operations_answer_as_documented(api_schema):
    machine = api_schema.as_state_machine()

    class CountingMachine(machine):
        def setup(self):
            TALLY.scenarios += 1
            super().setup()

        def before_call(self, case):
            TALLY.count(case, stateful=True)
            super().before_call(case)

    try:
        CountingMachine.run(
            settings=hypothesis.settings(
                max_examples=STATEFUL_SCENARIOS,
                stateful_step_count=STATEFUL_STEPS,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(hypothesis.HealthCheck),
            )
        )
    except Exception:
        TALLY.failures += 1
        raise
