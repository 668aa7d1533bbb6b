"""The Benders p-median solver on its own (the Lagrangian often proves small cases before it runs)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from carefac.optimize import p_median
from carefac.optimize._benders import benders_p_median

from .test_optimize import instance, pmedian_value


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("with_incumbent", [True, False])
def test_benders_matches_brute_force(seed, with_incumbent):
    _, cost, weights, fixed, free, p = instance(seed, sparse_share=0.25 if seed % 3 == 0 else 0.0)
    if not np.isfinite(
        min(pmedian_value(cost, weights, list(s) + fixed) for s in itertools.combinations(free, p))
    ):
        # no choice serves every weighted demand: let one site reach all, so only choices with it do
        cost[:, free[0]] = np.where(np.isinf(cost[:, free[0]]), 150.0, cost[:, free[0]])
    options = [sorted(list(s) + fixed) for s in itertools.combinations(free, p)]
    values = [pmedian_value(cost, weights, s) for s in options]
    best = min(values)
    worst_finite = max(v for v in values if np.isfinite(v))
    start = options[values.index(worst_finite)] if with_incumbent else None  # a poor start
    chosen, bound, status, _ = benders_p_median(
        cost,
        weights,
        np.asarray(fixed, dtype=np.int64),
        p + len(fixed),
        None if start is None else np.asarray(start),
        worst_finite if with_incumbent else np.inf,
        integral=bool(seed % 2),
    )
    assert status == "optimal"
    assert chosen is not None and len(chosen) == p + len(fixed) and set(fixed) <= set(chosen)
    assert pmedian_value(cost, weights, chosen) == pytest.approx(best)
    assert bound == pytest.approx(best)


def test_p_median_proves_cases_the_lagrangian_leaves_open():
    used = 0
    for seed in range(8):
        rng = np.random.default_rng(seed)
        demand, sites = rng.uniform(0, 10_000, (300, 2)), rng.uniform(0, 10_000, (40, 2))
        cost = np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=-1))
        weights = rng.integers(1, 101, 300).astype(float)
        result = p_median(cost, 8, weights=weights, fixed=[0, 1], method="exact")
        assert result.status == "optimal" and result.bound == pytest.approx(result.objective)
        assert {0, 1} <= set(result.selected) and len(result.new) == 8
        heuristic = p_median(cost, 8, weights=weights, fixed=[0, 1], method="heuristic")
        assert result.objective <= heuristic.objective + 1e-6
        assert heuristic.bound <= result.objective + 1e-6
        used += result.method == "lagrangian+benders"
    assert used  # some of these need the exact solve


def test_benders_stops_at_its_time_limit_with_a_valid_bound():
    rng = np.random.default_rng(0)
    cost = rng.uniform(0, 100, (1500, 150))  # far from provable in 0.05 s
    weights = np.ones(1500)
    start = np.arange(15)
    value = pmedian_value(cost, weights, start)
    chosen, bound, status, _ = benders_p_median(
        cost, weights, np.zeros(0, np.int64), 15, start, value, time_limit_s=0.05
    )
    assert status == "time_limit"
    assert bound < value
    assert pmedian_value(cost, weights, chosen) <= value + 1e-9


def test_unweighted_demand_out_of_reach_does_not_spoil_the_pricing():
    rng = np.random.default_rng(5)
    cost = rng.uniform(1, 100, (40, 8))
    cost[0, 1:] = np.inf  # demand 0 reaches only site 0, and does not count
    weights = np.ones(40)
    weights[0] = 0.0
    best = min((pmedian_value(cost, weights, list(s)), s) for s in itertools.combinations(range(8), 2))
    start = np.array([0, 1])
    chosen, bound, status, _ = benders_p_median(
        cost, weights, np.zeros(0, np.int64), 2, start, pmedian_value(cost, weights, start)
    )
    assert status == "optimal" and bound == pytest.approx(best[0])
    assert pmedian_value(cost, weights, chosen) == pytest.approx(best[0])


def test_the_branch_and_bound_proves_fractional_roots_against_brute_force(monkeypatch):
    """Instances whose Benders LP is fractional are finished by the tree; each answer is checked
    against every choice, and the tree is really used on some of them."""
    from carefac.optimize._branch import BranchAndBound

    searched = []
    search = BranchAndBound.search

    def counting(self, root, best, best_value, deadline, progress=None):
        out = search(self, root, best, best_value, deadline, progress)
        searched.append(out.nodes)
        return out

    monkeypatch.setattr(BranchAndBound, "search", counting)
    for seed in range(40):  # small p-medians rarely have a fractional LP: these 40 give a few
        rng = np.random.default_rng(1000 + seed)
        demand, sites = rng.uniform(0, 100, (60, 2)), rng.uniform(0, 100, (12, 2))
        cost = np.round(np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=-1)))
        weights = np.ones(60)
        best = min(pmedian_value(cost, weights, list(s)) for s in itertools.combinations(range(12), 2))
        chosen, bound, status, _ = benders_p_median(
            cost, weights, np.zeros(0, np.int64), 2, None, np.inf, integral=bool(seed % 2)
        )
        assert status == "optimal" and bound == pytest.approx(best)
        assert pmedian_value(cost, weights, chosen) == pytest.approx(best)
    assert sum(nodes > 1 for nodes in searched) >= 2  # some needed branching


@pytest.mark.parametrize("rows_per_column", [0.0, 0.5])
def test_the_tree_warm_from_saved_bases_while_cuts_are_purged_matches_brute_force(rows_per_column, monkeypatch):
    """Slack cuts deleted after every node (0: even the rows saved bases need; 0.5: those kept up
    to a row per column): children start from their parents' bases where their rows are left,
    and every answer is still each instance's best choice."""
    import carefac.optimize._benders as benders
    from carefac.optimize._rowbook import RowBook

    monkeypatch.setattr(benders, "PURGE_ROWS_PER_COLUMN", rows_per_column)
    restored = []
    restore = RowBook.restore

    def counting(self, h, saved):
        restored.append(restore(self, h, saved))
        return restored[-1]

    monkeypatch.setattr(RowBook, "restore", counting)
    for seed in range(40):
        rng = np.random.default_rng(1000 + seed)
        demand, sites = rng.uniform(0, 100, (60, 2)), rng.uniform(0, 100, (12, 2))
        cost = np.round(np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=-1)))
        weights = np.ones(60)
        best = min(pmedian_value(cost, weights, list(s)) for s in itertools.combinations(range(12), 2))
        chosen, bound, status, _ = benders_p_median(cost, weights, np.zeros(0, np.int64), 2, None, np.inf)
        assert status == "optimal" and bound == pytest.approx(best)
        assert pmedian_value(cost, weights, chosen) == pytest.approx(best)
    assert sum(restored) >= 2  # children did start from their parents' bases


