"""Comments on the guideline's sections, and participants' "useful" marks on them.

A comment points at a section's stable key and at the page revision the person read, not
at the section's row or its quoted text: sections are edited, moved and deleted through
revisions, and a comment must outlive all of that (hypothesis/client#7571).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.rich_text import get_text_for_indexing

from core.models import ThreadedComment, author_field
from core.moderation import ON_THE_PAGE
from core.text import validate_plain_text


def section_fingerprint(section):
    """What a section says (title and text), in 64 hex digits; changes when its words do."""
    words = " ".join(f"{section.title}\n{get_text_for_indexing(section.body)}".split())
    return hashlib.sha256(words.encode()).hexdigest()


ANSWER_MAX_LENGTH = 5000


class AnswerOutcome(models.TextChoices):
    """What the municipality did with a comment."""

    TAKEN = "taken", _("Taken into account")
    PARTLY = "partly", _("Partly taken into account")
    NOT_TAKEN = "not_taken", _("Not taken into account")


class GuidelineComment(ThreadedComment):
    # Approved comments are shown on the guideline's page; it is not a wall.
    moderation_wording = ON_THE_PAGE

    period = models.ForeignKey(
        "guidelines.CommentPeriod",
        verbose_name=_("comment period"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    section_key = models.UUIDField(_("section"), db_index=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("commented version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The section's words in that revision, so the page can say "commented on an earlier
    # version" without opening old revisions.
    section_fingerprint = models.CharField(max_length=64, editable=False)
    # A comment on a suggested edit (its section_key is the proposal's); the section's own
    # threads leave these out.
    proposal = models.ForeignKey(
        "guidelines.GuidelineProposal",
        verbose_name=_("suggested edit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = author_field("guideline_comments")
    useful_count = models.PositiveIntegerField(_("marked useful"), default=0)
    # The municipality's answer (guidelines.comments.answer_comment).
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=AnswerOutcome.choices, blank=True
    )
    answer = models.TextField(
        _("the municipality's answer"),
        blank=True,
        max_length=ANSWER_MAX_LENGTH,
        validators=[validate_plain_text],
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(ThreadedComment.Meta):
        verbose_name = _("guideline comment")
        verbose_name_plural = _("guideline comments")
        indexes = [models.Index(fields=["period", "section_key"], name="guideline_comment_section")]

    @property
    def is_public(self):
        """Anyone may read it: shown, on a guideline that is published."""
        return self.is_visible and self.period.guideline.live

    def commented_revision(self):
        """The page revision the author read when writing (for a link to that version)."""
        return self.revision

    def on_earlier_version(self, section):
        """Whether the section's words have changed since the comment was written."""
        return self.section_fingerprint != section_fingerprint(section)


class UsefulMark(models.Model):
    """A participant's "useful" mark on a comment; one per person per comment."""

    comment = models.ForeignKey(
        GuidelineComment, on_delete=models.CASCADE, related_name="useful_marks"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guideline_useful_marks"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("useful mark")
        verbose_name_plural = _("useful marks")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "participant"], name="one_useful_mark_per_person"
            )
        ]

    def __str__(self):
        return f"{self.participant_id} → {self.comment_id}"
