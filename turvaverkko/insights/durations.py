"""The road graph as core.routing's duration provider (registered in InsightsConfig.ready).

The cached graph holds arc lengths in metres, not road classes, so a duration is the road
distance (access legs included) at AVERAGE_SPEED_KMH; that still follows the real roads,
bridges and lakes, which the straight-line fallback does not.

A point farther than MAX_SNAP_M from the network's nearest node lies outside it (a network
loaded for one region, a stop in the next one): the provider then does not answer and the
straight-line guess is used, rather than a detour through the network's edge (the demo's
Satakunta-and-Lapland network made the 5 km from the bus depot to a Turku stop 2 hours).
"""

from collections.abc import Sequence

import numpy as np
from pyproj import Transformer
from scipy.sparse.csgraph import dijkstra

AVERAGE_SPEED_KMH = 55.0
MAX_SNAP_M = 5_000.0


def road_duration_matrix(points: Sequence[tuple[float, float]]) -> list[list[int]] | None:
    from .models import RoadNetwork
    from .roads import snap

    network = RoadNetwork.objects.filter(profile=RoadNetwork.Profile.DRIVE).first()
    if network is None or not points:
        return None
    graph = network.load()
    to_tm35 = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)
    xy = np.array([to_tm35.transform(lon, lat) for lat, lon in points])
    access, node = snap(graph, xy)
    if access.max() > MAX_SNAP_M:
        return None
    # Arcs are stored reversed: the transpose is the forward graph.
    forward = graph.matrix().T.tocsr()
    metres = dijkstra(forward, directed=True, indices=node)[:, node]
    metres = metres + access[:, None] + access[None, :]
    np.fill_diagonal(metres, 0.0)
    if not np.isfinite(metres).all():
        return None
    seconds = np.rint(metres / (AVERAGE_SPEED_KMH / 3.6)).astype(int)
    return [[int(v) for v in row] for row in seconds]
