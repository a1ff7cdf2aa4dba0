"""Validate step of the importer: staged HSDS records → plans of our model rows.

Each function reads one HSDS table and fills a plan; a value that cannot be stored is an
error that names the record's source and the field, a value we do not model is counted in
the warnings (so nothing is dropped silently). Nothing here writes to the database.
"""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.core import weburl
from turvaverkko.core.constants import CONTENT_LANGUAGES
from turvaverkko.directory.models import Service, Site
from turvaverkko.registry.models import Organization, TaxonomyTerm
from turvaverkko.registry.validators import (
    normalise_association_number,
    normalise_business_id,
)

from . import fields as f
from . import spec
from .location_parts import LocationParts
from .problems import Problems
from .records import Entity, Staging

LANGS = CONTENT_LANGUAGES
TEXT = {
    "organization": ("name", "description"),
    "service": ("name", "description", "fees_description", "application_process"),
    "location": ("name", "description", "transportation", "accessibility_notes"),
    "taxonomy_term": ("name", "description"),
}
MODELLED = {
    "organization": {
        "id", "name", "alternate_name", "description", "email", "website", "year_incorporated",
        "legal_status", "parent_organization_id", "organization_type", "municipality_codes",
        "translations",
    },
    "service": {
        "id", "organization_id", "name", "alternate_name", "description", "url", "email",
        "status", "interpretation_services", "application_process", "fees_description",
        "accreditations", "eligibility_description", "minimum_age", "maximum_age",
        "assured_date", "assurer_email", "alert", "translations", "last_modified",
    },
    "location": {
        "id", "location_type", "url", "organization_id", "organization_ids", "name",
        "alternate_name", "description", "transportation", "latitude", "longitude",
        "external_identifier", "external_identifier_type", "site_kind", "low_threshold",
        "municipality_code", "email", "translations",
    },
    "service_at_location": {"id", "service_id", "location_id", "description"},
    "taxonomy_term": {
        "id", "code", "name", "description", "parent_id", "taxonomy", "taxonomy_id",
        "term_uri", "translations", "language",
    },
}  # fmt: skip
NOT_MODELLED_TABLES = (
    "program", "funding", "cost_option", "required_document", "metadata",
    "meta_table_description",
)  # fmt: skip
LEGAL_STATUS_KINDS = {
    "ry": "association", "rf": "association", "yhdistys": "association",
    "association": "association", "oy": "company", "ab": "company", "company": "company",
    "limited": "company", "parish": "parish", "seurakunta": "parish",
}  # fmt: skip
EMAIL = _email = EmailValidator()
_url_syntax = URLValidator()


