"""Staff pages in the admin: e-mail that could not be sent, and the moderation of texts.

Failed e-mail: who, what, why, and "Send again"; the rules live in core.mail. Moderation:
one text with everything a moderator can decide about it, and bulk decisions, for every
app's texts; every decision goes through core.moderation. The views only check
permissions, read forms and report back.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_registry

from core import bylines, mail, moderation
from core.admin_forms import BulkModerationForm, HideForm
from core.models import ModerationState, ReportReason
from core.municipalities import staff_records
from core.text import render_plain_text

FAILED_EMAIL_URL_NAME = "core_failed_email"


def writer_label(item, names=None):
    """Who wrote a text, with their association, as the queues show it. `names`: the
    writers' associations of a whole listing (core.bylines.bylines_of), read once."""
    author = item.author
    if author is None:
        return _("Deleted user")
    # An idea keeps the association it was posted as; other texts name the writer's own.
    if hasattr(item, "association_name"):
        association = item.association_name
    elif names is not None:
        association = names.get(author.pk, "")
    else:
        association = bylines.byline_of(author)
    if association:
        return f"{author.public_name} ({association})"
    return str(author.public_name)


class StaffOnly:
    """The messages show people's addresses: only those core.mail allows see them."""

    def dispatch(self, request, *args, **kwargs):
        if not mail.can_manage_failed_email(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FailedEmailView(StaffOnly, WagtailAdminTemplateMixin, View):
    template_name = "core/admin/failed_email.html"
    page_title = gettext_lazy("Failed e-mail")
    header_icon = "mail"

    def get(self, request):
        failed = [mail.describe(result) for result in mail.failed_emails()]
        return self.render_to_response(self.get_context_data(failed=failed))


class SendAgainView(StaffOnly, View):
    http_method_names = ["post"]

    def post(self, request, result_id):
        if mail.send_again(result_id):
            messages.success(request, _("The message is in the queue again."))
        else:
            messages.warning(request, _("That message is no longer in the list."))
        return redirect(FAILED_EMAIL_URL_NAME)


HISTORY_SHOWN = 20


def can_moderate(user, model):
    """Moderating a kind of text needs its change permission (ideas.change_ideacomment)."""
    return user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


def needs_approval(item):
    """Approving changes something only for waiting, hidden, held or reported texts."""
    return (
        item.state != ModerationState.PUBLISHED
        or item.held_by_reports
        or moderation.open_reports(item).exists()
    )


def can_be_approved(item):
    return getattr(item, "withdrawn_at", None) is None


def report_summary(item):
    """Open reports by reason, most common first: [(label, count), ...]."""
    counts = moderation.open_reports(item).values("reason").annotate(n=Count("pk")).order_by("-n")
    labels = dict(ReportReason.choices)
    return [(labels.get(row["reason"], row["reason"]), row["n"]) for row in counts]


def state_label(item):
    if item.held_by_reports and item.state != ModerationState.HIDDEN:
        return _("Held after reports, waiting for a moderator")
    return item.get_state_display()


class BreadcrumbsMixin:
    # The queue the "Moderation" crumb leads to.
    moderation_home = "ideas_moderation_waiting-ideas_modeladmin_index"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.moderation_home), "label": _("Moderation")},
            {"url": "", "label": self.get_page_subtitle() or self.get_page_title()},
        ]


