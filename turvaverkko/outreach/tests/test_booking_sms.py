"""The booking SMS fits one message whole: no cut words, the cancel link whole (demo walkthrough:
"(per... http://…" in the Swedish confirmation of the Runosmäki stop)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from turvaverkko.notify.models import Delivery
from turvaverkko.notify.sms.text import info
from turvaverkko.outreach import actions, timetable
from turvaverkko.outreach.models import HELSINKI, Booking

from .factories import make_series, make_stop

JAN_2026 = datetime(2026, 1, 2, 8, tzinfo=UTC)
RUNOSMAKI = {
    "name_fi": "Palvelubussin pysäkki, Runosmäen ostoskeskus",
    "name_sv": "Servicebussens hållplats, Runosbackens köpcentrum",
}


@pytest.fixture
def visit(db, settings):
    settings.SITE_URL = "https://turvaverkko.example.fi"
    with time_machine.travel(JAN_2026, tick=False):
        series = make_series(site=make_stop(**RUNOSMAKI), appointment_minutes=30)
        actions.save_series(series)
    return series.visits.get(date=date(2026, 1, 8))


def _book(visit, language, mode):
    starts = timetable.slots(visit.series, visit.date)[Booking.objects.count()]
    with time_machine.travel(JAN_2026, tick=False):
        return actions.book(
            actions.BookingRequest(
                visit=visit, starts_at=starts, mode=mode, name="Sanna",
                phone="+358401234567", language=language,
            )
        )  # fmt: skip


def _sms(key):
    [sms] = Delivery.objects.filter(dispatch__key=key, channel="sms")
    return sms.body


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_confirmation_and_reminder_sms_keep_every_word_and_the_cancel_link(visit, language):
    for mode in (Booking.Mode.PHONE, Booking.Mode.AT_STOP, Booking.Mode.VIDEO):
        booking = _book(visit, language, mode)
        link = actions.short_cancel_link(booking)
        assert link == f"https://turvaverkko.example.fi/hooks/b/{booking.token}"
        when = booking.starts_at.astimezone(HELSINKI).strftime("%H.%M")
        with translation.override(language):
            site = visit.series.site.name
            how = booking.get_mode_display()
        confirmation = _sms(f"outreach:booking:{booking.pk}")
        assert confirmation.endswith(" " + link), confirmation
        assert "..." not in confirmation and "…" not in confirmation, confirmation
        assert info(confirmation)[2] == 1, confirmation  # one SMS
        assert when in confirmation and "8.1." in confirmation
        assert site in confirmation, confirmation  # the stop's name is short enough here
        if mode != Booking.Mode.AT_STOP:
            assert f"({how})" in confirmation, confirmation

    actions.send_reminders(visit.starts_at - timedelta(hours=20))
    for booking in Booking.objects.all():
        reminder = _sms(f"outreach:reminder:{booking.pk}")
        assert reminder.endswith(" " + actions.short_cancel_link(booking)), reminder
        assert "..." not in reminder and info(reminder)[2] == 1, reminder


def test_a_stop_name_too_long_for_one_sms_is_left_out_not_cut(visit):
    site = visit.series.site
    site.name_sv = (
        "Servicebussens hållplats vid Runosbackens köpcentrum, parkeringen bakom biblioteket"
    )
    site.save()
    booking = _book(visit, "sv", Booking.Mode.PHONE)
    sms = _sms(f"outreach:booking:{booking.pk}")
    assert " 8.1. 10.00, per telefon." in sms and "Servicebussens" not in sms, sms
    assert "..." not in sms and info(sms)[2] == 1, sms
    assert sms.endswith(" " + actions.short_cancel_link(booking))


def test_the_short_link_leads_to_the_cancel_page_in_the_booking_language(visit, client):
    booking = _book(visit, "sv", Booking.Mode.PHONE)
    response = client.get(actions.short_cancel_link(booking))
    assert response.status_code == 302
    assert response["Location"] == actions.cancel_link(booking)
    assert f"/sv/outreach/bookings/{booking.token}/cancel/" in response["Location"]
    assert client.get("/hooks/b/not-a-token").status_code == 404
