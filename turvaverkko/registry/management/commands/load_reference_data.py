"""Load regions, wellbeing services counties, municipalities, postal codes and the taxonomies.

Idempotent: running it again updates in place and duplicates nothing.
"""

from django.core.management.base import BaseCommand

from turvaverkko.registry.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the committed Finnish reference data and managed taxonomies (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--data-file", help="reference.json.gz to load (default: committed)")
        parser.add_argument("--taxonomy-file", help="taxonomy.json to load (default: committed)")

    def handle(self, *args, **options):
        counts = load_reference_data(options["data_file"], options["taxonomy_file"])
        seconds = counts.pop("seconds")
        summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded {summary} in {seconds} s."))
