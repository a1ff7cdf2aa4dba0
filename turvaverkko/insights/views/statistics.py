"""Network statistics for coordinators and the HXL who-does-what-where export."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import hxl, statistics
from ..charts import bar_chart
from .common import attachment, coordinator_required

COMPARISON_CHART_ROWS = 30


def _scope_name(codes) -> str:
    if codes is None:
        return _("All of Finland")
    return _("Your area (%(n)s municipalities)") % {"n": len(codes)}


@coordinator_required
@require_GET
def statistics_page(request, codes):
    growth = statistics.growth(codes)
    comparison = statistics.comparison(codes)
    ranked = sorted(comparison["rows"], key=lambda r: (-r["organisations"], r["name"]))
    charts = [
        bar_chart(
            "chart-organisations", _("Organisations in the network, month by month"),
            [(date_format(r.month, "YEAR_MONTH_FORMAT"), r.organisations_total) for r in growth],
            label_header=_("Month"), value_header=_("Organisations in all"),
        ),
        bar_chart(
            "chart-volunteers", _("Registered volunteers, month by month"),
            [(date_format(r.month, "YEAR_MONTH_FORMAT"), r.volunteers_total) for r in growth],
            label_header=_("Month"), value_header=_("Volunteers in all"),
        ),
        bar_chart(
            "chart-municipalities", _("Organisations by municipality"),
            [(r["name"], r["organisations"]) for r in ranked[:COMPARISON_CHART_ROWS]],
            label_header=_("Municipality"), value_header=_("Organisations"),
            note=_("The %(n)s municipalities with most organisations.")
            % {"n": COMPARISON_CHART_ROWS} if len(ranked) > COMPARISON_CHART_ROWS else "",
        ),
    ]  # fmt: skip
    return render(
        request,
        "insights/statistics.html",
        {
            "scope": _scope_name(codes),
            "growth": growth,
            "comparison": comparison,
            "charts": charts,
            "stea": statistics.stea_indicators(codes),
            "year": timezone.localdate().year,
        },
    )


HXL_HEADERS = {
    "organisation": "Organisaatio",
    "business_id": "Y-tunnus",
    "organisation_type": "Organisaation tyyppi",
    "sector": "Toimiala",
    "activity": "Toiminta",
    "beneficiaries": "Kohderyhmä",
    "region": "Maakunta",
    "region_code": "Maakuntakoodi",
    "municipality": "Kunta",
    "municipality_code": "Kuntakoodi",
    "place": "Paikka",
    "latitude": "Leveysaste",
    "longitude": "Pituusaste",
    "email": "Sähköposti",
    "phone": "Puhelin",
    "start_date": "Alkaen",
    "status": "Tila",
}


@coordinator_required
@require_GET
def hxl_export(request, codes):
    """3W CSV of the user's area; the header row is Finnish, the hashtag row is the standard."""
    body = "\ufeff" + hxl.csv_text(codes, HXL_HEADERS)  # BOM: spreadsheet apps read UTF-8
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    return attachment(response, f"turvaverkko-3w-hxl-{stamp}.csv")
