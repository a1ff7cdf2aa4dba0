"""Volunteers answer help-request invitations themselves, through links in SMS and e-mail."""

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from turvaverkko.incidents import actions
from turvaverkko.incidents.helprequests import actions as helprequests
from turvaverkko.incidents.helprequests import messages as helpmessages
from turvaverkko.incidents.models import HelpAssignment, HelpRequest, SituationEntry
from turvaverkko.notify.sms.text import info
from turvaverkko.volunteers.tests.factories import VolunteerFactory

from .conftest import sms_text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/hooks/h/\S+")


@pytest.fixture
def help_request(personas, incident):
    start = timezone.now() + timedelta(hours=2)
    return helprequests.create(
        incident,
        user=personas.kaisa,
        text="Kuljettajia vesikanistereille",
        people_needed=2,
        place="Huittisten koulu",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )


def volunteer(personas, channel, language="fi", **kwargs):
    return VolunteerFactory(
        home_municipality=personas.huittinen, channels=[channel], language=language, **kwargs
    )


def path(link):
    """The link's path: the test client and the live server take it from there."""
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def mail_links(smtp_server, address):
    [mail] = smtp_server.to(address)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    return mail, body, [path(link) for link in LINK.findall(body)]


def sms_link(sms_stub, phone):
    [text] = sms_text(sms_stub, phone)
    return text, path(LINK.search(text).group(0))


def answer_entries(incident):
    """Situation log entries about volunteers' answers."""
    return SituationEntry.objects.filter(
        incident=incident, event__in=["help_accepted", "help_declined", "help_declined_assigned"]
    ).order_by("pk")


def test_email_links_accept_then_decline(
    personas, incident, help_request, client_as, smtp_server, deliver
):
    v = volunteer(personas, "email", name="Eeva Sähköposti")
    client_as("kaisa").post(
        reverse("incidents:help_invite", args=[incident.pk, help_request.pk]),
        {"volunteers": [v.pk]},
    )
    deliver()
    mail, body, (accept, decline) = mail_links(smtp_server, v.email)
    assert mail["Subject"] == "Avunpyyntö"
    assert "Kuljettajia vesikanistereille" in body and "Huittisten koulu" in body
    assert "Koordinaattori ottaa yhteyttä" not in body
    assert accept.endswith("/accept") and decline.endswith("/decline")
    assignment = HelpAssignment.objects.get(volunteer=v)
    c = Client()

    # a link preview or mail scanner fetching the link answers nothing
    page = c.get(accept)
    assert page.status_code == 200 and b"<form" in page.content
    assert "Kuljettajia vesikanistereille" in page.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == "invited" and assignment.responded_at is None
    assert not answer_entries(incident).exists()

    page = c.post(accept, {"answer": "accept"})
    assert page.status_code == 200 and 'role="status"' in page.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == "accepted" and assignment.responded_at is not None
    [entry] = answer_entries(incident)
    assert entry.text == (
        "Help request: Eeva Sähköposti can help (1 accepted, 2 needed): "
        "Kuljettajia vesikanistereille"
    )
    assert entry.place == "Huittisten koulu" and entry.event == "help_accepted"
    # the entry is in the situation log the coordinator reads
    detail = client_as("kaisa").get(f"/en/incidents/{incident.pk}/")
    assert "Eeva Sähköposti can help (1 accepted, 2 needed)" in detail.content.decode()

    c.post(accept, {"answer": "accept"})  # a second tap changes nothing and logs nothing
    assert answer_entries(incident).count() == 1

    first_answer = assignment.responded_at
    assert c.post(decline, {"answer": "decline"}).status_code == 200
    assignment.refresh_from_db()
    assert assignment.status == "declined" and assignment.responded_at > first_answer
    assert (
        answer_entries(incident).last().text.startswith("Help request: Eeva Sähköposti cannot help")
    )
    help_request.refresh_from_db()
    assert help_request.status == "open"


def test_sms_fits_one_gsm7_message_with_exercise_prefix_and_a_working_link(
    personas, incident, sms_stub, deliver, settings
):
    settings.SITE_URL = "https://turvaverkko.satakunta.example.fi"
    incident.is_exercise = True
    incident.save()
    hr = helprequests.create(
        incident,
        user=personas.kaisa,
        text="Tarvitaan raivaajia ja kuljettajia “heti” – ota mukaan moottorisaha, "
        "suojavarusteet, otsalamppu ja eväät koko illaksi. " * 3,
        people_needed=3,
        place="VPK:n talo, Risteentie 12",
        starts_at=timezone.now() + timedelta(hours=1),
    )
    v = volunteer(personas, "sms")
    helprequests.invite(hr, [v], user=personas.kaisa)
    deliver()
    text, link = sms_link(sms_stub, v.phone)
    encoding, units, parts = info(text)
    assert (encoding, parts) == ("gsm7", 1) and units <= 160
    assert text.startswith("HARJOITUS Avunpyyntö ") and "VPK:n talo" in text
    assert "Vastaa: https://turvaverkko.satakunta.example.fi/hooks/h/" in text
    assert text.endswith(link.rsplit("/", 1)[1])  # the link is whole, at the end

    # the short link offers both answers
    page = Client().get(link)
    content = page.content.decode()
    assert page.status_code == 200 and "HARJOITUS" in content
    assert 'value="accept"' in content and 'value="decline"' in content
    Client().post(link, {"answer": "decline"})
    assert HelpAssignment.objects.get(volunteer=v).status == "declined"


