"""Who is in the network: organisations, their contact chains, roles, taxonomy."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from turvaverkko.areas.models import Municipality, Region, WellbeingCounty
from turvaverkko.importing.models import ImportBatch as ImportBatch  # moved; re-exported


class TaxonomyTerm(models.Model):
    """A term of one of the managed taxonomies (HSDS taxonomy_term)."""

    class Taxonomy(models.TextChoices):
        THEME = "theme", _("theme")
        TARGET_GROUP = "target_group", _("target group")
        SKILL = "skill", _("skill")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.CharField(_("taxonomy"), max_length=20, choices=Taxonomy.choices)
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)  # translated: name_fi/_sv/_en
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    term_uri = models.URLField(_("term URI"), blank=True)

    class Meta:
        ordering = ["taxonomy", "code"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")
        ]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self):
        return self.name


class Language(models.Model):
    """A language by ISO 639-1 or 639-3 code (fi, sv, en, se, smn, fse...)."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)  # translated

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name


class Organization(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("association")
        VILLAGE_ASSOCIATION = "village_association", _("village association")
        RED_CROSS_BRANCH = "red_cross_branch", _("Red Cross branch")
        PARISH = "parish", _("parish")
        MUNICIPAL_UNIT = "municipal_unit", _("municipal unit")
        WELLBEING_COUNTY = "wellbeing_county", _("wellbeing services county")
        RESCUE_DEPARTMENT = "rescue_department", _("rescue department")
        STATE_AGENCY = "state_agency", _("state agency")
        COMPANY = "company", _("company")
        OTHER = "other", _("other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)  # translated
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    business_id = models.CharField(_("Y-tunnus"), max_length=9, null=True, blank=True, unique=True)
    association_number = models.CharField(
        _("association register number"), max_length=6, null=True, blank=True, unique=True
    )
    themes = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="organizations_by_theme",
        limit_choices_to={"taxonomy": TaxonomyTerm.Taxonomy.THEME},
        verbose_name=_("themes"),
    )
    target_groups = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="organizations_by_target_group",
        limit_choices_to={"taxonomy": TaxonomyTerm.Taxonomy.TARGET_GROUP},
        verbose_name=_("target groups"),
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="organizations", verbose_name=_("municipalities")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="branches",
        verbose_name=_("parent organisation"),
    )
    # Public contact channels of the organisation itself (not of a person).
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = models.CharField(_("public phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)  # translated
    year_incorporated = models.PositiveSmallIntegerField(null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # None: never confirmed by the organisation itself. An import leaves it None, so the
    # organisation counts as stale and its association is asked to confirm its data.
    confirmed_at = models.DateTimeField(
        _("data last confirmed"), null=True, blank=True, default=timezone.now
    )
    # Used by the yearly re-confirmation task: stamped only after the reminder was sent.
    confirmation_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    # The many-to-many fields are tracked too, so the change history shows who moved an
    # organisation to another municipality or changed its themes.
    history = HistoricalRecords(
        excluded_fields=["confirmation_reminder_sent_at"],
        m2m_fields=["themes", "target_groups", "municipalities"],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class ContactPerson(models.Model):
    """A person in an organisation's contact chain; private unless marked public."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_roles",
    )
    # 0 is the primary contact, 1 the first deputy, 2 the second...
    position = models.PositiveSmallIntegerField(_("position in chain"), default=0)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    phone = models.CharField(_("phone (E.164)"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_public = models.BooleanField(_("show publicly"), default=False)
    # Set by the alerting when a permanent delivery error shows the contact is unreachable.
    failing_since = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "position"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return self.name

    @property
    def role_label(self) -> str:
        if self.position == 0:
            return str(_("primary contact"))
        return str(_("deputy %(n)s")) % {"n": self.position}


class Network(models.Model):
    """A local network of organisations, e.g. 'Huittisten järjestöverkosto'."""

    name = models.CharField(_("name"), max_length=200)  # translated
    description = models.TextField(_("description"), blank=True)
    municipalities = models.ManyToManyField(Municipality, blank=True, related_name="networks")
    members = models.ManyToManyField(Organization, blank=True, related_name="networks")

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name


class RoleAssignment(models.Model):
    """A user's role with its scope: an organisation, a municipality, a region or a county."""

    class Role(models.TextChoices):
        ASSOCIATION_ADMIN = "association_admin", _("association admin")
        MUNICIPAL_COORDINATOR = "municipal_coordinator", _("municipal coordinator")
        REGIONAL_COORDINATOR = "regional_coordinator", _("regional coordinator")
        ADMIN = "admin", _("administrator")

    ROLES_REQUIRING_2FA = (
        Role.MUNICIPAL_COORDINATOR,
        Role.REGIONAL_COORDINATOR,
        Role.ADMIN,
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="admins"
    )
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    county = models.ForeignKey(
        WellbeingCounty, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Who gave or took away a role (shown in the organisation's history, and in the admin).
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_has_its_scope",
                condition=(
                    models.Q(role="association_admin", organization__isnull=False)
                    | models.Q(role="municipal_coordinator", municipality__isnull=False)
                    | (
                        models.Q(role="regional_coordinator")
                        & (models.Q(region__isnull=False) | models.Q(county__isnull=False))
                    )
                    | models.Q(role="admin")
                ),
            )
        ]

    def __str__(self):
        scope = self.organization or self.municipality or self.region or self.county or ""
        return f"{self.user} – {self.get_role_display()} {scope}".strip()

    @classmethod
    def requires_two_factor(cls, user) -> bool:
        """The user holds a role that must be protected by a second factor."""
        return user.role_assignments.filter(role__in=cls.ROLES_REQUIRING_2FA).exists()


class Invitation(models.Model):
    """An e-mailed, signed invitation to become an association admin."""

    email = models.EmailField(_("e-mail"))
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organization}"
