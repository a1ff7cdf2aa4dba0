"""FMI CAP 1.2 warnings: suggestions on the dashboard, never automatic activations."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from turvaverkko.cap.models import CapAlert
from turvaverkko.cap.suggestions import suggestions
from turvaverkko.notify.models import Dispatch

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


def load(*names):
    with translation.override("en"):
        call_command("import_cap", *[str(FILES / n) for n in names])


def test_severe_warning_for_102_becomes_a_suggestion_only(personas, plan, client_as):
    load("severe_102.xml")
    alert = CapAlert.objects.get()
    assert alert.event_code == "wind" and alert.severity == "Severe"
    assert [m.code for m in alert.municipalities.all()] == ["102"]
    assert "<identifier>" not in alert.raw_xml or "urn:oid:2.49.0.1.246.0.1" in alert.raw_xml
    assert list(suggestions(personas.kaisa)) == [alert]
    assert list(suggestions(personas.mikko)) == []
    assert not Dispatch.objects.exists()  # never an automatic activation: nothing is sent
    page = client_as("kaisa").get(reverse("web:dashboard")).content.decode()
    assert "Oranssi tuulivaroitus" in page
    assert (
        "Oranssi tuulivaroitus"
        not in client_as("mikko").get(reverse("web:dashboard")).content.decode()
    )


def test_update_and_cancel_apply_through_references(personas, plan):
    load("severe_102.xml", "update_102.xml")
    first, update = CapAlert.objects.order_by("sent")
    assert (first.state, update.state) == ("superseded", "active")
    assert [a.headline for a in suggestions(personas.kaisa)] == ["Punainen tuulivaroitus"]
    load("cancel_102.xml")
    update.refresh_from_db()
    assert update.state == "cancelled"
    assert list(suggestions(personas.kaisa)) == []
    load("cancel_102.xml")  # importing again changes nothing
    assert CapAlert.objects.count() == 3


def test_polygon_matches_municipality_without_geocode(personas, plan):
    load("polygon_only.xml")
    assert [m.code for m in CapAlert.objects.get().municipalities.all()] == ["102"]


def test_moderate_and_non_actual_are_not_suggested(personas, plan):
    load("moderate_102.xml", "exercise_102.xml")
    # the exercise is recorded, skipped with its reason; the moderate one is below threshold
    moderate, exercise = CapAlert.objects.order_by("status")
    assert (moderate.state, moderate.skip_reason) == ("active", "below_threshold")
    assert (exercise.state, exercise.skip_reason) == ("skipped", "exercise")
    assert list(suggestions(personas.kaisa)) == []


def test_atom_feed_is_read(personas, plan):
    load("feed.xml")
    assert CapAlert.objects.get().identifier == "urn:oid:2.49.0.1.246.0.1"


@pytest.mark.parametrize(
    "name, message",
    [
        ("foreign.xml", "Not an FMI feed"),
        ("malformed.xml", r"not well-formed XML \(line \d+, column \d+\)"),
        ("entities.xml", "DOCTYPE"),
    ],
)
def test_bad_files_give_a_clear_error_and_store_nothing(personas, name, message):
    with pytest.raises(CommandError, match=message):
        load("severe_102.xml", name)  # the good file before it is kept, the bad one adds none
    assert CapAlert.objects.count() == 1
    with pytest.raises(CommandError, match=message):
        load(name)
    assert CapAlert.objects.count() == 1


def test_urls_are_refused_here(personas):
    with pytest.raises(CommandError, match="Only files"), translation.override("en"):
        call_command("import_cap", "https://alerts.fmi.fi/cap/feed/atom_fi-FI.xml")


def test_a_warning_where_no_readiness_plan_exists_is_suggested_too(personas, client_as):
    load("severe_102.xml")  # Huittinen, which has no readiness plan here
    assert CapAlert.objects.get().state == "active"
    assert list(suggestions(personas.kaisa)) == [CapAlert.objects.get()]
    page = client_as("kaisa").get(reverse("web:dashboard")).content.decode()
    assert "Oranssi tuulivaroitus" in page
