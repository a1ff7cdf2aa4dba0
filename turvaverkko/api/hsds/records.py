"""HSDS records in one table-shaped form: what the import's formats read (formats.py) and
what the exporter writes its tabular files from.

Both forms of HSDS end up the same: nested JSON objects are flattened into the tables of the
tabular form, each child getting its parent's id in the foreign-key column, and CSV rows are
read as they are. Every record remembers where it came from ("services.csv row 3",
"service_full.json /service_at_locations/0/location") so that an error can say so.

An object that appears more than once (a location nested under its organisation and under a
service) is merged; two occurrences that disagree on a field are an error.

Which child collections the input *declares* matters: the importer replaces a parent's
phones, schedules, languages... only if the input says what they are (the key is present in
the JSON object, or the table's file is in the CSV package); absent means unchanged.
"""

import json
from dataclasses import dataclass, field

ENTITY_TABLES = ("organization", "service", "location", "service_at_location", "taxonomy_term")

# CSV file of each table (HSDS tabular form; note the singular service_at_location.csv).
TABLE_FILES = {
    "organization": "organizations.csv",
    "program": "programs.csv",
    "service": "services.csv",
    "attribute": "attributes.csv",
    "service_at_location": "service_at_location.csv",
    "location": "locations.csv",
    "phone": "phones.csv",
    "contact": "contacts.csv",
    "address": "addresses.csv",
    "schedule": "schedules.csv",
    "funding": "funding.csv",
    "service_area": "service_areas.csv",
    "required_document": "required_documents.csv",
    "language": "languages.csv",
    "accessibility": "accessibility.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "metadata": "metadata.csv",
    "meta_table_description": "meta_table_descriptions.csv",
    "cost_option": "cost_options.csv",
    "organization_identifier": "organization_identifiers.csv",
    "taxonomy": "taxonomies.csv",
}
FILE_TABLES = {v: k for k, v in TABLE_FILES.items()}
FILE_TABLES["service_at_locations.csv"] = "service_at_location"

# (parent table, JSON key) -> (child table, foreign key column of the child, is a list)
NESTED = {
    ("organization", "services"): ("service", "organization_id", True),
    ("organization", "locations"): ("location", "organization_id", True),
    ("organization", "phones"): ("phone", "organization_id", True),
    ("organization", "contacts"): ("contact", "organization_id", True),
    ("organization", "organization_identifiers"): (
        "organization_identifier",
        "organization_id",
        True,
    ),
    ("organization", "programs"): ("program", "organization_id", True),
    ("organization", "funding"): ("funding", "organization_id", True),
    ("service", "phones"): ("phone", "service_id", True),
    ("service", "schedules"): ("schedule", "service_id", True),
    ("service", "service_areas"): ("service_area", "service_id", True),
    ("service", "service_at_locations"): ("service_at_location", "service_id", True),
    ("service", "languages"): ("language", "service_id", True),
    ("service", "contacts"): ("contact", "service_id", True),
    ("service", "funding"): ("funding", "service_id", True),
    ("service", "cost_options"): ("cost_option", "service_id", True),
    ("service", "required_documents"): ("required_document", "service_id", True),
    ("location", "languages"): ("language", "location_id", True),
    ("location", "addresses"): ("address", "location_id", True),
    ("location", "contacts"): ("contact", "location_id", True),
    ("location", "accessibility"): ("accessibility", "location_id", True),
    ("location", "phones"): ("phone", "location_id", True),
    ("location", "schedules"): ("schedule", "location_id", True),
    ("service_at_location", "contacts"): ("contact", "service_at_location_id", True),
    ("service_at_location", "phones"): ("phone", "service_at_location_id", True),
    ("service_at_location", "schedules"): ("schedule", "service_at_location_id", True),
    ("contact", "phones"): ("phone", "contact_id", True),
    ("phone", "languages"): ("language", "phone_id", True),
}
# Nested single objects: the parent gets the child's id in this column.
NESTED_ONE = {
    ("service", "organization"): ("organization", "organization_id"),
    ("service", "program"): ("program", "program_id"),
    ("service_at_location", "location"): ("location", "location_id"),
    ("service_at_location", "service"): ("service", "service_id"),
    ("attribute", "taxonomy_term"): ("taxonomy_term", "taxonomy_term_id"),
    ("taxonomy_term", "taxonomy_detail"): ("taxonomy", "taxonomy_id"),
}
ATTRIBUTE_PARENTS = {"organization", "service", "location", "service_at_location"}


def _join(source: str, key) -> str:
    """'file.json /' + 'locations' → 'file.json /locations' (a JSON pointer after the name)."""
    return f"{source.rstrip('/')}/{key}"


@dataclass
class Record:
    table: str
    data: dict
    source: str


@dataclass
class Entity:
    table: str
    id: str
    data: dict
    sources: list[str]
    # Child tables this entity's input states completely (see the module docstring).
    declared: set = field(default_factory=set)
    # Organisations a location was nested under.
    nested_in_organizations: set = field(default_factory=set)

    @property
    def source(self) -> str:
        return self.sources[0]


