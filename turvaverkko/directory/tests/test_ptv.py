"""PTV both ways, against a fake PTV on 127.0.0.1 whose answers follow standards.md §2.3."""

import re
from datetime import UTC, date, datetime, time

import pytest
from django.utils import translation

from turvaverkko.api.hsds import spec
from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.directory.models import OpeningRule, PtvLink, Service, Site
from turvaverkko.directory.ptv import importing, source
from turvaverkko.directory.ptv.client import PtvError, V11Client
from turvaverkko.importing.base import ImportRefused
from turvaverkko.importing.models import ImportBatch
from turvaverkko.registry.models import Organization
from turvaverkko.registry.tests.factories import OrganizationFactory

from .factories import SiteFactory, noted_holiday_hours
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


def preview(read):
    """What the import would do, without storing the batch."""
    batch = importing.stage(read, save=False)
    results = importing.PtvRecordsImporter(None).validate(batch)
    return importing.summary(results), results


def commit(read, user=None):
    batch = importing.stage(read, user)
    importing.commit(batch, user)
    return batch


@pytest.fixture
def huittinen(db):
    return MunicipalityFactory()


def test_ptv_organisation_with_two_locations_imports_into_search_and_hsds(client, huittinen):
    with FakePtv() as fake:
        full_read(fake)
        read = source.read_organization(V11Client(fake.url), BUSINESS_ID)
        # Paging: both pages read; the full objects in one batch call.
        assert f"ServiceChannel/list?guids={LOC_A}%2C{LOC_B}" in fake.requests
    counts, results = preview(read)
    assert counts == {
        "new": 4, "changed": 0, "deleted": 0, "unchanged": 0, "skipped": 0, "errors": 0
    }  # fmt: skip
    # One row per PTV record: the organisation, its service, its two service locations.
    assert [r.values["kind"] for r in results] == [
        "organization", "service", "channel", "channel"
    ]  # fmt: skip
    assert not Site.objects.exists()  # a preview writes nothing
    with translation.override("sv"):  # whoever commits, the Finnish note is the Finnish one
        batch = commit(read)
    assert batch.status == ImportBatch.Status.COMMITTED and batch.created_by is None
    assert batch.result["created"] == 4
    assert set(batch.written) == {"2", "3", "4", "5"}

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
    holiday = tupa.opening_exceptions.get()
    assert (holiday.date, holiday.description_fi) == (date(2026, 12, 24), "Jouluaatto")
    ruoka = Service.objects.get(name_fi="Ruoka-apu")
    assert set(ruoka.sites.values_list("external_identifier", flat=True)) == {LOC_A, LOC_B}

    found = client.get("/fi/", {"q": "Kylätalo Sampo"}).content.decode()
    assert "Kylätalo Sampo" in found
    found = client.get("/fi/", {"q": "Marttojen tupa"}).content.decode()
    assert "Marttojen tupa" in found
    document = client.get(f"/hsds/services/{ruoka.pk}").json()
    assert spec.errors("service", document) == []
    assert len(document["service_at_locations"]) == 2


