"""Staff handle a meeting's registrations in the Wagtail admin: the list, its filters and
search, the way there from the meeting's page, and who may see it at all."""

import pytest
from django.urls import reverse

from forums.registrations import register_for_meeting
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("many_writes")]

LIST_URL = "forums_registrations_modeladmin_index"


def meeting_with(forum, **values):
    values = {"registration_open": True, "seats": 2, "max_companions": 2} | values
    return factories.ForumMeetingPageFactory(parent=forum, **values)


def register(request, meeting, name, email, companions=0, association="Järvelän Latu ry"):
    return register_for_meeting(
        request, meeting, name=name, email=email, association=association, companions=companions
    )


def test_the_list_shows_each_registration_with_seats_state_and_place_in_line(
    client, coordinator, forum, visitor
):
    meeting = meeting_with(forum, title="Kevätkokous")
    register(visitor, meeting, "Aino Aaltonen", "aino@latu.example", companions=1)
    register(visitor, meeting, "Eero Esimerkki", "eero@latu.example")
    client.force_login(coordinator)

    response = client.get(reverse(LIST_URL))

    assert response.status_code == 200
    rows = {row["name"]: row for row in _rows(response)}
    assert rows["Aino Aaltonen"]["seats"] == "2"
    assert rows["Aino Aaltonen"]["state"] == "Vahvistettu"
    assert rows["Eero Esimerkki"]["state"] == "Varasijalla"
    assert rows["Eero Esimerkki"]["place"] == "1"
    assert "Kevätkokous" in rows["Aino Aaltonen"]["meeting"]
    assert "Ilmoittautumiset" in response.content.decode()


def test_the_list_filters_by_meeting_and_state_and_searches_names(
    client, coordinator, forum, visitor
):
    spring = meeting_with(forum, title="Kevätkokous")
    autumn = meeting_with(forum, title="Syyskokous")
    register(visitor, spring, "Aino Aaltonen", "aino@latu.example", companions=1)
    register(visitor, spring, "Eero Esimerkki", "eero@latu.example")
    register(visitor, autumn, "Sanni Syksy", "sanni@seura.example", association="Seura ry")
    client.force_login(coordinator)

    by_meeting = _names(client.get(reverse(LIST_URL), {"meeting": autumn.pk}))
    waiting = _names(client.get(reverse(LIST_URL), {"state__exact": "waiting"}))
    searched = _names(client.get(reverse(LIST_URL), {"q": "seura"}))

    assert by_meeting == ["Sanni Syksy"]
    assert waiting == ["Eero Esimerkki"]
    assert searched == ["Sanni Syksy"]


def test_people_without_the_permission_do_not_see_registrations(client, moderator, forum):
    client.force_login(moderator)
    response = client.get(reverse(LIST_URL))
    assert response.status_code in (302, 403)
    assert "Ilmoittautumiset" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_meeting_in_the_page_listing_links_to_its_registrations(
    client, coordinator, forum, visitor
):
    meeting = meeting_with(forum)
    register(visitor, meeting, "Aino Aaltonen", "aino@latu.example")
    client.force_login(coordinator)

    listing = client.get(reverse("wagtailadmin_explore", args=[forum.pk])).content.decode()
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[meeting.pk])).content.decode()

    link = f"{reverse(LIST_URL)}?meeting={meeting.pk}"
    assert "Ilmoittautuneet (1)" in listing
    assert link in listing.replace("&amp;", "&")
    assert link in editor.replace("&amp;", "&")


def _rows(response):
    """The list's rows as {column: text}, read from the rendered table."""
    from html.parser import HTMLParser

    columns = ["meeting", "name", "association", "seats", "state", "place", "attended", "at"]

    class Table(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell, self.in_body = [], None, False

        def handle_starttag(self, tag, attrs):
            if tag == "tbody":
                self.in_body = True
            elif self.in_body and tag == "tr":
                self.rows.append([])
            elif self.in_body and tag == "td":
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "td" and self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    table = Table()
    html = response.content.decode()
    start = html.find('<table class="listing')
    table.feed(html[start : html.find("</table>", start)] if start >= 0 else "")
    return [dict(zip(columns, row[-len(columns) :], strict=True)) for row in table.rows]


def _names(response):
    assert response.status_code == 200
    return sorted(row["name"] for row in _rows(response))


def _csv_rows(response):
    import csv
    import io

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_meetings_registrations_download_as_csv_with_answers_and_companions(
    client, coordinator, forum, visitor
):
    meeting = meeting_with(forum, title="Kevätkokous", ask_dietary_needs=True)
    other = meeting_with(forum, title="Syyskokous")
    register_for_meeting(
        visitor,
        meeting,
        name='=HYPERLINK("http://evil.example")',
        email="aino@latu.example",
        association="Järvelän Latu ry",
        companions=1,
        answers={"dietary_needs": "gluteeniton"},
    )
    register(visitor, other, "Sanni Syksy", "sanni@seura.example")
    client.force_login(coordinator)

    rows = _csv_rows(client.get(reverse(LIST_URL), {"meeting": meeting.pk, "export": "csv"}))

    headings, *data = rows
    assert len(data) == 1
    row = dict(zip(headings, data[0], strict=True))
    assert row["Nimi"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Sähköposti"] == "aino@latu.example"
    assert row["Seuralaiset"] == "1"
    assert row["Paikkoja"] == "2"
    assert row["Erityisruokavalio"] == "gluteeniton"
    assert "Saavutettavuustarpeet" not in headings


def test_the_filtered_list_downloads_as_xlsx(client, coordinator, forum, visitor):
    from io import BytesIO

    from openpyxl import load_workbook

    meeting = meeting_with(forum, title="Kevätkokous")
    register(visitor, meeting, "Aino Aaltonen", "aino@latu.example")
    register(visitor, meeting, "Eero Esimerkki", "eero@latu.example", companions=2)
    client.force_login(coordinator)

    response = client.get(reverse(LIST_URL), {"state__exact": "waiting", "export": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    assert "Eero Esimerkki" in values[1]


def test_the_list_offers_the_downloads_of_what_it_shows(client, coordinator, forum, visitor):
    meeting = meeting_with(forum)
    register(visitor, meeting, "Aino Aaltonen", "aino@latu.example")
    client.force_login(coordinator)

    html = client.get(reverse(LIST_URL), {"meeting": meeting.pk}).content.decode()

    assert f"meeting={meeting.pk}&amp;export=csv" in html
    assert f"meeting={meeting.pk}&amp;export=xlsx" in html


def test_a_meeting_number_no_database_holds_shows_an_empty_list(client, coordinator, forum):
    client.force_login(coordinator)
    response = client.get(reverse(LIST_URL), {"meeting": "9" * 30})
    assert response.status_code == 200
