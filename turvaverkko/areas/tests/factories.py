import factory

from turvaverkko.areas.geo import to_tm35fin
from turvaverkko.areas.models import Municipality, PostalCode, Region, WellbeingCounty


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "MK04"
    name_fi = "Satakunta"
    name_sv = "Satakunta"
    name_en = "Satakunta"


class WellbeingCountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingCounty
        django_get_or_create = ("code",)

    code = "06"
    name_fi = "Satakunnan hyvinvointialue"
    name_sv = "Satakunta välfärdsområde"
    name_en = "Satakunta wellbeing services county"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """Defaults to Huittinen (102) in Satakunta."""

    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "102"
    name_fi = "Huittinen"
    name_sv = "Huittinen"
    language = Municipality.Language.FINNISH
    region = factory.SubFactory(RegionFactory)
    county = factory.SubFactory(WellbeingCountyFactory)
    latitude = 61.1766
    longitude = 22.6995
    easting = factory.LazyAttribute(lambda o: to_tm35fin(o.latitude, o.longitude)[0])
    northing = factory.LazyAttribute(lambda o: to_tm35fin(o.latitude, o.longitude)[1])
    population = 10000
    valid_year = 2026


class PostalCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostalCode
        django_get_or_create = ("code",)

    code = "32700"
    name_fi = "HUITTINEN"
    name_sv = "HUITTINEN"
    municipality = factory.SubFactory(MunicipalityFactory)
    latitude = 61.1766
    longitude = 22.6995


def muonio():
    """Muonio (498) in Lapland: the second demo network and a second municipality in tests."""
    return MunicipalityFactory(
        code="498",
        name_fi="Muonio",
        name_sv="Muonio",
        region=RegionFactory(code="MK19", name_fi="Lappi", name_sv="Lappland", name_en="Lapland"),
        county=WellbeingCountyFactory(
            code="21",
            name_fi="Lapin hyvinvointialue",
            name_sv="Lapplands välfärdsområde",
            name_en="Lapland wellbeing services county",
        ),
        latitude=67.9583,
        longitude=23.6808,
        population=2300,
    )
