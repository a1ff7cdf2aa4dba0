from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language_from_request

from .dashboard import cards as dashboard_cards
from .dashboard import sections as dashboard_sections


def root_redirect(request):
    return HttpResponseRedirect(f"/{get_language_from_request(request)}/")


@login_required
def dashboard(request):
    return render(
        request,
        "web/dashboard.html",
        {"cards": dashboard_cards(request), "sections": dashboard_sections(request)},
    )


def accessibility_statement(request):
    return render(
        request,
        "web/accessibility.html",
        {
            "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL,
            "reviewed_on": date.fromisoformat(settings.ACCESSIBILITY_STATEMENT_DATE),
        },
    )
