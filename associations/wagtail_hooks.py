"""The admin's one "Yhdistykset" (associations) menu: the register and, beside it, the
other parts of the register's work (each in its own module, one line in `items`)."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from associations.register_admin import RegisterAdmin
from associations.removal_admin import RemovalRequestAdmin
from associations.report_admin import AssociationReportAdmin
from associations.representation_admin import RepresentationAdmin


class AssociationsGroup(ModelAdminGroup):
    menu_label = _("Associations")
    menu_icon = "group"
    # Beside the moderation queues (210) and the registrations (220).
    menu_order = 215
    items = (RegisterAdmin, AssociationReportAdmin, RepresentationAdmin, RemovalRequestAdmin)


modeladmin_register(AssociationsGroup)
