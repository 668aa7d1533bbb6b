"""The branch and bound over a warm LP, as the MCLP uses it: answers against every choice."""

from __future__ import annotations

import itertools
import sys
from functools import partial

import numpy as np
import pytest

from carefac.optimize import mclp
from carefac.optimize._branch import BranchAndBound


def covered_weight(cover: np.ndarray, weights: np.ndarray, chosen) -> float:
    return float(weights[cover[:, list(chosen)].any(axis=1)].sum())


def priced(cover: np.ndarray, weights: np.ndarray, chosen) -> float:
    return -covered_weight(cover, weights, chosen)  # the tree minimises


@pytest.mark.parametrize(("reliable", "strong_iterations"), [(0, None), (2, 1), (2, 1000)])
@pytest.mark.parametrize("dive_depth", [0, 5])
@pytest.mark.parametrize("whole", [True, False])
def test_tree_alone_finds_and_proves_the_best_choice(whole, dive_depth, reliable, strong_iterations, monkeypatch):
    """No start and no rounding heuristic: branching alone must find the best coverage (brute force).

    Also with reliability branching, its trials stopped after one simplex iteration (their
    bounds then come from unfinished duals) or finished.
    """
    import carefac.optimize._branch as branch

    if strong_iterations is not None:
        monkeypatch.setattr(branch, "STRONG_ITERATIONS", strong_iterations)
    import scipy.sparse as sp

    from carefac.optimize._highs import lp_model
    from carefac.optimize.covering import _mclp_arrays

    branched = 0
    for seed in range(30):
        rng = np.random.default_rng(2000 + seed)
        cover = rng.random((40, 12)) < 0.25  # random sets: fractional LPs far more often than discs
        weights = rng.integers(1, 10, 40).astype(float) if whole else rng.uniform(0.5, 9.5, 40)
        p = 2 + seed % 2
        best = max(covered_weight(cover, weights, s) for s in itertools.combinations(range(12), p))
        arrays = _mclp_arrays(sp.csr_matrix(cover), weights, np.arange(12), p)
        cost_, matrix, row_lower, row_upper = arrays
        h = lp_model(-cost_, matrix, row_lower, row_upper, np.zeros(52), np.ones(52))
        h.run()
        price = partial(priced, cover, weights)
        tree = BranchAndBound(h, 12, price=price, integral=whole, dive_depth=dive_depth, reliable=reliable)
        found = tree.search(h.getInfo().objective_function_value, None, np.inf, None)
        assert found.status == "optimal" and found.best is not None
        assert -found.value == pytest.approx(best) and -found.bound == pytest.approx(best)
        assert covered_weight(cover, weights, found.best) == pytest.approx(best)
        branched += found.nodes > 1
    assert branched >= 8  # about half of these roots are fractional


@pytest.mark.parametrize("strong_iterations", [1, 1000])
def test_trials_on_the_copy_bound_the_child_lp_and_leave_the_lp_at_its_basis(strong_iterations, monkeypatch):
    """A strong-branching trial runs on a copy of the LP with the node's site bounds: its value is
    a lower bound of the child's LP optimum (scipy's HiGHS on the same LP, solved apart), equal to
    it once the trial runs to the end; the LP itself keeps the node's basis and bounds."""
    import scipy.sparse as sp
    from scipy.optimize import linprog

    import carefac.optimize._branch as branch
    from carefac.optimize._highs import lp_model
    from carefac.optimize.covering import _mclp_arrays

    monkeypatch.setattr(branch, "STRONG_ITERATIONS", strong_iterations)
    tried = 0
    for seed in range(10):
        rng = np.random.default_rng(7100 + seed)
        cover = rng.random((40, 12)) < 0.25
        weights = rng.integers(1, 10, 40).astype(float)
        cost_, matrix, row_lower, row_upper = _mclp_arrays(sp.csr_matrix(cover), weights, np.arange(12), 3)
        h = lp_model(-cost_, matrix, row_lower, row_upper, np.zeros(52), np.ones(52))
        tree = BranchAndBound(h, 12, price=partial(priced, cover, weights), reliable=2)
        lower, upper = np.zeros(12), np.ones(12)
        lower[0] = upper[0] = 1.0  # the node: site 0 opened
        h.changeColsBounds(12, np.arange(12, dtype=np.int32), lower, upper)
        h.run()
        basis = h.getBasis()
        y = np.asarray(h.getSolution().col_value)[:12]
        trials = tree._trial_lp(lower, upper)
        a = matrix.toarray()
        equal = np.isfinite(row_lower) & (row_lower == row_upper)
        for j in np.flatnonzero((y > 1e-6) & (y < 1 - 1e-6)):
            for v in (0.0, 1.0):
                bound = tree._trial(trials, int(j), v, basis, lower, upper, None)
                low, high = lower.copy(), upper.copy()
                low[j] = high[j] = v
                bounds = list(zip(np.r_[low, np.zeros(40)], np.r_[high, np.ones(40)], strict=True))
                child = linprog(
                    -cost_, A_ub=a[~equal], b_ub=row_upper[~equal], A_eq=a[equal], b_eq=row_upper[equal], bounds=bounds
                )
                expected = child.fun if child.status == 0 else np.inf
                assert bound <= expected + 1e-6
                if strong_iterations == 1000:
                    assert bound == pytest.approx(expected, abs=1e-6)
                tried += 1
        after = h.getBasis()
        assert list(after.col_status) == list(basis.col_status) and list(after.row_status) == list(basis.row_status)
        assert np.asarray(h.getLp().col_lower_)[:12].tolist() == lower.tolist()
    assert tried >= 20


