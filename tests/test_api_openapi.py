"""The collaboration API's schema is a valid OpenAPI document that says what the API does."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

OPTIONAL = [{"BearerToken": []}, {"SessionCookie": []}, {}]
REQUIRED = [{"BearerToken": []}, {"SessionCookie": []}]


@pytest.fixture
def schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_served_schema_is_a_valid_openapi_document(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.1")


def test_public_reads_declare_authentication_optional_and_writes_required(schema):
    paths = schema["paths"]

    assert paths["/api/ideas/{idea_id}/"]["get"]["security"] == OPTIONAL
    assert paths["/api/idea-walls/{wall_id}/ideas/"]["get"]["security"] == OPTIONAL
    assert paths["/api/ideas/{idea_id}/vote/"]["put"]["security"] == REQUIRED
    assert paths["/api/me/"]["get"]["security"] == REQUIRED
    assert paths["/api/guidelines/{guideline_id}/comments/"]["get"]["security"] == OPTIONAL
    assert paths["/api/guidelines/{guideline_id}/comments/"]["post"]["security"] == REQUIRED
    assert paths["/api/guidelines/comments/{comment_id}/useful/"]["put"]["security"] == REQUIRED
    assert paths["/api/guidelines/{guideline_id}/proposals/"]["get"]["security"] == OPTIONAL
    assert paths["/api/guidelines/{guideline_id}/proposals/"]["post"]["security"] == REQUIRED
    assert paths["/api/guidelines/proposals/{proposal_id}/"]["get"]["security"] == OPTIONAL
    support = paths["/api/guidelines/proposals/{proposal_id}/support/"]
    assert support["put"]["security"] == support["delete"]["security"] == REQUIRED
    proposal_comments = paths["/api/guidelines/proposals/{proposal_id}/comments/"]
    assert proposal_comments["get"]["security"] == OPTIONAL
    assert proposal_comments["post"]["security"] == REQUIRED
    assert paths["/api/guidelines/proposals/{proposal_id}/reports/"]["post"]["security"] == REQUIRED
    # Anyone may register for a meeting and cancel by its token, as on the meeting's page.
    assert paths["/api/meetings/{meeting_id}/registrations/"]["post"]["security"] == OPTIONAL
    assert paths["/api/meetings/{meeting_id}/registration/"]["delete"]["security"] == OPTIONAL
    assert paths["/api/me/registrations/"]["get"]["security"] == REQUIRED
    assert set(schema["components"]["securitySchemes"]) == {"BearerToken", "SessionCookie"}


def _properties(schema, name):
    properties = schema["components"]["schemas"][name]["properties"]
    return {
        field: next((option for option in value.get("anyOf", [value]) if "type" in option), value)
        for field, value in properties.items()
    }


@pytest.mark.parametrize(
    ("name", "field", "shortest", "longest"),
    [
        ("IdeaIn", "title", 1, 120),
        ("IdeaIn", "body", 1, 2000),
        ("IdeaChange", "title", 1, 120),
        ("IdeaChange", "body", 1, 2000),
        ("CommentIn", "body", 1, 2000),
        ("GuidelineCommentIn", "body", 1, 2000),
        ("ProposalIn", "text", 1, 10000),
        ("ProposalIn", "rationale", 1, 2000),
    ],
)
def test_the_schema_declares_the_lengths_the_server_keeps(schema, name, field, shortest, longest):
    declared = _properties(schema, name)[field]

    assert (declared["minLength"], declared["maxLength"]) == (shortest, longest)


def test_a_date_filter_takes_only_a_date_and_time(client):
    refused = client.get("/api/meetings/?starts_before=0.5")
    accepted = client.get("/api/meetings/?starts_after=2026-01-01T00:00:00%2B02:00")

    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_request"
    assert accepted.status_code == 200
