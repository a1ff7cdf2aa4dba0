"""Export the published directory as HSDS 3.0: JSON files and a CSV Tabular Data Package.

<dir>/organizations.json, locations.json, services.json, taxonomy_terms.json hold arrays of
full objects (Finnish primary text, every language under `translations`); <dir>/csv/ holds
the same data in the tabular form with datapackage.json. Every JSON object is validated
against the official schema before anything is written; `import_hsds` reads both forms back.
Only public data is exported: published sites, active organisations, public contacts.
"""

import json
from pathlib import Path

from turvaverkko.core import csvsafe
from turvaverkko.registry.models import TaxonomyTerm

from . import queries, spec
from .records import ENTITY_TABLES, TABLE_FILES, Staging
from .serializers import Builder

# Columns of our profile after the standard ones (lists and objects JSON-encoded in CSV).
EXTENSION_COLUMNS = {
    "organization": ["organization_type", "municipality_codes", "translations"],
    "location": [
        "site_kind",
        "low_threshold",
        "municipality_code",
        "email",
        "organization_ids",
        "translations",
    ],
    "service": ["translations"],
    "service_area": ["municipality_code"],
    "schedule": [
        "opening_exception",
        "closed",
        "opening_rule_id",
        "rule_valid_from",
        "rule_valid_to",
        "rule_pattern",
    ],
    "taxonomy_term": ["translations"],
}


class ExportError(Exception):
    pass


def build(lang: str = "fi") -> dict[str, list]:
    builder = Builder(lang, with_translations=True)
    organizations = [
        builder.organization(o)
        for o in queries.full_organizations(queries.public_organizations()).order_by("id")
    ]
    locations = [
        builder.location(s) for s in queries.full_sites(queries.public_sites()).order_by("id")
    ]
    services = [
        builder.service(s) for s in queries.full_services(queries.public_services()).order_by("id")
    ]
    terms = TaxonomyTerm.objects.filter(taxonomy__in=spec.PUBLIC_TAXONOMIES).order_by("id")
    return {
        # The taxonomies every exported term's taxonomy_id points at.
        "taxonomies.json": [builder.taxonomy(code) for code in spec.PUBLIC_TAXONOMIES],
        "organizations.json": organizations,
        "locations.json": locations,
        "services.json": services,
        "taxonomy_terms.json": [builder.term(t) for t in terms],
    }


def validate(files: dict[str, list]) -> list[str]:
    kinds = {
        "taxonomies.json": "taxonomy",
        "organizations.json": "organization",
        "locations.json": "location",
        "services.json": "service",
        "taxonomy_terms.json": "taxonomy_term",
    }
    problems = []
    for name, objects in files.items():
        for i, obj in enumerate(objects):
            problems += [f"{name} /{i}/{e}" for e in spec.errors(kinds[name], obj)]
    return problems


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _columns(table: str) -> list[str]:
    props = spec.tabular_schema()["properties"][table]["items"]["properties"]
    standard = [n for n, p in props.items() if p.get("type") not in ("array", "object")]
    standard = [n for n in standard if "$ref" not in props[n]]
    return standard + EXTENSION_COLUMNS.get(table, [])


def _tables(files: dict[str, list]) -> dict[str, list[dict]]:
    staging = Staging()
    tables = {
        "taxonomies.json": "taxonomy",
        "organizations.json": "organization",
        "locations.json": "location",
        "services.json": "service",
        "taxonomy_terms.json": "taxonomy_term",
    }
    for name, objects in files.items():
        for i, obj in enumerate(objects):
            staging.add_json_object(obj, tables[name], f"{name} /{i}")
    if staging.errors:
        raise ExportError("\n".join(staging.errors))
    rows: dict[str, list[dict]] = {"taxonomy": list(staging.taxonomies.values())}
    for table in ENTITY_TABLES:
        rows[table] = [e.data for e in staging.entities[table].values()]
    for table, records in staging.children.items():
        if table in TABLE_FILES:
            seen, out = set(), []
            for record in records:
                key = json.dumps(record.data, sort_keys=True, default=str)
                if key not in seen:
                    seen.add(key)
                    out.append(record.data)
            rows[table] = out
    # A location listed under its organisations also names them in organization_ids.
    return rows


def write_csv_package(folder: Path, files: dict[str, list]) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    tables = _tables(files)
    resources, counts = [], {}
    schema = spec.tabular_schema()["properties"]
    for table in ("organization", "service", "location", "service_at_location", "phone",
                  "contact", "address", "schedule", "service_area", "language", "accessibility",
                  "taxonomy", "taxonomy_term", "organization_identifier", "attribute"):  # fmt: skip
        columns = _columns(table)
        path = folder / TABLE_FILES[table]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csvsafe.writer(fh)
            writer.writerow(columns)
            for row in tables.get(table, []):
                writer.writerow([_cell(row.get(c)) for c in columns])
        counts[TABLE_FILES[table]] = len(tables.get(table, []))
        props = schema[table]["items"]["properties"]
        resources.append(
            {
                "name": table,
                "path": TABLE_FILES[table],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": c, "type": props.get(c, {}).get("type", "string")}
                        if c in props
                        else {"name": c, "type": "string", "description": "Turvaverkko profile"}
                        for c in columns
                    ]
                },
            }
        )
    package = {
        "name": "turvaverkko-hsds",
        "title": "Turvaverkko directory (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return counts


def export_directory(folder, *, with_csv: bool = True) -> dict[str, int]:
    folder = Path(folder)
    files = build("fi")
    problems = validate(files)
    if problems:
        raise ExportError("The export does not validate:\n" + "\n".join(problems[:50]))
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, objects in files.items():
        (folder / name).write_text(
            json.dumps(objects, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        counts[name] = len(objects)
    if with_csv:
        counts.update({f"csv/{k}": v for k, v in write_csv_package(folder / "csv", files).items()})
    return counts
