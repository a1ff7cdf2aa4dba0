"""The road graph as core.routing's duration provider: road distance, not straight line."""

import numpy as np
import pytest
from pyproj import Transformer

from turvaverkko.core.routing import duration_matrix, straight_line_matrix
from turvaverkko.insights.actions import store_road_network
from turvaverkko.insights.durations import AVERAGE_SPEED_KMH
from turvaverkko.insights.roads import build_graph

pytestmark = pytest.mark.django_db


def test_durations_follow_the_roads_when_a_network_is_loaded():
    # A(240 km E, 6700 km N) - B 10 km east - C 10 km north of B; roads A-B and B-C only.
    x = np.array([240_000.0, 250_000.0, 250_000.0])
    y = np.array([6_700_000.0, 6_700_000.0, 6_710_000.0])
    graph = build_graph(x, y, [0, 1, 1, 2], [1, 0, 2, 1], [10_000.0] * 4)
    to_wgs = Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)
    a, c = (to_wgs.transform(x[i], y[i])[::-1] for i in (0, 2))
    straight = straight_line_matrix([a, c])[0][1]
    assert duration_matrix([a, c]) == [[0, straight], [straight, 0]]  # no network yet
    store_road_network(graph, name="test roads", is_synthetic=True)
    seconds = duration_matrix([a, c])
    expected = 20_000 / (AVERAGE_SPEED_KMH / 3.6)  # A-B-C, not the 14.1 km diagonal
    assert abs(seconds[0][1] - expected) <= 2 and abs(seconds[1][0] - expected) <= 2


def test_a_point_far_outside_the_loaded_network_gets_the_straight_line_fallback():
    # The demo's network covers Satakunta and Lapland; its service bus drives in Turku, 5 km
    # from its depot. Snapped to the network's edge 50 km away, that was 2 h of "driving"
    # and the run sheet left the stop out. Off the network, the straight-line guess is fairer.
    x = np.array([240_000.0, 250_000.0])
    y = np.array([6_800_000.0, 6_800_000.0])
    store_road_network(build_graph(x, y, [0, 1], [1, 0], [10_000.0] * 2), name="far roads",
                       is_synthetic=True)  # fmt: skip
    to_wgs = Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)
    depot, stop = (to_wgs.transform(e, 6_710_000.0)[::-1] for e in (240_000.0, 244_000.0))
    assert duration_matrix([depot, stop]) == straight_line_matrix([depot, stop])
