"""test_night_activation: a whole night in Chromium, as Kaisa (issue 10, end to end).

At 02.30 on a Sunday night (an explicit instant) she opens an incident from a plan scenario,
sees that most volunteers are outside their availability, alerts anyway, and follows the
replies that arrive at the SMS webhook in the incoming messages panel: "late 30" without a
code, free text, a bare "K", a number that was never alerted. She counts the unclear one,
the receipts reach the SMS stub, she re-sends to the silent, stands down (release messages
counted at the SMS stub and the SMTP server), closes with confirmation, and downloads the
after-action report and the paper pack, whose text is read with pdftotext."""

import re
import subprocess
from datetime import UTC, datetime, time
from time import monotonic

import pytest
from playwright.sync_api import expect

from turvaverkko.incidents.models import Incident, Reply
from turvaverkko.notify.worker import run_channels
from turvaverkko.preparedness.models import PlanScenario, ReadinessPlan, Role
from turvaverkko.volunteers.tests.factories import AvailabilitySlotFactory, VolunteerFactory
from turvaverkko.web.testing import assert_no_axe_violations

from .test_browser import post_sms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIGHT = datetime(2026, 12, 6, 0, 30, tzinfo=UTC)  # Sunday 02.30 in Helsinki
TASK = "muonitus valmiuskeskuksessa (lämmin ateria 80 hengelle)"
OLLI = "+358505551100"
STRANGER = "+358409998877"


