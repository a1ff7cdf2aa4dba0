"""The commit stage of the HSDS import: one row (a record with its sub-records) at a time.

Runs inside the import framework's transaction, after validation (planning.py), rows in
the order formats.TABLE_ORDER (what a record refers to is written first). A record whose
values, links and sub-records are already as the input says is not saved at all (outcome
"unchanged": no history row, `last_modified` does not move), so a re-import changes nothing.
The child collections a record states (phones, schedules, languages, attributes, services
at locations, public contacts) replace the ones we had; nothing else is ever deleted.

An HSDS schedule carries one language, so an imported rule or exception has only its Finnish
note (schedules.py). When the file's opening hours replace ours, a new rule that is the same
as a replaced one (days, times, pattern, interval, nth, validity dates and Finnish note) keeps
that rule's Swedish and English notes; so does an exception (date, closed, times and Finnish
note). A changed Finnish note or a new rule has none: its old translations would be stale.
"""

from collections import Counter, defaultdict

from turvaverkko.directory import recurrence as rec
from turvaverkko.directory.models import (
    OpeningException,
    OpeningRule,
    ServiceAtLocation,
    Site,
)
from turvaverkko.registry.models import ContactPerson, Language

from .planning import Planner, _same

LABELS = {
    "taxonomy_term": "taxonomy terms",
    "organization": "organizations",
    "location": "sites",
    "service": "services",
    "service_at_location": "services at sites",
}
# The notes are the Finnish ones (schedules.py); the Swedish and English ones of a replaced
# rule or exception are carried over by `_translations` (module docstring).
RULE_FIELDS = ("byday", "opens_at", "closes_at", "pattern", "interval", "nth", "valid_from",
               "valid_to", "description_fi")  # fmt: skip
EXCEPTION_FIELDS = ("date", "closed", "opens_at", "closes_at", "description_fi")
CONTACT_FIELDS = ("name", "title", "email", "phone")


def _stored(obj, name: str):
    value = getattr(obj, name)
    # A translated note never given is NULL, the same as an empty one.
    return "" if value is None and name == "description_fi" else value


def _rows(objects, names) -> list[tuple]:
    return sorted((tuple(_stored(o, n) for n in names) for o in objects), key=repr)


def _planned(values: list[dict], names) -> list[tuple]:
    defaults = {"pattern": rec.WEEKLY, "interval": 1, "nth": 1, "closed": True,
                "description_fi": ""}  # fmt: skip
    return sorted((tuple(v.get(n, defaults.get(n)) for n in names) for v in values), key=repr)


def _rule_key(r) -> tuple:
    """What makes two rules (stored, or new from the file) the same rule with the same note."""
    pattern = r.pattern or rec.WEEKLY
    nth = (r.nth or 1) if pattern == rec.MONTHLY_NTH else 1  # nth means nothing else
    return (r.byday, r.opens_at, r.closes_at, pattern, r.interval or 1, nth, r.valid_from,
            r.valid_to, r.description_fi or "")  # fmt: skip


def _exception_key(e) -> tuple:
    """The same for exceptions: a day without both times is closed however it is stored."""
    closed = bool(e.closed) or not (e.opens_at and e.closes_at)
    times = (None, None) if closed else (e.opens_at, e.closes_at)
    return (e.date, closed, *times, e.description_fi or "")


def _translations(current, new: list, key) -> None:
    """Give each new object the Swedish and English notes of a replaced one with the same
    key (each replaced object's notes go to one new object at most)."""
    notes = defaultdict(list)
    for old in current:
        if old.description_sv or old.description_en:
            notes[key(old)].append(old)
    for obj in new:
        matches = notes.get(key(obj))
        if matches:
            old = matches.pop(0)
            obj.description_sv, obj.description_en = old.description_sv, old.description_en


