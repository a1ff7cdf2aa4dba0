"""Change history of sites and services: who changed what, for those who may edit them."""

import pytest

from turvaverkko.areas.tests.factories import PostalCodeFactory

from .factories import ServiceFactory, SiteFactory
from .test_editing import EDIT_ACCESS, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def olli_site(personas):
    PostalCodeFactory(code="32700", municipality=personas.huittinen)
    return SiteFactory(
        name_fi="Marttojen tupa", organizations=[personas.olli_org], municipality=personas.huittinen
    )


def test_site_history_shows_who_changed_which_field(client_as, olli_site, personas):
    olli = client_as("olli")
    response = olli.post(
        f"/fi/sites/{olli_site.pk}/edit/",
        form_data(name_fi="Marttojen kammari", step_free_access="on", phone="040 123 4567"),
    )
    assert response.status_code == 302

    page = client_as("kaisa").get(f"/fi/sites/{olli_site.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Olli" in html
    assert "Marttojen tupa</del>" in html and "Marttojen kammari</ins>" in html
    assert 'esteetön sisäänkäynti: <del><span class="visually-hidden">ennen </span>ei</del>' in html
    assert "+358 40 1234567</ins>" in html
    # The site page links to it for editors only.
    own = olli.get(f"/fi/sites/{olli_site.pk}/").content.decode()
    assert f"/fi/sites/{olli_site.pk}/history/" in own
    public = client_as("anonymous").get(f"/fi/sites/{olli_site.pk}/").content.decode()
    assert "/history/" not in public


def test_site_history_only_for_its_editors(client_as, olli_site):
    for name, status in EDIT_ACCESS.items():
        got = client_as(name).get(f"/fi/sites/{olli_site.pk}/history/").status_code
        assert got == status, name


def test_service_history_over_the_api_records_the_user(client_as, olli_site, personas):
    service = ServiceFactory(organization=personas.olli_org, name_fi="Ruoka-apu", sites=[olli_site])
    olli = client_as("olli")
    response = olli.patch(
        f"/api/services/{service.pk}/",
        {"alert": "Suljettu joulun ajan"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    html = client_as("kaisa").get(f"/fi/services/{service.pk}/history/").content.decode()
    assert "Suljettu joulun ajan</ins>" in html
    assert "Olli" in html
    # The service's changes are in its site's history too.
    assert "Suljettu joulun ajan</ins>" in (
        olli.get(f"/fi/sites/{olli_site.pk}/history/").content.decode()
    )
    assert client_as("ulla").get(f"/fi/services/{service.pk}/history/").status_code == 403
    assert client_as("mikko").get(f"/fi/services/{service.pk}/history/").status_code == 403
    assert client_as("anonymous").get(f"/fi/services/{service.pk}/history/").status_code == 302
