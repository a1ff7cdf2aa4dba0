"""The blackout paper pack: a calling tree across organisations with dialable numbers and
deputies, the coordinators and the rescue department, readiness centres and a runner plan;
regenerated when its data changes. The text is read from the laid-out PDF pages."""

import re

import pytest
from django.urls import reverse
from weasyprint.formatting_structure import boxes

from turvaverkko.preparedness.models import PlanScenario
from turvaverkko.preparedness.paper import dialable, pack_document
from turvaverkko.registry.models import Organization
from turvaverkko.registry.tests.factories import ContactPersonFactory, OrganizationFactory
from turvaverkko.resources.models import Resource
from turvaverkko.resources.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def page_texts(document) -> list[str]:
    """The text of every laid-out page, in reading order (what the PDF prints)."""

    def walk(box, out):
        if isinstance(box, boxes.TextBox):
            out.append(box.text)
        for child in getattr(box, "children", []):
            walk(child, out)
        if isinstance(box, boxes.LineBox | boxes.BlockBox):
            out.append("\n")
        return out

    return [
        re.sub(r"[ \t]*\n+[ \t]*", "\n", "".join(walk(p._page_box, []))) for p in document.pages
    ]


@pytest.mark.parametrize(
    "stored, dialled",
    [
        ("+358505551100", "050 555 1100"),
        ("+358401112223", "040 111 2223"),
        ("+35821234567", "02 123 4567"),
        ("0445551234", "044 555 1234"),
        ("+46701234567", "+46 70 123 45 67"),
        ("", ""),
    ],
)
def test_numbers_are_printed_for_dialling(stored, dialled):
    assert dialable(stored) == dialled


@pytest.fixture
def network(plans, personas):
    """Huittinen: Olli's association has the plan's role; six more organisations with
    contacts (one without any), a rescue department, a readiness centre, a meeting point."""
    personas.primary_contact.phone = "+358505551100"
    personas.primary_contact.save()
    personas.deputy_contact.phone = "+358505551101"
    personas.deputy_contact.save()
    municipal_unit = OrganizationFactory(
        name_fi="Huittisten kaupunki", municipalities=[personas.huittinen]
    )
    ContactPersonFactory(
        organization=municipal_unit, user=personas.kaisa, name="Kaisa K", phone="+358401234567"
    )
    PlanScenario.objects.filter(pk=plans.scenario.pk).update(
        alert_text_fi="Pitkä sähkökatko: kokoontuminen Sampun kylätalolle"
    )
    others = []
    for i in range(1, 7):
        org = OrganizationFactory(name_fi=f"Yhdistys {i}", municipalities=[personas.huittinen])
        ContactPersonFactory(
            organization=org, position=0, name=f"Eka {i}", phone=f"+35840555{i:04d}"
        )
        ContactPersonFactory(
            organization=org, position=1, name=f"Vara {i}", phone=f"+35850666{i:04d}"
        )
        others.append(org)
    OrganizationFactory(name_fi="Yhteystiedoton ry", municipalities=[personas.huittinen])
    rescue = OrganizationFactory(
        name_fi="Satakunnan pelastuslaitos",
        kind=Organization.Kind.RESCUE_DEPARTMENT,
        municipalities=[personas.huittinen],
    )
    ContactPersonFactory(organization=rescue, name="Päivystävä palomestari", phone="+358295554000")
    ResourceFactory(
        organization=others[0],
        municipality=personas.huittinen,
        kind=Resource.Kind.PREMISES,
        name="Valmiuskeskus Lauttakylä",
        address="Risteenkatu 1",
        capacity=120,
        beds=40,
        heat_without_grid=True,
        generator=True,
        water=False,
    )
    ResourceFactory(
        organization=others[1],
        municipality=personas.huittinen,
        kind=Resource.Kind.MEETING_POINT,
        name="Torin kylmäpiste",
        address="Kauppatori",
    )
    return others


def test_the_pdf_has_the_calling_tree_and_dialable_numbers(network, personas, client_as):
    # English here so that the test reads the same before and after the catalogues are merged
    document = pack_document(personas.huittinen, user=personas.kaisa, language="en")
    text = "\n".join(page_texts(document))
    for page in page_texts(document):  # the time on every page
        assert re.search(r"Printed \d{1,2}\.\d{1,2}\.\d{4} at \d\d\.\d\d", page), page[:200]
    # numbers first: the coordinator's own, the rescue department
    assert "Kaisa" in text and "040 123 4567" in text
    assert "Satakunnan pelastuslaitos" in text and "029 555 4000" in text
    # the calling tree: the plan's role first, then the rest of the network by name
    tree = text[text.index("Calling tree") :]
    order = ["1. Huittisten Martat ry", "2. Huittisten kaupunki", "3. Satakunnan pelastuslaitos"]
    order += [f"{i + 3}. Yhdistys {i}" for i in range(1, 7)]
    assert [tree.index(name) for name in order] == sorted(tree.index(name) for name in order)
    assert "Yhteystiedoton ry" not in tree.split("When phones do not work")[0]
    # the first one with the dialable number and the deputy beside it
    first = tree[tree.index("1. Huittisten Martat ry") : tree.index("2. Huittisten kaupunki")]
    assert "Olli Yhteys 050 555 1100" in first
    assert "Outi Varahenkilö 050 555 1101" in first
    assert "calls next: 4, 5, 6" in first
    fourth = tree[tree.index("4. Yhdistys 1") : tree.index("5. Yhdistys 2")]
    assert "Eka 1 040 555 0001" in fourth and "Vara 1 050 666 0001" in fourth
    assert "Called by 1" in fourth
    assert "+358" not in tree.split("When phones do not work")[0]
    # when phones do not work: meeting points, readiness centres with the key holder, runners
    offline = text[text.index("When phones do not work") :]
    assert "Torin kylmäpiste: Kauppatori" in offline
    assert "Valmiuskeskus Lauttakylä, Risteenkatu 1" in offline
    assert "Eka 1 040 555 0001" in offline  # the key holder of the centre
    assert "Runner plan" in offline
    # each scenario's alert text and roles
    assert "Pitkä sähkökatko: kokoontuminen Sampun kylätalolle" in text
    assert "Lämmin ateria 50 hengelle" in text


def test_the_pack_is_regenerated_when_its_data_changes(network, personas, client_as):
    kaisa = client_as("kaisa")
    url = reverse("preparedness:paper_pack", args=["102"])
    first = kaisa.get(url).content
    assert kaisa.get(url).content == first  # cached: the same bytes
    personas.deputy_contact.phone = "+358505559999"
    personas.deputy_contact.save()
    assert kaisa.get(url).content != first


def test_a_bilingual_municipality_gets_its_pack_in_swedish_too(network, personas, client_as):
    personas.huittinen.language = "fi-sv"
    personas.huittinen.save()
    kaisa = client_as("kaisa")
    url = reverse("preparedness:paper_pack", args=["102"])
    response = kaisa.get(url + "?lang=sv")
    assert 'filename="valmiuskansio-102-sv.pdf"' in response["Content-Disposition"]
    document = pack_document(personas.huittinen, user=personas.kaisa, language="sv")
    text = "\n".join(page_texts(document))
    assert "Ringkedja" in text or "Calling tree" in text  # Swedish once the catalogue is merged
