from types import SimpleNamespace

import pytest

from .factories import ResourceFactory


@pytest.fixture
def resources(personas):
    """One resource of each association, in its own municipality."""
    hall = ResourceFactory(
        organization=personas.olli_org,
        municipality=personas.huittinen,
        name="Sampun kylätalo",
        generator=True,
        capacity=80,
    )
    hut = ResourceFactory(
        organization=personas.other_org,
        municipality=personas.other_municipality,
        name="Muonion laavu",
        kind="meeting_point",
        latitude=67.95,
        longitude=23.68,
    )
    return SimpleNamespace(hall=hall, hut=hut)