def test_text_gsm7_cannot_spell_stays_on_the_page_and_the_sms_keeps_its_link(
    personas, incident, sms_stub, deliver
):
    hr = helprequests.create(
        incident,
        user=personas.kaisa,
        text="Потрібні перекладачі з української 🙏",
        place="Koulu",
        starts_at=timezone.now() + timedelta(hours=1),
    )
    v = volunteer(personas, "sms", "en")
    helprequests.invite(hr, [v], user=personas.kaisa)
    deliver()
    text, link = sms_link(sms_stub, v.phone)
    assert info(text)[0] == "gsm7" and info(text)[2] == 1
    assert text.startswith("Request for help ") and ", Koulu Reply: http" in text
    assert "Потрібні перекладачі з української 🙏" in Client().get(link).content.decode()


def test_swedish_volunteer_gets_swedish_messages_and_page(
    personas, incident, help_request, sms_stub, smtp_server, deliver
):
    incident.is_exercise = True
    incident.save()
    by_sms = volunteer(personas, "sms", "sv")
    by_mail = volunteer(personas, "email", "sv")
    helprequests.invite(help_request, [by_sms, by_mail], user=personas.kaisa)
    deliver()
    text, link = sms_link(sms_stub, by_sms.phone)
    assert text.startswith("ÖVNING Hjälpbegäran ") and "Svara: " in text
    mail, body, (accept, _decline) = mail_links(smtp_server, by_mail.email)
    assert mail["Subject"] == "ÖVNING: Hjälpbegäran"
    assert body.startswith("ÖVNING") and "Kan du hjälpa till?" in body
    assert "Jag kan hjälpa till: http" in body

    page = Client().get(link, headers={"accept-language": "fi"})
    content = page.content.decode()
    assert page.headers["Content-Language"] == "sv" and '<html lang="sv">' in content
    assert "ÖVNING" in content and "Plats" in content and "Paikka" not in content


def test_tampered_unknown_and_expired_links_show_a_clear_page(personas, help_request):
    v = volunteer(personas, "sms")
    helprequests.invite(help_request, [v], user=personas.kaisa)
    assignment = HelpAssignment.objects.get(volunteer=v)
    link = path(helpmessages.help_link(assignment))
    token = link.rsplit("/", 1)[1]
    c = Client()
    tampered = link[:-1] + ("A" if link[-1] != "A" else "B")
    for bad in (tampered, f"/hooks/h/{token}x", f"/hooks/h/{token}/maybe", "/hooks/h/1.2.3"):
        page = c.post(bad, {"answer": "accept"})
        assert page.status_code == 404, bad
        assert 'role="alert"' in page.content.decode()
    # another assignment's number under this signature is not accepted either
    pk_part, rest = token.split(".", 1)
    other = signing.b62_encode(assignment.pk + 1)
    assert c.get(f"/hooks/h/{other}.{rest}").status_code == 404

    class MonthOld(helpmessages._ShortSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 31 * 86400)

    old = MonthOld(salt=helpmessages.LINK_SALT, sep=".").sign(pk_part)
    page = c.post(f"/hooks/h/{old}", {"answer": "accept"})
    assert page.status_code == 400 and 'role="alert"' in page.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == "invited"
    assert not answer_entries(help_request.incident).exists()


def test_closed_incident_or_filled_request_says_help_is_no_longer_needed(
    personas, incident, help_request
):
    first, second, third = (volunteer(personas, "sms") for _ in range(3))
    helprequests.invite(help_request, [first, second, third], user=personas.kaisa)
    links = {
        v: path(helpmessages.help_link(HelpAssignment.objects.get(volunteer=v)))
        for v in (first, second, third)
    }
    # the coordinator assigns two: the request is filled, the third is not needed
    for v in (first, second):
        helprequests.set_status(
            HelpAssignment.objects.get(volunteer=v), "assigned", user=personas.kaisa
        )
    help_request.refresh_from_db()
    assert help_request.status == "filled"
    c = Client()
    page = c.get(links[third])
    assert page.status_code == 200 and b"<form" not in page.content
    page = c.post(links[third], {"answer": "accept"})
    assert page.status_code == 410
    assert HelpAssignment.objects.get(volunteer=third).status == "invited"

    actions.change_status(incident, "closed", user=personas.kaisa)
    page = c.post(links[first], {"answer": "decline"})
    assert page.status_code == 410 and b"<form" not in page.content
    assert HelpAssignment.objects.get(volunteer=first).status == "assigned"
    assert not answer_entries(incident).exists()


