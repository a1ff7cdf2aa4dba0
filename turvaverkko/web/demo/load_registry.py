"""Demo organisations, their contact chains (primary and deputies) and the networks."""

from datetime import timedelta
from uuid import UUID

from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.actions import import_organisations
from turvaverkko.registry.importing import ImportFileError, ImportRefused
from turvaverkko.registry.models import ContactPerson, Network, Organization, TaxonomyTerm

from . import network as data
from .common import IdentifierMint, rng, set_m2m, upsert
from .files import DemoDataError
from .people import NameBook, ascii_slug


def terms(taxonomy: str) -> dict[str, TaxonomyTerm]:
    return {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy=taxonomy)}


def confirmed_at(org: data.Org, today_midnight):
    days = data.STALE_DAYS.get(org.key)
    if days is None:
        days = rng("confirmed", org.key).randint(10, 300)
    return today_midnight - timedelta(days=days)


DEFAULT_DESCRIPTIONS = {
    "association": "Paikallinen yhdistys, mukana kunnan järjestöverkostossa ja varautumisessa.",
    "red_cross_branch": "Punaisen Ristin osasto: ensiapu, ystävätoiminta ja valmiustoiminta.",
    "parish": "Evankelis-luterilainen seurakunta: diakoniatyö ja kriisiapu.",
    "municipal_unit": "Kunta: hyvinvoinnin edistäminen ja valmiussuunnittelu.",
    "wellbeing_county": "Hyvinvointialue järjestää sosiaali- ja terveyspalvelut.",
    "rescue_department": "Pelastuslaitos johtaa pelastustoimintaa onnettomuuksissa.",
}


# The columns of the organisation import (its field names are header synonyms too).
IMPORT_HEADER = [
    "name",
    "name_sv",
    "kind",
    "business_id",
    "association_number",
    "municipalities",
    "org_email",
    "org_phone",
    "website",
    "themes",
    "target_groups",
    "description",
]


def import_rows(names: NameBook) -> tuple[list[list[str]], dict[str, dict]]:
    """organisations.csv as the rows of an organisation import (what a coordinator's file
    would hold), and per organisation what the import does not carry (demo history)."""
    mint = IdentifierMint()
    rows, extra = [IMPORT_HEADER], {}
    for org in data.ALL_ORGS:
        r = rng("org", org.key)
        registered = org.registered and org.kind in ("association", "village_association")
        slug = ascii_slug(org.name_fi.replace(" ", "").replace(":", ""))[:30]
        # About two in three registered associations show a Y-tunnus, as in PRH's data.
        business_id = mint.business_id(org.key) if registered and r.random() < 0.7 else ""
        number = mint.association_number(org.key) if registered and r.random() < 0.6 else ""
        phone = names.phone("organisation") if r.random() < 0.5 else ""
        website = f"https://{slug}.example.fi" if r.random() < 0.4 else ""
        rows.append(
            [
                org.name_fi,
                # Swedish names exist for the organisations of bilingual areas and public bodies.
                org.name_sv,
                org.kind,
                business_id,
                number,
                ";".join(org.municipalities),
                f"{slug}@example.fi",
                phone,
                website,
                ";".join(org.themes),
                ";".join(org.target_groups),
                org.description_fi or DEFAULT_DESCRIPTIONS.get(org.kind, ""),
            ]
        )
        extra[org.key] = {
            "description_sv": org.description_sv,
            "year_incorporated": r.randint(1920, 2015) if registered else None,
        }
    return rows, extra


