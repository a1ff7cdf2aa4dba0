"""manage.py generate_population_grid --resolution 1000|250 --seed 2024"""

from django.core.management.base import BaseCommand

from turvaverkko.insights.actions import store_population_grid
from turvaverkko.insights.synthetic import NATIONAL_POPULATION, generate_grid


class Command(BaseCommand):
    help = (
        "Generate a realistic SYNTHETIC nationwide population grid (for the demo and "
        "benchmarks when the real file is not at hand); it is flagged as synthetic."
    )

    def add_arguments(self, parser):
        parser.add_argument("--resolution", type=int, choices=[1000, 250], default=1000)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--year", type=int, default=2024)
        parser.add_argument(
            "--population", type=int, default=NATIONAL_POPULATION,
            help="residents to spread (a smaller country generates faster)",
        )  # fmt: skip

    def handle(self, *args, resolution, seed, year, population, **options):
        grid = generate_grid(resolution, seed=seed, total=population)
        dataset = store_population_grid(
            grid,
            name=f"Synthetic population grid (seed {seed})",
            year=year,
            source=f"turvaverkko.insights.synthetic seed={seed}",
            is_synthetic=True,
        )
        self.stdout.write(
            f"Generated {dataset} as dataset {dataset.pk}: {dataset.cell_count} cells, "
            f"{dataset.total_population} residents (synthetic)."
        )
