"""A meeting in calendars and on the forum's page: past or upcoming by one rule, its .ics file."""

import datetime

import pytest
from django.utils import timezone

from forums.models import ForumMeetingPage, MeetingStatus
from tests import factories


def meeting_ended_days_ago(forum, days=3, **fields):
    start = timezone.now() - datetime.timedelta(days=days)
    return factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2), **fields
    )


def section(html, heading_id):
    """The part of the forum page under one heading."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


@pytest.mark.django_db
def test_postponed_meeting_waits_among_the_upcoming_and_never_says_it_was_held(client, forum):
    # Staff postponed it and have not yet set the new time: its old time has gone by, but
    # the meeting is still to come.
    meeting = meeting_ended_days_ago(
        forum, title="Siirretty kokous", status=MeetingStatus.POSTPONED
    )

    forum_html = client.get(forum.url).content.decode()
    assert "Siirretty kokous" in section(forum_html, "upcoming-heading")
    assert "Siirretty kokous" not in section(forum_html, "past-heading")
    meeting_html = client.get(meeting.url).content.decode()
    assert "Kokous on pidetty" not in meeting_html
    assert "Lisää kalenteriin" in meeting_html


@pytest.mark.django_db
def test_cancelled_meeting_goes_to_the_past_ones_but_never_says_it_was_held(client, forum):
    meeting = meeting_ended_days_ago(forum, title="Peruttu kokous", status=MeetingStatus.CANCELLED)

    forum_html = client.get(forum.url).content.decode()
    assert "Peruttu kokous" in section(forum_html, "past-heading")
    assert "Kokous on pidetty" not in client.get(meeting.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(MeetingStatus))
@pytest.mark.parametrize("ended", [datetime.timedelta(hours=-1), datetime.timedelta(0)])
def test_the_page_and_the_lists_agree_on_what_is_past(forum, status, ended):
    now = timezone.now()
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        start=now + ended - datetime.timedelta(hours=2),
        end=now + ended,
        status=status,
    )
    in_past = ForumMeetingPage.objects.past(now).filter(pk=meeting.pk).exists()
    in_upcoming = ForumMeetingPage.objects.upcoming(now).filter(pk=meeting.pk).exists()
    assert meeting.is_past_at(now) is in_past is not in_upcoming
