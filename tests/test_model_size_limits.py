"""Time limits on models too large to hand to HiGHS in the time left.

HiGHS sets a model up before it first reads its time limit (35 s for a 25-million-nonzero MIP
under a 1 s limit), so a model that would not fit is not run: the caller keeps the answer it
has, with a bound proven without it. Expectations here are brute force, independent of carefac.
"""

from __future__ import annotations

import importlib
import itertools
import time

import numpy as np
import pytest
import scipy.sparse as sp

import carefac.optimize._highs as highs
import carefac.optimize._setcover as setcover
from carefac.optimize import lscp, ratio_target, shortfall
from carefac.optimize._core import gap_of

from .brute_force import fewest_sites_meeting

# the package exports functions of the same names as these modules
ratio_module = importlib.import_module("carefac.optimize.ratio")
shortfall_module = importlib.import_module("carefac.optimize.shortfall")


def honest(result) -> None:
    if result.status == "optimal":
        assert result.objective == pytest.approx(result.bound)
    assert result.gap == pytest.approx(gap_of(result.objective, result.bound), abs=1e-12)


def test_a_model_that_does_not_fit_is_not_run(monkeypatch):
    # min x0 + x1, x0 + x1 ≥ 1, binary: optimum 1
    args = (np.ones(2), sp.csc_matrix(np.ones((1, 2))), np.ones(1), np.full(1, np.inf), np.zeros(2), np.ones(2))
    integer = np.ones(2, dtype=bool)
    assert highs.solve_milp(*args, integer, time_limit_s=5.0).objective == 1.0
    monkeypatch.setattr(highs, "MIP_S_PER_NONZERO", 10.0)  # 2 nonzeros "take" 20 s
    began = time.perf_counter()
    skipped = highs.solve_milp(*args, integer, time_limit_s=5.0)
    assert time.perf_counter() - began < 1.0
    assert (skipped.status, skipped.x, skipped.bound) == ("time_limit", None, -np.inf)
    assert highs.solve_milp(*args, integer, time_limit_s=None).objective == 1.0  # no limit: always run
    assert highs.fits_in_time(2, 20.0, integer=True) and not highs.fits_in_time(3, 20.0, integer=True)


def instance(seed):
    rng = np.random.default_rng(seed)
    cost = np.round(rng.uniform(0, 10, (14, 7)), 1)
    weights = rng.integers(1, 5, 14).astype(float)
    capacity = rng.integers(5, 40, 7).astype(float)
    area = rng.integers(0, 3, 7)
    return rng, cost, weights, capacity, area


@pytest.mark.parametrize("seed", range(10))
def test_shortfall_without_room_for_stage_two_keeps_stage_one(seed, monkeypatch):
    rng, cost, weights, capacity, area = instance(seed)
    deficit = rng.integers(0, 60, 3).astype(float)
    p = int(rng.integers(1, 4))

    def closed(sites):
        added = np.bincount(area[list(sites)], weights=capacity[list(sites)], minlength=3)
        return float(np.minimum(added, deficit).sum())

    best = max(closed(s) for s in itertools.combinations(range(7), p))
    monkeypatch.setattr(shortfall_module, "fits_in_time", lambda *a, **k: False)
    result = shortfall(
        cost, 3.0, p, capacities=capacity, candidate_area=area, area_deficit=deficit, weights=weights,
        time_limit_s=30.0,
    )  # fmt: skip
    honest(result)
    assert result.objective == best and closed(result.new) == best  # stage 1 is still solved
    assert result.details["stage2"]["status"] == "time_limit"
    assert result.status != "optimal"  # the covered weight was not maximised: not proven


@pytest.mark.parametrize("seed", range(10))
def test_ratio_target_without_room_for_stage_two_keeps_stage_one(seed, monkeypatch):
    rng, cost, weights, capacity, area = instance(seed)
    deficit = rng.integers(0, 30, 3).astype(float)
    if (deficit > np.bincount(area, weights=capacity, minlength=3)).any():
        return
    fewest = fewest_sites_meeting(capacity, area, deficit)
    monkeypatch.setattr(ratio_module, "fits_in_time", lambda *a, **k: False)
    result = ratio_target(
        cost, 3.0, capacities=capacity, candidate_area=area, area_deficit=deficit, weights=weights,
        time_limit_s=30.0,
    )  # fmt: skip
    honest(result)
    assert result.bound <= fewest + 1e-9
    if deficit.any():
        assert result.objective == fewest and result.details["stage2"]["status"] == "time_limit"


