"""The rules of suggested edits on the guideline. The pages, the admin and the API call these.

A participant proposes new wording for one section while the comment period is open;
others support it and comment on it (GuidelineComment with its `proposal`, so moderation,
reports, rate limits and personal data cover those comments as any other). Staff accept a
proposal, which writes a new draft revision of the page with that section replaced (never
published here: the editor reviews and publishes it), or decline it with a reason. The
author is e-mailed either way.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from core import diff, moderation
from core.comments import PostedWording, comment_threads
from core.errors import refusal, require_participant
from core.ratelimit import enforce_rate_limit
from core.text import normalize_line_breaks
from guidelines import comments, marks, notifications
from guidelines.comments import CommentRefused, _require_open_period, live_section
from guidelines.models import (
    PROPOSAL_MAX_LENGTH,
    GuidelineProposal,
    ProposalOutcome,
    ProposalSupport,
    UsefulMark,
)

ACCEPT_ACTION = "yhdessa.guidelines.accept_proposal"
DECLINE_ACTION = "yhdessa.guidelines.decline_proposal"

# What the proposer is told, as core.comments.posted_message tells a commenter.
PROPOSAL_POSTED = PostedWording(
    published=_("Thank you! Your suggested edit has been published."),
    waiting=_(
        "Thank you! Your suggested edit is waiting for moderation. Others see it once a "
        "moderator has approved it."
    ),
)

# Anything that reads as a tag: the text is plain, and a tag would be shown as typed.
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>|<!--")


def _refuse(code, message):
    raise CommentRefused(code, message)


# --- Plain text with paragraphs ---------------------------------------------------------


def text_paragraphs(text):
    """A proposal's plain text as its paragraphs (blank lines separate them), each with
    single spaces, the same shape as diff.paragraphs gives for a section's rich text."""
    blocks = re.split(r"\n\s*\n", normalize_line_breaks(text or ""))
    found = (" ".join(block.split()) for block in blocks)
    return [paragraph for paragraph in found if paragraph]


def section_as_text(section):
    """A section's text as the proposal form starts from it: its paragraphs, list items
    and headings as plain paragraphs; formatting (bold, links, lists) becomes plain text."""
    return "\n\n".join(diff.paragraphs(section.body))


def text_as_rich_text(text):
    """The proposal's text as the section's rich text: one <p> per paragraph, escaped."""
    return "".join(format_html("<p>{}</p>", paragraph) for paragraph in text_paragraphs(text))


def proposal_diff(proposal):
    """The word diff of the proposal against the text it was written on (not today's)."""
    return diff.diff_paragraphs(text_paragraphs(proposal.base_text), text_paragraphs(proposal.text))


def reads_as_proposed(proposal, section):
    """Whether the section (None: gone) reads as the proposal's wording."""
    return section is not None and diff.paragraphs(section.body) == text_paragraphs(proposal.text)


def section_changed_since(proposal, section):
    """Whether the section now reads differently from the text the proposal was written on,
    and not as the proposal itself: once its accepted wording is published, the section
    changed because of it. None of the section means it is no longer in the guideline."""
    if section is None:
        return True
    if reads_as_proposed(proposal, section):
        return False
    return diff.paragraphs(section.body) != text_paragraphs(proposal.base_text)


def published_in(proposal, versions):
    """The version that published an accepted proposal's wording, or None while its draft
    waits for the editor (or if the editor published the section otherwise).

    `versions` is published_versions() of the guideline, oldest first: the first one made
    from the draft or a later revision (revision ids grow with time) whose section reads
    as proposed.
    """
    if proposal.outcome != ProposalOutcome.ACCEPTED or proposal.draft_revision_id is None:
        return None
    for version in versions:
        if version.revision_id < proposal.draft_revision_id:
            continue
        section = next(
            (s for s in version.sections if str(s.key) == str(proposal.section_key)), None
        )
        if reads_as_proposed(proposal, section):
            return version
    return None


def current_section(guideline, section_key):
    """The section with this key in the published guideline, or None."""
    try:
        return live_section(guideline, section_key)
    except ValidationError:
        return None


# --- Who may do what --------------------------------------------------------------------


