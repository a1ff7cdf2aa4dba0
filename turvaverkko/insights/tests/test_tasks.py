"""Coverage runs go through the real database task backend and its worker.

Transactional tests: the worker checks its connection the way it does in production, which
a test wrapped in one transaction would not survive on PostgreSQL, and runs are enqueued by
real commits.
"""

import pytest
from django.core.management import call_command

from turvaverkko.areas.geo import to_wgs84
from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.insights.actions import request_coverage, store_population_grid
from turvaverkko.insights.models import CoverageRun

from .factories import centre_of, three_cell_grid

pytestmark = pytest.mark.django_db(transaction=True)

PARAMETERS = {"area_level": "municipality", "area_code": "102", "thresholds_m": [1000, 5000]}


@pytest.fixture
def grid(transactional_db):
    MunicipalityFactory()
    return store_population_grid(three_cell_grid(), name="Test grid", year=2024)


def work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_run_is_queued_on_commit_and_computed_by_the_worker(grid, make_site, personas):
    make_site(*centre_of(three_cell_grid(), 0))
    run, created = request_coverage(PARAMETERS, user=personas.kaisa)
    assert created and run.status == CoverageRun.Status.QUEUED and run.progress == 0

    work()

    run.refresh_from_db()
    assert run.status == CoverageRun.Status.DONE and run.progress == 100
    assert run.created_by == personas.kaisa
    assert run.started_at <= run.finished_at
    assert [w["residents"] for w in run.result["total"]["within"]] == [100, 300]


def test_results_are_reused_until_the_sites_change(grid, make_site):
    site = make_site(*centre_of(three_cell_grid(), 0))
    first, _ = request_coverage(PARAMETERS)
    work()

    again, created = request_coverage(PARAMETERS)
    assert (again.pk, created) == (first.pk, False)

    site.latitude, site.longitude = to_wgs84(*centre_of(three_cell_grid(), 1))
    site.save()  # the site moved
    moved, created = request_coverage(PARAMETERS)
    assert created and moved.pk != first.pk
    work()
    moved.refresh_from_db()
    assert [w["residents"] for w in moved.result["total"]["within"]] == [200, 300]

    newer_grid = store_population_grid(three_cell_grid(), name="Newer grid", year=2025)
    regridded, created = request_coverage(PARAMETERS)
    assert created and regridded.cache_key != moved.cache_key
    work()
    regridded.refresh_from_db()
    assert regridded.result["population_grid"]["id"] == newer_grid.pk


def test_a_failed_run_records_the_error(grid):
    run, _ = request_coverage({**PARAMETERS, "area_code": "999"})
    work()

    run.refresh_from_db()
    assert run.status == CoverageRun.Status.FAILED
    assert run.finished_at is not None
    assert run.error == "The population grid has no residents in area 999."


def test_a_run_whose_data_file_is_missing_fails_in_words_without_a_traceback(
    grid, make_site, client_as, data_dir
):
    """What another machine's worker met when the grid was on the first machine's disk."""
    from turvaverkko.insights import population, storage

    make_site(*centre_of(three_cell_grid(), 0))
    storage.delete(grid.file_name)
    population._load.cache_clear()
    run, _ = request_coverage(PARAMETERS)
    work()

    run.refresh_from_db()
    assert run.status == CoverageRun.Status.FAILED
    assert run.error == (
        "The population grid or road network data could not be read. Ask the administrator to "
        "check the shared file storage or to import the data again."
    )
    page = client_as("kaisa").get(f"/en/insights/coverage/{run.pk}/").content.decode()
    assert "could not be read" in page
    assert "Traceback" not in page and str(data_dir) not in page and ".npz" not in page


def test_a_traceback_stored_by_an_older_version_is_never_shown(grid, client_as):
    run = CoverageRun.objects.create(
        parameters=PARAMETERS,
        cache_key="x",
        status=CoverageRun.Status.FAILED,
        error='Traceback (most recent call last):\n  File "/srv/turvaverkko/insights/x.py"',
    )
    page = client_as("kaisa").get(f"/en/insights/coverage/{run.pk}/").content.decode()
    assert "internal error" in page
    assert "Traceback" not in page and "/srv/" not in page