def _second_stage_returning_its_start(module, monkeypatch) -> None:
    """Make the model's second stage (the maximising solve given a start) return its start, as
    HiGHS may: the sites kept, their covered-flags as the start set them, and the true bound."""
    real = module.solve_milp

    def start_returned(cost, *args, maximize=False, start=None, **options):
        solved = real(cost, *args, maximize=maximize, start=start, **options)
        if not maximize or start is None:
            return solved
        return highs.MilpSolution("time_limit", start.copy(), float(cost @ start), solved.bound, solved.seconds)

    monkeypatch.setattr(module, "solve_milp", start_returned)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("model", ["shortfall", "ratio_target"])
def test_second_stage_covered_weight_is_the_plans_own(model, seed, monkeypatch):
    """The second stage's covered weight is the returned sites' own, counted from the costs (not
    the solver's covered-flags, which a returned start may leave low), and it is proven exactly
    when that weight meets the stage's bound."""
    rng, cost, weights, capacity, area = instance(seed)
    deficit = rng.integers(1, 30, 3).astype(float)
    if (deficit > np.bincount(area, weights=capacity, minlength=3)).any():
        return
    fixed = [int(rng.integers(7))] if seed % 2 else []
    module = shortfall_module if model == "shortfall" else ratio_module
    _second_stage_returning_its_start(module, monkeypatch)
    options = dict(capacities=capacity, candidate_area=area, area_deficit=deficit, weights=weights, fixed=fixed)
    result = shortfall(cost, 3.0, 2, **options) if model == "shortfall" else ratio_target(cost, 3.0, **options)
    honest(result)
    reached = (cost[:, result.selected] <= 3.0).any(axis=1)
    by_fixed = (cost[:, fixed] <= 3.0).any(axis=1)
    stage = result.details["stage2"]
    assert stage["covered"] == pytest.approx(weights[reached & ~by_fixed].sum())
    assert result.details["covered_weight"] == pytest.approx(weights[reached].sum())
    assert stage["covered"] <= stage["bound"] + 1e-6
    proven = stage["bound"] - stage["covered"] <= 1e-6
    assert (stage["status"] == "optimal") == proven
    if not proven:
        assert result.status != "optimal"


def fewest_columns(cover: np.ndarray) -> int:
    need = cover.any(axis=1)
    return next(
        k
        for k in range(cover.shape[1] + 1)
        if any(cover[need][:, list(s)].any(axis=1).all() for s in itertools.combinations(range(cover.shape[1]), k))
    )


@pytest.mark.parametrize("seed", range(20))
def test_lscp_without_room_for_its_lp_returns_a_cover_and_a_packing_bound(seed, monkeypatch):
    rng = np.random.default_rng(300 + seed)
    d, s = rng.random((40, 2)) * 1000, rng.random((9, 2)) * 1000
    cost = np.sqrt(((d[:, None] - s[None]) ** 2).sum(-1))
    radius = float(np.quantile(cost, 0.2))
    monkeypatch.setattr(setcover, "fits_in_time", lambda *a, **k: False)
    result = lscp(cost, radius, time_limit_s=30.0)
    honest(result)
    optimum = fewest_columns(cost <= radius)
    assert result.bound <= optimum <= result.objective
    reachable = (cost <= radius).any(axis=1)
    assert (cost[reachable][:, result.selected] <= radius).any(axis=1).all()


def test_dominance_stops_before_a_block_it_has_no_time_for(monkeypatch):
    rng = np.random.default_rng(5)
    dense = rng.random((300, 40)) < 0.2
    dense[:, 1] = dense[:, 0] & (rng.random(300) < 0.5)  # column 1 within column 0
    a = sp.csr_matrix(dense[dense.any(axis=1)])
    every_rows, every_columns = setcover._dominated_rows(a), setcover._dominated_columns(a)
    assert every_rows.any() and every_columns.any()
    monkeypatch.setattr(setcover, "PAIR_S", 1.0)  # each block "takes" hours
    soon = time.perf_counter() + 5.0
    assert not setcover._dominated_rows(a, soon).any()
    assert setcover._dominated_columns(a, soon).tolist() == (np.diff(a.tocsc().indptr) == 0).tolist()


