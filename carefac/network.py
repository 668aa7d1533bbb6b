"""Travel costs between layers: straight-line (KD-tree) or along a road network (multi-source
Dijkstra with a limit), as sparse matrices holding only the pairs within a cutoff.

All distances are in metres in the study's projected CRS; a geographic CRS is refused.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from ._errors import CarefacError, CRSError
from ._notices import Notice

__all__ = [
    "EUCLIDEAN",
    "Distances",
    "Pairs",
    "RoadNetwork",
    "Snap",
    "euclidean_costs",
    "euclidean_pairs",
    "network_costs",
    "service_areas",
    "snap_points",
]


@dataclass(frozen=True)
class Pairs:
    """Origin–destination pairs within a cutoff, as three aligned arrays.

    Attributes
    ----------
    origin, destination
        Zero-based positions in the origin and destination layers.
    distance_m
        Distance of each pair in metres (0 where the geometries touch or overlap). Pairs beyond
        the cutoff are absent, never zero.
    """

    origin: np.ndarray
    destination: np.ndarray
    distance_m: np.ndarray

    def __len__(self) -> int:
        return len(self.origin)


def _require_metric(layer: gpd.GeoSeries | gpd.GeoDataFrame, name: str) -> None:
    """Refuse layers whose CRS is missing or geographic (no distance is computed in degrees)."""
    if layer.crs is None or not layer.crs.is_projected:
        raise CRSError(
            f"{name} must be in a projected CRS in metres (got {layer.crs}); build a StudyArea first"
        )


def euclidean_pairs(
    origins: gpd.GeoSeries | gpd.GeoDataFrame,
    destinations: gpd.GeoSeries | gpd.GeoDataFrame,
    *,
    cutoff_m: float,
) -> Pairs:
    """Return every origin–destination pair whose straight-line distance is at most ``cutoff_m``.

    Geometries may be points or polygons; the distance between a point and a polygon is 0 inside
    the polygon and the distance to its boundary outside. Pairs are sorted by origin, then
    destination.
    """
    _require_metric(origins, "origins")
    _require_metric(destinations, "destinations")
    a = np.asarray(origins.geometry if hasattr(origins, "geometry") else origins)
    b = np.asarray(destinations.geometry if hasattr(destinations, "geometry") else destinations)
    if len(a) == 0 or len(b) == 0:
        empty = np.array([], dtype=np.int64)
        return Pairs(empty, empty, np.array([], dtype=float))
    tree = shapely.STRtree(b)
    origin, destination = tree.query(a, predicate="dwithin", distance=float(cutoff_m))
    distance = shapely.distance(a[origin], b[destination])
    keep = distance <= cutoff_m
    order = np.lexsort((destination[keep], origin[keep]))
    return Pairs(origin[keep][order], destination[keep][order], distance[keep][order])


def _points_xy(layer: gpd.GeoSeries | gpd.GeoDataFrame) -> np.ndarray:
    """Return point coordinates (representative points of other geometries) as an n × 2 array."""
    geoms = np.asarray(layer.geometry if hasattr(layer, "geometry") else layer)
    not_points = shapely.get_type_id(geoms) != 0
    if not_points.any():
        geoms = geoms.copy()
        geoms[not_points] = shapely.point_on_surface(geoms[not_points])
    return shapely.get_coordinates(geoms)


def euclidean_costs(
    origins: gpd.GeoSeries | gpd.GeoDataFrame,
    destinations: gpd.GeoSeries | gpd.GeoDataFrame,
    *,
    cutoff_m: float | None = None,
):
    """Return straight-line distances in metres between two layers' points.

    With ``cutoff_m`` the result is a ``scipy.sparse.csr_matrix`` holding only the pairs within
    the cutoff (a pair at distance 0 is stored as an explicit 0; absent pairs are beyond reach);
    without it a dense ``numpy`` array. Built with a KD-tree, never a Python loop over pairs.
    """
    import scipy.sparse as sp
    from scipy.spatial import cKDTree

    _require_metric(origins, "origins")
    _require_metric(destinations, "destinations")
    a, b = _points_xy(origins), _points_xy(destinations)
    if cutoff_m is None:
        return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1))
    if len(a) == 0 or len(b) == 0:
        return sp.csr_matrix((len(a), len(b)))
    found = cKDTree(a).sparse_distance_matrix(cKDTree(b), float(cutoff_m), output_type="ndarray")
    rows, cols = found["i"].astype(np.int64), found["j"].astype(np.int64)
    dist = np.sqrt(((a[rows] - b[cols]) ** 2).sum(axis=1))  # recomputed: exact and keeps zeros
    keep = dist <= cutoff_m
    return sp.csr_matrix((dist[keep], (rows[keep], cols[keep])), shape=(len(a), len(b)))


# -- road networks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoadNetwork:
    """A road graph prepared for fast shortest paths in a metric CRS.

    Build it with :meth:`from_graph`. ``matrix`` is the CSR adjacency (metres, the shortest of
    parallel edges), ``xy`` the node coordinates in ``crs``, ``node_ids`` the graph's node ids.
    """

    matrix: object
    xy: np.ndarray
    node_ids: np.ndarray
    crs: object
    mode: str = "walk"
    crossings_joined: int = 0  # a line layer's crossings without a shared point, joined (roads.load_graph)

    @functools.cached_property
    def tree(self):
        """Return the KD-tree of the node coordinates (built once)."""
        from scipy.spatial import cKDTree

        return cKDTree(self.xy)

    @functools.cached_property
    def largest_share(self) -> float:
        """Return the share of the nodes in the network's largest connected piece (lines that
        cross without sharing a point are not joined: a layer not split at its junctions)."""
        from scipy.sparse.csgraph import connected_components

        _, labels = connected_components(self.matrix, directed=True, connection="weak")
        return float(np.bincount(labels).max() / len(labels)) if len(labels) else 1.0

    @classmethod
    def from_graph(cls, graph, crs) -> RoadNetwork:
        """Return the network of an osmnx-compatible graph, its nodes projected to ``crs``."""
        import scipy.sparse as sp
        from pyproj import CRS, Transformer

        node_ids = np.fromiter(graph.nodes, dtype=object, count=graph.number_of_nodes())
        index = {node: k for k, node in enumerate(node_ids)}
        lon = np.fromiter((graph.nodes[n]["x"] for n in node_ids), dtype=float, count=len(node_ids))
        lat = np.fromiter((graph.nodes[n]["y"] for n in node_ids), dtype=float, count=len(node_ids))
        source = CRS.from_user_input(graph.graph.get("crs", "epsg:4326"))
        x, y = Transformer.from_crs(source, crs, always_xy=True).transform(lon, lat)
        u, v, w = _edge_arrays(graph, index, node_ids)
        order = np.lexsort((w, v, u))
        u, v, w = u[order], v[order], w[order]
        first = np.ones(len(u), dtype=bool)
        first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        matrix = sp.csr_matrix((w[first], (u[first], v[first])), shape=(len(node_ids), len(node_ids)))
        return cls(
            matrix=matrix,
            xy=np.column_stack([x, y]),
            node_ids=node_ids,
            crs=crs,
            mode=str(graph.graph.get("mode", "walk")),
            crossings_joined=int(graph.graph.get("crossings_joined", 0)),
        )


def _edge_arrays(graph, index: dict, node_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the graph's edges as (from, to, length in metres) arrays; refuse missing or bad lengths."""
    multi = graph.is_multigraph()
    u, v, w = [], [], []
    for a, neighbours in graph.adj.items():
        ia = index[a]
        for b, data in neighbours.items():
            for attrs in data.values() if multi else (data,):
                u.append(ia)
                v.append(index[b])
                w.append(attrs.get("length", np.nan))
    lengths = np.asarray(w, dtype=float)
    bad = np.flatnonzero(~(lengths >= 0))
    if bad.size:
        k = int(bad[0])
        raise CarefacError.said(
            "graph_lengths", bad=bad.size, total=lengths.size, u=node_ids[u[k]], v=node_ids[v[k]]
        )
    return np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64), lengths


