"""Exact p-median by Benders decomposition (Duran-Mateluna, Ales & Elloumi 2023).

The master problem keeps only the site variables ``y`` and one cost variable ``θ_i`` per demand;
the demands' assignments are projected out and come back as cuts. For a point ``y`` (integer or
fractional) and demand ``i`` with costs sorted ``d_i(1) ≤ d_i(2) ≤ …``, let ``D`` be the first
sorted cost at which the sites up to it hold a total ``y`` of 1; then

    θ_i ≥ D − Σ_j max(0, D − d_ij) · y_j

is valid for every choice of sites and tight at ``y`` (these are the Benders cuts of the radius
formulation). The LP relaxation is solved first by cutting planes with in-out stabilisation,
its reduced costs fix sites against the incumbent, and then a branch and bound over that LP
(kept warm, cuts separated at every node) proves the best choice (see :class:`_Tree`).
The master has ``m + n`` columns instead of the ``n·m`` of the classic formulation, which is
what makes thousands of demands × hundreds of sites solvable to proof in seconds.
"""

from __future__ import annotations

import heapq
import time

import highspy
import numpy as np

from ._core import p_median_objective
from ._highs import _new_highs

_INF = highspy.kHighsInf
IN_OUT_ROUNDS = 200  # LP rounds separated at a point between the core and the LP answer
CUT_TOLERANCE = 1e-6  # relative violation below which a cut is not added
PURGE_EVERY = 5  # LP rounds between deletions of the cuts with basic slack
PURGE_ROWS_PER_COLUMN = 2.0  # the tree drops slack cuts once the LP has this many rows per column


class _Separator:
    """Sorted costs of each demand and the cuts they give at a point ``y``."""

    def __init__(self, cost: np.ndarray, weights: np.ndarray):
        self.order = np.ascontiguousarray(np.argsort(cost, axis=1, kind="stable"), dtype=np.int64)
        self.sorted = np.ascontiguousarray(np.take_along_axis(cost, self.order, axis=1), dtype=np.float64)
        self.rows = np.flatnonzero(weights > 0)

    def cuts(self, y: np.ndarray, theta: np.ndarray, *, all_rows: bool = False):
        """Return the violated cuts at ``y`` as (rows, right-hand sides, CSR pieces of y coefficients)."""
        from ._benders_kernel import separate

        return separate(
            self.order, self.sorted, self.rows, y, theta, all_rows=all_rows, tolerance=CUT_TOLERANCE
        )


def _add_cuts(h, m: int, cuts) -> int:
    """Add ``θ_i + Σ coef·y ≥ level`` rows to the HiGHS model; return how many."""
    rows, level, counts, cols, coef = cuts
    if rows.size == 0:
        return 0
    lengths = counts + 1
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    index = np.empty(int(lengths.sum()), dtype=np.int32)
    value = np.empty(index.size)
    index[starts] = m + rows
    value[starts] = 1.0
    body = np.ones(index.size, dtype=bool)
    body[starts] = False
    index[body] = cols
    value[body] = coef
    h.addRows(
        int(rows.size),
        level.astype(np.float64),
        np.full(rows.size, _INF),
        int(index.size),
        starts.astype(np.int32),
        index,
        value,
    )
    return int(rows.size)


def _master(cost: np.ndarray, weights: np.ndarray, fixed: np.ndarray, total_open: int):
    """Return a HiGHS model with the sites (continuous for now), the θ columns and the cardinality row."""
    n, m = cost.shape
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    none_i, none_f = np.zeros(0, dtype=np.int32), np.zeros(0)
    lower = np.zeros(m)
    lower[fixed] = 1.0
    h.addCols(m, np.zeros(m), lower, np.ones(m), 0, none_i, none_i, none_f)
    nearest = np.min(cost, axis=1, initial=np.inf)
    nearest[~np.isfinite(nearest)] = 0.0
    h.addCols(n, weights.astype(np.float64), nearest, np.full(n, _INF), 0, none_i, none_i, none_f)
    h.addRow(float(total_open), float(total_open), m, np.arange(m, dtype=np.int32), np.ones(m))
    incomplete = np.flatnonzero((weights > 0) & ~np.isfinite(cost).all(axis=1))
    if incomplete.size:  # some reachable site must open (the cuts then stay finite)
        reachable = np.isfinite(cost[incomplete])
        starts = np.concatenate([[0], np.cumsum(reachable.sum(axis=1))[:-1]]).astype(np.int32)
        columns = np.nonzero(reachable)[1].astype(np.int32)
        h.addRows(
            int(incomplete.size),
            np.ones(incomplete.size),
            np.full(incomplete.size, _INF),
            int(columns.size),
            starts,
            columns,
            np.ones(columns.size),
        )
    return h


