"""Offers of help (a public form, no account needed) and the coordinators' and association
admins' lists of volunteers and offers."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from turvaverkko.notify import ratelimit

from .. import actions, lists
from ..forms import (
    HelpOfferForm,
    municipality_names,
)
from ..models import HelpOffer
from ..rules import contact_municipality_codes

logger = logging.getLogger("turvaverkko.volunteers.views")


def offer_help(request):
    form = HelpOfferForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        # Per source address and hour, counted in the shared database or Redis (not per
        # process), so that no script fills the coordinators' list.
        verdict = ratelimit.hit(
            "help-offer",
            ratelimit.client_address(request),
            limit=settings.HELP_OFFERS_PER_ADDRESS,
            window=3600,
        )
        if verdict.allowed:
            actions.create_help_offer(form)
            return redirect("volunteers:offer_help_thanks")
        form.add_error(
            None,
            _(
                "Many offers have already been sent from your network address. "
                "Please try again in an hour."
            ),
        )
        status = 429
    return render(
        request,
        "volunteers/offer_help.html",
        {"form": form, "municipalities": municipality_names()},
        status=status,
    )


def offer_help_thanks(request):
    return render(request, "volunteers/offer_help_thanks.html")


# --- Coordinators and association admins ----------------------------------------------------


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def volunteer_list(request, export=False):
    """Names and skills of the volunteers the user may list; contacts where rules.py allows.

    `export`: every filtered row as CSV, for coordinators only."""
    _require(request, "volunteers.list_volunteers")
    if export:
        _require(request, "volunteers.export_volunteers")
    listing = lists.volunteer_list(request)
    contact_codes = contact_municipality_codes(request.user)
    if export:
        shown = listing.queryset.filter(lists.contacts_q(contact_codes)).count()
        logger.info("User %s exported contact details of %d volunteers", request.user.pk, shown)
        return listing.csv_response()
    rows = [
        {"volunteer": v, "show_contacts": lists.shows_contacts(contact_codes, v)}
        for v in listing.page()
    ]
    shown = sum(1 for row in rows if row["show_contacts"])
    if shown:
        # Who looked at whose contact details is part of the audit trail.
        logger.info("User %s viewed contact details of %d volunteers", request.user.pk, shown)
    return render(request, "volunteers/volunteer_list.html", listing.context(volunteer_rows=rows))


@login_required
def offer_list(request, export=False):
    _require(request, "volunteers.list_help_offers")
    listing = lists.offer_list(request)
    if export:
        logger.info("User %s exported offers of help", request.user.pk)
        return listing.csv_response()
    return render(request, "volunteers/offer_list.html", listing.context())


@login_required
@require_POST
def offer_handled(request, pk):
    offer = get_object_or_404(HelpOffer, pk=pk)
    _require(request, "volunteers.handle_help_offer", offer)
    actions.mark_offer_handled(offer, request.user)
    messages.success(
        request, _("The offer from %(name)s is marked handled.") % {"name": offer.name}
    )
    return redirect("volunteers:offer_list")
