"""What moderation needs in the database: states, rules, reasons and reports."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import TEXT_MAX_LENGTH, validate_plain_text


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class ModerationRule(models.TextChoices):
    AFTER = "after", _("Publish at once, moderate afterwards")
    BEFORE = "before", _("Hold everything for approval")


def moderation_rule_field():
    """Where a moderation rule is chosen (an idea wall, a comment period): after by default."""
    return models.CharField(
        _("moderation"),
        max_length=10,
        choices=ModerationRule.choices,
        default=ModerationRule.AFTER,
    )


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or inappropriate")
    OFF_TOPIC = "off_topic", _("Off topic")


class ModeratedQuerySet(models.QuerySet):
    def visible(self):
        """What any visitor may see."""
        return self.filter(state=ModerationState.PUBLISHED, held_by_reports=False)

    def awaiting_moderator(self):
        return self.filter(
            models.Q(state=ModerationState.PENDING) | models.Q(held_by_reports=True)
        ).exclude(state=ModerationState.HIDDEN)


class CommentQuerySet(ModeratedQuerySet):
    """Comments, on ideas or on the guideline: what each person may read of them."""

    def shown_to(self, user):
        """Published comments, and the person's own comments still waiting for moderation."""
        shown = self.visible()
        if user.is_authenticated:
            shown |= self.filter(author=user, state=ModerationState.PENDING)
        return shown


class ModeratedContent(models.Model):
    """Something a visitor wrote that a moderator may approve or hide."""

    state = models.CharField(
        _("moderation state"),
        max_length=20,
        choices=ModerationState.choices,
        default=ModerationState.PENDING,
        db_index=True,
    )
    held_by_reports = models.BooleanField(
        _("held because of reports"),
        default=False,
        help_text=_("Hidden until a moderator decides, after reports from several people."),
    )
    hidden_reason = models.TextField(
        _("reason for hiding"),
        blank=True,
        help_text=_("The author sees this."),
        validators=[validate_plain_text],
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_visible(self):
        return self.state == ModerationState.PUBLISHED and not self.held_by_reports

    @property
    def is_public(self):
        """Anyone may read it where it was written; each kind adds what that needs (a live
        page). Only public texts can be reported (core.reports)."""
        return self.is_visible


def author_field(related_name):
    """The writer of a visitor's text: None once their account is erased. Each kind names
    its reverse relation (user.ideas, user.idea_comments, user.guideline_comments)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class ThreadedComment(ModeratedContent):
    """A comment, or a reply one level deep, on what an app's visitors comment on (an idea,
    a guideline section). Subclasses add `author = author_field("<app>_comments")` and
    what the comment is on; threads are built by core.comments.comment_threads."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    body = models.TextField(
        _("comment"), max_length=TEXT_MAX_LENGTH, validators=[validate_plain_text]
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)

    objects = CommentQuerySet.as_manager()

    # True only for the stand-in comment_threads() puts where a hidden or held comment
    # was, so its replies keep their place; it carries no text and no author.
    is_placeholder = False

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class Report(models.Model):
    """A participant's report that a text breaks the rules ("Ilmoita asiattomasta")."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter"), on_delete=models.CASCADE
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"], name="one_report_per_person"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.content_type.name} {self.object_id})"