def test_assigned_volunteer_cannot_change_the_answer_and_the_coordinator_is_told(
    personas, incident, help_request
):
    v = volunteer(personas, "sms", "en", name="Aapo Nimetty")
    helprequests.invite(help_request, [v], user=personas.kaisa)
    assignment = HelpAssignment.objects.get(volunteer=v)
    link = path(helpmessages.help_link(assignment))
    c = Client()
    c.post(link, {"answer": "accept"})
    helprequests.set_status(assignment, "assigned", user=personas.kaisa)
    page = c.get(link)
    assert page.status_code == 200 and b"<form" not in page.content
    page = c.post(link, {"answer": "decline"})
    assert page.status_code == 409
    assert "already assigned" in page.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == "assigned"
    warning = answer_entries(incident).last()
    assert warning.severity == "warning"
    assert warning.text.startswith("Help request: Aapo Nimetty is assigned but answered")


def test_enough_acceptances_assign_nobody(personas, help_request):
    volunteers = [volunteer(personas, "sms") for _ in range(3)]
    helprequests.invite(help_request, volunteers, user=personas.kaisa)
    for v in volunteers:
        link = path(helpmessages.help_link(HelpAssignment.objects.get(volunteer=v)))
        assert Client().post(link, {"answer": "accept"}).status_code == 200
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.OPEN
    assert set(help_request.assignments.values_list("status", flat=True)) == {"accepted"}


def test_coordinator_page_shows_answers_accepted_first(personas, incident, help_request, client_as):
    late_yes = volunteer(personas, "sms", name="Kalle Kyllä")
    no = volunteer(personas, "sms", name="Eino Ei")
    silent = volunteer(personas, "sms", name="Hilla Hiljainen")
    helprequests.invite(help_request, [no, silent, late_yes], user=personas.kaisa)
    for v, answer in ((no, "decline"), (late_yes, "accept")):
        link = path(helpmessages.help_link(HelpAssignment.objects.get(volunteer=v)))
        Client().post(link, {"answer": answer})
    url = reverse("incidents:help_detail", args=[incident.pk, help_request.pk])
    assert client_as("mikko").get(url).status_code == 403  # another municipality's coordinator
    assert client_as("olli").get(url).status_code == 403
    content = client_as("kaisa").get(url).content.decode()
    asked = content.split('<ul class="results">', 1)[1]
    assert asked.index("Kalle Kyllä") < asked.index("Hilla Hiljainen") < asked.index("Eino Ei")
    answered = timezone.localtime(HelpAssignment.objects.get(volunteer=late_yes).responded_at)
    kalle = asked.split("Kalle Kyllä", 1)[1].split("</p>", 1)[0]
    assert f"{answered:%-d.%-m.%Y %H:%M}" in kalle
    assert "ottanut tehtävän vastaan" in kalle  # accepted, in Kaisa's Finnish
    hilla = asked.split("Hilla Hiljainen", 1)[1].split("</p>", 1)[0]
    assert "pyydetty" in hilla and f"{answered:%-d.%-m.%Y}" not in hilla


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_volunteer_taps_the_sms_link_and_accepts_in_a_browser(page, personas, settings):
    from playwright.sync_api import expect

    from turvaverkko.notify.models import Delivery
    from turvaverkko.web.testing import assert_no_axe_violations

    settings.SITE_URL = page.base
    incident = actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="Myrsky",
        type="storm",
        severity="severe",
    )
    hr = helprequests.create(
        incident,
        user=personas.kaisa,
        text="Kantoapua evakuointikeskukseen",
        place="Urheilutalo",
        starts_at=timezone.now() + timedelta(hours=1),
    )
    v = volunteer(personas, "sms", "sv")
    helprequests.invite(hr, [v], user=personas.kaisa)
    [sms] = Delivery.objects.filter(recipient_key__startswith="help-assignment:")
    page.goto(LINK.search(sms.body).group(0))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "Urheilutalo" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    assert HelpAssignment.objects.get(volunteer=v).status == "invited"
    page.click("main button[value=accept]")
    expect(page.locator("main [role=status].msg-success")).to_have_count(1)
    assignment = HelpAssignment.objects.get(volunteer=v)
    assert assignment.status == "accepted" and assignment.responded_at is not None