#: a road network whose largest connected piece holds less than this share of its nodes is said
ROADS_CONNECTED_SHARE = 0.9


def road_notices(distances: Distances) -> list[Notice]:
    """Return the notices of a road network: the crossings of a line layer joined without a shared
    point (bridges included), and a network in pieces (its largest holds under
    :data:`ROADS_CONNECTED_SHARE` of the nodes: a place on one piece cannot reach a facility on
    another, and reads as beyond any service distance)."""
    network = distances.network
    if network is None:
        return []
    notices = []
    if network.crossings_joined:
        notices.append(Notice.said("road_crossings_joined", distances.source, n=network.crossings_joined))
    if network.largest_share < ROADS_CONNECTED_SHARE:
        notices.append(Notice.said("roads_in_pieces", distances.source, share=network.largest_share))
    return notices


@dataclass(frozen=True)
class Snap:
    """Points attached to their nearest network node.

    Attributes
    ----------
    node
        Index of the nearest node (``-1`` when farther than the snap limit).
    distance_m
        Straight-line distance from the point to that node.
    too_far
        Points farther than the limit: reported, not attached.
    """

    node: np.ndarray
    distance_m: np.ndarray
    too_far: np.ndarray


def snap_points(points: np.ndarray, network: RoadNetwork, *, snap_limit_m: float = 500.0) -> Snap:
    """Return each point's nearest network node and the snapping distance (KD-tree)."""
    distance, node = network.tree.query(points, workers=-1)
    too_far = distance > snap_limit_m
    return Snap(node=np.where(too_far, -1, node), distance_m=distance, too_far=too_far)


