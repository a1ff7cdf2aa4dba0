"""Rate limits hold for all workers together: counted in Redis or in the database."""

import os
import subprocess
import sys
from collections import Counter

import pytest

from turvaverkko.core.testing import MANAGE
from turvaverkko.notify.limits import SharedRateLimit
from turvaverkko.notify.models import RateCounter

REDIS_URL = os.environ.get("NOTIFY_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
BACKENDS = ["database", "redis"]


class FakeClock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _check_redis():
    import redis

    # A missing Redis is a broken environment (as in web/tests/test_task_backends.py).
    assert redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()


def _use_backend(settings, backend):
    settings.REDIS_URL = REDIS_URL if backend == "redis" else ""
    if backend == "redis":
        _check_redis()


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.django_db
def test_two_limiters_share_one_budget_per_window(settings, backend):
    _use_backend(settings, backend)
    clock = FakeClock(now=1_000_000.0 + os.getpid())  # windows no other run uses
    a = SharedRateLimit("sms", 3, clock=clock, sleep=clock.sleep)
    b = SharedRateLimit("sms", 3, clock=clock, sleep=clock.sleep)  # another worker

    starts = []
    for limiter in (a, b, a, b, a, b, a, b, a):
        limiter.take()
        starts.append(clock.now)

    per_window = Counter(int(t) for t in starts)
    # Nine sends at 3 a second: three windows of three, although two limiters sent.
    assert sorted(per_window.values()) == [3, 3, 3]
    assert len(per_window) == 3


@pytest.mark.django_db
def test_slow_rates_get_one_send_per_longer_window(settings):
    _use_backend(settings, "database")
    clock = FakeClock(now=2_000_000.0)
    limit = SharedRateLimit("sms", 0.5, clock=clock, sleep=clock.sleep)
    limit.take()
    first = clock.now
    limit.take()
    assert clock.now - first >= 1.0  # never two sends in one two-second window
    assert int(clock.now // 2) == int(first // 2) + 1


@pytest.mark.django_db
def test_old_database_windows_are_forgotten(settings):
    _use_backend(settings, "database")
    clock = FakeClock(now=3_000_000.0)
    limit = SharedRateLimit("sms", 100, clock=clock, sleep=clock.sleep)
    for _ in range(30):
        limit.take()
        clock.now += 1
    # The windows of the last day stay (notify.ratelimit.PURGE_AFTER); ended ones older go.
    clock.now += 2 * 24 * 3600
    limit.take()
    assert RateCounter.objects.filter(key="send:sms").count() == 1


def test_no_limit_takes_nothing(settings):
    limit = SharedRateLimit("email", None)
    assert limit.take() is True and limit.backend is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_worker_processes_together_respect_the_rate(worker_db, receivers, tmp_path, backend):
    """Two real `notify_worker` processes, each allowed the whole rate: the gateway sees
    no more than the rate in any second, counted where the messages arrive."""
    sink, stub = receivers
    rate, recipients = 5, 60
    worker_db.create_dispatch("alert:rate", recipients)
    extra = {"REDIS_URL": REDIS_URL} if backend == "redis" else {}
    if backend == "redis":
        _check_redis()
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    workers = []
    for log in logs:
        env = worker_db.env(
            EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
            SMS_GATEWAY_URL=stub.url,
            SMS_GATEWAY_TOKEN="",
            **extra,
        )
        cmd = [sys.executable, MANAGE, "notify_worker", "--channel", "sms", "--burst"]
        cmd += ["--batch-size", "3", "--rate", f"sms={rate}"]
        with open(log, "a") as out:
            workers.append(subprocess.Popen(cmd, env=env, stdout=out, stderr=out))
    for w in workers:
        assert w.wait(timeout=300) == 0

    outputs = [log.read_text() for log in logs]
    assert all("sent=" in out for out in outputs), outputs  # both sent part of them
    posts = stub.posts_by_id()
    assert len(posts) == recipients and set(posts.values()) == {1}
    # Every send takes its place in a one-second window before its request goes out, so
    # a second of arrivals holds that second's places plus at most one request in flight
    # per worker. Per-process limits would let about 2 × 5 arrive in a second.
    per_second = Counter(int(r["wall"]) for r in stub.requests)
    assert max(per_second.values()) <= rate + len(workers), sorted(per_second.items())
