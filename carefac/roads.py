"""Road graphs: read OpenStreetMap extracts (.osm, .osm.bz2, .osm.pbf) or GraphML, or download.

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


def load_graph(path: str | Path, *, mode: str = "walk") -> nx.MultiDiGraph:
    """Read a road graph from an OSM extract (``.osm``, ``.osm.bz2``, ``.osm.pbf``) or ``.graphml``.

    Parameters
    ----------
    path
        The file. GraphML files (saved by :func:`save_graph` or osmnx) are read as they are.
    mode
        ``"walk"`` (both directions on every walkable way) or ``"drive"`` (drivable ways,
        one-way streets respected). Ignored for GraphML.

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
    raise CarefacError.said("roads_unsupported", file=path.name)


def save_graph(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Save a road graph as GraphML (``.graphml``) or GeoPackage (``.gpkg``) for offline reuse."""
    import osmnx as ox

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".graphml":
        ox.save_graphml(graph, path)
    elif path.suffix == ".gpkg":
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
