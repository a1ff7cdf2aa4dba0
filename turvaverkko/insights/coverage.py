"""The coverage engine: distances from grid cells to the nearest site, and what they add up to.

Pure numpy/scipy on EPSG:3067 metres; no database. `analysis.py` feeds it from the models and
pages can call it directly. A distance array has one float per grid cell (inf: no site reachable).

Suppressed cells (fewer than 10 residents: age groups -1) count fully in "residents" and not
at all in the age groups; every summary says how many residents have known ages, so shares by
age are shares of the residents whose ages are known.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pyproj import Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from .population import AGE_GROUPS, Grid, cell_id, municipality_code

DEFAULT_THRESHOLDS_M = (1000, 3000, 5000, 10000, 20000)
# A threshold includes its own distance; a centimetre of slack absorbs the round-off of
# coordinates converted between WGS84 and EPSG:3067.
TOLERANCE_M = 0.01


def straight_line_distances(cells: np.ndarray, sites: np.ndarray, workers: int = 1) -> np.ndarray:
    """Distance (m) from each point of `cells` (n, 2) to the nearest of `sites` (m, 2)."""
    if len(sites) == 0:
        return np.full(len(cells), np.inf)
    tree = cKDTree(np.asarray(sites, dtype=np.float64))
    distance, _ = tree.query(cells, k=1, workers=workers)
    return distance


def distance_class(distance: np.ndarray, thresholds) -> np.ndarray:
    """0 for within thresholds[0], 1 for within thresholds[1] but not [0], ...; len(thresholds)
    for farther than all (or unreachable)."""
    limits = np.asarray(thresholds, dtype=np.float64) + TOLERANCE_M
    return np.searchsorted(limits, distance, side="left")


@dataclass
class Tally:
    """Residents per group (rows) by distance class (columns, the last one "beyond")."""

    population: np.ndarray  # (groups, classes)
    known: np.ndarray  # residents of cells whose age groups are known
    ages: dict[str, np.ndarray]  # age group -> (groups, classes)
    distance_sum: np.ndarray  # (groups,) population-weighted distance, reachable cells
    reachable: np.ndarray  # (groups,) residents with a finite distance

    def combine(self, mapping: np.ndarray, n_out: int) -> "Tally":
        """Sum groups into coarser ones: group i goes to mapping[i] (< 0: dropped)."""

        def add(values):
            out = np.zeros((n_out,) + values.shape[1:], dtype=values.dtype)
            keep = mapping >= 0
            np.add.at(out, mapping[keep], values[keep])
            return out

        return Tally(
            add(self.population),
            add(self.known),
            {name: add(v) for name, v in self.ages.items()},
            add(self.distance_sum),
            add(self.reachable),
        )


def municipality_groups(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(group of each cell, the municipality code of each group), groups in code order."""
    present = np.flatnonzero(np.bincount(codes, minlength=1))
    lookup = np.full(max(int(present[-1]) + 1 if len(present) else 1, 1), -1, dtype=np.int64)
    lookup[present] = np.arange(len(present))
    return lookup[codes], present


