"""Contact cards carry their municipality: the cards made before there were several go to
the default Site (the one municipality there was)."""

import django.db.models.deletion
from django.db import migrations, models


def put_cards_on_the_default_site(apps, schema_editor):
    cards = apps.get_model("contacts", "ContactCard").objects.filter(site__isnull=True)
    if not cards.exists():
        return
    sites = apps.get_model("wagtailcore", "Site").objects
    site = sites.filter(is_default_site=True).first() or sites.order_by("pk").first()
    if site is None:
        raise RuntimeError("Contact cards exist but no Site does: add a Site, then migrate.")
    cards.update(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_job_title_label"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactcard",
            name="site",
            field=models.ForeignKey(
                help_text="The municipality whose pages show this card.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contact_cards",
                to="wagtailcore.site",
                verbose_name="municipality",
            ),
        ),
        migrations.RunPython(put_cards_on_the_default_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contactcard",
            name="site",
            field=models.ForeignKey(
                help_text="The municipality whose pages show this card.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contact_cards",
                to="wagtailcore.site",
                verbose_name="municipality",
            ),
        ),
    ]
