"""Road graphs: read OpenStreetMap extracts (.osm, .osm.bz2, .osm.pbf), GraphML, or a GIS layer of
road centre lines (a bureau's 道路中心线: Shapefile, GeoJSON, GeoPackage), or download.

The graph is an osmnx-compatible ``networkx.MultiDiGraph``: nodes carry ``x``/``y`` (WGS84
degrees), edges carry ``length`` in metres, and ``graph["crs"]`` is ``"epsg:4326"``.
Extracts are read with pyosmium; ways that run off a clipped extract keep the edges whose both
ends are in it.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np

from ._errors import CarefacError

__all__ = ["download_graph", "load_graph", "save_graph"]

MODES = ("walk", "drive")
_NEVER_ROUTED = {  # not usable by anyone: unbuilt, gone, or not a road
    "construction",
    "proposed",
    "abandoned",
    "raceway",
    "bus_guideway",
    "platform",
    "planned",
    "razed",
    "no",
}
_NOT_WALKABLE = _NEVER_ROUTED | {"motorway", "motorway_link", "trunk", "trunk_link"}
_NOT_DRIVABLE = _NEVER_ROUTED | {
    "footway",
    "path",
    "pedestrian",
    "steps",
    "cycleway",
    "bridleway",
    "corridor",
    "elevator",
    "escalator",
    "track",
    "services",
}
_EARTH_RADIUS_M = 6_371_009.0


def _keeps(tags, mode: str) -> bool:
    """Return whether a way with these tags belongs to the network of ``mode``."""
    highway = tags.get("highway")
    if highway is None or tags.get("area") == "yes":
        return False
    if mode == "walk":
        return highway not in _NOT_WALKABLE and tags.get("foot") != "no" and tags.get("access") != "private"
    return (
        highway not in _NOT_DRIVABLE
        and tags.get("access") not in ("no", "private")
        and tags.get("motor_vehicle") != "no"
    )


def _haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Return great-circle distances in metres."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _read_osm(path: Path, mode: str) -> nx.MultiDiGraph:
    """Build the road graph of ``mode`` from an OSM file with pyosmium."""
    import osmium

    ways = []
    for way in osmium.FileProcessor(str(path), osmium.osm.WAY):
        tags = dict(way.tags)
        if _keeps(tags, mode):
            ways.append((way.id, [n.ref for n in way.nodes], tags))
    wanted = {ref for _, refs, _ in ways for ref in refs}
    coords = {}
    for node in osmium.FileProcessor(str(path), osmium.osm.NODE):
        if node.id in wanted and node.location.valid():
            coords[node.id] = (node.location.lon, node.location.lat)
    graph = nx.MultiDiGraph(crs="epsg:4326", mode=mode, source=path.name)
    for way_id, refs, tags in ways:
        oneway = tags.get("oneway", "no") if mode == "drive" else "no"
        for a, b in zip(refs[:-1], refs[1:], strict=True):
            if a not in coords or b not in coords or a == b:
                continue
            length = float(_haversine_m(*coords[a], *coords[b]))
            attrs = {"osmid": way_id, "highway": tags.get("highway"), "length": length}
            if oneway in ("yes", "true", "1"):
                graph.add_edge(a, b, oneway=True, reversed=False, **attrs)
            elif oneway == "-1":
                graph.add_edge(b, a, oneway=True, reversed=True, **attrs)
            else:
                graph.add_edge(a, b, oneway=False, reversed=False, **attrs)
                graph.add_edge(b, a, oneway=False, reversed=True, **attrs)
    for node_id in graph.nodes:
        lon, lat = coords[node_id]
        graph.nodes[node_id].update(x=lon, y=lat, osmid=node_id)
    if graph.number_of_nodes() == 0:
        raise CarefacError.said("roads_none", file=path.name, mode=mode)
    return graph


#: files read as a layer of road centre lines
LINE_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg", ".zip")  # .zip: a zipped shapefile, read by GDAL inside
#: the longest segment of a road line layer's graph, in degrees (some 50 m): a place snaps to the
#: road beside it, not to a junction a kilometre away
SEGMENT_DEGREES = 0.0005


def load_graph(path: str | Path, *, mode: str = "walk", crs: str | int | None = None) -> nx.MultiDiGraph:
    """Read a road graph from an OSM extract (``.osm``, ``.osm.bz2``, ``.osm.pbf``), ``.graphml``,
    or a layer of road centre lines (``.shp``, also zipped as the bureau sends it, ``.geojson``, ``.gpkg``).

    Parameters
    ----------
    path
        The file. GraphML files (saved by :func:`save_graph` or osmnx) are read as they are. A
        line layer is joined where its lines meet or cross (``graph["crossings_joined"]`` counts
        the crossings without a shared point that were joined: a bridge over a road is joined
        too), with a node every :data:`SEGMENT_DEGREES` along its lines. A GeoPackage saved by
        :func:`save_graph` is read from its ``edges`` layer.
    mode
        ``"walk"`` (both directions on every walkable way) or ``"drive"`` (drivable ways,
        one-way streets respected). Ignored for GraphML and line layers (both directions).
    crs
        The line layer's coordinate system when the file does not say (``"cgcs2000"``,
        ``"gcj02"``, an EPSG code …); GCJ-02 and BD-09 are converted to WGS84.

    Returns
    -------
    networkx.MultiDiGraph
        osmnx-compatible: node ``x``/``y`` in degrees, edge ``length`` in metres.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    path = Path(path)
    if not path.exists():
        raise CarefacError.said("roads_missing", path=path)
    name = path.name.lower()
    if name.endswith(".graphml"):
        import osmnx as ox

        return ox.load_graphml(path)
    if name.endswith((".osm", ".osm.bz2", ".osm.pbf", ".pbf", ".osm.gz")):
        return _read_osm(path, mode)
    if name.endswith(LINE_SUFFIXES):
        return _read_lines(path, crs)
    raise CarefacError.said("roads_unsupported", file=path.name)


