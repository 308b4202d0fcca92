"""An editor builds the site in the Wagtail admin, and visitors see what was published.

Everything here goes through the admin's own forms (the same POST data the page editor
sends), never through the ORM, so a panel or validation rule that breaks the editor's
work breaks a test.
"""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from contacts.models import ContactCard, ContactsPage
from forums.models import ForumIndexPage, ForumMeetingPage, ForumPage
from guidelines.models import GuidelinePage
from home.models import AccessibilityStatementPage, HomePage, StandardPage
from ideas.models import IdeaWallPage
from news.models import NewsIndexPage, NewsPage
from tests import factories

CARDS_URL = "/admin/snippets/contacts/contactcard/"


def add_page_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def post_new_page(client, parent, model, fields, publish=True):
    data = nested_form_data({"slug": slugify(fields["title"]), **fields})
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(add_page_url(model, parent), data)


def publish_page(client, parent, model, fields):
    """Fill in the page editor under `parent` and press Publish; return the new page."""
    response = post_new_page(client, parent, model, fields)
    if response.status_code != 302:
        form = response.context["form"]
        formset_errors = {name: fs.errors for name, fs in form.formsets.items() if fs.errors}
        pytest.fail(f"{model.__name__} was not published: {form.errors} {formset_errors}")
    assert response["Location"] == reverse("wagtailadmin_explore", args=[parent.pk])
    page = model.objects.child_of(parent).get(slug=slugify(fields["title"]))
    assert page.live
    return page


