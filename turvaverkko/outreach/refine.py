"""A day's tour made shorter by PyVRP's iterated local search, after VROOM.

VROOM (`routing.py`) plans first: which stops the day holds, and an order. It is built for
fleets, and on one vehicle with fifty windowed stops its tour can be 10 % longer than a good
one, or leave out a stop a reordered day could hold (bench/routing.py). PyVRP (Wouda, Lan and
Kool, "PyVRP: a high-performance VRP solver package", INFORMS J. Computing 2024) then
searches for a shorter day: the stops VROOM placed are required, those it left out are
optional at the price of a left-out stop, so the day never holds fewer stops than VROOM's.
Its tour replaces VROOM's only when it keeps every window on our own count (`tour.Tour`) and
is better: more stops, then less driving.

The driver's break has no place of its own. PyVRP has no breaks, so the break is a group of
copies, one at each place of the day (the depot included), of which exactly one is visited
(a required, mutually exclusive client group), each with the break window and the break's
length. The copy PyVRP picks only says that a break fits; the break is then put where our
schedule takes it (on arrival at the next place, `tour`) at the first position that keeps
every window.

Deterministic: a fixed seed and a fixed number of iterations, never the clock, so the same
day gives the same tour on any machine. Times are seconds from local midnight.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np
from pyvrp import Client, ClientGroup, Depot, Location, ProblemData, SolveParams, VehicleType
from pyvrp import solve as pyvrp_solve
from pyvrp.search import NeighbourhoodParams
from pyvrp.stop import MaxIterations

from turvaverkko.outreach import tour

# PyVRP's search: 200 iterations, each move tried among a stop's 30 nearest (PyVRP's
# default is 50). On bench/routing.py's days and 40 more (25 and 50 stops, docs/outreach.md)
# this reaches OR-Tools' tour after 5 s on every day, in about half a second on 50 stops;
# with the default 50 neighbours one 50-stop day stayed 0.3 % longer, with 150 iterations
# one 25-stop day 0.1 %.
ITERATIONS = 200
PARAMS = SolveParams(neighbourhood=NeighbourhoodParams(num_neighbours=30))
SEED = 1
# The price of leaving a stop out: more than any day's driving, so a stop is never dropped
# to drive less (the same figure as bench/routing.py's).
LEFT_OUT = 100_000
# A penalty per second of lateness when the break is put back: large enough that any
# position without lateness wins.
LATE = 10_000


def shorter(depot: tour.Node, order: list[tour.Node], left: list[tour.Node],
            m: Sequence[Sequence[int]]) -> tuple[list[tour.Node], list[tour.Node]]:  # fmt: skip
    """(tour, still left out): PyVRP's day when it is feasible and better than `order`
    (which must keep every window), else `order` and `left` unchanged."""
    # PyVRP sees the stops in the order of their places, not VROOM's: its search then does
    # not depend on the order VROOM happened to find.
    stops = sorted((n for n in order if n.place != tour.NOWHERE), key=lambda n: n.place)
    if not stops and not left:
        return order, left
    pause = next((n for n in order if n.place == tour.NOWHERE), None)
    # A stop that does not fit even alone stays out; the others are tried all required
    # first (PyVRP then searches among whole days only), and only when no whole day is
    # found are VROOM's left-out stops made optional.
    maybe = sorted((n for n in left if _fits_alone(depot, n, pause, m)), key=lambda n: n.place)
    visits = _search(depot, stops + maybe, [], pause, m) if maybe else None
    if visits is None:
        visits = _search(depot, stops, maybe, pause, m)
    if visits is None:
        return order, left
    candidates = stops + maybe
    found = [candidates[v] for v in visits if v < len(candidates)]
    if pause is not None:
        bare = tour.Tour(depot, found, m)
        found = tour.best_insertion(bare, pause, LATE)
    total = tour.Tour(depot, found, m).total()
    if total[1]:  # late somewhere on our count: keep VROOM's day
        return order, left
    placed = {id(n) for n in found}
    still_left = [n for n in left if id(n) not in placed]
    if (len(still_left), total[6]) < (len(left), tour.Tour(depot, order, m).total()[6]):
        return found, still_left
    return order, left


def _fits_alone(depot: tour.Node, node: tour.Node, pause: tour.Node | None,
                m: Sequence[Sequence[int]]) -> bool:  # fmt: skip
    """Whether the day holds `node` (and the break) with no other stop."""
    nodes = [node]
    if pause is not None:
        nodes = tour.best_insertion(tour.Tour(depot, nodes, m), pause, LATE)
    return tour.Tour(depot, nodes, m).total()[1] == 0


def _search(depot: tour.Node, stops: list[tour.Node], left: list[tour.Node],
            pause: tour.Node | None, m: Sequence[Sequence[int]]) -> list[int] | None:  # fmt: skip
    """The client indices of PyVRP's best feasible tour (stops, then left-out stops, then
    break copies), or None when it found none."""
    clients = [
        Client(location=n.place, service_duration=n.service, tw_early=n.earliest,
               tw_late=n.latest, required=True)
        for n in stops
    ] + [
        Client(location=n.place, service_duration=n.service, tw_early=n.earliest,
               tw_late=n.latest, required=False, prize=LEFT_OUT)
        for n in left
    ]  # fmt: skip
    groups = []
    if pause is not None:
        places = [depot.place] + [n.place for n in stops + left]
        first = len(clients)
        groups.append(ClientGroup(list(range(first, first + len(places))), required=True))
        clients += [
            Client(location=p, service_duration=pause.service, tw_early=pause.earliest,
                   tw_late=pause.latest, required=False, group=0)
            for p in places
        ]  # fmt: skip
    matrix: Any = np.asarray(m, dtype=np.int64)  # PyVRP's stubs want ndarray[int]
    data = ProblemData(
        locations=[Location(0.0, 0.0) for _ in range(len(matrix))],
        clients=clients,
        depots=[Depot(depot.place, tw_early=depot.earliest, tw_late=depot.latest)],
        vehicle_types=[VehicleType(1, tw_early=depot.earliest, tw_late=depot.latest)],
        distance_matrices=[matrix],
        duration_matrices=[matrix],
        groups=groups,
    )
    result = pyvrp_solve(
        data, MaxIterations(ITERATIONS), seed=SEED, collect_stats=False, params=PARAMS
    )
    best = result.best
    if not best.is_feasible() or not best.routes():
        return None
    return [activity.idx for activity in best.routes()[0] if activity.is_client()]
