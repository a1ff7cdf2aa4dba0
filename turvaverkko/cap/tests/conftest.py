import pytest

from turvaverkko.preparedness.models import ReadinessPlan


@pytest.fixture
def plan(personas):
    """A readiness plan for Huittinen: warnings there become suggestions."""
    p = ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma")
    p.municipalities.add(personas.huittinen)
    return p
