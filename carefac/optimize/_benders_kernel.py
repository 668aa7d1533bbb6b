"""The p-median Benders separation, compiled with numba (compiling costs a second once, then
numba's cache serves it).

For each demand the sorted costs are walked only until the sites passed hold a total ``y`` of 1
(usually a few dozen of the ``m``), instead of the ``n × m`` cumulative sums numpy would write.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._compiled import kernel_input

__all__ = ["KERNELS", "load", "separate"]


@njit(cache=True)
def _levels(order, srt, rows, y, theta, all_rows, tolerance):
    k = rows.size
    first = np.empty(k, dtype=np.int64)
    level = np.empty(k)
    rhs = np.empty(k)
    keep = np.zeros(k, dtype=np.bool_)
    m = srt.shape[1]
    for a in range(k):
        i = rows[a]
        total = 0.0
        f = m - 1
        for t in range(m):
            total += y[order[i, t]]
            if total >= 1.0 - 1e-9:
                f = t
                break
        lev = srt[i, f]
        first[a] = f
        level[a] = lev
        if not np.isfinite(lev):  # the sites held fall short of 1: no cut
            continue
        r = lev
        for t in range(f):
            d = srt[i, t]
            if d < lev:
                r -= (lev - d) * y[order[i, t]]
        rhs[a] = r
        keep[a] = all_rows or r - theta[i] > tolerance * max(abs(lev), 1.0)
    return first, level, keep


@njit(cache=True)
def _pieces(order, srt, rows, first, level, pick):
    counts = np.zeros(pick.size, dtype=np.int64)
    for b in range(pick.size):
        a = pick[b]
        i, lev = rows[a], level[a]
        for t in range(first[a]):
            if srt[i, t] < lev:
                counts[b] += 1
    cols = np.empty(counts.sum(), dtype=np.int64)
    coef = np.empty(cols.size)
    at = 0
    for b in range(pick.size):
        a = pick[b]
        i, lev = rows[a], level[a]
        for t in range(first[a]):
            d = srt[i, t]
            if d < lev:
                cols[at] = order[i, t]
                coef[at] = lev - d
                at += 1
    return counts, cols, coef


KERNELS = (_levels, _pieces)  # what must be compiled (or cached) for :func:`separate`


def separate(order, srt, rows, y, theta, *, all_rows: bool, tolerance: float):
    """Return the violated cuts at ``y`` as (rows, levels, counts, columns, coefficients)."""
    order, srt, rows = kernel_input(order, np.int64), kernel_input(srt, np.float64), kernel_input(rows, np.int64)
    y, theta = kernel_input(y, np.float64), kernel_input(theta, np.float64)
    first, level, keep = _levels(order, srt, rows, y, theta, bool(all_rows), float(tolerance))
    pick = np.flatnonzero(keep)
    counts, cols, coef = _pieces(order, srt, rows, first, level, pick)
    return rows[pick], level[pick], counts, cols, coef


def load() -> None:
    """Make the kernels ready (compiled once per installation, else loaded from numba's cache)."""
    cost = np.array([[1.0, 2.0], [2.0, 1.0]])
    order = np.argsort(cost, axis=1).astype(np.int64)
    srt = np.ascontiguousarray(np.take_along_axis(cost, order, axis=1))
    separate(order, srt, np.arange(2, dtype=np.int64), np.full(2, 0.5), np.zeros(2), all_rows=True, tolerance=1e-9)
