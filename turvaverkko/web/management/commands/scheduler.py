import time

from django.core.management.base import BaseCommand

from turvaverkko.web.scheduler import tick


class Command(BaseCommand):
    help = "Enqueue periodic tasks (heartbeat, reminders, housekeeping) when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one tick and exit.")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between ticks.")

    def handle(self, *args, once=False, interval=30, **options):
        while True:
            for path in tick():
                self.stdout.write(f"enqueued {path}")
            if once:
                return
            time.sleep(interval)
