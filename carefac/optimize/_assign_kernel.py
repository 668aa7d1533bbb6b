"""The capacitated model's greedy assignment, compiled with numba (imported only for large
instances: compiling costs seconds once, then numba's cache serves it).

Demands in the given order, each to its cheapest open site with room for all of it, or (split)
to its cheapest open sites in turn for what is left of it. The same rule as the Python loop of
:func:`.capacitated._greedy_assignment`, which it replaces where that loop would take most of a
short time limit (about 50 µs per demand there: 1 s at 20,000 demands).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._compiled import kernel_input

__all__ = ["KERNELS", "greedy_assignment", "load"]


@njit(cache=True)
def _assign(order, starts, cols, q, room, demands, split):
    x = np.zeros(cols.size)
    for i in demands:
        need = q[i]
        if need <= 0:
            continue
        if split:
            for k in range(starts[i], starts[i + 1]):
                pair = order[k]
                given = min(room[cols[pair]], need)
                if given > 0:
                    x[pair] = given / q[i]
                    room[cols[pair]] -= given
                    need -= given
                if need <= 1e-9:
                    break
            if need > 1e-9:
                return x, False
            continue
        placed = False
        for k in range(starts[i], starts[i + 1]):
            pair = order[k]
            if room[cols[pair]] >= need - 1e-9:
                x[pair] = 1.0
                room[cols[pair]] -= need
                placed = True
                break
        if not placed:
            return x, False
    return x, True


KERNELS = (_assign,)  # what must be compiled (or cached) for :func:`greedy_assignment`


def greedy_assignment(
    order: np.ndarray,
    starts: np.ndarray,
    cols: np.ndarray,
    q: np.ndarray,
    room: np.ndarray,
    demands: np.ndarray,
    *,
    split: bool,
) -> np.ndarray | None:
    """Return each pair's share of its demand (``None`` when a demand finds no room).

    ``order`` lists the pairs of each demand cheapest first, demand ``i``'s at
    ``order[starts[i]:starts[i + 1]]``; ``cols`` is each pair's site, ``room`` each site's
    capacity left (used up here: pass a copy), ``demands`` the order in which demands are served.
    """
    x, done = _assign(
        kernel_input(order, np.int64), kernel_input(starts, np.int64), kernel_input(cols, np.int64),
        kernel_input(q, np.float64), np.array(room, dtype=np.float64), kernel_input(demands, np.int64), bool(split),
    )  # fmt: skip
    return x if done else None


def load() -> None:
    """Make the kernel ready (compiled once per installation, else loaded from numba's cache)."""
    one = np.zeros(1, dtype=np.int64)
    greedy_assignment(one, np.array([0, 1]), one, np.ones(1), np.ones(1), one, split=False)
