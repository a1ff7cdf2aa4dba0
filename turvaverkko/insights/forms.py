"""Forms of the insight pages: what to analyse, what-if sites, suggestions, report period."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.geo import to_tm35fin
from turvaverkko.registry.models import Language, TaxonomyTerm

from . import access
from .models import RoadNetwork

DEFAULT_DISTANCES_KM = "1, 3, 5, 10, 20"
# Generous WGS84 bounds of Finland: a candidate site elsewhere is a typing mistake.
LATITUDE_RANGE = (59.0, 70.5)
LONGITUDE_RANGE = (19.0, 32.0)
WHAT_IF_SITES = 3


def _km(value: float) -> str:
    return f"{value / 1000:g}"


class CoverageForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"))
    distances = forms.CharField(
        label=_("Distances (km)"),
        initial=DEFAULT_DISTANCES_KM,
        max_length=100,
        help_text=_("One to ten distances in kilometres, separated by commas."),
    )
    mode = forms.ChoiceField(
        label=_("Distance"),
        choices=[("straight", _("Straight line")), ("road", _("Along roads"))],
        initial="straight",
        widget=forms.RadioSelect,
    )
    low_threshold = forms.BooleanField(label=_("Low-threshold places only"), required=False)
    step_free_access = forms.BooleanField(label=_("Step-free access only"), required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Target group (any of)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Language (any of)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    min_weekly_hours = forms.DecimalField(
        label=_("Open at least (hours a week)"),
        required=False,
        min_value=0,
        max_value=168,
        decimal_places=1,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = access.area_choices(user)
        self.fields["target_groups"].choices = [
            (t.code, t.name)
            for t in TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.TARGET_GROUP)
        ]
        self.fields["languages"].choices = [
            (lang.code, lang.name) for lang in Language.objects.all()
        ]
        self.road_network = RoadNetwork.objects.first()
        if self.road_network is None:
            self.fields["mode"].help_text = _(
                "No road network has been loaded, so distances are straight lines."
            )

    def clean_distances(self):
        raw = self.cleaned_data["distances"].replace(";", ",")
        try:
            values = sorted(
                {
                    round(float(p.strip().replace(" ", "")) * 1000)
                    for p in raw.split(",")
                    if p.strip()
                }
            )
        except ValueError:
            raise forms.ValidationError(
                _("Write the distances as numbers, e.g. 1, 3, 5.")
            ) from None
        if not 1 <= len(values) <= 10 or values[0] <= 0 or values[-1] > 200_000:
            raise forms.ValidationError(
                _("Give one to ten distances between 0.001 and 200 kilometres.")
            )
        return values

    def clean_mode(self):
        mode = self.cleaned_data["mode"]
        if mode == "road" and self.road_network is None:
            raise forms.ValidationError(
                _("No road network has been loaded. Choose straight-line distances.")
            )
        return mode

    def parameters(self) -> dict:
        data = self.cleaned_data
        level, _sep, code = data["area"].partition(":")
        hours = data.get("min_weekly_hours")
        return {
            "area_level": level,
            "area_code": code,
            "thresholds_m": data["distances"],
            "mode": data["mode"],
            "sites": {
                "low_threshold": data["low_threshold"],
                "step_free_access": data["step_free_access"],
                "target_groups": data["target_groups"],
                "languages": data["languages"],
                "min_weekly_hours": float(hours) if hours else 0.0,
            },
        }

    @classmethod
    def initial_from(cls, parameters: dict) -> dict:
        """Form values that repeat a run's parameters."""
        sites = parameters.get("sites") or {}
        return {
            "area": f"{parameters.get('area_level', 'country')}:{parameters.get('area_code', '')}",
            "distances": ", ".join(_km(t) for t in parameters.get("thresholds_m") or []),
            "mode": parameters.get("mode", "straight"),
            "low_threshold": sites.get("low_threshold", False),
            "step_free_access": sites.get("step_free_access", False),
            "target_groups": sites.get("target_groups", []),
            "languages": sites.get("languages", []),
            "min_weekly_hours": sites.get("min_weekly_hours") or None,
        }


class WhatIfForm(forms.Form):
    """Up to three candidate sites as WGS84 coordinates (clicking the map fills them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, WHAT_IF_SITES + 1):
            self.fields[f"lat{i}"] = forms.FloatField(
                label=_("Latitude of site %(n)s") % {"n": i},
                required=False,
                min_value=LATITUDE_RANGE[0],
                max_value=LATITUDE_RANGE[1],
                widget=forms.NumberInput(attrs={"step": "any"}),
            )
            self.fields[f"lon{i}"] = forms.FloatField(
                label=_("Longitude of site %(n)s") % {"n": i},
                required=False,
                min_value=LONGITUDE_RANGE[0],
                max_value=LONGITUDE_RANGE[1],
                widget=forms.NumberInput(attrs={"step": "any"}),
            )

    def pairs(self):
        return [(self[f"lat{i}"], self[f"lon{i}"]) for i in range(1, WHAT_IF_SITES + 1)]

    def clean(self):
        data = super().clean()
        points = []
        for i in range(1, WHAT_IF_SITES + 1):
            lat, lon = data.get(f"lat{i}"), data.get(f"lon{i}")
            if (lat is None) != (lon is None) and not self.errors:
                self.add_error(f"lat{i}" if lat is None else f"lon{i}",
                               _("Give both the latitude and the longitude."))  # fmt: skip
            elif lat is not None and lon is not None:
                points.append(list(to_tm35fin(lat, lon)))
        if not points and not self.errors:
            raise forms.ValidationError(_("Give the coordinates of at least one site."))
        data["points"] = points
        return data


class SuggestForm(forms.Form):
    count = forms.IntegerField(label=_("How many new sites"), min_value=1, max_value=20, initial=3)
    radius = forms.DecimalField(
        label=_("Within (km)"),
        min_value=0.1,
        max_value=200,
        decimal_places=1,
        required=False,
        help_text=_("Residents farther than this from every site count as not covered."),
    )


class ReportForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Municipality"))
    year = forms.IntegerField(label=_("Year"), min_value=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = access.municipality_choices(user)
        this_year = timezone.localdate().year
        self.fields["year"].initial = this_year
        self.fields["year"].widget.attrs["max"] = this_year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year
