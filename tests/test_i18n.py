"""Finnish first: the interface speaks Finnish unless the address asks for Swedish (/sv/…)
or English (/en/…)."""

import datetime
import json
import re
from pathlib import Path

import allauth
import pytest
import wagtail
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from bs4.element import NavigableString, TemplateString
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import timezone, translation

from tests import factories

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_catalogue_is_complete(language):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.po", "rb") as po_file:
        catalogue = read_po(po_file, locale=language)
    messages = [message for message in catalogue if message.id]
    untranslated = [
        message.id
        for message in messages
        if not (all(message.string) if message.pluralizable else message.string)
    ]
    fuzzy = [message.id for message in messages if message.fuzzy]
    assert len(messages) > 150
    assert untranslated == []
    assert fuzzy == []


def in_language(url, language):
    """The address of the same page with the interface in `language`: /sv/… for Swedish."""
    return translate_url(url, language)


@pytest.mark.django_db
def test_finnish_is_the_default_even_for_an_english_browser(client, home_page):
    response = client.get(home_page.url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "Siirry sisältöön" in html
    assert response["Content-Language"] == "fi"


@pytest.mark.django_db
def test_swedish_lives_under_sv_and_its_links_stay_there(client, home_page):
    factories.NewsIndexPageFactory(parent=home_page, slug="ajankohtaista")
    # A Swedish browser at the plain address gets Finnish, the same answer as everyone:
    # no redirect, and nothing (Accept-Language) a cache would have to key on.
    plain = client.get(home_page.url, HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9")
    assert plain.status_code == 200
    assert '<html lang="fi">' in plain.content.decode()
    assert "accept-language" not in plain.get("Vary", "").lower()
    assert 'href="/sv/" lang="sv" hreflang="sv">Svenska</a>' in plain.content.decode()

    response = client.get("/sv/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html
    assert response["Content-Language"] == "sv"
    # The content is the Finnish page tree; only the interface is Swedish.
    assert '<main id="main" tabindex="-1" lang="fi">' in html
    assert 'class="site-title" href="/sv/"' in html
    assert 'action="/sv/haku/"' in html
    assert 'href="/sv/tili/login/?next=/sv/"' in html
    news = client.get("/sv/ajankohtaista/")
    assert news.status_code == 200
    # Page links (here the breadcrumbs) are reversed in the reader's language.
    assert '<a href="/sv/">Startsida</a>' in news.content.decode()
    assert '<a href="/sv/ajankohtaista/" aria-current="page">' in news.content.decode()
    assert '<html lang="sv">' in client.get("/sv/haku/?q=foorumi").content.decode()
    assert '<html lang="sv">' in client.get("/sv/tili/login/").content.decode()


@pytest.mark.django_db
def test_english_interface(client, home_page):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


@pytest.mark.django_db
def test_language_links_lead_to_the_same_page_in_each_language(client, home_page):
    news_index = factories.NewsIndexPageFactory(parent=home_page, slug="ajankohtaista")
    html = client.get("/sv/ajankohtaista/?tag=foorumit").content.decode()
    assert '<a href="/ajankohtaista/?tag=foorumit" lang="fi" hreflang="fi">Suomi</a>' in html
    assert (
        '<a href="/sv/ajankohtaista/?tag=foorumit" lang="sv" hreflang="sv" aria-current="page">'
        "Svenska</a>" in html
    )
    assert '<a href="/en/ajankohtaista/?tag=foorumit" lang="en" hreflang="en">English</a>' in html
    # Search engines learn the addresses of the other languages, Finnish the default, on the
    # Site's own address (not the Host the request came by).
    root = home_page.get_site().root_url
    for language, path in [
        ("fi", "/ajankohtaista/"),
        ("sv", "/sv/ajankohtaista/"),
        ("en", "/en/ajankohtaista/"),
        ("x-default", "/ajankohtaista/"),
    ]:
        link = f'<link rel="alternate" hreflang="{language}" href="{root}{path}'
        assert link in html, link
    assert news_index.url == "/ajankohtaista/"


@pytest.mark.django_db
def test_a_language_cookie_no_longer_changes_the_interface(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert '<html lang="fi">' in client.get(home_page.url).content.decode()


@pytest.mark.django_db
def test_the_old_language_form_address_is_gone_without_an_error(client, home_page):
    assert client.post("/kieli/", {"language": "sv", "next": "/"}).status_code == 404
    assert client.get("/kieli/").status_code == 404


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_no_cookie(client, forum, home_page):
    """Nothing on a public page needs a cookie, so shared caches can keep every page."""
    start = timezone.now() + datetime.timedelta(days=7)
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2)
    )
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    article = factories.NewsPageFactory(parent=news_index)
    wall = factories.IdeaWallPageFactory(parent=home_page)
    factories.IdeaFactory(wall=wall)
    for url in [home_page.url, article.url, meeting.url, wall.url, "/haku/?q=foorumi"]:
        for address in [url, in_language(url, "sv")]:
            response = client.get(address)
            assert response.status_code == 200, address
            assert dict(response.cookies) == {}, address


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "meeting_time", "news_date"),
    [
        ("fi", "29.11.2026 klo 17.30", "29.11.2026"),
        ("sv", "29.11.2026 kl. 17.30", "29.11.2026"),
        ("en", "29 November 2026, 17:30", "29 Nov 2026"),
    ],
)
def test_dates_are_written_day_first_in_every_language(
    client, forum, home_page, language, meeting_time, news_date
):
    """A reader in Finland reads 29.11., never the American 11/29/2026 or Sweden's 2026-11-29."""
    start = timezone.make_aware(datetime.datetime(2026, 11, 29, 17, 30))
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2)
    )
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    article = factories.NewsPageFactory(parent=news_index, date=datetime.date(2026, 11, 29))
    assert meeting_time in client.get(in_language(meeting.url, language)).content.decode()
    html = client.get(in_language(article.url, language)).content.decode()
    assert news_date in html
    assert "11/29/2026" not in html


