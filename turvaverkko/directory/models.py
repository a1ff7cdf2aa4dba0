"""The public directory: sites (HSDS locations), services, and where and when they are offered."""

import contextlib
import uuid

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from turvaverkko.areas.models import Municipality
from turvaverkko.core.weburl import to_uri
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm

from . import analysis, geocode, hours
from . import recurrence as rec


class Site(models.Model):
    """A place where help can be found: a meeting place, village hall, office, clinic..."""

    class Kind(models.TextChoices):
        MEETING_PLACE = "meeting_place", _("meeting place")
        VILLAGE_HALL = "village_hall", _("village hall")
        OFFICE = "office", _("office")
        CLINIC = "clinic", _("clinic")
        # "Kylmäpiste": an outdoor meeting point when there is no building.
        OUTDOOR_MEETING_POINT = "outdoor_meeting_point", _("outdoor meeting point")
        ONLINE = "online", _("online")
        # Where an outreach unit (a service bus, a team) stops on its timetable (outreach app).
        OUTREACH_STOP = "outreach_stop", _("outreach stop")
        MARKET_SQUARE = "market_square", _("market square")
        CAR_PARK = "car_park", _("car park")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)  # translated
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)  # translated
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    low_threshold = models.BooleanField(_("low-threshold"), default=False, db_index=True)
    url = models.URLField(_("web address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True, db_index=True)
    city = models.CharField(_("post office"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
        verbose_name=_("municipality"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    easting = models.FloatField(_("easting (EPSG:3067)"), null=True, blank=True)
    northing = models.FloatField(_("northing (EPSG:3067)"), null=True, blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)  # translated
    # Structured accessibility.
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    accessible_parking = models.BooleanField(_("accessible parking"), default=False)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)  # translated
    languages = models.ManyToManyField(Language, blank=True, related_name="sites")
    target_groups = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="sites",
        limit_choices_to={"taxonomy": TaxonomyTerm.Taxonomy.TARGET_GROUP},
    )
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="sites", verbose_name=_("organisations present")
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    # Where the point came from (geocode.py): given by the editor, or derived from the address.
    location_source = models.CharField(
        _("source of the point"),
        max_length=20,
        default="given",
        choices=[
            ("given", _("given by the editor")),
            ("geocoder", _("from the street address")),
            ("postal_code", _("centre of the postal code area")),
            ("municipality", _("centre of the municipality")),
            ("none", _("no point")),
        ],
    )
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=100, blank=True)
    # Lower-case words of the names, descriptions and address in every language, kept by
    # save(); the public search (HSDS API, search page) matches against this one column,
    # which PostgreSQL indexes with trigrams (migration 0002).
    search_text = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    # Who changed what (the site's history page); derived columns are not history.
    history = HistoricalRecords(
        excluded_fields=["search_text", "easting", "northing", "location_source", "modified_at"],
        m2m_fields=["languages", "target_groups", "organizations"],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        indexes = [models.Index(fields=["easting", "northing"], name="site_tm35_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from turvaverkko.areas.geo import to_tm35fin

        if kwargs.get("update_fields") is None or {"latitude", "postal_code"} & set(
            kwargs["update_fields"]
        ):
            self._place_on_map()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"], "latitude", "longitude", "location_source",
                    "easting", "northing",
                }  # fmt: skip
        self.easting = self.northing = None
        if _valid_wgs84(self.latitude, self.longitude):
            self.easting, self.northing = to_tm35fin(self.latitude, self.longitude)
        self.search_text = site_search_text(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_point = (
            instance.__dict__.get("latitude"),
            instance.__dict__.get("longitude"),
        )
        return instance

    def _place_on_map(self) -> None:
        """A place without a point gets one from its address (geocode.py); a point the editor
        moved is "given"; a derived point follows the address when that changes."""
        point = (self.latitude, self.longitude)
        derived = self.location_source in geocode.DERIVED
        if None not in point and (not derived or point != getattr(self, "_loaded_point", point)):
            self.location_source = geocode.GIVEN  # typed, picked on the map, imported
            return
        if self.kind == self.Kind.ONLINE and None in point:
            self.location_source = geocode.NONE
            return
        located = geocode.locate(
            street_address=self.street_address,
            postal_code=self.postal_code,
            city=self.city,
            municipality_code=self.municipality_id,
        )
        if located is None:
            self.latitude = self.longitude = None
            self.location_source = geocode.NONE
        else:
            self.latitude, self.longitude = located.latitude, located.longitude
            self.location_source = located.source
        self._loaded_point = (self.latitude, self.longitude)


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        DEFUNCT = "defunct", _("defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)  # translated
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)  # translated
    url = models.URLField(_("web address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    fees_description = models.TextField(_("fees"), blank=True)  # translated
    application_process = models.TextField(_("how to access"), blank=True)  # translated
    eligibility_description = models.TextField(_("eligibility"), blank=True)
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    alert = models.TextField(_("short-term notice"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    target_groups = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="services",
        limit_choices_to={"taxonomy": TaxonomyTerm.Taxonomy.TARGET_GROUP},
    )
    themes = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="themed_services",
        limit_choices_to={"taxonomy": TaxonomyTerm.Taxonomy.THEME},
        verbose_name=_("themes"),
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="services")
    service_area = models.ManyToManyField(
        Municipality, blank=True, related_name="services", verbose_name=_("service area")
    )
    sites = models.ManyToManyField(Site, through="ServiceAtLocation", related_name="services")
    # PTV service classes (codes of the ptvserclass2 code list: "P4", "P4.12"); PTV requires at
    # least one to publish a service. The choices are ptv/classes.py (data/ptv_service_classes).
    ptv_service_classes = models.JSONField(_("PTV service classes"), default=list, blank=True)
    # Lower-case words of the service's texts in every language and of its organisation's
    # name, kept by save() and by the Organization post_save receiver below.
    search_text = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "modified_at"],
        m2m_fields=["target_groups", "themes", "languages", "service_area"],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        # The HSDS list is ordered by the Finnish name (modeltranslation's name_fi column).
        indexes = [models.Index(fields=["name_fi", "id"], name="service_name_fi_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = service_search_text(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="service_links")
    description = models.TextField(_("description"), blank=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("service at a site")
        verbose_name_plural = _("services at sites")
        constraints = [
            models.UniqueConstraint(fields=["service", "site"], name="unique_service_at_site")
        ]

    def __str__(self):
        return f"{self.service} @ {self.site}"


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


# --- Search text -------------------------------------------------------------------------

LANGUAGE_SUFFIXES = ("fi", "sv", "en")


def _valid_wgs84(latitude, longitude) -> bool:
    """Only real WGS84 coordinates get a TM35FIN projection (imported data may be bogus)."""
    return (
        latitude is not None
        and longitude is not None
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )


def _by_language(obj, field: str) -> dict[str | None, list[str]]:
    """{lang: [text]} of a translated field; the untranslated value as of unknown language."""
    out: dict[str | None, list[str]] = {}
    for lang in LANGUAGE_SUFFIXES:
        value = getattr(obj, f"{field}_{lang}", None)
        if value:
            out.setdefault(lang, []).append(value)
    if not out and getattr(obj, field, ""):
        out[None] = [getattr(obj, field)]
    return out


def _merge(*groups: dict) -> dict[str | None, list[str]]:
    merged: dict[str | None, list[str]] = {}
    for group in groups:
        for lang, texts in group.items():
            merged.setdefault(lang, []).extend(t for t in texts if t)
    return merged


def normalise_search_text(*parts: str) -> str:
    """The `search_text` of texts of unknown language (analysis.search_text)."""
    return analysis.search_text({None: [p for p in parts if p]})


def service_search_text(service, organization_names: list[str] | None = None) -> str:
    """Terms of the service's names and descriptions in every language and of its
    organisation's names (directory/analysis.py)."""
    if organization_names is None:
        organization_names = []
        if service.organization_id:
            from turvaverkko.registry.models import Organization

            row = (
                Organization.objects.filter(pk=service.organization_id)
                .values_list("name_fi", "name_sv", "name_en")
                .first()
            )
            organization_names = [n for n in row or () if n]
    return analysis.search_text(
        _merge(
            _by_language(service, "description"),
            {None: [*organization_names]},
        ),
        _merge(_by_language(service, "name"), {None: [service.alternate_name]}),
    )


def site_search_text(site) -> str:
    """Terms of the site's names, descriptions, address and municipality in every language."""
    municipality = []
    if site.municipality_id:
        row = (
            Municipality.objects.filter(pk=site.municipality_id)
            .values_list("name_fi", "name_sv")
            .first()
        )
        municipality = [n for n in row or () if n]
    return analysis.search_text(
        _merge(
            _by_language(site, "description"),
            _by_language(site, "street_address"),
            {None: [site.postal_code, site.city, *municipality]},
        ),
        _merge(_by_language(site, "name"), {None: [site.alternate_name]}),
    )


@receiver(post_save, sender=Organization, dispatch_uid="directory_service_search_text")
def _refresh_service_search_text(sender, instance, raw=False, **kwargs):
    """An organisation's new name must be findable in its services' search text."""
    if raw:
        return
    names = [n for n in (instance.name_fi, instance.name_sv, instance.name_en) if n]
    changed = []
    for service in Service.objects.filter(organization=instance):
        text = service_search_text(service, names)
        if text != service.search_text:
            service.search_text = text
            changed.append(service)
    Service.objects.bulk_update(changed, ["search_text"], batch_size=500)
    Service.objects.filter(organization=instance).update(modified_at=timezone.now())


# --- What HSDS serves as a service's last_modified -----------------------------------------
# A service is served with its sites (and their opening hours) and its organisation's name,
# so a change to any of them is a change of the service: its `modified_at` moves too (the
# site editor and the API write rules with update(), after saving the site).


def touch_services_at(site_id) -> None:
    Service.objects.filter(at_locations__site_id=site_id).update(modified_at=timezone.now())


@receiver(post_save, sender=Site, dispatch_uid="directory_site_touches_services")
def _site_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_services_at(instance.pk)


@receiver(post_save, sender=OpeningRule, dispatch_uid="directory_rule_saved")
@receiver(post_delete, sender=OpeningRule, dispatch_uid="directory_rule_deleted")
@receiver(post_save, sender=OpeningException, dispatch_uid="directory_exception_saved")
@receiver(post_delete, sender=OpeningException, dispatch_uid="directory_exception_deleted")
def _hours_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    now = timezone.now()
    if instance.site_id:
        Site.objects.filter(pk=instance.site_id).update(modified_at=now)
        touch_services_at(instance.site_id)
    if getattr(instance, "service_id", None):
        Service.objects.filter(pk=instance.service_id).update(modified_at=now)


# --- Web addresses in IDNA form ------------------------------------------------------------
# Forms, the API and imports all save through here, so `std-kylä.fi` is stored as the URI
# `xn--std-kyl-cxa.fi`. An address that cannot be converted is kept as typed; HSDS then
# leaves it out (serializers.served_uri) rather than serve an invalid `uri`.

URL_FIELDS = {Site: "url", Service: "url", Organization: "website", TaxonomyTerm: "term_uri"}


@receiver(pre_save, dispatch_uid="directory_urls_as_uris")
def _urls_as_uris(sender, instance, raw=False, **kwargs):
    name = URL_FIELDS.get(sender)
    if name is None or raw:
        return
    with contextlib.suppress(ValueError):
        setattr(instance, name, to_uri(getattr(instance, name) or ""))


class PtvLink(models.Model):
    """Which of our records a PTV record became (directory/ptv/): re-reads update it in place,
    and a changed-since read touches only the records whose `modified` moved."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("organisation")
        SITE = "site", _("site")
        SERVICE = "service", _("service")

    ptv_id = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    local_id = models.UUIDField()
    modified = models.CharField(max_length=40, blank=True)  # PTV's own timestamp, as given
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("PTV link")
        verbose_name_plural = _("PTV links")

    def __str__(self):
        return f"{self.kind} {self.ptv_id}"
