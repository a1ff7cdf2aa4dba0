"""Named write operations of notify: queue a message for many recipients, record reports."""

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Channel, Delivery, Dispatch, InboundMessage
from .signals import delivery_failed_permanently, message_received


@dataclass(frozen=True)
class Message:
    """One recipient's copy of a message on one channel."""

    recipient_key: str  # the caller's name for the recipient: "volunteer:45", "contact:7"
    channel: str  # "email", "sms" or "push"
    address: str  # e-mail address, E.164 number or push subscription JSON
    body: str  # plain text; for SMS already composed (sms.text.compose_sms)
    subject: str = ""
    html: str = ""
    language: str = ""
    # Channel-specific extras (Delivery.data); push: {"url": …, "actions": [{action, title, url}]}
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Queued:
    dispatch: Dispatch
    new: int  # deliveries created by this call (0 when everything existed already)


def queue_deliveries(
    dispatch_key: str, messages: Iterable[Message], *, enqueue: bool = True
) -> Queued:
    """Create the delivery rows of a message (one per recipient and channel) and enqueue
    sending on commit. Idempotent: calling it again with the same key and recipients
    creates nothing and sends nothing twice; new recipients (a deputy) are added."""
    valid = set(Channel.values)
    rows = []
    for m in messages:
        if m.channel not in valid:
            raise ValueError(f"unknown channel {m.channel!r}")
        rows.append(m)
    with transaction.atomic():
        dispatch, _ = Dispatch.objects.get_or_create(key=dispatch_key)
        now = timezone.now()
        if connection.vendor == "postgresql":
            new = _copy_rows(dispatch, rows, now)
        else:
            before = dispatch.deliveries.count()
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        dispatch=dispatch,
                        recipient_key=m.recipient_key,
                        channel=m.channel,
                        address=m.address,
                        subject=m.subject[:255],
                        body=m.body,
                        html=m.html,
                        language=m.language,
                        data=m.data,
                        created_at=now,
                        next_attempt_at=now,
                    )
                    for m in rows
                ],
                batch_size=500,
                ignore_conflicts=True,
            )
            new = dispatch.deliveries.count() - before
        if enqueue and new:
            for channel in _task_order(rows):
                transaction.on_commit(lambda ch=channel: _enqueue(ch))
    return Queued(dispatch, new)


def _copy_rows(dispatch: Dispatch, rows: list[Message], now) -> int:
    """PostgreSQL: COPY the rows into a temporary table and move them over with one
    INSERT … ON CONFLICT DO NOTHING (existing deliveries stay as they are). For a national
    alert (200,000 rows) this takes seconds where bulk_create took minutes of model
    instances and parameter lists. Returns how many rows were new."""
    db = connections[DEFAULT_DB_ALIAS]  # not the thread-local proxy, 200,000 times
    fields = [f for f in Delivery._meta.concrete_fields if not f.primary_key]
    data_field = Delivery._meta.get_field("data")
    given = {
        "dispatch": lambda m: dispatch.pk,
        "recipient_key": lambda m: m.recipient_key,
        "channel": lambda m: m.channel,
        "address": lambda m: m.address,
        "subject": lambda m: m.subject[:255],
        "body": lambda m: m.body,
        "html": lambda m: m.html,
        "language": lambda m: m.language,
        "data": lambda m: data_field.get_db_prep_save(m.data, db),
        "created_at": lambda m: now,
        "next_attempt_at": lambda m: now,
    }
    values = []
    for f in fields:
        if f.name in given:
            values.append(given[f.name])
        elif f.has_default() and callable(f.default):  # the key: a new UUID for every row
            values.append(lambda m, f=f: f.get_db_prep_save(f.default(), db))
        else:
            constant = f.get_db_prep_save(f.get_default(), db)
            values.append(lambda m, c=constant: c)
    quote = connection.ops.quote_name
    table = quote(Delivery._meta.db_table)
    incoming = quote(f"notify_incoming_{uuid.uuid4().hex[:12]}")
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {incoming} ON COMMIT DROP AS "  # noqa: S608 (names are ours)
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY {incoming} ({columns}) FROM STDIN") as copy:
            for m in rows:
                copy.write_row([value(m) for value in values])
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {incoming} "  # noqa: S608
            "ON CONFLICT DO NOTHING"
        )
        new = cursor.rowcount
        cursor.execute(f"DROP TABLE {incoming}")
    return new


