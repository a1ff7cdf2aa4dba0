"""Our directory as HSDS 3.0 objects: plain dicts built by hand, validated by the tests.

Lists use `values()` rows (one-to-one fields only, as HSDS asks); full objects use model
instances with their relations prefetched (see views.py and exporter.py). Text fields are in
the requested language with Finnish, then Swedish, then English as the fallback; full objects
also carry every language under `translations` (an extension of our profile, see docs/api.md).
Empty optional fields are left out: HSDS types them as strings with formats, so "" would not
be a valid e-mail or URI. Nothing here reads contact persons that are not public or anything
about volunteers.
"""

from datetime import UTC, datetime

from django.utils import timezone, translation

from turvaverkko.core.constants import CONTENT_LANGUAGES
from turvaverkko.core.weburl import served_uri
from turvaverkko.directory.models import OpeningRule, Site

from . import served_hours, spec

LANGS = CONTENT_LANGUAGES
WEEKDAYS = OpeningRule.WEEKDAYS

SERVICE_TEXT = ("name", "description", "fees_description", "application_process")
SITE_TEXT = ("name", "description", "transportation", "accessibility_notes")
ORG_TEXT = ("name", "description")
TERM_TEXT = ("name", "description")

SERVICE_PLAIN = (
    "alternate_name",
    "url",
    "email",
    "interpretation_services",
    "accreditations",
    "eligibility_description",
    "alert",
    "assurer_email",
)


def pick(get, field: str, lang: str) -> str:
    """`field` in `lang`, falling back to fi, sv, en; `get` reads 'name_fi' etc."""
    for code in (lang, *LANGS):
        value = get(f"{field}_{code}")
        if value:
            return value
    return ""


def translations(get, fields) -> dict:
    out = {}
    for code in LANGS:
        texts = {f: get(f"{f}_{code}") for f in fields if get(f"{f}_{code}")}
        if texts:
            out[code] = texts
    return out


def _set(obj: dict, key: str, value):
    if value not in (None, ""):
        obj[key] = value


def _iso(value) -> str:
    return value.isoformat()


