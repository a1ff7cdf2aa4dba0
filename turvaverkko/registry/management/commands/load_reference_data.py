"""Load regions, wellbeing services counties, municipalities, postal codes and the taxonomies.

Idempotent: running it again writes nothing. On the import framework's bulk path: a refused
file writes nothing and the command says why (docs/importing.md).
"""

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.importing.base import ImportFileError, ImportRefused
from turvaverkko.registry.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the committed Finnish reference data and managed taxonomies (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--data-file", help="reference.json.gz to load (default: committed)")
        parser.add_argument("--taxonomy-file", help="taxonomy.json to load (default: committed)")

    def handle(self, *args, **options):
        try:
            counts = load_reference_data(options["data_file"], options["taxonomy_file"])
        except ImportRefused as exc:
            raise CommandError("Refused, nothing loaded:\n" + "\n".join(exc.errors)) from exc
        except (ImportFileError, OSError) as exc:
            raise CommandError(f"Refused, nothing loaded: {exc}") from exc
        seconds = counts.pop("seconds")
        changes = {k: counts.pop(k) for k in ("created", "updated", "unchanged")}
        summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {summary} in {seconds} s ({changes['created']} new, "
                f"{changes['updated']} changed, {changes['unchanged']} unchanged)."
            )
        )
