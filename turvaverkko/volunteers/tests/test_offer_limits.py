"""The anonymous offer-of-help form cannot be flooded: field limits and a per-address limit."""

import pytest
from django.test import Client
from freezegun import freeze_time

from turvaverkko.volunteers.models import HelpOffer

pytestmark = pytest.mark.django_db

OFFER = {
    "name": "Aino Auttaja",
    "phone": "050 765 4321",
    "email": "",
    "municipality": "huittinen",
    "message": "Voin laittaa ruokaa.",
}


def test_a_megabyte_message_is_refused_with_the_limit(client, personas):
    response = client.post("/en/offer-help/", {**OFFER, "message": "x" * 1_000_000})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not HelpOffer.objects.exists()
    page = client.get("/en/offer-help/").content.decode()
    assert 'maxlength="2000"' in page
    long_name = client.post("/en/offer-help/", {**OFFER, "name": "A" * 201})
    assert "at most 200 characters" in long_name.content.decode()


@freeze_time("2026-12-05 12:00:00")
def test_offers_per_address_are_limited_across_clients(personas, settings):
    settings.HELP_OFFERS_PER_ADDRESS = 3
    statuses = [Client().post("/en/offer-help/", OFFER).status_code for _ in range(3)]
    assert statuses == [302, 302, 302]
    # a fresh client (no cookies, as a script would be) from the same address is refused
    refused = Client().post("/en/offer-help/", OFFER)
    assert refused.status_code == 429
    assert "try again in an hour" in refused.content.decode()
    assert HelpOffer.objects.count() == 3
    other = Client(REMOTE_ADDR="192.0.2.9").post("/en/offer-help/", OFFER)
    assert other.status_code == 302
    with freeze_time("2026-12-05 13:00:01"):
        assert Client().post("/en/offer-help/", OFFER).status_code == 302


def test_behind_the_proxy_the_address_nginx_saw_counts(personas, settings):
    settings.HELP_OFFERS_PER_ADDRESS = 1
    settings.PRODUCTION = True
    client = Client(REMOTE_ADDR="10.0.0.1")  # the proxy
    first = client.post("/en/offer-help/", OFFER, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    assert first.status_code == 302
    # a forged left-hand entry does not make a new address
    again = client.post("/en/offer-help/", OFFER, HTTP_X_FORWARDED_FOR="5.6.7.8, 198.51.100.1")
    assert again.status_code == 429
    other = client.post("/en/offer-help/", OFFER, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302