@pytest.mark.parametrize("confirmed", [True, False])
def test_tree_drops_a_node_stopped_at_the_cutoff_only_when_its_duals_prove_it(confirmed, monkeypatch):
    """A node whose dual simplex stops at the cutoff (set covers large enough for HiGHS to stop
    before the end, from a poor start) is dropped when the Lagrangian value of its duals beats
    the best, else solved to the end: either way the optimum of HiGHS's own MILP, and the LP is
    left without a cutoff."""
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    from carefac.optimize import _setcover

    checked = []
    past_cutoff = BranchAndBound._past_cutoff

    def check(self, lower, upper):
        checked.append(past_cutoff(self, lower, upper))
        return checked[-1] and confirmed

    monkeypatch.setattr(BranchAndBound, "_past_cutoff", check)
    for seed in (2, 28):  # of the first 30 such instances, two where HiGHS stops at the cutoff often
        rng = np.random.default_rng(seed)
        cover = rng.random((800, 80)) < 0.05
        cover[np.arange(800), rng.integers(0, 80, 800)] = True
        reference = milp(np.ones(80), constraints=LinearConstraint(cover.astype(float), 1, np.inf), integrality=np.ones(80), bounds=Bounds(0, 1))
        lp = _setcover._Cover(sp.csr_matrix(cover), None)
        tree = BranchAndBound(lp.h, 80, price=lambda c: float(len(c)), integral=True, reliable=2)
        found = tree.search(lp.root, np.arange(80), 80.0, None)
        assert reference.status == 0 and found.status == "optimal"
        assert found.value == len(found.best) == round(reference.fun)
        assert cover[:, found.best].any(axis=1).all()
        assert lp.h.getOptionValue("objective_bound")[1] == np.inf
    assert len(checked) >= 5 and all(checked)  # HiGHS stopped at the cutoff; its duals always proved it


def test_tree_takes_better_choices_from_its_improving_search_and_still_proves():
    """The search run between nodes (``improve``): a better choice it offers becomes the best,
    a worse one is ignored, and the tree still proves the brute-force optimum."""
    import scipy.sparse as sp

    from carefac.optimize._highs import lp_model
    from carefac.optimize.covering import _mclp_arrays

    offered = taken = 0
    for seed in range(20):
        rng = np.random.default_rng(6000 + seed)
        cover = rng.random((40, 12)) < 0.25
        weights = rng.integers(1, 10, 40).astype(float)
        subsets = list(itertools.combinations(range(12), 3))
        values = [covered_weight(cover, weights, s) for s in subsets]
        optimum = np.array(subsets[int(np.argmax(values))])
        arrays = _mclp_arrays(sp.csr_matrix(cover), weights, np.arange(12), 3)
        cost_, matrix, row_lower, row_upper = arrays
        h = lp_model(-cost_, matrix, row_lower, row_upper, np.zeros(52), np.ones(52))
        h.run()
        calls = []

        def improve(best, calls=calls, rng=rng, optimum=optimum):
            calls.append(best)
            if len(calls) == 2:  # its second run finds the optimum; the others, random choices
                return optimum
            return np.sort(rng.choice(12, 3, replace=False))

        tree = BranchAndBound(
            h, 12, price=partial(priced, cover, weights), integral=True, improve=improve,
            improve_seconds=lambda elapsed_s: np.inf,
        )  # fmt: skip
        found = tree.search(h.getInfo().objective_function_value, None, np.inf, None)
        assert found.status == "optimal" and -found.value == pytest.approx(max(values))
        assert covered_weight(cover, weights, found.best) == pytest.approx(max(values))
        offered += len(calls) >= 2
        taken += len(calls) >= 3 and calls[2] is optimum  # the next run was handed the optimum as the best
    assert offered >= 5 and taken >= 3


