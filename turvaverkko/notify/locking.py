"""SQLite's single writer: retry a whole request that met a lock."""

import functools
import random
import time

from django.db import OperationalError, connection


def retry_when_locked(view, seconds: float = 30.0):
    """SQLite only: a write lock held past the busy timeout, or a shared-cache table lock
    (which ignores the timeout), raises "locked"; the whole request is retried for up to
    `seconds` (a loaded machine with many replies at once needs more tries than an idle one,
    so the budget is time, not a count). Each try runs in its own transaction, so a retry
    never records a reply twice."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        deadline = time.monotonic() + seconds
        while True:
            try:
                return view(request, *args, **kwargs)
            except OperationalError as exc:
                if connection.vendor != "sqlite" or "locked" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.01 + random.random() * 0.05)

    return wrapper
