from guidelines.models.comments import (
    AnswerOutcome,
    GuidelineComment,
    UsefulMark,
    section_fingerprint,
)
from guidelines.models.pages import (
    RICH_TEXT,
    GuidelinePage,
    GuidelinePageForm,
    GuidelineSection,
    GuidelineSectionForm,
    GuidelineStatus,
    GuidelineVersion,
    SectionsPanel,
)
from guidelines.models.periods import CommentPeriod, CommentPeriodState

__all__ = [
    "RICH_TEXT",
    "AnswerOutcome",
    "CommentPeriod",
    "CommentPeriodState",
    "GuidelineComment",
    "GuidelinePage",
    "GuidelinePageForm",
    "GuidelineSection",
    "GuidelineSectionForm",
    "GuidelineStatus",
    "GuidelineVersion",
    "SectionsPanel",
    "UsefulMark",
    "section_fingerprint",
]
