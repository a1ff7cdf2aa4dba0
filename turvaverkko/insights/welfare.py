"""The association section of a municipal welfare report (hyvinvointikertomus), as indicators.

`build_report(municipality, year)` gathers, for one municipality and one calendar year, the
figures standards.md §6.3 says the system can supply: the association network by theme and
target group, low-threshold meeting places and their weekly open hours per 1,000 inhabitants
by age group, coverage of those places, volunteers and their activity, preparedness and
incident figures (from the apps that will record them), and the resilience matrix.

Only aggregates: counts, sums and shares. Nothing here reads a person's name or contact.

Registry figures describe the network at the end of the period (or today for the current
year): organisations and places registered by then that are active and published now.
Opening hours are those registered now, a typical week without exceptions.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from turvaverkko.areas.models import Municipality
from turvaverkko.core import indicators as registry
from turvaverkko.core.constants import HELSINKI

from . import resilience
from .population import AGE_GROUPS

logger = logging.getLogger(__name__)

AGE_LABELS = {
    "age_0_14": gettext_lazy("aged 0–14"),
    "age_15_64": gettext_lazy("aged 15–64"),
    "age_65": gettext_lazy("aged 65 or over"),
}
COVERAGE_DISTANCES_M = [1000, 3000, 5000, 10000, 20000]

# Activities (agreements, exercises, incidents and whatever else an app registers in
# core.indicators) appear in the report as their apps count them; the network figures have
# sections of their own below.
NETWORK_KIND = "network"
REPORT_KIND = "report"  # the report's own figures (insights/indicators.py), shown in its sections


@dataclass
class Indicator:
    id: str
    label: str
    value: float | int | None
    source: str
    decimals: int = 0
    unit: str = ""

    @property
    def csv_value(self) -> str:
        if self.value is None:
            return ""
        return str(round(self.value, self.decimals) if self.decimals else int(round(self.value)))


@dataclass
class Period:
    year: int

    @property
    def start(self) -> datetime:
        return datetime(self.year, 1, 1, tzinfo=HELSINKI)

    @property
    def end(self) -> datetime:
        """Exclusive."""
        return datetime(self.year + 1, 1, 1, tzinfo=HELSINKI)

    @property
    def as_of(self) -> datetime:
        return min(self.end, timezone.now())

    def __str__(self) -> str:
        return str(self.year)


@dataclass
class Population:
    total: int | None
    ages: dict[str, int] | None  # None when only the total is known
    unknown_ages: int
    source: str
    is_synthetic: bool = False
    fallback: bool = False  # from the municipality register, not the grid


@dataclass
class WelfareReport:
    municipality: Municipality
    period: Period
    population: Population
    organisations: dict
    meeting_places: dict
    coverage: dict
    volunteers: dict
    activities: list[Indicator]
    resilience: list[dict]
    indicators: list[Indicator] = field(default_factory=list)
    generated_at: datetime = field(default_factory=timezone.now)


def per_1000(value, population) -> float | None:
    return None if not population or value is None else value / population * 1000


# -- the parts ----------------------------------------------------------------------------------


def population_of(municipality: Municipality) -> Population:
    from .models import PopulationGrid

    dataset = PopulationGrid.objects.current()
    if dataset is not None:
        grid = dataset.load()
        inside = grid.municipality == int(municipality.code)
        if inside.any():
            known = inside & grid.ages_known
            source = _("%(name)s, %(year)s, %(size)s cells") % {
                "name": dataset.name,
                "year": dataset.year,
                "size": dataset.get_resolution_display(),
            }
            if dataset.is_synthetic:
                source = _("synthetic population grid (not statistics): %s") % source
            total = int(grid.population[inside].sum(dtype=np.int64))
            known_total = int(grid.population[known].sum(dtype=np.int64))
            return Population(
                total=total,
                ages={a: int(getattr(grid, a)[known].sum(dtype=np.int64)) for a in AGE_GROUPS},
                unknown_ages=total - known_total,
                source=source,
                is_synthetic=dataset.is_synthetic,
            )
    return Population(
        total=municipality.population,
        ages=None,
        unknown_ages=0,
        source=_("municipality register (%s)") % municipality.valid_year,
        fallback=True,
    )


def organisations_in(municipality: Municipality, period: Period):
    from turvaverkko.registry.models import Organization

    return Organization.objects.filter(
        municipalities=municipality, is_active=True, created_at__lt=period.end
    ).distinct()


def _counted(items, attribute: str) -> list[tuple[str, str, int]]:
    counts: dict[str, list] = {}
    for item in items:
        for term in getattr(item, attribute).all():
            entry = counts.setdefault(term.code, [term.name, 0])
            entry[1] += 1
    return sorted(((c, n, k) for c, (n, k) in counts.items()), key=lambda r: (-r[2], r[1]))


def organisation_figures(municipality, period) -> dict:
    from turvaverkko.registry.models import Organization

    orgs = list(organisations_in(municipality, period).prefetch_related("themes", "target_groups"))
    kinds = dict(Organization.Kind.choices)
    by_kind: dict[str, int] = {}
    for org in orgs:
        by_kind[org.kind] = by_kind.get(org.kind, 0) + 1
    return {
        "total": len(orgs),
        "by_theme": _counted(orgs, "themes"),
        "by_target_group": _counted(orgs, "target_groups"),
        "by_kind": sorted(
            ((k, str(kinds.get(k, k)), n) for k, n in by_kind.items()), key=lambda r: (-r[2], r[1])
        ),  # fmt: skip
        "objects": orgs,
    }


def meeting_place_figures(municipality, period, population: Population) -> dict:
    from turvaverkko.directory.models import Site

    from .sites import weekly_hours_by_site

    places = list(
        Site.objects.filter(
            municipality=municipality, low_threshold=True, is_published=True,
            created_at__lt=period.end,
        ).exclude(kind=Site.Kind.ONLINE).values_list("id", flat=True)
    )  # fmt: skip
    hours = sum(weekly_hours_by_site(places).values()) if places else 0.0
    groups = [("total", _("all residents"), population.total)]
    if population.ages is not None:
        groups += [(a, str(AGE_LABELS[a]), population.ages[a]) for a in AGE_GROUPS]
    return {
        "count": len(places),
        "weekly_hours": hours,
        "per_1000": [
            {
                "group": key,
                "label": label,
                "residents": residents,
                "hours": per_1000(hours, residents),
                "places": per_1000(len(places), residents),
            }
            for key, label, residents in groups
        ],  # fmt: skip
    }


def coverage_figures(municipality, period: Period, user=None) -> dict:
    """Shares of residents near a low-threshold meeting place, straight line (the engine),
    counting the places registered by the end of the period, as every other figure does."""
    from .actions import coverage_now
    from .analysis import QueryError

    parameters = {
        "area_level": "municipality",
        "area_code": municipality.code,
        "thresholds_m": COVERAGE_DISTANCES_M,
        "sites": {
            "low_threshold": True,
            # A past year counts the places registered by its end; the current year all today.
            "created_before": None if period.end > timezone.now() else period.end.isoformat(),
        },
        "gap_count": 5,
    }
    try:
        run = coverage_now(parameters, user)
    except QueryError as exc:
        return {"available": False, "reason": str(exc)}
    except OSError:
        # A dataset file missing where this machine looks: the log gets the path, the
        # report a sentence (the same one a failed background run shows).
        logger.exception("coverage figures of %s: a data file could not be read", municipality)
        return {
            "available": False,
            "reason": _(
                "The population grid or road network data could not be read. Ask the "
                "administrator to check the shared file storage or to import the data again."
            ),
        }
    result = run.result
    grid = result["population_grid"]
    source = _("Turvaverkko coverage analysis (straight line), %(grid)s %(year)s") % {
        "grid": grid["name"], "year": grid["year"]
    }  # fmt: skip
    return {
        "available": True,
        "run": run,
        "total": result["total"],
        "thresholds_m": result["thresholds_m"],
        "is_synthetic": grid["is_synthetic"],
        "site_count": result["site_count"],
        "source": source,
    }


def volunteer_figures(municipality, period, population: Population) -> dict:
    from turvaverkko.volunteers.models import Volunteer

    registered = Volunteer.objects.filter(
        home_municipality=municipality, anonymised_at__isnull=True, created_at__lt=period.end
    )
    total = registered.count()
    active = registered.filter(
        last_active_at__gte=period.start, last_active_at__lt=period.end
    ).count()
    return {"total": total, "active": active, "per_1000": per_1000(total, population.total)}


def activity_indicators(municipality, period) -> list[Indicator]:
    """Every registered activity figure (core.indicators) for the municipality and period."""
    return [
        Indicator(
            d.id, str(d.label),
            d.compute([municipality.code], period.start, period.end),
            str(d.source), decimals=d.decimals, unit=d.unit,
        )
        for d in registry.registered()
        if d.kind not in (NETWORK_KIND, REPORT_KIND)
    ]  # fmt: skip


def resilience_matrix(municipality, period, organisations) -> list[dict]:
    from django.db.models import Q

    from turvaverkko.directory.models import Service, Site
    from turvaverkko.volunteers.models import Volunteer

    matrix = resilience.empty_matrix()
    for org in organisations:
        cells = resilience.cells_of([t.code for t in org.themes.all()], resilience.THEME_RULES)
        cells |= resilience.cells_of([org.kind], resilience.ORGANISATION_KIND_RULES)
        resilience.add(matrix, "organisations", cells)
    services = (
        Service.objects.filter(
            Q(service_area=municipality) | Q(sites__municipality=municipality)
            | Q(organization__municipalities=municipality),
            created_at__lt=period.end,
        )
        .exclude(status=Service.Status.DEFUNCT)
        .distinct()
        .prefetch_related("themes")
    )  # fmt: skip
    for service in services:
        codes = [t.code for t in service.themes.all()]
        resilience.add(matrix, "services", resilience.cells_of(codes, resilience.THEME_RULES))
    sites = Site.objects.filter(
        municipality=municipality, is_published=True, created_at__lt=period.end
    ).values_list("kind", flat=True)
    for kind in sites:
        resilience.add(matrix, "sites", resilience.cells_of([kind], resilience.SITE_KIND_RULES))
    volunteers = Volunteer.objects.filter(
        home_municipality=municipality, anonymised_at__isnull=True, created_at__lt=period.end
    ).prefetch_related("skills")
    for volunteer in volunteers:
        codes = [s.code for s in volunteer.skills.all()]
        resilience.add(matrix, "volunteers", resilience.cells_of(codes, resilience.SKILL_RULES))
    return resilience.rows(matrix)


# -- the whole --------------------------------------------------------------------------------


def build_report(municipality: Municipality, year: int, user=None) -> WelfareReport:
    period = Period(year)
    population = population_of(municipality)
    organisations = organisation_figures(municipality, period)
    objects = organisations.pop("objects")
    report = WelfareReport(
        municipality=municipality,
        period=period,
        population=population,
        organisations=organisations,
        meeting_places=meeting_place_figures(municipality, period, population),
        coverage=coverage_figures(municipality, period, user),
        volunteers=volunteer_figures(municipality, period, population),
        activities=activity_indicators(municipality, period),
        resilience=resilience_matrix(municipality, period, objects),
    )
    report.indicators = indicator_list(report)
    return report


def indicator_list(report: WelfareReport) -> list[Indicator]:
    """Every figure of the report as (id, value, source): the CSV/XLSX rows."""
    registry, directory = _("Turvaverkko registry"), _("Turvaverkko directory")
    people = _("Turvaverkko volunteer register")
    pop = report.population
    out = [Indicator("population.total", _("Residents"), pop.total, pop.source)]
    if pop.ages is not None:
        out += [
            Indicator(f"population.{a}", _("Residents %s") % AGE_LABELS[a], pop.ages[a],
                      pop.source)
            for a in AGE_GROUPS
        ]  # fmt: skip
        out.append(Indicator("population.unknown_ages", _("Residents of cells with ages not "
                             "published"), pop.unknown_ages, pop.source))  # fmt: skip
    orgs = report.organisations
    out.append(Indicator("organisations.total", _("Organisations"), orgs["total"], registry))
    for key, rows in (("theme", orgs["by_theme"]), ("target_group", orgs["by_target_group"]),
                      ("kind", orgs["by_kind"])):  # fmt: skip
        out += [
            Indicator(f"organisations.{key}.{code}", name, count, registry)
            for code, name, count in rows
        ]
    places = report.meeting_places
    out.append(Indicator("meeting_places.low_threshold.count",
                         _("Low-threshold meeting places"), places["count"],
                         directory))  # fmt: skip
    out.append(Indicator("meeting_places.low_threshold.weekly_hours",
                         _("Weekly open hours of low-threshold meeting places"),
                         places["weekly_hours"], directory, decimals=1))  # fmt: skip
    for row in places["per_1000"]:
        suffix = "" if row["group"] == "total" else f".{row['group']}"
        out.append(Indicator(
            f"meeting_places.low_threshold.weekly_hours_per_1000{suffix}",
            _("Weekly open hours per 1,000 residents (%s)") % row["label"],
            row["hours"], f"{directory}; {pop.source}", decimals=2,
        ))  # fmt: skip
    cov = report.coverage
    if cov["available"]:
        for within in cov["total"]["within"]:
            metres = within["within_m"]
            out.append(Indicator(
                f"coverage.low_threshold.within_{metres}m.share_pct",
                _("Residents within %(km)s km of a low-threshold meeting place (%%)")
                % {"km": f"{metres / 1000:g}"},
                None if within["share"] is None else within["share"] * 100,
                cov["source"], decimals=1,
            ))  # fmt: skip
            for age in AGE_GROUPS:
                share = within["age_groups"][age]["share"]
                out.append(Indicator(
                    f"coverage.low_threshold.within_{metres}m.{age}.share_pct",
                    _("Residents %(group)s within %(km)s km (%%)")
                    % {"group": AGE_LABELS[age], "km": f"{metres / 1000:g}"},
                    None if share is None else share * 100, cov["source"], decimals=1,
                ))  # fmt: skip
    vol = report.volunteers
    out += [
        Indicator("volunteers.total", _("Registered volunteers"), vol["total"], people),
        Indicator("volunteers.active", _("Volunteers active during the year"), vol["active"],
                  people),
        Indicator("volunteers.per_1000", _("Volunteers per 1,000 residents"), vol["per_1000"],
                  f"{people}; {pop.source}", decimals=2),
    ]  # fmt: skip
    out += report.activities
    for row in report.resilience:
        for cell in row["cells"]:
            out.append(Indicator(
                f"resilience.{row['level']}.{cell['phase']}",
                f"{row['label']} × {resilience.PHASES[cell['phase']]}",
                cell["total"], _("Turvaverkko registry, directory and volunteer register"),
            ))  # fmt: skip
    return out
