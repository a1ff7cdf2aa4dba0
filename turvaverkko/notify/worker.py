"""The delivery worker: claim due deliveries in batches, send each once, record the outcome.

A claim is a lease (claimed_by, claimed_until) taken with one conditional UPDATE, with
`FOR UPDATE SKIP LOCKED` on PostgreSQL; the worker renews it while it works, so a row is
taken over by another worker only when its worker stopped renewing (died).

The claimed rows are marked `sending` in one durable commit before the first provider call,
and each row's outcome is committed right after its own call. So a row left `sending`
without a live claim is one whose outcome is unknown: it was never attempted, or it was
handed over and the worker died before the commit, which can be true of at most one row per
worker. The next worker asks the provider first where it can (SMS gateway: GET by the
delivery's key) and sends only if the provider does not have it. Where it cannot (e-mail,
push), the row in hand carries `attempt_started_at`, written with the previous row's
outcome (the first row of a batch: on its own), so only that row is resent with a warning;
the others were never attempted. docs/notify.md states the guarantee.
"""

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, CharField, F, Min, Q, Value, When
from django.utils import timezone

from .limits import RetryPolicy, SharedRateLimit, configured_rates
from .models import Delivery
from .signals import delivery_failed_permanently, worker_alive
from .transports import Transport, TransportError, get_transport

logger = logging.getLogger("turvaverkko.notify")

# How often a channel loop reports that it is alive (signals.worker_alive).
HEARTBEAT_SECONDS = 20.0

State = Delivery.State
DEFAULT = object()
# After this many retryable failures in a row, the rest of the batch waits instead of
# hammering a provider that is down.
BREAKER_THRESHOLD = 3


def new_worker_id(channel: str) -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{channel}:{uuid.uuid4().hex[:8]}"


