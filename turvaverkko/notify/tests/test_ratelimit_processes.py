"""Rate limits hold across processes: separate Python processes share one count."""

import subprocess
import sys

import pytest

from turvaverkko.core.testing import MANAGE

from .conftest import WorkerDatabase

pytestmark = pytest.mark.django_db  # only for the settings; the processes use their own DB

HITS = (
    "from datetime import datetime, UTC;"
    "from turvaverkko.notify.ratelimit import hit;"
    "at = datetime(2026, 12, 5, 12, 0, 5, tzinfo=UTC);"
    "print(sum(hit('sms-sender', '+358401234567', limit=12, window=3600, now=at).allowed"
    " for _ in range(8)))"
)


@pytest.fixture
def shared_db(tmp_path):
    db = WorkerDatabase(tmp_path)
    yield db
    db.drop()


def test_three_processes_share_one_counter(shared_db):
    processes = [
        subprocess.Popen(
            [sys.executable, MANAGE, "shell", "--no-imports", "-c", HITS],
            env=shared_db.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    allowed = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        allowed.append(int(out.strip().splitlines()[-1]))
    # 24 requests in all, 12 allowed in all: not 12 per process (which a per-process
    # cache would allow), and none lost or counted twice under concurrency.
    assert sum(allowed) == 12
    [(count,)] = shared_db.query("SELECT count FROM notify_ratecounter")
    assert count == 24
