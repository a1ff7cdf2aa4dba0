"""The demo's projects and operating models (web/demo/knowledge.json) on real reference data."""

import pytest

from turvaverkko.knowledge.models import Implementation, OperatingModel, Project
from turvaverkko.registry.testing import reference_data  # noqa: F401 (a fixture)
from turvaverkko.web.demo.load_knowledge import load_knowledge

pytestmark = pytest.mark.django_db


def test_seed_programmes_and_the_seed_004_model_with_where_it_runs(reference_data):  # noqa: F811
    first = load_knowledge()
    assert load_knowledge() == first  # loading again duplicates nothing
    assert set(Project.objects.values_list("name_fi", flat=True)) == {
        "Pärjätään yhdessä -hanke",
        "Hyvinvointikumppanuus Etelä-Savossa",
        "Järjestöt on the Road",
        "Meidän Häme",
        "Järjestö 2.0 Etelä-Savo",
    }
    model = OperatingModel.objects.get(name_fi__startswith="Kumppanuutta koronan keskellä")
    assert model.innokyla_url.startswith("https://innokyla.fi/fi/toimintamalli/")
    assert model.status_of("fi") == "reviewed" and model.status_of("sv") == "missing"
    runs_in = set(model.implementations.values_list("municipality__name_fi", flat=True))
    assert runs_in == {"Hämeenlinna", "Mikkeli", "Huittinen", "Muonio"}
    road = set(
        Implementation.objects.filter(model__name_fi="Järjestöjen palvelubussi").values_list(
            "municipality__name_fi", flat=True
        )
    )
    assert road == {"Turku", "Kemiönsaari", "Laitila", "Uusikaupunki"}
    parjataan = Project.objects.get(name_fi="Pärjätään yhdessä -hanke")
    assert set(parjataan.municipalities.values_list("name_fi", flat=True)) == {
        "Huittinen", "Muonio", "Pori", "Rovaniemi"
    }  # fmt: skip
    assert list(parjataan.models_used.all()) == [model]
