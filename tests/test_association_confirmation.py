"""Once a year each association's contact person confirms its details with one click.

`manage.py send_association_confirmations` runs daily; the e-mailed link opens the full
record with one button. After 18 months unconfirmed the directory hides the record until
it is confirmed again. The privacy notice page and the removal requests a contact person
can make are here too.
"""

import datetime
import re
import time
from unittest import mock

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from accounts import personal_data
from associations.models import Association, AssociationChange, RemovalRequest
from associations.register import create_association
from tests import factories

pytestmark = pytest.mark.django_db


def make_association(name="Järvelän Latu ry", *, months_ago=13, **values):
    site = Site.objects.get(is_default_site=True)
    association = create_association(
        site,
        {
            "name": name,
            "fields_of_activity": ["sports"],
            "email": "latu@yhdistys.example",
            "phone": "+358401234567",
            "contact_name": "Ville Vetäjä",
            "contact_role": "puheenjohtaja",
            "contact_phone": "+358501112233",
            "contact_email": "ville@latu.example",
            "description": "Hiihtoa ja retkiä.",
            "published_fields": ["email", "phone", "description"],
            **values,
        },
    )
    if months_ago is not None:
        Association.objects.filter(pk=association.pk).update(
            confirmed_at=timezone.now() - relativedelta(months=months_ago)
        )
    association.refresh_from_db()
    return association


def send(committed, run_background_worker):
    with committed():
        call_command("send_association_confirmations")
    run_background_worker()
    return list(mail.outbox)


def link_in(message):
    url = re.search(r"http://\S+/yhdistysrekisteri/vahvista/\S+/", message.body).group(0)
    return url.replace("http://localhost", "")


def test_a_due_association_gets_one_email_with_a_link(home_page, committed, run_background_worker):
    make_association()

    (message,) = send(committed, run_background_worker)

    assert message.to == ["ville@latu.example"]
    assert "Ovatko yhdistyksen Järvelän Latu ry tiedot ajan tasalla?" in message.subject
    assert "/yhdistysrekisteri/vahvista/" in message.body
    assert Association.objects.get().confirmation_requested_at is not None


def test_running_the_command_twice_sends_still_one_email(
    home_page, committed, run_background_worker
):
    make_association()

    send(committed, run_background_worker)
    assert len(send(committed, run_background_worker)) == 1


def test_a_new_link_comes_once_the_old_one_has_expired(
    home_page, committed, run_background_worker, settings
):
    association = make_association()
    send(committed, run_background_worker)
    Association.objects.filter(pk=association.pk).update(
        confirmation_requested_at=timezone.now()
        - datetime.timedelta(days=settings.YHDESSA_ASSOCIATION_CONFIRMATION_LINK_DAYS)
    )

    assert len(send(committed, run_background_worker)) == 2


def test_an_association_confirmed_within_a_year_gets_no_email(
    home_page, committed, run_background_worker
):
    make_association(months_ago=11)

    assert send(committed, run_background_worker) == []


def test_without_a_contact_email_none_is_sent_and_the_admin_flag_still_applies(
    home_page, committed, run_background_worker
):
    association = make_association(contact_email="")

    assert send(committed, run_background_worker) == []
    assert association in Association.objects.needing_confirmation()


def test_the_link_shows_the_full_record_and_confirms_in_one_post(
    home_page, client, committed, run_background_worker
):
    association = make_association()
    (message,) = send(committed, run_background_worker)
    link = link_in(message)

    page = client.get(link)
    assert page.status_code == 200
    body = page.content.decode()
    # The whole record, private details too, to the holder of the link.
    assert "Ville Vetäjä" in body
    assert "050 111 2233" in body
    assert "ville@latu.example" in body
    assert "Tiedot ovat ajan tasalla" in body
    assert "no-store" in page["Cache-Control"]

    confirmed = client.post(link, {"confirm": "1"}, follow=True)
    assert "Kiitos! Tiedot on nyt vahvistettu ajan tasalle." in confirmed.content.decode()
    association.refresh_from_db()
    assert association.confirmed_at > timezone.now() - datetime.timedelta(minutes=1)
    change = AssociationChange.objects.filter(association=association).first()
    assert change.source == "confirmation"
    assert change.changes == {}
    assert association not in Association.objects.needing_confirmation()


