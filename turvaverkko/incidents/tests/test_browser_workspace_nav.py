"""Kaisa's workspace in Chromium at phone and desktop size: the same navigation on the
dashboard, the network list and the incident page; the cards for an agreement about to
expire, exercises due and stale organisations; the alert form filtered, "select all
shown", the summary's exact counts, back to edit, confirm, and exactly those messages at
the SMS gateway stub and the SMTP server; the error summary takes focus; axe finds
nothing. Screenshots of the dashboard and the incident page in Finnish and Swedish go to
$TURVA_SCREENSHOTS (or the test's tmp_path)."""

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from turvaverkko.incidents import actions
from turvaverkko.incidents.models import Incident
from turvaverkko.notify.worker import run_channels
from turvaverkko.preparedness.models import Agreement, Exercise
from turvaverkko.registry.tests.factories import OrganizationFactory
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def nav_items(page) -> list[str]:
    return page.locator("[data-workspace-nav] a").evaluate_all(
        "links => links.map(a => a.dataset.area + (a.getAttribute('aria-current') ? '*' : ''))"
    )


def test_coordinator_workspace_nav_cards_and_activation(
    page, login_page, personas, network, sms_stub, smtp_server, tmp_path
):
    shots = Path(os.environ.get("TURVA_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    incident = actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="Vesikatko Huittisissa",
        type=Incident.Type.WATER_CONTAMINATION,
    )
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        title="Ensihuoltosopimus",
        kind="emergency_relief",
        municipality=personas.huittinen,
        valid_from=date(2025, 1, 1),
        valid_to=today + timedelta(days=20),
    )
    agreement.organizations.set([personas.olli_org])
    Exercise.objects.create(
        municipality=personas.huittinen, title="Hälytysharjoitus", planned_for=today
    )
    OrganizationFactory(municipalities=[personas.huittinen], confirmed_at=None)
    login_page(personas.kaisa)

    # The same navigation on three pages, at phone and desktop size, the current marked.
    pages = {
        "overview": "/fi/dashboard/",
        "network": "/fi/organisations/",
        "incidents": f"/fi/incidents/{incident.pk}/",
    }
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        seen = {}
        for area, path in pages.items():
            page.goto(page.base + path)
            items = nav_items(page)
            assert f"{area}*" in items, (path, items)
            seen[area] = [i.rstrip("*") for i in items]
            nav = page.locator("[data-workspace-nav]")
            expect(nav).to_be_visible()
            # Every link on screen: the row wraps, nothing runs off the side.
            for box in nav.locator("a").evaluate_all(
                "ls => ls.map(a => a.getBoundingClientRect().right)"
            ):
                assert box <= size["width"], (size, box)
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert seen["overview"] == seen["network"] == seen["incidents"], seen

    # The dashboard's new cards.
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base}/fi/dashboard/")
    expect(page.locator("[data-card=agreements-expiring] .card-count")).to_have_text("1")
    expect(page.locator("[data-card=exercises-due] .card-count")).to_have_text("1")
    expect(page.locator("[data-card=stale-organisations] .card-count")).to_have_text("1")
    assert_no_axe_violations(page)

    # A failed submit: the error summary takes the focus and links to the field.
    page.goto(f"{page.base}/fi/incidents/{incident.pk}/activate/")
    page.fill("#id_message", "")
    page.click("main button[data-review]")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_message']")).to_have_count(1)
    assert_no_axe_violations(page)

    # Village associations about water: "Show", then "select all shown" (JavaScript ticks
    # them on the page); the filter cleared, the rest by hand and both alert groups.
    page.fill("#id_message", "Vedenjakelu Sammun kylätalolla klo 18")
    page.select_option("#id_f-kind", "village_association")
    page.select_option("#id_f-theme", str(network["water"].pk))
    page.click("main button[name=filter]")
    choices = page.locator("[data-choose=organizations] input[type=checkbox]")
    expect(choices).to_have_count(1)
    page.click("[data-choose=organizations] [data-select-shown]")
    expect(choices.first).to_be_checked()
    page.select_option("#id_f-kind", "")
    page.select_option("#id_f-theme", "")
    page.click("main button[name=filter]")
    expect(page.locator("#id_message")).to_have_value("Vedenjakelu Sammun kylätalolla klo 18")
    expect(page.locator(f"input[value='{network['village'].pk}']")).to_be_checked()
    for org in (personas.olli_org, network["parish"], network["nobody"]):
        page.check(f"input[name=organizations][value='{org.pk}']")
    page.click("[data-choose=alert_groups] [data-select-shown]")
    assert_no_axe_violations(page)
    page.click("main button[data-review]")

    # The summary, exactly; nothing is sent before the confirmation.
    line = page.locator("[data-summary-line]")
    # "3 organisations (5 people in their contact chains) and 4 volunteers: ..." in any
    # language: the numbers in order.
    expect(line).to_be_visible()
    assert re.findall(r"\d+", line.inner_text()) == ["3", "5", "4", "5", "4", "1"]
    assert [line.locator(f"[data-count-{c}]").inner_text().split()[0] for c in (
        "sms", "email", "push")] == ["5", "4", "1"]  # fmt: skip
    assert not incident.activations.exists()
    assert_no_axe_violations(page)

    # Back to edit: everything as it was; then on to the summary again and send.
    page.click("main button[data-edit]")
    expect(page.locator("#id_message")).to_have_value("Vedenjakelu Sammun kylätalolla klo 18")
    checked = page.locator("[data-choose] input[type=checkbox]:checked")
    expect(checked).to_have_count(6)  # four organisations, two alert groups
    page.click("main button[data-review]")
    page.click("main button[data-send]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    run_channels(["sms", "email"], until="idle")
    assert len(sms_stub.accepted()) == 5
    assert len(smtp_server.messages) == 4

    # How it looks: the dashboard and the incident page, phone and desktop, fi and sv.
    for lang in ("fi", "sv"):
        for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            page.goto(f"{page.base}/{lang}/dashboard/")
            page.screenshot(path=str(shots / f"dashboard-{lang}-{name}.png"), full_page=True)
            page.goto(f"{page.base}/{lang}/incidents/{incident.pk}/")
            page.screenshot(path=str(shots / f"incident-{lang}-{name}.png"), full_page=True)
    assert_no_axe_violations(page)
