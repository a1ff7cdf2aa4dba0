"""Choosing volunteers for an activation: skill, distance, availability, nearest first."""

import math
from dataclasses import dataclass

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


def is_available(volunteer, when) -> bool:
    """Without availability slots a volunteer counts as available; with them, one must
    cover the moment (local time)."""
    slots = list(volunteer.availability.all())
    if not slots:
        return True
    local = timezone.localtime(when)
    t = local.time()
    return any(s.weekday == local.weekday() and s.start <= t < s.end for s in slots)


def candidate_volunteers(
    incident, *, skills=(), max_km: float | None = None, limit: int | None = None, when=None
) -> list[Candidate]:
    """Confirmed volunteers who may be alerted now, best fit first (more matching skills,
    then nearest), across municipal borders."""
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
        if not is_available(v, when):
            continue
        d = distance_km(points, *_volunteer_point(v))
        if max_km is not None and (d is None or d > max_km):
            continue
        matches = len({s.pk for s in v.skills.all()} & skill_ids)
        out.append(Candidate(v, d, matches))
    out.sort(key=lambda c: (-c.skill_matches, c.distance_km is None, c.distance_km or 0))
    return out[:limit] if limit else out
