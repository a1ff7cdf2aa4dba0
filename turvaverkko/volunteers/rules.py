"""Who sees which volunteers and offers of help (django-rules).

A coordinator sees the volunteers whose home municipality they coordinate; only a
municipal coordinator of the home municipality (and an admin) sees their contact details,
as the sign-up page says: a regional coordinator plans with names and skills, and reaches
people during an incident through that incident's contact list (incidents.view_contacts).
An association admin sees the names and skills of the volunteers who are members of their
organisation, without contact details. A volunteer sees their own profile. Offers of help
go to the municipal coordinators of the offer's municipality (and admins).
"""

import rules
from django.db.models import Q

from turvaverkko.registry.models import RoleAssignment
from turvaverkko.registry.rules import (
    administered_organization_ids,
    coordinated_municipality_codes,
    is_admin,
    is_coordinator,
)

from .models import HelpOffer, Volunteer


@rules.predicate
def is_association_admin(user):
    return bool(administered_organization_ids(user))


@rules.predicate
def is_the_volunteer(user, volunteer):
    return volunteer is not None and user.is_authenticated and volunteer.user_id == user.pk


@rules.predicate
def coordinates_home_of(user, volunteer):
    """The user may see the volunteer's contact details as a coordinator."""
    if volunteer is None:
        return False
    codes = contact_municipality_codes(user)
    return codes is None or volunteer.home_municipality_id in codes


@rules.predicate
def coordinates_offer(user, offer):
    if offer is None:
        return False
    codes = contact_municipality_codes(user)
    return codes is None or offer.municipality_id in codes


rules.add_perm("volunteers.list_volunteers", is_admin | is_coordinator | is_association_admin)
rules.add_perm("volunteers.see_volunteer_contacts", is_the_volunteer | coordinates_home_of)
rules.add_perm("volunteers.list_help_offers", is_admin | is_coordinator)
# The CSV of the volunteer list: coordinators, not association admins (names and skills of
# their members are on the page; a file of them is not theirs to keep).
rules.add_perm("volunteers.export_volunteers", is_admin | is_coordinator)
rules.add_perm("volunteers.handle_help_offer", coordinates_offer)


def visible_volunteers(user):
    """Confirmed, not anonymised volunteers this user may list (names and skills at least)."""
    base = Volunteer.objects.filter(email_confirmed_at__isnull=False, anonymised_at__isnull=True)
    codes = coordinated_municipality_codes(user)
    if codes is None:
        return base
    scope = Q(home_municipality__in=codes)
    org_ids = administered_organization_ids(user)
    if org_ids:
        scope |= Q(organizations__in=org_ids)
    if not codes and not org_ids:
        return base.none()
    return base.filter(scope).distinct()


def contact_municipality_codes(user) -> set[str] | None:
    """Home municipalities whose volunteers' contact details this user sees; None means all.

    Municipal coordinator assignments only (not regional ones): see the module's docstring."""
    if is_admin(user):
        return None
    if not user or not user.is_authenticated:
        return set()
    return {
        a.municipality_id
        for a in user.role_assignments.all()
        if a.role == RoleAssignment.Role.MUNICIPAL_COORDINATOR
    }


def visible_offers(user):
    """Offers carry contact details: for the coordinators of the offer's municipality (as
    the form says) and admins, like the volunteers' contact details."""
    codes = contact_municipality_codes(user)
    if codes is None:
        return HelpOffer.objects.all()
    return HelpOffer.objects.filter(municipality__in=codes)
