"""A staging copy's scheduler enqueues nothing; load_demo refuses production settings."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from turvaverkko.accounts.models import User
from turvaverkko.web.models import PeriodicRun
from turvaverkko.web.scheduler import tick

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def test_the_scheduler_of_a_staging_copy_enqueues_nothing(settings):
    settings.STAGING_COPY = True
    assert tick(NOW) == []
    assert not PeriodicRun.objects.exists()

    settings.STAGING_COPY = False
    assert "turvaverkko.web.tasks.heartbeat" in tick(NOW)


def test_load_demo_refuses_to_run_under_production_settings(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.exists()  # no account with a publicly known password
