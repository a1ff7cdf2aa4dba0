"""When an organisation's data counts as stale, and which organisations a user looks after."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Organization
from .rules import administered_organization_ids, coordinated_municipality_codes

# A reminder is not repeated sooner than this, however often the task runs.
REMINDER_INTERVAL = timedelta(days=30)


def stale_cutoff(now=None):
    now = now or timezone.now()
    return now - timedelta(days=settings.CONFIRMATION_MAX_AGE_DAYS)


def is_stale(organization, now=None) -> bool:
    """Stale: confirmed too long ago, or never (an imported organisation, confirmed_at None)."""
    return organization.confirmed_at is None or organization.confirmed_at < stale_cutoff(now)


def data_age_days(organization, now=None) -> int | None:
    """Days since the association confirmed its data; None if it never has."""
    if organization.confirmed_at is None:
        return None
    return ((now or timezone.now()) - organization.confirmed_at).days


def stale_q(now=None) -> Q:
    return Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=stale_cutoff(now))


def stale_organizations(queryset=None, now=None):
    queryset = Organization.objects.all() if queryset is None else queryset
    return queryset.filter(stale_q(now), is_active=True)


def due_for_reminder(now=None):
    """Stale organisations that were not reminded within REMINDER_INTERVAL."""
    now = now or timezone.now()
    return stale_organizations(now=now).filter(
        Q(confirmation_reminder_sent_at__isnull=True)
        | Q(confirmation_reminder_sent_at__lt=now - REMINDER_INTERVAL)
    )


def organizations_in_area(user):
    """Organisations a coordinator sees in the network list; every one for an admin."""
    codes = coordinated_municipality_codes(user)
    if codes is None:
        return Organization.objects.all()
    if not codes:
        return Organization.objects.none()
    ids = Organization.objects.filter(municipalities__code__in=codes).values("pk")
    return Organization.objects.filter(pk__in=ids)


def administered_organizations(user):
    return Organization.objects.filter(pk__in=administered_organization_ids(user))
