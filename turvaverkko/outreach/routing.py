"""A day's route of an outreach unit, solved with VROOM (pyvroom) on core.routing's durations.

Stops have time windows (from the series and from fixed bookings) and service times; the
vehicle has a working-day window, starts and ends at its depot, and the driver takes a break
inside a window. `solve` orders the stops; `plan` gives arrival times for an order the
coordinator chose by hand. VROOM's day is then shortened, and a stop it left out worked in
where a reordered day holds it, by PyVRP's search (`refine.shorter`); `tour` counts every
candidate day the same way. A stop the day cannot hold comes back with a plain reason.
Times are seconds from local midnight.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import vroom
from django.utils.translation import gettext as _

from turvaverkko.core.routing import Point, duration_matrix
from turvaverkko.outreach import refine, tour


@dataclass(frozen=True)
class Stop:
    id: int
    name: str
    point: Point
    service: int  # seconds at the stop
    window: tuple[int, int] | None = None  # arrival allowed in [start, end]


@dataclass(frozen=True)
class Day:
    depot: Point
    starts: int  # the working day, seconds from midnight
    ends: int
    break_seconds: int = 1800
    break_window: tuple[int, int] | None = (11 * 3600, 13 * 3600)


@dataclass
class Step:
    kind: str  # "start", "stop", "break", "end"
    arrival: int
    service: int = 0
    waiting: int = 0
    stop: Stop | None = None  # for a break: the visit it is taken during, if any
    late: bool = False


@dataclass
class Route:
    steps: list[Step]
    travel: int  # seconds of driving (the cost)
    unassigned: list[tuple[Stop, str]] = field(default_factory=list)


def _matrix(day: Day, stops: Sequence[Stop],
            matrix: list[list[int]] | None) -> list[list[int]]:  # fmt: skip
    return matrix if matrix is not None else duration_matrix([day.depot] + [s.point for s in stops])


def solve(day: Day, stops: Sequence[Stop], matrix: list[list[int]] | None = None,
          exploration: int | None = None) -> Route:  # fmt: skip
    """The best order found; `matrix` (depot first, then the stops) when known.
    VROOM's exploration level 5 up to 30 stops, 2 above: its day decides which stops are
    required and is kept if PyVRP finds no better one, and above 30 stops level 2 leaves
    PyVRP the time for that (bench/routing.py: 50 stops in well under 1 s).

    A stop whose visit spans the whole break window (a 10-14 visit, a 11-13 break) leaves
    no time for the break between stops; the team then takes it during a long visit: when a
    day without a separate break holds more stops and one visit has room for the break
    inside the break window, that day is returned with the break at that visit."""
    level = exploration if exploration is not None else (5 if len(stops) <= 30 else 2)
    m = _matrix(day, stops, matrix)
    route = _solve(day, stops, m, level)
    if not route.unassigned or day.break_window is None or not day.break_seconds:
        return route
    free = _solve(replace(day, break_seconds=0, break_window=None), stops, m, level)
    if len(free.unassigned) >= len(route.unassigned):
        return route
    window = day.break_window
    for k, step in enumerate(free.steps):
        if step.stop is None:
            continue
        starts = max(step.arrival, window[0])
        if starts <= window[1] and starts + day.break_seconds <= step.arrival + step.service:
            free.steps.insert(k + 1, Step("break", starts, day.break_seconds, 0, step.stop))
            return free
    return route


def _solve(day: Day, stops: Sequence[Stop], m: list[list[int]], level: int) -> Route:
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=m)
    breaks = []
    if day.break_window is not None and day.break_seconds:
        breaks = [vroom.Break(id=1, time_windows=[vroom.TimeWindow(*day.break_window)],
                              service=day.break_seconds)]  # fmt: skip
    problem.add_vehicle(vroom.Vehicle(
        id=0, start=0, end=0, time_window=vroom.TimeWindow(day.starts, day.ends),
        breaks=breaks,
    ))  # fmt: skip
    problem.add_job([
        vroom.Job(id=s.id, location=i + 1, default_service=s.service,
                  time_windows=[vroom.TimeWindow(*s.window)] if s.window else [])
        for i, s in enumerate(stops)
    ])  # fmt: skip
    answer = problem.solve(exploration_level=level, nb_threads=1).to_dict()
    return _improved(day, stops, m, answer)


def _improved(day: Day, stops: Sequence[Stop], m: list[list[int]], answer: dict[str, Any]
              ) -> Route:  # fmt: skip
    """VROOM's tour made shorter (and fuller) by `refine.shorter`, as steps of the day."""
    depot = tour.Node(0, 0, day.starts, day.ends)
    nodes = {
        s.id: tour.Node(i + 1, s.service, *(s.window or (day.starts, day.ends)))
        for i, s in enumerate(stops)
    }
    pause = None
    if day.break_window is not None and day.break_seconds:
        pause = tour.Node(tour.NOWHERE, day.break_seconds, *day.break_window)
    order: list[tour.Node] = []
    for route in answer.get("routes", []):
        for st in route["steps"]:
            if st["type"] == "job":
                order.append(nodes[st["id"]])
            elif st["type"] == "break" and pause is not None:
                order.append(pause)
    if pause is not None and pause not in order:
        order.append(pause)
    left = [nodes[u["id"]] for u in answer.get("unassigned", [])]
    order, left = refine.shorter(depot, order, left, m)
    by_place = {nodes[s.id].place: s for s in stops}
    departure, times, back = tour.schedule(depot, order, m)
    steps = [Step("start", departure)]
    for node, (start, waiting) in zip(order, times, strict=True):
        if node.place == tour.NOWHERE:
            steps.append(Step("break", start, node.service, waiting))
        else:
            steps.append(Step("stop", start, node.service, waiting, by_place[node.place]))
    steps.append(Step("end", back))
    travel = tour.Tour(depot, order, m).total()[6]
    unserved = [by_place[n.place] for n in left]
    return Route(steps, travel, [(s, reason(day, stops, s, m)) for s in unserved])


