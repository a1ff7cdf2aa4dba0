"""Where would k new sites help the most? Greedy maximal coverage.

Each candidate location covers the uncovered residents within `radius` of it (a KD-tree ball
query per candidate). The greedy choice (always take the candidate that adds most) is within
1 - 1/e of the optimum for this problem, and it is what planners can follow step by step.
Lazy evaluation (a max-heap of stale gains, re-scored only when they reach the top) makes it
fast: a gain can only shrink as sites are added.
"""

import heapq
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree


@dataclass
class Suggestion:
    easting: float
    northing: float
    candidate: int  # index into the candidate list
    added_residents: int  # newly covered by this site, given the earlier suggestions
    cumulative_residents: int


def greedy_max_coverage(points: np.ndarray, weights: np.ndarray, candidates: np.ndarray,
                        radius: float, k: int) -> list[Suggestion]:  # fmt: skip
    """Choose up to k candidates covering the most weight of `points` within `radius`.

    points: (n, 2) uncovered cell centres; weights: their residents; candidates: (m, 2).
    The same input always gives the same answer (ties are broken by candidate order).
    """
    points = np.asarray(points, dtype=np.float64)
    candidates = np.asarray(candidates, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    if k <= 0 or len(points) == 0 or len(candidates) == 0:
        return []
    covers = cKDTree(points).query_ball_point(candidates, r=radius, return_sorted=False)
    covers = [np.asarray(c, dtype=np.int64) for c in covers]
    covered = np.zeros(len(points), dtype=bool)
    heap = [(-weights[c].sum(), i) for i, c in enumerate(covers)]
    heapq.heapify(heap)
    chosen: list[Suggestion] = []
    total = 0.0
    while heap and len(chosen) < k:
        stale, i = heapq.heappop(heap)
        members = covers[i]
        gain = weights[members[~covered[members]]].sum() if len(members) else 0.0
        if gain <= 0:
            continue
        if heap and gain < -heap[0][0]:
            heapq.heappush(heap, (-gain, i))  # no longer the best: re-queue with its true gain
            continue
        covered[members] = True
        total += gain
        chosen.append(
            Suggestion(
                easting=float(candidates[i, 0]),
                northing=float(candidates[i, 1]),
                candidate=i,
                added_residents=int(round(gain)),
                cumulative_residents=int(round(total)),
            )
        )
    return chosen


def default_candidates(centres: np.ndarray, weights: np.ndarray, cell_size: int,
                       limit: int = 50_000) -> np.ndarray:  # fmt: skip
    """Candidate locations: the uncovered cells' centres, merged to coarser cells while there
    are more than `limit` (the population-weighted centre of each merged cell)."""
    size = cell_size
    while True:
        col = np.floor(centres[:, 0] / size).astype(np.int64)
        row = np.floor(centres[:, 1] / size).astype(np.int64)
        _, group = np.unique(row * 10_000_000 + col, return_inverse=True)
        if group.max() + 1 <= limit:
            break
        size *= 2
    if size == cell_size:
        return centres
    mass = np.bincount(group, weights=weights)
    # A merged cell without residents (possible in imported data) falls back to plain means.
    weights = np.where(mass[group] > 0, weights, 1.0)
    mass = np.bincount(group, weights=weights)
    return np.column_stack(
        [
            np.bincount(group, weights=weights * centres[:, 0]) / mass,
            np.bincount(group, weights=weights * centres[:, 1]) / mass,
        ]
    )
