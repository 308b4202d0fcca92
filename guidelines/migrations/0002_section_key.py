import uuid

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    """Give every section a key, and every stored revision the same key for it.

    A revision saved before keys existed would otherwise get a fresh random key each time
    it is opened, and publishing it would change the section's identity. A section seen
    only in revisions (since deleted) gets one key, shared by all its revisions.
    """
    GuidelineSection = apps.get_model("guidelines", "GuidelineSection")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")

    for section in GuidelineSection.objects.filter(key__isnull=True):
        section.key = uuid.uuid4()
        section.save(update_fields=["key"])
    keys = {pk: str(key) for pk, key in GuidelineSection.objects.values_list("pk", "key")}

    page_type = ContentType.objects.filter(app_label="guidelines", model="guidelinepage").first()
    if page_type is None:
        return
    for revision in Revision.objects.filter(content_type=page_type).iterator():
        sections = (revision.content or {}).get("sections") or []
        changed = False
        for section in sections:
            if section.get("key"):
                continue
            pk = section.get("pk")
            if pk is None:
                section["key"] = str(uuid.uuid4())
            else:
                section["key"] = keys.setdefault(pk, str(uuid.uuid4()))
            changed = True
        if changed:
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("guidelines", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="guidelinesection",
            name="key",
            field=models.UUIDField(editable=False, null=True, verbose_name="key"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="guidelinesection",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="key"),
        ),
        migrations.AddConstraint(
            model_name="guidelinesection",
            constraint=models.UniqueConstraint(
                fields=("page", "key"), name="guideline_section_key_per_page"
            ),
        ),
    ]
