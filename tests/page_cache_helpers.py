"""Anonymous visitors of the page cache (core.page_cache), for tests of what is kept and
what a change purges (tests/test_page_cache.py, tests/test_purge_rules.py). The fixture
that switches the cache on is `page_cache` in tests/conftest.py."""

from django.test import Client

HOST = "localhost"  # the Site's own address: pages asked for by another name are not kept


def anonymous():
    return Client(HTTP_HOST=HOST)


def signed_in(user):
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def warm(client, *urls):
    """Ask for each URL until the cache keeps it: the next anonymous visitor gets a hit."""
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def fresh(client, url, text):
    """Rendered afresh (the cache's copy was purged), showing `text`."""
    response = client.get(url)
    return response.get("X-Page-Cache") == "miss" and text in response.content.decode()
