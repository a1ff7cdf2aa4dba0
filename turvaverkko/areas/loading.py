"""Load the committed reference data and the managed taxonomies into the database.

Everything is an upsert keyed on a stable code, inside one transaction, so loading twice changes
nothing and a newer data file updates names and points in place. Rows that disappeared from the
files are left alone: organisations and sites may still point to them.
"""

import json
import time
import uuid
from pathlib import Path

from django.db import transaction
from django.utils import translation

from turvaverkko.areas import reference
from turvaverkko.areas.models import Municipality, PostalCode, Region, WellbeingCounty

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "registry" / "data" / "taxonomy.json"
# Taxonomy term ids are uuid5(namespace, "taxonomy:code") so that every installation gives a
# term the same HSDS id.
TERM_NAMESPACE = uuid.UUID("5b0a3c1e-8c1f-4d8e-9a57-7e7d3f0c2b11")
LANGS = ("fi", "sv", "en")


def term_id(taxonomy: str, code: str) -> uuid.UUID:
    return uuid.uuid5(TERM_NAMESPACE, f"{taxonomy}:{code}")


def _upsert(model, objs, unique_fields, update_fields):
    model.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
        batch_size=500,
    )


def load_areas(data: dict) -> dict:
    regions = [
        Region(code=code, name_fi=fi, name_sv=sv, name_en=en)
        for code, fi, sv, en in data["regions"]
    ]
    _upsert(Region, regions, ["code"], ["name_fi", "name_sv", "name_en"])
    counties = [
        WellbeingCounty(code=code, name_fi=fi, name_sv=sv, name_en=en)
        for code, fi, sv, en in data["counties"]
    ]
    _upsert(WellbeingCounty, counties, ["code"], ["name_fi", "name_sv", "name_en"])

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
    _upsert(Municipality, municipalities, ["code"], muni_fields)

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
    _upsert(
        PostalCode,
        postal_codes,
        ["code"],
        ["name_fi", "name_sv", "municipality", "latitude", "longitude"],
    )
    return {
        "regions": len(regions),
        "counties": len(counties),
        "municipalities": len(municipalities),
        "postal_codes": len(postal_codes),
    }


def _translated(prefix: str, values: dict) -> dict:
    return {f"{prefix}_{lang}": values.get(lang, "") for lang in LANGS}


def load_taxonomy(taxonomy: dict) -> dict:
    from turvaverkko.registry.models import Language, TaxonomyTerm

    terms = []
    for t in taxonomy["terms"]:
        terms.append(
            TaxonomyTerm(
                id=term_id(t["taxonomy"], t["code"]),
                taxonomy=t["taxonomy"],
                code=t["code"],
                term_uri=t.get("term_uri", ""),
                name=t["name"]["fi"],
                description=t["description"]["fi"],
                **_translated("name", t["name"]),
                **_translated("description", t["description"]),
            )
        )
    text_fields = ["name", "description"] + [
        f"{f}_{lang}" for f in ("name", "description") for lang in LANGS
    ]
    _upsert(TaxonomyTerm, terms, ["taxonomy", "code"], ["term_uri", *text_fields])

    # Parents by (taxonomy, code): a term created earlier by hand keeps its own id.
    ids = {(t.taxonomy, t.code): t for t in TaxonomyTerm.objects.all()}
    changed = []
    for t in taxonomy["terms"]:
        term = ids[(t["taxonomy"], t["code"])]
        parent = ids[(t["taxonomy"], t["parent"])] if t.get("parent") else None
        if term.parent_id != (parent.id if parent else None):
            term.parent = parent
            changed.append(term)
    if changed:
        TaxonomyTerm.objects.bulk_update(changed, ["parent"])

    languages = [
        Language(code=lang["code"], name=lang["name"]["fi"], **_translated("name", lang["name"]))
        for lang in taxonomy["languages"]
    ]
    _upsert(Language, languages, ["code"], ["name", *(f"name_{x}" for x in LANGS)])
    return {"taxonomy_terms": len(terms), "languages": len(languages)}


def load_reference_data(data_file: Path | None = None, taxonomy_file: Path | None = None) -> dict:
    """Load areas and taxonomies; returns counts and the time taken."""
    started = time.monotonic()
    data = reference.read_data_file(data_file or reference.DATA_FILE)
    taxonomy = json.loads(Path(taxonomy_file or TAXONOMY_FILE).read_text(encoding="utf-8"))
    # Translated fields: the untranslated column holds the Finnish text.
    with translation.override("fi"), transaction.atomic():
        counts = load_areas(data)
        counts.update(load_taxonomy(taxonomy))
    counts["seconds"] = round(time.monotonic() - started, 2)
    return counts
