"""Welfare agreement indicators: live values from the registry and Sotkanet, progress, and the
annual negotiation whose figures are frozen."""

import io
import json
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from turvaverkko.core import indicators as core_indicators
from turvaverkko.directory.tests.factories import SiteFactory
from turvaverkko.notify.models import Delivery
from turvaverkko.partnership import negotiations
from turvaverkko.partnership import welfare as summaries
from turvaverkko.partnership.models import (
    Goal,
    IndicatorYear,
    Meeting,
    Negotiation,
    WelfareAgreement,
    WelfareIndicator,
)
from turvaverkko.preparedness.models import Agreement

pytestmark = pytest.mark.django_db

# A spring day in 2026, the agreement's second year.
NOW = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def welfare(personas, clock):
    agreement = Agreement.objects.create(
        title="Huittisten hyvinvointisopimus 2025–2029", kind=Agreement.Kind.WELFARE,
        municipality=personas.huittinen, valid_from=date(2025, 6, 1), valid_to=date(2029, 5, 31),
    )  # fmt: skip
    welfare = WelfareAgreement.objects.create(
        agreement=agreement, council_term_start=2025, council_term_end=2029
    )
    goal = Goal.objects.create(welfare=welfare, title_fi="Yksinäisyys vähenee", age_group="older")
    places = WelfareIndicator.objects.create(
        welfare=welfare, goal=goal, measure_fi="Matalan kynnyksen kohtaamispaikat",
        registry_id="network.meeting_places", baseline_year=2025, baseline_value=2,
    )  # fmt: skip
    IndicatorYear.objects.create(indicator=places, year=2026, target=6)
    return welfare


def places_figure(welfare, year=2026):
    return next(f for f in summaries.indicator_figures(welfare, year) if f.indicator.registry_id)


def test_the_indicator_moves_when_a_meeting_place_is_added(welfare, personas, clock):
    SiteFactory(municipality=personas.huittinen, low_threshold=True)
    SiteFactory(municipality=personas.huittinen, low_threshold=True)
    SiteFactory(municipality=personas.huittinen, low_threshold=True)
    figure = places_figure(welfare)
    assert (figure.actual, figure.target, figure.progress) == (3, 6, 25)
    SiteFactory(municipality=personas.huittinen, low_threshold=True)
    figure = places_figure(welfare)
    assert (figure.actual, figure.progress) == (4, 50)
    # Another municipality's place is not this agreement's.
    SiteFactory(municipality=personas.other_municipality, low_threshold=True)
    assert places_figure(welfare).actual == 4


def test_a_negotiation_keeps_the_figures_it_was_held_with(welfare, personas, clock):
    SiteFactory(municipality=personas.huittinen, low_threshold=True)
    SiteFactory(municipality=personas.huittinen, low_threshold=True)
    SiteFactory(municipality=personas.huittinen, low_threshold=True)
    negotiation = Negotiation.objects.create(county=personas.huittinen.county, year=2026)
    negotiations.freeze(negotiation)
    SiteFactory(municipality=personas.huittinen, low_threshold=True)
    assert places_figure(welfare).actual == 4  # the live figure moved
    negotiation.refresh_from_db()
    [agreement] = negotiation.figures
    [frozen] = agreement["indicators"]
    assert (frozen["actual"], frozen["target"], frozen["progress_percent"]) == (3, 6, 25)
    assert frozen["measure"] == "Matalan kynnyksen kohtaamispaikat"


def test_the_outcome_becomes_next_years_targets(welfare, personas, clock):
    negotiation = Negotiation.objects.create(county=personas.huittinen.county, year=2026)
    places = welfare.indicators.get()
    negotiations.adopt_targets(negotiation, {places.pk: 8})
    assert places.years.get(year=2027).target == 8
    assert places_figure(welfare, 2027).target == 8


def test_sotkanet_values_from_a_file_all_or_nothing(welfare, personas, clock):
    lonely = WelfareIndicator.objects.create(
        welfare=welfare, measure_fi="Yksinäiseksi itsensä tuntevat (%), 65 v täyttäneet",
        sotkanet_id=5241, direction="down", baseline_year=2024, baseline_value=12.0,
    )  # fmt: skip
    IndicatorYear.objects.create(indicator=lonely, year=2026, target=8.0)
    code = personas.huittinen.code
    bad = json.dumps([
        {"indicator": 5241, "region": code, "year": 2026, "gender": "total", "value": 10.0},
        {"indicator": 5241, "region": code, "year": "vuosi", "gender": "total", "value": 9.0},
    ]).encode()  # fmt: skip
    with translation.override("en"):
        result = negotiations.import_sotkanet(bad, "sotkanet.json")
    assert result.saved == 0 and result.errors[0].startswith("Row 2")
    assert (
        next(f for f in summaries.indicator_figures(welfare, 2026) if f.indicator == lonely).actual
        is None
    )
    good = (
        "indicator;region;year;gender;value\n"
        f"5241;{code};2026;total;10,0\n"
        f"5241;{code};2026;male;11,0\n"
    ).encode()
    assert negotiations.import_sotkanet(good, "sotkanet.csv").saved == 1
    figure = next(f for f in summaries.indicator_figures(welfare, 2026) if f.indicator == lonely)
    assert (figure.actual, figure.progress) == (10.0, 50)  # 12 -> 10 of 12 -> 8