def test_dual_bound_is_a_lower_bound_for_any_duals():
    """The Lagrangian value of strong branching: ≤ the LP optimum for any duals, = it at the optimal duals."""
    import scipy.sparse as sp

    from carefac.optimize._highs import lp_model
    from carefac.optimize.covering import _mclp_arrays

    for seed in range(10):
        rng = np.random.default_rng(4000 + seed)
        cover = rng.random((40, 12)) < 0.25
        weights = rng.uniform(0.5, 9.5, 40)
        cost_, matrix, row_lower, row_upper = _mclp_arrays(sp.csr_matrix(cover), weights, np.arange(12), 3)
        h = lp_model(-cost_, matrix, row_lower, row_upper, np.zeros(52), np.ones(52))
        h.run()
        optimum, duals = h.getInfo().objective_function_value, np.asarray(h.getSolution().row_dual)
        tree = BranchAndBound(h, 12, price=lambda c: 0.0, reliable=1)
        lower, upper = np.zeros(12), np.ones(12)
        assert tree._dual_bound(duals, lower, upper) == pytest.approx(optimum, abs=1e-7)
        for _ in range(20):
            shaken = duals + rng.normal(0, 2, duals.size)
            assert tree._dual_bound(shaken, lower, upper) <= optimum + 1e-7
        upper[int(rng.integers(12))] = 0.0  # a site closed: the bound is the restricted LP's
        h.changeColsBounds(12, np.arange(12, dtype=np.int32), lower, upper)
        h.run()
        restricted = h.getInfo().objective_function_value
        assert tree._dual_bound(duals + rng.normal(0, 2, duals.size), lower, upper) <= restricted + 1e-7


def test_mclp_tree_stops_at_its_time_limit_with_a_valid_bound():
    rng = np.random.default_rng(3)
    demand, sites = rng.uniform(0, 1000, (2000, 2)), rng.uniform(0, 1000, (200, 2))
    cost = np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=-1))
    weights = rng.integers(1, 101, 2000).astype(float)
    radius = float(np.quantile(cost, 0.05))
    result = mclp(cost, radius, 20, weights=weights, time_limit_s=0.5, method="exact")
    full = mclp(cost, radius, 20, weights=weights, method="exact")
    assert full.status == "optimal"
    assert result.bound >= full.objective - 1e-6 >= result.objective - 1e-6
    if result.status != "optimal":
        assert result.gap == pytest.approx((result.bound - result.objective) / result.objective, rel=1e-6)


@pytest.mark.parametrize("seed", range(30))
def test_mclp_on_random_sets_against_brute_force(seed):
    """Random coverage sets (fractional LPs are common) through ``mclp``, with a fixed site on some."""
    rng = np.random.default_rng(3000 + seed)
    cover = rng.random((40, 12)) < 0.25
    cost = np.where(cover, 1.0, 5.0)
    weights = rng.integers(1, 10, 40).astype(float) if seed % 2 else rng.uniform(0.5, 9.5, 40)
    p, fixed = 2 + seed % 3, [0] if seed % 4 == 0 else []
    free = [j for j in range(12) if j not in fixed]
    best = max(covered_weight(cover, weights, list(s) + fixed) for s in itertools.combinations(free, p))
    result = mclp(cost, 1.0, p, weights=weights, fixed=fixed, method="exact")
    assert result.status == "optimal"
    assert result.objective == pytest.approx(best) and result.bound == pytest.approx(best)
    assert covered_weight(cover, weights, result.selected) == pytest.approx(best)


