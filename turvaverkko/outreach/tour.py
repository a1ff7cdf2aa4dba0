"""Improving one vehicle's day tour after VROOM: local search with time windows.

VROOM is built for fleets; on one vehicle with 50 windowed stops its tour can be 10 % longer
than a good one, and it may leave a stop out that a reordered day could hold
(bench/routing.py). This module takes its tour and improves it with the classic moves
(relocate a run of one to three stops, exchange two stops, reverse a stretch: 2-opt),
each checked in constant time by concatenating *segment summaries* (duration, time warp,
earliest and latest start; Vidal et al., "A hybrid genetic algorithm with adaptive diversity
management", 2013/2014). Lateness is allowed during the search as "time warp" at a
penalty that grows until the tour keeps every window, so a left-out stop can be worked in.
The driver's break is a stop without a place of its own: the unit drives on to the next
stop and takes the break there before the service (the same wherever a move puts it).

Deterministic: no clock, no randomness; the same day gives the same tour on any machine.
(A few rounds of "ruin and recreate" after the descent were tried: in Python they cost
seconds on 50 stops for 1-5 % shorter tours, so they are not here.)
Times are seconds from local midnight.
"""

from collections.abc import Sequence
from dataclasses import dataclass

# A segment summary: (duration, time warp, earliest start, latest start, first place,
# last place, driving, break still to take). A place is a matrix index. The driver's break
# has no place of its own: it is taken where the unit arrives next, after the drive there
# and before the service. A segment that ends with the break carries it (service, earliest,
# latest) until a place follows; the break alone is a segment whose places are NOWHERE.
Pause = tuple[int, int, int]
Seg = tuple[int, int, int, int, int, int, int, Pause | None]
NOWHERE = -1
PENALTIES = (1, 10, 100, 10_000)


@dataclass(frozen=True)
class Node:
    place: int  # matrix index; NOWHERE for the break
    service: int
    earliest: int
    latest: int


def single(node: Node) -> Seg:
    if node.place == NOWHERE:
        return (0, 0, 0, 0, NOWHERE, NOWHERE, 0, (node.service, node.earliest, node.latest))
    return (node.service, 0, node.earliest, node.latest, node.place, node.place, 0, None)


def _at(pause: Pause, place: int) -> Seg:
    return (pause[0], 0, pause[1], pause[2], place, place, 0, None)


def _join(a: Seg, b: Seg, m: Sequence[Sequence[int]]) -> Seg:
    """Vidal's concatenation of two segments that both begin and end at places."""
    d1, tw1, e1, l1, f1, z1, c1, _ = a
    d2, tw2, e2, l2, f2, z2, c2, pending = b
    drive = m[z1][f2]
    delta = d1 - tw1 + drive
    wait = e2 - delta - l1
    if wait < 0:
        wait = 0
    warp = e1 + delta - l2
    if warp < 0:
        warp = 0
    e = e2 - delta if e2 - delta > e1 else e1
    lt = l2 - delta if l2 - delta < l1 else l1
    return (d1 + d2 + drive + wait, tw1 + tw2 + warp, e - wait, lt + warp, f1, z2,
            c1 + c2 + drive, pending)  # fmt: skip


def join(a: Seg, b: Seg, m: Sequence[Sequence[int]]) -> Seg:
    """The summary of segment a followed by segment b (associative, break included)."""
    if a[4] == NOWHERE:  # the break alone, then b: taken at b's first place
        return _join(_at(a[7], b[4]), b, m) if a[7] is not None else b
    if b[4] == NOWHERE:  # a, then the break alone: a carries it
        return (*a[:7], b[7])
    if a[7] is not None:  # a carries the break: drive to b, take it there, then b
        a = _join((*a[:7], None), _at(a[7], b[4]), m)
    return _join(a, b, m)


