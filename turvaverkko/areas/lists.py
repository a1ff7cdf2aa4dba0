"""The municipality filter of the lists that scale (core.lists.Choice options)."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from .models import Municipality


def municipalities_in(field: str) -> Callable[[QuerySet[Any]], list[tuple[str, str]]]:
    """Options for a Choice on `field`: the municipalities the listed rows refer to, by name."""

    def options(scope: QuerySet[Any]) -> list[tuple[str, str]]:
        codes = scope.order_by().values(field)
        return [
            (m.code, m.name)
            for m in Municipality.objects.filter(code__in=codes).order_by("name_fi")
        ]

    return options
