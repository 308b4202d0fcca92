"""Admin addresses that must be matched before Wagtail's own (config.urls includes this
module first under /admin/): Wagtail views whose answer spans every municipality, kept
for region-wide staff (core.municipalities.works_for_every_municipality)."""

from functools import wraps

from django.urls import path
from wagtail.admin.auth import permission_denied, require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

from core.municipalities import works_for_every_municipality


def region_wide_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not works_for_every_municipality(request.user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return require_admin_access(wrapped)


urlpatterns = [
    # Counts every Site's pages and names the last edited one of each type.
    path(
        "reports/page-types-usage/",
        region_wide_only(PageTypesUsageReportView.as_view()),
    ),
    path(
        "reports/page-types-usage/results/",
        region_wide_only(PageTypesUsageReportView.as_view(results_only=True)),
    ),
]
