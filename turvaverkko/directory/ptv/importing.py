"""PTV reads on the import framework (docs/importing.md): a row is one PTV record.

- parse: `source.py` reads the API (an API source on a file framework) and `stage()` stores its
  records as the rows of an `ImportBatch` (kind, PTV id, PTV `modified`, the record's JSON; the
  JSON is exempt from the cell length, as CAP's XML is). The format `ptv` reads the same rows
  from a JSON file (`{"records": [{"kind": ..., "record": {...}}]}`), e.g. a saved read.
- validate: each record is mapped again through mapping.py (a record that cannot be mapped is
  an error naming it, and blocks the commit); duplicates are the records read before
  (`PtvLink`: update, or skip when PTV's `modified` did not move), an organisation with the
  same business ID (update: link it) and a place with the same name and street address
  (possibly the same: merge by default, or create, or skip).
- commit: organisations, services, then places, in one transaction (the framework's), with
  `written` and `created_by` (None for the scheduled reads).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from turvaverkko.importing.base import (
    Decision,
    Duplicate,
    ImportFileError,
    ImportRefused,
    RowResult,
)
from turvaverkko.importing.limits import max_rows
from turvaverkko.importing.models import ImportBatch
from turvaverkko.importing.records import RecordImporter
from turvaverkko.importing.registry import FORMATS, IMPORTERS, register
from turvaverkko.registry.models import Organization

from ..models import PtvLink, Service, Site
from . import mapping, writing
from .client import PtvError
from .source import CHANNEL, KINDS, ORGANIZATION, SERVICE, Read

TARGET = "ptv"
HEADER = ["kind", "ptv_id", "modified", "record"]
MAPPERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    ORGANIZATION: mapping.organization,
    SERVICE: mapping.service,
    CHANNEL: mapping.service_location,
}
MODELS: dict[str, Any] = {ORGANIZATION: Organization, SERVICE: Service, CHANNEL: Site}


def record_row(kind: str, data: dict[str, Any]) -> list[str]:
    return [kind, str(data.get("id") or ""), str(data.get("modified") or ""), json.dumps(data)]


class PtvJsonFormat:
    """PTV records as JSON: one row per record. A record is longer than a spreadsheet cell
    may be; the file's size limit (or, for an API read, the row limit) bounds it."""

    format = "ptv"
    extensions: tuple[str, ...] = (".json",)

    def read(self, data: bytes) -> Iterator[list[str]]:
        try:
            document = json.loads(data)
            items = document["records"]
            rows = [record_row(i["kind"], i["record"]) for i in items]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ImportFileError(
                _("The file is not a PTV read: %(error)s") % {"error": exc}
            ) from exc
        yield HEADER
        yield from rows

    def row_cells(self, number: int, cells: Iterable[Any]) -> list[str]:
        return [str(c) for c in cells]


FORMATS.setdefault(PtvJsonFormat.format, PtvJsonFormat)


def name_of(record: Any) -> str:
    names = getattr(record, "names", {}) or {}
    return str(names.get("fi") or next(iter(names.values()), "") or record.ptv_id)


def twin_of(record: mapping.SiteRecord) -> Site | None:
    """A place already in the directory (not from PTV) with the same name and address."""
    if not record.street_address or not record.names:
        return None
    names = Q()
    for lang, name in record.names.items():
        names |= Q(**{f"name_{lang}__iexact": name})
    # Each language's column by name: a bare `street_address` would be the active
    # language's (modeltranslation), and a coordinator on the English pages found no twin.
    streets = Q()
    for lang in ("fi", "sv", "en"):
        streets |= Q(**{f"street_address_{lang}__iexact": record.street_address})
    return Site.objects.filter(names, streets).exclude(external_identifier_type="ptv").first()


