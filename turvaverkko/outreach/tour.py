"""One vehicle's day as our schedule counts it: lateness, driving and times, with the break.

The day's order comes from VROOM and PyVRP (`routing`, `refine`); this module is the one
count both are judged by, and the schedule the run sheet shows. Each stop and the break is
a *segment summary* (duration, time warp, earliest and latest start; Vidal et al., "A
hybrid genetic algorithm with adaptive diversity management", 2013/2014), and summaries
concatenate in constant time, so a tour's lateness ("time warp") and driving, or the cost
of putting a node anywhere in it, are known without walking the day again.
The driver's break is a node without a place of its own: the unit drives on to the next
stop and takes the break there before the service.

Deterministic: no clock, no randomness. Times are seconds from local midnight.
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


class Tour:
    """A tour depot → nodes → depot, with prefix and suffix summaries for O(1) move checks."""

    def __init__(self, depot: Node, nodes: list[Node], m: Sequence[Sequence[int]]):
        self.depot, self.m = depot, m
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
