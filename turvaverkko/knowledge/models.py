"""Projects (hanke) and operating models (toimintamalli), and where each model already runs.

An operating model keeps Innokylä's fields in Innokylä's order (SECTIONS), in fi/sv/en with an
original language and a status per language. A project carries the funder's identifiers (STEA
target number or EURA code, grant type) and its parties from the registry by Y-tunnus. An
implementation is what no catalogue records: the model running in a municipality.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Organization, TaxonomyTerm

LANGS = ("fi", "sv", "en")


class TextLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class LanguageStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    # Machine output is a draft until a person has read it: never shown as reviewed.
    MACHINE = "machine", _("machine translation, not reviewed")
    DRAFT = "draft", _("draft")
    REVIEWED = "reviewed", _("reviewed")


# Innokylä's sections and fields, in Innokylä's order. `True` marks the fields Innokylä
# requires (**), which the completeness score counts.
SECTIONS = (
    (
        "basic",
        _("Basic details"),
        (
            ("name", True),
            ("short_description", True),
            ("where_run", False),
            ("area_text", False),
            ("funder", False),
            ("larger_whole", False),
            ("author", False),
        ),
    ),
    (
        "description",
        _("Description of the operating model"),
        (
            ("basic_idea", True),
            ("environment", True),
            ("target_group_insight", True),
            ("conditions", True),
            ("intended_change", True),
            ("measurement", True),
        ),
    ),
    (
        "path",
        _("Development path"),
        (
            ("path_understand", False),
            ("path_try", False),
            ("path_evaluate", False),
        ),
    ),
)
TRANSLATED_FIELDS = tuple(
    f for _key, _title, fields in SECTIONS for f, _req in fields if f not in ("funder", "author")
)


class OperatingModel(models.Model):
    class Stage(models.TextChoices):
        DEVELOPING = "developing", _("in development")
        READY = "ready", _("ready to be adopted")
        ESTABLISHED = "established", _("established")

    # Basic details (Perustiedot)
    name = models.CharField(_("name of the operating model"), max_length=250)
    short_description = models.TextField(_("short description"), blank=True)
    where_run = models.CharField(_("where it was developed"), max_length=250, blank=True)
    area_text = models.CharField(
        _("municipality, region or wellbeing services county"), max_length=250, blank=True
    )
    funder = models.CharField(_("funder"), max_length=250, blank=True)
    larger_whole = models.CharField(_("part of a larger whole"), max_length=250, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    # Description (Toimintamallin kuvaus)
    basic_idea = models.TextField(_("basic idea of the solution"), blank=True)
    environment = models.TextField(_("operating environment"), blank=True)
    target_group_insight = models.TextField(_("target group and client insight"), blank=True)
    conditions = models.TextField(_("conditions for working and for adoption"), blank=True)
    intended_change = models.TextField(_("evaluation: the intended change"), blank=True)
    measurement = models.TextField(_("evaluation: how the change is measured"), blank=True)
    # Development path (Kehittämisen polku)
    path_understand = models.TextField(_("understand (starting point and needs)"), blank=True)
    path_try = models.TextField(_("imagine and try"), blank=True)
    path_evaluate = models.TextField(_("evaluate and spread"), blank=True)

    stage = models.CharField(
        _("stage of development"), max_length=20, choices=Stage.choices, default="developing"
    )
    innokyla_url = models.URLField(_("page in Innokylä"), blank=True)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=TextLanguage.choices, default="fi"
    )
    # {"fi": "reviewed", "sv": "machine", ...}; a language without text is always missing.
    language_status = models.JSONField(_("status per language"), default=dict, blank=True)
    themes = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="+",
        limit_choices_to={"taxonomy": "theme"},
        verbose_name=_("themes"),
    )
    target_groups = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="+",
        limit_choices_to={"taxonomy": "target_group"},
        verbose_name=_("target groups"),
    )
    reviewed_at = models.DateTimeField(_("content last reviewed"), default=timezone.now)
    review_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager["OperatingModel"]] = models.Manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("operating model")
        verbose_name_plural = _("operating models")

    def __str__(self) -> str:
        return self.name

    def text(self, field: str, lang: str) -> str:
        return getattr(self, f"{field}_{lang}", "") or ""

    def status_of(self, lang: str) -> str:
        """The status of one language; no text in it is always 'missing'."""
        if not self.text("name", lang).strip():
            return LanguageStatus.MISSING
        status = self.language_status.get(lang, LanguageStatus.DRAFT)
        return status if status in LanguageStatus.values else LanguageStatus.DRAFT

    def completeness(self) -> int:
        """Percent of Innokylä's required fields filled in the original language."""
        required = [f for _k, _t, fields in SECTIONS for f, req in fields if req]
        filled = sum(1 for f in required if self.text(f, self.original_language).strip())
        return round(100 * filled / len(required))


