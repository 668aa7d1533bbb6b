"""Dense costs are read, not copied, and a stage with no time for one iteration is skipped, not
begun: at 500 M pairs (4 GB) each copy or iteration costs seconds of the time limit."""

from __future__ import annotations

import importlib
import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from carefac.optimize import p_center, p_median
from carefac.optimize._core import as_dense_costs, dense_costs, scan_dense
from carefac.optimize._heuristics import lagrangian_p_median_bound, swap_p_median, with_big_m

heuristics = importlib.import_module("carefac.optimize._heuristics")


def costs(seed, n=40, m=10):
    rng = np.random.default_rng(seed)
    points, sites = rng.uniform(0, 10, (n, 2)), rng.uniform(0, 10, (m, 2))
    return np.sqrt(((points[:, None] - sites[None]) ** 2).sum(-1)), rng.integers(1, 20, n).astype(float)


def brute_force(cost, w, p):
    return min(float(w @ cost[:, list(s)].min(axis=1)) for s in itertools.combinations(range(cost.shape[1]), p))


def test_float_costs_are_read_where_they_are_and_protected():
    cost, _ = costs(1)
    dense = as_dense_costs(cost)
    assert np.shares_memory(dense, cost)  # no copy
    assert not dense.flags.writeable  # the caller's memory: the models only read it
    assert cost.flags.writeable  # … and the caller's array stays as it was
    assert with_big_m(dense) is dense  # every pair reachable: no stand-in copy either


@pytest.mark.parametrize("kind", ["nan", "float32", "fortran", "list", "sparse"])
def test_costs_needing_a_change_are_copied_and_the_callers_left_alone(kind):
    cost, _ = costs(2)
    given = cost.copy()
    if kind == "nan":
        given[3, 4] = np.nan
    elif kind == "float32":
        given = given.astype(np.float32)
    elif kind == "fortran":
        given = np.asfortranarray(given)
    elif kind == "list":
        given = given.tolist()
    else:
        given = sp.csr_matrix(np.where(given < 5, given, 0.0))
    before = given.copy() if not isinstance(given, list) else [row[:] for row in given]
    dense = as_dense_costs(given)
    if kind == "nan":
        assert dense[3, 4] == np.inf  # NaN read as unreachable …
        assert np.isnan(given[3, 4])  # … on a copy
    if isinstance(given, np.ndarray):
        assert not np.shares_memory(dense, given) or kind not in ("nan", "float32", "fortran")
        np.testing.assert_array_equal(given, before)
    assert dense.flags.c_contiguous and not dense.flags.writeable


def test_the_scan_equals_its_definition():
    rng = np.random.default_rng(3)
    cost = rng.uniform(0, 100, (1_000, 600))  # several blocks of the scan
    cost[rng.random(cost.shape) < 0.3] = np.inf
    cost[17] = np.inf  # a row reaching nothing
    scan = scan_dense(cost)
    np.testing.assert_array_equal(scan.row_min, cost.min(axis=1))
    assert scan.top == cost[np.isfinite(cost)].max()
    assert scan.unreachable
    reachable = scan_dense(np.where(np.isfinite(cost), cost, 1.0))
    assert not reachable.unreachable and reachable.top == np.where(np.isfinite(cost), cost, 1.0).max()
    _, from_costs = dense_costs(cost)
    np.testing.assert_array_equal(from_costs.row_min, scan.row_min)


def test_a_negative_cost_is_refused_even_next_to_nan():
    cost, _ = costs(4)
    cost[5, 2], cost[5, 3] = np.nan, -1.0
    with pytest.raises(Exception, match="row 6|-1"):
        as_dense_costs(cost)


def test_a_lagrangian_without_time_for_one_iteration_begins_none():
    cost, w = costs(5)
    nearest = cost.min(axis=1)
    found = lagrangian_p_median_bound(cost, w, np.array([], dtype=np.int64), 3, 1e9, w * nearest, deadline=0.0)
    assert found.bound == -np.inf  # no iteration: no bound of its own (the caller's others stand)
    assert found.closed.size == found.opened.size == 0 and found.better_open is None


def test_a_swap_without_time_for_one_iteration_returns_its_start():
    cost, w = costs(6)
    start = np.array([0, 1, 2])
    assert np.array_equal(swap_p_median(cost, w, start, np.array([], dtype=np.int64), deadline=0.0), start)


@pytest.mark.parametrize("seed", range(8))
def test_p_median_whose_stages_expect_no_time_still_answers_honestly(seed, monkeypatch):
    """Iterations expected to take an hour: the greedy answer, the all-open bound, both checked
    against brute force, and ``optimal`` only where they meet."""
    monkeypatch.setattr(heuristics, "SWAP_S_PER_PAIR", (3600.0, 3600.0))
    monkeypatch.setattr(heuristics, "LAGRANGE_S_PER_PAIR", (3600.0, 3600.0))
    cost, w = costs(10 + seed)
    result = p_median(cost, 3, weights=w, time_limit_s=5.0, method="heuristic")
    best = brute_force(cost, w, 3)
    assert result.bound <= best * (1 + 1e-9) and best <= result.objective * (1 + 1e-9)
    assert np.isclose(result.objective, float(w @ cost[:, result.selected].min(axis=1)))
    assert result.bound <= float(w @ cost.min(axis=1)) + 1e-6  # the all-open bound, no more
    if result.status == "optimal":
        assert np.isclose(result.objective, result.bound)


