import datetime

import factory
from django.utils import timezone

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.registry.models import TaxonomyTerm
from turvaverkko.registry.tests.factories import TaxonomyTermFactory, UserFactory
from turvaverkko.volunteers.models import AvailabilitySlot, HelpOffer, Volunteer


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    user = factory.SubFactory(UserFactory)
    name = "Ville Vapaaehtoinen"
    phone = factory.Sequence(lambda n: f"+35850{n:07d}")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "ville@example.fi")
    home_municipality = factory.SubFactory(MunicipalityFactory)
    channels = factory.LazyFunction(lambda: ["sms", "email"])
    consent_text = "Suostun tietojeni käsittelyyn vapaaehtoistoiminnan hälytyksiä varten."
    consent_given_at = factory.LazyFunction(timezone.now)
    email_confirmed_at = factory.LazyFunction(timezone.now)


class SkillFactory(TaxonomyTermFactory):
    """A term of the managed skill taxonomy, e.g. first aid."""

    taxonomy = TaxonomyTerm.Taxonomy.SKILL
    code = factory.Sequence(lambda n: f"skill-{n}")


class AvailabilitySlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AvailabilitySlot

    volunteer = factory.SubFactory(VolunteerFactory)
    weekday = 0
    start = datetime.time(17, 0)
    end = datetime.time(21, 0)


class HelpOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpOffer

    name = factory.Sequence(lambda n: f"Auttaja {n}")
    phone = factory.Sequence(lambda n: f"+35844{n:07d}")
    email = factory.Sequence(lambda n: f"auttaja{n}@example.fi")
    municipality = factory.SubFactory(MunicipalityFactory)
    message = "Voin kuljettaa tavaraa pakettiautolla."
