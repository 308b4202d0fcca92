"""Other systems read every page type from /api/v2/ as JSON, published content only."""

import pytest

from tests import factories


def api_page(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_forum_meeting_and_its_forum_coordinator_as_json(client, forum):
    meeting = factories.ForumMeetingPageFactory(parent=forum, title="Seurafoorumi toukokuussa")
    data = api_page(client, meeting)
    assert data["meta"]["type"] == "forums.ForumMeetingPage"
    assert data["place_name"] == "Kulttuuritalo Pajula"
    assert data["start"].startswith(str(meeting.start.year))
    assert data["status"] == "scheduled"
    assert "<li>Avaus</li>" in data["agenda"]

    forum_data = api_page(client, forum)
    coordinator = forum_data["coordinator"]
    assert coordinator["name"] == forum.coordinator.name
    assert coordinator["phone"] == "+358401234567"
    assert coordinator["phone_display"] == "040 123 4567"


@pytest.mark.django_db
def test_contact_card_block_is_embedded_in_page_body(client, home_page):
    card = factories.ContactCardFactory(name="Liisa Esimerkki")
    page = factories.StandardPageFactory(
        parent=home_page,
        body=[("heading", {"text": "Lisätietoja", "level": "h2"}), ("contact_card", card)],
    )
    body = api_page(client, page)["body"]
    assert body[0] == {
        "type": "heading",
        "value": {"text": "Lisätietoja", "level": "h2"},
        "id": body[0]["id"],
    }
    assert body[1]["type"] == "contact_card"
    assert body[1]["value"]["name"] == "Liisa Esimerkki"


@pytest.mark.django_db
def test_guideline_sections_come_in_order_with_anchors(client, home_page):
    guideline = factories.GuidelinePageFactory(parent=home_page)
    factories.GuidelineSectionFactory(page=guideline, title="Rakenteet", anchor="rakenteet")
    factories.GuidelineSectionFactory(page=guideline, title="Tuen muodot", anchor="tuki")
    data = api_page(client, guideline)
    assert [section["anchor"] for section in data["sections"]] == ["rakenteet", "tuki"]
    assert data["status"] == "draft"


@pytest.mark.django_db
def test_contacts_page_lists_published_cards_only(client, home_page):
    factories.ContactCardFactory(name="Julkaistu Henkilö")
    factories.ContactCardFactory(name="Luonnos Henkilö", live=False)
    page = factories.ContactsPageFactory(parent=home_page)
    names = [card["name"] for card in api_page(client, page)["contact_cards"]]
    assert names == ["Julkaistu Henkilö"]


@pytest.mark.django_db
def test_unpublished_pages_are_not_served(client, home_page):
    draft = factories.StandardPageFactory(parent=home_page, title="Keskeneräinen", live=False)
    listing = client.get("/api/v2/pages/", {"type": "home.StandardPage"}).json()
    assert "Keskeneräinen" not in [item["title"] for item in listing["items"]]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


@pytest.mark.django_db
def test_every_page_type_can_be_listed_by_type(client, home_page, forum):
    factories.ForumMeetingPageFactory(parent=forum)
    for page_type in ["home.HomePage", "forums.ForumPage", "forums.ForumMeetingPage"]:
        response = client.get("/api/v2/pages/", {"type": page_type, "fields": "*"})
        assert response.status_code == 200, page_type
        assert response.json()["meta"]["total_count"] == 1, page_type
