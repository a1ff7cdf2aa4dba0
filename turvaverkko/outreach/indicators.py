"""Outreach figures for the indicator registry (core.indicators): the welfare report and the
network statistics read them by id."""

from collections.abc import Iterable
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from turvaverkko.core.indicators import indicator

from .models import Tally, Visit


def _visits(codes: Iterable[str] | None, start: datetime, end: datetime):  # type: ignore[no-untyped-def]
    visits = Visit.objects.filter(
        status=Visit.Status.SCHEDULED, starts_at__gte=start, ends_at__lte=end
    )
    if codes is not None:
        visits = visits.filter(series__site__municipality_id__in=list(codes))
    return visits


@indicator(
    "outreach.visits",
    label=_("Outreach visits held"),
    source=_("Outreach timetables: visits held, cancelled ones left out"),
    kind="outreach",
)
def visits_held(codes: Iterable[str] | None, start: datetime, end: datetime) -> int:
    return int(_visits(codes, start, end).count())


@indicator(
    "outreach.contacts",
    label=_("Contacts at outreach visits"),
    source=_("Anonymous contact tallies of the outreach teams"),
    kind="outreach",
)
def contacts(codes: Iterable[str] | None, start: datetime, end: datetime) -> int:
    return int(Tally.objects.filter(visit__in=_visits(codes, start, end)).count())


@indicator(
    "outreach.contacts_per_hour",
    label=_("Contacts per outreach visit-hour"),
    source=_("Contact tallies divided by the hours of the visits held"),
    kind="outreach",
    decimals=1,
)
def contacts_per_hour(codes: Iterable[str] | None, start: datetime, end: datetime) -> float | None:
    visits = list(_visits(codes, start, end))
    hours = sum(v.hours for v in visits)
    if not hours:
        return None
    return float(Tally.objects.filter(visit__in=visits).count() / hours)
