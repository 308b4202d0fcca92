"""A forum's recurring meetings: a series makes individual meeting pages, once per date."""

import datetime

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from forums.models import ForumMeetingPage, MeetingSeries
from forums.series import generate_meetings
from tests import factories

THURSDAY = 3


def fortnightly_thursdays(forum, **fields):
    """Every second Thursday at 17.00 from the first Thursday of next year's March."""
    year = timezone.localdate().year + 1
    values = {
        "forum": forum,
        "name": "Kevät",
        "weekday": THURSDAY,
        "interval_weeks": 2,
        "first_date": datetime.date(year, 3, 1),
        "count": 4,
        "start_time": datetime.time(17, 0),
        "duration": 90,
        "title": "Seurafoorumin kokous",
        "place_name": "Kulttuuritalo Pajula",
        "address": "Myllykatu 3, 99999 Järvelä",
        "theme": "Kesän tapahtumat",
        "registration_open": True,
        "seats": 30,
        "max_companions": 2,
    } | fields
    series = MeetingSeries(**values)
    series.full_clean()
    series.save()
    return series


def local_starts(series):
    return [
        timezone.localtime(meeting.start)
        for meeting in ForumMeetingPage.objects.filter(series=series).order_by("start")
    ]


@pytest.mark.django_db
def test_a_rule_makes_one_published_meeting_per_date_with_the_series_values(forum):
    series = fortnightly_thursdays(forum)
    year = series.first_date.year
    first = datetime.date(year, 3, 1)
    first += datetime.timedelta(days=(THURSDAY - first.weekday()) % 7)

    created = generate_meetings(series)

    starts = local_starts(series)
    assert [start.date() for start in starts] == [
        first + datetime.timedelta(weeks=2 * n) for n in range(4)
    ]
    # 17.00 in Finland on both sides of the change to summer time at the end of March.
    assert {(start.hour, start.minute) for start in starts} == {(17, 0)}
    assert len(created) == 4
    for meeting in created:
        meeting.refresh_from_db()
        assert meeting.live
        assert meeting.get_parent().pk == forum.pk
        assert meeting.end - meeting.start == datetime.timedelta(minutes=90)
        assert meeting.title.startswith("Seurafoorumin kokous ")
        assert (meeting.place_name, meeting.address, meeting.theme) == (
            "Kulttuuritalo Pajula",
            "Myllykatu 3, 99999 Järvelä",
            "Kesän tapahtumat",
        )
        assert (meeting.registration_open, meeting.seats, meeting.max_companions) == (True, 30, 2)
        assert meeting.get_latest_revision() is not None  # editable like any page


@pytest.mark.django_db
def test_skipped_dates_and_a_last_date_end_the_rule(forum):
    year = timezone.localdate().year + 1
    first = datetime.date(year, 3, 5)
    series = fortnightly_thursdays(
        forum,
        first_date=first,
        weekday=first.weekday(),
        count=None,
        until=datetime.date(year, 4, 30),
        exceptions=f"16.4.{year}\n",
    )

    generate_meetings(series)

    dates = [start.date() for start in local_starts(series)]
    assert dates == [
        datetime.date(year, 3, 5),
        datetime.date(year, 3, 19),
        datetime.date(year, 4, 2),
        datetime.date(year, 4, 30),
    ]


@pytest.mark.django_db
def test_a_list_of_dates_makes_those_meetings(forum):
    year = timezone.localdate().year + 1
    series = fortnightly_thursdays(
        forum,
        weekday=None,
        interval_weeks=None,
        first_date=None,
        count=None,
        dates=f"12.3.{year}\n 9.4.{year}\n\n14.5.{year}",
        exceptions=f"9.4.{year}",
    )

    generate_meetings(series)

    assert [start.date() for start in local_starts(series)] == [
        datetime.date(year, 3, 12),
        datetime.date(year, 5, 14),
    ]


@pytest.mark.django_db
def test_generating_again_or_extending_never_duplicates_or_overwrites_a_meeting(forum):
    series = fortnightly_thursdays(forum)
    first, second, *_ = generate_meetings(series)
    # Staff edit one meeting on its own and move another to the next day.
    first.title = "Kevään avauskokous"
    first.theme = "Oma teema"
    first.save_revision().publish()
    moved_start = second.start + datetime.timedelta(days=1)
    second.start, second.end = moved_start, moved_start + datetime.timedelta(hours=2)
    second.save_revision().publish()

    assert generate_meetings(series) == []
    series.count = 6
    series.save()
    added = generate_meetings(series)

    assert len(added) == 2
    assert ForumMeetingPage.objects.filter(series=series).count() == 6
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title, first.theme) == ("Kevään avauskokous", "Oma teema")
    assert second.start == moved_start


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"weekday": None, "interval_weeks": None, "first_date": None, "count": None},
            "Anna sääntö tai luettelo päivistä.",
        ),
        ({"until": datetime.date(2040, 1, 1)}, "Päätä sääntö joko viimeiseen päivään"),
        ({"interval_weeks": None}, "Säännössä on oltava viikonpäivä"),
        ({"dates": "12.3.2040"}, "Anna joko sääntö tai luettelo päivistä, ei molempia."),
        ({"exceptions": "ensi torstai"}, "”ensi torstai” ei ole päivämäärä."),
        ({"count": 500}, "Sarjasta tehdään kerralla enintään 100 kokousta."),
    ],
)
def test_a_series_that_makes_no_sense_gets_a_finnish_message(forum, fields, message):
    with pytest.raises(ValidationError) as error:
        fortnightly_thursdays(forum, **fields)
    assert message in str(error.value.messages)


