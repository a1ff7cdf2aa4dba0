"""Coverage pages: the form, a run's progress and results, its map layers, what-if and
suggestions. Long computations run as tasks (actions.request_coverage); pages only read."""

import uuid

import numpy as np
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from turvaverkko.areas.geo import to_tm35fin
from turvaverkko.areas.models import Municipality

from .. import access, actions, presentation
from ..analysis import CoverageQuery, QueryError, distance_layer, resolve
from ..cache import load_distances
from ..coverage import _wgs84
from ..forms import CoverageForm, SuggestForm, WhatIfForm
from ..models import CoverageRun, PopulationGrid
from ..population import AGE_GROUPS
from ..sites import SiteFilter, matching_sites
from ..welfare import AGE_LABELS
from .common import coordinator_required

MAX_CELLS = 4000  # per map request: the most populous cells when more are in view
FINLAND = (19.0, 59.7, 31.6, 70.1)  # WGS84 bbox: west, south, east, north


@coordinator_required
@require_http_methods(["GET", "POST"])
def coverage_form(request, codes):
    form = CoverageForm(request.POST or None, user=request.user, initial=_initial(request))
    error = None
    if request.method == "POST" and form.is_valid():
        parameters = form.parameters()
        access.require_area(request.user, parameters["area_level"], parameters["area_code"])
        try:
            run, _created = actions.request_coverage(parameters, request.user)
        except QueryError as exc:
            error = str(exc)
        else:
            return redirect("insights:coverage_run", run.pk)
    recent = [
        run for run in CoverageRun.objects.filter(created_by=request.user)[:20]
        if access.can_view_area(request.user, run.parameters.get("area_level", ""),
                                run.parameters.get("area_code", ""))
    ][:8]  # fmt: skip
    for run in recent:
        run.area_label = access.area_name(run.parameters.get("area_level", ""),
                                          run.parameters.get("area_code", ""))  # fmt: skip
    grid = PopulationGrid.objects.current()
    return render(request, "insights/coverage_form.html",
                  {"form": form, "error": error, "grid": grid, "recent": recent},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


def _initial(request):
    source = request.GET.get("from")
    if source:
        run = CoverageRun.objects.filter(pk=source).first() if _is_uuid(source) else None
        if run and access.can_view_area(request.user, run.parameters.get("area_level", ""),
                                        run.parameters.get("area_code", "")):  # fmt: skip
            return CoverageForm.initial_from(run.parameters)
    return None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _run_for(request, run_id) -> CoverageRun:
    run = get_object_or_404(CoverageRun, pk=run_id)
    access.require_area(request.user, run.parameters.get("area_level", ""),
                        run.parameters.get("area_code", ""))  # fmt: skip
    return run


def _extent(run: CoverageRun):
    """WGS84 bbox (west, south, east, north) of the run's cells, or Finland."""
    kept = load_distances(run.cache_key)
    grid_id = (run.result or {}).get("population_grid", {}).get("id")
    dataset = PopulationGrid.objects.filter(pk=grid_id).first()
    if kept is None or dataset is None or not len(kept[0]):
        return FINLAND
    grid = dataset.load()
    index = kept[0]
    res = grid.resolution
    x0, x1 = float(grid.x[index].min()), float(grid.x[index].max() + res)
    y0, y1 = float(grid.y[index].min()), float(grid.y[index].max() + res)
    lat, lon = _wgs84(np.array([x0, x1, x0, x1]), np.array([y0, y0, y1, y1]))
    return (float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max()))


@coordinator_required
@require_GET
def coverage_run(request, codes, run_id):
    run = _run_for(request, run_id)
    return _render_run(request, run, WhatIfForm(), SuggestForm())


def _render_run(request, run, what_if, suggest, status=200):
    parameters = run.parameters
    context = {
        "run": run,
        "area_name": access.area_name(parameters["area_level"], parameters["area_code"]),
        "filters": presentation.filters_text(parameters),
        "distances": [presentation.km(t) for t in parameters["thresholds_m"]],
        "what_if": what_if,
        "suggest": suggest,
    }
    if run.status == CoverageRun.Status.DONE:
        result = run.result
        names = {m.code: m.name for m in Municipality.objects.all()}
        context.update(
            result=result,
            tables=presentation.tables(result),
            comparison=presentation.comparison(result),
            gaps=presentation.gaps(result, names),
            age_labels=[AGE_LABELS[a] for a in AGE_GROUPS],
            suggestions=presentation.suggestions(result),
            legend=presentation.legend(result["thresholds_m"]),
            extent=_extent(run),
            stale=_is_stale(run),
        )
    return render(request, "insights/coverage_run.html", context, status=status)


