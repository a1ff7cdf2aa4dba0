"""Sites (HSDS locations), services, and which service is offered at which site."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm

from .. import geocode
from .search_text import service_search_text, site_search_text


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


def _valid_wgs84(latitude, longitude) -> bool:
    """Only real WGS84 coordinates get a TM35FIN projection (imported data may be bogus)."""
    return (
        latitude is not None
        and longitude is not None
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )
