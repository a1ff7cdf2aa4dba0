"""Bookings, cancellations through notify, tallies sent once, and reach per stop."""

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from turvaverkko.core.indicators import value
from turvaverkko.notify.models import Delivery
from turvaverkko.outreach import actions, reach
from turvaverkko.outreach.models import HELSINKI, Booking, Subscriber, Tally, Visit

from .factories import make_series

JAN_2026 = datetime(2026, 1, 2, 8, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def series(db):
    with time_machine.travel(JAN_2026, tick=False):
        s = make_series(appointment_minutes=30, buffer_minutes=10)
        actions.save_series(s)
    return s


def test_phone_booking_confirmation_reminder_cancellation_and_deletion(client, series):
    visit = series.visits.get(date=date(2026, 1, 8))
    with time_machine.travel(JAN_2026, tick=False):
        page = client.get(reverse("outreach:visit_book", kwargs={"pk": visit.pk}))
        assert "30 days after the visit" in page.content.decode()
        slots = [v for v, _label in page.context["form"].fields["starts_at"].choices]
        # 10.00–14.00, 30 min + 10 min buffer: 10.00, 10.40, … 13.20
        assert len(slots) == 6
        response = client.post(
            reverse("outreach:visit_book", kwargs={"pk": visit.pk}),
            {"starts_at": slots[1], "mode": "phone", "name": "Sanna", "phone": "040 123 4567"},
        )
    assert response.status_code == 200, response.content
    booking = Booking.objects.get()
    assert booking.phone == "+358401234567"
    assert booking.starts_at.astimezone(HELSINKI).strftime("%H.%M") == "10.40"
    [sms] = Delivery.objects.filter(dispatch__key=f"outreach:booking:{booking.pk}")
    assert sms.channel == "sms" and sms.address == "+358401234567"
    assert "10.40" in sms.body and sms.body.endswith(f"/hooks/b/{booking.token}")  # short link

    # the same slot again: a clear error, nothing lost
    with time_machine.travel(JAN_2026, tick=False):
        again = client.post(
            reverse("outreach:visit_book", kwargs={"pk": visit.pk}),
            {"starts_at": slots[1], "mode": "phone", "name": "Eki", "email": "eki@example.fi"},
        )
    assert "starts_at" in again.context["form"].errors
    assert Booking.objects.count() == 1

    # reminder the day before, once
    day_before = datetime(2026, 1, 7, 10, tzinfo=UTC)
    assert actions.send_reminders(day_before) == 1
    assert actions.send_reminders(day_before) == 0
    [reminder] = Delivery.objects.filter(dispatch__key=f"outreach:reminder:{booking.pk}")
    assert reminder.body.startswith("Reminder") or reminder.body.startswith("Muistutus")

    # a cancelled visit reaches the booked resident and a subscriber
    Subscriber.objects.create(programme=series.programme, email="perhe@example.fi", token="t")
    with time_machine.travel(day_before, tick=False):
        assert actions.cancel_visit(visit, "Myrsky") == 2
    cancel = Delivery.objects.filter(dispatch__key__startswith="outreach:cancel:")
    assert {d.address for d in cancel} == {"+358401234567", "perhe@example.fi"}
    assert all("Myrsky" in d.body for d in cancel)

    # deleted 30 days after the visit, not before
    assert actions.purge_bookings(visit.ends_at + timedelta(days=29)) == 0
    assert actions.purge_bookings(visit.ends_at + timedelta(days=31)) == 1


def test_cancel_link_cancels_the_booking(client, series):
    visit = series.visits.get(date=date(2026, 1, 15))
    with time_machine.travel(JAN_2026, tick=False):
        booking = actions.book(actions.BookingRequest(
            visit=visit, starts_at=visit.starts_at, mode="at_stop", name="S",
            email="s@example.fi",
        ))  # fmt: skip
    url = reverse("outreach:booking_cancel", kwargs={"token": booking.token})
    assert client.post(url).status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert client.get(url.replace(booking.token, "wrong")).status_code == 404


@pytest.fixture
def runner(db, series):
    from turvaverkko.registry.tests.factories import RoleAssignmentFactory, UserFactory

    user = UserFactory()
    RoleAssignmentFactory(user=user, organization=series.programme.organization)
    return user


def test_tallies_queued_offline_are_stored_once(client, series, runner):
    client.force_login(runner)
    visit = series.visits.get(date=date(2026, 1, 8))
    url = reverse("outreach:visit_tally", kwargs={"pk": visit.pk})
    row = {"channel": "walk_in", "topic": "guidance", "age_band": "30-64", "language": "fi"}
    rows = [{**row, "id": str(uuid.uuid4()), "referral": True} for _ in range(3)]
    first = client.post(url, json.dumps(rows), content_type="application/json")
    assert first.json() == {"new": 3, "errors": []}
    # the phone did not hear the answer and sends the queue again
    again = client.post(url, json.dumps(rows), content_type="application/json")
    assert again.json() == {"new": 0, "errors": []}
    bad = client.post(url, json.dumps([{"id": "x"}, {**rows[0], "id": str(uuid.uuid4()),
                                                     "topic": "gossip"}]),
                      content_type="application/json")  # fmt: skip
    assert bad.json()["errors"] == ["row 1: id is not a UUID", "row 2: unknown topic"]
    assert Tally.objects.count() == 3


def test_reach_flags_a_quiet_stop_and_feeds_the_indicators(client, series, runner):
    busy = series
    quiet = make_series(programme=busy.programme, weekday=1)
    with time_machine.travel(JAN_2026, tick=False):
        actions.save_series(quiet)
    for s, per_visit in ((busy, 8), (quiet, 1)):
        for visit in s.visits.filter(date__lt=date(2026, 3, 1)):
            actions.record_tallies(visit, [
                {"id": str(uuid.uuid4()), "channel": "walk_in", "topic": "peer"}
                for _ in range(per_visit)
            ])  # fmt: skip
    now = datetime(2026, 3, 1, tzinfo=UTC)
    rows = {r.series.pk: r for r in reach.programme_reach(busy.programme, now)}
    assert rows[busy.pk].per_hour == 2.0 and not rows[busy.pk].flagged
    assert rows[quiet.pk].per_hour == 0.25 and rows[quiet.pk].flagged
    assert rows[busy.pk].by_month["2026-02"] == 32
    assert reach.public_count(3) == "<5" and reach.public_count(12) == "12"
    client.force_login(runner)
    with time_machine.travel(now, tick=False):
        page = client.get(reverse("outreach:reach", kwargs={"pk": busy.programme_id}))
    assert page.content.decode().count("Change mode") == 1
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert (
        value("outreach.contacts", None, start, now) == 8 * 8 + 7 * 1
    )  # Loppiainen (Tue 6 Jan) has no visit
    visits = value("outreach.visits", [busy.site.municipality_id], start, now)
    assert visits is not None and visits >= 8
    cancelled = busy.visits.filter(date__lt=date(2026, 3, 1)).first()
    cancelled.status = Visit.Status.CANCELLED
    cancelled.save()
    assert value("outreach.contacts", None, start, now) == 7 * 8 + 7 * 1


def test_scheduled_tasks_remind_and_delete(series):
    from turvaverkko.outreach import tasks

    visit = series.visits.get(date=date(2026, 1, 8))
    with time_machine.travel(JAN_2026, tick=False):
        actions.book(actions.BookingRequest(
            visit=visit, starts_at=visit.starts_at, mode="phone", name="S", phone="+358401234567",
        ))  # fmt: skip
    with time_machine.travel(datetime(2026, 1, 7, 12, tzinfo=UTC), tick=False):
        assert tasks.send_booking_reminders.call() == 1
    with time_machine.travel(datetime(2026, 2, 9, 12, tzinfo=UTC), tick=False):
        outcome = tasks.outreach_housekeeping.call()
    assert outcome["deleted_bookings"] == 1 and not Booking.objects.exists()
    assert outcome["created_visits"] > 0  # the 12-month horizon moved on a month