class Project(models.Model):
    class Scheme(models.TextChoices):
        STEA = "stea", _("STEA target number")
        EURA = "eura", _("EURA 2021 project code")
        OTHER = "other", _("other funder's code")

    class GrantType(models.TextChoices):
        C = "C", _("C – project grant")
        AK = "Ak", _("Ak – targeted operating grant")
        AY = "Ay", _("Ay – general operating grant")
        B = "B", _("B – investment grant")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ONGOING = "ongoing", _("ongoing")
        ENDED = "ended", _("ended")

    name = models.CharField(_("name of the project"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    code_scheme = models.CharField(
        _("identifier type"), max_length=10, choices=Scheme.choices, default="stea"
    )
    code = models.CharField(_("target number or project code"), max_length=40, blank=True)
    grant_type = models.CharField(
        _("grant type"), max_length=2, choices=GrantType.choices, blank=True
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="ongoing")
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("municipalities")
    )
    target_groups = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="+",
        limit_choices_to={"taxonomy": "target_group"},
        verbose_name=_("target groups"),
    )
    main_goal = models.TextField(_("main goal"), blank=True)
    sub_goals = models.TextField(_("sub-goals"), blank=True, help_text=_("One per line."))
    budget = models.DecimalField(
        _("budget (euros)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    models_produced = models.ManyToManyField(
        OperatingModel, blank=True, related_name="produced_by", verbose_name=_("models produced")
    )
    models_used = models.ManyToManyField(
        OperatingModel, blank=True, related_name="used_by", verbose_name=_("models used")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager["Project"]] = models.Manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def sub_goal_list(self) -> list[str]:
        return [line.strip() for line in self.sub_goals.splitlines() if line.strip()]


class ProjectParty(models.Model):
    """An organisation of the registry in a project, with its role (IATI participating-org)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead (accountable)")
        CO_IMPLEMENTER = "co_implementer", _("co-implementer")
        PARTNER = "partner", _("partner")
        FUNDER = "funder", _("funder")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organization"], name="unique_project_party")
        ]
        verbose_name = _("project party")
        verbose_name_plural = _("project parties")

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Implementation(models.Model):
    """A model running in a municipality: "where is this already running, whom do I ask?"."""

    class Status(models.TextChoices):
        PILOTING = "piloting", _("piloting")
        ESTABLISHED = "established", _("established")
        ENDED = "ended", _("ended")

    model = models.ForeignKey(
        OperatingModel, on_delete=models.CASCADE, related_name="implementations"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation in the registry"),
    )
    organization_name = models.CharField(
        _("organisation (if not in the registry)"), max_length=250, blank=True
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default="piloting"
    )
    adaptations = models.TextField(_("local adaptations"), blank=True)
    # Personal data: shown to signed-in coordinators only, never on public pages.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__name_fi", "started_on"]
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")

    def __str__(self) -> str:
        return f"{self.model} – {self.municipality}"

    @property
    def organization_label(self) -> str:
        if self.organization is not None:
            return self.organization.name
        return self.organization_name
