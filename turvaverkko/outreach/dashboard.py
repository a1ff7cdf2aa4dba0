"""Dashboard section: the outreach programmes this user runs, with their reach and run sheet."""

from typing import Any

from django.http import HttpRequest

from .models import Programme
from .rules import may_add_programmes


def section(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    user = request.user
    if not may_add_programmes(user):
        return None
    runs = [p for p in Programme.objects.prefetch_related("municipalities")
            if user.has_perm("outreach.change_programme", p)]  # fmt: skip
    return ("outreach/dashboard_section.html", {"programmes": runs})
