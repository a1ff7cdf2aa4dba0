"""Load the product's reference data: the managed taxonomies and languages (registry's) and
the areas beneath them (turvaverkko.areas.loading), in one transaction, on the import
framework's bulk path (docs/importing.md): both files are checked against the limits and
validated whole before anything is written; a refused file writes nothing and is recorded as
a refused ImportBatch with its reasons, a load that changed something as a committed one.

Everything is an upsert keyed on a stable code that writes only what is new or changed, so
loading twice writes nothing (and keeps no batch) and a newer data file updates names and
points in place. Rows that disappeared from the files are left alone: organisations and sites
may still point to them. Term ids are uuid5 of taxonomy and code, the same everywhere.
"""

import re
import time
import uuid
from pathlib import Path
from typing import Any

from django.utils import translation

from turvaverkko.areas import reference as area_reference
from turvaverkko.areas.loading import AreasImporter, total
from turvaverkko.core.constants import CONTENT_LANGUAGES
from turvaverkko.core.db import upsert_changed
from turvaverkko.importing.base import ImportRefused
from turvaverkko.importing.bulk import BulkImporter, commit_bulk, prepare_bulk, register_bulk

from .models import Language, TaxonomyTerm

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.json"
# Taxonomy term ids are uuid5(namespace, "taxonomy:code") so that every installation gives a
# term the same HSDS id.
TERM_NAMESPACE = uuid.UUID("5b0a3c1e-8c1f-4d8e-9a57-7e7d3f0c2b11")


def term_id(taxonomy: str, code: str) -> uuid.UUID:
    return uuid.uuid5(TERM_NAMESPACE, f"{taxonomy}:{code}")


def _translated(prefix: str, values: dict) -> dict:
    return {f"{prefix}_{lang}": values.get(lang, "") for lang in CONTENT_LANGUAGES}


MAX_REPORTED_ERRORS = 50
TAXONOMIES = set(TaxonomyTerm.Taxonomy.values)


def validate_taxonomy(data: Any) -> list[str]:
    """Every problem of the taxonomy file, each naming its term or language."""
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        return ["the file is not a JSON object with a list of terms"]
    if not isinstance(data.get("languages"), list):
        return ["the file has no list of languages"]
    errors: list[str] = []
    keys: set[tuple[str, str]] = set()
    for number, t in enumerate(data["terms"], start=1):
        if not isinstance(t, dict):
            errors.append(f"term {number}: not an object")
            continue
        where = f"term {number} ({t.get('taxonomy')}:{t.get('code')})"
        if t.get("taxonomy") not in TAXONOMIES:
            errors.append(
                f"{where}: taxonomy {t.get('taxonomy')!r} is not one of {sorted(TAXONOMIES)}"
            )
        code = t.get("code")
        if not isinstance(code, str) or not re.fullmatch(r"[-a-zA-Z0-9_]{1,60}", code):
            errors.append(f"{where}: code {code!r} is not a slug")
        elif (t.get("taxonomy"), code) in keys:
            errors.append(f"{where}: appears twice")
        keys.add((t.get("taxonomy"), code))
        for name in ("name", "description"):
            if not isinstance(t.get(name), dict):
                errors.append(f"{where}: {name} is not a {{language: text}} object")
        if isinstance(t.get("name"), dict) and not t["name"].get("fi"):
            errors.append(f"{where}: the Finnish name is empty")
    for number, t in enumerate(data["terms"], start=1):
        if isinstance(t, dict) and t.get("parent") and (t["taxonomy"], t["parent"]) not in keys:
            errors.append(
                f"term {number} ({t.get('taxonomy')}:{t.get('code')}): parent "
                f"{t['parent']!r} is not a term of the same taxonomy in the file"
            )
    codes: set[str] = set()
    for number, lang in enumerate(data["languages"], start=1):
        code = lang.get("code") if isinstance(lang, dict) else None
        where = f"language {number} ({code})"
        if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2,3}", code):
            errors.append(f"{where}: code {code!r} is not an ISO 639 code")
        elif code in codes:
            errors.append(f"{where}: appears twice")
        else:
            codes.add(code)
        if (
            not isinstance(lang, dict)
            or not isinstance(lang.get("name"), dict)
            or not lang["name"].get("fi")
        ):
            errors.append(f"{where}: the Finnish name is empty")
    return errors[:MAX_REPORTED_ERRORS]


@register_bulk
class TaxonomyImporter(BulkImporter):
    """The taxonomy file on the bulk path: limits, JSON, validate_taxonomy, load_taxonomy."""

    target = "reference_taxonomy"
    formats = ("json",)

    def clean(self, document: Any) -> dict:
        errors = validate_taxonomy(document)
        if errors:
            raise ImportRefused(errors)
        return document

    def count(self, cleaned: dict) -> int:
        return len(cleaned["terms"]) + len(cleaned["languages"])

    def write(self, cleaned: dict) -> dict[str, Any]:
        return load_taxonomy(cleaned)


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
    counts = {
        "taxonomy_terms": upsert_changed(
            TaxonomyTerm, terms, ["taxonomy", "code"], ["term_uri", *text_fields]
        )
    }

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
        term_counts = counts["taxonomy_terms"]
        moved = min(len(changed), term_counts["unchanged"])  # a new term's parent is no update
        term_counts["updated"] += moved
        term_counts["unchanged"] -= moved

    languages = [
        Language(code=lang["code"], name=lang["name"]["fi"], **_translated("name", lang["name"]))
        for lang in taxonomy["languages"]
    ]
    counts["languages"] = upsert_changed(
        Language, languages, ["code"], ["name", *(f"name_{x}" for x in CONTENT_LANGUAGES)]
    )
    return {**counts, **total(counts)}


def load_reference_data(
    data_file: Path | None = None, taxonomy_file: Path | None = None, user: Any = None
) -> dict:
    """Load areas and taxonomies; returns how many records each file had per model,
    "created" / "updated" / "unchanged" in all, and the time taken. Raises
    ImportFileError or ImportRefused (with every reason) and writes nothing if a file is
    refused."""
    started = time.monotonic()
    files = [
        (AreasImporter.target, Path(data_file or area_reference.DATA_FILE)),
        (TaxonomyImporter.target, Path(taxonomy_file or TAXONOMY_FILE)),
    ]
    prepared = [prepare_bulk(target, path.read_bytes(), path.name, user) for target, path in files]
    # Translated fields: the untranslated column holds the Finnish text.
    with translation.override("fi"):
        outcomes = commit_bulk(prepared)
    counts: dict[str, Any] = {}
    for outcome in outcomes:
        for name, model_counts in outcome.counts.items():
            if isinstance(model_counts, dict):
                counts[name] = sum(model_counts.values())
    for key in ("created", "updated", "unchanged"):
        counts[key] = sum(o.counts[key] for o in outcomes)
    counts["seconds"] = round(time.monotonic() - started, 2)
    return counts
