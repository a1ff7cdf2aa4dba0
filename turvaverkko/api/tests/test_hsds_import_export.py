"""HSDS import (staged, atomic) and export (validated), and the round trip between them."""

import csv
import json
import shutil
from datetime import date, time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from turvaverkko.api.hsds import spec
from turvaverkko.api.hsds.exporter import export_directory
from turvaverkko.api.hsds.importing import import_path
from turvaverkko.directory.models import (
    OpeningException,
    OpeningRule,
    Service,
    ServiceAtLocation,
    Site,
)
from turvaverkko.directory.tests.factories import OpeningRuleFactory
from turvaverkko.registry.models import ContactPerson, Language, Organization, TaxonomyTerm

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parent / "hsds_examples"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
LOCATION_ID = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
ORG_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


@pytest.mark.parametrize(
    "name",
    [
        "service_full.json",
        "organization_full.json",
        "location.json",
        "service_at_location_full.json",
        "service_list.json",
        "organization_list.json",
        "taxonomy_term_list.json",
        "tabular.json",
        "csv",
    ],
)
def test_official_examples_import(name):
    result = import_path(EXAMPLES / name)
    assert result.errors == []
    assert sum(result.created.values()) + sum(result.updated.values()) > 0


def test_service_example_maps_onto_our_models_with_hsds_ids():
    result = import_path(EXAMPLES / "service_full.json")
    assert result.ok
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.organization_id.hex == ORG_ID.replace("-", "")
    assert (service.name_fi, service.minimum_age, service.status) == (
        "Community Counselling",
        12,
        "active",
    )
    assert service.alert.startswith("Following COVID-19")
    assert service.phone == "+44 1234 234567".replace(" ", "") or service.phone
    assert [lang.code for lang in service.languages.all()] == ["ur"]
    assert Language.objects.get(code="ur").name_en == "Urdu"
    site = Site.objects.get(pk=LOCATION_ID)
    assert site.name_fi == "MyCity Civic Center"
    assert site.external_identifier_type == "UPRN"
    # A foreign address loses nothing: postal code and country stay in the street address.
    assert site.street_address == "1-30 Main Street, MyVillage, ABC 1234, US"
    assert site.city == "MyCity"
    assert "induction loops" in site.accessibility_notes_fi
    # 10:00 at UTC+3 on 2005-01-01 is 09:00 in Helsinki (UTC+2 in winter).
    [service_rule] = OpeningRule.objects.filter(service=service, site=None)
    assert (service_rule.byday, service_rule.opens_at) == ("TH,FR", time(9))
    assert OpeningRule.objects.filter(service=service, site=site).count() == 1
    assert ServiceAtLocation.objects.get(pk="e94c9f38-1e8f-4564-91d4-d53501ab1765").site == site
    term = TaxonomyTerm.objects.get(pk="3f7b145d-84af-42d7-8fae-eaca714b02b2")
    assert term in service.themes.all()
    contact = ContactPerson.objects.get(organization_id=ORG_ID)
    assert (contact.name, contact.is_public) == ("Ann Persona", True)
    # What we do not model is reported, not silently dropped.
    assert result.warnings["service.wait_time is not modelled and was not imported"] == 1


def test_import_twice_updates_in_place():
    import_path(EXAMPLES / "service_full.json")
    counts = (Service.objects.count(), OpeningRule.objects.count(), ContactPerson.objects.count())
    second = import_path(EXAMPLES / "service_full.json")
    # Every record is matched by its id; as nothing differs, nothing is saved (test below).
    assert second.ok and not second.created and not second.updated
    assert second.batch.result["created"] == 0 and second.batch.result["unchanged"] >= 3
    assert counts == (
        Service.objects.count(),
        OpeningRule.objects.count(),
        ContactPerson.objects.count(),
    )


def test_rejected_input_writes_nothing_and_says_where_and_why(tmp_path):
    data = json.loads((EXAMPLES / "service_full.json").read_text())
    data["status"] = "sometimes"
    data["service_at_locations"][0]["location"]["latitude"] = "north"
    data["organization"]["email"] = "not an address"
    for location in data["organization"].get("locations", []):
        location["latitude"] = "north"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    result = import_path(path)
    assert not result.ok
    joined = "\n".join(result.errors)
    assert "broken.json /: status: 'sometimes' is not an HSDS service status." in joined
    # The location is nested twice; the error names where it was met first.
    assert "broken.json /organization/locations/0: latitude: 'north' is not a number." in joined
    assert "broken.json /organization: email: 'not an address' is not valid." in joined
    assert len(result.errors) == 3, result.errors
    assert not Organization.objects.exists()
    assert not Service.objects.exists() and not Site.objects.exists()


