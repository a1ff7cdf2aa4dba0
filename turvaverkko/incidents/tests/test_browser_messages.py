"""Kaisa sees an unclear text message arrive in the incoming messages panel without
reloading, counts it as "late 30" for the person who sent it, and the head-count changes."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import Incident, Reply
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def post_sms(base, sender, text, message_id):
    body = json.dumps({"from": sender, "text": text, "id": message_id}).encode()
    request = urllib.request.Request(  # noqa: S310 (the live server's http URL)
        f"{base}/hooks/sms/inbound", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http)
        return json.load(response)


def test_incoming_messages_panel(page, login_page, personas):
    incident = actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="Myrsky",
        type=Incident.Type.STORM,
    )
    activation = alerting.activate(
        incident,
        user=personas.kaisa,
        message="Kokoontuminen VPK:lla klo 18",
        organizations=[personas.olli_org],
        volunteer_count=5,
    )
    login_page(personas.kaisa)
    page.goto(f"{page.base}/fi/incidents/{incident.pk}/")
    assert page.locator("[data-count=late]").inner_text() == "0"
    panel = page.locator("[data-messages]")
    expect(panel.locator("[data-message]")).to_have_count(0)

    olli = personas.primary_contact.phone
    assert post_sms(page.base, olli, "Tulen ehkä, riippuu autosta", "b1") == {"status": "unclear"}
    assert post_sms(page.base, "+358409998877", f"K {activation.code}", "b2") == {
        "status": "unclear"
    }
    # both appear without a reload, newest first, within 5 seconds (the poll's period)
    expect(panel.locator("[data-message]")).to_have_count(2, timeout=6000)
    first, second = panel.locator("[data-message]").all()
    assert "+358409998877" in first.inner_text()
    assert "Tulen ehkä, riippuu autosta" in second.inner_text()
    assert "Olli Yhteys" in second.inner_text()  # attached to its sender without a code
    assert_no_axe_violations(page)

    reply = Reply.objects.get(message_id="b1")
    row = panel.locator(f"[data-message='{reply.pk}']")
    recipient = activation.recipients.get(contact=personas.primary_contact)
    assert row.locator("select[name=recipient]").input_value() == str(recipient.pk)
    row.locator("input[name=minutes]").fill("30")
    row.locator("button[name=action][value=late]").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/#messages")
    expect(page.locator("[data-count=late]")).to_have_text("1")
    assert "30 min" in page.locator("[data-headcount-list]").inner_text()
    row = page.locator(f"[data-message='{reply.pk}']")
    assert row.locator("form").count() == 0  # resolved: in the record, no more actions
    assert "Kaisa" in row.inner_text()
    reply.refresh_from_db()
    assert (reply.resolution, reply.eta_minutes) == ("counted", 30)
