"""Who may add and edit sites (django-rules).

An association admin edits the sites where their organisation is present and adds sites for
it; a municipal or regional coordinator edits and adds sites in the municipalities they
coordinate; an admin edits everything. Everyone else only reads the public pages.
"""

import rules
from django.db.models import Q

from turvaverkko.registry.rules import (
    administered_organization_ids,
    coordinated_municipality_codes,
    is_admin,
    is_coordinator,
)

from .models import Site


@rules.predicate
def is_site_organization_admin(user, site):
    if site is None:
        return False
    ids = administered_organization_ids(user)
    return bool(ids) and site.organizations.filter(pk__in=ids).exists()


@rules.predicate
def is_site_coordinator(user, site):
    if site is None:
        return False
    codes = coordinated_municipality_codes(user)
    return codes is None or (site.municipality_id is not None and site.municipality_id in codes)


@rules.predicate
def may_add_sites(user):
    codes = coordinated_municipality_codes(user)
    return codes is None or bool(codes) or bool(administered_organization_ids(user))


can_edit_site = is_admin | is_site_organization_admin | is_site_coordinator

rules.add_perm("directory.change_site", can_edit_site)
rules.add_perm("directory.add_site", is_admin | may_add_sites)
rules.add_perm("directory.export_sites", is_admin | is_coordinator)


def editable_sites_q(user) -> Q | None:
    """A filter of the sites `user` may edit; None means all of them, an empty Q() none."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    codes = coordinated_municipality_codes(user)
    if codes is None:
        return None
    condition = Q(pk__in=[])
    org_ids = administered_organization_ids(user)
    if org_ids:
        present = Site.organizations.through.objects.filter(organization_id__in=org_ids)
        condition |= Q(pk__in=present.values("site_id"))
    if codes:
        condition |= Q(municipality_id__in=codes)
    return condition
