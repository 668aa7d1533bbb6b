"""The swap's bookkeeping (compiled and numpy) against its meaning: the cost a swap really saves."""

from __future__ import annotations

import numpy as np
import pytest

from carefac.optimize._heuristics import _numpy_gain_and_loss, nearest_two
from carefac.optimize._swap_kernel import gain_and_loss


def cost_of(cost: np.ndarray, weights: np.ndarray, open_) -> float:
    return float(weights @ cost[:, list(open_)].min(axis=1))


@pytest.mark.parametrize("bookkeeping", [gain_and_loss, _numpy_gain_and_loss])
@pytest.mark.parametrize("seed", range(6))
def test_gain_minus_loss_is_what_each_swap_saves(bookkeeping, seed):
    """Every (close r, open j) pair, recomputed from scratch; ties (whole costs) and zero weights included."""
    rng = np.random.default_rng(seed)
    n, m, k = 40 + seed, 9, 2 + seed % 3
    cost = rng.integers(0, 6, (n, m)).astype(float) if seed % 2 else rng.uniform(0, 50, (n, m))
    weights = np.where(rng.random(n) < 0.2, 0.0, rng.uniform(0.5, 3.0, n))
    open_ = np.sort(rng.choice(m, k, replace=False))
    nearest, at, second = nearest_two(cost, open_)
    gain, loss = bookkeeping(cost, weights, nearest, second, np.searchsorted(open_, at), k)
    now = cost_of(cost, weights, open_)
    for r in range(k):
        for j in np.setdiff1d(np.arange(m), open_):
            swapped = open_.copy()
            swapped[r] = j
            assert gain[j] - loss[r, j] == pytest.approx(now - cost_of(cost, weights, swapped), abs=1e-9)