def set_cover_optimum(cover: np.ndarray) -> int:
    """Fewest columns covering every row, by trying every subset of each size."""
    k = cover.shape[1]
    for size in range(k + 1):
        for subset in itertools.combinations(range(k), size):
            if cover[:, list(subset)].any(axis=1).all():
                return size
    raise AssertionError("some row has no column")


@pytest.mark.parametrize("path", ["cuts", "rows", "milp", "dive", "local"])
def test_set_cover_solver_against_brute_force(path, monkeypatch):
    """Each way ``solve_set_cover`` can end (row generation; the branch and cut after it, or,
    without its compiled cut search, HiGHS's MILP; the first dive; the local search) gives the
    optimum with an honest status, from a poor start."""
    import scipy.sparse as sp

    from carefac.optimize import _setcover

    if path == "milp":  # as when the cut search is not compiled and no time is left to compile it
        usable = _setcover.usable
        monkeypatch.setattr(_setcover, "usable", lambda module, deadline: module != "_cut_kernel" and usable(module, deadline))
    if path != "dive":
        monkeypatch.setattr(_setcover, "DIVE_NODES", 1)  # the dive barely improves the start
        monkeypatch.setattr(_setcover, "FIRST_DIVE_NODES", 1)
    if path in ("milp", "cuts"):
        monkeypatch.setattr(_setcover, "ROW_SHARE", 0.0)  # no row generation
    used = []
    if path != "local":
        monkeypatch.setattr(_setcover, "_local_search", lambda *a, **k: None)  # as with little time left
    else:
        monkeypatch.setattr(_setcover, "LOCAL_FROM_ENTRIES", 0)  # it runs on covers this small too
    step = {"cuts": "_branch_and_cut", "rows": "reduce_set_cover", "milp": "_milp_cover", "local": "_local_search"}.get(path)
    if step:
        original = getattr(_setcover, step)
        monkeypatch.setattr(_setcover, step, lambda *a, **k: used.append(1) or original(*a, **k))
    for seed in range(25):
        rng = np.random.default_rng(4000 + seed)
        cover = rng.random((30, 12)) < 0.22
        cover[np.arange(30), rng.integers(0, 12, 30)] = True  # every row has a column
        a = sp.csr_matrix(cover)
        columns, bound, status = _setcover.solve_set_cover(a, np.arange(12), deadline=None)
        best = set_cover_optimum(cover)
        assert cover[:, columns].any(axis=1).all()
        assert status == "optimal" and len(columns) == best and bound == best
    assert not step or len(used) >= 3  # the path under test was really taken


def test_local_search_finds_the_smallest_cover():
    """The row-weighting local search alone, from every column, against brute force."""
    import scipy.sparse as sp

    from carefac.optimize._setcover_kernel import smaller_cover

    for seed in range(25):
        rng = np.random.default_rng(5000 + seed)
        cover = rng.random((40, 14)) < 0.2
        cover[np.arange(40), rng.integers(0, 14, 40)] = True
        best = set_cover_optimum(cover)
        found, steps = smaller_cover(sp.csr_matrix(cover), np.arange(14), target=0, max_steps=5_000, seed=seed)
        assert cover[:, found].any(axis=1).all() and len(found) == best
        stopped, steps = smaller_cover(sp.csr_matrix(cover), np.arange(14), target=best, max_steps=5_000)
        assert len(stopped) == best and steps < 5_000  # it stops once it reaches the target


def test_local_search_reads_neighbours_from_lists_or_rows_alike(monkeypatch):
    """With each column's neighbours listed, or read from its rows (large covers), the search takes
    the same steps; both reach the brute-force optimum."""
    import scipy.sparse as sp

    from carefac.optimize import _setcover_kernel

    for seed in range(30):
        rng = np.random.default_rng(7000 + seed)
        cover = rng.random((50, 16)) < rng.uniform(0.1, 0.4)
        cover[np.arange(50), rng.integers(0, 16, 50)] = True
        best = set_cover_optimum(cover)
        listed = _setcover_kernel.smaller_cover(sp.csr_matrix(cover), np.arange(16), target=0, max_steps=4_000, seed=seed)
        with monkeypatch.context() as m:
            m.setattr(_setcover_kernel, "NEIGHBOUR_MAX_WORK", -1.0)
            assert _setcover_kernel._neighbours(sp.csr_matrix(cover), sp.csc_matrix(cover))[0].size == 0
            by_rows = _setcover_kernel.smaller_cover(sp.csr_matrix(cover), np.arange(16), target=0, max_steps=4_000, seed=seed)
        assert np.array_equal(listed[0], by_rows[0]) and listed[1] == by_rows[1]
        assert cover[:, listed[0]].any(axis=1).all() and len(listed[0]) == best


