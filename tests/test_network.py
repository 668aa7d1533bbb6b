"""Road networks from OSM extracts, snapping, sparse cost matrices, and their use in checks."""

from __future__ import annotations

import json

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import shapely

from carefac import CarefacError, ConfigError, working_crs_for_longitude
from carefac.cli import main
from carefac.network import Distances, RoadNetwork, euclidean_costs, network_costs, service_areas, snap_points
from carefac.roads import load_graph, save_graph

from .conftest import REPO

OSM = REPO / "tests" / "data" / "osm"
EXTRACTS = [
    "osmnx_West-Oakland.osm.bz2",
    "osmnx_planet_10.068_48.135_10.071_48.137.osm",
    "pyrosm_test.osm.pbf",
]


def network_of(name: str) -> tuple[nx.MultiDiGraph, RoadNetwork]:
    graph = load_graph(OSM / name)
    lon = np.mean([d["x"] for _, d in graph.nodes(data=True)])
    return graph, RoadNetwork.from_graph(graph, working_crs_for_longitude(lon))


def node_points(net: RoadNetwork, index: np.ndarray) -> gpd.GeoSeries:
    return gpd.GeoSeries(shapely.points(net.xy[index]), crs=net.crs)


@pytest.mark.parametrize("name", EXTRACTS)
def test_each_format_loads_with_metre_lengths(name):
    graph = load_graph(OSM / name)
    assert graph.number_of_nodes() > 20
    lengths = np.array([d["length"] for *_, d in graph.edges(data=True)])
    assert (lengths > 0).all() and lengths.max() < 2000  # metres, not degrees
    assert graph.graph["crs"] == "epsg:4326"


def test_graphml_round_trip(tmp_path):
    graph = load_graph(OSM / EXTRACTS[0])
    save_graph(graph, tmp_path / "roads.graphml")
    again = load_graph(tmp_path / "roads.graphml")
    assert again.number_of_nodes() == graph.number_of_nodes()
    assert again.number_of_edges() == graph.number_of_edges()


