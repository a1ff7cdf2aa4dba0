"""The warnings page: FMI-profile alerts in fi/sv/en, suggestions with and without a readiness
plan, an incident opened from a warning, Update and Cancel reaching it, the XML kept as sent."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from turvaverkko.cap.models import CapAlert
from turvaverkko.cap.parsing import parse
from turvaverkko.cap.suggestions import suggestions
from turvaverkko.incidents.models import Incident
from turvaverkko.notify.models import Dispatch
from turvaverkko.preparedness.models import PlanScenario

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
SEVERE = "fmi_wind_severe_fi_sv_en.xml"
UPDATE = "fmi_wind_update_fi_sv_en.xml"
CANCEL = "fmi_wind_cancel_fi_sv_en.xml"


def load(*names):
    with translation.override("en"):
        call_command("import_cap", *[str(FILES / n) for n in names])


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def storm_scenario(plan):
    """Huittinen's plan has a storm scenario; Muonio (Mikko's) has no plan at all."""
    return PlanScenario.objects.create(plan=plan, kind="storm", description="Myrskyn varalle")


def test_the_xml_is_kept_byte_for_byte(personas):
    load(SEVERE)
    alert = CapAlert.objects.get()
    assert alert.raw_xml.encode() == (FILES / SEVERE).read_bytes()
    # embedded in an Atom feed: exactly the alert's bytes of the feed
    feed = (FILES / "feed.xml").read_bytes()
    (parsed,) = parse(feed)
    assert parsed.raw.encode() in feed
    assert parsed.raw.startswith("<alert xmlns=") and parsed.raw.endswith("</alert>")


def test_the_text_is_in_the_readers_language(personas, storm_scenario, client_as):
    load(SEVERE)
    alert = CapAlert.objects.get()
    assert (alert.color, alert.severity) == ("orange", "Severe")
    kaisa = client_as("kaisa")
    expected = {
        "fi": ("Oranssi tuulivaroitus: myrskypuuskia", "Varaudu sähkökatkoihin."),
        "sv": ("Orange vindvarning: stormbyar", "Förbered dig på elavbrott."),
        "en": ("Orange wind warning: storm gusts", "Prepare for power cuts."),
    }
    for language, (headline, instruction) in expected.items():
        page = kaisa.get(url("cap:warnings", language)).content.decode()
        assert headline in page
        others = [h for lang, (h, _i) in expected.items() if lang != language]
        assert not any(h in page for h in others)
        detail = kaisa.get(url("cap:warning", language, pk=alert.pk)).content.decode()
        assert instruction in detail
    page = kaisa.get(url("cap:warnings", "en")).content.decode()
    assert "orange warning" in page and "severity: severe" in page and "in force" in page


def test_suggestion_with_and_without_a_readiness_plan(personas, storm_scenario, client_as):
    load(SEVERE)  # Huittinen (a plan with a storm scenario) and Muonio (no plan)
    alert = CapAlert.objects.get()
    assert list(suggestions(personas.kaisa)) == [alert]
    assert list(suggestions(personas.mikko)) == [alert]
    kaisa = client_as("kaisa").get(url("cap:warnings")).content.decode()
    assert "Readiness plan scenario proposed: Huittisten valmiussuunnitelma: storm." in kaisa
    mikko = client_as("mikko").get(url("cap:warnings")).content.decode()
    assert "No readiness plan covers this municipality" in mikko
    assert "Open incident from this warning" in kaisa and "Open incident from this warning" in mikko
    assert not Dispatch.objects.exists()  # a suggestion never sends anything


def test_incident_opened_from_a_warning_and_followed_through_update_and_cancel(
    personas, storm_scenario, client_as
):
    load(SEVERE)
    alert = CapAlert.objects.get()
    kaisa = client_as("kaisa")
    form = kaisa.get(url("incidents:create", "fi") + f"?warning={alert.pk}").content.decode()
    assert 'value="Oranssi tuulivaroitus: myrskypuuskia"' in form
    assert "Puuskat jopa 28 m/s." in form
    response = kaisa.post(
        url("incidents:create", "fi"),
        {
            "warning": alert.pk,
            "scenario": storm_scenario.pk,
            "title": "Myrsky Huittisissa",
            "type": "storm",
            "severity": "severe",
            "municipalities": [personas.huittinen.pk],
            "description": "Puuskat jopa 28 m/s.",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert (incident.cap_alert, incident.plan_scenario) == (alert, storm_scenario)
    assert list(suggestions(personas.kaisa)) == []  # handled: no longer suggested
    log = kaisa.get(url("incidents:detail", pk=incident.pk)).content.decode()
    assert "Opened from the FMI weather warning: Oranssi tuulivaroitus" in log

    load(UPDATE)
    incident.refresh_from_db()
    update = CapAlert.objects.get(msg_type="Update")
    assert incident.cap_alert == update
    assert (update.color, update.severity_label) == ("red", "extreme")
    log = kaisa.get(url("incidents:detail", pk=incident.pk)).content.decode()
    assert "FMI updated the weather warning: Punainen tuulivaroitus" in log
    dashboard = kaisa.get(url("web:dashboard")).content.decode()
    assert "FMI updated the weather warning: Punainen tuulivaroitus" in dashboard

    load(CANCEL)
    log = kaisa.get(url("incidents:detail", pk=incident.pk)).content.decode()
    assert "FMI cancelled the weather warning: Punainen tuulivaroitus" in log
    dashboard = kaisa.get(url("web:dashboard")).content.decode()
    assert "FMI cancelled the weather warning" in dashboard
    page = kaisa.get(url("cap:warnings")).content.decode()
    assert "superseded" in page and "cancelled" in page


def test_dismiss_needs_a_reason_and_keeps_it(personas, storm_scenario, client_as):
    load(SEVERE)
    alert = CapAlert.objects.get()
    kaisa = client_as("kaisa")
    refused = kaisa.post(url("cap:warning_dismiss", pk=alert.pk), {"reason": " "})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    alert.refresh_from_db()
    assert alert.dismissed_at is None
    kaisa.post(url("cap:warning_dismiss", pk=alert.pk), {"reason": "Ei vaikuta kuntaan"})
    alert.refresh_from_db()
    assert (alert.dismissed_reason, alert.dismissed_by) == ("Ei vaikuta kuntaan", personas.kaisa)
    assert list(suggestions(personas.kaisa)) == []
    detail = kaisa.get(url("cap:warning", pk=alert.pk)).content.decode()
    assert "Ei vaikuta kuntaan" in detail


def test_skipped_warnings_are_listed_with_their_reason(personas, plan, client_as):
    load("exercise_102.xml", "moderate_102.xml")
    page = client_as("kaisa").get(url("cap:warnings")).content.decode()
    assert "exercise, test or not public" in page
    assert "below the threshold (not Severe or Extreme)" in page


def test_a_refused_read_from_a_foreign_sender_is_listed_with_its_reason(personas, client_as):
    from datetime import UTC, datetime

    from turvaverkko.cap.models import CapFeedState

    when = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)
    CapFeedState.objects.create(
        url="https://alerts.example.org/feed.xml",
        last_error="Not an FMI feed: sender urn:oid:2.49.0.0.999.0.",
        last_error_at=when,
    )
    CapFeedState.objects.create(  # an old error since resolved is not shown
        url="https://alerts.fmi.fi/cap/feed/atom_fi-FI.xml", last_error="timed out",
        last_error_at=when, last_success_at=datetime(2026, 12, 6, 1, 5, tzinfo=UTC),
    )  # fmt: skip
    page = client_as("kaisa").get(url("cap:warnings")).content.decode()
    assert "Feed reads refused" in page
    assert (
        "https://alerts.example.org/feed.xml: Not an FMI feed: sender urn:oid:2.49.0.0.999.0."
        in page
    )
    assert "timed out" not in page
    assert not CapAlert.objects.exists()


def test_no_incident_from_a_warning_outside_ones_area(personas, client_as):
    load("severe_102.xml")  # Huittinen only
    alert = CapAlert.objects.get()
    mikko = client_as("mikko")
    assert mikko.get(url("incidents:create") + f"?warning={alert.pk}").status_code == 403
    assert mikko.post(url("cap:warning_dismiss", pk=alert.pk), {"reason": "x"}).status_code == 403
    # reading it is fine: FMI warnings are public
    raw = mikko.get(url("cap:warning", pk=alert.pk)).content.decode()
    assert "&lt;identifier&gt;urn:oid:2.49.0.1.246.0.1&lt;/identifier&gt;" in raw
