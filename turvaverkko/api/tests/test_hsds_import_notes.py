"""An HSDS import that replaces opening hours keeps the Swedish and English notes it cannot
carry (HSDS schedules have one language): a rule or exception the file has unchanged keeps
them, one whose Finnish note changed or that is new has none (api/hsds/writing.py)."""

import json
from datetime import UTC, date, datetime, time

import pytest
import time_machine

from turvaverkko.api.hsds.importing import import_data
from turvaverkko.directory.models import OpeningException, OpeningRule
from turvaverkko.directory.tests.factories import OpeningRuleFactory

pytestmark = pytest.mark.django_db

NEW_RULE = "5d0c3f0e-8a4b-4c1e-9f3a-2b7d6e1a0c01"
NEW_SAL_RULE = "5d0c3f0e-8a4b-4c1e-9f3a-2b7d6e1a0c02"
NEW_EXCEPTION = "5d0c3f0e-8a4b-4c1e-9f3a-2b7d6e1a0c03"


@pytest.fixture(autouse=True)
def _fixed_day():
    """The export serves hours from the clock period of today, and the import reads rows
    against today: one fixed day, so the tests do not depend on the wall clock."""
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def noted(directory):
    """The directory's site with a weekly rule and a closed exception noted in fi and sv (the
    rule in en too), and its service-at-the-site rule noted in fi and sv."""
    rule = OpeningRuleFactory(
        site=directory.site,
        byday="TH",
        opens_at=time(17),
        closes_at=time(19),
        valid_from=date(2026, 9, 3),
        description_fi="Kahvila",
        description_sv="Kafé",
        description_en="Café",
    )
    exception = OpeningException.objects.get(site=directory.site, date=date(2026, 12, 24))
    exception.description_sv = "Julafton"
    exception.save()
    sal_rule = OpeningRule.objects.get(site=directory.site, service=directory.service)
    sal_rule.description_fi = "Jakelu pihalla"
    sal_rule.description_sv = "Utdelning på gården"
    sal_rule.save()
    return rule, exception, sal_rule


def exported(client, directory) -> dict:
    """The service as our public HSDS endpoint serves it (in Finnish), with its site."""
    response = client.get(f"/hsds/services/{directory.service.id}")
    assert response.status_code == 200
    return response.json()


def run(document: dict):
    result = import_data(json.dumps(document).encode(), "service.json", "hsds-json")
    assert result.errors == []
    return result


def with_new_rows(document: dict, site_id) -> dict:
    """The document with a new rule at the site and at the service there, and a new exception:
    opening hours that differ from ours, so that the import replaces them."""
    [sal] = document["service_at_locations"]
    row = {"freq": "WEEKLY", "wkst": "MO", "byday": "SA", "opens_at": "09:00",
           "closes_at": "11:00", "description": "Lauantaikerho"}  # fmt: skip
    sal["location"]["schedules"].append({"id": NEW_RULE, "location_id": str(site_id), **row})
    sal["schedules"].append({"id": NEW_SAL_RULE, "service_at_location_id": sal["id"], **row})
    sal["location"]["schedules"].append(
        {
            "id": NEW_EXCEPTION,
            "location_id": str(site_id),
            "opening_exception": True,
            "closed": True,
            "valid_from": "2027-01-06",
            "description": "Loppiainen",
        }
    )
    return document


def renoted(schedules: list, old: str, new: str):
    """Every row (each served segment of a rule) whose note is `old` gets `new` instead."""
    for row in schedules:
        description = row.get("description", "")
        if description == old or description.endswith(f" – {old}"):
            row["description"] = description[: -len(old)] + new


def notes(obj) -> tuple:
    obj.refresh_from_db()
    return obj.description_fi, obj.description_sv or "", obj.description_en or ""


def site_rule(site, byday) -> OpeningRule:
    return OpeningRule.objects.get(site=site, service=None, byday=byday)


def test_an_imported_export_keeps_the_swedish_and_english_notes(client, directory, noted):
    site, service = directory.site, directory.service
    result = run(with_new_rows(exported(client, directory), site.id))
    assert result.updated["sites"] == 1
    # The rules and exceptions were replaced (new rows) ...
    assert not OpeningRule.objects.filter(pk=noted[0].pk).exists()
    assert not OpeningException.objects.filter(pk=noted[1].pk).exists()
    # ... and the ones the file has as they were kept their notes in every language.
    assert notes(site_rule(site, "TH")) == ("Kahvila", "Kafé", "Café")
    christmas = OpeningException.objects.get(site=site, date=date(2026, 12, 24))
    assert notes(christmas) == ("Jouluaatto", "Julafton", "")
    sal_rule = OpeningRule.objects.get(site=site, service=service, byday="TU")
    assert notes(sal_rule) == ("Jakelu pihalla", "Utdelning på gården", "")
    assert (sal_rule.interval, sal_rule.valid_from) == (2, date(2026, 1, 6))
    # New ones have only the Finnish note of the file.
    assert notes(site_rule(site, "SA")) == ("Lauantaikerho", "", "")
    assert notes(OpeningRule.objects.get(service=service, byday="SA")) == ("Lauantaikerho", "", "")
    epiphany = OpeningException.objects.get(site=site, date=date(2027, 1, 6))
    assert notes(epiphany) == ("Loppiainen", "", "")


def test_a_changed_finnish_note_leaves_no_stale_translations(client, directory, noted):
    site, service = directory.site, directory.service
    document = exported(client, directory)
    [sal] = document["service_at_locations"]
    renoted(sal["location"]["schedules"], "Kahvila", "Kahvila ja lehtiä")
    renoted(sal["location"]["schedules"], "Jouluaatto", "Jouluaattona suljettu")
    renoted(sal["schedules"], "Jakelu pihalla", "Jakelu sisällä")
    run(document)
    assert notes(site_rule(site, "TH")) == ("Kahvila ja lehtiä", "", "")
    christmas = OpeningException.objects.get(site=site, date=date(2026, 12, 24))
    assert notes(christmas) == ("Jouluaattona suljettu", "", "")
    sal_rule = OpeningRule.objects.get(site=site, service=service, byday="TU")
    assert notes(sal_rule) == ("Jakelu sisällä", "", "")


def test_a_rule_with_other_hours_or_pattern_is_another_rule(client, directory, noted):
    """Same note, other times or another repeat: not the same rule, so no translations."""
    document = exported(client, directory)
    [sal] = document["service_at_locations"]
    for row in sal["location"]["schedules"]:
        if row.get("description", "").endswith("Kahvila"):
            row["closes_at"] = row["closes_at"].replace("19:00", "20:00")
            row["description"] = "Kahvila"  # without the old hours in words
    run(document)
    assert notes(site_rule(directory.site, "TH")) == ("Kahvila", "", "")
    assert site_rule(directory.site, "TH").closes_at == time(20)
    # Only the pattern differs (the first Thursday of the month): the rule is rewritten.
    OpeningRule.objects.filter(site=directory.site, byday="TH").update(
        closes_at=time(19), description_sv="Kafé"
    )
    document = exported(client, directory)
    [sal] = document["service_at_locations"]
    for row in sal["location"]["schedules"]:
        if row.get("description", "").endswith("Kahvila"):
            row.update(freq="MONTHLY", byday="1TH", rule_pattern="monthly_nth")
            row["description"] = "Kahvila"  # without the weekly rule in words
    run(document)
    rule = site_rule(directory.site, "TH")
    assert (rule.pattern, rule.nth) == ("monthly_nth", 1)
    assert notes(rule) == ("Kahvila", "", "")
