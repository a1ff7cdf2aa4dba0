"""Volunteer figures for the welfare report and statistics (core.indicators)."""

from django.utils.translation import gettext_lazy as _

from turvaverkko.core.indicators import indicator

from .models import Volunteer


@indicator("network.volunteers", label=_("Registered volunteers"),
           source=_("Turvaverkko volunteer register"), kind="network")  # fmt: skip
def volunteers(codes, start, end):
    qs = Volunteer.objects.filter(anonymised_at__isnull=True, created_at__lt=end)
    if codes is not None:
        qs = qs.filter(home_municipality__code__in=codes)
    return qs.count()
