"""Deliveries: one row per (message, recipient, channel), written before anything is sent.

notify knows nothing about incidents. A caller (e.g. incidents) names a logical message with a
`Dispatch` key such as "alert:123", hands over one address per recipient and channel, and
reads back the state of each delivery. docs/notify.md explains the delivery guarantee.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("text message")
    PUSH = "push", _("push notification")


class Dispatch(models.Model):
    """One logical message to many recipients, named by the caller ("alert:123")."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self):
        return self.key

    def summary(self) -> dict[str, dict[str, int]]:
        """{channel: {state: count}} for a coordinator's progress view."""
        out: dict[str, dict[str, int]] = {}
        rows = self.deliveries.values_list("channel", "state").annotate(n=models.Count("id"))
        for channel, state, n in rows.order_by():
            out.setdefault(channel, {})[state] = n
        return out


class DeliveryQuerySet(models.QuerySet):
    def problems(self, dispatch_key: str | None = None):
        """Deliveries a coordinator should know about: failed, or waiting for a retry."""
        qs = self.filter(
            Q(state=Delivery.State.FAILED)
            | Q(state__in=Delivery.UNFINISHED, attempts__gt=0)
            | Q(state__in=Delivery.UNFINISHED, last_error__gt="")
        )
        if dispatch_key is not None:
            qs = qs.filter(dispatch__key=dispatch_key)
        return qs.order_by("state", "channel", "recipient_key")


class Delivery(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        # Handed to the transport (or about to be). A row left here unclaimed means the
        # outcome is not known: the worker asks the provider before sending again.
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")  # the provider accepted it
        DELIVERED = "delivered", _("delivered")  # the provider reported it delivered
        FAILED = "failed", _("failed")
        # Withdrawn by the caller before any worker took it (actions.cancel_pending).
        CANCELLED = "cancelled", _("cancelled")

    UNFINISHED = [State.QUEUED, State.SENDING]

    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("dispatch")
    )
    recipient_key = models.CharField(
        _("recipient"), max_length=100, help_text=_('The caller\'s name for it: "volunteer:45".')
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The idempotency key every provider call carries: the SMS gateway's "id", the e-mail
    # Message-ID. A UUID, so that it stays unique across installations and database resets.
    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    address = models.TextField(
        _("address"), help_text=_("E-mail address, E.164 phone number or push subscription JSON.")
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    # What a channel carries besides the text; push: the link a tap opens ("url") and the
    # answer buttons ("actions"), put into the notification's payload by the transport.
    data = models.JSONField(_("channel data"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)

    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    permanent_failure = models.BooleanField(_("permanent failure"), default=False)
    provider_id = models.CharField(_("provider's id"), max_length=200, blank=True)
    # A claim is a lease: the worker renews claimed_until while it works, and a row whose
    # lease ran out (its worker died) may be claimed by another worker.
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    # Set on the row in a worker's hand, right before its provider call (e-mail, push): a row
    # left "sending" with it set is the one whose outcome is really unknown after a crash.
    attempt_started_at = models.DateTimeField(_("attempt started at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "recipient_key", "channel"],
                name="notify_one_delivery_per_recipient_and_channel",
            ),
        ]
        indexes = [
            # Used by the delivery worker's claim query (worker.claim): due rows of a channel
            # in order. Partial, so it holds only the unfinished rows.
            models.Index(
                fields=["channel", "next_attempt_at"],
                condition=Q(state__in=["queued", "sending"]),
                name="notify_delivery_due",
            ),
            # Used by the delivery worker to renew and release its own claims.
            models.Index(fields=["claimed_by"], name="notify_delivery_claims"),
        ]

    def __str__(self):
        return f"{self.dispatch_id}/{self.recipient_key}/{self.channel}: {self.state}"


class InboundMessage(models.Model):
    """A message a provider handed to us (today: an SMS from the gateway), stored as received
    before any app reacts to it (signals.message_received)."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    sender = models.CharField(_("sender"), max_length=40)
    text = models.TextField(_("text"), blank=True)
    # The gateway's own id of the message: the same id twice is one message (gateway retries).
    provider_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    # What the receivers made of it ("recorded", "unclear"...), echoed to the gateway.
    outcome = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")

    def __str__(self):
        return f"{self.channel} {self.sender}: {self.text[:40]}"


class RateCounter(models.Model):
    """How many requests one key (e.g. "sms-sender:+358401234567") made in one fixed window.

    The database is shared by every web process, so a limit holds across processes and
    machines (Django's cache is per process without Redis). notify.ratelimit uses Redis
    instead when REDIS_URL is set.
    """

    key = models.CharField(_("key"), max_length=200)
    window_start = models.DateTimeField(_("window start"))
    expires_at = models.DateTimeField(_("expires at"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="notify_one_rate_counter_per_window"
            ),
        ]
        # Used by notify.ratelimit to purge windows that have ended.
        indexes = [models.Index(fields=["expires_at"], name="notify_ratecounter_expiry")]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M:%S}: {self.count}"
