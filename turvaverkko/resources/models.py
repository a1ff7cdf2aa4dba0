"""What the network can bring when something happens: premises, vehicles, equipment, skills."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Organization


class Resource(models.Model):
    class Kind(models.TextChoices):
        # A building that can be used when others cannot (heat, water, power without the grid).
        PREMISES = "premises", _("premises / readiness centre")
        # An agreed outdoor meeting point where there is no building.
        MEETING_POINT = "meeting_point", _("outdoor meeting point")
        VEHICLE = "vehicle", _("vehicle")
        EQUIPMENT = "equipment", _("equipment")
        # What people can do: psychosocial support, catering, transport, check-ins...
        CAPABILITY = "capability", _("capability")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("available")
        LIMITED = "limited", _("limited")
        UNAVAILABLE = "unavailable", _("not available")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("owner organisation"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    site = models.ForeignKey(
        "directory.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        verbose_name=_("place in the directory"),
    )
    address = models.CharField(_("address or directions"), max_length=200, blank=True)
    # Who opens the door at night: printed in the coordinators' paper pack instead of the
    # owner's first contacts; never in public pages (it names people and numbers).
    key_holder = models.TextField(
        _("how to get in / key holder"),
        blank=True,
        help_text=_(
            "E.g. Key: Matti Virtanen 040 123 4567, or the key box code from the rescue "
            "department. Shown only to those who may edit this resource and in the "
            "coordinators' paper pack."
        ),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    easting = models.FloatField(_("easting (EPSG:3067)"), null=True, blank=True, editable=False)
    northing = models.FloatField(_("northing (EPSG:3067)"), null=True, blank=True, editable=False)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example: people, vehicles, litres")
    )
    availability = models.CharField(
        _("availability"), max_length=20, choices=Availability.choices, default="available"
    )
    readiness_minutes = models.PositiveIntegerField(
        _("time to readiness (minutes)"), null=True, blank=True
    )
    # Premises only.
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    beds = models.PositiveIntegerField(_("beds"), null=True, blank=True)
    heat_without_grid = models.BooleanField(_("heating without grid power"), default=False)
    generator = models.BooleanField(_("backup generator"), default=False)
    water = models.BooleanField(_("water without grid power"), default=False)
    kitchen = models.BooleanField(_("kitchen"), default=False)
    accessible = models.BooleanField(_("step-free access"), default=False)
    confirmed_at = models.DateTimeField(_("data last confirmed"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality", "kind", "name"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return self.name

    @property
    def is_premises(self) -> bool:
        return self.kind == self.Kind.PREMISES

    def features(self) -> list[str]:
        names = ("heat_without_grid", "generator", "water", "kitchen", "accessible")
        return [str(self._meta.get_field(n).verbose_name) for n in names if getattr(self, n)]

    def point(self):
        """(latitude, longitude) of the resource, or of its directory place."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        if self.site_id and self.site.latitude is not None:
            return self.site.latitude, self.site.longitude
        return None