@register
class PtvImporter(RecordImporter):
    """One row per PTV record; a read that found nothing is no error."""

    target = TARGET
    formats = ("ptv",)
    header = HEADER

    # --- validate ---------------------------------------------------------------------------

    def prepare(self, batch: ImportBatch) -> None:
        ids = [row["cells"][batch.mapping["ptv_id"]] for row in batch.rows]
        self.links = {link.ptv_id: link for link in PtvLink.objects.filter(ptv_id__in=ids)}
        self.objects: dict[str, Any] = {}  # PTV id → what this commit wrote or matched
        self.tally = {"deleted": 0}

    def clean_row(self, result: RowResult, values: dict[str, str]) -> None:
        kind = values["kind"]
        try:
            if kind not in KINDS:
                raise PtvError(f"unknown kind of record {kind!r}")
            record = MAPPERS[kind](json.loads(values["record"]))
        except (PtvError, ValueError, KeyError, TypeError, AttributeError) as exc:
            result.values.update(kind=kind, name=values.get("ptv_id", ""))
            result.error(
                _("the PTV record %(id)s cannot be read: %(error)s")
                % {"id": values.get("ptv_id") or "?", "error": exc},
                cause=_("PTV records that cannot be read"),
            )
            return
        link = self.links.get(record.ptv_id)
        modified = getattr(record, "modified", "")
        result.values.update(
            kind=kind,
            record=record,
            name=name_of(record),
            deleted=getattr(record, "deleted", False),
            link=link,
            # PTV's `modified` did not move since the last read (organisations carry none).
            unchanged=link is not None and kind != ORGANIZATION and link.modified == modified,
        )

    def find_duplicates(self, results: list[RowResult]) -> None:
        in_batch = {
            r.values["record"].ptv_id for r in results if r.values.get("kind") == ORGANIZATION
        }
        in_batch.discard("")
        organisations = [r for r in results if r.values.get("kind") == ORGANIZATION]
        for result in results:
            if result.errors:
                continue
            v = result.values
            record, link = v["record"], v["link"]
            existing = MODELS[v["kind"]].objects.filter(pk=link.local_id).first() if link else None
            if existing is not None:
                reason = _("unchanged in PTV") if v["unchanged"] else _("read from PTV before")
                result.duplicate = Duplicate(reason, existing=existing)
                v["default"] = Decision.SKIP if v["unchanged"] else Decision.UPDATE
            elif v["deleted"]:
                v["skip"] = True
                result.warn(_("Removed in PTV, and not in Turvaverkko: nothing to do."))
            elif v["kind"] == ORGANIZATION and record.business_id:
                same = Organization.objects.filter(business_id=record.business_id).first()
                if same is not None:
                    result.duplicate = Duplicate(_("the same business ID"), existing=same)
                    v["default"] = Decision.UPDATE
            elif v["kind"] == CHANNEL:
                twin = twin_of(record)
                if twin is not None:
                    reason = _("the same name and street address")
                    result.duplicate = Duplicate(reason, existing=twin, possible=True)
                    v["default"] = Decision.MERGE
            elif v["kind"] == SERVICE and not (
                record.organization_id in in_batch
                or record.organization_id in self.links
                or (not record.organization_id and len(organisations) == 1)
            ):
                v["skip"] = True
                result.warn(_("Its organisation is not in Turvaverkko: the service is skipped."))

    def decide(self, batch: ImportBatch, result: RowResult) -> None:
        if result.errors or result.values.get("skip"):
            result.decision = Decision.SKIP
            return
        if result.duplicate is None:
            result.decision = Decision.CREATE
            return
        chosen = batch.decisions.get(str(result.number))
        result.decision = chosen if chosen in result.choices else result.values["default"]

    # --- commit -----------------------------------------------------------------------------

    def organization_of(self, ptv_id: str) -> Organization | None:
        if not ptv_id:
            orgs = [o for k, o in self.objects.items() if isinstance(o, Organization)]
            return orgs[0] if len(orgs) == 1 else None
        found = self.objects.get(ptv_id)
        if isinstance(found, Organization):
            return found
        linked: Organization | None = writing.linked(Organization, ptv_id)
        return linked

    def services_of(self, record: mapping.SiteRecord) -> list[Service]:
        found = [self.objects.get(i) or writing.linked(Service, i) for i in record.service_ids]
        return [s for s in found if isinstance(s, Service)]

    def commit_row(self, batch: ImportBatch, result: RowResult, written: dict[int, Any]) -> str:
        v = result.values
        record = v["record"]
        # A possible duplicate the user says is a different one (create) is left alone.
        same = result.duplicate is not None and result.decision != Decision.CREATE
        existing: Any = result.duplicate.existing if same and result.duplicate else None
        if result.decision == Decision.SKIP:
            self.objects[record.ptv_id] = existing
            written[result.number] = existing
            if v["kind"] == CHANNEL and v["unchanged"] and existing is not None:
                writing.offer_services(existing, self.services_of(record))
            return "unchanged" if v["unchanged"] else "skipped"
        if v["kind"] == ORGANIZATION:
            obj: Any = writing.organization(record, existing)
        elif v["kind"] == SERVICE:
            obj = writing.service(record, existing, self.organization_of(record.organization_id))
        else:
            obj = writing.site(record, existing, self.organization_of(record.organization_id))
            if not record.deleted:
                writing.offer_services(obj, self.services_of(record))
        self.objects[record.ptv_id] = obj
        written[result.number] = obj
        if v["deleted"]:
            self.tally["deleted"] += 1
        return "created" if existing is None else "updated"

    def extra_counts(self) -> dict[str, int]:
        return dict(self.tally)


