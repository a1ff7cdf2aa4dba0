"""Statistics Finland's population grid: parse, validate, store and load.

Columns as published (standards.md §5.2): grd_id, xkoord, ykoord (LOWER-LEFT corner, EPSG:3067),
kunta, vaesto, miehet, naiset, ika_0_14, ika_15_64, ika_65_. Cells of fewer than 10 residents
show only vaesto; the other columns are -1, which means "unknown", never zero.

A grid is kept as parallel numpy arrays (one element per inhabited cell) in an uncompressed
.npz file: a million 250 m cells is ~38 MB and loads in tens of milliseconds.
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import numpy as np

SUPPRESSED = -1
AGE_GROUPS = ("age_0_14", "age_15_64", "age_65")
COUNT_COLUMNS = {
    # our array name: the published column
    "population": "vaesto",
    "men": "miehet",
    "women": "naiset",
    "age_0_14": "ika_0_14",
    "age_15_64": "ika_15_64",
    "age_65": "ika_65_",
}
# Generous bounds of ETRS-TM35FIN over Finland: catches swapped axes and WGS84 degrees.
EASTING_RANGE = (0, 1_000_000)
NORTHING_RANGE = (6_500_000, 7_900_000)
MAX_REPORTED_ERRORS = 50


@dataclass
class Grid:
    """Inhabited cells as parallel arrays. x, y: lower-left corner in EPSG:3067 metres."""

    resolution: int
    x: np.ndarray  # int32
    y: np.ndarray  # int32
    municipality: np.ndarray  # uint16 municipality code (91 = "091"); 0 unknown
    population: np.ndarray  # int32, always known
    men: np.ndarray  # int32, -1 suppressed
    women: np.ndarray
    age_0_14: np.ndarray
    age_15_64: np.ndarray
    age_65: np.ndarray

    def __len__(self) -> int:
        return len(self.x)

    @property
    def centres(self) -> np.ndarray:
        """(n, 2) float64 cell centres: lower-left + half the cell size."""
        half = self.resolution / 2
        return np.column_stack([self.x + half, self.y + half]).astype(np.float64)

    @property
    def ages_known(self) -> np.ndarray:
        return (self.age_0_14 >= 0) & (self.age_15_64 >= 0) & (self.age_65 >= 0)

    def cell_ids(self, index) -> list[str]:
        return [cell_id(int(self.x[i]), int(self.y[i]), self.resolution) for i in index]

    def arrays(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "resolution"}

    @classmethod
    def from_arrays(cls, resolution: int, arrays: dict[str, np.ndarray]) -> "Grid":
        names = [f.name for f in fields(cls) if f.name != "resolution"]
        return cls(resolution=int(resolution), **{name: arrays[name] for name in names})

    def subset(self, mask) -> "Grid":
        return Grid.from_arrays(self.resolution, {k: v[mask] for k, v in self.arrays().items()})


def cell_id(x: int, y: int, resolution: int) -> str:
    """INSPIRE-style grd_id from the lower-left corner (standards.md §5.2)."""
    if resolution == 1000:
        return f"1kmN{y // 1000}E{x // 1000}"
    if resolution == 250:
        return f"250mN{y // 10}E{x // 10}"
    return f"{resolution}mN{y}E{x}"


def municipality_code(value: int) -> str:
    return f"{int(value):03d}"


class GridRejected(Exception):
    """The file was refused; `errors` lists each rejected row and why."""

    def __init__(self, errors: list[str], total_errors: int | None = None):
        self.errors = errors
        self.total_errors = total_errors if total_errors is not None else len(errors)
        more = self.total_errors - len(errors)
        text = "\n".join(errors) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(text)


# -- parsing ---------------------------------------------------------------------------------


class _Collector:
    """Turns published rows into arrays, collecting every error with where it was."""

    def __init__(self, resolution: int):
        self.resolution = resolution
        self.columns = {name: [] for name in ("x", "y", "municipality", *COUNT_COLUMNS)}
        self.errors: list[str] = []
        self.error_count = 0
        self.seen: dict[tuple[int, int], str] = {}

    def error(self, where: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(f"{where}: {message}")

    def add(self, where: str, record: dict) -> None:
        problems: list[str] = []
        x = _integer(record.get("xkoord"), "xkoord", problems)
        y = _integer(record.get("ykoord"), "ykoord", problems)
        grd_id = str(record.get("grd_id") or "").strip()
        if x is None and y is None and grd_id and not problems:
            x, y = _corner_from_id(grd_id, self.resolution, problems)
        if x is not None and y is not None:
            if not EASTING_RANGE[0] <= x <= EASTING_RANGE[1]:
                problems.append(f"xkoord {x} is not an ETRS-TM35FIN easting in Finland")
            if not NORTHING_RANGE[0] <= y <= NORTHING_RANGE[1]:
                problems.append(f"ykoord {y} is not an ETRS-TM35FIN northing in Finland")
            if x % self.resolution or y % self.resolution:
                problems.append(
                    f"corner ({x}, {y}) is not on the {self.resolution} m grid "
                    "(xkoord/ykoord must be the lower-left corner)"
                )
            if grd_id and grd_id != cell_id(x, y, self.resolution):
                problems.append(
                    f"grd_id {grd_id} does not match the corner "
                    f"(expected {cell_id(x, y, self.resolution)})"
                )
        elif not problems:
            problems.append("xkoord and ykoord are missing")
        counts = {}
        for name, column in COUNT_COLUMNS.items():
            raw = record.get(column)
            if name != "population" and (raw is None or raw == ""):
                counts[name] = SUPPRESSED  # column not published: unknown
                continue
            value = _integer(raw, column, problems)
            if value is None:
                continue
            if value < 0 and not (value == SUPPRESSED and name != "population"):
                problems.append(
                    f"{column} {value} is negative"
                    + (" (only the other columns may be -1)" if name == "population" else "")
                )
            counts[name] = value
        municipality = _municipality(record.get("kunta"), problems)
        if not problems:
            key = (x, y)
            if key in self.seen:
                problems.append(f"the same cell as {self.seen[key]}")
            else:
                self.seen[key] = where
        if problems:
            self.error(where, "; ".join(problems))
            return
        self.columns["x"].append(x)
        self.columns["y"].append(y)
        self.columns["municipality"].append(municipality)
        for name, value in counts.items():
            self.columns[name].append(value)

    def grid(self) -> Grid:
        if self.error_count:
            raise GridRejected(self.errors, self.error_count)
        if not self.columns["x"]:
            raise GridRejected(["the file has no cells"])
        arrays = {
            name: np.asarray(values, dtype=np.uint16 if name == "municipality" else np.int32)
            for name, values in self.columns.items()
        }
        # Row order of the file is irrelevant; sorting makes files reproducible and diffable.
        order = np.lexsort((arrays["x"], arrays["y"]))
        return Grid.from_arrays(self.resolution, {k: v[order] for k, v in arrays.items()})


def _integer(raw, column: str, problems: list[str]) -> int | None:
    if raw is None or raw == "":
        problems.append(f"{column} is missing")
        return None
    if isinstance(raw, bool):
        problems.append(f"{column} {raw!r} is not a whole number")
        return None
    if isinstance(raw, int):
        return raw
    try:
        value = float(str(raw).strip().replace(",", "."))
    except ValueError:
        problems.append(f"{column} {raw!r} is not a whole number")
        return None
    if not value.is_integer():
        problems.append(f"{column} {raw!r} is not a whole number")
        return None
    return int(value)


def _municipality(raw, problems: list[str]) -> int:
    text = str(raw if raw is not None else "").strip().upper().removeprefix("KU")
    if not text.isdigit() or len(text) > 3:
        problems.append(f"kunta {raw!r} is not a municipality code (three digits, e.g. 091)")
        return 0
    return int(text)


def _corner_from_id(grd_id: str, resolution: int, problems: list[str]):
    scale = 1000 if resolution == 1000 else 10
    match = re.fullmatch(r"(?:1km|250m)N(\d+)E(\d+)", grd_id)
    if not match:
        problems.append(f"grd_id {grd_id!r} is not a grid cell id")
        return None, None
    return int(match.group(2)) * scale, int(match.group(1)) * scale


def parse_csv(text: str, resolution: int) -> Grid:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames is None:
        raise GridRejected(["the file is empty"])
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    return grid_from_records(
        reader.fieldnames, ((reader.line_num, record) for record in reader), resolution
    )


def grid_from_records(
    header: list[str], records: Iterable[tuple[int, dict]], resolution: int
) -> Grid:
    """A grid from CSV records: (line number, {lower-case column: value})."""
    missing = {"vaesto", "kunta"} - set(header)
    if not ({"xkoord", "ykoord"} <= set(header) or "grd_id" in header):
        missing |= {"xkoord", "ykoord"}
    if missing:
        raise GridRejected([f"line 1: missing columns: {', '.join(sorted(missing))}"])
    collector = _Collector(resolution)
    for line, record in records:
        collector.add(f"line {line}", record)
    return collector.grid()


def parse_geojson(text: str, resolution: int) -> Grid:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GridRejected([f"not valid JSON: {exc}"]) from exc
    return grid_from_geojson(document, resolution)


def grid_from_geojson(document, resolution: int) -> Grid:
    """A grid from a parsed GeoJSON FeatureCollection (Statistics Finland's WFS layer)."""
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise GridRejected(["not a GeoJSON FeatureCollection (no 'features' list)"])
    crs = _crs_name(document.get("crs"))
    if crs is not None and not re.search(r"(EPSG:+|EPSG/0/)3067$", crs):
        raise GridRejected(
            [f"crs: the file is in {crs}; the grid must be in ETRS-TM35FIN (EPSG:3067)"]
        )
    collector = _Collector(resolution)
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            collector.error(f"feature {number}", "has no properties")
            continue
        properties = {str(k).lower(): v for k, v in properties.items()}
        label = f"feature {number}" + (
            f" ({properties['grd_id']})" if "grd_id" in properties else ""
        )
        collector.add(label, properties)
    return collector.grid()


def _crs_name(crs) -> str | None:
    """The name of a GeoJSON (2008) "crs" member, e.g. "urn:ogc:def:crs:EPSG::3067"."""
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    return str(name) if name else repr(crs)


def check_resolution(resolution: int) -> None:
    if resolution not in (1000, 250):
        raise GridRejected([f"resolution must be 1000 or 250, not {resolution}"])


def parse_file(path: Path, resolution: int) -> Grid:
    check_resolution(resolution)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = Path(path).read_text(encoding="latin-1")
    if text.lstrip().startswith("{"):
        return parse_geojson(text, resolution)
    return parse_csv(text, resolution)


# -- storing and loading -----------------------------------------------------------------------


def grid_totals(grid: Grid) -> dict:
    return {
        "cell_count": len(grid),
        "total_population": int(grid.population.sum(dtype=np.int64)),
        "suppressed_cells": int((~grid.ages_known).sum()),
    }


def load_grid(dataset) -> Grid:
    """The arrays of a PopulationGrid row; cached per process (datasets are immutable)."""
    return _load(dataset.file_name, dataset.resolution)


@lru_cache(maxsize=2)
def _load(file_name: str, resolution: int) -> Grid:
    from .storage import read_arrays

    return Grid.from_arrays(resolution, read_arrays(file_name))
