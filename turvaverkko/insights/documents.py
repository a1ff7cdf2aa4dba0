"""The welfare report section as files: indicators as CSV and XLSX, the text as DOCX and PDF.

The document follows THL's recommended structure of a welfare report (standards.md §6.2):
the association figures fill its sections 1–6, and the coordinator edits the DOCX into the
municipality's own report. Every file holds aggregates only.
"""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from turvaverkko.core import csvsafe
from turvaverkko.core.csvsafe import safe_row
from turvaverkko.core.pdf import render_document

from .charts import formatted
from .welfare import WelfareReport

INDICATOR_COLUMNS = ["municipality_code", "period", "indicator_id", "value", "source"]
# THL's structure (standards.md §6.2): the headings of the HTML page, the PDF and the DOCX.
SECTIONS = [
    ("summary", gettext_lazy("1. Summary")),
    ("structures", gettext_lazy("2. Background: cooperation structures and the network")),
    ("population", gettext_lazy("3. Wellbeing of the population and services by age group")),
    ("strengths", gettext_lazy("4. Strengths and areas to develop")),
    ("plan", gettext_lazy("5. For the welfare plan: follow-up indicators")),
    ("appendix", gettext_lazy("6. Appendix: indicators and sources")),
]
FOLLOW_UP_IDS = [
    "meeting_places.low_threshold.count",
    "meeting_places.low_threshold.weekly_hours_per_1000",
    "meeting_places.low_threshold.weekly_hours_per_1000.age_65",
    "coverage.low_threshold.within_3000m.share_pct",
    "coverage.low_threshold.within_3000m.age_65.share_pct",
    "volunteers.active",
    "preparedness.exercises",
]


def file_stem(report: WelfareReport) -> str:
    return f"hyvinvointikertomus-{report.municipality.code}-{report.period.year}"


def display(indicator) -> str:
    if indicator.value is None:
        return "–"
    return formatted(indicator.value, indicator.decimals)


def summary_lines(report: WelfareReport) -> list[str]:
    orgs, places, vol = report.organisations, report.meeting_places, report.volunteers
    lines = [
        ngettext("%(n)s organisation works in %(municipality)s.",
                 "%(n)s organisations work in %(municipality)s.", orgs["total"])
        % {"n": orgs["total"], "municipality": report.municipality.name},
        ngettext("There is %(n)s low-threshold meeting place, open %(hours)s hours a week.",
                 "There are %(n)s low-threshold meeting places, open %(hours)s hours a week in "
                 "total.", places["count"])
        % {"n": places["count"], "hours": formatted(places["weekly_hours"], 1)},
    ]  # fmt: skip
    cov = report.coverage
    if cov["available"]:
        within = next((w for w in cov["total"]["within"] if w["within_m"] == 3000), None)
        if within and within["share"] is not None:
            lines.append(
                _("%(share)s %% of residents live within 3 km of one.")
                % {"share": formatted(within["share"] * 100, 1)}
            )
    lines.append(
        ngettext("%(total)s volunteer is registered; %(active)s active during %(year)s.",
                 "%(total)s volunteers are registered; %(active)s active during %(year)s.",
                 vol["total"])
        % {"total": vol["total"], "active": vol["active"], "year": report.period.year}
    )  # fmt: skip
    return lines


def development_areas(report: WelfareReport) -> list[str]:
    """Cells of the resilience matrix with nothing registered: where the network is thin."""
    out = []
    for row in report.resilience:
        for cell, phase_label in zip(row["cells"], _phase_labels(), strict=True):
            if not cell["total"]:
                out.append(f"{row['label']} × {phase_label}")
    return out


def _phase_labels():
    from .resilience import PHASES

    return [str(label) for label in PHASES.values()]


def follow_up(report: WelfareReport):
    by_id = {i.id: i for i in report.indicators}
    return [by_id[i] for i in FOLLOW_UP_IDS if i in by_id]


