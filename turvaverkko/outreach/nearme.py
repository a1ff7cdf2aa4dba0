"""The next visit on a directory search result (registered in OutreachConfig.ready)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from .models import Visit


@dataclass(frozen=True)
class NextVisit:
    starts_at: datetime
    name: str
    url: str


def annotate_next_visits(hits: list[Any]) -> None:
    ids = [h.id for h in hits]
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
