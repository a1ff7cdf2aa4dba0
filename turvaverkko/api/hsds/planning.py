"""The validate stage of the HSDS import: staged records → plans of our model rows.

Every record is mapped (mapping.py) and checked with our models' own validation; an error
names the record's place in the file and the field, a value we do not model is a warning
(nothing is dropped silently). HSDS UUIDs become our primary keys, so importing the same data
again updates in place. Nothing here writes; writing.py writes a plan row by row.
"""

import contextlib
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError

from turvaverkko.areas.models import Municipality
from turvaverkko.core import weburl
from turvaverkko.directory.models import (
    Service,
    ServiceAtLocation,
    Site,
)
from turvaverkko.registry.models import Organization, TaxonomyTerm

from . import fields as f
from .mapping import EMAIL, LANGS, NOT_MODELLED_TABLES, Mapper, Plan
from .problems import Problems
from .records import Staging
from .schedules import schedule_values

MODELS = {
    "taxonomy_term": TaxonomyTerm,
    "organization": Organization,
    "location": Site,
    "service": Service,
}
FK_FIELDS = ["organization", "parent", "municipality", "service", "site"]


URL_FIELDS = ("url", "website", "term_uri")  # saved in IDNA form (directory/models/receivers.py)


def _same(old, new, name: str = "") -> bool:
    """An unchanged value (an id as text or UUID, None or "" for nothing, a web address as
    it will be stored)."""
    if name in URL_FIELDS and isinstance(new, str):
        with contextlib.suppress(ValueError):
            new = weburl.to_uri(new)
    if old in (None, "") and new in (None, ""):
        return True
    return old == new or str(old) == str(new)


