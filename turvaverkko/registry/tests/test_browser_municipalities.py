"""The organisation's municipalities are check boxes: one click cannot replace the selection."""

import pytest

from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_click_adds_a_municipality_and_keeps_the_others(page, login_page, personas):
    org = personas.olli_org  # in Huittinen
    login_page(personas.admin, lang="en")
    page.wait_for_url("**/dashboard/")
    page.goto(f"{page.base}/en/organisations/{org.pk}/edit/")
    huittinen = page.locator(f"input[name=municipalities][value='{personas.huittinen.code}']")
    muonio = page.locator(f"input[name=municipalities][value='{personas.other_municipality.code}']")
    assert huittinen.is_checked() and not muonio.is_checked()
    muonio.click()
    assert huittinen.is_checked() and muonio.is_checked()
    assert page.locator("fieldset.checks legend", has_text="Municipalities").count() == 1
    assert_no_axe_violations(page)
    page.click("#save")
    page.wait_for_url(f"**/en/organisations/{org.pk}/")
    assert set(org.municipalities.values_list("code", flat=True)) == {
        personas.huittinen.code,
        personas.other_municipality.code,
    }
