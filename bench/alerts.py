"""Alerting benchmark: one activation (e-mail + SMS to every recipient) handed to the transports.

    .venv/bin/python bench/alerts.py --national     # PostgreSQL + Redis, 4 RQ workers, 100,000
    .venv/bin/python bench/alerts.py [--db sqlite|postgres] [--redis] [--runner tasks|command]
                                     [--workers 2] [--recipients 10000] [--latency-runs 20]

Throughput. Baseline: `--workers` bare sender processes, each sending its share of the same
messages over one reused SMTP connection (smtplib) and one requests.Session, as fast as the
receivers take them. Project: `--workers` already running task workers (RQ `rqworker` with
--redis, else django-tasks-db `db_worker`; or `manage.py notify_worker` processes with
--runner command); the coordinator calls queue_deliveries(), which writes the rows and, on
commit, enqueues the deliver_pending tasks as the product does. Timed from queue_deliveries
until the last row is "sent". The receivers (notify.testing's SMTP sink and SMS gateway stub)
run in a process of their own for both. Rate limits are off for both (they exist to respect a
provider's contract, not to be measured): NOTIFY_RATE_LIMITS="sms=0;email=0".

Latency: `--latency-runs` activations of `--latency-recipients` (e-mail + SMS), one after the
other on idle workers: from the coordinator's commit to the first SMS arriving at the stub
(both clocks are this machine's time.time()); p50 and p95 (nearest rank).

Memory: the peak resident set (VmHWM in /proc/PID/status) of every worker process and of
the processes they fork (RQ's work horses), sampled during the throughput run; the maximum.

The last line printed is `ratio=<bare seconds / project seconds>`.
"""

import argparse
import json
import math
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 (127.0.0.1 only)
        return json.load(r)


def wait_for(received: dict, base: str, timeout: float, every: float = 0.1) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = get_json(f"{base}/stats")
        if all(now[k] >= v for k, v in received.items()):
            return now
        time.sleep(every)
    raise SystemExit(f"receivers did not get {received}: {get_json(f'{base}/stats')}")


# --- the baseline ---------------------------------------------------------------------------


def _bare_sender(messages, smtp_port: int, sms_url: str, go) -> None:
    import smtplib
    from email.message import EmailMessage

    import requests

    go.wait()
    smtp = smtplib.SMTP("127.0.0.1", smtp_port)
    session = requests.Session()
    for channel, address, subject, body in messages:
        if channel == "email":
            msg = EmailMessage()
            msg["Subject"] = subject
            msg["From"] = "Turvaverkko <noreply@turvaverkko.localhost>"
            msg["To"] = address
            msg["Message-ID"] = f"<{uuid.uuid4()}@turvaverkko.localhost>"
            msg.set_content(body)
            smtp.send_message(msg)
        else:
            payload = {"id": str(uuid.uuid4()), "to": address, "from": "Turvaverkko", "text": body}
            session.post(sms_url, json=payload, timeout=10).raise_for_status()
    smtp.quit()


def bare_loop(messages, senders: int, smtp_port: int, sms_url: str) -> float:
    """The same messages by hand: `senders` processes, one SMTP connection and one HTTP
    session each."""
    # Each sender takes every `senders`-th recipient with all of their channels, so every
    # sender has the same mix of e-mail and SMS and they finish together.
    number: dict[str, int] = {}
    shares: list[list] = [[] for _ in range(senders)]
    for m in messages:
        i = number.setdefault(m.recipient_key, len(number)) % senders
        shares[i].append((m.channel, m.address, m.subject, m.body))
    ctx = multiprocessing.get_context("fork")
    go = ctx.Event()
    procs = [
        ctx.Process(target=_bare_sender, args=(share, smtp_port, sms_url, go)) for share in shares
    ]
    for p in procs:
        p.start()
    time.sleep(1)  # all forked and waiting
    started = time.perf_counter()
    go.set()
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"a bare sender failed ({p.exitcode})")
    return time.perf_counter() - started


