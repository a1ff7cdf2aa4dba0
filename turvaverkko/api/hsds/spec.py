"""The official HSDS 3.0 schemas (vendored in spec/) and the identifiers of our profile.

Validation uses JSON Schema 2020-12 with format checks, including `date-time` and `uri`,
which jsonschema only checks when optional packages are installed; simple checks for those
two are added here so that a malformed value never passes silently.
"""

import gzip
import json
import re
import uuid
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from turvaverkko.core import weburl

SPEC_DIR = Path(__file__).resolve().parent / "spec"
HSDS_VERSION = "3.0"
OFFICIAL_OPENAPI_URL = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)

# Every identifier we derive (schedules, phones, languages, attributes...) is a UUID5 in
# this namespace, so that exports are stable and re-imports recognise their own rows.
NAMESPACE = uuid.UUID("6f0b7c36-3a4e-5b9a-9d51-6d1f3c1a7e10")


def derived_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


# Our three managed taxonomies, as HSDS taxonomies with stable ids.
TAXONOMIES = {
    "theme": ("Turvaverkko themes", "Themes of activity of organisations and services."),
    "target_group": ("Turvaverkko target groups", "Groups of people a service is meant for."),
    "skill": ("Turvaverkko volunteer skills", "Skills volunteers offer."),
}


# Volunteer skills are a taxonomy of ours too, but not of the public directory.
PUBLIC_TAXONOMIES = ("theme", "target_group")


def taxonomy_id(code: str) -> str:
    return derived_id("taxonomy", code)


# attribute.link_type for each taxonomy of ours (HSDS: "what the taxonomy term describes").
LINK_TYPES = {"theme": "theme", "target_group": "audience", "skill": "skill"}
TAXONOMY_BY_LINK_TYPE = {
    "theme": "theme",
    "audience": "target_group",
    "target_group": "target_group",
    "skill": "skill",
}

# Accessibility flags of Site, exported as one accessibility object each (details = code).
ACCESSIBILITY_FLAGS = {
    "step_free_access": {
        "fi": "Esteetön kulku",
        "sv": "Tillgänglig entré",
        "en": "Step-free access",
    },
    "accessible_toilet": {
        "fi": "Esteetön WC",
        "sv": "Tillgänglig toalett",
        "en": "Accessible toilet",
    },
    "induction_loop": {"fi": "Induktiosilmukka", "sv": "Hörslinga", "en": "Induction loop"},
    "accessible_parking": {
        "fi": "Invapysäköinti",
        "sv": "Parkering för rörelsehindrade",
        "en": "Accessible parking",
    },
}

# organization_identifier schemes (org-id.guide). FI-PRO is the Finnish Patent and
# Registration Office, whose Business Information System (YTJ) issues the Y-tunnus.
# The association register (yhdistysrekisteri) has no org-id.guide code: identifier_scheme
# is left out and identifier_type names it.
BUSINESS_ID_SCHEME = "FI-PRO"
BUSINESS_ID_SCHEMES = {"FI-PRO", "FI-YTJ", "FI-CR", "FI-VERO"}
BUSINESS_ID_TYPE = "Y-tunnus (Finnish Business ID)"
ASSOCIATION_NUMBER_TYPE = "Yhdistysrekisterinumero (Finnish association register number)"


@cache
def _load(name: str) -> dict:
    path = SPEC_DIR / name
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    return json.loads(path.read_text(encoding="utf-8"))


def openapi() -> dict:
    return _load("openapi.json")


def tabular_schema() -> dict:
    return _load("compiled/tabular.json.gz")


_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")

format_checker = FormatChecker()


@format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    datetime.fromisoformat(value.replace("z", "+00:00").replace("Z", "+00:00"))
    return True


@format_checker.checks("uri")
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return weburl.is_uri(value) and bool(parts.netloc or parts.path)


@cache
def _registry() -> Registry:
    resources = []
    for name in ("taxonomy.json", "taxonomy_term.json", "metadata.json"):
        resources.append((name, DRAFT202012.create_resource(_load(name))))
    return Registry().with_resources(resources)


SCHEMA_FILES = {
    "service": "compiled/service.json.gz",
    "organization": "compiled/organization.json.gz",
    "service_at_location": "compiled/service_at_location.json.gz",
    "service_list": "compiled/service_list.json.gz",
    "organization_list": "compiled/organization_list.json.gz",
    "service_at_location_list": "compiled/service_at_location_list.json.gz",
    "taxonomy": "taxonomy.json",
    "taxonomy_term": "taxonomy_term.json",
}


@cache
def validator(kind: str) -> Draft202012Validator:
    if kind == "location":
        # HSDS compiles no location schema of its own; a location is validated as the
        # compiled organization schema validates the items of its `locations`.
        schema = _load(SCHEMA_FILES["organization"])["properties"]["locations"]["items"]
    else:
        schema = _load(SCHEMA_FILES[kind])
    return Draft202012Validator(schema, registry=_registry(), format_checker=format_checker)


def errors(kind: str, document) -> list[str]:
    """Validation errors of `document` against the official schema `kind`, as text."""
    out = []
    for error in sorted(validator(kind).iter_errors(document), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        out.append(f"{where}: {error.message}")
    return out


def page_errors(document) -> list[str]:
    """Errors of an HSDS paging envelope (components/schemas/Page of openapi.json)."""
    page = openapi()["components"]["schemas"]["Page"]
    schema = {**page, "required": [*page["properties"], "contents"]}
    schema["properties"] = {**page["properties"], "contents": {"type": "array"}}
    out = [
        f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(document)
    ]
    return out
