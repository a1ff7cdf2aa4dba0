"""The volunteer and offer lists (core.lists): filter, sort, page, CSV and whose contacts."""

import re

import pytest

from turvaverkko.core.tests.listing import csv_table, queries_for

from .factories import AvailabilitySlotFactory, HelpOfferFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def _names(html: str) -> list[str]:
    return re.findall(r'<th scope="row">([^<]+)', html)


def _volunteers(municipality, n, skill=None, prefix="Vapaaehtoinen"):
    made = []
    for i in range(n):
        v = VolunteerFactory(user=None, name=f"{prefix} {i:03d}", home_municipality=municipality)
        if skill:
            v.skills.add(skill)
        made.append(v)
    return made


def test_volunteers_filter_sort_page_and_csv(client_as, personas, skills):
    first_aid = _volunteers(personas.huittinen, 52, skills["first_aid"], "Ensiavustaja")
    _volunteers(personas.huittinen, 5, skills["cooking"], "Kokki")
    # Typed by the volunteer: a spreadsheet must not run it.
    first_aid[0].name = "=1+1 Ensiavustaja"
    first_aid[0].save()
    client = client_as("kaisa")

    page = client.get(f"/en/volunteers/?skill={skills['first_aid'].pk}&sort=name").content
    page = page.decode()
    assert "Rows 1–50 of 52" in page
    assert f'<option value="{skills["cooking"].pk}">Cooking (5)</option>' in page
    assert _names(page)[:2] == ["=1+1 Ensiavustaja", "Ensiavustaja 001"]
    assert f'href="?skill={skills["first_aid"].pk}&amp;sort=name&amp;page=2" rel="next"' in page
    second = client.get(f"/en/volunteers/?skill={skills['first_aid'].pk}&sort=name&page=2")
    assert _names(second.content.decode()) == ["Ensiavustaja 050", "Ensiavustaja 051"]

    rows = csv_table(
        client.get(f"/en/volunteers/export.csv?skill={skills['first_aid'].pk}&sort=name")
    )
    assert len(rows) == 52  # every filtered row, not the page
    assert rows[0]["Name"] == "'=1+1 Ensiavustaja"
    assert rows[1]["Phone"] == first_aid[1].phone  # a number stays a number
    assert rows[1]["E-mail"] == first_aid[1].email
    assert rows[1]["Skills"] == "First aid"


def test_csv_carries_contacts_only_where_the_user_may_see_them(client_as, personas, skills):
    ville = personas.ville_profile
    AvailabilitySlotFactory(volunteer=ville)
    # Reetta coordinates the region: names and skills, no phone numbers (rules.py).
    reetta = {r["Name"]: r for r in csv_table(client_as("reetta").get("/en/volunteers/export.csv"))}
    assert reetta["Ville Vapaaehtoinen"]["Phone"] == ""
    assert reetta["Ville Vapaaehtoinen"]["E-mail"] == ""
    assert reetta["Ville Vapaaehtoinen"]["Available"] == ""
    kaisa = {r["Name"]: r for r in csv_table(client_as("kaisa").get("/en/volunteers/export.csv"))}
    assert kaisa["Ville Vapaaehtoinen"]["Phone"] == ville.phone
    assert kaisa["Ville Vapaaehtoinen"]["Available"] != ""
    # Mikko's file has Muonio's volunteers only.
    assert csv_table(client_as("mikko").get("/en/volunteers/export.csv")) == []


def test_association_admin_sees_the_list_but_gets_no_csv(client_as, personas):
    personas.ville_profile.organizations.add(personas.olli_org)
    olli = client_as("olli")
    page = olli.get("/en/volunteers/").content.decode()
    assert "Ville Vapaaehtoinen" in page
    assert "export.csv" not in page
    assert olli.get("/en/volunteers/export.csv").status_code == 403


def test_own_area_first(client_as, personas):
    """An admin lists every volunteer; those of the municipality they coordinate first."""
    from turvaverkko.registry.models import RoleAssignment
    from turvaverkko.registry.tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(
        user=personas.admin,
        role=RoleAssignment.Role.MUNICIPAL_COORDINATOR,
        municipality=personas.other_municipality,
    )
    VolunteerFactory(user=None, name="Aaro Aakkonen", home_municipality=personas.huittinen)
    VolunteerFactory(
        user=None, name="Öljy Muoniolainen", home_municipality=personas.other_municipality
    )
    names = _names(client_as("admin").get("/en/volunteers/").content.decode())
    assert names == ["Öljy Muoniolainen", "Aaro Aakkonen", "Ville Vapaaehtoinen"]


def test_volunteer_list_query_count_does_not_grow(client_as, personas, skills):
    client = client_as("kaisa")
    for v in _volunteers(personas.huittinen, 20, skills["cooking"]):
        AvailabilitySlotFactory(volunteer=v)
    small = queries_for(client, "/en/volunteers/")
    for v in _volunteers(personas.huittinen, 180, skills["first_aid"], "Toinen"):
        AvailabilitySlotFactory(volunteer=v)
    assert queries_for(client, "/en/volunteers/") == small


def test_offers_filter_page_and_csv(client_as, personas, skills):
    for i in range(55):
        offer = HelpOfferFactory(municipality=personas.huittinen, name=f"Auttaja {i:02d}")
        offer.skills.add(skills["cooking"])
    HelpOfferFactory(municipality=personas.huittinen, name="@SUM(A1) Tarjoaja")
    HelpOfferFactory(municipality=personas.other_municipality, name="Muonion tarjoaja")
    client = client_as("kaisa")
    page = client.get("/en/volunteers/offers/?sort=name").content.decode()
    assert "Rows 1–50 of 56" in page and 'rel="next"' in page
    cooking = client.get(f"/en/volunteers/offers/?skill={skills['cooking'].pk}").content
    assert "Rows 1–50 of 55" in cooking.decode()
    rows = csv_table(client.get("/en/volunteers/offers/export.csv?sort=name"))
    assert len(rows) == 56
    assert rows[0]["Name"] == "'@SUM(A1) Tarjoaja"
    assert "Muonion tarjoaja" not in {r["Name"] for r in rows}
    # Handled offers are their own choice; new ones are the default.
    assert csv_table(client.get("/en/volunteers/offers/export.csv?show=handled")) == []
    assert client_as("olli").get("/en/volunteers/offers/export.csv").status_code == 403
