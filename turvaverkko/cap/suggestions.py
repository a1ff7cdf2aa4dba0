"""Warnings worth opening an incident for: shown to coordinators, never acted on alone."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from turvaverkko.registry.rules import coordinated_municipality_codes

from .models import CapAlert

SUGGEST_SEVERITIES = {"Severe", "Extreme"}
SUGGEST_EVENTS = {
    "wind",
    "rain",
    "thunderstorm",
    "coldWeather",
    "hotWeather",
    "forestFireWeather",
    "seaWaterHeight",
}


def suggestions(
    user: AbstractBaseUser | AnonymousUser, now: datetime | None = None
) -> QuerySet[CapAlert]:
    """Warnings worth opening an incident for, in the user's area: Severe or Extreme, in
    force, of a relevant kind, in municipalities with a readiness plan (preparedness). Never
    activates anything by itself."""
    now = now or timezone.now()
    codes = coordinated_municipality_codes(user)
    qs = CapAlert.objects.filter(
        state=CapAlert.State.ACTIVE,
        severity__in=SUGGEST_SEVERITIES,
        event_code__in=SUGGEST_EVENTS,
        expires__gt=now,
        dismissed_at__isnull=True,
    )
    if codes is not None:
        qs = qs.filter(municipalities__code__in=codes)
    qs = qs.filter(municipalities__readiness_plans__isnull=False)
    return qs.distinct().prefetch_related("municipalities")
