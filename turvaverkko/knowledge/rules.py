"""Who keeps the shared knowledge: coordinators, association admins and admins edit models,
projects and implementations (a shared catalogue, like Innokylä); everyone reads the public
parts; only signed-in coordinators (and admins) see an implementation's contact person."""

import rules

from turvaverkko.registry.rules import administered_organization_ids, is_admin, is_coordinator


@rules.predicate
def is_association_admin(user):
    return bool(user and user.is_authenticated and administered_organization_ids(user))


may_edit = is_admin | is_coordinator | is_association_admin
may_see_contacts = is_admin | is_coordinator

rules.add_perm("knowledge.add_operatingmodel", may_edit)
rules.add_perm("knowledge.change_operatingmodel", may_edit)
rules.add_perm("knowledge.add_implementation", may_edit)
rules.add_perm("knowledge.add_project", may_edit)
rules.add_perm("knowledge.change_project", may_edit)
rules.add_perm("knowledge.view_contacts", may_see_contacts)
rules.add_perm("knowledge.view_stea_report", may_see_contacts)