def test_ptv_read_keeps_hour_notes_in_every_language(huittinen):
    """PTV's additionalInformation of a service hour is read in fi, sv and en: a weekly
    hour's note on every rule made from it, an exceptional hour's on its exception."""
    long_note = "Lounas " + "x" * 300
    with FakePtv() as fake:
        loc_a, _loc_b = full_read(fake)
        loc_a["serviceHours"] = [
            {
                "serviceHourType": "DaysOfTheWeek",
                "isClosed": False,
                "additionalInformation": strings(
                    fi="Ei ajanvarausta", sv="Ingen tidsbokning", en="No appointment needed"
                ),
                "openingHour": [
                    {"dayFrom": "Monday", "dayTo": "Tuesday", "from": "09:00", "to": "12:00"},
                    {"dayFrom": "Thursday", "dayTo": None, "from": "17:00", "to": "20:00"},
                ],
            },
            {
                "serviceHourType": "Exceptional",
                "validFrom": "2026-12-24T00:00:00",
                "validTo": "2026-12-24T00:00:00",
                "isClosed": True,
                "additionalInformation": strings(fi="Jouluaatto", sv="Julafton"),
            },
            {
                "serviceHourType": "Exceptional",
                "validFrom": "2027-01-05T00:00:00",
                "isClosed": False,
                "additionalInformation": strings(en="Short day", fi=long_note),
                "openingHour": [
                    {"dayFrom": "Tuesday", "dayTo": None, "from": "10:00", "to": "14:00"}
                ],
            },
        ]
        read = source.read_organization(V11Client(fake.url), BUSINESS_ID)
    with translation.override("sv"):  # each note in its own language, whoever commits
        commit(read)
    tupa = Site.objects.get(external_identifier=LOC_A)
    rules = tupa.opening_rules.order_by("opens_at")
    assert [(r.byday, r.description_fi, r.description_sv, r.description_en) for r in rules] == [
        ("MO,TU", "Ei ajanvarausta", "Ingen tidsbokning", "No appointment needed"),
        ("TH", "Ei ajanvarausta", "Ingen tidsbokning", "No appointment needed"),
    ]  # fmt: skip
    christmas, short_day = tupa.opening_exceptions.order_by("date")
    assert (christmas.date, christmas.closed) == (date(2026, 12, 24), True)
    assert (christmas.description_fi, christmas.description_sv) == ("Jouluaatto", "Julafton")
    assert christmas.description_en == ""  # PTV gave no English note
    assert (short_day.closed, short_day.opens_at, short_day.closes_at) == (
        False, time(10), time(14)
    )  # fmt: skip
    assert short_day.description_en == "Short day" and short_day.description_sv == ""
    assert short_day.description_fi == long_note[:200]  # the field's length


def test_ptv_export_read_back_keeps_exceptions_and_notes(huittinen):
    """A site's hours exported to PTV and read back from PTV are the same: the weekly rule
    with its fi/sv note, a closed holiday and a day at other hours with theirs."""
    import time_machine

    from turvaverkko.directory.models import OpeningException
    from turvaverkko.directory.ptv import export

    site = SiteFactory(name_fi="Kylätalo", municipality=huittinen)
    noted_holiday_hours(site)
    OpeningException.objects.create(
        site=site,
        date=date(2028, 1, 5),
        closed=False,
        opens_at=time(10),
        closes_at=time(14),
        description_fi="Loppiaisen aatto",
    )
    with time_machine.travel(datetime(2027, 12, 1, 10, tzinfo=UTC), tick=False):
        channel = export.site_channel(site, ORG)
    with FakePtv() as fake:
        loc_a, _loc_b = full_read(fake)
        loc_a["serviceHours"] = channel["serviceHours"]  # PTV gives back what it was sent
        commit(source.read_organization(V11Client(fake.url), BUSINESS_ID))
    read_back = Site.objects.get(external_identifier=LOC_A)

    def notes(obj):  # an empty note may be stored as NULL (modeltranslation)
        return tuple(getattr(obj, f"description_{lang}") or "" for lang in ("fi", "sv", "en"))

    def exceptions(place):
        return [
            (e.date, e.closed, e.opens_at, e.closes_at, notes(e))
            for e in place.opening_exceptions.order_by("date")
        ]

    def rules(place):
        return [(r.byday, r.opens_at, r.closes_at, notes(r)) for r in place.opening_rules.all()]

    assert exceptions(read_back) == exceptions(site) and len(exceptions(site)) == 2
    assert rules(read_back) == rules(site) == [
        ("MO", time(9), time(12), ("Kahvila auki", "Kaféet öppet", ""))
    ]  # fmt: skip


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
        read = source.read_municipality(V11Client(fake.url), "102")
    _counts, results = preview(read)
    assert [r.values["record"].business_id for r in results[:1]] == [BUSINESS_ID]
    places = [r.values["record"].ptv_id for r in results if r.values["kind"] == "channel"]
    assert sorted(places) == [LOC_A, LOC_B]  # not the phone channel
    commit(read)
    org = Organization.objects.get(business_id=BUSINESS_ID)
    assert set(Site.objects.filter(organizations=org).values_list("name_fi", flat=True)) == {
        "Marttojen tupa", "Kylätalo Sampo"
    }  # fmt: skip
    assert Service.objects.get(name_fi="Ruoka-apu").organization == org


