from django.core.management.base import BaseCommand

from turvaverkko.registry.tasks import send_confirmation_reminders


class Command(BaseCommand):
    help = (
        "E-mail the admins of organisations whose data was confirmed longer ago than "
        "CONFIRMATION_MAX_AGE_DAYS (at most once in 30 days per organisation)."
    )

    def handle(self, *args, **options):
        count = send_confirmation_reminders.call()
        self.stdout.write(f"Reminded {count} organisation(s).")
