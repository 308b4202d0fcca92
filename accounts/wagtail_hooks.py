"""The list of associations participants choose from, kept by staff in the Wagtail admin.

A participant whose association is not in the list types its name. Staff see those
typed names here and link them to an association in the list (adding it if needed), so
the person's ideas and comments show the association's proper name from then on.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter, log
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from accounts.models import Association, User

LINK_ACTION = "yhdessa.accounts.association_linked"


def unlinked_users():
    """Participants who typed an association name that is not yet linked to the list."""
    return User.objects.filter(association=None).exclude(association_name_given="")


def name_key(name):
    """Names match ignoring case and spacing (in Python: SQLite folds only ASCII letters)."""
    return " ".join(name.split()).casefold()


def typed_names():
    """Each typed name once, with how many participants typed it: [{"name", "people"}]."""
    groups = {}
    for name in (
        unlinked_users()
        .order_by("association_name_given")
        .values_list("association_name_given", flat=True)
    ):
        group = groups.setdefault(name_key(name), {"name": name, "people": 0})
        group["people"] += 1
    return [groups[key] for key in sorted(groups)]


def association_named(name):
    key = name_key(name)
    return next((a for a in Association.objects.all() if name_key(a.name) == key), None)


def link_typed_name(name, association, user):
    """Link everyone who typed `name` (any case) and has no association to `association`."""
    key = name_key(name)
    with transaction.atomic():
        people = [
            pk
            for pk, typed in unlinked_users().values_list("pk", "association_name_given")
            if name_key(typed) == key
        ]
        count = User.objects.filter(pk__in=people, association=None).update(association=association)
        if count:
            log(
                instance=association,
                action=LINK_ACTION,
                user=user,
                data={"name": name, "people": count},
            )
    return count


class LinkForm(forms.Form):
    name = forms.CharField(max_length=200, widget=forms.HiddenInput)
    association = forms.ModelChoiceField(
        label=_("Association in the list"),
        queryset=Association.objects.order_by("name"),
        required=False,
        empty_label=_("Choose an association"),
    )
    create = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("create") and not cleaned.get("association"):
            self.add_error("association", _("Choose the association to link the name to."))
        return cleaned


class AssociationIndexView(IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm("accounts.change_association"):
            context["typed_names_url"] = reverse("accounts_association_typed_names")
            context["typed_name_count"] = len(typed_names())
        return context


class TypedNamesView(WagtailAdminTemplateMixin, View):
    template_name = "accounts/admin/typed_names.html"
    page_title = _("Association names typed by participants")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("accounts.change_association"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(AssociationAdmin.index_url_name), "label": AssociationAdmin.menu_label},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = typed_names()
        listed = {name_key(a.name) for a in Association.objects.all()}
        failed = kwargs.get("failed")
        for index, row in enumerate(rows, start=1):
            form = LinkForm(initial={"name": row["name"]})
            if failed is not None and failed["name"].value() == row["name"]:
                form = failed
            # Every row has its own form; ids must stay unique on the page.
            form.auto_id = f"link-{index}-%s"
            if form.errors.get("association"):
                form.fields["association"].widget.attrs["aria-describedby"] = f"link-{index}-errors"
            row.update(form=form, index=index)
            row["in_list"] = name_key(row["name"]) in listed
        context.update(
            {"rows": rows, "can_add": self.request.user.has_perm("accounts.add_association")}
        )
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = LinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Nothing was changed. Check the form."))
            return self.render_to_response(self.get_context_data(failed=form))
        name = form.cleaned_data["name"]
        association = form.cleaned_data["association"]
        if form.cleaned_data["create"]:
            if not request.user.has_perm("accounts.add_association"):
                raise PermissionDenied
            association = association_named(name)
            if association is None:
                association = Association.objects.create(name=name)
                log(instance=association, action="wagtail.create", user=request.user)
        count = link_typed_name(name, association, request.user)
        messages.success(
            request,
            ngettext(
                "Linked %(count)s participant who typed “%(name)s” to %(association)s.",
                "Linked %(count)s participants who typed “%(name)s” to %(association)s.",
                count,
            )
            % {"count": count, "name": name, "association": association},
        )
        return redirect("accounts_association_typed_names")


class AssociationAdmin(ModelAdmin):
    model = Association
    menu_label = _("Association list")
    menu_icon = "group"
    menu_order = 230
    base_url_path = "accounts/associations"
    index_url_name = "accounts_associations_modeladmin_index"
    index_view_class = AssociationIndexView
    index_template_name = "accounts/admin/association_index.html"
    list_display = ["name", "shown", "members"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    def shown(self, obj):
        # In words: Django admin's yes/no icons are not installed here (their static
        # files are missing in production), and an icon alone would not say it to everyone.
        return _("Yes") if obj.is_active else _("No")

    shown.short_description = Association._meta.get_field("is_active").verbose_name
    shown.admin_order_field = "is_active"

    def members(self, obj):
        return obj.member_count

    members.short_description = _("Participants")
    members.admin_order_field = "member_count"

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path(
                "accounts/associations/typed-names/",
                TypedNamesView.as_view(),
                name="accounts_association_typed_names",
            ),
        )


modeladmin_register(AssociationAdmin)


@hooks.register("register_log_actions")
def register_association_log_actions(actions):
    @actions.register_action(LINK_ACTION)
    class LinkFormatter(LogFormatter):
        label = _("Link typed association name")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            people = data.get("people") or 0
            return ngettext(
                "Linked %(people)s participant who typed “%(name)s”",
                "Linked %(people)s participants who typed “%(name)s”",
                people,
            ) % {"people": people, "name": data.get("name", "")}
