"""Every REST endpoint, read and write, for every persona; personal data only where due.

Personas (conftest.py): Olli admins olli_org (Huittinen 102), Ulla other_org (Muonio 498),
Kaisa coordinates Huittinen, Mikko Muonio, Reetta the Satakunta region (so Huittinen),
Ville is a volunteer living in Huittinen.
"""

import json

import pytest
from django.test import Client

from conftest import PERSONA_NAMES

pytestmark = pytest.mark.django_db

PRIVATE_OF_OLLI_ORG = {"olli", "kaisa", "reetta", "admin"}
PRIVATE_OF_OTHER_ORG = {"ulla", "mikko", "admin"}


def send(client, method, url, data=None):
    return getattr(client, method)(
        url, data=json.dumps(data or {}), content_type="application/json"
    )


def test_reference_data_is_public_and_read_only(client_as, directory):
    for name in PERSONA_NAMES:
        c = client_as(name)
        for url in (
            "/api/municipalities/",
            "/api/municipalities/102/",
            "/api/regions/",
            "/api/counties/",
            "/api/postal-codes/?municipality=102",
            "/api/languages/",
            "/api/taxonomy-terms/",
        ):
            assert c.get(url).status_code == 200, (name, url)
        assert send(c, "post", "/api/municipalities/", {"code": "999"}).status_code in (403, 405)
        expected = 201 if name == "admin" else 403
        created = send(c, "post", "/api/languages/", {"code": f"x{name[:2]}", "name_fi": "X"})
        assert created.status_code == expected, name
    huittinen = client_as("anonymous").get("/api/municipalities/102/").json()
    assert (huittinen["name"], huittinen["region"]) == ("Huittinen", "MK04")


def test_organization_private_part_only_for_those_who_may_see_it(client_as, personas, directory):
    private_phone = personas.primary_contact.phone
    for name in PERSONA_NAMES:
        c = client_as(name)
        rows = {o["id"]: o for o in c.get("/api/organizations/").json()["results"]}
        olli_org = rows[str(personas.olli_org.id)]
        other_org = rows[str(personas.other_org.id)]
        assert (olli_org["private"] is not None) == (name in PRIVATE_OF_OLLI_ORG), name
        assert (other_org["private"] is not None) == (name in PRIVATE_OF_OTHER_ORG), name
        detail = c.get(f"/api/organizations/{personas.olli_org.id}/")
        assert (private_phone in detail.content.decode()) == (name in PRIVATE_OF_OLLI_ORG)
        # Public fields are for everyone.
        assert detail.json()["business_id"] == "0737546-2"
    contacts = client_as("kaisa").get(f"/api/organizations/{personas.olli_org.id}/").json()
    names = [p["name"] for p in contacts["private"]["contacts"]]
    assert names == ["Olli Yhteys", "Outi Varahenkilö", "Paula Julkinen"]


def test_organization_writes(client_as, personas, directory):
    url = f"/api/organizations/{personas.olli_org.id}/"
    for name in PERSONA_NAMES:
        response = send(client_as(name), "patch", url, {"alternate_name": f"by {name}"})
        assert response.status_code == (200 if name in PRIVATE_OF_OLLI_ORG else 403), name
    bad = send(client_as("olli"), "patch", url, {"business_id": "1234567-2"})
    assert bad.status_code == 400 and "business_id" in bad.json()
    new = {"name_fi": "Uusi yhdistys ry", "kind": "association", "municipalities": ["102"]}
    assert send(client_as("kaisa"), "post", "/api/organizations/", new).status_code == 201
    elsewhere = {**new, "municipalities": ["498"]}
    assert send(client_as("kaisa"), "post", "/api/organizations/", elsewhere).status_code == 403
    assert send(client_as("olli"), "post", "/api/organizations/", new).status_code == 403
    assert send(client_as("anonymous"), "post", "/api/organizations/", new).status_code == 403
    # A coordinator may not move an organisation out of her own municipalities.
    moved = send(client_as("kaisa"), "patch", url, {"municipalities": ["498"]})
    assert moved.status_code == 403
    assert send(client_as("kaisa"), "delete", url).status_code == 403
    assert send(client_as("admin"), "delete", url).status_code == 204


