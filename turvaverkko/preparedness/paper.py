"""The paper pack: what a coordinator needs on paper when the network and power are down.

A blackout pack (issue 10 §6): a calling tree across the organisations (the coordinator
calls the first ones, each of them calls the next: the plan's roles first, then the rest of
the network with contacts), every number printed for dialling ("050 555 1100") with the
deputies beside it; the coordinator's own numbers, the municipal and regional coordinators
and the rescue department; each scenario's alert text and roles; the readiness centres
(address, capacity, beds, heating/power/water, the key holder); "when phones do not work":
meeting points, readiness centres and a runner plan. A4, in the municipality's language
(Swedish too for a bilingual one), the time printed on every page (paper.css).

The PDF is cached until any of its data changes: the key carries the change counter
PACK_COUNTER, which receivers.py increments on every save or delete of that data.
"""

from dataclasses import dataclass, field

import phonenumbers
from django.core.cache import cache
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turvaverkko.core import counters
from turvaverkko.core.pdf import render_document
from turvaverkko.registry.models import ContactPerson, Organization, RoleAssignment
from turvaverkko.resources.models import Resource

from .models import ReadinessPlan

PACK_COUNTER = "preparedness.paper_pack"
BRANCHING = 3  # each caller calls at most this many organisations next
CACHE_SECONDS = 7 * 24 * 3600


def dialable(phone: str) -> str:
    """A number as dialled in Finland: "050 555 1100", "02 123 4567"; a foreign one in
    international form; what cannot be read is printed as stored."""
    if not phone:
        return ""
    try:
        number = phonenumbers.parse(phone, "FI")
    except phonenumbers.NumberParseException:
        return phone
    if number.country_code != 358:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    prefix, _sep, rest = national.partition(" ")
    digits = rest.replace(" ", "")
    if not digits:
        return national
    split = 3 if len(digits) in (6, 7) else 4 if len(digits) == 8 else len(digits)
    grouped = " ".join(part for part in (digits[:split], digits[split:]) if part)
    return f"{prefix} {grouped}"


def pack_languages(municipality) -> list[str]:
    """The languages the pack is printed in: the majority language first."""
    return {"fi": ["fi"], "sv": ["sv"], "fi-sv": ["fi", "sv"], "sv-fi": ["sv", "fi"]}.get(
        municipality.language, ["fi"]
    )


@dataclass
class Person:
    name: str
    title: str
    phone: str  # dialable

    @classmethod
    def of_contact(cls, c: ContactPerson) -> "Person":
        return cls(name=c.name, title=c.title, phone=dialable(c.phone))


@dataclass
class TreeNode:
    organization: Organization
    first: Person | None
    deputies: list[Person]
    role_tasks: list[str]
    address: str
    number: int = 0
    caller: "TreeNode | None" = None
    children: list["TreeNode"] = field(default_factory=list)


def _site_address(org: Organization, municipality) -> str:
    for site in org.sites.all():
        if site.municipality_id == municipality.code and site.street_address:
            return f"{site.name}, {site.street_address}"
    return ""


def calling_tree(municipality, plan_rows) -> list[TreeNode]:
    """Every organisation with a contact: the plan's roles in order first, then the rest of
    the network by name; node i calls nodes i*BRANCHING+1 ... (the coordinator is node 0)."""
    order: list[Organization] = []
    chains: dict = {}
    tasks: dict = {}
    for item in plan_rows:
        for s in item["scenarios"]:
            for r in s["roles"]:
                org = r["role"].organization
                tasks.setdefault(org.pk, []).append(r["role"].task)
                if org.pk not in chains:
                    order.append(org)
                    chains[org.pk] = r["chain"]
    rest = (
        Organization.objects.filter(municipalities=municipality, contacts__isnull=False)
        .exclude(pk__in=list(chains))
        .distinct()
        .prefetch_related("contacts", "sites")
    )
    # by the name as printed (the reader's language, Finnish when not translated)
    for org in sorted(rest, key=lambda o: (str(o.name).casefold(), str(o.pk))):
        order.append(org)
        chains[org.pk] = list(org.contacts.order_by("position", "pk"))
    nodes = []
    for i, org in enumerate(order, start=1):
        chain = [c for c in chains[org.pk] if c.phone] or chains[org.pk]
        if not chain:
            continue
        nodes.append(
            TreeNode(
                organization=org,
                first=Person.of_contact(chain[0]),
                deputies=[Person.of_contact(c) for c in chain[1:]],
                role_tasks=tasks.get(org.pk, []),
                address=_site_address(org, municipality),
                number=i,
            )
        )
    for i, node in enumerate(nodes, start=1):
        node.number = i
        parent_index = (i - 1) // BRANCHING  # 0: the coordinator
        if parent_index:
            node.caller = nodes[parent_index - 1]
            node.caller.children.append(node)
    return nodes


def user_phone(user) -> str:
    """A user's number: from a contact person linked to them (users have no phone field)."""
    found = (
        ContactPerson.objects.filter(user=user)
        .exclude(phone="")
        .order_by("position", "pk")
        .values_list("phone", flat=True)
        .first()
    )
    return dialable(found or "")


