"""Readers for the OR-Library location benchmarks (used by tests and benchmarks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import shortest_path

__all__ = ["read_orlib_pmed", "read_orlib_pmedcap"]


def read_orlib_pmed(path: str | Path) -> tuple[np.ndarray, int]:
    """Return the all-pairs shortest-path cost matrix and p of an OR-Library ``pmedN.txt``.

    A later line for the same vertex pair overwrites an earlier one ("last occurrence wins"),
    the rule under which the published optima hold.
    """
    tokens = Path(path).read_text().split()
    n, m, p = int(tokens[0]), int(tokens[1]), int(tokens[2])
    edges = np.asarray(tokens[3 : 3 + 3 * m], dtype=float).reshape(m, 3)
    i = edges[:, 0].astype(int) - 1
    j = edges[:, 1].astype(int) - 1
    key = np.minimum(i, j) * n + np.maximum(i, j)
    _, last = np.unique(key[::-1], return_index=True)
    keep = m - 1 - last
    a, b, c = i[keep], j[keep], edges[keep, 2]
    graph = csr_matrix(
        (np.concatenate([c, c]), (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n, n)
    )
    return shortest_path(graph, method="D", directed=False), p


def read_orlib_pmedcap(path: str | Path) -> tuple[np.ndarray, int, float, np.ndarray, int]:
    """Return (floor-Euclidean cost matrix, p, capacity, demands, known optimum) of a pmedcap file."""
    lines = [line.split() for line in Path(path).read_text().splitlines() if line.strip()]
    optimum = int(lines[0][1])
    n, p, capacity = int(lines[1][0]), int(lines[1][1]), float(lines[1][2])
    rows = np.asarray(lines[2 : 2 + n], dtype=float)
    xy, demand = rows[:, 1:3], rows[:, 3]
    cost = np.floor(np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=-1)))
    return cost, p, capacity, demand, optimum
