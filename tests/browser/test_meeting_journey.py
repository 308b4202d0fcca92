"""A forum meeting people register for, in a real browser: issue 10's "Done when" journey.

Staff add a series to a forum in the admin ("Kokoussarjat") and make its meetings ("Luo
kokoukset"): one held a week ago and two coming ones. They give the first coming one 2 seats
in the page editor's Registration tab; three people register on the public form (the third,
on a 375 px phone, goes on the waiting list); one with a seat cancels through the link in
their e-mail, and the waiting person is moved in and told so by e-mail; the meeting's .ics
and the forum's subscription calendar parse with `icalendar`; staff postpone the meeting,
the registrants are e-mailed and the calendar's SEQUENCE grows; staff close the series'
held meeting with minutes and its page shows them first. axe-core checks every new page
and state on the way.
"""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from forums.models import ForumMeetingPage, ForumPage, MeetingSeries
from tests.browser.helpers import assert_accessible, on_default_site, path_of

pytestmark = pytest.mark.browser

STAFF_EMAIL = "kokoukset@jarvela.example"
STAFF_PASSWORD = "Kokous-kutsu-10"
SERIES_TITLE = "Yhdistysilta"
SERIES_NAME = "Yhdistysillat keväällä"
PLACE = "Kirjaston kokoushuone"
PHONE = {"viewport": {"width": 375, "height": 800}, "is_mobile": True, "has_touch": True}
PEOPLE = [
    ("Aino Aktiivinen", "aino@kylayhdistys.example", "Järvelän kyläyhdistys"),
    ("Mikko Mukana", "mikko@seura.example", "Järvelän Urheiluseura"),
    ("Veera Varalla", "veera@kuoro.example", "Järvelän kuoro"),
]
MINUTES = "Sovittiin yhteisestä tapahtumakalenterista."


@pytest.fixture
def staff(demo):
    return User.objects.create_superuser(email=STAFF_EMAIL, password=STAFF_PASSWORD)


@pytest.fixture
def forum(demo):
    return on_default_site(ForumPage).order_by("path").first()


def series_dates():
    """A meeting held a week ago and two coming ones, as staff write them in the series."""
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in (7, -14, -28)]
    return "\n".join(f"{day.day}.{day.month}.{day.year}" for day in days)


def admin_sign_in(page, demo):
    page.goto(demo + "/admin/")
    page.get_by_label("Sähköpostiosoite").fill(STAFF_EMAIL)
    page.get_by_placeholder("Syötä salasana").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def publish(page):
    """The page editor's "Julkaise", under the footer's "Lisää toimintoja"."""
    page.locator("footer").get_by_role("button", name="Lisää toimintoja").click()
    page.get_by_role("button", name="Julkaise").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("julkaistu")


def rich_text(page, name, text):
    """Type into the Draftail editor of the rich text field `name`."""
    editor = page.locator(f"#id_{name}").locator("xpath=..").locator("[contenteditable=true]")
    editor.click()
    editor.type(text)
    # Draftail writes the field's hidden input after a short pause in typing.
    expect(page.locator(f"#id_{name}")).to_have_value(re.compile(re.escape(text)))


def run_worker():
    """The e-mails are sent by the background worker, not in the request."""
    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")


def mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def registration_path(message):
    """The no-sign-in link of a registration e-mail, as a path on the live server."""
    link = re.search(r"https?://\S+/ilmoittautuminen/\S+", message.body).group(0)
    return urlsplit(link).path


def create_series(page, demo, forum):
    """Staff add a series in "Kokoussarjat" and make its meetings with "Luo kokoukset"."""
    page.goto(demo + "/admin/")
    page.get_by_role("link", name="Kokoussarjat").first.click()
    page.get_by_role("link", name=re.compile("Lisää")).first.click()
    page.get_by_role("button", name=re.compile("Valitse sivu")).click()
    chooser = page.get_by_role("dialog")
    # With several municipalities the chooser opens at the tree's root: the forum is found
    # by its name, and each result is a link that chooses it.
    chooser.locator("input[name=q]").fill(forum.title)
    chooser.get_by_role("link", name=forum.title, exact=True).first.click()
    expect(chooser).to_be_hidden()
    page.get_by_role("textbox", name=re.compile("^Sarjan nimi")).fill(SERIES_NAME)
    page.get_by_role("textbox", name=re.compile("^Päivämäärät")).fill(series_dates())
    page.get_by_role("textbox", name=re.compile("^Alkamisaika")).fill("17:00")
    page.get_by_role("textbox", name=re.compile("^Kokouksen otsikko")).fill(SERIES_TITLE)
    page.get_by_role("textbox", name=re.compile("^Paikka")).fill(PLACE)
    page.get_by_role("button", name="Tallenna").first.click()
    # The demo has a series of its own: this one is the row with its name.
    row = page.get_by_role("row").filter(has_text=SERIES_NAME)
    row.get_by_role("link", name="Luo kokoukset").click()
    expect(page.get_by_role("main")).to_contain_text("Luodaan")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name="Luo kokoukset").click()
    expect(page.locator(".messages")).to_contain_text("3")
    series = MeetingSeries.objects.get(name=SERIES_NAME)
    assert series.forum_id == forum.pk
    meetings = list(ForumMeetingPage.objects.filter(series=series).order_by("start"))
    assert len(meetings) == 3
    assert all(meeting.live for meeting in meetings)
    return meetings


