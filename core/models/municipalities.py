"""Which municipality a staff group works for.

Each municipality of an install is a Wagtail Site. Wagtail's page and collection
permissions already say where in the page tree and in the media a group may work; a
MunicipalityGroup adds the same "where" for everything that is not a page (the
moderation and review queues, registrations, snippets, exports): a group tied to a Site
sees only that Site's records. A staff group tied to no Site (the region-wide
"Moderaattorit", Wagtail's own "Editors" with its permission on the tree's root) works
for every municipality. core.municipalities reads these links; nothing else should.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    EDITORS = "editors", _("Editors")
    MODERATORS = "moderators", _("Moderators")


class MunicipalityGroup(models.Model):
    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="municipality",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="staff_groups",
    )
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)

    class Meta:
        verbose_name = _("municipality's staff group")
        verbose_name_plural = _("municipalities' staff groups")
        constraints = [
            models.UniqueConstraint(fields=["site", "role"], name="one_staff_group_per_role")
        ]

    def __str__(self):
        return f"{self.group.name} ({self.site})"
