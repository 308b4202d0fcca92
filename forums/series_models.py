"""A forum's recurring meetings: a series that generates individual meeting pages.

A series is not page content: it is the staff's recipe (a rule, or a list of dates, and the
values every meeting starts with). Generating makes one ForumMeetingPage per date under the
forum (forums.series.generate_meetings); from then on each page is a meeting like any other,
edited, cancelled and closed on its own, with its own registrations, minutes and calendar UID.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

# One generation makes at most this many meetings: years of a weekly forum, never a runaway.
MAX_MEETINGS = 100

# Dates are typed the Finnish way, one a line: 12.3.2027.
DATE_INPUT_FORMAT = "%d.%m.%Y"


def parse_dates(text):
    """The dates of a one-a-line text field, in order and without repeats."""
    dates = set()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            dates.add(datetime.datetime.strptime(line, DATE_INPUT_FORMAT).date())
        except ValueError:
            raise ValidationError(
                _("“%(line)s” is not a date. Write one date a line, for example 12.3.2027."),
                params={"line": line[:40]},
            ) from None
    return sorted(dates)


# "every second Thursday": the interval in weeks as words, up to once a month.
EVERY_NTH_WEEK = {
    1: lambda weekday: pgettext("series rule", "every %(weekday)s") % {"weekday": weekday},
    2: lambda weekday: pgettext("series rule", "every second %(weekday)s") % {"weekday": weekday},
    3: lambda weekday: pgettext("series rule", "every third %(weekday)s") % {"weekday": weekday},
    4: lambda weekday: pgettext("series rule", "every fourth %(weekday)s") % {"weekday": weekday},
}


class MeetingSeries(models.Model):
    forum = models.ForeignKey(
        "forums.ForumPage",
        verbose_name=_("forum"),
        on_delete=models.CASCADE,
        related_name="meeting_series",
    )
    name = models.CharField(
        _("name of the series"),
        max_length=120,
        help_text=_("Shown in the admin only, for example “Spring 2027”."),
    )
    # The rule: every N weeks on a weekday, from a date until a date or for a number of times.
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=sorted(WEEKDAYS.items()), null=True, blank=True
    )
    interval_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"),
        null=True,
        blank=True,
        help_text=_("1 = every week, 2 = every second week."),
    )
    first_date = models.DateField(
        _("from"),
        null=True,
        blank=True,
        help_text=_("The first meeting is on the chosen weekday on or after this date."),
    )
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(
        _("number of meetings"),
        null=True,
        blank=True,
        help_text=_("Instead of the last date: how many meetings there are."),
    )
    # Or a list of dates.
    dates = models.TextField(
        _("dates"),
        blank=True,
        help_text=_("Instead of a rule: the meetings' dates, one a line, for example 12.3.2027."),
    )
    exceptions = models.TextField(
        _("dates skipped"),
        blank=True,
        help_text=_("No meeting on these dates (holidays), one a line."),
    )
    start_time = models.TimeField(_("starts at"))
    duration = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    # What every generated meeting starts with.
    title = models.CharField(
        _("meeting title"),
        max_length=200,
        help_text=_("Each meeting's title is this and its date."),
    )
    place_name = models.CharField(_("place"), max_length=120)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    registration_open = models.BooleanField(_("registration in use"), default=False)
    seats = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    max_companions = models.PositiveSmallIntegerField(_("companions per registration"), default=0)

    panels = [
        FieldPanel("forum"),
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("interval_weeks"), FieldPanel("weekday")]),
                FieldRowPanel([FieldPanel("first_date"), FieldPanel("until"), FieldPanel("count")]),
            ],
            heading=_("Rule"),
        ),
        FieldPanel("dates"),
        FieldPanel("exceptions"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("duration")]),
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("place_name"), FieldPanel("address")]),
                FieldPanel("theme"),
            ],
            heading=_("Every meeting of the series"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldRowPanel([FieldPanel("seats"), FieldPanel("max_companions")]),
            ],
            heading=_("Registration"),
        ),
    ]

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self):
        return f"{self.forum.title}: {self.name}"

    @property
    def has_rule(self):
        return self.weekday is not None

    def clean(self):
        super().clean()
        rule = [self.weekday, self.interval_weeks, self.first_date]
        if self.dates.strip() and any(value is not None for value in rule):
            raise ValidationError(_("Give either a rule or a list of dates, not both."))
        if self.has_rule or any(value is not None for value in rule):
            if None in rule:
                raise ValidationError(
                    _("A rule needs the weekday, every how many weeks and the first date.")
                )
            if not self.interval_weeks:
                raise ValidationError({"interval_weeks": _("Give at least 1 week.")})
            if (self.until is None) == (self.count is None):
                raise ValidationError(
                    _("End the rule with either the last date or the number of meetings.")
                )
            if self.until is not None and self.until < self.first_date:
                raise ValidationError({"until": _("The last date is before the first.")})
        elif not self.dates.strip():
            raise ValidationError(_("Give a rule or a list of dates."))
        try:
            parse_dates(self.dates)
        except ValidationError as error:
            raise ValidationError({"dates": error}) from None
        try:
            parse_dates(self.exceptions)
        except ValidationError as error:
            raise ValidationError({"exceptions": error}) from None
        from forums.series import series_dates  # the rule's dates are the service's

        if len(series_dates(self)) > MAX_MEETINGS:
            raise ValidationError(
                _("A series makes at most %(count)d meetings at a time."),
                params={"count": MAX_MEETINGS},
            )

    def describe(self):
        """How the page says the meeting recurs: "every second Thursday at 17.00"; a series
        of listed dates is known by its name."""
        if not self.has_rule:
            return self.name
        weekday = gettext(WEEKDAYS[self.weekday]).lower()
        nth = EVERY_NTH_WEEK.get(self.interval_weeks)
        if nth is None:
            rule = pgettext("series rule", "every %(weeks)d weeks on %(weekday)s") % {
                "weeks": self.interval_weeks,
                "weekday": weekday,
            }
        else:
            rule = nth(weekday)
        return pgettext("series rule", "%(rule)s at %(time)s") % {
            "rule": rule,
            "time": time_format(self.start_time, "TIME_FORMAT"),
        }
