"""Pages of outreach: public timetables, feeds and booking; the team's tally and the
coordinator's programme, series, cancellation and reach pages."""

import json
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from turvaverkko.directory.models import Site
from turvaverkko.registry.models import Organization
from turvaverkko.registry.rules import administered_organization_ids, is_admin

from . import actions, feeds, reach, timetable
from .forms import (
    BookingForm,
    CancelVisitForm,
    EndSeriesForm,
    MoveVisitForm,
    ProgrammeForm,
    SeriesForm,
    SubscribeForm,
)
from .models import HELSINKI, Booking, Programme, Subscriber, Tally, Visit, VisitSeries

UPCOMING = 12


def _upcoming(series_qs: Any, now: datetime, limit: int = UPCOMING) -> list[Visit]:
    return list(
        Visit.objects.filter(series__in=series_qs, ends_at__gte=now)
        .select_related("series__site", "series__programme")
        .order_by("starts_at")[:limit]
    )


def _may_run(request: HttpRequest, programme: Programme) -> bool:
    return bool(request.user.has_perm("outreach.change_programme", programme))


def programme_page(request: HttpRequest, pk: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("organization"), pk=pk)
    series = programme.series.select_related("site", "programme__organization")
    now = timezone.now()
    page_url = request.build_absolute_uri()
    return render(request, "outreach/programme.html", {
        "programme": programme,
        "series": series,
        "visits": _upcoming(series, now, 40),
        "schema": json.dumps(feeds.schema_org(series, page_url), ensure_ascii=False),
        "ics": reverse("outreach:programme_ics", kwargs={"pk": programme.pk}),
        "may_run": _may_run(request, programme),
        "subscribe_form": SubscribeForm(),
        "reach": reach.public_reach(programme.series.all(), now),
    })  # fmt: skip


def site_page(request: HttpRequest, pk: str) -> HttpResponse:
    site = get_object_or_404(Site, pk=pk)
    series = VisitSeries.objects.filter(site=site).select_related("site", "programme__organization")
    return render(request, "outreach/site.html", {
        "site": site,
        "series": series,
        "visits": _upcoming(series, timezone.now(), 20),
        "schema": json.dumps(
            feeds.schema_org(series, request.build_absolute_uri()), ensure_ascii=False
        ),
        "ics": reverse("outreach:site_ics", kwargs={"pk": site.pk}),
        "reach": reach.public_reach(series, timezone.now()),
    })  # fmt: skip


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def programme_ics(request: HttpRequest, pk: str) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    url = settings.SITE_URL + reverse("outreach:programme", kwargs={"pk": programme.pk})
    series = programme.series.select_related("site", "programme")
    body = feeds.calendar_bytes(programme.name, url, series, timezone.now())
    return _ics_response(body, "outreach.ics")


def site_ics(request: HttpRequest, pk: str) -> HttpResponse:
    site = get_object_or_404(Site, pk=pk)
    url = settings.SITE_URL + reverse("outreach:site", kwargs={"pk": site.pk})
    series = VisitSeries.objects.filter(site=site).select_related("site", "programme")
    body = feeds.calendar_bytes(site.name, url, series, timezone.now())
    return _ics_response(body, "outreach-site.ics")


def book(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        Visit.objects.select_related("series__site", "series__programme"), pk=pk
    )
    series = visit.series
    taken = set(visit.bookings.filter(status=Booking.Status.BOOKED).values_list(
        "starts_at", flat=True))  # fmt: skip
    local_day = visit.starts_at.astimezone(HELSINKI).date()
    free = [s for s in timetable.slots(series, local_day) if s not in taken]
    choices = [(s.isoformat(), f"{s.astimezone(HELSINKI):%H.%M}") for s in free]
    bookable = visit.status == Visit.Status.SCHEDULED and visit.starts_at > timezone.now()
    form = BookingForm(request.POST or None, slots=choices)
    if request.method == "POST" and bookable and form.is_valid():
        d = form.cleaned_data
        try:
            booking = actions.book(actions.BookingRequest(
                visit=visit, starts_at=datetime.fromisoformat(d["starts_at"]), mode=d["mode"],
                name=d["name"], phone=d["phone"], email=d["email"],
                language=translation.get_language() or "fi",
            ))  # fmt: skip
        except actions.BookingError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "outreach/booked.html", {"booking": booking})
    return render(request, "outreach/book.html", {
        "visit": visit, "form": form, "bookable": bookable and bool(choices),
        "retention_days": actions.RETENTION_DAYS,
    })  # fmt: skip


