"""The signed-in user's dashboard is assembled from sections that each app provides.

An app that wants a section defines `turvaverkko/<app>/dashboard.py` with
`section(request) -> tuple[str, dict] | None`: a template name and its context, or None
when the section does not apply to this user.
"""

from importlib import import_module

SECTION_APPS = [
    "volunteers",
    "incidents",
    "registry",
    "preparedness",
    "partnership",
    "resources",
    "directory",
    "outreach",
    "insights",
]


def system_section(request):
    """For admins: whether the task workers are alive (alerting depends on them)."""
    from datetime import timedelta

    from django.utils import timezone

    from turvaverkko.registry.rules import is_admin

    from .models import WorkerHeartbeat

    if not is_admin(request.user):
        return None
    beats = list(WorkerHeartbeat.objects.order_by("queue"))
    stale_after = timezone.now() - timedelta(minutes=5)
    return (
        "web/_system_status.html",
        {
            "heartbeats": beats,
            "workers_ok": bool(beats) and all(b.last_seen >= stale_after for b in beats),
        },
    )


def alert_path_section(request):
    """For coordinators and admins, only when something is wrong: the alert worker silent
    for 2 minutes, deliveries waiting longer than a minute, a channel worker silent."""
    from turvaverkko.registry.rules import is_admin, is_coordinator

    from .alertpath import status

    if not (is_admin(request.user) or is_coordinator(request.user)):
        return None
    current = status()
    if current.ok:
        return None
    return ("web/_alert_path.html", {"status": current})


def sections(request):
    out = []
    for section in (alert_path_section(request), system_section(request)):
        if section:
            out.append(section)
    for app in SECTION_APPS:
        try:
            module = import_module(f"turvaverkko.{app}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"turvaverkko.{app}.dashboard":
                raise
            continue
        result = module.section(request)
        if result is not None:
            out.append(result)
    return out
