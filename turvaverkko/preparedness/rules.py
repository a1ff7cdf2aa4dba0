"""Who may read and write preparedness data.

Municipal coordinators write their municipality's plans, agreements, risks and exercises;
regional coordinators read those in their area; admins do everything. Association admins
read only the roles of their own organisation (on their dashboard). Nobody else sees
anything: contact chains are personal data.
"""

import rules

from turvaverkko.registry.models import RoleAssignment
from turvaverkko.registry.rules import (
    _assignments,
    coordinated_municipality_codes,
    is_admin,
)

Role = RoleAssignment.Role


def writable_codes(user) -> set[str] | None:
    """Municipalities whose preparedness data `user` may change; None means all."""
    if is_admin(user):
        return None
    return {a.municipality_id for a in _assignments(user) if a.role == Role.MUNICIPAL_COORDINATOR}


def readable_codes(user) -> set[str] | None:
    if not user or not user.is_authenticated:
        return set()
    return coordinated_municipality_codes(user)


def _within(codes, wanted: set[str]) -> bool:
    return codes is None or bool(codes & wanted)


def _plan_codes(plan) -> set[str]:
    cached = getattr(plan, "_codes", None)
    if cached is None:
        cached = set(plan.municipalities.values_list("code", flat=True))
        plan._codes = cached
    return cached


def _object_codes(obj) -> set[str]:
    """The municipality codes a plan, scenario, role, agreement, risk or exercise belongs to."""
    from .models import PlanScenario, ReadinessPlan
    from .models import Role as PlanRole

    if isinstance(obj, ReadinessPlan):
        return _plan_codes(obj)
    if isinstance(obj, PlanScenario):
        return _plan_codes(obj.plan)
    if isinstance(obj, PlanRole):
        return _plan_codes(obj.scenario.plan)
    return {obj.municipality_id}


@rules.predicate
def can_read(user, obj):
    return _within(readable_codes(user), _object_codes(obj))


@rules.predicate
def can_write(user, obj):
    return _within(writable_codes(user), _object_codes(obj))


@rules.predicate
def is_preparedness_reader(user):
    codes = readable_codes(user)
    return codes is None or bool(codes)


@rules.predicate
def is_preparedness_writer(user):
    codes = writable_codes(user)
    return codes is None or bool(codes)


@rules.predicate
def can_read_municipality(user, municipality):
    return _within(readable_codes(user), {municipality.pk})


rules.add_perm("preparedness.view", is_preparedness_reader)
rules.add_perm("preparedness.add", is_preparedness_writer)
rules.add_perm("preparedness.view_object", can_read)
rules.add_perm("preparedness.change_object", can_write)
rules.add_perm("preparedness.view_paper_pack", can_read_municipality)


def filter_readable(queryset, user, field="municipality"):
    codes = readable_codes(user)
    if codes is None:
        return queryset
    return queryset.filter(**{f"{field}__in": codes}).distinct()
