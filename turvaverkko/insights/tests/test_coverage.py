"""Coverage on hand-made grids whose answers are known exactly."""

import numpy as np
import pytest

from turvaverkko.areas.tests.factories import MunicipalityFactory, muonio
from turvaverkko.directory.models import OpeningRule
from turvaverkko.insights import coverage
from turvaverkko.insights.actions import store_population_grid
from turvaverkko.insights.analysis import CoverageQuery, QueryError, distance_layer, run_query
from turvaverkko.insights.population import Grid
from turvaverkko.registry.models import Language, TaxonomyTerm

from .factories import X0, Y0, centre_of, three_cell_grid

THRESHOLDS = [1000, 3000, 5000, 10000, 20000]


def within(row, metres):
    return next(w for w in row["within"] if w["within_m"] == metres)


def test_straight_line_distances_from_cell_centres():
    grid = three_cell_grid()
    distance = coverage.straight_line_distances(grid.centres, np.array([centre_of(grid, 0)]))
    assert distance.tolist() == [0.0, 3000.0, 12000.0]


def test_tally_counts_suppressed_cells_as_residents_with_unknown_ages():
    grid = three_cell_grid()
    distance = np.array([0.0, 3000.0, 12000.0])
    tally = coverage.tally(grid, distance, THRESHOLDS, np.zeros(3, dtype=np.int64), 1)
    (row,) = coverage.tally_rows(tally, THRESHOLDS, [{"code": "102"}])

    assert row["residents"] == 305
    assert row["residents_known_ages"] == 300
    assert row["residents_unknown_ages"] == 5
    assert row["age_groups"] == {"age_0_14": 70, "age_15_64": 160, "age_65": 70}
    assert [w["residents"] for w in row["within"]] == [100, 300, 300, 300, 305]
    assert within(row, 1000)["share"] == round(100 / 305, 4)
    # A threshold is inclusive: the cell exactly 3 km away is within 3 km.
    assert within(row, 3000)["age_groups"]["age_65"] == {"residents": 70, "share": 1.0}
    assert within(row, 1000)["age_groups"]["age_0_14"] == {
        "residents": 20,
        "share": round(20 / 70, 4),
    }
    assert row["mean_distance_m"] == round((200 * 3000 + 5 * 12000) / 305)


def test_gaps_rank_people_times_distance_beyond_the_threshold():
    grid = three_cell_grid()
    distance = np.array([0.0, 3000.0, 12000.0])
    cells = coverage.largest_gap_cells(grid, distance, threshold=2000, count=5)
    # B: 200 × 1000 m beyond = 200 000; C: 5 × 10 000 m = 50 000; A is within.
    assert [(c["cell"], c["score"]) for c in cells] == [
        (f"1kmN{Y0 // 1000}E{(X0 + 3000) // 1000}", 200_000),
        (f"1kmN{(Y0 + 12000) // 1000}E{X0 // 1000}", 50_000),
    ]
    assert cells[0]["municipality"] == "102"
    assert 61 < cells[0]["latitude"] < 62 and 22 < cells[0]["longitude"] < 23


def test_gap_clusters_join_touching_cells():
    grid = three_cell_grid()
    grid.x[1] = X0 + 1000  # B now touches A
    distance = np.array([2500.0, 3500.0, 12000.0])
    clusters = coverage.largest_gap_clusters(grid, distance, threshold=2000, count=5)
    assert [(c["cells"], c["residents"], c["score"]) for c in clusters] == [
        (2, 300, 100 * 500 + 200 * 1500),
        (1, 5, 50_000),
    ]


