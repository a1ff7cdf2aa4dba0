from datetime import date, time
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from turvaverkko.areas.tests.factories import PostalCodeFactory
from turvaverkko.directory.tests.factories import (
    OpeningExceptionFactory,
    OpeningRuleFactory,
    ServiceFactory,
    SiteFactory,
)
from turvaverkko.registry.models import TaxonomyTerm
from turvaverkko.registry.tests.factories import (
    ContactPersonFactory,
    LanguageFactory,
    TaxonomyTermFactory,
)


@pytest.fixture(autouse=True)
def _api_settings(settings):
    # Argon2 costs ~0.3 s a hash by design; the personas hash seven passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # HSDS responses are cached per URL; tests change data between requests.
    settings.HSDS_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def directory(personas):
    """A small public directory around the personas: Huittinen (Olli's association) with a
    published and an unpublished site, and Muonio (Ulla's association)."""
    p = personas
    finnish = LanguageFactory(code="fi")
    swedish = LanguageFactory(code="sv", name_fi="ruotsi", name_sv="svenska", name_en="Swedish")
    youth = TaxonomyTermFactory(
        taxonomy=TaxonomyTerm.Taxonomy.TARGET_GROUP,
        code="youth",
        name_fi="Nuoret",
        name_sv="Unga",
        name_en="Young people",
    )
    food = TaxonomyTermFactory(
        taxonomy=TaxonomyTerm.Taxonomy.THEME,
        code="food-aid",
        name_fi="Ruoka-apu",
        name_sv="Matbistånd",
        name_en="Food aid",
    )
    PostalCodeFactory(code="32700", municipality=p.huittinen)
    PostalCodeFactory(
        code="99300",
        name_fi="MUONIO",
        name_sv="MUONIO",
        municipality=p.other_municipality,
        latitude=67.9583,
        longitude=23.6808,
    )
    org = p.olli_org
    org.business_id = "0737546-2"
    org.association_number = "123456"
    org.phone = "+358212345678"
    org.email = "info@huittistenmartat.fi"
    org.website = "https://huittistenmartat.fi"
    org.year_incorporated = 1950
    org.save()
    org.themes.set([food])
    org.target_groups.set([youth])
    public_contact = ContactPersonFactory(
        organization=org, position=2, name="Paula Julkinen", is_public=True, title="Puheenjohtaja"
    )
    site = SiteFactory(
        name_fi="Huittisten olohuone",
        name_sv="Huittinens vardagsrum",
        description_fi="Avoin kohtaamispaikka kaikille.",
        organizations=[org],
        languages=[finnish, swedish],
        target_groups=[youth],
        phone="+358212340000",
        email="olohuone@huittistenmartat.fi",
        low_threshold=True,
        step_free_access=True,
        induction_loop=True,
        accessibility_notes_fi="Ramppi pääovella.",
        transportation_fi="Bussi 1 Torille.",
    )
    hidden = SiteFactory(name_fi="Salainen kerhohuone", is_published=False, organizations=[org])
    muonio_site = SiteFactory(
        name_fi="Muonion kylätalo",
        municipality=p.other_municipality,
        street_address="Kylätie 5",
        postal_code="99300",
        city="Muonio",
        latitude=67.9583,
        longitude=23.6808,
        organizations=[p.other_org],
    )
    service = ServiceFactory(
        organization=org,
        name_fi="Ruokajakelu",
        name_sv="Matutdelning",
        description_fi="Ruokakasseja tiistaisin.",
        description_sv="Matkassar på tisdagar.",
        phone="+358212349999",
        email="ruoka@huittistenmartat.fi",
        url="https://huittistenmartat.fi/ruoka",
        minimum_age=18,
        assured_date=date(2026, 1, 15),
        sites=[site, hidden],
    )
    service.themes.set([food])
    service.target_groups.set([youth])
    service.languages.set([finnish])
    service.service_area.set([p.huittinen])
    OpeningRuleFactory(site=site)
    OpeningRuleFactory(
        site=None, service=service, byday="TU", opens_at=time(10), closes_at=time(12)
    )
    OpeningRuleFactory(
        site=site,
        service=service,
        byday="TU",
        opens_at=time(12),
        closes_at=time(14),
        interval=2,
        valid_from=date(2026, 1, 6),
    )
    OpeningExceptionFactory(site=site, date=date(2026, 12, 24), description_fi="Jouluaatto")
    OpeningExceptionFactory(
        site=site, date=date(2026, 12, 23), closed=False, opens_at=time(10), closes_at=time(12)
    )
    other_service = ServiceFactory(organization=p.other_org, name_fi="Kyläapu", sites=[muonio_site])
    return SimpleNamespace(
        finnish=finnish,
        swedish=swedish,
        youth=youth,
        food=food,
        public_contact=public_contact,
        site=site,
        hidden=hidden,
        muonio_site=muonio_site,
        service=service,
        other_service=other_service,
    )


def personal_strings(personas) -> list[str]:
    """Names, e-mails and phone numbers that must never reach a public response."""
    p = personas
    out = []
    for contact in (p.primary_contact, p.deputy_contact, p.other_contact):
        out += [contact.name, contact.email, contact.phone]
    v = p.ville_profile
    out += [v.name, v.email, v.phone]
    return [s for s in out if s]
