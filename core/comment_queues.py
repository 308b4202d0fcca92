"""The moderators' two comment queues, for every app's comments in one list.

Comments waiting for moderation and reported comments are listed together, newest first,
whichever app they were written in (the idea wall, the guideline), with a "Source" filter.
Each app registers each kind of visitor text it has as a CommentSource (the guideline has
its comments and its suggested edits); only what differs is given there.

wagtail-modeladmin lists one model, and the comments of each app are a table of their
own, so these queues are a core admin view. Every source's queryset gets the same filters;
the rows of one page are chosen in the database from a UNION ALL of the sources' (source,
pk, created_at), with one ORDER BY and LIMIT, and counted with one COUNT over that union;
then each source's rows of the page are read in one query with what the columns show.
Sorting and paging stay in the database (no merging of whole lists in Python), and a page
is the same few queries however many comments wait.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import IntegerField, Value
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import bylines
from core.admin_forms import MixedBulkModerationForm
from core.admin_views import BaseBulkModerationView, can_moderate, state_label
from core.models import ModerationState
from core.moderation_admin import (
    MODERATE_URL_NAMES,
    POSTED_CHOICES,
    open_report_count,
    posted_since,
    report_reasons,
    with_report_counts,
    writer_label,
)
from core.municipalities import staff_records

# key (the "source" filter's value, the prefix of a ticked box) -> CommentSource
COMMENT_SOURCES = {}

WAITING_URL_NAME = "core_moderation_waiting_comments"
REPORTED_URL_NAME = "core_moderation_reported_comments"
COMMENTS_BULK_URL_NAME = "core_moderation_comments_bulk"


@dataclass(frozen=True)
class PlaceFilter:
    """A filter by where the texts were written (an idea wall, a guideline); choosing it
    keeps only the sources that share this filter (the guideline's comments and suggested
    edits share one)."""

    parameter: str
    title: str
    lookup: str  # from the comment to the place's pk, e.g. "idea__wall_id"
    choices: Callable  # user -> [(pk, title), ...] of the places of the user's municipalities


@dataclass(frozen=True)
class CommentSource:
    """One app's comments in the shared queues."""

    key: str
    label: str
    model: type
    select_related: tuple
    subject: Callable  # comment -> what it was written on, as the queue names it
    place_filter: PlaceFilter
    # The field the queue shows an excerpt of and searches: a comment's body; a suggested
    # edit's proposed text.
    text_field: str = "body"

    def moderate_url(self, comment, action=None):
        name = MODERATE_URL_NAMES[self.model]
        if action:
            return reverse(f"{name}_action", args=[comment.pk, action])
        return reverse(name, args=[comment.pk])


def register_comment_source(source):
    COMMENT_SOURCES[source.key] = source


def bulk_value(source, comment):
    """A ticked box's value: the source and the pk, as comments of two tables share pks."""
    return f"{source.key}-{comment.pk}"


def sources_for(user):
    return [s for s in COMMENT_SOURCES.values() if can_moderate(user, s.model)]


