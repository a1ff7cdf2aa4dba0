from django.core.management.base import BaseCommand

from turvaverkko.preparedness.tasks import send_agreement_reminders


class Command(BaseCommand):
    help = (
        "E-mail the municipal coordinators about agreements that end within 60 days "
        "(once per agreement)."
    )

    def handle(self, *args, **options):
        count = send_agreement_reminders.call()
        self.stdout.write(f"Reminded of {count} agreement(s).")
