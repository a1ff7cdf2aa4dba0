"""Readiness plans, the agreements they rest on, the risk register and exercises.

Names used by the incidents app (keep them stable): ReadinessPlan, PlanScenario, Role.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import ContactPerson, Organization
from turvaverkko.resources.models import Resource


class ScenarioKind(models.TextChoices):
    """The managed list of scenarios (after Sahana Eden's scenario templates)."""

    POWER_OUTAGE = "power_outage", _("long power outage")
    STORM = "storm", _("storm")
    FLOOD = "flood", _("flood")
    EVACUATION = "evacuation", _("evacuation")
    WATER_CONTAMINATION = "water_contamination", _("water contamination")
    PANDEMIC = "pandemic", _("pandemic")
    HEAT_WAVE = "heat_wave", _("heat wave")
    SEVERE_COLD = "severe_cold", _("severe cold")
    TELECOM = "telecom", _("telecom or cyber disruption")
    MASS_CASUALTY = "mass_casualty", _("mass casualty incident")
    MISSING_PERSON = "missing_person", _("search for a missing person")
    OTHER = "other", _("other")


class ReadinessPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    title = models.CharField(_("title"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality, related_name="readiness_plans", verbose_name=_("municipalities")
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords(m2m_fields=["municipalities"])

    class Meta:
        ordering = ["title"]
        verbose_name = _("readiness plan")
        verbose_name_plural = _("readiness plans")

    def __str__(self):
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class PlanScenario(models.Model):
    plan = models.ForeignKey(ReadinessPlan, on_delete=models.CASCADE, related_name="scenarios")
    kind = models.CharField(_("scenario"), max_length=30, choices=ScenarioKind.choices)
    description = models.TextField(_("description"), blank=True)
    # The alert sent when this scenario happens, in each language; the coordinator can
    # still edit it before sending. Empty: a ready-made text for the incident type.
    alert_text_fi = models.CharField(_("alert message in Finnish"), max_length=300, blank=True)
    alert_text_sv = models.CharField(_("alert message in Swedish"), max_length=300, blank=True)
    alert_text_en = models.CharField(_("alert message in English"), max_length=300, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="one_scenario_kind_per_plan")
        ]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self):
        return f"{self.plan}: {self.get_kind_display()}"


class Agreement(models.Model):
    class Kind(models.TextChoices):
        EMERGENCY_RELIEF = "emergency_relief", _("emergency relief agreement (ensihuolto)")
        PREMISES = "premises", _("use of premises")
        COOPERATION = "cooperation", _("general cooperation")
        # Its goals and commitments: partnership.WelfareAgreement (docs/partnership.md).
        WELFARE = "welfare", _("welfare agreement (hyvinvointisopimus)")
        OTHER = "other", _("other")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    organizations = models.ManyToManyField(
        Organization, related_name="agreements", verbose_name=_("parties")
    )
    tasks = models.TextField(_("tasks"), blank=True)
    compensation = models.TextField(_("compensation"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Private: MEDIA_URL does not serve it; preparedness:agreement_document checks access.
    document = models.FileField(
        _("signed document"), upload_to="agreements/%Y/", blank=True, max_length=255
    )
    # Stamped after the expiry reminder was handed to the mail server (sent once).
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_to", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return self.title


class Role(models.Model):
    """Who does what in a scenario, reached through an ordered contact chain."""

    scenario = models.ForeignKey(PlanScenario, on_delete=models.CASCADE, related_name="roles")
    task = models.CharField(_("task"), max_length=300)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="preparedness_roles",
        verbose_name=_("responsible organisation"),
    )
    trigger = models.CharField(_("trigger"), max_length=300, blank=True)
    readiness_minutes = models.PositiveIntegerField(
        _("time to readiness (minutes)"), null=True, blank=True
    )
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roles",
        verbose_name=_("agreement"),
    )
    resources = models.ManyToManyField(
        Resource, blank=True, related_name="roles", verbose_name=_("resources committed")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(m2m_fields=["resources"])

    class Meta:
        ordering = ["scenario", "order", "pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return self.task

    def contact_chain(self) -> list[ContactPerson]:
        """The ordered chain: the role's own order if set, else the organisation's chain."""
        links = list(self.chain_links.select_related("contact").order_by("position"))
        if links:
            return [link.contact for link in links]
        return list(self.organization.contacts.order_by("position", "pk"))


class RoleContact(models.Model):
    """An overridden position of a contact person in one role's chain."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="chain_links")
    contact = models.ForeignKey(ContactPerson, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position in chain"))

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "contact"], name="contact_once_per_role")
        ]

    def __str__(self):
        return f"{self.role}: {self.position + 1}. {self.contact}"


class Risk(models.Model):
    LEVELS = [(n, str(n)) for n in range(1, 6)]

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    title = models.CharField(_("risk"), max_length=200)
    scenario = models.CharField(
        _("scenario"), max_length=30, choices=ScenarioKind.choices, blank=True
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1–5)"),
        choices=LEVELS,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1–5)"), choices=LEVELS, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    owner = models.CharField(_("owner"), max_length=200)
    measures = models.TextField(_("measures"), blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-likelihood", "-impact", "title"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self):
        return self.title


class Exercise(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=200)
    scenario = models.CharField(
        _("scenario"), max_length=30, choices=ScenarioKind.choices, blank=True
    )
    planned_for = models.DateField(_("planned date"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="exercises", verbose_name=_("participants")
    )
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    # Filled later from the incidents feature's real activation of the drill; never guessed.
    reply_rate = models.FloatField(_("reply rate (0–1)"), null=True, blank=True, editable=False)
    minutes_to_half_replied = models.PositiveIntegerField(null=True, blank=True, editable=False)
    minutes_to_90_replied = models.PositiveIntegerField(null=True, blank=True, editable=False)
    failed_contacts = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Names of those alerted in the drill who never answered (shown to coordinators only).
    non_responders = models.JSONField(default=list, blank=True, editable=False)
    figures_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    modified_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=["organizations"])

    class Meta:
        ordering = ["-planned_for"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")

    def __str__(self):
        return self.title


class ActionItem(models.Model):
    """An action agreed somewhere: after an exercise (`exercise`) or, through the generic
    `source`, at another record of an app above this one (a partnership table's agenda item).
    Open until closed with a note; `carry_over_count` counts the meetings it was carried to."""

    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="action_items", null=True, blank=True
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    description = models.CharField(_("action item"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    owner_organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    owner_email = models.EmailField(_("responsible person's e-mail"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    closed_note = models.TextField(_("closing note"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    carry_over_count = models.PositiveSmallIntegerField(_("carried over"), default=0)
    overdue_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["done", "due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["source_type", "source_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exercise__isnull=False) | models.Q(source_id__isnull=False),
                name="action_item_has_a_source",
            )
        ]

    def __str__(self):
        return self.description
