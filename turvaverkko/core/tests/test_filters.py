"""The id filter of the API lists (the behaviour on real requests: api/tests/test_filters.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from turvaverkko.core.filters import IdFilter


def test_an_id_filter_without_a_queryset_names_the_mistake():
    field = IdFilter(queryset=None).field
    assert field.to_python("") is None  # nothing to filter on needs no model
    with pytest.raises(ImproperlyConfigured, match="IdField needs a queryset"):
        field.to_python("7")
