"""Location models against brute force, the literature, and bad numbers."""

from __future__ import annotations

import csv
import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from carefac import InfeasibleError
from carefac.optimize import capacitated_p_median, lscp, mclp, p_median, ratio_target
from carefac.optimize.instances import read_orlib_pmed, read_orlib_pmedcap

from .conftest import REPO

ORLIB = REPO / "benchmarks" / "data"
SEEDS = range(25)


def instance(seed: int, *, sparse_share: float = 0.0):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(4, 14)), int(rng.integers(3, 8))
    cost = np.round(rng.uniform(0, 10, (n, m)), 1)
    if sparse_share:
        cost[rng.random((n, m)) < sparse_share] = np.inf
    weights = rng.integers(0, 6, n).astype(float)
    fixed = [int(rng.integers(0, m))] if rng.random() < 0.4 else []
    free = [j for j in range(m) if j not in fixed]
    p = int(rng.integers(1, min(3, len(free)) + 1))
    return rng, cost, weights, fixed, free, p


def pmedian_value(cost, weights, sites):
    nearest = cost[:, sites].min(axis=1)
    return float(weights[weights > 0] @ nearest[weights > 0])


@pytest.mark.parametrize("seed", SEEDS)
def test_p_median_matches_brute_force(seed):
    _, cost, weights, fixed, free, p = instance(seed)
    best = min(pmedian_value(cost, weights, list(s) + fixed) for s in itertools.combinations(free, p))
    for method in ("exact", "heuristic"):
        result = p_median(cost, p, weights=weights, fixed=fixed, method=method)
        assert len(result.new) == p and set(fixed) <= set(result.selected)
        assert result.objective == pytest.approx(pmedian_value(cost, weights, result.selected))
        assert result.bound <= result.objective + 1e-9
        if method == "exact":
            assert result.status == "optimal"
            assert result.objective == pytest.approx(best)
        else:
            assert result.objective >= best - 1e-9


@pytest.mark.parametrize("seed", SEEDS)
def test_p_median_with_unreachable_pairs(seed):
    _, cost, weights, fixed, free, p = instance(seed, sparse_share=0.3)
    options = [list(s) + fixed for s in itertools.combinations(free, p)]
    values = [pmedian_value(cost, weights, s) for s in options]
    reachable = ~np.isinf(cost).all(axis=1) | (weights == 0)
    if not reachable.all():
        with pytest.raises(InfeasibleError, match="cannot reach any candidate"):
            p_median(cost, p, weights=weights, fixed=fixed)
        return
    best = min(values)
    if not np.isfinite(best):
        with pytest.raises(InfeasibleError):
            p_median(cost, p, weights=weights, fixed=fixed, method="exact")
        return
    sparse = sp.csr_matrix(np.where(np.isfinite(cost), cost, 0))
    sparse = sp.csr_matrix((cost[np.isfinite(cost)], np.nonzero(np.isfinite(cost))), shape=cost.shape)
    result = p_median(sparse, p, weights=weights, fixed=fixed, method="exact")
    assert result.status == "optimal"
    assert result.objective == pytest.approx(best)


@pytest.mark.parametrize("seed", SEEDS)
def test_mclp_matches_brute_force(seed):
    rng, cost, weights, fixed, free, p = instance(seed)
    radius = float(rng.uniform(2, 6))

    def covered(sites):
        return float(weights[(cost[:, sites] <= radius).any(axis=1)].sum()) if sites else 0.0

    best = max(covered(list(s) + fixed) for s in itertools.combinations(free, p))
    for method in ("exact", "heuristic"):
        result = mclp(cost, radius, p, weights=weights, fixed=fixed, method=method)
        assert len(result.new) == p and set(fixed) <= set(result.selected)
        assert result.objective == pytest.approx(covered(list(result.selected)))
        assert result.bound >= result.objective - 1e-9
        if method == "exact":
            assert result.objective == pytest.approx(best) and result.status == "optimal"


