"""Version numbers stay 1, 2, 3 … when editors publish at the same moment.

Each thread records its own revision of the same guideline as live (what the
page_published signal does), all released together by a barrier, so the database sees
concurrent transactions. Every publication gets its own
number, none is lost and none is given twice.

PostgreSQL only: SQLite lets one writer in at a time, so it cannot show a race.
"""

import threading

import pytest
from django.db import connections
from wagtail.models import Revision

from guidelines import versions
from guidelines.models import GuidelinePage, GuidelineVersion
from tests import factories
from tests.concurrency import on_postgresql

pytestmark = on_postgresql

EDITORS = 6


@pytest.fixture
def revisions(transactional_db, django_db_serialized_rollback, home_page):
    """A published guideline and one committed draft revision per editor."""
    guideline = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    guideline.change_summary = "Ensimmäinen versio."
    guideline.save_revision().publish()
    drafts = []
    for number in range(EDITORS):
        draft = GuidelinePage.objects.get(pk=guideline.pk).get_latest_revision_as_object()
        draft.change_summary = f"Muutos {number}."
        drafts.append(draft.save_revision().pk)
    return guideline, drafts


def test_editors_publishing_at_once_get_consecutive_numbers(revisions):
    guideline, drafts = revisions
    barrier = threading.Barrier(len(drafts))
    problems = []

    def publish(revision_id):
        try:
            revision = Revision.objects.get(pk=revision_id)
            page = GuidelinePage.objects.get(pk=guideline.pk)
            barrier.wait(timeout=30)
            # What page_published runs once each revision is live: the tightest race.
            versions.record_version(GuidelinePage, instance=page, revision=revision)
        except Exception as error:  # reported by the test, not lost in the thread
            problems.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=[pk]) for pk in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not problems
    stored = GuidelineVersion.objects.filter(page=guideline).order_by("number")
    assert [version.number for version in stored] == list(range(1, EDITORS + 2))
    assert sorted(version.revision_id for version in stored[1:]) == sorted(drafts)
