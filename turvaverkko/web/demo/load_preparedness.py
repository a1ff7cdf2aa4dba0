"""Readiness of the demo municipalities (demo/preparedness.json): resources and readiness
centres, agreements, a readiness plan with scenarios, roles and contact chains, the risk
register and exercises.

Everything is written as a coordinator would write it: through the apps' forms and actions,
as the persona named in the file (Kaisa for Huittinen, Mikko for Muonio). Records are found
again by a natural key (municipality and title; plan and scenario; scenario, organisation and
task), and a form whose data equals the record is not saved, so a second run writes nothing.
"""

from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.directory.models import Site
from turvaverkko.preparedness import actions as preparedness_actions
from turvaverkko.preparedness.forms import (
    ActionItemForm,
    AgreementForm,
    ExerciseForm,
    PlanScenarioForm,
    ReadinessPlanForm,
    RiskForm,
    RoleForm,
)
from turvaverkko.preparedness.models import (
    ActionItem,
    Agreement,
    Exercise,
    ReadinessPlan,
    Risk,
    Role,
)
from turvaverkko.registry.models import Organization
from turvaverkko.resources.actions import save_resource
from turvaverkko.resources.forms import ResourceForm
from turvaverkko.resources.models import Resource

from .common import stable_id
from .files import DemoDataError, day, read_json

FILE = "preparedness.json"


def _value(value):
    return "" if value is None else value


def _through_form(form, instance, save, what: str):
    """Save the form through `save` unless it equals the stored record."""
    if instance is not None and not form.has_changed():
        return instance
    if not form.is_valid():
        raise DemoDataError(f"{FILE}: {what}: {form.errors.as_text()}")
    return save(form)


def _audited(user, reason):
    """The preparedness views' audited save for records without an action of their own."""

    def save(form):
        obj = form.save(commit=False)
        obj._history_user = user
        obj._change_reason = reason
        obj.save()
        form.save_m2m()
        return obj

    return save


def load_preparedness(users: dict, orgs: dict[str, Organization], now=None) -> dict:
    today = timezone.localdate(now or timezone.now())
    out = {"plans": [], "resources": 0, "agreements": 0, "risks": 0, "exercises": 0}
    for spec in read_json(FILE)["municipalities"]:
        municipality = Municipality.objects.get(code=spec["code"])
        user = users[spec["author"]]

        def org(key, _where=spec["code"]):
            try:
                return orgs[key]
            except KeyError:
                raise DemoDataError(f"{FILE}: {_where}: no demo organisation {key!r}") from None

        resources = _resources(spec, municipality, user, org)
        agreements = _agreements(spec, municipality, user, org, today)
        plan = _plan(spec, municipality, user, org, resources, agreements)
        _risks(spec, municipality, user, today)
        _exercises(spec, municipality, user, org, today)
        out["plans"].append(plan)
        out["resources"] += len(resources)
        out["agreements"] += len(agreements)
        out["risks"] += len(spec["risks"])
        out["exercises"] += len(spec["exercises"])
    return out


def _resources(spec, municipality, user, org) -> dict[str, Resource]:
    out = {}
    for r in spec["resources"]:
        owner = org(r["organization"])
        instance = Resource.objects.filter(organization=owner, name=r["name"]).first()
        site = Site.objects.get(pk=stable_id("site", r["site"])) if r.get("site") else None
        data = {
            "organization": owner.pk,
            "kind": r["kind"],
            "name": r["name"],
            "description": r.get("description", ""),
            "municipality": municipality.pk,
            "site": site.pk if site else "",
            "address": site.street_address if site else r.get("address", ""),
            "latitude": _value(site.latitude if site else r.get("latitude")),
            "longitude": _value(site.longitude if site else r.get("longitude")),
            "quantity": r.get("quantity", 1),
            "unit": r.get("unit", ""),
            "availability": r.get("availability", "available"),
            "readiness_minutes": _value(r.get("readiness_minutes")),
            "capacity": _value(r.get("capacity")),
            "beds": _value(r.get("beds")),
        }
        for flag in ("heat_without_grid", "generator", "water", "kitchen", "accessible"):
            data[flag] = bool(r.get(flag, False))

        def save(form):
            resource = save_resource(form.save(commit=False), user)
            form.save_m2m()
            return resource

        form = ResourceForm(data=data, instance=instance, user=user)
        out[r["key"]] = _through_form(form, instance, save, f"resource {r['name']}")
    return out


def _agreements(spec, municipality, user, org, today) -> dict[str, Agreement]:
    out = {}
    for a in spec["agreements"]:
        instance = Agreement.objects.filter(municipality=municipality, title=a["title"]).first()
        data = {
            "title": a["title"],
            "kind": a["kind"],
            "municipality": municipality.pk,
            "organizations": [org(k).pk for k in a["organizations"]],
            "tasks": a.get("tasks", ""),
            "compensation": a.get("compensation", ""),
            "valid_from": day(a["valid_from"], today),
            "valid_to": _value(day(a.get("valid_to", ""), today)),
        }
        form = AgreementForm(data=data, instance=instance, user=user)
        save = _audited(user, "load_demo")
        out[a["key"]] = _through_form(form, instance, save, f"agreement {a['title']}")
    return out