def tally(grid: Grid, distance: np.ndarray, thresholds, group: np.ndarray, n_groups: int) -> Tally:
    """Count residents by group and distance class; cells with group < 0 are left out."""
    n_classes = len(thresholds) + 1
    inside = group >= 0
    if inside.all():
        inside = slice(None)  # a view, not a copy of every array
    key = group[inside] * n_classes + distance_class(distance[inside], thresholds)
    size = n_groups * n_classes
    known = grid.ages_known[inside]
    population = grid.population[inside].astype(np.float64)

    def count(weights):
        return np.bincount(key, weights=weights, minlength=size).reshape(n_groups, n_classes)

    ages = {name: count(np.where(known, getattr(grid, name)[inside], 0)) for name in AGE_GROUPS}
    finite = np.isfinite(distance[inside])
    reach_pop = np.where(finite, population, 0.0)
    return Tally(
        population=count(population),
        known=count(np.where(known, population, 0.0)),
        ages=ages,
        distance_sum=np.bincount(
            group[inside],
            weights=reach_pop * np.where(finite, distance[inside], 0.0),
            minlength=n_groups,
        ),
        reachable=np.bincount(group[inside], weights=reach_pop, minlength=n_groups),
    )


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def tally_rows(result: Tally, thresholds, labels: list[dict]) -> list[dict]:
    """JSON-ready rows: per group, residents within each distance (cumulative) and shares."""
    rows = []
    cumulative_pop = np.cumsum(result.population, axis=1)
    cumulative_known = np.cumsum(result.known, axis=1)
    cumulative_ages = {name: np.cumsum(v, axis=1) for name, v in result.ages.items()}
    for i, label in enumerate(labels):
        residents = float(result.population[i].sum())
        known = float(result.known[i].sum())
        age_totals = {name: int(v[i].sum()) for name, v in result.ages.items()}
        within = []
        for t, limit in enumerate(thresholds):
            covered = float(cumulative_pop[i, t])
            covered_known = float(cumulative_known[i, t])
            within.append(
                {
                    "within_m": int(limit),
                    "residents": int(covered),
                    "share": _share(covered, residents),
                    "residents_known_ages": int(covered_known),
                    "age_groups": {
                        name: {
                            "residents": int(cumulative_ages[name][i, t]),
                            "share": _share(cumulative_ages[name][i, t], age_totals[name]),
                        }
                        for name in AGE_GROUPS
                    },
                }
            )
        rows.append(
            {
                **label,
                "residents": int(residents),
                "residents_known_ages": int(known),
                "residents_unknown_ages": int(residents - known),
                "age_groups": age_totals,
                "mean_distance_m": (
                    round(float(result.distance_sum[i] / result.reachable[i]))
                    if result.reachable[i]
                    else None
                ),
                "unreachable": int(residents - result.reachable[i]),
                "within": within,
            }
        )
    return rows


# -- gaps -------------------------------------------------------------------------------------