def _require_proposing(period, user):
    _require_open_period(period)
    require_participant(user)


def propose_refusal(period, user):
    return refusal(_require_proposing, period, user)


def can_propose(period, user):
    return propose_refusal(period, user) is None


def _require_supporting(proposal, user):
    _require_open_period(proposal.period)
    if not proposal.is_visible:
        _refuse("not_visible", _("This suggested edit is not shown on the page."))
    if proposal.outcome != ProposalOutcome.OPEN:
        _refuse("decided", _("This suggested edit has already been decided on."))
    if user.is_authenticated and proposal.author_id == user.pk:
        _refuse("own_proposal", _("You cannot support your own suggested edit."))
    require_participant(user)


def support_refusal(proposal, user):
    return refusal(_require_supporting, proposal, user)


def can_support(proposal, user):
    return support_refusal(proposal, user) is None


def _require_deciding(proposal, user):
    """Staff who may edit the guideline page decide on its proposals, once."""
    guideline = proposal.period.guideline
    if not (
        user.is_authenticated and user.is_staff and guideline.permissions_for_user(user).can_edit()
    ):
        _refuse(
            "not_allowed", _("Only staff who may edit the guideline decide on suggested edits.")
        )
    if proposal.outcome != ProposalOutcome.OPEN:
        _refuse("decided", _("This suggested edit has already been decided on."))
    # Accepting puts the words into the guideline and declining answers them in public:
    # neither may happen to a text that moderation has not let anyone read.
    if not proposal.is_visible:
        _refuse(
            "not_visible",
            _(
                "Moderate this suggested edit first: one that waits for moderation, is held "
                "after reports or is hidden cannot be accepted or declined."
            ),
        )


def decide_refusal(proposal, user):
    return refusal(_require_deciding, proposal, user)


def can_decide_proposal(proposal, user):
    return decide_refusal(proposal, user) is None


# --- Writing ----------------------------------------------------------------------------


def _clean_text(text, section):
    text = normalize_line_breaks(text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the new wording of the section.")})
    if len(text) > PROPOSAL_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "The new wording can be at most %(limit)d characters long (now %(count)d)."
                )
                % {"limit": PROPOSAL_MAX_LENGTH, "count": len(text)}
            }
        )
    if _HTML_TAG.search(text):
        raise ValidationError(
            {
                "text": _(
                    "Write the text without HTML tags: only paragraphs are kept, separated "
                    "by a blank line."
                )
            }
        )
    if text_paragraphs(text) == diff.paragraphs(section.body):
        raise ValidationError(
            {"text": _("The text is the same as the section's current text. Change the wording.")}
        )
    return text


