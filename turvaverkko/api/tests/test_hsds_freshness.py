"""Cached /hsds/ answers follow every change of published data at once (directory/freshness.py)."""

import pytest

from turvaverkko.directory.models import Service

pytestmark = pytest.mark.django_db


def names(client, url) -> set[str]:
    return {item["name"] for item in client.get(url).json()["contents"]}


def test_a_cached_answer_is_replaced_as_soon_as_published_data_changes(client, directory, settings):
    settings.HSDS_CACHE_SECONDS = 300
    other = Service.objects.get(pk=directory.other_service.pk)
    assert "Kyläapu" in names(client, "/hsds/services")

    other.delete()  # a deletion moves no modified_at: only the counter tells
    assert "Kyläapu" not in names(client, "/hsds/services")

    # A many-to-many change without saving the service: a language is added.
    url = f"/hsds/services/{directory.service.pk}"
    assert len(client.get(url).json()["languages"]) == 1
    Service.objects.get(pk=directory.service.pk).languages.add(directory.swedish)
    assert len(client.get(url).json()["languages"]) == 2
