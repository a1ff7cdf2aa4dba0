"""Load or refresh the whole demo network (`manage.py load_demo`): the loaders of this package
in order, in one transaction.

It is a module of its own, not the package's __init__, so that importing a light part of the
package (devservices, personas: run before Django is set up) does not import the models, and
the loaders do not sit under a package that imports them back.
"""

import time
from datetime import datetime
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from turvaverkko.areas.models import Municipality
from turvaverkko.directory.models import OpeningException, OpeningRule, Service, Site
from turvaverkko.outreach.demo import load_outreach
from turvaverkko.partnership.demo import load_partnership
from turvaverkko.registry.models import ContactPerson, Network, Organization, TaxonomyTerm
from turvaverkko.volunteers.models import AlertGroup, Volunteer

from .common import SEED, history
from .files import demo_dir
from .load_accounts import PERSONA_ORGS, load_roles, load_second_factors, load_users
from .load_directory import load_sites
from .load_incident import load_incident, load_open_alert
from .load_knowledge import load_knowledge
from .load_preparedness import load_preparedness
from .load_registry import load_networks, load_organisations
from .load_services import load_services
from .load_volunteers import load_alert_groups, load_volunteers
from .load_warnings import load_warnings
from .load_welfare import backdate_registrations
from .people import NameBook
from .personas import PERSONAS


class MissingReferenceData(Exception):
    pass


def load_demo(now: datetime | None = None) -> dict:
    """Load or refresh the whole demo; returns counts and the time taken. `now` (default:
    the current time) is what the demo's relative times are counted from."""
    started = time.monotonic()
    if not Municipality.objects.filter(code="102").exists() or not TaxonomyTerm.objects.exists():
        raise MissingReferenceData("Run `manage.py load_reference_data` before load_demo.")

    with translation.override("fi"), transaction.atomic():
        users = load_users()
        names = NameBook(SEED, reserved={f"{p.first_name} {p.last_name}" for p in PERSONAS})
        persona_contacts = {
            org_key: (users[key], users[key].first_name, users[key].last_name)
            for key, org_key in PERSONA_ORGS.items()
        }
        orgs = load_organisations(names, persona_contacts, users["admin"])
        networks = load_networks(orgs)
        load_roles(users, orgs)
        load_second_factors(users)
        sites = load_sites(orgs, users["admin"])
        load_services(orgs, users["admin"])
        volunteers = load_volunteers(names, users["ville"], orgs, users["admin"])
        load_alert_groups(volunteers, orgs)
        load_partnership(orgs)
        outreach = load_outreach()
        history.flush()
        readiness = load_preparedness(users, orgs, now)
        load_warnings(now)
        load_incident(users, orgs, now)
        load_open_alert(users, now)
        knowledge = load_knowledge()
        # insights may not be imported by other apps: its command, by name.
        analysis = StringIO()
        call_command(
            "generate_demo_analysis_data",
            str(demo_dir() / "insights.json"),
            now=now.isoformat() if now else None,
            stdout=analysis,
        )
        backdate_registrations(orgs, sites, volunteers, now)

    return {
        "organisations": Organization.objects.filter(pk__in=[o.pk for o in orgs.values()]).count(),
        "contacts": ContactPerson.objects.filter(organization__in=orgs.values()).count(),
        "networks": {n.name_fi: n.members.count() for n in networks.values()},
        "sites": len(sites),
        "services": Service.objects.filter(organization__in=orgs.values()).count(),
        "opening_rules": OpeningRule.objects.filter(site__in=sites.values()).count(),
        "opening_exceptions": OpeningException.objects.filter(site__in=sites.values()).count(),
        "volunteers": len(volunteers),
        "alert_groups": AlertGroup.objects.count(),
        "users": len(users),
        "all_sites": Site.objects.count(),
        "all_networks": Network.objects.count(),
        "all_volunteers": Volunteer.objects.count(),
        "readiness_plans": len(readiness["plans"]),
        **{k: v for k, v in readiness.items() if k != "plans"},
        **outreach,
        **knowledge,
        "seconds": round(time.monotonic() - started, 2),
    }
