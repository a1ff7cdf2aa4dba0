"""Meeting series, moving one occurrence, the calendar feed and RSVP."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.core.exceptions import ValidationError

from turvaverkko.notify.models import Delivery
from turvaverkko.partnership import actions, tasks
from turvaverkko.partnership.models import Attendance, MeetingSeries, Membership

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def test_a_series_keeps_the_wall_clock_time_across_daylight_saving(meetings):
    local = [m.starts_at.astimezone(HELSINKI) for m in meetings]
    assert [(t.month, t.day, t.hour) for t in local] == [
        (1, 13, 17), (3, 13, 17), (5, 13, 17), (7, 13, 17), (9, 13, 17), (11, 13, 17),
    ]  # fmt: skip
    # 17:00 is 15:00 UTC in winter and 14:00 UTC in summer.
    assert meetings[0].starts_at.astimezone(UTC).hour == 15
    assert meetings[3].starts_at.astimezone(UTC).hour == 14


def test_a_rule_that_never_ends_or_makes_too_many_meetings_is_refused(table):
    start = datetime(2026, 1, 13, 15, tzinfo=UTC)
    with pytest.raises(ValidationError, match="COUNT"):
        actions.create_series(MeetingSeries(table=table, first_start=start, rrule="FREQ=MONTHLY"))
    with pytest.raises(ValidationError, match="24"):
        actions.create_series(
            MeetingSeries(table=table, first_start=start, rrule="FREQ=WEEKLY;COUNT=60")
        )
    assert not table.meetings.exists()


def test_moving_one_meeting_leaves_the_series_alone(meetings):
    moved = meetings[2]
    new_start = moved.starts_at + timedelta(days=7)
    actions.move_meeting(moved, new_start)
    moved.refresh_from_db()
    assert moved.starts_at == new_start and moved.sequence == 1
    assert moved.original_start == meetings[2].original_start != new_start
    others = [m for m in moved.table.meetings.all() if m.pk != moved.pk]
    assert all(m.starts_at == m.original_start and m.sequence == 0 for m in others)


def _parse(client, table, key=""):
    url = f"/fi/partnership/{table.pk}/calendar.ics" + (f"?key={key}" if key else "")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_the_calendar_feed_shows_the_moved_and_the_cancelled_meeting(client, meetings):
    table = meetings[0].table
    moved, cancelled = meetings[1], meetings[4]
    actions.move_meeting(moved, moved.starts_at + timedelta(days=2, hours=1), "Kirjasto")
    actions.cancel_meeting(cancelled)
    cal = _parse(client, table)

    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    events = recurring_ical_events.of(cal).between(datetime(2026, 1, 1), datetime(2027, 1, 1))
    starts = sorted(
        (e["DTSTART"].dt.astimezone(HELSINKI), str(e.get("STATUS", ""))) for e in events
    )
    assert (datetime(2026, 3, 15, 18, tzinfo=HELSINKI), "CONFIRMED") in starts
    assert all(s != datetime(2026, 3, 13, 17, tzinfo=HELSINKI) for s, _ in starts)
    cancelled_local = cancelled.starts_at.astimezone(HELSINKI)
    assert (cancelled_local, "CANCELLED") in starts
    overrides = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert sorted(int(e["SEQUENCE"]) for e in overrides) == [1, 1]
    moved_event = next(e for e in overrides if e["LOCATION"] == "Kirjasto")
    assert moved_event["RECURRENCE-ID"].dt == datetime(2026, 3, 13, 17, tzinfo=HELSINKI)
    assert moved_event["URL"].endswith(f"/partnership/meetings/{moved.pk}/public/")
    master = next(e for e in cal.walk("VEVENT") if "RRULE" in e)
    assert master["LOCATION"] == "Kaupungintalo, Risto Rytin katu 36"


def test_the_online_link_is_only_in_the_members_feed(client, table):
    actions.create_series(
        MeetingSeries(
            table=table,
            first_start=datetime(2026, 2, 3, 15, tzinfo=UTC),
            rrule="FREQ=MONTHLY;INTERVAL=3;COUNT=4",
            mode="online",
            online_url="https://meet.example.fi/abc",
        )
    )
    public = _parse(client, table)
    assert "meet.example.fi" not in public.to_ical().decode()
    members = _parse(client, table, key=table.feed_token)
    assert "https://meet.example.fi/abc" in members.to_ical().decode()


def test_the_online_link_shows_to_members_only_near_the_meeting(client_as, personas, meetings):
    meeting = meetings[0]
    meeting.mode = "hybrid"
    meeting.save()
    url = f"/fi/partnership/meetings/{meeting.pk}/public/"
    day_before = meeting.starts_at - timedelta(hours=23)
    week_before = meeting.starts_at - timedelta(days=7)
    Membership.objects.create(
        table=meeting.table, organization=personas.olli_org, person_name="Olli Yhteys",
        start=meeting.starts_at.date() - timedelta(days=30),
    )  # fmt: skip
    olli, ulla = client_as("olli"), client_as("ulla")
    with time_machine.travel(week_before, tick=False):
        assert b"meet.example.fi" not in olli.get(url).content
    with time_machine.travel(day_before, tick=False):
        assert b"meet.example.fi" in olli.get(url).content
        assert b"meet.example.fi" not in ulla.get(url).content


def test_rsvp_by_one_tap_through_notify(client, settings, personas, meetings):
    settings.SITE_URL = "https://turvaverkko.example.fi"
    meeting = meetings[0]
    Membership.objects.create(
        table=meeting.table, organization=personas.olli_org, person_name="Olli Yhteys",
        email="olli@example.fi", start=meeting.starts_at.date() - timedelta(days=30),
    )  # fmt: skip
    with time_machine.travel(meeting.starts_at - timedelta(days=10), tick=False):
        assert tasks.invite(meeting) == 1
    delivery = Delivery.objects.get(address="olli@example.fi")
    row = Attendance.objects.get(meeting=meeting, organization=personas.olli_org)
    yes = f"/partnership/rsvp/{row.token}/yes/"
    assert f"https://turvaverkko.example.fi/fi{yes}" in delivery.body
    # A link scanner's GET answers nothing; the tap on the button does.
    assert client.get(f"/fi{yes}").status_code == 200
    row.refresh_from_db()
    assert row.answer == ""
    client.post(f"/fi{yes}")
    row.refresh_from_db()
    assert row.answer == "yes"
    assert client.get("/fi/partnership/rsvp/nope/yes/").status_code == 404