def test_a_reused_link_says_the_details_are_already_confirmed(
    home_page, client, committed, run_background_worker
):
    association = make_association()
    link = link_in(send(committed, run_background_worker)[0])
    client.post(link, {"confirm": "1"})
    changes = AssociationChange.objects.filter(association=association).count()

    again = client.get(link).content.decode()
    assert "Tiedot on jo vahvistettu" in again
    assert "Tiedot ovat ajan tasalla</button>" not in again
    again = client.post(link, {"confirm": "1"}, follow=True).content.decode()
    assert "Tiedot on jo vahvistettu" in again
    assert AssociationChange.objects.filter(association=association).count() == changes
    # The thanks' address on a link not yet used confirms nothing and thanks for nothing.
    other = make_association("Järvelän Kuoro ry", contact_email="kuoro@kuoro.example")
    other_link = link_in(send(committed, run_background_worker)[-1])
    assert other.name in mail.outbox[-1].subject
    page = client.get(other_link + "?vahvistettu=1").content.decode()
    assert "Kiitos!" not in page
    assert "Tiedot ovat ajan tasalla</button>" in page


def test_an_expired_link_says_so_and_confirms_nothing(
    home_page, client, committed, run_background_worker, settings
):
    association = make_association()
    link = link_in(send(committed, run_background_worker)[0])
    later = time.time() + (settings.YHDESSA_ASSOCIATION_CONFIRMATION_LINK_DAYS + 1) * 86400

    with mock.patch("django.core.signing.time.time", return_value=later):
        page = client.get(link)
        client.post(link, {"confirm": "1"})

    assert page.status_code == 400
    assert "Tämä linkki on vanhentunut" in page.content.decode()
    association.refresh_from_db()
    assert association in Association.objects.needing_confirmation()


def test_a_tampered_link_opens_nothing(home_page, client, committed, run_background_worker):
    make_association()
    link = link_in(send(committed, run_background_worker)[0])

    page = client.get(link[:-3] + "xx/")
    assert page.status_code == 400
    assert "Ville" not in page.content.decode()


def test_after_18_months_the_directory_hides_it_and_confirming_shows_it_again(
    home_page, client, committed, run_background_worker
):
    association = make_association(months_ago=17)
    assert association in Association.objects.published()
    Association.objects.filter(pk=association.pk).update(
        confirmed_at=timezone.now() - relativedelta(months=18, days=1)
    )
    assert association not in Association.objects.published()

    client.post(link_in(send(committed, run_background_worker)[0]), {"confirm": "1"})

    assert association in Association.objects.published()


# --- The privacy notice ------------------------------------------------------------------


def test_the_privacy_notice_renders_as_one_page_with_every_section(home_page, client):
    notice = factories.PrivacyNoticePageFactory(parent=home_page)

    page = client.get(notice.url)

    assert page.status_code == 200
    body = page.content.decode()
    for heading in (
        "Rekisterinpitäjä",
        "Yhteyshenkilö tietosuoja-asioissa",
        "Käsittelyn tarkoitus",
        "Mitä tietoja säilytämme",
        "Mistä tiedot saadaan",
        "Kenelle tietoja luovutetaan",
        "Kuinka kauan tietoja säilytetään",
        "Rekisteröidyn oikeudet",
    ):
        assert f">{heading}</h2>" in body
    assert "Järvelän kunta<br>Kunnantie 1, 99999 Järvelä" in body
    assert "/yhdistysrekisteri/poistopyynto/" in body


# --- Removal requests ----------------------------------------------------------------------


def request_removal(client, committed, **values):
    data = {
        "requester_name": "Ville Vetäjä",
        "requester_email": "ville@latu.example",
        "message": "Yhdistys on lopettanut.",
        "website": "",
        **values,
    }
    with committed():
        return client.post("/yhdistysrekisteri/poistopyynto/", data)


