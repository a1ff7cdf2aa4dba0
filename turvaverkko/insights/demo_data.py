"""Analysis data generated for the demo (`manage.py generate_demo_analysis_data FILE`, run by
load_demo with demo/insights.json): a synthetic population grid and a small generated road
network for Satakunta and Lapland, stored through this app's actions, so the coverage
analysis and the welfare report's coverage figures run at once. (The demo loader lives in web,
which may not import insights: it calls the command by name.)

Both are flagged synthetic (the UI says so) and found again by name: a second run generates
nothing. The grid comes from `insights.synthetic.generate_grid` with the regions' municipalities
as the only places; cells further than `keep_within_m` from them are dropped (the generator
spreads part of the countryside over the whole country). The roads are a jittered lattice over
each region's extent, as `synthetic.generate_road_network` makes for the whole country, with
one long road joining the two regions so that the network is connected.
"""

import numpy as np
from django.utils import timezone
from scipy.spatial import cKDTree

from turvaverkko.areas.models import Municipality

from .actions import store_population_grid, store_road_network
from .models import PopulationGrid, RoadNetwork
from .roads import build_graph
from .synthetic import Place, generate_grid


def load_demo_analysis_data(spec: dict, now=None) -> dict:
    municipalities = list(
        Municipality.objects.filter(region_id__in=spec["regions"], population__gt=0)
    )
    return {
        "grid": _grid(spec["grid"], municipalities, timezone.localdate(now or timezone.now()).year),
        "roads": _roads(spec["roads"], municipalities),
    }


def _grid(spec: dict, municipalities, this_year: int) -> PopulationGrid:
    existing = PopulationGrid.objects.filter(name=spec["name"]).first()
    if existing is not None:
        return existing
    places = [Place(int(m.code), m.easting, m.northing, m.population) for m in municipalities]
    grid = generate_grid(
        spec["resolution"],
        seed=spec["seed"],
        places=places,
        total=sum(p.population for p in places),
    )
    centres = cKDTree([(p.easting, p.northing) for p in places])
    half = spec["resolution"] / 2
    distance, _ = centres.query(np.column_stack([grid.x + half, grid.y + half]))
    grid = grid.subset(np.flatnonzero(distance <= spec["keep_within_m"]))
    return store_population_grid(
        grid,
        name=spec["name"],
        year=this_year - spec["years_ago"],
        source=f"turvaverkko.insights.synthetic seed={spec['seed']} (demo)",
        is_synthetic=True,
    )


def _lattice(points: np.ndarray, spacing: float, margin: float, rng: np.random.Generator):
    (xmin, ymin), (xmax, ymax) = points.min(axis=0) - margin, points.max(axis=0) + margin
    cols = int((xmax - xmin) // spacing) + 1
    rows = int((ymax - ymin) // spacing) + 1
    r, c = np.divmod(np.arange(rows * cols), cols)
    x = xmin + c * spacing + rng.uniform(-0.3, 0.3, len(c)) * spacing
    y = ymin + r * spacing + rng.uniform(-0.3, 0.3, len(r)) * spacing
    lattice = np.arange(rows * cols).reshape(rows, cols)
    sources, targets = [], []
    for a, b, probability in (
        (lattice[:, :-1], lattice[:, 1:], 0.9),  # east
        (lattice[:-1, :], lattice[1:, :], 0.9),  # north
        (lattice[:-1, :-1], lattice[1:, 1:], 0.03),  # north-east diagonal
    ):
        a, b = a.ravel(), b.ravel()
        ok = rng.random(len(a)) < probability
        a, b = a[ok], b[ok]
        oneway = rng.random(len(a)) < 0.02
        sources += [a, b[~oneway]]
        targets += [b, a[~oneway]]
    return x, y, np.concatenate(sources), np.concatenate(targets)


def _roads(spec: dict, municipalities) -> RoadNetwork:
    existing = RoadNetwork.objects.filter(name=spec["name"]).first()
    if existing is not None:
        return existing
    rng = np.random.default_rng(spec["seed"])
    xs, ys, sources, targets, firsts = [], [], [], [], []
    offset = 0
    for region, spacing in spec["spacing_m"].items():
        points = np.array(
            [(m.easting, m.northing) for m in municipalities if m.region_id == region]
        )
        x, y, source, target = _lattice(points, spacing, spec["margin_m"], rng)
        firsts.append((offset, len(x)))
        xs.append(x)
        ys.append(y)
        sources.append(source + offset)
        targets.append(target + offset)
        offset += len(x)
    x, y = np.concatenate(xs), np.concatenate(ys)
    # One long road between consecutive regions: their closest pair of nodes.
    for (a_start, a_len), (b_start, b_len) in zip(firsts, firsts[1:], strict=False):
        b_xy = np.column_stack([x[b_start : b_start + b_len], y[b_start : b_start + b_len]])
        a_xy = np.column_stack([x[a_start : a_start + a_len], y[a_start : a_start + a_len]])
        distance, nearest = cKDTree(b_xy).query(a_xy)
        a_node = int(np.argmin(distance))
        b_node = b_start + int(nearest[a_node])
        a_node += a_start
        sources.append(np.array([a_node, b_node]))
        targets.append(np.array([b_node, a_node]))
    source, target = np.concatenate(sources), np.concatenate(targets)
    detour = 1.0 + rng.uniform(0, 0.3, len(source))
    length = np.hypot(x[source] - x[target], y[source] - y[target]) * detour
    graph = build_graph(x, y, source, target, length, "drive")
    return store_road_network(
        graph,
        name=spec["name"],
        source=f"generated lattice seed={spec['seed']} (demo)",
        is_synthetic=True,
    )
