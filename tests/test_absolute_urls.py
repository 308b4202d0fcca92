"""Every absolute address the site writes is its Wagtail Site's, whatever the request says.

A link in an API response, a feed, a calendar file, an e-mail or an export is followed
from somewhere else, later: it must lead to where the site is served, not to the name a
client or a proxy happened to send in the Host header, nor to a port the site is not on.
Identifiers (Atom ids, the calendar event's UID) must not change at all when the site
moves to another port or is reached by another name, or readers and calendars would see
every item twice.
"""

import csv
import io
import json
import re

import feedparser
import pytest
from django.core import mail
from django.core.checks import ERROR, run_checks
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Site

from core.models import ModerationRule, ModerationState
from ideas.models import IdeaComment
from ideas.notifications import tell_author_of_update
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = "http://yhdessa.example:8100"
# The name and port a request arrives with: not the Site's (a proxy, a typed address).
REQUEST_HOST = "127.0.0.1:8000"


@pytest.fixture
def site(home_page, settings):
    """The default Site is served on a port of its own, and reached by another name too."""
    settings.ALLOWED_HOSTS = ["yhdessa.example", "127.0.0.1"]
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "yhdessa.example", 8100
    site.save()
    return site


@pytest.fixture
def visitor(client, site):
    """A client whose requests come in by another name and port than the Site's."""
    client.defaults["HTTP_HOST"] = REQUEST_HOST
    return client


@pytest.fixture
def meeting(site, forum):
    return factories.ForumMeetingPageFactory(
        parent=forum, title="Syksyn foorumi", minutes=factories.DocumentFactory()
    )


def _on_site(url):
    assert url.startswith(ROOT + "/"), url
    return url.removeprefix(ROOT)


# --- APIs ------------------------------------------------------------------------------------


def test_content_api_links_lead_to_the_site_not_to_the_requests_host(visitor, meeting, settings):
    # Wagtail writes an image rendition's full_url with WAGTAILADMIN_BASE_URL, which the
    # deploy check keeps the Site's address (core.E002, below).
    settings.WAGTAILADMIN_BASE_URL = ROOT
    data = visitor.get(f"/api/v2/pages/{meeting.pk}/").json()

    assert _on_site(data["meta"]["html_url"]) == meeting.url
    assert _on_site(data["meta"]["detail_url"]) == f"/api/v2/pages/{meeting.pk}/"
    assert _on_site(data["minutes"]["url"]) == meeting.minutes.url
    coordinator = meeting.forum.coordinator
    coordinator.photo = factories.PhotoFactory()
    coordinator.save()
    photo = visitor.get(f"/api/v2/pages/{meeting.forum.pk}/").json()["coordinator"]["photo"]
    assert _on_site(photo["full_url"]) == photo["url"]
    listing = visitor.get("/api/v2/pages/", {"type": "forums.ForumMeetingPage"}).json()
    assert [_on_site(item["meta"]["detail_url"]) for item in listing["items"]] == [
        f"/api/v2/pages/{meeting.pk}/"
    ]


def test_collaboration_api_links_lead_to_the_site(visitor, meeting, home_page):
    factories.ForumMeetingPageFactory(parent=meeting.get_parent(), title="Talven foorumi")
    factories.MeetingMaterialFactory(meeting=meeting)
    meeting.forum.coordinator.photo = factories.PhotoFactory()
    meeting.forum.coordinator.save()
    guideline = factories.GuidelinePageFactory(parent=home_page, pdf=factories.DocumentFactory())
    factories.GuidelineSectionFactory(page=guideline, anchor="tuki")

    page = visitor.get("/api/meetings/", {"page_size": 1, "when": "upcoming"}).json()
    assert _on_site(page["next"]) == "/api/meetings/?page_size=1&when=upcoming&page=2"
    first = page["items"][0]
    assert _on_site(first["url"]) == meeting.url
    assert _on_site(first["calendar_url"]) == meeting.url + "kalenteri/"
    assert _on_site(first["minutes"]["url"]) == meeting.minutes.url
    assert [_on_site(m["url"]) for m in first["materials"]] == [
        m.document.url for m in meeting.materials.all()
    ]
    assert _on_site(first["coordinator"]["photo_url"]).startswith("/media/")
    second = visitor.get(page["next"].removeprefix(ROOT)).json()
    assert _on_site(second["previous"]) == "/api/meetings/?page_size=1&when=upcoming&page=1"

    forum = visitor.get(f"/api/forums/{meeting.forum.pk}/").json()
    assert _on_site(forum["url"]) == meeting.forum.url
    guideline_data = visitor.get(f"/api/guidelines/{guideline.pk}/").json()
    assert _on_site(guideline_data["url"]) == guideline.url
    assert _on_site(guideline_data["pdf_url"]) == guideline.pdf.url
    assert _on_site(guideline_data["sections"][0]["url"]) == guideline.url + "#tuki"
    for summary in ["Ensimmäinen versio", "Avustusten haku muuttui"]:
        guideline.change_summary = summary
        guideline.save_revision().publish()
    versions = visitor.get(f"/api/guidelines/{guideline.pk}/versions/").json()["items"]
    assert sorted(_on_site(version["url"]) for version in versions) == [
        guideline.url + "versiot/1/",
        guideline.url + "versiot/2/",
    ]
    comparison = visitor.get(f"/api/guidelines/{guideline.pk}/versions/2/compare/1/").json()
    assert _on_site(comparison["url"]) == guideline.url + "versiot/1/vertaa/2/"