class CommentQueueView(WagtailAdminTemplateMixin, View):
    template_name = "core/admin/moderation/comment_queue.html"
    header_icon = "comment"
    per_page = 50
    reported = False
    empty_message = ""

    def dispatch(self, request, *args, **kwargs):
        self.sources = sources_for(request.user)
        if not self.sources:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    # --- the filters ---

    def value(self, parameter):
        return self.request.GET.get(parameter, "")

    def query_string(self, **changes):
        params = self.request.GET.copy()
        params.pop("p", None)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        return "?" + params.urlencode() if params else "?"

    def filter_group(self, title, parameter, choices):
        current = self.value(parameter)
        options = [{"display": _("All"), "query_string": self.query_string(**{parameter: None})}]
        options[0]["selected"] = not current
        for value, display in choices:
            options.append(
                {
                    "display": display,
                    "query_string": self.query_string(**{parameter: str(value)}),
                    "selected": current == str(value),
                }
            )
        return {"title": title, "choices": options}

    def filters(self):
        groups = []
        if len(self.sources) > 1:
            groups.append(
                self.filter_group(_("source"), "source", [(s.key, s.label) for s in self.sources])
            )
        for place in self.place_filters():
            groups.append(
                self.filter_group(place.title, place.parameter, place.choices(self.request.user))
            )
        if self.reported:
            groups.append(
                self.filter_group(_("moderation state"), "state", ModerationState.choices)
            )
        groups.append(
            self.filter_group(
                _("held because of reports"), "held", [("1", _("Yes")), ("0", _("No"))]
            )
        )
        groups.append(self.filter_group(_("posted"), "posted", POSTED_CHOICES))
        return groups

    def place_filters(self):
        """Each place filter once, though several sources share it."""
        return list({s.place_filter.parameter: s.place_filter for s in self.sources}.values())

    def chosen_sources(self):
        chosen = [s for s in self.sources if self.value("source") in ("", s.key)]
        for place in self.place_filters():
            if self.value(place.parameter):
                chosen = [s for s in chosen if s.place_filter.parameter == place.parameter]
        return chosen

    def filtered(self, source):
        comments = staff_records(source.model.objects.all(), self.request.user)
        if self.reported:
            comments = comments.annotate(open_report_count=open_report_count(source.model))
            comments = comments.filter(open_report_count__gt=0)
            if self.value("state") in ModerationState.values:
                comments = comments.filter(state=self.value("state"))
        else:
            comments = comments.awaiting_moderator()
        place = self.value(source.place_filter.parameter)
        if place:
            # Not a number: nothing matches, as Django's own filters do with a bad value.
            place = int(place) if place.isdigit() else 0
            comments = comments.filter(**{source.place_filter.lookup: place})
        if self.value("held") in ("0", "1"):
            comments = comments.filter(held_by_reports=self.value("held") == "1")
        since = posted_since(self.value("posted"))
        if since is not None:
            comments = comments.filter(created_at__gte=since)
        if self.value("q").strip():
            comments = comments.filter(
                **{f"{source.text_field}__icontains": self.value("q").strip()}
            )
        return comments

    # --- the page of rows ---

    def page_keys(self, sources):
        parts = [
            self.filtered(source)
            .order_by()
            .annotate(source_index=Value(index, output_field=IntegerField()))
            .values_list("source_index", "pk", "created_at")
            for index, source in enumerate(sources)
        ]
        union = parts[0].union(*parts[1:], all=True).order_by("-created_at", "-source_index")
        paginator = Paginator(union, self.per_page)
        return paginator.get_page(self.value("p"))

    def rows(self, sources, keys):
        found = {}
        for index, source in enumerate(sources):
            pks = [pk for source_index, pk, _created in keys if source_index == index]
            if not pks:
                continue
            comments = source.model.objects.select_related(*source.select_related, "author")
            if self.reported:
                comments = with_report_counts(comments)
            for pk, comment in comments.in_bulk(pks).items():
                found[index, pk] = (source, comment)
        # The writers' associations for the whole page in one query.
        names = bylines.bylines_of({comment.author_id for _source, comment in found.values()})
        return [
            self.row(*found[index, pk], names)
            for index, pk, _created in keys
            if (index, pk) in found
        ]

    def row(self, source, comment, names):
        next_query = urlencode({"next": self.request.get_full_path()})
        return {
            "comment": comment,
            "source": source,
            "bulk_value": bulk_value(source, comment),
            "excerpt": Truncator(getattr(comment, source.text_field)).chars(120),
            "subject": source.subject(comment),
            "writer": writer_label(comment, names),
            "state": state_label(comment),
            "reasons": report_reasons(comment) if self.reported else "",
            "moderate_url": f"{source.moderate_url(comment)}?{next_query}",
            "approve_url": source.moderate_url(comment, "approve"),
        }

    def get(self, request):
        sources = self.chosen_sources()
        page = self.page_keys(sources) if sources else None
        rows = self.rows(sources, list(page)) if page else []
        context = self.get_context_data(
            rows=rows,
            page_obj=page,
            filters=self.filters(),
            search=self.value("q"),
            reported=self.reported,
            empty_message=self.empty_message,
            bulk_url=reverse(COMMENTS_BULK_URL_NAME),
            next_url=request.get_full_path(),
        )
        if page and page.has_previous():
            context["previous_url"] = self.query_string() + f"&p={page.previous_page_number()}"
        if page and page.has_next():
            context["next_page_url"] = self.query_string() + f"&p={page.next_page_number()}"
        return self.render_to_response(context)


class WaitingCommentsView(CommentQueueView):
    page_title = _("Comments waiting for moderation")
    empty_message = _("No comments are waiting for moderation.")


class ReportedCommentsView(CommentQueueView):
    page_title = _("Reported comments")
    header_icon = "warning"
    reported = True
    empty_message = _("No comments have open reports.")


class CommentsBulkModerationView(BaseBulkModerationView):
    """The tick-box decisions of the comment queues, on comments of every source at once."""

    moderation_home = WAITING_URL_NAME

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.kinds = {
            source.key: staff_records(source.model.objects.all(), request.user)
            for source in sources_for(request.user)
        }

    def may_decide(self, user):
        return bool(self.kinds)

    def get_form(self, data):
        return MixedBulkModerationForm(data, kinds=self.kinds)

    def approved_message(self, count):
        # Neutral: the comments may be the idea wall's and the guideline's at once.
        return ngettext(
            "Approved %(count)s; shown to everyone.",
            "Approved %(count)s; shown to everyone.",
            count,
        ) % {"count": count}


class CommentQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(sources_for(request.user))


def menu_items():
    """The two queues for the "Moderation" menu: (waiting, reported)."""
    return tuple(
        CommentQueueMenuItem(view.page_title, reverse(url_name), icon_name=view.header_icon)
        for view, url_name in (
            (WaitingCommentsView, WAITING_URL_NAME),
            (ReportedCommentsView, REPORTED_URL_NAME),
        )
    )
