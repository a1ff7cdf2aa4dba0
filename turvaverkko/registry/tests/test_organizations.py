"""Editing organisations and contact chains, identifiers, the list's filters and the history."""

import pytest

from turvaverkko.registry import actions
from turvaverkko.registry.models import ContactPerson, Organization
from turvaverkko.registry.tests.factories import OrganizationFactory
from turvaverkko.registry.validators import (
    format_association_number,
    format_phone,
    normalise_association_number,
    normalise_business_id,
    normalise_phone,
)


def form_data(personas, org=None, contacts=None, extra_contact=None, **fields):
    org = Organization.objects.get(pk=(org or personas.olli_org).pk)
    contacts = list(org.contacts.order_by("position")) if contacts is None else contacts
    data = {
        "name_fi": org.name_fi,
        "kind": org.kind,
        "municipalities": [m.code for m in org.municipalities.all()],
        "description_fi": org.description_fi,
        "themes": [str(t.pk) for t in org.themes.all()],
        "target_groups": [str(t.pk) for t in org.target_groups.all()],
        "contacts-INITIAL_FORMS": str(len(contacts)),
        "contacts-TOTAL_FORMS": str(len(contacts) + 1),
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "20",
    }
    for i, c in enumerate(contacts):
        data.update(
            {
                f"contacts-{i}-id": str(c.pk),
                f"contacts-{i}-name": c.name,
                f"contacts-{i}-phone": c.phone,
                f"contacts-{i}-email": c.email,
                f"contacts-{i}-ORDER": str(i + 1),
            }
        )
    if extra_contact:
        n = len(contacts)
        data.update({f"contacts-{n}-{k}": v for k, v in extra_contact.items()})
    data.update(fields)
    return data


def test_identifiers_and_phones_are_normalised():
    assert normalise_business_id(" 0737546 - 2 ") == "0737546-2"
    assert normalise_business_id("07375462") == "0737546-2"
    assert normalise_business_id("737546-2") == "0737546-2"  # leading zero lost in a sheet
    assert normalise_association_number("123.456") == "123456"
    assert format_association_number("123456") == "123.456"
    assert normalise_phone("040 123 4567") == "+358401234567"
    assert normalise_phone("00358 40 123 4567") == "+358401234567"
    assert normalise_phone("+46 8 123 456 78") == "+46812345678"
    assert format_phone("+358401234567") == "+358 40 1234567"


def test_edit_normalises_what_people_type(client_as, personas):
    response = client_as("olli").post(
        f"/en/organisations/{personas.olli_org.pk}/edit/",
        form_data(
            personas,
            business_id="07375462",
            association_number="123.456",
            phone="02 123 4567",
            extra_contact={"name": "Väinö Vara", "phone": "040 123 4567", "ORDER": "3"},
        ),
    )
    assert response.status_code == 302
    org = Organization.objects.get(pk=personas.olli_org.pk)
    assert (org.business_id, org.association_number, org.phone) == (
        "0737546-2",
        "123456",
        "+35821234567",
    )
    vaino = org.contacts.get(name="Väinö Vara")
    assert (vaino.position, vaino.phone, vaino.is_public) == (2, "+358401234567", False)
    page = client_as("olli").get(f"/en/organisations/{org.pk}/").content.decode()
    assert "123.456" in page
    assert '<a href="tel:+358401234567">+358 40 1234567</a>' in page
    assert "Deputy 2" in page


