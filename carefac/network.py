"""Travel costs between layers: straight-line (Euclidean) pairs within a cutoff.

All distances are in metres in the study's projected CRS; a geographic CRS is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from ._errors import CRSError

__all__ = ["Pairs", "euclidean_costs", "euclidean_pairs"]


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
    geoms = layer.geometry if hasattr(layer, "geometry") else layer
    points = geoms.where(geoms.geom_type == "Point", geoms.representative_point())
    return shapely.get_coordinates(np.asarray(points))


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
