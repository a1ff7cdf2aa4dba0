from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from turvaverkko.registry.changes import Track, history_entries

from .. import actions
from ..forms import ContactChainForm, PlanScenarioForm, ReadinessPlanForm, RoleForm
from ..models import PlanScenario, ReadinessPlan, Role
from ..rules import filter_readable, readable_codes
from .common import form_page, login_required, need


@login_required
def plan_list(request):
    need(request, "preparedness.view")
    plans = filter_readable(
        ReadinessPlan.objects.prefetch_related("municipalities"), request.user, "municipalities"
    )
    codes = readable_codes(request.user)
    from turvaverkko.areas.models import Municipality

    municipalities = Municipality.objects.all() if codes is None else None
    if municipalities is None:
        municipalities = Municipality.objects.filter(code__in=codes)
    return render(
        request,
        "preparedness/plan_list.html",
        {
            "plans": plans,
            "municipalities": municipalities[:50],
            "can_add": request.user.has_perm("preparedness.add"),
        },
    )


def _plan(request, pk, perm="preparedness.view_object"):
    plan = get_object_or_404(ReadinessPlan, pk=pk)
    need(request, perm, plan)
    return plan


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk)
    scenarios = plan.scenarios.prefetch_related(
        "roles__organization__contacts",
        "roles__chain_links__contact",
        "roles__resources",
        "roles__agreement",
    )
    can_edit = request.user.has_perm("preparedness.change_object", plan)
    return render(
        request,
        "preparedness/plan_detail.html",
        {
            "plan": plan,
            "scenarios": scenarios,
            "history": plan_history(plan) if can_edit else None,
            "can_edit": can_edit,
        },
    )


def plan_history(plan) -> list:
    """The plan's changes with those of its scenarios and roles (also removed ones)."""
    scenario_ids = PlanScenario.history.filter(plan_id=plan.pk).values("id")
    return history_entries(
        Track(
            plan.history.all(),
            ReadinessPlan,
            ("title", "description", "status", "approved_by", "approved_at"),
            lambda r: capfirst(ReadinessPlan._meta.verbose_name),
            m2m=("municipalities",),
        ),
        Track(
            PlanScenario.history.filter(plan_id=plan.pk),
            PlanScenario,
            ("kind", "description", "alert_text_fi", "alert_text_sv", "alert_text_en"),
            lambda r: _("Scenario %(name)s") % {"name": r.get_kind_display()},
        ),
        Track(
            Role.history.filter(scenario_id__in=scenario_ids),
            Role,
            ("task", "organization", "trigger", "readiness_minutes", "agreement", "order"),
            lambda r: _("Role %(name)s") % {"name": r.task},
            m2m=("resources",),
        ),
    )


@login_required
def plan_create(request):
    need(request, "preparedness.add")
    form = ReadinessPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = actions.save_plan(form, request.user)
        messages.success(request, _("The plan was saved as a draft."))
        return redirect("preparedness:plan", plan.pk)
    return form_page(request, form, _("New readiness plan"), reverse("preparedness:plans"))


@login_required
def plan_edit(request, pk):
    plan = _plan(request, pk, "preparedness.change_object")
    form = ReadinessPlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.save_plan(form, request.user)
        messages.success(request, _("The plan was saved."))
        return redirect("preparedness:plan", plan.pk)
    url = reverse("preparedness:plan", args=[plan.pk])
    return form_page(request, form, _("Edit the plan"), url)


@login_required
@require_POST
def plan_approve(request, pk):
    plan = _plan(request, pk, "preparedness.change_object")
    actions.approve_plan(plan, request.user)
    messages.success(request, _("The plan was approved."))
    return redirect("preparedness:plan", plan.pk)


