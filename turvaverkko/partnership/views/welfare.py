"""Public pages of a welfare agreement: HTML (fi/sv), CSV and JSON, aggregates only."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from turvaverkko.preparedness.models import Agreement

from .. import welfare as summaries
from ..forms import CommitmentForm, GoalForm, PartyForm, WelfareForm
from ..models import Commitment, WelfareAgreement

PART_FORMS: dict[str, Any] = {"party": PartyForm, "goal": GoalForm, "commitment": CommitmentForm}


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
        forms = {
            name: form_class(request.POST if op == name else None, prefix=name, welfare=welfare)
            for name, form_class in PART_FORMS.items()
        }
        form = forms.get(op)
        if request.method == "POST" and form is not None and form.is_valid():
            obj = form.save(commit=False)
            if op != "commitment":
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
