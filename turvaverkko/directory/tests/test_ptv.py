"""PTV both ways, against a fake PTV on 127.0.0.1 whose answers follow standards.md §2.3."""

import re
from datetime import UTC, date, datetime, time

import pytest
from django.test import override_settings

from turvaverkko.api.hsds import spec
from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.directory.models import OpeningRule, PtvLink, Service, Site
from turvaverkko.directory.ptv import export, staging
from turvaverkko.directory.ptv.client import PtvError, V11Client
from turvaverkko.registry.models import Organization
from turvaverkko.registry.tests.factories import OrganizationFactory

from .factories import SiteFactory
from .ptv_fake import FakePtv, page, strings

pytestmark = pytest.mark.django_db

ORG = "11111111-1111-1111-1111-111111111111"
LOC_A = "aaaaaaaa-0000-0000-0000-000000000001"
LOC_B = "bbbbbbbb-0000-0000-0000-000000000002"
SERVICE = "cccccccc-0000-0000-0000-000000000003"
BUSINESS_ID = "0201256-6"


def location(ptv_id, name, street, number, north, east, modified, status="Published"):
    return {
        "id": ptv_id,
        "organizationId": ORG,
        "serviceChannelType": "ServiceLocation",
        "serviceChannelNames": strings("Name", fi=name, sv=name + " (sv)"),
        "serviceChannelDescriptions": strings("Description", fi=f"{name}: kohtaamispaikka."),
        "languages": ["fi", "sv"],
        "phoneNumbers": [{"type": "Phone", "number": "401234567", "prefixNumber": "+358"}],
        "emails": [{"language": "fi", "value": "info@example.fi"}],
        "addresses": [
            {
                "type": "Location",
                "subType": "Street",
                "streetAddress": {
                    "street": strings(fi=street),
                    "streetNumber": number,
                    "postalCode": "32700",
                    "postOffice": strings(fi="HUITTINEN"),
                    "municipality": {"code": "102", "name": strings(fi="Huittinen")},
                    "latitude": str(north),
                    "longitude": str(east),
                },
                "entrances": [
                    {
                        "isMainEntrance": True,
                        "accessibilitySentences": [
                            {
                                "sentenceGroup": strings(fi="Sisäänkäynti"),
                                "sentences": [
                                    {
                                        "sentence": strings(
                                            fi="Sisäänkäynnillä on luiska.",
                                            sv="Ingången har en ramp.",
                                        )
                                    }
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "serviceHours": [
            {
                "serviceHourType": "DaysOfTheWeek",
                "isClosed": False,
                "openingHour": [
                    {"dayFrom": "Monday", "dayTo": "Wednesday", "from": "09:00", "to": "15:30"}
                ],
            },
            {
                "serviceHourType": "Exceptional",
                "validFrom": "2026-12-24T00:00:00",
                "isClosed": True,
                "additionalInformation": strings(fi="Jouluaatto"),
            },
        ],
        "services": [{"service": {"id": SERVICE, "name": "Ruoka-apu"}}],
        "publishingStatus": status,
        "modified": modified,
    }


def service(modified="2026-11-01T10:00:00"):
    return {
        "id": SERVICE,
        "type": "Service",
        "serviceNames": strings("Name", fi="Ruoka-apu", sv="Mathjälp"),
        "serviceDescriptions": strings("Description", fi="Ruokakassit torstaisin."),
        "languages": ["fi", "sv"],
        "targetGroups": [{"uri": "http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/KR1"}],
        "organizations": [{"organization": {"id": ORG}, "roleType": "Responsible"}],
        "publishingStatus": "Published",
        "modified": modified,
    }


def full_read(fake, second_page=None):
    loc_a = location(LOC_A, "Marttojen tupa", "Risteentie", "5", 6787000, 262000, "2026-11-01")
    loc_b = location(LOC_B, "Kylätalo Sampo", "Sammuntie", "12", 6790000, 258000, "2026-11-01")
    fake.routes.update({
        f"Organization/businesscode/{BUSINESS_ID}": [{"id": ORG, "name": "Huittisten Martat"}],
        f"Organization/list?guids={ORG}": [{
            "id": ORG, "businessCode": BUSINESS_ID,
            "organizationNames": strings("Name", fi="Huittisten Martat ry"),
            "organizationDescriptions": strings("Description", fi="Kotitalousneuvontaa."),
            "municipality": {"code": "102"},
        }],
        f"ServiceChannel/organization/{ORG}/type/ServiceLocation?page=1": page(
            [{"id": LOC_A, "name": "Marttojen tupa"}], 1, 2),
        f"ServiceChannel/organization/{ORG}/type/ServiceLocation?page=2": second_page or page(
            [{"id": LOC_B, "name": "Kylätalo Sampo"}], 2, 2),
        f"ServiceChannel/list?guids={LOC_A}%2C{LOC_B}": [loc_a, loc_b],
        f"Service/list/organization?organizationId={ORG}&page=1": page(
            [{"id": SERVICE, "name": "Ruoka-apu"}], 1, 1),
        f"Service/list?guids={SERVICE}": [service()],
    })  # fmt: skip
    return loc_a, loc_b


@pytest.fixture
def huittinen(db):
    return MunicipalityFactory()


def test_ptv_organisation_with_two_locations_imports_into_search_and_hsds(client, huittinen):
    with FakePtv() as fake:
        full_read(fake)
        preview = staging.read_organization(V11Client(fake.url), BUSINESS_ID)
        # Paging: both pages read; the full objects in one batch call.
        assert f"ServiceChannel/list?guids={LOC_A}%2C{LOC_B}" in fake.requests
    assert preview.summary() == {
        "new": 3, "changed": 0, "deleted": 0, "unchanged": 0, "duplicates": []
    }  # fmt: skip
    assert not Site.objects.exists()  # a preview writes nothing
    staging.commit(preview)

    org = Organization.objects.get(business_id=BUSINESS_ID)
    assert org.name_fi == "Huittisten Martat ry"
    tupa = Site.objects.get(external_identifier=LOC_A)
    assert (tupa.name_fi, tupa.name_sv) == ("Marttojen tupa", "Marttojen tupa (sv)")
    assert tupa.street_address == "Risteentie 5" and tupa.municipality_id == "102"
    assert 61.1 < tupa.latitude < 61.3 and 22.5 < tupa.longitude < 22.9  # from EPSG:3067
    assert tupa.accessibility_notes_fi == "Sisäänkäynnillä on luiska."
    assert tupa.accessibility_notes_sv == "Ingången har en ramp."
    rule = OpeningRule.objects.get(site=tupa)
    assert (rule.byday, rule.opens_at, rule.closes_at) == ("MO,TU,WE", time(9), time(15, 30))
    assert tupa.opening_exceptions.get().date == date(2026, 12, 24)
    ruoka = Service.objects.get(name_fi="Ruoka-apu")
    assert set(ruoka.sites.values_list("external_identifier", flat=True)) == {LOC_A, LOC_B}

    found = client.get("/fi/", {"q": "Kylätalo Sampo"}).content.decode()
    assert "Kylätalo Sampo" in found
    found = client.get("/fi/", {"q": "Marttojen tupa"}).content.decode()
    assert "Marttojen tupa" in found
    document = client.get(f"/hsds/services/{ruoka.pk}").json()
    assert spec.errors("service", document) == []
    assert len(document["service_at_locations"]) == 2


def test_ptv_read_by_municipality_takes_every_service_location_there(client, huittinen):
    with FakePtv() as fake:
        loc_a, loc_b = full_read(fake)
        phone = {"id": "dddddddd-0000-0000-0000-000000000004", "organizationId": ORG,
                 "serviceChannelType": "Phone"}  # fmt: skip
        fake.routes.update({
            "ServiceChannel/area/Municipality/code/102?page=1": page(
                [{"id": LOC_A}, {"id": phone["id"]}], 1, 2),
            "ServiceChannel/area/Municipality/code/102?page=2": page([{"id": LOC_B}], 2, 2),
            f"ServiceChannel/list?guids={LOC_A}%2C{phone['id']}%2C{LOC_B}": [loc_a, phone, loc_b],
        })  # fmt: skip
        preview = staging.read_municipality(V11Client(fake.url), "102")
    assert [o.business_id for o in preview.organizations] == [BUSINESS_ID]
    assert sorted(s.ptv_id for s in preview.sites) == [LOC_A, LOC_B]  # not the phone channel
    staging.commit(preview)
    org = Organization.objects.get(business_id=BUSINESS_ID)
    assert set(Site.objects.filter(organizations=org).values_list("name_fi", flat=True)) == {
        "Marttojen tupa", "Kylätalo Sampo"
    }  # fmt: skip
    assert Service.objects.get(name_fi="Ruoka-apu").organization == org


def test_ptv_reread_of_changed_records_updates_only_those(huittinen):
    with FakePtv() as fake:
        loc_a, loc_b = full_read(fake)
        staging.commit(staging.read_organization(V11Client(fake.url), BUSINESS_ID))
        before_b = Site.objects.get(external_identifier=LOC_B).modified_at
        loc_a = {**loc_a, "modified": "2026-12-01",
                 "serviceChannelNames": strings("Name", fi="Marttojen uusi tupa")}  # fmt: skip
        fake.routes.update({
            "ServiceChannel?date=2026-11-30T00%3A00%3A00&page=1": page(
                [{"id": LOC_A}, {"id": LOC_B}, {"id": "not-ours"}], 1, 1),
            "Service?date=2026-11-30T00%3A00%3A00&page=1": page([], 1, 1),
            f"ServiceChannel/list?guids={LOC_A}%2C{LOC_B}": [loc_a, loc_b],
        })  # fmt: skip
        preview = staging.read_changes(V11Client(fake.url), datetime(2026, 11, 30, tzinfo=UTC))
    assert [s.ptv_id for s in preview.sites] == [LOC_A]
    assert preview.summary()["unchanged"] == 1
    staging.commit(preview)
    assert Site.objects.get(external_identifier=LOC_A).name_fi == "Marttojen uusi tupa"
    assert Site.objects.get(external_identifier=LOC_B).modified_at == before_b
    assert Site.objects.count() == 2


def test_ptv_deleted_record_unpublishes_the_site(huittinen):
    with FakePtv() as fake:
        loc_a, loc_b = full_read(fake)
        staging.commit(staging.read_organization(V11Client(fake.url), BUSINESS_ID))
        gone = {**loc_b, "publishingStatus": "Deleted", "modified": "2026-12-02"}
        fake.routes.update({
            "ServiceChannel?date=2026-12-01T00%3A00%3A00&page=1": page([{"id": LOC_B}], 1, 1),
            "Service?date=2026-12-01T00%3A00%3A00&page=1": page([], 1, 1),
            f"ServiceChannel/list?guids={LOC_B}": [gone],
        })  # fmt: skip
        preview = staging.read_changes(V11Client(fake.url), datetime(2026, 12, 1, tzinfo=UTC))
    assert preview.summary()["deleted"] == 1
    staging.commit(preview)
    assert not Site.objects.get(external_identifier=LOC_B).is_published
    assert Site.objects.get(external_identifier=LOC_A).is_published


@pytest.mark.parametrize(
    "broken, message",
    [
        ((200, "<html>Huoltokatko</html>"), "page 2: the answer is not JSON"),
        ({"pageNumber": 2, "items": []}, "page 2: not a page (no itemList)"),
        ((500, "error"), "ServiceLocation page 2: HTTP 500"),
    ],
)
def test_ptv_malformed_page_is_a_clear_error_and_nothing_is_imported(huittinen, broken, message):
    with FakePtv() as fake:
        full_read(fake, second_page=broken)
        with pytest.raises(PtvError, match=re.escape(message)):
            staging.read_organization(V11Client(fake.url), BUSINESS_ID)
    assert not Site.objects.exists() and not PtvLink.objects.exists()
    assert not Organization.objects.filter(business_id=BUSINESS_ID).exists()


def test_ptv_bad_opening_time_stops_the_read_with_the_record_named(huittinen):
    with FakePtv() as fake:
        loc_a, _loc_b = full_read(fake)
        loc_a["serviceHours"][0]["openingHour"][0]["from"] = "09:10"
        with pytest.raises(PtvError, match=f"service location {LOC_A}: time '09:10'"):
            staging.read_organization(V11Client(fake.url), BUSINESS_ID)
    assert not Site.objects.exists()


def test_ptv_duplicates_by_business_id_and_by_name_and_address(huittinen):
    existing = OrganizationFactory(name_fi="Martat (vanha)", business_id=BUSINESS_ID)
    twin = SiteFactory(name_fi="Marttojen tupa", street_address="Risteentie 5",
                       municipality=huittinen, organizations=[existing])  # fmt: skip
    with FakePtv() as fake:
        full_read(fake)
        preview = staging.read_organization(V11Client(fake.url), BUSINESS_ID)
    duplicates = preview.summary()["duplicates"]
    assert any("0201256-6 is already in the registry" in d for d in duplicates)
    assert any(
        d.startswith("Marttojen tupa, Risteentie 5: already in the directory") for d in duplicates
    )
    staging.commit(preview)
    assert Organization.objects.filter(business_id=BUSINESS_ID).count() == 1
    twin.refresh_from_db()
    assert twin.external_identifier == LOC_A  # linked, not created twice
    assert Site.objects.filter(name_fi="Marttojen tupa").count() == 1


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
    assert errors == ["serviceClasses: at least one PTV service class is required"]


def test_ptv_posting_is_off_by_default(huittinen):
    site = SiteFactory(name_fi="Tupa", municipality=huittinen)
    with pytest.raises(export.PtvWriteDisabled):
        export.post(export.site_channel(site, ORG))
    with override_settings(PTV_WRITE_URL=""), pytest.raises(export.PtvWriteDisabled):
        export.post(export.site_channel(site, ORG))


def test_ptv_read_command_previews_then_commits(huittinen):
    from io import StringIO

    from django.core.management import call_command

    with FakePtv() as fake:
        full_read(fake)
        out = StringIO()
        call_command("ptv_read", business_id=BUSINESS_ID, base_url=fake.url, stdout=out)
        assert "new 3, changed 0, deleted 0, unchanged 0" in out.getvalue()
        assert not Site.objects.exists()
        call_command("ptv_read", business_id=BUSINESS_ID, base_url=fake.url, commit=True,
                     stdout=out)  # fmt: skip
    assert Site.objects.filter(external_identifier_type="ptv").count() == 2


def test_ptv_read_page_previews_then_imports(client_as, personas, settings):
    from django.utils import translation

    with FakePtv() as fake, translation.override("en"):
        full_read(fake)
        settings.PTV_READ_URL = fake.url
        url = "/en/sites/ptv/"
        assert client_as("ville").get(url).status_code == 403
        assert client_as("olli").get(url).status_code == 403
        kaisa = client_as("kaisa")
        page_ = kaisa.post(url, {"business_id": BUSINESS_ID, "action": "preview"})
        body = page_.content.decode()
        assert "3 new, 0 to update, 0 removed in PTV, 0 unchanged." in body
        assert "Marttojen tupa, Risteentie 5" in body and "Ruoka-apu" in body
        assert not Site.objects.exists()
        done = kaisa.post(url, {"business_id": BUSINESS_ID, "action": "commit"}, follow=True)
        assert "Imported from PTV: 3 new, 0 updated, 0 removed." in done.content.decode()
        assert Site.objects.filter(external_identifier_type="ptv").count() == 2
        broken = kaisa.post(url, {"business_id": "1234567-1", "action": "preview"})
        assert "PTV has no organisation with business ID 1234567-1" in broken.content.decode()


def test_ptv_scheduled_reads_are_off_by_default_and_follow_the_settings(huittinen, settings):
    from turvaverkko.directory.ptv import tasks

    settings.PTV_READ_URL = ""
    assert tasks.full() == {"status": "off"} and tasks.changes() == {"status": "off"}
    with FakePtv() as fake:
        full_read(fake)
        settings.PTV_READ_URL = fake.url
        settings.PTV_FOLLOW_BUSINESS_IDS = [BUSINESS_ID]
        settings.PTV_FOLLOW_MUNICIPALITIES = []
        result = tasks.full()
    assert result["status"] == "ok" and result[BUSINESS_ID]["new"] == 3
    assert Site.objects.filter(external_identifier_type="ptv").count() == 2
