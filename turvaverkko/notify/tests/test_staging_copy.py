"""A copy restored for staging (STAGING_COPY) reaches no one; check --deploy names missing keys."""

import pytest
from django.core import checks

from turvaverkko.notify.models import Delivery
from turvaverkko.notify.worker import run_channels

from .factories import queue

pytestmark = pytest.mark.django_db


def test_a_staging_copy_sends_no_alert_and_keeps_it_queued(smtp_server, sms_stub, settings):
    queue(people=2)
    settings.STAGING_COPY = True

    stats = run_channels(["email", "sms"], until="drained")

    assert not stats.get("sent")
    assert smtp_server.messages == [] and sms_stub.requests == []
    assert set(Delivery.objects.values_list("state", flat=True)) == {"queued"}

    settings.STAGING_COPY = False  # the same rows go out once the copy becomes production
    assert run_channels(["email", "sms"], until="idle")["sent"] == 4


def test_check_deploy_warns_without_the_vapid_key_pair(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "public", ""
    found = checks.run_checks(include_deployment_checks=True)
    assert "turvaverkko.notify.W001" in {message.id for message in found}

    settings.VAPID_PRIVATE_KEY = "private"
    found = checks.run_checks(include_deployment_checks=True)
    assert "turvaverkko.notify.W001" not in {message.id for message in found}
    # An ordinary `check` (not --deploy) does not nag a developer without push.
    settings.VAPID_PUBLIC_KEY = ""
    assert "turvaverkko.notify.W001" not in {m.id for m in checks.run_checks()}


def test_the_settings_of_a_staging_copy_send_no_mail(tmp_path):
    import subprocess
    import sys

    from django.conf import settings as django_settings

    code = (
        "from django.conf import settings;"
        "print(settings.EMAIL_BACKEND, settings.REDIS_URL, settings.STAGING_COPY)"
    )
    env = {
        "STAGING_COPY": "true",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(django_settings.BASE_DIR),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    done = subprocess.run(
        [
            sys.executable,
            str(django_settings.BASE_DIR / "manage.py"),
            "shell",
            "--no-imports",
            "-c",
            code,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.split() == [
        "django.core.mail.backends.dummy.EmailBackend",
        "redis://127.0.0.1:6379/15",
        "True",
    ]
