"""Who may see and do what, and the coordinator's flow through the pages."""

import re

import pytest
from django.urls import reverse

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import AccessLog, Incident, Recipient
from turvaverkko.incidents.replies import recording
from turvaverkko.notify.models import Delivery

pytestmark = pytest.mark.django_db

# persona -> (incident page, contact list shown, may manage)
MATRIX = {
    "anonymous": (302, False, False),
    "ville": (403, False, False),
    "olli": (200, False, False),  # his association was alerted: reads and logs, no contacts
    "ulla": (403, False, False),
    "kaisa": (200, True, True),
    "mikko": (403, False, False),
    "reetta": (200, True, True),  # Satakunta includes Huittinen
    "admin": (200, True, True),
}


@pytest.fixture
def activated(personas, incident):
    alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    return incident


@pytest.mark.parametrize("name", list(MATRIX))
def test_permission_matrix(name, client_as, personas, activated):
    status, sees_contacts, manages = MATRIX[name]
    c = client_as(name)
    detail = c.get(reverse("incidents:detail", args=[activated.pk]))
    assert detail.status_code == status
    html = detail.content.decode() if status == 200 else ""
    assert (personas.primary_contact.phone in html) == sees_contacts
    assert AccessLog.objects.filter(incident=activated).exists() == sees_contacts
    json_status = c.get(reverse("incidents:headcount_json", args=[activated.pk])).status_code
    assert json_status == (200 if manages else 302 if name == "anonymous" else 403)
    close = c.post(reverse("incidents:status", args=[activated.pk, "closed"]))
    activated.refresh_from_db()
    assert (activated.status == "closed") == manages
    assert close.status_code in (302, 403)
    create = c.get(reverse("incidents:create"))
    assert create.status_code == (
        200
        if name in ("kaisa", "mikko", "reetta", "admin")
        else 302
        if name == "anonymous"
        else 403
    )


def test_reply_links_and_webhook_need_no_language_prefix():
    assert reverse("notify_hooks:sms_inbound") == "/hooks/sms/inbound"


def test_kaisa_opens_activates_updates_cancels_and_closes(client_as, personas):
    c = client_as("kaisa")
    r = c.post(
        reverse("incidents:create"),
        {
            "title": "Vesikatko",
            "type": "water_contamination",
            "severity": "moderate",
            "municipalities": [personas.huittinen.code],
            "description": "",
        },
    )
    incident = Incident.objects.get(title="Vesikatko")
    assert r.status_code == 302 and incident.status == "open" and incident.lead == personas.kaisa
    page = c.get(reverse("incidents:activate", args=[incident.pk]))
    assert personas.olli_org.name_fi in page.content.decode()
    assert personas.other_org.name_fi not in page.content.decode()  # Muonio is not in the area
    choices = {
        "message": "Vedenjakelu VPK:lla klo 18",
        "organizations": [personas.olli_org.pk],
        "volunteer_count": 3,
        "reply_timeout_minutes": 10,
    }
    r = c.post(reverse("incidents:activate", args=[incident.pk]), choices)
    # asked 3, only Ville is there: the shortfall is shown first, nothing is sent
    assert r.status_code == 200 and "data-shortfall" in r.content.decode()
    assert not incident.activations.exists()
    seen = re.search(r'name="reviewed" value="(\w+)"', r.content.decode()).group(1)
    r = c.post(reverse("incidents:activate", args=[incident.pk]), {**choices, "reviewed": seen})
    assert r.status_code == 302
    activation = incident.activations.get()
    assert activation.recipients.count() == 2
    ville = activation.recipients.get(volunteer=personas.ville_profile)
    recording.record_sms_reply(ville.phone, f"K {activation.code}")
    c.post(reverse("incidents:update", args=[incident.pk]), {"update-text": "Tuokaa kanistereita"})
    updates = Delivery.objects.filter(dispatch__key__startswith="incident-update:")
    assert {d.recipient_key for d in updates} == {ville.recipient_key}  # only those coming
    c.post(reverse("incidents:cancel", args=[incident.pk, activation.pk]), {"text": "Peruttu"})
    cancels = Delivery.objects.filter(dispatch__key=f"incident-cancel:{activation.pk}")
    assert {d.recipient_key for d in cancels} == {
        r.recipient_key for r in activation.recipients.all()
    }
    c.post(
        reverse("incidents:recipient_status", args=[incident.pk, ville.pk]), {"status": "on_site"}
    )
    ville.refresh_from_db()
    assert ville.person_status == Recipient.PersonStatus.ON_SITE
    c.post(reverse("incidents:status", args=[incident.pk, "standing_down"]))
    incident.refresh_from_db()
    assert incident.status == "standing_down" and incident.stood_down_at
    ville.refresh_from_db()
    assert ville.person_status == Recipient.PersonStatus.RELEASED
    c.post(reverse("incidents:status", args=[incident.pk, "closed"]))
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at
    page = c.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Tuokaa kanistereita" in page  # the situation log lists the update


