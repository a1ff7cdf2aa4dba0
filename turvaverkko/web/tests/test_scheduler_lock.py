"""Issue 17: a scheduler on every machine, exactly one active, taken over when it dies."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from turvaverkko.core.testing import MANAGE, ProcessDatabase
from turvaverkko.web.scheduler import hold_lock, release_lock


@pytest.mark.django_db
def test_one_holder_at_a_time_and_takeover_after_expiry():
    now = timezone.now()
    lease = timedelta(seconds=10)
    assert hold_lock("a", lease, now)
    assert not hold_lock("b", lease, now + timedelta(seconds=5))
    assert hold_lock("a", lease, now + timedelta(seconds=5))  # renewed until now + 15 s
    assert not hold_lock("b", lease, now + timedelta(seconds=14))
    assert hold_lock("b", lease, now + timedelta(seconds=16))  # a fell silent
    assert not hold_lock("a", lease, now + timedelta(seconds=17))
    release_lock("b")
    assert hold_lock("a", lease, now + timedelta(seconds=18))


def _holder(db: ProcessDatabase) -> str | None:
    out = db.manage(
        "shell",
        "--no-imports",
        "-c",
        "from turvaverkko.web.models import SchedulerLock as L;"
        "print('HOLDER', L.objects.values_list('holder', flat=True).first() or '')",
    )
    line = [ln for ln in out.splitlines() if ln.startswith("HOLDER")][-1]
    return line.removeprefix("HOLDER").strip() or None


def _wait_for(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


@pytest.fixture
def scheduler_db(tmp_path):
    db = ProcessDatabase(tmp_path)  # every app: the scheduler's lease and task tables
    yield db
    db.drop()


def start_scheduler(db: ProcessDatabase, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, MANAGE, "scheduler", "--interval", "1", "--lease", "3"],
            env=db.env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def test_killed_scheduler_is_replaced_by_the_other_machine(scheduler_db, tmp_path):
    first = start_scheduler(scheduler_db, tmp_path / "first.log")
    try:
        holder = _wait_for(lambda: _holder(scheduler_db), 60)
        assert holder and holder.split(":")[1] == str(first.pid)
        second = start_scheduler(scheduler_db, tmp_path / "second.log")
        try:
            time.sleep(4)  # longer than the lease: the live holder keeps it
            assert _holder(scheduler_db).split(":")[1] == str(first.pid)

            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
            killed_at = time.monotonic()
            taken = _wait_for(
                lambda: (_holder(scheduler_db) or "::").split(":")[1] == str(second.pid), 30
            )
            assert taken, (tmp_path / "second.log").read_text()
            # Within the lease (3 s) plus one renewal pause and the probe's own start-up.
            assert time.monotonic() - killed_at < 3 + 1 + 10
        finally:
            second.kill()
            second.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(10)
