"""The contact chain's order (issue 16 §5): Move up / Move down buttons that work without
JavaScript, and positions given twice refused with an error rather than ordered silently."""

import pytest
from django.urls import reverse
from django.utils import translation

from turvaverkko.registry.tests.factories import ContactPersonFactory

pytestmark = pytest.mark.django_db


def _names(role):
    return [c.name for c in role.contact_chain()]


@pytest.fixture
def chain(plans, personas):
    third = ContactPersonFactory(organization=personas.olli_org, position=2, name="Kolmas Vara")
    with translation.override("en"):  # the English page: the tests compare its words
        url = reverse("preparedness:role_chain", args=[plans.role.pk])
    positions = {
        f"contact_{personas.primary_contact.pk}": "1",
        f"contact_{personas.deputy_contact.pk}": "2",
        f"contact_{third.pk}": "3",
    }
    return url, positions, third


def test_a_position_given_twice_is_refused_with_the_names(client_as, plans, personas, chain):
    url, positions, third = chain
    positions[f"contact_{third.pk}"] = "2"
    response = client_as("kaisa").post(url, positions)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Outi Varahenkilö, Kolmas Vara have the same position 2" in html
    assert html.count("Another person has position 2 too.") == 2
    assert 'class="alert error-summary" role="alert" tabindex="-1" autofocus' in html
    assert _names(plans.role) == ["Olli Yhteys", "Outi Varahenkilö", "Kolmas Vara"]  # unsaved


def test_move_down_shows_the_new_order_and_save_keeps_it(client_as, plans, personas, chain):
    url, positions, third = chain
    client = client_as("kaisa")
    primary = personas.primary_contact
    response = client.post(url, {**positions, "move": f"down:{primary.pk}"})
    assert response.status_code == 200
    html = response.content.decode()
    # Nothing saved yet; the form now has Olli second, and focus stays on his Move down.
    assert _names(plans.role) == ["Olli Yhteys", "Outi Varahenkilö", "Kolmas Vara"]
    form = response.context["form"]
    assert [c.name for c in form.contacts] == ["Outi Varahenkilö", "Olli Yhteys", "Kolmas Vara"]
    assert form[f"contact_{primary.pk}"].value() == 2
    assert f'value="down:{primary.pk}" autofocus' in html
    assert "Olli Yhteys was moved." in html
    moved = {f"contact_{c.pk}": str(form[f"contact_{c.pk}"].value()) for c in form.contacts}
    response = client.post(url, moved)
    assert response.status_code == 302
    assert _names(plans.role) == ["Outi Varahenkilö", "Olli Yhteys", "Kolmas Vara"]


def test_move_up_at_the_top_keeps_the_order_and_the_last_has_no_move_down(
    client_as, plans, personas, chain
):
    url, positions, third = chain
    client = client_as("kaisa")
    response = client.post(url, {**positions, "move": f"up:{third.pk}"})
    form = response.context["form"]
    assert [c.name for c in form.contacts] == ["Olli Yhteys", "Kolmas Vara", "Outi Varahenkilö"]
    response = client.post(url, {**positions, "move": f"up:{personas.primary_contact.pk}"})
    rows = response.context["form"].rows()
    assert [r["contact"].name for r in rows] == ["Olli Yhteys", "Outi Varahenkilö", "Kolmas Vara"]
    assert [(r["up"], r["down"]) for r in rows] == [(False, True), (True, True), (True, False)]
    # Olli cannot go higher: focus moves to his other button.
    assert rows[0]["focus"] == "down"


def test_people_left_out_have_no_move_buttons_and_numbers_with_gaps_close_up(
    client_as, plans, personas, chain
):
    url, positions, third = chain
    positions[f"contact_{personas.deputy_contact.pk}"] = ""
    positions[f"contact_{third.pk}"] = "7"
    response = client_as("kaisa").post(url, {**positions, "move": f"down:{third.pk}"})
    rows = response.context["form"].rows()
    assert [r["contact"].name for r in rows] == ["Olli Yhteys", "Kolmas Vara", "Outi Varahenkilö"]
    assert [r["field"].value() for r in rows] == [1, 2, None]
    assert (rows[2]["up"], rows[2]["down"]) == (False, False)


def test_a_move_with_a_mistyped_number_shows_the_error_and_moves_nothing(
    client_as, plans, personas, chain
):
    url, positions, third = chain
    positions[f"contact_{third.pk}"] = "x"
    response = client_as("kaisa").post(
        url, {**positions, "move": f"up:{personas.deputy_contact.pk}"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["moved"] is None
