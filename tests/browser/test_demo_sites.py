"""`make run` serves every demo municipality and the region on its own `*.localhost` name.

The browser resolves the names by itself (no /etc/hosts, no set-up); each site shows its
own name and its own navigation, and its links stay on its own host.
"""

from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser

NAMES = {
    "jarvela": "Yhdessä – Järvelä",
    "koivikko": "Yhdessä – Koivikko",
    "lahdenpera": "Yhdessä – Lahdenperä",
    "jarviseutu": "Järviseudun järjestöyhteistyö",
}


def test_each_demo_site_answers_on_its_own_localhost_name(demo_sites, page):
    assert set(demo_sites) == set(NAMES)
    for code, base in demo_sites.items():
        response = page.goto(base + "/")
        assert response.status == 200, code
        assert NAMES[code] in page.title(), code
        hosts = {
            urlsplit(href).hostname
            for href in page.eval_on_selector_all("a[href^='http']", "as => as.map(a => a.href)")
        }
        own = urlsplit(base).hostname
        others = {urlsplit(url).hostname for url in demo_sites.values()} - {own}
        assert not hosts & others, f"{code} links to another municipality: {hosts & others}"
        assert_accessible(page)


def test_the_default_municipality_also_answers_at_the_servers_own_address(demo, page):
    page.goto(demo + "/")
    assert NAMES["jarvela"] in page.title()
