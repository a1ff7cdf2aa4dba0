import itertools

import numpy as np
from scipy.spatial import cKDTree

from turvaverkko.insights.maxcover import default_candidates, greedy_max_coverage


def best_by_brute_force(points, weights, candidates, radius, k):
    covers = cKDTree(points).query_ball_point(candidates, r=radius)
    return max(
        sum(weights[i] for i in set().union(*(covers[c] for c in combo)))
        for combo in itertools.combinations(range(len(candidates)), k)
    )


def test_tiny_instance_with_a_known_optimum():
    # Residents on a line (metres): two villages close together, two farther apart.
    points = np.array([[0, 0], [2000, 0], [10_000, 0], [20_000, 0]], dtype=float)
    weights = np.array([10, 10, 5, 7], dtype=float)
    candidates = np.array([[1000, 0], [10_000, 0], [20_000, 0], [0, 0]], dtype=float)

    chosen = greedy_max_coverage(points, weights, candidates, radius=1500, k=2)

    assert [(s.candidate, s.added_residents, s.cumulative_residents) for s in chosen] == [
        (0, 20, 20),
        (2, 7, 27),
    ]
    assert best_by_brute_force(points, weights, candidates, 1500, 2) == 27


def test_stops_when_nothing_more_can_be_covered():
    points = np.array([[0, 0], [5000, 0]], dtype=float)
    chosen = greedy_max_coverage(points, np.array([3.0, 4.0]), points, radius=100, k=10)
    assert [s.added_residents for s in chosen] == [4, 3]


def test_lazy_greedy_matches_plain_greedy_on_a_random_instance():
    rng = np.random.default_rng(1)
    points = rng.uniform(0, 50_000, (400, 2))
    weights = rng.integers(1, 100, 400).astype(float)
    candidates = rng.uniform(0, 50_000, (150, 2))
    chosen = greedy_max_coverage(points, weights, candidates, radius=4000, k=8)

    covers = cKDTree(points).query_ball_point(candidates, r=4000)
    covered = np.zeros(len(points), dtype=bool)
    plain = []
    for _ in range(8):
        gains = [weights[[i for i in c if not covered[i]]].sum() for c in covers]
        best = int(np.argmax(gains))
        plain.append(gains[best])
        covered[covers[best]] = True
    assert [s.added_residents for s in chosen] == [round(g) for g in plain]
    # Greedy is within 1 - 1/e of the best; on small k it is usually close to it.
    assert chosen[-1].cumulative_residents >= 0.63 * best_by_brute_force(
        points, weights, candidates, 4000, 2
    )


def test_candidates_are_merged_when_there_are_too_many():
    centres = np.array([[125, 125], [375, 125], [10_125, 125]], dtype=float)
    weights = np.array([1.0, 3.0, 2.0])
    assert default_candidates(centres, weights, 250, limit=5).tolist() == centres.tolist()
    merged = default_candidates(centres, weights, 250, limit=2)
    assert merged.tolist() == [[312.5, 125.0], [10_125.0, 125.0]]
