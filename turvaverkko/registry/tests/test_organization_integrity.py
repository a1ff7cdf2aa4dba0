"""Integrity of organisation edits: an organisation with a parent can be edited by everyone
who may edit it, and an association admin cannot move it away from its coordinator."""

import json

import pytest

from turvaverkko.registry.models import Organization
from turvaverkko.registry.tests.factories import OrganizationFactory

from .test_organizations import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_parent(personas):
    parent = OrganizationFactory(name_fi="Marttaliitto ry", municipalities=[personas.huittinen])
    Organization.objects.filter(pk=personas.olli_org.pk).update(parent=parent)
    return parent


@pytest.mark.parametrize("name", ["olli", "kaisa", "reetta", "admin"])
def test_an_organisation_with_a_parent_can_be_edited(client_as, personas, with_parent, name):
    url = f"/en/organisations/{personas.olli_org.pk}/edit/"
    page = client_as(name).get(url)
    assert page.status_code == 200
    assert "Marttaliitto ry" in page.content.decode()
    data = form_data(personas, parent=str(with_parent.pk), description_fi=f"by {name}")
    assert client_as(name).post(url, data).status_code == 302
    org = Organization.objects.get(pk=personas.olli_org.pk)
    assert (org.parent_id, org.description_fi) == (with_parent.pk, f"by {name}")


def test_an_association_admin_cannot_move_the_organisation(client_as, personas):
    url = f"/en/organisations/{personas.olli_org.pk}/edit/"
    page = client_as("olli").get(url).content.decode()
    assert "Your municipal coordinator changes the municipalities." in page
    data = form_data(personas, description_fi="Uusi kuvaus")
    data["municipalities"] = [personas.other_municipality.code]
    assert client_as("olli").post(url, data).status_code == 302
    org = Organization.objects.get(pk=personas.olli_org.pk)
    assert org.description_fi == "Uusi kuvaus"  # the rest of the edit is saved
    assert [m.code for m in org.municipalities.all()] == [personas.huittinen.code]


def test_the_api_refuses_an_association_admins_move(client_as, personas):
    url = f"/api/organizations/{personas.olli_org.id}/"

    def patch(name, codes):
        return client_as(name).patch(
            url, json.dumps({"municipalities": codes}), content_type="application/json"
        )

    assert patch("olli", ["498"]).status_code == 403
    assert patch("olli", ["102", "498"]).status_code == 403
    assert patch("olli", ["102"]).status_code == 200  # unchanged is fine
    org = Organization.objects.get(pk=personas.olli_org.pk)
    assert [m.code for m in org.municipalities.all()] == ["102"]
    assert patch("admin", ["102", "498"]).status_code == 200
