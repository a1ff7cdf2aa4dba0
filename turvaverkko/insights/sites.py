"""Which sites count as "help nearby": the site filter, opening hours, and a fingerprint.

Only published sites with coordinates count, and never online-only ones.
"""

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime

import numpy as np
from django.db.models import Max


def _instant(value) -> str | None:
    """An aware ISO 8601 instant, normalised; ValueError for anything else."""
    if value in (None, ""):
        return None
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError("created_before must carry its UTC offset")
    return moment.isoformat()


@dataclass
class SiteFilter:
    low_threshold: bool = False  # only low-threshold places
    step_free_access: bool = False
    target_groups: list[str] = field(default_factory=list)  # any of these codes
    languages: list[str] = field(default_factory=list)  # any of these codes
    min_weekly_hours: float = 0.0  # open at least this many hours in a typical week
    created_before: str | None = None  # ISO instant: places registered before it (a past year)

    @classmethod
    def from_dict(cls, data: dict | None) -> "SiteFilter":
        data = data or {}
        return cls(
            low_threshold=bool(data.get("low_threshold", False)),
            step_free_access=bool(data.get("step_free_access", False)),
            target_groups=sorted(str(c) for c in data.get("target_groups") or []),
            languages=sorted(str(c) for c in data.get("languages") or []),
            min_weekly_hours=float(data.get("min_weekly_hours") or 0),
            created_before=_instant(data.get("created_before")),
        )

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SiteSet:
    ids: list[str]
    xy: np.ndarray  # (n, 2) EPSG:3067
    fingerprint: str  # changes whenever the matching sites or their places change


def weekly_hours_by_site(site_ids) -> dict:
    """Adapter to directory.hours: open hours in a typical week (no exceptions) per site id."""
    from turvaverkko.directory.hours import weekly_open_hours
    from turvaverkko.directory.models import OpeningRule

    rules: dict = {}
    for rule in OpeningRule.objects.filter(site_id__in=list(site_ids)):
        rules.setdefault(rule.site_id, []).append(rule)
    return {site_id: weekly_open_hours(rules.get(site_id, []), ()) for site_id in site_ids}


def matching_sites(site_filter: SiteFilter, hours: dict | None = None) -> SiteSet:
    """The sites that meet the filter. `hours` (site id -> weekly hours) may be precomputed;
    otherwise it is computed from the opening rules when the filter needs it."""
    from turvaverkko.directory.models import Site

    qs = Site.objects.filter(is_published=True, easting__isnull=False, northing__isnull=False)
    qs = qs.exclude(kind=Site.Kind.ONLINE)
    if site_filter.low_threshold:
        qs = qs.filter(low_threshold=True)
    if site_filter.step_free_access:
        qs = qs.filter(step_free_access=True)
    if site_filter.created_before:
        qs = qs.filter(created_at__lt=datetime.fromisoformat(site_filter.created_before))
    if site_filter.target_groups:
        qs = qs.filter(target_groups__code__in=site_filter.target_groups)
    if site_filter.languages:
        qs = qs.filter(languages__code__in=site_filter.languages)
    rows = sorted(set(qs.values_list("id", "easting", "northing", "modified_at")))
    if site_filter.min_weekly_hours > 0:
        ids = [row[0] for row in rows]
        hours = hours if hours is not None else weekly_hours_by_site(ids)
        rows = [row for row in rows if hours.get(row[0], 0) >= site_filter.min_weekly_hours]
    digest = hashlib.sha256()
    for site_id, easting, northing, modified_at in rows:
        digest.update(f"{site_id}|{easting:.1f}|{northing:.1f}|{modified_at.isoformat()};".encode())
    latest = Site.objects.aggregate(latest=Max("modified_at"))["latest"]
    digest.update(f"count={Site.objects.count()}|latest={latest}".encode())
    xy = np.array([(e, n) for _, e, n, _ in rows], dtype=np.float64).reshape(-1, 2)
    return SiteSet([str(row[0]) for row in rows], xy, digest.hexdigest())
