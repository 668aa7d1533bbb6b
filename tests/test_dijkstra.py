"""The compiled bounded search against scipy's dense Dijkstra on random directed graphs."""

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from carefac import _dijkstra
from carefac._dijkstra import bounded_cost_matrix


def random_case(seed: int):
    """Return a random directed graph with zero-length edges, multi-start origins and odd destinations."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 60))
    m = int(rng.integers(n, 4 * n))
    u, v = rng.integers(0, n, m), rng.integers(0, n, m)
    w = np.where(rng.random(m) < 0.1, 0.0, rng.uniform(1, 100, m))
    keep = u != v
    u, v, w = u[keep], v[keep], w[keep]
    _, first = np.unique(u * n + v, return_index=True)  # one edge per ordered pair
    graph = sp.csr_matrix((w[first], (u[first], v[first])), shape=(n, n))
    n_orig = int(rng.integers(1, 12))
    per = rng.integers(0, 4, n_orig)  # an origin may have no start at all (off the network)
    group_ptr = np.concatenate([[0], np.cumsum(per)])
    start_node = rng.integers(0, n, group_ptr[-1])
    start_cost = rng.uniform(0, 30, group_ptr[-1])
    n_dest = int(rng.integers(1, 2 * n))
    dest_node = np.where(rng.random(n_dest) < 0.1, -1, rng.integers(0, n, n_dest))  # several per node too
    dest_cost = rng.uniform(0, 30, n_dest)
    return graph, group_ptr, start_node, start_cost, dest_node, dest_cost


def brute_force(graph, group_ptr, start_node, start_cost, dest_node, dest_cost, cutoff_m):
    """Return the dense expected costs (inf: beyond the cutoff) from scipy's full Dijkstra."""
    full = dijkstra(graph, directed=True)
    out = np.full((group_ptr.size - 1, dest_node.size), np.inf)
    for g in range(group_ptr.size - 1):
        for s in range(group_ptr[g], group_ptr[g + 1]):
            for t, node in enumerate(dest_node):
                if node >= 0:
                    cost = start_cost[s] + full[start_node[s], node] + dest_cost[t]
                    out[g, t] = min(out[g, t], cost)
    out[out > cutoff_m] = np.inf
    return out


@pytest.mark.parametrize("seed", range(40))
def test_bounded_costs_equal_full_dijkstra(seed, monkeypatch):
    case = random_case(seed)
    cutoff_m = float(np.random.default_rng(seed).uniform(20, 250))
    expected = brute_force(*case, cutoff_m)
    monkeypatch.setattr(_dijkstra, "BUFFER_PAIRS", 1)  # forces a fresh output buffer per origin
    for threads in (1, 2):
        got = bounded_cost_matrix(*case, cutoff_m=cutoff_m, threads=threads)
        assert got.has_canonical_format
        dense = np.full(got.shape, np.inf)
        rows = np.repeat(np.arange(got.shape[0]), np.diff(got.indptr))
        dense[rows, got.indices] = got.data  # explicit zeros stay: a 0 is a real 0 m
        np.testing.assert_allclose(dense, expected, rtol=1e-12)


def test_no_origins_or_no_destinations_give_empty_matrices():
    graph = sp.csr_matrix(([1.0], ([0], [1])), shape=(2, 2))
    empty = bounded_cost_matrix(graph, np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0),
                                np.array([1]), np.zeros(1), cutoff_m=10.0)  # fmt: skip
    assert empty.shape == (0, 1) and empty.nnz == 0
    one = bounded_cost_matrix(graph, np.array([0, 1]), np.array([0]), np.zeros(1),
                              np.zeros(0, np.int64), np.zeros(0), cutoff_m=10.0)  # fmt: skip
    assert one.shape == (1, 0) and one.nnz == 0
