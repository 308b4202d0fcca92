"""Contract tests for the collaboration API's public reads: forums, meetings, cards, guideline."""

import datetime

import pytest
from django.utils import timezone

from tests import factories

CARD_FIELDS = {
    "id",
    "name",
    "title",
    "responsibility",
    "responsibility_label",
    "answers_for",
    "phone",
    "phone_display",
    "email",
    "photo_url",
    "photo_alt_text",
}


@pytest.fixture
def meetings(forum):
    now = timezone.now()
    past = factories.ForumMeetingPageFactory(
        parent=forum, title="Kevään foorumi", start=now - datetime.timedelta(days=60)
    )
    soon = factories.ForumMeetingPageFactory(
        parent=forum, title="Syksyn foorumi", start=now + datetime.timedelta(days=7)
    )
    later = factories.ForumMeetingPageFactory(
        parent=forum, title="Talven foorumi", start=now + datetime.timedelta(days=40)
    )
    return past, soon, later


@pytest.mark.django_db
def test_upcoming_meetings_soonest_first_with_the_coordinators_card(client, forum, meetings):
    response = client.get("/api/meetings/", {"when": "upcoming"})
    assert response.status_code == 200
    data = response.json()
    assert [m["title"] for m in data["items"]] == ["Syksyn foorumi", "Talven foorumi"]
    assert data["count"] == 2
    assert data["next"] is None
    first = data["items"][0]
    assert (first["forum"]["id"], first["forum"]["title"]) == (forum.pk, "Seurafoorumi")
    assert set(first["coordinator"]) == CARD_FIELDS
    assert first["coordinator"]["phone_display"] == "040 123 4567"
    assert first["calendar_url"].endswith("/kalenteri/")
    assert first["place_name"] == "Kulttuuritalo Pajula"


@pytest.mark.django_db
def test_meetings_filter_by_forum_and_dates(client, forum, meetings, home_page):
    other_index = factories.ForumIndexPageFactory(parent=home_page, slug="muut")
    other = factories.ForumPageFactory(parent=other_index, title="Kulttuurifoorumi")
    factories.ForumMeetingPageFactory(parent=other, title="Kulttuurin ilta")
    by_forum = client.get("/api/meetings/", {"forum": other.pk}).json()
    assert [m["title"] for m in by_forum["items"]] == ["Kulttuurin ilta"]
    _past, soon, _later = meetings
    window = {
        "forum": forum.pk,
        "starts_after": (soon.start - datetime.timedelta(days=1)).isoformat(),
        "starts_before": (soon.start + datetime.timedelta(days=1)).isoformat(),
    }
    assert [m["title"] for m in client.get("/api/meetings/", window).json()["items"]] == [
        "Syksyn foorumi"
    ]
    past_only = client.get("/api/meetings/", {"when": "past"}).json()
    assert [m["title"] for m in past_only["items"]] == ["Kevään foorumi"]


@pytest.mark.django_db
def test_meetings_of_an_unpublished_forum_are_not_served(client, forum, meetings):
    forum.unpublish()
    assert client.get("/api/meetings/").json()["count"] == 0
    assert client.get(f"/api/meetings/{meetings[1].pk}/").status_code == 404


@pytest.mark.django_db
def test_pagination_is_stable_and_linked(client, forum):
    start = timezone.now() + datetime.timedelta(days=1)
    for number in range(5):
        factories.ForumMeetingPageFactory(parent=forum, title=f"Kokous {number}", start=start)
    first = client.get("/api/meetings/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    titles = [m["title"] for page in (first, second, third) for m in page["items"]]
    assert sorted(titles) == [f"Kokous {n}" for n in range(5)]
    assert len(set(titles)) == 5
    assert third["next"] is None
    assert second["previous"].endswith("page=1") or "page=1" in second["previous"]


@pytest.mark.django_db
def test_contact_cards_are_public_and_published_only(client):
    factories.ContactCardFactory(name="Aino Esimerkki")
    factories.ContactCardFactory(name="Luonnos Henkilö", live=False)
    data = client.get("/api/contact-cards/").json()
    assert [card["name"] for card in data["items"]] == ["Aino Esimerkki"]
    assert set(data["items"][0]) == CARD_FIELDS


@pytest.mark.django_db
def test_guideline_with_its_sections_in_order(client, home_page):
    guideline = factories.GuidelinePageFactory(parent=home_page)
    factories.GuidelineSectionFactory(page=guideline, title="Rakenteet", anchor="rakenteet")
    factories.GuidelineSectionFactory(page=guideline, title="Tuki", anchor="tuki")
    data = client.get(f"/api/guidelines/{guideline.pk}/").json()
    assert data["status"] == "draft"
    assert [s["anchor"] for s in data["sections"]] == ["rakenteet", "tuki"]
    assert data["sections"][1]["url"].endswith(f"{guideline.url}#tuki")


@pytest.mark.django_db
def test_errors_are_json_with_a_code_and_finnish_and_english_messages(client):
    response = client.get("/api/contact-cards/999/")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": {"fi": "Ei löytynyt.", "en": "Not found."},
    }
    invalid = client.get("/api/meetings/", {"when": "someday"})
    assert invalid.status_code == 422
    assert invalid.json()["code"] == "invalid_request"


@pytest.mark.django_db
def test_openapi_schema_describes_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    for path in [
        "/api/meetings/",
        "/api/forums/",
        "/api/contact-cards/",
        "/api/guidelines/",
        "/api/guidelines/periods/{period_id}/summary/",
    ]:
        assert path in schema["paths"], path


@pytest.mark.django_db
def test_clients_can_revalidate_public_lists_with_etags(client, forum, meetings):
    first = client.get("/api/meetings/")
    etag = first["ETag"]
    assert etag
    assert "Authorization" in first["Vary"]
    unchanged = client.get("/api/meetings/", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    factories.ForumMeetingPageFactory(parent=forum, title="Uusi kokous")
    changed = client.get("/api/meetings/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_cross_origin_reads_are_off_unless_allowed(client, settings):
    response = client.get("/api/contact-cards/", HTTP_ORIGIN="https://muu.example")
    assert "Access-Control-Allow-Origin" not in response
    settings.CORS_ALLOWED_ORIGINS = ["https://www.kunta.example"]
    allowed = client.get("/api/contact-cards/", HTTP_ORIGIN="https://www.kunta.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.kunta.example"
