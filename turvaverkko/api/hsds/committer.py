"""Write step of the importer: runs inside the import's transaction, after validation."""

from django.db.models import Max

from turvaverkko.directory.models import (
    OpeningException,
    OpeningRule,
    ServiceAtLocation,
    Site,
)
from turvaverkko.registry.models import ContactPerson, Language, Organization, TaxonomyTerm

LABELS = {
    "taxonomy_term": "taxonomy terms",
    "organization": "organizations",
    "location": "sites",
    "service": "services",
}


class Committer:
    def __init__(self, importer, result):
        self.i = importer
        self.r = result

    def run(self):
        self._languages()
        self._save("taxonomy_term")
        self._parents("taxonomy_term", TaxonomyTerm)
        self._save("organization")
        self._parents("organization", Organization)
        self._contacts()
        self._save("location")
        self._save("service")
        self._service_at_locations()
        self._schedules()

    def _count(self, label: str, created: bool):
        (self.r.created if created else self.r.updated)[label] += 1

    def _languages(self):
        existing = set(Language.objects.values_list("code", flat=True))
        for code, names in self.i.languages.items():
            if code not in existing:
                Language.objects.create(code=code, **names)
                self._count("languages", True)

    def _save(self, table: str):
        plans = self.i.plans[table]
        for key, (instance, created) in self.i.instances[table].items():
            instance.save()
            self._count(LABELS[table], created)
            plan = plans[key]
            for name, ids in plan.m2m.items():
                getattr(instance, name).set(ids)
            extra = plan.extra.get("add_organizations")
            if extra and isinstance(instance, Site):
                instance.organizations.add(*extra)

    def _parents(self, table: str, model):
        for plan in self.i.plans[table].values():
            if "parent_id" in plan.extra:
                model.objects.filter(pk=plan.id).update(parent_id=plan.extra["parent_id"])

    def _contacts(self):
        for org, contacts in self.i.contacts.items():
            ContactPerson.objects.filter(organization_id=org, is_public=True).delete()
            after = ContactPerson.objects.filter(organization_id=org).aggregate(Max("position"))
            start = 0 if after["position__max"] is None else after["position__max"] + 1
            for offset, values in enumerate(contacts):
                ContactPerson.objects.create(
                    organization_id=org, position=start + offset, is_public=True, **values
                )
                self._count("public contact persons", True)

    def _service_at_locations(self):
        plans = self.i.plans["service_at_location"]
        kept: dict[str, set] = {}
        for _key, plan in plans.items():
            values = plan.values
            _, created = ServiceAtLocation.objects.update_or_create(pk=plan.id, defaults=values)
            self._count("services at sites", created)
            kept.setdefault(values["service_id"], set()).add(plan.id)
        for service in self.i.sal_services_declared:
            stale = ServiceAtLocation.objects.filter(service_id=service).exclude(
                pk__in=kept.get(service, set())
            )
            deleted, _ = stale.delete()
            if deleted:
                self.r.updated["services at sites removed"] += deleted

    def _schedules(self):
        for (site, service), rules in self.i.rules.items():
            if site and service:
                stale = OpeningRule.objects.filter(site_id=site, service_id=service)
            elif site:
                stale = OpeningRule.objects.filter(site_id=site, service__isnull=True)
            else:
                stale = OpeningRule.objects.filter(site__isnull=True, service_id=service)
            stale.delete()
            OpeningRule.objects.bulk_create(
                OpeningRule(site_id=site, service_id=service, **values) for values in rules
            )
            self.r.created["opening hours"] += len(rules)
        for site, exceptions in self.i.exceptions.items():
            OpeningException.objects.filter(site_id=site).delete()
            OpeningException.objects.bulk_create(
                OpeningException(site_id=site, **values) for values in exceptions
            )
            self.r.created["opening exceptions"] += len(exceptions)
