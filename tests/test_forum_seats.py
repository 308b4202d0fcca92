"""Forum seats: a representative names the association's member and deputy to a forum,
staff approve, and the forum page lists the member associations (names only with consent)."""

import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from accounts import personal_data
from associations import memberships
from associations.models import Association, FieldOfActivity, Representation
from forums import seats
from forums.models import ForumSeat, council_term
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("many_writes")]

NOMINATE = "nimea-jasenet/"
SEATS_ADMIN = "forums_seats_modeladmin_index"


def association(name="Järvelän Latu ry", fields=("sports",), **values):
    values = {"confirmed_at": timezone.now(), "is_listed": True} | values
    record = Association.objects.create(
        site=Site.objects.get(is_default_site=True),
        name=name,
        slug=name.lower().replace(" ", "-").replace("ä", "a"),
        **values,
    )
    record.fields_of_activity.set(FieldOfActivity.objects.filter(slug__in=fields))
    return record


def representative(of, email="edustaja@latu.example", display_name="Elli Edustaja"):
    user = factories.ParticipantFactory(email=email, display_name=display_name)
    Representation.objects.create(user=user, association=of, state="confirmed")
    return user


def nomination(record, **values):
    """The nomination form as a representative fills it in."""
    start, end = council_term()
    return {
        "association": record.pk,
        "member_name": "Maija Jäsen",
        "member_email": "maija@latu.example",
        "member_phone": "040 123 4567",
        "member_name_public": "on",
        "deputy_name": "Ville Varajäsen",
        "deputy_email": "ville@latu.example",
        "deputy_phone": "",
        "term_start": start.strftime("%d.%m.%Y"),
        "term_end": end.strftime("%d.%m.%Y"),
        "website": "",
        **values,
    }


def nominate(client, forum, record, **values):
    return client.post(forum.url + NOMINATE, nomination(record, **values))


def seat_for(forum, record, request, user, **values):
    details = {
        "member_name": "Maija Jäsen",
        "member_email": "maija@latu.example",
        "member_name_public": True,
        "deputy_name": "Ville Varajäsen",
        "deputy_email": "ville@latu.example",
        "member_phone": "040 765 4321",
    } | values
    return seats.nominate_forum_members(user, forum, record, request=request, **details)


@pytest.fixture
def latu():
    return association()


@pytest.fixture
def rep(latu):
    return representative(latu)


@pytest.fixture
def rep_request(rf, rep):
    request = rf.post("/")
    request.user = rep
    return request


def test_the_default_term_follows_the_council_term():
    assert council_term(datetime.date(2026, 12, 1)) == (
        datetime.date(2025, 6, 1),
        datetime.date(2029, 5, 31),
    )
    assert council_term(datetime.date(2029, 6, 1)) == (
        datetime.date(2029, 6, 1),
        datetime.date(2033, 5, 31),
    )
    assert council_term(datetime.date(2025, 5, 31)) == (
        datetime.date(2021, 6, 1),
        datetime.date(2025, 5, 31),
    )


def test_nominate_approve_and_the_forum_page_lists_the_association(
    client, forum, latu, rep, coordinator, committed, run_background_worker
):
    client.force_login(rep)
    form = client.get(forum.url + NOMINATE).content.decode()
    assert "Järvelän Latu ry" in form
    start, end = council_term()
    assert seats.term_label(start, end) in form  # the council term unless changed

    response = nominate(client, forum, latu)
    assert response.status_code == 302
    seat = ForumSeat.objects.get()
    assert (seat.state, seat.member_phone, seat.nominated_by) == ("nominated", "+358401234567", rep)
    assert (seat.term_start, seat.term_end) == (start, end)
    assert "Järvelän Latu ry" not in client.get(forum.url).content.decode()  # not yet approved

    staff = Client()
    staff.force_login(coordinator)
    listing = staff.get(reverse(SEATS_ADMIN)).content.decode()
    assert "Foorumipaikat" in listing
    assert "Maija Jäsen" in listing
    with committed():
        staff.post(reverse("forums_seat_approve", args=[seat.pk]))
    seat.refresh_from_db()
    assert (seat.state, seat.decided_by) == ("approved", coordinator)
    run_background_worker()
    (message,) = mail.outbox
    assert message.to == [rep.email]
    assert "hyväksytty" in message.subject.lower()
    assert forum.title in message.subject

    page = Client().get(forum.url).content.decode()
    assert "Jäsenjärjestöt" in page
    assert "Järvelän Latu ry" in page
    assert "Maija Jäsen" in page  # consented
    assert "Ville Varajäsen" not in page  # the deputy did not consent
    assert "maija@latu.example" not in page
    assert "ville@latu.example" not in page