def test_contact_persons_are_private(client_as, personas, directory):
    expected = {
        "anonymous": None,
        "ville": set(),
        "olli": {"Olli Yhteys", "Outi Varahenkilö", "Paula Julkinen"},
        "ulla": {"Ulla Muonio"},
        "kaisa": {"Olli Yhteys", "Outi Varahenkilö", "Paula Julkinen"},
        "mikko": {"Ulla Muonio"},
        "reetta": {"Olli Yhteys", "Outi Varahenkilö", "Paula Julkinen"},
        "admin": {"Olli Yhteys", "Outi Varahenkilö", "Paula Julkinen", "Ulla Muonio"},
    }
    for name, names in expected.items():
        response = client_as(name).get("/api/contacts/")
        if names is None:
            assert response.status_code == 403
            continue
        assert {c["name"] for c in response.json()["results"]} == names, name
    olli_contact = f"/api/contacts/{personas.primary_contact.id}/"
    assert client_as("ulla").get(olli_contact).status_code == 404
    assert client_as("olli").get(olli_contact).json()["phone"] == personas.primary_contact.phone
    new = {"organization": str(personas.olli_org.id), "name": "Uusi Varahenkilö", "position": 3}
    assert send(client_as("olli"), "post", "/api/contacts/", new).status_code == 201
    assert send(client_as("ulla"), "post", "/api/contacts/", new).status_code == 403
    bad_phone = send(client_as("olli"), "patch", olli_contact, {"phone": "12"})
    assert bad_phone.status_code == 400
    fixed = send(client_as("olli"), "patch", olli_contact, {"phone": "040 123 4567"})
    assert fixed.json()["phone"] == "+358401234567"
    assert send(client_as("mikko"), "delete", olli_contact).status_code == 404


def test_sites(client_as, personas, directory):
    hidden = str(directory.hidden.id)
    sees_hidden = {"olli", "kaisa", "reetta", "admin"}
    for name in PERSONA_NAMES:
        c = client_as(name)
        ids = {s["id"] for s in c.get("/api/sites/").json()["results"]}
        assert str(directory.site.id) in ids and str(directory.muonio_site.id) in ids
        assert (hidden in ids) == (name in sees_hidden), name
        patch = send(c, "patch", f"/api/sites/{directory.site.id}/", {"alternate_name": name})
        assert patch.status_code == (200 if name in sees_hidden else 403), name
    own = {"name_fi": "Uusi paikka", "kind": "meeting_place"}
    olli = client_as("olli")
    with_org = {**own, "organizations": [str(personas.olli_org.id)]}
    assert send(olli, "post", "/api/sites/", with_org).status_code == 201
    foreign = {**own, "organizations": [str(personas.other_org.id)]}
    assert send(olli, "post", "/api/sites/", foreign).status_code == 403
    assert (
        send(client_as("kaisa"), "post", "/api/sites/", {**own, "municipality": "102"}).status_code
        == 201
    )
    assert (
        send(client_as("mikko"), "post", "/api/sites/", {**own, "municipality": "102"}).status_code
        == 403
    )
    assert send(client_as("ville"), "post", "/api/sites/", with_org).status_code == 403
    bad = send(olli, "patch", f"/api/sites/{directory.site.id}/", {"postal_code": "ABC"})
    assert bad.status_code == 400


def test_services_and_service_at_locations(client_as, personas, directory):
    editors = {"olli", "kaisa", "reetta", "admin"}
    url = f"/api/services/{directory.service.id}/"
    for name in PERSONA_NAMES:
        c = client_as(name)
        assert c.get(url).json()["phone"] == "+358212349999"
        response = send(c, "patch", url, {"alert": f"{name} was here"})
        assert response.status_code == (200 if name in editors else 403), name
    olli = client_as("olli")
    new = {"organization": str(personas.olli_org.id), "name_fi": "Kerho"}
    assert send(olli, "post", "/api/services/", new).status_code == 201
    other = {**new, "organization": str(personas.other_org.id)}
    assert send(olli, "post", "/api/services/", other).status_code == 403
    link = {"service": str(directory.service.id), "site": str(directory.muonio_site.id)}
    assert send(client_as("ulla"), "post", "/api/service-at-locations/", link).status_code == 403
    assert send(olli, "post", "/api/service-at-locations/", link).status_code == 201
    again = send(olli, "post", "/api/service-at-locations/", link)
    assert again.status_code == 400
    sal_ids = {
        s["site"]
        for s in client_as("anonymous").get("/api/service-at-locations/").json()["results"]
    }
    assert str(directory.hidden.id) not in sal_ids


