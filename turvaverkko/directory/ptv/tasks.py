"""Scheduled PTV reads (DVV: changed records daily, a full read weekly); off without
PTV_READ_URL. Each read is a batch of the import framework with no user (`created_by` None),
committed all or nothing; a failing one is reported and retried at the next run (reads are
idempotent: records whose PTV `modified` did not move are skipped as unchanged)."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from turvaverkko.importing.base import ImportFileError, ImportRefused

from . import importing, source
from .client import PtvError, V11Client

logger = logging.getLogger(__name__)


def _commit(read: source.Read) -> dict[str, Any]:
    batch = importing.stage(read)
    return {**importing.commit(batch), "batch": str(batch.pk)}


def changes(now: datetime | None = None) -> dict[str, Any]:
    if not settings.PTV_READ_URL:
        return {"status": "off"}
    since = (now or timezone.now()) - timedelta(days=2)  # overlap: unchanged ones are skipped
    try:
        done = _commit(source.read_changes(V11Client(settings.PTV_READ_URL), since))
    except (PtvError, ImportRefused, ImportFileError) as exc:
        logger.warning("PTV daily read failed: %s", exc)
        return {"status": "error", "error": str(exc)}
    return {"status": "ok", **done}


def full() -> dict[str, Any]:
    if not settings.PTV_READ_URL:
        return {"status": "off"}
    reader = V11Client(settings.PTV_READ_URL)
    results: dict[str, Any] = {"status": "ok"}
    followed = [(source.read_organization, b) for b in settings.PTV_FOLLOW_BUSINESS_IDS] + [
        (source.read_municipality, m) for m in settings.PTV_FOLLOW_MUNICIPALITIES
    ]
    for read, key in followed:
        try:
            results[key] = _commit(read(reader, key))
        except (PtvError, ImportRefused, ImportFileError) as exc:
            logger.warning("PTV weekly read of %s failed: %s", key, exc)
            results[key] = {"error": str(exc)}
            results["status"] = "error"
    return results


@task()
def read_ptv_changes() -> dict[str, Any]:
    return changes()


@task()
def read_ptv_full() -> dict[str, Any]:
    return full()
