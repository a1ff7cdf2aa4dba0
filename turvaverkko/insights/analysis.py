"""Coverage analyses from the models: parameters in, a JSON-ready result out.

`CoverageQuery.from_parameters()` validates what a form or API sends; `run_query()` computes
the result (tasks.py runs it in the background and caches it in a CoverageRun);
`distance_layer()` makes the map layer for a bounding box.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from . import cache, coverage, maxcover, naming
from .models import PopulationGrid, RoadNetwork
from .population import Grid, municipality_code
from .roads import road_distances
from .sites import SiteFilter, matching_sites

# Bump when the engine's results change meaning, so cached runs are not reused.
ENGINE_VERSION = 2  # 2: gaps cut along postal areas and named, with age groups
AREA_LEVELS = ("country", "region", "county", "municipality")
MODES = ("straight", "road")


class QueryError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass
class CoverageQuery:
    area_level: str = "country"
    area_code: str = ""
    thresholds_m: list[int] = field(default_factory=lambda: list(coverage.DEFAULT_THRESHOLDS_M))
    mode: str = "straight"
    population_grid: int | None = None
    road_network: int | None = None
    sites: SiteFilter = field(default_factory=SiteFilter)
    extra_sites: list[list[float]] = field(default_factory=list)  # "what if" [[e, n], ...]
    gap_threshold_m: int | None = None
    gap_count: int = 20
    suggest: int = 0  # how many new sites to suggest
    suggest_radius_m: int | None = None
    candidates: list[list[float]] = field(default_factory=list)  # default: uncovered cells

    @classmethod
    def from_parameters(cls, data: dict) -> "CoverageQuery":
        errors: list[str] = []
        query = cls()
        query.area_level = str(data.get("area_level", "country"))
        query.area_code = str(data.get("area_code", "") or "")
        if query.area_level not in AREA_LEVELS:
            errors.append(_("Unknown area level: %s.") % query.area_level)
        elif query.area_level != "country" and not query.area_code:
            errors.append(_("Choose the area."))
        query.mode = str(data.get("mode", "straight"))
        if query.mode not in MODES:
            errors.append(_("Unknown distance mode: %s.") % query.mode)
        try:
            thresholds = data.get("thresholds_m") or coverage.DEFAULT_THRESHOLDS_M
            query.thresholds_m = sorted({int(t) for t in thresholds})
            if not 1 <= len(query.thresholds_m) <= 10 or query.thresholds_m[0] <= 0:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(_("Distances must be 1 to 10 positive whole metres."))
        for name in ("population_grid", "road_network", "gap_threshold_m", "suggest_radius_m"):
            value = data.get(name)
            try:
                setattr(query, name, int(value) if value not in (None, "") else None)
            except (TypeError, ValueError):
                errors.append(_("%s must be a whole number.") % name)
        for name, limit in (("gap_count", 200), ("suggest", 50)):
            try:
                value = int(data.get(name, getattr(query, name)))
                if not 0 <= value <= limit:
                    raise ValueError
                setattr(query, name, value)
            except (TypeError, ValueError):
                errors.append(
                    _("%(name)s must be between 0 and %(limit)s.") % {"name": name, "limit": limit}
                )
        for name in ("extra_sites", "candidates"):
            try:
                points = [[float(e), float(n)] for e, n in data.get(name) or []]
                setattr(query, name, points)
            except (TypeError, ValueError):
                errors.append(_("%s must be a list of [easting, northing] pairs.") % name)
        try:
            query.sites = SiteFilter.from_dict(data.get("sites"))
        except (TypeError, ValueError):
            errors.append(_("The site filter is not valid."))
        if errors:
            raise QueryError(errors)
        if query.gap_threshold_m is None:
            query.gap_threshold_m = query.thresholds_m[len(query.thresholds_m) // 2]
        if query.suggest_radius_m is None:
            query.suggest_radius_m = query.gap_threshold_m
        return query

    def to_parameters(self) -> dict:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["sites"] = self.sites.to_dict()
        return data


@dataclass
class Context:
    """Datasets and sites a query resolves to; its key identifies the result."""

    grid_dataset: PopulationGrid
    road_dataset: RoadNetwork | None
    site_ids: list[str]
    site_xy: np.ndarray
    cache_key: str


def resolve(query: CoverageQuery) -> Context:
    grids = PopulationGrid.objects.all()
    if query.population_grid:
        grid_dataset = grids.filter(pk=query.population_grid).first()
    else:
        grid_dataset = grids.current()
    if grid_dataset is None:
        raise QueryError([_("No population grid has been imported.")])
    road_dataset = None
    if query.mode == "road":
        networks = RoadNetwork.objects.all()
        if query.road_network:
            road_dataset = networks.filter(pk=query.road_network).first()
        else:
            road_dataset = networks.first()
        if road_dataset is None:
            raise QueryError([_("No road network has been imported.")])
    sites = matching_sites(query.sites)
    payload = json.dumps(
        [ENGINE_VERSION, query.to_parameters(), grid_dataset.pk, grid_dataset.checksum,
         road_dataset and road_dataset.checksum, sites.fingerprint],
        sort_keys=True, default=str,
    )  # fmt: skip
    key = hashlib.sha256(payload.encode()).hexdigest()
    return Context(grid_dataset, road_dataset, sites.ids, sites.xy, key)


# -- areas --------------------------------------------------------------------------------------


@dataclass
class Areas:
    mask: np.ndarray  # cells in scope
    group: np.ndarray  # municipality row of each cell (-1 outside)
    municipalities: list[dict]
    regions: list[dict]
    counties: list[dict]
    to_region: np.ndarray  # municipality row -> region row (-1 unknown)
    to_county: np.ndarray


def _areas(grid: Grid, level: str, code: str) -> Areas:
    from turvaverkko.areas.models import Municipality

    known = {
        int(m.code): m
        for m in Municipality.objects.select_related("region", "county")
        if m.code.isdigit()
    }
    present = np.unique(grid.municipality)
    if level == "municipality":
        if not code.isdigit():
            raise QueryError([_("Unknown municipality: %s.") % code])
        wanted = [int(code)]
    elif level in ("region", "county"):
        wanted = [c for c, m in known.items() if getattr(m, f"{level}_id") == code]
        if not wanted:
            raise QueryError([_("Unknown area: %s.") % code])
    else:
        wanted = present.tolist()
    wanted = sorted(set(wanted) & set(present.tolist()))
    if not wanted:
        raise QueryError([_("The population grid has no residents in area %s.") % code])
    lookup = np.full(1000, -1, dtype=np.int64)
    lookup[wanted] = np.arange(len(wanted))
    group = lookup[np.minimum(grid.municipality, 999)]
    municipalities, regions, counties = [], {}, {}
    to_region, to_county = [], []
    for c in wanted:
        m = known.get(c)
        municipalities.append(
            {"level": "municipality", "code": municipality_code(c), "name": m.name if m else ""}
        )
        for parent, rows, links in (
            ("region", regions, to_region),
            ("county", counties, to_county),
        ):
            if m is None:
                links.append(-1)
                continue
            area = getattr(m, parent)
            rows.setdefault(area.pk, {"level": parent, "code": area.pk, "name": area.name})
            links.append(list(rows).index(area.pk))
    return Areas(
        mask=group >= 0,
        group=group,
        municipalities=municipalities,
        regions=list(regions.values()),
        counties=list(counties.values()),
        to_region=np.array(to_region, dtype=np.int64),
        to_county=np.array(to_county, dtype=np.int64),
    )


# -- computing ----------------------------------------------------------------------------------


def distances(context: Context, grid: Grid, site_xy: np.ndarray, mask=None) -> np.ndarray:
    """Distance of each cell of `grid` to the nearest of `site_xy`. By road, `mask` says which
    cells of the dataset's full grid `grid` is (None: all), to pick their cached snaps."""
    if context.road_dataset is not None:
        snap_distance, snap_node = cache.cell_snap(context.grid_dataset, context.road_dataset)
        if mask is not None:
            snap_distance, snap_node = snap_distance[mask], snap_node[mask]
        return road_distances(
            context.road_dataset.load(), grid.centres, site_xy, workers=-1,
            cell_snap=(snap_distance, snap_node),
        )  # fmt: skip
    return coverage.straight_line_distances(grid.centres, site_xy, workers=-1)


