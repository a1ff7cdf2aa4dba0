"""Writing mapped PTV records into the registry and the directory (the commit of a PTV batch).

Each function writes one record onto `existing` (the object the row updates or merges into)
or a new object, and remembers the PTV id in `PtvLink`. They run inside the framework's one
transaction (importing.base.StagedImporter.commit): an error anywhere writes nothing.
"""

from typing import Any

from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Organization

from ..models import OpeningException, OpeningRule, PtvLink, Service, ServiceAtLocation, Site
from . import mapping


def link(ptv_id: str, kind: str, local_id: Any, modified: str) -> None:
    PtvLink.objects.update_or_create(
        ptv_id=ptv_id,
        defaults={"kind": kind, "local_id": local_id, "modified": modified,
                  "read_at": timezone.now()},
    )  # fmt: skip


def linked(model: Any, ptv_id: str) -> Any:
    """Our object that the PTV id became, or None."""
    found = PtvLink.objects.filter(ptv_id=ptv_id).first()
    return model.objects.filter(pk=found.local_id).first() if found else None


def organization(record: mapping.OrganizationRecord, existing: Organization | None) -> Organization:
    org = existing or Organization(kind=Organization.Kind.ASSOCIATION)
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
    link(record.ptv_id, PtvLink.Kind.ORGANIZATION, org.pk, "")
    return org


def notes(model: Any, descriptions: dict[str, str]) -> dict[str, str]:
    """A service hour's note as description_fi/sv/en, each language its own (a missing one
    empty) and cut to the field's length. Named columns: through the translated
    `description` a note would land in the committing user's language."""
    size = model._meta.get_field("description").max_length
    return {f"description_{lang}": descriptions.get(lang, "")[:size] for lang in mapping.LANGS}


def site(record: mapping.SiteRecord, existing: Site | None, org: Organization | None) -> Site:
    """A service location as a site; one PTV marks Deleted is unpublished, not deleted."""
    if record.deleted:
        assert existing is not None  # validate() skips a deleted record we do not hold
        existing.is_published = False
        existing.save()  # type: ignore[no-untyped-call]
        link(record.ptv_id, PtvLink.Kind.SITE, existing.pk, record.modified)
        return existing
    place = existing or Site(kind=Site.Kind.OFFICE)
    for lang in mapping.LANGS:
        setattr(place, f"name_{lang}", record.names.get(lang, ""))
        setattr(place, f"description_{lang}", record.descriptions.get(lang, ""))
        setattr(place, f"accessibility_notes_{lang}", record.accessibility.get(lang, ""))
    place.street_address = record.street_address
    place.postal_code = record.postal_code
    place.city = record.city
    place.municipality = Municipality.objects.filter(code=record.municipality_code).first()
    place.latitude, place.longitude = record.latitude, record.longitude
    place.phone, place.email, place.url = record.phone[:20], record.email, record.url
    place.external_identifier, place.external_identifier_type = record.ptv_id, "ptv"
    place.is_published = True
    place.save()  # type: ignore[no-untyped-call]
    if org is not None:
        place.organizations.add(org)
    place.opening_rules.filter(service__isnull=True).delete()
    for r in record.rules:
        OpeningRule.objects.create(
            site=place, byday=r.byday, opens_at=r.opens_at, closes_at=r.closes_at,
            valid_from=r.valid_from, valid_to=r.valid_to, **notes(OpeningRule, r.descriptions),
        )  # fmt: skip
    place.opening_exceptions.all().delete()
    for e in record.exceptions:
        OpeningException.objects.create(
            site=place, date=e.date, closed=e.closed, opens_at=e.opens_at,
            closes_at=e.closes_at, **notes(OpeningException, e.descriptions),
        )  # fmt: skip
    link(record.ptv_id, PtvLink.Kind.SITE, place.pk, record.modified)
    return place


def offer_services(place: Site, services: list[Service]) -> None:
    """The services the channel lists are offered at the place (links are only added: PTV
    does not move `modified` when a connection changes)."""
    for service in services:
        ServiceAtLocation.objects.get_or_create(service=service, site=place)


def service(
    record: mapping.ServiceRecord, existing: Service | None, org: Organization | None
) -> Service:
    """A service; one PTV marks Deleted becomes defunct."""
    if record.deleted:
        assert existing is not None  # validate() skips a deleted record we do not hold
        existing.status = Service.Status.DEFUNCT
        existing.save()  # type: ignore[no-untyped-call]
        link(record.ptv_id, PtvLink.Kind.SERVICE, existing.pk, record.modified)
        return existing
    if existing is None:
        assert org is not None  # validate() skips a new service without an organisation
        existing = Service(organization=org)
    for lang in mapping.LANGS:
        setattr(existing, f"name_{lang}", record.names.get(lang, ""))
        setattr(existing, f"description_{lang}", record.descriptions.get(lang, ""))
    if record.service_classes:
        existing.ptv_service_classes = record.service_classes
    existing.status = Service.Status.ACTIVE
    existing.save()  # type: ignore[no-untyped-call]
    link(record.ptv_id, PtvLink.Kind.SERVICE, existing.pk, record.modified)
    return existing
