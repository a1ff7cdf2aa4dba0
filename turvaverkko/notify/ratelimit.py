"""Fixed-window rate limits that hold across processes and machines.

`hit("sms-sender", "+358401234567", limit=10, window=3600)` counts one request for that key
in the current window and says whether it is still within the limit. The counter lives in
Redis when REDIS_URL is set (INCR + EXPIRE, atomic), otherwise in the shared database
(`RateCounter`, one row per key and window, updated with a conditional UPDATE). The delivery
worker's per-channel send rates (notify/limits.py) take their places in the same counters
with `take()`. Never in
Django's cache: without Redis that is per-process local memory, and eight gunicorn workers
would each allow the full limit.

Windows are aligned to the epoch (`floor(now / window)`), so a burst at a window's edge can
reach twice the limit in a short time; the limits below are chosen with that in mind.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateCounter

# Windows that ended more than this long ago are deleted when a new window row is made.
PURGE_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def _window(now: datetime, window: int) -> tuple[datetime, datetime]:
    epoch = int(now.timestamp())
    start = epoch - epoch % window
    start_at = datetime.fromtimestamp(start, tz=timezone.get_current_timezone())
    return start_at, start_at + timedelta(seconds=window)


def _redis():
    import redis

    client = getattr(_redis, "client", None)
    if client is None or _redis.url != settings.REDIS_URL:
        client = redis.Redis.from_url(settings.REDIS_URL)
        _redis.client, _redis.url = client, settings.REDIS_URL
    return client


def _count_in_redis(key: str, start: datetime, window: int) -> int:
    name = f"turvaverkko:rate:{key}:{int(start.timestamp())}"
    pipe = _redis().pipeline()
    pipe.incr(name)
    pipe.expire(name, window + 60)
    count, _ = pipe.execute()
    return int(count)


def _count_in_database(key: str, start: datetime, end: datetime) -> int:
    # Autocommit on its own, or a savepoint inside the caller's transaction.
    with transaction.atomic():
        rows = RateCounter.objects.filter(key=key, window_start=start)
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window_start=start, expires_at=end, count=1)
                RateCounter.objects.filter(expires_at__lt=start - PURGE_AFTER).delete()
                return 1
            except IntegrityError:  # another process made the row first
                rows.update(count=F("count") + 1)
        return rows.values_list("count", flat=True).get()


def hit(scope: str, ident: str, *, limit: int, window: int, now: datetime | None = None):
    """Count one request of `ident` in `scope`; allowed while the window's count <= limit.

    A limit of 0 or less turns the limit off (nothing is counted)."""
    if limit <= 0:
        return Verdict(True, 0, limit, 0)
    now = now or timezone.now()
    start, end = _window(now, window)
    key = f"{scope}:{ident}"[:200]
    if settings.REDIS_URL:
        count = _count_in_redis(key, start, window)
    else:
        count = _count_in_database(key, start, end)
    retry_after = max(1, int((end - now).total_seconds()))
    return Verdict(count <= limit, count, limit, retry_after)


def take(key: str, start: datetime, end: datetime, limit: int) -> bool:
    """Take one of the `limit` places of `key`'s window [start, end) if one is free; a full
    window is not counted further (the caller waits for the next one).

    One statement on the database, atomic on PostgreSQL and SQLite: the window's first place
    inserts its row, later ones add one while there is room, a full window returns no row.
    In Redis one INCR, and a place over the limit is simply not used."""
    key = key[:200]
    if settings.REDIS_URL:
        return _count_in_redis(key, start, max(1, int((end - start).total_seconds()))) <= limit
    q = connection.ops.quote_name
    table, count = q(RateCounter._meta.db_table), q("count")
    adapt = connection.ops.adapt_datetimefield_value
    sql = f"""
        INSERT INTO {table} ({q("key")}, {q("window_start")}, {q("expires_at")}, {count})
        VALUES (%s, %s, %s, 1)
        ON CONFLICT ({q("key")}, {q("window_start")}) DO UPDATE SET {count} = {table}.{count} + 1
        WHERE {table}.{count} < %s
        RETURNING {count}
    """  # noqa: S608 (the names are ours, values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, adapt(start), adapt(end), limit])
        row = cursor.fetchone()
    if row is not None and row[0] == 1:  # a new window: forget the ended ones
        RateCounter.objects.filter(expires_at__lt=start - PURGE_AFTER).delete()
    return row is not None


def client_address(request) -> str:
    """The peer's address; behind the production proxy, the one nginx appended last to
    X-Forwarded-For (entries to its left can be forged, that one cannot)."""
    if settings.PRODUCTION:
        forwarded = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"
