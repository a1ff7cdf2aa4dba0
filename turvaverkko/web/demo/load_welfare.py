"""Welfare report figures for the current and the previous year (demo/welfare.json).

The report counts what was registered by the end of the period, so the demo's organisations,
places and volunteers are dated as registered before the previous year began. Creation dates
are bookkeeping, not content: they are set directly (no audit history), and only moved
earlier, so a second run writes nothing.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from turvaverkko.directory.models import Site
from turvaverkko.registry.models import Organization
from turvaverkko.volunteers.models import Volunteer

from .files import read_json


def backdate_registrations(orgs, sites, volunteers, now: datetime | None = None) -> datetime:
    days = read_json("welfare.json")["registered_days_ago"]
    day = timezone.localdate(now or timezone.now()) - timedelta(days=days)
    registered = timezone.make_aware(datetime.combine(day, time(9)))
    for model, objs in (
        (Organization, orgs.values()),
        (Site, sites.values()),
        (Volunteer, volunteers),
    ):
        model.objects.filter(pk__in=[o.pk for o in objs], created_at__gt=registered).update(
            created_at=registered
        )
    return registered
