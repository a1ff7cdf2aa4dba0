"""Kaisa alerts at night from a plan scenario: the shortfall, "alert anyway", the SMS preview
with its counter, stand down and close with confirmation (issue 10 §2–§4), in Chromium."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from turvaverkko.incidents.alerting.messages import alert_token
from turvaverkko.incidents.models import Incident
from turvaverkko.notify.worker import run_channels
from turvaverkko.preparedness.models import PlanScenario, ReadinessPlan, Role
from turvaverkko.volunteers.tests.factories import AvailabilitySlotFactory, VolunteerFactory
from turvaverkko.web.testing import assert_no_axe_violations

from .test_browser import post_sms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TASK = "muonitus valmiuskeskuksessa (lämmin ateria 80 hengelle)"


def test_activation_shortfall_and_stand_down(page, login_page, personas, sms_stub, smtp_server):
    plan = ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma")
    plan.municipalities.set([personas.huittinen])
    scenario = PlanScenario.objects.create(
        plan=plan, kind="power_outage", alert_text_fi="Pitkä sähkökatko Huittisissa."
    )
    Role.objects.create(scenario=scenario, task=TASK, organization=personas.olli_org)
    # Five volunteers are available only on a day three days away, whatever the clock says:
    # outside their availability now. Ville (no slots) is available.
    other_day = (timezone.localdate() + timedelta(days=3)).weekday()
    for i in range(5):
        v = VolunteerFactory(name=f"Päivävapaaehtoinen {i}", home_municipality=personas.huittinen)
        AvailabilitySlotFactory(volunteer=v, weekday=other_day, start=time(8), end=time(16))

    login_page(personas.kaisa)
    page.goto(f"{page.base}/fi/incidents/new/?scenario={scenario.pk}")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/incidents/\d+/activate/$"))
    incident = Incident.objects.get()

    page.fill("#id_volunteer_count", "6")
    page.fill("#id_place", "Sammun kylätalo")
    page.click("main button[name=preview]")
    shortfall = page.locator("[data-shortfall]")
    expect(shortfall).to_be_visible()
    numbers = re.findall(r"\b\d+\b", shortfall.inner_text())
    assert numbers[:5] == ["6", "1", "5", "0", "0"]  # asked, available, outside, resting, skill
    assert not incident.activations.exists()

    # the SMS each kind of recipient gets, per language, with its counter
    contact = page.locator("[data-sms-preview=fi-contact]")
    assert TASK in contact.inner_text() and "Sammun kylätalo" in contact.inner_text()
    assert re.search(r"\d+ .*GSM7", contact.locator("[data-sms-counter]").inner_text())
    expect(page.locator("[data-sms-preview=sv-volunteer]")).to_be_visible()
    assert_no_axe_violations(page)

    page.check("#id_alert_anyway")
    page.click("main button[name=preview]")
    page.click("main button[data-review]")
    page.click("main button[data-send]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    activation = incident.activations.get()
    assert activation.outside_slots_alerted == 5 and activation.recipients.count() == 7
    assert activation.recipients.get(contact=personas.primary_contact).task == TASK

    # the whole alert behind an SMS's short link, in the recipient's language
    olli = activation.recipients.get(contact=personas.primary_contact)
    page.goto(f"{page.base}/hooks/a/{alert_token(olli)}")
    expect(page.locator("[data-alert-details]")).to_contain_text(TASK)
    expect(page.locator("[data-alert-details]")).to_contain_text("Sammun kylätalo")
    assert_no_axe_violations(page)
    page.goto(f"{page.base}/fi/incidents/{incident.pk}/")

    # Olli is coming; the volunteers say nothing
    reply = post_sms(page.base, personas.primary_contact.phone, f"K {activation.code}", "n1")
    assert reply == {"status": "recorded"}

    page.click("a[href$='/stand-down/']")
    plan_list = page.locator("[data-confirm-plan]")
    expect(plan_list).to_be_visible()
    assert "1" in plan_list.inner_text()  # one person gets a release message
    assert_no_axe_violations(page)
    incident.refresh_from_db()
    assert incident.status == "active"
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    incident.refresh_from_db()
    assert incident.status == "standing_down"

    # every alert that had not gone out yet was withdrawn: only Olli's receipt of his "K"
    # and his release go out
    run_channels(["sms", "email"], until="idle")
    assert [m["to"] for m in sms_stub.accepted()] == [personas.primary_contact.phone] * 2
    assert [m["To"] for m in smtp_server.messages] == [personas.primary_contact.email]
    assert all(incident.title in m["text"] for m in sms_stub.accepted())

    page.click("a[href$='/close/']")
    expect(page.locator("[data-confirm-plan]")).to_be_visible()
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    incident.refresh_from_db()
    assert incident.status == "closed"
