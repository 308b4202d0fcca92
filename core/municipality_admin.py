"""The admin's side of "staff see and change only their own municipality".

The rule is core.municipalities' (staff_records, can_administer_record, the scopes each
app registers); these are the pieces the admin's listings, forms and snippet views are
built from, so that every listing, form, chooser and one-record page calls the rule
rather than copying it:

- StaffRecordsAdmin / MunicipalityPermissionHelper for wagtail-modeladmin listings;
- StaffRecordsFormMixin for any admin form: a choice of Sites, pages or records offers
  only the staff's own (and a new record defaults to their one Site);
- MunicipalitySnippetViewSet for snippets: the listing, the chooser and every page of one
  snippet (edit, delete, history, usage, revisions, …) keep to the staff's own records.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.functional import classproperty
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page, Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import PermissionHelper

from core.municipalities import (
    STAFF_SCOPES,
    can_administer_record,
    staff_records,
    staff_site_choices,
)


class StaffRecordsAdmin:
    """A modeladmin listing of the records of the municipalities its user works for."""

    def get_queryset(self, request):
        return staff_records(super().get_queryset(request), request.user)


class MunicipalityPermissionHelper(PermissionHelper):
    """One record's pages (edit, delete, inspect) only for its own municipality's staff:
    modeladmin looks a record up by its pk alone, whatever the listing showed."""

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and can_administer_record(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and can_administer_record(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and can_administer_record(user, obj)


def _is_scoped(model):
    return model is Site or issubclass(model, Page) or model in STAFF_SCOPES


class StaffRecordsFormMixin:
    """An admin form (with Wagtail's `for_user`) whose choices of Sites, pages and records
    of a registered kind offer only those of the staff's own municipalities."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None:
            return
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not _is_scoped(queryset.model):
                continue
            if queryset.model is Site:
                field.queryset = staff_site_choices(user)
                choices = list(field.queryset[:2])
                if len(choices) == 1:
                    # One municipality to choose from: the record is on it, nothing to
                    # choose (a disabled field keeps its initial value whatever is posted).
                    if self.instance.pk is None:
                        # The form's initial (the unsaved instance's empty site) wins
                        # over the field's.
                        self.initial[name] = field.initial = choices[0].pk
                    field.disabled = True
            else:
                field.queryset = staff_records(queryset, user)


def own_records_only(view, model):
    """`view` of one record (a `pk` in its URL) refuses another municipality's with 404,
    before Wagtail's view looks the record up by its pk alone."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            record = model._default_manager.filter(pk=unquote(str(pk))).first()
            if record is not None and not can_administer_record(request.user, record):
                raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def scoped_urlpatterns(urlpatterns, model):
    for pattern in urlpatterns:
        pattern.callback = own_records_only(pattern.callback, model)
    return urlpatterns


class OwnRecordsChooserMixin:
    def get_object_list(self):
        return staff_records(super().get_object_list(), self.request.user)


class OwnRecordsChooseView(OwnRecordsChooserMixin, ChooseView):
    pass


class OwnRecordsChooseResultsView(OwnRecordsChooserMixin, ChooseResultsView):
    pass


class OwnRecordsChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return staff_records(super().get_objects(pks), self.request.user)


class MunicipalitySnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = OwnRecordsChooseView
    choose_results_view_class = OwnRecordsChooseResultsView
    chosen_view_class = SnippetChosenView
    chosen_multiple_view_class = OwnRecordsChosenMultipleView

    def get_urlpatterns(self):
        return scoped_urlpatterns(super().get_urlpatterns(), self.model)


class OwnRecordsFilterSet(WagtailFilterSet):
    """A listing's filters by a related page or record ("forum", "guideline") offer only
    the staff's own: the choices would otherwise name every municipality's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for list_filter in self.filters.values():
            queryset = getattr(list_filter, "queryset", None)
            model = getattr(queryset, "model", None)
            if user is not None and model is not None and _is_scoped(model):
                if model is Site:
                    list_filter.queryset = staff_site_choices(user)
                else:
                    list_filter.queryset = staff_records(queryset, user)


class OwnRecordsIndexView(SnippetIndexView):
    base_filterset_class = OwnRecordsFilterSet


class MunicipalityPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, and for one record also its municipality: the views
    and bulk actions that ask about an instance (delete, copy, preview, …) get the rule."""

    def user_has_permission_for_instance(self, user, action, instance):
        return super().user_has_permission_for_instance(
            user, action, instance
        ) and can_administer_record(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(
            user, actions, instance
        ) and can_administer_record(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return staff_records(super().instances_user_has_any_permission_for(user, actions), user)


class MunicipalitySnippetViewSet(SnippetViewSet):
    """A snippet whose records carry their municipality (a registered scope)."""

    chooser_viewset_class = MunicipalitySnippetChooserViewSet
    index_view_class = OwnRecordsIndexView

    def on_register(self):
        register_permission_policy(self.model, MunicipalityPermissionPolicy(self.model))
        super().on_register()

    def get_queryset(self, request):
        return staff_records(self.model._default_manager.all(), request.user)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update=for_update)
        return type(form_class.__name__, (StaffRecordsFormMixin, form_class), {})

    def get_urlpatterns(self):
        return scoped_urlpatterns(super().get_urlpatterns(), self.model)


class OwnRecordsDeleteBulkAction(DeleteBulkAction):
    """Wagtail's "delete the ticked snippets" names records by ?id=: another
    municipality's are not found (its confirmation page would list their names)."""

    @classproperty
    def models(cls):  # noqa: N805 (a class property, as Wagtail's own)
        return [model for model in get_snippet_models() if model in STAFF_SCOPES]

    def get_queryset(self, model, object_ids):
        found = staff_records(model._default_manager.filter(pk__in=object_ids), self.request.user)
        if not found:
            raise Http404
        return list(found)
