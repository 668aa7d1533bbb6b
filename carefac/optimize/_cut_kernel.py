"""The search for violated odd-triple cuts of a set cover's LP, compiled with numba.

Three rows ``a, b, c`` of a 0/1 cover (each ``≥ 1``), added and halved with the coefficients
rounded up, give the {0, ½}-Chvátal–Gomory cut ``Σ_j ⌈n_j / 2⌉ x_j ≥ 2`` (``n_j``: how many of
the three rows column ``j`` covers; Caprara & Fischetti 1996). An LP answer ``x`` violates it by
``(1 − s_a − s_b − s_c − x(odd))/2``, where ``s`` are the rows' slacks and ``x(odd)`` is the LP
value on the columns covering one or three of the rows. Of the rows' pairwise overlaps
``W_ab = x(a ∩ b)``, a violated triple has one above 1/3 (their sum exceeds 1), so the search
takes each such pair and every third row, with ``x(odd) = X_a + X_b + X_c − 2(W_ab + W_ac + W_bc)
+ 4 x(a ∩ b ∩ c)`` (``X_a = x(a)``); the triple intersection is summed only for the triples the
rest leaves below the limit.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._compiled import kernel_input

__all__ = ["KERNELS", "load", "violated_triples"]


@njit(cache=True)
def _overlaps(ptr, col, x):
    """Return the rows' overlaps ``W`` (``x`` summed over the columns two rows share; ``X`` on the diagonal)."""
    u, width = ptr.size - 1, x.size
    count = np.zeros(width + 1, np.int64)
    for e in range(ptr[-1]):
        count[col[e] + 1] += 1
    col_ptr = np.cumsum(count)
    col_row = np.empty(ptr[-1], np.int64)
    fill = col_ptr[:-1].copy()
    for r in range(u):
        for e in range(ptr[r], ptr[r + 1]):
            col_row[fill[col[e]]] = r
            fill[col[e]] += 1
    overlap = np.zeros((u, u))
    for j in range(width):
        for p in range(col_ptr[j], col_ptr[j + 1]):
            for q in range(col_ptr[j], col_ptr[j + 1]):
                overlap[col_row[p], col_row[q]] += x[j]
    return overlap


@njit(cache=True)
def _triples(ptr, col, x, slack, limit, most):
    u = ptr.size - 1
    overlap = _overlaps(ptr, col, x)
    found = np.empty((most, 3), np.int64)
    cost = np.empty(most)
    n = 0
    shared = np.zeros(x.size)  # x on the columns of the pair a ∩ b, else 0
    in_a = np.zeros(x.size, np.bool_)
    third = 1.0 / 3.0 + 1e-9
    for a in range(u):
        for e in range(ptr[a], ptr[a + 1]):
            in_a[col[e]] = True
        for b in range(a + 1, u):
            if overlap[a, b] <= third:
                continue
            for e in range(ptr[b], ptr[b + 1]):
                if in_a[col[e]]:
                    shared[col[e]] = x[col[e]]
            pair = slack[a] + slack[b] + overlap[a, a] + overlap[b, b] - 2.0 * overlap[a, b]
            for c in range(u):
                if c == a or c == b or n == most:
                    continue
                value = pair + slack[c] + overlap[c, c] - 2.0 * (overlap[a, c] + overlap[b, c])
                if value >= limit:
                    continue
                for e in range(ptr[c], ptr[c + 1]):
                    value += 4.0 * shared[col[e]]
                if value < limit:
                    found[n, 0], found[n, 1], found[n, 2] = a, b, c
                    cost[n] = value
                    n += 1
            for e in range(ptr[b], ptr[b + 1]):
                shared[col[e]] = 0.0
        for e in range(ptr[a], ptr[a + 1]):
            in_a[col[e]] = False
    return found[:n], cost[:n]


KERNELS = (_overlaps, _triples)  # what must be compiled (or cached) for :func:`violated_triples`


def violated_triples(
    indptr: np.ndarray, indices: np.ndarray, x: np.ndarray, slack: np.ndarray, *, limit: float, most: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return (triples of row positions, their ``s_a + s_b + s_c + x(odd)``) below ``limit`` (at most ``most``).

    The rows are given in CSR form (``indptr``, ``indices``) over the columns of ``x`` (the LP's
    positive values); ``slack`` is each row's ``x(row) − 1``. A triple may come more than once
    (once per pair of it above 1/3).
    """
    return _triples(
        kernel_input(indptr, np.int64), kernel_input(indices, np.int64), kernel_input(x, np.float64),
        kernel_input(slack, np.float64), float(limit), int(most),
    )  # fmt: skip


def load() -> None:
    """Make the search ready (compiled once per installation, else loaded from numba's cache)."""
    violated_triples(np.array([0, 1]), np.array([0]), np.ones(1), np.zeros(1), limit=1.0, most=1)
