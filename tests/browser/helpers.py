"""Small helpers shared by the browser tests."""

from urllib.parse import urlsplit


def path_of(page):
    """The page's path on the live server, whatever host the site is configured for."""
    assert page is not None, "the demo is missing a page the test needs"
    url = page.url
    assert url, f"{page!r} has no URL; is the default site pointed at the demo home page?"
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def on_default_site(model):
    """The live pages of `model` on the default Site (the demo's Järvelä), which the live
    server's own address serves; the other municipalities answer on their own names."""
    from wagtail.models import Site

    return model.objects.live().in_site(Site.objects.get(is_default_site=True))


# --- axe-core, for journeys that check the pages they pass through ---

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    lines = []
    for violation in results.response["violations"]:
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} element(s): {targets}] {violation['helpUrl']}"
        )
    return lines


def assert_accessible(page):
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    violations = axe_violations(page)
    assert not violations, f"axe found violations on {page.url}:\n" + "\n".join(violations)
