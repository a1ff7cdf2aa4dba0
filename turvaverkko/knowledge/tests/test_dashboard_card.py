"""The dashboard card for operating models waiting for their yearly review."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from turvaverkko.knowledge import actions
from turvaverkko.knowledge.models import OperatingModel


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def card(client) -> tuple[str, str] | None:
    page = client.get(reverse("web:dashboard")).content.decode()
    found = re.search(
        r'data-card="models-review"><p class="card-count">(\d+)</p>.*?<a href="([^"]+)"', page
    )
    return (found.group(1), found.group(2)) if found else None


def test_models_not_reviewed_for_a_year_make_a_card_for_coordinators(client_as, personas):
    now = timezone.now()  # relative instants: the card counts "a year before now"
    oldest = OperatingModel.objects.create(name_fi="Vanhin", reviewed_at=now - timedelta(days=700))
    older = OperatingModel.objects.create(name_fi="Vanha", reviewed_at=now - timedelta(days=400))
    OperatingModel.objects.create(name_fi="Tuore", reviewed_at=now - timedelta(days=30))
    kaisa = client_as("kaisa")
    assert card(kaisa) == ("2", reverse("knowledge:model_detail", args=[oldest.pk]))
    assert card(client_as("olli")) is None  # an association's admin: not his to review
    actions.confirm_model(oldest, None)
    assert card(kaisa) == ("1", reverse("knowledge:model_detail", args=[older.pk]))
    actions.confirm_model(older, None)
    assert card(kaisa) is None  # nothing to do, no card
