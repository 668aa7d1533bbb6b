"""The capacitated p-median's Lagrangian bound with capacities, against independent answers: the
linear relaxation solved by scipy's linprog, hand-computed optima, brute force."""

from __future__ import annotations

import importlib
import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from carefac.optimize import capacitated_p_median
from carefac.optimize._capacity_bound import CapacityBound, capacitated_lagrangian_bound
from carefac.optimize._core import as_sparse_costs
from carefac.optimize._heuristics import lagrangian_p_median_bound

NONE = np.array([], dtype=np.int64)


def linear_relaxation(cost, w, q, cap, p) -> float:
    """min Σ w_i c_ij x_ij: Σ_j x_ij = 1, Σ_i q_i x_ij ≤ Q_j y_j, x_ij ≤ y_j, Σ y_j = p, 0 ≤ x, y ≤ 1."""
    n, m = cost.shape
    c = np.concatenate([(w[:, None] * cost).ravel(), np.zeros(m)])
    served = np.concatenate([np.kron(np.eye(n), np.ones(m)), np.zeros((n, m))], axis=1)
    count = np.concatenate([np.zeros(n * m), np.ones(m)])[None]
    load = np.concatenate([np.kron(np.ones(n), np.eye(m)) * np.repeat(q, m), -np.diag(cap)], axis=1)
    link = np.concatenate([np.eye(n * m), -np.kron(np.ones((n, 1)), np.eye(m))], axis=1)
    answer = linprog(
        c, A_ub=np.vstack([load, link]), b_ub=np.zeros(m + n * m), A_eq=np.vstack([served, count]),
        b_eq=np.concatenate([np.ones(n), [p]]), bounds=(0, 1),
    )  # fmt: skip
    assert answer.status == 0
    return float(answer.fun)


def tight_instance(seed):
    rng = np.random.default_rng(seed)
    n, m, p = 10, 6, int(rng.integers(2, 4))
    cost = np.round(rng.uniform(0, 10, (n, m)), 1)
    w = q = rng.integers(1, 6, n).astype(float)
    cap = np.round(rng.uniform(0.6, 1.6, m) * q.sum() / p)
    while np.sort(cap)[::-1][:p].sum() < q.sum():  # p sites can hold the demand
        cap += 1.0
    return cost, w, q, cap, p


@pytest.mark.parametrize("seed", range(25))
def test_split_bound_reaches_the_linear_relaxation_from_below(seed):
    """For split demand the best L(λ) is the linear relaxation (with x ≤ y): never above it, and the
    subgradient steps get within 0.01 % of it; from the uncapacitated multipliers it starts no lower
    than the uncapacitated bound."""
    cost, w, q, cap, p = tight_instance(seed)
    relaxation = linear_relaxation(cost, w, q, cap, p)
    uncapacitated = lagrangian_p_median_bound(cost, w, NONE, p, 1e9, w * cost.min(axis=1))
    bound = capacitated_lagrangian_bound(
        as_sparse_costs(cost).tocoo(), w, q, cap, NONE, p, single_source=False, upper_bound=1.2 * relaxation,
        start_multipliers=uncapacitated.multipliers, deadline=None,
    ).bound  # fmt: skip
    assert bound <= relaxation + 1e-7 * relaxation
    assert bound >= relaxation * (1 - 1e-4)
    assert bound >= uncapacitated.bound - 1e-9