def _run(h, deadline: float | None) -> None:
    """Run HiGHS with the time left before ``deadline``.

    HiGHS compares its time limit with the run time its instance has added up over every run,
    so the limit is that total plus the time left.
    """
    if deadline is not None:
        left = max(deadline - time.perf_counter(), 0.01)
        h.setOptionValue("time_limit", float(h.getRunTime() + left))
    h.run()


def benders_p_median(
    cost: np.ndarray,
    weights: np.ndarray,
    fixed: np.ndarray,
    total_open: int,
    incumbent: np.ndarray | None,
    incumbent_value: float,
    *,
    time_limit_s: float | None = None,
    integral: bool = False,
    progress=None,
) -> tuple[np.ndarray | None, float, str, int]:
    """Solve the p-median exactly by Benders cuts.

    Parameters
    ----------
    cost
        Dense demand × candidate costs (``inf`` unreachable; every weighted demand reaches one).
    weights
        Demand weights.
    fixed
        Columns forced open.
    total_open
        Sites open in all (fixed included).
    incumbent, incumbent_value
        The best known open set (all columns) and its cost (``None`` and ``inf`` when unknown).
    time_limit_s
        Wall-time limit; the best answer and bound so far are returned.
    integral
        Every feasible objective is a whole number (bounds may be rounded up).
    progress
        A tqdm-like object with ``update``; optional.

    Returns
    -------
    tuple
        The open columns of the best solution found by the master (``None`` if it found none),
        the proven lower bound, the status (``optimal``/``time_limit``) and the master rounds.
    """
    deadline = None if time_limit_s is None else time.perf_counter() + time_limit_s
    n, m = cost.shape
    separator = _Separator(cost, weights)
    h = _master(cost, weights, fixed, total_open)
    first_cut = h.getNumRow()
    if incumbent is None:
        core = np.full(m, total_open / m)
        core[fixed] = 1.0
    else:
        core = np.zeros(m)
        core[incumbent] = 1.0
    _add_cuts(h, m, separator.cuts(core, np.zeros(n), all_rows=True))
    rounds, bound = 0, -np.inf
    while True:  # LP relaxation by cutting planes
        rounds += 1
        _run(h, deadline)
        if progress is not None:
            progress.update(1)
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return incumbent, bound, "time_limit", rounds
        x = np.asarray(h.getSolution().col_value)
        y, theta = x[:m], x[m:]
        bound = max(bound, float(h.getInfo().objective_function_value))
        found = 0
        if rounds <= IN_OUT_ROUNDS:
            found = _add_cuts(h, m, separator.cuts(0.5 * core + 0.5 * y, theta))
        if not found and not _add_cuts(h, m, separator.cuts(y, theta)):
            break
        core = 0.5 * core + 0.5 * y
        if rounds % PURGE_EVERY == 0:
            _drop_slack_cuts(h, first_cut)
    _fix_by_reduced_cost(h, m, y, bound, incumbent_value)
    _drop_slack_cuts(h, first_cut)
    lp = h.getLp()
    lower, upper = np.asarray(lp.col_lower_)[:m], np.asarray(lp.col_upper_)[:m]
    tree = _Tree(h, separator, cost, weights, lower, upper, first_cut, integral=integral)
    best, bound, status, nodes = tree.search(bound, incumbent, incumbent_value, deadline, progress)
    return best, bound, status, rounds + nodes