def test_idea_api_links_lead_to_the_site(visitor, site, home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page)
    idea = factories.IdeaFactory(wall=wall)

    assert _on_site(visitor.get(f"/api/idea-walls/{wall.pk}/").json()["url"]) == wall.url
    assert _on_site(visitor.get(f"/api/ideas/{idea.pk}/").json()["url"]) == idea.get_url()


# --- Feeds and the calendar ------------------------------------------------------------------


@pytest.fixture
def news_index(site, home_page):
    index = factories.NewsIndexPageFactory(parent=home_page)
    factories.NewsPageFactory(parent=index, title="Avustushaku alkaa")
    return index


@pytest.fixture
def wall(site, home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Ideaseinä")
    factories.IdeaFactory(wall=wall, title="Yhteinen kalenteri")
    return wall


def _atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


@pytest.mark.parametrize("kind", ["news", "ideas"])
def test_feed_links_lead_to_the_site(visitor, request, kind):
    page = request.getfixturevalue("news_index" if kind == "news" else "wall")
    feed_path = page.url + "syote/"
    feed = _atom(visitor, feed_path)

    links = {link.rel: link.href for link in feed.feed.links}
    assert _on_site(links["alternate"]) == page.url
    assert _on_site(links["self"]) == feed_path
    entry_paths = [_on_site(entry.link) for entry in feed.entries]
    assert len(entry_paths) == 1
    assert entry_paths[0].startswith(page.url)


def _ics(client, meeting):
    response = client.get(meeting.url + "kalenteri/")
    assert response.status_code == 200
    # Unfold the lines (RFC 5545: a long line goes on after CRLF and a space).
    text = response.content.decode().replace("\r\n ", "")
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def test_calendar_file_links_to_the_site_and_its_uid_is_the_sites(visitor, meeting):
    event = _ics(visitor, meeting)

    assert _on_site(event["URL"]) == meeting.url
    assert event["DESCRIPTION"] == rf"Hyvinvointiyhteistyö\n\n{ROOT}{meeting.url}"
    assert event["UID"] == f"forum-meeting-{meeting.pk}@yhdessa.example"


def test_ids_stay_when_the_site_moves_to_another_port_and_is_reached_by_another_name(
    client, site, meeting, news_index, wall
):
    def identifiers(host):
        client.defaults["HTTP_HOST"] = host
        ids = [_ics(client, meeting)["UID"]]
        for page in (news_index, wall):
            feed = _atom(client, page.url + "syote/")
            ids += [feed.feed.id] + [entry.id for entry in feed.entries]
        return ids

    before = identifiers("yhdessa.example:8100")
    site.port = 8200
    site.save()
    after = identifiers("127.0.0.1:8200")

    assert before == after
    assert len(before) == 5
    assert all("8100" not in id_ and "127.0.0.1" not in id_ for id_ in before)


# --- E-mail ----------------------------------------------------------------------------------


@pytest.fixture
def author(db):
    return factories.ParticipantFactory(email="aino@yhdistys.example")


def test_the_workers_idea_emails_link_to_the_site(
    moderator_client,
    site,
    home_page,
    author,
    django_capture_on_commit_callbacks,
    run_background_worker,
):
    moderator_client.defaults["HTTP_HOST"] = REQUEST_HOST
    wall = factories.IdeaWallPageFactory(parent=home_page, moderation_rule=ModerationRule.BEFORE)
    idea = factories.IdeaFactory(wall=wall, author=author, state=ModerationState.PENDING)
    comment = IdeaComment.objects.create(idea=idea, author=author, body="Hyvä!")

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(reverse("ideas_moderation_idea_action", args=[idea.pk, "approve"]))
        moderator_client.post(
            reverse("ideas_moderation_comment_action", args=[comment.pk, "hide"]),
            {"reason": "Asiaton."},
        )
    run_background_worker()

    approved, hidden = sorted(mail.outbox, key=lambda message: "kommentti" in message.subject)
    assert f"Katso ideasi: {ROOT}{idea.get_url()}\n" in approved.body
    assert f"{ROOT}{idea.get_url()}\n" in hidden.body
    assert "testserver" not in approved.body + hidden.body


def test_the_workers_guideline_answer_email_links_to_the_site(
    site, home_page, author, django_capture_on_commit_callbacks, run_background_worker
):
    import datetime

    from django.utils import timezone

    from guidelines.comments import answer_comment
    from guidelines.models import AnswerOutcome, CommentPeriod, GuidelineComment

    guideline = factories.GuidelinePageFactory(parent=home_page)
    section = factories.GuidelineSectionFactory(page=guideline)
    now = timezone.now()
    period = CommentPeriod.objects.create(
        guideline=guideline,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=7),
        intro="<p>Kommentoikaa.</p>",
        response_due=(now + datetime.timedelta(days=30)).date(),
    )
    comment = GuidelineComment.objects.create(
        period=period, section_key=section.key, author=author, body="Tilat iltaisin."
    )
    with django_capture_on_commit_callbacks(execute=True):
        answer_comment(comment, None, outcome=AnswerOutcome.TAKEN, answer="Lisätään.")
    run_background_worker()

    (answered,) = mail.outbox
    assert f"{ROOT}{guideline.get_url()}" in answered.body
    assert "testserver" not in answered.body