def last_modified(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


# --- One-to-one parts (lists) -----------------------------------------------------------

ORG_VALUES = [
    "id",
    "alternate_name",
    "email",
    "website",
    "year_incorporated",
    "kind",
    "parent_id",
    *(f"{f}_{code}" for f in ORG_TEXT for code in LANGS),
]


def organization_basic(get, lang: str, kind_labels: dict) -> dict:
    obj = {
        "id": str(get("id")),
        "name": pick(get, "name", lang),
        "description": pick(get, "description", lang),
    }
    _set(obj, "alternate_name", get("alternate_name"))
    _set(obj, "email", get("email"))
    _set(obj, "website", served_uri(get("website") or ""))
    _set(obj, "year_incorporated", get("year_incorporated"))
    _set(obj, "legal_status", kind_labels.get(get("kind"), ""))
    if get("parent_id"):
        obj["parent_organization_id"] = str(get("parent_id"))
    obj["organization_type"] = get("kind")
    return obj


SERVICE_VALUES = [
    "id",
    "organization_id",
    "status",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "modified_at",
    *SERVICE_PLAIN,
    *(f"{f}_{code}" for f in SERVICE_TEXT for code in LANGS),
]


def service_basic(get, lang: str) -> dict:
    obj = {
        "id": str(get("id")),
        "organization_id": str(get("organization_id")),
        "name": pick(get, "name", lang),
        "status": get("status"),
    }
    _set(obj, "description", pick(get, "description", lang))
    _set(obj, "fees_description", pick(get, "fees_description", lang))
    _set(obj, "application_process", pick(get, "application_process", lang))
    for field in SERVICE_PLAIN:
        _set(obj, field, served_uri(get(field) or "") if field == "url" else get(field))
    _set(obj, "minimum_age", get("minimum_age"))
    _set(obj, "maximum_age", get("maximum_age"))
    if get("assured_date"):
        obj["assured_date"] = _iso(get("assured_date"))
    obj["last_modified"] = last_modified(get("modified_at"))
    return obj


SITE_VALUES = [
    "id",
    "kind",
    "url",
    "alternate_name",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
    "low_threshold",
    "municipality_id",
    "email",
    *(f"{f}_{code}" for f in ("name", "description", "transportation") for code in LANGS),
]


def location_basic(get, lang: str) -> dict:
    obj = {
        "id": str(get("id")),
        "location_type": "virtual" if get("kind") == Site.Kind.ONLINE else "physical",
        "name": pick(get, "name", lang),
    }
    _set(obj, "url", served_uri(get("url") or ""))
    _set(obj, "alternate_name", get("alternate_name"))
    _set(obj, "description", pick(get, "description", lang))
    _set(obj, "transportation", pick(get, "transportation", lang))
    _set(obj, "latitude", get("latitude"))
    _set(obj, "longitude", get("longitude"))
    _set(obj, "external_identifier", get("external_identifier"))
    _set(obj, "external_identifier_type", get("external_identifier_type"))
    # Extensions of our profile.
    obj["site_kind"] = get("kind")
    obj["low_threshold"] = bool(get("low_threshold"))
    _set(obj, "municipality_code", get("municipality_id"))
    _set(obj, "email", get("email"))
    return obj


def attr_getter(instance):
    return lambda name: getattr(instance, name, None)


# --- Full objects -----------------------------------------------------------------------


class Builder:
    """Builds full HSDS objects in one language; caches what many objects share."""

    def __init__(self, lang: str = "fi", *, with_translations: bool = True, today=None):
        self.lang = lang
        self.with_translations = with_translations
        self.today = today or timezone.localdate()
        from turvaverkko.registry.models import Organization

        self.kind_labels = {}
        from django.utils import translation

        with translation.override(lang):
            self.kind_labels = {k: str(label) for k, label in Organization.Kind.choices}
        self._regions: dict | None = None

    # Shared pieces

    def region_name(self, municipality_code) -> str:
        if self._regions is None:
            from turvaverkko.areas.models import Municipality

            self._regions = {
                m.code: pick(attr_getter(m.region), "name", self.lang)
                for m in Municipality.objects.select_related("region")
            }
        return self._regions.get(municipality_code, "")

    def languages(self, owner_key: str, owner_id, languages) -> list:
        out = []
        for language in languages:
            item = {
                "id": spec.derived_id(owner_id, "language", language.code),
                owner_key: str(owner_id),
                "name": pick(attr_getter(language), "name", self.lang) or language.code,
                "code": language.code,
            }
            out.append(item)
        return out

    def phone(self, owner_key: str, owner_id, number: str) -> list:
        if not number:
            return []
        return [
            {
                "id": spec.derived_id(owner_id, "phone"),
                owner_key: str(owner_id),
                "number": number,
                "type": "voice",
            }
        ]

    def term(self, term) -> dict:
        get = attr_getter(term)
        obj = {
            "id": str(term.id),
            "code": term.code,
            "name": pick(get, "name", self.lang) or term.code,
            "description": pick(get, "description", self.lang),
            "taxonomy": term.taxonomy,
            "taxonomy_id": spec.taxonomy_id(term.taxonomy),
            "language": self.lang,
        }
        if term.parent_id:
            obj["parent_id"] = str(term.parent_id)
        _set(obj, "term_uri", served_uri(term.term_uri or ""))
        if self.with_translations:
            obj["translations"] = translations(get, TERM_TEXT)
        return obj

    def attributes(self, entity: str, owner_id, terms) -> list:
        out = []
        for term in terms:
            out.append(
                {
                    "id": spec.derived_id(owner_id, "attribute", term.id),
                    "link_id": str(owner_id),
                    "link_entity": entity,
                    "link_type": spec.LINK_TYPES[term.taxonomy],
                    "taxonomy_term_id": str(term.id),
                    "taxonomy_term": self.term(term),
                }
            )
        return out

    def schedules(self, rules, owners: dict, exceptions=()) -> list[dict]:
        """Rows of weekly rules, split at clock changes and exception dates (served_hours)."""
        dates = [e.date for e in exceptions]
        with translation.override(self.lang):  # the rule in words, in the asked language
            return [
                row for r in rules for row in served_hours.rule_rows(r, owners, self.today, dates)
            ]

    def accessibility(self, site) -> list:
        out = []
        for flag, labels in spec.ACCESSIBILITY_FLAGS.items():
            if getattr(site, flag):
                out.append(
                    {
                        "id": spec.derived_id(site.id, "accessibility", flag),
                        "location_id": str(site.id),
                        "description": labels.get(self.lang, labels["fi"]),
                        "details": flag,
                    }
                )
        notes = pick(attr_getter(site), "accessibility_notes", self.lang)
        if notes:
            out.append(
                {
                    "id": spec.derived_id(site.id, "accessibility", "notes"),
                    "location_id": str(site.id),
                    "description": notes,
                }
            )
        return out

    def address(self, site) -> list:
        """One address object in the request's language (HSDS has one language per object):
        the Swedish street name in Swedish, falling back to Finnish, Swedish, English."""
        street = pick(attr_getter(site), "street_address", self.lang)
        if not street:
            return []
        return [
            {
                "id": spec.derived_id(site.id, "address"),
                "location_id": str(site.id),
                "address_1": street,
                "city": site.city,
                "state_province": self.region_name(site.municipality_id),
                "postal_code": site.postal_code,
                "country": "FI",
                "address_type": "physical",
            }
        ]

    # Objects

    def organization(self, org, *, services=None, locations=None) -> dict:
        get = attr_getter(org)
        obj = organization_basic(get, self.lang, self.kind_labels)
        identifiers = []
        if org.business_id:
            identifiers.append(
                {
                    "id": spec.derived_id(org.id, "identifier", "business_id"),
                    "organization_id": str(org.id),
                    "identifier_scheme": spec.BUSINESS_ID_SCHEME,
                    "identifier_type": spec.BUSINESS_ID_TYPE,
                    "identifier": org.business_id,
                }
            )
        if org.association_number:
            identifiers.append(
                {
                    "id": spec.derived_id(org.id, "identifier", "association_number"),
                    "organization_id": str(org.id),
                    "identifier_type": spec.ASSOCIATION_NUMBER_TYPE,
                    "identifier": org.association_number,
                }
            )
        obj["organization_identifiers"] = identifiers
        obj["phones"] = self.phone("organization_id", org.id, org.phone)
        obj["contacts"] = [self.contact(c) for c in org.contacts.all() if c.is_public]
        obj["attributes"] = self.attributes(
            "organization", org.id, [*org.themes.all(), *org.target_groups.all()]
        )
        obj["municipality_codes"] = sorted(m.code for m in org.municipalities.all())
        if locations is not None:
            obj["locations"] = locations
        if services is not None:
            obj["services"] = services
        if self.with_translations:
            obj["translations"] = translations(get, ORG_TEXT)
        return obj

    def contact(self, contact) -> dict:
        """A contact person the organisation has chosen to show publicly (is_public)."""
        assert contact.is_public, "only public contact persons may reach HSDS"
        key = spec.derived_id("contact", contact.pk)
        obj = {"id": key, "organization_id": str(contact.organization_id), "name": contact.name}
        _set(obj, "title", contact.title)
        _set(obj, "email", contact.email)
        obj["phones"] = self.phone("contact_id", key, contact.phone)
        return obj

    def location(self, site) -> dict:
        get = attr_getter(site)
        obj = location_basic(get, self.lang)
        org_ids = [str(o.pk) for o in site.organizations.all()]
        if org_ids:
            obj["organization_id"] = org_ids[0]
            obj["organization_ids"] = org_ids
        obj["languages"] = self.languages("location_id", site.id, site.languages.all())
        obj["addresses"] = self.address(site)
        obj["accessibility"] = self.accessibility(site)
        obj["phones"] = self.phone("location_id", site.id, site.phone)
        owners = {"location_id": str(site.id)}
        exceptions = list(site.opening_exceptions.all())
        own = [r for r in site.opening_rules.all() if r.service_id is None]
        obj["schedules"] = self.schedules(own, owners, exceptions) + [
            served_hours.exception_row(e, site.id) for e in exceptions
        ]
        obj["attributes"] = self.attributes("location", site.id, site.target_groups.all())
        if self.with_translations:
            obj["translations"] = translations(get, SITE_TEXT)
        return obj

    def service(self, service, *, with_locations: bool = True) -> dict:
        get = attr_getter(service)
        obj = service_basic(get, self.lang)
        obj["phones"] = self.phone("service_id", service.id, service.phone)
        owners = {"service_id": str(service.id)}
        own = [r for r in service.opening_rules.all() if r.site_id is None]
        obj["schedules"] = self.schedules(own, owners)
        obj["service_areas"] = [
            {
                "id": spec.derived_id(service.id, "service_area", m.code),
                "service_id": str(service.id),
                "name": pick(lambda n, m=m: getattr(m, n, None), "name", self.lang),
                "extent_type": "text",
                "municipality_code": m.code,
            }
            for m in service.service_area.all()
        ]
        obj["languages"] = self.languages("service_id", service.id, service.languages.all())
        obj["organization"] = organization_basic(
            attr_getter(service.organization), self.lang, self.kind_labels
        )
        obj["attributes"] = self.attributes(
            "service", service.id, [*service.themes.all(), *service.target_groups.all()]
        )
        if with_locations:
            obj["service_at_locations"] = [
                self.service_at_location(sal, with_service=False)
                for sal in service.at_locations.all()
                if sal.site.is_published
            ]
        if self.with_translations:
            obj["translations"] = translations(get, SERVICE_TEXT)
        return obj

    def service_at_location(self, sal, *, with_service: bool = True) -> dict:
        obj = {
            "id": str(sal.id),
            "service_id": str(sal.service_id),
            "location_id": str(sal.site_id),
        }
        _set(obj, "description", sal.description)
        owners = {"service_at_location_id": str(sal.id)}
        own = [r for r in sal.site.opening_rules.all() if r.service_id == sal.service_id]
        obj["schedules"] = self.schedules(own, owners, sal.site.opening_exceptions.all())
        obj["location"] = self.location(sal.site)
        if with_service:
            obj["service"] = self.service(sal.service, with_locations=False)
        return obj

    def taxonomy(self, code: str) -> dict:
        name, description = spec.TAXONOMIES[code]
        return {"id": spec.taxonomy_id(code), "name": name, "description": description}
