"""Two web machines behind one load balancer: real gunicorn processes sharing one database
and the database-backed storage (STORAGE_BACKEND=database), as docs/operations.md deploys it.

- a document uploaded through one machine is downloaded through the other;
- a site deleted through one machine's API is out of the other's search and map at once,
  though the other had just built its index and cached the page;
- population data written by one process is read by another.

The processes run against their own database (a SQLite file, or a dedicated PostgreSQL
database when the suite runs on PostgreSQL): pytest-django's test database is invisible to
other processes.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings

from turvaverkko.core.testing import ProcessDatabase
from turvaverkko.notify.testing import free_port

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
SITE_NAME = "Jaettu kohtaamispaikka Sampu"
MAP_VIEW = {"bbox": "22.6,61.1,22.8,61.3", "zoom": 18, "q": "Sampu"}

SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.registry.models import RoleAssignment
from turvaverkko.registry.tests.factories import (
    OrganizationFactory, RoleAssignmentFactory, UserFactory,
)
town = MunicipalityFactory(code="102")
org = OrganizationFactory(name_fi="Huittisten Martat ry", municipalities=[town])
admin = UserFactory(email="admin@example.fi", is_staff=True, is_superuser=True)
RoleAssignmentFactory(user=admin, role=RoleAssignment.Role.ADMIN)
session = SessionStore()
session[SESSION_KEY] = str(admin.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
session.create()
print(session.session_key, Token.objects.create(user=admin).key, org.pk)
"""


class SharedDatabase(ProcessDatabase):
    """A migrated database that every machine (subprocess) reaches through DATABASE_URL."""

    name_prefix = "shared_machines"

    def extra_env(self) -> dict[str, str]:
        return {
            "STORAGE_BACKEND": "database",
            # Each machine's own disk: nothing may be found there by the other.
            "MEDIA_ROOT": str(self.tmp / f"media-{uuid.uuid4().hex[:6]}"),
            "REQUIRE_2FA": "false",
            "DJANGO_ENV": "development",
        }