@pytest.mark.parametrize("compiled", [True, False])
def test_cuts_are_tight_at_their_point_and_valid_for_every_choice(compiled):
    """A cut made at an open set prices it exactly and never exceeds another set's cost (by
    enumeration); with the compiled separation and with numpy's (used before it is compiled)."""
    from carefac.optimize._benders import _Separator

    rng = np.random.default_rng(5)
    for _ in range(20):
        n, m, p = 12, 6, 2
        cost = rng.integers(0, 8, (n, m)).astype(float)  # ties on purpose
        weights = rng.integers(0, 3, n).astype(float)
        separator = _Separator(cost, weights, compiled=compiled)
        choices = [list(c) for c in itertools.combinations(range(m), p)]
        for made_at in choices:
            y = np.zeros(m)
            y[made_at] = 1.0
            rows, level, counts, cols, coef = separator.cuts(y, np.zeros(n), all_rows=True)
            assert set(rows) == set(np.flatnonzero(weights > 0))
            starts = np.concatenate([[0], np.cumsum(counts)])
            for k, i in enumerate(rows):
                pieces = dict(zip(cols[starts[k] : starts[k + 1]], coef[starts[k] : starts[k + 1]], strict=True))
                for other in choices:
                    value = level[k] - sum(pieces.get(j, 0.0) for j in other)
                    nearest = cost[i, other].min()
                    assert value <= nearest + 1e-9
                    if other == made_at:
                        assert value == pytest.approx(nearest)


def test_numpy_and_compiled_separation_give_the_same_cuts_at_fractional_points():
    """Fractional points, unreachable pairs, violated-only and every-row cuts: the two separations agree."""
    from carefac.optimize._benders import _Separator

    rng = np.random.default_rng(8)
    for trial in range(30):
        n, m = 25, 8
        cost = rng.integers(0, 9, (n, m)).astype(float)
        cost[rng.random((n, m)) < 0.15] = np.inf
        weights = rng.integers(0, 3, n).astype(float)
        y = rng.dirichlet(np.ones(m)) * rng.uniform(1, 3)
        theta = rng.uniform(0, 6, n)
        compiled, numpy_ = (_Separator(cost, weights, compiled=c) for c in (True, False))
        for all_rows in (True, False):
            one = compiled.cuts(y, theta, all_rows=all_rows)
            other = numpy_.cuts(y, theta, all_rows=all_rows)
            for a, b in zip(one, other, strict=True):
                assert np.allclose(a, b), trial
