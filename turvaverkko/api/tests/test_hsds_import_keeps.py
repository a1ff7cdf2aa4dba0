"""A hand-written Finnish/Swedish HSDS service: what we model is kept, what we do not is
reported, and an organisation we already have is matched instead of duplicated."""

import json

import pytest

from turvaverkko.api.hsds.importing import import_data
from turvaverkko.directory.models import Service, Site
from turvaverkko.registry.models import Organization

pytestmark = pytest.mark.django_db

ORG = "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b01"
SERVICE = "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b02"
LOCATION = "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b03"
SAL = "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b04"


def service_document(personas, organization: dict) -> dict:
    return {
        "id": SERVICE,
        "name": "Ruoka-apu",
        "status": "active",
        "organization": {"id": ORG, **organization},
        "translations": {"sv": {"name": "Matbistånd"}},
        "service_areas": [
            {
                "id": "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b05",
                "name": personas.huittinen.name_fi,
                "description": "Koko kunta ja Vampulan kylät",
            }
        ],
        "service_at_locations": [
            {
                "id": SAL,
                "location": {
                    "id": LOCATION,
                    "location_type": "physical",
                    "name": "Seurakuntatalo",
                    "addresses": [
                        {
                            "id": "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b06",
                            "address_1": "Lauttakylänkatu 8",
                            "city": "Huittinen",
                            "postal_code": "32700",
                            "state_province": "Varsinais-Suomi",
                            "country": "FI",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [
                        {
                            "id": "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b07",
                            "details": "step_free_access",
                        },
                        {
                            "id": "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b08",
                            "description": "induction_loop; Esteetön WC",
                        },
                        {
                            "id": "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b09",
                            "description": "Ramppi sivuovella.",
                        },
                    ],
                },
            }
        ],
    }


def run(document):
    return import_data(json.dumps(document).encode(), "service.json", "hsds-json")


@pytest.fixture
def postcode(personas):
    from turvaverkko.areas.tests.factories import PostalCodeFactory

    return PostalCodeFactory(code="32700", municipality=personas.huittinen)


def _warnings(result) -> str:
    return "\n".join(result.warnings)


def test_an_organisation_with_our_y_tunnus_is_matched(personas, postcode):
    org = personas.olli_org
    org.business_id = "0737546-2"
    org.save()
    before = Organization.objects.count()
    identifier = {
        "id": "0b9a43f4-5a6e-4c38-9a5c-0c8f2a8a1b10",
        "identifier_scheme": "FI-PRO",
        "identifier": "0737546-2",
    }
    result = run(
        service_document(
            personas,
            {"name": "Huittisten Marttayhdistys", "organization_identifiers": [identifier]},
        )
    )
    assert result.errors == []
    assert Organization.objects.count() == before
    assert Service.objects.get(pk=SERVICE).organization_id == org.pk
    assert "matched an existing one (the same Y-tunnus)" in _warnings(result)


def test_import_keeps_flags_links_and_reports_what_it_drops(personas, postcode):
    org = personas.olli_org
    before = Organization.objects.count()
    result = run(
        service_document(
            personas,
            {"name": "HUITTISTEN MARTAT R.Y.", "municipality_codes": [personas.huittinen.code]},
        )
    )
    assert result.errors == []
    # Same normalised name in the same municipality: the same organisation.
    assert Organization.objects.count() == before
    assert Service.objects.get(pk=SERVICE).organization_id == org.pk
    site = Site.objects.get(pk=LOCATION)
    # Given as our flag names (and a Finnish label), they are flags, not notes.
    assert (site.step_free_access, site.induction_loop, site.accessible_toilet) == (
        True,
        True,
        True,
    )
    assert site.accessibility_notes_fi == "Ramppi sivuovella."
    # A location given inside the service belongs to the service's organisation.
    assert list(site.organizations.all()) == [org]
    assert site.municipality_id == personas.huittinen.code
    warnings = _warnings(result)
    assert "address.state_province is not modelled" in warnings
    assert "service_area.description is not modelled" in warnings
