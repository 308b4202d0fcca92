from core.models.moderation import (
    CommentQuerySet,
    ModeratedContent,
    ModeratedQuerySet,
    ModerationRule,
    ModerationState,
    Report,
    ReportReason,
    ThreadedComment,
    author_field,
    moderation_rule_field,
)
from core.models.municipalities import MunicipalityGroup, StaffRole
from core.models.site_settings import NavigationLink, SiteSettings

__all__ = [
    "CommentQuerySet",
    "ModeratedContent",
    "ModeratedQuerySet",
    "ModerationRule",
    "ModerationState",
    "MunicipalityGroup",
    "NavigationLink",
    "Report",
    "ReportReason",
    "SiteSettings",
    "StaffRole",
    "ThreadedComment",
    "author_field",
    "moderation_rule_field",
]