def test_manual_values_only_without_a_source_and_with_a_justification(welfare):
    places = welfare.indicators.get()
    with pytest.raises(ValidationError):
        IndicatorYear(
            indicator=places, year=2025, manual_actual=3, justification="laskettu"
        ).clean()
    manual = WelfareIndicator.objects.create(
        welfare=welfare, measure_fi="Vapaaehtoisten tunnit", baseline_year=2025, baseline_value=0
    )
    with pytest.raises(ValidationError):
        IndicatorYear(indicator=manual, year=2026, manual_actual=300).clean()
    IndicatorYear(indicator=manual, year=2026, target=600, manual_actual=300,
                  justification="Yhdistysten ilmoitukset").save()  # fmt: skip
    figure = next(f for f in summaries.indicator_figures(welfare, 2026) if f.indicator == manual)
    assert (figure.actual, figure.progress) == (300, 50)


def test_partnership_figures_are_in_the_registry(personas, table, meetings, clock):
    kinds = {d.id for d in core_indicators.registered("partnership")}
    assert {"partnership.meetings", "partnership.open_actions", "partnership.nominations"} <= kinds
    Meeting.objects.filter(pk=meetings[0].pk).update(status=Meeting.Status.HELD)
    year = summaries.year_bounds(2026)
    code = [personas.huittinen.code]
    assert core_indicators.value("partnership.meetings", code, *year) == 1
    assert core_indicators.value("partnership.meetings", ["999"], *year) == 0


def test_the_coordinator_edits_and_removes_parts_and_adds_an_indicator(client_as, welfare, clock):
    url = f"/fi/partnership/agreements/{welfare.pk}/welfare/"
    kaisa = client_as("kaisa")
    goal = welfare.goals.get()
    form = kaisa.get(f"{url}?edit=goal-{goal.pk}").content.decode()
    assert f'name="pk" value="{goal.pk}"' in form and 'value="Yksinäisyys vähenee"' in form
    kaisa.post(url, {"op": "goal", "pk": goal.pk, "goal-title_fi": "Yksinäisyys vähenee selvästi",
                     "goal-age_group": "older"})  # fmt: skip
    goal.refresh_from_db()
    assert goal.title_fi == "Yksinäisyys vähenee selvästi" and welfare.goals.count() == 1
    kaisa.post(url, {
        "op": "indicator", "indicator-goal": goal.pk,
        "indicator-measure_fi": "Kohtaamispaikat kylissä",
        "indicator-registry_id": "network.meeting_places", "indicator-direction": "up",
        "indicator-baseline_year": "2025", "indicator-baseline_value": "1",
    })  # fmt: skip
    assert welfare.indicators.count() == 2
    page = kaisa.get(url).content.decode()
    assert "Kohtaamispaikat kylissä" in page
    public = client_as("mikko").get(f"/fi/partnership/welfare/{welfare.pk}/").content.decode()
    assert "Kohtaamispaikat kylissä" in public and "Matalan kynnyksen kohtaamispaikat" in public
    kaisa.post(url, {"op": "remove-goal", "pk": goal.pk})
    assert not welfare.goals.exists()
    other = Goal.objects.create(welfare=welfare, title_fi="Muu")
    # Another agreement's goal is not this page's to edit.
    assert (
        kaisa.get(f"/fi/partnership/agreements/{welfare.pk}/welfare/?edit=goal-999999").status_code
        == 404
    )
    assert other.pk


