"""Reetta, the regional coordinator, runs a bilingual partnership table through one cycle."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from playwright.sync_api import expect

from turvaverkko.areas.models import Municipality
from turvaverkko.partnership import actions
from turvaverkko.partnership.models import Application, Meeting, OpenCall, PartnershipTable
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HELSINKI = ZoneInfo("Europe/Helsinki")


def _open(page, summary_of):
    page.click(f"{summary_of} summary")


def test_partnership_table_cycle(page, login_page, personas):
    Municipality.objects.filter(pk=personas.huittinen.pk).update(
        language=Municipality.Language.BILINGUAL_FI
    )
    login_page(personas.reetta)

    # A table with a seat.
    page.goto(f"{page.base}/fi/partnership/")
    page.click("#new-table")
    page.fill("#id_name_fi", "Huittisten kumppanuuspöytä")
    page.fill("#id_name_sv", "Huittinens partnerskapsbord")
    page.get_by_label("Huittinen").check()
    page.fill("#id_purpose_fi", "Järjestöjen ja kaupungin yhteinen foorumi.")
    page.click("#save")
    table = PartnershipTable.objects.get()
    assert table.is_bilingual

    _open(page, "#add-seat")
    page.fill("#id_seat-label_fi", "Ikäihmiset")
    page.fill("#id_seat-label_sv", "Äldre")
    page.fill("#id_seat-term_start", "2030-01-01")
    page.fill("#id_seat-term_end", "2031-12-31")
    page.click("#save-seat")

    # Six meetings a year by a rule; an open call into the seat.
    _open(page, "#add-series")
    page.fill("#id_series-first_start", "2030-01-15T17:00")
    page.fill("#id_series-rrule", "FREQ=MONTHLY;INTERVAL=2;COUNT=6")
    page.fill("#id_series-location", "Kaupungintalo")
    page.click("#save-series")
    assert page.locator("#meetings li").count() == 6

    _open(page, "#add-call")
    page.fill("#id_call-title", "Haku ikäihmisten paikalle")
    page.get_by_label("Ikäihmiset").check()
    page.fill("#id_call-deadline", "2030-01-10")
    page.click("#save-call")
    call = OpenCall.objects.get()
    seat = call.seats.get()
    # Olli's association applies (its admin fills the application form).
    actions.apply(
        Application(
            call=call,
            seat=seat,
            organization=personas.olli_org,
            person_name="Olli Yhteys",
            email="olli@example.fi",
        ),
        today=date(2030, 1, 5),
    )
    assert_no_axe_violations(page)

    # The first meeting's agenda: the choice of the seat, and a discussion.
    page.click("#meetings li:first-child a")
    first = Meeting.objects.order_by("starts_at")[0]
    page.select_option("#id_item-kind", "decision")
    page.fill("#id_item-title_fi", "Ikäihmisten paikan valinta")
    page.fill("#id_item-minutes", "15")
    page.click("#save-item")
    page.select_option("#id_item-kind", "discussion")
    page.fill("#id_item-title_fi", "Kohtaamispaikkojen kartoitus")
    page.fill("#id_item-proposer", "Huittisten Martat ry")
    page.fill("#id_item-minutes", "30")
    page.click("#save-item")
    assert "45" in page.inner_text("#time-budget")
    choice, survey = first.items.order_by("position")

    page.goto(f"{page.base}/fi/partnership/calls/{call.pk}/")
    page.select_option("#applications select", str(choice.pk))
    page.click("#applications button")
    assert Application.objects.get().status == Application.Status.CHOSEN
    assert table.memberships.get().organization == personas.olli_org

    # The decision and two actions on the discussion item.
    page.goto(f"{page.base}/fi/partnership/meetings/{first.pk}/")
    item = f"#item-{survey.pk}"
    page.click(f"{item} details:first-of-type summary")
    page.select_option(f"#id_o{survey.pk}-outcome_kind", "decision")
    page.fill(f"#id_o{survey.pk}-outcome_fi", "Kartoitus tehdään kevään aikana.")
    page.click(f"{item} .save-outcome")
    for description, due in (("Kysely yhdistyksille", "2030-02-15"), ("Kartta", "2030-03-01")):
        page.click(f"{item} details:last-of-type summary")
        page.fill(f"#id_a{survey.pk}-description", description)
        page.fill(f"#id_a{survey.pk}-responsible", "Sihteeri")
        page.fill(f"#id_a{survey.pk}-due_date", due)
        page.click(f"{item} .save-action")
    assert page.locator(f"{item} ul.actions li").count() == 2

    # The memo: checked, but refused until the Swedish texts exist.
    page.click("#memo-link")
    page.fill("#id_memo_fi", "Kokous pidettiin kaupungintalolla.")
    page.click("#check")
    page.click("#publish")
    assert page.locator("#swedish-pending").is_visible()
    assert page.inner_text("#memo-status") != "julkinen"
    first.refresh_from_db()
    assert first.memo_status == Meeting.MemoStatus.CHECKED
    assert_no_axe_violations(page)

    page.goto(f"{page.base}/fi/partnership/meetings/{first.pk}/")
    for obj, title_sv, outcome_sv in (
        (choice, "Val av representant för äldre", "Huittisten Martat ry valdes."),
        (survey, "Kartläggning av mötesplatser", "Kartläggningen görs under våren."),
    ):
        page.click(f"#item-{obj.pk} details:first-of-type summary")
        page.fill(f"#id_o{obj.pk}-title_sv", title_sv)
        page.fill(f"#id_o{obj.pk}-outcome_sv", outcome_sv)
        page.click(f"#item-{obj.pk} .save-outcome")
    page.click("#memo-link")
    page.fill("#id_memo_sv", "Mötet hölls i stadshuset.")
    page.click("#check")
    page.click("#publish")
    first.refresh_from_db()
    assert first.memo_status == Meeting.MemoStatus.PUBLIC
    page.click("#public-memo")
    assert "Kartoitus tehdään kevään aikana." in page.content()

    # The next meeting's agenda carries both open actions.
    page.goto(f"{page.base}/fi/partnership/meetings/{first.pk}/")
    page.click("#next-meeting")
    # count() does not wait: the next meeting's page may still be loading
    expect(page.locator("#open-actions li.open-action")).to_have_count(2)
    assert "Kysely yhdistyksille" in page.inner_text("#open-actions")
    assert_no_axe_violations(page)

    # One occurrence moved; the feed shows it as a moved occurrence of the series.
    third = Meeting.objects.order_by("starts_at")[2]
    page.goto(f"{page.base}/fi/partnership/meetings/{third.pk}/")
    page.click("details:has(#save-move) summary")
    page.fill("#id_move-starts_at", "2030-05-22T18:00")
    page.fill("#id_move-location", "Kirjasto")
    page.click("#save-move")
    feed = page.request.get(f"{page.base}/fi/partnership/{table.pk}/calendar.ics")
    cal = icalendar.Calendar.from_ical(feed.body())
    events = recurring_ical_events.of(cal).between(datetime(2030, 1, 1), datetime(2031, 1, 1))
    starts = sorted(e["DTSTART"].dt.astimezone(HELSINKI) for e in events)
    assert len(starts) == 6
    assert datetime(2030, 5, 22, 18, tzinfo=HELSINKI) in starts
    assert datetime(2030, 5, 15, 17, tzinfo=HELSINKI) not in starts
    assert datetime(2030, 7, 15, 17, tzinfo=HELSINKI) in starts
    moved: Any = next(e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e)
    assert moved["RECURRENCE-ID"].dt == datetime(2030, 5, 15, 17, tzinfo=HELSINKI)
    assert int(moved["SEQUENCE"]) == 1 and moved["LOCATION"] == "Kirjasto"
    assert starts[0] - datetime(2030, 1, 15, 17, tzinfo=HELSINKI) == timedelta(0)

    # The public page, in Swedish.
    page.goto(f"{page.base}/sv/partnership/{table.pk}/")
    assert "Huittinens partnerskapsbord" in page.inner_text("h1")
    assert_no_axe_violations(page)
