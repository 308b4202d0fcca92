"""Suggested edits ("ehdotettu muutos"): new wording a participant proposes for a section.

Like a comment, a proposal points at a section's stable key and the page revision it was
written on. It also keeps that section's text as it then read (plain text, paragraphs
separated by blank lines), so its diff against its own base reads the same after the
section has been edited again, and even after old revisions are purged.
"""

from dataclasses import replace

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CommentQuerySet, ModeratedContent
from core.moderation import ON_THE_PAGE
from core.text import TEXT_MAX_LENGTH, validate_plain_text

# A section's new wording may be longer than a comment, but stays a section, not a book.
PROPOSAL_MAX_LENGTH = 10000
DECISION_MAX_LENGTH = 5000


class ProposalOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class GuidelineProposal(ModeratedContent):
    # Visitor text like a comment: approved ones are shown on the guideline's pages.
    moderation_wording = replace(
        ON_THE_PAGE, not_shown=_("This suggested edit is not shown on the page.")
    )

    period = models.ForeignKey(
        "guidelines.CommentPeriod",
        verbose_name=_("comment period"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    section_key = models.UUIDField(_("section"), db_index=True)
    base_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("proposed on version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    base_title = models.CharField(_("section title then"), max_length=200)
    base_text = models.TextField(_("section text then"))
    text = models.TextField(
        _("proposed text"), max_length=PROPOSAL_MAX_LENGTH, validators=[validate_plain_text]
    )
    rationale = models.TextField(
        _("rationale"), max_length=TEXT_MAX_LENGTH, validators=[validate_plain_text]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guideline_proposals",
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now, db_index=True)
    support_count = models.PositiveIntegerField(_("supporters"), default=0)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=ProposalOutcome.choices,
        default=ProposalOutcome.OPEN,
    )
    decision_reason = models.TextField(
        _("reason for the decision"),
        blank=True,
        max_length=DECISION_MAX_LENGTH,
        validators=[validate_plain_text],
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The draft an acceptance wrote; the editor reviews and publishes it.
    draft_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("draft made from it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("suggested edit")
        verbose_name_plural = _("suggested edits")
        indexes = [
            models.Index(fields=["period", "section_key"], name="guideline_proposal_section")
        ]

    def __str__(self):
        return f"{self.base_title}: {self.text[:50]}"

    @property
    def is_public(self):
        """Anyone may read it: shown, on a guideline that is published."""
        return self.is_visible and self.period.guideline.live


class ProposalSupport(models.Model):
    """A participant's support for a proposal; one per person per proposal."""

    proposal = models.ForeignKey(
        GuidelineProposal, on_delete=models.CASCADE, related_name="supports"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="guideline_proposal_supports",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support for a suggested edit")
        verbose_name_plural = _("supports for suggested edits")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "participant"], name="one_support_per_person"
            )
        ]

    def __str__(self):
        return f"{self.participant_id} → {self.proposal_id}"
