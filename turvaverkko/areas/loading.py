"""Load the committed reference areas (regions, wellbeing services counties, municipalities,
postal codes) into the database, on the import framework's bulk path (docs/importing.md).

The file (`areas/data/reference.json.gz`) is checked whole first (`validate_areas`: codes,
names, references between the records, points in Finland; each problem names its record),
then every record is an upsert keyed on a stable code that writes only what is new or
changed, so loading twice writes nothing and a newer data file updates names and points in
place. Rows that disappeared from the file are left alone: organisations and sites may still
point to them. The taxonomies and languages are registry's reference data:
turvaverkko.registry.reference loads both in one transaction.
"""

import re
from typing import Any

from turvaverkko.areas.models import Municipality, PostalCode, Region, WellbeingCounty
from turvaverkko.core.db import upsert_changed
from turvaverkko.importing.base import ImportRefused
from turvaverkko.importing.bulk import BulkImporter, register_bulk

from .reference import FORMAT_VERSION

# Generous bounds of Finland in WGS84 (Åland to Utsjoki, Hanko to Ilomantsi).
LATITUDES = (59.0, 70.5)
LONGITUDES = (19.0, 32.0)
MAX_REPORTED_ERRORS = 50
LANGUAGES = set(Municipality.Language.values)


def _in_finland(lat: Any, lon: Any) -> bool:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon))
    return numbers and LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lon <= LONGITUDES[1]


def validate_areas(data: Any) -> list[str]:
    """Every problem of the areas file, each naming its record; [] when it can be loaded."""
    if not isinstance(data, dict):
        return ["the file is not a JSON object"]
    if data.get("format") != FORMAT_VERSION:
        return [f"unsupported format {data.get('format')!r} (expected {FORMAT_VERSION})"]
    missing = {
        "regions", "counties", "municipalities", "postal_code_columns", "postal_codes",
        "valid_year",
    } - set(data)  # fmt: skip
    if missing:
        return [f"missing: {', '.join(sorted(missing))}"]
    errors: list[str] = []
    if not isinstance(data["valid_year"], int):
        errors.append(f"valid_year {data['valid_year']!r} is not a year")
    regions = _named(data["regions"], "region", r"MK\d\d", errors)
    counties = _named(data["counties"], "wellbeing services county", r"\d\d", errors)
    municipalities: set[str] = set()
    for number, m in enumerate(data["municipalities"], start=1):
        where = f"municipality {number}"
        if not isinstance(m, dict):
            errors.append(f"{where}: not an object")
            continue
        code = str(m.get("code", ""))
        where = f"municipality {number} ({code} {m.get('name_fi', '')})".rstrip()
        problems = []
        if not re.fullmatch(r"\d{3}", code):
            problems.append(f"code {code!r} is not three digits")
        elif code in municipalities:
            problems.append(f"code {code} appears twice")
        municipalities.add(code)
        problems += [f"{n} is empty" for n in ("name_fi", "name_sv") if not m.get(n)]
        if m.get("language") not in LANGUAGES:
            problems.append(f"language {m.get('language')!r} is not one of {sorted(LANGUAGES)}")
        if m.get("region") not in regions:
            problems.append(f"region {m.get('region')!r} is not in the file")
        if m.get("county") not in counties:
            problems.append(f"county {m.get('county')!r} is not in the file")
        if not _in_finland(m.get("latitude"), m.get("longitude")):
            problems.append(f"point ({m.get('latitude')}, {m.get('longitude')}) is not in Finland")
        for name in ("easting", "northing"):
            if not isinstance(m.get(name), int | float):
                problems.append(f"{name} {m.get(name)!r} is not a number")
        population = m.get("population")
        if population is not None and (not isinstance(population, int) or population < 0):
            problems.append(f"population {population!r} is not a count")
        errors += [f"{where}: {p}" for p in problems]
    columns = data["postal_code_columns"]
    needed = {"code", "name_fi", "name_sv", "municipality", "latitude", "longitude"}
    if not isinstance(columns, list) or needed - set(columns):
        errors.append(f"postal_code_columns must name {', '.join(sorted(needed))}")
        return errors[:MAX_REPORTED_ERRORS]
    postal_codes: set[str] = set()
    for number, row in enumerate(data["postal_codes"], start=1):
        if not isinstance(row, list) or len(row) != len(columns):
            errors.append(f"postal code {number}: not a row of {len(columns)} values")
            continue
        r = dict(zip(columns, row, strict=True))
        code = str(r["code"])
        where = f"postal code {number} ({code})"
        if not re.fullmatch(r"\d{5}", code):
            errors.append(f"{where}: code {code!r} is not five digits")
        elif code in postal_codes:
            errors.append(f"{where}: code {code} appears twice")
        postal_codes.add(code)
        if not r["name_fi"]:
            errors.append(f"{where}: name_fi is empty")
        if r["municipality"] not in municipalities:
            errors.append(f"{where}: municipality {r['municipality']!r} is not in the file")
        if r["latitude"] is not None and not _in_finland(r["latitude"], r["longitude"]):
            errors.append(f"{where}: point ({r['latitude']}, {r['longitude']}) is not in Finland")
    return errors[:MAX_REPORTED_ERRORS]


