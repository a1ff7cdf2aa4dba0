"""Alerting benchmark: one 10,000-recipient activation (e-mail + SMS) handed to the transports.

    .venv/bin/python bench/alerts.py [--db sqlite|postgres] [--redis] [--runner tasks|command]

Baseline: a bare loop that sends the same 10,000 e-mails over one reused SMTP connection
(smtplib) and the same 10,000 SMS over one requests.Session, one after the other.
Project: the delivery rows are written (queue_deliveries), the deliver_pending tasks are
enqueued (one per channel, on the "alerts" queue) and run by two already running task
workers (django-tasks-db `db_worker`, or an RQ worker per channel with --redis); or, with
--runner command, one `manage.py notify_worker` process. Timed from queue_deliveries until
the last row is "sent". The receivers (aiosmtpd, the SMS gateway stub) run in a process
of their own for both. Rate limits are switched off for both (they exist to respect a
provider's contract, not to be measured).

The last line printed is `ratio=<bare seconds / project seconds>`.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
NO_LIMITS = {"email": 0, "sms": 0}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stats(sms_url: str) -> dict:
    with urllib.request.urlopen(sms_url.replace("/sms", "/stats"), timeout=10) as r:  # noqa: S310
        return json.load(r)


def wait_for(received: dict, sms_url: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = stats(sms_url)
        if all(now[k] >= v for k, v in received.items()):
            return now
        time.sleep(0.1)
    raise SystemExit(f"receivers did not get {received}: {stats(sms_url)}")


def bare_loop(messages, smtp_port: int, sms_url: str) -> float:
    """The same messages, by hand: one SMTP connection, one HTTP session."""
    import smtplib
    from email.message import EmailMessage

    import requests

    started = time.perf_counter()
    smtp = smtplib.SMTP("127.0.0.1", smtp_port)
    session = requests.Session()
    for m in messages:
        if m.channel == "email":
            msg = EmailMessage()
            msg["Subject"] = m.subject
            msg["From"] = "Turvaverkko <noreply@turvaverkko.localhost>"
            msg["To"] = m.address
            msg["Message-ID"] = f"<{uuid.uuid4()}@turvaverkko.localhost>"
            msg.set_content(m.body)
            smtp.send_message(msg)
        else:
            r = session.post(
                sms_url,
                json={
                    "id": str(uuid.uuid4()),
                    "to": m.address,
                    "from": "Turvaverkko",
                    "text": m.body,
                },
                timeout=10,
            )
            r.raise_for_status()
    smtp.quit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--redis", action="store_true", help="tasks through django-tasks-rq")
    parser.add_argument("--runner", choices=["tasks", "command"], default="tasks")
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-alerts-"))
    pg_name = f"bench_alerts_{uuid.uuid4().hex[:8]}"
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(f"{args.postgres_url}/postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{pg_name}"')
        database_url = f"{args.postgres_url}/{pg_name}"
    else:
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    smtp_port, sms_port = free_port(), free_port()
    sms_url = f"http://127.0.0.1:{sms_port}/sms"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DATABASE_URL=database_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        SMS_GATEWAY_URL=sms_url,
        SMS_GATEWAY_TOKEN="",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="turvaverkko.settings",
    )
    if args.redis:
        env["REDIS_URL"] = args.redis_url
    os.environ.update(env)
    if not args.redis:
        os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from turvaverkko.notify.actions import queue_deliveries
    from turvaverkko.notify.models import Delivery
    from turvaverkko.notify.tasks import deliver_pending
    from turvaverkko.notify.testing import fake_messages

    call_command("migrate", "notify", verbosity=0)
    call_command("migrate", "django_tasks_database", verbosity=0)
    if args.redis:
        import django_rq

        django_rq.get_queue("alerts").empty()

    procs = []
    receivers = subprocess.Popen(
        [
            PY,
            "-m",
            "turvaverkko.notify.testing",
            "--smtp-port",
            str(smtp_port),
            "--sms-port",
            str(sms_port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    procs.append(receivers)
    try:
        receivers.stdout.readline()  # listening
        n = args.recipients
        key = f"alert:bench-{uuid.uuid4().hex[:6]}"
        messages = fake_messages(key, n)

        bare = bare_loop(messages, smtp_port, sms_url)
        before = wait_for({"email_raw": n, "sms_accepted": n}, sms_url)
        print(f"bare loop: {2 * n} messages in {bare:.2f} s ({2 * n / bare:.0f}/s)")

        manage = [PY, str(ROOT / "manage.py")]
        if args.runner == "command":
            workers = [manage + ["notify_worker", "--rate", "sms=0", "--rate", "email=0"]]
        elif args.redis:
            workers = [manage + ["rqworker", "--job-class", "django_tasks_rq.Job", "alerts"]] * 2
        else:
            workers = [
                manage
                + [
                    "db_worker",
                    "--queue-name",
                    "alerts",
                    "--interval",
                    "0.1",
                    "--no-startup-delay",
                    "--no-reload",
                    "-v",
                    "0",
                ]
            ] * 2
        with open(tmp / "workers.log", "a") as log:
            for cmd in workers:
                procs.append(
                    subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
                )
        time.sleep(5)  # the workers are up and idle, as in production

        started = time.perf_counter()
        queued = queue_deliveries(key, messages, enqueue=False)
        if args.runner == "tasks":
            for channel in ("email", "sms"):
                deliver_pending.enqueue(channel=channel, rate_limits=NO_LIMITS)
        rows = Delivery.objects.filter(dispatch=queued.dispatch)
        while rows.filter(state__in=Delivery.UNFINISHED).exists():
            time.sleep(0.05)
        project = time.perf_counter() - started

        after = wait_for(
            {"email_raw": before["email_raw"] + n, "sms_accepted": before["sms_accepted"] + n},
            sms_url,
        )
        states = dict(rows.values_list("state").annotate(n=Count("id")))
        assert states == {"sent": 2 * n}, states
        assert after["email_duplicates"] == 0 and after["sms_posts"] == after["sms_accepted"]
        label = f"{args.db}{' + redis' if args.redis else ''}, runner={args.runner}"
        print(f"project ({label}): {2 * n} messages in {project:.2f} s ({2 * n / project:.0f}/s)")
        print(f"ratio={bare / project:.2f}")
    finally:
        for p in reversed(procs):
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        if args.db == "postgres":
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(f"{args.postgres_url}/postgres", autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
