"""A personal token on the collaboration API: a bad one is a 401, never a CSRF failure.

An app that sends `Authorization: Bearer …` is judged by its token alone; the site's
session and its CSRF token only count for requests that send no token.
"""

import json
import re

import pytest
from django.test import Client
from wagtail.models import APIToken

from config.api import collaboration_api
from core.models import ModerationState
from guidelines.models import GuidelineProposal
from ideas.models import IdeaColumn, IdeaComment
from tests import factories

pytestmark = pytest.mark.django_db

WRITES = sorted(
    (method.upper(), path)
    for path, operations in collaboration_api.get_openapi_schema()["paths"].items()
    for method in operations
    if method != "get"
)


@pytest.fixture
def records(home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page)
    column = IdeaColumn.objects.create(wall=wall, name="Tilat", sort_order=0)
    author = factories.ParticipantFactory(display_name="Aino Yhdistys")
    idea = factories.IdeaFactory(wall=wall, author=author, column=column)
    comment = IdeaComment.objects.create(
        idea=idea, author=author, body="Hyvä idea!", state=ModerationState.PUBLISHED
    )
    guideline = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    section = factories.GuidelineSectionFactory(page=guideline)
    guideline.save_revision().publish()
    proposal = GuidelineProposal.objects.create(
        period=factories.CommentPeriodFactory(guideline=guideline),
        section_key=section.key,
        base_title=section.title,
        base_text="Teksti.",
        text="Uusi teksti.",
        rationale="Syy.",
        author=author,
        state=ModerationState.PUBLISHED,
    )
    forum = factories.ForumPageFactory(parent=factories.ForumIndexPageFactory(parent=home_page))
    meeting = factories.ForumMeetingPageFactory(parent=forum, registration_open=True)
    association = factories.AssociationFactory()
    return {
        "association_id": association.pk,
        "meeting_id": meeting.pk,
        "wall_id": wall.pk,
        "idea_id": idea.pk,
        "comment_id": comment.pk,
        "column": column,
        "guideline_id": guideline.pk,
        "proposal_id": proposal.pk,
    }


def revoked_token():
    _token, plaintext = APIToken.create_token(
        user=factories.ParticipantFactory(), name="Vanha sovellus"
    )
    APIToken.objects.get().revoke()
    return plaintext


BAD_TOKENS = {
    "revoked": revoked_token,
    "forged": lambda: "wagtail_" + "x" * 40,
    "malformed": lambda: "ei tunniste ollenkaan",
    "empty": lambda: "",
}


def write(client, method, path, records, token, **extra):
    url = re.sub(r"\{(\w+)\}", lambda m: str(records[m.group(1)]), path)
    body = {"title": "Idea", "body": "Teksti", "column_id": records["column"].pk, "reason": "spam"}
    return client.generic(
        method,
        url,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}".rstrip(),
        **extra,
    )


@pytest.mark.parametrize("kind", BAD_TOKENS)
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_bad_token_on_any_write_is_401_invalid_token(records, kind, method, path):
    token = BAD_TOKENS[kind]()

    response = write(Client(enforce_csrf_checks=True), method, path, records, token)

    assert response.status_code == 401, response.content
    assert response.json()["code"] == "invalid_token"
    assert response.json()["message"]["fi"] == (
        "Henkilökohtainen API-tunniste ei kelpaa: se on peruttu tai kirjoitettu väärin."
    )


def test_a_session_cookie_beside_a_bad_token_does_not_stand_in_for_it(records):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(factories.ParticipantFactory())

    response = write(browser, "PUT", "/api/ideas/{idea_id}/vote/", records, "wagtail_vaarennetty")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