def _catalogue(language):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.po", "rb") as po_file:
        return read_po(po_file, locale=language)


def _translations(catalogue):
    for message in catalogue:
        if message.id:
            yield from ([message.string] if isinstance(message.string, str) else message.string)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "one", "two"),
    [("fi", "(1 ääni)", "(2 ääntä)"), ("sv", "(1 röst)", "(2 röster)")],
)
def test_the_original_idea_choice_counts_votes_in_the_right_number(home_page, language, one, two):
    """The moderator's list of originals reads "(1 ääni)", never "(1 ääntä)"."""
    from ideas.admin_forms import IdeaChoiceField

    wall = factories.IdeaWallPageFactory(parent=home_page)
    field = IdeaChoiceField(queryset=None)
    with translation.override(language):
        assert field.label_from_instance(factories.IdeaFactory(wall=wall, vote_count=1)).endswith(
            one
        )
        assert field.label_from_instance(factories.IdeaFactory(wall=wall, vote_count=2)).endswith(
            two
        )


def test_a_duplicate_is_paallekkainen_in_the_admin_as_on_the_site():
    with translation.override("fi"):
        site_word = translation.gettext("Duplicate")
        admin_words = [
            translation.gettext(msgid)
            for msgid in ["Mark as a duplicate", "Duplicate of", "Mark idea a duplicate"]
        ]
    assert site_word == "Päällekkäinen"
    assert all("päällekkäi" in word.lower() for word in admin_words), admin_words
    assert not [text for text in _translations(_catalogue("fi")) if "kaksoiskappale" in text]


def test_the_email_to_an_author_signs_as_the_municipality(home_page, run_background_worker):
    from django.core import mail

    from ideas.models import IdeaComment
    from ideas.notifications import queue_comment_hidden, queue_idea_update

    wall = factories.IdeaWallPageFactory(parent=home_page)
    idea = factories.IdeaFactory(wall=wall, author=factories.ParticipantFactory())
    comment = IdeaComment.objects.create(idea=idea, author=idea.author, body="Hyvä!")
    queue_idea_update(idea.pk, "answer")
    queue_comment_hidden(comment.pk)
    run_background_worker()
    answered, hidden = sorted(mail.outbox, key=lambda message: "kommentti" in message.subject)
    assert "Kunta vastasi ideaasi" in answered.subject
    assert "Kunta on vastannut ideaasi" in answered.body
    for message in (answered, hidden):
        assert "Yhdessä – kunta ja järjestöt" in message.body
        assert "aupunki" not in message.subject + message.body
        assert "Best regards" not in message.body
    with translation.override("sv"):
        assert "Kommunens personal" in translation.gettext(
            "If your association is not in the list, type its name. "
            "The municipality's staff will add it."
        )


