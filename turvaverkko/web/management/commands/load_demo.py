"""Load the deterministic demo network (after `manage.py load_reference_data`)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from turvaverkko.web.demo.load import MissingReferenceData, load_demo
from turvaverkko.web.demo.personas import login_table


class Command(BaseCommand):
    help = "Load or refresh the demo network, its sites, volunteers and persona accounts."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # The demo's superuser has a password and TOTP secret printed in the docs.
            raise CommandError(
                "load_demo refuses to run with DJANGO_ENV=production: the demo accounts have "
                "publicly known passwords. Load the demo into a development copy only."
            )
        try:
            counts = load_demo()
        except MissingReferenceData as exc:
            raise CommandError(str(exc)) from exc
        networks = counts.pop("networks")
        seconds = counts.pop("seconds")
        self.stdout.write(self.style.SUCCESS(f"Demo loaded in {seconds} s."))
        for name, members in networks.items():
            self.stdout.write(f"  {name}: {members} members")
        self.stdout.write("  " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
        if options["verbosity"] >= 1:
            self.stdout.write("\n" + login_table())
