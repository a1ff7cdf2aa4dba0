"""Choosing volunteers for an activation: skill, distance, availability, nearest first.

`shortfall` tells the coordinator before sending why fewer volunteers can be alerted than
asked ("asked 6, 1 available now; 55 outside their availability, 3 with 'do not alert
until', 2 without the skill"); those outside their availability slots can be alerted anyway
(`include_unavailable`), never those who asked not to be alerted."""

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
    available: bool = True


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


def _reachable():
    """Confirmed, not anonymised volunteers (whoever could ever be alerted)."""
    return (
        Volunteer.objects.filter(email_confirmed_at__isnull=False, anonymised_at__isnull=True)
        .select_related("home_municipality")
        .prefetch_related("availability", "skills")
    )


def candidate_volunteers(
    incident,
    *,
    skills=(),
    max_km: float | None = None,
    limit: int | None = None,
    when=None,
    until=None,
    include_unavailable: bool = False,
) -> list[Candidate]:
    """Confirmed volunteers who may be alerted now (or at `when`; with `until`, available at
    some time in that window), best fit first (more matching skills, then nearest), across
    municipal borders. With `include_unavailable`, those outside their availability slots
    too, after everyone available ("alert anyway")."""
    when = when or timezone.now()
    today = timezone.localdate(when)
    skill_ids = {getattr(s, "pk", s) for s in skills}
    qs = _reachable().exclude(do_not_alert_until__gte=today)
    if skill_ids:
        qs = qs.filter(skills__in=skill_ids).distinct()
    points = _points(incident)
    out = []
    for v in qs:
        available = is_available(v, when, until)
        if not available and not include_unavailable:
            continue
        d = distance_km(points, *_volunteer_point(v))
        if max_km is not None and (d is None or d > max_km):
            continue
        matches = len({s.pk for s in v.skills.all()} & skill_ids)
        out.append(Candidate(v, d, matches, available))
    out.sort(
        key=lambda c: (
            not c.available,
            -c.skill_matches,
            c.distance_km is None,
            c.distance_km or 0,
        )
    )
    return out[:limit] if limit else out


@dataclass
class Shortfall:
    """Why fewer volunteers can be alerted than asked (counts only, no names)."""

    asked: int
    available: int  # may be alerted now
    outside_slots: int  # fit, but outside their availability slots now
    do_not_alert: int  # fit, but asked not to be alerted until a later date
    without_skill: int  # within reach but without any of the skills asked for

    @property
    def is_short(self) -> bool:
        return self.available < self.asked

    @property
    def can_alert_anyway(self) -> int:
        """How many more "alert anyway" would reach (never do-not-alert-until)."""
        return min(self.outside_slots, max(0, self.asked - self.available))


def shortfall(
    incident, *, asked: int, skills=(), max_km: float | None = None, when=None
) -> Shortfall:
    """Count the volunteers within reach (distance) by the reason they would or would not be
    alerted: do not alert until, without the skill, outside their availability, available."""
    when = when or timezone.now()
    today = timezone.localdate(when)
    skill_ids = {getattr(s, "pk", s) for s in skills}
    points = _points(incident)
    counts = {"available": 0, "outside": 0, "dna": 0, "skill": 0}
    for v in _reachable():
        d = distance_km(points, *_volunteer_point(v))
        if max_km is not None and (d is None or d > max_km):
            continue
        if v.do_not_alert_until and v.do_not_alert_until >= today:
            counts["dna"] += 1
        elif skill_ids and not ({s.pk for s in v.skills.all()} & skill_ids):
            counts["skill"] += 1
        elif not is_available(v, when):
            counts["outside"] += 1
        else:
            counts["available"] += 1
    return Shortfall(
        asked=asked,
        available=counts["available"],
        outside_slots=counts["outside"],
        do_not_alert=counts["dna"],
        without_skill=counts["skill"],
    )
