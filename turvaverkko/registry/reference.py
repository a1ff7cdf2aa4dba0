"""Load the product's reference data: the managed taxonomies and languages (registry's) and
the areas beneath them (turvaverkko.areas.loading), in one transaction.

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

from turvaverkko.areas import reference as area_reference
from turvaverkko.areas.loading import load_areas
from turvaverkko.core.constants import CONTENT_LANGUAGES
from turvaverkko.core.db import upsert

from .models import Language, TaxonomyTerm

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.json"
# Taxonomy term ids are uuid5(namespace, "taxonomy:code") so that every installation gives a
# term the same HSDS id.
TERM_NAMESPACE = uuid.UUID("5b0a3c1e-8c1f-4d8e-9a57-7e7d3f0c2b11")


def term_id(taxonomy: str, code: str) -> uuid.UUID:
    return uuid.uuid5(TERM_NAMESPACE, f"{taxonomy}:{code}")


def _translated(prefix: str, values: dict) -> dict:
    return {f"{prefix}_{lang}": values.get(lang, "") for lang in CONTENT_LANGUAGES}


def load_taxonomy(taxonomy: dict) -> dict:
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
        f"{f}_{lang}" for f in ("name", "description") for lang in CONTENT_LANGUAGES
    ]
    upsert(TaxonomyTerm, terms, ["taxonomy", "code"], ["term_uri", *text_fields])

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
    upsert(Language, languages, ["code"], ["name", *(f"name_{x}" for x in CONTENT_LANGUAGES)])
    return {"taxonomy_terms": len(terms), "languages": len(languages)}


def load_reference_data(data_file: Path | None = None, taxonomy_file: Path | None = None) -> dict:
    """Load areas and taxonomies; returns counts and the time taken."""
    started = time.monotonic()
    data = area_reference.read_data_file(data_file or area_reference.DATA_FILE)
    taxonomy = json.loads(Path(taxonomy_file or TAXONOMY_FILE).read_text(encoding="utf-8"))
    # Translated fields: the untranslated column holds the Finnish text.
    with translation.override("fi"), transaction.atomic():
        counts = load_areas(data)
        counts.update(load_taxonomy(taxonomy))
    counts["seconds"] = round(time.monotonic() - started, 2)
    return counts
