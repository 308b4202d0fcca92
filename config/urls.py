from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import conditional_page
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from config.api import collaboration_api, content_api
from core.views import brand_stylesheet
from home.views import search


def cacheable_by_clients(view):
    """ETag on every GET (a hash of the body) and 304 for an unchanged If-None-Match.

    Answers can differ per person (their votes), so shared caches must key on the
    credentials as well.
    """
    conditional_view = conditional_page(view)

    def wrapped(request, *args, **kwargs):
        response = conditional_view(request, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response

    return wrapped


def collaboration_api_urls():
    patterns, app_name, namespace = collaboration_api.urls
    return include(
        (decorate_urlpatterns(patterns, cacheable_by_clients), app_name), namespace=namespace
    )


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", content_api.urls),
    path("api/", collaboration_api_urls()),
    path("haku/", search, name="search"),
    path("kieli/", set_language, name="set_language"),
    path("tyyli/<str:version>.css", brand_stylesheet, name="brand_stylesheet"),
    # Participants' accounts: our own pages first, then django-allauth's.
    path("tili/", include("accounts.urls")),
    path("tili/", include("allauth.urls")),
]

# allauth answers a rate-limited sign-up, sign-in or code request with this page.
handler429 = "accounts.views.too_many_requests"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
