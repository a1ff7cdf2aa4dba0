"""One registry of indicators: what each app can count for a municipality and a period.

An app declares its figures in its own `indicators.py` with `@indicator(...)`; the registry
finds those modules when Django starts (`autodiscover`, from core's AppConfig). The welfare
report, the network statistics and (later) welfare agreements read every figure from here, so
a new kind of activity appears in all of them by being registered once, and core knows no app.

A figure is computed for one municipality (its code) and a half-open period [start, end) of
aware datetimes, "as of" the end of the period: what had happened or was in force by then.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

Compute = Callable[[Iterable[str] | None, datetime, datetime], int | float | None]


@dataclass(frozen=True)
class IndicatorDefinition:
    id: str  # stable, dotted: "preparedness.exercises"
    label: Promise | str
    source: Promise | str  # where the figure comes from, said to the reader
    compute: Compute  # (municipality codes or None for all, start, end) -> value
    kind: str  # the activity it counts (agreements, exercises, incidents, ...)
    decimals: int = 0
    unit: str = ""
    higher_is_better: bool = True


_REGISTRY: dict[str, IndicatorDefinition] = {}


def indicator(id: str, *, label: Promise | str, source: Promise | str, kind: str,
              decimals: int = 0, unit: str = "",
              higher_is_better: bool = True) -> Callable[[Compute], Compute]:  # fmt: skip
    """Register the decorated function as the figure `id`."""

    def register(compute: Compute) -> Compute:
        if id in _REGISTRY and _REGISTRY[id].compute is not compute:
            raise ValueError(f"indicator {id} registered twice")
        _REGISTRY[id] = IndicatorDefinition(
            id, label, source, compute, kind, decimals, unit, higher_is_better
        )
        return compute

    return register


def registered(kind: str | None = None) -> list[IndicatorDefinition]:
    """Every registered indicator (of one kind), in registration order."""
    return [d for d in _REGISTRY.values() if kind is None or d.kind == kind]


def get(id: str) -> IndicatorDefinition:
    try:
        return _REGISTRY[id]
    except KeyError:
        raise LookupError(f"no indicator {id}") from None


def value(
    id: str, codes: Iterable[str] | None, start: datetime, end: datetime
) -> int | float | None:
    return get(id).compute(None if codes is None else list(codes), start, end)


def autodiscover() -> None:
    autodiscover_modules("indicators")
