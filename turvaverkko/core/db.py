"""Database helpers shared by the apps' loaders."""

from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def upsert(
    model: type[M],
    objs: Iterable[M],
    unique_fields: Sequence[str],
    update_fields: Sequence[str],
    batch_size: int = 500,
) -> None:
    """Insert `objs`, or update `update_fields` of the rows that already have their
    `unique_fields` (one INSERT ... ON CONFLICT per batch on SQLite and PostgreSQL)."""
    model._default_manager.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
        batch_size=batch_size,
    )
