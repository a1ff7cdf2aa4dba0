"""Factories for sites, services and opening hours. Sites default to Huittinen."""

from datetime import date, time

import factory

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.directory.models import (
    OpeningException,
    OpeningRule,
    Service,
    ServiceAtLocation,
    Site,
)
from turvaverkko.registry.models import TaxonomyTerm
from turvaverkko.registry.tests.factories import OrganizationFactory, TaxonomyTermFactory


class TargetGroupFactory(TaxonomyTermFactory):
    taxonomy = TaxonomyTerm.Taxonomy.TARGET_GROUP


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        skip_postgeneration_save = True

    name_fi = factory.Sequence(lambda n: f"Kohtaamispaikka {n}")
    kind = Site.Kind.MEETING_PLACE
    street_address = "Risto Rytin katu 1"
    postal_code = "32700"
    city = "Huittinen"
    municipality = factory.SubFactory(MunicipalityFactory)
    latitude = 61.1766
    longitude = 22.6995

    @factory.post_generation
    def organizations(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.organizations.set(extracted)

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.languages.set(extracted)

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.target_groups.set(extracted)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name_fi = factory.Sequence(lambda n: f"Palvelu {n}")
    description_fi = "Palvelun kuvaus."

    @factory.post_generation
    def sites(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            for site in extracted:
                ServiceAtLocation.objects.create(service=obj, site=site)


class OpeningRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningRule

    site = factory.SubFactory(SiteFactory)
    byday = "MO,TU,WE,TH,FR"
    opens_at = time(9)
    closes_at = time(17)


class OpeningExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningException

    site = factory.SubFactory(SiteFactory)
    closed = True


def noted_holiday_hours(site):
    """Mondays 9–12 and closed on Christmas Eve 2027, each with a note in Finnish and
    Swedish (the PTV read and export tests of notes)."""
    OpeningRuleFactory(
        site=site, byday="MO", opens_at=time(9), closes_at=time(12),
        description_fi="Kahvila auki", description_sv="Kaféet öppet",
    )  # fmt: skip
    OpeningExceptionFactory(
        site=site, date=date(2027, 12, 24), closed=True,
        description_fi="Jouluaatto", description_sv="Julafton",
    )  # fmt: skip