def _tables(grid, distance, thresholds, areas: Areas) -> dict:
    n = len(areas.municipalities)
    by_municipality = coverage.tally(grid, distance, thresholds, areas.group, n)
    total = by_municipality.combine(np.zeros(n, dtype=np.int64), 1)
    tables = {
        "municipalities": coverage.tally_rows(by_municipality, thresholds, areas.municipalities),
        "total": coverage.tally_rows(
            total, thresholds, [{"level": "total", "code": "", "name": _("All areas")}]
        )[0],
    }
    for name, rows, links in (
        ("regions", areas.regions, areas.to_region),
        ("counties", areas.counties, areas.to_county),
    ):
        combined = by_municipality.combine(links, len(rows))
        tables[name] = coverage.tally_rows(combined, thresholds, rows)
    return tables


def run_query(query: CoverageQuery, progress: Callable[[int], None] = lambda pct: None,
              keep_distances: bool = False) -> dict:  # fmt: skip
    """The coverage result; `keep_distances` also stores the cells' distances for the map."""
    context = resolve(query)
    progress(5)
    full_grid = context.grid_dataset.load()
    areas = _areas(full_grid, query.area_level, query.area_code)
    mask = areas.mask
    grid = full_grid.subset(mask)
    areas.group = areas.group[mask]
    progress(15)
    extra = np.array(query.extra_sites, dtype=np.float64).reshape(-1, 2)
    site_xy = np.vstack([context.site_xy, extra])
    distance = distances(context, grid, site_xy, mask)
    if keep_distances:
        cache.save_distances(context.cache_key, np.flatnonzero(mask), distance)
    progress(60)
    thresholds = query.thresholds_m
    result = {
        "computed_at": timezone.now().isoformat(),
        "cache_key": context.cache_key,
        "parameters": query.to_parameters(),
        "population_grid": _dataset_info(context.grid_dataset),
        "road_network": context.road_dataset
        and {
            "id": context.road_dataset.pk,
            "name": context.road_dataset.name,
            "profile": context.road_dataset.profile,
            "is_synthetic": context.road_dataset.is_synthetic,
        },
        "site_count": len(context.site_ids),
        "thresholds_m": thresholds,
        **_tables(grid, distance, thresholds, areas),
    }
    if len(extra):
        baseline = distances(context, grid, context.site_xy, mask)
        result["baseline"] = _tables(grid, baseline, thresholds, areas)
        result["extra_sites"] = query.extra_sites
    progress(80)
    gap = query.gap_threshold_m
    postal = naming.postal_areas()
    beyond = coverage.gap_scores(grid, distance, gap) > 0
    area = np.full(len(grid), -1, dtype=np.int64)
    area[beyond] = postal.nearest(grid.centres[beyond])
    clusters = coverage.largest_gap_clusters(grid, distance, gap, query.gap_count, area=area)
    for cluster in clusters:
        cluster["place"] = _place(postal, cluster.pop("area"))
    result["gaps"] = {
        "threshold_m": gap,
        "cells": coverage.largest_gap_cells(grid, distance, gap, query.gap_count),
        "clusters": clusters,
    }
    if query.suggest:
        result["suggestions"] = suggest_sites(grid, distance, query)
        chosen = result["suggestions"]["sites"]
        where = postal.nearest(np.array([[s["easting"], s["northing"]] for s in chosen]))
        for site, i in zip(chosen, where, strict=True):
            site["place"] = _place(postal, int(i))
    progress(100)
    return result


