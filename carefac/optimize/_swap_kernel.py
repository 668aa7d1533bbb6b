"""The fast-interchange bookkeeping of the p-median swap, compiled with numba (imported only for
large instances: compiling costs seconds once, then numba's cache serves it).

For open sites with nearest cost ``a_i`` (at open position ``r_i``) and second-nearest ``b_i``,
adding candidate ``j`` gains ``Σ_i w_i max(0, a_i − c_ij)`` and, if open site ``r`` closes at
the same time, loses ``Σ_{i: r_i = r} w_i (min(b_i, max(c_ij, a_i)) − a_i)`` more (Whitaker 1983;
Resende & Werneck 2003). One pass over the costs without the n × m intermediates numpy writes
(about 5 ms against numpy's 90 ms at 10,000 × 500, p = 20; one thread: two compiled in 10 s
instead of 7 s for 1 ms less).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._compiled import kernel_input

__all__ = ["KERNELS", "gain_and_loss", "load"]


@njit(cache=True)
def _gain_and_loss(cost, weights, nearest, second, position, open_count):
    n, m = cost.shape
    gain = np.zeros(m)
    loss = np.zeros((open_count, m))
    for i in range(n):
        w, a, b = weights[i], nearest[i], second[i]
        lost, row = loss[position[i]], cost[i]
        for j in range(m):  # without branches, so the loop vectorises (13× faster than with)
            value = row[j]
            gain[j] += w * max(a - value, 0.0)
            lost[j] += w * (min(b, max(value, a)) - a)
    return gain, loss


KERNELS = (_gain_and_loss,)  # what must be compiled (or cached) for :func:`gain_and_loss`


def gain_and_loss(
    cost: np.ndarray, weights: np.ndarray, nearest: np.ndarray, second: np.ndarray, position: np.ndarray, open_count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the gain of adding each candidate and the extra loss of closing each open site with it.

    Returns
    -------
    tuple of numpy.ndarray
        ``gain`` (m,) and ``loss`` (open_count, m).
    """
    return _gain_and_loss(
        kernel_input(cost, np.float64), kernel_input(weights, np.float64), kernel_input(nearest, np.float64),
        kernel_input(second, np.float64), kernel_input(position, np.int64), int(open_count),
    )  # fmt: skip


def load() -> None:
    """Make the kernel ready (compiled once per installation, else loaded from numba's cache)."""
    cost = np.array([[1.0, 2.0], [2.0, 1.0]])
    gain_and_loss(cost, np.ones(2), np.ones(2), np.full(2, 2.0), np.zeros(2, dtype=np.int64), 1)
