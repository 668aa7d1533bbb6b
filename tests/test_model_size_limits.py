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
    fewest = next(
        k
        for k in range(8)
        if any(
            all(capacity[list(s)][area[list(s)] == a].sum() >= deficit[a] for a in range(3))
            for s in itertools.combinations(range(7), k)
        )
    )
    monkeypatch.setattr(ratio_module, "fits_in_time", lambda *a, **k: False)
    result = ratio_target(
        cost, 3.0, capacities=capacity, candidate_area=area, area_deficit=deficit, weights=weights,
        time_limit_s=30.0,
    )  # fmt: skip
    honest(result)
    assert result.bound <= fewest + 1e-9
    if deficit.any():
        assert result.objective == fewest and result.details["stage2"]["status"] == "time_limit"


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
    monkeypatch.setattr(setcover, "SPARSE_S_PER_PRODUCT", 1.0)  # each block "takes" hours
    monkeypatch.setattr(setcover, "DENSE_S_PER_PRODUCT", 1.0)
    soon = time.perf_counter() + 5.0
    assert not setcover._dominated_rows(a, soon).any()
    assert setcover._dominated_columns(a, soon).tolist() == (np.diff(a.tocsc().indptr) == 0).tolist()