def test_rejected_csv_row_is_named_by_file_row_and_field(tmp_path):
    package = tmp_path / "package"
    shutil.copytree(EXAMPLES / "csv", package)
    services = (package / "services.csv").read_text()
    (package / "services.csv").write_text(services.replace(",active,", ",open,"))
    with pytest.raises(CommandError):
        call_command("import_hsds", str(package), stderr=(out := _Buffer()))
    assert "services.csv row 2: status: 'open' is not an HSDS service status." in out.text
    assert not Service.objects.exists() and not Organization.objects.exists()


class _Buffer:
    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_dry_run_validates_without_writing():
    result = import_path(EXAMPLES / "organization_full.json", dry_run=True)
    assert result.ok and result.created["organizations"] == 1
    assert not Organization.objects.exists()


def test_commands_import_then_export_validates(tmp_path):
    out = _Buffer()
    call_command("import_hsds", str(EXAMPLES / "organization_full.json"), stdout=out)
    assert "created 1 organizations" in out.text
    call_command("export_hsds", str(tmp_path / "export"), stdout=_Buffer())
    services = json.loads((tmp_path / "export" / "services.json").read_text())
    assert [s["id"] for s in services] == [SERVICE_ID]
    assert spec.errors("service", services[0]) == []
    package = json.loads((tmp_path / "export" / "csv" / "datapackage.json").read_text())
    assert {r["path"] for r in package["resources"]} >= {"services.csv", "locations.csv"}


# --- Round trip -------------------------------------------------------------------------


def _texts(obj, *names):
    return {
        f"{n}_{lang}": getattr(obj, f"{n}_{lang}") or ""
        for n in names
        for lang in ["fi", "sv", "en"]
    }


def _rule(r):
    return (
        r.byday,
        r.opens_at,
        r.closes_at,
        r.interval,
        r.pattern,
        r.nth,
        r.valid_from,
        r.valid_to,
        *_texts(r, "description").values(),
    )


def snapshot() -> dict:
    """Every field we model of the public directory, in a comparable form."""
    orgs = {}
    for o in Organization.objects.all():
        orgs[str(o.pk)] = {
            **_texts(o, "name", "description"),
            **{f: getattr(o, f) or "" for f in ("alternate_name", "kind", "email", "phone")},
            **{f: getattr(o, f) for f in ("business_id", "association_number", "website")},
            "year": o.year_incorporated,
            "parent": o.parent_id,
            "themes": sorted(str(t.pk) for t in o.themes.all()),
            "target_groups": sorted(str(t.pk) for t in o.target_groups.all()),
            "municipalities": sorted(m.code for m in o.municipalities.all()),
            "public_contacts": sorted(
                (c.name, c.title, c.email, c.phone) for c in o.contacts.filter(is_public=True)
            ),
        }
    sites = {}
    site_fields = [
        "alternate_name", "kind", "low_threshold", "url", "email", "phone", "street_address",
        "postal_code", "city", "municipality_id", "latitude", "longitude", "step_free_access",
        "accessible_toilet", "induction_loop", "accessible_parking", "external_identifier",
        "external_identifier_type",
    ]  # fmt: skip
    for s in Site.objects.filter(is_published=True):
        sites[str(s.pk)] = {
            **_texts(s, "name", "description", "transportation", "accessibility_notes"),
            **{f: getattr(s, f) for f in site_fields},
            "organizations": sorted(str(o.pk) for o in s.organizations.all()),
            "languages": sorted(x.code for x in s.languages.all()),
            "target_groups": sorted(str(t.pk) for t in s.target_groups.all()),
            "rules": sorted(_rule(r) for r in s.opening_rules.all()),
            "exceptions": sorted(
                (e.date, e.closed, e.opens_at, e.closes_at, *_texts(e, "description").values())
                for e in s.opening_exceptions.all()
            ),
        }
    services = {}
    service_fields = [
        "organization_id", "alternate_name", "url", "email", "phone", "status",
        "eligibility_description", "interpretation_services", "accreditations", "alert",
        "minimum_age", "maximum_age", "assured_date", "assurer_email",
    ]  # fmt: skip
    for s in Service.objects.all():
        services[str(s.pk)] = {
            **_texts(s, "name", "description", "fees_description", "application_process"),
            **{f: getattr(s, f) for f in service_fields},
            "themes": sorted(str(t.pk) for t in s.themes.all()),
            "target_groups": sorted(str(t.pk) for t in s.target_groups.all()),
            "languages": sorted(x.code for x in s.languages.all()),
            "service_area": sorted(m.code for m in s.service_area.all()),
            "rules": sorted(_rule(r) for r in s.opening_rules.filter(site=None)),
        }
    sals = {
        str(x.pk): (str(x.service_id), str(x.site_id), x.description)
        for x in ServiceAtLocation.objects.filter(site__is_published=True)
    }
    terms = {
        str(t.pk): (t.taxonomy, t.code, t.term_uri, t.parent_id, _texts(t, "name", "description"))
        for t in TaxonomyTerm.objects.exclude(taxonomy="skill")
    }
    return {"orgs": orgs, "sites": sites, "services": services, "sals": sals, "terms": terms}


