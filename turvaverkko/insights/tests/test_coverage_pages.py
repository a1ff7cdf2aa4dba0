"""The coverage pages as Kaisa uses them: form → queued run → progress → tables, map layers,
gaps, what-if and suggestions. Runs are computed by the task function itself (`.call`), the
same code the worker runs; test_tasks.py covers the worker and the queue."""

import pytest

from turvaverkko.areas.geo import to_wgs84
from turvaverkko.insights.actions import coverage_now
from turvaverkko.insights.models import CoverageRun
from turvaverkko.insights.tasks import run_coverage

from .factories import centre_of, personal_strings, three_cell_grid

pytestmark = pytest.mark.django_db
# Only the café counts: the village hall at B is not a low-threshold place.
FORM = {"area": "municipality:102", "distances": "1, 3, 5, 10, 20", "mode": "straight",
        "low_threshold": "on"}  # fmt: skip
HUITTINEN = {"area_level": "municipality", "area_code": "102", "sites": {"low_threshold": True}}


def compute(run):
    run_coverage.call(str(run.pk))
    run.refresh_from_db()
    return run


def latest_run():
    return CoverageRun.objects.order_by("-created_at").first()


@pytest.fixture
def kaisa(world, client_as):
    return client_as("kaisa")


def test_form_queues_a_run_whose_page_shows_progress_then_results(kaisa):
    response = kaisa.post("/en/insights/coverage/", FORM)
    run = latest_run()
    assert response.status_code == 302
    assert response["Location"] == f"/en/insights/coverage/{run.pk}/"
    assert run.status == CoverageRun.Status.QUEUED

    waiting = kaisa.get(response["Location"]).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in waiting
    assert '<progress id="run-progress" max="100" value="0"' in waiting
    assert "insights/progress.js" in waiting
    status = kaisa.get(f"/en/insights/coverage/{run.pk}/status.json").json()
    assert status == {"status": "queued", "progress": 0, "finished": False}

    compute(run)
    assert kaisa.get(f"/en/insights/coverage/{run.pk}/status.json").json()["finished"]
    page = kaisa.get(response["Location"]).content.decode()
    assert "http-equiv" not in page
    assert "The population grid is synthetic." in page
    # Huittinen: 305 residents; 100 within 1 km, 300 within 3 km (32.8 % and 98.4 %).
    assert (
        '<th scope="row">Huittinen <span class="meta">(102)</span></th><td class="num">305</td>'
        in page
    )
    assert "32.8 %" in page and "98.4 %" in page
    # By age: 20 of the 70 over-65s live in cell A (28.6 %); 5 residents' ages are unknown.
    assert "28.6 %" in page and "5 residents live in cells of fewer than ten people" in page
    # The gap beyond 5 km: cell C, 5 residents, 12 km away.
    # (No postal areas in this world: the gap is named by its municipality.)
    gap_row = page.split('<table class="gaps">')[1].split("</table>")[0]
    assert '<th scope="row">Huittinen <span class="meta">' in gap_row
    assert '<td class="num">5</td>' in gap_row and '<td class="num">12.0</td>' in gap_row
    assert "data-coverage-map" in page and "insights/coverage-map.js" in page

    again = kaisa.post("/en/insights/coverage/", FORM)
    assert again["Location"] == response["Location"]  # cached: nothing changed
    # "Change the analysis" starts from this run's choices.
    change = kaisa.get(f"/en/insights/coverage/?from={run.pk}").content.decode()
    assert 'value="1, 3, 5, 10, 20"' in change
    assert 'name="low_threshold" id="id_low_threshold" checked' in change


def test_road_distances_need_a_road_network(kaisa):
    form = kaisa.get("/en/insights/coverage/").content.decode()
    assert "No road network has been loaded, so distances are straight lines." in form
    response = kaisa.post("/en/insights/coverage/", {**FORM, "mode": "road"})
    assert response.status_code == 400
    assert "No road network has been loaded. Choose straight-line distances." in (
        response.content.decode()
    )
    assert not CoverageRun.objects.exists()


def test_bad_distances_are_explained(kaisa):
    response = kaisa.post("/en/insights/coverage/", {**FORM, "distances": "1, kolme"})
    assert response.status_code == 400
    assert "Write the distances as numbers, e.g. 1, 3, 5." in response.content.decode()


def test_map_layer_of_cells_by_distance_class(kaisa):
    run = coverage_now(HUITTINEN)
    url = f"/en/insights/coverage/{run.pk}/cells.geojson"
    layer = kaisa.get(url, {"bbox": "22.0,60.9,23.5,61.6"}).json()
    # Säkylä's cell is in the box too, but not in Huittinen's analysis.
    classes = sorted((f["properties"]["residents"], f["properties"]["distance_class"])
                     for f in layer["features"])  # fmt: skip
    assert classes == [(5, 4), (100, 0), (200, 1)]  # C 12 km, A 0 m, B 3 km
    assert layer["thresholds_m"] == [1000, 3000, 5000, 10000, 20000]
    assert layer["features"][0]["geometry"]["type"] == "Polygon"
    assert kaisa.get(url, {"bbox": "25.0,64.0,25.1,64.1"}).json()["features"] == []
    assert kaisa.get(url).status_code == 404
    assert kaisa.get(url, {"bbox": "23,61,22,62"}).status_code == 404


