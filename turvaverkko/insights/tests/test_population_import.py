"""The population grid on the import framework's bulk path: limits before parsing, the whole
file validated, all or nothing, a batch recorded without the cells, a re-load writes nothing."""

import gzip
import io
import json

import pytest
from django.core.management import CommandError, call_command

from turvaverkko.importing.base import ImportFileError, ImportRefused
from turvaverkko.importing.models import ImportBatch
from turvaverkko.insights.actions import import_population_grid
from turvaverkko.insights.models import PopulationGrid

from .factories import CSV_HEADER, X0, Y0, csv_row

pytestmark = pytest.mark.django_db

GOOD = "\n".join(
    [
        CSV_HEADER,
        csv_row(X0, Y0, "102", 120, 60, 60, 20, 70, 30),
        csv_row(X0 + 1000, Y0, "102", 7, -1, -1, -1, -1, -1, number=2),
        csv_row(X0 + 2000, Y0, "102", 40, 20, 20, 10, 20, 10, number=3),
    ]
)


def grid_batches():
    # Other modules' committed reference data may leave its own batches meanwhile.
    return ImportBatch.objects.filter(target="population_grid")


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def nothing_stored(data_dir):
    return PopulationGrid.objects.count() == 0 and (
        not data_dir.exists() or list(data_dir.iterdir()) == []
    )


def test_a_grid_file_is_recorded_as_a_batch_without_its_cells(tmp_path, data_dir, personas):
    path = write(tmp_path, "vaki2024_1km.csv", GOOD)
    dataset = import_population_grid(path, resolution=1000, year=2024, user=personas.admin)

    batch = grid_batches().get()
    assert (batch.target, batch.format, batch.filename) == ("population_grid", "csv", path.name)
    assert batch.status == ImportBatch.Status.COMMITTED and batch.committed_at
    assert batch.created_by == personas.admin
    assert batch.rows == [] and batch.headers == []  # the cells are in the dataset only
    assert batch.total == 3
    assert batch.result["dataset"] == dataset.pk
    assert (batch.result["cell_count"], batch.result["total_population"]) == (3, 167)
    assert dataset.created_by == personas.admin


def test_the_same_grid_again_writes_nothing_new(tmp_path, data_dir):
    path = write(tmp_path, "vaki.csv", GOOD)
    first = import_population_grid(path, resolution=1000, year=2024)
    # The same cells, packed and from the command: nothing new.
    packed = write(tmp_path, "vaki.csv.gz", gzip.compress(GOOD.encode()))
    call_command("import_population_grid", str(packed), "--year", "2024", stdout=io.StringIO())
    again = import_population_grid(path, resolution=1000, year=2024)

    assert again == first
    assert PopulationGrid.objects.count() == 1
    assert grid_batches().count() == 1
    assert [p.name for p in data_dir.iterdir()] == [first.file_name]
    # Another year of the same cells is a new dataset.
    import_population_grid(path, resolution=1000, year=2025)
    assert PopulationGrid.objects.count() == 2


def test_too_many_cells_are_refused_before_any_row_is_read(tmp_path, data_dir, settings):
    settings.IMPORT_GRID_MAX_CELLS = 2
    # The last row is broken too: the count refuses the file before the rows are looked at.
    path = write(
        tmp_path, "big.csv", GOOD + "\n" + csv_row(X0, Y0 + 1000, "102", "x", 1, 1, 1, 1, 1)
    )
    with pytest.raises(CommandError, match="over 2 cells"):
        call_command("import_population_grid", str(path), "--year", "2024")

    assert nothing_stored(data_dir)
    batch = grid_batches().get()
    assert batch.status == ImportBatch.Status.REFUSED
    assert batch.result == {"errors": ["The file has over 2 cells; at most 2 can be imported."]}


def test_size_and_unpacked_size_are_refused_before_parsing(tmp_path, data_dir, settings):
    settings.IMPORT_GRID_MAX_BYTES = 1000
    not_even_csv = write(tmp_path, "huge.csv", b"\xff" * 2000)
    with pytest.raises(ImportFileError, match="at most"):
        import_population_grid(not_even_csv, resolution=1000, year=2024)
    # 200 kB of zeros pack into a few hundred bytes: refused while unpacking.
    bomb = write(tmp_path, "bomb.csv.gz", gzip.compress(b"0" * 200_000))
    assert bomb.stat().st_size < 1000
    with pytest.raises(ImportFileError, match="Unpacked"):
        import_population_grid(bomb, resolution=1000, year=2024)

    assert nothing_stored(data_dir)
    assert list(grid_batches().values_list("status", flat=True)) == ["refused"] * 2


def test_a_grid_in_another_crs_is_refused(tmp_path, data_dir):
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"xkoord": 22.5, "ykoord": 61.2, "kunta": "102", "vaesto": 5},
            }
        ],
    }
    path = write(tmp_path, "wgs84.geojson", json.dumps(document))
    with pytest.raises(ImportRefused) as refused:
        import_population_grid(path, resolution=1000, year=2024)

    assert refused.value.errors == [
        "crs: the file is in urn:ogc:def:crs:EPSG::4326; the grid must be in ETRS-TM35FIN "
        "(EPSG:3067)"
    ]
    assert nothing_stored(data_dir)
    assert grid_batches().get().result == {"errors": refused.value.errors}


def test_cells_of_another_size_are_refused_naming_each_line(tmp_path, data_dir):
    # A 250 m file loaded as 1 km: the corners are not on the 1 km grid.
    rows = [CSV_HEADER] + [
        csv_row(386000 + 250 * i, 6671750, "091", 40, 20, 20, 5, 25, 10, grd_id="")
        for i in range(3)
    ]
    path = write(tmp_path, "ruudut_250m.csv", "\n".join(rows))
    with pytest.raises(ImportRefused) as refused:
        import_population_grid(path, resolution=1000, year=2024)

    assert [e.split(":")[0] for e in refused.value.errors] == ["line 2", "line 3", "line 4"]
    assert "is not on the 1000 m grid" in refused.value.errors[0]
    assert nothing_stored(data_dir)
