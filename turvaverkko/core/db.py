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


def upsert_changed(
    model: type[M],
    objs: Iterable[M],
    unique_fields: Sequence[str],
    update_fields: Sequence[str],
    batch_size: int = 500,
) -> dict[str, int]:
    """`upsert` only the objects that are new or differ in `update_fields` from the stored
    row with the same `unique_fields`; returns {"created", "updated", "unchanged"} counts.

    Loading the same data twice writes nothing the second time (no UPDATE, no trigger)."""
    objs = list(objs)
    opts = model._meta
    keys = [opts.get_field(f).attname for f in unique_fields]  # type: ignore[union-attr]
    values = [opts.get_field(f).attname for f in update_fields]  # type: ignore[union-attr]
    stored = {
        tuple(row[: len(keys)]): tuple(row[len(keys) :])
        for row in model._default_manager.values_list(*keys, *values)
    }
    created = updated = 0
    changed = []
    for obj in objs:
        old = stored.get(tuple(getattr(obj, k) for k in keys))
        if old is None:
            created += 1
        elif old != tuple(getattr(obj, v) for v in values):
            updated += 1
        else:
            continue
        changed.append(obj)
    if changed:
        upsert(model, changed, unique_fields, update_fields, batch_size)
    return {"created": created, "updated": updated, "unchanged": len(objs) - len(changed)}
