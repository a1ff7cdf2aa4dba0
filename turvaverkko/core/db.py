"""Database helpers shared by the apps' loaders."""


def upsert(model, objs, unique_fields, update_fields, batch_size: int = 500) -> None:
    """Insert `objs`, or update `update_fields` of the rows that already have their
    `unique_fields` (one INSERT ... ON CONFLICT per batch on SQLite and PostgreSQL)."""
    model.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
        batch_size=batch_size,
    )
