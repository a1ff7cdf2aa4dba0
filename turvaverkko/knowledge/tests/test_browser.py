import pytest

from turvaverkko.web.testing import assert_no_axe_violations

from .seed import SEED_004

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["## Basic details", "## Description of the operating model", "## Development path"]


def test_operating_model_spreads(page, login_page, chromium, personas):
    """A coordinator records the seed-004 model and where it runs; residents see the map."""
    login_page(personas.kaisa, lang="en")
    page.goto(f"{page.base}/en/models/new/?lang=fi")
    assert_no_axe_violations(page)
    for name, value in SEED_004.items():
        if name in ("stage", "original_language", "status"):
            page.select_option(f"#id_{name}", value)
        else:
            page.fill(f"#id_{name}", value)
    page.click("#save")
    page.wait_for_selector("text=Where it runs")
    detail = page.url

    for code, org, contact in (
        ("102", personas.olli_org, "Kaisa Koordinaattori"),
        ("498", personas.other_org, "Ulla Yhteyshenkilö"),
    ):
        page.click("text=Add where it runs")
        page.select_option("#id_municipality", code)
        page.select_option("#id_organization", str(org.pk))
        page.select_option("#id_status", "piloting")
        page.fill("#id_contact_name", contact)
        page.click("#save")
        page.wait_for_selector("#where-it-runs")
    rows = page.locator("#where-it-runs tbody tr").all_inner_texts()
    assert len(rows) == 2 and "Muonio" in rows[1] and "Ulla Yhteyshenkilö" in rows[1]

    # The Innokylä copy: every section, in Innokylä's order, with the text recorded.
    page.click("text=Copy for Innokylä")
    text = page.inner_text("body")
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert SEED_004["basic_idea_fi"] in text and SEED_004["measurement_fi"] in text

    # A resident (not signed in) sees where it runs on a map, without the contact persons.
    resident = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    resident.goto(detail)
    resident.wait_for_selector(".leaflet-marker-icon")
    markers = resident.locator(".leaflet-marker-icon")
    assert markers.count() == 2
    assert {markers.nth(i).get_attribute("alt") for i in range(2)} == {"Huittinen", "Muonio"}
    body = resident.inner_text("main")
    assert "Muonion Kyläyhdistys ry" in body and "Ulla Yhteyshenkilö" not in body
    assert_no_axe_violations(resident)
    resident.context.close()


def test_knowledge_and_ptv_pages_pass_axe(page, login_page, personas):
    from datetime import date

    from turvaverkko.knowledge.models import Project

    project = Project.objects.create(
        name_fi="Pärjätään yhdessä -hanke", code="5036", grant_type="C",
        starts_on=date(2016, 1, 1), ends_on=date(2019, 12, 31), status="ended",
    )  # fmt: skip
    project.municipalities.add(personas.huittinen)
    project.parties.create(organization=personas.olli_org, role="lead")
    login_page(personas.kaisa)
    for path in (
        "/fi/models/",
        "/fi/projects/",
        f"/fi/projects/{project.pk}/",
        f"/fi/projects/{project.pk}/stea/2019/",
        "/fi/projects/new/",
        "/fi/sites/ptv/",
    ):
        page.goto(f"{page.base}{path}")
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)
