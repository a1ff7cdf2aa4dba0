"""Load the committed reference areas (regions, wellbeing services counties, municipalities,
postal codes) into the database.

Everything is an upsert keyed on a stable code, so loading twice changes nothing and a newer
data file updates names and points in place. Rows that disappeared from the file are left
alone: organisations and sites may still point to them. The taxonomies and languages are
registry's reference data: turvaverkko.registry.reference loads both in one transaction.
"""

from turvaverkko.areas.models import Municipality, PostalCode, Region, WellbeingCounty
from turvaverkko.core.db import upsert


def load_areas(data: dict) -> dict:
    regions = [
        Region(code=code, name_fi=fi, name_sv=sv, name_en=en)
        for code, fi, sv, en in data["regions"]
    ]
    upsert(Region, regions, ["code"], ["name_fi", "name_sv", "name_en"])
    counties = [
        WellbeingCounty(code=code, name_fi=fi, name_sv=sv, name_en=en)
        for code, fi, sv, en in data["counties"]
    ]
    upsert(WellbeingCounty, counties, ["code"], ["name_fi", "name_sv", "name_en"])

    muni_fields = [
        "name_fi",
        "name_sv",
        "language",
        "region",
        "county",
        "latitude",
        "longitude",
        "easting",
        "northing",
        "population",
        "valid_year",
    ]
    municipalities = [
        Municipality(
            code=m["code"],
            name_fi=m["name_fi"],
            name_sv=m["name_sv"],
            language=m["language"],
            region_id=m["region"],
            county_id=m["county"],
            latitude=m["latitude"],
            longitude=m["longitude"],
            easting=m["easting"],
            northing=m["northing"],
            population=m["population"],
            valid_year=data["valid_year"],
        )
        for m in data["municipalities"]
    ]
    upsert(Municipality, municipalities, ["code"], muni_fields)

    columns = data["postal_code_columns"]
    rows = [dict(zip(columns, row, strict=True)) for row in data["postal_codes"]]
    postal_codes = [
        PostalCode(
            code=r["code"],
            name_fi=r["name_fi"],
            name_sv=r["name_sv"],
            municipality_id=r["municipality"],
            latitude=r["latitude"],
            longitude=r["longitude"],
        )
        for r in rows
    ]
    upsert(
        PostalCode,
        postal_codes,
        ["code"],
        ["name_fi", "name_sv", "municipality", "latitude", "longitude"],
    )
    return {
        "regions": len(regions),
        "counties": len(counties),
        "municipalities": len(municipalities),
        "postal_codes": len(postal_codes),
    }