def booking_link(request: HttpRequest, token: str) -> HttpResponse:
    """The short cancel link of a booking's SMS (no language prefix): on to its cancel page in
    the booking's language."""
    booking = Booking.objects.filter(token=token).first()
    if booking is None:
        return render(request, "outreach/link_invalid.html", status=404)
    return redirect(actions.cancel_link(booking))


def booking_cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking = Booking.objects.filter(token=token).select_related("visit__series__site").first()
    if booking is None:
        return render(request, "outreach/link_invalid.html", status=404)
    if request.method == "POST":
        actions.cancel_booking(booking)
    return render(request, "outreach/booking_cancel.html", {"booking": booking})


@require_POST
def subscribe(request: HttpRequest, pk: str) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    form = SubscribeForm(request.POST)
    if form.is_valid():
        actions.subscribe(Subscriber(
            programme=programme, phone=form.cleaned_data["phone"],
            email=form.cleaned_data["email"], language=translation.get_language() or "fi",
        ))  # fmt: skip
        messages.success(request, _("You will be told when a visit is cancelled or moved."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("outreach:programme", pk=programme.pk)


# --- the coordinator and the team ----------------------------------------------------------


def _programme_for(request: HttpRequest, pk: str) -> Programme:
    programme = get_object_or_404(Programme, pk=pk)
    if not _may_run(request, programme):
        raise PermissionDenied
    return programme


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("outreach.add_programme"):
        raise PermissionDenied
    orgs = Organization.objects.all()
    if not is_admin(request.user):
        ids = administered_organization_ids(request.user)
        orgs = orgs.filter(Q(pk__in=ids)) if ids else orgs
    form = ProgrammeForm(request.POST or None, organizations=orgs.order_by("name"))
    if request.method == "POST" and form.is_valid():
        programme = form.save()
        if not _may_run(request, programme):
            programme.delete()
            form.add_error("municipalities", _("Choose a municipality you coordinate."))
        else:
            return redirect("outreach:series_create", pk=programme.pk)
    return render(request, "outreach/form.html", {"form": form, "title": _("New programme")})


@login_required
def series_create(request: HttpRequest, pk: str) -> HttpResponse:
    programme = _programme_for(request, pk)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        series = form.save(commit=False)
        series.programme = programme
        actions.save_series(series, user=request.user)
        form.save_m2m()
        messages.success(request, _("Stop added to the timetable."))
        return redirect("outreach:series_create", pk=programme.pk)
    return render(request, "outreach/form.html", {
        "form": form, "title": _("Add a stop to %(name)s") % {"name": programme.name},
        "programme": programme,
    })  # fmt: skip


def _series_for(request: HttpRequest, pk: str) -> VisitSeries:
    series = get_object_or_404(VisitSeries.objects.select_related("programme", "site"), pk=pk)
    _programme_for(request, str(series.programme_id))
    return series


def _saved_message(request: HttpRequest, done: actions.Materialised) -> None:
    messages.success(
        request,
        _(
            "Timetable saved: %(changed)s coming visits changed, %(cancelled)s cancelled, "
            "%(messages)s messages queued."
        )
        % {"changed": done.changed, "cancelled": done.cancelled, "messages": done.messages},
    )


@login_required
def series_edit(request: HttpRequest, pk: str) -> HttpResponse:
    """Change a series; its coming visits follow (actions.materialise says how)."""
    series = _series_for(request, pk)
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        series = form.save(commit=False)
        done = actions.save_series(series, user=request.user)
        form.save_m2m()
        _saved_message(request, done)
        return redirect("outreach:programme", pk=series.programme_id)
    return render(request, "outreach/series_edit.html", {
        "form": form, "series": series, "programme": series.programme,
        "end_form": EndSeriesForm(series=series, initial={"last_day": series.ends_on}),
        "title": _("Edit the visits at %(site)s") % {"site": series.site.name},
    })  # fmt: skip


@login_required
@require_POST
def series_end(request: HttpRequest, pk: str) -> HttpResponse:
    series = _series_for(request, pk)
    form = EndSeriesForm(request.POST, series=series)
    if not form.is_valid():
        return render(request, "outreach/series_edit.html", {
            "form": SeriesForm(instance=series), "series": series,
            "programme": series.programme, "end_form": form,
            "title": _("Edit the visits at %(site)s") % {"site": series.site.name},
        }, status=400)  # fmt: skip
    done = actions.end_series(series, form.cleaned_data["last_day"], user=request.user)
    _saved_message(request, done)
    return redirect("outreach:programme", pk=series.programme_id)


@login_required
def visit_bookings(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit's appointments for the team: who to meet or call, and afterwards who came."""
    visit = get_object_or_404(
        Visit.objects.select_related("series__programme", "series__site"), pk=pk
    )
    _programme_for(request, str(visit.series.programme_id))
    if request.method == "POST":
        marks = {
            int(key[1:]): request.POST.get(key, "")
            for key in request.POST
            if key.startswith("b") and key[1:].isdigit()
        }
        changed = actions.mark_attendance(visit, marks, user=request.user)
        messages.success(request, _("Saved: %(n)s changes.") % {"n": changed})
        return redirect("outreach:visit_bookings", pk=visit.pk)
    bookings = list(visit.bookings.exclude(status=Booking.Status.CANCELLED))
    now = timezone.now()
    return render(request, "outreach/visit_bookings.html", {
        "visit": visit, "programme": visit.series.programme,
        "rows": [(b, b.starts_at <= now) for b in bookings],
        "markable": any(b.starts_at <= now for b in bookings),
    })  # fmt: skip


@login_required
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit.objects.select_related("series__programme"), pk=pk)
    _programme_for(request, str(visit.series.programme_id))
    form = CancelVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = actions.cancel_visit(visit, form.cleaned_data["reason"])
        messages.success(request, _("Visit cancelled; %(n)s messages queued.") % {"n": sent})
        return redirect("outreach:programme", pk=visit.series.programme_id)
    return render(request, "outreach/form.html", {
        "form": form, "title": _("Cancel the visit %(visit)s") % {"visit": visit},
    })  # fmt: skip


@login_required
def tally(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's tally page (GET); POST a JSON list of tallies, or one tally as a form."""
    visit = get_object_or_404(Visit.objects.select_related("series__programme"), pk=pk)
    _programme_for(request, str(visit.series.programme_id))
    if request.method == "POST":
        if request.content_type == "application/json":
            try:
                rows = json.loads(request.body)
            except ValueError:
                rows = None
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                return JsonResponse({"errors": ["send a JSON list of objects"]}, status=400)
            new, errors = actions.record_tallies(visit, rows)
            return JsonResponse({"new": new, "errors": errors}, status=400 if errors else 200)
        row: dict[str, object] = {k: request.POST.get(k, "") for k in actions.TALLY_FIELDS}
        row["referral"] = request.POST.get("referral") == "yes"
        row["id"] = request.POST.get("id", "")
        new, errors = actions.record_tallies(visit, [row])
        for e in errors:
            messages.error(request, e)
        if new:
            messages.success(request, _("Counted."))
        return redirect("outreach:visit_tally", pk=visit.pk)
    return render(request, "outreach/tally.html", {
        "visit": visit, "count": visit.tallies.count(), "tally": Tally,
        # A fresh id per form: the same form sent twice (no JavaScript) counts once.
        "new_id": uuid.uuid4(),
    })  # fmt: skip


@login_required
def reach_page(request: HttpRequest, pk: str) -> HttpResponse:
    programme = _programme_for(request, pk)
    now = timezone.now()
    return render(request, "outreach/reach.html", {
        "programme": programme, "rows": reach.programme_reach(programme, now),
        "months": reach.months(now),
    })  # fmt: skip


@login_required
def route_page(request: HttpRequest, pk: str) -> HttpResponse:
    """The run sheet of one day: the programme's visits that day in VROOM's order (or the
    order given as ?order=ids), with arrival times; printable."""
    from datetime import date as date_type

    from . import routing

    programme = _programme_for(request, pk)
    try:
        day = date_type.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localtime(timezone.now(), HELSINKI).date()
    visits = list(
        Visit.objects.filter(series__programme=programme, date=day,
                             status=Visit.Status.SCHEDULED)
        .select_related("series__site").order_by("starts_at")
    )  # fmt: skip
    located = [v for v in visits if v.series.site.latitude is not None]
    unit = programme.unit

    def secs(t: Any) -> int:
        return int(t.hour * 3600 + t.minute * 60)

    stops = [
        routing.Stop(
            id=v.pk, name=v.series.site.name,
            point=(v.series.site.latitude, v.series.site.longitude),  # type: ignore[arg-type]
            service=int((v.ends_at - v.starts_at).total_seconds()),
            window=(secs(v.starts_at.astimezone(HELSINKI)) - 900,
                    secs(v.starts_at.astimezone(HELSINKI))),
        )
        for v in located
    ]  # fmt: skip
    depot = (
        (unit.depot_latitude, unit.depot_longitude)
        if unit and unit.depot_latitude is not None and unit.depot_longitude is not None
        else (stops[0].point if stops else (60.45, 22.27))
    )
    plan_day = routing.Day(
        depot=depot,
        starts=secs(unit.day_starts_at) if unit else 7 * 3600,
        ends=secs(unit.day_ends_at) if unit else 18 * 3600,
        break_seconds=60 * (unit.break_minutes if unit else 30),
    )
    order_ids = [int(x) for x in request.GET.get("order", "").split(",") if x.isdigit()]
    by_id = {s.id: s for s in stops}
    if order_ids and set(order_ids) == set(by_id):
        result = routing.plan(plan_day, [by_id[i] for i in order_ids])
        mode = "plan"
    else:
        result = routing.solve(plan_day, stops) if stops else routing.Route([], 0)
        mode = "solve"
    rows = [(s, f"{s.arrival // 3600:02d}.{s.arrival % 3600 // 60:02d}") for s in result.steps]
    return render(request, "outreach/route.html", {
        "programme": programme, "day": day, "rows": rows, "route": result, "mode": mode,
        "travel_minutes": result.travel // 60,
        "unplaced": [v for v in visits if v not in located],
    })  # fmt: skip


def programme_hsds(request: HttpRequest, pk: str) -> JsonResponse:
    """The programme's visits as HSDS 3.0 service_at_location documents with schedules."""
    from . import hsds

    programme = get_object_or_404(Programme, pk=pk)
    today = timezone.localtime(timezone.now(), HELSINKI).date()
    docs = []
    for series in programme.series.select_related("site", "programme"):
        docs += hsds.service_at_locations(series, today)
    return JsonResponse({"contents": docs}, json_dumps_params={"ensure_ascii": False})


@login_required
def visit_move(request: HttpRequest, pk: int) -> HttpResponse:
    """One visit at another time or day; the series and its other visits stay as they are."""
    visit = get_object_or_404(Visit.objects.select_related("series__programme"), pk=pk)
    _programme_for(request, str(visit.series.programme_id))
    local_start = visit.starts_at.astimezone(HELSINKI)
    initial = {
        "day": local_start.date(),
        "arrives_at": local_start.time(),
        "departs_at": visit.ends_at.astimezone(HELSINKI).time(),
        "note": visit.note,
    }
    form = MoveVisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        sent = actions.move_visit(
            visit,
            datetime.combine(d["day"], d["arrives_at"], tzinfo=HELSINKI),
            datetime.combine(d["day"], d["departs_at"], tzinfo=HELSINKI),
            d["note"],
        )
        messages.success(request, _("Visit moved; %(n)s messages queued.") % {"n": sent})
        return redirect("outreach:programme", pk=visit.series.programme_id)
    return render(request, "outreach/form.html", {
        "form": form, "title": _("Move the visit %(visit)s") % {"visit": visit},
        "programme": visit.series.programme,
    })  # fmt: skip
