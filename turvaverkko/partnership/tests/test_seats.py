"""Seats, open calls, memberships, nominations and the public data."""

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from turvaverkko.notify.models import Delivery
from turvaverkko.partnership import actions, tasks
from turvaverkko.partnership.models import (
    AgendaItem,
    Application,
    Membership,
    Nomination,
    OpenCall,
    Seat,
)

pytestmark = pytest.mark.django_db


def _call(table, seat, deadline=date(2026, 2, 28)):
    call = OpenCall.objects.create(
        table=table, title="Haku ikäihmisten paikalle", deadline=deadline
    )
    call.seats.set([seat])
    return call


def _apply(call, seat, org, when=date(2026, 2, 1)):
    return actions.apply(
        Application(
            call=call, seat=seat, organization=org, person_name="Edustaja", email="e@example.fi"
        ),
        today=when,
    )


def test_the_choice_of_an_open_call_is_a_decision_of_a_meeting(personas, seat, meetings):
    call = _call(seat.table, seat)
    olli = _apply(call, seat, personas.olli_org)
    other = _apply(call, seat, personas.other_org)
    with translation.override("en"), pytest.raises(ValidationError, match="deadline"):
        _apply(call, seat, personas.other_org, when=date(2026, 3, 1))
    item = actions.add_item(
        AgendaItem(meeting=meetings[1], kind="decision", title_fi="Ikäihmisten paikka")
    )
    membership = actions.choose(olli, item, date(2026, 3, 13))
    olli.refresh_from_db()
    other.refresh_from_db()
    assert (olli.status, other.status) == ("chosen", "not_chosen")
    assert olli.decision == item and item.outcome_kind == "decision"
    assert "Huittisten Martat ry" in item.outcome_fi
    assert membership.seat == seat and membership.end == seat.term_end


def test_ending_a_membership_keeps_the_history(personas, seat):
    m = Membership.objects.create(
        table=seat.table, seat=seat, organization=personas.olli_org, person_name="Olli",
        start=date(2026, 1, 1),
    )  # fmt: skip
    actions.end_membership(m, date(2026, 6, 30))
    assert list(actions.current_memberships(seat.table, date(2026, 7, 1))) == []
    assert list(actions.current_memberships(seat.table, date(2026, 6, 1))) == [m]
    assert m.history.count() == 2


def test_a_term_end_is_reminded_sixty_days_before(personas, seat):
    Membership.objects.create(
        table=seat.table, organization=personas.other_org, person_name="Pia Puheenjohtaja",
        email="pj@example.fi", role="chair", start=date(2026, 1, 1),
    )  # fmt: skip
    m = Membership.objects.create(
        table=seat.table, seat=seat, organization=personas.olli_org, person_name="Olli",
        email="olli@example.fi", start=date(2026, 1, 1), end=date(2026, 12, 31),
    )  # fmt: skip
    assert tasks.remind_term_ends(date(2026, 10, 31)) == 0
    assert tasks.remind_term_ends(date(2026, 11, 1)) == 2
    assert tasks.remind_term_ends(date(2026, 11, 2)) == 0
    addresses = sorted(Delivery.objects.values_list("address", flat=True))
    assert addresses == ["olli@example.fi", "pj@example.fi"]
    assert "31.12.2026" in Delivery.objects.all()[0].body
    m.refresh_from_db()
    assert m.term_reminder_sent_at is not None


def test_a_nominee_is_asked_to_report_back_before_each_meeting(personas, meetings):
    table = meetings[0].table
    Nomination.objects.create(
        table=table, body="Hyvinvointialueen hyte-lautakunta", nominee="Olli Yhteys",
        nominee_organization=personas.olli_org, email="olli@example.fi",
        term_start=date(2026, 1, 1), term_end=date(2027, 12, 31),
    )  # fmt: skip
    before_second = meetings[1].starts_at - timedelta(days=5)
    with time_machine.travel(before_second, tick=False):
        assert tasks.remind_report_back() == 1
        assert tasks.remind_report_back() == 0
    with time_machine.travel(meetings[2].starts_at - timedelta(days=5), tick=False):
        assert tasks.remind_report_back() == 1
    assert Delivery.objects.filter(address="olli@example.fi").count() == 2


def test_oparl_json_has_no_personal_names(client, personas, seat, meetings):
    Membership.objects.create(
        table=seat.table, seat=seat, organization=personas.olli_org, person_name="Olli Yhteys",
        email="olli@example.fi", start=date(2026, 1, 1),
    )  # fmt: skip
    actions.add_item(AgendaItem(meeting=meetings[0], kind="information", title_fi="Ajankohtaiset"))
    actions.add_item(
        AgendaItem(meeting=meetings[0], kind="discussion", title_fi="Salainen", confidential=True)
    )
    response = client.get(f"/fi/partnership/{seat.table.pk}/oparl.json")
    data = response.json()
    assert data["type"] == "https://schema.oparl.org/1.1/Organization"
    assert data["membership"][0]["onBehalfOf"]["name"] == "Huittisten Martat ry"
    assert len(data["meeting"]) == 6
    assert [i["name"] for i in data["meeting"][0]["agendaItem"]] == ["Ajankohtaiset"]
    text = response.content.decode()
    assert "Olli" not in text and "olli@example.fi" not in text


