"""Reply codes too long to guess within an incident, still in one SMS; unclear replies capped."""

import json

import pytest
from django.test import Client

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import Incident, Reply
from turvaverkko.incidents.replies.grammar import parse
from turvaverkko.notify.models import Delivery
from turvaverkko.notify.sms.text import info
from turvaverkko.volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

HOOK = "/hooks/sms/inbound"
LONG = (
    "Myrsky kaatoi puita Huittisten keskustassa. Kokoontuminen VPK:n talolla klo 18, "
    "ota mukaan lämmintä vaatetta, otsalamppu ja eväät. Tarvitaan raivaajia ja kuljettajia."
)


def post_sms(sender, text):
    body = json.dumps({"from": sender, "text": text})
    return Client().post(HOOK, body, content_type="application/json")


@pytest.fixture
def exercise(personas):
    return actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="Harjoitus",
        type=Incident.Type.STORM,
        severity=Incident.Severity.SEVERE,
        is_exercise=True,
    )


def test_reply_codes_have_seven_digits_and_the_sms_stays_one_gsm7_segment(personas, exercise):
    for language in ("sv", "en"):
        VolunteerFactory(home_municipality=personas.huittinen, language=language, channels=["sms"])
    activation = alerting.activate(
        exercise,
        user=personas.kaisa,
        message=LONG,
        message_sv=LONG,
        message_en=LONG,
        organizations=[personas.olli_org],
        volunteer_count=5,
    )
    assert 1_000_000 <= activation.code <= 9_999_999
    bodies = Delivery.objects.filter(dispatch__key=activation.dispatch_key, channel="sms")
    languages = set(bodies.values_list("language", flat=True))
    assert languages == {"fi", "sv", "en"}
    for body in bodies.values_list("body", flat=True):
        encoding, units, parts = info(body)
        assert (encoding, parts) == ("gsm7", 1) and units <= 160
        assert str(activation.code) in body
        assert "Myrsky kaatoi puita" in body  # the message itself still fits, shortened


def test_seven_digit_codes_parse_and_are_recorded(personas, exercise):
    activation = alerting.activate(
        exercise, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    code = activation.code
    assert parse(f"M {code} 30").eta_minutes == 30 and parse(f"k{code}").code == code
    assert post_sms(personas.primary_contact.phone, f"K {code}").json() == {"status": "recorded"}


def test_unclear_replies_are_capped_per_sender_and_incident(personas, exercise, settings):
    settings.SMS_INBOUND_LIMIT_PER_SENDER = 0  # the cap, not the rate limit, is tested here
    settings.SMS_UNCLEAR_REPLIES_PER_INCIDENT = 5
    activation = alerting.activate(
        exercise, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    phone = personas.primary_contact.phone
    for n in range(8):
        assert post_sms(phone, f"mitä {n} {activation.code}").json() == {"status": "unclear"}
    assert Reply.objects.filter(sender=phone, activation=activation).count() == 5
    # wrong codes (guesses) from a number not alerted match no activation: capped per
    # sender over a day (the alerted number's guesses belong to its own alert, capped above)
    guesser = "+358401110000"
    for n in range(8):
        post_sms(guesser, f"K {1_000_000 + n}")
    assert Reply.objects.filter(sender=guesser, activation__isnull=True).count() == 5
    for n in range(3):
        post_sms(phone, f"K {1_000_000 + n}")
    assert Reply.objects.filter(sender=phone, activation=activation).count() == 5
    # another sender is not affected, and a clear answer always counts
    post_sms("+358401112223", f"kohta {activation.code}")
    assert Reply.objects.filter(sender="+358401112223").count() == 1
    assert post_sms(phone, f"K {activation.code}").json() == {"status": "recorded"}
