"""The compiled greedy assignment makes the same choices as the Python loop it replaces."""

from __future__ import annotations

import numpy as np
import pytest

import carefac.optimize.capacitated as capacitated


@pytest.mark.parametrize("block_min", [1, 4, 32])
@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize("seed", range(40))
def test_compiled_greedy_assignment_is_the_python_loop(seed, split, block_min, monkeypatch):
    """… and the numpy version, which assigns blocks of demands at once where their cheapest sites
    have room for the whole block, halving the others (``block_min``: down to how few demands)."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 40 if seed < 20 else 600)), int(rng.integers(1, 8))
    open_mask = rng.random(m) < 0.7
    reach = rng.random((n, m)) < 0.7
    if seed % 5:  # most demands reach an open site (seed 0, 5, …: as drawn, often one does not)
        reach[np.arange(n), rng.choice(np.flatnonzero(open_mask), n) if open_mask.any() else 0] = True
    rows, cols = np.nonzero(reach)
    dist = np.round(rng.uniform(0, 5, rows.size), 1)  # ties
    q = rng.integers(0, 6, n).astype(float)
    share = rng.dirichlet(np.full(m, 10.0))  # room for 1.05–1.6 times the demand: binding on some sites
    cap = np.round(share * q.sum() * rng.uniform(1.05, 1.6) / max(open_mask.mean(), 0.1))
    monkeypatch.setattr(capacitated, "ASSIGN_BLOCK_MIN", block_min)
    monkeypatch.setattr(capacitated, "COMPILED_ASSIGN_FROM", 10**9)
    loop = capacitated._greedy_assignment(rows, cols, dist, q, cap, open_mask, split=split)
    monkeypatch.setattr(capacitated, "COMPILED_ASSIGN_FROM", 0)
    compiled = capacitated._greedy_assignment(rows, cols, dist, q, cap, open_mask, split=split)
    assert (loop is None) == (compiled is None)
    if loop is not None:
        np.testing.assert_allclose(compiled, loop, atol=1e-12)
        load = np.bincount(cols, weights=q[rows] * compiled, minlength=m)
        assert (load <= np.where(open_mask, cap, 0) + 1e-9).all()


def test_pairs_by_row_then_cost_as_lexsort():
    """The float-key sort orders pairs exactly as ``np.lexsort`` (ties kept as given), and falls
    back to it where the key would round the costs."""
    from carefac.optimize._heuristics import by_row_then_cost

    rng = np.random.default_rng(3)
    rows = np.sort(rng.integers(0, 500, 20_000))
    for costs in (np.round(rng.uniform(0, 3_000, rows.size), 1), rng.integers(0, 4, rows.size).astype(float)):
        assert np.array_equal(by_row_then_cost(rows, costs), np.lexsort((costs, rows)))
    huge = rng.uniform(0, 1e12, rows.size)  # beyond the key's precision: lexsort itself
    assert np.array_equal(by_row_then_cost(rows, huge), np.lexsort((huge, rows)))
    shuffled = rng.permutation(rows.size)
    assert np.array_equal(by_row_then_cost(rows[shuffled], costs[shuffled]), np.lexsort((costs[shuffled], rows[shuffled])))
