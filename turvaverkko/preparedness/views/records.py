"""Agreements, the risk register with its matrix, and exercises: per-municipality records."""

import mimetypes
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..forms import ActionItemForm, AgreementForm, ExerciseForm, RiskForm
from ..models import Agreement, Exercise, Risk
from ..rules import filter_readable, writable_codes
from .common import form_page, login_required, need


def _audited_save(form, user, reason):
    with transaction.atomic():
        obj = form.save(commit=False)
        obj._history_user = user
        obj._change_reason = reason
        obj.save()
        form.save_m2m()
    return obj


def _mark_editable(objects, user):
    """Set .editable on each record, so lists link to the form only for those who may edit."""
    codes = writable_codes(user)
    for obj in objects:
        obj.editable = codes is None or obj.municipality_id in codes
    return objects


def _get(request, model, pk, perm):
    obj = get_object_or_404(model, pk=pk)
    need(request, perm, obj)
    return obj


def _edit(request, model, form_class, pk, *, list_name, title, multipart=False):
    """Create (pk None) or edit one record; returns the response."""
    if pk is None:
        need(request, "preparedness.add")
        instance = None
    else:
        instance = _get(request, model, pk, "preparedness.change_object")
    form = form_class(
        request.POST or None, request.FILES or None, instance=instance, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        if pk is None or form.has_changed():
            _audited_save(form, request.user, _("saved"))
        messages.success(request, _("Saved."))
        return redirect(f"preparedness:{list_name}")
    url = reverse(f"preparedness:{list_name}")
    if instance is not None:
        need(request, "preparedness.change_object", form.instance)
    return form_page(request, form, title, url, multipart=multipart)


# --- agreements ----------------------------------------------------------------------------


@login_required
def agreement_list(request):
    need(request, "preparedness.view")
    agreements = filter_readable(
        Agreement.objects.select_related("municipality").prefetch_related("organizations"),
        request.user,
    )
    agreements = _mark_editable(list(agreements), request.user)
    return render(
        request,
        "preparedness/agreement_list.html",
        {"agreements": agreements, "can_add": request.user.has_perm("preparedness.add")},
    )


@login_required
def agreement_create(request):
    return _edit(
        request,
        Agreement,
        AgreementForm,
        None,
        list_name="agreements",
        title=_("New agreement"),
        multipart=True,
    )


@login_required
def agreement_edit(request, pk):
    return _edit(
        request,
        Agreement,
        AgreementForm,
        pk,
        list_name="agreements",
        title=_("Edit the agreement"),
        multipart=True,
    )


@login_required
def agreement_document(request, pk):
    """The signed document; never public, served only to those who may read the agreement."""
    agreement = _get(request, Agreement, pk, "preparedness.view_object")
    if not agreement.document:
        raise Http404
    name = Path(agreement.document.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        document = agreement.document.open("rb")
    except FileNotFoundError as exc:  # named in the database, missing from the storage
        raise Http404 from exc
    response = FileResponse(document, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# --- risks ------------------------------------------------------------------------------------


def risk_matrix(risks) -> list[dict]:
    """Rows from likelihood 5 down to 1; each cell has the risks with that (likelihood, impact)."""
    cells = {}
    for risk in risks:
        cells.setdefault((risk.likelihood, risk.impact), []).append(risk)
    return [
        {
            "likelihood": likelihood,
            "cells": [
                {
                    "impact": impact,
                    "risks": cells.get((likelihood, impact), []),
                    "level": "high"
                    if likelihood * impact >= 15
                    else "medium"
                    if likelihood * impact >= 6
                    else "low",
                }
                for impact in range(1, 6)
            ],
        }
        for likelihood in range(5, 0, -1)
    ]


@login_required
def risk_list(request):
    need(request, "preparedness.view")
    risks = list(filter_readable(Risk.objects.select_related("municipality"), request.user))
    _mark_editable(risks, request.user)
    return render(
        request,
        "preparedness/risk_list.html",
        {
            "risks": risks,
            "matrix": risk_matrix(risks),
            "impacts": range(1, 6),
            "can_add": request.user.has_perm("preparedness.add"),
        },
    )


@login_required
def risk_create(request):
    return _edit(request, Risk, RiskForm, None, list_name="risks", title=_("New risk"))


@login_required
def risk_edit(request, pk):
    return _edit(request, Risk, RiskForm, pk, list_name="risks", title=_("Edit the risk"))


# --- exercises --------------------------------------------------------------------------------


@login_required
def exercise_list(request):
    need(request, "preparedness.view")
    exercises = filter_readable(Exercise.objects.select_related("municipality"), request.user)
    return render(
        request,
        "preparedness/exercise_list.html",
        {"exercises": exercises, "can_add": request.user.has_perm("preparedness.add")},
    )


@login_required
def exercise_create(request):
    return _edit(
        request, Exercise, ExerciseForm, None, list_name="exercises", title=_("New exercise")
    )


@login_required
def exercise_edit(request, pk):
    return _edit(
        request, Exercise, ExerciseForm, pk, list_name="exercises", title=_("Edit the exercise")
    )


@login_required
def exercise_detail(request, pk):
    exercise = _get(request, Exercise, pk, "preparedness.view_object")
    can_edit = request.user.has_perm("preparedness.change_object", exercise)
    form = ActionItemForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        need(request, "preparedness.change_object", exercise)
        if form.is_valid():
            item = form.save(commit=False)
            item.exercise = exercise
            item.save()
            messages.success(request, _("The action item was added."))
            return redirect("preparedness:exercise", exercise.pk)
    return render(
        request,
        "preparedness/exercise_detail.html",
        {"exercise": exercise, "form": form, "can_edit": can_edit},
    )
