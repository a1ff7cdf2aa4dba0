"""Who sees and keeps resources: owners' admins, coordinators of the area, admins."""

import rules
from django.db.models import Q

from turvaverkko.registry.rules import (
    administered_organization_ids,
    coordinated_municipality_codes,
    is_admin,
    is_association_admin_of,
    is_coordinator,
)

from .models import Resource


def visible_resources_q(user):
    """A filter for the resources `user` may see; None means all, Q(pk__in=[]) none."""
    if not user or not user.is_authenticated:
        return Q(pk__in=[])
    codes = coordinated_municipality_codes(user)
    if codes is None:
        return None
    return Q(organization_id__in=administered_organization_ids(user)) | Q(municipality_id__in=codes)


def visible_resources(user):
    qs = Resource.objects.select_related("organization", "municipality", "site")
    condition = visible_resources_q(user)
    return qs if condition is None else qs.filter(condition)


@rules.predicate
def is_coordinator_of_resource(user, resource):
    codes = coordinated_municipality_codes(user)
    return codes is None or resource.municipality_id in codes


@rules.predicate
def is_owner_admin(user, resource):
    return is_association_admin_of(user, resource.organization)


@rules.predicate
def may_add_resources(user):
    return bool(administered_organization_ids(user)) or is_coordinator(user)


can_keep = is_admin | is_owner_admin | is_coordinator_of_resource

rules.add_perm("resources.view_resource", can_keep)
rules.add_perm("resources.change_resource", can_keep)
rules.add_perm("resources.add_resource", is_admin | may_add_resources)
# The CSV of the list: coordinators (and admins); an association admin keeps their own here.
rules.add_perm("resources.export_resources", is_admin | is_coordinator)
