"""Dashboard section: the coordinator's tables with their next meeting and overdue actions;
for association admins, the open calls into seats they can apply to."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from turvaverkko.registry.rules import administered_organization_ids

from .actions import table_actions
from .models import Meeting, OpenCall, PartnershipTable
from .rules import can_keep_table, is_partnership_coordinator

LIMIT = 10


def section(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    user = request.user
    if not user.is_authenticated:
        return None
    coordinator = is_partnership_coordinator(user)
    org_ids = administered_organization_ids(user)
    if not coordinator and not org_ids:
        return None
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    if coordinator:
        for table in PartnershipTable.objects.all():
            if len(rows) >= LIMIT:
                break
            if not can_keep_table(user, table):
                continue
            rows.append(
                {
                    "table": table,
                    "next": table.meetings.filter(
                        starts_at__gte=timezone.now(), status=Meeting.Status.PLANNED
                    ).first(),
                    "overdue": table_actions(table).filter(done=False, due_date__lt=today).count(),
                }
            )
    calls: list[OpenCall] = []
    if org_ids:
        calls = list(
            OpenCall.objects.filter(deadline__gte=today, table__is_public=True).select_related(
                "table"
            )[:LIMIT]
        )
    return (
        "partnership/dashboard_section.html",
        {"coordinator": coordinator, "rows": rows, "calls": calls},
    )


def cards(request: HttpRequest) -> list[dict[str, Any]]:
    """Action items past their due date and not done, at the tables the coordinator keeps;
    the link opens the first table with any (its open actions are listed there)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    user = request.user
    if not user.is_authenticated or not is_partnership_coordinator(user):
        return []
    today = timezone.localdate()
    overdue, first = 0, None
    for table in PartnershipTable.objects.all():
        if not can_keep_table(user, table):
            continue
        n = table_actions(table).filter(done=False, due_date__lt=today).count()
        if n and first is None:
            first = table
        overdue += n
    if first is None:
        return []
    return [
        {
            "key": "actions-overdue",
            "title": _("Action items overdue"),
            "count": overdue,
            "url": reverse("partnership:table", args=[first.pk]),
            "link": _("See the open actions"),
            "tone": "warn",
            "order": 70,
        }
    ]
