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
from guidelines.models.proposals import (
    PROPOSAL_MAX_LENGTH,
    GuidelineProposal,
    ProposalOutcome,
    ProposalSupport,
)

__all__ = [
    "PROPOSAL_MAX_LENGTH",
    "RICH_TEXT",
    "AnswerOutcome",
    "CommentPeriod",
    "CommentPeriodState",
    "GuidelineComment",
    "GuidelinePage",
    "GuidelinePageForm",
    "GuidelineProposal",
    "GuidelineSection",
    "GuidelineSectionForm",
    "GuidelineStatus",
    "GuidelineVersion",
    "ProposalOutcome",
    "ProposalSupport",
    "SectionsPanel",
    "UsefulMark",
    "section_fingerprint",
]
