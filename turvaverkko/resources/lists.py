"""The list of resources and readiness centres (core.lists): filters, sort keys, CSV columns.

Everyone on the list may keep every row of it (rules.py), key holders included; the CSV is
for coordinators (rules.py, resources.export_resources).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.lists import municipalities_in
from turvaverkko.core.lists import Choice, Column, Flag, ListPage, Search, Sort, first
from turvaverkko.registry.rules import administered_organization_ids, assigned_municipality_codes

from .models import Resource
from .rules import visible_resources


def _yes(value: bool) -> str:
    return str(_("yes")) if value else ""


def resource_list(request, stale_cutoff) -> ListPage:
    user = request.user
    sorts = [
        Sort("name", _("Name"), ["name"]),
        Sort("kind", _("Type"), ["kind", "name"]),
        Sort("ready", _("Ready soonest"), ["readiness_minutes", "name"]),
        Sort("confirmed", _("Oldest confirmation first"), ["confirmed_at"]),
    ]
    codes = assigned_municipality_codes(user)
    org_ids = administered_organization_ids(user)
    if codes or org_ids:
        own = Q(municipality__in=codes) | Q(organization__in=org_ids)
        sorts.insert(0, Sort("area", _("My area first"), [first(own), "name"]))
    return ListPage(
        request,
        visible_resources(user),
        filters=[
            Search("q", _("Search by name"), ["name", "organization__name_fi"]),
            Choice("kind", _("Type"), "kind", Resource.Kind.choices, any_label=_("All types")),
            Choice(
                "availability",
                _("Availability"),
                "availability",
                Resource.Availability.choices,
            ),
            Choice(
                "municipality",
                _("Municipality"),
                "municipality",
                municipalities_in("municipality"),
                any_label=_("All municipalities"),
            ),
            Flag("stale", _("Only stale data"), lambda: Q(confirmed_at__lt=stale_cutoff())),
        ],
        sorts=sorts,
        columns=[
            Column(_("Name"), lambda r: r.name),
            Column(_("Type"), lambda r: r.get_kind_display()),
            Column(_("Owner"), lambda r: r.organization.name),
            Column(_("Municipality"), lambda r: r.municipality.name),
            Column(_("Address or directions"), lambda r: r.address),
            Column(_("Quantity"), lambda r: r.quantity),
            Column(_("Unit"), lambda r: r.unit),
            Column(_("Availability"), lambda r: r.get_availability_display()),
            Column(_("Ready in (min)"), lambda r: r.readiness_minutes),
            Column(_("Capacity (people)"), lambda r: r.capacity),
            Column(_("Beds"), lambda r: r.beds),
            Column(_("Backup generator"), lambda r: _yes(r.generator)),
            Column(_("Heating without grid power"), lambda r: _yes(r.heat_without_grid)),
            Column(_("Key holder"), lambda r: r.key_holder),
            Column(_("Latitude"), lambda r: r.latitude),
            Column(_("Longitude"), lambda r: r.longitude),
            Column(_("Data confirmed"), lambda r: date_format(r.confirmed_at, "Y-m-d")),
        ],
        filename="resources",
        csv_url=reverse("resources:list_csv")
        if user.has_perm("resources.export_resources")
        else "",
    )
