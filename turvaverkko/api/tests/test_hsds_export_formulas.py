"""The HSDS tabular package neutralises spreadsheet formulas like every CSV the product writes."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from turvaverkko.registry.models import Organization

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parent / "hsds_examples"


class _Buffer:
    def write(self, text):
        pass

    def flush(self):
        pass


def test_csv_package_writes_formula_text_with_an_apostrophe(tmp_path):
    call_command("import_hsds", str(EXAMPLES / "organization_full.json"), stdout=_Buffer())
    Organization.objects.update(name_fi="@SUM(1+1)*cmd|' /C calc'!A0")
    call_command("export_hsds", str(tmp_path / "export"), stdout=_Buffer())
    with (tmp_path / "export" / "csv" / "organizations.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["name"] for row in rows] == ["'@SUM(1+1)*cmd|' /C calc'!A0"]
