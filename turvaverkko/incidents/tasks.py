"""Periodic tasks of incidents (run by the scheduler every minute)."""

from django_tasks import task


@task()
def escalate_due() -> int:
    """Alert the next deputy of every organisation contact that has not replied in time."""
    from . import actions

    return actions.escalate_due()
