"""Road distances on a hand-written OpenStreetMap extract whose answers are known exactly.

D ──── C        A = (X0+500, Y0+500), 1 km squares; the site is at A.
↑      │        A→D is a one-way primary road; A–B, B–C, C–D are two-way streets;
│ ╲    │        a footway runs diagonally from A to C (walking only);
A ──── B        E–F is a road that connects to nothing (dropped).
"""

import bz2
import gzip
import math

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from turvaverkko.areas.geo import to_wgs84
from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.insights import cache
from turvaverkko.insights.actions import store_population_grid
from turvaverkko.insights.analysis import CoverageQuery, run_query
from turvaverkko.insights.models import PopulationGrid, RoadNetwork
from turvaverkko.insights.population import Grid
from turvaverkko.insights.roads import RoadImportError, distances_from, parse_osm, road_distances
from turvaverkko.insights.roads import snap as road_snap

from .factories import X0, Y0

NODES = {
    1: (X0 + 500, Y0 + 500),  # A
    2: (X0 + 1500, Y0 + 500),  # B
    3: (X0 + 1500, Y0 + 1500),  # C
    4: (X0 + 500, Y0 + 1500),  # D
    5: (X0 + 9500, Y0 + 9500),  # E
    6: (X0 + 9500, Y0 + 10500),  # F
}
WAYS = [
    ([1, 2], {"highway": "residential"}),
    ([2, 3], {"highway": "residential"}),
    ([1, 4], {"highway": "primary", "oneway": "yes"}),
    ([4, 3], {"highway": "residential"}),
    ([1, 3], {"highway": "footway"}),
    ([5, 6], {"highway": "residential"}),
    ([6, 1], {"waterway": "river"}),
]
A, B, C, D = (np.array(NODES[i], dtype=float) for i in (1, 2, 3, 4))


def osm_xml() -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for osm_id, (x, y) in NODES.items():
        lat, lon = to_wgs84(x, y)
        lines.append(f'  <node id="{osm_id}" lat="{lat:.9f}" lon="{lon:.9f}"/>')
    for way_id, (refs, tags) in enumerate(WAYS, start=100):
        lines.append(f'  <way id="{way_id}">')
        lines += [f'    <nd ref="{r}"/>' for r in refs]
        lines += [f'    <tag k="{k}" v="{v}"/>' for k, v in tags.items()]
        lines.append("  </way>")
    lines.append('  <relation id="9"><member type="way" ref="100" role=""/></relation>')
    lines.append("</osm>")
    return "\n".join(lines)


@pytest.fixture
def osm_file(tmp_path):
    path = tmp_path / "pieni.osm"
    path.write_text(osm_xml(), encoding="utf-8")
    return path


def test_driving_respects_one_way_streets_and_skips_footways(osm_file):
    graph = parse_osm(osm_file, "drive")
    assert graph.node_count == 4  # E-F is not connected; the river is not a road
    distance = road_distances(graph, np.array([A, B, C, D]), np.array([A]))
    # D cannot drive back along the one-way A→D: it goes round by C and B.
    assert distance == pytest.approx([0, 1000, 2000, 3000], abs=0.01)


def test_walking_uses_footways_in_both_directions(osm_file):
    graph = parse_osm(osm_file, "walk")
    distance = road_distances(graph, np.array([A, B, C, D]), np.array([A]))
    assert distance == pytest.approx([0, 1000, 1000 * math.sqrt(2), 1000], abs=0.01)


def test_snap_distances_are_added_for_cells_and_sites(osm_file):
    graph = parse_osm(osm_file, "drive")
    cell_near_c = C + [0, 120]  # 120 m north of C
    site_near_a = A - [30, 0]  # 30 m west of A, off the road
    distance = road_distances(graph, np.array([cell_near_c]), np.array([site_near_a]))
    assert distance == pytest.approx([120 + 2000 + 30], abs=0.01)


