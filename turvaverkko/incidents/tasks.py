"""Periodic tasks of incidents (enqueued by web/scheduler.py at their intervals)."""

from django_tasks import task


@task()
def escalate_due() -> int:
    """Alert the next deputy of every organisation contact that has not replied in time."""
    from .alerting.escalation import escalate_due as escalate

    return escalate()