class Planner:
    def __init__(self, staging: Staging):
        self.s = staging
        self.p = Problems()
        self.m = Mapper(staging, self.p)
        self.plans: dict[str, dict[str, Plan]] = {}
        self.instances: dict[str, dict[str, object]] = defaultdict(dict)
        # (table, key) of existing objects whose fields the input changes.
        self.changed: set[tuple[str, str]] = set()
        self.contacts: dict[str, list[dict]] = {}
        self.languages: dict[str, dict] = {}
        self.rules: dict[tuple, list] = {}  # (site_id, service_id) -> rule values
        self.exceptions: dict[str, list] = {}
        self.sal_services_declared: set[str] = set()

    def declared(self, table: str, key: str) -> set:
        entity = self.s.entity(table, key)
        return (entity.declared if entity else set()) | self.s.csv_tables

    # --- validate ---------------------------------------------------------------------

    def plan(self):
        s, m = self.s, self.m
        for table in NOT_MODELLED_TABLES:
            for row in s.child_rows(table):
                self.p.warn(f"{table} records are not modelled and were not imported", row.source)
        link_types = {
            f.text(r.data.get("taxonomy_term_id")): f.text(r.data.get("link_type"))
            for r in s.child_rows("attribute")
        }
        self.plans["taxonomy_term"] = {
            e.id: m.term(e, link_types) for e in s.entities["taxonomy_term"].values()
        }
        orgs = {e.id: m.organization(e) for e in s.entities["organization"].values()}
        self.plans["organization"] = orgs
        m.identifiers(s.child_rows("organization_identifier"), orgs)
        sites = {e.id: m.location(e) for e in s.entities["location"].values()}
        for key, plan in sites.items():
            plan.extra["declared"] = self.declared("location", key)
        self.plans["location"] = sites
        m.address(s.child_rows("address"), sites)
        m.accessibility(s.child_rows("accessibility"), sites)
        for plan in sites.values():
            if plan.extra.get("needs_name"):
                self.p.error(plan.source, "name", "a location needs a name (or an address).")
        self.plans["service"] = {e.id: m.service(e) for e in s.entities["service"].values()}
        self._service_at_locations()
        self._phones_and_contacts()
        self._languages()
        self._attributes()
        self._service_areas()
        self._schedules()
        self._validate_models()

    def _service_at_locations(self):
        plans = {}
        for entity in self.s.entities["service_at_location"].values():
            self.m._unmodelled(entity)
            plan = Plan(self.m._id(entity), entity.source)
            service = f.text(entity.data.get("service_id"))
            site = f.text(entity.data.get("location_id"))
            for name, key, model, table in (
                ("service_id", service, Service, "service"),
                ("location_id", site, Site, "location"),
            ):
                if not self.m._exists(model, table, key):
                    self.p.error(entity.source, name, f"no {table} {key or '(missing)'}.")
            plan.values = {
                "service_id": service,
                "site_id": site,
                "description": f.text(entity.data.get("description")),
            }
            other = ServiceAtLocation.objects.filter(service_id=service, site_id=site)
            if service and site and other.exclude(pk=plan.id).exists():
                self.p.error(entity.source, "id", "this service is already at this location.")
            plans[entity.id] = plan
        self.plans["service_at_location"] = plans
        self._link_locations_to_service_organizations(plans)
        for key in self.plans["service"]:
            if "service_at_location" in self.declared("service", key):
                self.sal_services_declared.add(key)

    def _link_locations_to_service_organizations(self, sal_plans):
        """A location given without an organisation (e.g. nested in a service's
        service_at_locations) belongs to the organisations of the services offered there."""
        linked = set()
        for plan in sal_plans.values():
            site = self.plans["location"].get(plan.values["site_id"])
            service = self.plans["service"].get(plan.values["service_id"])
            if site is None or service is None or "organizations" in site.m2m:
                continue
            if site.id not in linked and (
                site.extra.get("add_organizations")
                or Site.objects.filter(pk=site.id, organizations__isnull=False).exists()
            ):
                continue
            org = service.values.get("organization_id")
            if org and self.m._exists(Organization, "organization", org):
                linked.add(site.id)
                orgs = site.extra.setdefault("add_organizations", [])
                if org not in orgs:
                    orgs.append(org)

    def _owners(self, row, tables) -> list[Plan]:
        found = []
        for table in tables:
            key = f.text(row.data.get(f"{table}_id"))
            if key and key in self.plans.get(table, {}):
                found.append(self.plans[table][key])
        return found

    def _phones_and_contacts(self):
        contact_plans = {}
        for row in self.s.child_rows("contact"):
            org = f.text(row.data.get("organization_id"))
            if org not in self.plans["organization"]:
                self.p.warn(
                    "contacts of services and locations are not modelled; not imported", row.source
                )
                continue
            name = f.text(row.data.get("name"))
            email = f.text(row.data.get("email"))
            if not name:
                self.p.warn("contacts without a name were not imported", row.source)
                continue
            self.m._checked(row, "email", EMAIL, email)
            if f.text(row.data.get("department")):
                self.p.warn("contact.department is not modelled and was not imported", row.source)
            values = {"name": name[:200], "title": f.text(row.data.get("title"))[:200]}
            values.update(email=email, phone="")
            contact_plans[f.text(row.data.get("id"))] = values
            self.contacts.setdefault(org, []).append(values)
        for table in ("organization", "service", "location"):
            for key, plan in self.plans[table].items():
                if "phone" in self.declared(table, key):
                    plan.values["phone"] = ""
        for org in self.plans["organization"]:
            if "contact" in self.declared("organization", org):
                self.contacts.setdefault(org, [])
        seen = set()
        for row in self.s.child_rows("phone"):
            kind = f.text(row.data.get("type")) or "voice"
            if kind in ("fax", "pager", "video"):
                self.p.warn(f"{kind} numbers are not modelled and were not imported", row.source)
                continue
            try:
                number, normal = f.phone(row.data.get("number"))
            except f.FieldError as exc:
                self.p.error(row.source, "number", str(exc))
                continue
            if not normal:
                self.p.warn("phone numbers that are not valid were kept as given", row.source)
            for name in ("extension", "description"):
                if row.data.get(name) not in (None, ""):
                    self.p.warn(f"phone.{name} is not modelled and was not imported", row.source)
            contact = contact_plans.get(f.text(row.data.get("contact_id")))
            if contact is not None and not contact["phone"]:
                contact["phone"] = number
            for plan in self._owners(row, ("organization", "service", "location")):
                if (plan.id, "phone") in seen:
                    self.p.warn("only one phone number per object is modelled", row.source)
                    continue
                seen.add((plan.id, "phone"))
                plan.values["phone"] = number

    def _languages(self):
        for table in ("service", "location"):
            for key, plan in self.plans[table].items():
                if "language" in self.declared(table, key):
                    plan.m2m["languages"] = []
        for row in self.s.child_rows("language"):
            code = f.text(row.data.get("code")).lower()
            owners = self._owners(row, ("service", "location"))
            if not owners:
                if row.data.get("phone_id"):
                    self.p.warn("languages of phone numbers are not modelled", row.source)
                continue
            if not (2 <= len(code) <= 3 and code.isalpha()):
                self.p.error(row.source, "code", f"{code!r} is not an ISO 639 code.")
                continue
            name = f.text(row.data.get("name")) or code
            self.languages.setdefault(code, {"name_fi": name, "name_en": name})
            if row.data.get("note"):
                self.p.warn("language.note is not modelled and was not imported", row.source)
            for plan in owners:
                plan.m2m.setdefault("languages", [])
                if code not in plan.m2m["languages"]:
                    plan.m2m["languages"].append(code)

    def _attributes(self):
        allowed = {
            "organization": ("themes", "target_groups"),
            "service": ("themes", "target_groups"),
            "location": ("target_groups",),
        }
        for table, names in allowed.items():
            for key, plan in self.plans[table].items():
                if "attribute" in self.declared(table, key):
                    for name in names:
                        plan.m2m[name] = []
        terms = self.plans["taxonomy_term"]
        for row in self.s.child_rows("attribute"):
            link = f.text(row.data.get("link_id"))
            entity = f.text(row.data.get("link_entity"))
            tables = [entity] if entity in allowed else list(allowed)
            owner = next((self.plans[t][link] for t in tables if link in self.plans[t]), None)
            table = next((t for t in tables if link in self.plans[t]), None)
            term_id = f.text(row.data.get("taxonomy_term_id"))
            taxonomy = terms[term_id].values["taxonomy"] if term_id in terms else None
            if taxonomy is None and term_id:
                found = TaxonomyTerm.objects.filter(pk=term_id).values_list("taxonomy", flat=True)
                taxonomy = found[0] if found else None
            if owner is None or taxonomy is None:
                self.p.warn("attributes of unknown objects or terms were skipped", row.source)
                continue
            name = {"theme": "themes", "target_group": "target_groups"}.get(taxonomy)
            if name not in allowed[table]:
                self.p.warn(f"{taxonomy} terms of a {table} are not modelled", row.source)
                continue
            if row.data.get("value"):
                self.p.warn("attribute.value is not modelled and was not imported", row.source)
            owner.m2m.setdefault(name, [])
            if term_id not in owner.m2m[name]:
                owner.m2m[name].append(term_id)

    def _service_areas(self):
        by_name = {}
        for code, fi, sv in Municipality.objects.values_list("code", "name_fi", "name_sv"):
            by_name[fi.lower()] = by_name[sv.lower()] = code
        for key, plan in self.plans["service"].items():
            if "service_area" in self.declared("service", key):
                plan.m2m["service_area"] = []
        for row in self.s.child_rows("service_area"):
            plan = next(iter(self._owners(row, ("service",))), None)
            code = f.text(row.data.get("municipality_code"))
            code = code if code in self.m.municipalities else None
            code = code or by_name.get(f.text(row.data.get("name")).lower())
            if plan is None or code is None:
                self.p.warn(
                    "service areas that are not Finnish municipalities were skipped", row.source
                )
                continue
            names = {name for name, c in by_name.items() if c == code}
            description = f.text(row.data.get("description"))
            if description and description.lower() not in names:
                self.p.warn(
                    "service_area.description is not modelled and was not imported", row.source
                )
            for name in ("extent", "uri"):
                if f.text(row.data.get(name)):
                    self.p.warn(
                        f"service_area.{name} is not modelled and was not imported", row.source
                    )
            plan.m2m.setdefault("service_area", [])
            if code not in plan.m2m["service_area"]:
                plan.m2m["service_area"].append(code)

    def _schedules(self):
        sals = self.plans["service_at_location"]
        for key in self.plans["location"]:
            if "schedule" in self.declared("location", key):
                self.rules[(key, None)] = []
                self.exceptions[key] = []
        for key in self.plans["service"]:
            if "schedule" in self.declared("service", key):
                self.rules[(None, key)] = []
        for key, plan in sals.items():
            if "schedule" in self.declared("service_at_location", key):
                self.rules[(plan.values["site_id"], plan.values["service_id"])] = []
        joined: set[tuple] = set()  # (owner, opening_rule_id) of segments already taken
        for row in self.s.child_rows("schedule"):
            sal = sals.get(f.text(row.data.get("service_at_location_id")))
            site = f.text(row.data.get("location_id"))
            service = f.text(row.data.get("service_id"))
            if sal is not None:
                owner = (sal.values["site_id"], sal.values["service_id"])
            elif site in self.plans["location"]:
                owner = (site, None)
            elif service in self.plans["service"]:
                owner = (None, service)
            else:
                self.p.warn("schedules of unknown objects were skipped", row.source)
                continue
            kind, values = schedule_values(
                row.data, self.p.at(row.source), row.source, self.m.today
            )
            if kind == "exception" and owner[1] is None:
                self.exceptions.setdefault(owner[0], []).append(values)
            elif kind == "exception":
                self.p.warn("dated exceptions of services are not modelled", row.source)
            elif kind == "rule":
                rule_id = f.text(row.data.get("opening_rule_id"))
                if rule_id and (owner, rule_id) in joined:
                    continue
                if rule_id:
                    joined.add((owner, rule_id))
                self.rules.setdefault(owner, []).append(values)

    def _validate_models(self):
        for table, model in MODELS.items():
            for key, plan in self.plans[table].items():
                instance = model.objects.filter(pk=plan.id).first() if self._valid(plan) else None
                created = instance is None
                if created:
                    instance = model(pk=plan.id)
                old = {name: getattr(instance, name, None) for name in plan.values}
                for name, value in plan.values.items():
                    setattr(instance, name, value)
                exclude = [*FK_FIELDS, *(f"name_{lang}" for lang in LANGS), "search_text"]
                try:
                    instance.full_clean(
                        exclude=exclude, validate_unique=False, validate_constraints=False
                    )
                except ValidationError as exc:
                    for name, messages in exc.message_dict.items():
                        self.p.error(plan.source, name, " ".join(messages))
                if not created and any(
                    not _same(old[name], getattr(instance, name, None), name)
                    for name in plan.values
                ):
                    self.changed.add((table, key))
                for lang in LANGS:
                    if len(getattr(instance, f"name_{lang}", None) or "") > 200:
                        self.p.error(plan.source, "name", "longer than 200 characters.")
                self.instances[table][key] = (instance, created)
        for name in ("business_id", "association_number"):
            values = Counter(
                p.values[name] for p in self.plans["organization"].values() if p.values.get(name)
            )
            for plan in self.plans["organization"].values():
                value = plan.values.get(name)
                taken = Organization.objects.filter(**{name: value}).exclude(pk=plan.id)
                if value and (values[value] > 1 or taken.exists()):
                    self.p.error(plan.source, name, f"{value} belongs to another organization.")

    def _valid(self, plan) -> bool:
        try:
            f.uuid_text(plan.id)
        except f.FieldError:
            return False
        return True
