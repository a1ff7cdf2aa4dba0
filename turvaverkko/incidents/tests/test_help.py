"""Help requests: candidates by fit and distance, offers of help, invite, assign."""

import pytest
from django.urls import reverse

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import HelpAssignment, HelpRequest
from turvaverkko.notify.models import Delivery
from turvaverkko.volunteers.tests.factories import (
    HelpOfferFactory,
    SkillFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


def test_help_request_from_association_to_assignment(client_as, personas, incident):
    alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    driving = SkillFactory(name="Kuljetus")
    far_town = MunicipalityFactory(code="108", name_fi="Hämeenkyrö", latitude=61.64, longitude=23.2)
    near = VolunteerFactory(name="Lähellä", home_municipality=personas.huittinen)
    far = VolunteerFactory(name="Kaukana", home_municipality=far_town)
    near.skills.add(driving)
    far.skills.add(driving)
    VolunteerFactory(name="Ei taitoa", home_municipality=personas.huittinen)
    offer = HelpOfferFactory(municipality=personas.huittinen)
    offer.skills.add(driving)
    HelpOfferFactory(municipality=personas.other_municipality).skills.add(driving)

    # Olli's association (alerted) reports the need from the field
    r = client_as("olli").post(
        reverse("incidents:help_create", args=[incident.pk]),
        {
            "text": "Kuljettajia vesikanistereille",
            "skill": driving.pk,
            "people_needed": 1,
            "place": "Koulu",
            "starts_at": "2026-11-23T18:00",
        },
    )
    assert r.status_code == 302
    hr = HelpRequest.objects.get()
    assert hr.organization == personas.olli_org
    assert (
        client_as("olli")
        .get(reverse("incidents:help_detail", args=[incident.pk, hr.pk]))
        .status_code
        == 403
    )
    assert (
        client_as("mikko").get(reverse("incidents:help_create", args=[incident.pk])).status_code
        == 403
    )

    c = client_as("kaisa")
    page = c.get(reverse("incidents:help_detail", args=[incident.pk, hr.pk])).content.decode()
    assert page.index("Lähellä") < page.index("Kaukana")  # best fit, nearest first
    assert "Ei taitoa" not in page
    assert offer.name in page and "Muonio" not in page.split("Offers of help")[-1]

    c.post(
        reverse("incidents:help_invite", args=[incident.pk, hr.pk]),
        {"volunteers": [near.pk], "offers": [offer.pk]},
    )
    invited = HelpAssignment.objects.get(volunteer=near)
    assert invited.status == "invited"
    assert Delivery.objects.filter(recipient_key=f"help-assignment:{invited.pk}").count() == 1
    assert HelpAssignment.objects.filter(help_offer=offer).exists()
    page = c.get(reverse("incidents:help_detail", args=[incident.pk, hr.pk])).content.decode()
    assert f'id="cand-{near.pk}"' not in page  # asked already

    c.post(
        reverse("incidents:help_assignment_status", args=[incident.pk, hr.pk, invited.pk]),
        {"status": "assigned"},
    )
    hr.refresh_from_db()
    assert hr.status == "filled"