def test_swedish_writes_e_post_everywhere_even_in_allauths_messages():
    """The sign-in forms show django-allauth's own labels; its Swedish says "Epost"."""
    allauth_po = Path(allauth.__file__).parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    with open(allauth_po, "rb") as po_file:
        msgids = [message.id for message in read_po(po_file, locale="sv") if message.id]
    with translation.override("sv"):
        shown = {msgid: translation.gettext(msgid) for msgid in msgids if isinstance(msgid, str)}
    assert shown["Email address"] == "E-postadress"
    assert [text for text in shown.values() if "Epost" in text] == []
    assert not [text for text in _translations(_catalogue("sv")) if "Epost" in text]


# --- The Wagtail admin in Finnish -----------------------------------------------------------
# Communications staff and coordinators work in the admin in Finnish. Wagtail's own Finnish
# lacks many of its newer strings and has some errors; locale/wagtail/ completes and corrects
# it. These tests open the screens staff use and read what they see.

WAGTAIL_SITE_PACKAGES = Path(wagtail.__file__).parent.parent
# Wagtail's source catalogues (English msgids), and wagtail-modeladmin's for our queues.
WAGTAIL_SOURCE_CATALOGUES = sorted(
    [
        *WAGTAIL_SITE_PACKAGES.glob("wagtail/**/locale/en/LC_MESSAGES/django.po"),
        *WAGTAIL_SITE_PACKAGES.glob("wagtail_modeladmin/locale/en/LC_MESSAGES/django.po"),
    ]
)
WAGTAIL_JS_CATALOGUE = WAGTAIL_SITE_PACKAGES / "wagtail/admin/locale/en/LC_MESSAGES/djangojs.po"
IDENTIFIER = re.compile(r"[a-z0-9_.:/-]*")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ *\w+ *\}\}|\{\w*\}")
# Staff see these on the screens they use most; the admin in Finnish or Swedish must not
# show them.
ENGLISH_ON_STAFF_SCREENS = [
    "Schedule to publish",
    "Once live anyone can view",
    "Checks",
    "Content metrics",
    "Search all pages…",
    "Anyone can edit this",
]


def _wagtail_msgids():
    """Wagtail's English UI strings: {(context, msgid, pluralizable, form): its pattern}."""
    msgids = {}
    for path in WAGTAIL_SOURCE_CATALOGUES:
        with open(path, "rb") as po_file:
            for message in read_po(po_file, locale="en"):
                if not message.id:
                    continue
                forms = message.id if message.pluralizable else (message.id,)
                for text in forms:
                    key = (message.context, forms[0], message.pluralizable, text)
                    msgids[key] = _shown_as(text)
    return msgids


def _shown_as(msgid):
    """A pattern that matches the msgid as rendered (its placeholders filled), or None."""
    pieces = [" ".join(piece.split()) for piece in PLACEHOLDER.split(msgid)]
    if not any(re.search(r"[A-Za-z]{3}", piece) for piece in pieces):
        return None  # "%(title)s" alone is the user's text, not Wagtail's
    fills = [r"\d+" if hole.endswith("d") else ".+?" for hole in PLACEHOLDER.findall(msgid)]
    pattern = re.escape(pieces[0])
    for fill, piece in zip(fills, pieces[1:], strict=True):
        pattern += fill + re.escape(piece)
    return re.compile(pattern, re.DOTALL)


def _translated(language, context, msgid, pluralizable):
    # Whether the catalogue has the msgid, not whether the text differs: "ID" stays "ID".
    catalog = translation.trans_real.translation(language)._catalog
    key = f"{context}\x04{msgid}" if context else msgid
    return (key, 0) in catalog if pluralizable else key in catalog