def test_a_participant_who_does_not_represent_the_association_is_refused(client, forum, latu, rf):
    stranger = factories.ParticipantFactory()
    client.force_login(stranger)
    page = client.get(forum.url + NOMINATE).content.decode()
    assert "edustaja" in page  # how to become one
    assert 'name="member_name"' not in page

    request = rf.post("/")
    request.user = stranger
    with pytest.raises(seats.SeatRefused) as refused:
        seat_for(forum, latu, request, stranger)
    assert refused.value.code == "not_representative"
    assert "edustaja" in str(refused.value.message)
    assert not ForumSeat.objects.exists()


def test_an_anonymous_visitor_is_told_to_sign_in(client, forum):
    page = client.get(forum.url + NOMINATE)
    assert page.status_code == 200
    assert "Kirjaudu" in page.content.decode()
    assert 'name="member_name"' not in page.content.decode()


def test_an_association_outside_the_forums_fields_of_activity_is_refused(
    client, forum, rep, rep_request
):
    forum.seat_fields.set(FieldOfActivity.objects.filter(slug="culture"))
    forum.save()
    latu = rep.representations.get().association

    with pytest.raises(seats.SeatRefused) as refused:
        seat_for(forum, latu, rep_request, rep)
    assert refused.value.code == "field_of_activity"
    assert "Kulttuuri" in str(refused.value.message)

    client.force_login(rep)
    response = nominate(client, forum, latu)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Kulttuuri" in body
    assert 'value="Maija Jäsen"' in body  # what was typed is kept
    assert not ForumSeat.objects.exists()


def test_the_association_has_one_open_nomination_per_term(forum, latu, rep, rep_request):
    seat_for(forum, latu, rep_request, rep)
    with pytest.raises(seats.SeatRefused) as refused:
        seat_for(forum, latu, rep_request, rep, member_name="Toinen Jäsen")
    assert refused.value.code == "already_nominated"

    seats.withdraw(ForumSeat.objects.get(), rep)
    seat_for(forum, latu, rep_request, rep, member_name="Toinen Jäsen")
    assert ForumSeat.objects.open().get().member_name == "Toinen Jäsen"


