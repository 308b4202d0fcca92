"""Everything a visitor sees is the municipality's own.

For each municipality the test walks its site from its own address: every page and link on
that host, the feeds and calendars, sitemap.xml, the search with words that occur in every
municipality's content, and every listing and detail of both APIs (/api/ and /api/v2/),
with and without ?municipality=<its code>. No answer may carry another municipality's
distinctive values: the titles of its pages (meetings, forums, news, walls, guidelines),
the titles of its ideas, the names on its contact cards and of its associations, all
collected from the database per Site here (a value two municipalities share is nobody's
own and is left out).

The ground is the demo (home's load_demo: three municipalities and the region's site).
"""

import html
import itertools
import re
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, get_page_models

from associations.models import Association
from config.api import collaboration_api
from contacts.models import ContactCard
from core.models import SiteSettings
from core.municipalities import municipalities, pages_on
from forums.models import ForumMeetingPage, ForumPage
from guidelines.models import CommentPeriod, GuidelinePage, GuidelineProposal
from ideas.models import Idea, IdeaWallPage
from tests.crawl import crawl

# Words in every municipality's content, for the site search and the content API's.
SHARED_WORDS = ("kirjasto", "foorumi", "yhdistys", "idea", "kokous", "ohje")
# A value this short could be part of any word.
SHORTEST_VALUE = 6
MAX_FETCHES = 1500
# Language versions show the same records as the Finnish page; walked once, in Finnish.
OTHER_LANGUAGES = ("/sv/", "/en/")
# The answers about every municipality by design: the list of them, and the regional
# overview's figures (regions: each municipality's figures with links to its own pages).
ABOUT_EVERY_MUNICIPALITY = ("/api/municipalities/", "/api/regions/")


def _site_of_record(site):
    return {
        "page": set(
            Page.objects.filter(pages_on(site)).exclude(depth=1).values_list("title", flat=True)
        ),
        "idea": set(Idea.objects.filter(pages_on(site, "wall")).values_list("title", flat=True)),
        "contact card": set(ContactCard.objects.filter(site=site).values_list("name", flat=True)),
        "association": set(Association.objects.filter(site=site).values_list("name", flat=True)),
    }


def distinctive_values(sites):
    """{site: {(kind, value)}}: the values of each Site that no other Site has."""
    values = {site: _site_of_record(site) for site in sites}
    everyone = {}
    for site, kinds in values.items():
        for found in kinds.values():
            for value in found:
                everyone.setdefault(value, set()).add(site)
    return {
        site: {
            (kind, value)
            for kind, found in kinds.items()
            for value in found
            if everyone[value] == {site} and len(value) >= SHORTEST_VALUE
        }
        for site, kinds in values.items()
    }


def _ids(model, **lookups):
    return list(model.objects.filter(**lookups).values_list("pk", flat=True))


def _record_ids():
    """For each path parameter of the collaboration API, the ids of every municipality's
    records it can name (versions and registrations by token have tests of their own)."""
    return {
        "card_id": _ids(ContactCard),
        "forum_id": _ids(ForumPage),
        "meeting_id": _ids(ForumMeetingPage),
        "association_id": _ids(Association),
        "guideline_id": _ids(GuidelinePage),
        "proposal_id": _ids(GuidelineProposal),
        "period_id": _ids(CommentPeriod),
        "wall_id": _ids(IdeaWallPage),
        "idea_id": _ids(Idea),
    }


def _api_paths(code):
    """Every GET of the collaboration API for every record of every municipality, and the
    content API's listings and details, each without and with ?municipality=<code>."""
    ids = _record_ids()
    paths = []
    for path, operations in collaboration_api.get_openapi_schema()["paths"].items():
        if "get" not in operations or path.startswith("/api/me/"):
            continue
        names = re.findall(r"{(\w+)}", path)
        if not all(name in ids for name in names) or path.endswith("/registration/"):
            continue
        for values in itertools.product(*(ids[name] for name in names)):
            filled = path
            for name, value in zip(names, values, strict=True):
                filled = filled.replace("{" + name + "}", str(value))
            paths.append(filled)
    paths += ["/api/v2/pages/?fields=*", "/api/v2/pages/?child_of=root"]
    for model in get_page_models():
        if model is not Page:
            label = f"{model._meta.app_label}.{model.__name__}"
            paths.append("/api/v2/pages/?" + urlencode({"type": label, "fields": "*"}))
    pages = Page.objects.exclude(depth=1).values_list("id", flat=True)
    paths += [f"/api/v2/pages/{pk}/?fields=*" for pk in pages]
    for word in SHARED_WORDS:
        paths.append("/api/v2/pages/?" + urlencode({"search": word}))
    scoped = [path + ("&" if "?" in path else "?") + f"municipality={code}" for path in paths]
    return paths + scoped


def pages_start():
    return ["/", "/sitemap.xml", *("/haku/?" + urlencode({"q": word}) for word in SHARED_WORDS)]


def _followed(url):
    return not url.startswith(OTHER_LANGUAGES)


def leaks_on(site, code, forbidden):
    """Another municipality's values found in any answer of `site`'s address."""
    client = Client(HTTP_HOST=site.hostname, SERVER_PORT=str(site.port))
    # The pages and the links found on them first, then every API address (a few
    # thousand on the demo; the API links in their answers are followed too).
    answers = crawl(
        client, pages_start(), site.root_url, max_fetches=MAX_FETCHES, followed=_followed
    )
    answers += crawl(
        client,
        _api_paths(code),
        site.root_url,
        max_fetches=10 * MAX_FETCHES,
        followed=lambda url: url.startswith("/api/"),
    )
    pattern = re.compile("|".join(re.escape(value) for _kind, value in forbidden))
    kind_of = {value: kind for kind, value in forbidden}
    found = []
    for url, status, text in answers:
        if url.startswith(ABOUT_EVERY_MUNICIPALITY):
            continue
        for match in set(pattern.findall(html.unescape(text))):
            found.append(f"{kind_of[match]} {match!r} at {url} [{status}]")
    return answers, found


def _check_isolation(sites):
    values = distinctive_values(sites)
    codes = dict(SiteSettings.objects.filter(site__in=sites).values_list("site_id", "code"))
    for site in sites:
        forbidden = set().union(*(values[other] for other in sites if other != site))
        assert values[site], f"{site} has values of its own to look for"
        assert forbidden, f"the others of {site} have values to look for"
        answers, leaks = leaks_on(site, codes[site.pk], forbidden)
        reached = {url.split("?")[0] for url, status, _text in answers if status == 200}
        assert {"/", "/sitemap.xml", "/haku/", "/api/v2/pages/", "/api/forums/"} <= reached
        assert any("/syote/" in url for url in reached), "a feed"
        assert any("kalenteri" in url for url in reached), "a calendar"
        own = {value for _kind, value in values[site]}
        shown = "\n".join(text for _url, status, text in answers if status == 200)
        assert any(value in html.unescape(shown) for value in own), "its own values show"
        assert not leaks, f"{len(leaks)} values of another municipality on {site}:\n" + "\n".join(
            sorted(leaks)[:60]
        )


@pytest.mark.django_db
def test_each_municipality_of_the_demo_shows_only_its_own():
    call_command("load_demo", verbosity=0)
    sites = list(municipalities())
    assert len(sites) >= 3, "the demo's three municipalities"
    _check_isolation(sites)
