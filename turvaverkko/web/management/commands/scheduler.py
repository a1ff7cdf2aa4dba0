import time
from datetime import timedelta

from django.core.management.base import BaseCommand

from turvaverkko.web.scheduler import hold_lock, new_holder_id, release_lock, tick


class Command(BaseCommand):
    help = (
        "Enqueue periodic tasks (heartbeat, reminders, housekeeping) when they are due. "
        "Safe on every machine: only the holder of the scheduler lease ticks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one tick and exit.")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between ticks.")
        parser.add_argument(
            "--lease",
            type=float,
            default=60.0,
            help="Seconds after which another machine's scheduler takes over a silent holder.",
        )

    def handle(self, *args, once=False, interval=30, lease=60.0, **options):
        holder = new_holder_id()
        # Renew well inside the lease, so a live holder never loses it between ticks.
        pause = min(interval, lease / 3)
        held = False
        try:
            while True:
                if hold_lock(holder, timedelta(seconds=lease)):
                    if not held:
                        self.stdout.write(f"holding the scheduler lock as {holder}", ending="\n")
                        self.stdout.flush()
                    held = True
                    for path in tick():
                        self.stdout.write(f"enqueued {path}")
                elif held or once:
                    held = False
                    self.stdout.write("another scheduler holds the lock")
                if once:
                    return
                time.sleep(pause)
        finally:
            if held and once:
                release_lock(holder)