def _boundary_points(geoms: np.ndarray, per_polygon: int) -> tuple[np.ndarray, np.ndarray]:
    """Return sample points of each geometry (its point, or a representative point and vertices) and owners."""
    xy, owner = [], []
    for k, geom in enumerate(geoms):
        if geom.geom_type == "Point":
            xy.append([geom.x, geom.y])
            owner.append(k)
            continue
        rep = geom.representative_point()
        coords = shapely.get_coordinates(geom.boundary)
        step = max(1, len(coords) // per_polygon)
        pts = np.vstack([[rep.x, rep.y], coords[::step][:per_polygon]])
        xy.extend(pts.tolist())
        owner.extend([k] * len(pts))
    return np.asarray(xy, dtype=float).reshape(-1, 2), np.asarray(owner, dtype=np.int64)


def network_costs(
    origins: gpd.GeoSeries | gpd.GeoDataFrame,
    destinations: gpd.GeoSeries | gpd.GeoDataFrame,
    network: RoadNetwork,
    *,
    cutoff_m: float,
    snap_limit_m: float = 500.0,
    boundary_points: int = 8,
) -> object:
    """Return walking (or driving) distances in metres between two layers, only pairs ≤ ``cutoff_m``.

    Cost = snapping distance of the origin + shortest path between the snapped nodes + snapping
    distance of the destination. Polygon origins (districts) start from a representative point
    and up to ``boundary_points`` boundary vertices; the shortest of those counts. Points beyond
    ``snap_limit_m`` from every node get no entries (see :func:`snap_points` to list them).

    The search runs from every origin at once in compiled code (several threads), stopping at
    ``cutoff_m``: work and memory follow the pairs found, not the size of the graph.

    Returns
    -------
    scipy.sparse.csr_matrix
        Origins × destinations; absent entries are unreachable within the cutoff, never 0.
    """
    from carefac._dijkstra import bounded_cost_matrix

    _require_metric(origins, "origins")
    _require_metric(destinations, "destinations")
    o_xy, owner = _boundary_points(
        np.asarray(origins.geometry if hasattr(origins, "geometry") else origins), boundary_points
    )
    d_xy = _points_xy(destinations)
    o_snap = snap_points(o_xy, network, snap_limit_m=snap_limit_m)
    d_snap = snap_points(d_xy, network, snap_limit_m=snap_limit_m)
    n_orig = len(origins)
    starts = np.flatnonzero(~o_snap.too_far)  # owner is sorted: starts stay grouped by origin
    group_ptr = np.zeros(n_orig + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner[starts], minlength=n_orig), out=group_ptr[1:])
    return bounded_cost_matrix(
        network.matrix,
        group_ptr,
        o_snap.node[starts],
        o_snap.distance_m[starts],
        d_snap.node,
        d_snap.distance_m,
        cutoff_m=cutoff_m,
    )


