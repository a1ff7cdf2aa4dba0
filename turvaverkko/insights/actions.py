"""Named write operations of the insights app: importing datasets and requesting analyses.

Each writes in one transaction; data files are written first (atomically) and removed again
if the row that names them is not saved; tasks are enqueued on commit.
"""

from functools import partial
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from turvaverkko.importing.bulk import run_bulk_import

from . import storage
from .analysis import CoverageQuery, resolve, run_query
from .grid_import import TARGET, store_grid
from .models import CoverageRun, PopulationGrid, RoadNetwork
from .population import Grid
from .roads import RoadGraph, parse_osm
from .tasks import run_coverage


def store_population_grid(grid: Grid, *, name: str, year: int, source: str = "",
                          is_synthetic: bool = False, user=None) -> PopulationGrid:  # fmt: skip
    """Store a grid made in code (the synthetic ones); files go through import_population_grid."""
    return store_grid(
        grid, name=name, year=year, source=source, is_synthetic=is_synthetic, user=user
    )


def import_population_grid(path: Path, *, resolution: int, year: int, name: str = "",
                           user=None) -> PopulationGrid:  # fmt: skip
    """A file of Statistics Finland's grid, on the import framework's bulk path
    (grid_import.py): limits first, then the whole file validated, stored all or nothing and
    recorded as an ImportBatch. Raises ImportFileError or ImportRefused (each rejected row
    and why) and stores nothing. The same grid loaded again returns the stored dataset."""
    path = Path(path)
    outcome = run_bulk_import(
        TARGET,
        path.read_bytes(),
        path.name,
        user=user if user is not None and user.is_authenticated else None,
        resolution=resolution,
        year=year,
        name=name,
        source=path.name,
    )
    return outcome.value


def store_road_network(graph: RoadGraph, *, name: str, source: str = "",
                       is_synthetic: bool = False) -> RoadNetwork:  # fmt: skip
    file_name = storage.new_file_name(f"roads-{graph.profile}")
    checksum = storage.write_arrays(file_name, graph.arrays())
    with storage.removed_on_error(file_name), transaction.atomic():
        return RoadNetwork.objects.create(
            name=name,
            profile=graph.profile,
            is_synthetic=is_synthetic,
            source=source[:500],
            file_name=file_name,
            checksum=checksum,
            node_count=graph.node_count,
            arc_count=graph.arc_count,
        )


def import_road_network(path: Path, *, profile: str, name: str = "") -> RoadNetwork:
    graph = parse_osm(Path(path), profile)
    return store_road_network(
        graph, name=name or f"OpenStreetMap {Path(path).name}", source=Path(path).name
    )


@transaction.atomic
def request_coverage(parameters: dict, user=None) -> tuple[CoverageRun, bool]:
    """A run for these parameters: a cached one when nothing relevant changed since, otherwise
    a new queued run. Returns (run, created). Raises analysis.QueryError on bad parameters."""
    query = CoverageQuery.from_parameters(parameters)
    key = resolve(query).cache_key
    cached = (
        CoverageRun.objects.filter(cache_key=key)
        .exclude(status=CoverageRun.Status.FAILED)
        .order_by("-created_at")
        .first()
    )
    if cached is not None:
        return cached, False
    run = CoverageRun.objects.create(
        parameters=query.to_parameters(),
        cache_key=key,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(partial(run_coverage.enqueue, str(run.pk)))
    return run, True


def coverage_now(parameters: dict, user=None) -> CoverageRun:
    """A finished run for these parameters, computed here and now when none is cached.

    For small synchronous analyses (one municipality, straight line), such as the welfare
    report's coverage indicators. Raises analysis.QueryError on bad parameters or data.
    """
    query = CoverageQuery.from_parameters(parameters)
    key = resolve(query).cache_key
    done = (
        CoverageRun.objects.filter(cache_key=key, status=CoverageRun.Status.DONE)
        .order_by("-created_at")
        .first()
    )
    if done is not None:
        return done
    started = timezone.now()
    result = run_query(query, keep_distances=True)
    return CoverageRun.objects.create(
        parameters=query.to_parameters(),
        cache_key=result["cache_key"],
        status=CoverageRun.Status.DONE,
        progress=100,
        result=result,
        created_by=user if user is not None and user.is_authenticated else None,
        started_at=started,
        finished_at=timezone.now(),
    )