def _visible_texts(html):
    """What a person reads: text, labels in attributes, and wagtailConfig's strings for JS."""
    soup = BeautifulSoup(html, "html.parser")
    texts = []

    def strings_of(value):
        # JSON also holds identifiers ("name": "account"); those are not read by anyone.
        if isinstance(value, str) and not IDENTIFIER.fullmatch(value):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                strings_of(item)
        elif isinstance(value, list):
            for item in value:
                strings_of(item)

    for script in soup.find_all("script", type="application/json"):
        strings_of(json.loads(script.string or "null"))
    # Dialogs wait in <template> until opened: their text counts too (TemplateString).
    texts.extend(
        text
        for text in soup.find_all(string=True)
        if type(text) in (NavigableString, TemplateString)
    )
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name in ("placeholder", "title", "aria-label", "alt") or name.startswith("data-"):
                if isinstance(value, str) and value[:1] in "[{":
                    try:
                        strings_of(json.loads(value))
                        continue
                    except ValueError:
                        pass
                texts.append(value if isinstance(value, str) else " ".join(value))
            elif (
                name == "value"
                and element.name in ("button", "input")
                and (element.get("type") in ("submit", "button"))
            ):
                texts.append(value)
    return {" ".join(text.split()) for text in texts if text.strip()}


def _untranslated_wagtail_strings(shown, msgids, language):
    """Texts on the screen that are Wagtail's English with no translation to the language."""
    missing = set()
    for (context, msgid, pluralizable, text), pattern in msgids.items():
        if pattern is None or _translated(language, context, msgid, pluralizable):
            continue
        flat = " ".join(text.split())
        if flat in shown or any(pattern.fullmatch(seen) for seen in shown if len(seen) >= 3):
            missing.add(text)
    return sorted(missing)


def _sign_in_with_admin_language(client, editor, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)
    return client


@pytest.fixture
def finnish_editor_client(client, editor):
    """A communications staff member whose admin language is Finnish."""
    return _sign_in_with_admin_language(client, editor, "fi")


@pytest.fixture
def admin_content(home_page, moderator):
    """One page of each type, a contact card, an image, a document, a staff member and a
    news article whose new version is set to go live in three days."""
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    forum_index = factories.ForumIndexPageFactory(parent=home_page)
    forum = factories.ForumPageFactory(parent=forum_index)
    meeting = factories.ForumMeetingPageFactory(parent=forum)
    factories.MeetingMaterialFactory(meeting=meeting)
    guideline = factories.GuidelinePageFactory(parent=home_page)
    factories.GuidelineSectionFactory(page=guideline)
    article = factories.NewsPageFactory(parent=news_index)
    # A draft with a publishing date ahead: its editor offers "Schedule to publish".
    article.go_live_at = timezone.now() + datetime.timedelta(days=3)
    article.save_revision()
    pages = {
        "news": article,
        "forum": forum,
        "meeting": meeting,
        "guideline": guideline,
        "idea wall": factories.IdeaWallPageFactory(parent=home_page),
        "contacts": factories.ContactsPageFactory(parent=home_page),
        "standard": factories.StandardPageFactory(parent=home_page),
    }
    card = factories.ContactCardFactory()
    card.save_revision()
    return {
        "home": home_page,
        "moderator": moderator,
        "group": moderator.groups.get(),
        "pages": pages,
        "card": card,
        "image": factories.PhotoFactory(),
        "document": factories.DocumentFactory(),
    }


