"""Demo sites (meeting places, village halls, outreach stops), services and opening hours."""

from datetime import date, time

from django.utils import timezone

from turvaverkko.areas.models import Municipality, PostalCode
from turvaverkko.directory.models import (
    OpeningException,
    OpeningRule,
    Service,
    ServiceAtLocation,
    Site,
)
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm

from . import places
from .common import jitter, replace_rows, set_m2m, stable_id, upsert
from .services import SERVICES

SWEDISH_FIRST = (Municipality.Language.BILINGUAL_SV, Municipality.Language.SWEDISH)
BILINGUAL = (Municipality.Language.BILINGUAL_FI, Municipality.Language.BILINGUAL_SV)
# Fortnightly rules count their weeks from this Monday.
FORTNIGHT_ANCHOR = date(2025, 1, 6)
SERVICE_HAS_THEMES = any(f.name == "themes" for f in Service._meta.get_fields())


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def load_services(orgs: dict[str, Organization], languages, groups, themes) -> dict[str, Service]:
    related = ["target_groups", "languages", "service_area"] + (
        ["themes"] if SERVICE_HAS_THEMES else []
    )
    existing = Service.objects.prefetch_related(*related).in_bulk(
        [stable_id("service", spec.key) for spec in SERVICES]
    )
    services = {}
    for spec in SERVICES:
        service_id = stable_id("service", spec.key)
        service = upsert(
            Service,
            {"id": service_id},
            {
                "organization_id": orgs[spec.org].pk,
                "name_fi": spec.name_fi,
                "name_sv": spec.name_sv,
                "name_en": spec.name_en,
                "description_fi": spec.description_fi,
                "description_sv": spec.description_sv,
                "fees_description_fi": spec.fees_fi,
                "application_process_fi": spec.access_fi,
                "status": Service.Status.ACTIVE,
            },
            existing.get(service_id),
        )
        set_m2m(service.target_groups, [groups[c] for c in spec.target_groups])
        set_m2m(service.languages, [languages[c] for c in spec.languages])
        if SERVICE_HAS_THEMES:
            set_m2m(service.themes, [themes[c] for c in spec.themes])
        services[spec.key] = service
    return services


def load_sites(orgs: dict[str, Organization]) -> dict[str, Site]:
    languages = Language.objects.in_bulk()
    groups = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy="target_group")}
    themes = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy="theme")}
    services = load_services(orgs, languages, groups, themes)
    postal = PostalCode.objects.in_bulk([s.postal_code for s in places.ALL_SITES])
    municipalities = Municipality.objects.in_bulk([s.municipality for s in places.ALL_SITES])
    existing = Site.objects.prefetch_related(
        "organizations", "languages", "target_groups", "opening_rules", "opening_exceptions"
    ).in_bulk([stable_id("site", spec.key) for spec in places.ALL_SITES])
    links = ServiceAtLocation.objects.in_bulk(
        [
            stable_id("service-at-location", f"{k}@{spec.key}")
            for spec in places.ALL_SITES
            for k in spec.services
        ]
    )
    areas = {}  # service -> municipalities it must cover
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
        access = {name: name in spec.access for name in places.ACCESS_FLAGS}
        site_id = stable_id("site", spec.key)
        site = upsert(
            Site,
            {"id": site_id},
            {
                "name_fi": spec.name_fi,
                "name_sv": spec.name_sv if muni.language in BILINGUAL else "",
                "description_fi": spec.description_fi,
                "description_sv": spec.description_sv,
                "transportation_fi": spec.transportation_fi,
                "kind": spec.kind,
                "low_threshold": spec.low_threshold,
                "street_address": spec.street,
                "postal_code": code.code,
                "city": city,
                "municipality_id": muni.pk,
                "latitude": lat,
                "longitude": lon,
                "is_published": True,
                **access,
            },
            existing.get(site_id),
        )
        set_m2m(site.organizations, [orgs[k] for k in spec.orgs])
        set_m2m(site.languages, [languages[c] for c in spec.languages])
        set_m2m(site.target_groups, [groups[c] for c in spec.target_groups])
        for key in spec.services:
            link_id = stable_id("service-at-location", f"{key}@{spec.key}")
            upsert(
                ServiceAtLocation,
                {"id": link_id},
                {"service_id": services[key].pk, "site_id": site.pk},
                links.get(link_id),
            )
            areas.setdefault(key, []).append(muni)
        _load_hours(site, spec)
        sites[spec.key] = site
    for key, munis in areas.items():
        set_m2m(services[key].service_area, munis)
    return sites


def _load_hours(site: Site, spec: places.SiteDef) -> None:
    """The site's weekly rules and its upcoming holiday exceptions."""
    rules = [
        OpeningRule(
            site=site,
            byday=byday,
            opens_at=_hhmm(opens),
            closes_at=_hhmm(closes),
            interval=interval,
            valid_from=FORTNIGHT_ANCHOR if interval > 1 else None,
            description=note,
        )
        for byday, opens, closes, interval, note in spec.hours
    ]
    fields = ("byday", "opens_at", "closes_at", "interval", "valid_from", "description")
    replace_rows(site.opening_rules.all(), rules, fields)
    today = timezone.localdate()
    exceptions = []
    for month, day, names in places.HOLIDAYS:
        exceptions.append(
            OpeningException(
                site=site,
                date=_next(today, month, day),
                closed=True,
                description_fi=names["fi"],
                description_sv=names["sv"],
                description_en=names["en"],
            )
        )
    first_opening = _hhmm(spec.hours[0][1])
    for month, day, closes, notes in places.SHORT_DAYS:
        if first_opening < _hhmm(closes):
            exceptions.append(
                OpeningException(
                    site=site,
                    date=_next(today, month, day),
                    closed=False,
                    opens_at=first_opening,
                    closes_at=_hhmm(closes),
                    description_fi=notes["fi"],
                    description_sv=notes["sv"],
                    description_en=notes["en"],
                )
            )
    fields = ("date", "closed", "opens_at", "closes_at", "description_fi", "description_sv",
              "description_en")  # fmt: skip
    replace_rows(site.opening_exceptions.all(), exceptions, fields)


def _next(today: date, month: int, day: int) -> date:
    """The next time this day of the year comes (today included)."""
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)
