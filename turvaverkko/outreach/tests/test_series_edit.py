"""Editing and ending a series, moving one visit with its bookings, marking no-shows, and the
public reach figures."""

import re
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
import recurring_ical_events
import time_machine
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from turvaverkko.notify.models import Delivery
from turvaverkko.outreach import actions, reach
from turvaverkko.outreach.models import HELSINKI, Booking, Subscriber, Visit, VisitSeries

from .factories import make_series, make_stop

JAN_2026 = datetime(2026, 1, 2, 8, tzinfo=UTC)
FEB_2026 = datetime(2026, 2, 2, 8, tzinfo=UTC)  # a month later: January's visits are past


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def series(db, personas):
    """Thursdays 10–14 with 30-minute appointments, run by Kaisa's Huittinen."""
    with time_machine.travel(JAN_2026, tick=False):
        s = make_series(appointment_minutes=30, buffer_minutes=10)
        s.programme.municipalities.set([personas.huittinen])
        actions.save_series(s)
    return s


def _book(visit, at, **contact):
    with time_machine.travel(JAN_2026, tick=False):
        return actions.book(actions.BookingRequest(
            visit=visit, starts_at=at, mode="phone", name="Sanna", **contact,
        ))  # fmt: skip


def _local(at):
    return at.astimezone(HELSINKI).strftime("%d.%m.%Y %H.%M")


def _edit(client, series, **changes):
    data = {
        "site": series.site_id, "pattern": series.pattern, "weekday": series.weekday,
        "nth": series.nth, "starts_on": series.starts_on.isoformat(),
        "ends_on": series.ends_on.isoformat() if series.ends_on else "",
        "arrives_at": series.arrives_at.strftime("%H:%M"),
        "departs_at": series.departs_at.strftime("%H:%M"), "staff_count": series.staff_count,
        "appointment_minutes": series.appointment_minutes,
        "buffer_minutes": series.buffer_minutes, "remote_url": "", **changes,
    }  # fmt: skip
    with time_machine.travel(FEB_2026, tick=False):
        return client.post(reverse("outreach:series_edit", kwargs={"pk": series.pk}), data)


def test_editing_a_series_moves_coming_visits_and_keeps_exceptions_and_the_past(client_as, series):
    past = series.visits.get(date=date(2026, 1, 29))
    moved = series.visits.get(date=date(2026, 3, 5))
    cancelled = series.visits.get(date=date(2026, 3, 12))
    booked = series.visits.get(date=date(2026, 2, 12))
    with time_machine.travel(JAN_2026, tick=False):
        actions.move_visit(moved, datetime(2026, 3, 6, 10, tzinfo=UTC),
                           datetime(2026, 3, 6, 12, tzinfo=UTC))  # fmt: skip
        actions.cancel_visit(cancelled, "Myrsky")
    booking = _book(booked, booked.starts_at + timedelta(minutes=40), phone="+358401234567")
    with time_machine.travel(FEB_2026, tick=False):
        page = client_as("kaisa").get(reverse("outreach:series_edit", kwargs={"pk": series.pk}))
    assert page.status_code == 200 and page.context["form"].initial["arrives_at"] == time(10)

    response = _edit(client_as("kaisa"), series, arrives_at="11:00", departs_at="15:00",
                     staff_count=3)  # fmt: skip
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.sequence == 2 and series.staff_count == 3  # created 1, edited 2
    # coming visits follow: 11.00 Helsinki is 09.00 UTC in winter and 08.00 UTC in summer
    assert series.visits.get(date=date(2026, 2, 19)).starts_at == datetime(
        2026, 2, 19, 9, tzinfo=UTC
    )
    assert series.visits.get(date=date(2026, 6, 4)).starts_at == datetime(2026, 6, 4, 8, tzinfo=UTC)
    past.refresh_from_db()
    assert past.starts_at == datetime(2026, 1, 29, 8, tzinfo=UTC)  # held at 10.00, untouched
    moved.refresh_from_db()
    cancelled.refresh_from_db()
    assert moved.starts_at == datetime(2026, 3, 6, 10, tzinfo=UTC)
    assert cancelled.status == Visit.Status.CANCELLED
    # the booking moved with its visit (10.40 -> 11.40) and Sanna was told, with her link
    booking.refresh_from_db()
    assert _local(booking.starts_at) == "12.02.2026 11.40"
    [sms] = Delivery.objects.filter(dispatch__key__startswith=f"outreach:move:{booked.pk}:")
    assert sms.address == "+358401234567"
    assert "nyt 12.02.2026 11.40 (oli 10.40)" in sms.body  # in her language, Finnish
    assert f"/bookings/{booking.token}/cancel/" in sms.body

    # a calendar client sees the new times, SEQUENCE 2, and the exceptions
    with time_machine.travel(FEB_2026, tick=False):
        body = (
            client_as("anonymous")
            .get(reverse("outreach:programme_ics", kwargs={"pk": series.programme_id}))
            .content
        )
    cal = Calendar.from_ical(body)
    master = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e][0]
    assert master["SEQUENCE"] == 2
    days = {
        e["DTSTART"].dt.date(): e
        for e in recurring_ical_events.of(cal).between(date(2026, 2, 13), date(2026, 3, 20))
    }
    assert days[date(2026, 2, 19)]["DTSTART"].dt.hour == 11
    assert date(2026, 3, 6) in days and date(2026, 3, 5) not in days
    assert str(days[date(2026, 3, 12)]["STATUS"]) == "CANCELLED"