@pytest.mark.parametrize("single_source", [False, True])
@pytest.mark.parametrize("seed", range(15))
def test_capacitated_without_room_for_highs_answers_from_its_greedy_assignment(seed, single_source, monkeypatch):
    """No LP or MILP fits: the quick sites and a greedy assignment; within capacities, every demand
    served in full, and no cheaper than the true optimum (split: scipy linprog per subset)."""
    from scipy.optimize import linprog

    from carefac import InfeasibleError
    from carefac.optimize import capacitated_p_median

    capacitated = importlib.import_module("carefac.optimize.capacitated")
    rng = np.random.default_rng(700 + seed)
    n, m, p = 12, 6, 3
    cost = np.round(rng.uniform(0, 10, (n, m)), 1)
    weights = rng.integers(1, 5, n).astype(float)
    demand = rng.integers(1, 6, n).astype(float)
    capacity = rng.integers(8, 20, m).astype(float)
    capacity[0] = max(capacity[0], demand.sum())  # some p sites hold all demand: a greedy split always fits
    monkeypatch.setattr(capacitated, "fits_in_time", lambda *a, **k: False)
    monkeypatch.setattr(highs, "fits_in_time", lambda *a, **k: False)
    try:
        result = capacitated_p_median(
            cost, p, capacity, demand=demand, weights=weights, single_source=single_source, time_limit_s=30.0
        )
    except InfeasibleError:
        assert single_source  # split: the sites hold all demand and reach every point, so it always fits
        return  # whole demands may find no room left: refused, not wrong
    honest(result)
    assert np.isin(result.assignment, result.selected).all()
    load = np.asarray(result.details["load"])
    assert (load <= capacity[result.selected] + 1e-9).all()
    assert load.sum() == pytest.approx(demand.sum())  # every demand served in full
    # the true optimum (split assignments: a relaxation of single-source) is never above the answer
    best = np.inf
    for sites in itertools.combinations(range(m), p):
        sites = list(sites)
        a_ub = np.zeros((p, n * p))
        for j in range(p):
            a_ub[j, j::p] = demand
        answer = linprog(
            (weights[:, None] * cost[:, sites]).ravel(), A_ub=a_ub, b_ub=capacity[sites],
            A_eq=np.kron(np.eye(n), np.ones(p)), b_eq=np.ones(n), bounds=(0, 1),
        )  # fmt: skip
        if answer.status == 0:
            best = min(best, answer.fun)
    assert best <= result.objective + 1e-6
    assert result.bound <= best + 1e-6


@pytest.mark.parametrize("setup_s_per_pair", [0.0, 1.0])
def test_capacity_bound_starts_only_when_its_setup_fits_its_share(setup_s_per_pair, monkeypatch):
    """The capacity bound sets its knapsacks up (a sort of every pair) before its first iteration,
    which it always finishes: it starts only when both fit its share of the time left (20 M pairs
    took 3.5 s of a 0.4 s share). Without it, the answer keeps the uncapacitated bound."""
    from carefac.optimize import capacitated_p_median

    capacitated = importlib.import_module("carefac.optimize.capacitated")
    bound_module = importlib.import_module("carefac.optimize._capacity_bound")
    rng = np.random.default_rng(11)
    cost = np.round(rng.uniform(0, 10, (40, 8)), 1)
    demand = rng.integers(1, 6, 40).astype(float)
    capacity = np.full(8, demand.sum() / 2)
    started = []
    real = capacitated.capacitated_lagrangian_bound
    monkeypatch.setattr(capacitated, "capacitated_lagrangian_bound", lambda *a, **k: started.append(1) or real(*a, **k))
    monkeypatch.setattr(bound_module, "SETUP_S_PER_PAIR", setup_s_per_pair)  # 1 s a pair: 320 s for these
    monkeypatch.setattr(capacitated, "fits_in_time", lambda *a, **k: False)
    monkeypatch.setattr(highs, "fits_in_time", lambda *a, **k: False)
    result = capacitated_p_median(cost, 3, capacity, demand=demand, single_source=False, time_limit_s=30.0)
    honest(result)
    assert bool(started) == (setup_s_per_pair == 0.0)
    assert result.bound <= result.objective + 1e-9


