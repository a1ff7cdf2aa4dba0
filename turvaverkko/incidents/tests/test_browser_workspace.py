"""Kaisa runs an alert of 50 organisations and 500 volunteers: the dashboard leads with
what needs action, the incident page stays small, she filters to the silent and marks
twenty of them en route in one action, and finds the unclear message at the top."""

import re

import pytest
from playwright.sync_api import expect

from turvaverkko.incidents import actions
from turvaverkko.incidents.models import Incident, Recipient
from turvaverkko.web.testing import assert_no_axe_violations

from .scale import generate_alert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_workspace_at_scale(page, login_page, personas):
    incident = actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="Myrsky Huittisissa",
        type=Incident.Type.STORM,
    )
    actions.change_status(incident, Incident.Status.ACTIVE, user=personas.kaisa)
    generate_alert(incident, orgs=50, volunteers=500, user=personas.kaisa)
    login_page(personas.kaisa)

    # The dashboard: the cards of what needs action come first.
    page.goto(f"{page.base}/fi/dashboard/")
    cards = page.locator(".cards .card")
    # No alert worker runs in this test: its health comes first.
    expect(cards.first).to_have_attribute("data-card", "alert-path")
    incident_card = page.locator(f"[data-card='incident-{incident.pk}']")
    expect(incident_card).to_contain_text("Myrsky Huittisissa")
    assert re.search(r"92\D+92\D+92\D+183", incident_card.inner_text())  # yes/late/no/silent
    unclear_card = page.locator("[data-card=unclear-messages]")
    expect(unclear_card.locator(".card-count")).to_have_text("1")
    failed_card = page.locator("[data-card=failed-deliveries]")
    expect(failed_card.locator(".card-count")).to_have_text("91")
    assert_no_axe_violations(page)

    # The incident page's bytes as sent, from Chromium's network log.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    documents: dict[str, str] = {}
    sizes: dict[str, float] = {}
    cdp.on(
        "Network.responseReceived",
        lambda e: (
            documents.__setitem__(e["requestId"], e["response"]["url"])
            if e.get("type") == "Document"
            else None
        ),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    unclear_card.locator("a").click()
    page.wait_for_load_state("load")
    sent = [sizes[r] for r, url in documents.items() if f"/incidents/{incident.pk}/" in url]
    assert sent and sent[-1] <= 150_000, sent

    # The unclear message is at the top, above the table.
    panel = page.locator("[data-messages]")
    expect(panel).to_contain_text("mihin pitää tulla?")
    table = page.locator("#recipients table")
    assert panel.bounding_box()["y"] < table.bounding_box()["y"]

    # Filter to the silent (a link: works without JavaScript), 183 of them, 100 a page.
    page.locator("[data-filter=silent]").first.click()
    page.wait_for_url("**show=silent**")
    boxes = page.locator("#recipients input[type=checkbox][name=recipient]")
    expect(boxes).to_have_count(100)
    # Twenty ticked from the keyboard: Space ticks, Tab moves to the next row.
    boxes.first.focus()
    ticked = 0
    while ticked < 20:
        focused = page.evaluate("document.activeElement.name")
        if focused == "recipient":
            page.keyboard.press("Space")
            ticked += 1
        page.keyboard.press("Tab")
    page.locator("#bulk-status").select_option("en_route")
    page.locator("#bulk-status").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**show=silent#recipients")
    expect(page.locator(".msg-success, .msg")).to_contain_text(["20"])
    assert Recipient.objects.filter(person_status="en_route").count() == 20
    # Volunteers en route; an organisation's contact makes the organisation active.
    for r in Recipient.objects.filter(person_status="en_route"):
        expected = (
            r.get_person_status_display() if r.kind == "volunteer" else r.get_org_status_display()
        )
        expect(page.locator(f"tr[data-recipient='{r.pk}'] td[data-status]")).to_have_text(
            str(expected)
        )
    assert_no_axe_violations(page)