def test_an_email_about_an_idea_on_another_municipalitys_site_links_to_that_site(
    site, author, django_capture_on_commit_callbacks, run_background_worker
):
    """One install, a Site per municipality: the worker has no request, the wall has a Site."""
    other_home = factories.HomePageFactory(parent=site.root_page.get_parent(), slug="naapuri")
    Site.objects.create(hostname="naapurikunta.example", port=443, root_page=other_home)
    wall = factories.IdeaWallPageFactory(parent=other_home)
    idea = factories.IdeaFactory(wall=wall, author=author)

    with django_capture_on_commit_callbacks(execute=True):
        tell_author_of_update(idea, "approved")
    run_background_worker()

    (message,) = mail.outbox
    link = f"https://naapurikunta.example/{wall.slug}/idea/{idea.pk}/"
    assert f"Katso ideasi: {link}\n" in message.body


def test_the_sign_up_confirmation_links_to_the_site(visitor):
    response = visitor.post(
        "/tili/signup/",
        {
            "email": "maija@kylayhdistys.example",
            "display_name": "Maija V.",
            "password1": "Kesä-ilta-järvellä-7",
            "password2": "Kesä-ilta-järvellä-7",
        },
    )
    assert response.status_code == 302, response.content[:500]
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/tili/\S+", message.body).group(0)
    assert _on_site(link).startswith("/tili/")
    assert "127.0.0.1" not in message.body
    # The link works.
    assert visitor.get(link.removeprefix(ROOT)).status_code == 200


# --- Exports ---------------------------------------------------------------------------------


def test_the_personal_data_download_has_the_ideas_full_address(visitor, wall, author):
    idea = factories.IdeaFactory(wall=wall, author=author)
    visitor.force_login(author)

    data = json.loads(visitor.post("/tili/omat-tiedot/").content)

    assert _on_site(data["ideas"]["ideas"][0]["url"]) == idea.get_url()


# --- `make run` and production -----------------------------------------------------------------


def test_make_run_on_another_port_moves_the_site_and_every_link_with_it(
    moderator_client, home_page, forum, tmp_path, settings, capsys
):
    """`make run HOST_PORT=127.0.0.1:8100` (ensure_admin is given the address it serves)."""
    settings.BASE_DIR = tmp_path
    wall = factories.IdeaWallPageFactory(parent=home_page)
    idea = factories.IdeaFactory(wall=wall)
    meeting = factories.ForumMeetingPageFactory(parent=forum)

    call_command("ensure_admin", "127.0.0.1:8100")
    assert "Admin:    http://127.0.0.1:8100/admin/" in capsys.readouterr().out

    served = "http://127.0.0.1:8100"
    moderator_client.defaults["HTTP_HOST"] = "127.0.0.1:8100"
    query = {"wall": wall.pk, "file_format": "csv"}
    response = moderator_client.get(reverse("ideas_moderation_export"), query)
    content = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    (row,) = csv.DictReader(io.StringIO(content), delimiter=";")
    assert row["Osoite"] == served + idea.get_url()
    response = moderator_client.get(
        reverse("ideas_moderation_export"), query | {"file_format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert first[header.index("Osoite")] == served + idea.get_url()

    assert _ics(moderator_client, meeting)["URL"] == served + meeting.url
    api = moderator_client.get(f"/api/v2/pages/{meeting.pk}/").json()
    assert api["meta"]["html_url"] == served + meeting.url


def _deploy_errors():
    return [
        message
        for message in run_checks(include_deployment_checks=True, databases=["default"])
        if message.level >= ERROR and message.id == "core.E002"
    ]


def test_deploy_check_wants_the_admin_address_to_be_the_default_sites(settings, home_page):
    def errors(base_url, hostname, port):
        Site.objects.filter(is_default_site=True).update(hostname=hostname, port=port)
        settings.WAGTAILADMIN_BASE_URL = base_url
        return _deploy_errors()

    (error,) = errors("http://127.0.0.1:8000", "yhdessa.example.fi", 443)
    assert "http://127.0.0.1:8000" in error.msg
    assert "https://yhdessa.example.fi" in error.msg
    assert errors("https://yhdessa.example.fi/", "yhdessa.example.fi", 443) == []
    assert errors("https://Yhdessa.example.fi:443", "yhdessa.example.fi", 443) == []
    assert errors(ROOT, "yhdessa.example", 8100) == []
    assert len(errors("https://yhdessa.example:8100", "yhdessa.example", 8100)) == 1
