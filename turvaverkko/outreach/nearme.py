"""The next visit on a directory search result (registered in OutreachConfig.ready)."""

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from .models import Visit, VisitSeries


@dataclass(frozen=True)
class NextVisit:
    starts_at: datetime
    name: str
    url: str


# (monotonic time, ids of the sites that are stops of some visit series): almost no result
# of a search is an outreach stop, so a page whose hits are none of them needs no query.
_stops_memo: tuple[float, frozenset[Any]] | None = None


def _stop_site_ids() -> frozenset[Any]:
    """Sites with a visit series, read at most every DIRECTORY_STAMP_SECONDS per process (as
    the directory's own data stamp) and always inside a transaction (tests); a series saved
    or deleted through this process drops the memo (signals in OutreachConfig.ready)."""
    global _stops_memo
    seconds = float(getattr(settings, "DIRECTORY_STAMP_SECONDS", 1))
    memo, now = _stops_memo, time.monotonic()
    if memo is not None and now - memo[0] < seconds and not connection.in_atomic_block:
        return memo[1]
    ids = frozenset(VisitSeries.objects.order_by().values_list("site_id", flat=True).distinct())
    if seconds > 0 and not connection.in_atomic_block:
        _stops_memo = (now, ids)
    return ids


def forget_stops(**kwargs: Any) -> None:
    global _stops_memo
    _stops_memo = None


def annotate_next_visits(hits: list[Any]) -> None:
    stops = _stop_site_ids() if hits else frozenset()
    ids = [h.id for h in hits if h.id in stops]
    if not ids:
        return
    found: dict[Any, NextVisit] = {}
    visits = (
        Visit.objects.filter(
            series__site_id__in=ids, status=Visit.Status.SCHEDULED, ends_at__gt=timezone.now()
        )
        .select_related("series__programme")
        .order_by("starts_at")
    )
    for v in visits[:200]:
        site_id = v.series.site_id
        if site_id not in found:
            url = reverse("outreach:site", kwargs={"pk": site_id})
            found[site_id] = NextVisit(v.starts_at, v.series.programme.name, url)
    for h in hits:
        if h.id in found:
            h.next_visit = found[h.id]
