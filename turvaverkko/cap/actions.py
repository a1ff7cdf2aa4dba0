"""Storing parsed CAP warnings: Update and Cancel supersede or cancel the alerts they
reference; areas are matched to municipalities by the FI-kuntanumero geocode and by polygon
(municipality centre points)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from turvaverkko.areas.models import Municipality

from .models import CapAlert
from .parsing import ParsedAlert, parse


def _inside(lat: float, lon: float, polygon: list[list[float]]) -> bool:
    inside = False
    for (y1, x1), (y2, x2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _municipalities(
    alert: ParsedAlert, all_municipalities: Sequence[Municipality]
) -> list[Municipality]:
    out = [m for m in all_municipalities if m.code in alert.codes]
    if alert.polygons:
        for m in all_municipalities:
            if (
                m not in out
                and m.latitude is not None
                and any(_inside(m.latitude, m.longitude, p) for p in alert.polygons)
            ):
                out.append(m)
    return out


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0  # not Actual/Public, or already imported
    superseded: int = 0
    cancelled: int = 0


def import_cap(data: bytes) -> ImportResult:
    return store(parse(data))


def store(alerts: list[ParsedAlert]) -> ImportResult:
    """Store parsed alerts in one transaction, oldest first, so that an Update or Cancel
    finds what it references even when both arrive together (feed.py gathers alerts from
    several documents before calling this)."""
    result = ImportResult()
    municipalities = list(Municipality.objects.all())
    with transaction.atomic():
        for a in sorted(alerts, key=lambda a: a.sent):
            if a.status != "Actual" or a.scope != "Public":
                result.skipped += 1
                continue
            if CapAlert.objects.filter(sender=a.sender, identifier=a.identifier).exists():
                result.skipped += 1
                continue
            if a.msg_type in ("Update", "Cancel"):
                new_state = (
                    CapAlert.State.CANCELLED
                    if a.msg_type == "Cancel"
                    else CapAlert.State.SUPERSEDED
                )
                for sender, identifier in a.references:
                    n = CapAlert.objects.filter(
                        sender=sender, identifier=identifier, state=CapAlert.State.ACTIVE
                    ).update(state=new_state)
                    if a.msg_type == "Cancel":
                        result.cancelled += n
                    else:
                        result.superseded += n
            if a.msg_type not in ("Alert", "Update", "Cancel"):
                result.skipped += 1
                continue
            alert = CapAlert.objects.create(
                sender=a.sender,
                identifier=a.identifier,
                sent=a.sent,
                msg_type=a.msg_type,
                references=" ".join(f"{s},{i}" for s, i in a.references),
                event_code=a.event_code,
                event=a.event[:200],
                severity=a.severity,
                headline=a.headline[:500],
                description=a.description,
                onset=a.onset,
                expires=a.expires,
                polygons=a.polygons,
                state=CapAlert.State.CANCELLED if a.msg_type == "Cancel" else CapAlert.State.ACTIVE,
                raw_xml=a.raw,
            )
            alert.municipalities.set(_municipalities(a, municipalities))
            result.created += 1
    return result
