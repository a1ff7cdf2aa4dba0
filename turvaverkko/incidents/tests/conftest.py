import pytest

from turvaverkko.incidents import actions
from turvaverkko.incidents.models import Incident
from turvaverkko.notify.testing import SmsGatewayStub
from turvaverkko.notify.worker import run_channels
from turvaverkko.registry.models import Organization, TaxonomyTerm
from turvaverkko.registry.tests.factories import (
    ContactPersonFactory,
    OrganizationFactory,
    TaxonomyTermFactory,
)
from turvaverkko.volunteers.models import AlertGroup, PushSubscription
from turvaverkko.volunteers.tests.factories import VolunteerFactory

GATEWAY_TOKEN = "test-token"


@pytest.fixture
def sms_stub(settings):
    """A real HTTP SMS gateway stub; notify's SMS transport sends into it."""
    stub = SmsGatewayStub(token=GATEWAY_TOKEN).start()
    settings.SMS_GATEWAY_URL = stub.url
    settings.SMS_GATEWAY_TOKEN = GATEWAY_TOKEN
    settings.SMS_SENDER = "Turvaverkko"
    yield stub
    stub.stop()


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run notify's real worker until nothing is left; on-commit hooks (signals) run."""
    from datetime import timedelta

    from turvaverkko.notify.limits import RetryPolicy

    def _deliver(channels=("email", "sms")):
        with django_capture_on_commit_callbacks(execute=True):
            return run_channels(
                list(channels),
                until="idle",
                retry=RetryPolicy(max_attempts=2, base=timedelta(milliseconds=50)),
            )

    return _deliver


@pytest.fixture
def incident(personas):
    return actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="Myrsky Huittisissa",
        type=Incident.Type.STORM,
        severity=Incident.Severity.SEVERE,
    )


def sms_text(stub, number):
    return [m["text"] for m in stub.accepted() if m["to"] == number]


@pytest.fixture
def network(personas):
    """For the activation form's summary (test_activation_summary, the browser test):
    Four organisations and four volunteers of Huittinen, each reachable differently."""
    huittinen = personas.huittinen
    water = TaxonomyTermFactory(taxonomy=TaxonomyTerm.Taxonomy.THEME, code="water")
    village = OrganizationFactory(
        name_fi="Sammun kyläyhdistys ry",
        kind=Organization.Kind.VILLAGE_ASSOCIATION,
        municipalities=[huittinen],
    )
    village.themes.set([water])
    ContactPersonFactory(organization=village, position=0, email="")  # phone only
    ContactPersonFactory(organization=village, position=1)
    parish = OrganizationFactory(
        name_fi="Huittisten seurakunta", kind=Organization.Kind.PARISH, municipalities=[huittinen]
    )
    ContactPersonFactory(organization=parish, position=0, phone="")  # e-mail only
    nobody = OrganizationFactory(name_fi="Tyhjä yhdistys ry", municipalities=[huittinen])
    # Ville: SMS and e-mail; Pirjo: SMS and push on a live browser; Eero: e-mail only;
    # Aino: push only, but no browser subscribed, so her alert falls back to SMS.
    pirjo = VolunteerFactory(name="Pirjo", home_municipality=huittinen, channels=["sms", "push"])
    PushSubscription.objects.create(
        volunteer=pirjo, endpoint="https://push.example/pirjo", p256dh="k" * 20, auth="a" * 16
    )
    eero = VolunteerFactory(name="Eero", home_municipality=huittinen, channels=["email"])
    aino = VolunteerFactory(name="Aino", home_municipality=huittinen, channels=["push"])
    first = AlertGroup.objects.create(name="Ensiapuryhmä", municipality=huittinen)
    first.members.set([personas.ville_profile, pirjo])
    second = AlertGroup.objects.create(name="Muonituspiiri", municipality=huittinen)
    second.members.set([eero, aino])
    return {
        "water": water,
        "village": village,
        "parish": parish,
        "nobody": nobody,
        "groups": [first, second],
    }