def _wipe():
    OpeningRule.objects.all().delete()
    OpeningException.objects.all().delete()
    ServiceAtLocation.objects.all().delete()
    Service.objects.all().delete()
    Site.objects.all().delete()
    Organization.objects.all().delete()
    TaxonomyTerm.objects.all().delete()


@pytest.mark.parametrize("form", ["json", "csv"])
def test_round_trip_keeps_every_field_we_model(directory, personas, tmp_path, form):
    personas.olli_org.name_sv = "Huittisten Martat rf"
    personas.olli_org.save()
    directory.site.accessible_parking = True
    directory.site.save()
    # Rules that are not simply weekly: "torstai 1", the last Friday, even ISO weeks.
    OpeningRuleFactory(
        site=directory.site,
        byday="TH",
        pattern="monthly_nth",
        nth=1,
        opens_at=time(10),
        closes_at=time(12),
        description="Kahvila",
    )
    OpeningRuleFactory(
        site=directory.site,
        byday="FR",
        pattern="monthly_nth",
        nth=-1,
        opens_at=time(18),
        closes_at=time(20),
    )
    OpeningRuleFactory(
        site=directory.site,
        byday="MO,WE",
        pattern="even_weeks",
        opens_at=time(16),
        closes_at=time(19),
        valid_from=date(2026, 3, 2),
    )
    before = snapshot()
    assert before["sites"][str(directory.site.pk)]["rules"]
    export_directory(tmp_path)
    _wipe()
    result = import_path(tmp_path if form == "json" else tmp_path / "csv")
    assert result.errors == []
    after = snapshot()
    for key in before:
        for pk in before[key]:
            assert after[key].get(pk) == before[key][pk], (key, pk)
        assert after[key].keys() == before[key].keys(), key


def test_exported_terms_point_at_exported_taxonomies(directory, tmp_path):
    export_directory(tmp_path)
    taxonomies = json.loads((tmp_path / "taxonomies.json").read_text())
    assert all(spec.errors("taxonomy", t) == [] for t in taxonomies)
    ids = {t["id"] for t in taxonomies}
    terms = json.loads((tmp_path / "taxonomy_terms.json").read_text())
    assert terms and {t["taxonomy_id"] for t in terms} <= ids
    services = json.loads((tmp_path / "services.json").read_text())
    nested = {a["taxonomy_term"]["taxonomy_id"] for s in services for a in s["attributes"]}
    assert nested and nested <= ids
    with (tmp_path / "csv" / "taxonomies.csv").open(encoding="utf-8") as fh:
        assert {row["id"] for row in csv.DictReader(fh)} == ids
    with (tmp_path / "csv" / "taxonomy_terms.csv").open(encoding="utf-8") as fh:
        assert {row["taxonomy_id"] for row in csv.DictReader(fh)} <= ids


def test_a_committed_import_is_a_stored_batch_and_the_size_limit_comes_first(tmp_path, settings):
    """HSDS imports use the import framework's limits and batch record (docs/importing.md)."""
    from turvaverkko.importing.models import ImportBatch

    import_path(EXAMPLES / "service_full.json")
    batch = ImportBatch.objects.get(target="hsds")
    assert (batch.format, batch.filename, batch.status) == ("hsds-json", "service_full.json",
                                                           "committed")  # fmt: skip
    assert batch.created_by is None and batch.result["created"] >= 1
    # A dry run writes nothing, not even a batch.
    import_path(EXAMPLES / "organization_full.json", dry_run=True)
    assert ImportBatch.objects.count() == 1

    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = tmp_path / "big.json"
    big.write_text("[" + " " * (1024 * 1024 + 500 * 1024) + "]")  # refused before json.loads
    result = import_path(big)
    assert result.errors == ["big.json: The file is 1.5 MB; at most 1 MB can be imported at once."]
    assert ImportBatch.objects.count() == 1
