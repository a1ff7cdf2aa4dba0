"""Who sees and changes what, over every volunteers page, for every persona.

Volunteers' phone numbers and e-mail addresses may appear only to the coordinators of the
volunteer's home municipality (Kaisa for Huittinen, Reetta for Satakunta, which includes
Huittinen), to the admin, and to the volunteer themself.
"""

import phonenumbers
import pytest

from conftest import PERSONA_NAMES
from turvaverkko.volunteers.models import HelpOffer, Volunteer
from turvaverkko.volunteers.tests.factories import HelpOfferFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

# The sign-up page says so: not the regional coordinator (Reetta), who sees names and skills.
SEES_CONTACTS = {"kaisa", "admin"}
# Offers of help carry contact details too: the municipal coordinator and admins.
HANDLES_OFFERS = SEES_CONTACTS
SIGN_IN = "/fi/volunteer/sign-in/"
LOGIN = "/fi/accounts/login/"

# page -> expected status per persona (the default for personas not listed is the "*" entry).
PAGES = {
    "/fi/volunteer/sign-up/": {"*": 200, "ville": 302},
    "/fi/volunteer/sign-up/sent/": {"*": 200},
    "/fi/volunteer/sign-in/": {"*": 200},
    "/fi/volunteer/sign-in/sent/": {"*": 200},
    "/fi/volunteer/sign-in/forged:token/": {"*": 400},
    "/fi/volunteer/confirm/forged:token/": {"*": 400},
    "/fi/volunteer/keep/forged:token/": {"*": 400},
    "/fi/volunteer/profile/": {"*": 302, "ville": 200},
    "/fi/volunteer/profile/memberships/?q=Martat": {"*": 302, "ville": 200},
    "/fi/volunteer/profile/export/": {"*": 404, "anonymous": 302, "ville": 200},
    "/fi/volunteer/profile/erase/": {"*": 404, "anonymous": 302, "ville": 200},
    "/fi/volunteer/erased/": {"*": 200},
    "/fi/offer-help/": {"*": 200},
    "/fi/offer-help/thanks/": {"*": 200},
    "/fi/volunteers/": {"*": 200, "anonymous": 302, "ville": 403},
    "/fi/volunteers/offers/": {
        "*": 403,
        "anonymous": 302,
        "kaisa": 200,
        "mikko": 200,
        "reetta": 200,
        "admin": 200,
    },
    "/fi/dashboard/": {"*": 200, "anonymous": 302},
}


@pytest.fixture
def world(personas, skills):
    ville = personas.ville_profile
    ville.skills.add(skills["first_aid"])
    ville.organizations.add(personas.olli_org)
    muonio_volunteer = VolunteerFactory(
        user=None,
        name="Maija Muoniolainen",
        email="maija@example.fi",
        home_municipality=personas.other_municipality,
    )
    offer = HelpOfferFactory(municipality=personas.huittinen, name="Aino Auttaja")
    national = phonenumbers.format_number(
        phonenumbers.parse(ville.phone), phonenumbers.PhoneNumberFormat.NATIONAL
    )
    return {
        "ville": ville,
        "secrets": [ville.phone, national, ville.email],
        "muonio_volunteer": muonio_volunteer,
        "offer": offer,
    }


def expected(page, persona):
    rules = PAGES[page]
    return rules.get(persona, rules["*"])


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_every_page_for_every_persona(client_as, world, persona):
    client = client_as(persona)
    shown_contacts = False
    for page, _ in PAGES.items():
        response = client.get(page)
        assert response.status_code == expected(page, persona), page
        body = response.content.decode()
        if response.status_code == 302:
            location = response["Location"]
            if persona == "anonymous" and page.startswith("/fi/volunteer/profile"):
                assert location.startswith(SIGN_IN)
            elif persona == "anonymous":
                assert location.startswith(LOGIN) or location.startswith("/fi/volunteer/")
        leaked = [secret for secret in world["secrets"] if secret in body]
        if leaked:
            assert persona in SEES_CONTACTS | {"ville"}, (page, leaked)
            shown_contacts = True
        offer_contact = world["offer"].phone in body or world["offer"].email in body
        if offer_contact:
            assert persona in HANDLES_OFFERS, page
    # The people who should see the contact details do see them somewhere.
    assert shown_contacts == (persona in SEES_CONTACTS | {"ville"})


@pytest.mark.parametrize(
    ("persona", "sees_ville", "sees_maija"),
    [
        ("olli", True, False),  # Ville is a member of Olli's association: name and skills
        ("ulla", False, False),
        ("kaisa", True, False),
        ("mikko", False, True),
        ("reetta", True, False),
        ("admin", True, True),
    ],
)
def test_volunteer_list_scope(client_as, world, persona, sees_ville, sees_maija):
    body = client_as(persona).get("/fi/volunteers/").content.decode()
    assert ("Ville Vapaaehtoinen" in body) == sees_ville
    assert ("Maija Muoniolainen" in body) == sees_maija
    if sees_ville:
        assert "Ensiapu" in body or "first-aid" in body
    assert ("maija@example.fi" in body) == (persona in {"mikko", "admin"})


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_only_the_areas_coordinators_handle_an_offer(client_as, world, persona):
    offer = world["offer"]
    response = client_as(persona).post(f"/fi/volunteers/offers/{offer.pk}/handled/")
    offer.refresh_from_db()
    if persona in HANDLES_OFFERS:
        assert response.status_code == 302
        assert offer.handled_at is not None
    else:
        assert response.status_code == (302 if persona == "anonymous" else 403)
        assert offer.handled_at is None


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_only_ville_changes_villes_profile(client_as, world, personas, persona):
    ville = world["ville"]
    other_org = personas.other_org
    data = {
        "name": "Changed Name",
        "phone": "040 123 4567",
        "email": "changed@example.fi",
        "language": "sv",
        "home_municipality": "Huittinen",
        "channels": ["email"],
        "availability-TOTAL_FORMS": "0",
        "availability-INITIAL_FORMS": "0",
    }
    client = client_as(persona)
    client.post("/fi/volunteer/profile/", data)
    client.post("/fi/volunteer/profile/memberships/", {"organization": str(other_org.pk)})
    ville.refresh_from_db()
    if persona == "ville":
        assert ville.name == "Changed Name"
        assert ville.organizations.filter(pk=other_org.pk).exists()
    else:
        assert not ville.organizations.filter(pk=other_org.pk).exists()
        assert ville.name == "Ville Vapaaehtoinen"
        assert ville.email == "ville@example.fi"
        # Nobody else got a profile out of it either.
        assert not Volunteer.objects.filter(name="Changed Name").exists()


def test_offers_are_scoped_to_the_coordinated_area(client_as, world, personas):
    HelpOfferFactory(municipality=personas.other_municipality, name="Muonion Auttaja")
    kaisa = client_as("kaisa").get("/fi/volunteers/offers/").content.decode()
    mikko = client_as("mikko").get("/fi/volunteers/offers/").content.decode()
    assert "Aino Auttaja" in kaisa and "Muonion Auttaja" not in kaisa
    assert "Muonion Auttaja" in mikko and "Aino Auttaja" not in mikko
    assert HelpOffer.objects.count() == 2
