"""Olli keeps his association's details current in a real browser (Chromium)."""

import pytest

from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_olli_edits_his_organisation(page, login_page, personas):
    org = personas.olli_org
    login_page(personas.olli, lang="en")
    page.wait_for_url("**/dashboard/")
    assert "Huittisten Martat ry" in page.locator("main").inner_text()

    page.goto(f"{page.base}/en/organisations/{org.pk}/edit/")
    assert_no_axe_violations(page)
    page.fill("#id_description_fi", "Ruoka-apua ja keskusteluapua torstaisin.")
    page.fill("#id_contacts-2-name", "Väinö Vara")
    page.fill("#id_contacts-2-phone", "040 123 4567")
    page.click("#save")

    page.wait_for_url(f"**/en/organisations/{org.pk}/")
    main = page.locator("main")
    assert "The changes were saved." in main.inner_text()
    assert "Ruoka-apua ja keskusteluapua torstaisin." in main.inner_text()
    phone = page.locator("a[href='tel:+358401234567']")
    assert phone.inner_text() == "+358 40 1234567"
    assert "Deputy 2: Väinö Vara" in page.locator(".chain").inner_text()
    assert_no_axe_violations(page)

    # The public page, as anyone sees it: the description, no contact chain.
    page.click("header form[action$='/logout/'] button")
    page.goto(f"{page.base}/en/organisations/{org.pk}/")
    public = page.locator("main").inner_text()
    assert "Ruoka-apua ja keskusteluapua torstaisin." in public
    assert "Väinö Vara" not in public and "+358 40 1234567" not in public
    assert_no_axe_violations(page)


def test_olli_reorders_the_contact_chain_with_buttons(page, login_page, personas):
    org = personas.olli_org
    primary, deputy = personas.primary_contact, personas.deputy_contact
    login_page(personas.olli, lang="en")
    page.wait_for_url("**/dashboard/")
    page.goto(f"{page.base}/en/organisations/{org.pk}/edit/")
    page.click("button[name=move][value='1:up']")
    # The new order is on the page, not saved yet.
    assert page.locator("#id_contacts-0-name").input_value() == deputy.name
    assert page.locator("#id_contacts-1-name").input_value() == primary.name
    assert_no_axe_violations(page)
    # Enter in a field saves (the default button is Save, not a Move button).
    page.press("#id_contacts-0-name", "Enter")
    page.wait_for_url(f"**/en/organisations/{org.pk}/")
    chain = page.locator(".chain").inner_text()
    assert chain.index(deputy.name) < chain.index(primary.name)
