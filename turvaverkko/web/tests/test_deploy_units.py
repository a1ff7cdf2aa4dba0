"""The systemd units in deploy/systemd end every process of a unit and run real commands."""

import configparser
import importlib
import shlex
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

UNITS = Path(settings.BASE_DIR) / "deploy" / "systemd"


def _units():
    for path in sorted(UNITS.glob("*.service")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(path)
        yield path.name, parser


def test_web_workers_and_scheduler_have_units_that_kill_the_whole_group():
    units = dict(_units())
    assert {"turvaverkko-web.service", "turvaverkko-worker@.service"} <= set(units)
    assert "turvaverkko-scheduler.service" in units
    for name, unit in units.items():
        assert unit["Service"]["KillMode"] == "control-group", name
        assert unit["Service"]["Restart"] == "always", name


def test_units_run_existing_management_commands():
    # rqworker comes from django_rq, installed as an app only when REDIS_URL is set.
    importlib.import_module("django_rq.management.commands.rqworker")
    commands = {**get_commands(), "rqworker": "django_rq"}
    for name, unit in _units():
        argv = shlex.split(unit["Service"]["ExecStart"])
        if "manage.py" in argv:
            assert argv[argv.index("manage.py") + 1] in commands, name
        else:
            assert argv[0].endswith("/gunicorn") and argv[1] == "turvaverkko.wsgi", name
