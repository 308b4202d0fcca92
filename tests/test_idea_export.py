"""A moderator downloads a wall's ideas for a forum meeting, as CSV or as an Excel file.

Visitors write the titles and texts, so nothing in the file may run as a formula
when the coordinator opens it in a spreadsheet.
"""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from associations.models import RepresentationState
from core.exports import neutralise
from core.models import ModerationState
from ideas.models import IdeaComment, IdeaStatus, IdeaVote
from tests import factories

EXPORT_URL = reverse("ideas_moderation_export")
MALICIOUS_TITLES = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def wall(home_page):
    return factories.IdeaWallPageFactory(parent=home_page, title="Järjestöfoorumin ideat")


@pytest.fixture
def ideas(wall):
    """Two published ideas with votes and comments, and one a visitor cannot see."""
    author = factories.ParticipantFactory(display_name="Aino Aktiivinen")
    factories.RepresentationFactory(
        user=author,
        association=factories.AssociationFactory(name="Järvelän Urheilijat"),
        state=RepresentationState.CONFIRMED,
    )
    popular = factories.IdeaFactory(
        wall=wall,
        author=author,
        association_name="Järvelän Urheilijat",
        title="Yhteinen tapahtumakalenteri",
        body="Kaikki tapahtumat yhteen paikkaan.\nMyös seurojen ottelut.",
        status=IdeaStatus.PLANNED,
        official_answer="Kalenteri avataan keväällä.",
    )
    quiet = factories.IdeaFactory(wall=wall, author=author, title="Lisää penkkejä puistoon")
    hidden = factories.IdeaFactory(
        wall=wall,
        author=author,
        title="Piilotettu mainos",
        state=ModerationState.HIDDEN,
        hidden_reason="Mainontaa.",
    )
    for _voter in range(3):
        IdeaVote.objects.create(idea=popular, voter=factories.ParticipantFactory())
    popular.vote_count = 3
    popular.save(update_fields=["vote_count"])
    commenter = factories.ParticipantFactory(display_name="Kalle Kommentoija")
    IdeaComment.objects.create(
        idea=popular, author=commenter, body="Hyvä idea!", state=ModerationState.PUBLISHED
    )
    IdeaComment.objects.create(
        idea=popular, author=commenter, body="Asiaton kommentti", state=ModerationState.HIDDEN
    )
    return popular, quiet, hidden


def download(client, wall, file_format, include_all=False):
    query = {"wall": wall.pk, "file_format": file_format}
    if include_all:
        query["include_all"] = "on"
    response = client.get(EXPORT_URL, query)
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def xlsx_sheets(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {sheet.title: sheet for sheet in workbook.worksheets}


def sheet_rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tpiilotettu", "'\tpiilotettu"),
        ("\rpiilotettu", "'\rpiilotettu"),
        ("Tavallinen otsikko", "Tavallinen otsikko"),
        ("Kesä = paras", "Kesä = paras"),
        (42, 42),
    ],
)
def test_formula_characters_at_the_start_are_neutralised(text, safe):
    assert neutralise(text) == safe


def test_the_export_page_offers_every_wall_and_both_formats(moderator_client, wall):
    response = moderator_client.get(EXPORT_URL)
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert soup.find("option", attrs={"value": str(wall.pk)}).get_text() == wall.title
    assert {radio["value"] for radio in soup.find_all("input", attrs={"type": "radio"})} == {
        "csv",
        "xlsx",
    }
    assert "Vie ideat taulukkoon" in soup.get_text()


def test_export_page_says_which_wall_is_missing(moderator_client, wall):
    response = moderator_client.get(EXPORT_URL, {"wall": "", "file_format": "csv"})
    assert response.status_code == 200
    assert "Valitse ideaseinä, jonka ideat haluat taulukkoon." in response.content.decode()


