"""The welfare report's own figures in the indicator registry (core.indicators), so that welfare
agreements (partnership) can follow them live without importing insights.

Kind "report": these are per-resident shares of one municipality; for several municipalities
together (or all of Finland) they are not defined here and the value is None. The welfare
report shows them in its own sections, not again among the activities.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality
from turvaverkko.core.indicators import indicator

from . import welfare

KIND = "report"
SOURCE = _("Turvaverkko directory and population grid")


def _one(codes) -> Municipality | None:
    if codes is None or len(codes) != 1:
        return None
    return Municipality.objects.filter(code=codes[0]).first()


def _period(start) -> welfare.Period:
    return welfare.Period(timezone.localtime(start).year)


def _per_1000_aged_65(codes, start, what: str):
    municipality = _one(codes)
    if municipality is None:
        return None
    population = welfare.population_of(municipality)
    figures = welfare.meeting_place_figures(municipality, _period(start), population)
    row = next((r for r in figures["per_1000"] if r["group"] == "age_65"), None)
    return None if row is None else row[what]


@indicator("meeting_places.places_per_1000_aged_65",
           label=_("Low-threshold meeting places per 1,000 residents aged 65 or over"),
           source=SOURCE, kind=KIND, decimals=2)  # fmt: skip
def places_per_1000_aged_65(codes, start, end):
    return _per_1000_aged_65(codes, start, "places")


@indicator("meeting_places.weekly_hours_per_1000_aged_65",
           label=_("Weekly open hours of low-threshold meeting places per 1,000 residents aged "
                   "65 or over"),
           source=SOURCE, kind=KIND, decimals=2)  # fmt: skip
def weekly_hours_per_1000_aged_65(codes, start, end):
    return _per_1000_aged_65(codes, start, "hours")


def _within(codes, start, metres: int):
    municipality = _one(codes)
    if municipality is None:
        return None
    coverage = welfare.coverage_figures(municipality, _period(start))
    if not coverage["available"]:
        return None
    share = next((w["share"] for w in coverage["total"]["within"] if w["within_m"] == metres), None)
    return None if share is None else round(share * 100, 1)


@indicator("coverage.low_threshold.within_3000m.share_pct",
           label=_("Residents within 3 km of a low-threshold meeting place (%)"),
           source=SOURCE, kind=KIND, decimals=1, unit="%")  # fmt: skip
def within_3_km(codes, start, end):
    return _within(codes, start, 3000)


@indicator("coverage.low_threshold.within_5000m.share_pct",
           label=_("Residents within 5 km of a low-threshold meeting place (%)"),
           source=SOURCE, kind=KIND, decimals=1, unit="%")  # fmt: skip
def within_5_km(codes, start, end):
    return _within(codes, start, 5000)
