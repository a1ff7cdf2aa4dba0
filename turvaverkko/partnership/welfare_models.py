"""Welfare agreements (hyvinvointisopimus, issue 12 §2), built on preparedness' `Agreement`
(parties, validity, signed document, expiry reminders, history): the agreement's parties with
their roles, and goal -> sub-goal -> commitment. Indicators are a later piece: until then a
commitment's progress is entered by hand, and only with a justification."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from turvaverkko.preparedness.models import Agreement
from turvaverkko.registry.models import Organization, TaxonomyTerm


class AgeGroup(models.TextChoices):
    ALL = "all", _("all ages")
    CHILDREN = "children", _("children")
    YOUTH = "youth", _("young people")
    WORKING_AGE = "working_age", _("working-age people")
    OLDER = "older", _("older people")


class WelfareAgreement(models.Model):
    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, primary_key=True, related_name="welfare"
    )
    council_term_start = models.PositiveSmallIntegerField(_("council term starts (year)"))
    council_term_end = models.PositiveSmallIntegerField(_("council term ends (year)"))
    summary_fi = models.TextField(_("summary (fi)"), blank=True)
    summary_sv = models.TextField(_("summary (sv)"), blank=True)
    is_public = models.BooleanField(_("public page"), default=True)

    class Meta:
        verbose_name = _("welfare agreement")
        verbose_name_plural = _("welfare agreements")

    def __str__(self) -> str:
        return str(self.agreement)


class WelfareParty(models.Model):
    class Role(models.TextChoices):
        ACCOUNTABLE = "accountable", _("accountable")
        IMPLEMENTING = "implementing", _("implementing")
        FUNDING = "funding", _("funding")
        SUPPORTING = "supporting", _("supporting")

    welfare = models.ForeignKey(WelfareAgreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A party that is not in the registry: the municipality, the wellbeing services county.
    name = models.CharField(_("party"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name or str(self.organization)

    def clean(self) -> None:
        if not self.name and self.organization_id is None:
            raise ValidationError(_("Choose an organisation or name the party."))


class Goal(models.Model):
    """A goal, or with `parent` a sub-goal, tagged with a welfare report theme and age group."""

    welfare = models.ForeignKey(WelfareAgreement, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="subgoals"
    )
    title_fi = models.CharField(_("goal (fi)"), max_length=300)
    title_sv = models.CharField(_("goal (sv)"), max_length=300, blank=True)
    theme = models.ForeignKey(
        TaxonomyTerm, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    age_group = models.CharField(
        _("age group"), max_length=20, choices=AgeGroup.choices, default=AgeGroup.ALL
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title_fi


class Commitment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="commitments")
    title_fi = models.CharField(_("commitment (fi)"), max_length=300)
    title_sv = models.CharField(_("commitment (sv)"), max_length=300, blank=True)
    owner = models.ForeignKey(
        # RESTRICT: a party owning commitments cannot be removed alone, but the agreement
        # can be deleted with all its parties and commitments.
        WelfareParty,
        on_delete=models.RESTRICT,
        related_name="commitments",
        verbose_name=_("owner"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    premises = models.CharField(_("premises offered"), max_length=300, blank=True)
    volunteer_hours = models.PositiveIntegerField(_("volunteer hours a year"), default=0)
    euros = models.DecimalField(_("euros a year"), max_digits=10, decimal_places=2, default=0)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    progress_justification = models.TextField(_("why this progress"), blank=True)

    class Meta:
        ordering = ["goal", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.title_fi

    def clean(self) -> None:
        # No indicator measures commitments yet: manual progress must say what it rests on.
        if self.progress is not None and not self.progress_justification.strip():
            raise ValidationError(
                {"progress_justification": _("Say what the progress you entered rests on.")}
            )
