"""The coordinators' lists of the registry (core.lists): organisations and import batches.

Each function gives the ListPage of one list: its filters, sort keys (the default first) and
CSV columns. Who may see the list and who may download it is the view's decision.
"""

from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.lists import municipalities_in
from turvaverkko.core.lists import Choice, Column, Flag, ListPage, Search, Sort, first

from .freshness import organizations_in_area, stale_q
from .models import ContactPerson, ImportBatch, Organization, TaxonomyTerm
from .rules import administered_organization_ids, assigned_municipality_codes, is_admin


def _date(value) -> str:
    return date_format(value, "Y-m-d") if value else ""


def _primary(org) -> ContactPerson | None:
    contacts = org.contacts.all()
    return contacts[0] if contacts else None


def own_organizations_q(user) -> Q | None:
    """The organisations of the user's own area (or administered by them); None: no area."""
    codes = assigned_municipality_codes(user)
    org_ids = administered_organization_ids(user)
    if not codes and not org_ids:
        return None
    in_area = Organization.objects.filter(municipalities__in=codes).values("pk")
    return Q(pk__in=in_area) | Q(pk__in=org_ids)


def organization_list(request) -> ListPage:
    user = request.user
    organizations = organizations_in_area(user).prefetch_related(
        "municipalities",
        Prefetch("contacts", queryset=ContactPerson.objects.order_by("position")),
    )
    sorts = [
        Sort("name", _("Name"), ["name_fi"]),
        Sort(
            "confirmed", _("Oldest confirmation first"), [F("confirmed_at").asc(nulls_first=True)]
        ),
        Sort("changed", _("Recently changed first"), ["-modified_at"]),
    ]
    own = own_organizations_q(user)
    if own is not None:
        sorts.insert(0, Sort("area", _("My area first"), [first(own), "name_fi"]))
    return ListPage(
        request,
        organizations,
        filters=[
            Search(
                "q",
                _("Search by name or Y-tunnus"),
                ["name_fi", "name_sv", "name_en", "alternate_name", "business_id"],
            ),
            Choice(
                "municipality",
                _("Municipality"),
                "municipalities",
                municipalities_in("municipalities"),
                any_label=_("All municipalities"),
            ),
            Choice("kind", _("Type"), "kind", Organization.Kind.choices, any_label=_("All types")),
            Choice(
                "theme",
                _("Theme"),
                "themes",
                lambda scope: [
                    (t.pk, t.name)
                    for t in TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.THEME)
                ],
                any_label=_("All themes"),
            ),
            Flag("stale", _("Only stale data"), lambda: stale_q() & Q(is_active=True)),
        ],
        sorts=sorts,
        columns=[
            Column(_("Name"), lambda o: o.name),
            Column(_("Type"), lambda o: o.get_kind_display()),
            Column(_("Y-tunnus"), lambda o: o.business_id or ""),
            Column(_("Municipalities"), lambda o: [m.name for m in o.municipalities.all()]),
            Column(_("Contact person"), lambda o: (c := _primary(o)) and c.name),
            Column(_("Phone"), lambda o: (c := _primary(o)) and c.phone),
            Column(_("E-mail"), lambda o: (c := _primary(o)) and c.email),
            Column(_("Data confirmed"), lambda o: _date(o.confirmed_at)),
            Column(_("Active"), lambda o: _("yes") if o.is_active else _("no")),
            Column(
                _("Page"),
                lambda o: request.build_absolute_uri(reverse("registry:detail", args=[o.pk])),
            ),
        ],
        filename="organisations",
        csv_url=reverse("registry:list_csv"),
    )


def import_list(request) -> ListPage:
    """Organisation imports: the user's own; an admin sees everyone's, their own first."""
    user = request.user
    batches = (
        ImportBatch.objects.filter(target="organizations")
        .select_related("created_by")
        # The stored rows of a batch can be megabytes: the list needs none of them.
        .defer("headers", "rows", "mapping", "decisions", "value_mappings", "written")
    )
    sorts = [
        Sort("newest", _("Newest first"), ["-created_at"]),
        Sort("oldest", _("Oldest first"), ["created_at"]),
        Sort("file", _("File name"), ["filename"]),
    ]
    if is_admin(user):
        sorts.insert(
            0, Sort("mine", _("My imports first"), [first(Q(created_by=user)), "-created_at"])
        )
    else:
        batches = batches.filter(created_by=user)
    return ListPage(
        request,
        batches,
        filters=[
            Search("q", _("Search by file name"), ["filename"]),
            Choice(
                "status",
                _("Status"),
                "status",
                ImportBatch.Status.choices,
                any_label=_("All statuses"),
            ),
            Choice("format", _("File format"), "format", [("csv", "CSV"), ("xlsx", "XLSX")]),
        ],
        sorts=sorts,
        columns=[
            Column(_("File"), lambda b: b.filename),
            Column(_("File format"), lambda b: b.format),
            Column(_("Uploaded"), lambda b: _date(b.created_at)),
            Column(_("Uploaded by"), lambda b: b.created_by.email if b.created_by else ""),
            Column(_("Status"), lambda b: b.get_status_display()),
            Column(_("Rows"), lambda b: b.total),
            Column(_("Created"), lambda b: (b.result or {}).get("created", "")),
            Column(_("Updated"), lambda b: (b.result or {}).get("updated", "")),
            Column(_("Skipped"), lambda b: (b.result or {}).get("skipped", "")),
            Column(_("Imported"), lambda b: _date(b.committed_at)),
        ],
        filename="imports",
        csv_url=reverse("registry:import_list_csv"),
    )
