"""What the incoming messages panel shows (views/messages.py, the incident page and the
dashboard's count of unclear messages waiting)."""

from django.db.models import Q

from ..models import Recipient, Reply

PANEL_SIZE = 100  # the newest messages shown; the rest stay in the record (report, export)


def waiting_filter(incidents) -> Q:
    """Unclear messages nobody has handled yet, for these incidents (pks or a queryset)."""
    return Q(source=Reply.Source.SMS, is_unclear=True, handled_at__isnull=True) & (
        Q(activation__incident__in=incidents) | Q(candidate_activations__incident__in=incidents)
    )


def incoming_messages(incident) -> dict:
    """The panel's context, in a fixed number of queries whatever the number of messages."""
    for_incident = Q(activation__incident=incident) | Q(candidate_activations__incident=incident)
    ids = list(
        Reply.objects.filter(for_incident, source=Reply.Source.SMS)
        .values_list("pk", flat=True)
        .distinct()
        .order_by()
    )
    rows = list(
        Reply.objects.filter(pk__in=ids)
        .select_related("recipient", "activation", "handled_by")
        .prefetch_related("candidate_activations")
        .order_by("-received_at", "-pk")[:PANEL_SIZE]
    )
    waiting = [r for r in rows if r.is_unclear and r.handled_at is None]
    recipients = []
    if waiting:
        recipients = list(
            Recipient.objects.filter(activation__incident=incident)
            .select_related("activation")
            .order_by("name", "pk")
        )
    by_phone = {}
    for r in recipients:
        by_phone.setdefault(r.phone, r)
    for reply in waiting:
        chosen = reply.recipient or by_phone.get(reply.sender)
        reply.suggested_pk = chosen.pk if chosen else None
    return {
        "incoming": rows,
        "waiting_count": Reply.objects.filter(waiting_filter([incident.pk])).distinct().count(),
        "message_recipients": recipients,
        "total_count": len(ids),
    }