class Writer:
    def __init__(self, planner: Planner):
        self.p = planner
        # Per kind of object: {"organizations": n, "opening hours": n, ...}
        self.created: Counter = Counter()
        self.updated: Counter = Counter()
        self._languages_done = False

    def write(self, table: str, key: str) -> tuple[str, object]:
        """Write one record; ("created" | "updated" | "unchanged", the object)."""
        self._languages()
        if table == "service_at_location":
            return self._service_at_location(key)
        instance, created = self.p.instances[table][key]
        plan = self.p.plans[table][key]
        changed = created or (table, key) in self.p.changed
        if "parent_id" in plan.extra and not _same(instance.parent_id, plan.extra["parent_id"]):
            instance.parent_id = plan.extra["parent_id"]
            changed = True
        if changed:
            instance.save()
        for name, ids in plan.m2m.items():
            manager = getattr(instance, name)
            current = {str(pk) for pk in manager.values_list("pk", flat=True)}
            if created or current != {str(i) for i in ids}:
                manager.set(ids)
                changed = True
        extra = plan.extra.get("add_organizations")
        if extra and isinstance(instance, Site):
            current = {str(pk) for pk in instance.organizations.values_list("pk", flat=True)}
            missing = [o for o in extra if str(o) not in current]
            if missing:
                instance.organizations.add(*missing)
                changed = True
        if table == "organization":
            changed |= self._contacts(key)
        if table == "location":
            changed |= self._rules((key, None)) | self._exceptions(key)
        if table == "service":
            changed |= self._rules((None, key)) | self._stale_service_at_locations(key)
        return self._outcome(LABELS[table], created, changed), instance

    def _outcome(self, label: str, created: bool, changed: bool) -> str:
        if created:
            self.created[label] += 1
            return "created"
        if changed:
            self.updated[label] += 1
            return "updated"
        return "unchanged"

    def _languages(self):
        if self._languages_done:
            return
        self._languages_done = True
        existing = set(Language.objects.values_list("code", flat=True))
        for code, names in self.p.languages.items():
            if code not in existing:
                Language.objects.create(code=code, **names)
                self.created["languages"] += 1

    def _contacts(self, org: str) -> bool:
        if org not in self.p.contacts:
            return False
        contacts = self.p.contacts[org]
        public = ContactPerson.objects.filter(organization_id=org, is_public=True)
        if _rows(public, CONTACT_FIELDS) == _planned(contacts, CONTACT_FIELDS):
            return False
        public.delete()
        after = ContactPerson.objects.filter(organization_id=org).order_by("-position").first()
        start = 0 if after is None else after.position + 1
        for offset, values in enumerate(contacts):
            ContactPerson.objects.create(
                organization_id=org, position=start + offset, is_public=True, **values
            )
            self.created["public contact persons"] += 1
        return True

    def _service_at_location(self, key: str) -> tuple[str, object]:
        plan = self.p.plans["service_at_location"][key]
        values = plan.values
        link = ServiceAtLocation.objects.filter(pk=plan.id).first()
        created = link is None
        changed = created or any(not _same(getattr(link, n), v) for n, v in values.items())
        if changed:
            link, _created = ServiceAtLocation.objects.update_or_create(pk=plan.id, defaults=values)
        changed |= self._rules((values["site_id"], values["service_id"]))
        return self._outcome(LABELS["service_at_location"], created, changed), link

    def _stale_service_at_locations(self, service: str) -> bool:
        if service not in self.p.sal_services_declared:
            return False
        kept = {
            plan.id
            for plan in self.p.plans["service_at_location"].values()
            if plan.values["service_id"] == service
        }
        stale = ServiceAtLocation.objects.filter(service_id=service).exclude(pk__in=kept)
        deleted, _ = stale.delete()
        if deleted:
            self.updated["services at sites removed"] += deleted
        return bool(deleted)

    def _rules(self, owner: tuple) -> bool:
        if owner not in self.p.rules:
            return False
        rules = self.p.rules[owner]
        site, service = owner
        if site and service:
            current = OpeningRule.objects.filter(site_id=site, service_id=service)
        elif site:
            current = OpeningRule.objects.filter(site_id=site, service__isnull=True)
        else:
            current = OpeningRule.objects.filter(site__isnull=True, service_id=service)
        if _rows(current, RULE_FIELDS) == _planned(rules, RULE_FIELDS):
            return False
        new = [OpeningRule(site_id=site, service_id=service, **values) for values in rules]
        _translations(current, new, _rule_key)
        current.delete()
        OpeningRule.objects.bulk_create(new)
        self.created["opening hours"] += len(rules)
        return True

    def _exceptions(self, site: str) -> bool:
        if site not in self.p.exceptions:
            return False
        exceptions = self.p.exceptions[site]
        current = OpeningException.objects.filter(site_id=site)
        if _rows(current, EXCEPTION_FIELDS) == _planned(exceptions, EXCEPTION_FIELDS):
            return False
        new = [OpeningException(site_id=site, **values) for values in exceptions]
        _translations(current, new, _exception_key)
        current.delete()
        OpeningException.objects.bulk_create(new)
        self.created["opening exceptions"] += len(exceptions)
        return True
