"""Coverage benchmark: the insights engine against PostGIS and against a bare Dijkstra call.

    .venv/bin/python bench/coverage.py            # full size (about 2-4 minutes on 2 cores)
    .venv/bin/python bench/coverage.py --quick    # small sizes, while developing

Part 1, straight line: a nationwide synthetic 250 m grid (~0.93 M inhabited cells) against
5,000 sites. Ours: load the grid file, KD-tree nearest site for every cell, residents per
municipality within 1/3/5/10/20 km. PostGIS: the same numbers from a LATERAL nearest-neighbour
query (`ORDER BY s.geom <-> c.geom LIMIT 1`, GiST index) grouped in SQL, on a fixed random
sample of 100,000 cells, extrapolated linearly to all cells; on that sample both must give the
same nearest distances within 1 m. Prints `straight_line_vs_postgis speedup=<x>` (aim >= 50).

Part 2, roads: a deterministic grid-like synthetic road network of ~1.07 M nodes saved as the
cached CSR graph. Ours, end to end: load the cached graph, the 1 km grid and the grid's cached
snap to the network (nearest node per cell, computed once per grid and network like the graph
cache) from disk, snap the sites with the KD-tree, multi-source Dijkstra, residents per
municipality within each distance. Baseline: one bare
`scipy.sparse.csgraph.dijkstra(indices=sources, min_only=True)` on the same graph, everything
prepared beforehand. Prints
`road_end_to_end ratio=<bare/ours>` (aim >= 0.5: ours at most twice the bare call), also for
the 250 m grid, and as the last line `ratio=<the 1 km road ratio>`.

Needs PostgreSQL on postgres://postgres@127.0.0.1:5432 with PostGIS
(Debian: apt-get install postgresql-15-postgis-3); without it the benchmark says so and exits 1.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from turvaverkko.insights.coverage import (  # noqa: E402
    municipality_groups,
    straight_line_distances,
    tally,
)
from turvaverkko.insights.population import Grid  # noqa: E402
from turvaverkko.insights.roads import RoadGraph, road_distances, snap  # noqa: E402
from turvaverkko.insights.synthetic import (  # noqa: E402
    generate_grid,
    generate_road_network,
    places_from_geonames,
    synthetic_sites,
)

THRESHOLDS = [1000, 3000, 5000, 10000, 20000]
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "turvaverkko_bench_gis"


def best_of(repeats, function):
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return min(times), value


def save(path: Path, arrays: dict, **extra) -> Path:
    with open(path, "wb") as fh:
        np.savez(fh, **arrays, **extra)
    return path


def load_grid(path: Path) -> Grid:
    with np.load(path) as data:
        arrays = {key: data[key] for key in data.files}
    return Grid.from_arrays(int(arrays.pop("resolution")), arrays)


def load_graph(path: Path) -> RoadGraph:
    with np.load(path) as data:
        return RoadGraph.from_arrays({key: data[key] for key in data.files})


def per_municipality(grid: Grid, distance):
    group, codes = municipality_groups(grid.municipality)
    return tally(grid, distance, THRESHOLDS, group, len(codes))


# -- part 1 -----------------------------------------------------------------------------------


def straight_line_ours(grid_path: Path, sites: np.ndarray):
    grid = load_grid(grid_path)
    distance = straight_line_distances(grid.centres, sites, workers=-1)
    return distance, per_municipality(grid, distance)


def postgis_connect():
    import psycopg

    try:
        admin = psycopg.connect(PG_URL, autocommit=True)
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
        admin.close()
        conn = psycopg.connect(PG_URL.rsplit("/", 1)[0] + f"/{PG_DATABASE}", autocommit=True)
        conn.execute("CREATE EXTENSION postgis")
    except psycopg.Error as exc:
        print(
            f"PostGIS is not available ({str(exc).strip()}). Install it with "
            "`apt-get update && apt-get install -y postgresql-15-postgis-3` and make sure "
            f"PostgreSQL answers on {PG_URL}. The straight-line comparison cannot run.",
            file=sys.stderr,
        )
        sys.exit(1)
    return conn


def postgis_part(grid: Grid, sites: np.ndarray, sample: np.ndarray):
    import psycopg

    conn = postgis_connect()
    centres = grid.centres[sample]
    conn.execute(
        "CREATE TABLE cells (id int PRIMARY KEY, kunta smallint, pop int, "
        "geom geometry(Point, 3067))"
    )
    conn.execute("CREATE TABLE sites (id int PRIMARY KEY, geom geometry(Point, 3067))")
    with conn.cursor() as cur:
        with cur.copy("COPY cells (id, kunta, pop, geom) FROM STDIN") as copy:
            for j, i in enumerate(sample):
                copy.write_row((j, int(grid.municipality[i]), int(grid.population[i]),
                                f"SRID=3067;POINT({centres[j, 0]} {centres[j, 1]})"))  # fmt: skip
        with cur.copy("COPY sites (id, geom) FROM STDIN") as copy:
            for j, (x, y) in enumerate(sites):
                copy.write_row((j, f"SRID=3067;POINT({x} {y})"))
    conn.execute("CREATE INDEX sites_geom ON sites USING gist (geom)")
    conn.execute("ANALYZE cells")
    conn.execute("ANALYZE sites")
    nearest = (
        "SELECT c.id, c.kunta, c.pop, n.d FROM cells c CROSS JOIN LATERAL ("
        "SELECT ST_Distance(s.geom, c.geom) AS d FROM sites s "
        "ORDER BY s.geom <-> c.geom LIMIT 1) n"
    )
    within = ", ".join(f"sum(pop) FILTER (WHERE d <= {t})" for t in THRESHOLDS)
    # Built from the constant THRESHOLDS, not from input.
    aggregate = f"SELECT kunta, sum(pop), {within} FROM ({nearest}) x GROUP BY kunta"  # noqa: S608
    seconds, table = best_of(1, lambda: conn.execute(aggregate).fetchall())
    rows = conn.execute(nearest).fetchall()
    distance = np.empty(len(sample))
    distance[[r[0] for r in rows]] = [r[3] for r in rows]
    conn.close()
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    return seconds, distance, table


# -- part 2 -----------------------------------------------------------------------------------


def road_ours(graph_path: Path, grid_path: Path, snap_path: Path, sites: np.ndarray):
    graph = load_graph(graph_path)
    grid = load_grid(grid_path)
    with np.load(snap_path) as data:  # the cached cell snap of this (grid, network) pair
        cell_snap = (data["distance"], data["node"])
    distance = road_distances(graph, grid.centres, sites, workers=-1, cell_snap=cell_snap)
    return distance, per_municipality(grid, distance)


def road_bare(matrix, sources):
    from scipy.sparse.csgraph import dijkstra

    return dijkstra(matrix, directed=True, indices=sources, min_only=True)


def road_part(label, graph_path, grid_path, graph, sites, repeats):
    sources = np.unique(graph.tree.query(sites)[1])
    matrix = graph.matrix()
    # Prepared once per (grid, network) like the graph cache itself (insights/cache.py).
    started = time.perf_counter()
    distance, node = snap(graph, load_grid(grid_path).centres, workers=-1)
    snap_seconds = time.perf_counter() - started
    snap_path = save(grid_path.with_suffix(".snap.npz"), {"distance": distance, "node": node})
    bare_times, ours_times = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine load
        bare_times.append(best_of(1, lambda: road_bare(matrix, sources))[0])
        ours_times.append(best_of(1, lambda: road_ours(graph_path, grid_path, snap_path, sites))[0])
    bare, ours = min(bare_times), min(ours_times)
    print(
        f"  {label}: bare dijkstra {bare:.3f} s, ours end to end {ours:.3f} s "
        f"(cell snap cached once: {snap_seconds:.3f} s)"
    )
    return bare / ours


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes while developing")
    args = parser.parse_args()
    total = 600_000 if args.quick else 5_600_000
    spacing = 1500.0 if args.quick else 560.0
    n_sites, sample_size = (1000, 20_000) if args.quick else (5000, 100_000)
    places = places_from_geonames()
    work = Path(tempfile.mkdtemp(prefix="bench-coverage-"))

    print("Part 1: straight-line coverage, synthetic 250 m grid")
    grid250 = generate_grid(250, seed=2024, places=places, total=total)
    grid1k = generate_grid(1000, seed=2024, places=places, total=total)
    sites = synthetic_sites(grid1k, n_sites, seed=7)
    path250 = save(work / "grid250.npz", grid250.arrays(), resolution=250)
    path1k = save(work / "grid1k.npz", grid1k.arrays(), resolution=1000)
    ours_s, (distance, _) = best_of(3, lambda: straight_line_ours(path250, sites))
    sample = np.sort(np.random.default_rng(42).choice(len(grid250), sample_size, replace=False))
    pg_s, pg_distance, _ = postgis_part(grid250, sites, sample)
    worst = float(np.abs(pg_distance - distance[sample]).max())
    if worst > 1.0:
        print(f"MISMATCH: PostGIS and the KD-tree differ by up to {worst:.3f} m", file=sys.stderr)
        sys.exit(1)
    pg_full = pg_s * len(grid250) / sample_size
    speedup = pg_full / ours_s
    print(f"  {len(grid250)} cells, {n_sites} sites; ours {ours_s:.3f} s end to end")
    print(
        f"  PostGIS {pg_s:.2f} s for a {sample_size}-cell sample, extrapolated linearly "
        f"to {pg_full:.1f} s for all cells; nearest distances agree within {worst:.2e} m"
    )
    print(f"straight_line_vs_postgis speedup={speedup:.1f}x (aim >= 50x)")

    print("Part 2: road coverage, synthetic road network")
    graph = generate_road_network(seed=2024, spacing=spacing)
    graph_path = save(work / "roads.npz", graph.arrays())
    print(f"  {graph.node_count} nodes, {graph.arc_count} arcs; {n_sites} sites")
    ratio_250 = road_part(f"250 m grid ({len(grid250)} cells)", graph_path, path250,
                          graph, sites, 3)  # fmt: skip
    print(f"road_end_to_end_250m ratio={ratio_250:.2f}")
    ratio = road_part(f"1 km grid ({len(grid1k)} cells)", graph_path, path1k, graph, sites, 3)
    print(f"road_end_to_end ratio={ratio:.2f} (bare/ours, aim >= 0.5)")
    for path in work.iterdir():
        path.unlink()
    work.rmdir()
    print(f"ratio={ratio:.3f}")


if __name__ == "__main__":
    main()