def _named(records: Any, kind: str, pattern: str, errors: list[str]) -> set[str]:
    """The codes of [code, name_fi, name_sv, name_en] records; problems go to `errors`."""
    codes: set[str] = set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, list) or len(record) != 4:
            errors.append(f"{kind} {number}: not [code, name_fi, name_sv, name_en]")
            continue
        code, fi, sv, _en = record
        where = f"{kind} {number} ({code})"
        if not re.fullmatch(pattern, str(code)):
            errors.append(f"{where}: code {code!r} is not of the form {pattern}")
        elif code in codes:
            errors.append(f"{where}: code {code} appears twice")
        if not fi or not sv:
            errors.append(f"{where}: the Finnish or Swedish name is empty")
        codes.add(str(code))
    return codes


@register_bulk
class AreasImporter(BulkImporter):
    """The areas file on the bulk path: limits, JSON (gzip), validate_areas, load_areas."""

    target = "reference_areas"
    formats = ("json",)

    def clean(self, document: Any) -> dict:
        errors = validate_areas(document)
        if errors:
            raise ImportRefused(errors)
        return document

    def count(self, cleaned: dict) -> int:
        return sum(
            len(cleaned[k]) for k in ("regions", "counties", "municipalities", "postal_codes")
        )

    def write(self, cleaned: dict) -> dict[str, Any]:
        return load_areas(cleaned)


def total(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    """{"created", "updated", "unchanged"} summed over the models' counts."""
    out = {"created": 0, "updated": 0, "unchanged": 0}
    for model_counts in counts.values():
        for key in out:
            out[key] += model_counts.get(key, 0)
    return out


def load_areas(data: dict) -> dict:
    """Write the areas (only what is new or changed); counts per model and in all."""
    regions = [
        Region(code=code, name_fi=fi, name_sv=sv, name_en=en)
        for code, fi, sv, en in data["regions"]
    ]
    counts = {
        "regions": upsert_changed(Region, regions, ["code"], ["name_fi", "name_sv", "name_en"])
    }
    counties = [
        WellbeingCounty(code=code, name_fi=fi, name_sv=sv, name_en=en)
        for code, fi, sv, en in data["counties"]
    ]
    counts["counties"] = upsert_changed(
        WellbeingCounty, counties, ["code"], ["name_fi", "name_sv", "name_en"]
    )

    muni_fields = [
        "name_fi",
        "name_sv",
        "language",
        "region",
        "county",
        "latitude",
        "longitude",
        "easting",
        "northing",
        "population",
        "valid_year",
    ]
    municipalities = [
        Municipality(
            code=m["code"],
            name_fi=m["name_fi"],
            name_sv=m["name_sv"],
            language=m["language"],
            region_id=m["region"],
            county_id=m["county"],
            latitude=m["latitude"],
            longitude=m["longitude"],
            easting=m["easting"],
            northing=m["northing"],
            population=m["population"],
            valid_year=data["valid_year"],
        )
        for m in data["municipalities"]
    ]
    counts["municipalities"] = upsert_changed(Municipality, municipalities, ["code"], muni_fields)

    columns = data["postal_code_columns"]
    rows = [dict(zip(columns, row, strict=True)) for row in data["postal_codes"]]
    postal_codes = [
        PostalCode(
            code=r["code"],
            name_fi=r["name_fi"],
            name_sv=r["name_sv"],
            municipality_id=r["municipality"],
            latitude=r["latitude"],
            longitude=r["longitude"],
        )
        for r in rows
    ]
    counts["postal_codes"] = upsert_changed(
        PostalCode,
        postal_codes,
        ["code"],
        ["name_fi", "name_sv", "municipality", "latitude", "longitude"],
    )
    return {**counts, **total(counts)}