def _is_stale(run: CoverageRun) -> bool:
    """Sites, datasets or the engine changed since the run: its key no longer matches."""
    try:
        return resolve(CoverageQuery.from_parameters(run.parameters)).cache_key != run.cache_key
    except QueryError:
        return True


@coordinator_required
@require_GET
def coverage_status(request, codes, run_id):
    run = _run_for(request, run_id)
    return JsonResponse(
        {"status": run.status, "progress": run.progress, "finished": run.is_finished}
    )


@coordinator_required
@require_POST
def coverage_refresh(request, codes, run_id):
    run = _run_for(request, run_id)
    try:
        new, _created = actions.request_coverage(run.parameters, request.user)
    except QueryError:
        return redirect(f"{reverse('insights:coverage')}?from={run.pk}")
    return redirect("insights:coverage_run", new.pk)


@coordinator_required
@require_POST
def coverage_what_if(request, codes, run_id):
    run = _run_for(request, run_id)
    form = WhatIfForm(request.POST)
    if not form.is_valid():
        return _render_run(request, run, form, SuggestForm(), status=400)
    parameters = {**run.parameters, "extra_sites": form.cleaned_data["points"], "suggest": 0}
    new, _created = actions.request_coverage(parameters, request.user)
    return redirect("insights:coverage_run", new.pk)


@coordinator_required
@require_POST
def coverage_suggest(request, codes, run_id):
    run = _run_for(request, run_id)
    form = SuggestForm(request.POST)
    if not form.is_valid():
        return _render_run(request, run, WhatIfForm(), form, status=400)
    radius = form.cleaned_data.get("radius")
    # From a what-if run, its sites stay: the suggestions add to them.
    parameters = {
        **run.parameters,
        "suggest": form.cleaned_data["count"],
        "suggest_radius_m": round(float(radius) * 1000) if radius else None,
    }
    new, _created = actions.request_coverage(parameters, request.user)
    return redirect("insights:coverage_run", new.pk)


def _bbox(request):
    try:
        west, south, east, north = (float(v) for v in request.GET["bbox"].split(","))
    except (KeyError, ValueError):
        raise Http404 from None
    if not (west < east and south < north):
        raise Http404
    corners = [to_tm35fin(lat, lon) for lat in (south, north) for lon in (west, east)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


@coordinator_required
@require_GET
def coverage_cells(request, codes, run_id):
    """The run's grid cells in the map view, coloured by distance class (GeoJSON)."""
    run = _run_for(request, run_id)
    if run.status != CoverageRun.Status.DONE:
        raise Http404
    query = CoverageQuery.from_parameters(run.parameters)
    grid = PopulationGrid.objects.filter(pk=run.result["population_grid"]["id"]).first()
    if grid is None:
        raise Http404
    query.population_grid = grid.pk
    # The licensed 250 m grid's cell counts stay on the server; aggregates are shown instead.
    include_population = grid.resolution >= 1000 or grid.is_synthetic
    layer = distance_layer(query, _bbox(request), MAX_CELLS, cache_key=run.cache_key,
                           include_population=include_population)  # fmt: skip
    return JsonResponse(layer)


@coordinator_required
@require_GET
def coverage_points(request, codes, run_id):
    """Sites, what-if sites, suggestions and the largest gaps of a run (GeoJSON points)."""
    run = _run_for(request, run_id)
    if run.status != CoverageRun.Status.DONE:
        raise Http404
    result = run.result
    west, south, east, north = _extent(run)
    features = []

    def point(lat, lon, **properties):
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}})  # fmt: skip

    from turvaverkko.directory.models import Site

    ids = matching_sites(SiteFilter.from_dict(run.parameters.get("sites"))).ids
    margin = 0.3
    sites = Site.objects.filter(
        pk__in=ids,
        latitude__gte=south - margin, latitude__lte=north + margin,
        longitude__gte=west - margin * 2, longitude__lte=east + margin * 2,
    ).values_list("name", "latitude", "longitude")[:5000]  # fmt: skip
    for name, lat, lon in sites:
        point(lat, lon, role="site", name=name)
    extra = run.parameters.get("extra_sites") or []
    if extra:
        lat, lon = _wgs84(np.array([e for e, _n in extra]), np.array([n for _e, n in extra]))
        for i in range(len(extra)):
            point(round(float(lat[i]), 6), round(float(lon[i]), 6), role="candidate", rank=i + 1)
    for i, s in enumerate((result.get("suggestions") or {}).get("sites", []), start=1):
        point(s["latitude"], s["longitude"], role="suggestion", rank=i,
              residents=s["added_residents"])  # fmt: skip
    for i, c in enumerate(result["gaps"]["clusters"][:10], start=1):
        point(c["latitude"], c["longitude"], role="gap", rank=i, residents=c["residents"],
              name=presentation.place_name(c, ""))  # fmt: skip
    return JsonResponse({"type": "FeatureCollection", "features": features})
