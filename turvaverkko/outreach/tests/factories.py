"""Factories of outreach: a programme of Huittinen's association and its stops."""

from datetime import date, time

import factory

from turvaverkko.directory.models import Site
from turvaverkko.directory.tests.factories import SiteFactory
from turvaverkko.outreach.models import Programme, Unit, VisitSeries
from turvaverkko.registry.tests.factories import OrganizationFactory


class StopFactory(SiteFactory):
    kind = Site.Kind.OUTREACH_STOP


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = "Palvelubussi"
    organization = factory.SubFactory(OrganizationFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = "Järjestöt on the Road"
    organization = factory.SubFactory(OrganizationFactory)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitSeries

    programme = factory.SubFactory(ProgrammeFactory)
    site = factory.SubFactory(StopFactory)
    pattern = VisitSeries.Pattern.WEEKLY
    weekday = 3  # Thursday
    starts_on = date(2026, 1, 1)
    arrives_at = time(10)
    departs_at = time(14)