def test_geopackage_round_trip_keeps_the_walks(tmp_path):
    """save_graph(g, "roads.gpkg") failed (osmnx's osmid index clashed with the node attribute), and
    load_graph could not read it back: now it reads its edges layer as road lines."""
    graph = load_graph(OSM / EXTRACTS[0])
    save_graph(graph, tmp_path / "roads.gpkg")
    again = load_graph(tmp_path / "roads.gpkg")
    ends = [(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in list(graph.nodes)[:5]]
    walks = [(_walk_m(graph, a, b), _walk_m(again, a, b)) for a in ends for b in ends]
    assert all(first == pytest.approx(second, rel=0.005, abs=0.5) for first, second in walks)


@pytest.mark.parametrize("name", ["osmnx_West-Oakland.osm.bz2", "pyrosm_test.osm.pbf"])
def test_network_distances_equal_networkx(name):
    graph, net = network_of(name)
    rng = np.random.default_rng(7)
    origins = rng.choice(len(net.node_ids), 25, replace=False)
    targets = rng.choice(len(net.node_ids), 40, replace=False)
    cutoff = 1200.0
    costs = network_costs(node_points(net, origins), node_points(net, targets), net, cutoff_m=cutoff).tocsr()
    checked = 0
    for a, o in enumerate(origins):
        truth = nx.single_source_dijkstra_path_length(graph, net.node_ids[o], weight="length")
        row = dict(zip(costs[a].indices, costs[a].data, strict=True))
        for b, t in enumerate(targets):
            expected = truth.get(net.node_ids[t], np.inf)
            if expected <= cutoff:
                assert row[b] == pytest.approx(expected, rel=1e-6, abs=1e-9)
                checked += 1
            else:
                assert b not in row  # beyond the cutoff or unreachable: absent, not zero
    assert checked > 50


def test_unreachable_pairs_are_absent_not_zero():
    graph, net = network_of("osmnx_West-Oakland.osm.bz2")  # three components
    components = sorted(nx.weakly_connected_components(graph), key=len)
    small, big = next(iter(components[0])), next(iter(components[-1]))
    index = {n: k for k, n in enumerate(net.node_ids)}
    costs = network_costs(
        node_points(net, np.array([index[small]])),
        node_points(net, np.array([index[big], index[small]])),
        net,
        cutoff_m=1e6,
    )
    assert costs.nnz == 1 and costs[0, 1] == 0 and 1 in costs[0].indices  # itself at 0, stored
    assert 0 not in costs[0].indices


def test_cutoff_drops_exactly_the_pairs_beyond_it():
    _, net = network_of("pyrosm_test.osm.pbf")
    rng = np.random.default_rng(3)
    o, t = (
        node_points(net, rng.choice(len(net.node_ids), 20)),
        node_points(net, rng.choice(len(net.node_ids), 30)),
    )
    wide = network_costs(o, t, net, cutoff_m=3000.0)
    narrow = network_costs(o, t, net, cutoff_m=800.0)
    coo = wide.tocoo()
    keep = coo.data <= 800.0
    expected = {(r, c): v for r, c, v in zip(coo.row[keep], coo.col[keep], coo.data[keep], strict=True)}
    got = narrow.tocoo()
    assert dict(zip(zip(got.row, got.col, strict=True), got.data, strict=True)) == pytest.approx(expected)


def test_snapping_adds_the_distance_and_reports_far_points():
    _, net = network_of("pyrosm_test.osm.pbf")
    node = net.xy[10]
    near = gpd.GeoSeries([shapely.Point(node[0] + 30, node[1])], crs=net.crs)
    far = np.array([[node[0] + 50_000, node[1]]])
    snap = snap_points(far, net, snap_limit_m=500)
    assert snap.too_far.tolist() == [True] and snap.node.tolist() == [-1]
    costs = network_costs(near, node_points(net, np.array([10])), net, cutoff_m=500)
    nearest = snap_points(np.array([[node[0] + 30, node[1]]]), net).distance_m[0]
    assert costs[0, 0] == pytest.approx(nearest + 0.0)
    nothing = network_costs(
        gpd.GeoSeries([shapely.Point(far[0])], crs=net.crs),
        node_points(net, np.array([10])),
        net,
        cutoff_m=1e6,
    )
    assert nothing.nnz == 0


def test_euclidean_costs_match_brute_force_and_keep_zero():
    rng = np.random.default_rng(1)
    a = gpd.GeoSeries(shapely.points(rng.uniform(0, 1000, (50, 2))), crs=4548)
    b = gpd.GeoSeries(
        shapely.points(np.vstack([rng.uniform(0, 1000, (30, 2)), shapely.get_coordinates(a[:1])])), crs=4548
    )
    sparse = euclidean_costs(a, b, cutoff_m=200.0)
    dense = euclidean_costs(a, b)
    assert sp.issparse(sparse) and isinstance(dense, np.ndarray)
    assert sparse.nnz == int((dense <= 200.0).sum())
    assert sparse[0, 30] == 0 and 30 in sparse[0].indices


def test_geographic_layers_are_refused():
    from carefac import CRSError

    a = gpd.GeoSeries([shapely.Point(117.6, 24.5)], crs=4326)
    with pytest.raises(CRSError, match="projected CRS in metres"):
        euclidean_costs(a, a, cutoff_m=100)


def test_service_areas_contain_their_facility():
    _, net = network_of("pyrosm_test.osm.pbf")
    facilities = gpd.GeoDataFrame(
        {"facility_id": ["a", "b"]}, geometry=node_points(net, np.array([5, 500])).to_numpy(), crs=net.crs
    )
    areas = service_areas(facilities, net, distance_m=300)
    assert areas.geometry.contains(facilities.geometry).all()
    assert (areas.area > 0).all() and (
        areas.area < np.pi * 330**2
    ).all()  # within the 300 m disc (+ road width)


def oakland_project(tmp_path, *, graph: str = "osmnx_West-Oakland.osm.bz2") -> str:
    """Write a tiny study on the West Oakland extract: one area, two facilities, two new districts."""
    graph_obj, net = network_of("osmnx_West-Oakland.osm.bz2")
    hull = shapely.convex_hull(shapely.MultiPoint(net.xy)).buffer(50)
    areas = gpd.GeoDataFrame(
        {"area_id": ["350601"], "name": ["测试区"], "level": ["county"], "population": [5000]},
        geometry=[hull],
        crs=net.crs,
    )
    areas.to_crs(4326).to_file(tmp_path / "areas.geojson", driver="GeoJSON")
    corner = net.xy[np.argmin(net.xy.sum(axis=1))]
    centre = net.xy[np.argmin(((net.xy - net.xy.mean(axis=0)) ** 2).sum(axis=1))]
    districts = gpd.GeoDataFrame(
        {"district_id": ["d1"], "name": ["新区"], "status": ["new"], "population": [1000]},
        geometry=[shapely.box(*(centre - 40), *(centre + 40))],
        crs=net.crs,
    )
    districts.to_crs(4326).to_file(tmp_path / "residential.geojson", driver="GeoJSON")
    lonlat = gpd.GeoSeries(shapely.points([centre + [120, 0], corner]), crs=net.crs).to_crs(4326)
    pd.DataFrame(
        {"name": ["近", "远"], "kind": ["childcare"] * 2, "slots": [10, 10], "lon": lonlat.x, "lat": lonlat.y}
    ).to_csv(tmp_path / "f.csv", index=False)
    (tmp_path / "graph.osm.bz2").write_bytes((OSM / graph).read_bytes())
    (tmp_path / "p.toml").write_text(
        '[layers.areas]\npath = "areas.geojson"\n[layers.residential]\npath = "residential.geojson"\n'
        '[layers.facilities]\npath = "f.csv"\ncrs = "wgs84"\n[distance]\nmethod = "network"\ngraph = "graph.osm.bz2"\n'
        '[output]\nlang = "en"\n',
        encoding="utf-8",
    )
    return str(tmp_path / "p.toml")


def test_check_with_network_distance(tmp_path):
    config = oakland_project(tmp_path)
    assert main(["check", config, "--out", str(tmp_path / "out")]) == 0
    flags = pd.read_csv(tmp_path / "out" / "flags.csv", encoding="utf-8-sig")
    row = flags[flags["rule"] == "new_residential_childcare"].iloc[0]
    assert "along roads" in row["reason"]
    record = json.loads((tmp_path / "out" / "run.json").read_text("utf-8"))
    assert record["distance"].startswith("network (walk, graph.osm.bz2)")


def test_graph_that_does_not_cover_the_study_exits_2(tmp_path, capsys):
    config = oakland_project(tmp_path, graph="osmnx_West-Oakland.osm.bz2")
    (tmp_path / "graph.osm.bz2").unlink()
    (tmp_path / "graph.osm").write_bytes((OSM / "osmnx_planet_10.068_48.135_10.071_48.137.osm").read_bytes())
    text = (tmp_path / "p.toml").read_text("utf-8").replace("graph.osm.bz2", "graph.osm")
    (tmp_path / "p.toml").write_text(text, encoding="utf-8")
    assert main(["check", config]) == 2
    assert "does not cover the study area" in capsys.readouterr().err


def test_distances_pairs_count_inside_as_zero():
    _, net = network_of("pyrosm_test.osm.pbf")
    centre = net.xy[100]
    district = gpd.GeoSeries([shapely.box(*(centre - 100), *(centre + 100))], crs=net.crs)
    inside = gpd.GeoSeries([shapely.Point(centre + 5)], crs=net.crs)
    pairs = Distances("network", net).pairs(district, inside, cutoff_m=300)
    assert pairs.distance_m.tolist() == [0.0]


def test_missing_graph_file_is_a_config_error(tmp_path):
    from carefac import load_config

    config = oakland_project(tmp_path)
    (tmp_path / "graph.osm.bz2").unlink()
    study_config = load_config(config)
    with pytest.raises(ConfigError, match="road graph file does not exist"):
        study_config.distances(study_config.study_area())


def _oakland_with_a_candidate(tmp_path):
    """Return the Oakland project's config with one candidate beside (not on) its near facility."""
    config = oakland_project(tmp_path)
    pd.DataFrame(
        {
            "candidate_id": ["C1"],
            "name": ["候选"],
            "capacity": [50],
            "lon": [pd.read_csv(tmp_path / "f.csv")["lon"][0] + 0.0005],  # beside, not on, a facility
            "lat": [pd.read_csv(tmp_path / "f.csv")["lat"][0]],
        }
    ).to_csv(tmp_path / "c.csv", index=False)
    with open(config, "a", encoding="utf-8") as handle:
        handle.write('[layers.candidates]\npath = "c.csv"\ncrs = "wgs84"\n')
    return config


def test_optimizer_along_roads_says_so(tmp_path):
    from carefac import load_config
    from carefac.optimize import locate_facilities

    project = load_config(_oakland_with_a_candidate(tmp_path))
    study = project.study_area()
    plan = locate_facilities(
        study, model="mclp", new_sites=1, distance=project.distances(study), weight="population"
    )
    assert plan.distance.startswith("network (walk")


@pytest.mark.parametrize("model", ["p-center", "p-median", "capacitated"])
def test_a_district_beyond_the_distance_models_reach_along_roads_is_named(tmp_path, model):
    """Along roads the distance models keep costs up to ten service radii: a district farther
    than that from every site is refused by its name and id, with the distance, not as a matrix
    row with 'raise the cutoff' (a setting the user does not have)."""
    from carefac import InfeasibleError, load_config
    from carefac.optimize import locate_facilities

    project = load_config(_oakland_with_a_candidate(tmp_path))
    study = project.study_area()
    with pytest.raises(InfeasibleError) as refused:  # radius 5 m: 50 m along roads, the district's nearest site is farther
        locate_facilities(study, model=model, new_sites=1, radius_m=5, distance=project.distances(study),
                          weight="population")  # fmt: skip
    assert refused.value.code == "districts_beyond_reach"
    text = refused.value.sentence("en")
    assert "1 demand point has no candidate site or facility within 50 m along the roads" in text
    assert "新区 (" in text and "rows" not in text
    assert "新区 (" in refused.value.sentence("zh")


def test_edges_without_length_are_refused_by_name():
    graph = nx.MultiDiGraph(crs="epsg:4326")
    graph.add_node("a", x=117.60, y=24.50)
    graph.add_node("b", x=117.61, y=24.50)
    graph.add_node("c", x=117.62, y=24.50)
    graph.add_edge("a", "b", length=1012.0)
    graph.add_edge("b", "c")  # no length
    with pytest.raises(CarefacError, match=r"1 of the road graph's 2 edges .* b → c.*add_edge_lengths"):
        RoadNetwork.from_graph(graph, "EPSG:4548")
    graph["b"]["c"][0]["length"] = 1012.0
    net = RoadNetwork.from_graph(graph, "EPSG:4548")
    assert net.matrix.nnz == 2


def _road_grid(step: float = 0.01, n: int = 3, *, split: bool = True) -> gpd.GeoDataFrame:
    """Road centre lines on an n × n grid of junctions near Zhangzhou, split at each junction or
    one line per street (crossing the others without a shared point)."""
    xs, ys = 117.60 + step * np.arange(n), 24.50 + step * np.arange(n)
    if split:
        lines = [shapely.LineString([(x, a), (x, b)]) for x in xs for a, b in zip(ys[:-1], ys[1:], strict=True)]
        lines += [shapely.LineString([(a, y), (b, y)]) for y in ys for a, b in zip(xs[:-1], xs[1:], strict=True)]
    else:
        lines = [shapely.LineString([(x, ys[0]), (x, ys[-1])]) for x in xs]
        lines += [shapely.LineString([(xs[0], y), (xs[-1], y)]) for y in ys]
    return gpd.GeoDataFrame({"名称": [f"路{i}" for i in range(len(lines))]}, geometry=lines, crs=4326)


def _walk_m(graph, start, end) -> float:
    """Return the shortest walk (networkx, on the graph as read) between the nodes nearest two points."""
    nodes = list(graph.nodes)
    xy = np.array([(graph.nodes[k]["x"], graph.nodes[k]["y"]) for k in nodes])
    a, b = (nodes[int(np.argmin(((xy - p) ** 2).sum(axis=1)))] for p in (start, end))
    return nx.shortest_path_length(graph, a, b, weight="length")


@pytest.mark.parametrize("split", [True, False])
@pytest.mark.parametrize("suffix", [".geojson", ".shp", ".gpkg", ".zip"])
def test_a_layer_of_road_centre_lines_is_a_road_graph(tmp_path, split, suffix):
    """A bureau's 道路中心线 (a GIS line layer, here in CGCS2000 3° zone 39; .zip: a zipped shapefile)
    was "unsupported": corner to corner of a 2 × 2 grid is two steps east and two north, each
    measured on the ellipsoid."""
    import zipfile

    from pyproj import Geod

    path = tmp_path / f"roads{'.shp' if suffix == '.zip' else suffix}"
    _road_grid(split=split).to_crs(4548).to_file(path)
    if suffix == ".zip":
        with zipfile.ZipFile(tmp_path / "道路中心线.zip", "w") as archive:
            for part in tmp_path.glob("roads.*"):
                archive.write(part, part.name)
        path = tmp_path / "道路中心线.zip"
    graph = load_graph(path)
    geod = Geod(ellps="WGS84")
    east = geod.inv(117.60, 24.50, 117.61, 24.50)[2] + geod.inv(117.60, 24.51, 117.61, 24.51)[2]
    north = 2 * geod.inv(117.60, 24.50, 117.60, 24.51)[2]
    assert _walk_m(graph, (117.60, 24.50), (117.62, 24.52)) == pytest.approx(east + north, abs=0.5)
    assert graph.graph["crossings_joined"] == (0 if split else 1)  # the centre: the streets' ends meet them elsewhere
    assert max(d["length"] for *_, d in graph.edges(data=True)) < 60  # a node every ~50 m


def test_road_lines_without_a_coordinate_system_are_refused_or_read_as_declared(tmp_path):
    _road_grid().to_crs(4548).to_file(tmp_path / "roads.shp")
    (tmp_path / "roads.prj").unlink()
    with pytest.raises(CarefacError) as refused:
        load_graph(tmp_path / "roads.shp")
    assert refused.value.code == "roads_no_crs" and "[distance] crs" in str(refused.value)
    graph = load_graph(tmp_path / "roads.shp", crs="EPSG:4548")
    xy = np.array([(d["x"], d["y"]) for _, d in graph.nodes(data=True)])
    assert xy.min(axis=0) == pytest.approx([117.60, 24.50], abs=1e-6)


def test_road_lines_from_amap_are_converted_to_wgs84(tmp_path):
    from carefac import wgs84_to_gcj02

    grid = _road_grid()
    shifted = grid.assign(geometry=shapely.transform(grid.geometry.to_numpy(),
                                                     lambda c: np.column_stack(wgs84_to_gcj02(c[:, 0], c[:, 1]))))  # fmt: skip
    shifted.set_crs(None, allow_override=True).to_file(tmp_path / "roads.geojson")
    graph = load_graph(tmp_path / "roads.geojson", crs="gcj02")
    xy = np.array([(d["x"], d["y"]) for _, d in graph.nodes(data=True)])
    assert xy.min(axis=0) == pytest.approx([117.60, 24.50], abs=2e-6)  # back within ~0.2 m


def test_a_road_layer_in_pieces_is_said(tmp_path):
    from carefac.network import road_notices

    grid = _road_grid()
    pieces = pd.concat([grid, grid.assign(geometry=grid.translate(0.5, 0.0)), grid.assign(geometry=grid.translate(0.0, 0.5))])
    gpd.GeoDataFrame(pieces, crs=4326).to_file(tmp_path / "roads.geojson")
    network = RoadNetwork.from_graph(load_graph(tmp_path / "roads.geojson"), "EPSG:4548")
    (said,) = road_notices(Distances("network", network, 500.0, "roads.geojson"))
    assert said.code == "roads_in_pieces" and "33%" in said.en