def _place(postal: naming.PostalAreas, i: int) -> dict | None:
    """The stored name of a place: both languages, so the page shows the reader's."""
    if i < 0:
        return None
    area = postal.areas[i]
    return {"postal_code": area.code, "fi": area.label("fi"), "sv": area.label("sv")}


def suggest_sites(grid: Grid, distance: np.ndarray, query: CoverageQuery) -> dict:
    """k new sites covering the most residents now farther than the radius (straight line).

    `distance` already counts the query's what-if sites: suggestions from a what-if run add
    to them."""
    radius = query.suggest_radius_m
    uncovered = distance > radius + coverage.TOLERANCE_M
    points = grid.centres[uncovered]
    weights = grid.population[uncovered].astype(np.float64)
    if query.candidates:
        candidates = np.array(query.candidates, dtype=np.float64)
    else:
        candidates = maxcover.default_candidates(points, weights, grid.resolution)
    chosen = maxcover.greedy_max_coverage(points, weights, candidates, radius, query.suggest)
    lat, lon = coverage._wgs84(
        np.array([s.easting for s in chosen]), np.array([s.northing for s in chosen])
    )
    return {
        "radius_m": radius,
        "uncovered_residents": int(weights.sum()),
        "sites": [
            {
                "easting": round(s.easting, 1),
                "northing": round(s.northing, 1),
                "latitude": round(float(lat[i]), 5),
                "longitude": round(float(lon[i]), 5),
                "added_residents": s.added_residents,
                "cumulative_residents": s.cumulative_residents,
            }
            for i, s in enumerate(chosen)
        ],
    }


def _dataset_info(dataset: PopulationGrid) -> dict:
    return {
        "id": dataset.pk,
        "name": dataset.name,
        "year": dataset.year,
        "resolution": dataset.resolution,
        "is_synthetic": dataset.is_synthetic,
    }


def distance_layer(query: CoverageQuery, bbox, max_features: int = 20_000, *,
                   cache_key: str = "", include_population: bool = True) -> dict:  # fmt: skip
    """GeoJSON of the query's area cells in bbox (EPSG:3067) coloured by their distance class.

    With the `cache_key` of a finished run whose distances were kept, they are read from
    disk; otherwise the cells in the bbox are computed now.
    """
    context = resolve(query)
    full_grid = context.grid_dataset.load()
    x0, y0, x1, y1 = bbox
    res = full_grid.resolution
    near = (
        (full_grid.x + res >= x0) & (full_grid.x <= x1)
        & (full_grid.y + res >= y0) & (full_grid.y <= y1)
    )  # fmt: skip
    kept = cache.load_distances(cache_key) if cache_key else None
    if kept is not None:
        index, kept_distance = kept
        index_near = near[index]
        local = full_grid.subset(index[index_near])
        distance = kept_distance[index_near]
    else:
        mask = near & _areas(full_grid, query.area_level, query.area_code).mask
        local = full_grid.subset(mask)
        extra = np.array(query.extra_sites, dtype=np.float64).reshape(-1, 2)
        distance = distances(context, local, np.vstack([context.site_xy, extra]), mask)
    layer = coverage.cells_geojson(
        local, distance, query.thresholds_m, max_features=max_features,
        include_population=include_population,
    )  # fmt: skip
    layer["population_grid"] = _dataset_info(context.grid_dataset)
    return layer
