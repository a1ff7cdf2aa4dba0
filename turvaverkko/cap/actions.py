"""Storing CAP warnings through the import framework (importing.py): Update and Cancel
supersede or cancel the alerts they reference; every import is a stored batch (who — a user,
or None for the scheduled feed read —, when, which file or feed, the counts)."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from turvaverkko.importing.base import ImportFileError, ImportRefused
from turvaverkko.importing.models import ImportBatch

from .importing import HEADER, SUGGEST_SEVERITIES, TARGET, CapImporter, CapXmlImporter, alert_row
from .models import CapAlert
from .parsing import CapError, ParsedAlert

__all__ = ["SUGGEST_SEVERITIES", "ImportResult", "dismiss", "import_cap", "store"]


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = (
        0  # not Actual/Public (recorded as skipped, with the reason), or already imported
    )
    superseded: int = 0
    cancelled: int = 0


def import_cap(data: bytes, user: Any = None, filename: str = "cap.xml") -> ImportResult:
    """Parse a CAP alert or Atom feed (the size limit is checked before the XML is parsed)
    and store its alerts in one transaction; CapError if the document is refused."""
    importer = CapXmlImporter(user)
    try:
        headers, rows = importer.parse(data)
    except ImportFileError as exc:
        raise CapError(str(exc)) from None
    return _commit(importer, headers, rows, filename)


def store(alerts: list[ParsedAlert], user: Any = None, filename: str = "") -> ImportResult:
    """Store alerts already parsed (feed.py gathers them from several documents) as one
    batch, oldest first, in one transaction."""
    rows = [{"row": n, "cells": alert_row(a)} for n, a in enumerate(alerts, start=2)]
    return _commit(CapXmlImporter(user), HEADER, rows, filename)


def _commit(
    importer: CapImporter, headers: list[str], rows: list[dict[str, Any]], filename: str
) -> ImportResult:
    batch = ImportBatch.objects.create(
        created_by=importer.user,
        target=TARGET,
        format="cap",
        filename=filename[:255],
        headers=headers,
        rows=rows,
        total=len(rows),
        mapping=importer.propose_mapping(headers),
        status=ImportBatch.Status.MAPPED,
    )
    try:
        counts = importer.commit(batch)
    except ImportRefused as exc:
        batch.status, batch.rows = ImportBatch.Status.DISCARDED, []
        batch.result = {"errors": exc.errors}
        batch.save(update_fields=["status", "rows", "result", "modified_at"])
        raise CapError("; ".join(exc.errors)) from None
    # The stored alerts keep their XML; the batch keeps who, when, what and the counts.
    batch.rows = []
    batch.save(update_fields=["rows", "modified_at"])
    return ImportResult(
        created=counts.get("created", 0),
        skipped=counts.get("skipped", 0),
        superseded=counts.get("superseded", 0),
        cancelled=counts.get("cancelled", 0),
    )


@transaction.atomic
def dismiss(alert: CapAlert, *, user: Any, reason: str) -> CapAlert:
    """A coordinator decides a suggested warning needs no incident; the reason is kept."""
    alert.dismissed_at = timezone.now()
    alert.dismissed_by = user
    alert.dismissed_reason = reason
    alert.save(update_fields=["dismissed_at", "dismissed_by", "dismissed_reason"])
    return alert
