"""A PTV read becomes a preview; committing the preview writes all of it or nothing.

Duplicates are found by business ID (the organisation) and by name + street address (a place
already in the directory that did not come from PTV): such a place is linked and updated, not
created twice, and the preview says so.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Organization

from ..models import OpeningException, OpeningRule, PtvLink, Service, ServiceAtLocation, Site
from . import mapping
from .client import PtvError, PtvReader


@dataclass
class Preview:
    organizations: list[mapping.OrganizationRecord] = field(default_factory=list)
    sites: list[mapping.SiteRecord] = field(default_factory=list)
    services: list[mapping.ServiceRecord] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> dict[str, Any]:
        links = set(
            PtvLink.objects.filter(
                ptv_id__in=[r.ptv_id for r in [*self.sites, *self.services]]
            ).values_list("ptv_id", flat=True)
        )
        records = [*self.sites, *self.services]
        return {
            "new": sum(1 for r in records if r.ptv_id not in links and not r.deleted),
            "changed": sum(1 for r in records if r.ptv_id in links and not r.deleted),
            "deleted": sum(1 for r in records if r.deleted),
            "unchanged": self.unchanged,
            "duplicates": list(self.duplicates),
        }


def _skip_unchanged(preview: Preview, records: list[Any]) -> list[Any]:
    """Drop records whose PTV `modified` is what we read last time."""
    seen = dict(
        PtvLink.objects.filter(ptv_id__in=[r.ptv_id for r in records]).values_list(
            "ptv_id", "modified"
        )
    )
    kept = [r for r in records if not r.modified or seen.get(r.ptv_id) != r.modified]
    preview.unchanged += len(records) - len(kept)
    return kept


def _find_duplicates(preview: Preview) -> None:
    for org in preview.organizations:
        if not org.business_id:
            continue
        existing = Organization.objects.filter(business_id=org.business_id).first()
        if existing and not PtvLink.objects.filter(ptv_id=org.ptv_id).exists():
            preview.duplicates.append(
                f"Organisation {org.business_id} is already in the registry as "
                f"{existing.name}: it will be linked and updated."
            )
    for site in preview.sites:
        if site.deleted or PtvLink.objects.filter(ptv_id=site.ptv_id).exists():
            continue
        twin = _twin(site)
        if twin is not None:
            preview.duplicates.append(
                f"{site.names.get('fi') or next(iter(site.names.values()))}, "
                f"{site.street_address}: already in the directory; it will be linked and updated."
            )


def _twin(site: mapping.SiteRecord) -> Site | None:
    if not site.street_address:
        return None
    names = Q()
    for lang, name in site.names.items():
        names |= Q(**{f"name_{lang}__iexact": name})
    return (
        Site.objects.filter(names, street_address__iexact=site.street_address)
        .exclude(external_identifier_type="ptv")
        .first()
    )


def read_organization(reader: PtvReader, business_id: str) -> Preview:
    """Full read of one organisation's services and service locations (the weekly read)."""
    data = reader.organization_by_business_id(business_id)
    if data is None:
        raise PtvError(f"PTV has no organisation with business ID {business_id}")
    organization = mapping.organization(data)
    preview = Preview([organization])
    org_id = organization.ptv_id
    preview.sites = _skip_unchanged(
        preview, [mapping.service_location(c) for c in reader.service_locations_of(org_id)]
    )
    preview.services = _skip_unchanged(
        preview, [mapping.service(s) for s in reader.services_of(org_id)]
    )
    _find_duplicates(preview)
    return preview


def read_municipality(reader: PtvReader, municipality_code: str) -> Preview:
    """Every service location in a municipality, with the organisations that keep them and
    the services offered there."""
    channels = reader.service_locations_in(municipality_code)
    preview = Preview()
    org_ids = sorted({str(c.get("organizationId")) for c in channels if c.get("organizationId")})
    preview.organizations = [mapping.organization(o) for o in reader.organizations(org_ids)]
    preview.sites = _skip_unchanged(preview, [mapping.service_location(c) for c in channels])
    service_ids = sorted({i for site in preview.sites for i in site.service_ids})
    preview.services = _skip_unchanged(
        preview, [mapping.service(s) for s in reader.services(service_ids)]
    )
    _find_duplicates(preview)
    return preview


def read_changes(reader: PtvReader, since: datetime) -> Preview:
    """The daily read: records changed since `since` that we already hold."""
    known = set(PtvLink.objects.values_list("ptv_id", flat=True))
    channel_ids = [i for i in reader.changed_channel_ids(since) if i in known]
    service_ids = [i for i in reader.changed_service_ids(since) if i in known]
    preview = Preview()
    preview.sites = _skip_unchanged(
        preview, [mapping.service_location(c) for c in reader.channels(channel_ids)]
    )
    preview.services = _skip_unchanged(
        preview, [mapping.service(s) for s in reader.services(service_ids)]
    )
    return preview