def test_greedy_p_median_steps_over_a_row_sample_when_short_of_time():
    from carefac.optimize._heuristics import _greedy_rows, greedy_p_median

    rng = np.random.default_rng(9)
    cost = rng.uniform(0, 10, (400, 30))
    weights = rng.integers(0, 3, 400).astype(float)
    fixed = np.array([4])
    # with time: the textbook greedy (each step the largest drop of the weighted cost)
    nearest, expected = cost[:, 4].copy(), []
    for _ in range(5):
        drops = [weights @ np.maximum(nearest - cost[:, j], 0) if j not in expected + [4] else -1 for j in range(30)]
        expected.append(int(np.argmax(drops)))
        nearest = np.minimum(nearest, cost[:, expected[-1]])
    assert greedy_p_median(cost, weights, fixed, 5) == expected
    assert greedy_p_median(cost, weights, fixed, 5, seconds=60.0) == expected
    rows = _greedy_rows(weights, 5 * 30, 1e-6)  # time for a few rows only
    assert rows is not None and 1 <= rows.size < np.count_nonzero(weights)
    assert (weights[rows] > 0).all() and (np.diff(rows) > 0).all()
    short = greedy_p_median(cost, weights, fixed, 5, seconds=1e-6)
    assert len(set(short)) == 5 and 4 not in short


@pytest.mark.parametrize("seed", range(10))
def test_mclp_without_room_for_its_lp_keeps_the_heuristic_answer(seed, monkeypatch):
    from carefac.optimize import mclp

    covering = importlib.import_module("carefac.optimize.covering")
    rng = np.random.default_rng(900 + seed)
    cost = np.round(rng.uniform(0, 10, (30, 8)), 1)
    weights = rng.integers(0, 5, 30).astype(float)
    p = int(rng.integers(1, 4))
    best = max(float(weights[(cost[:, list(s)] <= 3.0).any(axis=1)].sum()) for s in itertools.combinations(range(8), p))
    monkeypatch.setattr(covering, "fits_in_time", lambda *a, **k: False)
    result = mclp(cost, 3.0, p, weights=weights, method="exact", time_limit_s=30.0)
    honest(result)
    assert result.objective <= best <= result.bound  # bound: all the coverable weight at most
    assert result.bound <= weights[(cost <= 3.0).any(axis=1)].sum() + 1e-9


@pytest.mark.parametrize("seed", range(10))
def test_p_center_goes_on_past_a_radius_its_cover_leaves_undecided(seed, monkeypatch):
    """A set cover out of time at one radius settles nothing there: the search goes on to larger
    radii for a better answer, and the bound stays what was proven (brute force)."""
    from carefac.optimize import p_center

    center = importlib.import_module("carefac.optimize.center")
    real, calls = center.lscp, []

    def undecided_first(cost, radius, **options):
        result = real(cost, radius, **options)
        calls.append(radius)
        if len(calls) > 1:
            return result
        return type(result)(**{**result.__dict__, "objective": 10**6, "bound": 0.0, "status": "time_limit"})

    monkeypatch.setattr(center, "lscp", undecided_first)
    rng = np.random.default_rng(400 + seed)
    d, s = rng.random((30, 2)) * 1000, rng.random((8, 2)) * 1000
    cost = np.sqrt(((d[:, None] - s[None]) ** 2).sum(-1))
    p = 1 + seed % 3
    optimum = min(float(cost[:, list(c)].min(axis=1).max()) for c in itertools.combinations(range(8), p))
    result = p_center(cost, p, time_limit_s=60.0)
    honest(result)
    assert result.bound <= optimum + 1e-9 <= result.objective + 2e-9
    assert len(calls) > 1  # it went on after the undecided radius


def test_capacitated_single_source_milp_not_started_when_its_setup_would_overrun(monkeypatch):
    """HiGHS took 18–21 s to set up the single-source MILP of 75,000 pairs, whatever its limit:
    under 20 s it is not handed to HiGHS (the quick answer stands); split demand, it is."""
    capacitated = importlib.import_module("carefac.optimize.capacitated")
    assert capacitated.single_source_setup_s(75_000) > 20.0 > capacitated.single_source_setup_s(30_000)
    handed = []
    monkeypatch.setattr(capacitated, "solve_milp", lambda *a, **k: handed.append(1) or highs.MilpSolution.not_run(maximize=False))
    coo = sp.coo_matrix(np.random.default_rng(1).uniform(1, 10, (2_500, 30)))
    q, cap = np.ones(2_500), np.full(30, 1_000.0)
    for single_source in (True, False):
        skipped = capacitated._solve_milp(
            coo, q, cap, np.zeros(0, dtype=np.int64), 5, np.r_[coo.data, np.zeros(30)],
            single_source=single_source, integral=False, time_limit_s=20.0,
        )  # fmt: skip
        assert skipped.x is None and skipped.status == "time_limit"
    assert handed == [1]  # the split MILP only