def open_registration(page, demo, meeting):
    """In the page editor's Registration tab: registration on, 2 seats; then publish."""
    page.goto(demo + f"/admin/pages/{meeting.pk}/edit/")
    page.get_by_role("tab", name="Ilmoittautuminen").click()
    page.get_by_role("checkbox", name="Ilmoittautuminen käytössä").check()
    page.get_by_role("spinbutton", name="Paikat").fill("2")
    assert_accessible(page)
    publish(page)
    meeting.refresh_from_db()
    assert meeting.registration_open
    assert meeting.seats == 2


def register(page, demo, meeting, person, *, check_form=True):
    name, email, association = person
    page.goto(demo + path_of(meeting))
    page.get_by_role("region", name="Ilmoittautuminen").get_by_role(
        "link", name="Ilmoittaudu"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ilmoittaudu: {meeting.title}")
    if check_form:
        assert_accessible(page)  # the form
        # Sent empty, the form says what is missing and keeps the page.
        page.get_by_role("main").get_by_role("button", name="Ilmoittaudu").click()
        expect(page.get_by_role("alert").first).to_contain_text("Kirjoita nimesi.")
        assert_accessible(page)  # its error state
    page.get_by_label("Nimi").fill(name)
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Yhdistys").fill(association)
    page.get_by_role("main").get_by_role("button", name="Ilmoittaudu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilmoittautumisesi")


def ics_of(page):
    """The meeting page's "Lisää kalenteriin" file, parsed."""
    with page.expect_download() as download:
        page.get_by_role("link", name="Lisää kalenteriin (.ics)").click()
    return icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())


def forum_events(page, demo, forum):
    """The forum's subscription calendar, its events by URL."""
    # Playwright's own HTTP client does not resolve *.localhost as Chromium does: it asks
    # the server's loopback address with the Site's host name in the Host header.
    site = urlsplit(demo)
    response = page.request.get(
        f"http://localhost:{site.port}{path_of(forum)}kalenteri/", headers={"Host": site.netloc}
    )
    assert response.ok, response.status
    calendar = icalendar.Calendar.from_ical(response.body())
    return {str(event["URL"]): event for event in calendar.walk("VEVENT")}