def _plan(spec, municipality, user, org, resources, agreements) -> ReadinessPlan:
    p = spec["plan"]
    plan = ReadinessPlan.objects.filter(municipalities=municipality, title=p["title"]).first()
    form = ReadinessPlanForm(
        data={"title": p["title"], "municipalities": [municipality.pk],
              "description": p.get("description", "")},
        instance=plan, user=user,
    )  # fmt: skip
    plan = _through_form(
        form, plan, lambda f: preparedness_actions.save_plan(f, user), f"plan {p['title']}"
    )
    for s in p["scenarios"]:
        scenario = plan.scenarios.filter(kind=s["kind"]).first()
        form = PlanScenarioForm(
            data={k: s.get(k, "") for k in
                  ("kind", "description", "alert_text_fi", "alert_text_sv", "alert_text_en")},
            instance=scenario, plan=plan,
        )  # fmt: skip
        scenario = _through_form(
            form,
            scenario,
            lambda f: preparedness_actions.save_scenario(f, plan, user),
            f"plan {p['title']}: scenario {s['kind']}",
        )
        for r in s["roles"]:
            _role(plan, scenario, r, user, org, resources, agreements)
    if p.get("approved") and not ReadinessPlan.objects.get(pk=plan.pk).is_approved:
        preparedness_actions.approve_plan(plan, user)
    return plan


def _role(plan, scenario, r, user, org, resources, agreements) -> Role:
    organization = org(r["organization"])
    role = Role.objects.filter(scenario=scenario, organization=organization, task=r["task"]).first()
    data = {
        "task": r["task"],
        "organization": organization.pk,
        "trigger": r.get("trigger", ""),
        "readiness_minutes": _value(r.get("readiness_minutes")),
        "agreement": agreements[r["agreement"]].pk if r.get("agreement") else "",
        "resources": [resources[k].pk for k in r.get("resources", [])],
        "order": r.get("order", 0),
    }
    form = RoleForm(data=data, instance=role, plan=plan)
    role = _through_form(
        form,
        role,
        lambda f: preparedness_actions.save_role(f, scenario, user),
        f"{scenario}: role {r['task']}",
    )
    positions = r.get("chain_positions")
    if positions:
        contacts = {c.position: c for c in organization.contacts.all()}
        wanted = [contacts[i] for i in positions if i in contacts]
        if [link.contact_id for link in role.chain_links.order_by("position")] != [
            c.pk for c in wanted
        ]:
            preparedness_actions.set_contact_chain(role, wanted, user)
    return role


def _risks(spec, municipality, user, today) -> None:
    for r in spec["risks"]:
        instance = Risk.objects.filter(municipality=municipality, title=r["title"]).first()
        data = {
            "municipality": municipality.pk,
            "title": r["title"],
            "scenario": r.get("scenario", ""),
            "likelihood": r["likelihood"],
            "impact": r["impact"],
            "owner": r["owner"],
            "measures": r.get("measures", ""),
            "review_date": _value(day(r.get("review_date", ""), today)),
        }
        form = RiskForm(data=data, instance=instance, user=user)
        _through_form(form, instance, _audited(user, "load_demo"), f"risk {r['title']}")


def _exercises(spec, municipality, user, org, today) -> None:
    for e in spec["exercises"]:
        instance = Exercise.objects.filter(municipality=municipality, title=e["title"]).first()
        data = {
            "municipality": municipality.pk,
            "title": e["title"],
            "scenario": e.get("scenario", ""),
            "planned_for": day(e["planned_for"], today),
            "held_on": _value(day(e.get("held_on", ""), today)),
            "organizations": [org(k).pk for k in e.get("organizations", [])],
            "lessons_learned": e.get("lessons_learned", ""),
        }
        form = ExerciseForm(data=data, instance=instance, user=user)
        exercise = _through_form(
            form, instance, _audited(user, "load_demo"), f"exercise {e['title']}"
        )
        figures = e.get("figures")
        if figures and any(getattr(exercise, k) != v for k, v in figures.items()):
            # What the incidents app records from the drill's activation (not editable).
            Exercise.objects.filter(pk=exercise.pk).update(**figures)
        for item in e.get("action_items", []):
            current = ActionItem.objects.filter(
                exercise=exercise, description=item["description"]
            ).first()
            form = ActionItemForm(
                data={"description": item["description"],
                      "responsible": item.get("responsible", ""),
                      "due_date": _value(day(item.get("due_date", ""), today))},
                instance=current,
            )  # fmt: skip

            def save(f, _exercise=exercise):
                obj = f.save(commit=False)
                obj.exercise = _exercise
                obj.save()
                return obj

            current = _through_form(form, current, save, f"{exercise}: {item['description']}")
            if current.done != item.get("done", False):
                ActionItem.objects.filter(pk=current.pk).update(done=item.get("done", False))
