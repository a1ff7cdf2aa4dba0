"""Public pages of a welfare agreement: HTML (fi/sv), CSV and JSON, aggregates only."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from turvaverkko.preparedness.models import Agreement

from .. import welfare as summaries
from ..forms import (
    CommitmentForm,
    GoalForm,
    IndicatorForm,
    IndicatorYearForm,
    PartyForm,
    WelfareForm,
)
from ..models import Commitment, IndicatorYear, WelfareAgreement

PART_FORMS: dict[str, Any] = {
    "party": PartyForm,
    "goal": GoalForm,
    "commitment": CommitmentForm,
    "indicator": IndicatorForm,
    "year": IndicatorYearForm,
}


def _parts(welfare: WelfareAgreement, op: str) -> Any:
    """The welfare agreement's own records of the kind `op`, to edit one of them."""
    return {
        "party": welfare.parties.all(),
        "goal": welfare.goals.all(),
        "commitment": Commitment.objects.filter(goal__welfare=welfare),
        "indicator": welfare.indicators.all(),
        "year": IndicatorYear.objects.filter(indicator__welfare=welfare),
    }[op]


def _editing(request: HttpRequest, welfare: WelfareAgreement) -> tuple[str, Any]:
    """The record asked to be edited: `?edit=goal-12` (GET) or `op` and `pk` (POST)."""
    if request.method == "POST":
        op, pk = request.POST.get("op", ""), request.POST.get("pk", "")
    else:
        op, _sep, pk = request.GET.get("edit", "").partition("-")
    if op not in PART_FORMS or not pk.isdigit():
        return op, None
    return op, get_object_or_404(_parts(welfare, op), pk=int(pk))


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The welfare agreement part of preparedness' agreement `pk`: its terms, parties, goals
    and commitments. For those who may change the agreement."""
    agreement = get_object_or_404(Agreement, pk=pk)
    if not request.user.has_perm("preparedness.change_object", agreement):
        raise PermissionDenied
    welfare = WelfareAgreement.objects.filter(agreement=agreement).first()
    op = request.POST.get("op", "")
    year = timezone.localdate().year
    setup = WelfareForm(
        request.POST if op == "setup" else None,
        instance=welfare,
        prefix="setup",
        initial={"council_term_start": year, "council_term_end": year + 4},
    )
    if request.method == "POST" and op == "setup" and setup.is_valid():
        obj = setup.save(commit=False)
        obj.agreement = agreement
        obj.save()
        messages.success(request, _("Saved."))
        return redirect("partnership:welfare_manage", pk=agreement.pk)
    forms: dict[str, Any] = {}
    if welfare is not None:
        edit_op, instance = _editing(request, welfare)
        forms = {
            name: form_class(
                request.POST if op == name else None,
                prefix=name,
                welfare=welfare,
                instance=instance if name == edit_op else None,
            )  # fmt: skip
            for name, form_class in PART_FORMS.items()
        }
        if request.method == "POST" and op.startswith("remove-") and op[7:] in PART_FORMS:
            obj = get_object_or_404(_parts(welfare, op[7:]), pk=request.POST.get("pk", 0))
            try:
                obj.delete()
            except (ProtectedError, RestrictedError):
                messages.error(request, _("Remove the commitments this party owns first."))
            else:
                messages.success(request, _("Removed."))
            return redirect("partnership:welfare_manage", pk=agreement.pk)
        form = forms.get(op)
        if request.method == "POST" and form is not None and form.is_valid():
            obj = form.save(commit=False)
            if op in ("party", "goal", "indicator"):
                obj.welfare = welfare
            obj.save()
            messages.success(request, _("Saved."))
            return redirect("partnership:welfare_manage", pk=agreement.pk)
    return render(
        request,
        "partnership/welfare_manage.html",
        {
            "agreement": agreement,
            "welfare": welfare,
            "setup": setup,
            "forms": forms,
            "op": op,
            "rows": summaries.summary(welfare) if welfare else [],
            "figures": summaries.indicator_figures(welfare, year) if welfare else [],
            "year": year,
            "commitments": (
                Commitment.objects.filter(goal__welfare=welfare).select_related("goal", "owner")
                if welfare
                else []
            ),
        },
    )


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
            "figures": summaries.indicator_figures(welfare, timezone.localdate().year),
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