def test_nearest_of_several_sites_and_off_network_access_legs(osm_file):
    graph = parse_osm(osm_file, "drive")
    _, node = graph.tree.query([A, C])
    node_distance = distances_from(graph, node, np.array([50.0, 0.0]))
    by_position = dict(
        zip(map(tuple, np.column_stack([graph.x, graph.y]).round()), node_distance, strict=True)
    )
    # libosmium keeps coordinates to 1e-7 degrees (about a centimetre), as the OSM database.
    assert by_position[tuple(D)] == pytest.approx(1000, abs=0.02)  # D→C, C is a site on its node
    assert by_position[tuple(A)] == pytest.approx(50, abs=0.02)  # A's own site is 50 m off the road
    assert by_position[tuple(B)] == pytest.approx(1000, abs=0.02)


def test_malformed_or_empty_extract_is_refused(tmp_path):
    broken = tmp_path / "broken.osm"
    broken.write_text("<osm version='0.6'><node id='1' lat='61' lon='22'></osm>")
    with pytest.raises(RoadImportError, match="not a readable OSM XML"):
        parse_osm(broken, "drive")
    empty = tmp_path / "empty.osm"
    empty.write_text("<osm version='0.6'><node id='1' lat='61' lon='22'/></osm>")
    with pytest.raises(RoadImportError, match="no drive roads"):
        parse_osm(empty, "drive")


def osm_pbf(path, missing_node: int | None = None):
    """The same network written as .osm.pbf by pyosmium; a way may refer to a missing node,
    as in an extract clipped at a border."""
    import osmium
    from osmium.osm.mutable import Node, Relation, Way

    with osmium.SimpleWriter(str(path)) as writer:
        for osm_id, (x, y) in NODES.items():
            lat, lon = to_wgs84(x, y)
            writer.add_node(Node(id=osm_id, location=(lon, lat)))
        for way_id, (refs, tags) in enumerate(WAYS, start=100):
            writer.add_way(Way(id=way_id, nodes=refs, tags=tags))
        if missing_node is not None:
            writer.add_way(Way(id=200, nodes=[3, missing_node], tags={"highway": "primary"}))
        writer.add_relation(Relation(id=9, members=[("w", 100, "")]))
    return path


@pytest.mark.parametrize("profile", ["drive", "walk"])
def test_pbf_extract_gives_the_same_graph_as_xml(osm_file, tmp_path, profile):
    pbf = osm_pbf(tmp_path / "pieni.osm.pbf", missing_node=999)
    from_pbf, from_xml = parse_osm(pbf, profile), parse_osm(osm_file, profile)

    assert from_pbf.node_count == from_xml.node_count == 4  # the clipped way is dropped
    # PBF stores 1e-7 degrees (about a centimetre), this XML nine decimals.
    assert from_pbf.xy.ravel().tolist() == pytest.approx(from_xml.xy.ravel().tolist(), abs=0.02)
    assert from_pbf.indptr.tolist() == from_xml.indptr.tolist()
    assert from_pbf.indices.tolist() == from_xml.indices.tolist()
    assert from_pbf.length.tolist() == pytest.approx(from_xml.length.tolist(), abs=0.02)
    cells = np.array([A, B, C, D])
    expected = {"drive": [0, 1000, 2000, 3000], "walk": [0, 1000, 1000 * math.sqrt(2), 1000]}
    assert road_distances(from_pbf, cells, np.array([A])) == pytest.approx(
        expected[profile], abs=0.02
    )


@pytest.mark.parametrize("name", ["pieni.osm.gz", "pieni.osm.bz2", "pieni.opl", "lataus.tmp"])
def test_every_osm_format_gives_the_same_graph(osm_file, tmp_path, name):
    """Compressed XML, OPL, and XML under a name that says nothing: libosmium reads them all."""
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(osm_file.read_bytes()))
    elif name.endswith(".bz2"):
        path.write_bytes(bz2.compress(osm_file.read_bytes()))
    elif name.endswith(".opl"):
        osm_pbf(path)  # the writer picks OPL by the name
    else:
        path.write_bytes(osm_file.read_bytes())
    graph, expected = parse_osm(path, "drive"), parse_osm(osm_file, "drive")
    assert graph.indices.tolist() == expected.indices.tolist()
    assert graph.xy.ravel().tolist() == pytest.approx(expected.xy.ravel().tolist(), abs=0.02)
    distance = road_distances(graph, np.array([A, B, C, D]), np.array([A]))
    assert distance == pytest.approx([0, 1000, 2000, 3000], abs=0.02)


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        parse_osm(tmp_path / "poissa.osm.pbf", "drive")


