"""Storing parsed CAP warnings: Update and Cancel supersede or cancel the alerts they
reference; areas are matched to municipalities by the FI-kuntanumero geocode and by polygon
(municipality centre points)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from turvaverkko.areas.models import Municipality

from .models import CapAlert
from .parsing import ParsedAlert, parse
from .signals import warning_changed


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


SUGGEST_SEVERITIES = {"Severe", "Extreme"}


def _skip_reason(a: ParsedAlert, matched: list[Municipality]) -> str:
    if a.status != "Actual" or a.scope != "Public":
        return CapAlert.SkipReason.EXERCISE
    if not matched:
        return CapAlert.SkipReason.NO_AREA_MATCH
    if a.severity not in SUGGEST_SEVERITIES:
        return CapAlert.SkipReason.BELOW_THRESHOLD
    return ""


def store(alerts: list[ParsedAlert]) -> ImportResult:
    """Store parsed alerts in one transaction, oldest first, so that an Update or Cancel
    finds what it references even when both arrive together (feed.py gathers alerts from
    several documents before calling this).

    Exercises, tests and non-public alerts are recorded with their reason (state skipped)
    and change nothing else. An Update or Cancel sends `signals.warning_changed` for every
    alert it supersedes or cancels (incidents logs it on the incident opened from it)."""
    result = ImportResult()
    municipalities = list(Municipality.objects.all())
    with transaction.atomic():
        for a in sorted(alerts, key=lambda a: a.sent):
            if CapAlert.objects.filter(sender=a.sender, identifier=a.identifier).exists():
                result.skipped += 1
                continue
            if a.msg_type not in ("Alert", "Update", "Cancel"):
                result.skipped += 1
                continue
            matched = _municipalities(a, municipalities)
            reason = _skip_reason(a, matched)
            exercise = reason == CapAlert.SkipReason.EXERCISE
            if exercise:
                state = CapAlert.State.SKIPPED
                result.skipped += 1
            elif a.msg_type == "Cancel":
                state = CapAlert.State.CANCELLED
            else:
                state = CapAlert.State.ACTIVE
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
                state=state,
                status=a.status[:10],
                skip_reason=reason,
                color=a.color,
                infos=a.infos,
                raw_xml=a.raw,
            )
            alert.municipalities.set(matched)
            if exercise:
                continue
            result.created += 1
            if a.msg_type in ("Update", "Cancel"):
                _apply_references(a, alert, result)
    return result


def _apply_references(a: ParsedAlert, alert: CapAlert, result: ImportResult) -> None:
    new_state = CapAlert.State.CANCELLED if a.msg_type == "Cancel" else CapAlert.State.SUPERSEDED
    for sender, identifier in a.references:
        for old in CapAlert.objects.filter(
            sender=sender, identifier=identifier, state=CapAlert.State.ACTIVE
        ):
            old.state = new_state
            old.save(update_fields=["state"])
            if a.msg_type == "Cancel":
                result.cancelled += 1
            else:
                result.superseded += 1
            warning_changed.send(sender=CapAlert, old=old, new=alert, msg_type=a.msg_type)


@transaction.atomic
def dismiss(alert: CapAlert, *, user: Any, reason: str) -> CapAlert:
    """A coordinator decides a suggested warning needs no incident; the reason is kept."""
    alert.dismissed_at = timezone.now()
    alert.dismissed_by = user
    alert.dismissed_reason = reason
    alert.save(update_fields=["dismissed_at", "dismissed_by", "dismissed_reason"])
    return alert
