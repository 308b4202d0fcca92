"""Routing a path to its page in one query for the whole path, instead of one per level.

Wagtail's Page.route walks the tree a level at a time: the child with the next slug (a
query), then that child's specific row (another), and so on down. The site root here
(HomePage) instead fetches every page whose url_path is a prefix of the path in one query
and walks that chain in memory, taking exactly the steps Page.route would take. A page
whose type routes for itself is asked to, as Wagtail asks it: a RoutablePageMixin page
whose own routes take the rest of the path (a feed, an idea, a meeting's registration),
the last page of the path, and any page type with a route of its own making. Only the page
that answers is fetched as its specific type. Wagtail's serve view then runs as ever
(before_serve_page hooks, view restrictions, the page's serve).
"""

from django.http import Http404
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def _own_route(page_class):
    """ "plain" when the type routes as Page does, "routable" when as RoutablePageMixin over
    Page, else "own" (a route of its own: only the page itself knows)."""
    routes = [
        c.__dict__["route"]
        for c in page_class.__mro__
        if "route" in c.__dict__ and c is not PathRoutingMixin
    ]
    if routes == [Page.route]:
        return "plain"
    if routes == [RoutablePageMixin.route, Page.route]:
        return "routable"
    return "own"


def _takes_rest_itself(page, page_class, rest):
    """Would this RoutablePageMixin page answer `rest` with one of its own routes?"""
    if not page.live:
        return False
    try:
        page_class.get_resolver().resolve("/" + "".join(f"{c}/" for c in rest))
    except (Resolver404, Http404):
        return False
    return True


class PathRoutingMixin:
    """For the site root: route(request, path_components) with one query for the chain."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{c}/" for c in path_components[:n])
            for n in range(1, len(path_components) + 1)
        ]
        # Only this root's own descendants: another site's tree may have the same url_path.
        chain = {
            (page.depth, page.url_path): page
            for page in Page.objects.filter(
                url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            ).order_by("path")
        }
        page, page_class = self, type(self)
        for level in range(len(path_components)):
            rest = path_components[level:]
            kind = _own_route(page_class)
            if kind == "own" or (kind == "routable" and _takes_rest_itself(page, page_class, rest)):
                return self._route_at(page, request, rest)
            child = chain.get((page.depth + 1, prefixes[level]))
            if child is None or not child.path.startswith(page.path):
                raise Http404
            # As Page.route does: the child knows its parent without another query.
            child._cached_parent_obj = page
            page, page_class = child, child.specific_class
            if page_class is None:  # a page whose type's app is gone, as Page.route finds
                raise Http404
        return self._route_at(page, request, [])

    def _route_at(self, page, request, rest):
        """The page's own route for the rest of the path (this root's: the one below us)."""
        if page is self:
            return super().route(request, rest)
        return page.specific.route(request, rest)
