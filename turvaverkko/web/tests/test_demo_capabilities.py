"""The demo shows every capability (issue 11 §4): loaded at an explicit instant, twice."""

import json
import shutil
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from turvaverkko.areas.models import Municipality
from turvaverkko.cap.models import CapAlert
from turvaverkko.cap.suggestions import suggestions
from turvaverkko.directory.models import Service, ServiceAtLocation
from turvaverkko.importing.models import ImportBatch
from turvaverkko.incidents.models import Incident, Recipient
from turvaverkko.incidents.views.report import figures
from turvaverkko.insights.models import CoverageRun, PopulationGrid, RoadNetwork
from turvaverkko.insights.welfare import build_report, indicator_list
from turvaverkko.preparedness.models import Agreement, Exercise, ReadinessPlan, Risk
from turvaverkko.registry.testing import reference_data  # noqa: F401 (a fixture)
from turvaverkko.resources.models import Resource
from turvaverkko.volunteers.models import Volunteer
from turvaverkko.web.demo.common import stable_id
from turvaverkko.web.demo.load import load_demo

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def every_count() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


@pytest.fixture(scope="module")
def demo(reference_data, django_db_blocker, tmp_path_factory):  # noqa: F811
    data = tmp_path_factory.mktemp("insights")
    with override_settings(INSIGHTS_DATA_DIR=str(data)), time_machine.travel(NOW, tick=False):
        with django_db_blocker.unblock():
            first = load_demo(now=NOW)
            after_first = every_count()
            second = load_demo(now=NOW)
            after_second = every_count()
        yield {"first": first, "second": second, "counts": (after_first, after_second)}
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def at_now(demo, settings, tmp_path):
    with time_machine.travel(NOW, tick=False):
        yield


def user(key):
    return get_user_model().objects.get(email=f"{key}@demo.turvaverkko.fi")


def test_demo_shows_every_capability(demo, at_now):
    after_first, after_second = demo["counts"]
    assert after_second == after_first  # a second run duplicates nothing, in any table

    today = NOW.date()
    for code in ("102", "498"):
        plan = ReadinessPlan.objects.get(municipalities=code)
        kinds = set(plan.scenarios.values_list("kind", flat=True))
        assert {"power_outage", "storm", "severe_cold", "evacuation"} <= kinds
        assert all(s.roles.exists() for s in plan.scenarios.all())
        assert Agreement.objects.filter(municipality=code).exists()
        assert Risk.objects.filter(municipality=code).count() >= 3
        assert Resource.objects.filter(municipality=code, kind="premises").exists()
        held = Exercise.objects.get(municipality=code, held_on__isnull=False)
        assert held.reply_rate and held.lessons_learned and held.action_items.exists()
        assert Exercise.objects.filter(municipality=code, planned_for__gt=today).exists()
    assert ReadinessPlan.objects.get(municipalities="102").is_approved
    huittinen_plan = ReadinessPlan.objects.get(municipalities="102")
    vpk_role = huittinen_plan.scenarios.get(kind="power_outage").roles.get(order=2)
    assert [c.position for c in vpk_role.contact_chain()] == [1, 0]  # the deputy first

    soon = Agreement.objects.filter(valid_to__gte=today, valid_to__lte=today + timedelta(30))
    assert soon.count() == 1

    incident = Incident.objects.get(status=Incident.Status.CLOSED)
    assert incident.closed_at < NOW and incident.lessons
    report = figures(incident)
    assert report["total"] == 6 and report["answered"] == 5 and report["escalated"] == 1
    events = set(incident.log_entries.values_list("event", flat=True))
    assert {"opened", "activation", "escalated", "status", ""} <= events
    assert Recipient.objects.filter(activation__incident=incident, replies__isnull=False).exists()

    assert [a.severity for a in suggestions(user("kaisa"), now=NOW)] == ["Severe"]
    assert [a.severity for a in suggestions(user("mikko"), now=NOW)] == ["Extreme"]
    assert CapAlert.objects.filter(state="superseded").count() == 1
    assert CapAlert.objects.filter(expires__lt=NOW).count() == 1

    grid = PopulationGrid.objects.current()
    assert grid.is_synthetic and grid.total_population > 100_000
    assert RoadNetwork.objects.get().node_count > 1000

    huittinen = Municipality.objects.get(code="102")
    for year in (NOW.year, NOW.year - 1):
        values = {i.id: i.value for i in indicator_list(build_report(huittinen, year))}
        assert values["organisations.total"] > 50
        assert values["meeting_places.low_threshold.count"] > 0
        assert values["coverage.low_threshold.within_5000m.share_pct"] > 50
    assert CoverageRun.objects.filter(status="done").exists()


def test_services_come_through_the_hsds_import_and_volunteers_through_the_action(demo, at_now):
    # One HSDS batch, of the first load: the second changed nothing and kept no batch.
    batch = ImportBatch.objects.get(target="hsds")
    assert (batch.filename, batch.status) == ("demo-services.json", ImportBatch.Status.COMMITTED)
    assert batch.created_by == user("admin")
    bus = Service.objects.get(pk=stable_id("service", "on-the-road-bussi"))
    assert bus.fees_description_sv == "Avgiftsfritt." and bus.name_en
    assert bus.at_locations.count() == 5  # the five outreach stops
    assert set(bus.service_area.values_list("code", flat=True)) >= {"853", "895"}
    assert Service.objects.count() == 39 and ServiceAtLocation.objects.count() == 43

    # Registered on their behalf: no accounts but Ville's, the inactive profile kept inactive.
    crowd = Volunteer.objects.filter(email__endswith="@example.fi")
    assert crowd.count() == 61 and not crowd.filter(user__isnull=False).exists()
    assert crowd.filter(last_active_at__lt=NOW - timedelta(days=700)).count() == 1
    first = crowd.order_by("pk").first()
    assert [h.history_user for h in first.history.all()] == [user("admin")]


def test_expired_warnings_are_replaced_on_a_later_run(demo, settings, tmp_path):
    later = NOW + timedelta(days=3)
    settings.INSIGHTS_DATA_DIR = str(tmp_path)
    with time_machine.travel(later, tick=False):
        load_demo(now=later)
        assert [a.severity for a in suggestions(user("kaisa"), now=later)] == ["Severe"]
        assert CapAlert.objects.count() == 4
        assert Incident.objects.count() == 2  # the closed past one and the open alert


def test_a_data_file_the_application_refuses_names_the_record_and_writes_nothing(
    reference_data,  # noqa: F811
    settings,
    tmp_path,
    monkeypatch,
):
    from turvaverkko.web.demo.files import DemoDataError, demo_dir

    copy = tmp_path / "demo"
    shutil.copytree(demo_dir(), copy)
    spec = json.loads((copy / "preparedness.json").read_text(encoding="utf-8"))
    spec["municipalities"][0]["risks"][0]["likelihood"] = 7
    (copy / "preparedness.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("TURVAVERKKO_DEMO_DIR", str(copy))
    settings.INSIGHTS_DATA_DIR = str(tmp_path / "insights")

    before = every_count()
    with pytest.raises(DemoDataError) as refused:
        load_demo(now=NOW)
    message = str(refused.value)
    assert "preparedness.json" in message and "Pitkä sähkökatko talvella" in message
    assert "likelihood" in message
    assert every_count() == before  # one transaction: nothing of the demo was written