class Machine:
    """One web machine: gunicorn with its own local cache and its own MEDIA_ROOT."""

    def __init__(self, db: SharedDatabase, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with open(log, "w") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [GUNICORN, "turvaverkko.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
                + ["--workers", "1", "--chdir", str(settings.BASE_DIR)],
                env=db.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_until_up(log)
        except BaseException:
            self.stop()  # never leave a server behind when the fixture fails
            raise

    def _wait_until_up(self, log: Path) -> None:
        for _ in range(600):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
            try:
                requests.get(f"{self.url}/healthz", timeout=30)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def machines(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shared-machines")
    db = SharedDatabase(tmp)
    started = []
    try:
        db.login = db.shell(SETUP).split()
        started = [Machine(db, tmp / "a.log"), Machine(db, tmp / "b.log")]
        yield db, *started
    finally:
        for machine in started:
            machine.stop()
        db.drop()


def search(machine, words: str) -> str:
    # Anonymous, so the page comes from (and goes to) that machine's page cache.
    response = requests.get(f"{machine.url}/en/", params={"q": words}, timeout=30)
    assert response.status_code == 200
    return response.text


def map_features(machine) -> list:
    response = requests.get(f"{machine.url}/en/map/sites.geojson", params=MAP_VIEW, timeout=30)
    assert response.status_code == 200
    return response.json()["features"]


def test_a_document_uploaded_on_one_machine_downloads_on_the_other(machines):
    db, a, b = machines
    session_key, _, org = db.login
    browser = requests.Session()
    browser.cookies.set("sessionid", session_key)
    form = browser.get(f"{a.url}/fi/preparedness/agreements/new/", timeout=30)
    assert form.status_code == 200
    response = browser.post(
        f"{a.url}/fi/preparedness/agreements/new/",
        data={
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "title": "Kylätalon käyttösopimus",
            "kind": "premises",
            "municipality": "102",
            "organizations": [org],
            "valid_from": "2026-01-01",
            "valid_to": "2027-12-31",
        },
        files={"document": ("kaytto.pdf", b"%PDF-1.4 signed on machine A", "application/pdf")},
        headers={"Referer": f"{a.url}/fi/preparedness/agreements/new/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    pk = db.shell(
        "from turvaverkko.preparedness.models import Agreement;"
        "print(Agreement.objects.get(title='Kylätalon käyttösopimus').pk)"
    )

    download = browser.get(f"{b.url}/fi/preparedness/agreements/{pk}/document/", timeout=30)
    assert download.status_code == 200
    assert download.content == b"%PDF-1.4 signed on machine A"
    assert "kaytto.pdf" in download.headers["Content-Disposition"]


def test_a_deletion_on_one_machine_is_out_of_the_others_search_within_a_second(machines):
    db, a, b = machines
    _, token, org = db.login
    make_site = (
        "from turvaverkko.directory.tests.factories import SiteFactory;"
        "from turvaverkko.registry.models import Organization;"
        f"org = Organization.objects.get(pk={org!r});"
        "print(SiteFactory(name_fi=%r, municipality=org.municipalities.get(),"
        " organizations=[org], is_published=True).pk)"
    )
    site = db.shell(make_site % SITE_NAME)
    # A site saved later: the newest modified_at stays the same when the first is deleted.
    db.shell(make_site % "Toinen kohtaamispaikka")
    # Machine B builds its index and caches the page and the map data with the site in them.
    assert "1 place found" in search(b, "Sampu")
    assert len(map_features(b)) == 1

    deleted = requests.delete(
        f"{a.url}/api/sites/{site}/", headers={"Authorization": f"Token {token}"}, timeout=30
    )
    assert deleted.status_code == 204

    # Machine B trusts its last read of the data stamp for DIRECTORY_STAMP_SECONDS (1 s,
    # docs/directory.md): the deletion leaves its search and map after that, with no restart
    # and no cache expiry. Bounded polling, not a timing assertion.
    deadline = time.monotonic() + 15
    page = search(b, "Sampu")
    while SITE_NAME in page and time.monotonic() < deadline:
        time.sleep(0.25)
        page = search(b, "Sampu")
    assert SITE_NAME not in page and "1 place found" not in page
    assert map_features(b) == []


COVERAGE = """
from turvaverkko.areas.geo import to_wgs84
from turvaverkko.directory.tests.factories import SiteFactory
from turvaverkko.insights.actions import request_coverage, store_population_grid
from turvaverkko.insights.tests.factories import centre_of, three_cell_grid
from turvaverkko.registry.models import Organization
grid = three_cell_grid()
store_population_grid(grid, name="Shared grid", year=2025)
latitude, longitude = to_wgs84(*centre_of(grid, 0))
org = Organization.objects.get(name_fi="Huittisten Martat ry")
SiteFactory(name_fi="Coverage site", latitude=latitude, longitude=longitude,
            municipality=org.municipalities.get(), is_published=True)
run, _ = request_coverage(
    {"area_level": "municipality", "area_code": "102", "thresholds_m": [1000, 5000]}
)
print(run.pk)
"""


def test_a_coverage_run_is_computed_by_another_machines_worker(machines):
    """The grid is imported on one machine; a worker on another computes the run; a third
    process reads the run's distances for the map layer. Each has its own MEDIA_ROOT."""
    db, _, _ = machines
    run = db.shell(COVERAGE)
    db.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0")
    found = db.shell(
        "from turvaverkko.insights.cache import load_distances;"
        "from turvaverkko.insights.models import CoverageRun;"
        f"run = CoverageRun.objects.get(pk={run!r});"
        "print(run.status, repr(run.error), load_distances(run.cache_key)[0].size,"
        " run.result['total']['within'][0]['residents'])"
    )
    assert found == "done '' 3 100"


def test_insight_data_written_by_one_process_is_read_by_another(machines):
    db, _, _ = machines
    written = db.shell(
        "import numpy as np;"
        "from turvaverkko.insights import storage;"
        "print(storage.write_arrays('roads-car-shared.npz', {'node': np.arange(7)}))"
    )
    read = db.shell(
        "import hashlib;"
        "from turvaverkko.insights import storage;"
        "print(storage.read_arrays('roads-car-shared.npz')['node'].sum(),"
        " hashlib.sha256(storage.backend().open('roads-car-shared.npz').read()).hexdigest())"
    )
    assert read == f"21 {written}"
