"""PTV in the browser: a coordinator reads PTV and imports from the preview; an association
admin chooses PTV service classes and sees the service ready for PTV (axe on every page)."""

import os

import pytest

from turvaverkko.directory.models import PtvLink, Site
from turvaverkko.registry.tests.factories import TaxonomyTermFactory
from turvaverkko.web.testing import assert_no_axe_violations

from .factories import ServiceFactory
from .ptv_fake import FakePtv
from .test_ptv import BUSINESS_ID, ORG, full_read

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots for a person to look at, when SCREENSHOT_DIR names a folder.
SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def shoot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"ptv-{name}.png"), full_page=True)


def test_ptv_read_preview_and_import_in_the_browser(page, login_page, personas, settings):
    with FakePtv() as fake:
        full_read(fake)
        settings.PTV_READ_URL = fake.url
        login_page(personas.kaisa)
        page.goto(f"{page.base}/fi/sites/ptv/")
        page.fill("#id_business_id", BUSINESS_ID)
        page.click("main form button[type=submit]")
        page.wait_for_selector("#summary")
        assert page.locator("h1").count() == 1
        assert page.locator(".import-rows > li").count() == 4
        assert_no_axe_violations(page)
        shoot(page, "preview-fi")
        page.click("button[value=commit]")
        page.wait_for_selector("#done")
        assert_no_axe_violations(page)
    assert Site.objects.filter(external_identifier_type="ptv").count() == 2


def test_ptv_service_classes_in_the_service_editor(page, login_page, personas):
    group = TaxonomyTermFactory(
        taxonomy="target_group", code="kr1", name_fi="Kansalaiset", name_sv="Medborgare",
        term_uri="http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/KR1",
    )  # fmt: skip
    service = ServiceFactory(organization=personas.olli_org, name_fi="Ruoka-apu",
                             description_fi="Ruokakassit torstaisin.")  # fmt: skip
    service.target_groups.add(group)
    PtvLink.objects.create(ptv_id=ORG, kind=PtvLink.Kind.ORGANIZATION,
                           local_id=personas.olli_org.pk)  # fmt: skip
    login_page(personas.olli, lang="sv")
    page.goto(f"{page.base}/sv/services/{service.pk}/")
    assert page.locator("#ptv-errors li").count() == 1
    page.goto(f"{page.base}/sv/services/{service.pk}/edit/")
    assert_no_axe_violations(page)
    shoot(page, "editor-sv")
    page.check("input[name=ptv_service_classes][value=P4]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#ptv-ready")
    assert_no_axe_violations(page)
    shoot(page, "service-sv")
    service.refresh_from_db()
    assert service.ptv_service_classes == ["P4"]
