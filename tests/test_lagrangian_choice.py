"""The p-median Lagrangian's own choices of sites (a Lagrangian heuristic), against brute force."""

from __future__ import annotations

import importlib
import itertools

import numpy as np
import pytest

from carefac.optimize import p_median
from carefac.optimize._heuristics import lagrangian_p_median_bound

pmedian_module = importlib.import_module("carefac.optimize.pmedian")


def instance(seed):
    rng = np.random.default_rng(seed)
    n, m = 30, 9
    points, sites = rng.uniform(0, 10, (n, 2)), rng.uniform(0, 10, (m, 2))
    cost = np.sqrt(((points[:, None] - sites[None]) ** 2).sum(-1))
    return cost, rng.integers(1, 20, n).astype(float), int(rng.integers(2, 4))


def brute_force(cost, w, p, fixed=()):
    free = [j for j in range(cost.shape[1]) if j not in fixed]
    return min(
        float(w @ cost[:, list(fixed) + list(s)].min(axis=1)) for s in itertools.combinations(free, p)
    )


@pytest.mark.parametrize("seed", range(20))
def test_the_choice_reported_is_priced_right_and_never_below_the_optimum(seed):
    """Aimed from an answer 3× the optimum, the iterations' cheapest choice: its cost recomputed
    independently, fixed sites in it, the optimum ≤ its cost ≤ the upper bound given."""
    cost, w, p = instance(seed)
    fixed = np.array([seed % 9])
    best = brute_force(cost, w, p, fixed=(seed % 9,))
    found = lagrangian_p_median_bound(cost, w, fixed, p + 1, 3 * best, w * cost.min(axis=1))
    assert found.better_open is not None  # 3× the optimum: some choice is cheaper
    assert found.better_open.size == p + 1 and fixed[0] in found.better_open
    assert found.better_value == pytest.approx(float(w @ cost[:, found.better_open].min(axis=1)))
    assert found.bound <= best + 1e-9 <= found.better_value + 2e-9 <= 3 * best


def test_p_median_takes_the_lagrangian_choice_when_the_local_search_is_poor(monkeypatch):
    """A local search that returns its first sites untouched: the Lagrangian's choices (swapped)
    still give the brute-force optimum on every instance (heuristic method: no exact stage)."""
    monkeypatch.setattr(
        pmedian_module, "_heuristic", lambda finite, w, fixed, p, *a, **k: np.concatenate([fixed, np.arange(p)])
    )
    for seed in range(15):
        cost, w, p = instance(100 + seed)
        result = p_median(cost, p, weights=w, method="heuristic")
        assert result.objective == pytest.approx(brute_force(cost, w, p))
        assert result.bound <= result.objective + 1e-9


def test_rows_whose_keys_coincide_but_differ_are_not_merged_for_ever():
    """Rows that differ only below 1e-300 get the same projection keys: the merge of identical
    rows found no repeat among them and called itself on the same rows until Python's recursion
    limit (found by the property test). Now the p-median solves them, every row distinct."""
    cost = np.array(
        [[1e-323, 5e-324, 5e-324], [0.0, 0.0, 0.0], [0.0, 2e-323, 1.5e-323], [2e-323, 1e-323, 1.5e-323],
         [2e-323, 1.5e-323, 1.5e-323], [1e-323, 1e-323, 2e-323], [5e-324, 2e-323, 1.5e-323]]
    )  # fmt: skip
    assert pmedian_module._identical_rows(cost) is None
    result = p_median(cost, 1)
    assert result.status == "optimal" and "identical_rows_merged" not in result.details
