"""Daily retention run for volunteers' data; safe to run again at any time.

manage.py volunteer_housekeeping            # run now, in this process
manage.py volunteer_housekeeping --enqueue  # hand it to the task worker
"""

from django.core.management.base import BaseCommand

from turvaverkko.volunteers import housekeeping


class Command(BaseCommand):
    help = "Remind inactive volunteers, anonymise those who did not answer, tidy old data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Enqueue the task instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = housekeeping.volunteer_housekeeping.enqueue()
            self.stdout.write(f"Enqueued volunteer housekeeping as task {result.id}")
            return
        stats = housekeeping.run()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in stats.items()))
