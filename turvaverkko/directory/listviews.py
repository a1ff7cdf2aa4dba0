"""Places in my area: the sites a coordinator or association admin keeps (core.lists).

The same sites the editor lets them change (rules.editable_sites_q), own area first, with a
flag for the places residents cannot find by location (no point on the map). The CSV is for
coordinators (directory.export_sites); places carry no personal data.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.lists import municipalities_in
from turvaverkko.core.lists import Choice, Column, Flag, ListPage, Search, Sort, first
from turvaverkko.registry.rules import administered_organization_ids, assigned_municipality_codes

from .models import Site
from .rules import editable_sites_q

# Residents find a place by location only through its point; an online place needs none.
WITHOUT_POINT = Q(latitude__isnull=True) & ~Q(kind=Site.Kind.ONLINE)


def site_listing(request) -> ListPage:
    user = request.user
    sites = Site.objects.select_related("municipality").prefetch_related("organizations")
    condition = editable_sites_q(user)
    if condition is not None:
        sites = sites.filter(condition)
    sorts = [
        Sort("name", _("Name"), ["name_fi"]),
        Sort("municipality", _("Municipality"), ["municipality__name_fi", "name_fi"]),
        Sort("changed", _("Recently changed first"), ["-modified_at"]),
    ]
    codes = assigned_municipality_codes(user)
    org_ids = administered_organization_ids(user)
    if codes or org_ids:
        present = Site.organizations.through.objects.filter(organization_id__in=org_ids)
        own = Q(municipality__in=codes) | Q(pk__in=present.values("site_id"))
        sorts.insert(0, Sort("area", _("My area first"), [first(own), "name_fi"]))
    return ListPage(
        request,
        sites,
        filters=[
            Search(
                "q",
                _("Search by name or address"),
                [
                    "name_fi",
                    "name_sv",
                    "name_en",
                    "postal_code",
                    # each language by name: a bare street_address is the active language only
                    "street_address_fi",
                    "street_address_sv",
                    "street_address_en",
                ],
            ),
            Choice(
                "municipality",
                _("Municipality"),
                "municipality",
                municipalities_in("municipality"),
                any_label=_("All municipalities"),
            ),
            Choice("kind", _("Kind"), "kind", Site.Kind.choices, any_label=_("All kinds")),
            Flag("no_point", _("Only places without a point on the map"), WITHOUT_POINT),
            Flag("unpublished", _("Only unpublished places"), Q(is_published=False)),
        ],
        sorts=sorts,
        columns=[
            Column(_("Name"), lambda s: s.name),
            Column(_("Kind"), lambda s: s.get_kind_display()),
            Column(_("Street address"), lambda s: s.street_address),
            Column(_("Postal code"), lambda s: s.postal_code),
            Column(_("Post office"), lambda s: s.city),
            Column(_("Municipality"), lambda s: s.municipality.name if s.municipality else ""),
            Column(_("Latitude"), lambda s: s.latitude),
            Column(_("Longitude"), lambda s: s.longitude),
            Column(_("Phone"), lambda s: s.phone),
            Column(_("E-mail"), lambda s: s.email),
            Column(_("Web address"), lambda s: s.url),
            Column(_("Published"), lambda s: _("yes") if s.is_published else _("no")),
            Column(_("Organisations"), lambda s: [o.name for o in s.organizations.all()]),
            Column(_("Changed"), lambda s: date_format(s.modified_at, "Y-m-d")),
            Column(
                _("Page"),
                lambda s: request.build_absolute_uri(reverse("directory:site_detail", args=[s.pk])),
            ),
        ],
        filename="places",
        csv_url=reverse("directory:site_list_csv")
        if user.has_perm("directory.export_sites")
        else "",
    )


@login_required
def site_list(request, export=False):
    """`export`: every filtered row as CSV, for coordinators."""
    if not request.user.has_perm("directory.add_site"):
        raise PermissionDenied
    listing = site_listing(request)
    if export:
        if not request.user.has_perm("directory.export_sites"):
            raise PermissionDenied
        return listing.csv_response()
    return render(
        request,
        "directory/site_list.html",
        listing.context(without_point=listing.scope.filter(WITHOUT_POINT).count()),
    )
