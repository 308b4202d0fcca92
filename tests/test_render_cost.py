"""The chrome around every page is built once, and a change to it shows on the next visit.

Header, navigation, footer and breadcrumbs are the same on every page of a site; a visitor's
page should not wait for them to be read and rendered again (bench/render_cost.py measures
the cost), yet an editor's change must show at once, with no purge and no waiting.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import NavigationLink, SiteSettings
from tests import factories

pytestmark = pytest.mark.django_db

CHROME_TABLES = ["core_sitesettings", "core_navigationlink", "wagtailimages_image"]


@pytest.fixture
def section(home_page):
    """A section in the main navigation with a page under it (so it has breadcrumbs)."""
    section = factories.StandardPageFactory(parent=home_page, title="Järjestöyhteistyö")
    page = factories.StandardPageFactory(parent=section, title="Avustukset")
    settings = SiteSettings.for_site(home_page.get_site())
    settings.organisation_name = "Järvelän kunta"
    settings.feedback_email = "palaute@jarvela.example.fi"
    settings.logo = factories.PhotoFactory()
    settings.save()
    link = NavigationLink.objects.create(settings=settings, page=section, label="Yhteistyö")
    return {"section": section, "page": page, "settings": settings, "link": link}


def test_a_second_visit_reads_no_settings_navigation_or_logo(client, section):
    url = section["page"].url
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url).content.decode()
    assert second == first
    assert "Järvelän kunta" in second
    assert 'aria-current="true">Yhteistyö</a>' in second
    assert "palaute@jarvela.example.fi" in second
    assert 'class="site-title__logo"' in second
    read = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in read if any(f'"{table}"' in sql for table in CHROME_TABLES)]


def test_changed_settings_navigation_and_titles_show_on_the_next_visit(client, section):
    url = section["page"].url
    client.get(url)
    section["settings"].organisation_name = "Järvelän kaupunki"
    section["settings"].save()
    section["link"].label = "Järjestöt"
    section["link"].save()
    html = client.get(url).content.decode()
    assert "Järvelän kaupunki" in html
    assert "Järvelän kunta" not in html
    assert 'aria-current="true">Järjestöt</a>' in html

    section["section"].title = "Yhdistysyhteistyö"
    section["section"].save_revision().publish()
    html = client.get(url).content.decode()
    breadcrumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert "Yhdistysyhteistyö" in breadcrumbs
    assert "Järjestöyhteistyö" not in breadcrumbs

    NavigationLink.objects.filter(pk=section["link"].pk).delete()
    assert "Järjestöt</a>" not in client.get(url).content.decode()
