"""Places in my area (core.lists): the flag for places without a point, filters, CSV."""

import re

import pytest

from turvaverkko.core.tests.listing import csv_table, queries_for
from turvaverkko.directory.models import Site

from .factories import SiteFactory

pytestmark = pytest.mark.django_db


def _names(html: str) -> list[str]:
    return re.findall(r'<td><a href="/en/sites/[^"]+/">([^<]+)</a>', html)


def _sites(municipality, n, prefix="Paikka", **kwargs):
    return [
        SiteFactory(name_fi=f"{prefix} {i:03d}", municipality=municipality, **kwargs)
        for i in range(n)
    ]


def test_places_without_a_point_are_flagged_and_link_to_the_editor(client_as, personas):
    _sites(personas.huittinen, 51)
    lost = SiteFactory(name_fi="Kadonnut kerho", municipality=personas.huittinen)
    online = SiteFactory(
        name_fi="Verkkokahvila", municipality=personas.huittinen, kind=Site.Kind.ONLINE
    )
    # As an import leaves them: no point (save() would place them by the postal code).
    Site.objects.filter(pk__in=[lost.pk, online.pk]).update(latitude=None, longitude=None)
    SiteFactory(name_fi="Muonion tupa", municipality=personas.other_municipality)
    client = client_as("kaisa")

    page = client.get("/en/sites/").content.decode()
    assert "1 place has no point on the map" in page
    assert "Rows 1–50 of 53" in page and 'rel="next"' in page
    assert "Muonion tupa" not in page
    flagged = client.get("/en/sites/?no_point=on").content.decode()
    assert _names(flagged) == ["Kadonnut kerho"]
    assert f'href="/en/sites/{lost.pk}/edit/"' in flagged
    assert "no point on the map" in flagged

    rows = csv_table(client.get("/en/sites/export.csv?sort=name"))
    assert len(rows) == 53
    assert rows[0]["Name"] == "Kadonnut kerho" and rows[0]["Latitude"] == ""


def test_filters_sort_and_formula_safe_csv(client_as, personas):
    _sites(personas.huittinen, 3, kind=Site.Kind.VILLAGE_HALL, prefix="Kylätalo")
    _sites(personas.huittinen, 2, prefix="Olohuone")
    SiteFactory(name_fi="-2+3 Kerhohuone", municipality=personas.huittinen, is_published=False)
    client = client_as("kaisa")
    page = client.get("/en/sites/?kind=village_hall&sort=name").content.decode()
    assert _names(page) == ["Kylätalo 000", "Kylätalo 001", "Kylätalo 002"]
    assert '<option value="meeting_place">meeting place (3)</option>' in page
    hidden = csv_table(client.get("/en/sites/export.csv?unpublished=on"))
    assert [r["Name"] for r in hidden] == ["'-2+3 Kerhohuone"]
    assert hidden[0]["Published"] == "no"
    found = client.get("/en/sites/?q=olohuone").content.decode()
    assert sorted(_names(found)) == ["Olohuone 000", "Olohuone 001"]


def test_association_admin_lists_own_places_without_csv(client_as, personas):
    SiteFactory(
        name_fi="Marttojen maja", municipality=personas.huittinen, organizations=[personas.olli_org]
    )
    SiteFactory(name_fi="Muu paikka", municipality=personas.huittinen)
    olli = client_as("olli")
    page = olli.get("/en/sites/").content.decode()
    assert _names(page) == ["Marttojen maja"]
    assert "export.csv" not in page
    assert olli.get("/en/sites/export.csv").status_code == 403
    assert client_as("ville").get("/en/sites/").status_code == 403


def test_own_area_first_for_an_admin(client_as, personas):
    from turvaverkko.registry.models import RoleAssignment
    from turvaverkko.registry.tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(
        user=personas.admin,
        role=RoleAssignment.Role.MUNICIPAL_COORDINATOR,
        municipality=personas.other_municipality,
    )
    SiteFactory(name_fi="Aakkosissa ensin", municipality=personas.huittinen)
    SiteFactory(name_fi="Ö-tupa", municipality=personas.other_municipality)
    names = _names(client_as("admin").get("/en/sites/").content.decode())
    assert names == ["Ö-tupa", "Aakkosissa ensin"]


def test_site_list_query_count_does_not_grow(client_as, personas):
    client = client_as("kaisa")
    _sites(personas.huittinen, 20, organizations=[personas.olli_org])
    small = queries_for(client, "/en/sites/")
    _sites(personas.huittinen, 180, prefix="Lisää", organizations=[personas.other_org])
    assert queries_for(client, "/en/sites/") == small


def test_places_are_found_by_their_street_in_any_language_from_any_page(client_as, personas):
    """A Swedish street name finds the place from the Finnish page, and a Finnish one from the
    Swedish page (a bare street_address would be the page's language only)."""
    SiteFactory(name_fi="Kimitoön kerho", municipality=personas.huittinen,
                street_address_fi="Villa Landersintie 2",
                street_address_sv="Villa Landersvägen 2")  # fmt: skip
    client = client_as("kaisa")
    for page, words in (("/fi/sites/", "landersvägen"), ("/sv/sites/", "landersintie")):
        html = client.get(page, {"q": words}).content.decode()
        names = re.findall(r'<td><a href="/(?:fi|sv)/sites/[^"]+/">([^<]+)</a>', html)
        assert names == ["Kimitoön kerho"], (page, words)