def test_a_meeting_from_registration_to_minutes(demo, new_context, staff, forum):
    admin = new_context().new_page()
    admin_sign_in(admin, demo)
    held, meeting, later = create_series(admin, demo, forum)
    open_registration(admin, demo, meeting)
    meeting.refresh_from_db()
    meeting_url = meeting.full_url

    # 1. The meeting page has registration open.
    visitor = new_context().new_page()
    visitor.goto(demo + path_of(meeting))
    registration = visitor.get_by_role("region", name="Ilmoittautuminen")
    expect(registration).to_contain_text("2 paikkaa jäljellä")
    assert_accessible(visitor)

    # 2. Three people register; the third, on a phone, goes on the waiting list.
    pages = [new_context().new_page(), new_context().new_page(), new_context(**PHONE).new_page()]
    register(pages[0], demo, meeting, PEOPLE[0])
    status = pages[0].get_by_role("status")
    expect(status).to_contain_text("Kiitos! Ilmoittautumisesi on vahvistettu: sinulla on paikka.")
    assert_accessible(pages[0])  # the confirmation
    register(pages[1], demo, meeting, PEOPLE[1], check_form=False)
    expect(pages[1].get_by_role("status")).to_contain_text("sinulla on paikka")
    phone = pages[2]
    phone.goto(demo + path_of(meeting))
    expect(phone.get_by_role("region", name="Ilmoittautuminen")).to_contain_text(
        "0 paikkaa jäljellä"
    )
    expect(phone.get_by_role("region", name="Ilmoittautuminen")).to_contain_text("Kokous on täynnä")
    assert_accessible(phone)  # the full meeting, at 375 px
    register(phone, demo, meeting, PEOPLE[2])
    expect(phone.get_by_role("status")).to_contain_text(
        "Kokous on täynnä, joten olet varasijalla, jonossa numero 1."
    )
    assert_accessible(phone)  # the waiting page, at 375 px
    visitor.goto(demo + path_of(meeting))
    expect(visitor.get_by_role("region", name="Ilmoittautuminen")).to_contain_text(
        "1 ilmoittautuminen varasijalla"
    )

    # 3. Mikko cancels through the link in his e-mail, without signing in.
    run_worker()
    confirmed = mail_to(PEOPLE[1][1])
    assert [message.subject for message in confirmed] == [
        f"Yhdessä: Ilmoittautuminen vahvistettu: {meeting.title}"
    ]
    waiting = mail_to(PEOPLE[2][1])
    assert [message.subject for message in waiting] == [f"Yhdessä: Varasijalla: {meeting.title}"]
    # The confirmation carries the meeting as a calendar file: the same UID as the page's.
    (attached,) = [
        icalendar.Calendar.from_ical(content)
        for _name, content, mimetype in confirmed[0].attachments
        if mimetype.startswith("text/calendar")
    ]
    link_page = new_context().new_page()
    link_page.goto(demo + registration_path(confirmed[0]))
    expect(link_page.get_by_role("status")).to_contain_text(
        "Ilmoittautumisesi on vahvistettu: sinulla on paikka."
    )
    expect(link_page.get_by_role("main")).to_contain_text("kirjautumatta")
    assert_accessible(link_page)  # the no-sign-in link page
    link_page.get_by_role("button", name="Peru ilmoittautumiseni").click()
    expect(link_page.get_by_role("status")).to_contain_text(
        "Ilmoittautumisesi on peruttu. Kiitos, että kerroit."
    )
    expect(link_page.get_by_role("button", name="Peru ilmoittautumiseni")).to_have_count(0)
    assert_accessible(link_page)  # the cancelled state

    # 4. Veera, first in line, is moved in and told so.
    run_worker()
    promoted = [message for message in mail_to(PEOPLE[2][1]) if message not in waiting]
    assert [message.subject for message in promoted] == [f"Yhdessä: Sait paikan: {meeting.title}"]
    phone.goto(demo + registration_path(promoted[0]))
    expect(phone.get_by_role("status")).to_contain_text("sinulla on paikka")
    visitor.goto(demo + path_of(meeting))
    registration = visitor.get_by_role("region", name="Ilmoittautuminen")
    expect(registration).to_contain_text("0 paikkaa jäljellä")
    expect(registration).not_to_contain_text("varasijalla")

    # 5. "Lisää kalenteriin": a stable UID, a SEQUENCE and the page's address twice.
    event = ics_of(visitor).walk("VEVENT")[0]
    assert str(event["UID"])
    assert int(event["SEQUENCE"]) == 0
    assert str(event["URL"]) == meeting_url
    assert meeting_url in str(event["DESCRIPTION"])
    uid = str(event["UID"])
    assert str(attached.walk("VEVENT")[0]["UID"]) == uid

    # 6. The forum's subscription calendar lists the series' meetings.
    events = forum_events(visitor, demo, forum)
    for made in (held, meeting, later):
        assert made.full_url in events, f"{made.title} missing from the forum's calendar"
    assert str(events[meeting_url]["UID"]) == uid
    before = int(events[meeting_url]["SEQUENCE"])

    # 7. Staff postpone the meeting: the registrants are e-mailed, the SEQUENCE grows.
    admin.goto(demo + f"/admin/pages/{meeting.pk}/edit/")
    admin.get_by_role("combobox", name=re.compile(r"^Tila\b")).select_option(label="Siirretty")
    admin.get_by_role("textbox", name="Tilan selite").fill("Uusi aika kerrotaan ensi viikolla.")
    publish(admin)
    run_worker()
    for name, email, _association in (PEOPLE[0], PEOPLE[2]):
        changed = [message for message in mail_to(email) if "Muuttunut" in message.subject]
        assert [message.subject for message in changed] == [
            f"Yhdessä: Muuttunut: {meeting.title}"
        ], email
        assert changed[0].body.startswith(f"Hei {name},")
    assert not [message for message in mail_to(PEOPLE[1][1]) if "Muuttunut" in message.subject]
    events = forum_events(visitor, demo, forum)
    assert int(events[meeting_url]["SEQUENCE"]) == before + 1
    assert str(events[meeting_url]["STATUS"]) == "TENTATIVE"
    assert str(events[meeting_url]["UID"]) == uid
    visitor.goto(demo + path_of(meeting))
    expect(visitor.get_by_role("status").first).to_contain_text("Tila: Siirretty")
    assert_accessible(visitor)  # the postponed meeting

    # 8. Staff close the held meeting with minutes: its page shows them first, as past.
    admin.goto(demo + f"/admin/pages/{held.pk}/edit/")
    rich_text(admin, "summary", MINUTES)
    admin.get_by_role("spinbutton", name="Osallistujamäärä").fill("14")
    publish(admin)
    visitor.goto(demo + path_of(held))
    article = visitor.locator("article.meeting")
    expect(article.locator(".meeting-held")).to_contain_text("Kokous on pidetty")
    outcome = visitor.get_by_role("region", name="Pöytäkirja ja osallistujat")
    expect(outcome).to_contain_text(MINUTES)
    expect(outcome).to_contain_text("Osallistujia: 14")
    # The outcome comes before the facts of the announcement.
    assert article.evaluate(
        "a => a.querySelector('.meeting-outcome').compareDocumentPosition("
        "a.querySelector('dl.facts')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    expect(visitor.get_by_role("link", name="Lisää kalenteriin (.ics)")).to_have_count(0)
    assert_accessible(visitor)  # the closed meeting with minutes
