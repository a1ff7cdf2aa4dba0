"""Periodic tasks of incidents (enqueued by web/scheduler.py at their intervals)."""

from django_tasks import task


# On the alert queue: an escalation to a deputy is an alert and must never wait behind
# analysis jobs (insights, imports) on "default".
@task(queue_name="alerts")
def escalate_due() -> int:
    """Alert the next deputy of every organisation contact that has not replied in time."""
    from .alerting.escalation import escalate_due as escalate

    return escalate()
