"""The activation form at the size of a network: Kaisa filters the organisations by type
and theme, selects all shown, picks alert groups the same way, sees a summary of exactly
what will go out (counted by the send's own code: channel preferences, missing numbers
and addresses, push only to a live browser), goes back to edit without losing anything,
and only her confirmation sends; the SMS gateway and the SMTP server receive exactly the
numbers the summary promised."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from turvaverkko.notify.models import Delivery

pytestmark = pytest.mark.django_db


def checked(page: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="([^"]+)" checked', page))


def hidden_fields(page: str) -> list[tuple[str, str]]:
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return [(n, html.unescape(v)) for n, v in pairs if n != "csrfmiddlewaretoken"]


def test_filter_select_all_shown_summary_back_and_confirm(
    client_as, personas, incident, network, sms_stub, smtp_server, deliver
):
    translation.activate("en")  # the summary's wording as written; fi/sv are in the catalogues
    c = client_as("kaisa")
    url = reverse("incidents:activate", args=[incident.pk])
    base = {"message": "Vesijakelu Sammun kylätalolla", "volunteer_count": 0}
    base |= {"reply_timeout_minutes": 10, "send_receipts": "on"}

    # Village associations about water: one shown, the others hidden but not lost.
    filters = {"f-kind": "village_association", "f-theme": network["water"].pk}
    page = c.post(url, {**base, **filters, "filter": 1})
    text = page.content.decode()
    assert "Sammun kyläyhdistys ry" in text and "Huittisten seurakunta" not in text
    assert "Vesijakelu Sammun kylätalolla" in text  # the message is kept
    assert "Choose whom to alert" not in text  # a filter is not a failed submit
    page = c.post(url, {**base, **filters, "select_shown": 1}).content.decode()
    assert checked(page, "organizations") == {str(network["village"].pk)}

    # The others chosen by hand, the alert groups by "select all shown".
    orgs = [str(o.pk) for o in (personas.olli_org, network["village"], network["parish"])]
    orgs.append(str(network["nobody"].pk))
    page = c.post(url, {**base, "organizations": orgs, "select_groups": 1}).content.decode()
    assert checked(page, "alert_groups") == {str(g.pk) for g in network["groups"]}
    groups = [str(g.pk) for g in network["groups"]]
    choices = {**base, "organizations": orgs, "alert_groups": groups}

    # The summary: nothing sent yet.
    summary = c.post(url, {**choices, "review": 1}).content.decode()
    assert not incident.activations.exists()
    line = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.search(
        r"data-summary-line>(.*?)</p>", summary, re.S).group(1))).strip()  # fmt: skip
    # Olli's association (chain of 2), the village (2) and the parish (1); 4 volunteers.
    # SMS: Olli, the village's first contact, Ville, Pirjo, Aino (no browser: SMS).
    # E-mail: Olli, the parish, Ville, Eero. Push: Pirjo.
    assert line == (
        "3 organisations (5 people in their contact chains) and 4 volunteers: "
        "5 SMS, 4 e-mails, 1 push."
    )
    assert "data-without-contact" in summary  # the association without a contact person

    # Back to edit: everything comes back as it was.
    fields = hidden_fields(summary)
    back = dict(fields)
    back_data = {k: [v for n, v in fields if n == k] for k in back}
    page = c.post(url, {**back_data, "edit": 1}).content.decode()
    assert checked(page, "organizations") == set(orgs)
    assert checked(page, "alert_groups") == set(groups)
    assert "Vesijakelu Sammun kylätalolla" in page

    # A changed choice is not confirmed by an old summary.
    token = back["reviewed"]
    stale = {**back_data, "organizations": orgs[:1], "reviewed": token, "send": 1}
    assert c.post(url, stale).status_code == 200 and not incident.activations.exists()

    # Confirmed: sent, and exactly what the summary said arrives.
    assert c.post(url, {**back_data, "send": 1}).status_code == 302
    activation = incident.activations.get()
    queued = Delivery.objects.filter(dispatch__key=activation.dispatch_key)
    assert {ch: queued.filter(channel=ch).count() for ch in ("sms", "email", "push")} == {
        "sms": 5,
        "email": 4,
        "push": 1,
    }
    deliver(("sms", "email"))
    assert len(sms_stub.accepted()) == 5
    assert len(smtp_server.messages) == 4


def test_a_failed_submit_shows_the_error_summary_with_links(client_as, incident):
    page = client_as("kaisa").post(
        reverse("incidents:activate", args=[incident.pk]),
        {"message": "", "volunteer_count": "x", "reply_timeout_minutes": 10, "review": 1},
    )
    text = page.content.decode()
    summary = re.search(r"<div[^>]*data-error-summary.*?</div>", text, re.S).group(0)
    assert 'href="#id_message"' in summary and 'href="#id_volunteer_count"' in summary
    assert "autofocus" in summary and not incident.activations.exists()
