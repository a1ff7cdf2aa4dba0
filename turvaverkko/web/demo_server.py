"""Run the whole demo on this machine: `python -m turvaverkko.web.demo_server` (`make demo`).

Child processes:
  web        gunicorn, 2 workers, http://127.0.0.1:8000 (static files through WhiteNoise)
  worker     manage.py db_worker for the queues default and alerts
  scheduler  manage.py scheduler (periodic tasks), when the project has that command
  inbox      mail catcher smtp://127.0.0.1:1025 and SMS gateway stub, viewable at :8025

gunicorn rather than runserver: it is what production runs, it serves requests in parallel
(the dashboard and the inbox page poll). Static files are collected and pre-compressed
first (STATIC_COMPRESSED) and WhiteNoise serves them as in production; pages are gzipped.

Ctrl-C or SIGTERM stops every child (SIGTERM, then SIGKILL after a grace period). If the web
server or the inbox dies, the others are stopped too and the exit status is 1; a task worker
or scheduler that exits is reported and the demo goes on.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
HOST = "127.0.0.1"
WEB_PORT, SMTP_PORT, INBOX_PORT = 8000, 1025, 8025
GRACE_SECONDS = 10
# Without these the demo is useless; the task worker and scheduler are reported if they exit.
ESSENTIAL = {"web", "inbox"}
DEMO_ENV = {
    "DJANGO_ENV": "development",
    "DEBUG": "true",
    "EMAIL_URL": f"smtp://{HOST}:{SMTP_PORT}",
    "SMS_GATEWAY_URL": f"http://{HOST}:{INBOX_PORT}/sms",
    "SITE_URL": f"http://{HOST}:{WEB_PORT}",
    # Static files as production serves them: hashed, pre-compressed (gzip and brotli) by
    # collectstatic, which main() runs first; pages are gzipped by GZipMiddleware.
    "STATIC_COMPRESSED": "true",
    "PYTHONUNBUFFERED": "1",
}


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return True
    return False


def has_command(name: str) -> bool:
    import django
    from django.core.management import get_commands

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "turvaverkko.settings")
    django.setup()
    return name in get_commands()


def child_commands() -> dict[str, list[str]]:
    py, manage = sys.executable, str(BASE_DIR / "manage.py")
    commands = {
        "inbox": [
            py,
            "-m",
            "turvaverkko.notify.testing",
            "--smtp-port",
            str(SMTP_PORT),
            "--sms-port",
            str(INBOX_PORT),
            "--keep",
            "500",
        ],
        "web": [
            py,
            "-m",
            "gunicorn",
            "turvaverkko.wsgi:application",
            "--bind",
            f"{HOST}:{WEB_PORT}",
            "--workers",
            "2",
            "--graceful-timeout",
            "5",
            "--access-logfile",
            "-",
        ],
        "worker": [
            py,
            manage,
            "db_worker",
            "--queue-name",
            "default,alerts",
            "--no-reload",
        ],
    }
    if has_command("scheduler"):
        commands["scheduler"] = [py, manage, "scheduler"]
    return commands


def _relay(name: str, stream) -> None:
    """Prefix each output line with the child's name so the console stays readable."""
    for line in iter(stream.readline, b""):
        sys.stdout.write(f"[{name}] {line.decode(errors='replace')}")
        sys.stdout.flush()


def wait_for_http(url: str, timeout: float, stop: threading.Event) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not stop.is_set():
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (local URL)
                return True
        except urllib.error.HTTPError:
            return True  # it answered
        except OSError:
            time.sleep(0.3)
    return False


class Supervisor:
    def __init__(self, commands: dict[str, list[str]], env: dict[str, str]):
        self.commands, self.env = commands, env
        self.children: dict[str, subprocess.Popen] = {}
        self.stopping = threading.Event()
        self.reported: set[str] = set()

    def start(self) -> None:
        for name, cmd in self.commands.items():
            # A session of its own: Ctrl-C reaches only this supervisor, which stops
            # the children in order.
            proc = subprocess.Popen(  # noqa: S603 (our own fixed commands)
                cmd,
                cwd=BASE_DIR,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            threading.Thread(target=_relay, args=(name, proc.stdout), daemon=True).start()
            self.children[name] = proc

    def dead_child(self) -> str | None:
        """An essential child that exited; a lost helper is reported once and tolerated."""
        for name, proc in self.children.items():
            if proc.poll() is None:
                continue
            if name in ESSENTIAL:
                return name
            if name not in self.reported:
                self.reported.add(name)
                print(f"\n{name} exited ({proc.returncode}); the demo goes on without it.")
        return None

    def stop(self) -> None:
        for proc in self.children.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for proc in self.children.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def banner() -> str:
    from turvaverkko.web.demo.personas import login_table

    return "\n".join(
        [
            "",
            "=" * 78,
            f"Turvaverkko demo:        http://{HOST}:{WEB_PORT}/",
            f"Admin:                   http://{HOST}:{WEB_PORT}/admin/",
            f"Sent e-mail and SMS:     http://{HOST}:{INBOX_PORT}/",
            f"SMS gateway stub:        POST http://{HOST}:{INBOX_PORT}/sms",
            "",
            login_table(),
            "",
            "Stop with Ctrl-C.",
            "=" * 78,
            "",
        ]
    )


def main() -> int:
    busy = [p for p in (WEB_PORT, SMTP_PORT, INBOX_PORT) if port_in_use(p)]
    if busy:
        print(f"Ports {busy} on {HOST} are in use: is another demo running?", file=sys.stderr)
        return 2
    env = {**os.environ, **{k: v for k, v in DEMO_ENV.items() if k not in os.environ}}
    os.environ.update(env)
    collect = [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"]
    if subprocess.run(collect, env=env, check=False).returncode != 0:  # noqa: S603 (fixed)
        print("collectstatic failed; see above.", file=sys.stderr)
        return 1
    supervisor = Supervisor(child_commands(), env)

    def on_signal(signum, frame):
        supervisor.stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    supervisor.start()
    ready = wait_for_http(f"http://{HOST}:{WEB_PORT}/", 90, supervisor.stopping) and wait_for_http(
        f"http://{HOST}:{INBOX_PORT}/", 10, supervisor.stopping
    )
    if ready:
        print(banner(), flush=True)
    elif not supervisor.stopping.is_set():
        print("The web server did not answer in 90 s; see the log above.", file=sys.stderr)
    status = 0
    while not supervisor.stopping.wait(0.5):
        dead = supervisor.dead_child()
        if dead:
            print(f"\n{dead} stopped unexpectedly; stopping the demo.", file=sys.stderr)
            status = 1
            break
    print("\nStopping the demo…", flush=True)
    supervisor.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
