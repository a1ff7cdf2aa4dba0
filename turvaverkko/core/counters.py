"""Change counters every process reads: "has anything I cached changed since?".

A timestamp cannot say it: a deletion leaves no newer `modified_at`, and a transaction that
commits after a later one carries the older time. A counter incremented inside the writing
transaction becomes visible exactly when that change does, on every machine at once.
"""

from django.db import transaction
from django.db.models import F

from .models import Counter


def increment(name: str) -> None:
    """Add one to the counter `name`, in the caller's transaction (created on first use)."""
    with transaction.atomic():
        if not Counter.objects.filter(name=name).update(value=F("value") + 1):
            Counter.objects.get_or_create(name=name)
            Counter.objects.filter(name=name).update(value=F("value") + 1)


def value(name: str) -> int:
    """The counter's committed value as this connection sees it (0 before the first change)."""
    found = Counter.objects.filter(name=name).values_list("value", flat=True).first()
    return int(found or 0)
