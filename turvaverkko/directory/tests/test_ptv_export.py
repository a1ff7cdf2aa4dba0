"""PTV export: a site as a service channel and a service as PTV wants them (standards.md
§2.3's field rules), and no posting to PTV unless it is configured."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.test import override_settings

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.directory.models import OpeningException, OpeningRule
from turvaverkko.directory.ptv import export

from .factories import SiteFactory, noted_holiday_hours

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


def test_ptv_export_sends_the_sites_exceptions_and_notes(huittinen):
    """Closed on Christmas Eve and open 10–14 on 5.1. go to PTV as dated exceptional hours,
    from today on for a year; past ones do not. Notes go in the languages that have text,
    cut to PTV's 150 characters; a monthly rule's date with an exception is left out."""
    site = SiteFactory(name_fi="Kylätalo", description_fi="Kokoontumispaikka.",
                       street_address="Kylätie 1", postal_code="32700",
                       municipality=huittinen, latitude=61.18, longitude=22.70)  # fmt: skip
    noted_holiday_hours(site)
    OpeningRule.objects.create(
        site=site,
        byday="FR",
        opens_at=time(17),
        closes_at=time(20),
        pattern="monthly_nth",
        nth=-1,
        description_en="x" * 200,
    )
    OpeningException.objects.create(
        site=site, date=date(2027, 11, 30), closed=True, description_fi="Remontti"
    )
    OpeningException.objects.create(site=site, date=date(2027, 12, 31), closed=True)
    OpeningException.objects.create(
        site=site, date=date(2028, 1, 5), closed=False, opens_at=time(10), closes_at=time(14)
    )
    OpeningException.objects.create(site=site, date=date(2029, 1, 5), closed=True)  # too far
    with time_machine.travel(datetime(2027, 12, 1, 10, tzinfo=UTC), tick=False):
        channel = export.site_channel(site, ORG)
    assert export.validate(channel, BUSINESS_ID) == []
    hours = channel["serviceHours"]
    weekly = [h for h in hours if h["serviceHourType"] == "DaysOfTheWeek"]
    assert weekly[0]["additionalInformation"] == [
        {"language": "fi", "value": "Kahvila auki"}, {"language": "sv", "value": "Kaféet öppet"}
    ]  # fmt: skip
    dated = {h["validFrom"]: h for h in hours if h["serviceHourType"] == "Exceptional"}
    assert "2027-11-30" not in dated and "2029-01-05" not in dated  # past, beyond the year
    assert dated["2027-12-24"] == {
        "serviceHourType": "Exceptional", "validFrom": "2027-12-24", "validTo": "2027-12-24",
        "isClosed": True, "openingHour": [],
        "additionalInformation": [
            {"language": "fi", "value": "Jouluaatto"}, {"language": "sv", "value": "Julafton"}
        ],
    }  # fmt: skip
    assert dated["2028-01-05"]["isClosed"] is False
    assert dated["2028-01-05"]["openingHour"] == [
        {"dayFrom": "Wednesday", "dayTo": None, "from": "10:00", "to": "14:00"}
    ]
    assert dated["2028-01-05"]["additionalInformation"] == []
    # The last Friday of December is closed by its exception; January's rule date is sent.
    assert dated["2027-12-31"]["isClosed"] is True and dated["2027-12-31"]["openingHour"] == []
    assert [h["validFrom"] for h in hours].count("2027-12-31") == 1
    assert dated["2028-01-28"]["openingHour"][0]["from"] == "17:00"
    assert dated["2028-01-28"]["additionalInformation"] == [{"language": "en", "value": "x" * 150}]


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