def p_center_brute_force(cost, p):
    return min(float(cost[:, list(s)].min(axis=1).max()) for s in itertools.combinations(range(cost.shape[1]), p))


@pytest.mark.parametrize("seed", range(10))
def test_p_center_over_a_sample_of_radii_then_the_bracket_is_still_exact(seed, monkeypatch):
    """With the radii listed 6 at a time (a sample, then the radii between the two sampled ones
    that bracket the optimum), p-center still finds the brute-force optimum and proves it."""
    center = importlib.import_module("carefac.optimize.center")
    monkeypatch.setattr(center, "RADII_MAX", 6)
    cost, _ = costs(30 + seed, n=30, m=8)
    if seed % 3 == 0:
        cost = np.round(cost)  # ties
    result = p_center(cost, 2)
    best = p_center_brute_force(cost, 2)
    assert np.isclose(result.objective, best)
    assert result.status == "optimal" and np.isclose(result.bound, best)


def test_p_center_selects_the_pairs_within_a_radius_as_a_loop_would():
    center = importlib.import_module("carefac.optimize.center")
    cost, _ = costs(41, n=1_500, m=3_000)  # several blocks of rows
    cost[3, :] = 0.0  # stored zeros are real zeros
    cost[7, 5] = np.inf
    within = center._within(cost, 2.5)
    rows, cols = np.nonzero(cost <= 2.5)
    assert within.nnz == rows.size
    np.testing.assert_array_equal(within.toarray()[rows, cols], cost[rows, cols])
    assert within.has_canonical_format and within[3].nnz == 3_000


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("slow", ["COVER_S_PER_PAIR", "PASS_S_PER_PAIR"])
def test_p_center_with_no_time_for_a_decision_returns_a_valid_answer_and_bound(seed, slow, monkeypatch):
    """Decisions (or the pass listing the radii) expected to take an hour: none begun; the
    farthest-first answer and the floor."""
    center = importlib.import_module("carefac.optimize.center")
    monkeypatch.setattr(center, slow, 3600.0)
    cost, _ = costs(50 + seed, n=30, m=8)
    result = p_center(cost, 2, time_limit_s=5.0)
    best = p_center_brute_force(cost, 2)
    assert result.status == "time_limit" and result.bound <= best <= result.objective + 1e-9
    assert np.isclose(result.objective, cost[:, result.selected].min(axis=1).max())


@pytest.mark.parametrize("kind", ["dense", "sparse"])
def test_capacitated_beyond_its_quick_answer_and_milp_is_refused_before_reading(kind, monkeypatch):
    """At 500 M cells converting the costs alone took 27 s before the model gave up: now a clear
    refusal first, with the numbers and what to do, in both languages."""
    from carefac import InfeasibleError
    from carefac.optimize import capacitated_p_median

    capacitated = importlib.import_module("carefac.optimize.capacitated")
    monkeypatch.setattr(capacitated, "START_MAX_PAIRS", 100)
    monkeypatch.setattr(capacitated, "milp_fits", lambda *args, **kwargs: False)
    cost, w = costs(60, n=30, m=10)
    cost[0, 0] = np.inf
    given = cost if kind == "dense" else sp.csr_matrix(np.where(np.isfinite(cost), cost, 0.0))
    with pytest.raises(InfeasibleError) as refused:
        capacitated_p_median(given, 2, np.full(10, 100.0), demand=w, time_limit_s=5.0)
    assert refused.value.code == "capacitated_too_large"
    assert "30 demand points × 10 candidates" in str(refused.value)
    assert "299 reachable pairs" in str(refused.value)
    assert "容量约束p中位模型" in refused.value.sentence("zh")
    monkeypatch.setattr(capacitated, "START_MAX_PAIRS", 25_000_000)  # within the quick answer: solved
    assert capacitated_p_median(given, 2, np.full(10, 400.0), demand=w, time_limit_s=5.0).objective > 0


def test_max_attendance_whose_losses_would_end_past_their_share_of_the_limit_is_refused(monkeypatch):
    from carefac import InfeasibleError
    from carefac.optimize import max_attendance

    center = importlib.import_module("carefac.optimize.center")
    cost, w = costs(70, n=20_000, m=50)  # 25 blocks of rows
    monkeypatch.setattr(center, "LOSS_SHARE", 0.0)  # no time for them
    with pytest.raises(InfeasibleError) as refused:
        max_attendance(cost, 3, cutoff=3.0, weights=w, time_limit_s=5.0)
    assert refused.value.code == "attendance_too_large" and "20,000 demand points × 50 candidates" in str(refused.value)
    assert "距离衰减就近入托模型" in refused.value.sentence("zh")
    monkeypatch.setattr(center, "LOSS_SHARE", 0.6)
    loss = center._attendance_loss(cost, 3.0)
    np.testing.assert_allclose(loss, 1.0 - center.linear_decay(cost, 3.0), atol=1e-15)


@pytest.mark.parametrize("fixed", [(), (3,)])
def test_p_center_where_no_demand_counts_answers_zero_like_p_median(fixed):
    """Every weight 0: any sites serve, the largest distance is 0 (it raised numpy's 'argmax of an
    empty sequence' before), as p-median answers 0."""
    cost, _ = costs(80, n=20, m=6)
    result = p_center(cost, 2, weights=np.zeros(20), fixed=fixed)
    assert result.status == "optimal" and result.objective == result.bound == 0.0
    assert result.new.size == 2 and set(fixed) <= set(result.selected.tolist())
    assert p_median(cost, 2, weights=np.zeros(20), fixed=fixed).objective == 0.0