class _Tree:
    """Branch and bound over the Benders LP: one HiGHS LP kept warm, sites fixed by branching.

    Each node sets its sites' bounds, re-solves the LP (dual simplex from the last basis) and
    separates cuts at its answer until none is violated; its LP value is a valid lower bound of
    every choice in the node (fewer cuts and fractional sites only relax it). A node whose
    sites are whole is priced exactly by its cuts, so its value is the choice's cost. Nodes are
    taken best bound first; a node whose bound reaches the best value found is dropped, and a
    node's reduced costs fix, for its subtree, the sites whose move could not beat the best value.
    Cuts whose slack is basic are deleted between nodes (so the LP stays a few rows per column
    and each simplex iteration cheap); one that matters again is separated again. This is
    what a lazy-constraint callback would do inside a MILP solver (Duran-Mateluna, Ales &
    Elloumi 2023 branch on the master the same way).
    """

    def __init__(self, h, separator, cost, weights, lower, upper, first_cut: int, *, integral: bool):
        self.h, self.separator, self.cost, self.weights = h, separator, cost, weights
        self.lower, self.upper, self.integral = lower, upper, integral
        self.m, self.first_cut = lower.size, first_cut

    def _rounded(self, value: float) -> float:
        return float(np.ceil(value - 1e-6)) if self.integral else value

    def _node(self, fixes, deadline: float | None):
        """Return ("ok", value, y, reduced costs of y), ("infeasible", …) or ("stopped", …) for a node's LP with cuts."""
        lower, upper = self.lower.copy(), self.upper.copy()
        for j, v in fixes:
            lower[j] = upper[j] = v
        if (lower > upper).any():
            return "infeasible", np.inf, None, None
        self.h.changeColsBounds(self.m, np.arange(self.m, dtype=np.int32), lower, upper)
        while True:
            _run(self.h, deadline)
            status = self.h.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                return "infeasible", np.inf, None, None
            if status != highspy.HighsModelStatus.kOptimal:
                return "stopped", np.nan, None, None
            solution = self.h.getSolution()
            x = np.asarray(solution.col_value)
            if not _add_cuts(self.h, self.m, self.separator.cuts(x[: self.m], x[self.m :])):
                value = float(self.h.getInfo().objective_function_value)
                reduced = np.asarray(solution.col_dual)[: self.m]
                if self.h.getNumRow() > PURGE_ROWS_PER_COLUMN * self.h.getNumCol():
                    _drop_slack_cuts(self.h, self.first_cut)
                return "ok", value, x[: self.m], reduced

    def _fixed_by_reduced_cost(self, fixes, y, reduced, value: float, beaten) -> list[tuple[int, float]]:
        """Return the sites a node's reduced costs settle for its subtree: moving them cannot beat the best."""
        free = np.ones(self.m, dtype=bool)
        free[[j for j, _ in fixes]] = False
        free &= self.lower < self.upper
        closed = np.flatnonzero(free & (y < 1e-9) & (reduced > 0))
        opened = np.flatnonzero(free & (y > 1 - 1e-9) & (reduced < 0))
        return [(int(j), 0.0) for j in closed if beaten(value + reduced[j])] + [
            (int(j), 1.0) for j in opened if beaten(value - reduced[j])
        ]

    def search(self, root: float, best, best_value: float, deadline: float | None, progress):
        """Return the best open set, the proven bound, the status and the nodes solved."""
        best_value = float(best_value)
        heap: list[tuple[float, int, tuple]] = [(root, 0, ())]
        made = nodes = 0

        def beaten(bound: float) -> bool:
            return self._rounded(bound) >= best_value - 1e-9 * max(abs(best_value), 1.0)

        while heap:
            if deadline is not None and time.perf_counter() > deadline:
                break
            bound, _, fixes = heapq.heappop(heap)
            if beaten(bound):
                continue
            state, value, y, reduced = self._node(fixes, deadline)
            if state == "stopped":  # out of time: the node stays open with its parent's bound
                heapq.heappush(heap, (bound, -1, fixes))
                break
            nodes += 1
            if progress is not None:
                progress.update(1)
            if state == "infeasible" or beaten(value):
                continue
            fraction = np.minimum(y, 1.0 - y)
            if fraction.max() <= 1e-6:  # whole sites: the LP priced this choice exactly
                chosen = np.flatnonzero(y > 0.5)
                cost, _ = p_median_objective(self.cost, self.weights, chosen)
                if cost < best_value:
                    best, best_value = chosen, cost
                continue
            fixes = (*fixes, *self._fixed_by_reduced_cost(fixes, y, reduced, value, beaten))
            j = int(np.argmax(fraction))
            for v in (1.0, 0.0):
                made += 1
                heapq.heappush(heap, (value, made, (*fixes, (j, v))))
        open_bounds = [b for b, _, _ in heap if not beaten(b)]
        if not open_bounds:
            return best, best_value, "optimal", nodes
        return best, min(self._rounded(min(open_bounds)), best_value), "time_limit", nodes


def _drop_slack_cuts(h, first_cut: int) -> None:
    """Delete the cuts whose slack is basic (rows ``first_cut`` on); the basis stays valid.

    At most as many rows as there are columns are nonbasic, so this keeps the LP near its
    ``m + n`` columns in rows; a dropped cut that matters again is separated again.
    """
    status = h.getBasis().row_status[first_cut:]
    basic = highspy.HighsBasisStatus.kBasic
    drop = first_cut + np.flatnonzero([s == basic for s in status]).astype(np.int32)
    if drop.size:
        h.deleteRows(int(drop.size), drop)


def _fix_by_reduced_cost(h, m: int, y: np.ndarray, lp_bound: float, upper: float) -> None:
    """Close (open) sites whose reduced cost proves that opening (closing) them cannot beat ``upper``."""
    reduced = np.asarray(h.getSolution().col_dual)[:m]
    slack = upper - lp_bound + 1e-9 * max(abs(upper), 1.0)
    closed = np.flatnonzero((y < 1e-9) & (reduced > slack))
    opened = np.flatnonzero((y > 1 - 1e-9) & (-reduced > slack))
    for j in closed:
        h.changeColBounds(int(j), 0.0, 0.0)
    for j in opened:
        h.changeColBounds(int(j), 1.0, 1.0)