# The target combined with its format (what importer_for_batch builds for a stored batch).
PtvRecordsImporter: type[PtvImporter] = IMPORTERS[(TARGET, PtvJsonFormat.format)]  # type: ignore[assignment]


# --- staging a read, and what the preview says ------------------------------------------------


def rows_of(read: Read) -> list[dict[str, Any]]:
    records = read.ordered()
    if len(records) > max_rows():
        raise ImportFileError(
            _("PTV gave %(n)s records; at most %(max)s can be imported at once.")
            % {"n": len(records), "max": max_rows()}
        )
    return [{"row": n, "cells": record_row(k, r)} for n, (k, r) in enumerate(records, start=2)]


def stage(read: Read, user: Any = None, *, save: bool = True) -> ImportBatch:
    """The read as a batch ready for its preview (stored unless `save` is False)."""
    rows = rows_of(read)
    batch = ImportBatch(
        created_by=user,
        target=TARGET,
        format=PtvJsonFormat.format,
        filename=read.label[:255],
        headers=HEADER,
        rows=rows,
        total=len(rows),
        mapping={name: index for index, name in enumerate(HEADER)},
        status=ImportBatch.Status.MAPPED,
    )
    if save:
        batch.save()
    return batch


def commit(batch: ImportBatch, user: Any = None) -> dict[str, int]:
    """Commit a staged read now (the command and the scheduled reads); a refused batch is
    discarded with its reasons in `result` and ImportRefused raised: nothing is written."""
    try:
        return PtvRecordsImporter(user).commit(batch)
    except ImportRefused as exc:
        batch.status, batch.rows = ImportBatch.Status.DISCARDED, []
        batch.result = {"errors": exc.errors}
        batch.save(update_fields=["status", "rows", "result", "modified_at"])
        raise


def summary(results: list[RowResult]) -> dict[str, Any]:
    """What the commit would do: new, to update, removed in PTV, unchanged, skipped."""
    ok = [r for r in results if not r.errors]
    changes = [r for r in ok if r.decision in (Decision.UPDATE, Decision.MERGE)]
    return {
        "new": sum(1 for r in ok if r.decision == Decision.CREATE),
        "changed": sum(1 for r in changes if not r.values["deleted"]),
        "deleted": sum(1 for r in changes if r.values["deleted"]),
        "unchanged": sum(1 for r in ok if r.decision == Decision.SKIP and r.values["unchanged"]),
        "skipped": sum(1 for r in ok if r.decision == Decision.SKIP and not r.values["unchanged"]),
        "errors": sum(1 for r in results if r.errors),
    }