def test_local_search_stops_at_its_time():
    """A search whose time is over stops at its next reading of the clock with a cover, however
    many steps it was allowed."""
    import time

    import scipy.sparse as sp

    from carefac.optimize._setcover_kernel import smaller_cover

    rng = np.random.default_rng(77)
    cover = rng.random((300, 40)) < 0.1
    cover[np.arange(300), rng.integers(0, 40, 300)] = True
    found, steps = smaller_cover(sp.csr_matrix(cover), np.arange(40), target=0, max_steps=10**12, until=time.perf_counter() - 1.0)
    assert steps <= 1024 and cover[:, found].any(axis=1).all()


def test_compile_kernels_readies_every_kernel():
    """The benchmarks' warm-up runs each compiled kernel (any error in one would surface here)."""
    from carefac.optimize._compiled import compile_kernels

    assert compile_kernels() >= 0.0


def test_a_kernel_is_usable_once_compiled_or_with_time_to_compile_it(monkeypatch):
    """Not compiled and not cached: usable only without a deadline or with the compile allowance left."""
    import time
    import types

    from numba import njit

    from carefac.optimize import _compiled

    @njit(cache=False)
    def twice(x):
        return 2 * x

    monkeypatch.setitem(sys.modules, "carefac.optimize._twice_kernel", types.SimpleNamespace(KERNELS=(twice,)))
    now = time.perf_counter()
    assert not _compiled.ready((twice,))
    assert _compiled.usable("_twice_kernel", None)
    assert not _compiled.usable("_twice_kernel", now + 1.0)
    assert _compiled.usable("_twice_kernel", now + _compiled.COMPILE_ALLOWANCE_S + 5.0)
    assert twice(2) == 4
    assert _compiled.ready((twice,)) and _compiled.usable("_twice_kernel", time.perf_counter() + 0.1)
    from carefac.optimize import _swap_kernel

    _swap_kernel.gain_and_loss(np.ones((1, 1)), np.ones(1), np.ones(1), np.ones(1), np.zeros(1, dtype=np.int64), 1)
    assert _compiled.ready(_swap_kernel.KERNELS)  # compiled (or loaded from numba's cache) in this process


def test_prepare_compiles_a_kernel_only_when_the_limit_leaves_time(monkeypatch):
    """prepare() loads a kernel module's kernels when usable before the deadline, and leaves them otherwise."""
    import time
    import types

    from numba import njit

    from carefac.optimize import _compiled

    @njit(cache=False)
    def thrice(x):
        return 3 * x

    fake = types.SimpleNamespace(KERNELS=(thrice,), load=lambda: thrice(1))
    monkeypatch.setitem(sys.modules, "carefac.optimize._thrice_kernel", fake)
    assert not _compiled.prepare("_thrice_kernel", time.perf_counter() + 1.0)
    assert not _compiled.ready((thrice,))
    assert _compiled.prepare("_thrice_kernel", time.perf_counter() + _compiled.COMPILE_ALLOWANCE_S + 5.0)
    assert _compiled.ready((thrice,))


def _assert_small_covers_solved_optimally(setcover, *, after_each=lambda: True) -> None:
    """Solve 25 small random covers (30 × 12) with a 2 s limit; assert each answer is the
    brute-force optimum with an honest status, and ``after_each()`` true after each solve."""
    import time

    import scipy.sparse as sp

    for seed in range(25):
        rng = np.random.default_rng(5000 + seed)
        cover = rng.random((30, 12)) < 0.22
        cover[np.arange(30), rng.integers(0, 12, 30)] = True
        columns, bound, status = setcover.solve_set_cover(
            sp.csr_matrix(cover), np.arange(12), deadline=time.perf_counter() + 2.0
        )
        best = set_cover_optimum(cover)
        assert cover[:, columns].any(axis=1).all()
        assert status == "optimal" and len(columns) == best and bound == best
        assert after_each()