def test_bad_input_gets_finnish_messages_and_keeps_what_was_typed(client, forum, latu, rep):
    client.force_login(rep)
    response = nominate(
        client,
        forum,
        latu,
        member_email="ei-osoite",
        member_phone="123",
        term_start="1.6.2029",
        term_end="1.6.2028",
        deputy_email="",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "nimi@esimerkki.fi" in body
    assert "040 123 4567" in body  # how to write a phone number
    assert "Kauden on päätyttävä" in body
    assert "Kirjoita varajäsenen sähköpostiosoite" in body
    assert 'value="ei-osoite"' in body
    assert not ForumSeat.objects.exists()

    past = nominate(client, forum, latu, term_start="1.6.2017", term_end="31.5.2021")
    assert "päättynyt" in past.content.decode()
    assert not ForumSeat.objects.exists()


def test_a_filled_honeypot_stores_nothing(client, forum, latu, rep):
    client.force_login(rep)
    nominate(client, forum, latu, website="http://roska.example")
    assert not ForumSeat.objects.exists()


def test_nominations_are_rate_limited(client, forum, latu, rep, settings):
    settings.YHDESSA_RATE_LIMITS = {
        **settings.YHDESSA_RATE_LIMITS,
        "forum_nomination": {"per_user": "1/h", "per_ip": "10/h"},
    }
    client.force_login(rep)
    assert nominate(client, forum, latu).status_code == 302
    ForumSeat.objects.update(state="withdrawn")
    response = nominate(client, forum, latu)
    assert response.status_code == 429
    assert "liian monta kertaa" in response.content.decode()


def test_approval_stops_when_the_forums_seats_are_full(forum, rf, coordinator):
    forum.seat_count = 1
    forum.save()
    first, second = association("Eka ry"), association("Toka ry")
    request = rf.post("/")
    nominated = []
    for number, record in enumerate((first, second)):
        user = representative(record, email=f"edustaja{number}@seura.example")
        request.user = user
        nominated.append(seat_for(forum, record, request, user))

    seats.approve_seat(nominated[0], coordinator)
    with pytest.raises(seats.SeatRefused) as refused:
        seats.approve_seat(nominated[1], coordinator)
    assert refused.value.code == "seats_full"
    assert "1 paikka" in str(refused.value.message)
    nominated[1].refresh_from_db()
    assert nominated[1].state == "nominated"

    # Another term has its own seats.
    _start, end = council_term()
    request.user = second.representations.get().user
    later = seat_for(
        forum,
        second,
        request,
        request.user,
        term_start=end + datetime.timedelta(days=1),
        term_end=end + datetime.timedelta(days=365 * 4),
    )
    assert seats.approve_seat(later, coordinator).state == "approved"


def test_rejection_needs_a_reason_and_tells_the_nominator(
    forum, latu, rep, rep_request, coordinator, committed, run_background_worker
):
    seat = seat_for(forum, latu, rep_request, rep)
    with pytest.raises(ValidationError, match="miksi"):
        seats.reject_seat(seat, coordinator, "  ")
    with committed():
        seats.reject_seat(seat, coordinator, "Foorumi on urheiluseuroille.")
    run_background_worker()
    (message,) = mail.outbox
    assert message.to == [rep.email]
    assert "Foorumi on urheiluseuroille." in message.body


def test_past_terms_stay_public_as_the_forums_history(client, forum, latu, rep, rep_request):
    seat = seat_for(forum, latu, rep_request, rep)
    ForumSeat.objects.filter(pk=seat.pk).update(
        state="approved", term_start=datetime.date(2017, 6, 1), term_end=datetime.date(2021, 5, 31)
    )

    page = client.get(forum.url).content.decode()
    history = page.split("Aiemmat kaudet", 1)[1]
    assert "1.6.2017–31.5.2021" in history
    assert "Järvelän Latu ry" in history
    current = page.split("Jäsenjärjestöt", 1)[1].split("Aiemmat kaudet", 1)[0]
    assert "Järvelän Latu ry" not in current


def test_an_association_hidden_from_the_directory_is_not_listed(
    client, forum, latu, rep, rep_request, coordinator
):
    seats.approve_seat(seat_for(forum, latu, rep_request, rep), coordinator)
    latu.is_listed = False
    latu.save()
    assert "Järvelän Latu ry" not in client.get(forum.url).content.decode()


def test_staff_export_and_copy_the_email_list_none_of_it_public(
    client, forum, latu, rep, rep_request, coordinator
):
    seats.approve_seat(seat_for(forum, latu, rep_request, rep), coordinator)
    client.force_login(coordinator)

    listing = client.get(reverse(SEATS_ADMIN), {"forum": forum.pk}).content.decode()
    assert "maija@latu.example, ville@latu.example" in listing
    assert "mailto:maija@latu.example,ville@latu.example" in listing
    csv = client.get(reverse(SEATS_ADMIN), {"forum": forum.pk, "export": "csv"})
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "Järvelän Latu ry" in text
    assert "maija@latu.example" in text
    assert "ville@latu.example" in text
    xlsx = client.get(reverse(SEATS_ADMIN), {"forum": forum.pk, "export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")

    visitor = Client()
    for url in (forum.url, f"/api/forums/{forum.id}/seats/", f"/api/v2/pages/{forum.id}/"):
        body = visitor.get(url).content.decode()
        assert "maija@latu.example" not in body
        assert "ville@latu.example" not in body
        assert "765 4321" not in body
        assert "+358407654321" not in body


def test_people_without_the_permission_see_no_seats_in_the_admin(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse(SEATS_ADMIN)).status_code in (302, 403)


def test_the_apis_give_member_associations_with_consented_names_only(
    client, forum, latu, rep, rep_request, coordinator
):
    seats.approve_seat(seat_for(forum, latu, rep_request, rep), coordinator)
    start, _end = council_term()

    roster = client.get(f"/api/forums/{forum.id}/seats/").json()
    (current,) = roster["current"]
    assert current["association"]["name"] == "Järvelän Latu ry"
    assert (current["member"], current["deputy"]) == ("Maija Jäsen", None)
    assert current["term_start"] == start.isoformat()

    content = client.get(f"/api/v2/pages/{forum.id}/").json()
    assert content["seats"]["current"][0]["member"] == "Maija Jäsen"
    assert content["seats"]["current"][0]["deputy"] is None

    (sits_in,) = client.get(f"/api/associations/{latu.pk}/forums").json()
    assert (sits_in["forum"]["title"], sits_in["current"]) == (forum.title, True)
    assert sits_in["member"] == "Maija Jäsen"

    latu.is_listed = False
    latu.save()
    assert client.get(f"/api/associations/{latu.pk}/forums").status_code == 404


def test_the_associations_directory_page_lists_its_forums(
    forum, latu, rep, rep_request, coordinator
):
    seats.approve_seat(seat_for(forum, latu, rep_request, rep), coordinator)
    (row,) = [row for row in memberships.memberships_of(latu) if row.title == forum.title]
    assert row.url == forum.url
    assert row.role.startswith("Jäsen ")


def test_a_representative_withdraws_from_the_nomination_page(client, forum, latu, rep, rep_request):
    seat_for(forum, latu, rep_request, rep)
    client.force_login(rep)
    page = client.get(forum.url + NOMINATE).content.decode()
    assert "Peru nimeäminen" in page
    client.post(forum.url + NOMINATE, {"withdraw": ForumSeat.objects.get().pk})
    assert ForumSeat.objects.get().state == "withdrawn"


def test_nominations_are_in_the_persons_data_and_erasure_keeps_the_seat(
    forum, latu, rep, rep_request, coordinator
):
    seats.approve_seat(seat_for(forum, latu, rep_request, rep), coordinator)

    data = json.loads(personal_data.export_json(rep))["forums"]["forum_nominations"]
    assert [row["member_email"] for row in data] == ["maija@latu.example"]

    personal_data.erase_user(rep, remove_content=False)
    seat = ForumSeat.objects.get()
    assert (seat.state, seat.nominated_by) == ("approved", None)


def test_staff_set_the_seats_and_fields_of_activity_on_the_forums_seats_tab(
    client, coordinator, forum
):
    client.force_login(coordinator)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[forum.pk])).content.decode()
    assert "Paikat" in editor
    assert "Paikkojen määrä" in editor
    assert "Kulttuuri" in editor  # a field of activity to choose


def test_each_member_association_links_to_its_directory_page(
    client, forum, latu, rep, rep_request, coordinator, home_page
):
    seats.approve_seat(seat_for(forum, latu, rep_request, rep), coordinator)
    # Without a directory page the name is plain text.
    assert "<strong>Järvelän Latu ry</strong>" in client.get(forum.url).content.decode()
    assert "Järvelän Latu ry</strong></a>" not in client.get(forum.url).content.decode()

    directory = factories.AssociationDirectoryPageFactory(parent=home_page)
    page = client.get(forum.url).content.decode()
    own_page = directory.url + directory.reverse_subpage("association", args=[latu.slug])
    assert f'<a href="{own_page}"><strong>Järvelän Latu ry</strong></a>' in page
    assert client.get(own_page).status_code == 200
