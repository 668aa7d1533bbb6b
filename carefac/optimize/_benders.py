"""Exact p-median by Benders decomposition (Duran-Mateluna, Ales & Elloumi 2023).

The master problem keeps only the site variables ``y`` and one cost variable ``θ_i`` per demand;
the demands' assignments are projected out and come back as cuts. For a point ``y`` (integer or
fractional) and demand ``i`` with costs sorted ``d_i(1) ≤ d_i(2) ≤ …``, let ``D`` be the first
sorted cost at which the sites up to it hold a total ``y`` of 1; then

    θ_i ≥ D − Σ_j max(0, D − d_ij) · y_j

is valid for every choice of sites and tight at ``y`` (these are the Benders cuts of the radius
formulation). The LP relaxation is solved first by cutting planes with in-out stabilisation,
its reduced costs fix sites against the incumbent, and then a branch and bound over that LP
(each node warm from its parent's basis, cuts separated at every node, slack cuts deleted
between nodes so the LP stays a few rows per column) proves the best choice (see
:class:`._branch.BranchAndBound`; this is what a lazy-constraint callback inside a MILP solver
would do, and how Duran-Mateluna, Ales & Elloumi 2023 branch on the master).
The master has ``m + n`` columns instead of the ``n·m`` of the classic formulation, which is
what makes thousands of demands × hundreds of sites solvable to proof in seconds.
"""

from __future__ import annotations

import highspy
import numpy as np

from ._branch import BranchAndBound, run_within
from ._compiled import usable
from ._core import deadline_after, p_median_objective
from ._highs import _new_highs
from ._rowbook import delete_rows, slack_rows

_INF = highspy.kHighsInf
IN_OUT_ROUNDS = 200  # LP rounds separated at a point between the core and the LP answer
CUT_TOLERANCE = 1e-6  # relative violation below which a cut is not added
PURGE_EVERY = 5  # LP rounds between deletions of the cuts with basic slack
PURGE_ROWS_PER_COLUMN = 2.0  # the tree drops slack cuts once the LP has this many rows per column
NODE_CUT_ROUNDS = 2  # rounds of cuts at a fractional node before it branches (all: 20–40 % slower trees)


class _Separator:
    """Sorted costs of each demand and the cuts they give at a point ``y``.

    ``compiled``: separate with :mod:`._benders_kernel` (walks each demand only to its level)
    instead of numpy's cumulative sums over every sorted cost (same cuts).
    """

    def __init__(self, cost: np.ndarray, weights: np.ndarray, *, compiled: bool = True):
        self.order = np.ascontiguousarray(np.argsort(cost, axis=1, kind="stable"), dtype=np.int64)
        self.sorted = np.ascontiguousarray(np.take_along_axis(cost, self.order, axis=1), dtype=np.float64)
        self.rows = np.flatnonzero(weights > 0)
        self.compiled = compiled

    def cuts(self, y: np.ndarray, theta: np.ndarray, *, all_rows: bool = False):
        """Return the violated cuts at ``y`` as (rows, right-hand sides, CSR pieces of y coefficients)."""
        if not self.compiled:
            return self._numpy_cuts(y, theta, all_rows=all_rows)
        from ._benders_kernel import separate

        return separate(
            self.order, self.sorted, self.rows, y, theta, all_rows=all_rows, tolerance=CUT_TOLERANCE
        )

    def _numpy_cuts(self, y: np.ndarray, theta: np.ndarray, *, all_rows: bool):
        rows = self.rows
        order, srt = self.order[rows], self.sorted[rows]
        held = y[order]
        reach = np.cumsum(held, axis=1) >= 1.0 - 1e-9
        first = np.where(reach.any(axis=1), np.argmax(reach, axis=1), srt.shape[1] - 1)
        level = srt[np.arange(rows.size), first]
        closer = (np.arange(srt.shape[1])[None, :] < first[:, None]) & (srt < level[:, None])
        level = np.where(np.isfinite(level), level, np.nan)  # no cut: the sites held fall short of 1
        with np.errstate(invalid="ignore"):
            coef = np.where(closer, level[:, None] - srt, 0.0)
        rhs = level - (coef * held).sum(axis=1)
        tolerance = CUT_TOLERANCE * np.maximum(np.abs(level), 1.0)
        violated = ~np.isnan(level) & (all_rows | (rhs - theta[rows] > tolerance))
        pick = np.flatnonzero(violated)
        r, c = np.nonzero(closer[pick])
        return rows[pick], level[pick], closer[pick].sum(axis=1), order[pick][r, c], coef[pick][r, c]


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
    deadline = deadline_after(time_limit_s)
    n, m = cost.shape
    separator = _Separator(cost, weights, compiled=usable("_benders_kernel", deadline))
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
        run_within(h, deadline)
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
            delete_rows(h, slack_rows(h, first_cut))
    _fix_by_reduced_cost(h, m, y, bound, incumbent_value)
    delete_rows(h, slack_rows(h, first_cut))

    def separate(x: np.ndarray) -> int:
        return _add_cuts(h, m, separator.cuts(x[:m], x[m:]))

    tree = BranchAndBound(
        h,
        m,
        price=lambda chosen: p_median_objective(cost, weights, chosen)[0],
        integral=integral,
        separate=separate,
        cut_start=first_cut,
        rows_per_column=PURGE_ROWS_PER_COLUMN,
        cut_rounds=NODE_CUT_ROUNDS,
    )
    found = tree.search(bound, incumbent, incumbent_value, deadline, progress)
    return found.best, found.bound, found.status, rounds + found.nodes


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