def context(report: WelfareReport, charts) -> dict:
    return {
        "report": report,
        "sections": dict(SECTIONS),
        "summary": summary_lines(report),
        "development_areas": development_areas(report),
        "follow_up": [(i, display(i)) for i in follow_up(report)],
        "indicators": [(i, display(i)) for i in report.indicators],
        "charts": charts,
        "phases": _phase_labels(),
        "title": title(report),
        "data_note": data_note(report),
        "coverage_header": coverage_header(),
        "coverage_rows": coverage_rows(report) if report.coverage["available"] else [],
    }


# -- indicators ---------------------------------------------------------------------------------


def indicator_rows(report: WelfareReport) -> list[list]:
    code, period = report.municipality.code, str(report.period)
    return [[code, period, i.id, i.csv_value, i.source] for i in report.indicators]


def indicators_csv(report: WelfareReport) -> str:
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer, lineterminator="\r\n")
    writer.writerow(INDICATOR_COLUMNS)
    writer.writerows(indicator_rows(report))
    return buffer.getvalue()


def indicators_xlsx(report: WelfareReport) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "indicators"
    sheet.append(safe_row(INDICATOR_COLUMNS))
    for indicator, row in zip(report.indicators, indicator_rows(report), strict=True):
        row[3] = None if indicator.value is None else round(indicator.value, 4)
        sheet.append(safe_row(row))
    for column, width in zip("ABCDE", (18, 8, 60, 12, 70), strict=True):
        sheet.column_dimensions[column].width = width
    labels = workbook.create_sheet("labels")
    labels.append(["indicator_id", "label"])
    for indicator in report.indicators:
        labels.append(safe_row([indicator.id, indicator.label]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- documents ----------------------------------------------------------------------------------


def report_pdf(report: WelfareReport, charts, base_url: str) -> tuple[bytes, int]:
    """(PDF bytes, page count) rendered by WeasyPrint from the print template."""
    html = render_to_string("insights/report_pdf.html", context(report, charts))
    document = render_document(html, "insights/report-print.css", base_url=base_url)
    return document.write_pdf(), len(document.pages)


def report_docx(report: WelfareReport) -> bytes:
    """An editable draft: the same sections, figures as tables, room for the municipality's text."""
    from docx import Document

    ctx = context(report, charts=[])
    doc = Document()
    doc.core_properties.title = title(report)
    doc.add_heading(title(report), level=0)
    doc.add_paragraph(data_note(report))
    sections = dict(SECTIONS)

    doc.add_heading(str(sections["summary"]), level=1)
    for line in ctx["summary"]:
        doc.add_paragraph(line, style="List Bullet")

    doc.add_heading(str(sections["structures"]), level=1)
    orgs = report.organisations
    doc.add_paragraph(_("Organisations in the network: %s") % orgs["total"])
    for heading, rows in ((_("By type"), orgs["by_kind"]), (_("By theme"), orgs["by_theme"]),
                          (_("By target group"), orgs["by_target_group"])):  # fmt: skip
        doc.add_heading(heading, level=2)
        _table(doc, [_("Group"), _("Organisations")], [(name, n) for _c, name, n in rows])

    doc.add_heading(str(sections["population"]), level=1)
    doc.add_heading(_("Low-threshold meeting places"), level=2)
    places = report.meeting_places
    doc.add_paragraph(
        _("%(n)s places, open %(hours)s hours a week in total.")
        % {"n": places["count"], "hours": formatted(places["weekly_hours"], 1)}
    )
    _table(doc, [_("Residents"), _("Number"), _("Weekly open hours per 1,000")],
           [(r["label"], _num(r["residents"]), _num(r["hours"], 2))
            for r in places["per_1000"]])  # fmt: skip
    doc.add_heading(_("Distance to the nearest low-threshold meeting place"), level=2)
    if report.coverage["available"]:
        _table(doc, coverage_header(), coverage_rows(report))
    else:
        doc.add_paragraph(_("Not available: %s") % report.coverage["reason"])
    doc.add_heading(_("Volunteers"), level=2)
    vol = report.volunteers
    _table(doc, [_("Indicator"), _("Value")], [
        (_("Registered volunteers"), vol["total"]),
        (_("Active during the year"), vol["active"]),
        (_("Per 1,000 residents"), _num(vol["per_1000"], 2)),
    ])  # fmt: skip
    doc.add_heading(_("Preparedness and incidents"), level=2)
    _table(doc, [_("Indicator"), _("Value")], [(i.label, display(i)) for i in report.activities])

    doc.add_heading(str(sections["strengths"]), level=1)
    doc.add_paragraph(_("Resilience matrix: registered activities and roles by level and phase."))
    matrix = [(row["label"], *[c["total"] for c in row["cells"]]) for row in report.resilience]
    _table(doc, [_("Level"), *ctx["phases"]], matrix)
    if ctx["development_areas"]:
        doc.add_paragraph(_("Nothing is registered in: %s.") % ", ".join(ctx["development_areas"]))
    doc.add_paragraph(_("[Write the municipality's assessment here.]"))

    doc.add_heading(str(sections["plan"]), level=1)
    _table(doc, [_("Indicator"), _("Baseline")], [(i.label, v) for i, v in ctx["follow_up"]])
    _plan_draft(doc, report)

    doc.add_heading(str(sections["appendix"]), level=1)
    _table(doc, [_("Indicator"), _("Value"), _("Source")],
           [(f"{i.label} ({i.id})", v, i.source) for i, v in ctx["indicators"]])  # fmt: skip
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _plan_draft(doc, report: WelfareReport) -> None:
    """The draft of the plan section: the agreed goals and measures of the municipality's
    welfare agreements (partnership), with next year's indicator targets."""
    from turvaverkko.partnership.welfare import plan_section

    agreements = plan_section(report.municipality.code, report.period.year)
    doc.add_heading(_("Agreed goals and measures (welfare agreements)"), level=2)
    if not agreements:
        doc.add_paragraph(_("No welfare agreement in force for the year."))
    for agreement in agreements:
        doc.add_heading(agreement.title, level=3)
        for goal, commitments in agreement.goals:
            doc.add_paragraph(goal, style="List Bullet")
            for commitment in commitments:
                doc.add_paragraph(commitment, style="List Bullet 2")
        if agreement.indicators:
            _table(doc, [_("Indicator"), _("Baseline"), _("Target %(year)s") % {
                "year": report.period.year + 1}],
                [(f.measure, f"{_plain(f.baseline)} ({f.baseline_year})", _plain(f.target))
                 for f in agreement.indicators])  # fmt: skip
    doc.add_paragraph(_("[Write the municipality's measures for the coming year here.]"))


def _plain(value) -> str:
    """A whole number without decimals, else one decimal."""
    return _num(value, 0 if value is None or float(value).is_integer() else 1)


def _num(value, decimals: int = 0) -> str:
    return "–" if value is None else formatted(value, decimals)


def _table(doc, header, rows) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def title(report: WelfareReport) -> str:
    return _("Associations in the welfare report: %(municipality)s %(year)s") % {
        "municipality": report.municipality.name,
        "year": report.period.year,
    }


def data_note(report: WelfareReport) -> str:
    note = _(
        "Figures from Turvaverkko for %(year)s: organisations and places registered by the end "
        "of the period, opening hours as registered now. Population: %(source)s."
    ) % {"year": report.period.year, "source": report.population.source}
    if report.population.fallback:
        note += " " + _(
            "No population grid is loaded, so the figures by age group are not available."
        )
    return note


def coverage_header() -> list[str]:
    from .welfare import AGE_LABELS

    return [_("Within"), _("All residents"), *[str(label) for label in AGE_LABELS.values()]]


def coverage_rows(report: WelfareReport) -> list[tuple]:
    from .population import AGE_GROUPS

    rows = []
    for within in report.coverage["total"]["within"]:
        # By name: PostgreSQL's jsonb does not keep the order of keys.
        shares = [within["share"]] + [within["age_groups"][a]["share"] for a in AGE_GROUPS]
        texts = ["–" if s is None else formatted(s * 100, 1) + " %" for s in shares]
        rows.append((f"{within['within_m'] / 1000:g} km", *texts))
    return rows