@login_required
def scenario_create(request, pk):
    plan = _plan(request, pk, "preparedness.change_object")
    form = PlanScenarioForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        scenario = actions.save_scenario(form, plan, request.user)
        messages.success(request, _("The scenario was added."))
        return redirect(reverse("preparedness:plan", args=[plan.pk]) + f"#scenario-{scenario.pk}")
    url = reverse("preparedness:plan", args=[plan.pk])
    return form_page(request, form, _("Add a scenario"), url, extra={"plan": plan})


def _scenario(request, pk):
    scenario = get_object_or_404(PlanScenario.objects.select_related("plan"), pk=pk)
    need(request, "preparedness.change_object", scenario)
    return scenario


@login_required
def scenario_edit(request, pk):
    scenario = _scenario(request, pk)
    plan = scenario.plan
    form = PlanScenarioForm(request.POST or None, instance=scenario, plan=plan)
    if request.method == "POST" and form.is_valid():
        actions.save_scenario(form, plan, request.user)
        messages.success(request, _("The scenario was saved."))
        return redirect(reverse("preparedness:plan", args=[plan.pk]) + f"#scenario-{scenario.pk}")
    url = reverse("preparedness:plan", args=[plan.pk])
    return form_page(request, form, _("Edit the scenario"), url, extra={"plan": plan})


@login_required
@require_POST
def scenario_delete(request, pk):
    scenario = _scenario(request, pk)
    plan = scenario.plan
    actions.delete_scenario(scenario, request.user)
    messages.success(request, _("The scenario was removed."))
    return redirect("preparedness:plan", plan.pk)


@login_required
def role_create(request, pk):
    scenario = _scenario(request, pk)
    form = RoleForm(request.POST or None, plan=scenario.plan)
    if request.method == "POST" and form.is_valid():
        actions.save_role(form, scenario, request.user)
        messages.success(request, _("The role was added."))
        return redirect(
            reverse("preparedness:plan", args=[scenario.plan_id]) + f"#scenario-{scenario.pk}"
        )
    url = reverse("preparedness:plan", args=[scenario.plan_id])
    title = _("Add a role: %(scenario)s") % {"scenario": scenario.get_kind_display()}
    return form_page(request, form, title, url)


def _role(request, pk):
    role = get_object_or_404(Role.objects.select_related("scenario__plan", "organization"), pk=pk)
    need(request, "preparedness.change_object", role)
    return role


@login_required
def role_edit(request, pk):
    role = _role(request, pk)
    form = RoleForm(request.POST or None, instance=role, plan=role.scenario.plan)
    if request.method == "POST" and form.is_valid():
        actions.save_role(form, role.scenario, request.user)
        messages.success(request, _("The role was saved."))
        return redirect("preparedness:plan", role.scenario.plan_id)
    url = reverse("preparedness:plan", args=[role.scenario.plan_id])
    return form_page(request, form, _("Edit the role"), url)


@login_required
@require_POST
def role_delete(request, pk):
    role = _role(request, pk)
    plan_id = role.scenario.plan_id
    actions.delete_role(role, request.user)
    messages.success(request, _("The role was removed."))
    return redirect("preparedness:plan", plan_id)


@login_required
def role_chain(request, pk):
    role = _role(request, pk)
    form = ContactChainForm(request.POST or None, role=role)
    moved = None
    if request.method == "POST" and ContactChainForm.MOVE in request.POST:
        # A Move button: show the new order; it is saved with Save.
        moved = form.moved()
        form = moved or form
    elif request.method == "POST" and form.is_valid():
        actions.set_contact_chain(role, form.ordered_contacts(), request.user)
        messages.success(request, _("The contact chain was saved."))
        return redirect("preparedness:plan", role.scenario.plan_id)
    context = {
        "form": form,
        "title": _("Contact chain: %(task)s") % {"task": role.task},
        "cancel_url": reverse("preparedness:plan", args=[role.scenario.plan_id]),
        "has_errors": form.is_bound and bool(form.errors),
        "moved": moved.moved_contact() if moved else None,
    }
    return render(request, "preparedness/contact_chain.html", context)
