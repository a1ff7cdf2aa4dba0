"""An existing database upgrades without loss: the warnings, their municipalities, the feed's
state and the links to incidents and plan scenarios survive the move of CAP into its own app
(incidents 0010-0012, cap 0001-0002)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from turvaverkko.cap.models import CapAlert, CapFeedState
from turvaverkko.incidents.models import Incident

BEFORE = [("incidents", "0009_situation_log_events"), ("preparedness", "0002_scenario_alert_texts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_warnings_and_links_survive_the_upgrade():
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    region = old.get_model("areas", "Region").objects.create(
        code="04", name_fi="Satakunta", name_sv="Satakunta"
    )
    county = old.get_model("areas", "WellbeingCounty").objects.create(
        code="04", name_fi="Satakunnan hyvinvointialue", name_sv="Satakunta välfärdsområde"
    )
    huittinen = old.get_model("areas", "Municipality").objects.create(
        region=region,
        county=county,
        code="102",
        name_fi="Huittinen",
        name_sv="Vittis",
        language="fi",
        latitude=61.18,
        longitude=22.7,
        easting=260000,
        northing=6790000,
        valid_year=2026,
    )
    plan = old.get_model("preparedness", "ReadinessPlan").objects.create(title="Huittinen")
    scenario = old.get_model("preparedness", "PlanScenario").objects.create(plan=plan, kind="storm")
    OldIncident = old.get_model("incidents", "Incident")
    from_scenario = OldIncident.objects.create(
        title="Myrsky", type="storm", plan_scenario_id=scenario.pk
    )
    # an id of a scenario deleted long ago: a loose id could hold one, a foreign key cannot
    orphan = OldIncident.objects.create(title="Tulva", type="flood", plan_scenario_id=999999)
    old_alert = old.get_model("incidents", "CapAlert").objects.create(
        sender="urn:oid:2.49.0.0.246.0",
        identifier="w1",
        sent=timezone.now(),
        msg_type="Alert",
        severity="Severe",
        headline="Oranssi tuulivaroitus",
        raw_xml="<alert/>",
        incident=from_scenario,
    )
    old_alert.municipalities.add(huittinen)
    old.get_model("incidents", "CapFeedState").objects.create(
        url="https://alerts.fmi.fi/cap/feed/atom_fi-FI.xml", etag='"abc"'
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    alert = CapAlert.objects.get()
    assert (alert.pk, alert.headline) == (old_alert.pk, "Oranssi tuulivaroitus")
    assert [m.code for m in alert.municipalities.all()] == ["102"]
    assert CapFeedState.objects.get().etag == '"abc"'
    assert Incident.objects.get(pk=from_scenario.pk).cap_alert == alert
    assert Incident.objects.get(pk=from_scenario.pk).plan_scenario_id == scenario.pk
    assert Incident.objects.get(pk=orphan.pk).plan_scenario_id is None
    tables = connection.introspection.table_names()
    assert "cap_capalert" in tables and "incidents_capalert" not in tables