def test_the_negotiation_page_survey_targets_and_pack(client, client_as, settings, welfare,
                                                      personas, clock):  # fmt: skip
    settings.SITE_URL = "https://turvaverkko.example.fi"
    personas.primary_contact.email = "martat@example.fi"
    personas.primary_contact.save()
    reetta = client_as("reetta")
    created = reetta.post(
        "/fi/partnership/negotiations/", {"county": personas.huittinen.county_id, "year": "2026"}
    )
    negotiation = Negotiation.objects.get()
    url = f"/fi/partnership/negotiations/{negotiation.pk}/"
    assert created.url == url
    assert client_as("mikko").get(url).status_code == 403  # Lapland is another county
    # The survey through notify; the association answers by its link.
    reetta.post(url, {"op": "survey"})
    delivery = Delivery.objects.get(address="martat@example.fi")
    token = negotiation.answers.get(organization=personas.olli_org).token
    assert f"https://turvaverkko.example.fi/fi/partnership/survey/{token}/" in delivery.body
    client.post(f"/fi/partnership/survey/{token}/",
                {"cooperation": "3", "wishes": "Lisää kyläkahviloita"})  # fmt: skip
    page = reetta.get(url).content.decode()
    assert (
        "Lisää kyläkahviloita" in page
        and "Huittisten Martat" not in page.split("survey-summary")[1]
    )
    # Outcome, representatives, frozen figures and next year's targets.
    places = welfare.indicators.get()
    reetta.post(url, {"op": "outcome", "goals_and_measures": "Kohtaamispaikka joka kylään"})
    reetta.post(url, {"op": "freeze"})
    assert reetta.post(url, {"op": "targets", f"target-{places.pk}": "kuusi"}).status_code == 200
    reetta.post(url, {"op": "targets", f"target-{places.pk}": "7,5"})
    assert places.years.get(year=2027).target == 7.5
    negotiation.refresh_from_db()
    assert negotiation.frozen_at and negotiation.goals_and_measures == "Kohtaamispaikka joka kylään"
    # The survey closes with the negotiation.
    assert client.get(f"/fi/partnership/survey/{token}/").status_code == 404
    pack = reetta.get(f"{url}pack.pdf")
    assert pack["Content-Type"] == "application/pdf" and pack.content.startswith(b"%PDF")


def test_the_welfare_report_docx_drafts_the_plan_section(welfare, personas, clock):
    from docx import Document

    from turvaverkko.insights.documents import report_docx
    from turvaverkko.insights.welfare import build_report

    martat = welfare.parties.create(organization=personas.olli_org, role="implementing")
    goal = welfare.goals.get()
    goal.commitments.create(title_fi="Kylätalon avoimet ovet", owner=martat, status="in_progress")
    welfare.indicators.get().years.create(year=2027, target=8)
    with translation.override("en"):
        doc = Document(io.BytesIO(report_docx(build_report(personas.huittinen, 2026))))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert "Agreed goals and measures (welfare agreements)" in text
    assert "Huittisten hyvinvointisopimus 2025–2029" in text and "Yksinäisyys vähenee" in text
    assert "Kylätalon avoimet ovet (Huittisten Martat ry, in progress)" in text
    assert ["Matalan kynnyksen kohtaamispaikat", "2 (2025)", "8"] in cells
    # A year without an agreement in force says so.
    with translation.override("en"):
        earlier = Document(io.BytesIO(report_docx(build_report(personas.huittinen, 2024))))
    assert "No welfare agreement in force for the year." in "\n".join(
        p.text for p in earlier.paragraphs
    )


def test_a_coordinator_imports_sotkanet_values_and_sees_which_row_is_wrong(client_as, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from turvaverkko.partnership.models import SotkanetValue

    kaisa = client_as("kaisa")
    code = personas.huittinen.code
    bad = SimpleUploadedFile(
        "sotkanet.csv", f"indicator;region;year;gender;value\n5241;{code};2026;total;\n".encode()
    )
    page = kaisa.post("/fi/partnership/negotiations/", {"op": "sotkanet", "file": bad})
    with translation.override("fi"):
        row = gettext("Row %(row)d: %(error)s").split("%")[0] + "1:"
    assert page.status_code == 200 and row in page.content.decode()
    assert not SotkanetValue.objects.exists()
    good = SimpleUploadedFile(
        "sotkanet.csv", f"indicator;region;year;gender;value\n5241;{code};2026;total;9,5\n".encode()
    )
    kaisa.post("/fi/partnership/negotiations/", {"op": "sotkanet", "file": good})
    assert SotkanetValue.objects.get().value == 9.5


def test_a_party_with_commitments_stays_but_the_whole_agreement_can_go(client_as, welfare):
    party = welfare.parties.create(name="Huittisten kaupunki", role="accountable")
    welfare.goals.get().commitments.create(title_fi="Kuljetus", owner=party)
    url = f"/fi/partnership/agreements/{welfare.pk}/welfare/"
    client_as("kaisa").post(url, {"op": "remove-party", "pk": party.pk})
    assert welfare.parties.filter(pk=party.pk).exists()
    welfare.agreement.delete()
    assert not WelfareAgreement.objects.exists()
