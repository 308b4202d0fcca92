"""Two invented municipalities and the region's own site, built with the factories, for
the regional overview's tests (the demo's are in test_regional_figures)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Page, Site

from contacts.models import Responsibility
from core.models import ModerationState, SiteSettings
from forums.models import MeetingStatus
from guidelines.models import GuidelineStatus
from ideas.models import IdeaComment, IdeaVote
from regions.models import RegionalOverviewPage
from tests import factories


def quarter_start(day, back=0):
    """The first day of the quarter `back` quarters before the one `day` is in."""
    index = day.year * 4 + (day.month - 1) // 3 - back
    return datetime.date(index // 4, index % 4 * 3 + 1, 1)


def at(day, hour=18):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def meeting(forum, day, **fields):
    start = at(day)
    return factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2), **fields
    )


def make_site(root, name, code, hostname, *, default=False, regional=False):
    home = factories.HomePageFactory(parent=root, slug=code, title=name)
    site = Site.objects.create(
        hostname=hostname, port=80, root_page=home, site_name=name, is_default_site=default
    )
    settings = SiteSettings.for_site(site)
    settings.code = code
    settings.is_regional = regional
    settings.save()
    return site, home


@dataclass
class Region:
    alppila: Site
    birkala: Site
    region: Site
    overview: RegionalOverviewPage
    pages: dict


def build_region():
    """Alppila holds regular forums, has an adopted guideline and a contact person; Birkala
    met in one quarter only, is writing its guideline and names nobody for associations."""
    root = Page.objects.get(depth=1)
    for child in root.get_children():
        child.delete()
    Site.objects.all().delete()
    today = timezone.localdate()
    pages = {}
    alppila, a_home = make_site(root, "Alppila", "alppila", "alppila.localhost", default=True)
    birkala, b_home = make_site(root, "Birkala", "birkala", "birkala.localhost")
    region, r_home = make_site(root, "Järviseutu", "seutu", "seutu.localhost", regional=True)

    # Alppila: meetings in each of the two quarters before this one, one cancelled.
    a_index = factories.ForumIndexPageFactory(parent=a_home)
    a_forum = factories.ForumPageFactory(
        parent=a_index, title="Alppilan järjestöfoorumi", coordinator__site=alppila
    )
    pages["a_earlier"] = meeting(
        a_forum,
        quarter_start(today, 2) + datetime.timedelta(days=20),
        attendee_count=14,
        attended_associations="Alppilan Kyläyhdistys ry\nAlppilan Urheilijat ry",
    )
    pages["a_latest"] = meeting(
        a_forum,
        quarter_start(today, 1) + datetime.timedelta(days=20),
        attendee_count=9,
        attended_associations="alppilan kyläyhdistys ry\nAlppilan Laulajat ry",
    )
    pages["a_cancelled"] = meeting(
        a_forum,
        quarter_start(today, 1) + datetime.timedelta(days=40),
        status=MeetingStatus.CANCELLED,
    )
    pages["a_upcoming"] = meeting(a_forum, today + datetime.timedelta(days=30))
    pages["a_guideline"] = factories.GuidelinePageFactory(
        parent=a_home,
        status=GuidelineStatus.ADOPTED,
        adopted_on=datetime.date(2025, 3, 10),
    )
    pages["a_contacts"] = factories.ContactsPageFactory(parent=a_home)
    factories.ContactCardFactory(
        site=alppila, name="Aino Alppila", responsibility=Responsibility.ASSOCIATIONS
    )
    pages["a_directory"] = factories.AssociationDirectoryPageFactory(parent=a_home)
    this_year = timezone.now()
    last_year = at(datetime.date(today.year - 1, 6, 1))
    for name, confirmed in [
        ("Alppilan Kyläyhdistys ry", this_year),
        ("Alppilan Urheilijat ry", this_year),
        ("Alppilan Laulajat ry", last_year),
    ]:
        factories.AssociationFactory(site=alppila, name=name, confirmed_at=confirmed)
    pages["a_wall"] = wall = factories.IdeaWallPageFactory(parent=a_home)
    shown = factories.IdeaFactory(wall=wall, title="Yhteinen kalenteri")
    factories.IdeaFactory(wall=wall, title="Lisää penkkejä")
    factories.IdeaFactory(wall=wall, title="Odottaa moderointia", state=ModerationState.PENDING)
    factories.IdeaFactory(wall=wall, title="Piilotettu idea", state=ModerationState.HIDDEN)
    voter = factories.ParticipantFactory()
    IdeaComment.objects.create(
        idea=shown, author=voter, body="Hyvä!", state=ModerationState.PUBLISHED
    )
    IdeaComment.objects.create(
        idea=shown, author=voter, body="Piiloon", state=ModerationState.HIDDEN
    )
    IdeaVote.objects.create(idea=shown, voter=voter)

    # Birkala: one quarter with a meeting, a draft guideline open for comments.
    b_index = factories.ForumIndexPageFactory(parent=b_home)
    b_forum = factories.ForumPageFactory(
        parent=b_index, title="Birkalan seurafoorumi", coordinator__site=birkala
    )
    pages["b_latest"] = meeting(
        b_forum,
        quarter_start(today, 1) + datetime.timedelta(days=10),
        attendee_count=5,
        attended_associations="Birkalan Bändi ry",
    )
    pages["b_guideline"] = guideline = factories.GuidelinePageFactory(parent=b_home)
    factories.CommentPeriodFactory(guideline=guideline)
    pages["b_contacts"] = factories.ContactsPageFactory(parent=b_home)
    factories.ContactCardFactory(site=birkala, name="Bertta Birkala")  # culture
    pages["b_directory"] = factories.AssociationDirectoryPageFactory(parent=b_home)
    factories.AssociationFactory(site=birkala, name="Birkalan Bändi ry", confirmed_at=last_year)
    pages["b_wall"] = factories.IdeaWallPageFactory(parent=b_home)

    overview = r_home.add_child(
        instance=RegionalOverviewPage(title="Järjestöyhteistyö Järviseudulla", slug="yleiskatsaus")
    )
    return Region(alppila, birkala, region, overview, pages)


def small_municipality(name, code):
    """A municipality with a forum that met in each of the last three quarters, a wall with
    three ideas, a draft guideline, a contact person and an association."""
    from wagtail.models import Page

    from tests.regional import make_site

    site, home = make_site(Page.objects.get(depth=1), name, code, f"{code}.localhost")
    index = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(parent=index, coordinator__site=site)
    for back in (1, 2, 3):
        meeting(forum, quarter_start(timezone.localdate(), back) + datetime.timedelta(days=9))
    wall = factories.IdeaWallPageFactory(parent=home)
    for number in range(3):
        factories.IdeaFactory(wall=wall, title=f"Cedertorpin idea {number}")
    factories.GuidelinePageFactory(parent=home)
    factories.ContactCardFactory(site=site, responsibility="associations")
    factories.AssociationFactory(site=site, name="Cedertorps Förening rf")
    return site, home
