"""The association register in a real browser: issue 11's "Done when" journey.

A visitor on a 375 px phone reports a new association from the directory (first with an
invalid business ID), some details kept unpublished, and confirms the report from the
e-mail; staff accept it with an edit in the admin and the reporter is told; the directory
shows only the published details; a participant asks on their profile to represent the
association and its contact person confirms from the e-mail; the participant nominates a
member and a deputy to a forum, staff approve, and the forum page lists the association
with only the consenting name; a year later the yearly confirmation e-mail is sent and the
contact person confirms the details. axe-core checks every new page and state on the way.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from associations.models import Association, AssociationReport, ChangeSource
from associations.pages import AssociationDirectoryPage
from forums.models import ForumPage
from forums.seat_models import ForumSeat
from tests import factories
from tests.browser.helpers import assert_accessible, path_of

pytestmark = pytest.mark.browser

STAFF_EMAIL = "rekisteri@jarvela.example"
STAFF_PASSWORD = "Rekisteri-vuosi-11"
PHONE = {"viewport": {"width": 375, "height": 800}, "is_mobile": True, "has_touch": True}
NAME = "Kuusiston Kyläyhdistys ry"
EDITED_NAME = "Kuusiston Kyläyhdistys r.y."
REPORTER_EMAIL = "raportoija@kuusisto.example"
CONTACT_EMAIL = "kaisa@kuusisto.example"
CONTACT_PHONE = "050 765 4321"
PARTICIPANT_NAME = "Elli Edustaja"
MEMBER = "Maija Jäsen"
DEPUTY = "Ville Varajäsen"


@pytest.fixture
def staff(demo):
    return User.objects.create_superuser(email=STAFF_EMAIL, password=STAFF_PASSWORD)


def run_worker():
    """The e-mails are sent by the background worker, not in the request."""
    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")


def mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def link_in(message, part):
    """The link in an e-mail whose address contains `part`, as a path on the live server."""
    link = re.search(rf"https?://\S*{re.escape(part)}\S*", message.body).group(0)
    return urlsplit(link).path


def admin_sign_in(page, demo):
    page.goto(demo + "/admin/")
    page.get_by_label("Sähköpostiosoite").fill(STAFF_EMAIL)
    page.get_by_placeholder("Syötä salasana").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def fill_report(page, business_id, field_of_activity):
    page.locator("#id_name").fill(NAME)
    page.locator("#id_registry_number").fill("123456")
    page.locator("#id_business_id").fill(business_id)
    page.locator(f"input[name=fields_of_activity][value={field_of_activity}]").check()
    page.locator("#id_website").fill("https://kuusisto.example/")
    page.locator("#id_email").fill("hallitus@kuusisto.example")
    page.locator("#id_phone").fill("040 123 4567")
    page.locator("#id_description").fill("Kylätalon ylläpitoa ja kesäjuhlat.")
    page.locator("#id_contact_name").fill("Kaisa Kuusela")
    page.locator("#id_contact_role").fill("puheenjohtaja")
    page.locator("#id_contact_phone").fill(CONTACT_PHONE)
    page.locator("#id_contact_email").fill(CONTACT_EMAIL)
    for name in ("website", "email", "phone", "description"):
        page.locator(f"input[name=published_fields][value={name}]").check()
    for name in ("contact_name", "contact_phone", "contact_email"):
        page.locator(f"input[name=published_fields][value={name}]").uncheck()
    page.locator("#id_submitter_name").fill("Risto Raportoija")
    page.locator("#id_submitter_email").fill(REPORTER_EMAIL)


def report_and_confirm(phone, demo, directory, field_of_activity):
    phone.goto(demo + path_of(directory))
    assert_accessible(phone)  # the directory, at 375 px
    phone.get_by_role("link", name="Ilmoita yhdistyksen tiedot").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ilmoita yhdistyksen tiedot")
    assert_accessible(phone)  # the form
    fill_report(phone, "1234567-8", field_of_activity)
    phone.get_by_role("button", name="Lähetä ilmoitus").click()
    expect(phone.locator("[data-error-summary]").first).to_be_visible()
    expect(phone.locator("#id_name")).to_have_value(NAME)  # what was typed is kept
    expect(phone.locator("#id_contact_phone")).to_have_value(CONTACT_PHONE)
    assert_accessible(phone)  # its error state
    assert not AssociationReport.objects.exists()

    phone.locator("#id_business_id").fill("2077474-0")
    phone.get_by_role("button", name="Lähetä ilmoitus").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tarkista sähköpostisi")
    assert_accessible(phone)  # "check your e-mail"

    run_worker()
    (message,) = mail_to(REPORTER_EMAIL)
    phone.goto(demo + link_in(message, "/vahvista/"))
    assert_accessible(phone)  # the confirmation link's page
    phone.get_by_role("button", name="Vahvista ilmoitus").click()
    expect(phone.get_by_role("status")).to_contain_text("ilmoitus on vahvistettu")
    assert_accessible(phone)  # confirmed
    report = AssociationReport.objects.get()
    assert report.state == "pending"
    return report


def accept_with_edits(admin, demo, report):
    admin.goto(demo + "/admin/")
    admin.get_by_role("button", name="Yhdistykset").click()
    admin.get_by_role("link", name="Yhdistysilmoitukset").click()
    expect(admin.get_by_role("row").filter(has_text=NAME).first).to_be_visible()
    admin.goto(demo + reverse("associations_report_review", args=[report.pk]))
    expect(admin.get_by_role("main")).to_contain_text(NAME)
    assert_accessible(admin)  # the review page
    admin.get_by_role("link", name="Hyväksy muutoksin").click()
    admin.locator("#id_name").fill(EDITED_NAME)
    assert_accessible(admin)  # the edit form
    admin.get_by_role("button", name="Tallenna ja hyväksy").click()
    expect(admin.locator(".messages")).to_be_visible()
    association = Association.objects.get(name=EDITED_NAME)
    report.refresh_from_db()
    assert report.state == "accepted"
    run_worker()
    outcome = [m for m in mail_to(REPORTER_EMAIL) if "hyväksytty" in m.subject]
    assert len(outcome) == 1
    return association


def directory_shows_published_fields_only(visitor, demo, directory, association):
    visitor.goto(demo + path_of(directory))
    expect(visitor.get_by_role("link", name=EDITED_NAME)).to_be_visible()
    assert_accessible(visitor)  # the directory with the new association
    visitor.get_by_role("link", name=EDITED_NAME).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(EDITED_NAME)
    expect(visitor.get_by_role("main")).to_contain_text("hallitus@kuusisto.example")
    html = visitor.content()
    for private in (CONTACT_EMAIL, "Kaisa Kuusela", "765 4321", "+358507654321"):
        assert private not in html, private
    assert_accessible(visitor)  # the association's page


def represent(participant, contact, demo, user, association):
    participant.goto(demo + reverse("account_login"))
    participant.get_by_label("Sähköposti").fill(user.email)
    participant.get_by_label("Salasana", exact=True).fill(factories.PARTICIPANT_PASSWORD)
    participant.get_by_role("main").get_by_role("button", name="Kirjaudu sisään").click()
    participant.get_by_role("navigation", name="Käyttäjätili").get_by_role(
        "link", name="Oma profiili"
    ).click()
    participant.get_by_role("combobox", name="Yhdistys").select_option(label=association.name)
    participant.get_by_role("button", name="Lähetä pyyntö").click()
    expect(
        participant.get_by_text("Pyyntösi on lähetetty yhdistyksen yhteyshenkilölle.")
    ).to_be_visible()
    assert_accessible(participant)  # the profile with the request

    run_worker()
    (request,) = [m for m in mail_to(CONTACT_EMAIL) if "/yhdistykset/edustaja/" in m.body]
    contact.goto(demo + link_in(request, "/yhdistykset/edustaja/"))
    assert_accessible(contact)  # the decision page
    contact.get_by_role("button", name=f"Vahvista: {PARTICIPANT_NAME} edustaa yhdistystä").click()
    expect(contact.get_by_text(f"{PARTICIPANT_NAME} edustaa nyt yhdistystä")).to_be_visible()
    assert_accessible(contact)  # decided


def nominate_and_approve(participant, admin, visitor, demo, forum, association):
    participant.goto(demo + path_of(forum) + "nimea-jasenet/")
    expect(participant.get_by_role("heading", level=1)).to_contain_text(forum.title)
    assert_accessible(participant)  # the nomination form
    participant.locator("#id_association").select_option(label=association.name)
    participant.locator("#id_member_email").fill("maija@kuusisto.example")
    participant.get_by_role("button", name="Lähetä nimeäminen").click()
    expect(participant.locator("[data-error-summary]").first).to_be_visible()
    assert_accessible(participant)  # its error state
    participant.locator("#id_member_name").fill(MEMBER)
    participant.locator("#id_member_name_public").check()
    participant.locator("#id_deputy_name").fill(DEPUTY)
    participant.locator("#id_deputy_email").fill("ville@kuusisto.example")
    participant.locator("#id_deputy_name_public").uncheck()
    participant.get_by_role("button", name="Lähetä nimeäminen").click()
    expect(participant.get_by_role("status")).to_contain_text("Nimeäminen on lähetetty.")
    seat = ForumSeat.objects.get(forum=forum, association=association)

    admin.goto(demo + "/admin/")
    admin.get_by_role("button", name="Yhdistykset").click()
    admin.get_by_role("link", name="Foorumipaikat").click()
    expect(admin.get_by_role("main")).to_contain_text(MEMBER)
    admin.goto(demo + reverse("forums_seat_decide", args=[seat.pk]))
    assert_accessible(admin)  # the decision
    admin.get_by_role("button", name="Hyväksy", exact=True).click()
    seat.refresh_from_db()
    assert seat.state == "approved"

    visitor.goto(demo + path_of(forum))
    main = visitor.get_by_role("main")
    expect(main).to_contain_text(EDITED_NAME)
    expect(main).to_contain_text(MEMBER)
    expect(main).not_to_contain_text(DEPUTY)
    assert_accessible(visitor)  # the forum with its member association


def a_year_later(contact, demo, association):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Association.objects.filter(pk=association.pk).update(
        confirmed_at=long_ago, confirmation_requested_at=long_ago
    )
    before = set(mail.outbox)
    call_command("send_association_confirmations")
    run_worker()
    (message,) = [m for m in mail_to(CONTACT_EMAIL) if m not in before]
    contact.goto(demo + link_in(message, "/yhdistysrekisteri/vahvista/"))
    expect(contact.get_by_role("main")).to_contain_text(EDITED_NAME)
    assert_accessible(contact)  # the yearly confirmation page
    contact.get_by_role("button", name="Tiedot ovat ajan tasalla").click()
    contact.wait_for_load_state()
    assert_accessible(contact)  # confirmed
    association.refresh_from_db()
    assert timezone.localdate(association.confirmed_at) == timezone.localdate()
    assert association.changes.filter(source=ChangeSource.CONFIRMATION).exists()


def test_an_association_from_report_to_forum_seat_and_yearly_confirmation(demo, new_context, staff):
    directory = AssociationDirectoryPage.objects.live().first()
    forum = ForumPage.objects.live().order_by("path").first()
    field = forum.seat_fields.first()
    field_of_activity = field.slug if field is not None else "village"
    phone = new_context(**PHONE).new_page()
    admin = new_context().new_page()
    admin_sign_in(admin, demo)
    visitor = new_context().new_page()
    contact = new_context().new_page()
    participant = new_context().new_page()
    user = factories.ParticipantFactory(display_name=PARTICIPANT_NAME)

    report = report_and_confirm(phone, demo, directory, field_of_activity)  # 1.
    association = accept_with_edits(admin, demo, report)  # 2.
    directory_shows_published_fields_only(visitor, demo, directory, association)  # 3.
    represent(participant, contact, demo, user, association)  # 4.
    nominate_and_approve(participant, admin, visitor, demo, forum, association)  # 5.
    a_year_later(contact, demo, association)  # 6.
