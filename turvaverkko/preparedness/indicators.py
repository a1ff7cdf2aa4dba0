"""Preparedness figures for the welfare report and statistics (core.indicators)."""

from django.utils.translation import gettext_lazy as _

from turvaverkko.core.indicators import indicator

from .models import Agreement, Exercise, ReadinessPlan

SOURCE = _("Turvaverkko preparedness records")


def _local_date(moment):
    from django.utils import timezone

    return timezone.localtime(moment).date()


@indicator("preparedness.agreements", label=_("Cooperation agreements in force"),
           source=SOURCE, kind="agreements")  # fmt: skip
def agreements_in_force(codes, start, end):
    """Agreements in force at some time during the period."""
    qs = Agreement.objects.filter(valid_from__lt=_local_date(end))
    qs = qs.exclude(valid_to__lt=_local_date(start))
    if codes is not None:
        qs = qs.filter(municipality__code__in=codes)
    return qs.count()


@indicator("preparedness.exercises", label=_("Exercises held"), source=SOURCE,
           kind="exercises")  # fmt: skip
def exercises_held(codes, start, end):
    qs = Exercise.objects.filter(held_on__gte=_local_date(start), held_on__lt=_local_date(end))
    if codes is not None:
        qs = qs.filter(municipality__code__in=codes)
    return qs.count()


@indicator("preparedness.plans", label=_("Approved readiness plans"), source=SOURCE,
           kind="plans")  # fmt: skip
def approved_plans(codes, start, end):
    """Readiness plans approved by the end of the period."""
    qs = ReadinessPlan.objects.filter(status=ReadinessPlan.Status.APPROVED, approved_at__lt=end)
    if codes is not None:
        qs = qs.filter(municipalities__code__in=codes)
    return qs.distinct().count()
