"""Seats stay exact when people register and cancel at the same moment.

Every person from their own thread and browser session, released together on the
meeting's registration form (tests/concurrency.py). PostgreSQL only: SQLite lets one
writer in at a time, so there is no race to lose.
"""

import pytest
from django.test import Client

from forums.models import Registration
from forums.registrations import registration_link_token, seats_left
from tests import factories
from tests.concurrency import all_at_once, on_postgresql

PEOPLE = 8

# Everyone registers from the same address; the flood limits are not under test.
pytestmark = [on_postgresql, pytest.mark.usefixtures("many_writes")]


@pytest.fixture
def meeting(transactional_db, django_db_serialized_rollback, forum):
    return factories.ForumMeetingPageFactory(parent=forum, registration_open=True, seats=1)


def person(number):
    return {"name": f"Henkilö {number}", "email": f"kiire{number}@latu.example", "website": ""}


def form(meeting):
    return meeting.url + "ilmoittaudu/"


def confirmed(meeting):
    return list(Registration.objects.filter(meeting=meeting, state="confirmed"))


def test_many_taking_the_last_seat_at_once_never_both_get_it(meeting):
    browsers = [Client() for _ in range(PEOPLE)]

    statuses = all_at_once(browsers, [(form(meeting), person(n)) for n in range(PEOPLE)])

    assert statuses == [302] * PEOPLE
    assert len(confirmed(meeting)) == 1
    assert Registration.objects.filter(meeting=meeting, state="waiting").count() == PEOPLE - 1
    assert seats_left(meeting) == 0


def test_a_seat_freed_while_others_register_goes_to_the_next_in_line(meeting):
    browser = Client()
    browser.post(form(meeting), person("paikka"))
    browser.post(form(meeting), person("jono"))
    holder, next_in_line = Registration.objects.order_by("created_at", "pk")
    cancel = meeting.url + f"ilmoittautuminen/{registration_link_token(holder)}/"
    browsers = [Client() for _ in range(PEOPLE)]
    requests = [(cancel, {"cancel": "1"})] + [(form(meeting), person(n)) for n in range(1, PEOPLE)]

    statuses = all_at_once(browsers, requests)

    assert statuses == [302] * PEOPLE
    assert confirmed(meeting) == [next_in_line]
    assert seats_left(meeting) == 0
    # Everyone who came during the cancellation waits behind the one who was first in line.
    assert Registration.objects.filter(meeting=meeting, state="waiting").count() == PEOPLE - 1
