"""Data migrations that give a staff group its permissions: one operation for every app.

Apps' migrations grant the "Moderaattorit" group (ideas' migration 0003) the permissions
of each new kind of record it handles. On a fresh database Django makes the model
permissions only after all migrations have run, so the operation makes them first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderaattorit"


def _make_permissions(apps, app_labels):
    for label in app_labels:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:  # no models (wagtailadmin): its own migration made its permission
            continue
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permissions(apps, permissions):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        for app_label, model, codename in permissions
    ]


# The region-wide groups whose permissions each municipality's group of the same role
# copies when it is made (core.municipalities.create_staff_groups).
ROLE_OF_REGION_WIDE_GROUP = {MODERATORS: "moderators", "Editors": "editors"}


def _with_municipalities_of_the_role(apps, groups, name):
    """`groups`, and every municipality's staff group of the role that `name` has: a new
    kind of record granted to "Moderaattorit" reaches each municipality's moderators."""
    role = ROLE_OF_REGION_WIDE_GROUP.get(name)
    try:
        links = apps.get_model("core", "MunicipalityGroup").objects
    except LookupError:  # a migration state from before there were several municipalities
        return list(groups)
    if role is None:
        return list(groups)
    tied = apps.get_model("auth", "Group").objects.filter(
        pk__in=links.filter(role=role).values("group_id")
    )
    return [*groups, *tied]


def grant_permissions(permissions, *, group=MODERATORS, creates_group=False, only_existing=False):
    """A RunPython giving `group` the (app label, model, codename) `permissions`.

    The group is made if missing: apps' migrations need not run in any order among
    themselves. `only_existing` leaves a missing group missing (Wagtail's "Editors",
    which a site may have removed on purpose). Reversed, the permissions are taken back;
    reversing the migration that `creates_group` deletes the group.
    """

    def grant(apps, schema_editor):
        _make_permissions(apps, {app_label for app_label, _model, _codename in permissions})
        groups = apps.get_model("auth", "Group").objects
        if not only_existing:
            groups.get_or_create(name=group)
        for found in _with_municipalities_of_the_role(apps, groups.filter(name=group), group):
            found.permissions.add(*_permissions(apps, permissions))

    def take_back(apps, schema_editor):
        groups = apps.get_model("auth", "Group").objects.filter(name=group)
        if creates_group:
            groups.delete()
            return
        Permission = apps.get_model("auth", "Permission")
        codenames = [(app_label, codename) for app_label, _model, codename in permissions]
        for found in _with_municipalities_of_the_role(apps, groups, group):
            for app_label, codename in codenames:
                found.permissions.remove(
                    *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
                )

    return migrations.RunPython(grant, take_back)
