"""A representative of an association gets an account, signs in and keeps their profile.

Sign-up, e-mail confirmation, sign-in by password or by a code from the e-mail,
password reset and the rate limits are django-allauth's; these tests walk them
through this site's pages, in Finnish, as a person would.
"""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Kesä-ilta-järvellä-7"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def link_in(message):
    """The path of the link in the e-mail, which is on the Site's address (core.links)."""
    root = re.escape(Site.objects.get(is_default_site=True).root_url)
    return re.search(rf"{root}(/\S+)", message.body).group(1)


def code_in(message):
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def html(response):
    return response.content.decode()


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.labels = set(), set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden",
            "submit",
        }:
            self.fields.add(attrs.get("id"))
        if tag == "label":
            self.labels.add(attrs.get("for"))


def form_fields_and_labels(page):
    """The ids of the visible form fields and the ids their labels point at."""
    parser = _FormParser()
    parser.feed(page)
    return parser.fields, parser.labels


def sign_up(client, **fields):
    data = {
        "email": "maija.virtanen@kylayhdistys.example",
        "display_name": "Maija V.",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post("/tili/signup/", data)


def signed_in_user(client):
    response = client.get("/tili/profiili/")
    return response.context["user"] if response.status_code == 200 else None


# --- Signing up ---


def test_sign_up_form_is_in_finnish_and_explains_the_email_stays_private(client, home_page):
    page = html(client.get("/tili/signup/"))

    assert "<h1>Luo tunnus</h1>" in page
    assert "Sähköpostiosoitettasi ei koskaan näytetä muille." in page
    assert '<label for="id_display_name">Nimi, joka näkyy ideoidesi' in page
    assert '<label for="id_email">Sähköposti</label>' in page
    # Nobody picks an association at sign-up: representing one is confirmed (profile).
    assert "Yhdistys, jota ei ole listassa" not in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_sign_up_confirm_the_email_and_arrive_signed_in(client, home_page):
    response = sign_up(client)

    assert response.status_code == 302
    page = html(client.get(response.url))
    assert "Tarkista sähköpostisi" in page
    assert signed_in_user(client) is None, "no taking part before the address is confirmed"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maija.virtanen@kylayhdistys.example"]
    assert message.subject == "Yhdessä: Vahvista sähköpostiosoitteesi"
    assert message.body.startswith("Hei!")
    assert "Kiitos, että loit tilin palveluun Yhdessä." in message.body
    assert "Vahvista osoite avaamalla tämä linkki:" in message.body

    confirm_page = client.get(link_in(message))
    assert "Vahvista, että maija.virtanen@kylayhdistys.example on sähköpostiosoitteesi." in html(
        confirm_page
    )
    response = client.post(link_in(message))

    assert response.status_code == 302
    assert response.url == "/tili/profiili/"
    profile = client.get("/tili/profiili/")
    user = profile.context["user"]
    assert user.email == "maija.virtanen@kylayhdistys.example"
    assert user.display_name == "Maija V."
    assert EmailAddress.objects.get(user=user).verified
    assert "Maija V." in html(profile)


def test_sign_up_keeps_the_next_page_through_the_confirmation(client, home_page):
    sign_up(client, next="/ideaseina/")

    response = client.post(link_in(mail.outbox[0]))

    assert response.url == "/ideaseina/"


def test_sign_up_errors_are_finnish_beside_the_field_and_the_input_is_kept(client, home_page):
    response = sign_up(client, display_name="", password2="jotain-muuta-9")

    assert response.status_code == 200
    page = html(response)
    assert "Tarkista lomake" in page
    assert (
        '<ul class="errorlist" id="id_display_name_error"><li>Tämä kenttä on pakollinen.</li>'
        in page
    )
    assert 'aria-describedby="id_display_name_helptext id_display_name_error"' in page
    assert "Salasanojen tulee olla samat." in page
    assert 'value="maija.virtanen@kylayhdistys.example"' in page
    assert not User.objects.exists()
    assert mail.outbox == []


def test_an_email_address_is_not_accepted_as_the_public_name(client, home_page):
    response = sign_up(client, display_name="maija@kylayhdistys.example")

    assert "Kirjoita tähän nimi, älä sähköpostiosoitetta" in html(response)
    assert not User.objects.exists()


def test_signing_up_twice_with_one_address_tells_the_owner_not_the_stranger(client, home_page):
    factories.ParticipantFactory(email="maija.virtanen@kylayhdistys.example")

    response = sign_up(client)

    assert response.status_code == 302, "the page does not reveal the address is taken"
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "Tällä sähköpostiosoitteella on kuitenkin jo tili" in mail.outbox[0].body


def test_a_bot_filling_the_hidden_field_gets_no_account(client, home_page):
    response = sign_up(client, website="http://roskaa.example")

    assert response.status_code == 302
    assert not User.objects.exists()
    assert mail.outbox == []


def test_an_unconfirmed_account_cannot_sign_in_with_its_password(client, home_page):
    sign_up(client)

    response = client.post(
        "/tili/login/", {"login": "maija.virtanen@kylayhdistys.example", "password": PASSWORD}
    )

    assert "Tarkista sähköpostisi" in html(client.get(response.url))
    assert signed_in_user(client) is None


# --- Signing in and out ---


def test_sign_in_with_password_and_the_header_shows_the_person(client, home_page):
    participant = factories.ParticipantFactory(display_name="Kalle K.")
    anonymous_header = html(client.get(home_page.url))
    assert ">Kirjaudu sisään</a>" in anonymous_header
    assert ">Luo tunnus</a>" in anonymous_header

    response = client.post(
        "/tili/login/",
        {"login": participant.email, "password": factories.PARTICIPANT_PASSWORD},
    )

    assert response.status_code == 302
    page = html(client.get(home_page.url))
    assert "Kalle K." in page
    assert ">Oma profiili</a>" in page
    assert '<form class="site-account__logout" action="/tili/logout/" method="post">' in page
    assert ">Kirjaudu sisään</a>" not in page


def test_wrong_password_gives_a_finnish_message(client, home_page):
    participant = factories.ParticipantFactory()

    response = client.post("/tili/login/", {"login": participant.email, "password": "väärä"})

    assert response.status_code == 200
    assert "Annettu sähköposti tai salasana ei ole oikein." in html(response)
    assert f'value="{participant.email}"' in html(response)


def test_sign_in_by_a_code_from_the_email(client, home_page):
    participant = factories.ParticipantFactory()
    assert "Lähetä minulle kirjautumiskoodi" in html(client.get("/tili/login/"))

    response = client.post("/tili/login/code/", {"email": participant.email})

    assert response.status_code == 302
    assert "Anna kirjautumiskoodi" in html(client.get(response.url))
    message = mail.outbox[0]
    assert message.subject == "Yhdessä: Sisäänkirjautumiskoodi"
    assert "Sisäänkirjautumiskoodisi on listattu alla." in message.body

    response = client.post("/tili/login/code/confirm/", {"code": code_in(message)})

    assert response.status_code == 302
    assert signed_in_user(client) == participant


def test_a_wrong_code_is_refused_in_finnish(client, home_page):
    participant = factories.ParticipantFactory()
    client.post("/tili/login/code/", {"email": participant.email})

    response = client.post("/tili/login/code/confirm/", {"code": "AAAA-AAAA"})

    assert "Virheellinen koodi." in html(response)
    assert signed_in_user(client) is None


def test_sign_out_is_a_post(client, home_page):
    participant = factories.ParticipantFactory()
    client.force_login(participant)

    assert "Haluatko kirjautua ulos?" in html(client.get("/tili/logout/"))
    assert signed_in_user(client) == participant, "a link or image cannot sign anyone out"

    client.post("/tili/logout/")

    assert signed_in_user(client) is None


# --- Forgotten password ---


def test_password_reset_by_email(client, home_page):
    participant = factories.ParticipantFactory()

    response = client.post("/tili/password/reset/", {"email": participant.email})

    assert "Tarkista sähköpostisi" in html(client.get(response.url))
    message = mail.outbox[0]
    assert message.to == [participant.email]
    assert message.subject == "Yhdessä: Salasanan uusimissähköposti"
    assert "Klikkaa alla olevaa linkkiä palauttaaksesi salasanasi." in message.body

    form_page = client.get(link_in(message), follow=True)
    assert "Valitse uusi salasana" in html(form_page)
    new_password = "Uusi-salasana-järvellä-8"
    response = client.post(
        form_page.request["PATH_INFO"], {"password1": new_password, "password2": new_password}
    )

    assert "Salasanasi on vaihdettu" in html(client.get(response.url))
    participant.refresh_from_db()
    assert participant.check_password(new_password)


def test_an_old_reset_link_says_so(client, home_page):
    response = client.get("/tili/password/reset/key/1-vanha/")

    assert "Linkki ei toimi" in html(response)


# --- Rate limits ---


def test_repeated_failed_sign_ins_are_stopped_with_a_finnish_message(client, home_page):
    participant = factories.ParticipantFactory()
    for _attempt in range(5):
        client.post("/tili/login/", {"login": participant.email, "password": "arvaus"})

    response = client.post(
        "/tili/login/", {"login": participant.email, "password": factories.PARTICIPANT_PASSWORD}
    )

    assert response.status_code == 200
    assert "Liian monta virheellistä kirjautumisyritystä. Yritä myöhemmin uudelleen." in html(
        response
    )
    assert signed_in_user(client) is None


def test_a_guesser_locks_out_only_their_own_address_not_the_owner(home_page):
    """Five wrong passwords from one address: that address waits, the owner signs in."""
    participant = factories.ParticipantFactory()
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for _attempt in range(5):
        guesser.post("/tili/login/", {"login": participant.email, "password": "arvaus"})

    refused = guesser.post(
        "/tili/login/", {"login": participant.email, "password": factories.PARTICIPANT_PASSWORD}
    )
    owner = Client(REMOTE_ADDR="203.0.113.20")
    by_password = owner.post(
        "/tili/login/", {"login": participant.email, "password": factories.PARTICIPANT_PASSWORD}
    )
    by_code = Client(REMOTE_ADDR="203.0.113.21")
    by_code.post("/tili/login/code/", {"email": participant.email})
    by_code.post("/tili/login/code/confirm/", {"code": code_in(mail.outbox[-1])})

    assert "Liian monta virheellistä kirjautumisyritystä. Yritä myöhemmin uudelleen." in html(
        refused
    )
    assert signed_in_user(guesser) is None
    assert by_password.status_code == 302
    assert signed_in_user(owner) == participant
    assert signed_in_user(by_code) == participant


def test_guessing_from_many_addresses_is_capped_for_the_account(home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "8/h/key",
    }
    participant = factories.ParticipantFactory()
    answers = [
        html(
            Client(REMOTE_ADDR=f"198.51.100.{address + 1}").post(
                "/tili/login/", {"login": participant.email, "password": "arvaus"}
            )
        )
        for address in range(9)
    ]

    checked = [page for page in answers if "Liian monta" not in page]
    assert len(checked) == 8, "each address below the account-wide cap gets its guess checked"
    assert "Liian monta virheellistä kirjautumisyritystä" in answers[-1]


def test_too_many_sign_ups_from_one_address_get_a_finnish_page(client, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    sign_up(client, email="eka@yhdistys.example")
    sign_up(client, email="toka@yhdistys.example")

    response = sign_up(client, email="kolmas@yhdistys.example")

    assert response.status_code == 429
    assert "Liian monta yritystä" in html(response)
    assert "odota muutama minuutti" in html(response)
    assert User.objects.count() == 2


def test_sign_in_codes_are_limited_per_address(client, home_page):
    participant = factories.ParticipantFactory()
    for _attempt in range(3):
        client.post("/tili/login/code/", {"email": participant.email})
        client.post("/tili/logout/")

    response = client.post("/tili/login/code/", {"email": participant.email})

    assert response.status_code == 200
    assert "Liian monta virheellistä kirjautumisyritystä" in html(response)
    assert len(mail.outbox) == 3


def test_password_reset_mails_to_one_address_are_limited(client, home_page):
    participant = factories.ParticipantFactory()
    for _attempt in range(3):
        client.post("/tili/password/reset/", {"email": participant.email})

    response = client.post("/tili/password/reset/", {"email": participant.email})

    assert response.status_code == 429
    assert "Olet yrittänyt tätä liian monta kertaa lyhyessä ajassa." in html(response)
    assert len(mail.outbox) == 3


# --- Profile ---


def test_pages_of_the_account_need_a_signed_in_person(client, home_page):
    for url in ["/tili/profiili/", "/tili/omat-tiedot/", "/tili/poista/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"/tili/login/?next={url}"


def test_profile_says_the_email_is_never_public(client, home_page):
    participant = factories.ParticipantFactory()
    client.force_login(participant)

    page = html(client.get("/tili/profiili/"))

    assert "<h1>Oma profiili</h1>" in page
    assert "Sähköpostiosoitettasi ei koskaan näytetä julkisesti." in page
    assert participant.email in page
    assert 'href="/tili/omat-tiedot/"' in page
    assert 'href="/tili/poista/"' in page


def test_the_profile_asks_to_represent_an_association_instead_of_a_bare_list(client, home_page):
    factories.AssociationFactory(name="Järvelän Kyläyhdistys ry")
    participant = factories.ParticipantFactory()
    client.force_login(participant)

    page = html(client.get("/tili/profiili/"))

    assert "Yhdistys, jota ei ole listassa" not in page
    assert "Edustamani yhdistykset" in page
    assert "Järvelän Kyläyhdistys ry</option>" in page
    response = client.post("/tili/profiili/", {"display_name": "Maija V."})
    assert response.status_code == 302
    assert "Profiilisi on tallennettu." in html(client.get(response.url))


def test_change_of_email_address_is_confirmed_at_the_new_address(client, home_page):
    participant = factories.ParticipantFactory(email="vanha@yhdistys.example")
    client.force_login(participant)
    assert "Vaihda sähköpostiosoite" in html(client.get("/tili/email/"))

    client.post("/tili/email/", {"email": "uusi@yhdistys.example", "action_add": ""})

    assert mail.outbox[-1].to == ["uusi@yhdistys.example"]
    assert "odottaa vahvistusta" in html(client.get("/tili/email/"))
    client.post(link_in(mail.outbox[-1]))
    participant.refresh_from_db()
    assert participant.email == "uusi@yhdistys.example"
    assert list(EmailAddress.objects.filter(user=participant).values_list("email", flat=True)) == [
        "uusi@yhdistys.example"
    ]


def test_confirming_in_another_browser_leads_to_sign_in(client, home_page):
    sign_up(client)
    other_browser = Client()

    response = other_browser.post(link_in(mail.outbox[0]))

    assert response.url.startswith("/tili/login/")
    page = html(other_browser.get(response.url))
    assert "Sähköpostiosoite maija.virtanen@kylayhdistys.example on vahvistettu." in page
    assert EmailAddress.objects.get(email="maija.virtanen@kylayhdistys.example").verified


@pytest.mark.parametrize(
    ("url", "signed_in"),
    [
        ("/tili/login/", False),
        ("/tili/signup/", False),
        ("/tili/password/reset/", False),
        ("/tili/password/reset/done/", False),
        ("/tili/login/code/", False),
        ("/tili/poistettu/", False),
        ("/tili/profiili/", True),
        ("/tili/omat-tiedot/", True),
        ("/tili/poista/", True),
        ("/tili/email/", True),
        ("/tili/password/change/", True),
        ("/tili/logout/", True),
    ],
)
def test_every_account_page_is_a_finnish_page_of_the_site(client, home_page, url, signed_in):
    if signed_in:
        client.force_login(factories.ParticipantFactory())

    response = client.get(url)

    assert response.status_code == 200
    page = html(response)
    assert '<html lang="fi">' in page
    assert page.count("<h1") == 1
    assert 'class="site-header"' in page
    fields, labels = form_fields_and_labels(page.split('<main id="main"')[1])
    assert fields <= labels, f"fields without a label: {fields - labels}"