def _admin_screens(content):
    """The admin screens staff use, as (name, URL); a JSON answer's "html" is the screen."""
    from core.admin_views import FAILED_EMAIL_URL_NAME

    home, pages, card = content["home"], content["pages"], content["card"]
    card_urls = "wagtailsnippets_contacts_contactcard"
    screens = [
        ("dashboard", reverse("wagtailadmin_home")),
        ("explorer", reverse("wagtailadmin_explore", args=[home.pk])),
        ("page search", reverse("wagtailadmin_pages:search") + "?q=foorumi"),
        ("page chooser", reverse("wagtailadmin_choose_page")),
        ("privacy", reverse("wagtailadmin_pages:set_privacy", args=[pages["news"].pk])),
        ("page history", reverse("wagtailadmin_pages:history", args=[pages["news"].pk])),
        ("page usage", reverse("wagtailadmin_pages:usage", args=[pages["forum"].pk])),
        ("unpublish", reverse("wagtailadmin_pages:unpublish", args=[pages["forum"].pk])),
        ("delete page", reverse("wagtailadmin_pages:delete", args=[pages["forum"].pk])),
        ("move page", reverse("wagtailadmin_pages:move", args=[pages["standard"].pk])),
        ("copy page", reverse("wagtailadmin_pages:copy", args=[pages["standard"].pk])),
        ("choose parent", reverse("wagtailadmin_pages:choose_parent", args=["news", "newspage"])),
        ("page types", reverse("wagtailadmin_pages:type_use", args=["news", "newspage"])),
        ("account", reverse("wagtailadmin_account")),
        ("contact cards", reverse(f"{card_urls}:list")),
        ("new contact card", reverse(f"{card_urls}:add")),
        ("contact card", reverse(f"{card_urls}:edit", args=[card.pk])),
        ("contact card history", reverse(f"{card_urls}:history", args=[card.pk])),
        ("contact card usage", reverse(f"{card_urls}:usage", args=[card.pk])),
        (
            "contact card versions",
            reverse(
                f"{card_urls}:revisions_compare",
                args=[card.pk, "earliest", card.latest_revision.pk],
            ),
        ),
        ("unpublish contact card", reverse(f"{card_urls}:unpublish", args=[card.pk])),
        ("delete contact card", reverse(f"{card_urls}:delete", args=[card.pk])),
        ("images", reverse("wagtailimages:index")),
        ("image upload", reverse("wagtailimages:add_multiple")),
        ("image", reverse("wagtailimages:edit", args=[content["image"].pk])),
        ("image chooser", reverse("wagtailimages_chooser:choose")),
        ("documents", reverse("wagtaildocs:index")),
        ("document upload", reverse("wagtaildocs:add_multiple")),
        ("document", reverse("wagtaildocs:edit", args=[content["document"].pk])),
        ("document chooser", reverse("wagtaildocs_chooser:choose")),
        ("site settings", reverse("wagtailsettings:edit", args=["core", "sitesettings"])),
        ("users", reverse("wagtailusers_users:index")),
        ("new user", reverse("wagtailusers_users:add")),
        ("user", reverse("wagtailusers_users:edit", args=[content["moderator"].pk])),
        ("groups", reverse("wagtailusers_groups:index")),
        ("new group", reverse("wagtailusers_groups:add")),
        ("group", reverse("wagtailusers_groups:edit", args=[content["group"].pk])),
        ("ideas waiting", "/admin/ideas/moderation/waiting-ideas/"),
        ("comments waiting", "/admin/moderation/waiting-comments/"),
        ("reported ideas", "/admin/ideas/moderation/reported-ideas/"),
        ("reported comments", "/admin/moderation/reported-comments/"),
        ("all ideas", "/admin/ideas/moderation/ideas/"),
        ("representatives", "/admin/associations/representatives/"),
        ("registrations", reverse("forums_registrations_modeladmin_index")),
        (
            "a meeting's registrations",
            reverse("forums_registrations_modeladmin_index") + f"?meeting={pages['meeting'].pk}",
        ),
        (
            "attendance",
            reverse("forums_registrations_attendance", args=[pages["meeting"].pk]),
        ),
        (
            "message to registrants",
            reverse("forums_registrations_message", args=[pages["meeting"].pk]),
        ),
        ("failed e-mail", reverse(FAILED_EMAIL_URL_NAME)),
        ("audit log", reverse("wagtailadmin_reports:site_history")),
        ("locked pages", reverse("wagtailadmin_reports:locked_pages")),
        ("aging pages", reverse("wagtailadmin_reports:aging_pages")),
        ("page types usage", reverse("wagtailadmin_reports:page_types_usage")),
        ("workflows report", reverse("wagtailadmin_reports:workflow")),
    ]
    for kind, page in pages.items():
        model = type(page)
        add = [model._meta.app_label, model._meta.model_name, page.get_parent().pk]
        screens.append((f"new {kind} page", reverse("wagtailadmin_pages:add", args=add)))
        screens.append((f"{kind} page editor", reverse("wagtailadmin_pages:edit", args=[page.pk])))
    return screens


