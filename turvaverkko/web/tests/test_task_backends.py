"""Background work runs through django-tasks on both backends: the database and Redis (RQ)."""

import uuid

import pytest
from django.core.management import call_command
from django.test import override_settings

from turvaverkko.web.models import WorkerHeartbeat
from turvaverkko.web.tasks import heartbeat

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.mark.django_db(transaction=True)
def test_database_backend_task_runs_in_the_db_worker():
    result = heartbeat.enqueue(queue="default", backend="db")
    assert not WorkerHeartbeat.objects.exists()  # nothing runs until a worker takes it

    call_command("db_worker", "--batch", "--queue-name", "default", "--no-startup-delay")

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert WorkerHeartbeat.objects.get(queue="default").backend == "db"


def _redis_available():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.django_db(transaction=True)
def test_redis_backend_task_runs_in_an_rq_worker():
    # Redis runs as a service on the developers' machines and in CI; a missing Redis is a
    # broken environment, so this fails rather than skips.
    assert _redis_available(), f"Redis is not reachable at {REDIS_URL}"
    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    with override_settings(
        RQ_QUEUES={queue_name: {"URL": REDIS_URL}, "default": {"URL": REDIS_URL}},
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}},
    ):
        import django_rq
        from django_tasks_rq import Job
        from rq import SimpleWorker

        result = heartbeat.using(queue_name=queue_name).enqueue(queue=queue_name, backend="rq")
        assert not WorkerHeartbeat.objects.filter(queue=queue_name).exists()

        queue = django_rq.get_queue(queue_name, job_class=Job)
        worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
        worker.work(burst=True)

        result.refresh()
        assert result.status == "SUCCESSFUL"
        assert WorkerHeartbeat.objects.get(queue=queue_name).backend == "rq"
        queue.delete(delete_jobs=True)
