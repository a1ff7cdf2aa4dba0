"""Named write operations of preparedness, and what the incidents app reads from plans.

Every change to a plan, its scenarios or roles turns an approved plan back into a draft:
an approval covers exactly the content that was approved (the history shows both).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PlanScenario, ReadinessPlan, Role, RoleContact


def _audit(instance, user, reason=""):
    instance._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        instance._change_reason = reason


def _back_to_draft(plan: ReadinessPlan, user):
    plan.refresh_from_db(fields=["status"])
    if plan.status == ReadinessPlan.Status.APPROVED:
        plan.status = ReadinessPlan.Status.DRAFT
        plan.approved_by = None
        plan.approved_at = None
        _audit(plan, user, _("changed after approval: back to draft"))
        plan.save()


@transaction.atomic
def save_plan(form, user) -> ReadinessPlan:
    """Save a ReadinessPlanForm; an approved plan that is edited becomes a draft."""
    plan = form.save(commit=False)
    if plan.pk and form.has_changed() and plan.status == ReadinessPlan.Status.APPROVED:
        plan.status = ReadinessPlan.Status.DRAFT
        plan.approved_by = None
        plan.approved_at = None
    _audit(plan, user, _("plan saved"))
    plan.save()
    form.save_m2m()
    return plan


@transaction.atomic
def approve_plan(plan: ReadinessPlan, user) -> ReadinessPlan:
    plan.status = ReadinessPlan.Status.APPROVED
    plan.approved_by = user
    plan.approved_at = timezone.now()
    _audit(plan, user, _("plan approved"))
    plan.save()
    return plan


@transaction.atomic
def save_scenario(form, plan: ReadinessPlan, user) -> PlanScenario:
    scenario = form.save(commit=False)
    scenario.plan = plan
    _audit(scenario, user, _("scenario saved"))
    scenario.save()
    _back_to_draft(plan, user)
    return scenario


@transaction.atomic
def delete_scenario(scenario: PlanScenario, user) -> None:
    plan = scenario.plan
    _audit(scenario, user, _("scenario removed"))
    scenario.delete()
    _back_to_draft(plan, user)


@transaction.atomic
def save_role(form, scenario: PlanScenario, user) -> Role:
    role = form.save(commit=False)
    role.scenario = scenario
    if role.pk and "organization" in form.changed_data:
        role.chain_links.all().delete()  # the old order belonged to another organisation
    _audit(role, user, _("role saved"))
    role.save()
    form.save_m2m()
    _back_to_draft(scenario.plan, user)
    return role


@transaction.atomic
def delete_role(role: Role, user) -> None:
    plan = role.scenario.plan
    _audit(role, user, _("role removed"))
    role.delete()
    _back_to_draft(plan, user)


@transaction.atomic
def set_contact_chain(role: Role, contacts: list, user) -> None:
    """Override the order of the role's chain; an empty list restores the default."""
    role.chain_links.all().delete()
    RoleContact.objects.bulk_create(
        RoleContact(role=role, contact=c, position=i) for i, c in enumerate(contacts)
    )
    _audit(role, user, _("contact chain reordered"))
    role.save()  # a history row records that the chain changed
    _back_to_draft(role.scenario.plan, user)


def proposed_activations(plan_scenario: PlanScenario) -> list[dict]:
    """What to activate when this scenario happens, in the plan's order.

    Each item: {"organization": Organization, "contacts": [ContactPerson, ...] (the chain,
    primary first, deputies after), "task": str, "resources": [Resource, ...],
    "role": Role, "trigger": str, "readiness_minutes": int | None}.
    """
    roles = plan_scenario.roles.select_related("organization").prefetch_related(
        "resources", "chain_links__contact", "organization__contacts"
    )
    out = []
    for role in roles:
        out.append(
            {
                "organization": role.organization,
                "contacts": role.contact_chain(),
                "task": role.task,
                "resources": list(role.resources.all()),
                "role": role,
                "trigger": role.trigger,
                "readiness_minutes": role.readiness_minutes,
            }
        )
    return out


@transaction.atomic
def record_drill_figures(
    exercise,
    *,
    held_on,
    reply_rate: float | None,
    minutes_to_half: float | None,
    minutes_to_90: float | None,
    failed_contacts: int,
    non_responders: list[str],
) -> None:
    """Write the measured figures of a drill's real activation to its exercise record
    (called by incidents when the drill incident is closed; never typed in by hand)."""
    exercise.held_on = exercise.held_on or held_on
    exercise.reply_rate = reply_rate
    exercise.minutes_to_half_replied = None if minutes_to_half is None else round(minutes_to_half)
    exercise.minutes_to_90_replied = None if minutes_to_90 is None else round(minutes_to_90)
    exercise.failed_contacts = failed_contacts
    exercise.non_responders = list(non_responders)
    exercise.figures_recorded_at = timezone.now()
    _audit(exercise, None, _("drill figures recorded"))
    exercise.save()
