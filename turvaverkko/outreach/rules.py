"""Who may run a programme (django-rules): the admins of its organisation, the coordinators
of its municipalities, and admins. Residents need no account: the pages they use are public
or reached by a link with a secret."""

from typing import Any

import rules

from turvaverkko.registry.rules import (
    administered_organization_ids,
    coordinated_municipality_codes,
    is_admin,
)

from .models import Programme

# django-rules exports its API without type information.
predicate: Any = rules.predicate  # type: ignore[attr-defined]
add_perm: Any = rules.add_perm  # type: ignore[attr-defined]


def _is_programme_organization_admin(user: Any, programme: Programme | None) -> bool:
    if programme is None:
        return False
    return programme.organization_id in administered_organization_ids(user)


def _is_programme_coordinator(user: Any, programme: Programme | None) -> bool:
    if programme is None:
        return False
    codes = coordinated_municipality_codes(user)
    if codes is None:
        return True
    return bool(codes) and programme.municipalities.filter(code__in=codes).exists()


def _may_add_programmes(user: Any) -> bool:
    codes = coordinated_municipality_codes(user)
    return codes is None or bool(codes) or bool(administered_organization_ids(user))


is_programme_organization_admin = predicate(_is_programme_organization_admin)
is_programme_coordinator = predicate(_is_programme_coordinator)
may_add_programmes = predicate(_may_add_programmes)

can_run = is_admin | is_programme_organization_admin | is_programme_coordinator
add_perm("outreach.change_programme", can_run)
add_perm("outreach.add_programme", is_admin | may_add_programmes)
