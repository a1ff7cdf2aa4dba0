"""Role assignments are on record: who became or stopped being an admin, and by whom."""

import pytest

from turvaverkko.registry.models import RoleAssignment
from turvaverkko.registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admins_added_and_removed_are_in_the_organisation_history(client_as, personas):
    new_admin = UserFactory(email="uusi@example.fi", first_name="Uuno", last_name="Uusi")
    assignment = RoleAssignment(
        user=new_admin, role=RoleAssignment.Role.ASSOCIATION_ADMIN, organization=personas.olli_org
    )
    assignment._history_user = personas.kaisa
    assignment.save()
    assignment._history_user = personas.admin
    assignment.delete()

    html = client_as("olli").get(f"/en/organisations/{personas.olli_org.pk}/").content.decode()
    assert "Admin Uuno Uusi added" in html
    assert "Admin Uuno Uusi removed" in html
    history = html.split('<ol class="history">')[1]
    assert history.index("removed") < history.index("added")  # newest first
    # Other organisations' admins do not show up here.
    assert "Ulla" not in history


def test_coordinator_roles_have_a_history_page_in_the_admin(client_as, personas):
    kaisa_role = RoleAssignment.objects.get(user=personas.kaisa)
    kaisa_role.municipality = personas.other_municipality
    kaisa_role._history_user = personas.admin
    kaisa_role.save()
    url = f"/fi/admin/registry/roleassignment/{kaisa_role.pk}/history/"
    page = client_as("admin").get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert str(personas.admin) in html  # who changed it
    assert html.split('id="change-history"')[1].count("<tr>") == 3  # head, created, moved
    assert client_as("kaisa").get(url).status_code in (302, 403)
