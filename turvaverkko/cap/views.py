"""The warnings page: every FMI warning received, in the reader's language, with the
suggestions for the coordinator's municipalities; the raw XML of each as received."""

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .models import CapAlert, CapFeedState
from .suggestions import suggestion_rows, suggestions


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why no incident is needed"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _require(request: HttpRequest, perm: str, obj: CapAlert | None = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def status_of(alert: CapAlert, now: datetime) -> str:
    """What the page says of the warning: in force, expired, superseded, cancelled, skipped."""
    if alert.state == CapAlert.State.ACTIVE:
        if alert.expires is not None and alert.expires <= now:
            return _("expired")
        return _("in force")
    return alert.get_state_display()


def row(alert: CapAlert, now: datetime, language: str) -> dict[str, Any]:
    return {
        "alert": alert,
        "text": alert.text_for(language),
        "status": status_of(alert, now),
        "in_force": alert.in_force(now),
    }


@login_required
def warning_list(request: HttpRequest) -> HttpResponse:
    _require(request, "cap.view_warnings")
    now = timezone.now()
    language = get_language() or "fi"
    alerts = CapAlert.objects.prefetch_related("municipalities", "incidents").order_by(
        "-sent", "-pk"
    )
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    rows = [
        {**row(s.alert, now, language), "suggestion": s}
        for s in suggestion_rows(request.user, suggestions(request.user, now))
    ]
    return render(
        request,
        "cap/warning_list.html",
        {
            "suggestions": rows,
            "page": page,
            "rows": [row(a, now, language) for a in page],
            "dismiss_form": DismissForm(),
            # Whole feeds refused (a foreign sender, malformed XML...): nothing in them was
            # stored or acted on, and their untrusted XML is not kept; the reason is.
            "refused": [f for f in CapFeedState.objects.order_by("url") if f.failing],
        },
    )


@login_required
def warning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "cap.view_warnings")
    alert = get_object_or_404(CapAlert.objects.prefetch_related("municipalities"), pk=pk)
    now = timezone.now()
    return render(
        request,
        "cap/warning_detail.html",
        {
            **row(alert, now, get_language() or "fi"),
            "can_dismiss": request.user.has_perm("cap.dismiss_warning", alert),
            "dismiss_form": DismissForm(),
        },
    )


@require_POST
@login_required
def warning_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(CapAlert, pk=pk)
    _require(request, "cap.dismiss_warning", alert)
    form = DismissForm(request.POST)
    if not form.is_valid():
        now = timezone.now()
        return render(
            request,
            "cap/warning_detail.html",
            {
                **row(alert, now, get_language() or "fi"),
                "can_dismiss": True,
                "dismiss_form": form,
            },
            status=400,
        )
    actions.dismiss(alert, user=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Warning dismissed: it is no longer suggested."))
    return redirect("cap:warnings")
