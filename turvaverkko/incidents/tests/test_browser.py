"""Kaisa runs an incident in a real browser: open, alert, replies arrive, update, close."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from turvaverkko.incidents.models import Incident
from turvaverkko.notify.models import Delivery
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def post_sms(base, sender, text, message_id):
    body = json.dumps({"from": sender, "text": text, "id": message_id}).encode()
    request = urllib.request.Request(  # noqa: S310 (the live server's http URL)
        f"{base}/hooks/sms/inbound", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http)
        return json.load(response)


def test_kaisa_runs_an_incident(page, login_page, personas):
    login_page(personas.kaisa)
    page.goto(f"{page.base}/fi/incidents/new/")
    page.fill("#id_title", "Myrsky")
    page.select_option("#id_type", "storm")
    page.check(f"input[name=municipalities][value='{personas.huittinen.code}']")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/incidents/\d+/$"))
    incident = Incident.objects.get()

    page.click(f"a[href$='/incidents/{incident.pk}/activate/']")
    page.fill("#id_message", "Kokoontuminen VPK:lla klo 18")
    page.check(f"input[name=organizations][value='{personas.olli_org.pk}']")
    page.fill("#id_volunteer_count", "5")
    page.click("main button[data-review]")
    # asked 5, only Ville is there: the summary shows the shortfall; nothing is sent before
    # the coordinator confirms it
    expect(page.locator("[data-shortfall]")).to_be_visible()
    assert not incident.activations.exists()
    page.click("main button[data-send]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    activation = incident.activations.get()
    assert page.locator("[data-count=none]").inner_text() == "2"
    assert_no_axe_violations(page)

    # Olli answers by text message, Ville taps the link in his e-mail
    assert post_sms(page.base, personas.primary_contact.phone, f"K {activation.code}", "g1") == {
        "status": "recorded"
    }
    ville = activation.recipients.get(volunteer=personas.ville_profile)
    mail = Delivery.objects.get(recipient_key=ville.recipient_key, channel="email")
    link = re.search(r"https?://\S+/hooks/r/\S+/late", mail.body).group(0)
    path = link.split("/hooks/", 1)[1]
    reply = page.context.new_page()
    reply.goto(f"{page.base}/hooks/{path}")
    reply.fill("#id_minutes", "20")
    reply.click("main button[type=submit]")
    assert reply.locator("[role=status].msg-success").count() == 1
    reply.close()

    # the head-count on Kaisa's open page updates by itself within 5 seconds
    expect(page.locator("[data-count=yes]")).to_have_text("1", timeout=8000)
    expect(page.locator("[data-count=late]")).to_have_text("1", timeout=1000)
    assert "20 min" in page.locator("[data-headcount-list]").inner_text()

    page.fill("#id_update-text", "Tuokaa otsalamput")
    page.click("form[action$='/update/'] button")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    assert Delivery.objects.filter(dispatch__key__startswith="incident-update:").count() == 4

    # a field observation with coordinates appears in the log and on the map
    page.fill("#id_log-place", "Risteys")
    page.fill("#id_log-latitude", "61.18")
    page.fill("#id_log-longitude", "22.71")
    page.fill("#id_log-text", "Puu kaatunut tielle")
    page.click("form[action$='/log/'] button")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)  # Huittinen + observation
    assert "Puu kaatunut tielle" in page.locator("main").inner_text()

    page.click("a[href$='/stand-down/']")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    page.click("a[href$='/close/']")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    incident.refresh_from_db()
    assert incident.status == "closed"
    assert_no_axe_violations(page)

    page.fill("#id_lessons", "Varahenkilöiden numerot ajan tasalle")
    page.click("form[action$='/lessons/'] button")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    with page.expect_download() as download:
        page.click(f"a[href$='/incidents/{incident.pk}/report.pdf']")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