def coordinators(municipality) -> dict:
    """Municipal and regional coordinators of the municipality, with their numbers."""
    Role = RoleAssignment.Role
    found = RoleAssignment.objects.filter(
        Q(role=Role.MUNICIPAL_COORDINATOR, municipality=municipality)
        | Q(role=Role.REGIONAL_COORDINATOR, region=municipality.region_id)
        | Q(role=Role.REGIONAL_COORDINATOR, county=municipality.county_id)
    ).select_related("user")
    out: dict = {"municipal": [], "regional": []}
    seen = set()
    for a in found.order_by("user__last_name", "user__first_name"):
        key = (a.role, a.user_id)
        if key in seen:
            continue
        seen.add(key)
        person = Person(name=a.user.get_full_name() or a.user.email, title="", phone="")
        person.phone = user_phone(a.user)
        out["municipal" if a.role == Role.MUNICIPAL_COORDINATOR else "regional"].append(person)
    return out


def rescue_contacts(municipality) -> list[dict]:
    orgs = Organization.objects.filter(
        kind=Organization.Kind.RESCUE_DEPARTMENT, municipalities=municipality
    ).prefetch_related("contacts")
    return [
        {
            "organization": org,
            "people": [Person.of_contact(c) for c in org.contacts.order_by("position", "pk")],
        }
        for org in orgs
    ]


def _resource_address(res: Resource) -> str:
    parts = []
    if res.site:
        parts.append(f"{res.site.name}, {res.site.street_address}".strip(", "))
    if res.address:
        parts.append(res.address)
    return "; ".join(parts)


def _key_holder(res: Resource) -> list[Person]:
    return [Person.of_contact(c) for c in res.organization.contacts.order_by("position", "pk")][:2]


def pack_context(municipality, *, private: bool, user=None) -> dict:
    plans = (
        ReadinessPlan.objects.filter(municipalities=municipality)
        .prefetch_related(
            "municipalities",
            "scenarios__roles__organization__contacts",
            "scenarios__roles__organization__sites",
            "scenarios__roles__chain_links__contact",
            "scenarios__roles__resources",
            "scenarios__roles__agreement",
        )
        .order_by("title")
    )
    tree = {}
    plan_rows = []
    for plan in plans:
        scenarios = []
        for scenario in plan.scenarios.all():
            roles = []
            for role in scenario.roles.all():
                chain = role.contact_chain()
                people = [Person.of_contact(c) for c in chain]
                roles.append({"role": role, "chain": chain, "people": people})
                tree.setdefault(role.organization.pk, (role.organization, chain))
            scenarios.append({"scenario": scenario, "roles": roles})
        plan_rows.append({"plan": plan, "scenarios": scenarios})
    resources = Resource.objects.filter(municipality=municipality).select_related(
        "organization", "site"
    )
    centres = [
        {"resource": r, "address": _resource_address(r), "key_holders": _key_holder(r)}
        for r in resources
        if r.kind == Resource.Kind.PREMISES
    ]
    meeting_points = [
        {"resource": r, "address": _resource_address(r)}
        for r in resources
        if r.kind == Resource.Kind.MEETING_POINT
    ]
    now = timezone.localtime()
    printed = _("Printed %(date)s at %(time)s") % {
        "date": f"{now.day}.{now.month}.{now.year}",
        "time": now.strftime("%H.%M"),
    }
    context = {
        "municipality": municipality,
        "plans": plan_rows,
        "resources": resources,
        "phone_tree": sorted(tree.values(), key=lambda t: t[0].name),
        "private": private,
        "printed": printed,
        "centres": centres,
        "meeting_points": meeting_points,
    }
    if private:
        nodes = calling_tree(municipality, plan_rows)
        context.update(
            {
                "calling_tree": nodes,
                "first_calls": nodes[:BRANCHING],
                "coordinators": coordinators(municipality),
                "rescue": rescue_contacts(municipality),
                "me": (
                    Person(name=user.get_full_name(), title="", phone=user_phone(user))
                    if user is not None and user.is_authenticated
                    else None
                ),
            }
        )
    return context


def pack_html(municipality, *, private: bool = True, for_pdf: bool = True, user=None) -> str:
    context = pack_context(municipality, private=private, user=user)
    context["for_pdf"] = for_pdf
    return render_to_string("preparedness/paper_pack.html", context)


def pack_document(municipality, *, user=None, language: str | None = None):
    """The laid-out WeasyPrint document (pages) of the private paper pack."""
    with translation.override(language or pack_languages(municipality)[0]):
        html = pack_html(municipality, private=True, for_pdf=True, user=user)
    return render_document(html, "preparedness/paper.css")


def cache_key(municipality, *, user=None, language: str) -> str:
    user_pk = getattr(user, "pk", None) or 0
    version = counters.value(PACK_COUNTER)
    return f"paper-pack:{municipality.code}:{language}:{user_pk}:{version}"


def pack_pdf(municipality, *, user=None, language: str | None = None) -> bytes:
    """The PDF; the same bytes again until its data changes (PACK_COUNTER)."""
    language = language or pack_languages(municipality)[0]
    key = cache_key(municipality, user=user, language=language)
    pdf = cache.get(key)
    if pdf is None:
        pdf = pack_document(municipality, user=user, language=language).write_pdf()
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