class Near:
    """Each place's nearest places: a run of stops is only tried next to one of them
    ("granular" neighbourhoods, Toth and Vigo 2003), which keeps a scan cheap."""

    SIZE = 12

    def __init__(self, m: Sequence[Sequence[int]], size: int | None = SIZE):
        n = len(m)
        self.everywhere = size is None
        self.sets = [
            frozenset(sorted((j for j in range(n) if j != i), key=lambda j: m[i][j])[:size])
            for i in range(n)
        ]

    def close(self, a: int, b: int) -> bool:
        return (
            self.everywhere
            or a == NOWHERE
            or b == NOWHERE
            or b in self.sets[a]
            or a in self.sets[b]
        )


class Tour:
    """A tour depot → nodes → depot, with prefix and suffix summaries for O(1) move checks."""

    def __init__(self, depot: Node, nodes: list[Node], m: Sequence[Sequence[int]],
                 near: "Near | None" = None):  # fmt: skip
        self.depot, self.m = depot, m
        self.near = near if near is not None else Near(m)
        self.set(nodes)

    def set(self, nodes: list[Node]) -> None:
        self.nodes = nodes
        full = [self.depot, *nodes, self.depot]
        self.singles = [single(n) for n in full]
        self.prefix = [self.singles[0]]
        for s in self.singles[1:]:
            self.prefix.append(join(self.prefix[-1], s, self.m))
        suffix = [self.singles[-1]]
        for s in reversed(self.singles[:-1]):
            suffix.append(join(s, suffix[-1], self.m))
        self.suffix = suffix[::-1]

    def total(self) -> Seg:
        return self.prefix[-1]


def score(seg: Seg, penalty: int) -> int:
    return seg[6] + penalty * seg[1]


def _relocate(t: Tour, penalty: int) -> list[Node] | None:
    """Move a run of 1..3 stops elsewhere: the first better tour found, or None."""
    m, S, P, Q = t.m, t.singles, t.prefix, t.suffix
    close = t.near.close
    n = len(S) - 2
    base = score(P[-1], penalty)
    for k in (1, 2, 3):
        for i in range(1, n - k + 2):
            run = S[i]
            for x in range(i + 1, i + k):
                run = join(run, S[x], m)
            after = i + k
            mid: Seg | None = None
            first, last = run[4], run[5]
            for j in range(after, n + 1):  # put the run after position j (later in the day)
                mid = S[j] if mid is None else join(mid, S[j], m)
                if not (close(S[j][5], first) or close(last, S[j + 1][4])):
                    continue
                seg = join(join(join(P[i - 1], mid, m), run, m), Q[j + 1], m)
                if score(seg, penalty) < base:
                    nodes = t.nodes
                    a, b = i - 1, i - 1 + k
                    return nodes[:a] + nodes[b:j] + nodes[a:b] + nodes[j:]
            mid = None
            for j in range(i - 1, 0, -1):  # put the run before position j (earlier)
                mid = S[j] if mid is None else join(S[j], mid, m)
                if not (close(S[j - 1][5], first) or close(last, S[j][4])):
                    continue
                seg = join(join(join(P[j - 1], run, m), mid, m), Q[after], m)
                if score(seg, penalty) < base:
                    nodes = t.nodes
                    a, b = i - 1, i - 1 + k
                    return nodes[: j - 1] + nodes[a:b] + nodes[j - 1 : a] + nodes[b:]
    return None


def _two_opt(t: Tour, penalty: int) -> list[Node] | None:
    """Reverse a stretch of the tour."""
    m, S, P, Q = t.m, t.singles, t.prefix, t.suffix
    n = len(S) - 2
    base = score(P[-1], penalty)
    for i in range(1, n):
        rev = S[i]
        for j in range(i + 1, n + 1):
            rev = join(S[j], rev, m)
            seg = join(join(P[i - 1], rev, m), Q[j + 1], m)
            if score(seg, penalty) < base:
                nodes = t.nodes
                return nodes[: i - 1] + nodes[i - 1 : j][::-1] + nodes[j:]
    return None


