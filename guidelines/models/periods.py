"""Comment periods: when associations may comment on a guideline, and the promised response.

A period is not page content: staff open, change and conclude it in the admin without
publishing the page again, and it has no drafts or revisions of its own.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from core.models import moderation_rule_field

PERIOD_RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


class CommentPeriodState(models.TextChoices):
    """Where a period stands, as GOV.UK consultations go: open, closed, concluded."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed, awaiting the response")
    CONCLUDED = "concluded", _("Concluded, response published")


class CommentPeriodQuerySet(models.QuerySet):
    def current_for(self, guideline):
        """The period a guideline page shows: the one that starts last (periods never overlap).

        An upcoming period is shown as soon as it is made; a concluded one stays until the
        next one is made, so its response remains on the page.
        """
        return self.filter(guideline=guideline).order_by("-starts_at").first()


def _local(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class CommentPeriod(models.Model):
    guideline = models.ForeignKey(
        "guidelines.GuidelinePage",
        verbose_name=_("guideline"),
        on_delete=models.CASCADE,
        related_name="comment_periods",
    )
    starts_at = models.DateTimeField(_("comments open at"))
    ends_at = models.DateTimeField(_("comments close at"))
    intro = RichTextField(
        _("what feedback is wanted"),
        features=PERIOD_RICH_TEXT,
        help_text=_("Shown on the guideline page while the period is upcoming or open."),
    )
    response_due = models.DateField(
        _("response promised by"),
        help_text=_("The date by which the municipality publishes its response."),
    )
    response = RichTextField(
        _("response summary"),
        blank=True,
        features=PERIOD_RICH_TEXT,
        help_text=_("The municipality's response to the comments, published on concluding."),
    )
    concluded_at = models.DateTimeField(
        _("response published at"),
        null=True,
        blank=True,
        editable=False,
    )
    # As an idea wall's rule: a period on a contested draft may hold every comment first.
    moderation = moderation_rule_field()

    objects = CommentPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("comment period")
        verbose_name_plural = _("comment periods")

    def __str__(self):
        return f"{self.guideline.title}: {_local(self.starts_at)} – {_local(self.ends_at)}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The period must end after it starts.")})
        if (
            self.ends_at
            and self.response_due
            and self.response_due < timezone.localtime(self.ends_at).date()
        ):
            raise ValidationError(
                {"response_due": _("The response can only be promised after the period ends.")}
            )
        if self.guideline_id and self.starts_at and self.ends_at:
            overlapping = CommentPeriod.objects.filter(
                guideline_id=self.guideline_id,
                starts_at__lt=self.ends_at,
                ends_at__gt=self.starts_at,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    _("This guideline already has a comment period at that time.")
                )

    def state(self, now=None):
        """The one rule for where the period stands; everything that shows it asks this."""
        now = now or timezone.now()
        if self.concluded_at is not None:
            return CommentPeriodState.CONCLUDED
        if now < self.starts_at:
            return CommentPeriodState.UPCOMING
        if now < self.ends_at:
            return CommentPeriodState.OPEN
        return CommentPeriodState.CLOSED

    def is_open(self, now=None):
        return self.state(now) == CommentPeriodState.OPEN

    def state_in_words(self, now=None):
        """The period's state as the page says it, dates as municipal announcements write them."""
        now = now or timezone.now()
        state = self.state(now)
        dates = {
            "start": _local(self.starts_at),
            "end": _local(self.ends_at),
            "due": date_format(self.response_due, "SHORT_DATE_FORMAT"),
        }
        if state == CommentPeriodState.UPCOMING:
            return gettext("Commenting opens on %(start)s and closes on %(end)s.") % dates
        if state == CommentPeriodState.OPEN:
            left = timeuntil(self.ends_at, now, depth=2)
            return gettext("Open for comments until %(end)s (%(left)s left).") % {
                **dates,
                "left": left,
            }
        if state == CommentPeriodState.CLOSED:
            return (
                gettext(
                    "Commenting closed on %(end)s. The municipality will publish its response "
                    "by %(due)s."
                )
                % dates
            )
        return (
            gettext("Commenting closed on %(end)s. The municipality's response is published.")
            % dates
        )
