"""A pytest fixture that loads the real reference data once per test module.

Import it into a test module or conftest
(`from turvaverkko.registry.testing import reference_data`). The data is committed before the
module's first test and removed after its last, so tests that use the `db` fixture see it
(their own writes still roll back) and other modules never do. Do not combine it with
`transaction=True` tests in the same module: they flush the database.
"""

import pytest

from turvaverkko.areas.loading import AreasImporter
from turvaverkko.areas.models import Municipality, PostalCode, Region, WellbeingCounty
from turvaverkko.importing.models import ImportBatch

from .models import Language, TaxonomyTerm
from .reference import TaxonomyImporter, load_reference_data


def delete_reference_data() -> None:
    PostalCode.objects.all().delete()
    Municipality.objects.all().delete()
    WellbeingCounty.objects.all().delete()
    Region.objects.all().delete()
    TaxonomyTerm.objects.filter(parent__isnull=False).delete()
    TaxonomyTerm.objects.all().delete()
    Language.objects.all().delete()
    # The batches that recorded the load (importing.bulk) go with it.
    ImportBatch.objects.filter(target__in=[AreasImporter.target, TaxonomyImporter.target]).delete()


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    """Counts of what load_reference_data loaded (and how long it took)."""
    with django_db_blocker.unblock():
        counts = load_reference_data()
    yield counts
    with django_db_blocker.unblock():
        delete_reference_data()