def _exchange(t: Tour, penalty: int) -> list[Node] | None:
    """Swap two stops."""
    m, S, P, Q = t.m, t.singles, t.prefix, t.suffix
    n = len(S) - 2
    base = score(P[-1], penalty)
    for i in range(1, n):
        mid: Seg | None = None
        for j in range(i + 1, n + 1):
            head = join(P[i - 1], S[j], m)
            if mid is not None:
                head = join(head, mid, m)
            seg = join(join(head, S[i], m), Q[j + 1], m)
            if score(seg, penalty) < base:
                nodes = list(t.nodes)
                nodes[i - 1], nodes[j - 1] = nodes[j - 1], nodes[i - 1]
                return nodes
            mid = S[j] if mid is None else join(mid, S[j], m)
    return None


MOVES = (_relocate, _two_opt, _exchange)


def descend(t: Tour, penalty: int, limit: int = 2000) -> None:
    """Apply improving moves until none is left (or `limit` moves, a safety bound).

    A move is checked by joining summaries in whatever order it builds them; the tour is
    then summed again from the start (the break before the drive after it, as the run sheet
    takes it), and a move that is not better on that count is undone and ends the descent.
    """
    for _ in range(limit):
        base = score(t.total(), penalty)
        before = t.nodes
        for move in MOVES:
            nodes = move(t, penalty)
            if nodes is not None:
                break
        else:
            return
        t.set(nodes)
        if score(t.total(), penalty) >= base:
            t.set(before)
            return


def best_insertion(t: Tour, node: Node, penalty: int) -> list[Node]:
    """`node` put where it costs least (lateness at `penalty`)."""
    single_seg = single(node)
    best, where = None, 0
    for i in range(len(t.nodes) + 1):
        seg = join(join(t.prefix[i], single_seg, t.m), t.suffix[i + 1], t.m)
        value = score(seg, penalty)
        if best is None or value < best:
            best, where = value, i
    return t.nodes[:where] + [node] + t.nodes[where:]


def _settle(t: Tour) -> None:
    for penalty in PENALTIES:
        descend(t, penalty)


def improve(depot: Node, order: list[Node], left: list[Node], m: Sequence[Sequence[int]]
            ) -> tuple[list[Node], list[Node]]:  # fmt: skip
    """A better feasible tour than `order` if one is found: fewer stops left out first, then
    less driving. Returns (tour, still left out). `order` must keep every window."""
    near = Near(m)
    t = Tour(depot, list(order), m, near)
    _settle(t)
    best = t.nodes if t.total()[1] == 0 else list(order)
    still_left = list(left)
    everywhere = Near(m, None)  # working a left-out stop in may need any move
    for node in left:
        t = Tour(depot, list(best), m, everywhere)
        t.set(best_insertion(t, node, PENALTIES[0]))
        _settle(t)
        if t.total()[1] == 0:
            best = t.nodes
            still_left.remove(node)
    return best, still_left


def schedule(depot: Node, nodes: Sequence[Node], m: Sequence[Sequence[int]]
             ) -> tuple[int, list[tuple[int, int]], int]:  # fmt: skip
    """(departure, [(start, waiting) per node], return) of a feasible tour, leaving the
    depot as late as the tour allows without waiting longer on the way. The break starts
    on arrival at the next place (or back at the depot)."""
    departure = Tour(depot, list(nodes), m).total()[2]
    t, place = departure, depot.place
    out: list[tuple[int, int]] = []
    pause: int | None = None  # index in `out` of a break waiting for the next place

    def take_pause() -> None:
        nonlocal t, pause
        if pause is not None:
            node = nodes[pause]
            wait = max(0, node.earliest - t)
            out[pause] = (t + wait, wait)
            t += wait + node.service
            pause = None

    for node in nodes:
        if node.place == NOWHERE:
            pause = len(out)
            out.append((0, 0))
            continue
        t += m[place][node.place]
        place = node.place
        take_pause()
        wait = max(0, node.earliest - t)
        t += wait
        out.append((t, wait))
        t += node.service
    t += m[place][depot.place]
    take_pause()
    return departure, out, t