def test_a_removal_request_reaches_staff_once_its_address_is_confirmed(
    home_page, client, committed, run_background_worker, coordinator
):
    association = make_association(months_ago=1)

    answer = request_removal(client, committed, association=association.pk)
    assert answer.status_code == 302
    removal = RemovalRequest.objects.get()
    assert removal.state == "unconfirmed"
    assert removal.association == association
    run_background_worker()
    (message,) = mail.outbox
    assert message.to == ["ville@latu.example"]
    link = re.search(r"http://\S+/poistopyynto/vahvista/\S+/", message.body).group(0)
    link = link.replace("http://localhost", "")

    staff = client_for(coordinator)
    listing = staff.get("/admin/associations/removal-requests/").content.decode()
    assert "Järvelän Latu ry" in listing
    assert f"/admin/associations/removal-requests/{removal.pk}/handle/" not in listing

    assert "Lähetä pyyntö henkilökunnalle" in client.get(link).content.decode()
    confirmed = client.post(link, {"confirm": "1"}).content.decode()
    assert "Poistopyyntösi on lähetetty" in confirmed
    removal.refresh_from_db()
    assert removal.state == "pending"

    handle = f"/admin/associations/removal-requests/{removal.pk}/handle/"
    assert handle in staff.get("/admin/associations/removal-requests/").content.decode()
    staff.post(handle, {"action": "unlist"})

    removal.refresh_from_db()
    association.refresh_from_db()
    assert removal.state == "done"
    assert removal.handled_by == coordinator
    assert not association.is_listed
    assert association not in Association.objects.published()
    change = AssociationChange.objects.filter(association=association).first()
    assert change.source == "staff"
    assert change.changes == {"is_listed": [True, False]}


def client_for(user):
    from django.test import Client

    staff = Client()
    staff.force_login(user)
    return staff


def test_staff_can_delete_the_record_of_a_removal_request(
    home_page, client, committed, coordinator
):
    association = make_association(months_ago=1)
    request_removal(client, committed, association=association.pk)
    removal = RemovalRequest.objects.get()
    RemovalRequest.objects.filter(pk=removal.pk).update(state="pending")

    client_for(coordinator).post(
        f"/admin/associations/removal-requests/{removal.pk}/handle/", {"action": "delete"}
    )

    assert not Association.objects.exists()
    removal.refresh_from_db()
    assert removal.state == "done"
    assert removal.association_name == "Järvelän Latu ry"


def test_an_unconfirmed_removal_request_cannot_be_acted_on(
    home_page, client, committed, coordinator
):
    association = make_association(months_ago=1)
    request_removal(client, committed, association=association.pk)
    removal = RemovalRequest.objects.get()

    client_for(coordinator).post(
        f"/admin/associations/removal-requests/{removal.pk}/handle/", {"action": "delete"}
    )

    assert Association.objects.filter(pk=association.pk, is_listed=True).exists()
    removal.refresh_from_db()
    assert removal.state == "unconfirmed"


def test_a_visitor_cannot_reach_the_removal_queue(home_page, client):
    participant = factories.ParticipantFactory()
    client.force_login(participant)
    answer = client.get("/admin/associations/removal-requests/")
    assert answer.status_code in (302, 403)


def test_the_removal_form_keeps_what_was_typed_and_says_what_is_missing(
    home_page, client, committed
):
    answer = request_removal(
        client, committed, requester_name="<b>Ville</b>", requester_email="ei-osoite"
    )

    assert answer.status_code == 400
    body = answer.content.decode()
    assert "Valitse yhdistys tai kirjoita sen nimi" in body
    assert "Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi." in body
    assert 'value="&lt;b&gt;Ville&lt;/b&gt;"' in body
    assert "<b>Ville</b>" not in body
    assert not RemovalRequest.objects.exists()