def _url(value: str) -> None:
    """A web address that is (or, with its host in IDNA form, becomes) a real URI."""
    _url_syntax(value)
    try:
        uri = weburl.to_uri(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if not weburl.is_uri(uri):
        raise ValidationError("not a URI.")


@dataclass
class Plan:
    id: str
    source: str
    values: dict = field(default_factory=dict)
    # Many-to-many sets and child rows; None means "not stated, leave as it is".
    m2m: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


class Mapper(LocationParts):
    def __init__(self, staging: Staging, problems: Problems):
        self.s = staging
        self.p = problems
        self.today = timezone.localdate()
        self.municipalities = set(Municipality.objects.values_list("code", flat=True))

    # --- helpers ----------------------------------------------------------------------

    def _structured(self, entity, name):
        """A list or object of our profile; the CSV form carries it JSON-encoded."""
        value = entity.data.get(name)
        if isinstance(value, str) and value.strip():
            try:
                value = json.loads(value)
            except ValueError:
                self.p.error(entity.source, name, "not valid JSON.")
                return None
        return value

    def _unmodelled(self, entity: Entity):
        for name, value in entity.data.items():
            if name not in MODELLED[entity.table] and value not in (None, "", [], {}):
                self.p.warn(
                    f"{entity.table}.{name} is not modelled and was not imported", entity.source
                )

    def _get(self, entity, name, conv=f.text, **kwargs):
        try:
            return conv(entity.data.get(name), **kwargs)
        except f.FieldError as exc:
            self.p.error(entity.source, name, str(exc))
            return None

    def _checked(self, entity, name, validator, value):
        if value:
            try:
                validator(value)
            except ValidationError:
                self.p.error(entity.source, name, f"{value!r} is not valid.")
        return value

    def _texts(self, entity, values: dict):
        """Translated text fields: `translations` (our profile) or the top level as fi."""
        data = entity.data
        names = TEXT[entity.table]
        given = self._structured(entity, "translations")
        if isinstance(given, dict) and given:
            for name in names:
                if not any((given.get(lang) or {}).get(name) for lang in LANGS):
                    if data.get(name):
                        values[f"{name}_fi"] = f.text(data.get(name))
                    continue
                for lang in LANGS:
                    values[f"{name}_{lang}"] = f.text((given.get(lang) or {}).get(name))
        else:
            for name in names:
                if name in data:
                    values[f"{name}_fi"] = self._get(entity, name) or ""

    def _exists(self, model, table, key) -> bool:
        return bool(key) and (
            self.s.entity(table, key) is not None or model.objects.filter(pk=key).exists()
        )

    # --- taxonomy terms ---------------------------------------------------------------

    def taxonomy_of(self, entity: Entity, link_type: str = "") -> str:
        given = f.text(entity.data.get("taxonomy"))
        if given in spec.TAXONOMIES:
            return given
        tax_id = f.text(entity.data.get("taxonomy_id"))
        for code in spec.TAXONOMIES:
            if spec.taxonomy_id(code) == tax_id:
                return code
        existing = TaxonomyTerm.objects.filter(pk=entity.id).values_list("taxonomy", flat=True)
        if existing:
            return existing[0]
        return spec.TAXONOMY_BY_LINK_TYPE.get(link_type, "theme")

    def term(self, entity: Entity, link_types: dict) -> Plan:
        self._unmodelled(entity)
        plan = Plan(f.uuid_text(entity.id), entity.source)
        values = plan.values
        values["taxonomy"] = self.taxonomy_of(entity, link_types.get(entity.id, ""))
        raw_code = entity.data.get("code")
        values["code"] = f.code_slug(raw_code, entity.data.get("name") or entity.id)
        if raw_code and values["code"] != raw_code:
            self.p.warn(
                "taxonomy_term.code was made a slug (letters, digits, hyphens)", entity.source
            )
        self._texts(entity, values)
        if not any(values.get(f"name_{lang}") for lang in LANGS):
            self.p.error(entity.source, "name", "required.")
        values["term_uri"] = self._checked(entity, "term_uri", _url, self._get(entity, "term_uri"))
        parent = entity.data.get("parent_id")
        if parent and self._exists(TaxonomyTerm, "taxonomy_term", parent):
            plan.extra["parent_id"] = f.uuid_text(parent)
        elif parent:
            self.p.warn(
                "taxonomy_term.parent_id refers to a term that is not there; left out",
                entity.source,
            )
            plan.extra["parent_id"] = None
        clash = TaxonomyTerm.objects.filter(taxonomy=values["taxonomy"], code=values["code"])
        if clash.exclude(pk=plan.id).exists():
            self.p.error(entity.source, "code", f"{values['code']!r} is another term's code.")
        return plan

    # --- organisations ----------------------------------------------------------------

    def organization(self, entity: Entity) -> Plan:
        self._unmodelled(entity)
        plan = Plan(self._id(entity), entity.source)
        v = plan.values
        self._texts(entity, v)
        for name in ("alternate_name", "email", "website"):
            if name in entity.data:
                v[name] = self._get(entity, name) or ""
        self._checked(entity, "email", _email, v.get("email"))
        self._checked(entity, "website", _url, v.get("website"))
        if "year_incorporated" in entity.data:
            year = self._get(entity, "year_incorporated", f.number, integer=True, low=1000)
            v["year_incorporated"] = year
        kind = f.text(entity.data.get("organization_type"))
        if kind and kind not in Organization.Kind.values:
            self.p.error(entity.source, "organization_type", f"{kind!r} is not a known type.")
        legal = f.text(entity.data.get("legal_status")).lower()
        guess = next((k for word, k in LEGAL_STATUS_KINDS.items() if word in legal.split()), None)
        if kind in Organization.Kind.values:
            v["kind"] = kind
        elif not Organization.objects.filter(pk=plan.id).exists():
            v["kind"] = guess or Organization.Kind.OTHER
        parent = entity.data.get("parent_organization_id")
        if parent and self._exists(Organization, "organization", parent):
            plan.extra["parent_id"] = f.uuid_text(parent)
        elif parent:
            self.p.warn(
                "organization.parent_organization_id refers to an unknown organization",
                entity.source,
            )
        codes = self._structured(entity, "municipality_codes")
        if isinstance(codes, list):
            unknown = [c for c in codes if c not in self.municipalities]
            if unknown:
                self.p.error(entity.source, "municipality_codes", f"unknown: {unknown}.")
            plan.m2m["municipalities"] = [c for c in codes if c in self.municipalities]
        if not any(v.get(f"name_{lang}") for lang in LANGS) and not self._existing_name(
            Organization, plan.id
        ):
            self.p.error(entity.source, "name", "required.")
        return plan

    def _id(self, entity: Entity) -> str:
        try:
            return f.uuid_text(entity.id)
        except f.FieldError as exc:
            self.p.error(entity.source, "id", str(exc))
            return entity.id

    @staticmethod
    def _existing_name(model, pk) -> bool:
        try:
            return model.objects.filter(pk=pk).exists()
        except ValidationError:
            return False

    def identifiers(self, rows, plans: dict):
        for row in rows:
            plan = plans.get(f.text(row.data.get("organization_id")))
            if plan is None:
                self.p.warn(
                    "organization_identifier of an unknown organization was skipped", row.source
                )
                continue
            scheme = f.text(row.data.get("identifier_scheme")).upper()
            kind = f.text(row.data.get("identifier_type")).lower()
            value = f.text(row.data.get("identifier"))
            try:
                if scheme in spec.BUSINESS_ID_SCHEMES or "y-tunnus" in kind:
                    plan.values["business_id"] = normalise_business_id(value)
                elif "yhdistys" in kind or "association" in kind:
                    plan.values["association_number"] = normalise_association_number(value)
                else:
                    self.p.warn(
                        f"organization_identifier scheme {scheme or kind!r} not modelled",
                        row.source,
                    )
            except ValidationError as exc:
                self.p.error(row.source, "identifier", " ".join(exc.messages))

    # --- services ---------------------------------------------------------------------

    def service(self, entity: Entity) -> Plan:
        self._unmodelled(entity)
        plan = Plan(self._id(entity), entity.source)
        v = plan.values
        self._texts(entity, v)
        plain = ("alternate_name", "url", "email", "interpretation_services", "accreditations")
        for name in (*plain, "eligibility_description", "alert", "assurer_email"):
            if name in entity.data:
                v[name] = self._get(entity, name) or ""
        for name, validator in (("url", _url), ("email", _email), ("assurer_email", _email)):
            self._checked(entity, name, validator, v.get(name))
        status = f.text(entity.data.get("status")) or "active"
        if status not in Service.Status.values:
            self.p.error(entity.source, "status", f"{status!r} is not an HSDS service status.")
        v["status"] = status
        for name in ("minimum_age", "maximum_age"):
            if name in entity.data:
                v[name] = self._get(entity, name, f.number, integer=True, low=0, high=32767)
        if "assured_date" in entity.data:
            v["assured_date"] = self._get(entity, "assured_date", f.iso_date)
        org = f.text(entity.data.get("organization_id"))
        if not org:
            self.p.error(
                entity.source, "organization_id", "a service must belong to an organization."
            )
        elif not self._exists(Organization, "organization", org):
            self.p.error(entity.source, "organization_id", f"no organization {org}.")
        v["organization_id"] = org
        if not any(v.get(f"name_{lang}") for lang in LANGS):
            self.p.error(entity.source, "name", "required.")
        return plan

    # --- locations --------------------------------------------------------------------

    def location(self, entity: Entity) -> Plan:
        self._unmodelled(entity)
        plan = Plan(self._id(entity), entity.source)
        v = plan.values
        data = entity.data
        self._texts(entity, v)
        for name in (
            "url",
            "alternate_name",
            "external_identifier",
            "external_identifier_type",
            "email",
        ):
            if name in data:
                v[name] = self._get(entity, name) or ""
        self._checked(entity, "url", _url, v.get("url"))
        self._checked(entity, "email", _email, v.get("email"))
        kind = f.text(data.get("site_kind"))
        location_type = f.text(data.get("location_type")) or "physical"
        if location_type not in ("physical", "postal", "virtual"):
            self.p.error(entity.source, "location_type", f"{location_type!r} is not valid.")
        if kind and kind not in Site.Kind.values:
            self.p.error(entity.source, "site_kind", f"{kind!r} is not a known kind.")
        elif kind:
            v["kind"] = kind
        elif location_type == "virtual":
            v["kind"] = Site.Kind.ONLINE
        elif not Site.objects.filter(pk=plan.id).exists():
            v["kind"] = Site.Kind.MEETING_PLACE
        if "low_threshold" in data:
            v["low_threshold"] = self._get(entity, "low_threshold", f.boolean)
        lat = self._get(entity, "latitude", f.number)
        lon = self._get(entity, "longitude", f.number)
        unreadable = {(entity.source, "latitude"), (entity.source, "longitude")}
        if ("latitude" in data or "longitude" in data) and not (
            unreadable & self.p.fields_in_error
        ):
            if (lat is None) != (lon is None):
                self.p.error(entity.source, "longitude", "give both latitude and longitude.")
            elif lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
                self.p.warn(
                    "location latitude/longitude outside WGS84 kept but not mapped", entity.source
                )
            v["latitude"], v["longitude"] = lat, lon
        code = f.text(data.get("municipality_code"))
        if code and code not in self.municipalities:
            self.p.error(entity.source, "municipality_code", f"no municipality {code!r}.")
        elif code:
            v["municipality_id"] = code
        orgs = set(entity.nested_in_organizations)
        listed = self._structured(entity, "organization_ids")
        if isinstance(listed, list):
            orgs |= {f.text(o) for o in listed}
        if data.get("organization_id"):
            orgs.add(f.text(data["organization_id"]))
        known = {o for o in orgs if self._exists(Organization, "organization", o)}
        if orgs - known:
            self.p.warn(
                "location.organization_id refers to an unknown organization; skipped", entity.source
            )
        if (isinstance(listed, list) or data.get("organization_id")) and (known or not orgs):
            plan.m2m["organizations"] = sorted(known)
        elif known:
            plan.extra["add_organizations"] = sorted(known)
        if not any(v.get(f"name_{lang}") for lang in LANGS) and not self._existing_name(
            Site, plan.id
        ):
            plan.extra["needs_name"] = True
        return plan
