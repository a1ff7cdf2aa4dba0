"""Who may open and use every registry page, and who sees private contact data.

Personas (conftest.py): olli is the admin of olli_org (Huittinen 102), ulla of other_org
(Muonio 498), kaisa coordinates Huittinen, mikko Muonio, reetta the region of Satakunta
(MK04, which Huittinen belongs to).
"""

import uuid

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PERSONA_NAMES
from turvaverkko.registry import actions
from turvaverkko.registry.invitations import SALT
from turvaverkko.registry.models import ImportBatch, Invitation, Organization
from turvaverkko.registry.validators import format_phone

LOGIN = 302
# Whose responses may carry olli_org's contact chain (phone numbers, e-mail addresses).
PRIVATE_OF_OLLI_ORG = {"olli", "kaisa", "reetta", "admin"}
EDITORS_OF_OLLI_ORG = {"olli", "kaisa", "reetta", "admin"}
INVITERS_FOR_OLLI_ORG = {"kaisa", "reetta", "admin"}
COORDINATORS = {"kaisa", "mikko", "reetta", "admin"}


def expected(allowed, *, ok=200, denied=403, anonymous=LOGIN):
    return {
        name: anonymous if name == "anonymous" else (ok if name in allowed else denied)
        for name in PERSONA_NAMES
    }


def private_markers(personas, page=""):
    """olli_org's contact data; the list shows the primary contact only."""
    chain = [personas.primary_contact]
    if page != "list":
        chain.append(personas.deputy_contact)
    out = []
    for contact in chain:
        out += [(contact.phone, format_phone(contact.phone)), (contact.email,)]
    return out


@pytest.fixture
def kaisa_batch(personas):
    upload = SimpleUploadedFile(
        "kysely.csv", b"Nimi;Kunta\nHuittisten Uusi Yhdistys ry;Huittinen\n"
    )
    batch = actions.start_import(personas.kaisa, upload)
    return actions.set_import_mapping(batch, batch.mapping)


READ_PAGES = {
    # name: (url builder, expected status per persona, personas whose page shows olli_org's
    # contact chain)
    "list": (
        lambda p, b: "/fi/organisations/",
        expected(COORDINATORS),
        {"kaisa", "reetta", "admin"},
    ),
    "detail": (
        lambda p, b: f"/fi/organisations/{p.olli_org.pk}/",
        expected(PERSONA_NAMES, anonymous=200),
        PRIVATE_OF_OLLI_ORG,
    ),
    "detail of a missing organisation": (
        lambda p, b: f"/fi/organisations/{uuid.uuid4()}/",
        expected((), denied=404, anonymous=404),
        set(),
    ),
    "edit": (
        lambda p, b: f"/fi/organisations/{p.olli_org.pk}/edit/",
        expected(EDITORS_OF_OLLI_ORG),
        EDITORS_OF_OLLI_ORG,
    ),
    "edit of a missing organisation": (
        lambda p, b: f"/fi/organisations/{uuid.uuid4()}/edit/",
        expected((), denied=404),
        set(),
    ),
    "confirm": (
        lambda p, b: f"/fi/organisations/{p.olli_org.pk}/confirm/",
        expected(EDITORS_OF_OLLI_ORG),
        EDITORS_OF_OLLI_ORG,
    ),
    "invite": (
        lambda p, b: f"/fi/organisations/{p.olli_org.pk}/invite/",
        expected(INVITERS_FOR_OLLI_ORG),
        set(),
    ),
    "create": (lambda p, b: "/fi/organisations/new/", expected(COORDINATORS), set()),
    "import": (lambda p, b: "/fi/organisations/import/", expected(COORDINATORS), set()),
    "import preview": (
        lambda p, b: f"/fi/organisations/import/{b.pk}/",
        {**expected(COORDINATORS, denied=403), "mikko": 404, "reetta": 404},
        set(),
    ),
    "import columns": (
        lambda p, b: f"/fi/organisations/import/{b.pk}/columns/",
        {**expected(COORDINATORS, denied=403), "mikko": 404, "reetta": 404},
        set(),
    ),
}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_read_access(client_as, personas, kaisa_batch, persona):
    """Every page, for one persona: the status code and whether private contact data shows."""
    client = client_as(persona)
    wrong = []
    for page, (url, statuses, private_to) in READ_PAGES.items():
        response = client.get(url(personas, kaisa_batch))
        if response.status_code != statuses[persona]:
            wrong.append(f"{page}: status {response.status_code}, expected {statuses[persona]}")
            continue
        if response.status_code == LOGIN and not response["Location"].startswith(
            "/fi/accounts/login/"
        ):
            wrong.append(f"{page}: redirected to {response['Location']}")
        content = response.content.decode()
        for forms_of_marker in private_markers(personas, page):
            shown = any(marker in content for marker in forms_of_marker)
            if shown != (persona in private_to):
                wrong.append(f"{page}: {forms_of_marker[0]} shown={shown}")
    assert not wrong, wrong


