from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from turvaverkko.directory.tests.factories import SiteFactory
from turvaverkko.resources.models import Resource

pytestmark = pytest.mark.django_db

ALL = ["anonymous", "ville", "olli", "ulla", "kaisa", "mikko", "reetta", "admin"]
# Who may see (and keep) the Huittinen village hall of olli_org.
HALL_KEEPERS = {"olli", "kaisa", "reetta", "admin"}


@pytest.mark.parametrize("name", ALL)
def test_list_page_permissions(client_as, resources, name):
    response = client_as(name).get(reverse("resources:list"))
    if name == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif name == "ville":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        body = response.content.decode()
        assert ("Sampun kylätalo" in body) == (name in HALL_KEEPERS)
        assert ("Muonion laavu" in body) == (name in {"ulla", "mikko", "admin"})


@pytest.mark.parametrize("name", ALL)
def test_detail_and_edit_permissions(client_as, resources, name):
    client = client_as(name)
    detail = client.get(reverse("resources:detail", args=[resources.hall.pk]))
    edit = client.post(
        reverse("resources:edit", args=[resources.hall.pk]),
        {
            "organization": resources.hall.organization_id,
            "kind": "premises",
            "name": "Renamed hall",
            "municipality": "102",
            "quantity": 1,
            "availability": "available",
        },
    )
    resources.hall.refresh_from_db()
    if name == "anonymous":
        assert detail.status_code == 302 and edit.status_code == 302
        assert resources.hall.name == "Sampun kylätalo"
    elif name in HALL_KEEPERS:
        assert detail.status_code == 200
        assert edit.status_code == 302
        assert resources.hall.name == "Renamed hall"
    else:
        assert detail.status_code == 403 and edit.status_code == 403
        assert resources.hall.name == "Sampun kylätalo"


@pytest.mark.parametrize(
    "name,expected",
    [
        ("anonymous", None),
        ("ville", set()),
        ("olli", {"Sampun kylätalo"}),
        ("ulla", {"Muonion laavu"}),
        ("kaisa", {"Sampun kylätalo"}),
        ("mikko", {"Muonion laavu"}),
        ("reetta", {"Sampun kylätalo"}),
        ("admin", {"Sampun kylätalo", "Muonion laavu"}),
    ],
)
def test_geojson_contains_only_what_the_user_may_see(client_as, resources, name, expected):
    response = client_as(name).get(reverse("resources:geojson"))
    if expected is None:
        assert response.status_code == 302
        return
    data = response.json()
    assert {f["properties"]["name"] for f in data["features"]} == expected
    for feature in data["features"]:
        if feature["properties"]["name"] == "Muonion laavu":
            assert feature["geometry"]["coordinates"] == [23.68, 67.95]


def test_association_admin_adds_a_readiness_centre_with_coordinates(client_as, personas):
    response = client_as("olli").post(
        reverse("resources:create"),
        {
            "organization": personas.olli_org.pk,
            "kind": "premises",
            "name": "Vampulan nuorisoseurantalo",
            "municipality": "102",
            "latitude": "61.1762",
            "longitude": "22.6972",
            "quantity": 1,
            "availability": "available",
            "readiness_minutes": 45,
            "capacity": 120,
            "beds": 20,
            "heat_without_grid": "on",
            "generator": "on",
            "kitchen": "on",
        },
    )
    assert response.status_code == 302
    hall = Resource.objects.get(name="Vampulan nuorisoseurantalo")
    # ETRS-TM35FIN of Huittinen centre: about 266 km east, 6 788 km north.
    assert 260_000 < hall.easting < 275_000
    assert 6_780_000 < hall.northing < 6_795_000
    assert hall.generator and hall.kitchen and hall.heat_without_grid and not hall.water
    page = client_as("olli").get(response["Location"]).content.decode()
    assert "Vampulan nuorisoseurantalo" in page


def test_association_admin_cannot_add_for_another_organisation(client_as, personas):
    response = client_as("olli").post(
        reverse("resources:create"),
        {
            "organization": personas.other_org.pk,
            "kind": "vehicle",
            "name": "Moottorikelkka",
            "municipality": "498",
            "quantity": 1,
            "availability": "available",
        },
    )
    assert response.status_code == 200
    assert not Resource.objects.filter(name="Moottorikelkka").exists()


def test_half_coordinates_are_rejected(client_as, personas):
    response = client_as("olli").post(
        reverse("resources:create"),
        {
            "organization": personas.olli_org.pk,
            "kind": "equipment",
            "name": "Aggregaatti",
            "municipality": "102",
            "latitude": "61.1",
            "quantity": 2,
            "availability": "available",
        },
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Resource.objects.filter(name="Aggregaatti").exists()


def test_yearly_confirmation_and_stale_list(client_as, resources):
    Resource.objects.filter(pk=resources.hall.pk).update(
        confirmed_at=timezone.now() - timedelta(days=400)
    )
    kaisa = client_as("kaisa")
    stale = kaisa.get(reverse("resources:list") + "?stale=on").content.decode()
    assert "Sampun kylätalo" in stale
    dashboard = kaisa.get(reverse("web:dashboard")).content.decode()
    assert reverse("resources:list") + "?stale=on" in dashboard  # the stale-list link

    # Ulla cannot confirm someone else's resource; Olli can confirm his own.
    assert (
        client_as("ulla").post(reverse("resources:confirm", args=[resources.hall.pk])).status_code
        == 403
    )
    client_as("olli").post(reverse("resources:confirm", args=[resources.hall.pk]))
    resources.hall.refresh_from_db()
    assert timezone.now() - resources.hall.confirmed_at < timedelta(minutes=1)
    stale = kaisa.get(reverse("resources:list") + "?stale=on").content.decode()
    assert "Sampun kylätalo" not in stale


def test_new_resource_offers_only_places_in_the_users_municipalities(client_as, personas):
    SiteFactory(name_fi="Huittisten seurakuntatalo", municipality=personas.huittinen)
    SiteFactory(name_fi="Muonion koulu", municipality=personas.other_municipality, city="Muonio")
    kaisa = client_as("kaisa").get(reverse("resources:create")).content.decode()
    assert "Huittisten seurakuntatalo" in kaisa
    assert "Muonion koulu" not in kaisa
    admin = client_as("admin").get(reverse("resources:create")).content.decode()
    assert "Huittisten seurakuntatalo" in admin and "Muonion koulu" in admin
