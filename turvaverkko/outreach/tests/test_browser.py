"""The outreach cycle in a real browser: Kaisa sets up Järjestöt on the Road with its five
stops, a resident finds the next visit near Laitila and books a phone appointment, the team
counts contacts offline and syncs once, Kaisa sees reach with a flagged stop, and a cancelled
visit reaches the booked resident.

The resident's and the reach pages are read in English, whose strings are the source ones.
The browser runs on the real clock (its cookies must not expire), so the dates are computed
from today rather than written down."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.directory.models import Site
from turvaverkko.notify.models import Delivery
from turvaverkko.outreach import actions
from turvaverkko.outreach.models import Booking, Programme, Tally, Visit
from turvaverkko.web.testing import assert_no_axe_violations

from .factories import make_stop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STOPS = [  # name, municipality code, pattern, weekday, nth, arrives, departs, kind
    ("Runosmäen ostoskeskus", "853", "weekly", "1", "1", "13:00", "17:00",
     Site.Kind.OUTREACH_STOP),
    ("Jäkärlä-Maaria", "853", "even_weeks", "2", "1", "12:00", "15:00", Site.Kind.CAR_PARK),
    ("Kemiön keskusta", "322", "every_2_weeks", "2", "1", "10:00", "14:00",
     Site.Kind.OUTREACH_STOP),
    ("Laitilan tori", "400", "monthly_nth", "3", "1", "10:00", "14:00",
     Site.Kind.MARKET_SQUARE),
    ("Uudenkaupungin tori", "895", "odd_weeks", "4", "1", "10:00", "13:00",
     Site.Kind.MARKET_SQUARE),
]  # fmt: skip
COORDS = {"853": (60.48, 22.24), "322": (60.16, 22.73), "400": (60.878, 21.693),
          "895": (60.80, 21.41)}  # fmt: skip


def test_outreach_programme_cycle(page, login_page, personas, chromium):
    municipalities = {
        code: MunicipalityFactory(code=code, name_fi=name)
        for code, name in (("853", "Turku"), ("322", "Kemiönsaari"), ("400", "Laitila"),
                           ("895", "Uusikaupunki"))
    }  # fmt: skip
    sites = {
        name: make_stop(name_fi=name, kind=kind, municipality=municipalities[code],
                        latitude=COORDS[code][0], longitude=COORDS[code][1], postal_code="",
                        city=municipalities[code].name_fi)
        for name, code, _p, _w, _n, _a, _d, kind in STOPS
    }  # fmt: skip
    today = actions.today()

    # --- Kaisa creates the programme and its five stops ---
    login_page(personas.kaisa)
    page.goto(f"{page.base}/fi/outreach/new/")
    page.fill("#id_name", "Järjestöt on the Road")
    page.select_option("#id_organization", str(personas.olli_org.pk))
    page.select_option("#id_municipalities", [personas.huittinen.code])
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/outreach/[0-9a-f-]+/stops/new/$"))
    programme = Programme.objects.get()
    assert_no_axe_violations(page)
    for name, _code, pattern, weekday, nth, arrives, departs, _kind in STOPS:
        page.select_option("#id_site", str(sites[name].pk))
        page.select_option("#id_pattern", pattern)
        page.select_option("#id_weekday", weekday)
        page.select_option("#id_nth", nth)
        page.fill("#id_starts_on", today.isoformat())
        page.fill("#id_arrives_at", arrives)
        page.fill("#id_departs_at", departs)
        if name == "Laitilan tori":
            page.fill("#id_appointment_minutes", "30")
            page.fill("#id_buffer_minutes", "10")
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r".*/stops/new/$"))
    assert programme.series.count() == 5
    laitila = programme.series.get(site=sites["Laitilan tori"])
    first_thursdays = list(laitila.visits.order_by("date").values_list("date", flat=True))
    assert first_thursdays and all(d.weekday() == 3 and d.day <= 7 for d in first_thursdays)
    even = programme.series.get(site=sites["Jäkärlä-Maaria"]).visits.values_list("date", flat=True)
    assert even and all(d.isocalendar().week % 2 == 0 for d in even)

    # --- a resident finds the next visit near Laitila and books a phone appointment ---
    resident = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    rp = resident.new_page()
    rp.goto(f"{page.base}/en/?q=Laitila")
    next_visit = laitila.visits.filter(starts_at__gt=timezone.now()).order_by(
        "starts_at").first()  # fmt: skip
    assert next_visit is not None
    result = rp.locator("li", has_text="Laitilan tori")
    expect(result).to_contain_text("Next visit:")
    result.locator("a[href*='/outreach/sites/']").click()
    rp.wait_for_url(re.compile(r".*/outreach/sites/[0-9a-f-]+/$"))
    assert_no_axe_violations(rp)
    rp.locator(f"a[href$='/outreach/visits/{next_visit.pk}/book/']").click()
    assert "30 days after the visit" in rp.locator("main").inner_text()
    rp.select_option("#id_starts_at", index=1)
    rp.check("input[name=mode][value=phone]")
    rp.fill("#id_name", "Sanna")
    rp.fill("#id_phone", "040 123 4567")
    assert_no_axe_violations(rp)
    rp.click("main button[type=submit]")
    expect(rp.locator("h1")).to_have_text("Booked")
    booking = Booking.objects.get()
    [confirmation] = Delivery.objects.filter(dispatch__key=f"outreach:booking:{booking.pk}")
    assert confirmation.channel == "sms" and confirmation.address == "+358401234567"
    assert "/outreach/bookings/" in confirmation.body
    resident.close()

    # --- the team counts contacts offline; they are sent once when back online ---
    visit = programme.series.get(site=sites["Runosmäen ostoskeskus"]).visits.first()
    assert visit is not None
    page.goto(f"{page.base}/fi/outreach/visits/{visit.pk}/tally/")
    assert_no_axe_violations(page)
    page.context.set_offline(True)
    for topic in ("guidance", "peer", "counselling"):
        page.check(f"input[name=topic][value={topic}]")
        page.click("#tally-form button[type=submit]")
    expect(page.locator("#tally-queue")).to_contain_text("3")
    assert Tally.objects.count() == 0
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#tally-count")).to_have_text("3", timeout=8000)
    expect(page.locator("#tally-queue")).to_have_text("")
    page.reload()
    expect(page.locator("#tally-count")).to_have_text("3")
    assert Tally.objects.filter(visit=visit).count() == 3

    # --- reach per stop: held visits of the last months, one quiet stop flagged ---
    for series in programme.series.all():
        series.starts_on = today - timedelta(days=120)  # as if set up four months ago
        series.save()
        actions.materialise(series, start=series.starts_on)
        busy = series.site.name != "Jäkärlä-Maaria"
        for held in series.visits.filter(ends_at__lt=timezone.now()):
            actions.record_tallies(held, [
                {"id": str(uuid.uuid4()), "channel": "walk_in", "topic": "guidance"}
                for _ in range(10 if busy else 1)
            ])  # fmt: skip
    page.goto(f"{page.base}/en/outreach/{programme.pk}/reach/")
    flagged = page.locator("tr.flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("Jäkärlä-Maaria")
    expect(flagged).to_contain_text("Change mode")
    assert_no_axe_violations(page)

    # --- a cancelled visit reaches the booked resident ---
    page.goto(f"{page.base}/fi/outreach/visits/{next_visit.pk}/cancel/")
    page.fill("#id_reason", "Bussi rikki")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/outreach/{programme.pk}/")
    assert Visit.objects.get(pk=next_visit.pk).status == Visit.Status.CANCELLED
    [cancel] = Delivery.objects.filter(
        dispatch__key__startswith=f"outreach:cancel:{next_visit.pk}:"
    )
    assert cancel.address == "+358401234567" and "Bussi rikki" in cancel.body
    assert_no_axe_violations(page)