@pytest.mark.parametrize("seed", SEEDS)
def test_lscp_matches_brute_force(seed):
    rng, cost, _, fixed, free, _ = instance(seed)
    radius = float(rng.uniform(2, 6))
    reachable = (cost <= radius).any(axis=1)
    fewest = next(
        k
        for k in range(len(free) + 1)
        if any(
            ((cost[:, list(s) + fixed] <= radius).any(axis=1) | ~reachable).all()
            for s in itertools.combinations(free, k)
        )
    )
    result = lscp(cost, radius, fixed=fixed)
    assert result.objective == fewest and result.status == "optimal"
    assert ((cost[:, result.selected] <= radius).any(axis=1) | ~reachable).all()
    assert result.details["uncoverable"] == int((~reachable).sum())


@pytest.mark.parametrize("seed", SEEDS)
def test_capacitated_matches_brute_force(seed):
    rng, cost, weights, fixed, free, p = instance(seed)
    demand = rng.integers(1, 5, cost.shape[0]).astype(float)
    capacity = rng.integers(4, 15, cost.shape[1]).astype(float)

    def best_assignment(sites):
        # exhaustive assignment is too large; solve each subset with the MILP on that subset alone
        return capacitated_p_median(
            cost[:, sites], 0, capacity[sites], demand=demand, weights=weights, fixed=list(range(len(sites)))
        ).objective

    values = []
    for s in itertools.combinations(free, p):
        sites = list(s) + fixed
        if capacity[sites].sum() < demand.sum():
            continue
        try:
            values.append(best_assignment(sites))
        except InfeasibleError:
            continue
    if not values:
        with pytest.raises(InfeasibleError):
            capacitated_p_median(cost, p, capacity, demand=demand, weights=weights, fixed=fixed)
        return
    result = capacitated_p_median(cost, p, capacity, demand=demand, weights=weights, fixed=fixed)
    assert result.objective == pytest.approx(min(values))
    load = np.bincount(result.assignment, weights=demand, minlength=cost.shape[1])
    assert np.all(load <= capacity + 1e-9)
    assert len(result.new) == p and set(fixed) <= set(result.selected)


@pytest.mark.parametrize("seed", SEEDS)
def test_ratio_target_matches_brute_force(seed):
    rng, cost, weights, fixed, free, _ = instance(seed)
    m = cost.shape[1]
    capacity = rng.integers(5, 30, m).astype(float)
    area = rng.integers(0, 2, m)
    deficit = rng.integers(0, 35, 2).astype(float)
    offered = np.bincount(area[free], weights=capacity[free], minlength=2)
    if (deficit > offered).any():
        with pytest.raises(InfeasibleError, match="needs .* more slots, its candidates offer"):
            ratio_target(
                cost,
                4.0,
                capacities=capacity,
                candidate_area=area,
                area_deficit=deficit,
                weights=weights,
                fixed=fixed,
            )
        return
    for k in range(len(free) + 1):
        plans = [
            list(s)
            for s in itertools.combinations(free, k)
            if all(capacity[list(s)][area[list(s)] == a].sum() >= deficit[a] for a in range(2))
        ]
        if plans:
            break
    best_cover = max(
        float(weights[(cost[:, s + fixed] <= 4.0).any(axis=1)].sum()) if s + fixed else 0.0 for s in plans
    )
    result = ratio_target(
        cost,
        4.0,
        capacities=capacity,
        candidate_area=area,
        area_deficit=deficit,
        weights=weights,
        fixed=fixed,
    )
    assert result.objective == k
    assert result.details["covered_weight"] == pytest.approx(best_cover)


def test_infeasible_inputs_say_what_is_wrong():
    cost = np.array([[1.0, 2.0], [3.0, np.inf]])
    with pytest.raises(InfeasibleError, match="cannot open 3 new sites: there are 2 candidates"):
        p_median(cost, 3)
    with pytest.raises(InfeasibleError, match="1 are already open"):
        mclp(cost, 1.0, 2, fixed=[0])
    with pytest.raises(
        InfeasibleError,
        match=r"1 demand point cannot reach any candidate within the costs given \(rows \[1\]\)",
    ):
        p_median(np.array([[1.0, 2.0], [np.inf, np.inf]]), 1)
    with pytest.raises(InfeasibleError, match="total demand is 30 but .* offer at most 20"):
        capacitated_p_median(
            np.ones((3, 3)), 2, np.array([10.0, 10.0, 5.0]), demand=np.array([10.0, 10.0, 10.0])
        )
    with pytest.raises(InfeasibleError, match="1: needs 50 more slots, its candidates offer 20"):
        ratio_target(
            np.ones((2, 2)),
            1.0,
            capacities=np.array([20.0, 20.0]),
            candidate_area=np.array([0, 1]),
            area_deficit=np.array([10.0, 50.0]),
        )


