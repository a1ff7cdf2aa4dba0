"""Health checks for a load balancer: liveness and readiness.

`/healthz/live` (and `/healthz`, kept for compatibility) says only that the process answers.
`/healthz/ready` says whether this machine can serve requests: the database answers, Redis
answers when REDIS_URL is set, and every migration of the code is applied to the database.
Otherwise 503 with a short reason, so the load balancer takes the machine out of rotation
(for example while an upgrade's migrations have not run yet). Both answer on plain HTTP
(settings.SECURE_REDIRECT_EXEMPT) and carry no language prefix. They reveal nothing but
which dependency is down: no host names, versions or error texts.
"""

import hmac

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

# Applied migrations do not become unapplied under a running process: once the check has
# passed it is not repeated (building the migration graph on every probe costs CPU).
_migrations_applied = False


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return False


def _redis_ok() -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        client = Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (RedisError, OSError):
        return False


def _migrations_ok() -> bool:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_applied


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    if not _database_ok():
        return JsonResponse({"status": "unavailable", "reason": "database"}, status=503)
    if getattr(settings, "REDIS_URL", "") and not _redis_ok():
        return JsonResponse({"status": "unavailable", "reason": "redis"}, status=503)
    try:
        applied = _migrations_ok()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "reason": "database"}, status=503)
    if not applied:
        return JsonResponse({"status": "unavailable", "reason": "migrations"}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
def workers(request):
    """For monitoring: seconds since each queue's last worker heartbeat (the task queues
    "default" and "alerts", and each notify channel worker "notify:sms" ...), whether a
    scheduler holds its lease and for how long still, and how many deliveries have waited
    over a minute.

    Without authentication it shows only queue names and ages: no personal data, no host
    names. Who holds the scheduler lock (host:pid) tells an attacker the machines' names,
    so it is shown only with `Authorization: Bearer <HEALTH_STATUS_TOKEN>`."""
    from . import alertpath
    from .models import SchedulerLock, WorkerHeartbeat

    now = timezone.now()
    token = getattr(settings, "HEALTH_STATUS_TOKEN", "")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    trusted = bool(token) and hmac.compare_digest(given.encode(), token.encode())
    try:
        queues = {
            hb.queue: {"seconds_since_heartbeat": int((now - hb.last_seen).total_seconds())}
            for hb in WorkerHeartbeat.objects.order_by("queue")
        }
        lock = SchedulerLock.objects.filter(name="scheduler").first()
        path = alertpath.status(now)
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "reason": "database"}, status=503)
    scheduler: dict = {"held": bool(lock and lock.expires_at > now)}
    if scheduler["held"]:
        scheduler["expires_in_seconds"] = int((lock.expires_at - now).total_seconds())
        if trusted:
            scheduler["holder"] = lock.holder
    # Deliveries due for over a minute that no live worker holds (counts only).
    deliveries = {
        "waiting_over_a_minute": path.waiting,
        "oldest_wait_seconds": (
            int((now - path.oldest_due).total_seconds()) if path.oldest_due else 0
        ),
    }
    return JsonResponse({"queues": queues, "scheduler": scheduler, "deliveries": deliveries})
