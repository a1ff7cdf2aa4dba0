"""A volunteer's memberships are on record, and the volunteer sees the record."""

import pytest

from .test_profile import profile_data

pytestmark = pytest.mark.django_db


def test_joining_and_leaving_an_association_is_in_the_membership_history(client_as, personas):
    ville = personas.ville_profile
    client = client_as("ville")
    client.post("/fi/volunteer/profile/memberships/", {"organization": str(personas.other_org.pk)})
    response = client.post("/fi/volunteer/profile/", profile_data(ville))  # no organisations
    assert response.status_code == 302
    assert not ville.organizations.exists()

    html = client.get("/fi/volunteer/profile/memberships/").content.decode()
    history = html.split('<ol class="history">')[1].split("</ol>")[0]
    assert "Muonion Kyläyhdistys ry</ins>" in history  # joined
    assert "Muonion Kyläyhdistys ry</del>" in history  # and left
    assert "Ville" in history  # who made the change
    assert client_as("olli").get("/fi/volunteer/profile/memberships/").status_code == 302
