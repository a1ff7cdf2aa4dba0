"""The welfare report section: figures worked out by hand from factories.build_world.

Huittinen has three grid cells (A 100 residents with the café Olohuone in its centre, B 200
residents 3 km east with a village hall, C 5 residents 12 km north, ages not published):
305 residents, of whom 70 aged 0–14, 160 aged 15–64 and 70 aged 65+ in the cells whose ages
are known. Olohuone is the only low-threshold place, open Mon–Fri 10–14 = 20 h a week.
"""

import contextlib
import csv
import io
import re
import zlib

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from turvaverkko.insights import documents
from turvaverkko.insights.views.reports import report_charts
from turvaverkko.insights.welfare import build_report

from .factories import personal_strings

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def report(world):
    return build_report(world.huittinen, YEAR)


def values(report) -> dict:
    return {i.id: i.value for i in report.indicators}


def test_indicator_values_for_a_known_network(report):
    v = values(report)
    assert v["population.total"] == 305
    assert (v["population.age_0_14"], v["population.age_15_64"], v["population.age_65"]) == (
        70, 160, 70,
    )  # fmt: skip
    assert v["population.unknown_ages"] == 5
    assert v["organisations.total"] == 2  # Huittisten Martat and the Red Cross branch
    assert v["organisations.theme.elderly"] == 1
    assert v["organisations.theme.preparedness-safety"] == 1
    assert v["organisations.target_group.older-people"] == 1
    assert v["organisations.kind.red_cross_branch"] == 1
    assert v["meeting_places.low_threshold.count"] == 1
    assert v["meeting_places.low_threshold.weekly_hours"] == 20
    assert v["meeting_places.low_threshold.weekly_hours_per_1000"] == pytest.approx(20 / 0.305)
    assert v["meeting_places.low_threshold.weekly_hours_per_1000.age_65"] == pytest.approx(
        20 / 0.070
    )
    assert v["meeting_places.low_threshold.weekly_hours_per_1000.age_15_64"] == pytest.approx(125)
    # Straight line from A's centre: A at 0 m, B at exactly 3 km, C at 12 km.
    assert v["coverage.low_threshold.within_1000m.share_pct"] == pytest.approx(100 / 3.05, 0.001)
    assert v["coverage.low_threshold.within_3000m.share_pct"] == pytest.approx(300 / 3.05, 0.001)
    assert v["coverage.low_threshold.within_20000m.share_pct"] == 100
    assert v["coverage.low_threshold.within_1000m.age_65.share_pct"] == pytest.approx(
        2000 / 70, 0.001
    )
    # Ville is active now; Vilja was last active 800 days ago.
    assert (v["volunteers.total"], v["volunteers.active"]) == (2, 1)
    assert v["volunteers.per_1000"] == pytest.approx(2 / 0.305)


def test_activities_are_counted_where_nothing_happened(report):
    """Nothing recorded in the world: the apps' registered figures say 0, from their records."""
    activities = {i.id: i for i in report.activities}
    assert set(activities) >= {"preparedness.agreements", "preparedness.exercises",
                               "preparedness.plans", "incidents.count",
                               "incidents.activated_organisations"}  # fmt: skip
    # Counts say 0; a rate over nothing (e.g. outreach contacts per visit-hour) has no value.
    assert {i.value for i in activities.values()} <= {0, None}
    assert {
        i.value for i in activities.values() if i.id.startswith(("preparedness", "incidents"))
    } == {0}
    assert activities["incidents.count"].source == "Turvaverkko incident records"


def test_resilience_matrix_follows_the_rule_table(report):
    cells = {
        (row["level"], cell["phase"]): cell["total"]
        for row in report.resilience
        for cell in row["cells"]
    }
    assert cells == {
        # Martat: elderly theme.
        ("individual", "prevention"): 1,
        # Vilja's psychosocial support skill only; nobody checks on older residents.
        ("individual", "preparedness"): 0,
        # Martat (peer support), its peer-support club, Vilja (psychosocial support).
        ("individual", "recovery"): 3,
        # Martat (peer support), the club, the café (a meeting place).
        ("community", "prevention"): 3,
        # Red Cross (preparedness theme and branch), the village hall, Ville (first aid).
        ("community", "preparedness"): 3,
        # Red Cross branch (humanitarian aid).
        ("community", "recovery"): 1,
        ("institutional", "prevention"): 0,
        ("institutional", "preparedness"): 1,  # Red Cross: preparedness and safety theme
        ("institutional", "recovery"): 0,
    }


