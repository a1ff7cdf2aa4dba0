"""PTV export: a site as a service channel and a service as PTV wants them (standards.md
§2.3's field rules), and no posting to PTV unless it is configured."""

from datetime import UTC, datetime, time

import pytest
import time_machine
from django.test import override_settings

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.directory.models import OpeningRule
from turvaverkko.directory.ptv import export

from .factories import SiteFactory

pytestmark = pytest.mark.django_db

ORG = "11111111-1111-1111-1111-111111111111"
BUSINESS_ID = "0201256-6"


@pytest.fixture
def huittinen(db):
    return MunicipalityFactory()


def test_ptv_export_of_a_site_passes_the_field_rules(huittinen):
    site = SiteFactory(name_fi="Marttojen tupa", description_fi="Kohtaamispaikka Huittisissa.",
                       street_address="Risteentie 5", postal_code="32700",
                       municipality=huittinen, latitude=61.18, longitude=22.70)  # fmt: skip
    OpeningRule.objects.create(site=site, byday="MO,TH", opens_at=time(9), closes_at=time(15, 30))
    channel = export.site_channel(site, ORG)
    assert export.validate(channel, BUSINESS_ID) == []
    assert channel["languages"] == ["fi"]
    assert channel["addresses"][0]["streetAddress"]["streetNumber"] == "5"
    assert [h["dayFrom"] for h in channel["serviceHours"][0]["openingHour"]] == [
        "Monday", "Thursday"
    ]  # fmt: skip
    northing = int(channel["addresses"][0]["streetAddress"]["latitude"])
    assert 6_700_000 < northing < 6_900_000  # EPSG:3067 metres, as PTV wants

    site.postal_code = "3270"
    site.name_sv = "Marthornas stuga"  # a Swedish name but no Swedish description
    site.save()
    OpeningRule.objects.filter(site=site).update(opens_at=time(9, 10))
    errors = export.validate(export.site_channel(site, ORG), "0201256")
    assert "postalCode '3270': five digits required" in errors
    assert "serviceChannelDescriptions: no Description in sv, a language of the channel" in errors
    assert "serviceHours: from '09:10' is not in 15-minute steps" in errors
    assert any(e.startswith("businessCode '0201256'") for e in errors)


def test_ptv_export_writes_a_monthly_rule_as_dated_exceptional_hours(huittinen):
    """PTV's regular hours are weekly: "the first Thursday of the month" goes out as the
    dates of the coming year, never as every Thursday; a weekly rule stays weekly."""
    site = SiteFactory(name_fi="Kylätalo", description_fi="Kokoontumispaikka.",
                       street_address="Kylätie 1", postal_code="32700",
                       municipality=huittinen, latitude=61.18, longitude=22.70)  # fmt: skip
    OpeningRule.objects.create(site=site, byday="MO", opens_at=time(9), closes_at=time(12))
    OpeningRule.objects.create(site=site, byday="TH", opens_at=time(10), closes_at=time(12),
                               pattern="monthly_nth", nth=1)  # fmt: skip
    with time_machine.travel(datetime(2027, 1, 5, 10, tzinfo=UTC), tick=False):
        channel = export.site_channel(site, ORG)
    assert export.validate(channel, BUSINESS_ID) == []
    regular = [h for h in channel["serviceHours"] if h["serviceHourType"] == "DaysOfTheWeek"]
    assert [[o["dayFrom"] for o in h["openingHour"]] for h in regular] == [["Monday"]]
    dated = [h for h in channel["serviceHours"] if h["serviceHourType"] == "Exceptional"]
    assert [h["validFrom"] for h in dated[:3]] == ["2027-01-07", "2027-02-04", "2027-03-04"]
    assert len(dated) == 12 and all(h["validFrom"] == h["validTo"] for h in dated)
    assert dated[0]["openingHour"] == [
        {"dayFrom": "Thursday", "dayTo": None, "from": "10:00", "to": "12:00"}
    ]


def test_ptv_export_of_a_service_passes_the_field_rules(huittinen):
    from turvaverkko.registry.tests.factories import TaxonomyTermFactory

    from .factories import ServiceFactory

    families = TaxonomyTermFactory(
        taxonomy="target_group", code="families",
        term_uri="http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/KR1.2",
    )  # fmt: skip
    ruoka = ServiceFactory(name_fi="Ruoka-apu", description_fi="Ruokakassit torstaisin.")
    ruoka.target_groups.add(families)
    service_class = "http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P10.1"
    payload = export.service_payload(ruoka, ORG, [service_class])
    assert export.validate_service(payload) == []
    assert payload["targetGroups"] == [families.term_uri]
    errors = export.validate_service(export.service_payload(ruoka, ORG))
    assert errors == [
        "serviceClasses: at least one PTV service class is required "
        "(choose one in the service editor)"
    ]


def test_ptv_posting_is_off_by_default(huittinen):
    site = SiteFactory(name_fi="Tupa", municipality=huittinen)
    with pytest.raises(export.PtvWriteDisabled):
        export.post(export.site_channel(site, ORG))
    with override_settings(PTV_WRITE_URL=""), pytest.raises(export.PtvWriteDisabled):
        export.post(export.site_channel(site, ORG))
