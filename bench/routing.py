"""Day-route benchmark: our solver (outreach.routing: VROOM, then PyVRP's search) against
OR-Tools' routing solver given 5 s, and against an exact dynamic programme on small days.

    .venv/bin/python bench/routing.py            # needs the `bench` extra (ortools)
    .venv/bin/python bench/routing.py --quick    # fewer days, OR-Tools 1 s

Generated days (fixed seeds): a depot in the middle of a 40 km square, stops with 5-minute
services and 4-hour arrival windows in a 07.00-21.00 working day, durations straight-line at
60 km/h. Cost = seconds of driving (VROOM's default cost); a stop left out costs 100,000 s.
No driver's break here: the exact DP and OR-Tools would need their own break models, and the
break is the same for every solver. Prints per day the cost and time of each solver; the
aims: within 1 % of the exact optimum on days of up to 10 stops, no worse than OR-Tools at 5 s
on 25 and 50 stops, under 1 s for 50 stops. Last line: ratio=<OR-Tools cost / our cost>
on the day where we compare worst (the minimum over the 25- and 50-stop days; >= 1 means we
are as good or better on every day).
"""

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)  # a left-out stop's reason is a gettext string

from turvaverkko.outreach import routing  # noqa: E402

H = 3600
DAY = (7 * H, 21 * H)
SERVICE = 300
DROP = 100_000


def generate(n: int, seed: int):
    rnd = random.Random(seed)
    xy = [(20_000.0, 20_000.0)] + [(rnd.uniform(0, 40_000), rnd.uniform(0, 40_000))
                                   for _ in range(n)]  # fmt: skip
    speed = 60 / 3.6
    m = [[round(math.dist(a, b) / speed) for b in xy] for a in xy]
    stops = []
    for i in range(1, n + 1):
        start = rnd.randrange(DAY[0], DAY[1] - 4 * H, 900)
        stops.append(routing.Stop(i, f"s{i}", (0.0, 0.0), SERVICE, (start, start + 4 * H)))
    day = routing.Day((0.0, 0.0), DAY[0], DAY[1], 0, None)
    return day, stops, m


def ours(day, stops, m):
    """Cost and seconds: wall-clock, and the CPU time of this process (VROOM and PyVRP run
    on one thread here), which a loaded machine inflates far less than the wall clock."""
    t, cpu = time.perf_counter(), time.process_time()
    route = routing.solve(day, stops, matrix=m)
    ours.cpu = time.process_time() - cpu
    return route.travel + DROP * len(route.unassigned), time.perf_counter() - t


def ortools(day, stops, m, seconds):
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    t = time.perf_counter()
    n = len(stops) + 1
    manager = pywrapcp.RoutingIndexManager(n, 1, 0)
    model = pywrapcp.RoutingModel(manager)
    service = [0] + [s.service for s in stops]

    def travel(i, j):
        return m[manager.IndexToNode(i)][manager.IndexToNode(j)]

    def with_service(i, j):
        a = manager.IndexToNode(i)
        return m[a][manager.IndexToNode(j)] + service[a]

    cost = model.RegisterTransitCallback(travel)
    model.SetArcCostEvaluatorOfAllVehicles(cost)
    timing = model.RegisterTransitCallback(with_service)
    model.AddDimension(timing, DAY[1], DAY[1], False, "time")
    dim = model.GetDimensionOrDie("time")
    for k, s in enumerate(stops, start=1):
        dim.CumulVar(manager.NodeToIndex(k)).SetRange(*s.window)
        model.AddDisjunction([manager.NodeToIndex(k)], DROP)
    dim.CumulVar(model.Start(0)).SetRange(*DAY)
    dim.CumulVar(model.End(0)).SetRange(*DAY)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = model.SolveWithParameters(params)
    return solution.ObjectiveValue(), time.perf_counter() - t


def exact(day, stops, m):
    """Least driving over all orders (every stop served), by DP over (visited set, last stop)
    with Pareto labels (driving, time): waiting makes the earliest time alone not enough."""
    t = time.perf_counter()
    n = len(stops)
    labels = {}
    for k, s in enumerate(stops):
        arrive = max(day.starts + m[0][k + 1], s.window[0])
        if arrive <= s.window[1]:
            labels[(1 << k, k)] = [(m[0][k + 1], arrive + s.service)]
    for mask in range(1, 1 << n):
        for last in range(n):
            front = labels.get((mask, last))
            if not front:
                continue
            for k in range(n):
                if mask >> k & 1:
                    continue
                s = stops[k]
                key = (mask | 1 << k, k)
                bucket = labels.setdefault(key, [])
                for drive, now in front:
                    arrive = max(now + m[last + 1][k + 1], s.window[0])
                    if arrive > s.window[1]:
                        continue
                    label = (drive + m[last + 1][k + 1], arrive + s.service)
                    if any(d <= label[0] and e <= label[1] for d, e in bucket):
                        continue
                    bucket[:] = [x for x in bucket if not (label[0] <= x[0] and label[1] <= x[1])]
                    bucket.append(label)
    full = (1 << n) - 1
    best = min(
        (drive + m[last + 1][0] for last in range(n) for drive, now in labels.get((full, last), [])
         if now + m[last + 1][0] <= day.ends),
        default=math.inf,
    )  # fmt: skip
    return best, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    seeds = range(3) if args.quick else range(5)
    gaps = []
    for n in (6, 8, 10):
        for seed in seeds:
            day, stops, m = generate(n, 100 + seed)
            best, t_exact = exact(day, stops, m)
            cost, t_ours = ours(day, stops, m)
            gap = cost / best - 1
            gaps.append(gap)
            print(f"exact n={n} seed={seed} exact={best} ({t_exact:.2f}s) ours={cost} "
                  f"({t_ours:.3f}s) gap={gap:.2%}")  # fmt: skip
    print(f"exact worst_gap={max(gaps):.2%} mean_gap={statistics.mean(gaps):.2%}")
    ratios, times50, cpu50 = [], [], []
    limit = 1.0 if args.quick else 5.0
    for n in (25, 50):
        for seed in seeds:
            day, stops, m = generate(n, 200 + seed)
            cost, t_ours = ours(day, stops, m)
            ref, t_ref = ortools(day, stops, m, limit)
            ratios.append(ref / cost)
            if n == 50:
                times50.append(t_ours)
                cpu50.append(ours.cpu)
            print(f"ortools n={n} seed={seed} ortools={ref} ({t_ref:.1f}s) ours={cost} "
                  f"({t_ours:.3f}s, cpu {ours.cpu:.3f}s) ratio={ref / cost:.4f}")  # fmt: skip
    print(f"ours_50_stops max_time={max(times50):.3f}s max_cpu={max(cpu50):.3f}s")
    print(f"ortools mean_ratio={statistics.mean(ratios):.4f}")
    print(f"ratio={min(ratios):.4f}")


if __name__ == "__main__":
    main()
