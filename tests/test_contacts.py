"""Who to call: numbers typed any Finnish way work as links and read the Finnish way."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import translation

from contacts.models import ContactCard, Responsibility
from core.phone import format_phone, normalize_phone
from tests import factories


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("040 123 4567", "+358401234567", "040 123 4567"),
        ("0401234567", "+358401234567", "040 123 4567"),
        ("+358 40 123 4567", "+358401234567", "040 123 4567"),
        ("00358 40 123 4567", "+358401234567", "040 123 4567"),
        ("+358 (0)40 123 4567", "+358401234567", "040 123 4567"),
        ("050-328 7326", "+358503287326", "050 328 7326"),
        ("03 123 4567", "+35831234567", "03 123 4567"),
        ("(09) 310 1234", "+35893101234", "09 310 1234"),
        ("+46 8 123 456 78", "+46812345678", "+46812345678"),  # foreign: left as is
    ],
)
def test_typed_number_is_stored_for_tel_links_and_shown_the_finnish_way(typed, stored, shown):
    assert normalize_phone(typed) == stored
    assert format_phone(stored) == shown


@pytest.mark.parametrize(
    "typed",
    ["soita vaihteeseen", "123", "+358 40 ABC 4567", "040 123 4567 tai 050 111 2222", "+358"],
)
def test_something_that_is_not_a_number_is_refused(typed):
    with pytest.raises(ValidationError) as refusal:
        normalize_phone(typed)
    assert refusal.value.code == "invalid_phone"


@pytest.mark.django_db
def test_card_refuses_a_bad_number_on_the_phone_field():
    card = factories.ContactCardFactory.build(phone="soita vaihteeseen")

    with pytest.raises(ValidationError) as refusal:
        card.full_clean()

    assert list(refusal.value.message_dict) == ["phone"]


@pytest.mark.django_db
def test_card_on_a_page_can_be_called_and_mailed(client, home_page):
    card = factories.ContactCardFactory(
        name="Maija Meikäläinen", phone="+358503287326", email="maija@kunta.example"
    )
    page = factories.StandardPageFactory(parent=home_page, body=[("contact_card", card)])

    html = client.get(page.url).content.decode()

    assert '<a href="tel:+358503287326">050 328 7326</a>' in html
    # The address may wrap after "@" and before dots only, never inside a word.
    assert '<a href="mailto:maija@kunta.example">maija@<wbr>kunta<wbr>.example</a>' in html


@pytest.mark.django_db
def test_draft_card_placed_on_a_page_stays_hidden(client, home_page):
    draft = factories.ContactCardFactory(name="Luonnos Henkilö", live=False)
    published = factories.ContactCardFactory(name="Julkaistu Henkilö")
    page = factories.StandardPageFactory(
        parent=home_page, body=[("contact_card", draft), ("contact_card", published)]
    )

    html = client.get(page.url).content.decode()

    assert "Julkaistu Henkilö" in html
    assert "Luonnos Henkilö" not in html
    assert html.count('class="contact-card"') == 1


@pytest.mark.django_db
def test_contacts_page_groups_cards_under_their_responsibility(client, home_page):
    factories.ContactCardFactory(name="Kaisa Kulttuuri", responsibility=Responsibility.CULTURE)
    factories.ContactCardFactory(name="Kalle Kirjasto", responsibility=Responsibility.CULTURE)
    factories.ContactCardFactory(name="Sami Seura", responsibility=Responsibility.SPORTS)
    factories.ContactCardFactory(
        name="Liisa Luonnos", responsibility=Responsibility.TOURISM, live=False
    )
    page = factories.ContactsPageFactory(parent=home_page)

    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    groups = {
        section.h2.get_text(strip=True): [h3.get_text(strip=True) for h3 in section.find_all("h3")]
        for section in soup.select("section.contact-group")
    }

    with translation.override("fi"):
        culture, sports = str(Responsibility.CULTURE.label), str(Responsibility.SPORTS.label)
    assert groups == {
        culture: ["Kaisa Kulttuuri", "Kalle Kirjasto"],
        sports: ["Sami Seura"],
    }
    assert not ContactCard.objects.get(name="Liisa Luonnos").live


def test_an_address_is_escaped_before_it_gets_its_break_points():
    from django.template import Context, Template

    rendered = Template("{% load yhdessa %}{{ value|breakable_address }}").render(
        Context({"value": '<b onclick="x">.a@b.fi'})
    )

    assert rendered == "&lt;b onclick=&quot;x&quot;&gt;<wbr>.a@<wbr>b<wbr>.fi"
