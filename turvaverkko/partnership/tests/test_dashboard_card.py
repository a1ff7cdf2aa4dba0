"""The dashboard's card for a table's action items past their due date."""

import re
from datetime import date

import pytest
from django.urls import reverse

from turvaverkko.partnership import actions
from turvaverkko.partnership.models import ActionItem, AgendaItem

pytestmark = pytest.mark.django_db


def card(client) -> str | None:
    page = client.get(reverse("web:dashboard")).content.decode()
    found = re.search(r'data-card="actions-overdue"><p class="card-count">(\d+)</p>', page)
    return found.group(1) if found else None


def test_overdue_action_items_make_a_card_for_the_tables_coordinator(
    client_as, meetings, time_machine
):
    time_machine.move_to(date(2026, 2, 20), tick=False)
    item = actions.add_item(AgendaItem(meeting=meetings[0], kind="decision", title_fi="Talous"))
    overdue = ActionItem(description="Kysely", responsible="Sihteeri", due_date=date(2026, 2, 15))
    actions.add_action(item, overdue)
    later = ActionItem(description="Raportti", responsible="Sihteeri", due_date=date(2026, 3, 1))
    actions.add_action(item, later)
    assert card(client_as("kaisa")) == "1"
    assert card(client_as("mikko")) is None  # not his table
    overdue.done = True
    overdue.save()
    assert card(client_as("kaisa")) is None  # nothing to do, no card