def pdf_text(path) -> str:
    """The text of a downloaded PDF as a reader would copy it (poppler's pdftotext)."""
    done = subprocess.run(  # noqa: S603 (a fixed system tool on our own file)
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def download(page, selector_or_url):
    with page.expect_download() as info:
        if selector_or_url.startswith("/"):
            page.evaluate("url => { window.location.href = url }", selector_or_url)
        else:
            page.click(selector_or_url)
    return info.value


def to(sms_stub, number) -> list[str]:
    return [m["text"] for m in sms_stub.accepted() if m["to"] == number]


def test_night_activation(page, login_page, personas, sms_stub, smtp_server, time_machine):
    time_machine.move_to(NIGHT, tick=True)
    personas.primary_contact.phone = OLLI
    personas.primary_contact.save()
    plan = ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma")
    plan.municipalities.set([personas.huittinen])
    scenario = PlanScenario.objects.create(
        plan=plan, kind="power_outage", alert_text_fi="Pitkä sähkökatko Huittisissa."
    )
    Role.objects.create(scenario=scenario, task=TASK, organization=personas.olli_org)
    # five volunteers give their time on Monday days only: outside their availability now
    day_people = []
    for i in range(5):
        v = VolunteerFactory(name=f"Päivävapaaehtoinen {i}", home_municipality=personas.huittinen)
        AvailabilitySlotFactory(volunteer=v, weekday=0, start=time(8), end=time(16))
        day_people.append(v)

    login_page(personas.kaisa)
    page.goto(f"{page.base}/fi/incidents/new/?scenario={scenario.pk}")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/incidents/\d+/activate/$"))
    incident = Incident.objects.get()

    page.fill("#id_volunteer_count", "6")
    page.fill("#id_place", "Sammun kylätalo")
    page.fill("#id_meet_at", "2026-12-06T03:15")
    page.click("main button[name=preview]")
    shortfall = page.locator("[data-shortfall]")
    expect(shortfall).to_be_visible()
    assert re.findall(r"\b\d+\b", shortfall.inner_text())[:3] == ["6", "1", "5"]
    page.check("#id_alert_anyway")
    page.click("main button[name=preview]")
    page.click("main button[data-review]")
    page.click("main button[data-send]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    activation = incident.activations.get()
    assert activation.outside_slots_alerted == 5 and activation.recipients.count() == 7
    code = activation.code
    run_channels(["sms", "email"], until="idle")
    alerted = {m["to"] for m in sms_stub.accepted()}
    assert OLLI in alerted and {v.phone for v in day_people} <= alerted
    assert all(TASK in t for t in to(sms_stub, OLLI))

    # four replies arrive while Kaisa looks at the incident page
    late, unsure, *silent = day_people
    panel = page.locator("#messages")
    rows = panel.locator("[data-message]")
    replies = [
        (late.phone, "late 30", "recorded"),
        (unsure.phone, "Tulen ehkä, riippuu autosta", "unclear"),
        (OLLI, "K", "recorded"),
        (STRANGER, f"K {code}", "unclear"),
    ]
    for n, (number, text, status) in enumerate(replies, start=1):
        sent = monotonic()
        assert post_sms(page.base, number, text, f"n{n}") == {"status": status}
        # it appears without a reload within 5 seconds (the panel's poll), newest first
        expect(rows).to_have_count(n, timeout=5000)
        expect(rows.first).to_contain_text(text)
        print(f"reply {n} shown after {monotonic() - sent:.1f} s")  # noqa: T201 (measured)
    texts = rows.all_inner_texts()
    assert STRANGER in texts[0] and "Olli Yhteys" in texts[1]
    assert "Tulen ehkä, riippuu autosta" in texts[2] and unsure.name in texts[2]
    assert "late 30" in texts[3] and late.name in texts[3]
    expect(page.locator("[data-count=late]")).to_have_text("1", timeout=5000)
    assert_no_axe_violations(page)

    # Kaisa counts the unclear one as coming for the person who sent it
    reply = Reply.objects.get(message_id="n2")
    row = panel.locator(f"[data-message='{reply.pk}']")
    row.locator("button[name=action][value=yes]").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/#messages")
    expect(page.locator(f"[data-message='{reply.pk}'] form")).to_have_count(0)
    expect(page.locator("[data-count=yes]")).to_have_text("2")

    # receipts: once per reply, to recipients only, naming the time and the place
    before = len(sms_stub.accepted())
    run_channels(["sms", "email"], until="idle")
    receipts = sms_stub.accepted()[before:]
    by_number = {}
    for m in receipts:
        by_number.setdefault(m["to"], []).append(m["text"])
    assert STRANGER not in by_number  # never a relay for numbers that were not alerted
    assert len(by_number[OLLI]) == 1 and "03.15" in by_number[OLLI][0]
    assert "Sammun kylätalo" in by_number[OLLI][0] and f"E {code}" in by_number[OLLI][0]
    assert len(by_number[late.phone]) == 1 and "03.45" in by_number[late.phone][0]
    assert len(by_number[unsure.phone]) == 2  # "not understood", then the counted one
    assert set(by_number) == {OLLI, late.phone, unsure.phone}

    # the alert again, to the four who have said nothing
    page.click("form[action$='/resend/'] button")
    page.wait_for_url(f"**/incidents/{incident.pk}/**")
    before = len(sms_stub.accepted())
    run_channels(["sms", "email"], until="idle")
    again = sms_stub.accepted()[before:]
    silent_numbers = {v.phone for v in silent} | {personas.ville_profile.phone}
    assert sorted(m["to"] for m in again) == sorted(silent_numbers)

    # stand down: a release message to the three coming, nothing more to the silent
    page.click("a[href$='/stand-down/']")
    expect(page.locator("[data-confirm-plan]")).to_contain_text("3")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    sms_before, mail_before = len(sms_stub.accepted()), len(smtp_server.messages)
    run_channels(["sms", "email"], until="idle")
    released = sms_stub.accepted()[sms_before:]
    assert sorted(m["to"] for m in released) == sorted([OLLI, late.phone, unsure.phone])
    assert all(incident.title in m["text"] for m in released)
    mails = smtp_server.messages[mail_before:]
    assert sorted(m["To"] for m in mails) == sorted(
        [personas.primary_contact.email, late.email, unsure.email]
    )

    page.click("a[href$='/close/']")
    expect(page.locator("[data-confirm-plan]")).to_be_visible()
    assert_no_axe_violations(page)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    incident.refresh_from_db()
    assert incident.status == "closed"

    # the after-action report: who answered how fast, who never did
    report = pdf_text(download(page, f"a[href$='/incidents/{incident.pk}/report.pdf']").path())
    assert "Olli Yhteys" in report and unsure.name in report
    for v in silent:
        assert v.name in report

    # the paper pack: the calling tree with numbers one can dial from any phone
    pack = pdf_text(
        download(page, f"/fi/preparedness/paper-pack/{personas.huittinen.code}.pdf").path()
    )
    tree = pack[pack.index("Soittoketju") :]
    assert "Huittisten Martat ry" in tree and "Olli Yhteys" in tree
    assert "050 555 1100" in tree
