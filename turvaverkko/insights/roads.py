"""Road distances: an OpenStreetMap road graph cached as CSR arrays, and multi-source Dijkstra.

The cached graph (`RoadGraph`) holds node coordinates in EPSG:3067 and arcs with their length
in metres. Arcs are stored REVERSED (a road arc u -> v is row v, column u), so that one
multi-source Dijkstra run *from the sites* gives every node its distance *to* the nearest site,
one-way streets included. Only the largest strongly connected component is kept, so every
node can reach every site and nothing snaps to an unconnected fragment.

Cells and sites reach the network along a straight line to the nearest node (the "snap"), and
that access leg is added to the road distance.
"""

from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import osmium
import scipy
from pyproj import Transformer
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

MOTOR_ROADS = {
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
    "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential",
    "living_street", "service", "road",
}  # fmt: skip
PROFILES = {
    "drive": MOTOR_ROADS,
    "walk": (MOTOR_ROADS - {"motorway", "motorway_link"})
    | {"footway", "path", "pedestrian", "steps", "track", "cycleway", "bridleway", "corridor"},
}
# Arcs of zero length would be dropped as "no edge" by scipy's csgraph.
MIN_ARC_M = 0.01


class RoadImportError(Exception):
    pass


@dataclass
class RoadGraph:
    xy: np.ndarray  # (n, 2) float64 node coordinates, EPSG:3067
    indptr: np.ndarray  # CSR of the REVERSED arcs
    indices: np.ndarray
    length: np.ndarray  # float64 metres
    profile: str = "drive"
    # The KD-tree of the nodes as saved with the graph (see tree_arrays); built when absent.
    saved_tree: dict[str, np.ndarray] | None = None

    @property
    def x(self) -> np.ndarray:
        return self.xy[:, 0]

    @property
    def y(self) -> np.ndarray:
        return self.xy[:, 1]

    @property
    def node_count(self) -> int:
        return len(self.xy)

    @property
    def arc_count(self) -> int:
        return len(self.indices)

    def matrix(self) -> csr_matrix:
        n = self.node_count
        return csr_matrix((self.length, self.indices, self.indptr), shape=(n, n), copy=False)

    @cached_property
    def tree(self) -> cKDTree:
        restored = _restore_tree(self.saved_tree, self.xy) if self.saved_tree else None
        return restored if restored is not None else cKDTree(self.xy)

    def arrays(self) -> dict[str, np.ndarray]:
        """What the cache file holds: the CSR graph, and the nodes' KD-tree so that loading
        does not rebuild it (a second of work at a million nodes)."""
        return {
            "xy": self.xy,
            "indptr": self.indptr,
            "indices": self.indices,
            "length": self.length,
            "profile": np.array(self.profile),
            **tree_arrays(self.tree),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> "RoadGraph":
        return cls(
            xy=np.ascontiguousarray(arrays["xy"], dtype=np.float64),
            indptr=arrays["indptr"],
            indices=arrays["indices"],
            length=arrays["length"],
            profile=str(arrays["profile"]),
            saved_tree={k: v for k, v in arrays.items() if k.startswith("tree_")} or None,
        )


def tree_arrays(tree: cKDTree) -> dict[str, np.ndarray]:
    """A cKDTree's built state as plain arrays (no pickle), tagged with the scipy version."""
    buffer, _data, n, m, leafsize, maxes, mins, indices, _box, _box_data = tree.__getstate__()
    return {
        "tree_buffer": buffer,
        "tree_indices": indices,
        "tree_maxes": maxes,
        "tree_mins": mins,
        "tree_meta": np.array([n, m, leafsize], dtype=np.int64),
        "tree_scipy": np.array(scipy.__version__),
    }


def _restore_tree(saved: dict[str, np.ndarray], xy: np.ndarray) -> cKDTree | None:
    """The saved tree, or None when it was saved by another scipy version or does not fit."""
    try:
        if str(saved["tree_scipy"]) != scipy.__version__:
            return None
        n, m, leafsize = (int(v) for v in saved["tree_meta"])
        tree = cKDTree.__new__(cKDTree)
        tree.__setstate__((saved["tree_buffer"], xy, n, m, leafsize, saved["tree_maxes"],
                           saved["tree_mins"], saved["tree_indices"], None, None))  # fmt: skip
        distance, index = tree.query(xy[-1])
        return tree if distance == 0 and len(xy) == n else None
    except (KeyError, TypeError, ValueError):
        return None


def build_graph(x: np.ndarray, y: np.ndarray, source: np.ndarray, target: np.ndarray,
                length: np.ndarray, profile: str = "drive") -> RoadGraph:  # fmt: skip
    """A RoadGraph from directed arcs source -> target (node indices into x, y).

    Parallel arcs keep the shortest; only the largest strongly connected component remains.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    source, target = np.asarray(source, dtype=np.int64), np.asarray(target, dtype=np.int64)
    length = np.maximum(np.asarray(length, dtype=np.float64), MIN_ARC_M)
    loops = source == target
    source, target, length = source[~loops], target[~loops], length[~loops]
    if len(source) == 0:
        raise RoadImportError("no roads of the chosen profile in the file")
    n = len(x)
    # Reversed: row = target, column = source. Deduplicate keeping the shortest arc.
    key = target * n + source
    order = np.lexsort((length, key))
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    keep = order[first]
    rows, cols, length = target[keep], source[keep], length[keep]
    matrix = csr_matrix((length, (rows, cols)), shape=(n, n))
    _, label = connected_components(matrix, directed=True, connection="strong")
    biggest = np.bincount(label).argmax()
    nodes = np.flatnonzero(label == biggest)
    matrix = matrix[nodes][:, nodes].tocsr()
    matrix.sort_indices()
    return RoadGraph(
        xy=np.column_stack([x[nodes], y[nodes]]),
        indptr=matrix.indptr.astype(np.int32 if matrix.nnz < 2**31 else np.int64),
        indices=matrix.indices.astype(np.int32),
        length=matrix.data.astype(np.float64),
        profile=profile,
    )


def snap(graph: RoadGraph, points: np.ndarray, workers: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(distance in metres, index) of each point's nearest node."""
    distance, node = graph.tree.query(np.asarray(points, dtype=np.float64), workers=workers)
    return distance, node.astype(np.int32)


def road_distances(graph: RoadGraph, cells: np.ndarray, sites: np.ndarray, workers: int = 1,
                   cell_snap: tuple[np.ndarray, np.ndarray] | None = None,
                   ) -> np.ndarray:  # fmt: skip
    """Distance (m) from each cell centre to the nearest site along the roads, plus both snaps.

    `cell_snap` is the cells' (snap distance, node) when known already: a grid's snap to a
    network never changes, and at 250 m it costs about as much as the Dijkstra run itself
    (cache.cell_snap keeps it on disk per grid and network).
    """
    if len(sites) == 0:
        return np.full(len(cells), np.inf)
    site_snap, site_node = snap(graph, sites, workers)
    node_distance = distances_from(graph, site_node, site_snap)
    cell_distance, cell_node = cell_snap if cell_snap is not None else snap(graph, cells, workers)
    total: np.ndarray = cell_distance + node_distance[cell_node]
    return total


def distances_from(graph: RoadGraph, site_node: np.ndarray, site_snap: np.ndarray) -> np.ndarray:
    """Distance of every node to the nearest site, each site `site_snap` m off `site_node`.

    A site on a node is a Dijkstra source itself; a site off the network becomes an extra
    node with one arc (its access leg) to its nearest node, appended as new CSR rows so the
    cached arrays are never copied into a new structure.
    """
    n = graph.node_count
    on_node = site_snap < MIN_ARC_M
    off = np.flatnonzero(~on_node)
    sources = np.unique(site_node[on_node])
    matrix = graph.matrix()
    if len(off):
        m = len(off)
        indptr = np.concatenate(
            [graph.indptr, graph.indptr[-1] + np.arange(1, m + 1, dtype=graph.indptr.dtype)]
        )
        indices = np.concatenate([graph.indices, site_node[off].astype(graph.indices.dtype)])
        length = np.concatenate([graph.length, site_snap[off]])
        matrix = csr_matrix((length, indices, indptr), shape=(n + m, n + m), copy=False)
        sources = np.concatenate([sources, n + np.arange(m)])
    distance: np.ndarray = dijkstra(matrix, directed=True, indices=sources, min_only=True)
    return distance[:n]


# -- OpenStreetMap --------------------------------------------------------------------------

# The formats that libosmium reads, by the end of the file name: (libosmium's format name, what
# an error message calls it). Any other name is read as plain XML, as an extract saved under
# another name usually is.
OSM_FORMATS = {
    ".osm": ("osm", "XML"),
    ".xml": ("osm", "XML"),
    ".osm.gz": ("osm.gz", "XML"),
    ".osm.bz2": ("osm.bz2", "XML"),
    ".pbf": ("pbf", "PBF"),
    ".o5m": ("o5m", "O5M"),
    ".opl": ("opl", "OPL"),
}


def _allowed(tags: Mapping[str, str], profile: str) -> tuple[bool, bool]:
    """(forward, backward) permission of a way's tags for the profile."""
    highway = tags.get("highway")
    if highway not in PROFILES[profile]:
        return False, False
    if profile == "walk":
        if tags.get("foot") == "no" or (tags.get("access") == "no" and tags.get("foot") != "yes"):
            return False, False
        return True, True
    if tags.get("access") == "no" or tags.get("motor_vehicle") == "no":
        return False, False
    oneway = tags.get("oneway", "")
    if oneway in ("yes", "true", "1"):
        return True, False
    if oneway in ("-1", "reverse"):
        return False, True
    implied = tags.get("junction") in ("roundabout", "circular") or highway == "motorway"
    if implied and oneway != "no":
        return True, False
    return True, True


class _WayCollector:
    def __init__(self, profile: str):
        self.profile = profile
        self.node_ids, self.lat, self.lon = array("q"), array("d"), array("d")
        self.source, self.target = array("q"), array("q")

    def node(self, osm_id: int, lat: float, lon: float) -> None:
        self.node_ids.append(osm_id)
        self.lat.append(lat)
        self.lon.append(lon)

    def way(self, refs: list[int], tags: Mapping[str, str]) -> None:
        forward, backward = _allowed(tags, self.profile)
        for a, b in zip(refs, refs[1:], strict=False):
            if forward:
                self.source.append(a)
                self.target.append(b)
            if backward:
                self.source.append(b)
                self.target.append(a)

    def graph(self) -> RoadGraph:
        ids = np.frombuffer(self.node_ids, dtype=np.int64)
        # Sorted ids; a node listed twice (a junction of two ways) resolves to its first
        # copy, and the other copies are never used.
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        source = np.frombuffer(self.source, dtype=np.int64)
        target = np.frombuffer(self.target, dtype=np.int64)
        if len(ids) == 0 or len(source) == 0:
            raise RoadImportError(f"no {self.profile} roads in the file")
        s = np.minimum(np.searchsorted(ids, source), len(ids) - 1)
        t = np.minimum(np.searchsorted(ids, target), len(ids) - 1)
        # Ways of a clipped extract can refer to nodes outside it: drop those segments.
        present = (ids[s] == source) & (ids[t] == target)
        s, t = order[s[present]], order[t[present]]
        used = np.unique(np.concatenate([s, t]))
        remap = np.full(len(ids), -1, dtype=np.int64)
        remap[used] = np.arange(len(used))
        lon = np.frombuffer(self.lon, dtype=np.float64)[used]
        lat = np.frombuffer(self.lat, dtype=np.float64)[used]
        x, y = (np.asarray(v) for v in _to_tm35().transform(lon, lat))
        s, t = remap[s], remap[t]
        return build_graph(x, y, s, t, np.hypot(x[s] - x[t], y[s] - y[t]), self.profile)


@lru_cache(maxsize=1)
def _to_tm35() -> Transformer:
    return Transformer.from_crs(4326, 3067, always_xy=True)


def osm_format(path: Path) -> tuple[str, str]:
    """(libosmium's format name, a name for people) of an OSM file, by its file name."""
    name = Path(path).name.lower()
    return next((f for suffix, f in OSM_FORMATS.items() if name.endswith(suffix)), ("osm", "XML"))


def parse_osm(path: Path, profile: str) -> RoadGraph:
    """A road graph from an OpenStreetMap extract in any format that libosmium reads.

    pyosmium (PyPI package `osmium`) streams the file: libosmium keeps every node's location
    in its own index and only ways tagged `highway` reach Python, each with its nodes'
    coordinates, so a national extract costs one Python call per road, not one per node.
    Coordinates are kept to 1e-7 degrees (about a centimetre), like the OSM database itself.
    """
    if profile not in PROFILES:
        raise RoadImportError(f"profile must be one of {', '.join(PROFILES)}")
    path = Path(path)
    with open(path, "rb"):  # a missing or unreadable file is an OSError, as for any file
        pass
    file_format, kind = osm_format(path)
    collector = _WayCollector(profile)
    processor = (
        osmium.FileProcessor(osmium.io.File(str(path), file_format))
        .with_locations()
        .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
        .with_filter(osmium.filter.KeyFilter("highway"))
    )
    try:
        for way in processor:
            if not isinstance(way, osmium.osm.Way):  # the filter lets only ways through
                continue
            tags = {tag.k: tag.v for tag in way.tags}
            if _allowed(tags, profile) == (False, False):
                continue
            refs = []
            for node in way.nodes:
                refs.append(node.ref)
                location = node.location
                # A clipped extract lacks some nodes; their segments are dropped later.
                if location.valid():
                    collector.node(node.ref, location.lat, location.lon)
            collector.way(refs, tags)
    except RuntimeError as exc:  # libosmium's errors for unreadable input
        raise RoadImportError(f"not a readable OSM {kind} file: {exc}") from exc
    return collector.graph()


class StoredNetwork(Protocol):
    file_name: str


def load_network(dataset: StoredNetwork) -> RoadGraph:
    """The graph of a RoadNetwork row; cached per process with its KD-tree."""
    return _load(dataset.file_name)


@lru_cache(maxsize=2)
def _load(file_name: str) -> RoadGraph:
    from .storage import read_arrays

    return RoadGraph.from_arrays(read_arrays(file_name))