# SMS first: the quickest to reach someone, and what the first free worker should take.
CHANNEL_PRIORITY = {"sms": 0, "push": 1, "email": 2}
ROWS_PER_TASK = 200  # a smaller activation is not worth splitting


def _task_order(messages: list[Message]) -> list[str]:
    """The deliver_pending tasks to enqueue, one entry per task: up to
    NOTIFY_TASKS_PER_CHANNEL per channel, so that as many workers share a big activation,
    interleaved by channel so that no channel waits for another to finish."""
    per_channel = Counter(m.channel for m in messages)
    limit = max(1, settings.NOTIFY_TASKS_PER_CHANNEL)
    tasks = {ch: min(limit, -(-n // ROWS_PER_TASK)) for ch, n in per_channel.items()}
    channels = sorted(tasks, key=lambda ch: CHANNEL_PRIORITY.get(ch, 9))
    return [ch for i in range(max(tasks.values(), default=0)) for ch in channels if i < tasks[ch]]


def _enqueue(channel: str) -> None:
    from . import tasks

    tasks.deliver_pending.enqueue(channel=channel)


def cancel_pending(dispatch_key: str, recipient_keys: Iterable[str] | None = None) -> int:
    """Withdraw the deliveries of a dispatch that no worker has taken yet (queued, not
    claimed or with a lapsed claim): they become "cancelled" and are never sent. A row in a
    worker's hand is left alone: it may already be with the provider. Returns how many."""
    now = timezone.now()
    qs = Delivery.objects.filter(dispatch__key=dispatch_key, state=Delivery.State.QUEUED).filter(
        Q(claimed_by="") | Q(claimed_until__lt=now)
    )
    if recipient_keys is not None:
        qs = qs.filter(recipient_key__in=list(recipient_keys))
    return qs.update(state=Delivery.State.CANCELLED, claimed_by="", claimed_until=None)


@transaction.atomic
def record_delivery_report(key: str, *, delivered: bool, error: str = "") -> Delivery | None:
    """A provider's delivery report (by the delivery's key): sent -> delivered or failed.

    Only a row already recorded as sent moves; a report that overtakes the worker's own
    record is ignored (GET /sms/{id} still tells the status)."""
    delivery = Delivery.objects.select_for_update().filter(key=key).first()
    if delivery is None or delivery.state != Delivery.State.SENT:
        return delivery
    now = timezone.now()
    if delivered:
        delivery.state, delivery.delivered_at = Delivery.State.DELIVERED, now
        delivery.save(update_fields=["state", "delivered_at"])
    else:
        delivery.state = Delivery.State.FAILED
        delivery.permanent_failure = True
        delivery.last_error = error[:2000] or "the provider reported it undeliverable"
        delivery.save(update_fields=["state", "permanent_failure", "last_error"])
        transaction.on_commit(
            lambda: delivery_failed_permanently.send(
                sender=Delivery, delivery=delivery, permanent=True
            )
        )
    return delivery


def receive_message(
    channel: str, sender: str, text: str, provider_id: str | None = None
) -> InboundMessage:
    """Store an inbound message and tell the apps (signals.message_received) in the same
    transaction, so a message is either stored and handled or neither. The same provider id
    twice is one message: the stored one is returned and nobody is told again."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    provider_id = provider_id or None
    with transaction.atomic():
        if provider_id:
            existing = InboundMessage.objects.filter(provider_id=provider_id).first()
            if existing:
                return existing
        try:
            with transaction.atomic():
                message = InboundMessage.objects.create(
                    channel=channel, sender=sender[:40], text=text, provider_id=provider_id
                )
        except IntegrityError:  # the same id arrived at the same moment on another worker
            return InboundMessage.objects.get(provider_id=provider_id)
        answers = message_received.send(sender=InboundMessage, message=message)
        outcome = next((str(a) for _receiver, a in answers if a), "")
        if outcome:
            message.outcome = outcome[:20]
            message.save(update_fields=["outcome"])
    return message
