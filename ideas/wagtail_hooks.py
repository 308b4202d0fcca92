from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from ideas.models import Idea


class IdeaAdmin(ModelAdmin):
    model = Idea
    menu_label = _("Ideas")
    menu_icon = "pick"
    menu_order = 220
    add_to_settings_menu = False
    list_display = ["title", "wall", "created_at"]
    list_filter = ["wall"]
    search_fields = ["title", "body"]


modeladmin_register(IdeaAdmin)
