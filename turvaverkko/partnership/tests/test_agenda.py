"""Agenda, outcomes, actions that carry over, the memo with the Language Act rule, decisions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from turvaverkko.notify.models import Delivery
from turvaverkko.partnership import actions, tasks
from turvaverkko.partnership.models import AgendaItem, Meeting, TopicProposal
from turvaverkko.preparedness.models import ActionItem, Exercise

pytestmark = pytest.mark.django_db


def _item(meeting, title="Talousarvio", kind="decision", minutes=20, **extra):
    return actions.add_item(
        AgendaItem(meeting=meeting, kind=kind, title_fi=title, minutes=minutes, **extra)
    )


def _action(item, description="Kysely yhdistyksille", due=date(2026, 2, 15), **extra):
    return actions.add_action(
        item,
        ActionItem(description=description, responsible="Sihteeri", due_date=due, **extra),
    )


def test_the_agenda_warns_when_it_is_longer_than_ninety_minutes(client_as, meetings):
    meeting = meetings[0]
    _item(meeting, minutes=60)
    page = client_as("reetta").get(f"/fi/partnership/meetings/{meeting.pk}/")
    assert b'id="time-budget" class="alert"' not in page.content
    _item(meeting, "Ulkopuolinen alustus", kind="external_talk", minutes=40)
    page = client_as("reetta").get(f"/fi/partnership/meetings/{meeting.pk}/")
    assert actions.agenda_minutes(meeting) == 100
    assert b'id="time-budget" class="alert"' in page.content


def test_an_open_action_is_on_every_next_agenda_until_closed_with_a_note(meetings):
    first, second, third = meetings[:3]
    action = _action(_item(first))
    assert list(actions.open_actions_before(first)) == []
    assert list(actions.open_actions_before(second)) == [action]
    actions.hold_meeting(second)
    assert list(actions.open_actions_before(third)) == [action]
    action.refresh_from_db()
    assert action.carry_over_count == 1
    with pytest.raises(ValidationError):
        actions.close_action(action, "  ")
    actions.close_action(action, "Kysely lähetetty 40 yhdistykselle.")
    assert list(actions.open_actions_before(third)) == []
    source = actions.action_source_item(action)
    assert source is not None and source.meeting == first


def test_exercise_action_items_still_work(personas):
    exercise = Exercise.objects.create(
        municipality=personas.huittinen, title="Harjoitus", planned_for=date(2026, 3, 1)
    )
    item = ActionItem.objects.create(exercise=exercise, description="Päivitä puhelinketju")
    assert list(exercise.action_items.all()) == [item]
    assert item.source is None


def test_the_memo_is_refused_in_a_bilingual_area_until_swedish_exists(
    client_as, bilingual, meetings
):
    meeting = meetings[0]
    item = _item(meeting)
    actions.record_outcome(item, "decision", "Hyväksyttiin.")
    secret = _item(meeting, "Henkilöasia", kind="discussion", confidential=True)
    actions.record_outcome(secret, "information", "Luottamuksellinen sisältö")
    actions.check_memo(meeting)
    with pytest.raises(ValidationError, match="Talousarvio"):
        actions.publish_memo(meeting)
    reetta = client_as("reetta")
    page = reetta.get(f"/fi/partnership/meetings/{meeting.pk}/memo/")
    assert b'id="swedish-pending"' in page.content
    item.title_sv = "Budget"
    actions.record_outcome(item, "decision", "Hyväksyttiin.", "Godkändes.")
    # A change sends a checked memo back to draft: check again, then publish.
    meeting.refresh_from_db()
    assert meeting.memo_status == Meeting.MemoStatus.DRAFT
    actions.check_memo(meeting)
    actions.publish_memo(meeting)
    public = reetta.get(f"/sv/partnership/meetings/{meeting.pk}/public/").content.decode()
    assert "Godkändes." in public and "Budget" in public
    assert "Luottamuksellinen" not in public and "Henkilöasia" not in public
    pdf = reetta.get(f"/fi/partnership/meetings/{meeting.pk}/memo.pdf")
    assert pdf.content[:4] == b"%PDF"


def test_a_finnish_area_publishes_without_swedish(meetings):
    meeting = meetings[0]
    actions.record_outcome(_item(meeting), "decision", "Hyväksyttiin.")
    with pytest.raises(ValidationError):
        actions.publish_memo(meeting)  # not checked yet
    actions.check_memo(meeting)
    actions.publish_memo(meeting)
    assert meeting.memo_status == Meeting.MemoStatus.PUBLIC


def test_the_decisions_register_is_searchable_and_public_only(client, meetings):
    published, draft = meetings[0], meetings[1]
    actions.record_outcome(_item(published, "Ikäihmisten kohtaamispaikat"), "statement", "Lausunto")
    actions.record_outcome(_item(draft, "Luonnosasia"), "decision", "Ei vielä julki")
    actions.check_memo(published)
    actions.publish_memo(published)
    url = f"/fi/partnership/{published.table.pk}/decisions/"
    page = client.get(url).content.decode()
    assert "Ikäihmisten kohtaamispaikat" in page and "Luonnosasia" not in page
    assert "Ikäihmisten" not in client.get(url + "?q=budjetti").content.decode()
    assert "Ikäihmisten" in client.get(url + "?q=kohtaamis").content.decode()


def test_a_public_topic_proposal_is_accepted_onto_the_agenda(client, client_as, meetings):
    table = meetings[0].table
    response = client.post(
        f"/fi/partnership/{table.pk}/propose/",
        {"title": "Kylätalojen lämmitys", "name": "Aino Asukas"},
    )
    assert response.status_code == 302
    proposal = TopicProposal.objects.get()
    client_as("reetta").post(
        f"/fi/partnership/meetings/{meetings[1].pk}/", {"op": "accept", "proposal": proposal.pk}
    )
    item = meetings[1].items.get()
    assert item.title_fi == "Kylätalojen lämmitys" and item.proposer == "Aino Asukas"
    proposal.refresh_from_db()
    assert proposal.status == TopicProposal.Status.ACCEPTED


def test_an_overdue_action_is_reminded_once(meetings):
    action = _action(_item(meetings[0]), owner_email="sihteeri@example.fi")
    assert tasks.remind_overdue_actions(date(2026, 2, 15)) == 0
    assert tasks.remind_overdue_actions(date(2026, 2, 16)) == 1
    assert tasks.remind_overdue_actions(date(2026, 2, 17)) == 0
    delivery = Delivery.objects.get(address="sihteeri@example.fi")
    assert "Kysely yhdistyksille" in delivery.body
    assert action.due_date + timedelta(days=1) == date(2026, 2, 16)
