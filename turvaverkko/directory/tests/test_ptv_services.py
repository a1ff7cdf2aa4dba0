"""PTV service classes: the managed list, kept on PTV read, chosen in the service editor and
used by the service export that an association downloads from the service page."""

import json

import pytest

from turvaverkko.directory.models import PtvLink, Service
from turvaverkko.directory.ptv import classes, export, importing, source
from turvaverkko.registry.tests.factories import TaxonomyTermFactory

from .factories import ServiceFactory
from .ptv_fake import strings

pytestmark = pytest.mark.django_db

ORG = "11111111-1111-1111-1111-111111111111"
SERVICE = "cccccccc-0000-0000-0000-000000000003"
URI = "http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/"


def test_ptv_service_classes_are_the_27_main_classes_in_three_languages():
    assert classes.codes() == [f"P{n}" for n in range(1, 28)]
    assert (classes.name("P4", "fi"), classes.name("P4", "sv"), classes.name("P4", "en")) == (
        "Sosiaalipalvelut",
        "Socialtjänster",
        "Social services",
    )
    # A subclass read from PTV is named by its main class.
    assert classes.name("P4.12", "fi") == "P4.12 (Sosiaalipalvelut)"
    assert classes.uri("P27") == URI + "P27"


def test_ptv_read_keeps_the_services_classes(db):
    org = {"id": ORG, "businessCode": "0201256-6",
           "organizationNames": strings("Name", fi="Huittisten Martat ry")}  # fmt: skip
    service = {
        "id": SERVICE,
        "serviceNames": strings("Name", fi="Ruoka-apu"),
        "serviceClasses": [
            {"uri": URI + "P4.12", "code": "P4.12", "name": strings(fi="Vertaistoiminta")},
            {"uri": URI + "P5"},
        ],
        "organizations": [{"organization": {"id": ORG}, "roleType": "Responsible"}],
        "modified": "2026-11-01",
    }
    read = source.Read("PTV test", [("organization", org), ("service", service)])
    importing.commit(importing.stage(read))
    ruoka = Service.objects.get(name_fi="Ruoka-apu")
    assert ruoka.ptv_service_classes == ["P4.12", "P5"]
    # ... and the export sends them back as the URIs PTV reads.
    assert export.service_export(ruoka)[0]["serviceClasses"] == [URI + "P4.12", URI + "P5"]


def _ready_service(**kwargs):
    group = TaxonomyTermFactory(
        taxonomy="target_group", code="kr1", name_fi="Kansalaiset",
        term_uri="http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/KR1",
    )  # fmt: skip
    service = ServiceFactory(name_fi="Ruoka-apu", description_fi="Ruokakassit torstaisin.",
                             **kwargs)  # fmt: skip
    service.target_groups.add(group)
    PtvLink.objects.create(ptv_id=ORG, kind=PtvLink.Kind.ORGANIZATION,
                           local_id=service.organization_id)  # fmt: skip
    return service


def test_ptv_service_export_passes_with_a_class_and_names_what_is_missing(db):
    service = _ready_service(ptv_service_classes=["P4"])
    payload, errors = export.service_export(service)
    assert errors == []
    assert payload["serviceClasses"] == [URI + "P4"]
    assert payload["mainResponsibleOrganization"] == ORG

    service.ptv_service_classes = []
    service.save()
    assert export.service_export(service)[1] == [
        "serviceClasses: at least one PTV service class is required "
        "(choose one in the service editor)"
    ]
    service.ptv_service_classes = ["X1"]
    assert export.service_export(service)[1] == [
        f"serviceClasses: '{URI}X1' is not a ptvserclass2 code URI"
    ]


def test_ptv_service_classes_chosen_in_the_editor_and_downloaded(client_as, personas):
    service = _ready_service(organization=personas.olli_org)
    edit = f"/fi/services/{service.pk}/edit/"
    page = f"/fi/services/{service.pk}/"
    download = f"/fi/services/{service.pk}/ptv.json"
    for outsider in ("ville", "ulla", "mikko"):
        assert client_as(outsider).get(edit).status_code == 403
        assert client_as(outsider).get(download).status_code == 403
        assert "ptv-export" not in client_as(outsider).get(page).content.decode()

    olli = client_as("olli")
    before = olli.get(page).content.decode()
    assert "serviceClasses: at least one PTV service class is required" in before
    form = olli.get(edit).content.decode()
    assert 'type="checkbox" name="ptv_service_classes" value="P4"' in form
    assert "P4 Sosiaalipalvelut" in form and "P27 Liikunta ja ulkoilu" in form
    assert (
        "Socialtjänster"
        in client_as("olli").get(f"/sv/services/{service.pk}/edit/").content.decode()
    )

    data = {"name_fi": "Ruoka-apu", "description_fi": "Ruokakassit torstaisin.",
            "target_groups": [service.target_groups.get().pk]}  # fmt: skip
    refused = olli.post(edit, {**data, "ptv_service_classes": ["P99"]})
    assert refused.status_code == 200 and "P99" in refused.content.decode()
    saved = olli.post(edit, {**data, "ptv_service_classes": ["P4", "P25"]})
    assert saved.status_code == 302
    service.refresh_from_db()
    assert service.ptv_service_classes == ["P4", "P25"]

    after = olli.get(page).content.decode()
    assert "Sosiaalipalvelut, Kulttuuri" in after
    assert 'id="ptv-ready"' in after and "ptv-errors" not in after
    response = olli.get(download)
    assert response["Content-Disposition"] == (
        f'attachment; filename="ptv-service-{service.pk}.json"'
    )
    payload = json.loads(response.content)
    assert payload["serviceClasses"] == [URI + "P4", URI + "P25"]
    assert export.validate_service(payload) == []
    # The coordinator of the association's municipality may do the same.
    assert client_as("kaisa").get(download).status_code == 200


def test_ptv_service_editor_keeps_a_subclass_read_from_ptv(client_as, personas):
    import re

    service = _ready_service(organization=personas.olli_org, ptv_service_classes=["P4.12"])
    form = client_as("olli").get(f"/fi/services/{service.pk}/edit/").content.decode()
    box = re.search(r'<input[^>]*value="P4.12"[^>]*>', form)
    assert box is not None and "checked" in box.group(0)
    assert "P4.12 (Sosiaalipalvelut)" in form
