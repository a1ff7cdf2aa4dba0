"""The dashboard card for held visits that still have no contact tally."""

import re
import uuid
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from turvaverkko.outreach import actions
from turvaverkko.outreach.models import Tally

from .factories import make_series

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def card(client) -> tuple[str, str] | None:
    page = client.get(reverse("web:dashboard")).content.decode()
    found = re.search(
        r'data-card="visits-without-tallies"><p class="card-count">(\d+)</p>.*?<a href="([^"]+)"',
        page,
    )
    return (found.group(1), found.group(2)) if found else None


def test_held_visits_without_tallies_make_a_card_for_the_programme_runner(client):
    from turvaverkko.registry.tests.factories import RoleAssignmentFactory, UserFactory

    with time_machine.travel(datetime(2026, 1, 2, 8, tzinfo=UTC), tick=False):
        series = make_series()
        actions.save_series(series)
    runner, stranger = UserFactory(), UserFactory()
    RoleAssignmentFactory(user=runner, organization=series.programme.organization)
    with time_machine.travel(datetime(2026, 1, 20, 9, tzinfo=UTC), tick=False):
        client.force_login(runner)
        jan8, jan15 = (series.visits.get(date=date(2026, 1, d)) for d in (8, 15))
        assert card(client) == ("2", reverse("outreach:visit_tally", args=[jan8.pk]))
        Tally.objects.create(visit=jan8, id=uuid.uuid4(), channel="walk_in",
                             topic="guidance", age_band="30-64", language="fi")  # fmt: skip
        assert card(client) == ("1", reverse("outreach:visit_tally", args=[jan15.pk]))
        client.force_login(stranger)
        assert card(client) is None  # not a programme of hers
    with time_machine.travel(datetime(2026, 2, 3, 9, tzinfo=UTC), tick=False):
        client.force_login(runner)
        # two weeks on: January's visits have dropped off; Jan 22 and 29 are the recent ones
        jan22 = series.visits.get(date=date(2026, 1, 22))
        assert card(client) == ("2", reverse("outreach:visit_tally", args=[jan22.pk]))