def test_the_list_shows_only_the_coordinators_area(client_as, personas):
    content = client_as("mikko").get("/fi/organisations/").content.decode()
    assert "Muonion Kyläyhdistys ry" in content
    assert "Huittisten Martat ry" not in content
    assert personas.other_contact.phone in content


def test_public_contacts_are_public(client_as, personas):
    personas.deputy_contact.is_public = True
    personas.deputy_contact.save()
    content = client_as("anonymous").get(f"/fi/organisations/{personas.olli_org.pk}/")
    content = content.content.decode()
    assert personas.deputy_contact.email in content
    assert personas.primary_contact.email not in content


def edit_payload(personas, description):
    org = personas.olli_org
    data = {
        "name_fi": org.name_fi,
        "kind": org.kind,
        "municipalities": [personas.huittinen.code],
        "description_fi": description,
        "contacts-TOTAL_FORMS": "3",
        "contacts-INITIAL_FORMS": "2",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "20",
    }
    for i, contact in enumerate((personas.primary_contact, personas.deputy_contact)):
        data.update(
            {
                f"contacts-{i}-id": str(contact.pk),
                f"contacts-{i}-name": contact.name,
                f"contacts-{i}-phone": contact.phone,
                f"contacts-{i}-email": contact.email,
                f"contacts-{i}-ORDER": str(i + 1),
            }
        )
    return data


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_edit_write(client_as, personas, persona):
    response = client_as(persona).post(
        f"/fi/organisations/{personas.olli_org.pk}/edit/",
        edit_payload(personas, f"Muokannut {persona}"),
    )
    allowed = persona in EDITORS_OF_OLLI_ORG
    assert response.status_code == expected(EDITORS_OF_OLLI_ORG, ok=302)[persona]
    personas.olli_org.refresh_from_db()
    assert (personas.olli_org.description_fi == f"Muokannut {persona}") == allowed


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_confirm_write(client_as, personas, persona):
    before = Organization.objects.filter(pk=personas.olli_org.pk).update(
        confirmed_at="2020-01-01T00:00:00Z"
    )
    assert before == 1
    response = client_as(persona).post(f"/fi/organisations/{personas.olli_org.pk}/confirm/")
    assert response.status_code == expected(EDITORS_OF_OLLI_ORG, ok=302)[persona]
    personas.olli_org.refresh_from_db()
    assert (personas.olli_org.confirmed_at.year > 2020) == (persona in EDITORS_OF_OLLI_ORG)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_invite_write(client_as, personas, persona):
    response = client_as(persona).post(
        f"/fi/organisations/{personas.olli_org.pk}/invite/", {"email": "uusi@example.fi"}
    )
    assert response.status_code == expected(INVITERS_FOR_OLLI_ORG, ok=302)[persona]
    assert Invitation.objects.filter(email="uusi@example.fi").exists() == (
        persona in INVITERS_FOR_OLLI_ORG
    )


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_create_write(client_as, personas, persona):
    municipality = personas.other_municipality if persona == "mikko" else personas.huittinen
    data = {
        "name_fi": "Uusi Yhdistys ry",
        "kind": "association",
        "municipalities": [municipality.code],
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "20",
    }
    response = client_as(persona).post("/fi/organisations/new/", data)
    assert response.status_code == expected(COORDINATORS, ok=302)[persona]
    assert Organization.objects.filter(name_fi="Uusi Yhdistys ry").exists() == (
        persona in COORDINATORS
    )


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_import_upload_write(client_as, personas, persona):
    upload = SimpleUploadedFile("lista.csv", b"Nimi;Kunta\nYhdistys ry;102\n")
    response = client_as(persona).post("/fi/organisations/import/", {"file": upload})
    assert response.status_code == expected(COORDINATORS, ok=302)[persona]
    assert ImportBatch.objects.filter(filename="lista.csv").exists() == (persona in COORDINATORS)


