"""The committed Finnish reference data, loaded by `manage.py load_reference_data`."""

import pytest
from django.core.management import call_command

from turvaverkko.areas.geo import to_tm35fin
from turvaverkko.areas.models import Municipality, PostalCode, Region, WellbeingCounty
from turvaverkko.registry.models import Language, TaxonomyTerm
from turvaverkko.registry.reference import term_id

pytestmark = pytest.mark.django_db

FINLAND = {"lat": (59.5, 70.2), "lon": (19.0, 31.7)}


def inside_finland(lat, lon):
    return (
        FINLAND["lat"][0] <= lat <= FINLAND["lat"][1]
        and FINLAND["lon"][0] <= lon <= FINLAND["lon"][1]
    )


def test_every_municipality_has_region_county_and_a_point_in_finland(reference_data):
    municipalities = list(Municipality.objects.select_related("region", "county"))
    assert len(municipalities) == reference_data["municipalities"] >= 300
    for m in municipalities:
        assert m.region and m.county, m.code
        assert inside_finland(m.latitude, m.longitude), (m.code, m.latitude, m.longitude)
        easting, northing = to_tm35fin(m.latitude, m.longitude)
        assert abs(easting - m.easting) < 1 and abs(northing - m.northing) < 1, m.code


def test_helsinki_is_bilingual_and_its_own_county(reference_data):
    helsinki = Municipality.objects.get(code="091")
    assert helsinki.name_fi == "Helsinki"
    assert helsinki.name_sv == "Helsingfors"
    assert helsinki.is_bilingual
    assert helsinki.language == Municipality.Language.BILINGUAL_FI
    assert helsinki.county_id == "90"
    assert helsinki.county.name_sv == "Helsingfors stad"
    assert helsinki.region.name_sv == "Nyland"


def test_language_status_follows_the_decree_not_the_postal_file(reference_data):
    kimitoon = Municipality.objects.get(code="322")
    assert kimitoon.name_sv == "Kimitoön"
    assert kimitoon.language == Municipality.Language.BILINGUAL_SV
    # Posti's file still says Swedish-only for Närpiö and Finnish-only for Pedersöre.
    assert Municipality.objects.get(code="545").language == Municipality.Language.BILINGUAL_SV
    assert Municipality.objects.get(code="599").language == Municipality.Language.BILINGUAL_SV
    assert Municipality.objects.get(code="102").language == Municipality.Language.FINNISH
    assert Municipality.objects.filter(language=Municipality.Language.BILINGUAL_SV).count() == 15


@pytest.mark.parametrize(
    ("code", "county"),
    [("049", "03"), ("092", "04"), ("245", "04"), ("638", "01"), ("106", "02"), ("853", "05")],
)
def test_uusimaa_splits_into_counties(reference_data, code, county):
    assert Municipality.objects.get(code=code).county_id == county


def test_aland_is_swedish_and_county_91(reference_data):
    aland = Municipality.objects.filter(region_id="MK21")
    assert aland.count() == 16
    assert set(aland.values_list("county_id", flat=True)) == {"91"}
    assert set(aland.values_list("language", flat=True)) == {"sv"}
    assert Region.objects.get(code="MK21").name_sv == "Åland"


def test_every_region_and_county_has_municipalities_and_three_names(reference_data):
    assert Region.objects.count() == 19
    assert WellbeingCounty.objects.count() == 23
    for area in [*Region.objects.all(), *WellbeingCounty.objects.all()]:
        assert area.name_fi and area.name_sv and area.name_en, area.code
        assert area.municipalities.exists(), area.code
    satakunta = WellbeingCounty.objects.get(code="06")
    assert satakunta.name_fi == "Satakunnan hyvinvointialue"
    assert satakunta.name_sv == "Satakunta välfärdsområde"
    assert satakunta.name_en == "Satakunta wellbeing services county"


def test_demo_areas_are_present(reference_data):
    huittinen = Municipality.objects.get(code="102")
    assert (huittinen.name_fi, huittinen.region_id, huittinen.county_id) == (
        "Huittinen",
        "MK04",
        "06",
    )
    muonio = Municipality.objects.get(code="498")
    assert (muonio.region_id, muonio.county_id) == ("MK19", "21")
    assert Municipality.objects.filter(region_id="MK10").count() >= 10  # Etelä-Savo
    assert Municipality.objects.get(code="491").name_sv == "S:t Michel"


def test_every_postal_code_has_a_municipality_and_a_point(reference_data):
    assert PostalCode.objects.count() == reference_data["postal_codes"] > 3000
    assert not PostalCode.objects.filter(municipality__isnull=True).exists()
    for lat, lon in PostalCode.objects.values_list("latitude", "longitude"):
        assert inside_finland(lat, lon)
    huittinen = PostalCode.objects.get(code="32700")
    assert huittinen.municipality_id == "102"
    assert PostalCode.objects.get(code="00100").municipality_id == "091"
    assert PostalCode.objects.get(code="25700").name_sv == "KIMITO"


def test_taxonomies_and_languages_have_three_names(reference_data):
    for taxonomy in ("theme", "target_group", "skill"):
        assert TaxonomyTerm.objects.filter(taxonomy=taxonomy).count() >= 10
    for term in TaxonomyTerm.objects.all():
        assert term.name_fi and term.name_sv and term.name_en, term.code
    mental = TaxonomyTerm.objects.get(taxonomy="theme", code="mental-health")
    assert mental.parent.code == "social-health"
    assert mental.id == term_id("theme", "mental-health")
    older = TaxonomyTerm.objects.get(taxonomy="target_group", code="older-people")
    assert older.term_uri.endswith("ptvkohderyhmat/code/KR1.1")
    assert TaxonomyTerm.objects.get(taxonomy="skill", code="first-aid").name_sv == "Första hjälpen"
    assert Language.objects.get(code="fse").name_en == "Finnish Sign Language"
    assert Language.objects.get(code="fss").name_sv == "finlandssvenskt teckenspråk"
    assert Language.objects.get(code="se").name_fi == "pohjoissaame"


def _snapshot():
    return {
        "municipalities": list(Municipality.objects.values_list().order_by("code")),
        "postal_codes": list(PostalCode.objects.values_list().order_by("code")),
        "terms": list(TaxonomyTerm.objects.values_list().order_by("taxonomy", "code")),
        "languages": list(Language.objects.values_list().order_by("code")),
        "counties": list(WellbeingCounty.objects.values_list().order_by("code")),
        "regions": list(Region.objects.values_list().order_by("code")),
    }


def test_loading_twice_changes_nothing(reference_data):
    before = _snapshot()
    call_command("load_reference_data", verbosity=0)
    assert _snapshot() == before


def test_loading_repairs_an_edited_name_without_duplicating(reference_data):
    Municipality.objects.filter(code="102").update(name_fi="Huittisten kaupunki")
    TaxonomyTerm.objects.filter(code="first-aid").update(name_sv="x")
    call_command("load_reference_data", verbosity=0)
    assert Municipality.objects.get(code="102").name_fi == "Huittinen"
    assert TaxonomyTerm.objects.filter(code="first-aid").get().name_sv == "Första hjälpen"
