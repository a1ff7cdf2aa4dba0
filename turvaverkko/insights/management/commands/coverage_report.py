"""manage.py coverage_report [--area-level region --area-code MK04] [--mode road]"""

import json

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.insights.analysis import CoverageQuery, QueryError, run_query


class Command(BaseCommand):
    help = "Compute coverage of sites against the population now and print it (or --json)."

    def add_arguments(self, parser):
        parser.add_argument("--area-level", default="country")
        parser.add_argument("--area-code", default="")
        parser.add_argument("--mode", default="straight", choices=["straight", "road"])
        parser.add_argument("--thresholds", default="1000,3000,5000,10000,20000")
        parser.add_argument("--low-threshold", action="store_true")
        parser.add_argument("--suggest", type=int, default=0)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        parameters = {
            "area_level": options["area_level"],
            "area_code": options["area_code"],
            "mode": options["mode"],
            "thresholds_m": options["thresholds"].split(","),
            "sites": {"low_threshold": options["low_threshold"]},
            "suggest": options["suggest"],
        }
        try:
            result = run_query(CoverageQuery.from_parameters(parameters))
        except QueryError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        grid = result["population_grid"]
        flag = " SYNTHETIC" if grid["is_synthetic"] else ""
        self.stdout.write(f"{grid['name']} {grid['year']}{flag}; {result['site_count']} sites")
        head = "".join(f"{t / 1000:>9g} km" for t in result["thresholds_m"])
        self.stdout.write(f"{'area':<28}{'residents':>10}{head}")
        for row in result["municipalities"] + result["regions"] + [result["total"]]:
            shares = "".join(
                f"{(w['share'] or 0) * 100:>11.1f}%" if w["share"] is not None else f"{'-':>12}"
                for w in row["within"]
            )
            label = f"{row['code']} {row.get('name', '')}"[:27]
            self.stdout.write(f"{label:<28}{row['residents']:>10}{shares}")
        for site in result.get("suggestions", {}).get("sites", []):
            self.stdout.write(
                f"suggest ({site['latitude']}, {site['longitude']}): "
                f"+{site['added_residents']} residents"
            )
