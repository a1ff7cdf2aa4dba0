"""Who may see and do what with incidents.

Coordinators of any of the incident's municipalities (municipal or regional) and admins
run an incident and see its contact lists; association admins of an alerted organisation
may read the incident and add to its situation log.
"""

import rules

from turvaverkko.registry.rules import (
    administered_organization_ids,
    coordinated_municipality_codes,
    is_admin,
    is_coordinator,
)


def incident_codes(incident) -> set[str]:
    cached = getattr(incident, "_codes_cache", None)
    if cached is None:
        cached = set(incident.municipalities.values_list("code", flat=True))
        incident._codes_cache = cached
    return cached


@rules.predicate
def is_incident_coordinator(user, incident):
    if incident is None:
        return False
    codes = coordinated_municipality_codes(user)
    if codes is None:
        return True
    return bool(codes & incident_codes(incident))


@rules.predicate
def is_alerted_association_admin(user, incident):
    if incident is None:
        return False
    orgs = administered_organization_ids(user)
    if not orgs:
        return False
    from .models import Recipient

    return Recipient.objects.filter(
        activation__incident=incident, organization_id__in=orgs
    ).exists()


def visible_incidents(user):
    from django.db.models import Q

    from .models import Incident, Recipient

    codes = coordinated_municipality_codes(user)
    if codes is None:
        return Incident.objects.all()
    cond = Q(municipalities__code__in=codes) if codes else Q(pk__in=[])
    orgs = administered_organization_ids(user)
    if orgs:
        ids = Recipient.objects.filter(organization_id__in=orgs).values_list(
            "activation__incident_id", flat=True
        )
        cond |= Q(pk__in=ids)
    return Incident.objects.filter(cond).distinct()


rules.add_perm("incidents.add_incident", is_admin | is_coordinator)
rules.add_perm("incidents.view_incident", is_incident_coordinator | is_alerted_association_admin)
rules.add_perm("incidents.manage_incident", is_incident_coordinator)
rules.add_perm("incidents.view_contacts", is_incident_coordinator)
rules.add_perm("incidents.add_log_entry", is_incident_coordinator | is_alerted_association_admin)
