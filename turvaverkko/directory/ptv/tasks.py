"""Scheduled PTV reads (DVV: changed records daily, a full read weekly); off without
PTV_READ_URL. Each read commits all or nothing; a failing one is reported and retried at the
next run (reads are idempotent: records whose PTV `modified` did not move are skipped)."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import staging
from .client import PtvError, V11Client

logger = logging.getLogger(__name__)


def changes(now: datetime | None = None) -> dict[str, Any]:
    if not settings.PTV_READ_URL:
        return {"status": "off"}
    since = (now or timezone.now()) - timedelta(days=2)  # overlap: unchanged ones are skipped
    try:
        done = staging.commit(staging.read_changes(V11Client(settings.PTV_READ_URL), since))
    except PtvError as exc:
        logger.warning("PTV daily read failed: %s", exc)
        return {"status": "error", "error": str(exc)}
    return {"status": "ok", **done}


def full() -> dict[str, Any]:
    if not settings.PTV_READ_URL:
        return {"status": "off"}
    reader = V11Client(settings.PTV_READ_URL)
    results: dict[str, Any] = {"status": "ok"}
    followed = [("business_id", b) for b in settings.PTV_FOLLOW_BUSINESS_IDS] + [
        ("municipality", m) for m in settings.PTV_FOLLOW_MUNICIPALITIES
    ]
    for kind, key in followed:
        try:
            preview = (
                staging.read_organization(reader, key)
                if kind == "business_id"
                else staging.read_municipality(reader, key)
            )
            results[key] = staging.commit(preview)
        except PtvError as exc:
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
