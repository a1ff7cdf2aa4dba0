"""Who keeps the shared knowledge: coordinators, association admins and admins edit models,
projects and implementations (a shared catalogue, like Innokylä); everyone reads the public
parts; only signed-in coordinators (and admins) see an implementation's contact person."""

from collections.abc import Callable
from typing import Any

from rules.permissions import add_perm as _add_perm
from rules.predicates import predicate as _predicate

from turvaverkko.registry.rules import administered_organization_ids, is_admin, is_coordinator

add_perm: Callable[[str, Any], None] = _add_perm
predicate: Callable[[Callable[[Any], bool]], Any] = _predicate


@predicate
def is_association_admin(user: Any) -> bool:
    return bool(user and user.is_authenticated and administered_organization_ids(user))


may_edit = is_admin | is_coordinator | is_association_admin
may_see_contacts = is_admin | is_coordinator

add_perm("knowledge.add_operatingmodel", may_edit)
add_perm("knowledge.change_operatingmodel", may_edit)
add_perm("knowledge.add_implementation", may_edit)
add_perm("knowledge.add_project", may_edit)
add_perm("knowledge.change_project", may_edit)
add_perm("knowledge.view_contacts", may_see_contacts)
add_perm("knowledge.view_stea_report", may_see_contacts)
