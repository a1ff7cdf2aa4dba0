"""Offers of help: a public form without an account, handled by the area's coordinators."""

import pytest

from turvaverkko.volunteers.models import HelpOffer
from turvaverkko.volunteers.tests.factories import HelpOfferFactory

pytestmark = pytest.mark.django_db


def test_resident_offers_help_without_an_account(client, personas, skills):
    page = client.get("/fi/offer-help/")
    assert page.status_code == 200
    response = client.post(
        "/fi/offer-help/",
        {
            "name": "Aino Auttaja",
            "phone": "050 765 4321",
            "email": "",
            "municipality": "huittinen",
            "skills": [str(skills["cooking"].pk)],
            "message": "Voin laittaa ruokaa evakuoiduille.",
        },
    )
    assert response["Location"] == "/fi/offer-help/thanks/"
    offer = HelpOffer.objects.get()
    assert offer.phone == "+358507654321"
    assert offer.municipality == personas.huittinen
    assert list(offer.skills.all()) == [skills["cooking"]]
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "<h1>" in thanks.content.decode()


def test_an_offer_needs_a_way_to_reach_the_person(client, personas):
    response = client.post(
        "/fi/offer-help/",
        {"name": "Aino", "phone": "", "email": "", "municipality": "102", "message": "Apua"},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not HelpOffer.objects.exists()


def test_coordinator_marks_an_offer_handled(client_as, personas):
    offer = HelpOfferFactory(municipality=personas.huittinen, name="Aino Auttaja")
    client = client_as("kaisa")
    assert "Aino Auttaja" in client.get("/fi/volunteers/offers/").content.decode()
    response = client.post(f"/fi/volunteers/offers/{offer.pk}/handled/")
    assert response["Location"] == "/fi/volunteers/offers/"
    offer.refresh_from_db()
    assert offer.handled_at is not None
    assert offer.handled_by == personas.kaisa
    new = client.get("/fi/volunteers/offers/").content.decode()
    assert "<h3>Aino Auttaja</h3>" not in new
    handled = client.get("/fi/volunteers/offers/?show=handled").content.decode()
    assert "<h3>Aino Auttaja</h3>" in handled


def test_handling_is_a_post(client_as, personas):
    offer = HelpOfferFactory(municipality=personas.huittinen)
    assert client_as("kaisa").get(f"/fi/volunteers/offers/{offer.pk}/handled/").status_code == 405
