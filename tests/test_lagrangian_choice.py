"""The p-median Lagrangian's own choices of sites (a Lagrangian heuristic), against brute force."""

from __future__ import annotations

import dataclasses
import importlib
import itertools

import numpy as np
import pytest

from carefac.optimize import _heuristics as heuristics
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


@pytest.mark.parametrize("seed", range(10))
def test_the_choices_kept_are_distinct_sets_of_the_right_size_with_the_fixed_sites(seed):
    """The bound's choices of sites: each opens every fixed site and ``total_open`` sites in all,
    no two alike, at most the number kept, the one of the best bound first (its L(λ) recomputed
    from the multipliers returned equals the bound)."""
    cost, w, p = instance(200 + seed)
    fixed = np.array([seed % 9])
    found = lagrangian_p_median_bound(cost, w, fixed, p + 1, np.inf, w * cost.min(axis=1), iterations=200)
    assert 1 <= len(found.choices) <= heuristics.LAGRANGE_CHOICES_KEPT
    assert len({tuple(c) for c in found.choices}) == len(found.choices)
    for choice in found.choices:
        assert choice.size == p + 1 and fixed[0] in choice
    rho = np.minimum(0.0, w[:, None] * cost - found.multipliers[:, None]).sum(axis=0)
    assert found.multipliers.sum() + rho[found.choices[0]].sum() == pytest.approx(found.bound)


def test_p_median_searches_from_the_choices_of_the_best_bounds(monkeypatch):
    """A local search that returns its first sites untouched and a bound that reports no cheaper
    choice: swaps from the choices of its best bounds still give the brute-force optimum."""
    monkeypatch.setattr(
        pmedian_module, "_heuristic", lambda finite, w, fixed, p, *a, **k: np.concatenate([fixed, np.arange(p)])
    )
    real = pmedian_module.lagrangian_p_median_bound
    monkeypatch.setattr(
        pmedian_module,
        "lagrangian_p_median_bound",
        lambda *a, **k: dataclasses.replace(real(*a, **k), better_open=None, better_value=np.inf),
    )
    for seed in range(15):
        cost, w, p = instance(100 + seed)
        result = p_median(cost, p, weights=w, method="heuristic")
        assert result.objective == pytest.approx(brute_force(cost, w, p))
