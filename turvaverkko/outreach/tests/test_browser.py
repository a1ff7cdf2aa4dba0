"""The outreach cycle in a real browser: Kaisa sets up Järjestöt on the Road with its five
stops, a resident finds the next visit near Laitila and books a phone appointment, the team
counts contacts offline and syncs once, Kaisa sees reach with a flagged stop, edits a series
(its coming visits follow, the calendar's SEQUENCE goes up), marks a no-show, moves the booked
visit (the resident's SMS reaches the gateway stub, a subscriber's e-mail the SMTP server) and
finally cancels it, which reaches the booked resident too.

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
from turvaverkko.notify.worker import run_channels
from turvaverkko.outreach import actions, reach
from turvaverkko.outreach.models import HELSINKI, Booking, Programme, Tally, Visit
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


def test_outreach_programme_cycle(page, login_page, personas, chromium, sms_stub, smtp_server):
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
    assert f"/hooks/b/{booking.token}" in confirmation.body  # the short cancel link
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

    # --- a family subscribes to the timetable's changes by e-mail ---
    page.goto(f"{page.base}/en/outreach/{programme.pk}/")
    page.fill("#id_email", "perhe@example.fi")
    page.click("form[action$='/subscribe/'] button[type=submit]")
    expect(page.locator("main")).to_contain_text("You will be told")
    # public reach: visits held and contacts per stop (counts under 5 hidden)
    rows, _total = reach.public_reach(programme.series.all(), timezone.now())
    quiet = next(r for r in rows if r.name == "Jäkärlä-Maaria")
    cells = page.locator("section[aria-labelledby=reach-heading] tr", has_text=quiet.name)
    expect(cells.locator("td").nth(0)).to_have_text(str(quiet.visits))
    expect(cells.locator("td").nth(1)).to_have_text(
        "fewer than 5" if quiet.contacts is None else str(quiet.contacts)
    )
    assert quiet.visits >= 5 and quiet.contacts == quiet.visits  # one contact a visit
    assert_no_axe_violations(page)

    # --- Kaisa edits a series: Uusikaupunki's coming visits end at 14.00, the past stays ---
    uusikaupunki = programme.series.get(site=sites["Uudenkaupungin tori"])
    held_before = uusikaupunki.visits.filter(ends_at__lt=timezone.now()).order_by("-date")[0]
    sequence = uusikaupunki.sequence
    page.goto(f"{page.base}/fi/outreach/{programme.pk}/")
    page.click(f"a[href$='/outreach/series/{uusikaupunki.pk}/edit/']")
    expect(page.locator("#id_departs_at")).to_have_value("13:00")
    assert_no_axe_violations(page)
    page.fill("#id_departs_at", "14:00")
    page.click("form[action$='/edit/'] button[type=submit]")
    page.wait_for_url(f"**/outreach/{programme.pk}/")
    uusikaupunki.refresh_from_db()
    assert uusikaupunki.sequence == sequence + 1
    coming = uusikaupunki.visits.filter(date__gt=today)
    assert coming.exists()
    assert {v.ends_at.astimezone(HELSINKI).hour for v in coming} == {14}
    held_after = Visit.objects.get(pk=held_before.pk)
    assert held_after.ends_at == held_before.ends_at  # the held visit stays as it was
    ics = page.request.get(f"{page.base}/fi/outreach/{programme.pk}/calendar.ics").text()
    assert f"SEQUENCE:{uusikaupunki.sequence}" in ics

    # --- the team marks who came to a held visit's appointments; reach counts the no-show ---
    held = laitila.visits.filter(ends_at__lt=timezone.now()).order_by("-date")[0]
    came, away = (
        Booking.objects.create(visit=held, starts_at=held.starts_at + timedelta(minutes=m),
                               mode="at_stop", name=name, phone="+358401112222",
                               token=f"held-{name}")
        for m, name in ((0, "Aino"), (40, "Eino"))
    )  # fmt: skip
    page.goto(f"{page.base}/fi/outreach/visits/{held.pk}/bookings/")
    assert_no_axe_violations(page)
    page.check(f"input[name=b{came.pk}][value=met]")
    page.check(f"input[name=b{away.pk}][value=no_show]")
    page.click("form.attendance button[type=submit]")
    expect(page.locator(f"input[name=b{away.pk}][value=no_show]")).to_be_checked()
    page.goto(f"{page.base}/en/outreach/{programme.pk}/reach/")
    laitila_row = page.locator("tr", has_text="Laitilan tori")
    expect(laitila_row.locator("td").nth(5)).to_have_text("1")  # no-shows

    # --- Kaisa moves the booked visit an hour later; Sanna and the family are told ---
    run_channels(["sms", "email"], until="idle")  # the booking's confirmation went earlier
    before = len(sms_stub.accepted())
    local = next_visit.starts_at.astimezone(HELSINKI)
    page.goto(f"{page.base}/fi/outreach/visits/{next_visit.pk}/move/")
    assert_no_axe_violations(page)
    page.fill("#id_arrives_at", "11:00")
    page.fill("#id_departs_at", "15:00")
    page.fill("#id_note", "Torilla markkinat")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/outreach/{programme.pk}/")
    booking.refresh_from_db()
    assert booking.starts_at.astimezone(HELSINKI).hour == 11  # 10.40 -> 11.40, with the visit
    run_channels(["sms", "email"], until="idle")
    [moved_sms] = [m for m in sms_stub.accepted()[before:] if m["to"] == "+358401234567"]
    new_time = f"{local:%d.%m.%Y} {booking.starts_at.astimezone(HELSINKI):%H.%M}"
    assert new_time in moved_sms["text"] and "/outreach/bookings/" in moved_sms["text"]
    [moved_mail] = smtp_server.to("perhe@example.fi")
    assert f"{local:%d.%m.%Y} 11.00" in moved_mail.get_body(("plain",)).get_content()
    assert next_visit.date == Visit.objects.get(pk=next_visit.pk).date  # the series' date

    # --- a cancelled visit reaches the booked resident ---
    page.goto(f"{page.base}/fi/outreach/visits/{next_visit.pk}/cancel/")
    page.fill("#id_reason", "Bussi rikki")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/outreach/{programme.pk}/")
    assert Visit.objects.get(pk=next_visit.pk).status == Visit.Status.CANCELLED
    cancel = Delivery.objects.filter(dispatch__key__startswith=f"outreach:cancel:{next_visit.pk}:")
    assert {d.address for d in cancel} == {"+358401234567", "perhe@example.fi"}
    run_channels(["sms", "email"], until="idle")
    assert any("Bussi rikki" in m["text"] for m in sms_stub.accepted()
               if m["to"] == "+358401234567")  # fmt: skip
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_outreach_timetables_fit_a_phone_screen(page, lang):
    # On a 390 px phone the four-column timetable of long stop names ("Servicebussens
    # hållplats, Runosbackens köpcentrum") made the whole public page scroll sideways (up to
    # 472 px wide in the demo); the table scrolls in its own region instead.
    from .factories import make_series

    site = make_stop(name_fi="Palvelubussin pysäkki, Runosmäen ostoskeskus",
                     name_sv="Servicebussens hållplats, Runosbackens köpcentrum")  # fmt: skip
    series = make_series(site=site, starts_on=timezone.localdate(), appointment_minutes=45)
    actions.materialise(series)
    for url in (f"/{lang}/outreach/{series.programme_id}/", f"/{lang}/outreach/sites/{site.pk}/"):
        page.goto(page.base + url)
        expect(page.locator("table.timetable").first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
        assert_no_axe_violations(page)
