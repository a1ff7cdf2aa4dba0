import math
import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.notify.limits import RetryPolicy, configured_rates
from turvaverkko.notify.models import Channel
from turvaverkko.notify.worker import run_channels


class Command(BaseCommand):
    help = (
        "Send queued notifications (e-mail, SMS, push): one thread per channel, claiming "
        "deliveries in batches. SIGTERM or Ctrl-C stops it after the message in hand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--channel",
            action="append",
            choices=Channel.values,
            help="Only this channel (repeatable). Default: all.",
        )
        parser.add_argument("--batch-size", type=int, default=100)
        parser.add_argument(
            "--lease",
            type=float,
            default=60.0,
            help="Seconds a claim lasts without renewal; a dead worker's rows wait this long.",
        )
        parser.add_argument(
            "--rate",
            action="append",
            default=[],
            metavar="CHANNEL=PER_SECOND",
            help=(
                "Override a rate limit of NOTIFY_RATE_LIMITS, e.g. sms=20 (per second, all "
                "workers together); 0 means no limit."
            ),
        )
        parser.add_argument(
            "--burst", action="store_true", help="Exit when no due delivery is left."
        )
        parser.add_argument(
            "--retry-base",
            type=float,
            default=None,
            help="Seconds of the first retry back-off (default from notify/limits.py).",
        )

    def handle(self, *args, **opts):
        channels = opts["channel"] or list(Channel.values)
        rates = configured_rates()
        for item in opts["rate"]:
            name, _, value = item.partition("=")
            try:
                per_second = float(value)
            except ValueError:
                per_second = -1.0
            if name not in Channel.values or not math.isfinite(per_second) or per_second < 0:
                raise CommandError(f"--rate expects CHANNEL=PER_SECOND, got {item!r}")
            rates[name] = per_second or None
        retry = RetryPolicy()
        if opts["retry_base"] is not None:
            from datetime import timedelta

            retry = RetryPolicy(base=timedelta(seconds=opts["retry_base"]))

        stop = threading.Event()

        def _stop(signum, frame):
            self.stderr.write("stopping after the messages in hand…")
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)

        # Threads share nothing but `stop`; each has its own DB connection and transport.
        totals = run_channels(
            channels,
            until="drained" if opts["burst"] else None,
            threads=True,
            batch_size=opts["batch_size"],
            lease=opts["lease"],
            retry=retry,
            stop=stop,
            rates=rates,
        )
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(totals.items())) or "idle")
