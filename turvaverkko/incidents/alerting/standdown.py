"""Standing down and closing (the actions are actions.stand_down and actions.close_incident):
who gets the release message, its text, and a drill's figures for its exercise record.

`plan()` tells the coordinator beforehand what it will do (counts only), on the confirmation
pages of stand-down and close."""

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import pgettext

from turvaverkko.notify.models import Delivery

from ..figures import figures
from ..log import log_event
from ..models import Activation, Incident, Recipient
from .messages import lang

Status = Incident.Status
COMING = [Recipient.PersonStatus.ACCEPTED, Recipient.PersonStatus.EN_ROUTE]


def _live_recipients(incident):
    return Recipient.objects.filter(activation__incident=incident, activation__is_cancelled=False)


def release_recipients(incident) -> list[Recipient]:
    """Who gets the release message: everyone who said yes or late or is accepted, en route
    or on site, and every organisation contact still pending (no answer, not failed)."""
    coming = Q(answer__in=["yes", "late"]) | Q(
        person_status__in=[*COMING, Recipient.PersonStatus.ON_SITE]
    )
    pending_contact = Q(kind=Recipient.Kind.CONTACT, answer="", failed_at__isnull=True)
    return list(
        _live_recipients(incident)
        .filter(coming | pending_contact)
        .exclude(answer="no")
        .select_related("activation", "volunteer")
        .order_by("activation", "pk")
    )


def pending_escalations(incident):
    return _live_recipients(incident).filter(
        kind=Recipient.Kind.CONTACT, answer="", escalated_at__isnull=True
    )


def _pending_deliveries(incident):
    keys = [a.dispatch_key for a in incident.activations.all()]
    return Delivery.objects.filter(dispatch__key__in=keys, state=Delivery.State.QUEUED)


def plan(incident) -> dict:
    """What standing down (or closing a live incident) will do, in counts."""
    incident.refresh_from_db(fields=["status"])
    recipients = release_recipients(incident) if incident.status == Status.ACTIVE else []
    coming = [r for r in recipients if r.answer in ("yes", "late") or r.person_status in COMING]
    exercise = incident.exercise if incident.exercise_id else None
    return {
        "release": len(recipients),
        "coming": len(coming),
        "pending_contacts": len(recipients) - len(coming),
        "escalations": pending_escalations(incident).count()
        if incident.status == Status.ACTIVE
        else 0,
        "deliveries": _pending_deliveries(incident).count()
        if incident.status == Status.ACTIVE
        else 0,
        "exercise": exercise,
    }


def release_text(incident, language: str) -> str:
    with translation.override(lang(language)):
        return pgettext(
            "alert message", "Stand down: %(title)s. Thank you, you are released and need not come."
        ) % {"title": incident.title}


def record_drill(incident: Incident, *, user=None) -> None:
    from turvaverkko.preparedness.actions import record_drill_figures

    f = figures(incident)
    first = Activation.objects.filter(incident=incident).order_by("created_at").first()
    record_drill_figures(
        incident.exercise,
        held_on=timezone.localdate(first.created_at if first else incident.opened_at),
        reply_rate=None if f["reply_rate"] is None else f["answered"] / f["total"],
        minutes_to_half=f["to_50"],
        minutes_to_90=f["to_90"],
        failed_contacts=len(f["failed"]),
        non_responders=[
            f"{r.name} ({r.organization})" if r.organization_id else r.name
            for r in f["non_responders"]
        ],
    )
    log_event(incident, "drill_figures", author=user, exercise=str(incident.exercise))