@pytest.mark.parametrize("finish", ["_branch_and_cut", "_milp_cover"])
def test_set_cover_solver_looks_for_a_cover_at_the_bound_as_it_finishes(finish, monkeypatch):
    """With a time limit, when one column fewer would prove the best cover optimal, the local
    search looks for it: with one core, in runs between the nodes of the final branch and cut, or,
    without the compiled cut search, before HiGHS's MILP (row generation off, the first search
    off); every answer is the brute-force optimum with an honest status, some found by the search."""


    from carefac.optimize import _setcover

    if finish == "_milp_cover":
        usable = _setcover.usable
        monkeypatch.setattr(_setcover, "usable", lambda name, deadline: name != "_cut_kernel" and usable(name, deadline))
    monkeypatch.setattr(_setcover, "DIVE_NODES", 1)
    monkeypatch.setattr(_setcover, "FIRST_DIVE_NODES", 1)
    monkeypatch.setattr(_setcover, "ROW_SHARE", 0.0)
    monkeypatch.setattr(_setcover, "LOCAL_FROM_ENTRIES", 0)
    original, finisher = _setcover._local_search, getattr(_setcover, finish)
    final, finished = [], []

    def search(a, best, target, seconds, deadline, *, seed=0, csc=None, stop=None):
        if seed == 0:  # the search after the first dive: off, so the final one is what finds it
            return None
        found = original(a, best, target, seconds, deadline, seed=seed, csc=csc, stop=stop)
        final.append(found is not None and found.size < best.size)
        return found

    monkeypatch.setattr(_setcover, "_local_search", search)
    monkeypatch.setattr(_setcover, finish, lambda *a, **k: finished.append(1) or finisher(*a, **k))
    # trees this small end within milliseconds: short runs, one before every node
    monkeypatch.setattr(_setcover, "LOCAL_SLICE_S", 0.02)
    monkeypatch.setattr(_setcover, "_tree_local_seconds", lambda elapsed_s: np.inf)
    monkeypatch.setattr(_setcover, "_cores", lambda: 1)  # the runs between nodes (two cores: the next test)
    _assert_small_covers_solved_optimally(_setcover)
    assert sum(final) >= 3  # the search found some of the optima
    if finish == "_milp_cover":  # … and, before the MILP, proved some without it
        assert 0 < len(finished) < 25
    else:  # … and runs between the nodes of every branch and cut
        assert len(finished) >= 3


def test_set_cover_solver_with_the_search_on_a_second_core(monkeypatch):
    """With two cores the local search runs in a thread all the time the final branch and cut
    runs: every answer is the brute-force optimum with an honest status, and no search thread is
    left running after a solve (row generation and the first search off, as above)."""
    import threading

    from carefac.optimize import _setcover

    for name, value in (("DIVE_NODES", 1), ("FIRST_DIVE_NODES", 1), ("ROW_SHARE", 0.0), ("LOCAL_FROM_ENTRIES", 0)):
        monkeypatch.setattr(_setcover, name, value)
    monkeypatch.setattr(_setcover, "LOCAL_SLICE_S", 0.02)
    monkeypatch.setattr(_setcover, "_cores", lambda: 2)
    original_search = _setcover._local_search

    def search(a, best, target, seconds, deadline, *, seed=0, csc=None, stop=None):
        if seed == 0:  # the search after the first dive: off, so that the branch and cut has work
            return None
        return original_search(a, best, target, seconds, deadline, seed=seed, csc=csc, stop=stop)

    monkeypatch.setattr(_setcover, "_local_search", search)
    made = []
    original = _setcover._SearchAlongside
    monkeypatch.setattr(_setcover, "_SearchAlongside", lambda *a, **k: made.append(1) or original(*a, **k))
    _assert_small_covers_solved_optimally(
        _setcover, after_each=lambda: not [t for t in threading.enumerate() if t.name == "carefac-set-cover-search"]
    )
    assert len(made) >= 3  # the branch and cut ran with the thread


def _cover_with_a_smaller_one(seed: int):
    """Return (a 0/1 matrix, a cover of it without redundant columns, the fewest columns) for a
    random instance whose first redundant-free cover is not optimal."""
    import scipy.sparse as sp

    from carefac.optimize._setcover import improved_cover

    rng = np.random.default_rng(seed)
    while True:
        cover = rng.random((40, 14)) < 0.2
        cover[np.arange(40), rng.integers(0, 14, 40)] = True
        a = sp.csr_matrix(cover)
        start = improved_cover(a, np.arange(14))
        fewest = set_cover_optimum(cover)
        if start.size > fewest:
            return a, start, fewest


