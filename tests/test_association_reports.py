"""Reporting an association's details: the public form, the e-mailed confirmation, staff's
review in the admin, and the outcome e-mailed to the reporter (issue 11, part A)."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from accounts import personal_data
from associations import reports
from associations.models import (
    Association,
    AssociationChange,
    AssociationReport,
    Representation,
    RepresentationState,
)
from associations.register import create_association
from tests import factories

pytestmark = pytest.mark.django_db

FORM_URL = "/yhdistykset/ilmoita/"


def form_data(**changes):
    data = {
        "name": "Kuusiston Kyläyhdistys ry",
        "registry_number": "123456",
        "business_id": "20774740",
        "fields_of_activity": ["village", "culture"],
        "website": "https://kuusisto.example/",
        "email": "hallitus@kuusisto.example",
        "phone": "040 123 4567",
        "description": "Kylätalon ylläpitoa ja kesäjuhlat.",
        "contact_name": "Kaisa Kuusela",
        "contact_role": "puheenjohtaja",
        "contact_phone": "050 765 4321",
        "contact_email": "kaisa@kuusisto.example",
        "published_fields": ["registry_number", "website", "email", "phone", "description"],
        "submitter_name": "Kaisa Kuusela",
        "submitter_email": "kaisa@kuusisto.example",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def send(client, committed, url=FORM_URL, **changes):
    with committed():
        return client.post(url, form_data(**changes))


def confirmation_link(run_background_worker):
    run_background_worker()
    message = mail.outbox[-1]
    link = next(line for line in message.body.splitlines() if "/vahvista/" in line)
    return link.replace("http://localhost", "")


def existing(home_page, **values):
    site = Site.objects.get(is_default_site=True)
    record = {
        "name": "Lehtolan Latu ry",
        "fields_of_activity": ["sports"],
        "website": "https://latu.example/",
        "email": "latu@latu.example",
        "phone": "+358401112222",
        "description": "Hiihtoa ja retkiä.",
        "contact_name": "Salainen Sirkku",
        "contact_role": "sihteeri",
        "contact_phone": "+358509998888",
        "contact_email": "sirkku@latu.example",
        "published_fields": ["website", "email", "phone", "description"],
    }
    record.update(values)
    return create_association(site, record)


# --- Report a new association, confirm by e-mail, staff accept ---------------------------


def test_a_new_association_is_reported_confirmed_accepted_and_kept_with_history(
    client, home_page, committed, run_background_worker, coordinator
):
    page = client.get(FORM_URL)
    assert page.status_code == 200
    html = page.content.decode()
    # What may be published defaults to the association's own channels, not the contact's.
    assert re.search(r'value="website"[^>]*checked', html)
    assert not re.search(r'value="contact_phone"[^>]*checked', html)

    response = send(client, committed)
    assert response.status_code == 302
    assert client.get(response["Location"]).content.decode().count("Tarkista sähköpostisi") >= 1
    report = AssociationReport.objects.get()
    assert report.state == "unconfirmed"
    assert report.data["registry_number"] == "123.456"
    assert report.data["business_id"] == "2077474-0"
    assert report.data["phone"] == "+358401234567"
    assert not Association.objects.exists()

    link = confirmation_link(run_background_worker)
    assert mail.outbox[-1].to == ["kaisa@kuusisto.example"]
    assert "7 päivää" in mail.outbox[-1].body
    assert "Vahvista ilmoitus" in client.get(link).content.decode()
    # Opening the link alone confirms nothing (a mail scanner opens links too).
    assert AssociationReport.objects.get().state == "unconfirmed"
    confirmed = client.post(link, follow=True)
    assert "ilmoitus on vahvistettu" in confirmed.content.decode()
    assert AssociationReport.objects.get().state == "pending"

    with committed():
        reports.accept_report(report, coordinator)
    association = Association.objects.get()
    assert association.name == "Kuusiston Kyläyhdistys ry"
    assert association.phone == "+358401234567"
    assert association.confirmed_at is not None
    change = AssociationChange.objects.get(association=association)
    assert change.changed_by == coordinator
    assert change.report_id == report.pk
    assert change.changes["name"] == ["", "Kuusiston Kyläyhdistys ry"]
    run_background_worker()
    outcome = mail.outbox[-1]
    assert outcome.to == ["kaisa@kuusisto.example"]
    assert "hyväksytty" in outcome.subject


def test_a_reused_link_says_the_report_is_already_confirmed(
    client, home_page, committed, run_background_worker
):
    send(client, committed)
    link = confirmation_link(run_background_worker)
    client.post(link)

    again = client.get(link)
    assert again.status_code == 200
    assert "on jo vahvistettu" in again.content.decode()
    client.post(link)
    assert AssociationReport.objects.get().state == "pending"


def test_an_expired_link_says_so_and_offers_the_form_again(client, home_page, committed):
    send(client, committed)
    eight_days_ago = time.time() - 8 * 24 * 3600
    with mock.patch("time.time", return_value=eight_days_ago):
        link = reports.confirmation_path(AssociationReport.objects.get())

    page = client.get(link)
    assert page.status_code == 410
    html = page.content.decode()
    assert "vanhentunut" in html
    assert f'href="{FORM_URL}"' in html
    client.post(link)
    assert AssociationReport.objects.get().state == "unconfirmed"


def test_a_tampered_link_is_refused_with_a_message(client, home_page):
    page = client.get(FORM_URL + "vahvista/roskaa:abc/")
    assert page.status_code == 400
    assert "ei ole kelvollinen" in page.content.decode()


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("registry_number", "1234567", "yhdistysrekisterinumero"),
        ("business_id", "2077474-1", "tarkistusmerkki"),
        ("description", "x" * 1001, "enintään 1000 merkkiä"),
        ("name", "", "Kirjoita yhdistyksen nimi"),
        ("website", "<script>alert(1)</script>", "verkko-osoite"),
        ("phone", "soita", "puhelinnumero"),
    ],
)
def test_bad_input_gets_a_finnish_message_keeps_what_was_typed_and_stores_nothing(
    client, home_page, committed, field, value, message
):
    response = send(client, committed, **{field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Kuusiston Kyläyhdistys" in html or field == "name"
    assert "kaisa@kuusisto.example" in html
    assert not AssociationReport.objects.exists()
    assert mail.outbox == []


def test_html_in_a_field_is_kept_as_text_and_never_rendered(
    client, home_page, committed, run_background_worker, coordinator
):
    send(client, committed, name="<b>Lihava</b> ry", description="<script>alert(1)</script>")
    report = AssociationReport.objects.get()
    assert report.data["name"] == "<b>Lihava</b> ry"
    link = confirmation_link(run_background_worker)
    page = client.get(link).content.decode()
    assert "&lt;b&gt;Lihava&lt;/b&gt; ry" in page
    assert "<b>Lihava</b>" not in page


def test_the_same_report_twice_within_a_minute_is_refused(
    client, home_page, committed, run_background_worker
):
    send(client, committed)
    again = send(client, committed)
    assert again.status_code == 409
    assert "lähetit samat tiedot" in again.content.decode().lower()
    assert "Kuusiston Kyläyhdistys" in again.content.decode()
    assert AssociationReport.objects.count() == 1
    run_background_worker()
    assert len(mail.outbox) == 1

    # Different values, or a minute later, are a new report.
    send(client, committed, phone="040 765 4321")
    a_minute_ago = timezone.now() - datetime.timedelta(seconds=61)
    AssociationReport.objects.update(created_at=a_minute_ago)
    send(client, committed)
    assert AssociationReport.objects.count() == 3


def test_a_bot_filling_the_honeypot_is_turned_away_without_a_trace(client, home_page, committed):
    response = send(client, committed, homepage="https://spam.example/")
    assert response.status_code == 302
    assert not AssociationReport.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_hidden_and_the_form_has_csrf(client, home_page):
    html = client.get(FORM_URL).content.decode()
    assert re.search(r'<div class="honeypot">.*name="homepage"', html, re.S)
    assert "csrfmiddlewaretoken" in html


def test_a_flood_of_reports_is_rate_limited(client, home_page, committed, settings):
    settings.YHDESSA_RATE_LIMITS = {
        **settings.YHDESSA_RATE_LIMITS,
        "association_report": {"per_user": "2/h", "per_ip": "2/h"},
    }
    for number in range(2):
        assert send(client, committed, phone=f"040 000 000{number}").status_code == 302
    refused = send(client, committed, phone="040 000 0009")
    assert refused.status_code == 429
    assert "liian monta kertaa" in refused.content.decode()
    assert "040 000 0009" in refused.content.decode()
    assert AssociationReport.objects.count() == 2


# --- Updating an existing association ---------------------------------------------------------


def test_a_strangers_update_form_shows_only_published_values(client, home_page):
    association = existing(home_page)
    html = client.get(reverse("association_report_update", args=[association.slug])).content
    html = html.decode()
    assert "https://latu.example/" in html
    assert "040 111 2222" in html
    for private in ("Salainen Sirkku", "sihteeri", "050 999 8888", "sirkku@latu.example"):
        assert private not in html
    assert "Jätä tyhjäksi" in html


def test_a_strangers_blank_unpublished_field_changes_nothing(
    client, home_page, committed, run_background_worker, coordinator
):
    association = existing(home_page)
    url = reverse("association_report_update", args=[association.slug])
    send(
        client,
        committed,
        url,
        name="Lehtolan Latu ry",
        registry_number="",
        business_id="",
        fields_of_activity=["sports"],
        contact_name="",
        contact_role="",
        contact_phone="",
        contact_email="",
        phone="040 333 4444",
        published_fields=["website", "email", "phone", "description"],
        submitter_email="jasen@latu.example",
    )
    report = AssociationReport.objects.get()
    assert report.association == association
    assert "contact_name" not in report.data
    client.post(confirmation_link(run_background_worker))
    reports.accept_report(report, coordinator)
    association.refresh_from_db()
    assert association.phone == "+358403334444"
    assert association.contact_name == "Salainen Sirkku"
    assert association.contact_email == "sirkku@latu.example"


def test_an_unlisted_association_cannot_be_updated_by_a_stranger(client, home_page):
    association = existing(home_page)
    Association.objects.filter(pk=association.pk).update(is_listed=False)
    url = reverse("association_report_update", args=[association.slug])
    assert client.get(url).status_code == 404


def test_a_representative_gets_the_full_record_prefilled(client, home_page):
    association = existing(home_page)
    Association.objects.filter(pk=association.pk).update(is_listed=False)
    participant = factories.ParticipantFactory()
    Representation.objects.create(
        user=participant, association=association, state=RepresentationState.CONFIRMED
    )
    client.force_login(participant)
    html = client.get(FORM_URL).content.decode()
    url = reverse("association_report_update", args=[association.slug])
    assert f'href="{url}"' in html
    html = client.get(url).content.decode()
    assert "Salainen Sirkku" in html
    assert "050 999 8888" in html
    assert participant.email in html


# --- Staff's review in the admin ------------------------------------------------------------


def pending_report(client, committed, run_background_worker, url=FORM_URL, **changes):
    send(client, committed, url, **changes)
    client.post(confirmation_link(run_background_worker))
    report = AssociationReport.objects.latest("pk")
    assert report.state == "pending"
    return report


def test_the_queue_lists_pending_first_and_unconfirmed_without_an_action(
    client, home_page, committed, run_background_worker, coordinator
):
    pending = pending_report(client, committed, run_background_worker)
    send(client, committed, name="Vahvistamaton Seura ry", submitter_email="toinen@seura.example")
    client.force_login(coordinator)
    html = client.get(reverse("associations_reports_modeladmin_index")).content.decode()
    assert html.index("Kuusiston Kyläyhdistys") < html.index("Vahvistamaton Seura")
    assert "Odottaa vahvistusta sähköpostilla" in html
    review = reverse("associations_report_review", args=[pending.pk])
    unconfirmed = AssociationReport.objects.get(state="unconfirmed")
    assert html.count('href="/admin/associations/reports/') == 1
    assert review in html
    page = client.get(reverse("associations_report_review", args=[unconfirmed.pk]))
    assert "Hyväksy" not in page.content.decode().split("</table>")[1]


def test_an_update_is_shown_as_a_diff_against_the_record(
    client, home_page, committed, run_background_worker, coordinator
):
    association = existing(home_page)
    url = reverse("association_report_update", args=[association.slug])
    report = pending_report(
        client,
        committed,
        run_background_worker,
        url,
        name="Lehtolan Latu ry",
        registry_number="",
        business_id="",
        fields_of_activity=["sports"],
        description="Hiihtoa ja retkiä kesällä.",
        phone="040 111 2222",
        published_fields=["website", "email", "phone", "description"],
    )
    client.force_login(coordinator)
    html = client.get(reverse("associations_report_review", args=[report.pk])).content.decode()
    # The description as a word diff, read aloud as "poistettu:" and "lisätty:".
    assert "Hiihtoa ja <del>" in html
    assert '<del><span class="visually-hidden">poistettu: </span>retkiä.</del>' in html
    assert '<ins><span class="visually-hidden">lisätty: </span>retkiä kesällä.</ins>' in html
    # Unchanged fields say so; a changed one shows both values.
    assert "ennallaan" in html
    assert "040 111 2222" in html


def test_staff_accept_with_edits_and_their_edits_are_saved(
    client, home_page, committed, run_background_worker, coordinator
):
    report = pending_report(client, committed, run_background_worker)
    client.force_login(coordinator)
    edit = reverse("associations_report_accept_with_edits", args=[report.pk])
    page = client.get(edit).content.decode()
    assert 'value="Kuusiston Kyläyhdistys ry"' in page
    assert 'value="040 123 4567"' in page
    data = form_data(name="Kuusiston Kyläyhdistys r.y.", website="https://kuusisto.example/uusi/")
    with committed():
        response = client.post(edit, data)
    assert response.status_code == 302
    association = Association.objects.get()
    assert association.name == "Kuusiston Kyläyhdistys r.y."
    assert association.website == "https://kuusisto.example/uusi/"
    assert AssociationReport.objects.get().state == "accepted"
    # The reported values stay in the report; the history holds what was saved.
    assert AssociationReport.objects.get().data["name"] == "Kuusiston Kyläyhdistys ry"
    change = association.changes.get()
    assert change.changes["name"][1] == "Kuusiston Kyläyhdistys r.y."


def test_accepting_as_reported_a_name_taken_keeps_the_report_pending(
    client, home_page, committed, run_background_worker, coordinator
):
    existing(home_page, name="Kuusiston Kyläyhdistys ry")
    report = pending_report(client, committed, run_background_worker, business_id="")
    client.force_login(coordinator)
    review = reverse("associations_report_review", args=[report.pk])
    page = client.post(review, {"accept": "1"}, follow=True)
    assert page.status_code == 200
    assert AssociationReport.objects.get(pk=report.pk).state == "pending"
    assert Association.objects.count() == 1


def test_a_rejection_needs_a_reason_and_the_reporter_gets_it_by_email(
    client, home_page, committed, run_background_worker, coordinator
):
    report = pending_report(client, committed, run_background_worker)
    client.force_login(coordinator)
    review = reverse("associations_report_review", args=[report.pk])

    without = client.post(review, {"reject": "1", "reason": "  "})
    assert "Kirjoita hylkäämisen syy" in without.content.decode()
    assert AssociationReport.objects.get().state == "pending"

    with committed():
        client.post(
            review, {"reject": "1", "reason": "Yhdistys on jo rekisterissä toisella nimellä."}
        )
    report.refresh_from_db()
    assert report.state == "rejected"
    assert report.reviewed_by == coordinator
    assert not Association.objects.exists()
    run_background_worker()
    outcome = mail.outbox[-1]
    assert outcome.to == ["kaisa@kuusisto.example"]
    assert "ei hyväksytty" in outcome.subject
    assert "Yhdistys on jo rekisterissä toisella nimellä." in outcome.body


def test_only_staff_with_the_permission_review(
    client, home_page, committed, run_background_worker, moderator
):
    report = pending_report(client, committed, run_background_worker)
    client.force_login(moderator)
    review = reverse("associations_report_review", args=[report.pk])
    assert client.post(review, {"accept": "1"}).status_code in (302, 403)
    assert AssociationReport.objects.get().state == "pending"
    listing = client.get(reverse("associations_reports_modeladmin_index"))
    assert listing.status_code in (302, 403)


# --- Personal data --------------------------------------------------------------------------


def test_a_persons_reports_are_in_their_download_and_go_with_their_account(
    client, home_page, committed, run_background_worker
):
    participant = factories.ParticipantFactory()
    client.force_login(participant)
    pending_report(client, committed, run_background_worker, submitter_email=participant.email)
    send(client, committed, name="Toinen Seura ry", submitter_email=participant.email)
    exported = personal_data.export_data(participant)["associations"]["association_reports"]
    assert {report["reported_details"]["name"] for report in exported} == {
        "Kuusiston Kyläyhdistys ry",
        "Toinen Seura ry",
    }

    pk = participant.pk
    personal_data.erase_user(participant, remove_content=False)
    assert not AssociationReport.objects.exists()
    assert personal_data.rows_referring_to(pk) == []


def test_a_decided_report_loses_the_reporters_name_on_erasure(
    client, home_page, committed, run_background_worker, coordinator
):
    participant = factories.ParticipantFactory()
    client.force_login(participant)
    report = pending_report(client, committed, run_background_worker)
    reports.accept_report(report, coordinator)
    personal_data.erase_user(participant, remove_content=False)
    report.refresh_from_db()
    assert report.submitter_name == ""
    assert report.submitter_email == ""
    assert Association.objects.get().name == "Kuusiston Kyläyhdistys ry"


def test_staff_accept_an_update_from_the_review_page_and_the_record_is_confirmed(
    client, home_page, committed, run_background_worker, coordinator
):
    association = existing(home_page)
    thirteen_months_ago = timezone.now() - datetime.timedelta(days=395)
    Association.objects.filter(pk=association.pk).update(confirmed_at=thirteen_months_ago)
    url = reverse("association_report_update", args=[association.slug])
    report = pending_report(
        client,
        committed,
        run_background_worker,
        url,
        name="Lehtolan Latu ry",
        registry_number="",
        business_id="",
        fields_of_activity=["sports", "youth"],
        phone="040 111 2222",
        published_fields=["website", "email", "phone", "description"],
    )
    client.force_login(coordinator)
    review = reverse("associations_report_review", args=[report.pk])
    with committed():
        response = client.post(review, {"accept": "1"})
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.confirmed_at > thirteen_months_ago
    assert sorted(association.record_values()["fields_of_activity"]) == ["sports", "youth"]
    change = association.changes.filter(report=report).get()
    assert change.changed_by == coordinator
    assert change.changes["fields_of_activity"] == [["sports"], ["sports", "youth"]]
    run_background_worker()
    assert "hyväksytty" in mail.outbox[-1].subject
