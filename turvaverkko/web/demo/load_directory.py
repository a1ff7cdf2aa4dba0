"""Demo sites (meeting places, village halls, outreach stops) and their opening hours.

Sites, their languages, target groups and opening hours go through the directory's actions
(`create_site` / `update_site`); the other organisations present at a site have no action
(`create_site` links one) and are linked here, idempotently. The services and their links to
the sites go through the HSDS import (load_services.py)."""

from datetime import date, time

from django.utils import timezone

from turvaverkko.areas.models import Municipality, PostalCode
from turvaverkko.core.constants import CONTENT_LANGUAGES as LANGS
from turvaverkko.directory import recurrence as rec
from turvaverkko.directory.actions import (
    EXCEPTION_FIELDS,
    RULE_FIELDS,
    ChildChanges,
    create_site,
    update_site,
)
from turvaverkko.directory.models import Site
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm

from . import places
from .common import jitter, set_m2m, stable_id
from .swedish import SITES_SV

SWEDISH_FIRST = (Municipality.Language.BILINGUAL_SV, Municipality.Language.SWEDISH)
BILINGUAL = (Municipality.Language.BILINGUAL_FI, Municipality.Language.BILINGUAL_SV)
# Fortnightly rules count their weeks from this Monday.
FORTNIGHT_ANCHOR = date(2025, 1, 6)


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def load_sites(orgs: dict[str, Organization], by) -> dict[str, Site]:
    """The sites through the directory's actions (`create_site`, `update_site`: the same
    functions the site pages call) as `by`; on a re-run `update_site` is called only for a
    site whose definition differs, with only what differs, so nothing is written."""
    languages = Language.objects.in_bulk()
    groups = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy="target_group")}
    postal = PostalCode.objects.in_bulk([s.postal_code for s in places.ALL_SITES])
    municipalities = Municipality.objects.in_bulk([s.municipality for s in places.ALL_SITES])
    existing = Site.objects.prefetch_related(
        "organizations", "languages", "target_groups", "opening_rules", "opening_exceptions"
    ).in_bulk([stable_id("site", spec.key) for spec in places.ALL_SITES])
    sites = {}
    for spec in places.ALL_SITES:
        muni = municipalities[spec.municipality]
        code = postal[spec.postal_code]
        if code.municipality_id != muni.code:
            raise ValueError(f"{spec.key}: postal code {code.code} is not in {muni}")
        # Near the postal area's point where it has its own, else the municipality's.
        base = (code.latitude, code.longitude) if code.latitude else (muni.latitude, muni.longitude)
        base = spec.near or base
        lat, lon = jitter(*base, spec.key, spec.jitter_km)
        city = (code.name_sv if muni.language in SWEDISH_FIRST else code.name_fi).title()
        data = {
            "name_fi": spec.name_fi,
            "name_sv": spec.name_sv if muni.language in BILINGUAL else "",
            "description_fi": spec.description_fi,
            "description_sv": spec.description_sv,
            "transportation_fi": spec.transportation_fi,
            "kind": spec.kind,
            "low_threshold": spec.low_threshold,
            "street_address_fi": spec.street,
            "postal_code": code.code,
            "city": city,
            "municipality": muni,
            "latitude": lat,
            "longitude": lon,
            "is_published": True,
            **{name: name in spec.access for name in places.ACCESS_FLAGS},
            **SITES_SV.get(spec.key, {}),
        }
        site_languages = [languages[c] for c in spec.languages]
        site_groups = [groups[c] for c in spec.target_groups]
        rules, exceptions = _hours(spec)
        site_id = stable_id("site", spec.key)
        site = existing.get(site_id)
        if site is None:
            site = create_site(
                by=by,
                organization=orgs[spec.orgs[0]],
                data=data,
                languages=site_languages,
                target_groups=site_groups,
                rules=ChildChanges(rows=rules),
                exceptions=ChildChanges(rows=exceptions),
                site_id=site_id,
            )
        else:
            changed = {name: value for name, value in data.items() if getattr(site, name) != value}
            new_languages = _differs(site.languages.all(), site_languages)
            new_groups = _differs(site.target_groups.all(), site_groups)
            new_rules = _replacing(
                [r for r in site.opening_rules.all() if r.service_id is None], rules, RULE_FIELDS
            )
            new_exceptions = _replacing(site.opening_exceptions.all(), exceptions, EXCEPTION_FIELDS)
            if changed or new_languages or new_groups or new_rules or new_exceptions:
                site = update_site(
                    site,
                    by=by,
                    data=changed,
                    languages=new_languages,
                    target_groups=new_groups,
                    rules=new_rules,
                    exceptions=new_exceptions,
                )
        # Other organisations present at the same place (the site pages link them the same way).
        set_m2m(site.organizations, [orgs[k] for k in spec.orgs])
        sites[spec.key] = site
    return sites


def _differs(current, wanted: list) -> list | None:
    """`wanted` if the relation holds other rows, else None (update_site leaves it alone)."""
    return wanted if {o.pk for o in current} != {o.pk for o in wanted} else None


def _replacing(current, wanted: list[dict], fields: tuple[str, ...]) -> ChildChanges | None:
    """The child rows' changes that make `current` equal to `wanted`, or None if they are."""

    def key(values) -> tuple:
        # An empty text and a missing (NULL) one are the same here.
        return tuple(values.get(f, DEFAULTS.get(f)) or None for f in fields)

    rows = list(current)
    stored = sorted((key({f: getattr(r, f) for f in fields}) for r in rows), key=repr)
    if stored == sorted(map(key, wanted), key=repr):
        return None
    return ChildChanges(rows=wanted, deleted=[r.pk for r in rows])


# What a child row holds when the demo does not say (the models' defaults).
DEFAULTS = {"interval": 1}


def _hours(spec: places.SiteDef) -> tuple[list[dict], list[dict]]:
    """The site's weekly rules and its upcoming holiday exceptions, as the actions take them."""
    rules = [
        {
            "byday": byday,
            "opens_at": _hhmm(opens),
            "closes_at": _hhmm(closes),
            "pattern": (
                rec.MONTHLY_NTH if nth else rec.EVERY_2_WEEKS if interval == 2 else rec.WEEKLY
            ),
            "interval": interval,
            "nth": nth or 1,
            "valid_from": FORTNIGHT_ANCHOR if interval > 1 else None,
            **{f"description_{code}": text for code, text in zip(LANGS, note, strict=True)},
        }
        for byday, opens, closes, interval, note, nth in spec.hours
    ]
    today = timezone.localdate()
    exceptions = [
        {
            "date": _next(today, month, day),
            "closed": True,
            "description_fi": names["fi"],
            "description_sv": names["sv"],
            "description_en": names["en"],
        }
        for month, day, names in places.HOLIDAYS
    ]
    first_opening = _hhmm(spec.hours[0][1])
    for month, day, closes, notes in places.SHORT_DAYS:
        if first_opening < _hhmm(closes):
            exceptions.append(
                {
                    "date": _next(today, month, day),
                    "closed": False,
                    "opens_at": first_opening,
                    "closes_at": _hhmm(closes),
                    "description_fi": notes["fi"],
                    "description_sv": notes["sv"],
                    "description_en": notes["en"],
                }
            )
    return rules, exceptions


def _next(today: date, month: int, day: int) -> date:
    """The next time this day of the year comes (today included)."""
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)
