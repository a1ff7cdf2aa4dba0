"""The day's route after VROOM: PyVRP's shorter tour, windows kept, the break placed, stops
worked in."""

import itertools
import math
import random

from django.utils import translation

from turvaverkko.outreach import refine, routing, tour

H = 3600


def _day(n: int, seed: int, window: int = 4 * H):
    """Stops in a 40 km square around the depot, 5-minute services, windows of `window`."""
    rnd = random.Random(seed)
    xy = [(20_000.0, 20_000.0)] + [
        (rnd.uniform(0, 40_000), rnd.uniform(0, 40_000)) for _ in range(n)
    ]
    m = [[round(math.dist(a, b) / (60 / 3.6)) for b in xy] for a in xy]
    stops = []
    for i in range(1, n + 1):
        start = rnd.randrange(7 * H, 21 * H - window, 900)
        stops.append(routing.Stop(i, f"s{i}", (0.0, 0.0), 300, (start, start + window)))
    return stops, m


def _check_feasible(day: routing.Day, route: routing.Route, m) -> None:
    """Every stop starts inside its window, the break inside its own, the day ends in time,
    and the driving is what the matrix says for that order."""
    place = {s.id: i + 1 for i, s in enumerate(sorted(route_stops(route), key=lambda s: s.id))}
    assert route.steps[0].kind == "start" and route.steps[-1].kind == "end"
    assert day.break_window is not None
    for step in route.steps:
        if step.stop is not None:
            assert step.stop.window is not None
            assert step.stop.window[0] <= step.arrival <= step.stop.window[1], step.stop.name
        if step.kind == "break":
            assert day.break_window[0] <= step.arrival <= day.break_window[1]
    assert route.steps[-1].arrival <= day.ends
    order = [0] + [place[s.stop.id] for s in route.steps if s.stop is not None] + [0]
    assert route.travel == sum(m[a][b] for a, b in itertools.pairwise(order))


def route_stops(route: routing.Route) -> list[routing.Stop]:
    return [s.stop for s in route.steps if s.stop is not None] + [s for s, _ in route.unassigned]


def test_the_search_finds_the_best_order_of_a_small_day():
    stops, m = _day(7, 3, window=6 * H)
    depot = tour.Node(0, 0, 7 * H, 21 * H)
    nodes = [tour.Node(s.id, s.service, *s.window) for s in stops]

    def driving(order):
        t = tour.Tour(depot, list(order), m)
        total = t.total()
        return math.inf if total[1] else total[6]

    best = min(driving(p) for p in itertools.permutations(nodes))
    worst_start = max(
        (p for p in itertools.permutations(nodes) if driving(p) < math.inf), key=driving
    )
    shorter, left = refine.shorter(depot, list(worst_start), [], m)
    assert left == []
    # from the longest feasible order to the best of all 5,040 orders
    assert driving(shorter) == best < driving(worst_start)


def test_a_left_out_stop_is_worked_in_and_the_break_kept_on_time():
    """VROOM's day given without one of its stops: the search serves it, and the break
    goes where our own schedule keeps every window."""
    stops, m = _day(12, 5)
    depot = tour.Node(0, 0, 7 * H, 21 * H)
    pause = tour.Node(tour.NOWHERE, 1800, 11 * H, 13 * H)
    nodes = sorted((tour.Node(s.id, s.service, *s.window) for s in stops), key=lambda n: n.earliest)
    order = tour.best_insertion(tour.Tour(depot, nodes[1:], m), pause, 10_000)
    assert tour.Tour(depot, order, m).total()[1] == 0
    shorter, left = refine.shorter(depot, order, [nodes[0]], m)
    assert left == []
    assert sorted(n.place for n in shorter if n.place != tour.NOWHERE) == list(range(1, 13))
    assert shorter.count(pause) == 1
    total = tour.Tour(depot, shorter, m).total()
    assert total[1] == 0  # no lateness anywhere, the break inside its window
    departure, times, back = tour.schedule(depot, shorter, m)
    start, _ = times[shorter.index(pause)]
    assert 11 * H <= start <= 13 * H and back <= 21 * H


def test_a_day_that_fits_is_planned_whole_with_its_break():
    """Fifty stops whose day fits: none is left out, every window and a 10-minute break are
    kept (VROOM 1.15 alone left one of these stops out)."""
    stops, m = _day(50, 202)
    day = routing.Day((0.0, 0.0), 7 * H, 21 * H, 600, (11 * H, 13 * H))
    route = routing.solve(day, stops, matrix=m)
    assert route.unassigned == []
    assert sum(1 for s in route.steps if s.kind == "break") == 1
    _check_feasible(day, route, m)


def test_same_day_same_route():
    stops, m = _day(25, 7)
    day = routing.Day((0.0, 0.0), 7 * H, 21 * H, 1800, (11 * H, 13 * H))
    first = routing.solve(day, stops, matrix=m)
    again = routing.solve(day, stops, matrix=m)
    assert [(s.kind, s.arrival) for s in first.steps] == [(s.kind, s.arrival) for s in again.steps]
    _check_feasible(day, first, m)


def test_a_stop_that_cannot_fit_stays_out_with_its_reason():
    stops, m = _day(10, 11)
    late = routing.Stop(99, "late", (0.0, 0.0), 300, (22 * H, 23 * H))  # after the day ends
    m2 = [row + [row[1]] for row in m] + [m[1] + [0]]
    day = routing.Day((0.0, 0.0), 7 * H, 21 * H, 0, None)
    with translation.override("en"):
        route = routing.solve(day, [*stops, late], matrix=m2)
    assert [(s.id, why) for s, why in route.unassigned] == [
        (99, "its time window is too late to return within the working day")
    ]
