import pytest

from turvaverkko import settings as project_settings


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Argon2 costs ~0.3 s a hash by design; these tests hash hundreds of times.

    Tests about hashing itself ask for `project_hashers`, which puts the configured list back.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def project_hashers(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    return settings.PASSWORD_HASHERS
