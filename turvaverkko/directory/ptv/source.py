"""PTV as a source of the import framework: an API read becomes the records of one batch.

A file format reads bytes; PTV is read through its API (client.py), so this module does the
"read" of the parse stage: it fetches what a read asks for (an organisation by business ID,
every service location of a municipality, or the records changed since a date), follows the
paging and fetches full objects with `list?guids=`, and returns one record per PTV
organisation, service and service channel, organisations first and service locations last (a
place links the services written before it). A broken page raises `PtvError` before any
batch exists, so nothing is half-read.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..models import PtvLink
from .client import PtvError, PtvReader

ORGANIZATION = "organization"
SERVICE = "service"
CHANNEL = "channel"
KINDS = (ORGANIZATION, SERVICE, CHANNEL)


@dataclass
class Read:
    """What one read brought: `label` names it (the batch's file name)."""

    label: str
    records: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def add(self, kind: str, items: list[dict[str, Any]]) -> None:
        seen = {(k, r.get("id")) for k, r in self.records}
        for item in items:
            if (kind, item.get("id")) not in seen:  # a record listed on two pages
                self.records.append((kind, item))
                seen.add((kind, item.get("id")))

    def ordered(self) -> list[tuple[str, dict[str, Any]]]:
        return sorted(self.records, key=lambda kr: KINDS.index(kr[0]))


def _service_ids(channels: list[dict[str, Any]]) -> list[str]:
    ids = {
        str(s["service"]["id"])
        for c in channels
        for s in c.get("services") or []
        if isinstance(s, dict) and isinstance(s.get("service"), dict) and s["service"].get("id")
    }
    return sorted(ids)


def read_organization(reader: PtvReader, business_id: str) -> Read:
    """Full read of one organisation: itself, its services and its service locations."""
    data = reader.organization_by_business_id(business_id)
    if data is None:
        raise PtvError(f"PTV has no organisation with business ID {business_id}")
    read = Read(f"PTV {business_id}")
    read.add(ORGANIZATION, [data])
    read.add(SERVICE, reader.services_of(str(data["id"])))
    read.add(CHANNEL, reader.service_locations_of(str(data["id"])))
    return read


def read_municipality(reader: PtvReader, municipality_code: str) -> Read:
    """Every service location in a municipality, the organisations that keep them and the
    services offered there."""
    channels = reader.service_locations_in(municipality_code)
    org_ids = sorted({str(c["organizationId"]) for c in channels if c.get("organizationId")})
    read = Read(f"PTV {municipality_code}")
    read.add(ORGANIZATION, reader.organizations(org_ids))
    read.add(SERVICE, reader.services(_service_ids(channels)))
    read.add(CHANNEL, channels)
    return read


def read_changes(reader: PtvReader, since: datetime) -> Read:
    """The daily read: the records changed since `since` that Turvaverkko already holds."""
    known = set(PtvLink.objects.values_list("ptv_id", flat=True))
    channel_ids = [i for i in dict.fromkeys(reader.changed_channel_ids(since)) if i in known]
    service_ids = [i for i in dict.fromkeys(reader.changed_service_ids(since)) if i in known]
    read = Read(f"PTV {since:%Y-%m-%d}")
    read.add(SERVICE, reader.services(service_ids))
    read.add(CHANNEL, reader.channels(channel_ids))
    return read