def test_ptv_reread_of_changed_records_updates_only_those(huittinen):
    with FakePtv() as fake:
        loc_a, loc_b = full_read(fake)
        commit(source.read_organization(V11Client(fake.url), BUSINESS_ID))
        before_b = Site.objects.get(external_identifier=LOC_B).modified_at
        loc_a = {**loc_a, "modified": "2026-12-01",
                 "serviceChannelNames": strings("Name", fi="Marttojen uusi tupa")}  # fmt: skip
        fake.routes.update({
            "ServiceChannel?date=2026-11-30T00%3A00%3A00&page=1": page(
                [{"id": LOC_A}, {"id": LOC_B}, {"id": "not-ours"}], 1, 1),
            "Service?date=2026-11-30T00%3A00%3A00&page=1": page([], 1, 1),
            f"ServiceChannel/list?guids={LOC_A}%2C{LOC_B}": [loc_a, loc_b],
        })  # fmt: skip
        read = source.read_changes(V11Client(fake.url), datetime(2026, 11, 30, tzinfo=UTC))
    counts, results = preview(read)
    assert [r.values["record"].ptv_id for r in results] == [LOC_A, LOC_B]  # not "not-ours"
    assert [r.decision for r in results] == ["update", "skip"]
    assert (counts["changed"], counts["unchanged"], counts["new"]) == (1, 1, 0)
    batch = commit(read)
    assert batch.result == {"created": 0, "updated": 1, "unchanged": 1, "skipped": 0,
                            "deleted": 0}  # fmt: skip
    assert Site.objects.get(external_identifier=LOC_A).name_fi == "Marttojen uusi tupa"
    assert Site.objects.get(external_identifier=LOC_B).modified_at == before_b
    assert Site.objects.count() == 2


def test_ptv_deleted_record_unpublishes_the_site(huittinen):
    with FakePtv() as fake:
        loc_a, loc_b = full_read(fake)
        commit(source.read_organization(V11Client(fake.url), BUSINESS_ID))
        gone = {**loc_b, "publishingStatus": "Deleted", "modified": "2026-12-02"}
        fake.routes.update({
            "ServiceChannel?date=2026-12-01T00%3A00%3A00&page=1": page([{"id": LOC_B}], 1, 1),
            "Service?date=2026-12-01T00%3A00%3A00&page=1": page([], 1, 1),
            f"ServiceChannel/list?guids={LOC_B}": [gone],
        })  # fmt: skip
        read = source.read_changes(V11Client(fake.url), datetime(2026, 12, 1, tzinfo=UTC))
    assert preview(read)[0]["deleted"] == 1
    assert commit(read).result["deleted"] == 1
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
            source.read_organization(V11Client(fake.url), BUSINESS_ID)
    assert not Site.objects.exists() and not PtvLink.objects.exists()
    assert not ImportBatch.objects.exists()  # nothing read, nothing staged
    assert not Organization.objects.filter(business_id=BUSINESS_ID).exists()


def test_ptv_bad_opening_time_stops_the_read_with_the_record_named(huittinen):
    with FakePtv() as fake:
        loc_a, _loc_b = full_read(fake)
        loc_a["serviceHours"][0]["openingHour"][0]["from"] = "09:10"
        read = source.read_organization(V11Client(fake.url), BUSINESS_ID)
    counts, results = preview(read)
    assert counts["errors"] == 1
    assert f"service location {LOC_A}: time '09:10'" in results[2].errors[0]
    batch = importing.stage(read)
    with pytest.raises(ImportRefused, match=f"service location {LOC_A}: time '09:10'"):
        importing.commit(batch)
    # Nothing half-imported: not the organisation, the service nor the other place.
    assert not Site.objects.exists() and not PtvLink.objects.exists()
    assert not Service.objects.exists()
    assert not Organization.objects.filter(business_id=BUSINESS_ID).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED and "09:10" in batch.result["errors"][0]


