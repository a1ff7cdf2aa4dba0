"""One counter of published directory data, so every machine's caches notice every change.

Each save or deletion of a published model, and each change of their many-to-many links,
adds one to the counter "directory" in the writing transaction (core.counters). The search
index, the cached public pages, the map data and the cached /hsds/ responses key on it
(index.current_stamp), so a deletion made through any machine is out of every machine's
search and map at once, and a transaction that commits late is seen when it commits, not when
a timestamp says. Writes that bypass signals (QuerySet.update(), bulk_create) are still caught
by the newest `modified_at` in the stamp and by the index's MAX_AGE_SECONDS.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from turvaverkko.core import counters

COUNTER = "directory"
# What the public directory, its map and /hsds/ show.
PUBLISHED_MODELS = (
    "directory.Site",
    "directory.Service",
    "directory.ServiceAtLocation",
    "directory.OpeningRule",
    "directory.OpeningException",
    "registry.Organization",
    "registry.TaxonomyTerm",
    "registry.Language",
)


_generation = 0  # local changes seen by this process (index.current_stamp's memo)


def _seen_locally() -> None:
    global _generation
    _generation += 1


def generation() -> int:
    return _generation


def changed() -> None:
    """Count one change of published data (in the caller's transaction); this process's
    memo of the stamp is dropped now and again when the transaction commits."""
    counters.increment(COUNTER)
    _seen_locally()
    transaction.on_commit(_seen_locally)


def version() -> int:
    return counters.value(COUNTER)


def _on_save_or_delete(sender, raw=False, **kwargs) -> None:
    if not raw:  # loaddata: fixtures are not a change a visitor could have cached
        changed()


def _on_m2m(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        changed()


def connect() -> None:
    """Called once from DirectoryConfig.ready()."""
    for label in PUBLISHED_MODELS:
        model = apps.get_model(label)
        uid = f"directory_freshness_{label}"
        post_save.connect(_on_save_or_delete, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_on_save_or_delete, sender=model, dispatch_uid=f"{uid}_delete")
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"{uid}_{m2m.name}")