def test_map_layer_is_limited_to_the_bbox_and_classed_by_distance():
    grid = three_cell_grid()
    distance = np.array([0.0, 3000.0, 12000.0])
    bbox = (X0 - 100, Y0 - 100, X0 + 5000, Y0 + 1100)  # A and B, not C
    layer = coverage.cells_geojson(grid, distance, THRESHOLDS, bbox=bbox)

    assert [f["properties"]["distance_class"] for f in layer["features"]] == [0, 1]
    assert [f["properties"]["within_m"] for f in layer["features"]] == [1000, 3000]
    ring = layer["features"][0]["geometry"]["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    lons, lats = zip(*ring, strict=True)
    assert 22 < min(lons) < max(lons) < 23 and 61 < min(lats) < max(lats) < 62
    assert not layer["truncated"]
    limited = coverage.cells_geojson(grid, distance, THRESHOLDS, max_features=1)
    assert limited["truncated"]
    assert [f["properties"]["residents"] for f in limited["features"]] == [200]


# -- through the models -------------------------------------------------------------------------


@pytest.fixture
def huittinen_grid(db):
    MunicipalityFactory()
    return store_population_grid(three_cell_grid(), name="Test grid", year=2024)


def run(**parameters):
    return run_query(CoverageQuery.from_parameters({"thresholds_m": THRESHOLDS, **parameters}))


def test_municipality_table_with_a_site_at_the_first_cell(huittinen_grid, make_site):
    make_site(*centre_of(three_cell_grid(), 0))
    result = run(area_level="municipality", area_code="102")

    (row,) = result["municipalities"]
    assert (row["code"], row["name"]) == ("102", "Huittinen")
    assert [w["residents"] for w in row["within"]] == [100, 300, 300, 300, 305]
    assert result["total"]["residents"] == 305
    assert [r["code"] for r in result["regions"]] == ["MK04"]
    assert [r["code"] for r in result["counties"]] == ["06"]
    assert result["site_count"] == 1
    assert result["population_grid"]["is_synthetic"] is False


def test_site_filters_choose_which_sites_count(huittinen_grid, make_site):
    grid = three_cell_grid()
    youth = TaxonomyTerm.objects.create(taxonomy="target_group", code="youth", name="Nuoret")
    swedish = Language.objects.create(code="sv", name="ruotsi")
    near_a = make_site(*centre_of(grid, 0), name="A")
    at_b = make_site(*centre_of(grid, 1), name="B", low_threshold=True, step_free_access=True)
    at_b.target_groups.add(youth)
    at_c = make_site(*centre_of(grid, 2), name="C", low_threshold=True)
    at_c.languages.add(swedish)
    for site, hours in ((near_a, (9, 17)), (at_b, (9, 10)), (at_c, (8, 20))):
        OpeningRule.objects.create(site=site, byday="MO,TU,WE,TH,FR", opens_at=f"{hours[0]:02d}:00",
                                   closes_at=f"{hours[1]:02d}:00")  # fmt: skip
    make_site(X0 + 500, Y0 + 500, name="Online", kind="online")  # never counts

    def covered_within_1km(**sites):
        return within(run(sites=sites)["total"], 1000)["residents"]

    assert covered_within_1km() == 305
    assert covered_within_1km(low_threshold=True) == 205
    assert covered_within_1km(step_free_access=True) == 200
    assert covered_within_1km(target_groups=["youth"]) == 200
    assert covered_within_1km(languages=["sv"]) == 5
    assert covered_within_1km(min_weekly_hours=40) == 105  # A 40 h, C 60 h, B 5 h a week


def test_what_if_a_candidate_site_is_added(huittinen_grid, make_site):
    make_site(*centre_of(three_cell_grid(), 0))
    result = run(extra_sites=[[X0 + 500, Y0 + 12_000]])  # 500 m from C's centre

    assert within(result["total"], 1000)["residents"] == 105
    assert within(result["baseline"]["total"], 1000)["residents"] == 100


def test_suggests_the_site_that_covers_most_uncovered_residents(huittinen_grid, make_site):
    make_site(*centre_of(three_cell_grid(), 0))
    result = run(suggest=2, suggest_radius_m=1000)

    suggestions = result["suggestions"]["sites"]
    assert [(s["easting"], s["northing"], s["added_residents"]) for s in suggestions] == [
        (X0 + 3500, Y0 + 500, 200),
        (X0 + 500, Y0 + 12_500, 5),
    ]
    assert result["suggestions"]["uncovered_residents"] == 205


def test_region_and_country_scopes(huittinen_grid, make_site):
    muonio()
    make_site(*centre_of(three_cell_grid(), 0))
    assert run(area_level="region", area_code="MK04")["total"]["residents"] == 305
    with pytest.raises(QueryError):
        run(area_level="region", area_code="MK99")
    country = run()
    assert [r["code"] for r in country["municipalities"]] == ["102"]


def test_no_sites_means_nobody_is_covered(huittinen_grid):
    result = run()
    assert [w["residents"] for w in result["total"]["within"]] == [0, 0, 0, 0, 0]
    assert result["total"]["unreachable"] == 305


def test_bad_parameters_are_listed():
    with pytest.raises(QueryError) as excinfo:
        CoverageQuery.from_parameters(
            {"area_level": "planet", "thresholds_m": ["x"], "suggest": 99}
        )
    assert len(excinfo.value.errors) == 3


def test_distance_layer_for_a_map_view(huittinen_grid, make_site):
    make_site(*centre_of(three_cell_grid(), 0))
    query = CoverageQuery.from_parameters({"thresholds_m": THRESHOLDS})
    layer = distance_layer(query, (X0, Y0, X0 + 4000, Y0 + 1000))
    assert sorted(f["properties"]["distance_m"] for f in layer["features"]) == [0, 3000]


# -- gaps as named places -----------------------------------------------------------------------


def test_gap_clusters_are_cut_along_areas_and_count_ages():
    grid = three_cell_grid()
    grid.x[1] = X0 + 1000  # B touches A
    distance = np.array([2600.0, 3500.0, 12000.0])
    # A and B in different postal areas: two clusters, not one (scores 300k, 60k, 50k).
    clusters = coverage.largest_gap_clusters(
        grid, distance, threshold=2000, count=5, area=np.array([7, 8, 8])
    )
    assert [(c["cells"], c["residents"], c["area"]) for c in clusters] == [
        (1, 200, 8), (1, 100, 7), (1, 5, 8),
    ]  # fmt: skip
    assert clusters[0]["ages"] == {"age_0_14": 50, "age_15_64": 100, "age_65": 50}
    assert clusters[2]["ages"] == {"age_0_14": 0, "age_15_64": 0, "age_65": 0}
    assert clusters[2]["unknown_ages"] == 5  # C publishes no ages


def _two_gap_grid():
    """Two groups of touching cells 20 km apart, each near a village, none near the site."""
    cells = [
        (X0, Y0, 50),
        (X0 + 1000, Y0, 30),
        (X0, Y0 + 1000, 20),  # west: 100 residents
        (X0 + 20_000, Y0, 40),
        (X0 + 21_000, Y0 + 1000, 35),
    ]  # east: 75, diagonal
    n = len(cells)
    return Grid(
        resolution=1000,
        x=np.array([c[0] for c in cells], dtype=np.int32),
        y=np.array([c[1] for c in cells], dtype=np.int32),
        municipality=np.full(n, 102, dtype=np.uint16),
        population=np.array([c[2] for c in cells], dtype=np.int32),
        men=np.array([c[2] // 2 for c in cells], dtype=np.int32),
        women=np.array([c[2] - c[2] // 2 for c in cells], dtype=np.int32),
        age_0_14=np.array([10, 5, 5, 10, 5], dtype=np.int32),
        age_15_64=np.array([30, 20, 10, 20, 20], dtype=np.int32),
        age_65=np.array([10, 5, 5, 10, 10], dtype=np.int32),
    )


def test_two_separate_gaps_are_two_named_clusters(db, make_site):
    from turvaverkko.areas.geo import to_wgs84
    from turvaverkko.areas.tests.factories import PostalCodeFactory

    huittinen = MunicipalityFactory()
    store_population_grid(_two_gap_grid(), name="Two gaps", year=2024)
    make_site(X0 + 10_500, Y0 + 30_500)  # far from both
    west = to_wgs84(X0 + 700, Y0 + 600)
    east = to_wgs84(X0 + 21_000, Y0 + 900)
    PostalCodeFactory(code="32610", name_fi="VAMPULA", name_sv="VAMPULA",
                      municipality=huittinen, latitude=west[0], longitude=west[1])  # fmt: skip
    PostalCodeFactory(code="32740", name_fi="ÄETSÄ", name_sv="ÄETSÄ",
                      municipality=huittinen, latitude=east[0], longitude=east[1])  # fmt: skip
    # A postal area known only by its municipality's centre names nothing.
    PostalCodeFactory(code="32710", name_fi="SAMPU", name_sv="SAMPU", municipality=huittinen,
                      latitude=huittinen.latitude, longitude=huittinen.longitude)  # fmt: skip

    result = run(area_level="municipality", area_code="102", gap_threshold_m=3000, suggest=1,
                 suggest_radius_m=3000)  # fmt: skip
    clusters = result["gaps"]["clusters"]
    assert [(c["cells"], c["residents"], c["place"]["fi"]) for c in clusters] == [
        (3, 100, "Vampula (32610 Huittinen)"),
        (2, 75, "Äetsä (32740 Huittinen)"),
    ]
    assert clusters[0]["ages"] == {"age_0_14": 20, "age_15_64": 60, "age_65": 20}
    assert result["suggestions"]["sites"][0]["place"]["fi"] == "Vampula (32610 Huittinen)"


def test_suggestions_from_a_what_if_run_add_to_its_sites(huittinen_grid, make_site):
    make_site(*centre_of(three_cell_grid(), 0))
    # The what-if site already covers B; the one suggestion goes to C.
    result = run(extra_sites=[list(centre_of(three_cell_grid(), 1))], suggest=1,
                 suggest_radius_m=1000)  # fmt: skip
    (site,) = result["suggestions"]["sites"]
    assert (site["easting"], site["northing"], site["added_residents"]) == (
        X0 + 500, Y0 + 12_500, 5,
    )  # fmt: skip
