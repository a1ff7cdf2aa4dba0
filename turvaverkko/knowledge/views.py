"""Pages of projects and operating models: thin views over rules (who), actions (writes)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import TaxonomyTerm

from . import actions, innokyla, results, search
from .forms import ImplementationForm, OperatingModelForm, ProjectForm
from .models import LANGS, SECTIONS, Implementation, LanguageStatus, OperatingModel, Project


def _need(request: HttpRequest, perm: str, obj: Model | None = None) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    return None


def _lang(request: HttpRequest) -> str:
    lang = request.GET.get("lang") or translation.get_language() or "fi"
    return lang if lang in LANGS else "fi"


def _review_due(model: OperatingModel) -> bool:
    age = timezone.now() - model.reviewed_at
    return bool(age.days > settings.CONFIRMATION_MAX_AGE_DAYS)


def model_list(request: HttpRequest) -> HttpResponse:
    models, chosen = search.filtered(request.GET)
    query = request.GET.urlencode()
    return render(
        request,
        "knowledge/model_list.html",
        {
            "models": models,
            "chosen": chosen,
            "themes": TaxonomyTerm.objects.filter(taxonomy="theme"),
            "target_groups": TaxonomyTerm.objects.filter(taxonomy="target_group"),
            "municipalities": Municipality.objects.filter(
                code__in=Implementation.objects.values("municipality_id")
            ),
            "query": query,
            "can_add": request.user.has_perm("knowledge.add_operatingmodel"),
        },
    )


def models_csv(request: HttpRequest) -> HttpResponse:
    models, _chosen = search.filtered(request.GET)
    response = HttpResponse(search.as_csv(models), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="operating-models.csv"'
    return response


def models_json(request: HttpRequest) -> HttpResponse:
    models, chosen = search.filtered(request.GET)
    return JsonResponse(
        {"filters": chosen, "results": [search.public_record(m) for m in models]},
        json_dumps_params={"ensure_ascii": False},
    )


def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(OperatingModel, pk=pk)
    lang = translation.get_language() or "fi"
    shown = lang if model.status_of(lang) != LanguageStatus.MISSING else model.original_language
    implementations = list(
        model.implementations.select_related("municipality", "organization").order_by(
            "municipality__name_fi"
        )
    )
    points = [
        {
            "lat": i.municipality.latitude,
            "lon": i.municipality.longitude,
            "name": i.municipality.name,
            "organization": i.organization_label,
            "status": i.get_status_display(),
        }
        for i in implementations
    ]
    return render(
        request,
        "knowledge/model_detail.html",
        {
            "model": model,
            "shown_lang": shown,
            "blocks": innokyla.blocks(model, shown),
            "statuses": [(code, model.status_of(code)) for code in LANGS],
            "implementations": implementations,
            "points": points,
            "projects": Project.objects.filter(
                Q(models_produced=model) | Q(models_used=model)
            ).distinct(),
            "can_edit": request.user.has_perm("knowledge.change_operatingmodel", model),
            "can_see_contacts": request.user.has_perm("knowledge.view_contacts"),
            "review_due": _review_due(model),
        },
    )


def model_innokyla(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(OperatingModel, pk=pk)
    lang = _lang(request)
    if model.status_of(lang) == LanguageStatus.MISSING:
        lang = model.original_language
    return HttpResponse(innokyla.as_text(model, lang), content_type="text/plain; charset=utf-8")


def _model_form(request: HttpRequest, model: OperatingModel, title: str) -> HttpResponse:
    lang = _lang(request)
    form = OperatingModelForm(request.POST or None, instance=model, lang=lang)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_model(
            form.save(commit=False),
            request.user,
            lang=lang,
            status=form.cleaned_data["status"],
            m2m=form.save_m2m,
        )
        messages.success(request, _("The operating model was saved."))
        return redirect("knowledge:model_detail", saved.pk)
    return render(
        request,
        "knowledge/model_form.html",
        {
            "form": form,
            "title": title,
            "model": model if model.pk else None,
            "lang": lang,
            "langs": [(code, label) for code, label in settings.LANGUAGES],
            "sections": SECTIONS,
        },
    )


def model_create(request: HttpRequest) -> HttpResponse:
    denied = _need(request, "knowledge.add_operatingmodel")
    if denied:
        return denied
    return _model_form(request, OperatingModel(), _("Record an operating model"))


def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(OperatingModel, pk=pk)
    denied = _need(request, "knowledge.change_operatingmodel", model)
    if denied:
        return denied
    return _model_form(request, model, _("Edit %(name)s") % {"name": model.name})


@login_required
@require_POST
def model_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(OperatingModel, pk=pk)
    if not request.user.has_perm("knowledge.change_operatingmodel", model):
        raise PermissionDenied
    actions.confirm_model(model, request.user)
    messages.success(request, _("Thank you, the content was confirmed as current."))
    return redirect("knowledge:model_detail", model.pk)


@login_required
def implementation_create(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(OperatingModel, pk=pk)
    if not request.user.has_perm("knowledge.add_implementation"):
        raise PermissionDenied
    form = ImplementationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        implementation = form.save(commit=False)
        implementation.model = model
        actions.add_implementation(implementation, request.user)
        messages.success(request, _("The implementation was added."))
        return redirect(reverse("knowledge:model_detail", args=[model.pk]) + "#where-it-runs")
    return render(
        request,
        "knowledge/simple_form.html",
        {
            "form": form,
            "title": _("Where does %(name)s run?") % {"name": model.name},
            "cancel": reverse("knowledge:model_detail", args=[model.pk]),
        },
    )


def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/project_list.html",
        {
            "projects": Project.objects.prefetch_related("parties__organization"),
            "can_add": request.user.has_perm("knowledge.add_project"),
        },
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    year = (project.ends_on or timezone.localdate()).year
    codes = list(project.municipalities.values_list("code", flat=True))
    return render(
        request,
        "knowledge/project_detail.html",
        {
            "project": project,
            "parties": project.parties.select_related("organization"),
            "results": results.indicator_rows(codes, year) if codes else [],
            "year": year,
            "can_edit": request.user.has_perm("knowledge.change_project", project),
            "can_report": request.user.has_perm("knowledge.view_stea_report"),
        },
    )


def _project_form(request: HttpRequest, project: Project, title: str) -> HttpResponse:
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_project(
            form.save(commit=False), request.user, form.cleaned_data["parties"], form.save_m2m
        )
        messages.success(request, _("The project was saved."))
        return redirect("knowledge:project_detail", saved.pk)
    cancel = (
        reverse("knowledge:project_detail", args=[project.pk])
        if project.pk
        else reverse("knowledge:projects")
    )
    return render(
        request, "knowledge/simple_form.html", {"form": form, "title": title, "cancel": cancel}
    )


def project_create(request: HttpRequest) -> HttpResponse:
    denied = _need(request, "knowledge.add_project")
    if denied:
        return denied
    return _project_form(request, Project(), _("Add a project"))


def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    denied = _need(request, "knowledge.change_project", project)
    if denied:
        return denied
    return _project_form(request, project, _("Edit %(name)s") % {"name": project.name})


@login_required
def project_stea_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    if not request.user.has_perm("knowledge.view_stea_report"):
        raise PermissionDenied
    if year < 2000 or year > 2100:
        raise Http404
    return render(request, "knowledge/stea_report.html", results.stea_report(project, year))