@pytest.mark.parametrize("model", ["p_median", "p_center", "max_attendance"])
def test_a_dense_model_larger_than_free_memory_is_refused_before_it_allocates(model, monkeypatch):
    """200,000 × 500 dense is 0.8 GB a matrix; with 0.5 GB free the two it may hold (the costs made
    dense, their finite stand-in) do not fit."""
    import collections

    import psutil

    from carefac import InfeasibleError
    from carefac.optimize import max_attendance, p_center, p_median

    memory = collections.namedtuple("memory", "available")
    monkeypatch.setattr(psutil, "virtual_memory", lambda: memory(2**29))
    cost = sp.csr_matrix(([1.0], ([0], [0])), shape=(200_000, 500))  # sparse: nothing large yet
    call = {
        "p_median": lambda: p_median(cost, 2),
        "p_center": lambda: p_center(cost, 2),
        "max_attendance": lambda: max_attendance(cost, 2, cutoff=1.0),
    }[model]
    with pytest.raises(InfeasibleError) as refused:
        call()
    assert "200,000 × 500 needs about" in str(refused.value) and "0.5 GB is free" in str(refused.value)
    assert "约需" in refused.value.sentence("zh")


def _single_source_optimum(cost, weights, demand, capacity, p) -> float:
    """Brute force: each site subset, then the cheapest whole assignment by enumeration of the
    demands' sites (small instances only)."""
    n, m = cost.shape
    best = np.inf
    for sites in itertools.combinations(range(m), p):
        for choice in itertools.product(sites, repeat=n):
            load = np.bincount(choice, weights=demand, minlength=m)
            if (load <= capacity + 1e-9).all():
                best = min(best, float(sum(weights[i] * cost[i, j] for i, j in enumerate(choice))))
    return best


@pytest.mark.parametrize("single_source", [True, False])
def test_capacitated_site_swaps_without_the_milp(single_source, monkeypatch):
    """The MILP does not fit: site swaps priced by the greedy assignment use the time left. Never
    worse than the quick answer alone, never better than the optimum (brute force: enumeration of
    whole assignments, or linprog per subset for split demand), capacities held."""
    from scipy.optimize import linprog

    from carefac.optimize import capacitated_p_median

    capacitated = importlib.import_module("carefac.optimize.capacitated")
    monkeypatch.setattr(capacitated, "milp_fits", lambda *a, **k: False)
    # the swaps alone (the bound's own sites, priced too for split demand, have their own test)
    monkeypatch.setattr(capacitated, "_split_if_cheaper", lambda coo, w, price, q, cap, fixed, start, chosen, **k: start)
    better = 0
    for seed in range(8):
        rng = np.random.default_rng(900 + seed)
        n, m, p = (7, 5, 2) if single_source else (14, 6, 3)
        cost = np.round(rng.uniform(0, 10, (n, m)), 1)
        weights = demand = rng.integers(1, 6, n).astype(float)
        capacity = np.full(m, demand.sum() / p * 1.15).round()  # tight: the nearest site is often full
        options = {"demand": demand, "weights": weights, "single_source": single_source, "time_limit_s": 5.0}
        with monkeypatch.context() as quick_only:
            quick_only.setattr(capacitated, "_improve_sites", lambda coo, w, q, cap, fixed, start, **k: start)
            quick = capacitated_p_median(cost, p, capacity, **options)
        result = capacitated_p_median(cost, p, capacity, **options)
        honest(result)
        load = np.asarray(result.details["load"])
        assert (load <= capacity[result.selected] + 1e-9).all() and load.sum() == pytest.approx(demand.sum())
        assert result.objective <= quick.objective + 1e-9
        better += result.objective < quick.objective - 1e-9
        if single_source:
            best = _single_source_optimum(cost, weights, demand, capacity, p)
        else:
            best = min(
                linprog(
                    (weights[:, None] * cost[:, list(s)]).ravel(),
                    A_ub=np.kron(np.ones(n), np.eye(p)) * np.repeat(demand, p), b_ub=capacity[list(s)],
                    A_eq=np.kron(np.eye(n), np.ones(p)), b_eq=np.ones(n), bounds=(0, 1),
                ).fun
                for s in itertools.combinations(range(m), p)
            )  # fmt: skip
        assert best <= result.objective + 1e-6 and result.bound <= best + 1e-6
    assert better > 0  # the swaps did find better sites somewhere