# --- peak memory of the workers --------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            pass
    return out


def _vm_hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return -1
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_until_idle(pids: list[int], quiet: float = 2.0, timeout: float = 300) -> None:
    """Wait until the workers have started: each used under 5 % of a core for `quiet`
    seconds (a Django start-up takes seconds on a loaded machine and must not count as
    sending time; a db_worker polling its table uses a little CPU all the time)."""
    deadline = time.monotonic() + timeout
    allowed = quiet * os.sysconf("SC_CLK_TCK") * 0.05
    time.sleep(1)
    before = [_cpu_ticks(p) for p in pids]
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = [_cpu_ticks(p) for p in pids]
        if all(b >= 0 and n - b <= allowed for b, n in zip(before, now, strict=True)):
            return
        before = now
    raise SystemExit("the workers did not settle")


class PeakMemory(threading.Thread):
    """Samples VmHWM of the worker processes and their children every 0.25 s."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids, self.peak_kib, self.stopped = pids, 0, threading.Event()

    def run(self):
        while not self.stopped.wait(0.25):
            for pid in self.pids:
                for p in _descendants(pid):
                    self.peak_kib = max(self.peak_kib, _vm_hwm_kib(p))


# --- the project -----------------------------------------------------------------------------


def wait_until_sent(timeout: float) -> None:
    from turvaverkko.notify.models import Delivery

    deadline = time.monotonic() + timeout
    unfinished = Delivery.objects.filter(state__in=Delivery.UNFINISHED)
    while unfinished.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"not all sent after {timeout:.0f} s")
        time.sleep(0.05)


def activation_latency(n: int, base: str, timeout: float) -> float:
    """Seconds from the coordinator's commit to the first SMS at the stub."""
    from django.db import transaction

    from turvaverkko.notify.actions import queue_deliveries
    from turvaverkko.notify.testing import fake_messages

    key = f"alert:latency-{uuid.uuid4().hex[:8]}"
    messages = fake_messages(key, n)
    posts_before = get_json(f"{base}/stats")["sms_posts"]
    committed = []
    with transaction.atomic():
        # Registered first, so it runs first when the transaction commits, before the
        # enqueueing hooks queue_deliveries registers.
        transaction.on_commit(lambda: committed.append(time.time()))
        queue_deliveries(key, messages)
    deadline = time.monotonic() + timeout
    while not (arrivals := get_json(f"{base}/arrivals?from={posts_before}")):
        if time.monotonic() > deadline:
            raise SystemExit("no SMS arrived")
        time.sleep(0.005)
    wait_for({"sms_posts": posts_before + n}, base, timeout, every=0.05)
    wait_until_sent(timeout)
    return arrivals[0] - committed[0]


def nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def worker_commands(args) -> list[list[str]]:
    manage = [PY, str(ROOT / "manage.py")]
    if args.runner == "command":
        return [manage + ["notify_worker"]] * args.workers
    if args.redis:
        return [
            manage + ["rqworker", "--job-class", "django_tasks_rq.Job", "alerts"]
        ] * args.workers
    db_worker = ["db_worker", "--queue-name", "alerts", "--interval", "0.1"]
    return [manage + db_worker + ["--no-startup-delay", "--no-reload", "-v", "0"]] * args.workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", action="store_true", help="the national-scale preset")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--redis", action="store_true", help="tasks through django-tasks-rq")
    parser.add_argument("--runner", choices=["tasks", "command"], default="tasks")
    parser.add_argument("--workers", type=int, default=2, help="worker processes and senders")
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--latency-runs", type=int, default=20)
    parser.add_argument("--latency-recipients", type=int, default=1000)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()
    if args.national:
        args.db, args.redis, args.workers, args.recipients = "postgres", True, 4, 100_000
    if args.workers < 1 or args.recipients < 1 or args.latency_runs < 0:
        parser.error("--workers and --recipients must be positive, --latency-runs not negative")

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
    base = f"http://127.0.0.1:{sms_port}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DATABASE_URL=database_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        SMS_GATEWAY_URL=f"{base}/sms",
        SMS_GATEWAY_TOKEN="",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="turvaverkko.settings",
        NOTIFY_RATE_LIMITS="sms=0;email=0",
        NOTIFY_TASKS_PER_CHANNEL=str(args.workers),
    )
    if args.redis:
        env["REDIS_URL"] = args.redis_url
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count

    from turvaverkko.notify.actions import queue_deliveries
    from turvaverkko.notify.models import Delivery
    from turvaverkko.notify.testing import fake_messages

    call_command("migrate", "notify", verbosity=0)
    call_command("migrate", "django_tasks_database", verbosity=0)
    if args.redis:
        import django_rq

        django_rq.get_queue("alerts").empty()
    connections.close_all()  # the bare senders fork this process

    procs = []
    receivers = subprocess.Popen(
        [PY, "-m", "turvaverkko.notify.testing"]
        + ["--smtp-port", str(smtp_port), "--sms-port", str(sms_port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    procs.append(receivers)
    n = args.recipients
    timeout = 600 + n / 50
    try:
        receivers.stdout.readline()  # listening
        key = f"alert:bench-{uuid.uuid4().hex[:6]}"
        messages = fake_messages(key, n)

        bare = bare_loop(messages, args.workers, smtp_port, f"{base}/sms")
        before = wait_for({"email_raw": n, "sms_accepted": n}, base, timeout)
        print(
            f"bare: {2 * n} messages, {args.workers} senders, {bare:.2f} s ({2 * n / bare:.0f}/s)"
        )

        workers = []
        with open(tmp / "workers.log", "a") as log:
            for cmd in worker_commands(args):
                workers.append(
                    subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
                )
        procs.extend(workers)
        wait_until_idle([w.pid for w in workers])  # up and waiting, as in production
        memory = PeakMemory([w.pid for w in workers])
        memory.start()

        started = time.perf_counter()
        queued = queue_deliveries(key, messages)
        written = time.perf_counter() - started
        # Watch the receivers (cheap), then confirm in the database: polling the database
        # alone would load it while the workers use it.
        targets = {"email_raw": before["email_raw"] + n, "sms_accepted": before["sms_accepted"] + n}
        wait_for(targets, base, timeout, every=0.02)
        wait_until_sent(timeout)
        project = time.perf_counter() - started
        memory.stopped.set()
        memory.join()

        after = wait_for(
            {"email_raw": before["email_raw"] + n, "sms_accepted": before["sms_accepted"] + n},
            base,
            timeout,
        )
        rows = Delivery.objects.filter(dispatch=queued.dispatch)
        states = dict(rows.values_list("state").annotate(n=Count("id")))
        assert states == {"sent": 2 * n}, states
        assert after["email_duplicates"] == 0 and after["sms_posts"] == after["sms_accepted"]
        label = f"{args.db}{' + redis' if args.redis else ''}, runner={args.runner}"
        print(
            f"project ({label}, {args.workers} workers): {2 * n} messages in {project:.2f} s "
            f"({2 * n / project:.0f}/s; the rows written and committed after {written:.2f} s)"
        )
        print(f"peak worker memory (VmHWM, max over workers): {memory.peak_kib / 1024:.0f} MB")

        if args.latency_runs:
            latencies = [
                activation_latency(args.latency_recipients, base, timeout)
                for _ in range(args.latency_runs)
            ]
            print(
                f"latency commit -> first SMS at the stub, {args.latency_runs} activations of "
                f"{args.latency_recipients}: p50={nearest_rank(latencies, 0.5):.3f} s "
                f"p95={nearest_rank(latencies, 0.95):.3f} s max={max(latencies):.3f} s"
            )
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
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
            connections.close_all()
            import psycopg

            with psycopg.connect(f"{args.postgres_url}/postgres", autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
