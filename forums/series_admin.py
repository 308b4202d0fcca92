"""Meeting series in the Wagtail admin: a snippet with a "Luo kokoukset" action.

A series is the staff's recipe, not page content: a SnippetViewSet gives it a listing, a
form with the model's validation, permissions per action and its history. "Luo kokoukset"
shows the dates first (which meetings exist already, which are to be made) and makes the
missing ones on POST (forums.series.generate_meetings).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet

from core.municipalities import register_staff_scope
from core.municipality_admin import MunicipalitySnippetViewSet
from forums import series_admin_views
from forums.models import MeetingSeries

register_staff_scope(MeetingSeries, page_field="forum")


class MeetingSeriesViewSet(MunicipalitySnippetViewSet):
    model = MeetingSeries
    icon = "date"
    menu_label = _("Meeting series")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["name", "forum", "describe"]
    list_filter = ["forum"]


register_snippet(MeetingSeriesViewSet)


@hooks.register("register_snippet_listing_buttons")
def generate_button(snippet, user, next_url=None):
    if isinstance(snippet, MeetingSeries):
        yield ListingButton(
            _("Create meetings"),
            reverse("forums_series_generate", args=[snippet.pk]),
            icon_name="date",
            priority=5,
        )


@hooks.register("register_admin_urls")
def series_urls():
    return [
        path(
            "forums/series/<int:pk>/generate/",
            series_admin_views.GenerateMeetingsView.as_view(),
            name="forums_series_generate",
        )
    ]
