"""Who may open which insight page or download: every persona against every URL."""

import pytest
from django.utils import timezone

from conftest import PERSONA_NAMES
from turvaverkko.insights.actions import coverage_now
from turvaverkko.insights.models import CoverageRun

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
HUITTINEN_BBOX = "22.4,61.0,23.0,61.4"

# What each persona may open (the rest is 403; anonymous users are sent to log in).
COORDINATOR_PAGES = {"coverage_form", "report_form", "statistics", "hxl"}
ALLOWED = {
    "anonymous": set(),
    "ville": set(),
    "olli": set(),
    "ulla": set(),
    "kaisa": COORDINATOR_PAGES | {"huittinen_run", "huittinen_cells", "huittinen_points",
                                  "huittinen_status", "report_102", "report_102_csv",
                                  "report_102_xlsx", "report_102_docx"},
    "mikko": COORDINATOR_PAGES | {"report_498", "report_498_csv"},
    "reetta": COORDINATOR_PAGES | {"huittinen_run", "huittinen_cells", "huittinen_points",
                                   "huittinen_status", "region_run", "report_102",
                                   "report_102_csv", "report_102_xlsx", "report_102_docx"},
}  # fmt: skip


def urls(world) -> dict[str, str]:
    municipal = {"area_level": "municipality", "area_code": "102"}
    huittinen = coverage_now(municipal).pk
    region = coverage_now({"area_level": "region", "area_code": "MK04"}).pk
    base = "/en/insights"
    return {
        "coverage_form": f"{base}/coverage/",
        "huittinen_run": f"{base}/coverage/{huittinen}/",
        "huittinen_status": f"{base}/coverage/{huittinen}/status.json",
        "huittinen_cells": f"{base}/coverage/{huittinen}/cells.geojson?bbox={HUITTINEN_BBOX}",
        "huittinen_points": f"{base}/coverage/{huittinen}/points.geojson",
        "region_run": f"{base}/coverage/{region}/",
        "report_form": f"{base}/report/",
        "report_102": f"{base}/report/102/{YEAR}/",
        "report_102_csv": f"{base}/report/102/{YEAR}/report.csv",
        "report_102_xlsx": f"{base}/report/102/{YEAR}/report.xlsx",
        "report_102_docx": f"{base}/report/102/{YEAR}/report.docx",
        "report_498": f"{base}/report/498/{YEAR}/",
        "report_498_csv": f"{base}/report/498/{YEAR}/report.csv",
        "statistics": f"{base}/statistics/",
        "hxl": f"{base}/export/3w-hxl.csv",
    }


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_permission_matrix(world, client_as, persona):
    client = client_as(persona)
    allowed = ALLOWED.get(persona)
    for name, url in urls(world).items():
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, name
            assert response["Location"].startswith("/en/accounts/login/"), name
        elif allowed is None or name in allowed:  # admin (None): everything
            assert response.status_code == 200, (name, response.status_code)
        else:
            assert response.status_code == 403, (name, response.status_code)


def test_pdf_of_another_municipality_is_refused_before_it_is_rendered(world, client_as):
    # test_report.py downloads Huittinen's PDF as Kaisa.
    assert client_as("kaisa").get(f"/en/insights/report/498/{YEAR}/report.pdf").status_code == 403
    assert client_as("ulla").get(f"/en/insights/report/498/{YEAR}/report.pdf").status_code == 403


def test_a_coordinator_cannot_analyse_outside_their_area(world, client_as):
    kaisa = client_as("kaisa")
    form = kaisa.get("/en/insights/coverage/").content.decode()
    assert 'value="municipality:102"' in form
    assert "municipality:498" not in form and "region:MK04" not in form
    for area in ("region:MK04", "municipality:498", "country:"):
        response = kaisa.post("/en/insights/coverage/", {"area": area, "distances": "1, 3",
                                                         "mode": "straight"})  # fmt: skip
        assert response.status_code == 400
        assert 'id="id_area_error" role="alert"' in response.content.decode()
    assert not CoverageRun.objects.exists()

    reetta = client_as("reetta").get("/en/insights/coverage/").content.decode()
    assert 'value="region:MK04"' in reetta and 'value="county:06"' in reetta
    assert 'value="municipality:783"' in reetta and "country:" not in reetta
    admin = client_as("admin").get("/en/insights/coverage/").content.decode()
    assert 'value="country:"' in admin and 'value="municipality:498"' in admin
