"""The admin's one "Moderation" menu: the idea wall's queues and core's comment queues,
which list every app's comments (ideas, the guideline). home sits on top of the apps, so
it registers the menu once every app has registered its comments."""

from wagtail_modeladmin.options import modeladmin_register

from ideas.wagtail_hooks import ModerationGroup

modeladmin_register(ModerationGroup)