def test_association_adds_a_field_observation(client_as, personas, activated):
    r = client_as("olli").post(
        reverse("incidents:log", args=[activated.pk]),
        {"log-severity": "warning", "log-place": "Risteys 5", "log-text": "Puu tiellä"},
    )
    assert r.status_code == 302
    entry = activated.log_entries.get(text="Puu tiellä")
    assert entry.organization == personas.olli_org and entry.place == "Risteys 5"
    assert (
        client_as("ulla")
        .post(
            reverse("incidents:log", args=[activated.pk]), {"log-severity": "info", "log-text": "x"}
        )
        .status_code
        == 403
    )


def test_dashboard_lists_open_incidents_for_coordinators(client_as, activated):
    assert activated.title in client_as("kaisa").get(reverse("web:dashboard")).content.decode()
    assert activated.title not in client_as("mikko").get(reverse("web:dashboard")).content.decode()


def test_incident_map_lists_resources_and_places_of_the_area(client_as, personas, incident):
    from turvaverkko.directory.tests.factories import SiteFactory
    from turvaverkko.resources.tests.factories import ResourceFactory

    ResourceFactory(
        name="Lauttakylän koulun valmiuskeskus",
        organization=personas.olli_org,
        municipality=personas.huittinen,
    )
    ResourceFactory(
        name="Muonion aggregaatti",
        organization=personas.other_org,
        municipality=personas.other_municipality,
    )
    SiteFactory(name_fi="Olohuone Huittinen", municipality=personas.huittinen)
    SiteFactory(name_fi="Piilotettu paikka", municipality=personas.huittinen, is_published=False)
    html = client_as("kaisa").get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'data-kind="resource"' in html and "Lauttakylän koulun valmiuskeskus" in html
    assert "Muonion aggregaatti" not in html  # outside the incident's area
    assert 'data-kind="site"' in html and "Olohuone Huittinen" in html
    assert "Piilotettu paikka" not in html


def test_situation_log_reads_in_the_coordinators_language(client_as, personas, incident):
    alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    actions.change_status(incident, Incident.Status.STANDING_DOWN, user=personas.kaisa)
    c = client_as("kaisa")
    fi = c.get(f"/fi/incidents/{incident.pk}/").content.decode()
    sv = c.get(f"/sv/incidents/{incident.pk}/").content.decode()
    en = c.get(f"/en/incidents/{incident.pk}/").content.decode()
    assert "Status: standing down" in en and "Incident opened" in en
    assert "Incident opened" not in fi and "Incident opened" not in sv
    assert "Tila: toimintaa puretaan" in fi
    assert "Status: insatsen avvecklas" in sv


def test_a_warning_an_incident_was_opened_for_is_no_longer_suggested(client_as, personas, incident):
    from datetime import timedelta

    from django.utils import timezone

    from turvaverkko.cap.models import CapAlert
    from turvaverkko.preparedness.models import ReadinessPlan

    ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma").municipalities.add(
        personas.huittinen
    )
    warning = CapAlert.objects.create(
        sender="urn:oid:2.49.0.0.246.0",
        identifier="w1",
        sent=timezone.now(),
        msg_type="Alert",
        event_code="wind",
        severity="Severe",
        headline="Oranssi tuulivaroitus",
        expires=timezone.now() + timedelta(hours=6),
        raw_xml="<alert/>",
    )
    warning.municipalities.add(personas.huittinen)
    c = client_as("kaisa")
    assert "Oranssi tuulivaroitus" in c.get(reverse("web:dashboard")).content.decode()
    incident.cap_alert = warning
    incident.save()
    assert "Oranssi tuulivaroitus" not in c.get(reverse("web:dashboard")).content.decode()


def test_incident_page_shows_delivery_state_per_channel(client_as, activated):
    """Issue 17: the coordinator sees how many messages still wait, not just "sent to N"."""
    activation = activated.activations.get()
    deliveries = Delivery.objects.filter(dispatch__key=activation.dispatch_key)
    by_channel = {ch: deliveries.filter(channel=ch) for ch in ("email", "sms")}
    assert all(qs.exists() for qs in by_channel.values())
    sms_total = by_channel["sms"].count()
    email_total = by_channel["email"].count()
    first_sms = by_channel["sms"].order_by("pk").first()
    Delivery.objects.filter(pk=first_sms.pk).update(state="failed", last_error="gateway refused")
    by_channel["email"].update(state="sent")

    from django.utils import translation

    with translation.override("en"):
        url = reverse("incidents:detail", args=[activated.pk])
    body = client_as("kaisa").get(url).content.decode()
    assert f"e-mail: 0 waiting, {email_total} sent, 0 failed" in body
    assert f"text message: {sms_total - 1} waiting, 0 sent, 1 failed" in body
    assert "1 message failed or is waiting for a retry." in body
