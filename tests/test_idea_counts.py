"""The comment count on an idea card is the number of comments a visitor can read.

It is written in the same transaction as the comment, the moderator's decision or the
report that changes it, with the idea's row locked: many people commenting at the same
moment are all counted, and a failure half-way (the database restarting between two
statements) leaves neither the comment, the decision or the report, nor a changed count.

The concurrency tests need PostgreSQL (SQLite lets one writer in at a time, so it cannot
show a race; CI runs them there); the failure tests run on both databases.
"""

import threading
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client

from core import moderation
from core.models import ModerationState, Report, ReportReason
from ideas.models import Idea, IdeaComment
from tests import factories
from tests.concurrency import (
    all_at_once,
    on_postgresql,
    participant_browser,
)

PEOPLE = 12
# Everyone writes from the same address; the flood limits are not under test.
pytestmark = pytest.mark.usefixtures("many_writes")
RESTARTED = OperationalError("terminating connection due to administrator command")


def address(idea, name, *args):
    return idea.wall.url + idea.wall.reverse_subpage(name, args=args or [idea.pk])


@pytest.fixture
def committed_idea(transactional_db, django_db_serialized_rollback, home_page):
    """Committed for real, so every thread sees it."""
    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideaseina")
    return factories.IdeaFactory(wall=wall, title="Yhteinen tapahtumakalenteri")


@on_postgresql
def test_many_people_commenting_at_once_are_all_counted(committed_idea):
    idea = committed_idea
    browsers = [participant_browser(number) for number in range(PEOPLE)]
    comments = [(address(idea, "comment"), {"body": f"Kommentti {n}"}) for n in range(PEOPLE)]

    statuses = all_at_once(browsers, comments)

    assert all(status < 400 for status in statuses), statuses
    idea.refresh_from_db()
    assert IdeaComment.objects.visible().filter(idea=idea).count() == PEOPLE
    assert idea.comment_count == PEOPLE


@on_postgresql
def test_a_recount_that_crosses_another_comment_still_ends_exact(committed_idea):
    """The first commenter pauses between counting and writing the count; the second
    comments meanwhile.

    Counted in one statement and written in another, outside a transaction, the first
    count (1) was written after the second (2): two comments shown, one counted. With the
    idea's row locked the second commenter waits instead, until the first has finished.
    """
    idea = committed_idea
    real_filter = Idea.objects.filter
    first_paused, second_done = threading.Event(), threading.Event()
    problems = []

    def first_writer_pauses(*args, **kwargs):
        if not first_paused.is_set():
            first_paused.set()
            second_done.wait(timeout=5)  # with the lock held, the second cannot finish
        return real_filter(*args, **kwargs)

    def comment(browser, done=None):
        try:
            browser.post(address(idea, "comment"), {"body": "Kommentti"})
        except Exception as error:  # reported by the test, not lost in the thread
            problems.append(error)
        finally:
            connections.close_all()
            if done is not None:
                done.set()

    first, second = participant_browser(1), participant_browser(2)
    with mock.patch.object(Idea.objects, "filter", first_writer_pauses):
        first_thread = threading.Thread(target=comment, args=(first,))
        first_thread.start()
        assert first_paused.wait(timeout=30)
        second_thread = threading.Thread(target=comment, args=(second, second_done))
        second_thread.start()
        first_thread.join(timeout=60)
        second_thread.join(timeout=60)

    assert problems == []
    idea.refresh_from_db()
    assert idea.comment_count == IdeaComment.objects.visible().filter(idea=idea).count() == 2


def test_a_comment_whose_count_cannot_be_written_is_not_saved_either(client, home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideaseina")
    idea = factories.IdeaFactory(wall=wall)
    client.force_login(factories.ParticipantFactory())

    with mock.patch("ideas.services.IdeaComment.objects.visible", side_effect=RESTARTED):
        response = client.post(address(idea, "comment"), {"body": "Hyvä idea!"})

    assert response.status_code == 503, "the participant is asked to try again"

    idea.refresh_from_db()
    assert IdeaComment.objects.filter(idea=idea).count() == 0
    assert idea.comment_count == 0
    client.post(address(idea, "comment"), {"body": "Hyvä idea!"})
    idea.refresh_from_db()
    assert idea.comment_count == IdeaComment.objects.filter(idea=idea).count() == 1


def test_a_moderators_decision_and_the_count_are_written_together(home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideaseina")
    idea = factories.IdeaFactory(wall=wall, comment_count=1)
    comment = IdeaComment.objects.create(idea=idea, body="Mainos", state=ModerationState.PUBLISHED)

    with (
        mock.patch("ideas.services.IdeaComment.objects.visible", side_effect=RESTARTED),
        pytest.raises(OperationalError),
    ):
        moderation.hide(comment, None, "Mainontaa.")

    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.state == ModerationState.PUBLISHED
    assert idea.comment_count == 1
    moderation.hide(comment, None, "Mainontaa.")
    idea.refresh_from_db()
    assert idea.comment_count == 0


def test_a_report_that_holds_a_comment_and_the_count_are_written_together(home_page, settings):
    settings.YHDESSA_REPORTS_TO_HOLD = 1
    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideaseina")
    idea = factories.IdeaFactory(wall=wall, comment_count=1)
    comment = IdeaComment.objects.create(idea=idea, body="Mainos", state=ModerationState.PUBLISHED)
    client = Client()
    client.force_login(factories.ParticipantFactory())
    report = address(idea, "report", "kommentti", comment.pk)

    with mock.patch("ideas.services.IdeaComment.objects.visible", side_effect=RESTARTED):
        response = client.post(report, {"reason": ReportReason.SPAM})

    assert response.status_code == 503, "the participant is asked to try again"

    comment.refresh_from_db()
    idea.refresh_from_db()
    assert not comment.held_by_reports
    assert idea.comment_count == 1
    assert Report.objects.count() == 0, "the participant can send the report again"
    client.post(report, {"reason": ReportReason.SPAM})
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.held_by_reports
    assert idea.comment_count == 0