def propose_edit(request, period, *, section_key, text, rationale):
    """Propose new wording for a section of the published guideline."""
    user = request.user
    _require_proposing(period, user)
    guideline = period.guideline
    section = live_section(guideline, section_key)
    text = _clean_text(text, section)
    rationale = normalize_line_breaks(rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": _("Say why the wording should change.")})
    proposal = GuidelineProposal(
        period=period,
        section_key=section.key,
        base_revision_id=guideline.live_revision_id,
        base_title=section.title,
        base_text=section_as_text(section),
        text=text,
        rationale=rationale,
        author=user,
        # Visitor text: the period's moderation rule holds it as it holds comments.
        state=moderation.initial_state(period.moderation),
    )
    proposal.full_clean(exclude=["period", "base_revision", "author", "draft_revision"])
    enforce_rate_limit(request, "proposal")
    proposal.save()
    return proposal


def support_proposal(request, proposal):
    """Support a proposal; a second support by the same person changes nothing."""
    _require_supporting(proposal, request.user)
    enforce_rate_limit(request, "vote")
    return marks.add_mark(proposal, proposal.supports, "support_count", request.user)


def withdraw_support(request, proposal):
    _require_supporting(proposal, request.user)
    enforce_rate_limit(request, "vote")
    return marks.remove_mark(proposal, proposal.supports, "support_count", request.user)


def comment_on_proposal(request, proposal, *, body, parent=None):
    """A comment on a proposal, or a reply to one: the guideline's comment rules."""
    if not proposal.is_visible:
        raise ValidationError({"body": _("This suggested edit is not shown on the page.")})
    return comments.add_comment(
        request,
        proposal.period,
        section_key=proposal.section_key,
        body=body,
        parent=parent,
        proposal=proposal,
    )


def _lock_undecided(proposal):
    """Lock the proposal's row and refuse if someone decided on it meanwhile."""
    outcome = (
        GuidelineProposal.objects.select_for_update()
        .values_list("outcome", flat=True)
        .get(pk=proposal.pk)
    )
    if outcome != ProposalOutcome.OPEN:
        _refuse("decided", _("This suggested edit has already been decided on."))


def _decided(proposal, user, outcome, reason, action):
    proposal.outcome = outcome
    proposal.decision_reason = reason
    proposal.decided_at = timezone.now()
    proposal.decided_by = user
    proposal.save(
        update_fields=["outcome", "decision_reason", "decided_at", "decided_by", "draft_revision"]
    )
    log(instance=proposal, action=action, user=user, data={"outcome": outcome})
    if proposal.author_id:
        transaction.on_commit(lambda: notifications.queue_proposal_decided(proposal.pk))


def accept_proposal(proposal, user, reason=""):
    """Write a new draft revision of the guideline with the section's text replaced.

    The draft starts from the latest revision (a draft the editor is already working on
    is kept, not overwritten) and is never published here: the editor reviews it.
    """
    _require_deciding(proposal, user)
    reason = normalize_line_breaks(reason or "").strip()
    guideline = proposal.period.guideline
    with transaction.atomic():
        _lock_undecided(proposal)
        # A fresh copy of the page, locked: the caller's page object stays as it was, and
        # two acceptances at once each start from the other's draft.
        page = type(guideline).objects.select_for_update().get(pk=guideline.pk)
        draft = page.get_latest_revision_as_object()
        sections = list(draft.sections.all())
        section = next((s for s in sections if s.key == proposal.section_key), None)
        if section is None:
            raise ValidationError(
                _("The section is no longer in the guideline, so the text cannot replace it.")
            )
        section.body = text_as_rich_text(proposal.text)
        # In memory (modelcluster): the revision carries the change, the live rows do not.
        draft.sections = sections
        proposal.draft_revision = draft.save_revision(user=user, log_action=True)
        _decided(proposal, user, ProposalOutcome.ACCEPTED, reason, ACCEPT_ACTION)
    return proposal


def decline_proposal(proposal, user, reason):
    """Decline a proposal; the reason is required, as the author and every reader see it."""
    _require_deciding(proposal, user)
    reason = normalize_line_breaks(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; the author and every reader see it.")})
    proposal.decision_reason = reason
    proposal.full_clean(exclude=["period", "base_revision", "author", "draft_revision"])
    with transaction.atomic():
        _lock_undecided(proposal)
        _decided(proposal, user, ProposalOutcome.DECLINED, reason, DECLINE_ACTION)
    return proposal


# --- Reading ----------------------------------------------------------------------------


def shown_proposals(period, user):
    """The period's proposals this person may read (published, and their own waiting)."""
    if period is None:
        return GuidelineProposal.objects.none()
    return period.proposals.shown_to(user)


def section_proposals(period, user):
    """The proposals each section lists, by section key, in one query."""
    by_section = {}
    for proposal in shown_proposals(period, user):
        by_section.setdefault(proposal.section_key, []).append(proposal)
    return by_section


def proposal_comments(proposal, user):
    """A proposal's comment threads as this person may read them, and the pks of the
    comments they have marked useful: the proposal's page and the API list these."""
    threads = comment_threads(
        proposal.comments.all(), user, placeholder_fields=["section_key"], period=proposal.period
    )
    marked = set()
    if user.is_authenticated:
        marked = set(
            UsefulMark.objects.filter(participant=user, comment__proposal=proposal).values_list(
                "comment_id", flat=True
            )
        )
    return threads, marked


def supported_by(user, proposal):
    return (
        user.is_authenticated
        and ProposalSupport.objects.filter(proposal=proposal, participant=user).exists()
    )
