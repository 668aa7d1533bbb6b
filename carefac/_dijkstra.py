"""Bounded multi-source Dijkstra compiled with numba, writing only the pairs within the cutoff.

``scipy.sparse.csgraph.dijkstra`` fills a dense sources × nodes array even with ``limit``, and
holds the GIL; this routine keeps one distance array per thread, resets only the nodes it
touched, and writes each origin's (destination, cost) pairs straight away, so work and memory follow
the pairs found. Each *group* is one origin: several start nodes (a district's boundary points),
each with its own starting cost (the snapping distance), searched together.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

MAX_DEFAULT_THREADS = 8  # each thread holds node- and edge-sized arrays (~40 bytes per edge)
BUFFER_PAIRS = 4_000_000  # pairs per output buffer (48 MB); a search never reallocates


@njit(cache=True, inline="always")
def _push(heap_d, heap_n, size, d, n):
    """Push (d, n) on the binary min-heap held in the first ``size`` slots; return the new size."""
    k = size
    while k > 0:
        parent = (k - 1) >> 1
        if heap_d[parent] <= d:
            break
        heap_d[k] = heap_d[parent]
        heap_n[k] = heap_n[parent]
        k = parent
    heap_d[k] = d
    heap_n[k] = n
    return size + 1


@njit(cache=True, inline="always")
def _pop(heap_d, heap_n, size):
    """Remove the heap's root (read it before calling); return the new size."""
    size -= 1
    d = heap_d[size]
    n = heap_n[size]
    k = 0
    while True:
        child = 2 * k + 1
        if child >= size:
            break
        if child + 1 < size and heap_d[child + 1] < heap_d[child]:
            child += 1
        if heap_d[child] >= d:
            break
        heap_d[k] = heap_d[child]
        heap_n[k] = heap_n[child]
        k = child
    heap_d[k] = d
    heap_n[k] = n
    return size


@njit(cache=True, nogil=True)
def _search_groups(
    indptr,
    indices,
    weights,
    group_ptr,
    start_node,
    start_cost,
    dest_ptr,
    dest_id,
    dest_cost,
    n_dest,
    cutoff,
    first_group,
    counts,
    out_t,
    out_c,
):
    """Search groups from ``first_group`` on, writing each group's destinations and costs.

    Group ``g``'s destinations (sorted) and costs follow the previous group's in ``out_t`` and
    ``out_c``; ``counts[g]`` says how many.
    Cost = start cost + shortest path + destination cost, kept when ≤ ``cutoff``.
    ``dest_ptr``/``dest_id`` list the destinations attached to each node (CSR by node),
    ``dest_cost`` their costs on arrival; ``n_dest`` counts all destinations. Stops before a group that might overflow the output
    (a group emits each destination at most once) and returns (next group, triples written).
    Nothing is reallocated inside the loop: the lazy heap holds at most one entry per edge
    relaxation plus the starts.
    """
    n_nodes = indptr.size - 1
    dist = np.full(n_nodes, np.inf)
    cost_at = np.full(n_dest, np.inf)  # this group's cost to each destination found
    touched = np.empty(n_nodes, dtype=np.int64)
    most_starts = 0
    for g in range(group_ptr.size - 1):
        most_starts = max(most_starts, group_ptr[g + 1] - group_ptr[g])
    heap_d = np.empty(indices.size + most_starts + 1, dtype=np.float64)
    heap_n = np.empty(indices.size + most_starts + 1, dtype=np.int64)
    n_out = 0
    g = first_group
    while g < group_ptr.size - 1:
        if n_out + n_dest > out_t.size:
            break
        first_out = n_out
        n_touched = 0
        size = 0
        for s in range(group_ptr[g], group_ptr[g + 1]):
            node = start_node[s]
            cost = start_cost[s]
            if cost <= cutoff and cost < dist[node]:
                if dist[node] == np.inf:
                    touched[n_touched] = node
                    n_touched += 1
                dist[node] = cost
                size = _push(heap_d, heap_n, size, cost, node)
        while size > 0:
            d = heap_d[0]
            u = heap_n[0]
            size = _pop(heap_d, heap_n, size)
            if d > dist[u]:  # a stale entry: u was reached more cheaply later
                continue
            for k in range(dest_ptr[u], dest_ptr[u + 1]):
                total = d + dest_cost[k]
                if total <= cutoff:
                    out_t[n_out] = dest_id[k]
                    cost_at[dest_id[k]] = total
                    n_out += 1
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                nd = d + weights[e]
                if nd <= cutoff and nd < dist[v]:
                    if dist[v] == np.inf:
                        touched[n_touched] = v
                        n_touched += 1
                    dist[v] = nd
                    size = _push(heap_d, heap_n, size, nd, v)
        for k in range(n_touched):
            dist[touched[k]] = np.inf
        found = n_out - first_out
        if found * 16 > n_dest:  # many destinations reached: one pass over all of them, in order
            j = first_out
            for t in range(n_dest):
                if cost_at[t] < np.inf:
                    out_t[j] = t
                    out_c[j] = cost_at[t]
                    cost_at[t] = np.inf
                    j += 1
        else:  # few: sort just those
            out_t[first_out:n_out] = np.sort(out_t[first_out:n_out])
            for j in range(first_out, n_out):
                out_c[j] = cost_at[out_t[j]]
                cost_at[out_t[j]] = np.inf
        counts[g] = found
        g += 1
    return g, n_out


