"""Finnish first: the interface speaks Finnish unless the address asks for Swedish (/sv/…)
or English (/en/…)."""

import datetime
from pathlib import Path

import allauth
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import translate_url
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
    # Search engines learn the addresses of the other languages, Finnish the default.
    for language, path in [
        ("fi", "/ajankohtaista/"),
        ("sv", "/sv/ajankohtaista/"),
        ("en", "/en/ajankohtaista/"),
        ("x-default", "/ajankohtaista/"),
    ]:
        link = f'<link rel="alternate" hreflang="{language}" href="http://testserver{path}'
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

    from ideas.notifications import queue_idea_update

    wall = factories.IdeaWallPageFactory(parent=home_page)
    idea = factories.IdeaFactory(wall=wall, author=factories.ParticipantFactory())
    queue_idea_update(idea.pk, "answer")
    run_background_worker()
    [message] = mail.outbox
    assert "Kunta vastasi ideaasi" in message.subject
    assert "Kunta on vastannut ideaasi" in message.body
    assert "Yhdessä – kunta ja järjestöt" in message.body
    assert "aupunki" not in message.subject + message.body
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
