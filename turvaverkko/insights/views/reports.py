"""The welfare report section of a municipality for a year: page, PDF, DOCX, CSV and XLSX."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from turvaverkko.areas.models import Municipality

from .. import documents
from ..charts import bar_chart
from ..forms import ReportForm
from ..population import AGE_GROUPS
from ..welfare import AGE_LABELS, build_report
from .common import attachment, coordinator_required

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@coordinator_required
@require_GET
def report_form(request, codes):
    form = ReportForm(request.GET or None, user=request.user)
    if request.GET and form.is_valid():
        return redirect("insights:report", form.cleaned_data["municipality"],
                        form.cleaned_data["year"])  # fmt: skip
    return render(request, "insights/report_form.html", {"form": form},
                  status=400 if request.GET else 200)  # fmt: skip


def _report(request, codes, code: str, year: int):
    if codes is not None and code not in codes:
        raise PermissionDenied
    municipality = get_object_or_404(Municipality, code=code)
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    return build_report(municipality, year, request.user)


def report_charts(report) -> list:
    charts = []
    orgs = report.organisations
    if orgs["by_theme"]:
        charts.append(bar_chart(
            "chart-themes", _("Organisations by theme"),
            [(name, n) for _code, name, n in orgs["by_theme"]],
            label_header=_("Theme"), value_header=_("Organisations"),
        ))  # fmt: skip
    if orgs["by_target_group"]:
        charts.append(bar_chart(
            "chart-target-groups", _("Organisations by target group"),
            [(name, n) for _code, name, n in orgs["by_target_group"]],
            label_header=_("Target group"), value_header=_("Organisations"),
        ))  # fmt: skip
    charts.append(bar_chart(
        "chart-hours", _("Weekly open hours of low-threshold meeting places per 1,000 residents"),
        [(row["label"], row["hours"]) for row in report.meeting_places["per_1000"]],
        label_header=_("Residents"), value_header=_("Hours a week per 1,000"), decimals=2,
    ))  # fmt: skip
    cov = report.coverage
    if cov["available"]:
        within = cov["total"]["within"]
        charts.append(bar_chart(
            "chart-coverage", _("Residents within a distance of a low-threshold meeting place"),
            [(_("within %s km") % f"{w['within_m'] / 1000:g}",
              None if w["share"] is None else w["share"] * 100) for w in within],
            label_header=_("Distance"), value_header=_("Share of residents"), decimals=1,
            suffix=" %", maximum=100,
        ))  # fmt: skip
        by_age = [
            (AGE_LABELS[a], w["age_groups"][a]["share"])
            for w in within
            if w["within_m"] == 3000
            for a in AGE_GROUPS
        ]
        if by_age:
            charts.append(bar_chart(
                "chart-coverage-ages", _("Residents within 3 km, by age group"),
                [(label, None if s is None else s * 100) for label, s in by_age],
                label_header=_("Age group"), value_header=_("Share of residents"), decimals=1,
                suffix=" %", maximum=100,
            ))  # fmt: skip
    return charts


@coordinator_required
@require_GET
def report_detail(request, codes, code, year):
    report = _report(request, codes, code, year)
    context = documents.context(report, report_charts(report))
    context["downloads"] = list(FORMATS)
    return render(request, "insights/report.html", context)


@coordinator_required
@require_GET
def report_download(request, codes, code, year, fmt):
    if fmt not in FORMATS:
        raise Http404
    report = _report(request, codes, code, year)
    stem = documents.file_stem(report)
    if fmt == "csv":
        body = documents.indicators_csv(report).encode("utf-8")
        stem = f"{stem}-indikaattorit"
    elif fmt == "xlsx":
        body = documents.indicators_xlsx(report)
        stem = f"{stem}-indikaattorit"
    elif fmt == "docx":
        body = documents.report_docx(report)
    else:
        charts = report_charts(report)
        body, _pages = documents.report_pdf(report, charts, request.build_absolute_uri("/"))
    return attachment(HttpResponse(body, content_type=FORMATS[fmt]), f"{stem}.{fmt}")
