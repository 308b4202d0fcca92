"""A meeting that has been held says so by its title, in every language of the site."""

import datetime

import pytest
from django.urls import translate_url
from django.utils import timezone

from tests import factories


def held_on_12_march(forum):
    start = timezone.make_aware(datetime.datetime(2026, 3, 12, 17, 30))
    return factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2)
    )


def header_of(html):
    """The part of the page from the title to the facts list: what a reader sees first."""
    return html[html.index("<h1") : html.index('class="facts"')]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("fi", "Kokous on pidetty 12.3.2026"),
        ("sv", "Mötet hölls 12.3.2026"),
        ("en", "This meeting was held on 12 March 2026"),
    ],
)
def test_past_meeting_says_it_was_held(client, forum, language, label):
    meeting = held_on_12_march(forum)
    # The interface language is in the address: /sv/…, /en/…, Finnish without a prefix.
    html = client.get(translate_url(meeting.url, language)).content.decode()
    assert label in header_of(html)


@pytest.mark.django_db
def test_upcoming_meeting_has_no_past_label(client, forum):
    meeting = factories.ForumMeetingPageFactory(parent=forum)
    html = client.get(meeting.url).content.decode()
    assert "Kokous on pidetty" not in html
    assert "meeting-held" not in html