def reason(day: Day, stops: Sequence[Stop], stop: Stop, m: list[list[int]]) -> str:
    """Why a stop is not in the day's route, in words a coordinator can act on."""
    i = list(stops).index(stop) + 1
    there, back = m[0][i], m[i][0]
    if day.starts + there + stop.service + back > day.ends:
        return _("the working day is too short to drive there, serve and return")
    if stop.window is not None:
        earliest = day.starts + there
        if earliest > stop.window[1]:
            return _("its time window closes before the unit can get there")
        if max(earliest, stop.window[0]) + stop.service + back > day.ends:
            return _("its time window is too late to return within the working day")
        return _("its time window clashes with other stops' windows")
    return _("the day is full with the other stops")


def plan(day: Day, order: Sequence[Stop], matrix: list[list[int]] | None = None) -> Route:
    """Arrival times for a hand-made order; the break is taken as soon as its window opens
    (or at the depot return when it never fits); a stop reached after its window is `late`."""
    m = _matrix(day, order, matrix)
    t = day.starts
    steps = [Step("start", t)]
    travel = 0
    loc = 0
    took_break = day.break_window is None or not day.break_seconds

    def maybe_break() -> None:
        nonlocal t, took_break
        if not took_break and day.break_window is not None and t >= day.break_window[0]:
            steps.append(Step("break", t, day.break_seconds))
            t += day.break_seconds
            took_break = True

    for i, stop in enumerate(order, start=1):
        maybe_break()
        t += m[loc][i]
        travel += m[loc][i]
        loc = i
        waiting = 0
        late = False
        if stop.window is not None:
            if t < stop.window[0]:
                waiting = stop.window[0] - t
                t = stop.window[0]
            late = t > stop.window[1]
        steps.append(Step("stop", t, stop.service, waiting, stop, late))
        t += stop.service
    maybe_break()
    t += m[loc][0]
    travel += m[loc][0]
    steps.append(Step("end", t, late=t > day.ends))
    return Route(steps, travel)
