"""The two APIs.

- /api/v2/: Wagtail's stable content API (pages, images, documents).
- /api/: the collaboration API of our apps' django-ninja routers, one OpenAPI 3.1
  schema at /api/openapi.json and interactive docs at /api/docs. Conventions are in
  docs/api.md; core.api holds the shared pieces.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.signing import BadSignature
from django.http import Http404
from django.utils.cache import patch_cache_control
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from accounts.api import router as me_router
from associations.api import my_associations_router
from associations.api import router as associations_router
from contacts.api import router as contacts_router
from core.api import CollaborationAPI, install_error_handlers
from core.municipalities import municipality_by_code
from core.municipality_api import router as municipalities_router
from core.text import has_control_characters
from forums.api import association_forums_router, meetings_router, my_registrations_router
from forums.api import router as forums_router
from guidelines.api import router as guidelines_router
from ideas.api import router as ideas_router
from regions.api import router as regions_router

# The largest row offset SQLite and PostgreSQL take (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1
SEARCH_OPERATORS = ("and", "or")


class CheckedParametersMixin:
    """Query parameters Wagtail would pass on to the database unchecked answer 400.

    Wagtail's own checks cover unknown parameters and negative numbers; these cover
    what makes the database fail instead: NUL and other control characters (PostgreSQL
    refuses them in text), offsets past a 64-bit integer, search operators that do not
    exist. The answer has Wagtail's shape, {"message": ...}.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if has_control_characters(name) or any(map(has_control_characters, values)):
                raise BadRequestError(f"{name} must not contain control characters")
        offset = request.GET.get("offset", "")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")


class ContentPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    """Pages of the Site asked for, as Wagtail scopes them (its own ?site=<hostname[:port]>
    chooses another), or of the municipality ?municipality=<code> names: the same code as
    in the collaboration API (core.api.api_site), for a client on a shared API host."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["municipality"])

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        code = request.GET.get("municipality")
        if code is None:
            return
        if "site" in request.GET:
            raise BadRequestError("give either municipality or site, not both")
        site = municipality_by_code(code)
        if site is None:
            raise Http404("there is no municipality with this code; see /api/municipalities/")
        # Wagtail's own site filter then scopes the listing, the detail and their search.
        query = request._request.GET.copy()
        query["site"] = f"{site.hostname}:{site.port}"
        request._request.GET = query
        self._municipality = site

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if "site" in request.GET and response.status_code == 200:
            # Another Site's pages through this address: their changes purge their own
            # address, so no shared cache may keep this answer (clients revalidate it).
            patch_cache_control(response, no_cache=True)
        return response

    def get_root_page(self):
        """child_of=root: the municipality's home, when one is named."""
        site = getattr(self, "_municipality", None)
        return site.root_page if site is not None else super().get_root_page()


class ContentImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    pass


class ContentDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    pass


class PagePreviewAPIViewSet(ContentPagesAPIViewSet):
    """A draft being previewed, for a separate front end.

    /api/v2/page_preview/?content_type=news.newspage&token=…

    The token is signed by the site when an editor presses preview; without a valid
    one nothing is served.
    """

    known_query_parameters = ContentPagesAPIViewSet.known_query_parameters.union(
        ["content_type", "token"]
    )

    def listing_view(self, request):
        self.action = "detail_view"
        return self.detail_view(request, 0)

    def detail_view(self, request, pk):
        response = Response(self.get_serializer(self.get_object()).data)
        # A draft, for the editor who pressed preview: no cache may keep it.
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_object(self):
        try:
            app_label, model = self.request.GET["content_type"].split(".")
            page_model = ContentType.objects.get_by_natural_key(app_label, model).model_class()
            page = page_model.get_page_from_preview_token(self.request.GET["token"])
        except (KeyError, ValueError, AttributeError, ContentType.DoesNotExist, BadSignature):
            page = None
        if page is None:
            raise Http404
        page.pk = page.pk or 0  # a new page has no key yet; the serializer needs one
        return page


content_api = WagtailAPIRouter("wagtailapi")
# "pages" first: a page's detail_url names the first endpoint registered for its model.
content_api.register_endpoint("pages", ContentPagesAPIViewSet)
content_api.register_endpoint("page_preview", PagePreviewAPIViewSet)
content_api.register_endpoint("images", ContentImagesAPIViewSet)
content_api.register_endpoint("documents", ContentDocumentsAPIViewSet)

collaboration_api = CollaborationAPI(
    title="Yhdessä collaboration API",
    version="1.0.0",
    description=(
        "Forums and meetings, contact cards, the association directory, the cooperation "
        "guideline and the idea wall. "
        "Each municipality's records are its own: an answer holds those of the "
        "municipality whose address was asked, or of the one ?municipality=<code> names "
        "(GET /api/municipalities/ lists the codes). "
        "Public data needs no token; taking part needs a personal API token "
        "(Authorization: Bearer …) or the site's session with its CSRF token."
    ),
    urls_namespace="collaboration_api",
)
install_error_handlers(collaboration_api)
collaboration_api.add_router("/municipalities/", municipalities_router)
collaboration_api.add_router("/contact-cards/", contacts_router)
collaboration_api.add_router("/forums/", forums_router)
collaboration_api.add_router("/meetings/", meetings_router)
collaboration_api.add_router("/associations/", association_forums_router)
collaboration_api.add_router("/guidelines/", guidelines_router)
collaboration_api.add_router("/", ideas_router)
collaboration_api.add_router("/associations/", associations_router)
collaboration_api.add_router("/me/registrations/", my_registrations_router)
collaboration_api.add_router("/me/associations/", my_associations_router)
collaboration_api.add_router("/me/", me_router)
collaboration_api.add_router("/regions/", regions_router)
