"""Set-cover reductions (unit costs): the classical rules that shrink an LSCP before the MILP.

Rows are demands to cover, columns are candidate sites. Applied until nothing changes:

- identical rows: one is kept;
- dominated rows: a row whose column set contains another row's is covered whenever that row
  is, so it is dropped;
- dominated columns: a column whose row set lies within another column's is never needed
  (with unit costs the other column does at least as much), so it is dropped (ties: the
  lower index is kept);
- essential columns: a row with a single column left forces that column open; the rows it
  covers are dropped.

Every rule keeps at least one optimal solution, so the optimum of the reduced problem plus the
forced columns is the optimum of the original (Toregas & ReVelle 1973; Beasley 1987).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["Reduced", "reduce_set_cover"]

_BLOCK_ROWS = 2048


class Reduced:
    """A reduced set cover: ``matrix`` (rows × kept columns), the kept column ids, forced columns."""

    def __init__(self, matrix: sp.csr_matrix, columns: np.ndarray, forced: np.ndarray, rounds: int):
        self.matrix = matrix
        self.columns = columns
        self.forced = forced
        self.rounds = rounds


def _unique_rows(a: sp.csr_matrix) -> sp.csr_matrix:
    """Return ``a`` without repeated rows (random projections as keys, then exact check by sort)."""
    if a.shape[0] <= 1:
        return a
    rng = np.random.default_rng(7)
    keys = np.column_stack([a @ rng.random(a.shape[1]), a @ rng.random(a.shape[1]), np.diff(a.indptr)])
    _, first = np.unique(keys, axis=0, return_index=True)
    return a[np.sort(first)]


def _dominated_rows(a: sp.csr_matrix) -> np.ndarray:
    """Return a mask of rows that contain another row's column set (strictly larger, or equal and later)."""
    n = a.shape[0]
    size = np.diff(a.indptr).astype(np.int64)
    ai = a.astype(np.int32)
    at = ai.T.tocsc()
    drop = np.zeros(n, dtype=bool)
    for start in range(0, n, _BLOCK_ROWS):
        stop = min(start + _BLOCK_ROWS, n)
        shared = (ai[start:stop] @ at).tocoo()  # |row i ∩ row k| for the block's rows i
        i = shared.row + start  # candidate dominated row (the superset)
        k = shared.col  # the subset row
        full = (shared.data == size[k]) & (i != k) & ((size[k] < size[i]) | (k < i))
        drop[i[full]] = True
    return drop


def _dominated_columns(a: sp.csr_matrix) -> np.ndarray:
    """Return a mask of columns whose row set lies within another column's (ties: later one dropped)."""
    csc = a.tocsc().astype(np.int32)
    size = np.diff(csc.indptr).astype(np.int64)
    shared = (csc.T @ csc).tocoo()
    j, k = shared.row, shared.col  # |rows(j) ∩ rows(k)|
    within = (shared.data == size[j]) & (j != k) & ((size[j] < size[k]) | (j > k))
    drop = np.zeros(a.shape[1], dtype=bool)
    drop[j[within]] = True
    drop[size == 0] = True
    return drop


def reduce_set_cover(a: sp.csr_matrix, *, max_rounds: int = 50) -> Reduced:
    """Return the reduced problem of covering every row of boolean ``a`` with the fewest columns.

    Every row must have at least one column (uncoverable rows are the caller's to remove).
    """
    a = sp.csr_matrix(a, dtype=bool)
    columns = np.arange(a.shape[1])
    forced: list[np.ndarray] = []
    rounds = 0
    while rounds < max_rounds and a.shape[0] and a.shape[1]:
        rounds += 1
        before = a.shape
        a = _unique_rows(a)
        a = a[~_dominated_rows(a)]
        keep = ~_dominated_columns(a)
        a, columns = a[:, np.flatnonzero(keep)].tocsr(), columns[keep]
        single = np.flatnonzero(np.diff(a.indptr) == 1)
        if single.size:
            must = np.unique(a.indices[a.indptr[single]])
            forced.append(columns[must])
            covered = np.asarray(a[:, must].sum(axis=1)).ravel() > 0
            rest = np.setdiff1d(np.arange(a.shape[1]), must)
            a, columns = a[~covered][:, rest].tocsr(), columns[rest]
        if a.shape == before:
            break
    return Reduced(a, columns, np.concatenate(forced) if forced else np.zeros(0, np.int64), rounds)
