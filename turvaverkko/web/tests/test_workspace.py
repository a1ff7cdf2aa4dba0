"""The coordinator's workspace: one navigation of the areas she may use on every signed-in
page (the current one marked), none for others; and the dashboard's action cards for
agreements about to expire, exercises due and stale organisations, absent when there is
nothing to do."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from turvaverkko.incidents import actions
from turvaverkko.preparedness.models import Agreement, Exercise
from turvaverkko.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
TODAY = date(2026, 12, 6)


def nav(page: str) -> list[tuple[str, bool]]:
    """The workspace navigation's areas in order, each with whether it is current."""
    found = re.search(r"<nav[^>]*data-workspace-nav>(.*?)</nav>", page, re.S)
    if not found:
        return []
    return [
        (key, "aria-current" in attrs)
        for key, attrs in re.findall(r'data-area="(\w+)"([^>]*)>', found.group(1))
    ]


def card(page: str, key: str) -> tuple[int, str] | None:
    found = re.search(rf'data-card="{key}"><p class="card-count">(\d+)</p>(.*?)</li>', page, re.S)
    return (int(found.group(1)), found.group(2)) if found else None


def test_coordinator_nav_is_the_same_on_every_page_with_the_current_area(client_as, personas):
    incident = actions.open_incident(
        user=personas.kaisa, municipalities=[personas.huittinen], title="Myrsky", type="storm"
    )
    c = client_as("kaisa")
    pages = {
        "overview": reverse("web:dashboard"),
        "network": reverse("registry:list"),
        "incidents": reverse("incidents:detail", args=[incident.pk]),
        "preparedness": reverse("preparedness:plans"),
        "knowledge": reverse("knowledge:models"),
    }
    seen = {}
    for area, url in pages.items():
        areas = nav(c.get(url).content.decode())
        assert [key for key, current in areas if current] == [area], (url, areas)
        seen[area] = [key for key, _ in areas]
    assert len({tuple(keys) for keys in seen.values()}) == 1  # the same on every page
    assert seen["overview"][:3] == ["overview", "network", "volunteers"]
    assert {"incidents", "preparedness", "insights", "partnership"} <= set(seen["overview"])


@pytest.mark.parametrize("name", ["anonymous", "ville", "olli"])
def test_others_keep_the_light_header(client_as, personas, name):
    c = client_as(name)
    assert nav(c.get(reverse("directory:search")).content.decode()) == []
    if name != "anonymous":
        assert nav(c.get(reverse("web:dashboard")).content.decode()) == []


def test_no_workspace_before_the_second_factor(client, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=personas.kaisa, name="phone", confirmed=True)
    client.force_login(personas.kaisa)  # password given, the code not yet
    response = client.get(reverse("web:dashboard"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor"))
    assert 'name="code"' in response.content.decode()  # the code is asked for
    assert nav(response.content.decode()) == []


def test_cards_for_agreements_exercises_and_stale_organisations(client_as, personas, time_machine):
    time_machine.move_to(NOW, tick=False)
    huittinen = personas.huittinen

    def agreement(title, valid_to):
        return Agreement.objects.create(
            title=title,
            kind="premises",
            municipality=huittinen,
            valid_from=date(2025, 1, 1),
            valid_to=valid_to,
        )

    agreement("Tilat koululla", TODAY + timedelta(days=30))
    agreement("Ensihuolto", TODAY + timedelta(days=60))
    agreement("Tilat 2028", TODAY + timedelta(days=61))  # not yet
    agreement("Päättynyt", TODAY - timedelta(days=1))  # already ended

    def exercise(title, planned_for, held_on=None):
        Exercise.objects.create(
            municipality=huittinen, title=title, planned_for=planned_for, held_on=held_on
        )

    exercise("Sähkökatkoharjoitus", TODAY - timedelta(days=3))  # overdue
    exercise("Hälytysharjoitus", TODAY + timedelta(days=10))  # due
    exercise("Kevään harjoitus", TODAY + timedelta(days=60))  # not yet
    exercise("Pidetty", TODAY - timedelta(days=20), held_on=TODAY - timedelta(days=20))
    # One association imported and never confirmed, one confirmed two years ago: stale;
    # Olli's association was confirmed when it was added (today): not stale.
    OrganizationFactory(municipalities=[huittinen], confirmed_at=None)
    OrganizationFactory(municipalities=[huittinen], confirmed_at=NOW - timedelta(days=730))

    translation.activate("en")  # the cards' wording as written
    page = client_as("kaisa").get(reverse("web:dashboard")).content.decode()
    count, rest = card(page, "agreements-expiring")
    assert count == 2 and reverse("preparedness:agreements") in rest
    count, rest = card(page, "exercises-due")
    assert count == 2 and "1 overdue" in rest and reverse("preparedness:exercises") in rest
    count, rest = card(page, "stale-organisations")
    assert count == 2 and reverse("registry:list") + "?stale=on" in rest

    # Mikko (Muonio) has no agreements or exercises to act on: no such cards.
    other = client_as("mikko").get(reverse("web:dashboard")).content.decode()
    assert card(other, "agreements-expiring") is None and card(other, "exercises-due") is None
    # Olli, an association admin, gets none of these cards.
    olli = client_as("olli").get(reverse("web:dashboard")).content.decode()
    assert "data-card" not in olli
