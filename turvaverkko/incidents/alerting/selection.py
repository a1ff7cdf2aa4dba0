"""Choosing volunteers for an activation: skill, distance, availability, nearest first."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from turvaverkko.volunteers.models import Volunteer


@dataclass
class Candidate:
    volunteer: Volunteer
    distance_km: float | None
    skill_matches: int


def _points(incident):
    return [(m.easting, m.northing) for m in incident.municipalities.all()]


def distance_km(points, easting, northing) -> float | None:
    if easting is None or northing is None or not points:
        return None
    return min(math.hypot(easting - e, northing - n) for e, n in points) / 1000.0


def _volunteer_point(v):
    if v.easting is not None and v.northing is not None:
        return v.easting, v.northing
    if v.home_municipality_id:
        return v.home_municipality.easting, v.home_municipality.northing
    return None, None


def is_available(volunteer, when, until=None) -> bool:
    """Without availability slots a volunteer counts as available; with them, one must
    cover the moment (local time), or overlap the window [when, until) when given."""
    slots = list(volunteer.availability.all())
    if not slots:
        return True
    if until is not None and until > when:
        return _overlaps(slots, timezone.localtime(when), timezone.localtime(until))
    local = timezone.localtime(when)
    t = local.time()
    return any(s.weekday == local.weekday() and s.start <= t < s.end for s in slots)


def _overlaps(slots, start, end) -> bool:
    """Whether a weekly slot overlaps the local window [start, end) (at most a week read)."""
    day = start.date()
    while day <= end.date() and day <= start.date() + timedelta(days=7):
        for s in slots:
            if s.weekday != day.weekday():
                continue
            slot_start = timezone.make_aware(datetime.combine(day, s.start), start.tzinfo)
            slot_end = timezone.make_aware(datetime.combine(day, s.end), start.tzinfo)
            if slot_start < end and start < slot_end:
                return True
        day += timedelta(days=1)
    return False


def candidate_volunteers(
    incident,
    *,
    skills=(),
    max_km: float | None = None,
    limit: int | None = None,
    when=None,
    until=None,
) -> list[Candidate]:
    """Confirmed volunteers who may be alerted now (or at `when`; with `until`, available
    at some time in that window), best fit first (more matching skills, then nearest),
    across municipal borders."""
    when = when or timezone.now()
    today = timezone.localdate(when)
    skill_ids = {getattr(s, "pk", s) for s in skills}
    qs = (
        Volunteer.objects.filter(email_confirmed_at__isnull=False, anonymised_at__isnull=True)
        .exclude(do_not_alert_until__gte=today)
        .select_related("home_municipality")
        .prefetch_related("availability", "skills")
    )
    if skill_ids:
        qs = qs.filter(skills__in=skill_ids).distinct()
    points = _points(incident)
    out = []
    for v in qs:
        if not is_available(v, when, until):
            continue
        d = distance_km(points, *_volunteer_point(v))
        if max_km is not None and (d is None or d > max_km):
            continue
        matches = len({s.pk for s in v.skills.all()} & skill_ids)
        out.append(Candidate(v, d, matches))
    out.sort(key=lambda c: (-c.skill_matches, c.distance_km is None, c.distance_km or 0))
    return out[:limit] if limit else out