def test_ptv_duplicates_by_business_id_and_by_name_and_address(huittinen):
    existing = OrganizationFactory(name_fi="Martat (vanha)", business_id=BUSINESS_ID)
    twin = SiteFactory(name_fi="Marttojen tupa", street_address="Risteentie 5",
                       municipality=huittinen, organizations=[existing])  # fmt: skip
    with FakePtv() as fake:
        full_read(fake)
        read = source.read_organization(V11Client(fake.url), BUSINESS_ID)
    with translation.override("en"):  # the reasons compared are the English ones
        _counts, results = preview(read)
    org_row, _service, tupa_row, sampo_row = results
    assert org_row.duplicate.existing == existing and org_row.duplicate.reason == (
        "the same business ID"
    )
    assert org_row.decision == "update"  # linked and updated, not created twice
    assert tupa_row.duplicate.existing == twin and tupa_row.duplicate.possible
    assert tupa_row.duplicate.reason == "the same name and street address"
    assert tupa_row.choices == ("create", "merge", "skip") and tupa_row.decision == "merge"
    assert sampo_row.duplicate is None and sampo_row.decision == "create"
    commit(read)
    assert Organization.objects.filter(business_id=BUSINESS_ID).count() == 1
    twin.refresh_from_db()
    assert twin.external_identifier == LOC_A  # linked, not created twice
    assert Site.objects.filter(name_fi="Marttojen tupa").count() == 1


def test_ptv_read_command_previews_then_commits(huittinen):
    from io import StringIO

    from django.core.management import call_command

    with FakePtv() as fake:
        full_read(fake)
        out = StringIO()
        call_command("ptv_read", business_id=BUSINESS_ID, base_url=fake.url, stdout=out)
        assert "new 4, changed 0, deleted 0, unchanged 0" in out.getvalue()
        assert not Site.objects.exists() and not ImportBatch.objects.exists()
        call_command("ptv_read", business_id=BUSINESS_ID, base_url=fake.url, commit=True,
                     stdout=out)  # fmt: skip
    assert Site.objects.filter(external_identifier_type="ptv").count() == 2
    assert ImportBatch.objects.get(target="ptv").created_by is None


def test_ptv_read_page_previews_then_imports(client_as, personas, settings):
    from django.utils import translation

    with FakePtv() as fake, translation.override("en"):
        full_read(fake)
        settings.PTV_READ_URL = fake.url
        url = "/en/sites/ptv/"
        assert client_as("ville").get(url).status_code == 403
        assert client_as("olli").get(url).status_code == 403
        kaisa = client_as("kaisa")
        read = kaisa.post(url, {"business_id": BUSINESS_ID})
        batch = ImportBatch.objects.get(target="ptv")
        assert read.url == f"/en/sites/ptv/{batch.pk}/"
        assert batch.created_by == personas.kaisa
        body = kaisa.get(read.url).content.decode()
        assert "4 new, 0 to update, 0 removed in PTV, 0 unchanged." in body
        assert "Place: Marttojen tupa, Risteentie 5" in body and "Service: Ruoka-apu" in body
        assert not Site.objects.exists()  # reading and previewing write nothing
        assert client_as("mikko").get(read.url).status_code == 404  # another's read
        done = kaisa.post(read.url, {"action": "commit"}, follow=True).content.decode()
        assert "Imported from PTV: 4 new, 0 updated, 0 skipped." in done
        assert Site.objects.filter(external_identifier_type="ptv").count() == 2
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.COMMITTED and len(batch.written) == 4
        assert batch.pk.hex[:8] in kaisa.get(url).content.decode().replace("-", "")
        broken = kaisa.post(url, {"business_id": "1234567-1"})
        assert "PTV has no organisation with business ID 1234567-1" in broken.content.decode()
        assert ImportBatch.objects.count() == 1


