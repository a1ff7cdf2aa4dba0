"""Finnish reference areas: regions, wellbeing services counties, municipalities, postal codes."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LocalisedNameMixin:
    """`name` in the active language with Finnish as the fallback."""

    @property
    def name(self) -> str:
        lang = (get_language() or "fi")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_fi

    def __str__(self):
        return self.name


class Region(LocalisedNameMixin, models.Model):
    """Maakunta, e.g. MK04 Satakunta."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name_fi = models.CharField(_("name (fi)"), max_length=100)
    name_sv = models.CharField(_("name (sv)"), max_length=100)
    name_en = models.CharField(_("name (en)"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class WellbeingCounty(LocalisedNameMixin, models.Model):
    """Hyvinvointialue; code 90 is the City of Helsinki and 91 Åland (not counties)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_fi = models.CharField(_("name (fi)"), max_length=100)
    name_sv = models.CharField(_("name (sv)"), max_length=100)
    name_en = models.CharField(_("name (en)"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wellbeing services county")
        verbose_name_plural = _("wellbeing services counties")


class Municipality(LocalisedNameMixin, models.Model):
    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        # Bilingual, Finnish the majority language.
        BILINGUAL_FI = "fi-sv", _("bilingual, Finnish majority")
        # Bilingual, Swedish the majority language.
        BILINGUAL_SV = "sv-fi", _("bilingual, Swedish majority")

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name_fi = models.CharField(_("name (fi)"), max_length=100)
    name_sv = models.CharField(_("name (sv)"), max_length=100)
    language = models.CharField(_("language status"), max_length=5, choices=Language.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    county = models.ForeignKey(
        WellbeingCounty, on_delete=models.PROTECT, related_name="municipalities"
    )
    # Representative point (the municipal centre), WGS84 and ETRS-TM35FIN.
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    easting = models.FloatField(_("easting (EPSG:3067)"))
    northing = models.FloatField(_("northing (EPSG:3067)"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    valid_year = models.PositiveSmallIntegerField(_("valid in year"))

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    @property
    def is_bilingual(self) -> bool:
        return self.language in (self.Language.BILINGUAL_FI, self.Language.BILINGUAL_SV)


class PostalCode(models.Model):
    code = models.CharField(_("postal code"), max_length=5, primary_key=True)
    name_fi = models.CharField(_("name (fi)"), max_length=100)
    name_sv = models.CharField(_("name (sv)"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="postal_codes"
    )
    # Approximate point of the postal area where known (used for "near me" by postal code).
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")

    def __str__(self):
        return f"{self.code} {self.name_fi}"