def test_search_alongside_hands_over_smaller_covers_and_stops(monkeypatch):
    """The thread's search, polled as the tree polls it, hands over covers down to the
    brute-force optimum (each a cover, each smaller than the one the poll gave); ``close`` ends
    a run of the search that would go on for a minute (its stop flag) and the thread with it."""
    import time

    from carefac.optimize import _setcover

    monkeypatch.setattr(_setcover, "LOCAL_FROM_ENTRIES", 0)
    for seed in range(5):
        a, best, fewest = _cover_with_a_smaller_one(6000 + seed)
        alongside = _setcover._SearchAlongside(a, time.perf_counter() + 30.0, csc=a.tocsc())
        until = time.perf_counter() + 20.0
        while best.size > fewest and time.perf_counter() < until:
            found = alongside.improve(best)
            if found is not None:
                assert found.size < best.size and a.toarray()[:, found].any(axis=1).all()
                best = found
            time.sleep(0.001)
        alongside.close()
        assert best.size == fewest and not alongside._thread.is_alive()
    monkeypatch.setattr(_setcover, "LOCAL_SLICE_S", 60.0)  # one run of a minute, looking for what is not there
    a, best, fewest = _cover_with_a_smaller_one(6100)
    alongside = _setcover._SearchAlongside(a, None, csc=a.tocsc())
    alongside.improve(np.arange(fewest))  # a "cover" at the optimum: the search looks for one column fewer
    time.sleep(0.2)
    began = time.perf_counter()
    alongside.close()
    assert not alongside._thread.is_alive() and time.perf_counter() - began < 30.0


def test_search_alongside_raises_what_its_thread_raised(monkeypatch):
    """An error in the search's thread is raised in the tree's thread, not lost."""
    from carefac.optimize import _setcover

    def broken(*args, **kwargs):
        raise ValueError("broken search")

    monkeypatch.setattr(_setcover, "_local_search", broken)
    a, best, _ = _cover_with_a_smaller_one(6200)
    alongside = _setcover._SearchAlongside(a, None, csc=a.tocsc())
    alongside.improve(best)
    with pytest.raises(ValueError, match="broken search"):
        alongside.close()


def _kernel_signatures() -> dict:
    import importlib

    from carefac.optimize._compiled import KERNEL_MODULES

    return {
        (name, kernel.__name__): list(kernel.signatures)
        for name in KERNEL_MODULES
        for kernel in importlib.import_module(f"carefac.optimize.{name}").KERNELS
    }


def test_the_models_run_the_kernels_compile_kernels_compiled():
    """A model passes its cost matrix read-only, which numba compiles as another type: the warm-up
    must compile what the models run, or a run compiles inside its time limit (p_median at 2 s
    returned after 4.5 s on an installation's first run). After the warm-up, a p-median and an
    MCLP run, and each kernel's wrapper given read-only and writable arrays, add no signature."""
    from carefac.optimize import _lagrange_kernel, _swap_kernel, mclp, p_median
    from carefac.optimize._compiled import compile_kernels

    compile_kernels()
    warmed = _kernel_signatures()
    rng = np.random.default_rng(4243)
    demand, sites = rng.uniform(0, 1000, (3000, 2)), rng.uniform(0, 1000, (300, 2))
    cost = np.sqrt(((demand[:, None] - sites[None]) ** 2).sum(-1))
    weights = rng.integers(1, 101, 3000).astype(float)
    p_median(cost, 25, weights=weights, time_limit_s=1.0)
    mclp(cost, 120.0, 10, weights=weights, time_limit_s=1.0)
    for writable in (True, False):
        arrays = [np.ones((2, 2)), np.ones(2), np.full(2, 2.0), np.zeros(2, dtype=np.int64)]
        for a in arrays:
            a.flags.writeable = writable
        _swap_kernel.gain_and_loss(arrays[0], arrays[1], arrays[1], arrays[2], arrays[3], 1)
        _lagrange_kernel.reduced_column_sums(arrays[0], arrays[1], arrays[2])
    assert _kernel_signatures() == warmed