@pytest.mark.parametrize(("single_source", "expected"), [(True, 11.0), (False, 3.5)])
def test_single_source_bound_leaves_out_sites_smaller_than_the_demand(single_source, expected):
    """Demand A (6) is 1 from site 0 (capacity 5) and 10 from site 1; demand B (1) is 1 from both.
    Single-source: A must go to site 1, optimum 10 + 1 = 11. Split: 5/6 of A at site 0 (5/6),
    1/6 at site 1 (10/6), B at site 1 (1): 3.5. Both bounds reach their optimum (within the
    subgradient's 0.01 %), never above it."""
    cost = np.array([[1.0, 10.0], [1.0, 1.0]])
    bound = capacitated_lagrangian_bound(
        as_sparse_costs(cost).tocoo(), np.ones(2), np.array([6.0, 1.0]), np.array([5.0, 10.0]), NONE, 2,
        single_source=single_source, upper_bound=11.0, start_multipliers=np.ones(2), deadline=None,
    ).bound  # fmt: skip
    assert expected * (1 - 1e-4) <= bound <= expected + 1e-9


def _transport_optimum(cost, w, q, cap, sites) -> float:
    n, k = cost.shape[0], len(sites)
    answer = linprog(
        (w[:, None] * cost[:, sites]).ravel(), A_ub=np.kron(np.ones(n), np.eye(k)) * np.repeat(q, k),
        b_ub=cap[sites], A_eq=np.kron(np.eye(n), np.ones(k)), b_eq=np.ones(n), bounds=(0, 1),
    )  # fmt: skip
    return float(answer.fun) if answer.status == 0 else np.inf


def test_capacitated_without_the_milp_reports_the_bound_with_capacities(monkeypatch):
    """The MILP does not fit: the bound counts the capacities. It stays below the optimum (brute
    force: a transportation LP per site subset), is never lower than the bound without it, and is
    higher on tight instances."""
    capacitated = importlib.import_module("carefac.optimize.capacitated")
    monkeypatch.setattr(capacitated, "milp_fits", lambda *a, **k: False)
    higher = 0
    for seed in range(12):
        cost, w, q, cap, p = tight_instance(100 + seed)
        options = {"demand": q, "weights": w, "single_source": False, "time_limit_s": 3.0}
        with monkeypatch.context() as without:
            without.setattr(capacitated, "capacitated_lagrangian_bound", lambda *a, **k: CapacityBound(-np.inf, []))
            before = capacitated_p_median(cost, p, cap, **options)
        result = capacitated_p_median(cost, p, cap, **options)
        best = min(_transport_optimum(cost, w, q, cap, list(s)) for s in itertools.combinations(range(6), p))
        assert result.bound <= best + 1e-6 <= result.objective + 2e-6
        assert result.bound >= before.bound - 1e-9
        higher += result.bound > before.bound + 1e-6
        if result.status == "optimal":
            assert result.objective == pytest.approx(result.bound)
    assert higher > 0


def test_the_bounds_own_sites_are_priced_for_split_demand(monkeypatch):
    """The MILP does not fit and the swaps find nothing: the sites the bound chose, assigned by
    the transportation LP, are taken when cheaper. Never worse than the quick answer, never below
    the optimum (brute force), and better on some instances."""
    capacitated = importlib.import_module("carefac.optimize.capacitated")
    monkeypatch.setattr(capacitated, "milp_fits", lambda *a, **k: False)
    monkeypatch.setattr(capacitated, "_improve_sites", lambda coo, w, q, cap, fixed, start, **k: start)
    better = 0
    for seed in range(12):
        cost, w, q, cap, p = tight_instance(200 + seed)
        options = {"demand": q, "weights": w, "single_source": False, "time_limit_s": 3.0}
        with monkeypatch.context() as without:
            without.setattr(capacitated, "_split_if_cheaper", lambda coo, w, price, q, cap, fixed, start, chosen, **k: start)
            quick = capacitated_p_median(cost, p, cap, **options)
        result = capacitated_p_median(cost, p, cap, **options)
        best = min(_transport_optimum(cost, w, q, cap, list(s)) for s in itertools.combinations(range(6), p))
        assert best - 1e-6 <= result.objective <= quick.objective + 1e-9
        load = np.asarray(result.details["load"])
        assert (load <= cap[result.selected] + 1e-9).all() and load.sum() == pytest.approx(q.sum())
        better += result.objective < quick.objective - 1e-9
    assert better > 0
