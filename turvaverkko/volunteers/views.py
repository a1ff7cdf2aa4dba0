"""Volunteers' own pages: sign-up, password-less sign-in, profile, export and erasure.

Links e-mailed to volunteers open a page with one button, and the button (a POST) does the
work: mail scanners that open every link in a message then cannot use up a single-use link.
"""

import json
import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from turvaverkko.core import jsonlimits
from turvaverkko.notify import ratelimit
from turvaverkko.registry.changes import Track, history_entries
from turvaverkko.registry.models import Organization

from . import actions, links, lists, push
from .export import volunteer_export
from .forms import (
    CONSENT_TEXT,
    AddMembershipForm,
    AvailabilityFormSet,
    HelpOfferForm,
    OrganizationSearchForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
    municipality_names,
)
from .models import HelpOffer, Volunteer
from .rules import contact_municipality_codes

logger = logging.getLogger(__name__)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

volunteer_login_required = login_required(login_url="volunteers:sign_in")


def _own_volunteer(request):
    return Volunteer.objects.filter(user=request.user, anonymised_at__isnull=True).first()


def _message_language(request) -> str:
    lang = (get_language() or "fi")[:2]
    return lang if lang in ("fi", "sv", "en") else "fi"


def sign_up(request):
    if request.user.is_authenticated and _own_volunteer(request):
        return redirect("volunteers:profile")
    form = SignUpForm(request.POST or None, initial={"language": _message_language(request)})
    if request.user.is_authenticated:
        # The account's own address is used; it is already in use for signing in.
        del form.fields["email"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {
            "name": data["name"],
            "phone": data["phone"],
            "home_municipality": data["home_municipality"],
            "language": data["language"],
            "consent_text": CONSENT_TEXT,
        }
        if request.user.is_authenticated:
            actions.create_profile_for_account(request.user, **details)
            messages.success(request, _("Welcome! Your volunteer profile is ready."))
            return redirect("volunteers:profile")
        actions.sign_up(email=data["email"], **details)
        return redirect("volunteers:sign_up_sent")
    return render(
        request,
        "volunteers/sign_up.html",
        {"form": form, "municipalities": municipality_names()},
    )


def sign_up_sent(request):
    return render(request, "volunteers/sign_up_sent.html", {"days": links.CONFIRM_MAX_AGE // 86400})


def _sign_in_with_link(request, user):
    login(request, user, backend=MODEL_BACKEND)  # changes last_login: the link is now used
    return actions.confirm_email(user)


def confirm(request, token):
    user = links.user_from_confirm_token(token)
    if user is None:
        return render(request, "volunteers/link_invalid.html", status=400)
    if request.method == "POST":
        _sign_in_with_link(request, user)
        messages.success(request, _("Thank you! Your e-mail address is confirmed."))
        return redirect("volunteers:profile")
    return render(request, "volunteers/link_confirm.html", {"purpose": "confirm"})


def confirm_email_change(request, token):
    found = links.email_change_from_token(token)
    if found is None:
        return render(request, "volunteers/link_invalid.html", status=400)
    if request.method == "POST":
        if not actions.confirm_email_change(*found):
            return render(request, "volunteers/link_invalid.html", status=400)
        messages.success(request, _("Your e-mail address is changed and confirmed."))
        return redirect("volunteers:profile")
    return render(request, "volunteers/link_confirm.html", {"purpose": "email_change"})


def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.request_sign_in_link(form.cleaned_data["email"], _message_language(request))
        return redirect("volunteers:sign_in_sent")
    return render(request, "volunteers/sign_in.html", {"form": form})


def sign_in_sent(request):
    return render(request, "volunteers/sign_in_sent.html", {"minutes": links.SIGN_IN_MAX_AGE // 60})


def sign_in_link(request, token):
    user = links.user_from_sign_in_token(token)
    if user is None:
        return render(request, "volunteers/link_invalid.html", status=400)
    if request.method == "POST":
        _sign_in_with_link(request, user)
        # The volunteer's home (incidents' page: their alerts and tasks); a link does not
        # need to know which app shows it.
        return redirect("incidents:volunteer_home")
    return render(request, "volunteers/link_confirm.html", {"purpose": "sign_in"})


def keep(request, token):
    volunteer_id = links.volunteer_id_from_keep_token(token)
    if (
        volunteer_id is None
        or not Volunteer.objects.filter(pk=volunteer_id, anonymised_at__isnull=True).exists()
    ):
        return render(request, "volunteers/link_invalid.html", status=400)
    if request.method == "POST":
        actions.keep_profile(volunteer_id)
        return render(request, "volunteers/kept.html")
    return render(request, "volunteers/link_confirm.html", {"purpose": "keep"})


@volunteer_login_required
def profile(request):
    volunteer = _own_volunteer(request)
    if volunteer is None:
        return redirect("volunteers:sign_up")
    form = ProfileForm(request.POST or None, instance=volunteer)
    formset = AvailabilityFormSet(request.POST or None, instance=volunteer, prefix="availability")
    # Validate both, so that every error shows at once.
    valid = request.method == "POST" and all([form.is_valid(), formset.is_valid()])
    if valid:
        if actions.save_profile(form, formset):
            messages.success(
                request,
                _(
                    "Saved. If the new e-mail address can be used, we sent a link to it. "
                    "Your address changes when you open the link; until then we use the "
                    "old one."
                ),
            )
        else:
            messages.success(request, _("Your profile is saved."))
        return redirect("volunteers:profile")
    return render(
        request,
        "volunteers/profile.html",
        {
            "volunteer": volunteer,
            "form": form,
            "formset": formset,
            "municipalities": municipality_names(),
            "completeness": volunteer.completeness(),
            # A valid POST has redirected; reaching here after a POST means errors.
            "has_errors": request.method == "POST",
            **_push_context(volunteer),
        },
    )


# --- Push notifications on the volunteer's devices (docs/push.md) ---------------------------

SERVICE_WORKER = Path(__file__).resolve().parent / "static" / "volunteers" / "sw.js"
MAX_SUBSCRIPTION_BYTES = 4096


def push_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def _push_context(volunteer) -> dict:
    subscriptions = list(volunteer.push_subscriptions.all())
    return {
        "push_configured": push_configured(),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
        "push_subscriptions": subscriptions,
        # push.js shows "on" only when this browser's subscription is one the server uses.
        "push_live_endpoints": json.dumps(
            [s.endpoint for s in subscriptions if s.failing_since is None]
        ),
    }


def _json_error(status: int, message: str, errors: dict | None = None) -> JsonResponse:
    body: dict = {"error": message}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status)


def _push_request(request):
    """(volunteer, parsed JSON body) of a push endpoint call, or (None, error response)."""
    if not request.user.is_authenticated:
        return None, _json_error(403, _("Sign in first."))
    volunteer = _own_volunteer(request)
    if volunteer is None:
        return None, _json_error(404, _("You have no volunteer profile."))
    if len(request.body) > MAX_SUBSCRIPTION_BYTES:
        return None, _json_error(413, _("The request is too large."))
    try:
        data = jsonlimits.loads(request.body)  # TooDeep is a ValueError too
    except ValueError:
        return None, _json_error(400, _("The request is not valid JSON."))
    return volunteer, data


@require_POST
def push_subscribe(request):
    """POST a browser's PushSubscription.toJSON() (with the CSRF token in X-CSRFToken):
    201 when stored, 400 with {"error", "errors": {field: message}} when it is refused."""
    volunteer, data = _push_request(request)
    if volunteer is None:
        return data
    if not push_configured():
        return _json_error(503, _("Push notifications are not configured on this server."))
    try:
        subscription = push.parse_subscription(data)
    except push.InvalidSubscription as exc:
        return _json_error(400, " ".join(exc.errors.values()), exc.errors)
    browser = push.browser_name(request.headers.get("User-Agent", ""))
    actions.subscribe_push(volunteer, subscription, browser=browser)
    volunteer.refresh_from_db(fields=["channels"])
    return JsonResponse({"status": "subscribed", "channels": volunteer.channels}, status=201)


@require_POST
def push_unsubscribe(request):
    """JSON {"endpoint"} from push.js, or a form POST from the list of devices on the
    profile page (which works without JavaScript and from any browser)."""
    if request.content_type != "application/json":
        return _push_unsubscribe_form(request)
    volunteer, data = _push_request(request)
    if volunteer is None:
        return data
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return _json_error(400, _("The endpoint is missing."), {"endpoint": _("Required.")})
    removed = actions.unsubscribe_push(volunteer, endpoint)
    volunteer.refresh_from_db(fields=["channels"])
    return JsonResponse(
        {"status": "unsubscribed" if removed else "not_found", "channels": volunteer.channels}
    )


@volunteer_login_required
def _push_unsubscribe_form(request):
    volunteer = _own_volunteer(request)
    if volunteer is None:
        raise Http404
    if actions.unsubscribe_push(volunteer, request.POST.get("endpoint", "")):
        messages.success(request, _("That device no longer gets notifications."))
    return redirect("volunteers:profile")


@require_safe
def service_worker(request):
    """/sw.js at the site root, so that its scope is the whole site (it is a static file
    otherwise; under /static/ its scope could be no wider than /static/)."""
    response = HttpResponse(
        SERVICE_WORKER.read_bytes(), content_type="application/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # browsers check for a new worker on each visit
    return response


PAUSE_DAYS = {"today": 0, "week": 6}


@volunteer_login_required
@require_POST
def pause_alerts(request):
    """ "Do not alert until" in one tap: not today, for a week, until a date, or alert again."""
    volunteer = _own_volunteer(request)
    if volunteer is None:
        raise Http404
    today = timezone.localdate()
    choice = request.POST.get("pause", "")
    until = None
    if choice in PAUSE_DAYS:
        until = today + timedelta(days=PAUSE_DAYS[choice])
    elif choice == "until":
        until = _posted_date(request)
        if until is None or until < today:
            messages.error(
                request,
                _("Give a date today or later, e.g. %(example)s.")
                % {"example": (today + timedelta(days=3)).strftime("%d.%m.%Y")},
            )
            return redirect(_back(request))
    elif choice != "resume":
        return redirect(_back(request))
    actions.pause_alerts(volunteer, until)
    if until is None:
        messages.success(request, _("You get alerts again."))
    else:
        messages.success(
            request,
            _("No alerts until the end of %(date)s.") % {"date": until.strftime("%d.%m.%Y")},
        )
    return redirect(_back(request))


def _posted_date(request):
    try:
        return parse_date(request.POST.get("until", "").strip())
    except ValueError:  # well formed but no such day, e.g. 2027-02-30
        return None


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("volunteers:profile")


@volunteer_login_required
def memberships(request):
    volunteer = _own_volunteer(request)
    if volunteer is None:
        return redirect("volunteers:sign_up")
    if request.method == "POST":
        add = AddMembershipForm(request.POST)
        if not add.is_valid():
            raise Http404
        organization = add.cleaned_data["organization"]
        actions.add_membership(volunteer, organization)
        messages.success(
            request, _("You are now listed as a member of %(name)s.") % {"name": organization}
        )
        return redirect("volunteers:profile")
    search = OrganizationSearchForm(request.GET or None)
    results = []
    if search.is_valid() and search.cleaned_data["q"]:
        q = search.cleaned_data["q"]
        results = (
            Organization.objects.filter(is_active=True)
            .filter(Q(name__icontains=q) | Q(alternate_name__icontains=q))
            .exclude(pk__in=volunteer.organizations.values("pk"))
            .prefetch_related("municipalities")
            .order_by("name")[:50]
        )
    membership_history = history_entries(
        Track(
            volunteer.history.all(),
            type(volunteer),
            (),
            lambda r: _("Your profile"),
            m2m=("organizations",),
        )
    )
    return render(
        request,
        "volunteers/memberships.html",
        {
            "search": search,
            "results": results,
            "volunteer": volunteer,
            "history": [e for e in membership_history if e.changes],
        },
    )


@volunteer_login_required
def export(request):
    volunteer = _own_volunteer(request)
    if volunteer is None:
        raise Http404
    body = json.dumps(
        volunteer_export(volunteer), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"turvaverkko-volunteer-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@volunteer_login_required
def erase(request):
    volunteer = _own_volunteer(request)
    if volunteer is None:
        raise Http404
    if request.method == "POST":
        actions.erase_volunteer(volunteer)
        logout(request)
        return redirect("volunteers:erased")
    return render(request, "volunteers/erase.html", {"volunteer": volunteer})


def erased(request):
    return render(request, "volunteers/erased.html")


# --- Offers of help: a public form, no account needed -------------------------------------


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
