import pytest
from django.core.cache import cache

from turvaverkko.directory.index import forget_index
from turvaverkko.registry.tests.conftest import run_tasks  # noqa: F401  (the real task worker)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Search pages, the open-now set and the search index are cached; each test starts bare."""
    cache.clear()
    forget_index()
    yield
    cache.clear()
    forget_index()


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """The personas' passwords: Argon2 is deliberately slow, and these tests log in a lot."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
