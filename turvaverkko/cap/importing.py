"""CAP weather warnings on the import framework (docs/importing.md): a row is an alert.

- parse: the framework's size limit first, then the XML (parsing.parse: FMI CAP 1.2, an
  alert or an Atom feed; a malformed or foreign document is refused whole); each alert
  becomes a row (sender, identifier, sent, its XML), numbered in document order.
- validate: each alert is read again from its XML; an alert of an unknown message type is
  skipped, an alert already stored (or twice in the batch) is a duplicate, skipped.
- commit: oldest first, in one transaction, so that an Update or Cancel finds what it
  references even when both arrive together; areas are matched to municipalities by the
  FI-kuntanumero geocode and by polygon (municipality centre points). Exercises, tests and
  non-public alerts are recorded in the state skipped with their reason and change nothing
  else (the warnings page lists them); an alert that will not be suggested says why (below the
  threshold, no area match). An Update or Cancel sends `signals.warning_changed` for every
  alert it supersedes or cancels (incidents logs it on the incident opened from it).
- The XML is kept byte for byte as received (parsing.parse keeps each alert's own bytes).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from turvaverkko.areas.models import Municipality
from turvaverkko.importing.base import (
    Decision,
    Duplicate,
    RowResult,
)
from turvaverkko.importing.models import ImportBatch
from turvaverkko.importing.records import RecordImporter
from turvaverkko.importing.registry import FORMATS, IMPORTERS, register

from .models import CapAlert
from .parsing import ParsedAlert, _parse_alert, parse
from .signals import warning_changed

TARGET = "cap"
HEADER = ["sender", "identifier", "sent", "xml"]
SUGGEST_SEVERITIES = {"Severe", "Extreme"}


def alert_row(alert: ParsedAlert) -> list[str]:
    return [alert.sender, alert.identifier, alert.sent.isoformat(), alert.raw]


class CapXmlFormat:
    """FMI CAP 1.2 XML: one row per alert. An alert's XML is longer than a spreadsheet cell
    may be; the file's size limit bounds it."""

    format = "cap"
    extensions: tuple[str, ...] = (".xml",)

    def read(self, data: bytes) -> Iterator[list[str]]:
        yield HEADER
        for alert in parse(data):  # CapError: the whole document is refused
            yield alert_row(alert)

    def row_cells(self, number: int, cells: Iterable[Any]) -> list[str]:
        return [str(c) for c in cells]


FORMATS.setdefault(CapXmlFormat.format, CapXmlFormat)


def _inside(lat: float, lon: float, polygon: list[list[float]]) -> bool:
    inside = False
    for (y1, x1), (y2, x2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def municipalities_of(
    alert: ParsedAlert, all_municipalities: Sequence[Municipality]
) -> list[Municipality]:
    out = [m for m in all_municipalities if m.code in alert.codes]
    if alert.polygons:
        for m in all_municipalities:
            if (
                m not in out
                and m.latitude is not None
                and m.longitude is not None
                and any(_inside(m.latitude, m.longitude, p) for p in alert.polygons)
            ):
                out.append(m)
    return out


def _skip_reason(a: ParsedAlert, matched: list[Municipality]) -> str:
    if a.status != "Actual" or a.scope != "Public":
        return CapAlert.SkipReason.EXERCISE
    if not matched:
        return CapAlert.SkipReason.NO_AREA_MATCH
    if a.severity not in SUGGEST_SEVERITIES:
        return CapAlert.SkipReason.BELOW_THRESHOLD
    return ""


@register
class CapImporter(RecordImporter):
    """One row per alert; a feed without alerts is no error (there are no warnings now)."""

    target = TARGET
    formats = ("cap",)
    header = HEADER

    def row_values(self, batch: ImportBatch, row: dict[str, Any]) -> dict[str, str]:
        values = super().row_values(batch, row)
        values["xml"] = row["cells"][batch.mapping["xml"]]  # unstripped: byte for byte
        return values

    def prepare(self, batch: ImportBatch) -> None:
        self.alerts: dict[int, ParsedAlert] = {}
        self.tally = {"superseded": 0, "cancelled": 0}
        self.municipalities = list(Municipality.objects.all())

    def clean_row(self, result: RowResult, values: dict[str, str]) -> None:
        # The XML was checked whole at the parse stage; DOCTYPE and entities were refused.
        alert = _parse_alert(ET.fromstring(values["xml"].encode("utf-8")))  # noqa: S314
        alert.raw = values["xml"]  # the bytes as received, not re-serialised
        self.alerts[result.number] = alert
        result.values["alert"] = alert
        result.values["ignored"] = alert.msg_type not in ("Alert", "Update", "Cancel")

    def validate(
        self, batch: ImportBatch, progress: Callable[[int], None] | None = None
    ) -> list[RowResult]:
        results = super().validate(batch, progress)
        # Oldest first: an Update or Cancel finds the alert it references.
        return sorted(results, key=lambda r: (r.values["alert"].sent, r.number))

    def find_duplicates(self, results: list[RowResult]) -> None:
        keys = {(r.values["alert"].sender, r.values["alert"].identifier) for r in results}
        stored = {
            (a.sender, a.identifier): a
            for a in CapAlert.objects.filter(identifier__in=[k[1] for k in keys])
            if (a.sender, a.identifier) in keys
        }
        seen: dict[tuple[str, str], int] = {}
        for result in results:
            alert = result.values["alert"]
            key = (alert.sender, alert.identifier)
            if key in stored:
                result.duplicate = Duplicate(
                    _("already imported"), existing=stored[key], can_update=False
                )
            elif key in seen:
                result.duplicate = Duplicate(_("already imported"), row=seen[key], can_update=False)
            seen.setdefault(key, result.number)

    def decide(self, batch: ImportBatch, result: RowResult) -> None:
        if result.values["ignored"]:
            result.decision = Decision.SKIP  # not Actual/Public, or not a message we store
            return
        super().decide(batch, result)

    def commit_row(self, batch: ImportBatch, result: RowResult, written: dict[int, Any]) -> str:
        if result.duplicate is not None:
            return "skipped"  # an alert is never changed once stored
        a: ParsedAlert = result.values["alert"]
        matched = municipalities_of(a, self.municipalities)
        reason = _skip_reason(a, matched)
        exercise = reason == CapAlert.SkipReason.EXERCISE
        if exercise:
            state = CapAlert.State.SKIPPED
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
        written[result.number] = alert
        if exercise:
            return "skipped"  # recorded, with its reason, and nothing else
        if a.msg_type in ("Update", "Cancel"):
            self._apply_references(a, alert)
        return "created"

    def _apply_references(self, a: ParsedAlert, alert: CapAlert) -> None:
        cancel = a.msg_type == "Cancel"
        new_state = CapAlert.State.CANCELLED if cancel else CapAlert.State.SUPERSEDED
        for sender, identifier in a.references:
            for old in CapAlert.objects.filter(
                sender=sender, identifier=identifier, state=CapAlert.State.ACTIVE
            ):
                old.state = new_state
                old.save(update_fields=["state"])
                self.tally["cancelled" if cancel else "superseded"] += 1
                warning_changed.send(sender=CapAlert, old=old, new=alert, msg_type=a.msg_type)

    def extra_counts(self) -> dict[str, int]:
        return dict(self.tally)


# The target combined with its format (what importer_for_batch builds for a stored batch).
CapXmlImporter: type[CapImporter] = IMPORTERS[(TARGET, CapXmlFormat.format)]  # type: ignore[assignment]