def _link(ptv_id: str, kind: str, local_id: Any, modified: str) -> None:
    PtvLink.objects.update_or_create(
        ptv_id=ptv_id,
        defaults={"kind": kind, "local_id": local_id, "modified": modified,
                  "read_at": timezone.now()},
    )  # fmt: skip


def _linked(model: Any, ptv_id: str) -> Any:
    link = PtvLink.objects.filter(ptv_id=ptv_id).first()
    return model.objects.filter(pk=link.local_id).first() if link else None


def _organization(record: mapping.OrganizationRecord) -> Organization:
    org = _linked(Organization, record.ptv_id)
    if org is None and record.business_id:
        org = Organization.objects.filter(business_id=record.business_id).first()
    if org is None:
        org = Organization(kind=Organization.Kind.ASSOCIATION)
    for lang in mapping.LANGS:
        if lang in record.names:
            setattr(org, f"name_{lang}", record.names[lang])
        if lang in record.descriptions:
            setattr(org, f"description_{lang}", record.descriptions[lang])
    if record.business_id:
        org.business_id = record.business_id
    org.save()
    municipality = Municipality.objects.filter(code=record.municipality_code).first()
    if municipality is not None:
        org.municipalities.add(municipality)
    _link(record.ptv_id, PtvLink.Kind.ORGANIZATION, org.pk, "")
    return org


def _site(record: mapping.SiteRecord, org: Organization | None) -> Site | None:
    site = _linked(Site, record.ptv_id) or (None if record.deleted else _twin(record))
    if record.deleted:
        if site is not None:
            site.is_published = False
            site.save()
            _link(record.ptv_id, PtvLink.Kind.SITE, site.pk, record.modified)
        return None
    if site is None:
        site = Site(kind=Site.Kind.OFFICE)
    for lang in mapping.LANGS:
        setattr(site, f"name_{lang}", record.names.get(lang, ""))
        setattr(site, f"description_{lang}", record.descriptions.get(lang, ""))
        setattr(site, f"accessibility_notes_{lang}", record.accessibility.get(lang, ""))
    site.street_address, site.postal_code, site.city = (
        record.street_address,
        record.postal_code,
        record.city,
    )
    site.municipality = Municipality.objects.filter(code=record.municipality_code).first()
    site.latitude, site.longitude = record.latitude, record.longitude
    site.phone, site.email, site.url = record.phone[:20], record.email, record.url
    site.external_identifier, site.external_identifier_type = record.ptv_id, "ptv"
    site.is_published = True
    site.save()
    if org is not None:
        site.organizations.add(org)
    site.opening_rules.all().delete()
    for r in record.rules:
        OpeningRule.objects.create(
            site=site, byday=r.byday, opens_at=r.opens_at, closes_at=r.closes_at,
            valid_from=r.valid_from, valid_to=r.valid_to,
        )  # fmt: skip
    site.opening_exceptions.all().delete()
    for e in record.exceptions:
        OpeningException.objects.create(
            site=site, date=e.date, closed=e.closed, opens_at=e.opens_at,
            closes_at=e.closes_at, description=e.description[:200],
        )  # fmt: skip
    _link(record.ptv_id, PtvLink.Kind.SITE, site.pk, record.modified)
    return site


def _service(record: mapping.ServiceRecord, org: Organization | None) -> Service | None:
    service = _linked(Service, record.ptv_id)
    if record.deleted:
        if service is not None:
            service.status = Service.Status.DEFUNCT
            service.save()
            _link(record.ptv_id, PtvLink.Kind.SERVICE, service.pk, record.modified)
        return None
    if service is None:
        if org is None:
            return None
        service = Service(organization=org)
    for lang in mapping.LANGS:
        setattr(service, f"name_{lang}", record.names.get(lang, ""))
        setattr(service, f"description_{lang}", record.descriptions.get(lang, ""))
    service.status = Service.Status.ACTIVE
    service.save()
    _link(record.ptv_id, PtvLink.Kind.SERVICE, service.pk, record.modified)
    return service


@transaction.atomic
def commit(preview: Preview) -> dict[str, Any]:
    """Write the preview: everything, or (on any error) nothing. Returns what it did."""
    summary = preview.summary()
    orgs = {record.ptv_id: _organization(record) for record in preview.organizations}

    def org_of(ptv_id: str) -> Organization | None:
        if not ptv_id:
            return next(iter(orgs.values()), None) if len(orgs) == 1 else None
        return orgs.get(ptv_id) or _linked(Organization, ptv_id)

    services = {}
    for record in preview.services:
        service = _service(record, org_of(record.organization_id))
        if service is not None:
            services[record.ptv_id] = service
    for record in preview.sites:
        site = _site(record, org_of(record.organization_id))
        if site is None:
            continue
        for ptv_id in record.service_ids:
            service = services.get(ptv_id) or _linked(Service, ptv_id)
            if service is not None:
                ServiceAtLocation.objects.get_or_create(service=service, site=site)
    return summary
