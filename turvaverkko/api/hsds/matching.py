"""Recognise organisations we already have, before an HSDS import plans anything.

An organisation in the input whose id is new to us but which has the Y-tunnus of one of
ours, or the same name (normalised: case, punctuation, "ry"/"rf", spaces) in one of the
same municipalities, is a duplicate of that organisation (`organization_matches`); the
import framework makes it the row's decision. Merged (the default), its id is replaced by
ours everywhere in the staged input (`remap_organizations`), so the import updates it
instead of creating a duplicate (or failing on the Y-tunnus).
"""

import contextlib
import json

from django.core.exceptions import ValidationError

from turvaverkko.areas.models import PostalCode
from turvaverkko.registry.importing.organizations import normalise_name
from turvaverkko.registry.models import Organization
from turvaverkko.registry.validators import normalise_business_id

from . import fields as f
from . import spec
from .records import Staging

# Columns that hold an organisation id, by table (attributes link by link_id).
REFERENCES = ("organization_id", "parent_organization_id", "link_id")


def _business_ids(staging: Staging, org_id: str) -> set[str]:
    found = set()
    for row in staging.child_rows("organization_identifier"):
        if f.text(row.data.get("organization_id")) != org_id:
            continue
        scheme = f.text(row.data.get("identifier_scheme")).upper()
        kind = f.text(row.data.get("identifier_type")).lower()
        if scheme in spec.BUSINESS_ID_SCHEMES or "y-tunnus" in kind:
            # An invalid one is reported when the identifiers are mapped.
            with contextlib.suppress(ValidationError):
                found.add(normalise_business_id(f.text(row.data.get("identifier"))))
    return found


def _municipalities(staging: Staging, org_id: str, data: dict) -> set[str]:
    codes = set()
    listed = data.get("municipality_codes")
    if isinstance(listed, list):
        codes |= {f.text(c) for c in listed}
    postal_codes = set()
    for location in staging.entities["location"].values():
        linked = f.text(location.data.get("organization_id")) == org_id
        if not (linked or org_id in location.nested_in_organizations):
            continue
        if f.text(location.data.get("municipality_code")):
            codes.add(f.text(location.data["municipality_code"]))
        for row in staging.child_rows("address"):
            if f.text(row.data.get("location_id")) == location.id:
                postal_codes.add(f.text(row.data.get("postal_code")))
    codes |= set(
        PostalCode.objects.filter(code__in=postal_codes).values_list("municipality_id", flat=True)
    )
    return {c for c in codes if c}


def _existing(staging: Staging, org_id: str, data: dict) -> tuple[Organization | None, str]:
    business_ids = _business_ids(staging, org_id)
    if business_ids:
        match = Organization.objects.filter(business_id__in=business_ids).first()
        if match is not None:
            return match, SAME_BUSINESS_ID
    name = normalise_name(f.text(data.get("name")))
    municipalities = _municipalities(staging, org_id, data)
    if not name or not municipalities:
        return None, ""
    candidates = Organization.objects.filter(municipalities__in=municipalities).distinct()
    for candidate in candidates:
        names = (candidate.name_fi, candidate.name_sv, candidate.name_en)
        if name in {normalise_name(n) for n in names if n}:
            return candidate, SAME_NAME
    return None, ""


# Why a record matched an organisation of ours (the duplicate's reason).
SAME_BUSINESS_ID = "the same Y-tunnus"
SAME_NAME = "the same name in the same municipality"


def _known(key: str) -> bool:
    try:
        return Organization.objects.filter(pk=f.uuid_text(key)).exists()
    except f.FieldError:
        return False  # reported when the organisation is mapped


def _remapped_list(value, remap: dict):
    """organization_ids: a list, or in the CSV form a JSON-encoded list."""
    if isinstance(value, list):
        return [remap.get(f.text(o), o) for o in value]
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            return json.dumps([remap.get(f.text(o), o) for o in json.loads(value)])
        except ValueError:
            return value  # reported when the location is mapped
    return value


def organization_matches(staging: Staging) -> dict[str, tuple[Organization, str]]:
    """{input id: (our organisation, why)} for input organisations new to us by id."""
    matches = {}
    for key, entity in staging.entities["organization"].items():
        if _known(key):
            continue
        match, why = _existing(staging, key, entity.data)
        if match is not None and str(match.pk) not in staging.entities["organization"]:
            matches[key] = (match, why)
    return matches


def remap_organizations(staging: Staging, remap: dict[str, str]) -> None:
    """Give the input organisations of `remap` our ids, everywhere they are referred to."""
    if not remap:
        return
    entities = staging.entities["organization"]
    for old, new in remap.items():
        entity = entities.pop(old)
        entity.id = new
        entity.data["id"] = new
        entities[new] = entity
    records = [*(e for t in staging.entities.values() for e in t.values())]
    records += [r for rows in staging.children.values() for r in rows]
    for record in records:
        data = record.data
        for column in REFERENCES:
            value = f.text(data.get(column))
            if value in remap:
                data[column] = remap[value]
        if "organization_ids" in data:
            data["organization_ids"] = _remapped_list(data["organization_ids"], remap)
        nested = getattr(record, "nested_in_organizations", None)
        if nested:
            record.nested_in_organizations = {remap.get(o, o) for o in nested}
