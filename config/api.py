"""The two APIs.

- /api/v2/: Wagtail's stable content API (pages, images, documents).
- /api/: the collaboration API of our apps' django-ninja routers, one OpenAPI 3.1
  schema at /api/openapi.json and interactive docs at /api/docs. Conventions are in
  docs/api.md; core.api holds the shared pieces.
"""

from ninja import NinjaAPI
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from contacts.api import router as contacts_router
from core.api import install_error_handlers
from forums.api import meetings_router
from forums.api import router as forums_router
from guidelines.api import router as guidelines_router

content_api = WagtailAPIRouter("wagtailapi")
content_api.register_endpoint("pages", PagesAPIViewSet)
content_api.register_endpoint("images", ImagesAPIViewSet)
content_api.register_endpoint("documents", DocumentsAPIViewSet)

collaboration_api = NinjaAPI(
    title="Yhdessä collaboration API",
    version="1.0.0",
    description=(
        "Forums and meetings, contact cards, the cooperation guideline and the idea wall. "
        "Public data needs no token; taking part needs a personal API token "
        "(Authorization: Bearer …) or the site's session with its CSRF token."
    ),
    urls_namespace="collaboration_api",
)
install_error_handlers(collaboration_api)
collaboration_api.add_router("/contact-cards/", contacts_router)
collaboration_api.add_router("/forums/", forums_router)
collaboration_api.add_router("/meetings/", meetings_router)
collaboration_api.add_router("/guidelines/", guidelines_router)