def service_areas(
    facilities: gpd.GeoDataFrame,
    network: RoadNetwork,
    *,
    distance_m: float,
    snap_limit_m: float = 500.0,
    width_m: float = 30.0,
) -> gpd.GeoDataFrame:
    """Return, per facility, the area reachable within ``distance_m`` along the network (buffered roads)."""
    from scipy.sparse.csgraph import dijkstra

    snap = snap_points(_points_xy(facilities), network, snap_limit_m=snap_limit_m)
    coo = network.matrix.tocoo()
    shapes = []
    for k in range(len(facilities)):
        if snap.too_far[k]:
            shapes.append(None)
            continue
        budget = distance_m - snap.distance_m[k]
        dist = dijkstra(network.matrix, indices=[snap.node[k]], limit=budget)[0]
        inside = np.isfinite(dist)
        both = inside[coo.row] & inside[coo.col]
        lines = (
            shapely.linestrings(
                np.stack([network.xy[coo.row[both]], network.xy[coo.col[both]]], axis=1).reshape(-1, 2),
                indices=np.repeat(np.arange(int(both.sum())), 2),
            )
            if both.any()
            else []
        )
        pieces = list(lines) + [shapely.Point(network.xy[snap.node[k]])]
        shapes.append(shapely.union_all(shapely.buffer(np.asarray(pieces), width_m)))
    out = facilities.copy()
    out["service_distance_m"] = distance_m
    return gpd.GeoDataFrame(out.drop(columns=out.geometry.name), geometry=shapes, crs=facilities.crs)


@dataclass(frozen=True)
class Distances:
    """How distances are measured: ``euclidean`` or along a road ``network``.

    Every check and model that measures a service distance takes one of these; the default is
    straight-line. ``label`` says which, for outputs.
    """

    method: str = "euclidean"
    network: RoadNetwork | None = None
    snap_limit_m: float = 500.0
    source: str = ""

    @property
    def label(self) -> str:
        return "euclidean" if self.method == "euclidean" else f"network ({self.network.mode}, {self.source})"

    def costs(self, origins, destinations, *, cutoff_m: float | None):
        """Return distances in metres from each origin to each destination.

        This is carefac's one definition of a district's distance to a facility, used by every
        check and every model: 0 when the facility lies inside (or on) the district's polygon,
        else the straight-line distance to the polygon's edge — or, along roads, the shortest
        walk from the district's edge (its boundary vertices and a representative point) to the
        facility. Point origins are measured from the point.

        With ``cutoff_m`` the result is a ``scipy.sparse.csr_matrix`` of the pairs within the
        cutoff (a 0 m pair is an explicit 0; absent pairs are beyond reach); without it (straight
        line only) a dense array.
        """
        import scipy.sparse as sp

        if cutoff_m is None:
            if self.method != "euclidean":
                raise ValueError("network distances need a cutoff (cutoff_m)")
            if _all_points(origins):
                return euclidean_costs(origins, destinations)
            _require_metric(origins, "origins")
            _require_metric(destinations, "destinations")
            a = np.asarray(origins.geometry if hasattr(origins, "geometry") else origins)
            b = np.asarray(destinations.geometry if hasattr(destinations, "geometry") else destinations)
            return shapely.distance(a[:, None], b[None, :]).astype(float)
        if self.method == "euclidean" and _all_points(origins):
            return euclidean_costs(origins, destinations, cutoff_m=cutoff_m)
        pairs = self.pairs(origins, destinations, cutoff_m=cutoff_m)
        return sp.csr_matrix(
            (pairs.distance_m, (pairs.origin, pairs.destination)), shape=(len(origins), len(destinations))
        )

    def pairs(self, origins, destinations, *, cutoff_m: float) -> Pairs:
        """Return the pairs within ``cutoff_m`` (see :meth:`costs` for what a distance is)."""
        if self.method == "euclidean":
            return euclidean_pairs(origins, destinations, cutoff_m=cutoff_m)
        inside = euclidean_pairs(origins, destinations, cutoff_m=0.0)
        coo = network_costs(
            origins, destinations, self.network, cutoff_m=cutoff_m, snap_limit_m=self.snap_limit_m
        ).tocoo()
        rows = np.concatenate([inside.origin, coo.row])
        cols = np.concatenate([inside.destination, coo.col])
        vals = np.concatenate([inside.distance_m, coo.data])
        order = np.lexsort((vals, cols, rows))
        rows, cols, vals = rows[order], cols[order], vals[order]
        first = np.ones(rows.size, dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        return Pairs(rows[first].astype(np.int64), cols[first].astype(np.int64), vals[first])


def _all_points(layer) -> bool:
    """Return whether every geometry of ``layer`` is a point."""
    geoms = np.asarray(layer.geometry if hasattr(layer, "geometry") else layer)
    return bool(len(geoms) == 0 or (shapely.get_type_id(geoms) == 0).all())


EUCLIDEAN = Distances()
