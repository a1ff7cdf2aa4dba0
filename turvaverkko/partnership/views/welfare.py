"""Public pages of a welfare agreement: HTML (fi/sv), CSV and JSON, aggregates only."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from .. import welfare as summaries
from ..models import WelfareAgreement


def _public(pk: int) -> WelfareAgreement:
    welfare = get_object_or_404(WelfareAgreement.objects.select_related("agreement"), pk=pk)
    if not welfare.is_public:
        raise Http404
    return welfare


def page(request: HttpRequest, pk: int) -> HttpResponse:
    welfare = _public(pk)
    return render(
        request,
        "partnership/welfare.html",
        {
            "welfare": welfare,
            "agreement": welfare.agreement,
            "rows": summaries.summary(welfare),
            "parties": welfare.parties.select_related("organization"),
        },
    )


def as_csv(request: HttpRequest, pk: int) -> HttpResponse:
    welfare = _public(pk)
    response = HttpResponse(summaries.as_csv(welfare), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hyvinvointisopimus-{pk}.csv"'
    return response


def as_json(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(summaries.as_json(_public(pk)), json_dumps_params={"ensure_ascii": False})
