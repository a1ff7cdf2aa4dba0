"""A volunteer in a real browser: signs in by the e-mailed link offered on the sign-in page,
sees the alert on their home, loses the connection, answers anyway, reconnects: the answer
arrives, once. The home and the alert opened last stay readable offline."""

import pytest
from playwright.sync_api import expect

from turvaverkko.incidents.models import Activation, Recipient, Reply
from turvaverkko.volunteers.tests.conftest import run_tasks  # noqa: F401 (a fixture)
from turvaverkko.volunteers.tests.factories import VolunteerFactory
from turvaverkko.volunteers.tests.helpers import link_in
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_until(page, condition, tries=100):
    for _ in range(tries):
        if condition():
            return True
        page.wait_for_timeout(100)
    return condition()


def test_volunteer_signs_in_by_link_and_answers_offline_once(
    page,
    personas,
    incident,
    smtp_server,
    run_tasks,  # noqa: F811
):
    volunteer = VolunteerFactory(
        user__email="vilja@example.fi", user__password=None, name="Vilja Vapaaehtoinen"
    )
    activation = Activation.objects.create(
        incident=incident, code=5150, message="Kokoontuminen VPK:n talolla klo 18."
    )
    alert = Recipient.objects.create(
        activation=activation, kind=Recipient.Kind.VOLUNTEER, volunteer=volunteer,
        name=volunteer.name, phone=volunteer.phone,
    )  # fmt: skip

    # The sign-in page offers the link beside the password.
    page.goto(f"{page.base}/fi/accounts/login/")
    assert_no_axe_violations(page)
    page.fill("#id_link_email", "vilja@example.fi")
    page.click("#link-sign-in ~ form button[type=submit]")
    page.wait_for_url("**/volunteer/sign-in/sent/")
    assert run_tasks() == 1
    [message] = smtp_server.to("vilja@example.fi")
    path = link_in(message.get_body(preferencelist=("plain",)).get_content(), "/sign-in/")
    page.goto(f"{page.base}{path}")
    page.click("main button[type=submit]")
    page.wait_for_url("**/fi/volunteer/home/")
    expect(page.locator("main")).to_contain_text("Kokoontuminen VPK:n talolla klo 18.")
    heading = page.locator("main h1").inner_text()
    assert_no_axe_violations(page)

    # Once the service worker controls the pages, it keeps copies of what is opened.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    assert wait_until(page, lambda: page.evaluate("!!navigator.serviceWorker.controller"))
    page.reload()
    page.click(f"a[href='/fi/volunteer/alerts/{alert.pk}/']")
    page.wait_for_url(f"**/fi/volunteer/alerts/{alert.pk}/")
    assert_no_axe_violations(page)

    # Offline: the saved copy (the message changed since, the copy still has the old one).
    Activation.objects.filter(pk=activation.pk).update(message="Uusi teksti, ei vielä nähty.")
    page.context.set_offline(True)
    page.reload()
    expect(page.locator("main")).to_contain_text("Kokoontuminen VPK:n talolla klo 18.")
    expect(page.locator("[data-offline-note]")).to_be_visible()
    page.goto(f"{page.base}/fi/volunteer/home/")
    expect(page.locator("main h1")).to_have_text(heading)
    page.goto(f"{page.base}/fi/volunteer/alerts/{alert.pk}/")

    page.click("main button[name=answer][value=yes]")
    status = page.locator("[data-queue-status]")
    expect(status).to_have_text(status.get_attribute("data-text-queued"))
    assert Reply.objects.count() == 0

    # Back online: the queued answer is sent, once.
    page.context.set_offline(False)
    assert wait_until(page, lambda: Reply.objects.count() == 1)
    expect(status).not_to_have_text(status.get_attribute("data-text-queued"))
    page.goto(f"{page.base}/fi/volunteer/home/")
    page.wait_for_timeout(500)  # a second visit would send anything still queued
    assert page.evaluate("localStorage.getItem('turvaverkko.queuedAnswers')") == "[]"
    alert.refresh_from_db()
    assert alert.answer == "yes"
    assert Reply.objects.filter(recipient=alert).count() == 1
    assert Reply.objects.get().client_id
