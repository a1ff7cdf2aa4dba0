"""Who may do what with organisations: object-level rules (django-rules).

Scopes: an association admin acts for their organisation(s); a municipal coordinator for
the organisations operating in their municipality; a regional coordinator for those in their
region or wellbeing services county; an admin for everything.
"""

import rules

from .models import RoleAssignment

Role = RoleAssignment.Role


def _assignments(user):
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, "_role_assignments_cache", None)
    if cached is None:
        cached = list(user.role_assignments.all())
        user._role_assignments_cache = cached
    return cached


@rules.predicate
def is_admin(user):
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or any(a.role == Role.ADMIN for a in _assignments(user))


def administered_organization_ids(user) -> set:
    return {a.organization_id for a in _assignments(user) if a.role == Role.ASSOCIATION_ADMIN}


def coordinated_municipality_codes(user) -> set[str] | None:
    """Municipality codes this user coordinates; None means all (admin); empty set, none."""
    if is_admin(user):
        return None
    return assigned_municipality_codes(user)


def assigned_municipality_codes(user) -> set[str]:
    """The municipalities of the user's own coordinator roles, for an admin too: the area a
    list puts first (an admin sees everything, but may also coordinate a municipality)."""
    from turvaverkko.areas.models import Municipality

    assignments = _assignments(user)
    # Kept beside the assignments it was read from (the same lifetime: one request's user),
    # so the navigation's and the pages' checks do not read a region's municipalities again.
    cached = getattr(user, "_assigned_codes_cache", None) if assignments else None
    if cached is not None and cached[0] is assignments:
        return set(cached[1])
    codes: set[str] = set()
    regions, counties = set(), set()
    for a in assignments:
        if a.role == Role.MUNICIPAL_COORDINATOR:
            codes.add(a.municipality_id)
        elif a.role == Role.REGIONAL_COORDINATOR:
            if a.region_id:
                regions.add(a.region_id)
            if a.county_id:
                counties.add(a.county_id)
    if regions or counties:
        codes |= set(Municipality.objects.filter(region__in=regions).values_list("code", flat=True))
        codes |= set(
            Municipality.objects.filter(county__in=counties).values_list("code", flat=True)
        )
    if assignments:
        user._assigned_codes_cache = (assignments, frozenset(codes))
    return codes


@rules.predicate
def is_coordinator(user):
    codes = coordinated_municipality_codes(user)
    return codes is None or bool(codes)


@rules.predicate
def is_association_admin_of(user, organization):
    return organization is not None and organization.pk in administered_organization_ids(user)


@rules.predicate
def is_coordinator_for(user, organization):
    """The organisation operates in a municipality this user coordinates."""
    if organization is None:
        return False
    codes = coordinated_municipality_codes(user)
    if codes is None:
        return True
    if not codes:
        return False
    return organization.municipalities.filter(code__in=codes).exists()


can_view_private = is_admin | is_association_admin_of | is_coordinator_for
can_edit_organization = is_admin | is_association_admin_of | is_coordinator_for

rules.add_perm("registry.view_private_organization", can_view_private)
rules.add_perm("registry.change_organization", can_edit_organization)
rules.add_perm("registry.confirm_organization", can_edit_organization)
rules.add_perm("registry.invite_organization_admin", is_admin | is_coordinator_for)
rules.add_perm("registry.view_network", is_admin | is_coordinator)
rules.add_perm("registry.import_organizations", is_admin | is_coordinator)
rules.add_perm("registry.add_organization", is_admin | is_coordinator)
