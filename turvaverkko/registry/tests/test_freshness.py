"""Yearly re-confirmation: reminders to stale organisations, the confirm button, dashboards."""

import re
import socket
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.utils import timezone

from turvaverkko.registry.models import Organization
from turvaverkko.registry.tasks import send_confirmation_reminders
from turvaverkko.registry.tests.factories import ContactPersonFactory, OrganizationFactory


def age(organization, days):
    Organization.objects.filter(pk=organization.pk).update(
        confirmed_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def network(personas, settings):
    """olli_org and other_org stale; an organisation without admins stale; one fresh."""
    settings.CONFIRMATION_MAX_AGE_DAYS = 365
    age(personas.olli_org, 400)
    age(personas.other_org, 366)
    orphan = OrganizationFactory(
        name_fi="Vampulan Kyläyhdistys ry", municipalities=[personas.huittinen]
    )
    ContactPersonFactory(organization=orphan, position=1, email="varalla@example.fi")
    ContactPersonFactory(organization=orphan, position=0, email="ensisijainen@example.fi")
    age(orphan, 500)
    fresh = OrganizationFactory(name_fi="Tuore ry", municipalities=[personas.huittinen])
    age(fresh, 364)
    return orphan, fresh


def recipients(inbox):
    return sorted(address for m in inbox.messages for address in m["To"].split(", "))


def test_reminders_go_to_stale_organisations_only_and_only_once(
    personas, network, smtp_server, run_tasks
):
    orphan, fresh = network
    call_command("send_confirmation_reminders")
    assert recipients(smtp_server) == [
        "ensisijainen@example.fi",  # no admin: the primary contact
        "olli@example.fi",
        "ulla@example.fi",
    ]
    for org in (personas.olli_org, personas.other_org, orphan):
        org.refresh_from_db()
        assert org.confirmation_reminder_sent_at is not None
    fresh.refresh_from_db()
    assert fresh.confirmation_reminder_sent_at is None

    # Run again, now as the scheduled task in the real worker: nothing is resent.
    send_confirmation_reminders.enqueue()
    assert run_tasks() == 1
    call_command("send_confirmation_reminders")
    assert len(smtp_server.messages) == 3

    # After 30 days without a confirmation, one more reminder.
    Organization.objects.filter(pk=personas.olli_org.pk).update(
        confirmation_reminder_sent_at=timezone.now() - timedelta(days=31)
    )
    call_command("send_confirmation_reminders")
    assert recipients(smtp_server).count("olli@example.fi") == 2
    assert len(smtp_server.messages) == 4


def test_a_failed_sending_is_not_stamped_and_is_retried(personas, network, settings, smtp_server):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    working_port, settings.EMAIL_PORT = settings.EMAIL_PORT, closed_port
    call_command("send_confirmation_reminders")
    personas.olli_org.refresh_from_db()
    assert personas.olli_org.confirmation_reminder_sent_at is None

    settings.EMAIL_PORT = working_port
    call_command("send_confirmation_reminders")
    assert "olli@example.fi" in recipients(smtp_server)


def test_the_reminder_link_confirms_and_the_organisation_leaves_the_stale_list(
    client_as, personas, network, smtp_server
):
    call_command("send_confirmation_reminders")
    [message] = smtp_server.to("olli@example.fi")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "vahvistettiin viimeksi 400 päivää sitten" in body
    confirm = urlparse(re.search(r"http\S+/confirm/", body).group(0)).path
    # The e-mail is in the admin's language (Finnish by default), and so is its link.
    assert confirm == f"/fi/organisations/{personas.olli_org.pk}/confirm/"
    confirm = confirm.replace("/fi/", "/en/", 1)

    kaisa = client_as("kaisa")
    assert "Huittisten Martat ry" in kaisa.get("/en/organisations/?stale=on").content.decode()
    assert "Huittisten Martat ry" in kaisa.get("/en/dashboard/").content.decode()

    olli = client_as("olli")
    page = olli.get(confirm).content.decode()
    assert "All data is current" in page
    assert "400 days ago" in page
    before = timezone.now()
    response = olli.post(confirm)
    assert response.status_code == 302
    personas.olli_org.refresh_from_db()
    assert personas.olli_org.confirmed_at >= before

    stale_list = kaisa.get("/en/organisations/?stale=on").content.decode()
    assert "Huittisten Martat ry" not in stale_list
    assert "Vampulan Kyläyhdistys ry" in stale_list
    dashboard = kaisa.get("/en/dashboard/").content.decode()
    assert "Huittisten Martat ry" not in dashboard
    # The confirmation is in the history, with Olli's name.
    detail = kaisa.get(f"/en/organisations/{personas.olli_org.pk}/").content.decode()
    assert "data confirmed as current" in detail


def test_association_admins_confirm_on_the_dashboard(client_as, personas, network):
    olli = client_as("olli")
    dashboard = olli.get("/en/dashboard/").content.decode()
    assert "Huittisten Martat ry" in dashboard
    assert "Details confirmed 400 days ago." in dashboard
    assert "Muonion Kyläyhdistys ry" not in dashboard  # Ulla's, not Olli's
    response = olli.post(
        f"/en/organisations/{personas.olli_org.pk}/confirm/", {"next": "/en/dashboard/"}
    )
    assert response["Location"] == "/en/dashboard/"
    assert "Details confirmed 0 days ago." in olli.get("/en/dashboard/").content.decode()


def test_the_coordinators_dashboard_lists_stale_organisations_of_their_area(client_as, network):
    kaisa = client_as("kaisa").get("/en/dashboard/").content.decode()
    assert "Huittisten Martat ry" in kaisa and "Vampulan Kyläyhdistys ry" in kaisa
    assert "Muonion Kyläyhdistys ry" not in kaisa
    assert "Tuore ry" not in kaisa
    mikko = client_as("mikko").get("/en/dashboard/").content.decode()
    assert "Muonion Kyläyhdistys ry" in mikko and "Huittisten Martat ry" not in mikko
    assert "Network registry" not in client_as("ville").get("/en/dashboard/").content.decode()
