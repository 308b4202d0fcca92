"""Registrations' personal data is deleted a set number of days after the meeting ended
(`manage.py delete_old_registrations`, run daily); only the counts are kept."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from forums.models import Registration, RegistrationTally
from forums.registrations import register_for_meeting, registration_figures
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("many_writes")]


def meeting_with_registrations(forum, visitor, ended_days_ago, title):
    """A meeting with three seats: a group of two (who came), one more, one waiting."""
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        title=title,
        registration_open=True,
        seats=3,
        max_companions=1,
    )
    people = [("Aino", 1), ("Eero", 0), ("Sanni", 0)]
    registrations = [
        register_for_meeting(
            visitor, meeting, name=name, email=f"{name.lower()}@latu.example", companions=companions
        )
        for name, companions in people
    ]
    Registration.objects.filter(pk=registrations[0].pk).update(attended=True)
    ended = timezone.now() - datetime.timedelta(days=ended_days_ago)
    meeting.start, meeting.end = ended - datetime.timedelta(hours=2), ended
    meeting.save_revision().publish()
    return meeting


def run(*args):
    out = StringIO()
    call_command("delete_old_registrations", *args, stdout=out)
    return out.getvalue()


def test_personal_data_goes_after_90_days_and_the_counts_stay(forum, visitor):
    old = meeting_with_registrations(forum, visitor, 91, "Vanha kokous")
    recent = meeting_with_registrations(forum, visitor, 89, "Tuore kokous")

    output = run()

    assert not Registration.objects.filter(meeting=old).exists()
    assert Registration.objects.filter(meeting=recent).count() == 3
    assert "Vanha kokous" in output
    assert "Tuore kokous" not in output
    figures = registration_figures(old)
    assert (figures["registered_seats"], figures["waiting"], figures["attended"]) == (3, 1, 2)
    assert registration_figures(recent)["registered_seats"] == 3
    assert registration_figures(recent)["attended"] == 2


def test_running_again_changes_nothing(forum, visitor):
    old = meeting_with_registrations(forum, visitor, 91, "Vanha kokous")
    run()
    again = run()

    assert "Vanha kokous" not in again
    assert registration_figures(old)["registered_seats"] == 3
    assert registration_figures(old)["attended"] == 2


def test_dry_run_says_what_it_would_delete_and_deletes_nothing(forum, visitor):
    old = meeting_with_registrations(forum, visitor, 91, "Vanha kokous")

    output = run("--dry-run")

    assert "Vanha kokous" in output
    assert Registration.objects.filter(meeting=old).count() == 3
    assert not RegistrationTally.objects.exists()


def test_the_number_of_days_is_a_setting(forum, visitor, settings):
    settings.YHDESSA_REGISTRATION_RETENTION_DAYS = 30
    meeting = meeting_with_registrations(forum, visitor, 31, "Kuukauden takainen")

    run()

    assert not Registration.objects.filter(meeting=meeting).exists()


def test_the_admin_list_of_the_meeting_still_shows_how_many_came(client, forum, visitor):
    from django.urls import reverse

    from accounts.models import User

    old = meeting_with_registrations(forum, visitor, 91, "Vanha kokous")
    run()
    client.force_login(User.objects.create_superuser(email="a@kunta.example", password="x-12345"))

    html = client.get(
        reverse("forums_registrations_modeladmin_index"), {"meeting": old.pk}
    ).content.decode()

    assert "ilmoittautuneita paikkoja 3, varasijalla 1, osallistuneiksi merkitty 2" in html
    assert "henkilötiedot poistettiin" in html
