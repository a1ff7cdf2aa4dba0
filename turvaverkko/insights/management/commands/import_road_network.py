"""manage.py import_road_network <extract.osm[.gz|.bz2]|.osm.pbf|.o5m|.opl> --profile drive|walk"""

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.insights.actions import import_road_network, store_road_network
from turvaverkko.insights.roads import PROFILES, RoadImportError
from turvaverkko.insights.synthetic import generate_road_network


class Command(BaseCommand):
    help = (
        "Import an OpenStreetMap extract as a road graph for coverage by road distance, "
        "or --synthetic to generate a nationwide grid-like test network."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")
        parser.add_argument("--profile", choices=sorted(PROFILES), default="drive")
        parser.add_argument("--name", default="")
        parser.add_argument("--synthetic", action="store_true")
        parser.add_argument("--spacing", type=float, default=800.0, help="synthetic: metres")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, file, profile, name, synthetic, spacing, seed, **options):
        try:
            if synthetic:
                graph = generate_road_network(seed=seed, spacing=spacing, profile=profile)
                network = store_road_network(
                    graph, name=name or f"Synthetic road network (seed {seed})",
                    source=f"synthetic spacing={spacing} seed={seed}", is_synthetic=True,
                )  # fmt: skip
            elif file:
                network = import_road_network(file, profile=profile, name=name)
            else:
                raise CommandError("give an OSM file or --synthetic")
        except RoadImportError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        self.stdout.write(
            f"Stored {network} as network {network.pk}: {network.node_count} nodes, "
            f"{network.arc_count} arcs."
        )
