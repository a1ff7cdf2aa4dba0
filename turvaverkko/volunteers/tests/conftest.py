import pytest

from turvaverkko.volunteers.tests.factories import SkillFactory


@pytest.fixture
def run_tasks():
    """Run every queued task with the real database worker of django-tasks-db, now."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    def _run() -> int:
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="pytest",
            excluded_queue_names=[],
        )
        done = 0
        while (result := DBTaskResult.objects.ready().first()) is not None:
            result.claim(worker.worker_id)
            worker.run_task(result)
            result.refresh_from_db()
            assert result.status == "SUCCESSFUL", result.traceback
            done += 1
        return done

    return _run


@pytest.fixture
def skills(db):
    return {
        "first_aid": SkillFactory(code="first-aid", name_fi="Ensiapu", name_en="First aid"),
        "cooking": SkillFactory(code="cooking", name_fi="Ruoanlaitto", name_en="Cooking"),
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The personas get passwords; Argon2 at production cost makes each test ~1 s slower.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The per-address e-mail limit lives in the cache; each test starts with none sent.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
