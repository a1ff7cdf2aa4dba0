"""A resident signs up as a volunteer in a real browser, confirms by e-mail, edits the profile."""

import pytest
from playwright.sync_api import expect

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.volunteers.models import Volunteer
from turvaverkko.volunteers.tests.factories import SkillFactory
from turvaverkko.volunteers.tests.helpers import link_in
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_signs_up_confirms_and_edits_profile(page, smtp_server, run_tasks):
    MunicipalityFactory()
    first_aid = SkillFactory(code="first-aid", name_fi="Ensiapu", name_en="First aid")

    page.goto(f"{page.base}/fi/volunteer/sign-up/")
    assert_no_axe_violations(page)
    page.fill("#id_name", "Selma Selainen")
    page.fill("#id_email", "selma@example.fi")
    page.fill("#id_phone", "040 765 4321")
    page.fill("#id_home_municipality", "Huittinen")
    page.check("#id_consent")
    page.click("main button[type=submit]")
    page.wait_for_url("**/volunteer/sign-up/sent/")

    assert run_tasks() == 1
    [message] = smtp_server.to("selma@example.fi")
    path = link_in(message.get_body(preferencelist=("plain",)).get_content(), "/confirm/")
    page.goto(f"{page.base}{path}")
    page.click("main button[type=submit]")
    page.wait_for_url("**/volunteer/profile/")
    assert page.locator("#id_name").input_value() == "Selma Selainen"
    assert page.locator("#id_phone").input_value() == "040 7654321"
    assert_no_axe_violations(page)

    page.context.grant_permissions(["geolocation"], origin=page.base)
    page.context.set_geolocation({"latitude": 61.176634, "longitude": 22.699512})
    page.click("[data-geolocate] button")
    # expect() retries without evaluating a string in the page, which its CSP forbids
    # (wait_for_function's polling did, now and then).
    expect(page.locator("#id_latitude")).to_have_value("61.18")
    expect(page.locator("#id_longitude")).to_have_value("22.70")

    page.check(f"input[name=skills][value='{first_aid.pk}']")
    page.select_option("#id_availability-0-weekday", "5")
    page.fill("#id_availability-0-start", "09:00")
    page.fill("#id_availability-0-end", "15:00")
    page.click("main form.v-form button[type=submit]")
    page.wait_for_url("**/volunteer/profile/")

    assert page.locator("[role=status] .msg-success").count() == 1
    assert page.is_checked(f"input[name=skills][value='{first_aid.pk}']")
    assert page.locator("#id_availability-0-start").input_value() == "09:00"
    assert page.locator("#id_availability-0-weekday").input_value() == "5"
    volunteer = Volunteer.objects.get(email="selma@example.fi")
    assert volunteer.email_confirmed_at is not None
    assert list(volunteer.skills.all()) == [first_aid]
    assert volunteer.availability.count() == 1
    assert (volunteer.latitude, volunteer.longitude) == (61.18, 22.7)