def test_population_falls_back_to_the_municipality_register(personas):
    report = build_report(personas.other_municipality, YEAR)  # no grid imported at all
    assert report.population.fallback
    assert values(report)["population.total"] == 2300
    assert "population.age_65" not in values(report)
    assert not report.coverage["available"]
    assert "No population grid" in report.coverage["reason"]


def test_indicators_csv_and_xlsx_have_the_agreed_columns(report):
    rows = list(csv.reader(io.StringIO(documents.indicators_csv(report))))
    assert rows[0] == ["municipality_code", "period", "indicator_id", "value", "source"]
    by_id = {r[2]: r for r in rows[1:]}
    assert by_id["organisations.total"] == [
        "102", str(YEAR), "organisations.total", "2", "Turvaverkko registry",
    ]  # fmt: skip
    assert by_id["meeting_places.low_threshold.weekly_hours_per_1000"][3] == "65.57"
    assert by_id["coverage.low_threshold.within_3000m.share_pct"][3] == "98.4"
    assert by_id["preparedness.exercises"][3:] == ["0", "Turvaverkko preparedness records"]
    assert "synthetic population grid" in by_id["population.total"][4]

    sheet = load_workbook(io.BytesIO(documents.indicators_xlsx(report)))["indicators"]
    xlsx = [[c.value for c in row] for row in sheet.iter_rows()]
    assert xlsx[0] == rows[0]
    xlsx_by_id = {r[2]: r for r in xlsx[1:]}
    assert xlsx_by_id["organisations.total"][:4] == ["102", str(YEAR), "organisations.total", 2]
    assert xlsx_by_id["volunteers.per_1000"][3] == pytest.approx(6.5574, abs=1e-4)
    assert xlsx_by_id["incidents.count"][3] == 0
    assert len(xlsx) == len(rows)


def test_docx_opens_and_has_the_sections(report):
    doc = Document(io.BytesIO(documents.report_docx(report)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for _key, heading in documents.SECTIONS:
        assert str(heading) in headings
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "2 organisations work in Huittinen." in text
    assert "Exercises held" in cells and "Incidents with activations" in cells
    assert "98.4 %" in cells and "28.6 %" in cells  # rounded, as on the page


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects with its Flate streams (object streams included) inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match.group(1)))
    return b"\n".join(parts)


def test_pdf_download_is_a_real_multi_page_document(world, client_as):
    response = client_as("kaisa").get(f"/en/insights/report/102/{YEAR}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="hyvinvointikertomus-102-{YEAR}.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    objects = pdf_objects(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", objects))
    # The page tree's root says how many pages it has, whichever order its keys are in.
    root = re.search(rb"<<[^<>]*/Type\s*/Pages\b[^<>]*>>", objects).group()
    assert pages >= 2 and pages == int(re.search(rb"/Count\s+(\d+)", root).group(1))


def test_no_personal_data_in_any_report_file(world, report):
    outputs = [
        documents.indicators_csv(report),
        documents.report_docx(report).decode("latin-1"),
        documents.indicators_xlsx(report).decode("latin-1"),
    ]
    # The PDF's text is glyph codes; it is rendered from this very HTML.
    outputs.append(
        render_to_string(
            "insights/report_pdf.html", documents.context(report, report_charts(report))
        )
    )
    doc = Document(io.BytesIO(documents.report_docx(report)))
    outputs.append("\n".join(p.text for p in doc.paragraphs))
    outputs.append("\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells))
    for secret in personal_strings(world):
        for output in outputs:
            assert secret not in output


def test_coverage_figures_say_in_words_when_the_grid_file_is_missing(world):
    from turvaverkko.insights import population, storage
    from turvaverkko.insights.models import PopulationGrid
    from turvaverkko.insights.welfare import Period, coverage_figures

    for grid in PopulationGrid.objects.all():
        storage.delete(grid.file_name)
    population._load.cache_clear()

    figures = coverage_figures(world.huittinen, Period(YEAR))
    assert figures["available"] is False
    assert figures["reason"].startswith("The population grid or road network data could not")
