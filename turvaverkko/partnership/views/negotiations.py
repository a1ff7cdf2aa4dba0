"""The annual wellbeing negotiations (issue 12 §3): the county's record, its frozen figures,
the pre-read pack (PDF), the associations' survey and the outcome that sets next year's
targets."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from turvaverkko.areas.models import Municipality
from turvaverkko.core.pdf import render_pdf
from turvaverkko.registry.rules import coordinated_municipality_codes

from .. import negotiations as writes
from ..forms import NegotiationForm, NegotiationOutcomeForm, SotkanetFileForm, SurveyForm
from ..models import AgendaItem, Negotiation, SurveyAnswer, WelfareIndicator


@login_required
def negotiation_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("partnership.view"):
        raise PermissionDenied
    op = request.POST.get("op", "create") if request.method == "POST" else ""
    form = NegotiationForm(request.POST if op == "create" else None, user=request.user)
    sotkanet = SotkanetFileForm(
        request.POST if op == "sotkanet" else None, request.FILES if op == "sotkanet" else None
    )
    errors: list[str] = []
    if request.method == "POST" and op == "create" and form.is_valid():
        negotiation = form.save()
        return redirect("partnership:negotiation", pk=negotiation.pk)
    if request.method == "POST" and op == "sotkanet" and sotkanet.is_valid():
        upload = sotkanet.cleaned_data["file"]
        result = writes.import_sotkanet(upload.read(), upload.name)
        if not result.errors:
            messages.success(request, _("%(n)d Sotkanet values saved.") % {"n": result.saved})
            return redirect("partnership:negotiations")
        errors = result.errors
    codes = coordinated_municipality_codes(request.user)
    records = Negotiation.objects.select_related("county")
    if codes is not None:
        records = records.filter(county__municipalities__code__in=codes).distinct()
    return render(
        request,
        "partnership/negotiations.html",
        {"form": form, "negotiations": records, "sotkanet": sotkanet, "errors": errors},
    )


def _figures(negotiation: Negotiation) -> list[dict[str, Any]]:
    return negotiation.figures if negotiation.frozen_at else writes.live_figures(negotiation)


def _decisions(negotiation: Negotiation) -> Any:
    """The county's partnership tables' decisions in the negotiation's year."""
    county = negotiation.county_id
    return (
        AgendaItem.objects.filter(
            meeting__starts_at__year=negotiation.year,
            confidential=False,
            outcome_kind__in=["decision", "statement", "nomination"],
            meeting__table__municipalities__county=county,
        )  # fmt: skip
        .select_related("meeting__table")
        .distinct()
    )


@login_required
def negotiation(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Negotiation.objects.select_related("county"), pk=pk)
    if not request.user.has_perm("partnership.change_negotiation", record):
        raise PermissionDenied
    op = request.POST.get("op", "")
    outcome = NegotiationOutcomeForm(request.POST if op == "outcome" else None, instance=record)
    indicators = WelfareIndicator.objects.filter(
        welfare__in=writes.county_agreements(record)
    ).select_related("welfare__agreement")
    if request.method == "POST":
        if op == "outcome" and outcome.is_valid():
            outcome.save()
            messages.success(request, _("Saved."))
            return redirect("partnership:negotiation", pk=record.pk)
        if op == "freeze":
            writes.freeze(record)
            messages.success(request, _("The figures are now kept as they stand."))
            return redirect("partnership:negotiation", pk=record.pk)
        if op == "survey":
            count = writes.send_survey(record)
            messages.success(request, _("Survey sent to %(n)d associations.") % {"n": count})
            return redirect("partnership:negotiation", pk=record.pk)
        if op == "targets":
            targets, errors = {}, []
            for ind in indicators:
                raw = request.POST.get(f"target-{ind.pk}", "").strip().replace(",", ".")
                if not raw:
                    continue
                try:
                    targets[ind.pk] = float(raw)
                except ValueError:
                    errors.append(ind.measure_fi)
            if errors:
                messages.error(request, _("Not a number: %(rows)s") % {"rows": ", ".join(errors)})
            else:
                writes.adopt_targets(record, targets)
                messages.success(request, _("Next year's targets saved."))
                return redirect("partnership:negotiation", pk=record.pk)
    return render(
        request,
        "partnership/negotiation.html",
        {
            "negotiation": record,
            "outcome": outcome,
            "figures": _figures(record),
            "indicators": indicators,
            "survey": writes.survey_summary(record),
            "decisions": _decisions(record),
        },
    )


@login_required
def negotiation_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The pre-read pack: indicators against targets, commitments' status, tables' decisions."""
    record = get_object_or_404(Negotiation.objects.select_related("county"), pk=pk)
    if not request.user.has_perm("partnership.change_negotiation", record):
        raise PermissionDenied
    html = render_to_string(
        "partnership/negotiation_pack.html",
        {
            "negotiation": record,
            "figures": _figures(record),
            "decisions": _decisions(record),
            "survey": writes.survey_summary(record),
            "municipalities": Municipality.objects.filter(county=record.county_id),
        },
        request=request,
    )
    response = HttpResponse(
        render_pdf(html, "partnership/memo.css"), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="hyte-neuvottelu-{record.year}.pdf"'
    return response


def survey(request: HttpRequest, token: str) -> HttpResponse:
    """An association answers the survey by its link (no sign-in)."""
    answer = SurveyAnswer.objects.select_related("negotiation__county").filter(token=token).first()
    if answer is None or answer.negotiation.frozen_at is not None:
        raise Http404
    form = SurveyForm(request.POST or None, instance=answer)
    if request.method == "POST" and form.is_valid():
        writes.answer_survey(answer, form.cleaned_data["cooperation"], form.cleaned_data["wishes"])
        messages.success(request, _("Thank you, your answer was saved."))
        return redirect("partnership:survey", token=token)
    return render(
        request, "partnership/survey.html", {"form": form, "answer": answer, "now": timezone.now()}
    )