def test_volunteer_profile_is_the_volunteers_own(client_as, personas):
    assert client_as("anonymous").get("/api/volunteers/me/").status_code == 403
    assert client_as("olli").get("/api/volunteers/me/").status_code == 404
    ville = client_as("ville")
    me = ville.get("/api/volunteers/me/").json()
    assert (me["phone"], me["home_municipality"]) == (personas.ville_profile.phone, "102")
    changed = send(ville, "patch", "/api/volunteers/me/", {"phone": "040 765 4321"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["phone"] == "+358407654321"
    assert send(ville, "patch", "/api/volunteers/me/", {"phone": "nope"}).status_code == 400
    # A new address takes effect when the link mailed to it is opened (as on the page).
    moved = send(ville, "patch", "/api/volunteers/me/", {"email": "ville.uusi@example.fi"})
    assert moved.status_code == 200
    assert moved.json()["email"] == personas.ville_profile.email
    assert moved.json()["email_confirmed_at"] is not None


def test_volunteer_list_and_contact_details(client_as, personas):
    personas.ville_profile.organizations.add(personas.olli_org)
    ville_phone = personas.ville_profile.phone
    expected = {
        # persona: (status, Ville listed, contact details shown)
        "anonymous": (403, False, False),
        "ville": (403, False, False),
        "olli": (200, True, False),
        "ulla": (200, False, False),
        "kaisa": (200, True, True),
        "mikko": (200, False, False),
        "reetta": (200, True, False),  # a regional coordinator: names and skills only
        "admin": (200, True, True),
    }
    for name, (status, listed, contacts) in expected.items():
        response = client_as(name).get("/api/volunteers/")
        assert response.status_code == status, name
        body = response.content.decode()
        assert (ville_phone in body) == contacts, name
        if status == 200:
            rows = response.json()["results"]
            assert any(r["id"] == personas.ville_profile.id for r in rows) == listed, name


def _unverified_kaisa_sees_nothing_private(kaisa, personas):
    org = kaisa.get(f"/api/organizations/{personas.olli_org.id}/").json()
    assert org["private"] is None
    patch = send(kaisa, "patch", f"/api/organizations/{personas.olli_org.id}/", {"email": ""})
    assert patch.status_code == 403
    assert kaisa.get("/api/volunteers/").status_code == 403
    contacts = kaisa.get("/api/contacts/")
    assert contacts.status_code == 403 or contacts.json()["results"] == []
    assert personas.primary_contact.phone not in kaisa.get("/api/organizations/").content.decode()


def test_unverified_coordinator_session_has_no_coordinator_rights(personas, directory):
    """Kaisa signed in with her password but has not passed TOTP in this session."""
    kaisa = Client()
    kaisa.force_login(personas.kaisa)
    _unverified_kaisa_sees_nothing_private(kaisa, personas)


def test_api_demotes_unverified_sessions_by_itself(personas, directory, settings):
    """The API's own rule, without the middleware that makes such sessions anonymous: the
    user stays signed in but without coordinator or admin rights; association rights,
    which need no second factor, remain."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequireTwoFactor" not in m]
    kaisa = Client()
    kaisa.force_login(personas.kaisa)
    assert kaisa.get("/api/volunteers/me/").status_code == 404  # signed in, no profile
    _unverified_kaisa_sees_nothing_private(kaisa, personas)
    admin = Client()
    admin.force_login(personas.admin)
    assert admin.get(f"/api/sites/{directory.hidden.id}/").status_code == 404
    assert send(admin, "delete", f"/api/organizations/{personas.other_org.id}/").status_code == 403
    olli = Client()
    olli.force_login(personas.olli)
    assert olli.get(f"/api/organizations/{personas.olli_org.id}/").json()["private"]


def test_api_tokens_carry_the_rights_of_their_user(personas):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=personas.kaisa)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    org = api.get(f"/api/organizations/{personas.olli_org.id}/").json()
    assert org["private"]["contacts"]
    assert api.get("/api/volunteers/").status_code == 200
    assert send(api, "patch", f"/api/organizations/{personas.olli_org.id}/", {}).status_code == 200
    token.delete()
    assert api.get("/api/volunteers/").status_code in (401, 403)
    assert Client(HTTP_AUTHORIZATION="Token nonsense").get("/api/organizations/").status_code in (
        401,
        403,
    )


def test_every_persona_on_the_remaining_endpoints(client_as, personas, directory):
    sal = directory.service.at_locations.get(site=directory.site)
    editors = {"olli", "kaisa", "reetta", "admin"}
    term = {"taxonomy": "theme", "code": "new-theme", "name_fi": "Uusi teema"}
    for name in PERSONA_NAMES:
        c = client_as(name)
        me = c.get("/api/volunteers/me/").status_code
        assert me == {"anonymous": 403, "ville": 200}.get(name, 404), name
        created = send(c, "post", "/api/taxonomy-terms/", {**term, "code": f"theme-{name}"})
        assert created.status_code == (201 if name == "admin" else 403), name
        if name not in editors:
            for url in (
                f"/api/service-at-locations/{sal.id}/",
                f"/api/services/{directory.service.id}/",
                f"/api/sites/{directory.site.id}/",
                f"/api/organizations/{personas.olli_org.id}/",
            ):
                assert send(c, "delete", url).status_code == 403, (name, url)
    olli = client_as("olli")
    assert send(olli, "delete", f"/api/service-at-locations/{sal.id}/").status_code == 204
    assert send(olli, "delete", f"/api/services/{directory.service.id}/").status_code == 204
    assert send(olli, "delete", f"/api/sites/{directory.site.id}/").status_code == 204
    # Olli administers the association but may not delete it from the registry.
    assert send(olli, "delete", f"/api/organizations/{personas.olli_org.id}/").status_code == 403