def test_another_weekday_cancels_booked_visits_and_ending_the_series_drops_the_rest(
    client_as, series
):
    booked = series.visits.get(date=date(2026, 2, 19))
    _book(booked, booked.starts_at, email="perhe@example.fi")
    response = _edit(client_as("kaisa"), series, weekday=2)  # Wednesdays from now on
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Visit.Status.CANCELLED
    [mail] = Delivery.objects.filter(dispatch__key__startswith=f"outreach:cancel:{booked.pk}:")
    assert mail.address == "perhe@example.fi" and "Ei enää aikataulussa" in mail.body
    coming = series.visits.filter(date__gte=date(2026, 2, 2), status=Visit.Status.SCHEDULED)
    assert coming.exists() and {v.date.weekday() for v in coming} == {2}
    assert series.visits.filter(date=date(2026, 1, 29)).exists()  # a past Thursday stays

    kaisa = client_as("kaisa")
    url = reverse("outreach:series_end", kwargs={"pk": series.pk})
    with time_machine.travel(FEB_2026, tick=False):
        assert kaisa.post(url, {"last_day": "2025-12-31"}).status_code == 400
        assert kaisa.post(url, {"last_day": "2026-03-31"}).status_code == 302
    series.refresh_from_db()
    assert series.ends_on == date(2026, 3, 31) and series.sequence == 3
    assert not series.visits.filter(date__gt=date(2026, 3, 31)).exists()
    assert series.visits.filter(date=date(2026, 3, 25)).exists()
    assert "UNTIL=" in series.recurrence.rrule()


def test_a_moved_visit_tells_each_booked_resident_and_subscriber_once_in_their_language(
    client_as, series
):
    visit = series.visits.get(date=date(2026, 2, 5))
    first = _book(visit, visit.starts_at, phone="+358401234567")
    with translation.override("sv"):
        second = _book(visit, visit.starts_at + timedelta(minutes=40), email="anna@example.fi")
    second.language = "sv"
    second.save()
    Subscriber.objects.create(programme=series.programme, phone="+358401234567", token="a")
    Subscriber.objects.create(programme=series.programme, email="tilaaja@example.fi",
                              token="b", language="en")  # fmt: skip
    url = reverse("outreach:visit_move", kwargs={"pk": visit.pk})
    with time_machine.travel(JAN_2026, tick=False):
        response = client_as("kaisa").post(
            url, {"day": "2026-02-06", "arrives_at": "12:00", "departs_at": "16:00",
                  "note": "Torilla markkinat"})  # fmt: skip
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert _local(first.starts_at) == "06.02.2026 12.00"
    assert _local(second.starts_at) == "06.02.2026 12.40"
    sent = Delivery.objects.filter(dispatch__key__startswith=f"outreach:move:{visit.pk}:")
    by_address = {d.address: d for d in sent}
    # Sanna booked and subscribed with one number: one message, about her appointment
    assert sorted(by_address) == ["+358401234567", "anna@example.fi", "tilaaja@example.fi"]
    assert "06.02.2026 12.00" in by_address["+358401234567"].body
    assert f"/bookings/{first.token}/cancel/" in by_address["+358401234567"].body
    anna = by_address["anna@example.fi"]  # booked in Swedish: told in Swedish, with her link
    assert anna.language == "sv" and f"/sv/outreach/bookings/{second.token}/" in anna.body
    assert "Torilla markkinat" in by_address["tilaaja@example.fi"].body
    assert "/en/outreach/sites/" in by_address["tilaaja@example.fi"].body
    # the series is unchanged; moving again to the same times tells nobody twice
    with time_machine.travel(JAN_2026, tick=False):
        client_as("kaisa").post(
            url,
            {
                "day": "2026-02-06",
                "arrives_at": "12:00",
                "departs_at": "16:00",
                "note": "Torilla markkinat",
            },
        )
    assert Delivery.objects.filter(dispatch__key__startswith="outreach:move:").count() == 3


