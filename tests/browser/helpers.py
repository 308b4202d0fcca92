"""Small helpers shared by the browser tests."""

from urllib.parse import urlsplit


def path_of(page):
    """The page's path on the live server, whatever host the site is configured for."""
    assert page is not None, "the demo is missing a page the test needs"
    url = page.url
    assert url, f"{page!r} has no URL; is the default site pointed at the demo home page?"
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