def visit(url):
    """What an anonymous visitor gets."""
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def card_form(**fields):
    data = {
        "name": "Maija Meikäläinen",
        "title": "Kulttuurituottaja",
        "responsibility": "culture",
        "answers_for": "Kulttuurifoorumi",
        "phone": "040 123 4567",
        "email": "maija.meikalainen@kunta.example",
        "photo": "",
        "photo_alt_text": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def sections(home_page):
    """What a site has once its editors have set up the sections."""
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    forum_index = factories.ForumIndexPageFactory(parent=home_page)
    forum = factories.ForumPageFactory(parent=forum_index, title="Seurafoorumi")
    return {
        "home": home_page,
        "news_index": news_index,
        "forum_index": forum_index,
        "forum": forum,
        "card": factories.ContactCardFactory(name="Ville Vastaava"),
        "photo": factories.PhotoFactory(title="Seurafoorumin kokous"),
        "document": factories.DocumentFactory(title="Seurafoorumin esityslista"),
    }


# Each case: the parent (a key of `sections`), the page type, what the editor types
# in (given the sections), and what a visitor then reads on the published page.
PAGE_CASES = {
    "news_index": (
        "home",
        NewsIndexPage,
        lambda s: {"title": "Uutiset", "intro": rich_text("<p>Ajankohtaista järjestöille.</p>")},
        ["Uutiset", "Ajankohtaista järjestöille."],
    ),
    "news_article": (
        "news_index",
        NewsPage,
        lambda s: {
            "title": "Seurafoorumi kokoontuu",
            "date": "2026-05-04",
            "lead": "Urheiluseurat ja kaupunki tapaavat toukokuussa.",
            "image": s["photo"].pk,
            "image_alt_text": "Seurojen edustajia kokouksessa",
            "tags": "seurat, foorumi",
            "body": streamfield(
                [
                    ("heading", {"text": "Ilmoittautuminen", "level": "h2"}),
                    ("paragraph", rich_text("<p>Ilmoittaudu viikkoa ennen.</p>")),
                ]
            ),
        },
        [
            "Urheiluseurat ja kaupunki tapaavat toukokuussa.",
            'alt="Seurojen edustajia kokouksessa"',
            "<h2>Ilmoittautuminen</h2>",
            "Ilmoittaudu viikkoa ennen.",
            "?tag=seurat",
        ],
    ),
    "forum_index": (
        "home",
        ForumIndexPage,
        lambda s: {
            "title": "Yhteistyöfoorumit",
            "intro": rich_text("<p>Kaupungin ja järjestöjen.</p>"),
        },
        ["Yhteistyöfoorumit", "Kaupungin ja järjestöjen."],
    ),
    "forum": (
        "forum_index",
        ForumPage,
        lambda s: {
            "title": "Kulttuurifoorumi",
            "purpose": rich_text("<p>Kulttuuritoimijat ja kaupunki yhdessä.</p>"),
            "who_may_join": rich_text("<p>Jokainen yhdistys nimeää jäsenen.</p>"),
            "coordinator": s["card"].pk,
            "body": streamfield([]),
        },
        [
            "Kulttuuritoimijat ja kaupunki yhdessä.",
            "Jokainen yhdistys nimeää jäsenen.",
            "Ville Vastaava",
        ],
    ),
    "meeting": (
        "forum",
        ForumMeetingPage,
        lambda s: {
            "title": "Seurafoorumi maaliskuussa",
            "start": "2030-03-12 17:30",
            "end": "2030-03-12 19:30",
            "status": "scheduled",
            "status_note": "",
            "place_name": "Kulttuuritalo Pajula",
            "address": "Myllykatu 3",
            "theme": "Liikuntatilojen vuorot",
            "agenda": rich_text("<ol><li>Avaus</li><li>Vuorojaot</li></ol>"),
            "summary": rich_text(""),
            "minutes": "",
            "materials": inline_formset([{"document": s["document"].pk, "title": ""}]),
            # The Registration tab as the editor finds it: registration not in use.
            "attendance_mode": "in_person",
            "max_companions": "0",
            "reminder_hours": "24",
        },
        [
            "12.3.2030 klo 17.30",
            "Kulttuuritalo Pajula, Myllykatu 3",
            "Liikuntatilojen vuorot",
            "Vuorojaot",
            "Seurafoorumin esityslista",
            "/kalenteri/",
        ],
    ),
    "guideline": (
        "home",
        GuidelinePage,
        lambda s: {
            "title": "Järjestöyhteistyön ohje",
            "intro": rich_text("<p>Luonnos on auki kommenteille.</p>"),
            "status": "draft",
            "version_label": "Luonnos 2026",
            "adopted_on": "",
            "decided_by": "",
            "change_summary": "Ensimmäinen luonnos kommentoitavaksi.",
            "pdf": "",
            "sections": inline_formset(
                [
                    {
                        "title": "Tilojen käyttö",
                        "anchor": "tilat",
                        "body": rich_text("<p>Tilat ovat maksuttomia.</p>"),
                    },
                    {
                        "title": "Avustukset",
                        "anchor": "avustukset",
                        "body": rich_text("<p>Haku on maaliskuussa.</p>"),
                    },
                ],
                min=1,
            ),
        },
        [
            "Luonnos 2026",
            'id="tilat"',
            'href="#avustukset"',
            "Tilat ovat maksuttomia.",
            "Versiohistoria (1 versio)",
        ],
    ),
    "idea_wall": (
        "home",
        IdeaWallPage,
        lambda s: {
            "title": "Ideaseinä",
            "intro": rich_text("<p>Kerro ideasi.</p>"),
            "is_open": "on",
            "moderation_rule": "before",
            "voting_enabled": "on",
            "columns": inline_formset([{"name": "Viestintä"}, {"name": "Tilat"}]),
        },
        ["Ideaseinä", "Kerro ideasi."],
    ),
    "contacts": (
        "home",
        ContactsPage,
        lambda s: {
            "title": "Yhteystiedot",
            "intro": rich_text("<p>Keneen ottaa yhteyttä.</p>"),
            "body": streamfield([]),
        },
        ["Keneen ottaa yhteyttä.", "Ville Vastaava", 'href="tel:+358401234567"'],
    ),
    "standard": (
        "home",
        StandardPage,
        lambda s: {
            "title": "Järjestöyhteistyö",
            "intro": "Näin kunta ja järjestöt tekevät yhteistyötä.",
            "body": streamfield(
                [
                    ("heading", {"text": "Tuen muodot", "level": "h2"}),
                    ("paragraph", rich_text("<p>Avustukset, tilat ja viestintä.</p>")),
                    ("contact_card", s["card"].pk),
                ]
            ),
        },
        [
            "Näin kunta ja järjestöt tekevät yhteistyötä.",
            "<h2>Tuen muodot</h2>",
            "Avustukset, tilat ja viestintä.",
            "Ville Vastaava",
        ],
    ),
    "accessibility": (
        "home",
        AccessibilityStatementPage,
        lambda s: {
            "title": "Saavutettavuusseloste",
            "conformance": "partial",
            "prepared_on": "2026-09-01",
            "reviewed_on": "2026-11-01",
            "non_accessible_content": rich_text("<p>Vanhat PDF-liitteet.</p>"),
            "body": rich_text(""),
        },
        ["Vanhat PDF-liitteet.", "1.9.2026"],
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", PAGE_CASES)
def test_editor_publishes_each_page_type_and_visitors_see_it(editor_client, sections, case):
    parent_key, model, fields, visible = PAGE_CASES[case]
    page = publish_page(editor_client, sections[parent_key], model, fields(sections))

    html = visit(page.url)
    for text in visible:
        assert text in html, (case, text)


@pytest.mark.django_db
def test_editor_sets_up_the_home_page_of_a_new_site(editor_client):
    root = Page.get_first_root_node()
    for welcome in root.get_children():
        welcome.delete()

    home = publish_page(
        editor_client,
        root,
        HomePage,
        {"title": "Yhdessä", "intro": rich_text("<p>Järjestöjen ja kunnan yhteistyö.</p>")},
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )

    assert "Järjestöjen ja kunnan yhteistyö." in visit("/")


@pytest.mark.django_db
def test_saving_a_page_as_draft_keeps_it_from_visitors(editor_client, home_page):
    response = post_new_page(
        editor_client,
        home_page,
        StandardPage,
        {"title": "Keskeneräinen", "intro": "", "body": streamfield([])},
        publish=False,
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="keskenerainen")
    assert not page.live
    assert Client().get("/keskenerainen/").status_code == 404


@pytest.mark.django_db
def test_a_meeting_cannot_end_before_it_starts(editor_client, forum):
    fields = PAGE_CASES["meeting"][2]({"document": factories.DocumentFactory()})
    fields.update({"start": "2030-03-12 17:30", "end": "2030-03-12 16:00"})

    response = post_new_page(editor_client, forum, ForumMeetingPage, fields)

    assert response.status_code == 200
    assert "end" in response.context["form"].errors
    assert not ForumMeetingPage.objects.exists()


@pytest.mark.django_db
def test_admin_speaks_finnish(editor_client):
    html = editor_client.get("/admin/").content.decode()

    assert '<html lang="fi"' in html


@pytest.mark.django_db
def test_page_type_chooser_under_home_offers_each_allowed_type(editor_client, home_page):
    allowed = [
        NewsIndexPage,
        ForumIndexPage,
        GuidelinePage,
        IdeaWallPage,
        ContactsPage,
        StandardPage,
        AccessibilityStatementPage,
    ]
    chooser = reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk])

    html = editor_client.get(chooser).content.decode()
    for model in allowed:
        assert add_page_url(model, home_page) in html, model.__name__
    for model in [NewsPage, ForumPage, ForumMeetingPage, HomePage]:
        assert add_page_url(model, home_page) not in html, model.__name__

    factories.AccessibilityStatementPageFactory(parent=home_page)
    html = editor_client.get(chooser).content.decode()
    assert add_page_url(AccessibilityStatementPage, home_page) not in html, "only one statement"


@pytest.mark.django_db
def test_contact_cards_are_in_the_admin_menu(editor_client):
    factories.ContactCardFactory(name="Ville Vastaava")

    dashboard = editor_client.get("/admin/").content.decode()
    assert CARDS_URL in dashboard

    listing = editor_client.get(CARDS_URL)
    assert listing.status_code == 200
    assert "Ville Vastaava" in listing.content.decode()


@pytest.mark.django_db
def test_coordinator_drafts_a_contact_card_and_then_publishes_it(editor_client, home_page):
    contacts_page = factories.ContactsPageFactory(parent=home_page)

    response = editor_client.post(f"{CARDS_URL}add/", card_form())
    assert response.status_code == 302
    card = ContactCard.objects.get(name="Maija Meikäläinen")
    assert not card.live
    assert card.phone == "+358401234567"
    assert "Maija Meikäläinen" not in visit(contacts_page.url)

    response = editor_client.post(
        f"{CARDS_URL}edit/{card.pk}/", {**card_form(), "action-publish": "action-publish"}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.live
    html = visit(contacts_page.url)
    assert "Maija Meikäläinen" in html
    assert 'href="tel:+358401234567"' in html
    assert "040 123 4567" in html


@pytest.mark.django_db
def test_contact_card_published_straight_away_shows_on_contacts_page(editor_client, home_page):
    contacts_page = factories.ContactsPageFactory(parent=home_page)

    response = editor_client.post(
        f"{CARDS_URL}add/", {**card_form(phone="050-328 7326"), "action-publish": "action-publish"}
    )

    assert response.status_code == 302
    card = ContactCard.objects.get(name="Maija Meikäläinen")
    assert card.live
    assert card.phone == "+358503287326"
    assert "050 328 7326" in visit(contacts_page.url)


@pytest.mark.django_db
def test_invalid_phone_is_refused_and_kept_for_correcting(editor_client):
    response = editor_client.post(
        f"{CARDS_URL}add/",
        {**card_form(phone="soita vaihteeseen"), "action-publish": "action-publish"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    phone_input = BeautifulSoup(response.content, "html.parser").find("input", {"name": "phone"})
    assert phone_input["value"] == "soita vaihteeseen"
    assert not ContactCard.objects.exists()
