"""Test helpers shared by apps whose tests start real processes (workers, schedulers, web
servers) that must see the same database."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


class ProcessDatabase:
    """A migrated database of its own that subprocesses reach through DATABASE_URL: a SQLite
    file, or a new PostgreSQL database when the suite runs on PostgreSQL (pytest-django's test
    database is invisible to other processes). Subclasses name it and may add environment."""

    name_prefix = "processes"
    migrate_apps: tuple[str, ...] = ()  # empty: every app

    def __init__(self, tmp: Path):
        self.tmp = tmp
        db = settings.DATABASES["default"]
        self.postgres = db["ENGINE"] == "django.db.backends.postgresql"
        if self.postgres:
            self.name = f"{self.name_prefix}_{uuid.uuid4().hex[:10]}"
            auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
            self.server = f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            self.url = f"{self.server}/{self.name}"
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{tmp / f'{self.name_prefix}.sqlite3'}"
        self.manage("migrate", *self.migrate_apps, "--noinput", "-v0")

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def drop(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def extra_env(self) -> dict[str, str]:
        """What every process of this database gets besides DATABASE_URL."""
        return {}

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env.update(DATABASE_URL=self.url, LOG_LEVEL="WARNING", **self.extra_env())
        env.update(extra)
        return env

    def manage(self, *args: str, **env: str) -> str:
        done = subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, MANAGE, *args],
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code).strip()

    def query(self, sql: str) -> list[Any]:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url) as conn:
                cursor = conn.execute(sql)
                return cursor.fetchall() if cursor.description else []
        with sqlite3.connect(self.url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()
