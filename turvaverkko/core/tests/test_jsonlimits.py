import pytest

from turvaverkko.core import jsonlimits


def test_nesting_is_counted_outside_strings_only():
    assert jsonlimits.loads('{"a": [[1]], "b": "[[[[[[", "c": "\\"[[[["}', limit=3) == {
        "a": [[1]],
        "b": "[[[[[[",
        "c": '"[[[[',
    }
    with pytest.raises(jsonlimits.TooDeep, match="deeper than 3 levels"):
        jsonlimits.loads('{"a": [[[1]]]}', limit=3)


def test_a_million_brackets_are_refused_without_recursion():
    with pytest.raises(jsonlimits.TooDeep):
        jsonlimits.loads(b"[" * 1_000_000 + b"]" * 1_000_000)
    with pytest.raises(ValueError):
        jsonlimits.loads(b"\xff\xfe")  # not UTF-8: a ValueError like bad JSON
