"""Demo services (demo/services.csv) and their links to the sites (places.json), through the
HSDS import: the import framework's target `hsds` (api/hsds/importing.py), started and
committed with `importing.actions.start_import` / `commit_import` as the import pages do
(web may not import api: the target is found through the framework's registry).

The loader turns the demo's definitions into one HSDS document in the "tabular JSON" form
(`{"services.csv": [...], "service_at_locations.csv": [...], ...}`): each service with its
stable `uuid5` id, organisation, fi/sv/en texts in our profile's `translations`, languages,
themes and target groups (`attributes`), service area (the municipalities of its sites), and
each service at a site with its stable id. The import keeps the ids, so a re-run finds every
record as an exact duplicate (decision *update*); a record already as the file says is
"unchanged" and not saved, and the batch of an import that changed nothing is not kept."""

import json

from turvaverkko.importing.actions import commit_import, start_import
from turvaverkko.importing.base import ImportFileError, ImportRefused
from turvaverkko.registry.models import Organization, TaxonomyTerm

from . import places
from .common import stable_id
from .files import DemoDataError
from .services import SERVICES

FILENAME = "demo-services.json"
# Swedish fees and how to access of the Swedish associations' services and the food aid of
# the bilingual Kimitoön and Turku (issue 16 §2); a
# service's Swedish name and description are in demo/services.csv.
SERVICES_SV = {
    "kimitoon-familjecafe": {
        "fees_description": "Avgiftsfritt.",
        "application_process": "Kom när det passar dig, ingen anmälan behövs.",
    },
    "kimitoon-marthor-mathjalp": {
        "fees_description": "Avgiftsfritt.",
        "application_process": "Kom när det passar dig, ingen anmälan behövs.",
    },
    "runosmaki-ruoka-apu": {
        "fees_description": "Avgiftsfritt.",
        "application_process": "Kom till köpcentret när bussen är där, ingen anmälan behövs.",
    },
    "on-the-road-bussi": {
        "fees_description": "Avgiftsfritt.",
        "application_process": "Kom till bussen, ingen tidsbokning. En egen tid kan bokas "
        "på förhand.",
    },
}


def hsds_document(orgs: dict[str, Organization], municipality_of: dict[str, str]) -> dict:
    """The demo services as an HSDS document (tabular JSON). `municipality_of` maps a site
    key to its municipality code."""
    terms = {
        (t.taxonomy, t.code): str(t.pk)
        for t in TaxonomyTerm.objects.filter(taxonomy__in=("theme", "target_group"))
    }
    services, links, languages, attributes, areas = [], [], [], [], []
    sites_of: dict[str, list[str]] = {}
    for site in places.ALL_SITES:
        for key in site.services:
            sites_of.setdefault(key, []).append(site.key)
    for spec in SERVICES:
        service_id = str(stable_id("service", spec.key))
        swedish = SERVICES_SV.get(spec.key, {})
        services.append(
            {
                "id": service_id,
                "organization_id": str(orgs[spec.org].pk),
                "name": spec.name_fi,
                "description": spec.description_fi,
                "status": "active",
                "translations": {
                    "fi": {
                        "name": spec.name_fi,
                        "description": spec.description_fi,
                        "fees_description": spec.fees_fi,
                        "application_process": spec.access_fi,
                    },
                    "sv": {
                        "name": spec.name_sv,
                        "description": spec.description_sv,
                        "fees_description": swedish.get("fees_description", ""),
                        "application_process": swedish.get("application_process", ""),
                    },
                    "en": {"name": spec.name_en, "description": spec.description_en},
                },
            }
        )
        languages.extend({"service_id": service_id, "code": code} for code in spec.languages)
        for taxonomy, codes in (("theme", spec.themes), ("target_group", spec.target_groups)):
            for code in codes:
                if (taxonomy, code) not in terms:
                    raise DemoDataError(f"services.csv, {spec.key}: no {taxonomy} {code!r}")
                attributes.append(
                    {
                        "link_id": service_id,
                        "link_entity": "service",
                        "taxonomy_term_id": terms[(taxonomy, code)],
                    }
                )
        covered = []
        for site_key in sites_of.get(spec.key, []):
            links.append(
                {
                    "id": str(stable_id("service-at-location", f"{spec.key}@{site_key}")),
                    "service_id": service_id,
                    "location_id": str(stable_id("site", site_key)),
                }
            )
            if municipality_of[site_key] not in covered:
                covered.append(municipality_of[site_key])
        areas.extend({"service_id": service_id, "municipality_code": c} for c in covered)
    return {
        "services.csv": services,
        "service_at_locations.csv": links,
        "languages.csv": languages,
        "attributes.csv": attributes,
        "service_areas.csv": areas,
    }


def load_services(orgs: dict[str, Organization], by) -> dict:
    """Import the demo services through the HSDS import as `by` (the demo administrator).
    Returns the import's counts."""
    municipality_of = {site.key: site.municipality for site in places.ALL_SITES}
    document = hsds_document(orgs, municipality_of)
    data = json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
    try:
        batch = start_import(by, target="hsds", filename=FILENAME, data=data, format="hsds-json")
        counts = commit_import(batch, by)
    except ImportRefused as exc:
        raise DemoDataError(f"services.csv: the HSDS import refused it: {exc.errors[:5]}") from exc
    except ImportFileError as exc:
        raise DemoDataError(f"services.csv: the HSDS import refused it: {exc}") from exc
    if not counts.get("created") and not counts.get("updated"):
        batch.delete()  # nothing changed (a re-run): no batch kept either
    return counts
