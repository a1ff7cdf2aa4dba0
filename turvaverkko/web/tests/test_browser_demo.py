"""Every dashboard section of a fresh demo, as each persona, has data (issue 11 §4)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from turvaverkko.accounts.testing import complete_two_factor
from turvaverkko.web.demo.load import load_demo
from turvaverkko.web.demo.personas import DEMO_PASSWORD, PERSONAS
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each coordinator must find on the pages behind the dashboard's sections.
PAGES = {
    "kaisa": [
        ("/fi/dashboard/", "Oranssi tuulivaroitus, Huittinen"),
        ("/fi/preparedness/", "Huittisten kaupungin järjestöyhteistyön valmiussuunnitelma"),
        ("/fi/preparedness/agreements/", "Ensihuoltosopimus, Punainen Risti"),
        ("/fi/preparedness/risks/", "Pitkä sähkökatko talvella"),
        ("/fi/preparedness/exercises/", "Sähkökatkoharjoitus: valmiuskeskuksen avaus"),
        ("/fi/incidents/", "Myrsky ja pitkä sähkökatko Vampulassa"),
    ],
    "mikko": [
        ("/fi/dashboard/", "Punainen pakkasvaroitus, Muonio"),
        ("/fi/preparedness/", "Muonion kunnan ja kylien valmiussuunnitelma"),
        ("/fi/preparedness/agreements/", "Kyläolkkarin käyttö valmiuskeskuksena"),
        ("/fi/preparedness/risks/", "Metsäpalo matkailualueella"),
        ("/fi/preparedness/exercises/", "Pakkasharjoitus: soittoketju ja lämmin tila"),
    ],
}


def coverage_and_reports(page, base):
    """The synthetic grid is there (coverage can run) and the welfare report of Huittinen has
    figures, coverage included, for the current and the previous year."""
    page.goto(f"{base}/fi/insights/coverage/")
    assert page.locator("main .notice-synthetic").count() == 1
    this_year = timezone.localdate().year
    for year in (this_year, this_year - 1):
        page.goto(f"{base}/fi/insights/report/102/{year}/")
        main = page.locator("main")
        assert "Synteettinen väestöruudukko: Satakunta ja Lappi (demo)" in main.inner_text()
        run_link = main.locator("a[href*='/insights/coverage/']")
        assert run_link.count() == 1, year  # coverage is available
        assert main.locator("table td.num").count() > 10, year
    run_link.click()
    page.wait_for_load_state()
    assert page.locator("main table").count() > 0


@pytest.fixture
def demo(settings, tmp_path):
    settings.INSIGHTS_DATA_DIR = str(tmp_path)
    call_command("load_reference_data", verbosity=0)
    return load_demo()


def test_demo_dashboard_sections(demo, chromium, live_server):
    User = get_user_model()  # noqa: N806
    for persona in PERSONAS:
        user = User.objects.get(email=persona.email)
        context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
        page = context.new_page()
        try:
            page.goto(f"{live_server.url}/fi/accounts/login/")
            page.fill("#id_username", user.email)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("main button[type=submit]")
            complete_two_factor(page, user)
            page.goto(f"{live_server.url}/fi/dashboard/")
            sections = page.locator("main section")
            assert sections.count() > 0, persona.key
            for i in range(sections.count()):
                section = sections.nth(i)
                heading = section.locator("h2, h3").first.inner_text().strip()
                body = section.inner_text().replace(heading, "", 1).strip()
                assert body, f"{persona.key}: the section {heading!r} is empty"
            for path, text in PAGES.get(persona.key, []):
                page.goto(f"{live_server.url}{path}")
                assert text in page.locator("main").inner_text(), f"{persona.key}: {path}"
            if persona.key == "kaisa":
                coverage_and_reports(page, live_server.url)
                page.goto(f"{live_server.url}/fi/dashboard/")
                assert_no_axe_violations(page)
        finally:
            context.close()
