import factory
from django.utils import timezone

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.registry.tests.factories import UserFactory
from turvaverkko.volunteers.models import Volunteer


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