def test_invalid_identifiers_are_explained(client_as, personas):
    response = client_as("olli").post(
        f"/en/organisations/{personas.olli_org.pk}/edit/",
        form_data(personas, business_id="1234567-2"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Y-tunnus 1234567-2 has a wrong check digit." in content
    assert 'role="alert"' in content
    assert 'aria-invalid="true"' in content


def test_the_contact_chain_can_be_reordered_and_shortened(client_as, personas):
    primary, deputy = personas.primary_contact, personas.deputy_contact
    data = form_data(personas)
    data.update({"contacts-0-ORDER": "2", "contacts-1-ORDER": "1"})
    assert (
        client_as("kaisa").post(f"/en/organisations/{personas.olli_org.pk}/edit/", data).status_code
        == 302
    )
    primary.refresh_from_db()
    deputy.refresh_from_db()
    assert (deputy.position, primary.position) == (0, 1)

    data = form_data(personas)  # now deputy first
    data["contacts-1-DELETE"] = "on"
    client_as("kaisa").post(f"/en/organisations/{personas.olli_org.pk}/edit/", data)
    assert list(personas.olli_org.contacts.values_list("name", "position")) == [
        ("Outi Varahenkilö", 0)
    ]


def test_a_coordinator_creates_organisations_in_their_area_only(client_as, personas):
    data = form_data(personas, contacts=[], name_fi="Muonion Uusi ry")
    data["municipalities"] = [personas.huittinen.code]
    response = client_as("mikko").post("/en/organisations/new/", data)
    assert response.status_code == 200
    assert not Organization.objects.filter(name_fi="Muonion Uusi ry").exists()
    data["municipalities"] = [personas.other_municipality.code]
    data["contacts-0-name"] = "Maija Muonio"
    data["contacts-0-phone"] = "040 765 4321"
    response = client_as("mikko").post("/en/organisations/new/", data)
    assert response.status_code == 302
    org = Organization.objects.get(name_fi="Muonion Uusi ry")
    assert org.contacts.get().phone == "+358407654321"
    assert org.history.earliest().history_user == personas.mikko


@pytest.mark.parametrize(
    "query,shown,hidden",
    [
        ("q=martat", ["Huittisten Martat ry"], ["Huittisten Nuorisoseura ry"]),
        ("theme=THEME", ["Huittisten Nuorisoseura ry"], ["Huittisten Martat ry"]),
        ("stale=on", ["Huittisten Nuorisoseura ry"], ["Huittisten Martat ry"]),
        ("municipality=102", ["Huittisten Martat ry", "Huittisten Nuorisoseura ry"], []),
    ],
)
def test_list_filters(client_as, personas, themes, query, shown, hidden):
    other = OrganizationFactory(
        name_fi="Huittisten Nuorisoseura ry", municipalities=[personas.huittinen]
    )
    other.themes.add(themes["food"])
    Organization.objects.filter(pk=other.pk).update(confirmed_at="2020-01-01T00:00:00Z")
    query = query.replace("THEME", str(themes["food"].pk))
    content = client_as("reetta").get(f"/en/organisations/?{query}").content.decode()
    for name in shown:
        assert name in content
    for name in hidden:
        assert name not in content


def test_history_shows_who_changed_what(client_as, personas, themes):
    client_as("olli").post(
        f"/en/organisations/{personas.olli_org.pk}/edit/",
        form_data(
            personas,
            description_fi="Ruoka-apua torstaisin.",
            themes=[str(themes["food"].pk)],
            extra_contact={"name": "Väinö Vara", "phone": "040 123 4567", "ORDER": "3"},
        ),
    )
    data = form_data(personas)
    data["contacts-1-phone"] = "050 555 1234"
    client_as("kaisa").post(f"/en/organisations/{personas.olli_org.pk}/edit/", data)

    page = client_as("reetta").get(f"/en/organisations/{personas.olli_org.pk}/")
    history = page.context["history"]
    kaisa_entry, olli_entry = history[0], history[1]
    assert kaisa_entry.user == personas.kaisa
    assert [(c.field, c.old, c.new) for c in kaisa_entry.changes] == [
        ("phone", format_phone(personas.deputy_contact.phone), "+358 50 5551234")
    ]
    assert olli_entry.user == personas.olli
    changes = {c.field: (c.old, c.new) for c in olli_entry.changes}
    assert changes["description [fi]"] == ("Paikallinen yhdistys.", "Ruoka-apua torstaisin.")
    assert changes["themes"] == ("–", "Food aid")
    assert "Contact person Väinö Vara added" in olli_entry.events
    content = page.content.decode()
    assert "Change history" in content and "Ruoka-apua torstaisin." in content

    for persona in ("anonymous", "ville", "ulla", "mikko"):
        public = client_as(persona).get(f"/en/organisations/{personas.olli_org.pk}/")
        assert "Change history" not in public.content.decode()
        assert "history" not in public.context


def test_actions_record_the_user_without_a_request(personas):
    org = Organization.objects.get(pk=personas.olli_org.pk)
    actions.update_organization(
        org,
        {"description_fi": "Uusi kuvaus"},
        [{"id": personas.primary_contact.pk, "name": "Olli Yhteys", "phone": "", "email": ""}],
        personas.admin,
    )
    assert org.history.latest().history_user == personas.admin
    removed = ContactPerson.history.filter(id=personas.deputy_contact.pk, history_type="-")
    assert removed.get().history_user == personas.admin


def test_duplicate_positions_in_the_chain_are_refused_naming_both(client_as, personas):
    data = form_data(personas)
    data.update({"contacts-0-ORDER": "1", "contacts-1-ORDER": "1"})
    response = client_as("kaisa").post(f"/en/organisations/{personas.olli_org.pk}/edit/", data)
    assert response.status_code == 200
    errors = " ".join(response.context["formset"].non_form_errors())
    assert personas.primary_contact.name in errors and personas.deputy_contact.name in errors
    assert "same position (1)" in errors
    positions = list(personas.olli_org.contacts.order_by("position").values_list("name"))
    assert positions == [(personas.primary_contact.name,), (personas.deputy_contact.name,)]


def test_move_down_shows_the_new_order_and_save_keeps_it(client_as, personas):
    primary, deputy = personas.primary_contact, personas.deputy_contact
    client = client_as("kaisa")
    url = f"/en/organisations/{personas.olli_org.pk}/edit/"
    data = form_data(personas)
    data["move"] = "0:down"
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(f'value="{deputy.name}"') < page.index(f'value="{primary.name}"')
    primary.refresh_from_db()
    assert primary.position == 0  # nothing saved yet

    # The page now holds the new order; saving it (without "move") keeps it.
    formset = response.context["formset"]
    saved = {k: v for k, v in formset.data.items() if k != "move"}
    saved["municipalities"] = formset.data.getlist("municipalities")
    saved["themes"] = formset.data.getlist("themes")
    saved["target_groups"] = formset.data.getlist("target_groups")
    assert client.post(url, saved).status_code == 302
    primary.refresh_from_db()
    deputy.refresh_from_db()
    assert (deputy.position, primary.position) == (0, 1)


def test_a_move_past_the_end_changes_nothing(client_as, personas):
    data = form_data(personas)
    data["move"] = "1:down"  # the last saved contact cannot go lower
    response = client_as("kaisa").post(f"/en/organisations/{personas.olli_org.pk}/edit/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(personas.primary_contact.name) < page.index(personas.deputy_contact.name)
