"""The public directory page, and each record's A–Ö index letter (filled for existing ones)."""

import core.preview
import django.db.models.deletion
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def fill_initials(apps, schema_editor):
    # The index letter as Association.save() keeps it (associations.models.initial_of).
    from associations.models import initial_of

    Association = apps.get_model("associations", "Association")
    for association in Association.objects.only("pk", "name").iterator():
        association.initial = initial_of(association.name)
        association.save(update_fields=["initial"])


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0006_reports_editors_review_reports"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="AssociationDirectoryPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", wagtail.fields.RichTextField(blank=True, verbose_name="introduction")),
            ],
            options={
                "verbose_name": "association directory",
            },
            bases=(
                core.preview.SeparateFrontEndPreviewMixin,
                wagtail.contrib.routable_page.models.RoutablePageMixin,
                "wagtailcore.page",
            ),
        ),
        migrations.AddField(
            model_name="association",
            name="initial",
            field=models.CharField(
                default="#", editable=False, max_length=1, verbose_name="initial"
            ),
        ),
        migrations.AddIndex(
            model_name="association",
            index=models.Index(fields=["site", "initial"], name="association_site_id_6cfa00_idx"),
        ),
        migrations.RunPython(fill_initials, migrations.RunPython.noop),
    ]
