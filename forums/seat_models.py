"""Forum seats: the member and the deputy an association names to a forum for a term.

A representative of the association nominates (forums.seats), staff approve or reject in
the admin. The forum page, its content API field and the collaboration API show the
approved seats of published associations (`ForumSeat.objects.public()`), and of the
people only the names they consented to show; e-mail addresses and phones are for staff.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import validate_one_line, validate_plain_text


def council_term(on_date=None):
    """The municipal council term `on_date` falls in, as (first day, last day).

    Finnish councils start on 1 June of the election year for four years; the first
    start and the length are settings, so a change in the law changes no code.
    """
    on_date = on_date or timezone.localdate()
    first = datetime.date.fromisoformat(settings.YHDESSA_COUNCIL_TERM_FIRST_START)
    years = settings.YHDESSA_COUNCIL_TERM_YEARS
    terms = (on_date.year - first.year) // years
    start = first + relativedelta(years=terms * years)
    if start > on_date:
        start -= relativedelta(years=years)
    elif start + relativedelta(years=years) <= on_date:
        start += relativedelta(years=years)
    return start, start + relativedelta(years=years) - datetime.timedelta(days=1)


class SeatState(models.TextChoices):
    NOMINATED = "nominated", _("Nominated, waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A nomination that still holds or may hold the seat: one per association, forum and term.
OPEN_STATES = [SeatState.NOMINATED, SeatState.APPROVED]


class ForumSeatQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def approved(self):
        return self.filter(state=SeatState.APPROVED)

    def public(self):
        """What anyone may see: approved seats of associations the directory shows.

        The visibility rule: the page, its content API field, the collaboration API and
        an association's directory page all start here.
        """
        from associations.models import Association

        return self.approved().filter(association__in=Association.objects.published())

    def overlapping(self, start, end):
        return self.filter(term_start__lte=end, term_end__gte=start)

    def current(self, forum, on_date=None):
        """The seats of `forum` whose term covers `on_date` (today)."""
        on_date = on_date or timezone.localdate()
        return (
            self.filter(forum=forum)
            .overlapping(on_date, on_date)
            .order_by("association__name", "pk")
        )

    def past_terms(self, forum, on_date=None):
        """The seats of `forum` whose term has ended, newest term first: who sat when."""
        on_date = on_date or timezone.localdate()
        return self.filter(forum=forum, term_end__lt=on_date).order_by(
            "-term_start", "-term_end", "association__name", "pk"
        )


def _name(label, **kwargs):
    return models.CharField(label, max_length=120, validators=[validate_one_line], **kwargs)


class ForumSeat(models.Model):
    forum = models.ForeignKey(
        "forums.ForumPage", verbose_name=_("forum"), on_delete=models.CASCADE, related_name="seats"
    )
    association = models.ForeignKey(
        "associations.Association",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="forum_seats",
    )
    member_name = _name(_("member"))
    member_email = models.EmailField(_("member's e-mail"))
    # Stored as +358…; shown 040 123 4567 (core.phone).
    member_phone = models.CharField(_("member's phone"), max_length=20, blank=True)
    member_name_public = models.BooleanField(
        _("the member's name may be shown on the forum page"), default=False
    )
    deputy_name = _name(_("deputy"), blank=True)
    deputy_email = models.EmailField(_("deputy's e-mail"), blank=True)
    deputy_phone = models.CharField(_("deputy's phone"), max_length=20, blank=True)
    deputy_name_public = models.BooleanField(
        _("the deputy's name may be shown on the forum page"), default=False
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    state = models.CharField(
        _("state"), max_length=20, choices=SeatState.choices, default=SeatState.NOMINATED
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_nominations",
    )
    nominated_at = models.DateTimeField(_("nominated"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("reason for rejecting"), blank=True, validators=[validate_plain_text]
    )

    objects = ForumSeatQuerySet.as_manager()

    class Meta:
        ordering = ["-nominated_at", "-pk"]
        verbose_name = _("forum seat")
        verbose_name_plural = _("forum seats")
        constraints = [
            # The services check overlapping terms; this catches two requests at once.
            models.UniqueConstraint(
                fields=["forum", "association", "term_start"],
                condition=models.Q(state__in=["nominated", "approved"]),
                name="one_open_seat_per_association_forum_and_term",
            ),
            models.CheckConstraint(
                condition=models.Q(term_end__gt=models.F("term_start")),
                name="forum_seat_term_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["forum", "state", "term_end"])]

    def __str__(self):
        return f"{self.association} – {self.forum}"

    @property
    def public_member_name(self):
        """The member's name where they consented to showing it, else empty."""
        return self.member_name if self.member_name_public else ""

    @property
    def public_deputy_name(self):
        return self.deputy_name if self.deputy_name_public else ""

    def email_addresses(self):
        """The member's and the deputy's addresses, for staff's e-mail list."""
        return [address for address in (self.member_email, self.deputy_email) if address]
