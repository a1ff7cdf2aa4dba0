"""When a site or service is open: weekly rules (in Europe/Helsinki local time) and dated
exceptions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import hours
from .. import recurrence as rec
from .sites import Service, Site


class OpeningRule(models.Model):
    """One weekly opening interval in Europe/Helsinki local time (one HSDS schedule row)."""

    WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    class Pattern(models.TextChoices):
        WEEKLY = rec.WEEKLY, _("every week")
        EVERY_2_WEEKS = rec.EVERY_2_WEEKS, _("every other week")
        MONTHLY_NTH = rec.MONTHLY_NTH, _("nth weekday of the month")
        EVEN_WEEKS = rec.EVEN_WEEKS, _("even weeks")
        ODD_WEEKS = rec.ODD_WEEKS, _("odd weeks")

    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.CASCADE, related_name="opening_rules"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="opening_rules"
    )
    # Comma-separated iCal weekdays, e.g. "MO,TU,WE".
    byday = models.CharField(_("weekdays"), max_length=30)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    # How the weekdays repeat (directory/recurrence.py). "weekly" with `interval` N is every
    # N weeks, counted from the week of valid_from; "monthly_nth" uses `nth` ("torstai 1").
    pattern = models.CharField(
        _("repeats"), max_length=20, choices=Pattern.choices, default=Pattern.WEEKLY
    )
    # 1 = every week, 2 = every other week (relative to valid_from); only for weekly patterns.
    interval = models.PositiveSmallIntegerField(default=1)
    nth = models.SmallIntegerField(_("which one in the month"), default=1)  # -1 = last
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    description = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["site", "opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                name="opening_rule_has_owner",
                condition=models.Q(site__isnull=False) | models.Q(service__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.byday} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def save(self, *args, **kwargs):
        # One way to say each schedule: "every other week" is its pattern, not weekly + 2.
        if self.pattern == rec.WEEKLY and self.interval == 2:
            self.pattern = rec.EVERY_2_WEEKS
        elif self.pattern == rec.EVERY_2_WEEKS:
            self.interval = 2
        elif self.pattern != rec.WEEKLY:
            self.interval = 1
        super().save(*args, **kwargs)

    def recurrence(self) -> rec.Recurrence | None:
        """The dates of this rule (None when it names no weekday)."""
        return hours.recurrence_of(self)

    def describe(self) -> str:
        """ "1. torstai kuukaudessa 10.00–12.00" in the active language."""
        return hours.describe_rule(self)


class OpeningException(models.Model):
    """A date when the weekly rules do not apply: closed, or open at other hours."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="opening_exceptions")
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    description = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["site", "date"]
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")

    def __str__(self):
        return f"{self.date} {self.description}"
