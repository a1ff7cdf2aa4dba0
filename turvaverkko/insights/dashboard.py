"""The insights section of the dashboard (see turvaverkko/web/dashboard.py): links to the
coverage analysis, the welfare report, statistics and the HXL export for coordinators."""

from django.utils import timezone

from .access import can_use_insights
from .models import CoverageRun, PopulationGrid


def section(request):
    user = request.user
    if not user.is_authenticated or not can_use_insights(user):
        return None
    grid = PopulationGrid.objects.current()
    return (
        "insights/dashboard_section.html",
        {
            "grid": grid,
            "recent_runs": CoverageRun.objects.filter(created_by=user).count(),
            "last_year": timezone.localdate().year - 1,
        },
    )
