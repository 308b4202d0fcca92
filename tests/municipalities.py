"""Two municipalities on one install, built with the factories: each its own Site, home,
pages and records, with names that differ between them and words that occur in both
("kirjasto", "foorumi") for the search.

Used by the municipality API and account tests, which need exact records on each side;
the isolation test walks the demo itself (home's load_demo).
"""

import datetime

from django.utils import timezone
from wagtail.models import Page, Site

from core.models import SiteSettings
from tests import factories

# name, code, hostname, and each one's own words for its records.
MUNICIPALITIES = [
    ("Järvelä", "jarvela", "jarvela.localhost", "Lummelahden", "Aino Ahvenlampi"),
    ("Koivikko", "koivikko", "koivikko.localhost", "Tervaniemen", "Veikko Varpula"),
]


def build_municipality(name, code, hostname, word, person, *, default=False):
    """A Site with its home page, the sections under it and one record of each kind."""
    root = Page.objects.get(depth=1)
    home = factories.HomePageFactory(parent=root, slug=code, title=f"Yhdessä {name}")
    site = Site.objects.create(
        hostname=hostname, port=80, root_page=home, site_name=name, is_default_site=default
    )
    SiteSettings.objects.update_or_create(site=site, defaults={"code": code})
    card = factories.ContactCardFactory(
        site=site, name=person, answers_for=f"{word} kirjastofoorumi"
    )
    factories.ContactsPageFactory(parent=home)
    news = factories.NewsIndexPageFactory(parent=home)
    factories.NewsPageFactory(parent=news, title=f"{word} kirjasto avaa ovensa")
    forums = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(
        parent=forums, title=f"{word} kirjastofoorumi", coordinator=card
    )
    factories.ForumMeetingPageFactory(
        parent=forum, title=f"{word} kirjastoilta", registration_open=True, seats=20
    )
    factories.ForumMeetingPageFactory(
        parent=forum,
        title=f"{word} kevään kirjastokokous",
        start=timezone.now() - datetime.timedelta(days=30),
    )
    wall = factories.IdeaWallPageFactory(parent=home, title=f"{word} ideaseinä")
    factories.IdeaFactory(wall=wall, title=f"{word} kirjastoon lukupiiri")
    factories.AssociationDirectoryPageFactory(parent=home)
    factories.AssociationFactory(site=site, name=f"{word} Kirjaston Ystävät ry")
    guideline = factories.GuidelinePageFactory(parent=home, title=f"{word} järjestöyhteistyön ohje")
    factories.GuidelineSectionFactory(page=guideline, title=f"{word} kirjastotilat")
    return site


def build_municipalities():
    """{code: Site} for MUNICIPALITIES, the first the default Site."""
    for welcome in Page.objects.get(depth=1).get_children():
        welcome.delete()
    Site.objects.all().delete()
    return {
        code: build_municipality(name, code, host, word, person, default=index == 0)
        for index, (name, code, host, word, person) in enumerate(MUNICIPALITIES)
    }
