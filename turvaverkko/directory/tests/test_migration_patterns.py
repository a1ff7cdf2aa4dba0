"""Migration 0009 gives the opening rules a pattern without changing a single opening date;
0011 keeps every rule's note, as its Finnish one."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from turvaverkko.directory import hours
from turvaverkko.directory.models import OpeningRule

BEFORE = [("directory", "0008_ptv_links")]
AFTER = [("directory", "0009_opening_rule_pattern")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_every_rule_opens_on_the_same_dates_after_the_migration():
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    site = old.get_model("directory", "Site").objects.create(name="Kylätalo", kind="village_hall")
    Rule = old.get_model("directory", "OpeningRule")
    rows = [
        {"byday": "MO,TU,WE,TH,FR", "interval": 1},
        {"byday": "TU", "interval": 2, "valid_from": date(2026, 1, 7)},
        {"byday": "TH,SA", "interval": 3, "valid_from": date(2026, 2, 1)},
        {"byday": "WE", "interval": 2},  # counted from the week of 2024-01-01
    ]
    for row in rows:
        Rule.objects.create(site=site, opens_at=time(10), closes_at=time(12), **row)
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(400)]
    before = {
        (r.byday, r.interval): [d for d in days if hours.rule_applies_on(r, d)]
        for r in Rule.objects.all()
    }
    executor = _migrate(AFTER)
    # Read as the rules are at 0009 (the later migrations add columns).
    migrated = executor.loader.project_state(AFTER).apps.get_model("directory", "OpeningRule")
    try:
        after = {
            (r.byday, r.interval): [d for d in days if hours.rule_applies_on(r, d)]
            for r in migrated.objects.all()
        }
    finally:  # the later migrations too, or the next tests meet an old schema
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert after == before
    assert sorted(OpeningRule.objects.values_list("byday", "pattern")) == [
        ("MO,TU,WE,TH,FR", "weekly"),
        ("TH,SA", "weekly"),
        ("TU", "every_2_weeks"),
        ("WE", "every_2_weeks"),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_rules_note_becomes_its_finnish_note():
    before = [("directory", "0010_service_ptv_service_classes")]
    executor = _migrate(before)
    old = executor.loader.project_state(before).apps
    site = old.get_model("directory", "Site").objects.create(name="Kylätalo", kind="village_hall")
    Rule = old.get_model("directory", "OpeningRule")
    for note in ("kyläilta", ""):
        Rule.objects.create(site=site, byday="TH", opens_at=time(18), closes_at=time(20),
                            description=note)  # fmt: skip
    _migrate([("directory", "0011_translated_opening_rule_notes")])
    try:
        notes = sorted(
            OpeningRule.objects.values_list("description_fi", "description_sv", "description_en")
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert notes == [("", None, None), ("kyläilta", None, None)]