def _wgs84(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = _to_wgs84().transform(x, y)
    return np.asarray(lat), np.asarray(lon)


@lru_cache(maxsize=1)
def _to_wgs84():
    return Transformer.from_crs(3067, 4326, always_xy=True)


def gap_scores(grid: Grid, distance: np.ndarray, threshold: float) -> np.ndarray:
    """Residents × metres beyond the threshold: how much help is missing in each cell.

    Unreachable cells (inf) score as if they were twice the threshold away, so they rank as
    gaps without an infinite score swamping the rest.
    """
    beyond = np.where(np.isfinite(distance), distance, 2 * threshold) - threshold
    return grid.population * np.where(beyond > TOLERANCE_M, beyond, 0.0)


def largest_gap_cells(grid: Grid, distance, threshold: float, count: int = 20, mask=None):
    score = gap_scores(grid, distance, threshold)
    if mask is not None:
        score = np.where(mask, score, 0.0)
    count = min(count, int((score > 0).sum()))
    if count == 0:
        return []
    top = np.argpartition(-score, count - 1)[:count]
    top = top[np.argsort(-score[top], kind="stable")]
    centres = grid.centres[top]
    lat, lon = _wgs84(centres[:, 0], centres[:, 1])
    return [
        {
            "cell": cid,
            "easting": float(centres[j, 0]),
            "northing": float(centres[j, 1]),
            "latitude": round(float(lat[j]), 5),
            "longitude": round(float(lon[j]), 5),
            "municipality": municipality_code(grid.municipality[i]),
            "residents": int(grid.population[i]),
            "distance_m": _metres(distance[i]),
            "score": round(float(score[i])),
        }
        for j, (i, cid) in enumerate(zip(top, grid.cell_ids(top), strict=True))
    ]


def largest_gap_clusters(grid: Grid, distance, threshold: float, count: int = 20, mask=None,
                         area=None):  # fmt: skip
    """Gaps as places: touching cells (8-neighbourhood) beyond the threshold, cut along `area`
    (an int label per cell, e.g. its nearest postal area) so that one rural expanse does not
    become a single blob; ranked by their summed score. Each cluster says which `area` holds
    most of its residents, and its residents by age group where the grid publishes ages."""
    score = gap_scores(grid, distance, threshold)
    gap = score > 0 if mask is None else (score > 0) & mask
    index = np.flatnonzero(gap)
    if len(index) == 0:
        return []
    res = grid.resolution
    col = (grid.x[index] // res).astype(np.int64)
    row = (grid.y[index] // res).astype(np.int64)
    key = row * 10_000_000 + col
    order = np.argsort(key)
    sorted_key = key[order]
    cell_area = (
        np.zeros(len(index), dtype=np.int64) if area is None else np.asarray(area)[index]
    )  # fmt: skip
    src, dst = [np.arange(len(index))], [np.arange(len(index))]
    for dr, dc in ((0, 1), (1, -1), (1, 0), (1, 1)):
        wanted = (row + dr) * 10_000_000 + (col + dc)
        pos = np.minimum(np.searchsorted(sorted_key, wanted), len(sorted_key) - 1)
        hit = sorted_key[pos] == wanted
        a, b = np.flatnonzero(hit), order[pos[hit]]
        same_area = cell_area[a] == cell_area[b]
        src.append(a[same_area])
        dst.append(b[same_area])
    src, dst = np.concatenate(src), np.concatenate(dst)
    adjacency = coo_matrix((np.ones(len(src)), (src, dst)), shape=(len(index),) * 2)
    n_clusters, label = connected_components(adjacency, directed=False)
    cluster_score = np.bincount(label, weights=score[index], minlength=n_clusters)
    top = np.argsort(-cluster_score, kind="stable")[:count]
    pop = grid.population[index].astype(np.float64)
    known = grid.ages_known[index]
    centres = grid.centres[index]
    out = []
    for c in top:
        members = label == c
        weights = pop[members]
        cx = float(np.average(centres[members, 0], weights=weights))
        cy = float(np.average(centres[members, 1], weights=weights))
        lat, lon = _wgs84(np.array([cx]), np.array([cy]))
        codes = grid.municipality[index[members]]
        main = np.bincount(codes, weights=weights).argmax()
        with_ages = index[members & known]
        out.append(
            {
                "cells": int(members.sum()),
                "residents": int(weights.sum()),
                "ages": {
                    age: int(getattr(grid, age)[with_ages].sum(dtype=np.int64))
                    for age in AGE_GROUPS
                },
                "unknown_ages": int(weights.sum() - pop[members & known].sum()),
                "easting": round(cx),
                "northing": round(cy),
                "latitude": round(float(lat[0]), 5),
                "longitude": round(float(lon[0]), 5),
                "municipality": municipality_code(main),
                "area": int(cell_area[members][0]),
                "max_distance_m": _metres(distance[index[members]].max()),
                "score": round(float(cluster_score[c])),
            }
        )
    return out


def _metres(value) -> int | None:
    return round(float(value)) if np.isfinite(value) else None


# -- map layer --------------------------------------------------------------------------------


def cells_geojson(grid: Grid, distance, thresholds, *, bbox=None, mask=None,
                  max_features: int = 20_000, include_population: bool = True) -> dict:  # fmt: skip
    """Cells as WGS84 polygons with their distance class, limited to a bbox and/or a mask.

    bbox: (min_easting, min_northing, max_easting, max_northing) in EPSG:3067. When more cells
    match than `max_features`, the most populous are kept and `truncated` says so.
    """
    select = np.ones(len(grid), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    if bbox is not None:
        x0, y0, x1, y1 = bbox
        res = grid.resolution
        select &= (grid.x + res >= x0) & (grid.x <= x1) & (grid.y + res >= y0) & (grid.y <= y1)
    index = np.flatnonzero(select)
    truncated = len(index) > max_features
    if truncated:
        index = index[np.argsort(-grid.population[index], kind="stable")[:max_features]]
        index.sort()
    res = grid.resolution
    x, y = grid.x[index].astype(np.float64), grid.y[index].astype(np.float64)
    corners_x = np.concatenate([x, x + res, x + res, x])
    corners_y = np.concatenate([y, y, y + res, y + res])
    lat, lon = _wgs84(corners_x, corners_y)
    n = len(index)
    lon, lat = np.round(lon.reshape(4, n), 6), np.round(lat.reshape(4, n), 6)
    classes = distance_class(distance[index], thresholds)
    features = []
    for j, i in enumerate(index):
        ring = [[float(lon[k, j]), float(lat[k, j])] for k in (0, 1, 2, 3, 0)]
        properties = {
            "id": cell_id(int(grid.x[i]), int(grid.y[i]), res),
            "municipality": municipality_code(grid.municipality[i]),
            "distance_m": _metres(distance[i]),
            "distance_class": int(classes[j]),
            "within_m": int(thresholds[classes[j]]) if classes[j] < len(thresholds) else None,
        }
        if include_population:
            properties["residents"] = int(grid.population[i])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": properties,
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "thresholds_m": [int(t) for t in thresholds],
        "truncated": truncated,
    }
