"""The fields of activity, and the associations people named at sign-up before the register.

Before the register, staff kept a bare list of names (accounts.Association) and people
picked one or typed their own at sign-up. Nothing anyone typed is lost: each name becomes
a record of the default municipality's register, unconfirmed (so not in the public
directory until its details are reported and confirmed), and each person's choice
becomes an unconfirmed request to represent it, for the contact person or staff to decide.
"""

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify

FIELDS = ["sports", "culture", "social_health", "youth", "village", "other"]


def add_fields(apps, schema_editor):
    FieldOfActivity = apps.get_model("associations", "FieldOfActivity")
    for position, slug in enumerate(FIELDS):
        FieldOfActivity.objects.update_or_create(slug=slug, defaults={"position": position})


def _unique_slug(Association, site, name):
    base = slugify(name)[:190] or "yhdistys"
    slug, number = base, 1
    while Association.objects.filter(site=site, slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def copy_sign_up_associations(apps, schema_editor):
    OldAssociation = apps.get_model("accounts", "Association")
    User = apps.get_model("accounts", "User")
    Site = apps.get_model("wagtailcore", "Site")
    Association = apps.get_model("associations", "Association")
    AssociationChange = apps.get_model("associations", "AssociationChange")
    Representation = apps.get_model("associations", "Representation")

    typed = User.objects.exclude(association_name_given="").filter(association__isnull=True)
    if not OldAssociation.objects.exists() and not typed.exists():
        return
    site = Site.objects.order_by("-is_default_site", "pk").first()
    if site is None:
        raise RuntimeError("Sign-up associations exist but there is no Wagtail site to hold them.")
    now = timezone.now()
    records = {}

    def record(name):
        key = name.casefold()
        if key not in records:
            found = Association.objects.filter(site=site, name__iexact=name).first()
            if found is None:
                found = Association.objects.create(
                    site=site,
                    name=name,
                    slug=_unique_slug(Association, site, name),
                    published_fields=[],
                    is_listed=True,
                    created_at=now,
                    updated_at=now,
                )
                AssociationChange.objects.create(
                    association=found,
                    changed_at=now,
                    source="sign_up",
                    changes={"name": ["", name]},
                )
            records[key] = found
        return records[key]

    for old in OldAssociation.objects.all():
        record(old.name)
    for user in User.objects.filter(association__isnull=False).select_related("association"):
        Representation.objects.get_or_create(
            user=user, association=record(user.association.name), defaults={"requested_at": now}
        )
    for user in typed:
        name = " ".join(user.association_name_given.split())
        if name:
            Representation.objects.get_or_create(
                user=user, association=record(name), defaults={"requested_at": now}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0001_register"),
        ("accounts", "0003_text_without_control_characters"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_fields, migrations.RunPython.noop),
        migrations.RunPython(copy_sign_up_associations, migrations.RunPython.noop),
    ]