def test_the_team_marks_a_no_show_and_reach_keeps_it_after_the_bookings_are_deleted(
    client_as, series
):
    visit = series.visits.get(date=date(2026, 1, 15))
    came = _book(visit, visit.starts_at, phone="+358401234567")
    away = _book(visit, visit.starts_at + timedelta(minutes=40), email="e@example.fi")
    later = _book(
        series.visits.get(date=date(2026, 2, 12)),
        series.visits.get(date=date(2026, 2, 12)).starts_at,
        email="x@example.fi",
    )
    url = reverse("outreach:visit_bookings", kwargs={"pk": visit.pk})
    kaisa = client_as("kaisa")
    with time_machine.travel(FEB_2026, tick=False):
        page = kaisa.get(url).content.decode()
        assert "Sanna" in page and "+358401234567" in page
        kaisa.post(
            url, {f"b{came.pk}": "met", f"b{away.pk}": "no_show", f"b{later.pk}": "no_show"}
        )  # another visit's booking: ignored
        assert client_as("mikko").get(url).status_code in (403, 404)
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {came.pk: "met", away.pk: "no_show", later.pk: "booked"}
    row = next(iter(reach.programme_reach(series.programme, FEB_2026)))
    assert (row.booked, row.no_shows) == (2, 1)
    assert actions.purge_bookings(datetime(2026, 2, 20, tzinfo=UTC)) == 2
    row = next(iter(reach.programme_reach(series.programme, FEB_2026)))
    assert (row.booked, row.no_shows) == (2, 1)
    with time_machine.travel(FEB_2026, tick=False):
        reach_page = kaisa.get(reverse("outreach:reach", kwargs={"pk": series.programme_id}))
    assert reach_page.context["rows"][0].no_shows == 1


def test_the_reach_trend_names_each_month_in_the_page_language(client_as, series):
    """Each of the 12 numbers of the trend carries its month: a short visible name and the
    full month and year for a screen reader (before: a bare row of numbers)."""
    visit = series.visits.get(date=date(2026, 1, 8))
    actions.record_tallies(visit, [{"id": str(uuid.uuid4()), "channel": "walk_in",
                                    "topic": "peer"} for _ in range(7)])  # fmt: skip
    kaisa = client_as("kaisa")
    url = reverse("outreach:reach", kwargs={"pk": series.programme_id})
    shown = {"fi": ("Tam", "tammikuu 2026", "Hel", "maaliskuu 2025"),
             "sv": ("Jan", "januari 2026", "Feb", "mars 2025"),
             "en": ("Jan", "January 2026", "Feb", "March 2025")}  # fmt: skip
    for language, (short, full, last, first) in shown.items():
        with translation.override(language), time_machine.travel(FEB_2026, tick=False):
            page = kaisa.get(f"/{language}{url[3:]}").content.decode()
        found = re.search(r'<ol class="trend"[^>]*>(.*?)</ol>', page)
        assert found is not None, page
        trend = found.group(1)
        months = re.findall(
            r'<li><span class="trend-month" aria-hidden="true">(\w+)</span>'
            r'<span class="visually-hidden">([\w ]+):</span> <span class="trend-n">(\d+)</span>',
            trend,
        )
        assert len(months) == 12, trend
        assert months[0][1] == first and months[-1][0] == last
        assert (short, full, "7") in months, months
        assert all(n == "0" for _s, f, n in months if f != full)


def test_public_pages_show_reach_with_small_counts_hidden(client, series):
    quiet = make_series(programme=series.programme, site=make_stop(name_fi="Hiljainen"))
    third = make_series(programme=series.programme, site=make_stop(name_fi="Kolmas"))
    with time_machine.travel(JAN_2026, tick=False):
        actions.save_series(quiet)
        actions.save_series(third)
    for s, n in ((series, 12), (quiet, 3), (third, 7)):
        visit = s.visits.get(date=date(2026, 1, 8))
        actions.record_tallies(visit, [{"id": str(uuid.uuid4()), "channel": "walk_in",
                                        "topic": "peer"} for _ in range(n)])  # fmt: skip
    _book(
        series.visits.get(date=date(2026, 2, 12)),
        series.visits.get(date=date(2026, 2, 12)).starts_at,
        phone="+358401234567",
    )
    with time_machine.travel(FEB_2026, tick=False):
        rows, total = reach.public_reach(VisitSeries.objects.all(), FEB_2026)
        html = client.get(
            reverse("outreach:programme", kwargs={"pk": series.programme_id})
        ).content.decode()
        site_html = client.get(reverse("outreach:site", kwargs={"pk": quiet.site_id})).content
    figures = {r.name: (r.visits, r.contacts) for r in rows}
    # 3 is hidden; so is 7, the next smallest, or the total 22 would give the 3 away
    assert figures["Hiljainen"] == (4, None) and figures["Kolmas"] == (4, None)
    assert figures[series.site.name] == (4, 12) and total == 22
    assert "Reach in the last 12 months" in html and html.count("fewer than 5") == 2
    assert "Sanna" not in html and "+358401234567" not in html
    assert b"fewer than 5" in site_html


def test_the_run_sheet_links_each_stop_to_its_tally_and_appointments(client_as, series):
    # an afternoon stop: the driver's break (11–13) fits before it
    afternoon = make_series(programme=series.programme, arrives_at=time(13), departs_at=time(15))
    with time_machine.travel(JAN_2026, tick=False):
        actions.save_series(afternoon)
    visit = afternoon.visits.get(date=date(2026, 2, 12))
    url = reverse("outreach:route", kwargs={"pk": series.programme_id})
    with time_machine.travel(JAN_2026, tick=False):
        html = client_as("kaisa").get(url, {"date": "2026-02-12"}).content.decode()
    assert reverse("outreach:visit_bookings", kwargs={"pk": visit.pk}) in html
    assert reverse("outreach:visit_tally", kwargs={"pk": visit.pk}) in html