PMED_FAST = ["pmed1", "pmed2", "pmed3", "pmed5", "pmed7", "pmed11"]
PMEDCAP_FAST = ["pmedcap1_01", "pmedcap1_02", "pmedcap1_04", "pmedcap1_06"]


def pmed_optima() -> dict[str, int]:
    with open(ORLIB / "orlib-pmed" / "pmed_optima.csv", encoding="utf-8") as handle:
        return {row["instance"]: int(row["optimum"]) for row in csv.DictReader(handle)}


@pytest.mark.parametrize("name", PMED_FAST)
def test_orlib_pmed_reaches_and_proves_the_optimum(name):
    cost, p = read_orlib_pmed(ORLIB / "orlib-pmed" / f"{name}.txt")
    result = p_median(cost, p, method="exact")
    assert result.objective == pmed_optima()[name]
    assert result.status == "optimal" and result.gap == 0


@pytest.mark.parametrize("name", PMEDCAP_FAST)
def test_orlib_pmedcap_reaches_the_optimum(name):
    cost, p, capacity, demand, optimum = read_orlib_pmedcap(ORLIB / "orlib-pmedcap" / f"{name}.txt")
    result = capacitated_p_median(cost, p, np.full(len(demand), capacity), demand=demand)
    assert result.objective == optimum and result.status == "optimal"


def test_mclp_assignment_when_no_covered_pair_is_open():
    # found by hypothesis: the chosen site covers nobody, and a 0 m pair exists elsewhere
    result = mclp(np.array([[51.0, 0.0], [51.0, 0.0]]), 50.0, 1, weights=np.zeros(2))
    assert result.objective == 0.0
    opened = set(result.selected.tolist())
    expected = [1 if 1 in opened else -1] * 2
    assert result.assignment.tolist() == expected
    both = mclp(np.array([[51.0, 0.0], [51.0, 0.0]]), 50.0, 1, weights=np.ones(2))
    assert both.selected.tolist() == [1] and both.assignment.tolist() == [1, 1] and both.objective == 2.0


@pytest.mark.parametrize("seed", range(40))
def test_nearest_open_site_within_the_radius_against_a_loop(seed):
    """Each demand's assignment in the covering models: its nearest open candidate within the
    radius, ties to the lower column, a stored 0 a real 0 m, −1 when none (a loop over the
    stored entries; indices unsorted, costs tied)."""
    from carefac.optimize.covering import _nearest_covering

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 30)), int(rng.integers(1, 20))
    rows, cols = rng.integers(0, n, 3 * n), rng.integers(0, m, 3 * n)
    pairs = np.unique(np.c_[rows, cols], axis=0)
    values = np.round(rng.uniform(0, 5, len(pairs)))  # ties, and stored zeros
    costs = sp.csr_matrix((values, (pairs[:, 0], pairs[:, 1])), shape=(n, m))
    costs = costs[:, rng.permutation(m)][:, np.argsort(rng.permutation(m))]  # indices left unsorted
    open_ = rng.choice(m, int(rng.integers(0, m + 1)), replace=False)
    radius = float(rng.uniform(0, 5))
    expected = np.full(n, -1)
    for i in range(n):
        stored = costs.indices[costs.indptr[i] : costs.indptr[i + 1]]
        data = costs.data[costs.indptr[i] : costs.indptr[i + 1]]
        reach = sorted((v, j) for j, v in zip(stored, data, strict=True) if j in open_ and v <= radius)
        expected[i] = reach[0][1] if reach else -1
    assert np.array_equal(_nearest_covering(costs, radius, open_), expected)
