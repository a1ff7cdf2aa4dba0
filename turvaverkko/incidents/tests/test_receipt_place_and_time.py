"""The SMS receipt of "yes" and "late" names the place and the time to come when the
activation has them (issue 10 §1: "Kiitos, kirjattu: tulet klo 18.30 … Peru vastaamalla E …")."""

from datetime import UTC, datetime

import pytest

from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.tests.conftest import sms_text

from .test_incoming_messages import post_sms, swede  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 5, 15, 10, tzinfo=UTC)  # 17.10 in Helsinki
MEET = datetime(2026, 12, 5, 16, 30, tzinfo=UTC)  # 18.30 in Helsinki


@pytest.fixture
def placed(personas, incident, swede, time_machine):  # noqa: F811 (fixture)
    time_machine.move_to(NOW, tick=False)
    return alerting.activate(
        incident,
        user=personas.kaisa,
        message="Tule",
        organizations=[personas.olli_org],
        volunteer_count=5,
        place="Sammun kylätalo",
        meet_at=MEET,
    )


def test_yes_receipt_names_the_time_and_place(personas, placed, sms_stub, deliver):
    olli = personas.primary_contact.phone
    assert post_sms(olli, f"K {placed.code}", "t1").json() == {"status": "recorded"}
    deliver(["sms"])
    receipt = sms_text(sms_stub, olli)[-1]
    # "Kiitos, kirjattu: tulet klo 18.30. Paikka: Sammun kylätalo." once night4.json is merged
    assert "18.30." in receipt and "17.10" not in receipt  # the meeting time, not now
    assert "Sammun kylätalo." in receipt and f"E {placed.code}" in receipt


def test_late_receipt_counts_from_the_meeting_time_in_swedish(
    personas,
    placed,
    swede,  # noqa: F811 (fixture)
    sms_stub,
    deliver,
):
    assert post_sms(swede.phone, f"S {placed.code} 30", "t2").json() == {"status": "recorded"}
    deliver(["sms"])
    receipt = sms_text(sms_stub, swede.phone)[-1]
    assert "19.00" in receipt and "30 min" in receipt  # 18.30 + 30 min, not 17.10 + 30
    assert receipt.startswith("Tack, registrerat: du kommer") and "Sammun kylätalo." in receipt


def test_without_place_and_time_the_receipt_is_as_before(personas, incident, sms_stub, deliver):
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    olli = personas.primary_contact.phone
    post_sms(olli, f"K {activation.code}", "t3")
    deliver(["sms"])
    receipt = sms_text(sms_stub, olli)[-1]
    assert receipt.startswith(f"Kiitos, kirjattu: tulet ({incident.title}")
    assert "Paikka" not in receipt
