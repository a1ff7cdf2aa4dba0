import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from turvaverkko.insights.models import PopulationGrid
from turvaverkko.insights.population import cell_id
from turvaverkko.insights.synthetic import generate_grid, places_from_geonames

from .factories import CSV_HEADER, X0, Y0, csv_row

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_csv_keeps_suppressed_age_groups_unknown(tmp_path, data_dir):
    path = write(
        tmp_path,
        "vaki2024_1km.csv",
        "\n".join(
            [
                CSV_HEADER,
                csv_row(X0, Y0, "102", 120, 60, 60, 20, 70, 30),
                csv_row(X0 + 1000, Y0, "102", 7, -1, -1, -1, -1, -1, number=2),
            ]
        ),
    )
    call_command("import_population_grid", str(path), "--resolution", "1000", "--year", "2024")

    dataset = PopulationGrid.objects.get()
    assert (dataset.cell_count, dataset.total_population, dataset.suppressed_cells) == (2, 127, 1)
    assert dataset.year == 2024 and not dataset.is_synthetic
    grid = dataset.load()
    assert grid.population.tolist() == [120, 7]
    assert grid.age_65.tolist() == [30, -1]
    assert grid.ages_known.tolist() == [True, False]
    assert grid.municipality.tolist() == [102, 102]
    # Cell centres are the lower-left corner plus half a cell.
    assert grid.centres[0].tolist() == [X0 + 500, Y0 + 500]
    assert [p.name for p in data_dir.iterdir()] == [dataset.file_name]


def test_import_geojson_from_the_wfs_layer(tmp_path):
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": []},
            "properties": {
                "grd_id": "1kmN6672E385", "id_nro": 1, "xkoord": 385000.0, "ykoord": 6672000.0,
                "kunta": "091", "vaesto": 5400, "miehet": 2600, "naiset": 2800,
                "ika_0_14": 700, "ika_15_64": 3900, "ika_65_": 800,
            },
        },
        {
            "type": "Feature",
            "geometry": None,
            "properties": {
                "grd_id": "1kmN6673E385", "xkoord": 385000, "ykoord": 6673000, "kunta": "091",
                "vaesto": 3, "miehet": -1, "naiset": -1,
                "ika_0_14": -1, "ika_15_64": -1, "ika_65_": -1,
            },
        },
    ]  # fmt: skip
    path = write(
        tmp_path, "vaki.geojson", json.dumps({"type": "FeatureCollection", "features": features})
    )
    call_command("import_population_grid", str(path), "--year", "2025")

    grid = PopulationGrid.objects.get().load()
    assert grid.municipality.tolist() == [91, 91]
    assert grid.population.tolist() == [5400, 3]
    assert grid.age_0_14.tolist() == [700, -1]


def test_250m_cell_ids_follow_statistics_finland():
    assert cell_id(386000, 6671750, 250) == "250mN667175E38600"
    assert cell_id(385000, 6672000, 1000) == "1kmN6672E385"


def test_licensed_250m_grid_in_the_same_shape(tmp_path):
    row = csv_row(386000, 6671750, "091", 40, 20, 20, 5, 25, 10, grd_id="250mN667175E38600")
    path = write(tmp_path, "ruudut_250m.csv", f"{CSV_HEADER}\n{row}")
    call_command("import_population_grid", str(path), "--resolution", "250", "--year", "2024")

    dataset = PopulationGrid.objects.get()
    assert dataset.resolution == 250
    assert dataset.load().centres[0].tolist() == [386125, 6671875]


def test_malformed_file_is_refused_with_row_numbers_and_nothing_is_stored(tmp_path, data_dir):
    path = write(
        tmp_path,
        "broken.csv",
        "\n".join(
            [
                CSV_HEADER,
                csv_row(X0, Y0, "102", 120, 60, 60, 20, 70, 30),
                csv_row(X0 + 1000, Y0, "102", "abc", 1, 1, 1, 1, 1),
                csv_row(X0 + 2000, Y0, "", 12, 6, 6, 2, 8, 2),
                csv_row(X0, Y0, "102", 15, 7, 8, 2, 8, 5),
                csv_row(X0 + 3500, Y0, "102", 15, 7, 8, 2, 8, 5, grd_id=""),
                csv_row(X0 + 4000, Y0, "102", 15, 7, 8, -2, 8, 5),
                csv_row(X0 + 5000, Y0, "102", 15, 7, 8, 2, 8, 5, grd_id="1kmN1E1"),
            ]
        ),
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_population_grid", str(path), "--year", "2024")

    message = str(excinfo.value)
    assert "6 rejected rows" in message
    assert "line 3: vaesto 'abc' is not a whole number" in message
    assert "line 4: kunta '' is not a municipality code" in message
    assert "line 5: the same cell as line 2" in message
    assert "line 6: corner (263500, 6785000) is not on the 1000 m grid" in message
    assert "line 7: ika_0_14 -2 is negative" in message
    assert "line 8: grd_id 1kmN1E1 does not match the corner" in message
    assert PopulationGrid.objects.count() == 0
    assert not data_dir.exists() or list(data_dir.iterdir()) == []


def test_file_without_required_columns_is_refused(tmp_path):
    path = write(tmp_path, "wrong.csv", "x,y,population\n1,2,3\n")
    with pytest.raises(CommandError, match="missing columns: kunta, vaesto, xkoord, ykoord"):
        call_command("import_population_grid", str(path), "--year", "2024")
    assert PopulationGrid.objects.count() == 0


def test_synthetic_grid_is_deterministic_flagged_and_shaped_like_the_real_one():
    places = places_from_geonames()
    first = generate_grid(1000, seed=5, places=places, total=300_000)
    again = generate_grid(1000, seed=5, places=places, total=300_000)
    other = generate_grid(1000, seed=6, places=places, total=300_000)

    assert all(
        np.array_equal(a, b)
        for a, b in zip(first.arrays().values(), again.arrays().values(), strict=True)
    )
    assert not np.array_equal(first.population, other.population)
    assert 280_000 < first.population.sum() <= 300_000  # a few land in the sea and are dropped
    assert (first.x % 1000 == 0).all() and (first.y % 1000 == 0).all()
    small = first.population < 10
    assert small.any() and (first.age_65[small] == -1).all() and (first.men[small] == -1).all()
    known = ~small
    assert (first.age_0_14 + first.age_15_64 + first.age_65)[known].tolist() == first.population[
        known
    ].tolist()
    # Helsinki (091) is the most populous municipality, as in reality.
    by_code = np.bincount(first.municipality, weights=first.population)
    assert by_code.argmax() == 91


def test_generate_command_stores_a_synthetic_dataset():
    call_command(
        "generate_population_grid", "--resolution", "250", "--seed", "3", "--population", "200000"
    )

    dataset = PopulationGrid.objects.get()
    assert dataset.is_synthetic and dataset.resolution == 250
    assert 180_000 < dataset.total_population <= 200_000  # ~5 % fall in the sea
    assert PopulationGrid.objects.current() == dataset