def test_the_public_page_has_schema_org_events(client, meetings):
    table = meetings[0].table
    with time_machine.travel(meetings[0].starts_at - timedelta(days=3), tick=False):
        page = client.get(f"/sv/partnership/{table.pk}/").content.decode()
    assert "Huittinens partnerskapsbord" in page
    raw = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    events = json.loads(raw)
    assert events[0]["@type"] == "Event"
    assert events[0]["startDate"] == "2026-01-13T17:00:00+02:00"
    assert events[0]["location"]["name"] == "Kaupungintalo, Risto Rytin katu 36"


def test_a_private_table_has_no_public_page(client, table):
    table.is_public = False
    table.save()
    assert client.get(f"/fi/partnership/{table.pk}/").status_code == 404
    assert client.get(f"/fi/partnership/{table.pk}/calendar.ics").status_code == 404


def test_only_coordinators_of_the_area_keep_a_table(client_as, table):
    url = f"/fi/partnership/{table.pk}/manage/"
    assert client_as("reetta").get(url).status_code == 200
    assert client_as("kaisa").get(url).status_code == 200
    assert client_as("mikko").get(url).status_code == 403
    assert client_as("olli").get(url).status_code == 403


def test_the_dashboard_shows_the_coordinator_her_tables(client_as, table):
    page = client_as("reetta").get("/fi/dashboard/").content.decode()
    assert f"/fi/partnership/{table.pk}/manage/" in page
    assert "/fi/partnership/" in client_as("kaisa").get("/fi/dashboard/").content.decode()
    assert (
        f"/partnership/{table.pk}/manage/"
        not in client_as("mikko").get("/fi/dashboard/").content.decode()
    )


def test_the_demo_data_loads_twice_the_same(personas):
    from turvaverkko.partnership.demo import load_partnership

    orgs = {"h-martat": personas.olli_org}
    assert load_partnership(orgs) == 1
    assert load_partnership(orgs) == 1
    from turvaverkko.partnership.models import PartnershipTable

    table = PartnershipTable.objects.get()
    assert table.seats.count() == 3 and table.meetings.count() == 6
    assert table.memberships.get().organization == personas.olli_org
    assert table.meetings.order_by("starts_at")[0].items.count() == 4


def test_only_eligible_associations_can_apply_to_a_seat(personas, seat):
    from turvaverkko.registry.tests.factories import TaxonomyTermFactory

    elderly = TaxonomyTermFactory(code="elderly", name_fi="Ikäihmiset")
    seat.eligible_categories.set([elderly])
    call = _call(seat.table, seat)
    with pytest.raises(ValidationError, match="Ikäihmiset"):
        _apply(call, seat, personas.olli_org)
    personas.olli_org.themes.add(elderly)
    assert _apply(call, seat, personas.olli_org).pk is not None


def test_an_item_joins_a_matter_that_spans_meetings(client_as, meetings):
    reetta = client_as("reetta")
    for meeting in meetings[:2]:
        reetta.post(
            f"/fi/partnership/meetings/{meeting.pk}/",
            {
                "op": "item",
                "item-kind": "discussion",
                "item-title_fi": "Kohtaamispaikkojen talviaukiolo",
                "item-minutes": "15",
                "item-new_matter": "Talviaukiolot",
            },
        )
    matter = meetings[0].table.matters.get()
    assert matter.items.count() == 2


def test_the_public_page_tells_held_and_vacant_seats(client, personas, table):
    held = Seat.objects.create(
        table=table, label_fi="Ruoka-apu", term_start=date(2026, 1, 1), term_end=date(2027, 12, 31)
    )
    Seat.objects.create(
        table=table,
        label_fi="Omaishoitajat",
        term_start=date(2026, 1, 1),
        term_end=date(2027, 12, 31),
    )
    Membership.objects.create(
        table=table, seat=held, organization=personas.olli_org, person_name="Olli Yhteys",
        start=date(2026, 1, 1),
    )  # fmt: skip
    with time_machine.travel(date(2026, 6, 1), tick=False):
        page = client.get(f"/fi/partnership/{table.pk}/").content.decode()
    seats = page.split('id="seats"')[1].split("</ul>")[0]
    assert "Ruoka-apu: Huittisten Martat ry" in seats
    assert "Omaishoitajat: vapaana" in seats or "Omaishoitajat: vacant" in seats
    assert "Olli Yhteys" not in page


def test_an_association_admin_applies_for_his_own_association(client_as, personas, seat):
    call = _call(seat.table, seat, deadline=date(2026, 2, 28))
    olli = client_as("olli")
    form = {
        "seat": seat.pk,
        "organization": personas.olli_org.pk,
        "person_name": "Olli Yhteys",
        "email": "olli@example.fi",
        "motivation": "Ruoka-apua 20 vuotta",
    }
    url = f"/fi/partnership/calls/{call.pk}/apply/"
    with time_machine.travel(date(2026, 3, 1), tick=False):
        late = olli.post(url, form)
    assert late.status_code == 200 and late.context["form"].non_field_errors()
    with time_machine.travel(date(2026, 2, 1), tick=False):
        # Not for someone else's association.
        other = olli.post(url, {**form, "organization": personas.other_org.pk})
        assert other.status_code == 200 and not Application.objects.exists()
        assert olli.post(url, form).status_code == 302
    assert Application.objects.get().organization == personas.olli_org
    assert client_as("kaisa").get(url).status_code == 403