def _line_layer(path: Path):
    """Return the road lines of a GIS file: its ``edges`` layer (a GeoPackage saved by
    :func:`save_graph`), else its only layer of lines."""
    import geopandas as gpd
    import pyogrio

    layers = pyogrio.list_layers(path)
    names = [str(n) for n, kind in layers if kind is None or "line" in str(kind).lower()]
    if "edges" in names:
        return gpd.read_file(path, layer="edges")
    if len(layers) > 1 and len(names) != 1:
        raise CarefacError.said("roads_layers", file=path.name, layers=", ".join(str(n) for n, _ in layers))
    return gpd.read_file(path, layer=names[0] if names else None)


def _read_lines(path: Path, crs: str | int | None) -> nx.MultiDiGraph:
    """Build a two-way road graph from a layer of road centre lines: a node at every vertex and
    crossing (to 0.01 m) and every ~50 m, an edge per segment with its length on the ellipsoid."""
    import shapely
    from pyproj import Geod

    from .coords import resolve_coordinate_system, transform_geometries

    lines = _line_layer(path)
    if lines.crs is None and crs is None:
        raise CarefacError.said("roads_no_crs", file=path.name)
    converted = None
    if crs is not None:
        declared, converted = resolve_coordinate_system(crs)
        lines = lines.set_crs(declared, allow_override=True)
    geoms = lines.to_crs(4326).geometry.to_numpy()
    if converted is not None:
        geoms = transform_geometries(geoms, source=converted)
    parts = shapely.get_parts(geoms[shapely.get_type_id(geoms) != -1])
    parts = parts[np.isin(shapely.get_type_id(parts), (1, 2))]  # LineString, LinearRing
    if not len(parts):
        raise CarefacError.said("roads_no_lines", file=path.name)
    given = len(np.unique(np.round(shapely.get_coordinates(parts) * 1e7).astype(np.int64), axis=0))
    # lines that cross are joined where they cross (a layer not split at its junctions), said with
    # their number; a node every ~50 m along long segments, so places snap to the road beside them
    parts = shapely.get_parts(shapely.node(shapely.MultiLineString(list(parts))))
    crossings = len(np.unique(np.round(shapely.get_coordinates(parts) * 1e7).astype(np.int64), axis=0)) - given
    parts = shapely.segmentize(parts, SEGMENT_DEGREES)
    coords, index = shapely.get_coordinates(parts, return_index=True)
    same_line = index[:-1] == index[1:]
    start, end = coords[:-1][same_line], coords[1:][same_line]
    keys = np.round(np.vstack([start, end]) * 1e7).astype(np.int64)  # 1e-7 degree ≈ 0.01 m
    unique, node_of = np.unique(keys, axis=0, return_inverse=True)
    node_of = node_of.ravel()
    a, b = node_of[: len(start)], node_of[len(start) :]
    _, _, length = Geod(ellps="WGS84").inv(start[:, 0], start[:, 1], end[:, 0], end[:, 1])
    keep = a != b
    graph = nx.MultiDiGraph(crs="epsg:4326", mode="walk", source=path.name, crossings_joined=max(crossings, 0))
    used = np.unique(np.concatenate([a[keep], b[keep]]))
    graph.add_nodes_from((int(k), {"x": float(x), "y": float(y)}) for k, (x, y) in zip(used, unique[used] / 1e7, strict=True))
    ends = list(zip(a[keep].tolist(), b[keep].tolist(), np.abs(length[keep]).tolist(), strict=True))
    graph.add_edges_from((u, v, {"length": m, "oneway": False, "reversed": False}) for u, v, m in ends)
    graph.add_edges_from((v, u, {"length": m, "oneway": False, "reversed": True}) for u, v, m in ends)
    if graph.number_of_nodes() == 0:
        raise CarefacError.said("roads_no_lines", file=path.name)
    return graph


def save_graph(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Save a road graph as GraphML (``.graphml``) or GeoPackage (``.gpkg``) for offline reuse."""
    import osmnx as ox

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".graphml":
        ox.save_graphml(graph, path)
    elif path.suffix == ".gpkg":
        graph = graph.copy()
        for _, attrs in graph.nodes(data=True):
            attrs.pop("osmid", None)  # osmnx names its node index osmid: the attribute would clash with it
        ox.save_graph_geopackage(graph, path)
    else:
        raise CarefacError.said("roads_save_format", file=path.name)
    return path


def download_graph(boundary_wgs84, *, mode: str = "walk") -> nx.MultiDiGraph:
    """Download the road graph of a WGS84 polygon from OpenStreetMap through osmnx (needs the internet).

    Save it with :func:`save_graph` so later runs work offline.
    """
    import osmnx as ox

    try:
        return ox.graph_from_polygon(boundary_wgs84, network_type=mode, retain_all=True)
    except Exception as exc:  # network errors come in many types
        raise CarefacError.said("roads_offline", mode=mode, kind=type(exc).__name__) from exc
