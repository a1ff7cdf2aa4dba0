"""manage.py generate_demo_analysis_data demo/insights.json [--now ISO-INSTANT]"""

import json
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.insights.demo_data import load_demo_analysis_data


class Command(BaseCommand):
    help = (
        "Generate the demo's SYNTHETIC population grid and road network for the regions the "
        "file names, unless datasets of those names exist (flagged as synthetic)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the demo's insights.json")
        parser.add_argument("--now", help="the instant relative years count from (ISO 8601)")

    def handle(self, *args, file, now, **options):
        try:
            spec = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{file}: {exc}") from exc
        data = load_demo_analysis_data(spec, datetime.fromisoformat(now) if now else None)
        grid, roads = data["grid"], data["roads"]
        self.stdout.write(
            f"{grid.cell_count} population grid cells, {roads.node_count} road nodes (synthetic)"
        )
