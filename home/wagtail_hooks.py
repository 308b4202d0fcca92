"""The admin's one "Moderation" menu: every app's queues side by side, each named by its
source (ideas, the guideline). home sits on top of the apps, so it may gather them."""

from wagtail_modeladmin.options import modeladmin_register

from guidelines.wagtail_hooks import MODERATION_QUEUES as GUIDELINE_QUEUES
from ideas.wagtail_hooks import ModerationGroup


class AllModerationGroup(ModerationGroup):
    items = (*ModerationGroup.items, *GUIDELINE_QUEUES)


modeladmin_register(AllModerationGroup)
