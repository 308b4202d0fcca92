"""Which pages and API answers show an association of the register (core.purge). A save
of the record purges them: publishing, hiding, confirming or changing its details.

The forums it sits in show its name too; forums.purge_rules adds them, as this app
imports no feature app (DESIGN.md).
"""

from associations import directory
from associations.models import Association
from core.purge import SITE_SEARCH_PATH, register_purge_rule, site_url


def urls_showing_association(association):
    """Its municipality's directory (every letter, field and search of it), its own page
    there, the directory API, the site search and the sitemap, which lists its page."""
    site = association.site
    return [
        *directory.directory_pages(site),
        site_url(site, "/api/associations/"),
        site_url(site, f"/api/associations/{association.pk}/"),
        site_url(site, SITE_SEARCH_PATH),
        site_url(site, "/sitemap.xml"),
        association.directory_full_url(),
    ]


register_purge_rule(Association, urls_showing_association)
