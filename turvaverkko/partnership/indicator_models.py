"""Welfare agreement indicators (issue 12 §2) and the annual wellbeing negotiations (§3).

An indicator measures a goal of a welfare agreement: a measure, a direction, a baseline (year,
value) and a target per year. Its actual value for a year comes live from the indicator
registry (`core.indicators`, e.g. `network.meeting_places`) or from Sotkanet values imported
from a file; only where neither exists is it entered by hand, with a justification. A
negotiation freezes every figure of its county's agreements when it is held."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import WellbeingCounty

from .welfare_models import Goal, WelfareAgreement


class WelfareIndicator(models.Model):
    class Direction(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")

    welfare = models.ForeignKey(
        WelfareAgreement, on_delete=models.CASCADE, related_name="indicators"
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators",
        verbose_name=_("goal"),
    )  # fmt: skip
    measure_fi = models.CharField(_("measure (fi)"), max_length=300)
    measure_sv = models.CharField(_("measure (sv)"), max_length=300, blank=True)
    # Where the actual values come from: a registered indicator, a Sotkanet indicator, or
    # (neither) entered by hand per year.
    registry_id = models.CharField(_("Turvaverkko indicator"), max_length=100, blank=True)
    sotkanet_id = models.PositiveIntegerField(_("Sotkanet indicator number"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    baseline_value = models.FloatField(_("baseline value"))

    class Meta:
        ordering = ["welfare", "pk"]
        verbose_name = _("welfare indicator")
        verbose_name_plural = _("welfare indicators")

    def __str__(self) -> str:
        return self.measure_fi

    def clean(self) -> None:
        if self.registry_id and self.sotkanet_id:
            raise ValidationError(_("Choose one source: a Turvaverkko or a Sotkanet indicator."))
        if self.registry_id:
            from turvaverkko.core import indicators

            try:
                indicators.get(self.registry_id)
            except LookupError:
                raise ValidationError({"registry_id": _("No such indicator.")}) from None

    @property
    def is_manual(self) -> bool:
        return not self.registry_id and self.sotkanet_id is None


class IndicatorYear(models.Model):
    """The target for one year and, for a manual indicator only, its actual value."""

    indicator = models.ForeignKey(WelfareIndicator, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.FloatField(_("target"), null=True, blank=True)
    manual_actual = models.FloatField(_("actual (entered by hand)"), null=True, blank=True)
    justification = models.TextField(_("what the entered value rests on"), blank=True)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"

    def clean(self) -> None:
        if self.manual_actual is None or self.indicator_id is None:
            return
        if not self.indicator.is_manual:
            raise ValidationError(
                {"manual_actual": _("This indicator's values come from its source.")}
            )
        if not self.justification.strip():
            raise ValidationError({"justification": _("Say what the value you entered rests on.")})


class SotkanetValue(models.Model):
    """A value imported from a Sotkanet export: indicator, municipality (region code), year."""

    indicator = models.PositiveIntegerField()
    region = models.CharField(max_length=10)  # the municipality's statistical code
    year = models.PositiveSmallIntegerField()
    value = models.FloatField()
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"], name="sotkanet_value_once"
            )
        ]

    def __str__(self) -> str:
        return f"Sotkanet {self.indicator} {self.region} {self.year}"


class Negotiation(models.Model):
    """The annual wellbeing negotiation (hyte-neuvottelu, Act 612/2021 §§ 6–7) of a county."""

    county = models.ForeignKey(
        WellbeingCounty, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("wellbeing services county"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    representatives = models.ManyToManyField(
        "partnership.Nomination", blank=True, related_name="+",
        verbose_name=_("associations' representatives"),
    )  # fmt: skip
    # The outcome on THL's topics.
    goals_and_measures = models.TextField(_("goals and measures"), blank=True)
    cooperation = models.TextField(_("cooperation"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    operating_models = models.TextField(_("operating models"), blank=True)
    information_flow = models.TextField(_("information flow"), blank=True)
    # Every figure of the county's agreements as it stood when the negotiation was held.
    figures = models.JSONField(default=list, editable=False)
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="negotiation_once_a_year")
        ]
        verbose_name = _("wellbeing negotiation")
        verbose_name_plural = _("wellbeing negotiations")

    def __str__(self) -> str:
        return f"{self.county} {self.year}"


class SurveyAnswer(models.Model):
    """One association's answer to the negotiation's short survey (sent through notify)."""

    class Rating(models.IntegerChoices):
        POOR = 1, _("poorly")
        FAIR = 2, _("fairly")
        GOOD = 3, _("well")

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="answers")
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=40, unique=True, editable=False)
    cooperation = models.PositiveSmallIntegerField(
        _("How well did cooperation with the public sector work?"), choices=Rating.choices,
        null=True, blank=True,
    )  # fmt: skip
    wishes = models.TextField(_("What should next year's goals be?"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "organization"], name="survey_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.negotiation}"