def load_organisations(names: NameBook, persona_contacts: dict, admin) -> dict[str, Organization]:
    """Import every demo organisation through the organisation import (parse → map →
    validate → commit, as a coordinator's spreadsheet), then add what a spreadsheet does not
    carry: parents, confirmation dates, contact chains. Returns the organisations by key.

    A second run finds every row as an exact duplicate (Y-tunnus, register number, or name
    and municipality) and updates it, which writes nothing when nothing changed."""
    rows, extra = import_rows(names)
    decisions = {str(number): "update" for number in range(2, len(rows) + 1)}
    try:
        batch, counts = import_organisations(
            admin, rows=rows, filename="demo-organisations.csv", decisions=decisions
        )
    except (ImportFileError, ImportRefused) as exc:
        raise DemoDataError(f"organisations.csv: the import refused it: {exc}") from exc
    written = batch.written  # {"<row>": organisation id}; row 2 is the file's first
    if not counts["created"] and not counts["updated"]:
        batch.delete()  # nothing changed (a re-run): no batch kept either, nothing written
    ids = {key: written[str(number)] for number, key in enumerate(data.BY_KEY, start=2)}
    # Not the contacts: the later loaders read them after _load_contacts has written them.
    by_id = Organization.objects.prefetch_related(
        "themes", "target_groups", "municipalities"
    ).in_bulk(list(ids.values()))
    orgs = {key: by_id[UUID(pk)] for key, pk in ids.items()}
    themes, groups = terms("theme"), terms("target_group")
    municipalities = Municipality.objects.in_bulk(
        [c for o in data.ALL_ORGS for c in o.municipalities]
    )
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    for org in data.ALL_ORGS:
        obj = orgs[org.key]
        parent = orgs[org.parent] if org.parent else None
        values = {
            **extra[org.key],
            "parent_id": parent.pk if parent else None,
            # The association confirmed its data on a day the demo chooses (stale ones too);
            # an import alone leaves an organisation unconfirmed.
            "confirmed_at": confirmed_at(org, midnight),
            "is_active": True,
        }
        upsert(Organization, {"pk": obj.pk}, values, obj)
        # An import only adds list values; a value dropped from the demo file goes here.
        set_m2m(obj.themes, [themes[c] for c in org.themes])
        set_m2m(obj.target_groups, [groups[c] for c in org.target_groups])
        set_m2m(obj.municipalities, [municipalities[c] for c in org.municipalities])
        _load_contacts(org, obj, names, persona_contacts.get(org.key))
    return orgs


def _load_contacts(org: data.Org, obj: Organization, names: NameBook, persona=None) -> None:
    """A primary contact and one or two deputies; a persona's own organisation lists them."""
    r = rng("contacts", org.key)
    count = min(len(org.contact_titles), 2 + (r.random() < 0.5))
    existing = {c.position: c for c in obj.contacts.all()}
    public = org.kind in ("municipal_unit", "wellbeing_county", "rescue_department", "parish")
    for position in range(count):
        if position == 0 and persona is not None:
            user, first, last = persona
        else:
            user = None
            first, last = names.person(org.name_style)
        upsert(
            ContactPerson,
            {"organization": obj, "position": position},
            {
                "user_id": user.pk if user else None,
                "name": f"{first} {last}",
                "title": org.contact_titles[position],
                "phone": names.phone("contact"),
                "email": names.email(first, last),
                "is_public": public and position == 0,
            },
            existing.get(position),
        )
    if any(position >= count for position in existing):
        ContactPerson.objects.filter(organization=obj, position__gte=count).delete()


def load_networks(orgs: dict[str, Organization]) -> dict[str, Network]:
    municipalities = Municipality.objects.in_bulk(
        [c for n in data.NETWORKS for c in n["municipalities"]]
    )
    existing = {
        n.name_fi: n
        for n in Network.objects.filter(
            name_fi__in=[spec["name_fi"] for spec in data.NETWORKS]
        ).prefetch_related("municipalities", "members")
    }
    networks = {}
    for spec in data.NETWORKS:
        network = upsert(
            Network,
            {"name_fi": spec["name_fi"]},
            {
                "name_sv": spec["name_sv"],
                "name_en": spec["name_en"],
                "description_fi": spec["description_fi"],
            },
            existing.get(spec["name_fi"]),
        )
        set_m2m(network.municipalities, [municipalities[c] for c in spec["municipalities"]])
        set_m2m(network.members, [orgs[k] for k in spec["members"]])
        networks[spec["key"]] = network
    return networks
