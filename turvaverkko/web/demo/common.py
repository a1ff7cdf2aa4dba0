"""Helpers shared by the demo loaders: stable ids, idempotent upserts, deterministic jitter,
generated identifiers."""

import math
import random
import uuid

from turvaverkko.areas.geo import to_tm35fin, to_wgs84

SEED = 20190101  # Pärjätään yhdessä ran 2016–2019; any fixed number would do
NAMESPACE = uuid.UUID("0d6f5a3e-3c55-4f4e-8a11-5d2b8c7e9f20")
Y_TUNNUS_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def stable_id(kind: str, key: str) -> uuid.UUID:
    """The same UUID for the same demo object on every run and every machine."""
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def rng(*parts) -> random.Random:
    return random.Random(":".join(str(p) for p in (SEED, *parts)))


class HistoryBuffer:
    """Audit history for the demo's tracked models (organisations, contacts, volunteers),
    written once per object at the end instead of on every save and many-to-many change:
    django-simple-history snapshots all many-to-many rows on each change, which made a first
    load take ten times longer."""

    def __init__(self):
        self.created: dict[type, dict] = {}
        self.changed: dict[type, dict] = {}

    @staticmethod
    def tracked(obj) -> bool:
        return hasattr(type(obj), "history")

    def note(self, obj, created: bool) -> None:
        bucket = self.created if created else self.changed
        bucket.setdefault(type(obj), {})[obj.pk] = obj

    def flush(self) -> None:
        for model, objs in self.created.items():
            model.history.bulk_history_create(
                list(objs.values()), default_change_reason="load_demo"
            )
        for model, objs in self.changed.items():
            fresh = [o for pk, o in objs.items() if pk not in self.created.get(model, {})]
            if fresh:
                model.history.bulk_history_create(
                    fresh, update=True, default_change_reason="load_demo"
                )
        self.created.clear()
        self.changed.clear()


history = HistoryBuffer()


def _save_quietly(obj) -> None:
    obj.skip_history_when_saving = True
    try:
        obj.save()
    finally:
        del obj.skip_history_when_saving


_UNKNOWN = object()


def upsert(model, lookup: dict, values: dict, current=_UNKNOWN):
    """Create, or update only what differs: a second run saves nothing (and so writes no
    audit history rows). Pass `current` (the existing object or None) when already fetched."""
    obj = model.objects.filter(**lookup).first() if current is _UNKNOWN else current
    created = obj is None
    if created:
        obj = model(**lookup, **values)
    else:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if not changed:
            return obj
        for name in changed:
            setattr(obj, name, values[name])
    if history.tracked(obj):
        _save_quietly(obj)
        history.note(obj, created)
    else:
        obj.save()
    return obj


def set_m2m(manager, objs) -> None:
    """Set a many-to-many relation only when it differs (no history row otherwise).
    Uses the prefetched rows when the caller prefetched the relation."""
    wanted = {o.pk for o in objs}
    if {o.pk for o in manager.all()} == wanted:
        return
    instance = manager.instance
    if history.tracked(instance):
        instance.skip_history_when_saving = True
        try:
            manager.set(list(objs))
        finally:
            del instance.skip_history_when_saving
        history.note(instance, created=False)
    else:
        manager.set(list(objs))


def replace_rows(queryset, wanted: list, fields: tuple[str, ...]) -> None:
    """Make the rows of `queryset` equal to the unsaved `wanted` objects, compared on `fields`;
    nothing is written when they already are."""

    def key(obj):
        return tuple(getattr(obj, f) for f in fields)

    if sorted(map(key, queryset), key=repr) == sorted(map(key, wanted), key=repr):
        return
    queryset.delete()
    queryset.model.objects.bulk_create(wanted)


def jitter(latitude: float, longitude: float, key: str, max_km: float) -> tuple[float, float]:
    """A point up to max_km from the given one, the same for the same key."""
    r = rng("jitter", key)
    angle = r.uniform(0, 2 * math.pi)
    distance = r.uniform(0.15, 1.0) * max_km * 1000
    easting, northing = to_tm35fin(latitude, longitude)
    lat, lon = to_wgs84(easting + distance * math.cos(angle), northing + distance * math.sin(angle))
    return round(lat, 6), round(lon, 6)


def y_tunnus_check_digit(body: str) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(body, Y_TUNNUS_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None  # never issued
    return 0 if remainder == 0 else 11 - remainder


class IdentifierMint:
    """Valid but fictional identifiers: Y-tunnus bodies 98xxxxx and association register
    numbers 9xxxxx, ranges PRH has not reached."""

    def __init__(self):
        self.used_business, self.used_association = set(), set()

    def business_id(self, key: str) -> str:
        r = rng("y-tunnus", key)
        while True:
            body = f"98{r.randrange(100000):05d}"
            check = y_tunnus_check_digit(body)
            if check is not None and body not in self.used_business:
                self.used_business.add(body)
                return f"{body}-{check}"

    def association_number(self, key: str) -> str:
        r = rng("yhdistysrekisteri", key)
        while True:
            number = f"9{r.randrange(100000):05d}"
            if number not in self.used_association:
                self.used_association.add(number)
                return number
