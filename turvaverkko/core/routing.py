"""Travel times between points: one provider registry, so that apps below insights can route.

The insights app owns the road graph, and nothing may import insights. So insights registers
a duration provider here in its AppConfig.ready(), and an app such as outreach asks
`duration_matrix(points)`. Without a provider, or when the provider has no road network
loaded (it returns None), the matrix is the straight-line distance × 1.3 at 60 km/h: a fair
guess for Finnish country roads that keeps the day planner working on a fresh installation.
"""

import math
from collections.abc import Callable, Sequence

Point = tuple[float, float]  # (latitude, longitude), WGS84
# Seconds from every point to every point, or None when the provider cannot answer.
DurationProvider = Callable[[Sequence[Point]], list[list[int]] | None]

DETOUR = 1.3
FALLBACK_SPEED_KMH = 60.0
EARTH_RADIUS_M = 6_371_000.0

_PROVIDERS: list[DurationProvider] = []


def register_duration_provider(fn: DurationProvider) -> DurationProvider:
    """Register `fn` (the newest registration is asked first); usable as a decorator."""
    if fn not in _PROVIDERS:
        _PROVIDERS.insert(0, fn)
    return fn


def unregister_duration_provider(fn: DurationProvider) -> None:
    if fn in _PROVIDERS:
        _PROVIDERS.remove(fn)


def haversine_m(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def straight_line_matrix(points: Sequence[Point]) -> list[list[int]]:
    metres_per_second = FALLBACK_SPEED_KMH / 3.6
    return [
        [0 if i == j else round(haversine_m(a, b) * DETOUR / metres_per_second)
         for j, b in enumerate(points)]
        for i, a in enumerate(points)
    ]  # fmt: skip


def duration_matrix(points: Sequence[Point]) -> list[list[int]]:
    """Seconds of driving from each point (row) to each point (column)."""
    for provider in _PROVIDERS:
        answer = provider(points)
        if answer is not None:
            return answer
    return straight_line_matrix(points)