def test_points_layer_has_places_and_gaps(kaisa):
    run = coverage_now({**HUITTINEN, "gap_threshold_m": 2000})  # fmt: skip
    points = kaisa.get(f"/en/insights/coverage/{run.pk}/points.geojson").json()["features"]
    roles = sorted((p["properties"]["role"], p["properties"].get("name", "")) for p in points)
    # The matching places near the area: not the village hall, not Lapland's low-threshold tupa.
    assert [n for r, n in roles if r == "site"] == ["Olohuone"]
    assert [r for r, _n in roles].count("gap") == 2  # B (3 km) and C (12 km) are not touching


def test_what_if_a_site_opened_in_the_far_cell(kaisa):
    run = coverage_now(HUITTINEN)
    latitude, longitude = to_wgs84(*centre_of(three_cell_grid(), 2))
    response = kaisa.post(f"/en/insights/coverage/{run.pk}/what-if/",
                          {"lat1": f"{latitude:.6f}", "lon1": f"{longitude:.6f}"})  # fmt: skip
    new = latest_run()
    assert response["Location"] == f"/en/insights/coverage/{new.pk}/"
    assert len(new.parameters["extra_sites"]) == 1
    compute(new)
    before = [w["residents"] for w in new.result["baseline"]["total"]["within"]]
    after = [w["residents"] for w in new.result["total"]["within"]]
    assert (before[0], after[0]) == (100, 105)
    page = kaisa.get(response["Location"]).content.decode()
    assert "What if: the change with the new sites" in page
    assert "+5<br>" in page and "+1.6 percentage points" in page  # 5 of 305 residents


def test_what_if_needs_coordinates_in_finland(kaisa):
    run = coverage_now(HUITTINEN)
    url = f"/en/insights/coverage/{run.pk}/what-if/"
    missing = kaisa.post(url, {"lat1": "61.2"})
    assert missing.status_code == 400
    assert "Give both the latitude and the longitude." in missing.content.decode()
    abroad = kaisa.post(url, {"lat1": "48.85", "lon1": "2.35"})
    assert abroad.status_code == 400 and 'role="alert"' in abroad.content.decode()
    assert CoverageRun.objects.count() == 1


def test_suggest_new_sites(kaisa):
    run = coverage_now(HUITTINEN)
    response = kaisa.post(f"/en/insights/coverage/{run.pk}/suggest/",
                          {"count": "2", "radius": "1"})  # fmt: skip
    new = compute(latest_run())
    assert new.parameters["suggest"] == 2 and new.parameters["suggest_radius_m"] == 1000
    sites = new.result["suggestions"]["sites"]
    assert [s["added_residents"] for s in sites] == [200, 5]  # B first, then C
    page = kaisa.get(response["Location"]).content.decode()
    assert "200 more residents covered (200 in all)" in page
    assert "5 more residents covered (205 in all)" in page
    assert "Try this site" in page


def test_a_run_becomes_stale_when_a_place_moves(kaisa, world):
    run = coverage_now(HUITTINEN)
    page = kaisa.get(f"/en/insights/coverage/{run.pk}/").content.decode()
    assert "Places or data have changed" not in page
    world.cafe.latitude, world.cafe.longitude = to_wgs84(*centre_of(three_cell_grid(), 1))
    world.cafe.save()
    page = kaisa.get(f"/en/insights/coverage/{run.pk}/").content.decode()
    assert "Places or data have changed since this was computed." in page
    response = kaisa.post(f"/en/insights/coverage/{run.pk}/refresh/")
    new = compute(latest_run())
    assert new.pk != run.pk and response["Location"].endswith(f"/{new.pk}/")
    assert new.result["total"]["within"][0]["residents"] == 200  # now next to B


def test_a_failed_run_says_why(kaisa):
    run = CoverageRun.objects.create(
        parameters={"area_level": "municipality", "area_code": "102", "thresholds_m": [1000]},
        cache_key="x", status=CoverageRun.Status.FAILED, error="The population grid is gone.",
    )  # fmt: skip
    page = kaisa.get(f"/en/insights/coverage/{run.pk}/").content.decode()
    assert 'role="alert"' in page and "The population grid is gone." in page


def test_no_personal_data_on_the_coverage_pages(kaisa, world):
    run = coverage_now({**HUITTINEN, "suggest": 1})
    base = f"/en/insights/coverage/{run.pk}"
    pages = [kaisa.get(url).content.decode() for url in (
        "/en/insights/coverage/", f"{base}/", f"{base}/points.geojson",
        f"{base}/cells.geojson?bbox=22,60.9,23.5,61.6",
    )]  # fmt: skip
    for secret in personal_strings(world):
        for page in pages:
            assert secret not in page