def bounded_cost_matrix(
    matrix,
    group_ptr: np.ndarray,
    start_node: np.ndarray,
    start_cost: np.ndarray,
    dest_node: np.ndarray,
    dest_cost: np.ndarray,
    *,
    cutoff_m: float,
    threads: int | None = None,
):
    """Return origins × destinations costs within ``cutoff_m`` on a CSR road graph.

    Parameters
    ----------
    matrix
        Directed adjacency in CSR form, edge lengths in metres (every stored entry is an edge).
    group_ptr, start_node, start_cost
        Origins in CSR form: origin ``g`` starts from ``start_node[group_ptr[g]:group_ptr[g+1]]``
        at those ``start_cost`` (metres already travelled, e.g. the snapping distance).
    dest_node, dest_cost
        Each destination's node (``-1``: not on the network) and the cost added on arrival.
    cutoff_m
        Pairs costing more are left out.
    threads
        Worker threads (default: the machine's cores, at most 8); origins are shared out between them.

    Returns
    -------
    scipy.sparse.csr_matrix
        Sorted indices; pairs beyond the cutoff or unreachable are absent (a 0 is a real 0 m).
    """
    import scipy.sparse as sp

    indptr = matrix.indptr.astype(np.int64, copy=False)
    indices = matrix.indices.astype(np.int64, copy=False)
    weights = matrix.data.astype(np.float64, copy=False)
    n_nodes, n_groups, n_dest = indptr.size - 1, group_ptr.size - 1, dest_node.size
    on_graph = np.flatnonzero(dest_node >= 0)
    order = on_graph[np.argsort(dest_node[on_graph], kind="stable")].astype(np.int32)
    dest_ptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(dest_node[order], minlength=n_nodes), out=dest_ptr[1:])
    arrival = np.asarray(dest_cost, dtype=np.float64)[order]
    workers = max(1, min(threads or min(os.cpu_count() or 1, MAX_DEFAULT_THREADS), n_groups))
    bounds = np.linspace(0, n_groups, min(n_groups, 4 * workers) + 1).astype(np.int64)
    counts = np.zeros(n_groups, dtype=np.int64)

    def run(part: int) -> list[tuple[np.ndarray, np.ndarray]]:
        lo, hi = bounds[part], bounds[part + 1]
        ptr = group_ptr[lo : hi + 1]
        local_ptr = (ptr - ptr[0]).astype(np.int64)
        nodes = start_node[ptr[0] : ptr[-1]].astype(np.int64)
        costs = start_cost[ptr[0] : ptr[-1]].astype(np.float64)
        capacity = max(BUFFER_PAIRS, n_dest)  # room for at least one whole origin
        pieces, g = [], 0
        while g < hi - lo:
            out_t, out_c = np.empty(capacity, np.int32), np.empty(capacity)
            g, n_out = _search_groups(
                indptr, indices, weights, local_ptr, nodes, costs,
                dest_ptr, order, arrival, n_dest, float(cutoff_m), g,
                counts[lo:hi], out_t, out_c,
            )  # fmt: skip
            pieces.append((out_t[:n_out], out_c[:n_out]))
        return pieces

    if workers == 1:
        parts = [piece for part in range(bounds.size - 1) for piece in run(part)]
    else:
        with ThreadPoolExecutor(workers) as pool:
            parts = [piece for pieces in pool.map(run, range(bounds.size - 1)) for piece in pieces]
    row_ptr = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(counts, out=row_ptr[1:])
    cols = np.concatenate([t for t, _ in parts]) if parts else np.zeros(0, np.int32)
    vals = np.concatenate([c for _, c in parts]) if parts else np.zeros(0)
    result = sp.csr_matrix((vals, cols, row_ptr), shape=(n_groups, n_dest))
    result.has_sorted_indices = True
    return result