def test_unreadable_pbf_is_refused(tmp_path):
    broken = tmp_path / "broken.osm.pbf"
    broken.write_bytes(b"this is not a protocol buffer")
    with pytest.raises(RoadImportError, match="not a readable OSM PBF"):
        parse_osm(broken, "drive")


@pytest.mark.django_db
def test_road_coverage_from_an_imported_extract(osm_file, make_site, data_dir):
    call_command("import_road_network", str(osm_file), "--profile", "drive")
    network = RoadNetwork.objects.get()
    assert (network.node_count, network.profile) == (4, "drive")

    MunicipalityFactory()
    corners = np.array([NODES[i] for i in (1, 2, 3, 4)], dtype=np.int32) - 500
    grid = Grid(
        resolution=1000, x=corners[:, 0], y=corners[:, 1],
        municipality=np.full(4, 102, dtype=np.uint16),
        population=np.array([10, 20, 30, 40], dtype=np.int32),
        men=np.full(4, -1, dtype=np.int32), women=np.full(4, -1, dtype=np.int32),
        age_0_14=np.full(4, -1, dtype=np.int32), age_15_64=np.full(4, -1, dtype=np.int32),
        age_65=np.full(4, -1, dtype=np.int32),
    )  # fmt: skip
    store_population_grid(grid, name="Four cells", year=2024)
    make_site(*A)

    params = {"thresholds_m": [1000, 2000, 3000]}
    by_road = run_query(CoverageQuery.from_parameters({**params, "mode": "road"}))
    straight = run_query(CoverageQuery.from_parameters(params))
    # Straight line: A 0, B 1000, D 1000, C 1414. By road: A 0, B 1000, C 2000, D 3000.
    assert [w["residents"] for w in straight["total"]["within"]] == [70, 100, 100]
    assert [w["residents"] for w in by_road["total"]["within"]] == [30, 60, 100]
    assert by_road["road_network"]["profile"] == "drive"

    # The cells' snap to the network is kept on disk for this (grid, network) pair...
    grid_dataset = PopulationGrid.objects.get()
    snap_file = data_dir / cache.snap_file_name(grid_dataset.checksum, network.checksum)
    saved = np.load(snap_file)
    assert saved["node"].tolist() == road_snap(network.load(), grid.centres)[1].tolist()
    assert saved["distance"].tolist() == pytest.approx([0, 0, 0, 0], abs=0.01)
    # ...and a file that does not fit the grid is computed again, with the same answer.
    cache._cell_snap.cache_clear()
    np.savez(snap_file, node=np.zeros(1, dtype=np.int32), distance=np.zeros(1))
    again = run_query(CoverageQuery.from_parameters({**params, "mode": "road"}))
    assert again["total"] == by_road["total"]
    assert len(np.load(snap_file)["node"]) == 4


@pytest.mark.django_db
def test_import_command_reports_an_unreadable_file(tmp_path):
    path = tmp_path / "nothing.osm"
    path.write_text("not xml")
    with pytest.raises(CommandError, match="not a readable OSM XML"):
        call_command("import_road_network", str(path))
    assert RoadNetwork.objects.count() == 0


def test_cached_graph_keeps_its_kd_tree_and_rebuilds_a_foreign_one(osm_file):
    from turvaverkko.insights.roads import RoadGraph, _restore_tree

    arrays = parse_osm(osm_file, "drive").arrays()
    loaded = RoadGraph.from_arrays(arrays)
    assert _restore_tree(loaded.saved_tree, loaded.xy) is not None
    assert loaded.tree.query(C)[0] == pytest.approx(0, abs=0.01)

    foreign = RoadGraph.from_arrays({**arrays, "tree_scipy": np.array("0.1")})
    assert _restore_tree(foreign.saved_tree, foreign.xy) is None
    assert foreign.tree.query(D + [0, 40])[0] == pytest.approx(40, abs=0.01)
