"""Help requests: a need (skill, number of people, place, time) and who is asked to fill it."""

from datetime import timedelta
from enum import StrEnum

from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone

from turvaverkko.notify.actions import queue_deliveries
from turvaverkko.volunteers.models import HelpOffer

from ..alerting.selection import candidate_volunteers
from ..log import log_event
from ..models import HelpAssignment, HelpRequest, SituationEntry
from . import messages


def candidates(help_request, limit=20):
    """Volunteers available in the request's own time window (not when the coordinator
    looks), ranked by fit (skill) and distance, not yet asked. A request without an end is
    read as its first hour."""
    asked = set(help_request.assignments.values_list("volunteer_id", flat=True))
    skills = [help_request.skill] if help_request.skill_id else []
    start = help_request.starts_at
    end = help_request.ends_at if help_request.ends_at and help_request.ends_at > start else None
    out = [
        c
        for c in candidate_volunteers(
            help_request.incident,
            skills=skills,
            when=start,
            until=end or start + timedelta(hours=1),
        )
        if c.volunteer.pk not in asked
    ]
    return out[:limit]


def matching_offers(help_request):
    """Unhandled offers of help in the incident's municipalities, with the skill if given."""
    codes = help_request.incident.municipalities.values_list("code", flat=True)
    qs = HelpOffer.objects.filter(handled_at__isnull=True).filter(
        Q(municipality__code__in=codes) | Q(municipality__isnull=True)
    )
    if help_request.skill_id:
        qs = qs.filter(skills=help_request.skill_id)
    asked = help_request.assignments.values_list("help_offer_id", flat=True)
    return qs.exclude(pk__in=[pk for pk in asked if pk]).distinct()


@transaction.atomic
def create(incident, *, user, organization=None, **fields) -> HelpRequest:
    hr = HelpRequest.objects.create(
        incident=incident, created_by=user, organization=organization, **fields
    )
    log_event(
        incident,
        "help_request",
        author=user,
        organization=organization,
        place=hr.place,
        n=hr.people_needed,
        skill=str(hr.skill or ""),
        text=hr.text,
    )
    return hr


@transaction.atomic
def invite(help_request, volunteers, *, user) -> int:
    """Ask volunteers (one message each through notify) and record them as invited."""
    out = []
    count = 0
    for v in volunteers:
        assignment, created = HelpAssignment.objects.get_or_create(
            help_request=help_request, volunteer=v, defaults={"invited_by": user}
        )
        if not created:
            continue
        count += 1
        if v.phone and "sms" in (v.channels or ["sms"]):
            out.append(messages.invitation(assignment, "sms"))
        elif v.email:
            out.append(messages.invitation(assignment, "email"))
    if out:
        queue_deliveries(
            f"help-request:{help_request.pk}:{HelpAssignment.objects.filter(help_request=help_request).count()}",
            out,
        )
    return count


@transaction.atomic
def add_offer(help_request, offer, *, user) -> HelpAssignment:
    assignment, _created = HelpAssignment.objects.get_or_create(
        help_request=help_request, help_offer=offer, defaults={"invited_by": user}
    )
    return assignment


@transaction.atomic
def set_status(assignment, status, *, user) -> None:
    HelpAssignment.objects.filter(pk=assignment.pk).update(status=status)
    hr = assignment.help_request
    assigned = hr.assignments.filter(status=HelpAssignment.Status.ASSIGNED).count()
    if assigned >= hr.people_needed and hr.status == HelpRequest.Status.OPEN:
        HelpRequest.objects.filter(pk=hr.pk).update(status=HelpRequest.Status.FILLED)


class Outcome(StrEnum):
    """What became of a volunteer's answer from a link."""

    RECORDED = "recorded"
    UNCHANGED = "unchanged"  # the same answer again (a second tap): nothing new to log
    ASSIGNED = "assigned"  # the coordinator has assigned them already; the answer is not taken
    CLOSED = "closed"  # the incident is over or the request filled or closed: not needed


ANSWER_STATUS = {
    "accept": HelpAssignment.Status.ACCEPTED,
    "decline": HelpAssignment.Status.DECLINED,
}


def cannot_answer(assignment) -> Outcome | None:
    """Why the volunteer cannot answer now (CLOSED or ASSIGNED), or None when they can."""
    hr = assignment.help_request
    if not hr.incident.is_live or hr.status == HelpRequest.Status.CLOSED:
        return Outcome.CLOSED
    if assignment.status == HelpAssignment.Status.ASSIGNED:
        return Outcome.ASSIGNED
    if hr.status != HelpRequest.Status.OPEN:  # filled by others
        return Outcome.CLOSED
    return None


@transaction.atomic
def record_answer(assignment, answer: str) -> Outcome:
    """A volunteer's own answer ("accept" or "decline") to an invitation.

    A later answer replaces an earlier one until the coordinator assigns the volunteer.
    Nothing is assigned automatically, even when enough people have accepted: the
    coordinator chooses (set_status). Each recorded answer is logged for the coordinator,
    and so is an assigned volunteer saying they cannot help after all.
    """
    status = ANSWER_STATUS[answer]
    # Locked so that a coordinator's assignment and the volunteer's answer do not cross.
    current = (
        HelpAssignment.objects.select_for_update(of=("self",))
        .select_related("help_request__incident", "volunteer")
        .get(pk=assignment.pk)
    )
    hr = current.help_request
    outcome = cannot_answer(current)
    if outcome == Outcome.ASSIGNED and status == HelpAssignment.Status.DECLINED:
        _log(current, "help_declined_assigned", SituationEntry.Severity.WARNING)
    if outcome:
        return outcome
    if current.status == status:
        return Outcome.UNCHANGED
    HelpAssignment.objects.filter(pk=current.pk).update(status=status, responded_at=timezone.now())
    if status == HelpAssignment.Status.ACCEPTED:
        accepted = hr.assignments.filter(status=HelpAssignment.Status.ACCEPTED).count()
        _log(current, "help_accepted", accepted=accepted, needed=hr.people_needed)
    else:
        _log(current, "help_declined")
    return Outcome.RECORDED


def _log(assignment, event: str, severity=SituationEntry.Severity.INFO, **params) -> None:
    # Written by the system (no author); log.py shows it in the reader's language.
    hr = assignment.help_request
    log_event(
        hr.incident,
        event,
        place=hr.place,
        severity=severity,
        name=assignment.name,
        text=hr.text,
        **params,
    )


def answers_first(assignments):
    """Accepted first (the coordinator assigns from them), then assigned, not yet answered
    and declined; within each, in the order they answered or were asked."""
    order = Case(
        When(status=HelpAssignment.Status.ACCEPTED, then=Value(0)),
        When(status=HelpAssignment.Status.ASSIGNED, then=Value(1)),
        When(status=HelpAssignment.Status.INVITED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return assignments.annotate(answer_order=order).order_by(
        "answer_order", F("responded_at").asc(nulls_last=True), "created_at", "pk"
    )