IMPORT_COMMIT = {**expected({"kaisa", "admin"}, ok=302), "mikko": 404, "reetta": 404}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_import_commit_write(client_as, personas, kaisa_batch, persona):
    response = client_as(persona).post(
        f"/fi/organisations/import/{kaisa_batch.pk}/", {"action": "commit"}
    )
    assert response.status_code == IMPORT_COMMIT[persona]
    created = Organization.objects.filter(name_fi="Huittisten Uusi Yhdistys ry").exists()
    assert created == (persona in {"kaisa", "admin"})


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_import_columns_write(client_as, personas, kaisa_batch, persona):
    response = client_as(persona).post(
        f"/fi/organisations/import/{kaisa_batch.pk}/columns/",
        {"name": "1", "municipalities": "0"},
    )
    assert response.status_code == IMPORT_COMMIT[persona]
    kaisa_batch.refresh_from_db()
    swapped = kaisa_batch.mapping == {"name": 1, "municipalities": 0}
    assert swapped == (persona in {"kaisa", "admin"})


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_import_replace_write(client_as, personas, kaisa_batch, persona):
    upload = SimpleUploadedFile("korjattu.csv", b"Nimi;Kunta\nToinen ry;102\n")
    response = client_as(persona).post(
        f"/fi/organisations/import/{kaisa_batch.pk}/replace/", {"file": upload}
    )
    assert response.status_code == IMPORT_COMMIT[persona]
    kaisa_batch.refresh_from_db()
    assert (kaisa_batch.filename == "korjattu.csv") == (persona in {"kaisa", "admin"})


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_accept_invitation_page(client_as, personas, persona):
    """The link is for a new address: only someone not signed in with another account."""
    invitation = Invitation.objects.create(
        organization=personas.olli_org, email="uusi@example.fi", invited_by=personas.kaisa
    )
    token = signing.TimestampSigner(salt=SALT).sign_object(
        {"invitation": invitation.pk, "email": invitation.email}
    )
    response = client_as(persona).get(f"/fi/organisations/invitations/{token}/")
    assert response.status_code == (200 if persona == "anonymous" else 403)
    content = response.content.decode()
    for forms_of_marker in private_markers(personas):
        assert not any(marker in content for marker in forms_of_marker)


def test_a_regional_coordinator_of_a_wellbeing_county_sees_its_network(client, personas):
    from turvaverkko.accounts.testing import login_verified
    from turvaverkko.registry.models import RoleAssignment
    from turvaverkko.registry.tests.factories import RoleAssignmentFactory, UserFactory

    county_coordinator = UserFactory(email="hyvinvointialue@example.fi")
    RoleAssignmentFactory(
        user=county_coordinator,
        role=RoleAssignment.Role.REGIONAL_COORDINATOR,
        county=personas.huittinen.county,
    )
    login_verified(client, county_coordinator)
    detail = client.get(f"/fi/organisations/{personas.olli_org.pk}/").content.decode()
    assert personas.primary_contact.email in detail
    other = client.get(f"/fi/organisations/{personas.other_org.pk}/").content.decode()
    assert personas.other_contact.email not in other
    assert client.get(f"/fi/organisations/{personas.olli_org.pk}/invite/").status_code == 200
