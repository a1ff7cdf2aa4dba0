"""The welfare report for two periods from one set of data: every figure as of its period.

The world of test_report.py, dated: the Martat and the village hall were registered last
year; the café Olohuone (the only low-threshold place), the Red Cross branch and the
volunteers this year. Activities: an agreement in force since last year, an exercise held
this year and one planned, and one incident this year that alerted two Martat contacts (a
primary and a deputy) and the Red Cross, besides a drill.
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from turvaverkko.core.constants import HELSINKI
from turvaverkko.core.indicators import registered
from turvaverkko.directory.models import Site
from turvaverkko.incidents.models import Activation, Incident, Recipient
from turvaverkko.insights.welfare import build_report
from turvaverkko.preparedness.models import Agreement, Exercise
from turvaverkko.registry.models import Organization
from turvaverkko.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
LAST = YEAR - 1


def at(year, month=6, day=15):
    return datetime(year, month, day, 12, tzinfo=HELSINKI)


@pytest.fixture
def history(world):
    Organization.objects.filter(pk=world.martat.pk).update(created_at=at(LAST))
    Site.objects.filter(pk=world.hall.pk).update(created_at=at(LAST))
    Volunteer.objects.update(created_at=at(YEAR, 1, 2))
    Organization.objects.filter(pk=world.red_cross.pk).update(created_at=at(YEAR, 1, 2))
    Site.objects.filter(pk=world.cafe.pk).update(created_at=at(YEAR, 1, 2))
    huittinen = world.huittinen
    agreement = Agreement.objects.create(
        title="Ensihuoltosopimus", kind=Agreement.Kind.EMERGENCY_RELIEF, municipality=huittinen,
        valid_from=date(LAST, 3, 1), valid_to=date(YEAR + 2, 2, 28),
    )  # fmt: skip
    agreement.organizations.set([world.red_cross])
    Agreement.objects.create(
        title="Päättynyt", kind=Agreement.Kind.PREMISES, municipality=huittinen,
        valid_from=date(LAST - 3, 1, 1), valid_to=date(LAST - 1, 12, 31),
    )  # fmt: skip
    Exercise.objects.create(municipality=huittinen, title="Sähkökatkoharjoitus",
                            planned_for=date(YEAR, 1, 10), held_on=date(YEAR, 1, 10))  # fmt: skip
    Exercise.objects.create(municipality=huittinen, title="Myrskyharjoitus",
                            planned_for=date(YEAR + 1, 5, 1))  # fmt: skip
    incident = Incident.objects.create(title="Myrsky", type=Incident.Type.STORM,
                                       opened_at=at(YEAR, 1, 3))  # fmt: skip
    incident.municipalities.set([huittinen])
    real = Activation.objects.create(incident=incident, code=4909, message="Myrsky",
                                     created_at=at(YEAR, 1, 3))  # fmt: skip
    drill = Activation.objects.create(incident=incident, code=4910, message="Harjoitus",
                                      is_exercise=True, created_at=at(YEAR, 1, 4))  # fmt: skip
    for activation, org, name in ((real, world.martat, "Marja"), (real, world.martat, "Maija"),
                                  (real, world.red_cross, "Risto"),
                                  (drill, world.personas.other_org, "Kalle")):  # fmt: skip
        Recipient.objects.create(activation=activation, kind=Recipient.Kind.CONTACT,
                                 organization=org, name=name)  # fmt: skip
    return world


def figures(municipality, year) -> dict:
    return {i.id: i.value for i in build_report(municipality, year).indicators}


def test_each_figure_is_as_of_its_period(history):
    now, before = figures(history.huittinen, YEAR), figures(history.huittinen, LAST)
    assert (before["organisations.total"], now["organisations.total"]) == (1, 2)
    assert (before["meeting_places.low_threshold.count"],
            now["meeting_places.low_threshold.count"]) == (0, 1)  # fmt: skip
    # Coverage counts the same places as the count above: none last year, the café this year.
    assert before["coverage.low_threshold.within_20000m.share_pct"] == 0
    assert now["coverage.low_threshold.within_20000m.share_pct"] == 100
    assert (before["volunteers.total"], now["volunteers.total"]) == (0, 2)


def test_activities_of_each_period(history):
    now, before = figures(history.huittinen, YEAR), figures(history.huittinen, LAST)
    assert (before["preparedness.agreements"], now["preparedness.agreements"]) == (1, 1)
    assert (before["preparedness.exercises"], now["preparedness.exercises"]) == (0, 1)
    assert (before["incidents.count"], now["incidents.count"]) == (0, 1)
    # The Martat reached through two contacts count once; the drill is not an incident.
    assert now["incidents.activated_organisations"] == 2


def test_every_registered_activity_kind_appears_in_the_report(history):
    report_ids = {i.id for i in build_report(history.huittinen, YEAR).activities}
    # network figures and the report's own shares have sections of their own
    activity_ids = {d.id for d in registered() if d.kind not in ("network", "report")}
    assert activity_ids and activity_ids <= report_ids
    kinds = {d.kind for d in registered()}
    assert {"agreements", "exercises", "plans", "incidents", "network"} <= kinds


def test_the_report_form_proposes_the_current_year(client_as):
    page = client_as("kaisa").get("/en/insights/report/").content.decode()
    assert f'value="{YEAR}"' in page


def test_the_reports_own_figures_are_in_the_registry_for_welfare_agreements(world):
    """A welfare agreement follows "open hours per 1,000 aged 65+" and "within 3 km" live."""
    from turvaverkko.core.indicators import value

    start, end = at(YEAR, 1, 1), at(YEAR + 1, 1, 1)
    report = figures(world.huittinen, YEAR)
    hours = value("meeting_places.weekly_hours_per_1000_aged_65", ["102"], start, end)
    assert hours == pytest.approx(
        report["meeting_places.low_threshold.weekly_hours_per_1000.age_65"]
    )
    assert hours == pytest.approx(20 / 0.070)
    assert value("coverage.low_threshold.within_3000m.share_pct", ["102"], start, end) == 98.4
    # Shares of one municipality: not defined for several together.
    assert (
        value("coverage.low_threshold.within_3000m.share_pct", ["102", "783"], start, end) is None
    )
    ids = {i.id for i in build_report(world.huittinen, YEAR).activities}
    assert "coverage.low_threshold.within_3000m.share_pct" not in ids  # shown in its section
