"""Pages of the public directory (search, map, site and service details) and the site editor."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from turvaverkko.core import frames
from turvaverkko.registry.models import Organization
from turvaverkko.registry.rules import administered_organization_ids, coordinated_municipality_codes

from . import actions, feeds, hooks, hours, mapdata, search, suggest
from .forms import OpeningExceptionFormSet, OpeningRuleFormSet, SearchForm, SiteForm
from .index import current_index, current_stamp
from .models import OpeningException, OpeningRule, Service, Site
from .ptv import classes as ptv_classes
from .ptv import export as ptv_export

# --- Search and map -------------------------------------------------------------------------


def cached_for_anonymous(view):
    """Serve a page from the cache to visitors without a session, as the public search is
    mostly read by them. The key holds the full path, the language and the data stamp
    (index.current_stamp: the change counter of freshness.py), so any change of published
    data, deletions included, shows at once on every machine; the clock moving past an opening
    time shows within search.CACHE_SECONDS."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not frames.signed_out_visitor(request):
            return view(request, *args, **kwargs)
        stamp = current_stamp()
        request.directory_stamp = stamp
        raw = f"{get_language()}|{request.get_full_path()}|{stamp}"
        key = "directory:page:" + hashlib.sha256(raw.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _shareable(request, response):
            cache.set(key, (response.content, response["Content-Type"]), search.CACHE_SECONDS)
        return response

    return wrapper


def _shareable(request, response) -> bool:
    """Nothing of this visitor's own in it: no cookie to set, no CSRF token, no session."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def _index(request):
    return current_index(getattr(request, "directory_stamp", None))


def _search_context(request, form: SearchForm) -> dict:
    context = {"form": form, "query": "", "page": None}
    if form.is_valid():
        kwargs = form.search_kwargs()
        index = _index(request)
        context["page"] = search.search_sites(**kwargs, index=index)
        hooks.annotate_hits(context["page"].items)  # e.g. outreach: the next visit
        context["query"] = form.canonical_query()
        context["near_label"] = form.cleaned_data["near_label"]
        if context["page"].total == 0 and (kwargs["q"] or form.cleaned_data.get("place")):
            place, suggestions = suggest.broader(index=index, now=None, **kwargs)
            context["searched_place"] = place
            context["suggestions"] = suggestions
    return context


@require_safe
@cached_for_anonymous
def search_page(request):
    context = _search_context(request, SearchForm(request.GET))
    return frames.render(request, "directory/search.html", context)


@require_safe
@cached_for_anonymous
def map_page(request):
    form = SearchForm(request.GET)
    context = _search_context(request, form)
    if form.is_valid():
        context["extent"] = mapdata.extent(_filters(form), index=_index(request))
        context["near"] = form.cleaned_data["near"]
    return frames.render(request, "directory/map.html", context)


def _filters(form: SearchForm) -> search.SiteFilters:
    kwargs = form.search_kwargs()
    return search.SiteFilters(
        q=kwargs["q"],
        municipality=kwargs["municipality"],
        postal_code=kwargs["postal_code"],
        target_group=kwargs["target_group"],
        language=kwargs["language"],
        kind=kwargs["kind"],
        low_threshold=kwargs["low_threshold"],
    )


@require_safe
@cached_for_anonymous
def map_data(request):
    """GeoJSON of the search's sites in ?bbox=w,s,e,n at ?zoom=, clustered (mapdata.py)."""
    form = SearchForm(request.GET)
    bbox = mapdata.parse_bbox(request.GET.get("bbox", ""))
    try:
        zoom = min(max(int(request.GET.get("zoom", "")), 0), 20)
    except ValueError:
        zoom = None
    if not form.is_valid() or bbox is None or zoom is None:
        return JsonResponse({"error": "bad request"}, status=400)
    data = mapdata.site_features(
        _filters(form),
        bbox=bbox,
        zoom=zoom,
        open_now=form.cleaned_data["open_now"],
        lang=get_language() or "fi",
        index=_index(request),
    )
    return JsonResponse(data)


# --- Details --------------------------------------------------------------------------------


# The registry's public organisation page; the first name that resolves is used, and no
# link is made while neither exists.
ORGANIZATION_PAGE_NAMES = ("registry:organization_detail", "registry:detail")


def _organization_url(pk) -> str | None:
    for name in ORGANIZATION_PAGE_NAMES:
        try:
            return reverse(name, kwargs={"pk": pk})
        except NoReverseMatch:
            continue
    return None


def _organization_links(organizations) -> list[tuple[str, str | None]]:
    """(name, URL of the public organisation page or None)."""
    return [
        (organization.name, _organization_url(organization.pk)) for organization in organizations
    ]


def _week_start(request, today: date) -> date:
    monday = hours.monday_of(today)
    try:
        asked = hours.monday_of(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return monday
    return asked if abs((asked - monday).days) <= 366 else monday


def _can_edit(user, site) -> bool:
    return user.is_authenticated and user.has_perm("directory.change_site", site)


@require_safe
def site_detail(request, pk):
    site = get_object_or_404(Site.objects.select_related("municipality"), pk=pk)
    if not site.is_published and not _can_edit(request.user, site):
        raise Http404
    now = timezone.now()
    today = now.astimezone(hours.HELSINKI).date()
    week_start = _week_start(request, today)
    rules = list(OpeningRule.objects.filter(site=site, service__isnull=True))
    first = min(week_start, today) - timedelta(days=1)
    last = max(week_start, today) + timedelta(days=60)
    exceptions = list(OpeningException.objects.filter(site=site, date__range=(first, last)))
    open_span = hours.open_interval_at(rules, exceptions, now)
    services = (
        Service.objects.filter(at_locations__site=site, status__in=search.VISIBLE_SERVICE_STATUSES)
        .select_related("organization")
        .order_by("name")
    )
    context = {
        "site": site,
        "has_hours": bool(rules),
        # The rules in words ("1. torstai kuukaudessa 10.00–12.00"), past ones left out.
        "regular": [r for r in rules if not (r.valid_to and r.valid_to < today)],
        "open_span": open_span,
        "open_long": open_span is not None and open_span[1] - now > timedelta(days=6),
        "week": hours.week_schedule(rules, exceptions, week_start),
        "week_start": week_start,
        "previous_week": week_start - timedelta(days=7),
        "next_week": week_start + timedelta(days=7),
        "this_week": week_start == hours.monday_of(today),
        "today": today,
        "upcoming": [e for e in exceptions if today <= e.date <= today + timedelta(days=60)],
        "services": services,
        "organizations": _organization_links(site.organizations.all()),
        "languages": site.languages.all(),
        "target_groups": site.target_groups.all(),
        "can_edit": _can_edit(request.user, site),
    }
    return render(request, "directory/site_detail.html", context)


@require_safe
def site_calendar(request, pk):
    """The site's opening hours as an iCalendar feed to subscribe to (directory/feeds.py)."""
    site = get_object_or_404(Site, pk=pk)
    if not site.is_published and not _can_edit(request.user, site):
        raise Http404
    today = timezone.now().astimezone(hours.HELSINKI).date()
    rules = OpeningRule.objects.filter(site=site, service__isnull=True).order_by("opens_at", "pk")
    exceptions = OpeningException.objects.filter(
        site=site,
        date__range=(today - timedelta(days=feeds.HISTORY_DAYS), today + timedelta(days=366)),
    )
    response = HttpResponse(
        feeds.site_calendar(site, rules, exceptions, today),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="opening-hours.ics"'
    response["Cache-Control"] = "public, max-age=900" if site.is_published else "private"
    return response


@require_safe
def service_detail(request, pk):
    service = get_object_or_404(
        Service.objects.select_related("organization"),
        pk=pk,
        status__in=search.VISIBLE_SERVICE_STATUSES,
    )
    today = timezone.now().astimezone(hours.HELSINKI).date()
    sites = list(
        Site.objects.filter(service_links__service=service, is_published=True)
        .select_related("municipality")
        .order_by("name")
    )
    rules = list(OpeningRule.objects.filter(service=service))
    monday = hours.monday_of(today)
    exceptions = list(
        OpeningException.objects.filter(
            site__in=sites, date__range=(monday, monday + timedelta(days=6))
        )
    )
    schedules = []  # (site or None, week) for the service's own hours
    for site in [None, *sites]:
        own = [r for r in rules if r.site_id == (site.pk if site else None)]
        if own:
            site_exceptions = [e for e in exceptions if site and e.site_id == site.pk]
            schedules.append((site, hours.week_schedule(own, site_exceptions, today)))
    context = {
        "service": service,
        "sites": sites,
        "schedules": schedules,
        "today": today,
        "organization": _organization_links([service.organization])[0],
        "languages": service.languages.all(),
        "target_groups": service.target_groups.all(),
        "service_area": service.service_area.all(),
        "can_see_history": request.user.is_authenticated
        and request.user.has_perm("registry.change_organization", service.organization),
        "ptv_classes": [ptv_classes.name(code) for code in service.ptv_service_classes],
    }
    if context["can_see_history"]:
        context["ptv_errors"] = ptv_export.service_export(service)[1]
    return render(request, "directory/service_detail.html", context)


# --- Site editor ----------------------------------------------------------------------------


def _child_changes(formset) -> actions.ChildChanges:
    changes = actions.ChildChanges()
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            if form.instance.pk:
                changes.deleted.append(form.instance.pk)
            continue
        row = dict(form.cleaned_data)
        row["id"] = form.instance.pk
        changes.rows.append(row)
    return changes


def _site_scope(user, site=None):
    """(organisations the user may add a site for, municipalities the site may be in)."""
    codes = coordinated_municipality_codes(user)
    org_ids = administered_organization_ids(user)
    if codes is None:
        return Organization.objects.filter(is_active=True), None
    organizations = Organization.objects.filter(pk__in=org_ids)
    if codes:
        organizations = organizations | Organization.objects.filter(municipalities__in=codes)
    mine = site is not None and site.organizations.filter(pk__in=org_ids).exists()
    # An association admin may place their own sites anywhere; a coordinator only locally.
    allowed = None if (mine or (site is None and org_ids and not codes)) else codes
    return organizations.distinct().order_by("name"), allowed


def _editor(request, site: Site | None):
    organizations, allowed = _site_scope(request.user, site)
    instance = site or Site()
    data = request.POST if request.method == "POST" else None
    form = SiteForm(
        data,
        instance=instance,
        organizations=organizations if site is None else None,
        allowed_municipalities=allowed,
    )
    rule_set = OpeningRuleFormSet(
        data,
        instance=instance,
        prefix="rules",
        queryset=OpeningRule.objects.filter(site=site, service__isnull=True) if site else None,
    )
    exception_set = OpeningExceptionFormSet(
        data,
        instance=instance,
        prefix="exceptions",
        queryset=OpeningException.objects.filter(
            site=site, date__gte=timezone.localdate() - timedelta(days=30)
        )
        if site
        else None,
    )
    if data is not None and form.is_valid() and rule_set.is_valid() and exception_set.is_valid():
        cleaned = dict(form.cleaned_data)
        changes = {
            "data": cleaned,
            "languages": cleaned.pop("languages"),
            "target_groups": cleaned.pop("target_groups"),
            "rules": _child_changes(rule_set),
            "exceptions": _child_changes(exception_set),
        }
        if site is None:
            organization = cleaned.pop("organization")
            site = actions.create_site(by=request.user, organization=organization, **changes)
            messages.success(request, _("The place was added."))
        else:
            site = actions.update_site(site, by=request.user, **changes)
            messages.success(request, _("The changes were saved."))
        return redirect("directory:site_detail", pk=site.pk)
    context = {"form": form, "rule_set": rule_set, "exception_set": exception_set, "site": site}
    return render(request, "directory/site_form.html", context)


@login_required
def site_create(request):
    if not request.user.has_perm("directory.add_site"):
        raise PermissionDenied
    return _editor(request, None)


@login_required
def site_edit(request, pk):
    site = get_object_or_404(Site, pk=pk)
    if not request.user.has_perm("directory.change_site", site):
        raise PermissionDenied
    return _editor(request, site)
