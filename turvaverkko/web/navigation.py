"""The coordinator's workspace navigation: the areas the signed-in user may use, the same
on every signed-in page (web/base.html), the current one marked with `aria-current`.

Each area says who may use it (the same permission its pages check) and which URL
namespaces belong to it, so any page of the area marks it current. Computed once per
request; the permission checks read the user's role assignments, cached on the user."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    url: str
    current: bool


def _directory(user: Any) -> bool:
    from turvaverkko.directory.rules import may_add_sites

    return bool(may_add_sites(user))


def _resources(user: Any) -> bool:
    from turvaverkko.resources.rules import may_add_resources

    return bool(may_add_resources(user))


def _insights(user: Any) -> bool:
    # insights.access.can_use_insights, read the same way (nothing imports insights).
    from turvaverkko.registry.rules import coordinated_municipality_codes

    codes = coordinated_municipality_codes(user)
    return codes is None or bool(codes)


def _outreach(user: Any) -> bool:
    from turvaverkko.outreach.rules import may_add_programmes

    return bool(may_add_programmes(user))


def _coordinator(user: Any) -> bool:
    from turvaverkko.registry.rules import is_admin, is_coordinator

    return bool(is_admin(user) or is_coordinator(user))


# (key, label, (url name, anchor), what it owns, who may use it: a permission or a check);
# in the order of the issue.
AREAS: list[tuple[str, Any, tuple[str, str], tuple[str, ...], str | Callable[[Any], bool]]] = [
    ("overview", _("Dashboard"), ("web:dashboard", ""), ("web:dashboard",), _coordinator),
    ("network", _("Network"), ("registry:list", ""), ("registry",), "registry.view_network"),
    (
        "volunteers",
        _("Volunteers"),
        ("volunteers:volunteer_list", ""),
        ("volunteers",),
        "volunteers.list_volunteers",
    ),
    ("directory", _("Places"), ("directory:site_list", ""), ("directory",), _directory),
    ("resources", _("Resources"), ("resources:list", ""), ("resources",), _resources),
    (
        "preparedness",
        _("Preparedness"),
        ("preparedness:plans", ""),
        ("preparedness",),
        "preparedness.view",
    ),
    (
        "incidents",
        _("Incidents"),
        ("incidents:list", ""),
        ("incidents", "cap"),
        "incidents.add_incident",
    ),
    ("insights", _("Insight"), ("insights:coverage", ""), ("insights",), _insights),
    (
        "partnership",
        _("Partnership"),
        ("partnership:tables", ""),
        ("partnership",),
        "partnership.view",
    ),
    ("outreach", _("Outreach"), ("web:dashboard", "#outreach-heading"), ("outreach",), _outreach),
    ("knowledge", _("Knowledge"), ("knowledge:models", ""), ("knowledge",), _coordinator),
]


def areas(request: Any) -> list[Area]:
    """The areas this user may use, for coordinators and admins only (an association admin
    or a volunteer keeps the light header); empty for everyone else."""
    cached: list[Area] | None = getattr(request, "_workspace_areas", None)
    if cached is not None:
        return cached
    from turvaverkko.registry.access import api_user

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Before the second factor a coordinator's roles do not count yet (as for the
        # pages themselves): the two-factor page shows no workspace.
        user = api_user(request)  # type: ignore[no-untyped-call]
    out: list[Area] = []
    if user is not None and user.is_authenticated and _coordinator(user):
        match = getattr(request, "resolver_match", None)
        # An area owns whole URL namespaces ("registry") or single pages ("web:dashboard").
        here = {match.namespace, match.view_name} if match else set()
        for key, label, (name, anchor), owned, may in AREAS:
            allowed = user.has_perm(may) if isinstance(may, str) else may(user)
            if allowed:
                out.append(Area(key, str(label), reverse(name) + anchor, bool(here & set(owned))))
    request._workspace_areas = out
    return out
