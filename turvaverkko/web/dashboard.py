"""The signed-in user's dashboard is assembled from sections that each app provides.

An app that wants a section defines `turvaverkko/<app>/dashboard.py` with
`section(request) -> tuple[str, dict] | None`: a template name and its context, or None
when the section does not apply to this user.

Above the sections come the cards of what needs action now: each app's `dashboard.py` may
also define `cards(request) -> list[dict]`, each card a dict with `title`, `count`, `url`,
`link` (the text of its one link), `key` (for tests and styles), optional `detail` (a
short line) and `tone` ("alert", "warn" or "" for a plain card), plus `order` (lower
first). New apps add their name to CARD_APPS (or SECTION_APPS) to contribute; web adds the
alert worker's health.
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


# Apps that contribute cards but no section (partnership, outreach, knowledge... add theirs).
CARD_APPS: list[str] = ["knowledge"]


def _app_modules():
    for app in SECTION_APPS + CARD_APPS:
        try:
            yield import_module(f"turvaverkko.{app}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"turvaverkko.{app}.dashboard":
                raise


def alert_path_card(request):
    """The alert worker's health, for coordinators and admins, when something is wrong (the
    worker silent, deliveries waiting, a channel silent): alertpath.status() is the hook
    the notify heartbeat feeds."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from turvaverkko.registry.rules import is_admin, is_coordinator

    from .alertpath import status

    if not (is_admin(request.user) or is_coordinator(request.user)):
        return []
    current = status()
    if current.ok:
        return []
    return [
        {
            "key": "alert-path",
            "title": _("Alert worker needs attention"),
            # Messages waiting to be sent; a silent worker counts as one problem.
            "count": current.waiting or 1,
            "url": reverse("web:dashboard") + "#alert-path",
            "link": _("See what is wrong"),
            "tone": "alert",
            "order": 0,
        }
    ]


def cards(request) -> list[dict]:
    """The action cards of every app, most urgent first; cards with nothing to do are left
    out by the apps themselves."""
    out = list(alert_path_card(request))
    for module in _app_modules():
        contribute = getattr(module, "cards", None)
        if contribute is not None:
            out.extend(contribute(request))
    return sorted(out, key=lambda c: c.get("order", 50))


def sections(request):
    out = []
    for section in (alert_path_section(request), system_section(request)):
        if section:
            out.append(section)
    for module in _app_modules():
        if not hasattr(module, "section"):
            continue
        result = module.section(request)
        if result is not None:
            out.append(result)
    return out
