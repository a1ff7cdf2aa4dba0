import pytest

from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_and_passes_axe(page):
    page.goto(f"{page.base}/fi/")
    assert page.locator("h1").inner_text()
    assert_no_axe_violations(page)


def test_language_switch_keeps_the_page(page):
    page.goto(f"{page.base}/fi/accessibility/")
    page.click("text=På svenska")
    assert page.url.endswith("/sv/accessibility/")
    assert page.locator("html").get_attribute("lang") == "sv"
