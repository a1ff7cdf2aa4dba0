import re

import pytest
from django.urls import reverse

from turvaverkko.preparedness.paper import dialable, pack_document, pack_html
from turvaverkko.registry.tests.factories import ContactPersonFactory

pytestmark = pytest.mark.django_db


def test_paper_pack_html_has_chain_in_order_with_phones(plans, personas):
    ContactPersonFactory(
        organization=personas.olli_org, position=2, name="Kolmas Vara", phone="+358401112223"
    )
    html = pack_html(personas.huittinen, private=True)
    chain = [
        personas.primary_contact.name,
        dialable(personas.primary_contact.phone),
        personas.deputy_contact.name,
        dialable(personas.deputy_contact.phone),
        "Kolmas Vara",
        "040 111 2223",
    ]
    positions = [html.index(text) for text in chain]
    assert positions == sorted(positions)
    assert "Sampun kylätalo" in html  # the resources
    assert "Lämmin ateria 50 hengelle" in html
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4}", html)  # printed date
    # Muonio's plan is not in Huittinen's pack.
    assert "Kylätalo lämpimäksi" not in html


def test_appendix_has_no_personal_phone_numbers(client_as, plans, personas):
    body = client_as("kaisa").get(reverse("preparedness:appendix", args=["102"])).content
    body = body.decode()
    assert "Lämmin ateria 50 hengelle" in body
    assert personas.deputy_contact.phone not in body
    assert personas.deputy_contact.name not in body


@pytest.mark.parametrize(
    "name,allowed",
    [
        ("anonymous", False),
        ("ville", False),
        ("olli", False),
        ("ulla", False),
        ("kaisa", True),
        ("mikko", False),
        ("reetta", True),
        ("admin", True),
    ],
)
def test_paper_pack_pdf_access(client_as, plans, name, allowed):
    response = client_as(name).get(reverse("preparedness:paper_pack", args=["102"]))
    if allowed:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response.content.rstrip().endswith(b"%%EOF")
    else:
        assert response.status_code in (302, 403)
        assert not response.content.startswith(b"%PDF")


def test_dashboard_links_the_paper_pack_for_coordinators(client_as, plans):
    url = reverse("preparedness:paper_pack", args=["102"])
    assert url in client_as("kaisa").get(reverse("web:dashboard")).content.decode()
    assert url not in client_as("olli").get(reverse("web:dashboard")).content.decode()
    assert url not in client_as("mikko").get(reverse("web:dashboard")).content.decode()


def test_paper_pack_is_laid_out_on_a4_pages(plans, personas):
    document = pack_document(personas.huittinen)
    # The plan, then the phone tree on a page of its own.
    assert len(document.pages) >= 2
    first = document.pages[0]
    assert round(first.width * 25.4 / 96) == 210 and round(first.height * 25.4 / 96) == 297