def _screen_html(response):
    assert response.status_code == 200, response
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


@pytest.mark.django_db
def test_every_wagtail_string_on_the_staff_screens_is_in_finnish(
    finnish_editor_client, admin_content
):
    """Each English string of Wagtail's that a screen shows has a Finnish translation.

    (Wagtail's Swedish has every string these screens show.)
    """
    msgids = _wagtail_msgids()
    found = {}
    for name, url in _admin_screens(admin_content):
        shown = _visible_texts(_screen_html(finnish_editor_client.get(url, follow=True)))
        english = _untranslated_wagtail_strings(shown, msgids, "fi")
        english += [
            text for text in ENGLISH_ON_STAFF_SCREENS if any(text in seen for seen in shown)
        ]
        if english:
            found[name] = english
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.django_db
def test_the_page_editor_speaks_finnish_where_editors_schedule_and_check(
    finnish_editor_client, admin_content
):
    pages = admin_content["pages"]
    scheduled = finnish_editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[pages["news"].pk])
    )
    shown = _visible_texts(scheduled.content.decode())
    assert "Ajasta julkaisu" in shown  # the publish button of a page with a date ahead
    assert 'Ajastus tulee voimaan vasta, kun valitset "Ajasta julkaisu"' in shown
    assert {"Tarkistukset", "Sisällön mittarit", "Luettavuus"} <= shown
    assert "Julkaisun jälkeen kaikki voivat nähdä" in shown
    assert {"Julkaisu alkaa:", "Valitse, milloin sivun julkaisu alkaa ja/tai päättyy"} <= shown
    # Wagtail's own Finnish inserts the model's name uninflected: "muokata tätä sivu".
    assert "Kuka tahansa voi muokata – lukitse, jos haluat estää muita muokkaamasta" in shown
    assert not [text for text in shown if "tätä sivu " in f"{text} "]
    meeting = finnish_editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[pages["meeting"].pk])
    )
    shown = _visible_texts(meeting.content.decode())
    assert "Lisää aineisto" in shown
    assert "Lisää Aineisto" not in shown
    dashboard = finnish_editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Hae kaikilta sivuilta…" in _visible_texts(dashboard)


def _wagtail_strings_in(language):
    """(msgid, the text an editor reads) for every string of Wagtail's catalogues."""
    with translation.override(language):
        for path in WAGTAIL_SOURCE_CATALOGUES:
            with open(path, "rb") as po_file:
                messages = [message for message in read_po(po_file, locale="en") if message.id]
            for message in messages:
                context = message.context
                if message.pluralizable:
                    singular, plural = message.id[:2]
                    for number in (1, 2):
                        if context:
                            text = translation.npgettext(context, singular, plural, number)
                        else:
                            text = translation.ngettext(singular, plural, number)
                        yield singular, text
                elif context:
                    yield message.id, translation.pgettext(context, message.id)
                else:
                    yield message.id, translation.gettext(message.id)


# Errors of Wagtail's own translations, each as a pattern that finds all of its kind.
# Wagtail inserts a model's name ("sivu", "yhteystietokortti"; "sida", "kontaktkort") as it is.
TRANSLATION_ERRORS = {
    "fi": {
        # "muokata tätä %(model_name)s" reads "muokata tätä sivu": the noun cannot inflect.
        "an uninflected noun after tätä/tämän": re.compile(
            r"\b(tätä|tämän) %\((model_name|object)\)s"
        ),
        "a missing space before a noun": re.compile(r"\b[Tt]ämä%\("),
        "a typo in capitals (SIirrä)": re.compile(r"\b[A-ZÄÖ]{2}[a-zäö]"),
        '"Mallin" before the name': re.compile(r"^Mallin %\(model_name\)s"),
        '"live" as a Finnish word ("mennä liveksi")': re.compile(r"\blive(ksi|nä|-?sivu|-?versio)"),
    },
    "sv": {
        # "denna kontaktkort": the gender of the inserted noun is not known.
        "a demonstrative before the model's name": re.compile(
            r"\b[Dd](enna|etta) %\((model_name|snippet_type_name)\)s"
        ),
        "an article-less noun after a verb": re.compile(r"^Alla kan redigera %\(model_name\)s"),
    },
}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_wagtails_translation_errors_are_corrected(language):
    errors = {}
    for msgid, text in _wagtail_strings_in(language):
        for kind, pattern in TRANSLATION_ERRORS[language].items():
            if pattern.search(text):
                errors.setdefault(kind, []).append(text)
        # "Lukitus: " is followed by the state; without the space it reads "Lukitus:Ei lukittu".
        if msgid.endswith(": ") and not text.endswith(": "):
            errors.setdefault("a label without its space", []).append(text)
    assert errors == {}