@pytest.mark.django_db
def test_the_meeting_and_the_forum_say_the_meeting_belongs_to_the_series(client, forum):
    series = fortnightly_thursdays(forum)
    meeting, *_ = generate_meetings(series)
    single = factories.ForumMeetingPageFactory(parent=forum, title="Ylimääräinen kokous")

    label = "Osa sarjaa: joka toinen torstai klo 17.00"
    assert label in client.get(meeting.url).content.decode()
    assert label not in client.get(single.url).content.decode()
    assert client.get(forum.url).content.decode().count(label) == 4
    sv = client.get("/sv" + meeting.url).content.decode()
    assert "Del av en serie: varannan torsdag kl. 17.00" in sv


@pytest.mark.django_db
def test_the_series_meetings_are_in_the_forums_calendar_and_feed(client, forum):
    series = fortnightly_thursdays(forum)
    meetings = generate_meetings(series)

    calendar = Calendar.from_ical(client.get(forum.url + "kalenteri/").content)
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {f"forum-meeting-{meeting.pk}@localhost" for meeting in meetings}
    feed = feedparser.parse(client.get(forum.url + "syote/").content)
    assert len(feed.entries) == 4


@pytest.mark.django_db
def test_staff_see_the_dates_then_create_the_meetings_in_the_admin(editor_client, forum):
    series = fortnightly_thursdays(forum)
    existing, *_ = generate_meetings(series)
    existing.delete()  # a deleted meeting is made again; the others stay as they are
    address = reverse("forums_series_generate", args=[series.pk])

    listing = editor_client.get(reverse("wagtailsnippets_forums_meetingseries:list"))
    assert address in listing.content.decode()
    preview = editor_client.get(address).content.decode()
    assert preview.count("Luodaan") == 1
    response = editor_client.post(address, follow=True)

    assert "1 kokous luotiin ja julkaistiin." in response.content.decode()
    assert ForumMeetingPage.objects.filter(series=series).live().count() == 4


@pytest.mark.django_db
def test_who_may_not_publish_in_the_forum_cannot_create_meetings(client, forum):
    from django.contrib.auth.models import Group, Permission

    from accounts.models import User

    series = fortnightly_thursdays(forum)
    clerk = User.objects.create_user(email="avustaja@kunta.example", password="salasana-123")
    group = Group.objects.create(name="Avustajat")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    clerk.groups.add(group)
    client.force_login(clerk)

    response = client.post(reverse("forums_series_generate", args=[series.pk]))

    assert response.status_code in (302, 403)
    assert not ForumMeetingPage.objects.filter(series=series).exists()


@pytest.mark.django_db
def test_a_copied_meeting_is_a_meeting_of_its_own_not_of_the_series(client, forum):
    meeting, *_ = generate_meetings(fortnightly_thursdays(forum))

    copy = meeting.copy(update_attrs={"slug": "kopio", "title": "Lisäkokous"})

    assert copy.series is None
    assert "Osa sarjaa" not in client.get(copy.url).content.decode()


@pytest.mark.django_db
def test_staff_set_up_a_series_in_the_admin_and_a_mistake_is_explained(editor_client, forum):
    year = timezone.localdate().year + 1
    form = {
        "forum": forum.pk,
        "name": "Kevät",
        "weekday": THURSDAY,
        "interval_weeks": 2,
        "first_date": f"{year}-03-01",
        "until": "",
        "count": "",
        "dates": "",
        "exceptions": "",
        "start_time": "17:00",
        "duration": 120,
        "title": "Seurafoorumin kokous",
        "place_name": "Kulttuuritalo Pajula",
        "address": "",
        "theme": "",
        "seats": "",
        "max_companions": 0,
    }
    address = reverse("wagtailsnippets_forums_meetingseries:add")
    add_page = editor_client.get(address)
    assert add_page.status_code == 200

    refused = editor_client.post(address, form)
    assert refused.status_code == 200
    assert "Päätä sääntö joko viimeiseen päivään tai kokousten määrään." in refused.content.decode()
    assert not MeetingSeries.objects.exists()

    saved = editor_client.post(address, form | {"count": 4})
    assert saved.status_code == 302
    assert MeetingSeries.objects.get().describe() == "joka toinen torstai klo 17.00"