def test_a_typed_name_is_enough_and_hidden_associations_are_not_offered(
    home_page, client, committed
):
    make_association("Piilotettu Seura ry", months_ago=19)

    form = client.get("/yhdistysrekisteri/poistopyynto/").content.decode()
    assert "Piilotettu Seura ry" not in form

    request_removal(client, committed, association_name="Vanha Kuoro ry")
    assert RemovalRequest.objects.get().association_name == "Vanha Kuoro ry"


def test_the_confirmation_page_leads_to_the_removal_form_for_its_association(
    home_page, client, committed, run_background_worker
):
    association = make_association(months_ago=19)  # hidden from the directory, still linked
    link = link_in(send(committed, run_background_worker)[0])
    page = client.get(link).content.decode()
    form_link = re.search(r'href="(/yhdistysrekisteri/poistopyynto/\?vahvistus=[^"]+)"', page)

    form = client.get(form_link.group(1).replace("&amp;", "&")).content.decode()
    assert "Piilotettu" not in form
    assert association.name in form
    assert 'value="ville@latu.example"' in form
    token = re.search(r'name="vahvistus" value="([^"]+)"', form).group(1)
    request_removal(client, committed, vahvistus=token)

    assert RemovalRequest.objects.get().association == association


def test_a_bot_filling_the_honeypot_leaves_no_trace(home_page, client, committed):
    association = make_association(months_ago=1)
    answer = request_removal(
        client, committed, association=association.pk, website="https://roskaa.example"
    )
    assert answer.status_code == 302
    assert not RemovalRequest.objects.exists()


def test_removal_requests_are_rate_limited(home_page, client, committed, settings):
    settings.YHDESSA_RATE_LIMITS = {
        **settings.YHDESSA_RATE_LIMITS,
        "removal_request": {"per_user": "1/h", "per_ip": "1/h"},
    }
    request_removal(client, committed, association_name="Vanha Kuoro ry")
    answer = request_removal(client, committed, association_name="Toinen Kuoro ry")

    assert answer.status_code == 429
    assert "liian monta kertaa" in answer.content.decode()
    assert 'value="Toinen Kuoro ry"' in answer.content.decode()
    assert RemovalRequest.objects.count() == 1


def test_an_expired_removal_link_says_so(home_page, client, committed, run_background_worker):
    request_removal(client, committed, association_name="Vanha Kuoro ry")
    run_background_worker()
    link = re.search(r"http://\S+/poistopyynto/vahvista/\S+/", mail.outbox[0].body).group(0)
    later = time.time() + 8 * 86400

    with mock.patch("django.core.signing.time.time", return_value=later):
        page = client.get(link.replace("http://localhost", ""))

    assert page.status_code == 400
    assert "vanhentunut" in page.content.decode()


def test_a_signed_in_requesters_removal_requests_are_in_their_data_and_erased(
    home_page, client, committed
):
    participant = factories.ParticipantFactory()
    client.force_login(participant)
    request_removal(client, committed, association_name="Vanha Kuoro ry")

    exported = personal_data.export_data(participant)["association_removal_requests"]
    assert exported[0]["association"] == "Vanha Kuoro ry"
    assert exported[0]["message"] == "Yhdistys on lopettanut."

    personal_data.erase_user(participant, remove_content=False)
    assert not RemovalRequest.objects.exists()


def test_the_pages_behind_emailed_keys_keep_the_key_on_this_site_and_let_the_button_post(
    home_page, client, committed, run_background_worker
):
    """'same-origin': other sites never see the key in the address, and Chromium sends our
    own Origin with the button's POST ('no-referrer' makes it `null`, refused by CSRF)."""
    make_association()
    (message,) = send(committed, run_background_worker)
    assert client.get(link_in(message))["Referrer-Policy"] == "same-origin"

    mail.outbox.clear()
    request_removal(client, committed, association_name="Lopettanut Seura ry")
    run_background_worker()
    link = re.search(r"http://\S+/poistopyynto/vahvista/\S+/", mail.outbox[0].body).group(0)
    page = client.get(link.replace("http://localhost", ""))
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