class ModerationPermissionMixin:
    model = None

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModerateItemView(
    ModerationPermissionMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin, View
):
    """One idea or comment with everything a moderator can decide about it."""

    header_icon = "warning"
    actions = ("approve", "hide")
    url_name = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Another municipality's text is not found: its staff decide on it, not these.
        self.object = get_object_or_404(
            staff_records(self.get_queryset(), request.user), pk=kwargs["pk"]
        )

    def get_queryset(self):
        return self.model.objects.all()

    def detail_url(self):
        return reverse(self.url_name, args=[self.object.pk])

    def action_url(self, action):
        return reverse(f"{self.url_name}_action", args=[self.object.pk, action])

    def get_page_subtitle(self):
        return str(self.object)

    def text_html(self):
        """The visitor's text as the moderator reads it (a comment's body)."""
        return render_plain_text(self.object.body)

    def get_forms(self, bound=None):
        forms = {"hide_form": HideForm(initial={"reason": self.object.hidden_reason})}
        if bound:
            forms.update(bound)
        return forms

    def get_context_data(self, **kwargs):
        item = self.object
        bound_forms = kwargs.pop("bound_forms", None)
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": item,
                "wording": item.moderation_wording,
                "body_html": self.text_html(),
                "state_label": state_label(item),
                "writer": writer_label(item),
                "reports": report_summary(item),
                "show_approve": needs_approval(item) and can_be_approved(item),
                "history": log_registry.get_logs_for_instance(item).select_related("user")[
                    :HISTORY_SHOWN
                ],
                "action_urls": {action: self.action_url(action) for action in self.actions},
                "next_url": get_valid_next_url_from_request(self.request),
                **self.get_forms(bound_forms),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        if kwargs.get("action"):
            return redirect(self.detail_url())
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        action = kwargs.get("action")
        if action not in self.actions:
            raise Http404
        return getattr(self, f"post_{action}")(request)

    def done(self, message):
        messages.success(self.request, message)
        return redirect(get_valid_next_url_from_request(self.request) or self.detail_url())

    def show_errors(self, **bound_forms):
        messages.error(self.request, _("Nothing was changed. Check the form."))
        return self.render_to_response(self.get_context_data(bound_forms=bound_forms))

    def post_approve(self, request):
        item = self.object
        if not can_be_approved(item):
            messages.error(request, _("A withdrawn idea cannot be approved."))
            return redirect(self.detail_url())
        wording = item.moderation_wording
        if not needs_approval(item):
            messages.info(request, wording.already_shown % {"item": item})
            return redirect(get_valid_next_url_from_request(request) or self.detail_url())
        moderation.approve(item, request.user)
        return self.done(wording.approved % {"item": item})

    def post_hide(self, request):
        form = HideForm(request.POST)
        if not form.is_valid():
            return self.show_errors(hide_form=form)
        moderation.hide(self.object, request.user, form.cleaned_data["reason"].strip())
        return self.done(
            _("Hid “%(item)s”. The author is told the reason.") % {"item": self.object}
        )


# kind (in the bulk URL) -> model; each app adds its own kinds.
BULK_MODELS = {}
BULK_URL_NAME = "core_moderation_bulk"


class BaseBulkModerationView(BreadcrumbsMixin, WagtailAdminTemplateMixin, View):
    """Approve or hide the items ticked in a queue, with one reason for all.

    Subclasses say who may decide (may_decide), which form reads the ticked items
    (get_form) and how approving is reported (approved_message)."""

    template_name = "core/admin/moderation/bulk.html"
    page_title = gettext_lazy("Moderate several at once")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not self.may_decide(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        user = request.user
        done = skipped = 0
        for item in form.cleaned_data["items"]:
            if form.cleaned_data["action"] == form.APPROVE:
                if not (needs_approval(item) and can_be_approved(item)):
                    skipped += 1
                    continue
                moderation.approve(item, user)
            else:
                if item.state == ModerationState.HIDDEN:
                    skipped += 1
                    continue
                moderation.hide(item, user, form.cleaned_data["reason"].strip())
            done += 1
        messages.success(request, self.success_message(form.cleaned_data["action"], done))
        if skipped:
            messages.info(
                request,
                ngettext(
                    "%(count)s was already in that state and was left as it was.",
                    "%(count)s were already in that state and were left as they were.",
                    skipped,
                )
                % {"count": skipped},
            )
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))

    def success_message(self, action, count):
        if action == BulkModerationForm.APPROVE:
            return self.approved_message(count)
        return ngettext(
            "Hid %(count)s. The authors are told the reason.",
            "Hid %(count)s. The authors are told the reason.",
            count,
        ) % {"count": count}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "selected": kwargs["form"].selected(),
                "next_url": get_valid_next_url_from_request(self.request),
                "bulk_url": self.request.path,
            }
        )
        return context


class BulkModerationView(BaseBulkModerationView):
    """The tick boxes of a queue of one kind of text (BULK_MODELS)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.model = BULK_MODELS.get(kwargs["kind"])
        if self.model is None:
            raise Http404

    def may_decide(self, user):
        return can_moderate(user, self.model)

    def get_form(self, data):
        return BulkModerationForm(
            data, queryset=staff_records(self.model.objects.all(), self.request.user)
        )

    def approved_message(self, count):
        return self.model.moderation_wording.approved_many % {"count": count}
