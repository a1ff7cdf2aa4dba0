"""Incident figures for the welfare report and statistics (core.indicators).

Exercises' activations are drills: they count as exercises' figures, not as incidents."""

from django.utils.translation import gettext_lazy as _

from turvaverkko.core.indicators import indicator

from .models import Activation, Recipient

SOURCE = _("Turvaverkko incident records")


def _activations(codes, start, end):
    qs = Activation.objects.filter(
        created_at__gte=start, created_at__lt=end, is_exercise=False, is_cancelled=False
    )
    if codes is not None:
        qs = qs.filter(incident__municipalities__code__in=codes)
    return qs


@indicator("incidents.count", label=_("Incidents with activations"), source=SOURCE,
           kind="incidents")  # fmt: skip
def incidents_with_activations(codes, start, end):
    return _activations(codes, start, end).values("incident").distinct().count()


@indicator("incidents.activated_organisations",
           label=_("Organisations activated in incidents"), source=SOURCE,
           kind="incidents")  # fmt: skip
def activated_organisations(codes, start, end):
    """Each organisation once, however many of its people (primary, deputies) were alerted."""
    return (
        Recipient.objects.filter(activation__in=_activations(codes, start, end))
        .exclude(organization=None)
        .values("organization")
        .distinct()
        .count()
    )
