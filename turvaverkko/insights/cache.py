"""Derived arrays kept on disk beside the datasets, so repeated analyses skip repeated work.

- The snap of a population grid's cells to a road network (each cell's nearest node and how
  far it is): it never changes for a (grid, network) pair, and for the 250 m grid it costs
  about as much as the Dijkstra run itself. Keyed by both datasets' checksums.
- The distances of a finished coverage run, per cell of its area: the map layer reads them
  for any bounding box without running Dijkstra again. Keyed by the run's cache key.

Both are plain uncompressed .npz files in the insights storage (storage.py), written whole;
a missing or unreadable file is simply computed again.
"""

from functools import lru_cache

import numpy as np

from . import storage


def snap_file_name(grid_checksum: str, network_checksum: str) -> str:
    return f"snap-{grid_checksum[:24]}-{network_checksum[:24]}.npz"


def cell_snap(grid_dataset, road_dataset, workers: int = -1) -> tuple[np.ndarray, np.ndarray]:
    """(snap distance in metres, nearest node) of every cell of the grid, in the grid's order."""
    return _cell_snap(
        grid_dataset.file_name,
        grid_dataset.resolution,
        grid_dataset.checksum,
        road_dataset.file_name,
        road_dataset.checksum,
        workers,
    )


@lru_cache(maxsize=2)
def _cell_snap(grid_file, resolution, grid_checksum, network_file, network_checksum, workers):
    from .population import _load as load_grid_file
    from .roads import _load as load_network_file
    from .roads import snap

    name = snap_file_name(grid_checksum, network_checksum)
    grid = load_grid_file(grid_file, resolution)
    try:
        arrays = storage.read_arrays(name)
        if len(arrays["node"]) == len(grid):
            return arrays["distance"], arrays["node"]
    except (OSError, KeyError, ValueError):
        pass
    distance, node = snap(load_network_file(network_file), grid.centres, workers)
    storage.write_arrays(name, {"distance": distance, "node": node})
    return distance, node


def distances_file_name(cache_key: str) -> str:
    return f"coverage-{cache_key}.npz"


def save_distances(cache_key: str, index: np.ndarray, distance: np.ndarray) -> None:
    """Distances of a run's cells: `index` into the full grid, `distance` in metres."""
    storage.write_arrays(
        distances_file_name(cache_key),
        {"index": index.astype(np.int32), "distance": distance.astype(np.float32)},
    )


def load_distances(cache_key: str) -> tuple[np.ndarray, np.ndarray] | None:
    try:
        arrays = storage.read_arrays(distances_file_name(cache_key))
        return arrays["index"], arrays["distance"].astype(np.float64)
    except (OSError, KeyError, ValueError):
        return None
