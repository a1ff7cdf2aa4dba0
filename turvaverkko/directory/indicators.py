"""Directory figures for the welfare report and statistics (core.indicators)."""

from django.utils.translation import gettext_lazy as _

from turvaverkko.core.indicators import indicator

from .models import Site


@indicator("network.meeting_places", label=_("Low-threshold meeting places"),
           source=_("Turvaverkko directory"), kind="network")  # fmt: skip
def meeting_places(codes, start, end):
    """Published low-threshold places (not online-only) registered by the end of the period."""
    qs = Site.objects.filter(low_threshold=True, is_published=True, created_at__lt=end)
    qs = qs.exclude(kind=Site.Kind.ONLINE)
    if codes is not None:
        qs = qs.filter(municipality__code__in=codes)
    return qs.count()
