"""Personal data in delivery records: pseudonymise them, or read them out for an export.

notify knows people only by the caller's recipient key ("incident-recipient:45") and by
address. A caller that erases a person, or whose retention period has run out, names the
keys or addresses here. What a report needs stays: the channel, the state, the number of
attempts and every time stamp. What tells who the person was and what they were sent goes:
the address, the subject, the text, the channel data and the provider's error (which often
repeats the address). A delivery not yet sent is stopped (failed), never sent to nobody.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Delivery, InboundMessage

ERASED = "(erased)"
_BATCH = 500


def _pseudonymise(query: Q) -> int:
    rows = Delivery.objects.filter(query).exclude(address="")
    now = timezone.now()
    with transaction.atomic():
        rows.filter(state__in=Delivery.UNFINISHED).update(
            state=Delivery.State.FAILED,
            permanent_failure=True,
            next_attempt_at=now,
            claimed_by="",
            claimed_until=None,
        )
        return rows.update(address="", subject="", body="", html="", data={}, last_error=ERASED)


def _batches(values: Iterable[str]):
    values = sorted({v for v in values if v})
    for start in range(0, len(values), _BATCH):
        yield values[start : start + _BATCH]


def forget_addresses(addresses: Iterable[str]) -> int:
    """Pseudonymise every delivery sent to one of these addresses."""
    return sum(_pseudonymise(Q(address__in=batch)) for batch in _batches(addresses))


def forget_recipients(recipient_keys: Iterable[str]) -> int:
    """Pseudonymise every delivery to these recipients (the caller's keys)."""
    return sum(_pseudonymise(Q(recipient_key__in=batch)) for batch in _batches(recipient_keys))


def forget_senders(senders: Iterable[str]) -> int:
    """Pseudonymise the inbound messages these numbers sent (their number and text)."""
    return sum(
        InboundMessage.objects.filter(sender__in=batch).update(sender="", text="")
        for batch in _batches(senders)
    )


def expire_inbound(received_before) -> int:
    """Pseudonymise inbound messages received before this time (the retention period)."""
    rows = InboundMessage.objects.filter(received_at__lte=received_before)
    return rows.exclude(sender="", text="").update(sender="", text="")


def deliveries_for(recipient_keys: Iterable[str]) -> list[dict]:
    """The messages sent to these recipients, for the person's own export."""
    out = []
    for batch in _batches(recipient_keys):
        rows = Delivery.objects.filter(recipient_key__in=batch).select_related("dispatch")
        for d in rows.order_by("created_at", "pk"):
            out.append(
                {
                    "channel": d.channel,
                    "address": d.address,
                    "subject": d.subject,
                    "text": d.body,
                    "state": d.state,
                    "created_at": d.created_at,
                    "sent_at": d.sent_at,
                    "delivered_at": d.delivered_at,
                }
            )
    return sorted(out, key=lambda row: row["created_at"])