class Staging:
    def __init__(self):
        self.entities: dict[str, dict[str, Entity]] = {t: {} for t in ENTITY_TABLES}
        self.children: dict[str, list[Record]] = {}
        self.taxonomies: dict[str, dict] = {}
        self.csv_tables: set[str] = set()
        self.errors: list[str] = []
        self._child_keys: set = set()

    # Entities and children

    def add(self, record: Record) -> Entity | None:
        table, data = record.table, record.data
        if table == "taxonomy":
            if data.get("id"):
                self.taxonomies[str(data["id"])] = data
            return None
        if table not in ENTITY_TABLES:
            # The same child nested twice (a location's schedules under its organisation
            # and under a service) is one row.
            key = (table, json.dumps(data, sort_keys=True, default=str))
            if key not in self._child_keys:
                self._child_keys.add(key)
                self.children.setdefault(table, []).append(record)
            return None
        key = str(data.get("id") or "").strip()
        if not key:
            self.errors.append(f"{record.source}: id: required (a UUID).")
            return None
        known = self.entities[table].get(key)
        if known is None:
            known = Entity(table, key, dict(data), [record.source])
            self.entities[table][key] = known
            return known
        for name, value in data.items():
            if value in (None, ""):
                continue
            current = known.data.get(name)
            if current in (None, ""):
                known.data[name] = value
            elif current != value and name != "organization_id":
                self.errors.append(
                    f"{record.source}: {name}: {value!r} disagrees with {current!r} "
                    f"given for the same {table} in {known.source}."
                )
        known.sources.append(record.source)
        return known

    def entity(self, table: str, key) -> Entity | None:
        return self.entities[table].get(str(key)) if key else None

    def child_rows(self, table: str) -> list[Record]:
        return self.children.get(table, [])

    # JSON

    def add_json_object(self, obj: dict, table: str, source: str, parent=None) -> Entity | None:
        if not isinstance(obj, dict):
            self.errors.append(f"{source}: expected an object.")
            return None
        scalars = {}
        nested = []
        for key, value in obj.items():
            if (table, key) in NESTED:
                nested.append((key, value))
            elif (table, key) in NESTED_ONE and isinstance(value, dict):
                child_table, column = NESTED_ONE[(table, key)]
                child = self.add_json_object(value, child_table, _join(source, key))
                if child is not None or value.get("id"):
                    scalars.setdefault(column, str(value.get("id")))
            elif key == "attributes" and isinstance(value, list):
                nested.append((key, value))
            elif key in ("metadata",):
                if value:
                    self.children.setdefault("metadata", []).append(
                        Record("metadata", {"items": len(value)}, source)
                    )
            else:
                scalars[key] = value
        if parent is not None:
            parent_table, parent_id, column = parent
            if table == "location" and parent_table == "organization":
                scalars.pop("organization_id", None)
            else:
                scalars[column] = parent_id
        entity = self.add(Record(table, scalars, source))
        nested_in_org = parent is not None and parent[0] == "organization"
        if table == "location" and nested_in_org and entity is not None:
            entity.nested_in_organizations.add(parent[1])
        own_id = str(obj.get("id") or "")
        for key, value in nested:
            where = _join(source, key)
            if not isinstance(value, list):
                self.errors.append(f"{where}: expected a list.")
                continue
            if key == "attributes":
                child_table, column = "attribute", "link_id"
            else:
                child_table, column, _ = NESTED[(table, key)]
            if entity is not None:
                entity.declared.add(child_table)
            for i, child in enumerate(value):
                child_source = f"{where}/{i}"
                if child_table == "attribute" and isinstance(child, dict):
                    child = {**child, "link_entity": child.get("link_entity") or table}
                    if child.get("link_entity") not in ATTRIBUTE_PARENTS:
                        child["link_entity"] = table
                self.add_json_object(child, child_table, child_source, (table, own_id, column))
        return entity


def detect_table(obj: dict) -> str | None:
    """Which HSDS object a top-level JSON object is."""
    if "version" in obj and set(obj) <= {"id", "name", "description", "uri", "version"}:
        return "taxonomy"
    if "location_type" in obj:
        return "location"
    if "status" in obj and "name" in obj:
        return "service"
    if "location" in obj or "service" in obj or ("service_id" in obj and "location_id" in obj):
        return "service_at_location"
    if "code" in obj and ("taxonomy" in obj or "taxonomy_id" in obj or "parent_id" in obj):
        return "taxonomy_term"
    if any(k in obj for k in ("organization_identifiers", "locations", "services", "website")):
        return "organization"
    if "name" in obj and "description" in obj:
        return "organization"
    return None


def add_document(staging: Staging, name: str, document) -> None:
    """One parsed JSON document (an object, a list, a paged list or tabular JSON)."""
    if isinstance(document, dict) and any(k.endswith(".csv") for k in document):
        # The "tabular.json" form: {"services.csv": [rows...], ...}
        for file_name, rows in document.items():
            add_table(staging, file_name, rows or [], f"{name} {file_name}")
        return
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        items = document["contents"]
        sources = [f"{name} /contents/{i}" for i in range(len(items))]
    elif isinstance(document, list):
        items, sources = document, [f"{name} /{i}" for i in range(len(document))]
    else:
        items, sources = [document], [f"{name} /"]
    for item, source in zip(items, sources, strict=True):
        table = detect_table(item) if isinstance(item, dict) else None
        if name == "taxonomies.json" and isinstance(item, dict):
            table = "taxonomy"  # our export's file (taxonomies need no `version`)
        if table is None:
            staging.errors.append(f"{source}: not an HSDS organization, service or location.")
        elif table == "taxonomy":
            staging.add(Record("taxonomy", item, source))
        else:
            staging.add_json_object(item, table, source)


def add_table(staging: Staging, file_name: str, rows: list, source_prefix: str) -> None:
    """The rows of one table file ({column: value}; the header is row 1)."""
    table = FILE_TABLES.get(file_name)
    if table is None:
        staging.errors.append(f"{source_prefix}: unknown HSDS table file.")
        return
    staging.csv_tables.add(table)
    for number, row in enumerate(rows, start=2):
        data = {k: v for k, v in row.items() if k is not None}
        record = Record(table, data, f"{source_prefix} row {number}")
        if table == "attribute" and not data.get("link_entity"):
            data["link_entity"] = ""
        staging.add(record)