def test_csv_has_published_ideas_with_votes_status_answer_and_comments(
    moderator_client, wall, ideas
):
    popular, quiet, _hidden = ideas
    response = download(moderator_client, wall, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="jarjestofoorumin-ideat-ideat-'
    )
    rows = csv_rows(response)
    assert [row["Otsikko"] for row in rows] == [popular.title, quiet.title]
    first = rows[0]
    assert first["Numero"] == str(popular.pk)
    assert first["Teksti"] == "Kaikki tapahtumat yhteen paikkaan.\nMyös seurojen ottelut."
    assert first["Kirjoittaja"] == "Aino Aktiivinen"
    assert first["Yhdistys"] == "Järvelän Urheilijat"
    assert first["Tila"] == "Suunnitteilla"
    assert first["Ääniä"] == "3"
    assert first["Kommentteja"] == "1"
    assert first["Kunnan vastaus"] == "Kalenteri avataan keväällä."
    assert first["Osoite"] == f"http://localhost{popular.get_url()}"
    assert "Kalle Kommentoija" in first["Kommentit"]
    assert "Hyvä idea!" in first["Kommentit"]
    assert "Asiaton kommentti" not in first["Kommentit"]
    assert "Moderoinnin tila" not in first


def test_all_ideas_and_comments_only_when_the_moderator_asks(moderator_client, wall, ideas):
    rows = csv_rows(download(moderator_client, wall, "csv", include_all=True))
    by_title = {row["Otsikko"]: row for row in rows}
    assert set(by_title) == {idea.title for idea in ideas}
    assert by_title["Piilotettu mainos"]["Moderoinnin tila"] == "Piilotettu"
    assert by_title["Piilotettu mainos"]["Piilottamisen syy"] == "Mainontaa."
    assert "Asiaton kommentti" in by_title["Yhteinen tapahtumakalenteri"]["Kommentit"]


def test_csv_never_starts_a_cell_with_a_formula(moderator_client, wall):
    evil = factories.ParticipantFactory(display_name="=cmd|' /C calc'!A0")
    for title in MALICIOUS_TITLES:
        idea = factories.IdeaFactory(wall=wall, author=evil, title=title, body=title)
        IdeaComment.objects.create(
            idea=idea, author=evil, body="-3+3", state=ModerationState.PUBLISHED
        )
    factories.IdeaFactory(wall=wall, title="Tavallinen idea", official_answer="+358 40 123")

    rows = csv_rows(download(moderator_client, wall, "csv"))

    titles = {row["Otsikko"] for row in rows}
    assert titles == {"'" + title for title in MALICIOUS_TITLES} | {"Tavallinen idea"}
    for row in rows:
        for heading, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (heading, cell)
    plain = next(row for row in rows if row["Otsikko"] == "Tavallinen idea")
    assert plain["Kunnan vastaus"] == "'+358 40 123"
    assert any(row["Kirjoittaja"] == "'=cmd|' /C calc'!A0" for row in rows)


def test_xlsx_has_ideas_and_comments_as_text_cells_only(moderator_client, wall, ideas):
    for title in MALICIOUS_TITLES:
        factories.IdeaFactory(wall=wall, title=title, body="@evil")
    response = download(moderator_client, wall, "xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheets = xlsx_sheets(response)
    assert set(sheets) == {"Ideat", "Kommentit"}
    for sheet in sheets.values():
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))

    ideas_rows = sheet_rows(sheets["Ideat"])
    by_title = {row["Otsikko"]: row for row in ideas_rows}
    assert '\'=HYPERLINK("http://evil","x")' in by_title
    assert "'@SUM(A1)" in by_title
    popular = by_title["Yhteinen tapahtumakalenteri"]
    assert popular["Ääniä"] == 3
    assert popular["Tila"] == "Suunnitteilla"
    assert popular["Jätetty"].year >= 2026
    assert "Piilotettu mainos" not in by_title

    comments = sheet_rows(sheets["Kommentit"])
    assert [(row["Idea"], row["Kommentti"], row["Kirjoittaja"]) for row in comments] == [
        ("Yhteinen tapahtumakalenteri", "Hyvä idea!", "Kalle Kommentoija")
    ]


def test_only_moderators_may_export(client, wall, ideas):
    client.force_login(factories.ParticipantFactory())
    response = client.get(EXPORT_URL, {"wall": wall.pk, "file_format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    editor = Client()
    from django.contrib.auth.models import Group

    page_editor = factories.ParticipantFactory(is_staff=True)
    page_editor.groups.add(Group.objects.get(name="Editors"))
    editor.force_login(page_editor)
    response = editor.get(EXPORT_URL, {"wall": wall.pk, "file_format": "csv"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
