"""Registry figures for the welfare report and statistics (core.indicators)."""

from django.utils.translation import gettext_lazy as _

from turvaverkko.core.indicators import indicator

from .models import Organization


@indicator("network.organisations", label=_("Organisations in the network"),
           source=_("Turvaverkko registry"), kind="network")  # fmt: skip
def organisations(codes, start, end):
    """Active organisations registered by the end of the period."""
    qs = Organization.objects.filter(is_active=True, created_at__lt=end)
    if codes is not None:
        qs = qs.filter(municipalities__code__in=codes)
    return qs.distinct().count()
