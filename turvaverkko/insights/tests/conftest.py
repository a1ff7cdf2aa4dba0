import pytest

from turvaverkko.areas.geo import to_wgs84
from turvaverkko.directory.models import Site


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Each test writes its datasets to its own directory."""
    settings.INSIGHTS_DATA_DIR = str(tmp_path / "insights")
    return tmp_path / "insights"


@pytest.fixture
def make_site(db):
    """A published site at exact ETRS-TM35FIN coordinates."""

    def make(easting, northing, name="Kohtaamispaikka", **fields):
        latitude, longitude = to_wgs84(easting, northing)
        fields.setdefault("kind", Site.Kind.MEETING_PLACE)
        return Site.objects.create(name=name, latitude=latitude, longitude=longitude, **fields)

    return make


@pytest.fixture
def world(personas, make_site):
    """The personas' network with figures known exactly (see factories.world)."""
    from .factories import build_world

    return build_world(personas, make_site)


@pytest.fixture(autouse=True)
def english():
    """Tests read the English source texts; pages are requested under /en/ for the same reason
    (the Finnish and Swedish catalogues translate them)."""
    from django.utils import translation

    with translation.override("en"):
        yield
