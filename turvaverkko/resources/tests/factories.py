import factory

from turvaverkko.areas.geo import to_tm35fin
from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.registry.tests.factories import OrganizationFactory
from turvaverkko.resources.models import Resource


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    organization = factory.SubFactory(OrganizationFactory)
    kind = Resource.Kind.PREMISES
    name = factory.Sequence(lambda n: f"Kylätalo {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    latitude = 61.18
    longitude = 22.70
    easting = factory.LazyAttribute(lambda o: to_tm35fin(o.latitude, o.longitude)[0])
    northing = factory.LazyAttribute(lambda o: to_tm35fin(o.latitude, o.longitude)[1])
    quantity = 1
    readiness_minutes = 60
