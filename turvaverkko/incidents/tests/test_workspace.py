"""The incident page at the size of a real alert: one recipient table with filters and
counts, pages of 100 rows, one bulk status form, and a number of queries that does not
grow with the number of recipients (issue 15 §2)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from turvaverkko.incidents.models import Recipient, SituationEntry

from .scale import generate_alert

pytestmark = pytest.mark.django_db

# The incident page, the head-count JSON and the messages panel: the same bound at 50 and
# at 550 recipients.
QUERY_BOUND = {"detail": 45, "headcount_json": 8, "messages": 12}


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("orgs,volunteers", [(5, 45), (50, 500)])
def test_incident_page_queries_do_not_grow_with_recipients(
    client_as, personas, incident, orgs, volunteers
):
    generate_alert(incident, orgs=orgs, volunteers=volunteers, user=personas.kaisa)
    c = client_as("kaisa")
    c.get(reverse("incidents:detail", args=[incident.pk]))  # sessions, caches warm
    for name, bound in QUERY_BOUND.items():
        n, response = _queries(c, reverse(f"incidents:{name}", args=[incident.pk]))
        assert n <= bound, f"{name}: {n} queries at {orgs + volunteers} recipients"
    n, response = _queries(c, reverse("incidents:detail", args=[incident.pk]) + "?show=silent")
    assert n <= QUERY_BOUND["detail"]
    page = response.content.decode()
    assert len(response.content) <= 150_000
    silent = Recipient.objects.filter(answer="", failed_at__isnull=True).count()
    assert page.count('type="checkbox" name="recipient"') == min(100, silent)


def _count(page, key):
    m = re.search(rf'data-filter="{key}">[^<]*<span class="count">(\d+)</span>', page)
    assert m, key
    return int(m.group(1))


def test_filters_count_and_show_the_rows(client_as, personas, incident):
    generate_alert(incident, user=personas.kaisa)
    c = client_as("kaisa")
    url = reverse("incidents:detail", args=[incident.pk])
    page = c.get(url).content.decode()
    # Of every six: yes, late, no, silent, silent, failed; 550 recipients in all.
    assert _count(page, "all") == 550
    assert (_count(page, "yes"), _count(page, "late"), _count(page, "no")) == (92, 92, 92)
    assert (_count(page, "silent"), _count(page, "failed"), _count(page, "unclear")) == (
        183,
        91,
        1,
    )
    assert page.count('type="checkbox" name="recipient"') == 100  # the first page of 100
    assert "Rivit 1–100 / 550" in page or "1–100" in page
    volunteers_only = c.get(url, {"kind": "volunteer", "show": "failed"}).content.decode()
    assert (
        volunteers_only.count('type="checkbox" name="recipient"')
        == Recipient.objects.filter(kind="volunteer", failed_at__isnull=False).count()
    )
    assert "Yhteyshenkilö" not in volunteers_only.split('id="recipients"')[1]
    unclear = c.get(url, {"show": "unclear"}).content.decode()
    assert unclear.count('type="checkbox" name="recipient"') == 1
    last = c.get(url, {"show": "silent", "page": "2"}).content.decode()
    assert last.count('type="checkbox" name="recipient"') == 83
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_bulk_status_marks_twenty_en_route_in_one_action(client_as, personas, incident):
    generate_alert(incident, user=personas.kaisa)
    c = client_as("kaisa")
    silent = list(
        Recipient.objects.filter(kind="volunteer", answer="", failed_at__isnull=True).order_by(
            "pk"
        )[:20]
    )
    response = c.post(
        reverse("incidents:recipients_bulk_status", args=[incident.pk]),
        {"status": "en_route", "recipient": [r.pk for r in silent], "show": "silent"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?show=silent#recipients")
    assert (
        Recipient.objects.filter(pk__in=[r.pk for r in silent], person_status="en_route").count()
        == 20
    )
    entry = SituationEntry.objects.filter(event="person_status").get()
    assert silent[0].name in entry.text and silent[-1].name in entry.text
    page = c.get(response["Location"]).content.decode()
    assert "20" in page and "matkalla" in page


def test_bulk_status_refuses_bad_input_and_other_coordinators(client_as, personas, incident):
    generate_alert(incident, orgs=2, volunteers=4, user=personas.kaisa)
    r = Recipient.objects.filter(kind="volunteer").first()
    url = reverse("incidents:recipients_bulk_status", args=[incident.pk])
    c = client_as("kaisa")
    c.post(url, {"status": "requested", "recipient": [r.pk]})
    c.post(url, {"status": "on_site"})
    r.refresh_from_db()
    assert r.person_status == "requested"
    assert (
        client_as("mikko").post(url, {"status": "on_site", "recipient": [r.pk]}).status_code == 403
    )
    r.refresh_from_db()
    assert r.person_status == "requested"