def _lp_cover(cover: np.ndarray) -> np.ndarray:
    """The LP relaxation's answer of covering every row of ``cover`` with the fewest columns."""
    from scipy.optimize import linprog

    k = cover.shape[1]
    return linprog(np.ones(k), A_ub=-cover.astype(float), b_ub=-np.ones(len(cover)), bounds=(0, 1), method="highs").x


def test_odd_triple_cuts_hold_for_every_cover_and_the_most_violated_is_found():
    """Each cut holds for every cover (all column subsets tried) and is violated by the LP answer
    it was found for; the most violated one is as violated as the best triple of rows found by
    trying every triple; the triangle's cut is found."""
    import scipy.sparse as sp

    from carefac.optimize._setcover import CUT_MIN_VIOLATION, CUT_SLACK_MAX, odd_triple_cuts

    triangle = sp.csr_matrix(np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]]))  # x = ½ each; every cover has 2
    assert odd_triple_cuts(triangle, np.full(3, 0.5)).toarray().tolist() == [[1.0, 1.0, 1.0]]
    assert odd_triple_cuts(triangle, np.ones(3)).shape == (0, 3)  # no row is tight
    found = 0
    for seed in range(60):
        rng = np.random.default_rng(6000 + seed)
        cover = rng.random((14, 9)) < 0.3
        cover[np.arange(14), rng.integers(0, 9, 14)] = True
        x = _lp_cover(cover)
        cuts = odd_triple_cuts(sp.csr_matrix(cover), x).toarray()
        assert (cuts @ x <= 2.0 - CUT_MIN_VIOLATION + 1e-9).all()
        for size in range(10):
            for subset in itertools.combinations(range(9), size):
                if cover[:, list(subset)].any(axis=1).all():
                    assert (cuts[:, list(subset)].sum(axis=1) >= 2).all()
        tight = np.flatnonzero(cover @ x - 1.0 < CUT_SLACK_MAX)
        best = max(
            (2.0 - np.ceil(cover[list(t)].sum(axis=0) / 2.0) @ x for t in itertools.combinations(tight, 3)),
            default=0.0,
        )
        assert (best >= CUT_MIN_VIOLATION + 1e-6) <= (len(cuts) > 0)
        if len(cuts):
            assert np.isclose(2.0 - (cuts @ x).min(), best)
        found += len(cuts)
    assert found >= 10


def test_branch_and_cut_proves_disjoint_odd_cycles(monkeypatch):
    """``t`` disjoint odd cycles of length ``c`` (row i covered by columns i and i+1 of its cycle):
    the LP bound is ``t·c/2``, the optimum ``t·(c+1)/2``. Triangles are proven by the cuts, longer
    cycles by branching; the branch and cut is the path taken."""
    import scipy.sparse as sp

    from carefac.optimize import _setcover

    calls = []
    original = _setcover._branch_and_cut
    monkeypatch.setattr(_setcover, "_branch_and_cut", lambda *a, **k: calls.append(1) or original(*a, **k))
    for length, cycles in ((3, 2), (3, 4), (5, 2), (5, 3), (7, 2)):
        cover = np.zeros((length * cycles, length * cycles), dtype=bool)
        for c in range(cycles):
            i = c * length + np.arange(length)
            cover[i, i] = cover[i, c * length + (np.arange(length) + 1) % length] = True
        k = cover.shape[1]
        columns, bound, status = _setcover.solve_set_cover(sp.csr_matrix(cover), np.arange(k), deadline=None)
        assert cover[:, columns].any(axis=1).all()
        assert status == "optimal" and len(columns) == bound == cycles * (length + 1) // 2
    assert len(calls) == 5


@pytest.mark.parametrize(("told", "expected"), [("1", 1), (" 1 ", 1), ("64", None), ("", None), ("auto", None), ("0", None)])
def test_cores_follow_omp_num_threads(told, expected, monkeypatch):
    """A process told to use one thread (dask's workers are: OMP_NUM_THREADS=1) runs the search
    between the tree's nodes, not on a thread of its own; other values leave the cores it may use."""
    import os

    from carefac.optimize import _setcover

    monkeypatch.setenv("OMP_NUM_THREADS", told)
    bound = len(os.sched_getaffinity(0))
    assert _setcover._cores() == (bound if expected is None else min(bound, expected))