def claim(worker_id: str, channel: str, limit: int, lease: timedelta) -> list[tuple[int, str]]:
    """Take the lease on up to `limit` due deliveries of a channel.

    Returns (id, state) pairs; the state is the one before the claim ("sending": the
    outcome of an earlier attempt is unknown)."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(Delivery._meta.db_table)
    lock = "FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    # The inner WHERE repeats the partial index's condition (models.Delivery, "notify_delivery_due")
    # word for word so that SQLite uses that index.
    sql = f"""
        UPDATE {table} SET claimed_by = %s, claimed_until = %s
        WHERE id IN (
            SELECT id FROM {table}
            WHERE "state" IN ('queued', 'sending') AND channel = %s AND next_attempt_at <= %s
              AND (claimed_until IS NULL OR claimed_until < %s)
            ORDER BY next_attempt_at, id
            LIMIT %s
            {lock}
        ) AND (claimed_until IS NULL OR claimed_until < %s)
        RETURNING id, "state"
    """  # noqa: S608 (table name and lock clause are ours, values are parameters)
    params = [worker_id, adapt(now + lease), channel, adapt(now), adapt(now), limit, adapt(now)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], row[1]) for row in cursor.fetchall()]


@dataclass
class _Outcome:
    delivery: Delivery
    provider_id: str = ""
    error: TransportError | None = None


class ChannelWorker:
    """Sends the deliveries of one channel. Not thread-safe: one per thread."""

    def __init__(
        self,
        channel: str,
        *,
        batch_size: int = 100,
        lease: float = 60.0,
        rate=DEFAULT,
        retry: RetryPolicy | None = None,
        transport: Transport | None = None,
        stop: threading.Event | None = None,
        worker_id: str | None = None,
    ):
        self.channel = channel
        self.batch_size = batch_size
        self.lease = timedelta(seconds=lease)
        # A provider call must end well inside the lease (see _renew_if_due).
        self.transport = transport or get_transport(channel, timeout=min(10.0, lease / 3))
        # Shared by all workers of the installation (Redis or the database), not per process.
        self.rate_limit = SharedRateLimit(
            channel, configured_rates().get(channel) if rate is DEFAULT else rate
        )
        self.retry = retry or RetryPolicy()
        self.stop = stop or threading.Event()
        self.worker_id = worker_id or new_worker_id(channel)
        self.stats: Counter = Counter()
        self._renewed = 0.0
        self._last_heartbeat = -HEARTBEAT_SECONDS
        self._async_for = None  # the DB connection set to asynchronous commits
        # Outcomes are written after every message where an unwritten one would be sent
        # again (e-mail, push: the provider cannot be asked). Where the provider can be
        # asked (SMS), they are written in groups: after a crash the gateway tells which
        # of the unwritten ones it has. Fewer commits, the same guarantee.
        self.write_every = 20 if self.transport.supports_lookup else 1
        # Where the provider cannot be asked, the row in hand is marked (attempt_started_at).
        self.marks_in_hand = not self.transport.supports_lookup

    # --- the loop -------------------------------------------------------------------

    def _heartbeat(self) -> None:
        """Tell whoever listens (web) that this channel's worker is alive, every
        HEARTBEAT_SECONDS at most (the coordinator's dashboard warns after 2 minutes)."""
        now = time.monotonic()
        if now - self._last_heartbeat >= HEARTBEAT_SECONDS:
            self._last_heartbeat = now
            # Never let a listener's failure (a database hiccup) stop the deliveries.
            for _receiver, result in worker_alive.send_robust(
                sender=type(self), queue=f"notify:{self.channel}"
            ):
                if isinstance(result, Exception):
                    logger.warning("heartbeat of %s not recorded: %s", self.worker_id, result)
                    connection.close_if_unusable_or_obsolete()

    def run(self, until: str | None = None, idle: float = 0.5) -> Counter:
        """Work until stopped; until="idle": until a claim finds nothing; until="drained":
        until no due delivery is left (waiting for other workers' rows, and for the lease
        of a dead worker's rows to run out)."""
        if getattr(settings, "STAGING_COPY", False):
            # A restored copy must not reach real people: its deliveries stay queued.
            logger.warning("STAGING_COPY is on: the %s worker sends nothing.", self.channel)
            return Counter()
        try:
            while not self.stop.is_set():
                try:
                    self._heartbeat()
                    if self.process_batch():
                        continue
                except Exception:
                    if until is not None:
                        raise
                    # A long-running worker outlives a database restart or a bug in one
                    # batch; its rows come back when the lease runs out.
                    logger.exception("delivery worker %s: batch failed", self.worker_id)
                    connection.close_if_unusable_or_obsolete()
                    self.stop.wait(5)
                    continue
                if until == "idle" or (until == "drained" and not self.due_exists()):
                    break
                self.stop.wait(idle)
        finally:
            self.transport.close()
            if self._async_for is not None and connection.connection is self._async_for:
                with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                    cursor.execute("RESET synchronous_commit")
            self._async_for = None
        return self.stats

    def due_exists(self) -> bool:
        return Delivery.objects.filter(
            channel=self.channel, state__in=Delivery.UNFINISHED, next_attempt_at__lte=timezone.now()
        ).exists()

    def next_due_at(self):
        """When this channel next has something to do (None: nothing unfinished).

        A row leased by another worker is due one second after its lease runs out: if that
        worker died, this is when the row can be taken over (a live worker renews its lease,
        and the follow-up then finds nothing and looks again at the new expiry). So a dead
        worker's rows are recovered within the lease plus a second, by any worker, without
        the periodic scheduler."""
        now = timezone.now()
        unfinished = Delivery.objects.filter(channel=self.channel, state__in=Delivery.UNFINISHED)
        free = unfinished.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        first_free = free.aggregate(at=Min("next_attempt_at"))["at"]
        first_expiry = unfinished.filter(claimed_until__gte=now).aggregate(at=Min("claimed_until"))[
            "at"
        ]
        candidates = []
        if first_free is not None:
            candidates.append(max(first_free, now + self.lease / 2))
        if first_expiry is not None:
            candidates.append(first_expiry + timedelta(seconds=1))
        return min(candidates, default=None)

    def process_batch(self) -> int:
        """Claim one batch and work through it; returns how many rows were claimed."""
        claimed = dict(claim(self.worker_id, self.channel, self.batch_size, self.lease))
        if not claimed:
            return 0
        self._renewed = time.monotonic()
        # Durable before the first provider call: a row this worker may hand over is
        # "sending" in the database (see the module docstring).
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO ON")
            Delivery.objects.filter(pk__in=claimed, claimed_by=self.worker_id).update(
                state=State.SENDING, attempts=F("attempts") + 1
            )
        rows = list(
            Delivery.objects.filter(pk__in=claimed, claimed_by=self.worker_id).order_by(
                "next_attempt_at", "pk"
            )
        )
        not_started = list(rows)
        unwritten: list[_Outcome] = []
        failures = 0
        in_hand = None  # the next row, marked in hand with the last outcome, not yet attempted
        try:
            for index, delivery in enumerate(rows):
                if self.stop.is_set():
                    break
                if failures >= BREAKER_THRESHOLD:
                    in_hand = self._unmark(in_hand)
                    self._put_back(not_started, claimed, defer=True)
                    not_started = []
                    break
                if not self.rate_limit.take(self.stop):
                    break
                self._renew_if_due()
                not_started.pop(0)
                if self.marks_in_hand and in_hand is not delivery:
                    self._mark_in_hand(delivery.pk)
                in_hand = None
                outcome = self._attempt(delivery, unknown=self._in_doubt(delivery, claimed))
                unwritten.append(outcome)
                if outcome.error is None:
                    failures = 0
                elif not outcome.error.permanent:
                    failures += 1
                if len(unwritten) >= self.write_every or outcome.error is not None:
                    following = rows[index + 1] if index + 1 < len(rows) else None
                    if self.marks_in_hand and following is not None:
                        in_hand = following
                    self._write(unwritten, then_in_hand=in_hand)
                    unwritten = []
        finally:
            if unwritten:
                self._write(unwritten)
            self._unmark(in_hand)
            # Rows never attempted go back as they were. A row whose attempt was cut short
            # by an unexpected error stays "sending": its outcome is unknown.
            if not_started:
                self._put_back(not_started, claimed)
            self.transport.close()
            self._release()
        return len(claimed)

    def _in_doubt(self, delivery: Delivery, claimed: dict) -> bool:
        """Whether an earlier attempt may have reached the provider. A row claimed in state
        "sending" where the provider can be asked (it is asked); where it cannot, only if
        that attempt had started (attempt_started_at): the rest of a dead worker's batch
        was never handed over."""
        if claimed[delivery.pk] != State.SENDING:
            return False
        return not self.marks_in_hand or delivery.attempt_started_at is not None

    def _unmark(self, row: Delivery | None) -> None:
        """A row marked in hand but not attempted (stopped, rate limit, breaker): as it was."""
        if row is not None:
            Delivery.objects.filter(pk=row.pk, claimed_by=self.worker_id).update(
                attempt_started_at=row.attempt_started_at
            )

    def _mark_in_hand(self, pk: int) -> None:
        Delivery.objects.filter(pk=pk, claimed_by=self.worker_id).update(
            attempt_started_at=timezone.now()
        )

    def _attempt(self, delivery: Delivery, unknown: bool) -> _Outcome:
        if unknown:
            # An earlier attempt may have reached the provider (its worker died, or the
            # call failed in a way that does not say). Ask first where the provider can tell.
            if self.transport.supports_lookup:
                try:
                    provider_id = self.transport.lookup(delivery)
                except TransportError as exc:
                    return _Outcome(delivery, error=TransportError(f"status check: {exc}"))
                if provider_id is not None:
                    self.stats["found_at_provider"] += 1
                    return _Outcome(delivery, provider_id)
            else:
                self.stats["resent_unknown_outcome"] += 1
                logger.warning(
                    "resending %s delivery %s: an earlier attempt's outcome is unknown",
                    self.channel,
                    delivery.pk,
                )
        try:
            return _Outcome(delivery, self.transport.send(delivery))
        except TransportError as exc:
            return _Outcome(delivery, error=exc)

    # --- writing outcomes -------------------------------------------------------------

    def _write(self, outcomes: list[_Outcome], then_in_hand: Delivery | None = None) -> None:
        """Record outcomes in one commit, right after their provider calls, with the mark of
        the next row in hand (then_in_hand) in the same commit."""
        self._fast_commits()
        if len(outcomes) == 1 and then_in_hand is None:
            self._write_one(outcomes[0])  # one statement, its own commit: no BEGIN/COMMIT
            return
        sent = [o for o in outcomes if o.error is None]
        with transaction.atomic():
            if len(outcomes) == 1:
                self._write_one(outcomes[0])
            else:
                if sent:
                    self._write_sent(sent)
                for outcome in outcomes:
                    if outcome.error is not None:
                        self._write_one(outcome)
            if then_in_hand is not None:
                self._mark_in_hand(then_in_hand.pk)

    def _write_sent(self, outcomes: list[_Outcome]) -> None:
        """Successes of a group in one UPDATE (each row keeps its own provider id)."""
        ids = [o.delivery.pk for o in outcomes]
        provider_ids = Case(
            *[When(pk=o.delivery.pk, then=Value(o.provider_id)) for o in outcomes],
            output_field=CharField(),
        )
        changed = Delivery.objects.filter(pk__in=ids, claimed_by=self.worker_id).update(
            state=State.SENT,
            provider_id=provider_ids,
            sent_at=timezone.now(),
            last_error="",
            claimed_by="",
            claimed_until=None,
            attempt_started_at=None,
        )
        self.stats["sent"] += len(outcomes)
        if changed < len(outcomes):
            lost = len(outcomes) - changed
            logger.error("%d deliveries: claim lost before the outcome was written", lost)
            self.stats["lost_claim"] += lost

    def _write_one(self, outcome: _Outcome) -> None:
        d = outcome.delivery
        now = timezone.now()
        release = {"claimed_by": "", "claimed_until": None, "attempt_started_at": None}
        exc = outcome.error
        if exc is not None:
            mine = Delivery.objects.filter(pk=d.pk, claimed_by=self.worker_id)
        if exc is None:
            changed = self._mark_sent(d.pk, outcome.provider_id, now)
            self.stats["sent"] += 1
        elif exc.permanent or d.attempts >= self.retry.max_attempts:
            changed = mine.update(
                state=State.FAILED,
                permanent_failure=exc.permanent,
                last_error=exc.message[:2000],
                **release,
            )
            if changed:
                self.stats["failed"] += 1
                d.state, d.permanent_failure, d.last_error = (
                    State.FAILED,
                    exc.permanent,
                    exc.message,
                )
                transaction.on_commit(
                    lambda: delivery_failed_permanently.send(
                        sender=Delivery, delivery=d, permanent=exc.permanent
                    )
                )
        else:
            changed = mine.update(
                # Maybe taken by the provider: stay "sending", so the next attempt asks.
                state=State.SENDING if exc.maybe_sent else State.QUEUED,
                next_attempt_at=now + self.retry.delay(d.attempts),
                last_error=exc.message[:2000],
                claimed_by="",
                claimed_until=None,
                # A retry that may hide an accepted message stays in doubt.
                **({} if exc.maybe_sent else {"attempt_started_at": None}),
            )
            self.stats["retry"] += 1
        if not changed:
            logger.error("delivery %s: claim lost before its outcome was written", d.pk)
            self.stats["lost_claim"] += 1

    def _mark_sent(self, pk: int, provider_id: str, now) -> int:
        """The common outcome, written once per e-mail: plain SQL, because building the ORM
        query cost the worker as much CPU as composing the message (profiled)."""
        table = connection.ops.quote_name(Delivery._meta.db_table)
        sql = (
            f"UPDATE {table} SET \"state\" = %s, provider_id = %s, sent_at = %s, last_error = '', "  # noqa: S608
            "claimed_by = '', claimed_until = NULL, attempt_started_at = NULL "
            "WHERE id = %s AND claimed_by = %s"
        )
        sent_at = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            cursor.execute(sql, [State.SENT.value, provider_id[:200], sent_at, pk, self.worker_id])
            return cursor.rowcount

    def _fast_commits(self) -> None:
        """On PostgreSQL, let this connection's commits return before the WAL is flushed.

        An outcome committed so is visible to every worker at once; only a crash of the
        database server itself could lose it, and that leaves the row "sending" (outcome
        unknown, asked about before any resend), the same as a killed worker. It saves a
        disk flush per message. The "sending" mark before the provider calls stays
        synchronous (process_batch), and run() resets the setting when it ends.
        """
        if connection.vendor != "postgresql":
            return
        connection.ensure_connection()
        if connection.connection is not self._async_for:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
            self._async_for = connection.connection

    def _put_back(self, rows: list[Delivery], claimed: dict, defer: bool = False) -> None:
        """Return rows that were marked but never attempted to the state they had.
        defer: the provider keeps failing, so they wait a while (no attempt counted)."""
        extra = {}
        if defer:
            extra = {
                "next_attempt_at": timezone.now() + self.retry.delay(1),
                "last_error": "deferred: the provider is failing",
            }
            self.stats["deferred"] += len(rows)
        with transaction.atomic():
            for before in (State.QUEUED, State.SENDING):
                ids = [d.pk for d in rows if claimed[d.pk] == before]
                if ids:
                    Delivery.objects.filter(pk__in=ids, claimed_by=self.worker_id).update(
                        state=before,
                        attempts=F("attempts") - 1,
                        claimed_by="",
                        claimed_until=None,
                        **extra,
                    )

    def _renew_if_due(self) -> None:
        """Extend the lease before a send once a quarter of it has passed, so a send never
        starts with less than three quarters of the lease left (provider calls time out
        after a third of it): a live worker's rows are never taken over mid-send."""
        if time.monotonic() - self._renewed < self.lease.total_seconds() / 4:
            return
        Delivery.objects.filter(claimed_by=self.worker_id, state__in=Delivery.UNFINISHED).update(
            claimed_until=timezone.now() + self.lease
        )
        self._renewed = time.monotonic()

    def _release(self) -> None:
        try:
            Delivery.objects.filter(claimed_by=self.worker_id).update(
                claimed_by="", claimed_until=None
            )
        except Exception:  # the lease runs out on its own
            logger.exception("could not release the claims of %s", self.worker_id)


def run_channels(
    channels: list[str],
    *,
    until: str | None = None,
    threads: bool = False,
    rates: dict | None = None,
    **options,
) -> Counter:
    """Run one ChannelWorker per channel, in turn (threads=False) or side by side."""
    total: Counter = Counter()
    rates = rates or {}
    workers = [ChannelWorker(ch, rate=rates.get(ch, DEFAULT), **options) for ch in channels]
    if not threads:
        for w in workers:
            total.update(w.run(until=until))
        return total

    def _run(w: ChannelWorker) -> None:
        from django.db import connections

        try:
            w.run(until=until)
        except Exception:
            logger.exception("delivery worker for %s stopped", w.channel)
            raise
        finally:
            connections.close_all()

    running = [
        threading.Thread(target=_run, args=(w,), name=f"notify-{w.channel}") for w in workers
    ]
    for t in running:
        t.start()
    for t in running:
        while t.is_alive():
            t.join(0.5)
    for w in workers:
        total.update(w.stats)
    return total
