import pytest

from turvaverkko.registry.tests.factories import TaxonomyTermFactory


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Argon2 costs ~0.3 s a hash by design; the persona fixture hashes seven passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


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
def themes(db):
    return {
        "elderly": TaxonomyTermFactory(
            code="elderly", name_fi="Ikääntyneet", name_sv="Äldre", name_en="Older people"
        ),
        "food": TaxonomyTermFactory(
            code="food-aid", name_fi="Ruoka-apu", name_sv="Mathjälp", name_en="Food aid"
        ),
    }
