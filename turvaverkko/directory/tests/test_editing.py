"""Adding and editing sites: who may, and what a save does."""

from datetime import date, time

import pytest

from turvaverkko.areas.tests.factories import PostalCodeFactory
from turvaverkko.directory.models import OpeningException, OpeningRule, Site

from .factories import OpeningRuleFactory, SiteFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def olli_site(personas):
    PostalCodeFactory(code="32700", municipality=personas.huittinen)
    PostalCodeFactory(
        code="99300", name_fi="MUONIO", name_sv="MUONIO", municipality=personas.other_municipality
    )
    site = SiteFactory(name_fi="Marttojen tupa", organizations=[personas.olli_org])
    OpeningRuleFactory(site=site, byday="TU", opens_at=time(10), closes_at=time(12))
    return site


def form_data(**overrides):
    """A valid POST of the site form with empty opening-hour formsets."""
    data = {
        "name_fi": "Marttojen tupa",
        "name_sv": "",
        "name_en": "",
        "kind": "meeting_place",
        "street_address": "Risto Rytin katu 1",
        "postal_code": "32700",
        "latitude": "61.1766",
        "longitude": "22.6995",
        "is_published": "on",
        "rules-TOTAL_FORMS": "0",
        "rules-INITIAL_FORMS": "0",
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


EDIT_ACCESS = {
    "anonymous": 302,  # to the login page
    "ville": 403,
    "olli": 200,  # association admin of the site's organisation
    "ulla": 403,  # association admin of another organisation
    "kaisa": 200,  # coordinator of Huittinen, where the site is
    "mikko": 403,  # coordinator of Muonio
    "reetta": 200,  # regional coordinator of Satakunta
    "admin": 200,
}


ADD_ACCESS = EDIT_ACCESS | {"ulla": 200, "mikko": 200}  # anyone with an organisation or area


# One test per page over all personas (rather than one test per persona): the personas
# fixture is the slow part, and a failure message still names the persona.
def test_who_may_open_the_editor(client_as, olli_site):
    for persona, status in EDIT_ACCESS.items():
        response = client_as(persona).get(f"/fi/sites/{olli_site.pk}/edit/")
        assert response.status_code == status, persona
        if status == 302:
            assert "/accounts/login/" in response["Location"]


def test_who_may_save_a_change(client_as, olli_site):
    for persona, status in EDIT_ACCESS.items():
        new_name = f"Nimi {persona}"
        response = client_as(persona).post(
            f"/fi/sites/{olli_site.pk}/edit/", form_data(name_fi=new_name)
        )
        olli_site.refresh_from_db()
        if status == 200:
            assert response.status_code == 302, persona
            assert olli_site.name_fi == new_name, persona
        else:
            assert response.status_code == status, persona
            assert olli_site.name_fi != new_name, persona


def test_who_may_add_a_site(client_as, olli_site):
    for persona, status in ADD_ACCESS.items():
        assert client_as(persona).get("/fi/sites/new/").status_code == status, persona


def test_edit_button_only_for_editors(client_as, olli_site):
    url = f"/fi/sites/{olli_site.pk}/"
    assert "/edit/" in client_as("olli").get(url).content.decode()
    assert "/edit/" not in client_as("ulla").get(url).content.decode()
    assert "/edit/" not in client_as("anonymous").get(url).content.decode()


def test_olli_adds_a_site_with_opening_hours(client_as, olli_site, personas):
    youth = TargetGroupFactory(code="youth", name_fi="nuoret")
    data = form_data(
        organization=str(personas.olli_org.pk),
        name_fi="Nuorten olohuone",
        name_sv="Ungdomarnas vardagsrum",
        step_free_access="on",
        target_groups=[str(youth.pk)],
        phone="040 123 4567",
        **{
            "rules-TOTAL_FORMS": "1",
            "rules-0-byday": ["MO", "WE"],
            "rules-0-opens_at": "14:00",
            "rules-0-closes_at": "20:00",
            "rules-0-repeats": "weekly",
            "exceptions-TOTAL_FORMS": "1",
            "exceptions-0-date": "2026-12-24",
            "exceptions-0-closed": "on",
            "exceptions-0-description_fi": "Jouluaatto",
        },
    )
    response = client_as("olli").post("/fi/sites/new/", data)
    site = Site.objects.get(name_fi="Nuorten olohuone")
    assert response.status_code == 302 and response["Location"] == f"/fi/sites/{site.pk}/"
    assert list(site.organizations.all()) == [personas.olli_org]
    assert site.municipality == personas.huittinen  # from the postal code
    assert site.city == "Huittinen"
    assert site.phone == "+358401234567"
    assert site.easting is not None
    assert list(site.target_groups.all()) == [youth]
    rule = site.opening_rules.get()
    assert (rule.byday, rule.opens_at, rule.closes_at) == ("MO,WE", time(14), time(20))
    assert site.opening_exceptions.get().date == date(2026, 12, 24)
    page = client_as("anonymous").get(f"/fi/sites/{site.pk}/").content.decode()
    assert "14.00–20.00" in page
    found = client_as("anonymous").get("/sv/", {"q": "ungdomarnas"}).content.decode()
    assert "Ungdomarnas vardagsrum" in found


def test_editing_changes_and_deletes_opening_hours(client_as, olli_site):
    rule = olli_site.opening_rules.get()
    data = form_data(
        **{
            "rules-TOTAL_FORMS": "2",
            "rules-INITIAL_FORMS": "1",
            "rules-0-id": str(rule.pk),
            "rules-0-site": str(olli_site.pk),
            "rules-0-byday": ["TU"],
            "rules-0-opens_at": "10:00",
            "rules-0-closes_at": "12:00",
            "rules-0-repeats": "weekly",
            "rules-0-DELETE": "on",
            "rules-1-byday": ["TH"],
            "rules-1-opens_at": "17:00",
            "rules-1-closes_at": "19:00",
            "rules-1-repeats": "every_2_weeks",
            "rules-1-valid_from": "2026-01-01",
        }
    )
    response = client_as("olli").post(f"/fi/sites/{olli_site.pk}/edit/", data)
    assert response.status_code == 302
    rules = list(OpeningRule.objects.filter(site=olli_site))
    assert [(r.byday, r.interval, r.valid_from) for r in rules] == [("TH", 2, date(2026, 1, 1))]


def test_olli_enters_the_first_thursday_of_the_month(client_as, olli_site):
    rule = olli_site.opening_rules.get()
    data = form_data(
        **{
            "rules-TOTAL_FORMS": "2",
            "rules-INITIAL_FORMS": "1",
            "rules-0-id": str(rule.pk),
            "rules-0-site": str(olli_site.pk),
            "rules-0-byday": ["TU"],
            "rules-0-opens_at": "10:00",
            "rules-0-closes_at": "12:00",
            "rules-0-repeats": "even_weeks",
            "rules-1-byday": ["TH"],
            "rules-1-opens_at": "10:00",
            "rules-1-closes_at": "12:00",
            "rules-1-repeats": "monthly_nth",
            "rules-1-nth": "1",
        }
    )
    response = client_as("olli").post(f"/en/sites/{olli_site.pk}/edit/", data)
    assert response.status_code == 302
    rules = OpeningRule.objects.filter(site=olli_site).order_by("byday")
    assert [(r.byday, r.pattern, r.nth, r.interval) for r in rules] == [
        ("TH", "monthly_nth", 1, 1),
        ("TU", "even_weeks", 1, 1),
    ]
    page = client_as("anonymous").get(f"/en/sites/{olli_site.pk}/").content.decode()
    assert "First Thursday of the month 10:00–12:00" in page
    assert "Tuesday of even weeks 10:00–12:00" in page
    form = client_as("olli").get(f"/en/sites/{olli_site.pk}/edit/").content.decode()
    assert '<option value="monthly_nth" selected>' in form
    assert '<option value="even_weeks" selected>' in form


def test_validation_errors_are_announced(client_as, olli_site):
    data = form_data(
        postal_code="123",
        **{
            "rules-TOTAL_FORMS": "1",
            "rules-0-byday": ["TH"],
            "rules-0-opens_at": "17:00",
            "rules-0-closes_at": "19:00",
            "rules-0-repeats": "every_2_weeks",  # every other week needs the first date
            "exceptions-TOTAL_FORMS": "1",
            "exceptions-0-date": "2026-12-24",
            "exceptions-0-description_fi": "Lyhyt päivä",  # not closed, but no hours
        },
    )
    # English pages: the assertions read the source texts, whatever the translations say.
    response = client_as("olli").post(f"/en/sites/{olli_site.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "A postal code has five digits." in html
    assert "Give the first date" in html
    assert "Give the opening hours, or mark the day closed." in html
    assert OpeningRule.objects.filter(site=olli_site).count() == 1
    assert not OpeningException.objects.filter(site=olli_site).exists()


def test_coordinator_adds_sites_only_in_own_municipalities(client_as, olli_site, personas):
    data = form_data(organization=str(personas.olli_org.pk), name_fi="Muonion tupa")
    muonio = client_as("kaisa").post("/en/sites/new/", data | {"postal_code": "99300"})
    assert muonio.status_code == 200
    assert "municipalities you coordinate" in muonio.content.decode()
    assert not Site.objects.filter(name_fi="Muonion tupa").exists()
    huittinen = client_as("kaisa").post("/fi/sites/new/", data)
    assert huittinen.status_code == 302
    # An association admin places their own organisation's sites anywhere.
    olli = client_as("olli").post("/fi/sites/new/", data | {"postal_code": "99300"})
    assert olli.status_code == 302


def test_association_admin_cannot_add_a_site_for_another_organisation(client_as, olli_site):
    other = olli_site.organizations.get()
    response = client_as("ulla").post(
        "/fi/sites/new/", form_data(organization=str(other.pk), name_fi="Vieras")
    )
    assert response.status_code == 200
    assert not Site.objects.filter(name_fi="Vieras").exists()


def test_dashboard_lists_the_sites_to_edit(client_as, olli_site, personas):
    SiteFactory(name_fi="Muonion tupa", municipality=personas.other_municipality)
    olli = client_as("olli").get("/fi/dashboard/").content.decode()
    assert "Marttojen tupa" in olli and f"/fi/sites/{olli_site.pk}/edit/" in olli
    assert "Muonion tupa" not in olli
    mikko = client_as("mikko").get("/fi/dashboard/").content.decode()
    assert "Muonion tupa" in mikko and "Marttojen tupa" not in mikko
    assert (
        "Places in the public directory"
        not in client_as("ville").get("/fi/dashboard/").content.decode()
    )
