from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import conditional_page
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from config.api import collaboration_api, content_api
from core.views import brand_stylesheet
from forums.personal_calendars import personal_calendar, renew_personal_calendar
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
    path("admin/", include("core.admin_urls")),  # before Wagtail's: see the module
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", content_api.urls),
    path("api/", collaboration_api_urls()),
    # The accent colour's stylesheet is the same in every language.
    path("tyyli/<str:version>.css", brand_stylesheet, name="brand_stylesheet"),
    # A participant's own calendar, fetched by calendar programs: one address in every language.
    path("kalenteri/oma/<str:key>/", personal_calendar, name="personal_calendar"),
    # Every live public page of the Site asked for, and what pages add (get_sitemap_urls).
    path("sitemap.xml", sitemap, name="sitemap"),
]

# allauth answers a rate-limited sign-up, sign-in or code request with this page.
handler429 = "accounts.views.too_many_requests"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What a visitor reads has its interface language in the address: /sv/… Swedish, /en/…
# English, Finnish without a prefix. One address is one answer, so pages stay cacheable and
# choosing a language needs no form, session or cookie (core.middleware.UrlLanguageMiddleware).
# The participants' pages are here too: a Swedish reader signs in in Swedish and is led back
# under /sv/. The admin (each editor's own language), the APIs, documents and media speak to
# programs and editors, not to a reader of one language version, and stay unprefixed.
# The pages are one Finnish tree (WAGTAIL_I18N_ENABLED is off): Page.get_url_parts reverses
# `wagtail_serve` in the active language, so every link inside a Swedish page stays under /sv/.
urlpatterns += i18n_patterns(
    path("haku/", search, name="search"),
    # Participants' accounts: our own pages first, then django-allauth's.
    path(
        "tili/oma-kalenteri/uusi-osoite/",
        renew_personal_calendar,
        name="renew_personal_calendar",
    ),
    path("tili/", include("accounts.urls")),
    # The association register's links for contact persons (no account needed).
    path("yhdistysrekisteri/vahvista/", include("associations.confirmation_urls")),
    path("yhdistysrekisteri/poistopyynto/", include("associations.removal_urls")),
    path("", include("associations.urls")),
    path("tili/", include("allauth.urls")),
    path("yhdistykset/ilmoita/", include("associations.report_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
