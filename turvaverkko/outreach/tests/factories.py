"""Test objects of outreach: a programme of an association and its stops (Huittinen)."""

from datetime import date, time
from typing import Any, cast

from turvaverkko.directory.models import Site
from turvaverkko.directory.tests.factories import SiteFactory
from turvaverkko.outreach.models import Programme, VisitSeries
from turvaverkko.registry.models import Organization
from turvaverkko.registry.tests.factories import OrganizationFactory


def make_stop(**kwargs: Any) -> Site:
    return cast(Site, SiteFactory(**{"kind": Site.Kind.OUTREACH_STOP, **kwargs}))


def make_programme(**kwargs: Any) -> Programme:
    if "organization" not in kwargs:
        kwargs["organization"] = cast(Organization, OrganizationFactory())
    return Programme.objects.create(**{"name": "Järjestöt on the Road", **kwargs})


def make_series(**kwargs: Any) -> VisitSeries:
    """A saved series (visits not yet materialised): Thursdays 10–14 from 1 January 2026."""
    values: dict[str, Any] = {
        "pattern": VisitSeries.Pattern.WEEKLY,
        "weekday": 3,
        "starts_on": date(2026, 1, 1),
        "arrives_at": time(10),
        "departs_at": time(14),
        **kwargs,
    }
    values.setdefault("programme", None) or values.update(programme=make_programme())
    values.setdefault("site", None) or values.update(site=make_stop())
    return VisitSeries.objects.create(**values)