def test_ptv_preview_decides_per_record(client_as, personas, settings):
    """A place with the same name and address is merged by default; the coordinator may say
    it is a different place, and a record may be left as it is."""
    twin = SiteFactory(name_fi="Marttojen tupa", street_address="Risteentie 5",
                       municipality=personas.huittinen)  # fmt: skip
    with FakePtv() as fake:
        full_read(fake)
        settings.PTV_READ_URL = fake.url
        kaisa = client_as("kaisa")
        url = kaisa.post("/fi/sites/ptv/", {"business_id": BUSINESS_ID}).url
        page_ = kaisa.get(url).content.decode()
    assert 'name="decision-4" value="merge" checked' in page_
    kaisa.post(url, {"decision-4": "create", "action": "save"})
    batch = ImportBatch.objects.get(target="ptv")
    assert batch.decisions == {"4": "create"}
    kaisa.post(url, {"decision-4": "create", "action": "commit"})
    twin.refresh_from_db()
    assert twin.external_identifier == ""  # left alone: PTV's place is a different one
    assert Site.objects.filter(name_fi="Marttojen tupa").count() == 2
    batch.refresh_from_db()
    assert batch.written["4"] != str(twin.pk)


def test_ptv_deleted_record_we_do_not_hold_is_skipped(huittinen):
    with FakePtv() as fake:
        loc_a, _loc_b = full_read(fake)
        fake.routes[f"ServiceChannel/list?guids={LOC_A}%2C{LOC_B}"] = [
            loc_a, {**_loc_b, "publishingStatus": "Deleted"}
        ]  # fmt: skip
        read = source.read_organization(V11Client(fake.url), BUSINESS_ID)
    with translation.override("en"):  # the warning compared is the English one
        _counts, results = preview(read)
    assert results[3].decision == "skip"
    assert results[3].warnings == ["Removed in PTV, and not in Turvaverkko: nothing to do."]
    assert commit(read).result["skipped"] == 1
    assert list(Site.objects.values_list("external_identifier", flat=True)) == [LOC_A]


def test_ptv_saved_read_is_a_file_format_of_the_framework(huittinen):
    """The `ptv` format reads the same rows from a JSON file (a saved read)."""
    import json

    from turvaverkko.importing.base import ImportFileError
    from turvaverkko.importing.registry import importer_for_filename

    cls = importer_for_filename("ptv", "read.json")
    assert cls is importing.PtvRecordsImporter
    document = {"records": [{"kind": "service", "record": service()}]}
    headers, rows = cls(None).parse(json.dumps(document).encode())
    assert headers == importing.HEADER
    assert rows[0]["row"] == 2 and rows[0]["cells"][:2] == ["service", SERVICE]
    with translation.override("en"), pytest.raises(ImportFileError, match="not a PTV read"):
        cls(None).parse(b'{"items": []}')


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
    assert result["status"] == "ok" and result[BUSINESS_ID]["created"] == 4
    batch = ImportBatch.objects.get(pk=result[BUSINESS_ID]["batch"])
    assert batch.created_by is None and batch.status == ImportBatch.Status.COMMITTED
    assert Site.objects.filter(external_identifier_type="ptv").count() == 2


def test_ptv_large_read_is_committed_by_the_worker_with_progress(
    client_as, personas, settings, monkeypatch, django_capture_on_commit_callbacks, run_tasks
):
    from turvaverkko.directory import ptvviews

    monkeypatch.setattr(ptvviews, "BACKGROUND_RECORDS", 2)
    with FakePtv() as fake:
        full_read(fake)
        settings.PTV_READ_URL = fake.url
        kaisa = client_as("kaisa")
        url = kaisa.post("/fi/sites/ptv/", {"business_id": BUSINESS_ID}).url
    with django_capture_on_commit_callbacks(execute=True):
        kaisa.post(url, {"action": "commit"})
    batch = ImportBatch.objects.get(target="ptv")
    assert (batch.status, batch.total) == ("running", 4)
    assert "<progress" in kaisa.get(url).content.decode()
    assert not Site.objects.exists()
    assert run_tasks() == 1
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.created_by) == ("committed", 4, personas.kaisa)
    assert Site.objects.filter(external_identifier_type="ptv").count() == 2