@pytest.mark.django_db
def test_the_contact_card_editor_in_swedish_does_not_guess_the_cards_gender(
    client, editor, admin_content
):
    _sign_in_with_admin_language(client, editor, "sv")
    card = admin_content["card"]
    url = reverse("wagtailsnippets_contacts_contactcard:edit", args=[card.pk])
    shown = _visible_texts(client.get(url).content.decode())
    assert "Alla kan redigera – lås för att hindra andra från att redigera" in shown
    assert not [text for text in shown if "denna kontaktkort" in text]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            {
                "Search options…": "Hae vaihtoehtoja…",
                "Changes have been autosaved.": "Muutokset on tallennettu automaattisesti.",
                # Wagtail's Finnish: "Kaksoiskappale" (a noun) and "Selvitä" ("find out").
                "Duplicate": "Monista",
                "Resolve": "Merkitse ratkaistuksi",
            },
        ),
        # The content metrics' readability and reading time.
        ("sv", {"Good": "Bra", "Complex": "Svår", "Search options…": "Sök alternativ…"}),
    ],
)
def test_wagtails_javascript_strings_are_translated(client, editor, language, expected):
    """The admin's scripts (autosave, combo boxes, content metrics) read /admin/jsi18n/."""
    _sign_in_with_admin_language(client, editor, language)
    body = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.DOTALL)[1])
    with open(WAGTAIL_JS_CATALOGUE, "rb") as po_file:
        msgids = [
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(po_file, locale="en")
            if message.id
        ]
    assert [msgid for msgid in msgids if msgid not in catalog] == []
    assert {msgid: catalog[msgid] for msgid in expected} == expected


@pytest.mark.django_db
def test_our_labels_do_not_rename_wagtails_fields(finnish_editor_client, admin_content):
    """Our catalogue wins over Wagtail's, so a msgid we share with it must mean the same
    thing: a page's title is "Otsikko", a contact card's job title "Nimike", and "Lisää …"
    buttons read as Finnish sentences."""
    pages = admin_content["pages"]
    news = finnish_editor_client.get(reverse("wagtailadmin_pages:edit", args=[pages["news"].pk]))
    shown = _visible_texts(news.content.decode())
    assert "Otsikko" in shown
    assert "Nimike" not in shown
    card = finnish_editor_client.get(
        reverse("wagtailsnippets_contacts_contactcard:edit", args=[admin_content["card"].pk])
    )
    assert "Nimike" in _visible_texts(card.content.decode())
    wall = finnish_editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[pages["idea wall"].pk])
    )
    assert "Lisää sarake" in _visible_texts(wall.content.decode())
    guideline = finnish_editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[pages["guideline"].pk])
    )
    assert "Lisää osio" in _visible_texts(guideline.content.decode())
    settings_screen = finnish_editor_client.get(
        reverse("wagtailsettings:edit", args=["core", "sitesettings"]), follow=True
    )
    assert "Lisää linkki" in _visible_texts(settings_screen.content.decode())
    # Wagtail's Reports menu is "Raportit"; "Ilmoitukset" are the visitors' reports in our
    # moderation queues.
    dashboard = finnish_editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"Raportit"' in dashboard
    assert '"Ilmoitukset"' not in dashboard
    with translation.override("fi"):
        assert translation.pgettext("moderation", "Reports") == "Ilmoitukset"
