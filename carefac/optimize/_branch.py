"""Best-bound branch and bound over the binary columns of one HiGHS LP kept warm.

Used by the p-median (over its Benders master, with cuts separated at every node) and the
MCLP (over its LP relaxation). The LP is a minimisation whose first ``k`` columns are the
binary sites; every node fixes some of them and re-solves by dual simplex, from its parent's
basis (saved by row identity, :mod:`._rowbook`, so cuts added and deleted in between do not
matter) while the open nodes' bases fit in :data:`BASIS_BUDGET`. A node's LP value is a lower
bound of every choice inside it; a node whose bound (rounded up when every objective is whole)
reaches the best value is dropped (its dual simplex stops as soon as its objective passes that
value, HiGHS's ``objective_bound``; the stop is confirmed by the Lagrangian value of the duals
it reached), and its reduced costs fix, for its subtree, the sites whose
move could not beat the best value. A node whose sites are whole is priced by the caller (its exact objective), and a
caller's rounding heuristic may turn any node's answer into a choice. "optimal" is returned
only when no node is left open; at the deadline the bound is the smallest open node's.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

from ._highs import lp_model
from ._rowbook import RowBook

__all__ = ["BranchAndBound", "TreeResult"]

BASIS_BUDGET = 50_000_000  # row and column statuses (a byte each) the open nodes' bases may hold
STRONG_CANDIDATES = 6  # most untrusted sites tried by strong branching at one node
STRONG_LOOKAHEAD = 3  # trials in a row without a better score end a node's strong branching
STRONG_ITERATIONS = 40  # dual simplex iterations of one strong-branching trial
#: HiGHS's dual edge weights in the trials' copy of the LP (0: Dantzig). The nodes' steepest-edge
#: weights are computed afresh after every basis set (a BTRAN per row): on the MCLP 2,000 × 200,
#: p = 20, a 40-iteration trial took 5.2 ms with them, 2.7 ms with Devex or Dantzig; over 8
#: instances Dantzig's trials left the whole solve shorter than Devex's (10.6 s against 12.0 s)
TRIAL_EDGE_WEIGHTS = 0
#: the dual simplex of a node stops once its objective passes the value at which the node cannot
#: beat the best, raised by this share (a stop is confirmed by the Lagrangian value of its duals;
#: a stop that is not is solved to the end)
CUTOFF_MARGIN = 1e-7


@dataclass(frozen=True)
class TreeResult:
    """The best choice found (``None`` when none beat the start), its value, the bound, status, nodes."""

    best: np.ndarray | None
    value: float
    bound: float
    status: str
    nodes: int


def _tolerance(value: float) -> float:
    """Return the margin by which a value must beat ``value`` (relative; none against infinity)."""
    return 1e-9 * max(abs(value), 1.0) if np.isfinite(value) else 0.0


def run_within(h, deadline: float | None) -> None:
    """Run HiGHS with the time left before ``deadline``.

    HiGHS compares its time limit with the run time its instance has added up over every run,
    so the limit is that total plus the time left.
    """
    if deadline is not None:
        left = max(deadline - time.perf_counter(), 0.01)
        h.setOptionValue("time_limit", float(h.getRunTime() + left))
    h.run()


class BranchAndBound:
    """Branch and bound over columns ``0 … k-1`` of the HiGHS LP ``h`` (a minimisation).

    Parameters
    ----------
    h
        The LP, solved once already (its bounds on the first ``k`` columns are the root's).
    k
        Number of binary columns.
    price
        Exact objective of a whole choice (the columns open).
    integral
        Every objective is a whole number, so bounds round up.
    separate
        Adds the cuts violated by an LP answer and returns how many (``None``: no cuts).
    cut_start, rows_per_column
        With ``separate``: the rows from ``cut_start`` on are cuts; once the LP has more than
        ``rows_per_column`` rows per column, those with basic slack are deleted after a node is
        solved (except the rows an open node's saved basis needs, up to twice that many rows).
    heuristic
        Turns a node's fractional sites into a choice (or ``None``).
    dive_depth
        After a node branches, its "open the site" child is solved next, down to this many nodes
        in a row, before the best bound is taken again: dives give the heuristic whole-looking
        answers to round (more good choices early), at the price of some nodes the best-bound
        order would have skipped.
    branch_on_largest
        Branch on the fractional site with the largest value (a dive then opens the sites the
        LP leans to: a primal heuristic for set covers) instead of the most fractional one.
    depth_first
        Take the newest node first instead of the best bound (a primal heuristic: it finishes
        what it opened before it goes elsewhere).
    improve, improve_seconds
        A slower search for a better choice than the best (given the best choice, or ``None``
        when the tree has none yet; returns a choice or ``None``), run between nodes whenever
        its runs so far have taken less than ``improve_seconds(t)`` seconds, ``t`` the seconds
        the search has run: the proof goes on while a better choice, if any, is looked for.
    cut_rounds
        With ``separate``: at most this many rounds of cuts at a node whose sites are fractional
        before it branches (its LP value without the rest is still a bound; ``None``: until none
        is violated). A node whose sites are whole is always separated to the end, so that its
        value is the choice's exact cost.
    reliable
        Reliability branching: a site's pseudo-costs (how much the bound rose per unit of
        fractionality when it was branched on) are trusted after this many observations in each
        direction; until then up to :data:`STRONG_CANDIDATES` of the most fractional untrusted
        sites are tried by solving both children (strong branching, on a copy of the LP:
        :meth:`_trial_lp`). The site whose children raise the bound most (the product of both
        rises) is branched on, and each child keeps the bound its trial proved. 0: branch on the
        most fractional site without trials.
    """

    def __init__(
        self,
        h,
        k: int,
        *,
        price: Callable[[np.ndarray], float],
        integral: bool = False,
        separate: Callable[[np.ndarray], int] | None = None,
        cut_start: int = 0,
        rows_per_column: float = np.inf,
        heuristic: Callable[[np.ndarray], np.ndarray | None] | None = None,
        dive_depth: int = 0,
        branch_on_largest: bool = False,
        depth_first: bool = False,
        reliable: int = 0,
        cut_rounds: int | None = None,
        improve: Callable[[np.ndarray | None], np.ndarray | None] | None = None,
        improve_seconds: Callable[[float], float] | None = None,
    ):
        self.h, self.k, self.price, self.integral = h, k, price, integral
        self.dive_depth, self.branch_on_largest = dive_depth, branch_on_largest
        self.depth_first = depth_first
        self.separate, self.heuristic = separate, heuristic
        self.improve, self.improve_seconds = improve, improve_seconds
        self.cut_start, self.rows_per_column = cut_start, rows_per_column
        self.book = RowBook(h) if separate is not None else None  # rows change only with cuts
        lp = h.getLp()
        self.lower = np.asarray(lp.col_lower_)[:k].copy()
        self.upper = np.asarray(lp.col_upper_)[:k].copy()
        self.columns = np.arange(k, dtype=np.int32)
        self.reliable, self.cut_rounds = reliable, cut_rounds
        self._lp = self._lp_arrays() if reliable else None  # for the Lagrangian bounds of strong branching
        self._trial_h = None  # the trials' copy of the LP (:meth:`_trial_lp`), made when first needed
        # trials on a copy leave the LP at a branched node's basis: without cuts, a child solved next
        # starts from it as it is, factored and priced (on the MCLP 2,000 × 200, p = 20, 8
        # instances, 10.2 s → 9.4 s). Not elsewhere: the set cover's degenerate LPs then go to other
        # vertices, and 11 instances of 10,000 × 500 took 174 s instead of 139 s (row-generation
        # trees) and 149 s instead of 131 s (the branch and cut, its cuts' basis kept by row)
        self._keep_factored = bool(reliable) and separate is None
        self._at_basis = None  # the saved basis the LP is at now, if it is one (its solve's end)
        self.gain_sum = np.zeros((2, k))  # [down, up] bound rise per unit of fractionality, summed
        self.gain_count = np.zeros((2, k), dtype=np.int64)
        self.best_value = self.cutoff = np.inf  # the best value of the search under way, its LP cutoff

    def _lp_arrays(self) -> tuple:
        """Return the LP's (cost, matrix, row lower, row upper, column lower, column upper) as arrays."""
        lp = self.h.getLp()
        matrix = sp.csc_matrix(
            (lp.a_matrix_.value_, lp.a_matrix_.index_, lp.a_matrix_.start_), shape=(lp.num_row_, lp.num_col_)
        )
        arrays = (lp.col_cost_, lp.row_lower_, lp.row_upper_, lp.col_lower_, lp.col_upper_)
        cost, row_lower, row_upper, col_lower, col_upper = (np.array(a, dtype=float) for a in arrays)
        return cost, matrix, row_lower, row_upper, col_lower, col_upper

    def _refresh_lp_arrays(self) -> None:
        """Read the LP's arrays for :meth:`_dual_bound` again when cuts come and go (or not read yet)."""
        if self._lp is None or self.separate is not None:
            self._lp = self._lp_arrays()
            self._trial_h = None  # the trials' copy is made again from these arrays

    def _trial_lp(self, lower: np.ndarray, upper: np.ndarray):
        """Return the LP a node's strong-branching trials run on, its sites set between ``lower``
        and ``upper``: a copy of the LP as :meth:`_refresh_lp_arrays` last read it, with its own
        dual edge weights (:data:`TRIAL_EDGE_WEIGHTS`; HiGHS reads them at an instance's first
        solve only). On the set cover's branch and cut (10,000 × 500, seed 502, cuts coming and
        going: a copy per branching) a trial took 4.8 ms instead of 11.9 ms."""
        if self._trial_h is None:
            cost, matrix, row_lower, row_upper, col_lower, col_upper = self._lp
            self._trial_h = lp_model(cost, matrix, row_lower, row_upper, col_lower, col_upper)
            for option, value in (
                ("presolve", "off"), ("solver", "simplex"),
                ("simplex_dual_edge_weight_strategy", TRIAL_EDGE_WEIGHTS),
                ("simplex_iteration_limit", STRONG_ITERATIONS),
            ):  # fmt: skip
                self._trial_h.setOptionValue(option, value)
        self._trial_h.changeColsBounds(self.k, self.columns, lower, upper)
        return self._trial_h

    def _key(self, bound: float, made: int) -> float:
        """Return a node's place in the heap: its bound (best first) or its recency (depth first)."""
        return -float(made) if self.depth_first else bound

    def _rounded(self, value: float) -> float:
        return float(np.ceil(value - 1e-6)) if self.integral else value

    def _node_bounds(self, fixes) -> tuple[np.ndarray, np.ndarray]:
        """Return the sites' lower and upper bounds at a node with these fixes."""
        lower, upper = self.lower.copy(), self.upper.copy()
        for j, v in fixes:
            lower[j] = upper[j] = v
        return lower, upper

    @staticmethod
    def _origins(j: int, y: np.ndarray, value: float) -> tuple[tuple, tuple]:
        """Return how the two children of a branching on ``j`` were made (for their pseudo-costs)."""
        return (j, 0, float(y[j]), value), (j, 1, float(1.0 - y[j]), value)

    def _node(self, fixes, basis, deadline: float | None):
        """Return (state, value, x, reduced costs of the sites); state ``ok``, ``infeasible`` or ``stopped``."""
        lower, upper = self._node_bounds(fixes)
        if (lower > upper).any():
            return "infeasible", np.inf, None, None
        self.h.changeColsBounds(self.k, self.columns, lower, upper)
        if basis is not None and basis is not self._at_basis:  # the LP is not at it already
            self._restore(basis)
        self._at_basis = None
        rounds = 0
        while True:
            run_within(self.h, deadline)
            status = self.h.getModelStatus()
            if status == highspy.HighsModelStatus.kObjectiveBound:
                if self._past_cutoff(lower, upper):
                    return "infeasible", np.inf, None, None
                self._set_cutoff(np.inf)  # not confirmed: solved to the end
                run_within(self.h, deadline)
                self._set_cutoff(self.cutoff)
                status = self.h.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                return "infeasible", np.inf, None, None
            if status != highspy.HighsModelStatus.kOptimal:
                return "stopped", np.nan, None, None
            solution = self.h.getSolution()
            x = np.asarray(solution.col_value)
            y = x[: self.k]
            rounds += 1
            enough = self.cut_rounds is not None and rounds > self.cut_rounds and np.minimum(y, 1.0 - y).max() > 1e-6
            added = 0 if self.separate is None or enough else self.separate(x)
            if added:
                self.book.added(added)
            if not added:  # whole sites were separated to the end: their value is their exact cost
                value = float(self.h.getInfo().objective_function_value)
                reduced = np.asarray(solution.col_dual)[: self.k]
                return "ok", value, x, reduced

    def _saved(self, basis):
        """Return a node's basis as its children keep it: as it is, or by row identity when cuts come and go."""
        return basis if self.book is None else self.book.save(basis)

    def _restore(self, saved) -> None:
        """Set a basis kept by :meth:`_saved` as the LP's."""
        if self.book is None:
            self.h.setBasis(saved)
        else:
            self.book.restore(self.h, saved)

    def _hold(self, saved, count: int = 1) -> None:
        """Record that ``count`` more open nodes will start from ``saved`` (its rows must stay)."""
        if self.book is not None and saved is not None:
            for _ in range(count):
                self.book.hold(saved)

    def _release(self, saved) -> None:
        """Record that a node holding ``saved`` was taken from the open ones."""
        if self.book is not None and saved is not None:
            self.book.release(saved)

    def _drop_slack_cuts(self) -> None:
        """Delete cuts with basic slack once the LP has more than ``rows_per_column`` rows per column."""
        limit = self.rows_per_column * self.h.getNumCol()
        if self.book is not None and self.h.getNumRow() > limit:
            self.book.drop_slack(self.h, self.cut_start, max_rows=int(2 * limit))

    def _fixed_by_reduced_cost(self, fixes, y, reduced, value: float, beaten) -> list[tuple[int, float]]:
        """Return the sites a node's reduced costs settle for its subtree: moving them cannot beat the best."""
        free = self.lower < self.upper
        free[[j for j, _ in fixes]] = False
        closed = np.flatnonzero(free & (y < 1e-9) & (reduced > 0))
        opened = np.flatnonzero(free & (y > 1 - 1e-9) & (reduced < 0))
        return [(int(j), 0.0) for j in closed if beaten(value + reduced[j])] + [
            (int(j), 1.0) for j in opened if beaten(value - reduced[j])
        ]

    def _trial(self, h, j: int, v: float, basis, lower: np.ndarray, upper: np.ndarray, deadline: float | None) -> float:
        """Return a lower bound of the current node with site ``j`` fixed at ``v`` (inf: infeasible, nan: out of time).

        Solved on the trials' copy ``h`` (:meth:`_trial_lp`) from the node's basis by at most
        :data:`STRONG_ITERATIONS` dual simplex iterations, without cutoff (a trial's rise beyond
        it still ranks the sites: with trials stopped there, seed 502 of the 10,000 × 500
        set-cover benchmark took 319 nodes instead of 248); the bound is the Lagrangian value of
        the duals it reached (:meth:`_dual_bound`), valid wherever it stopped.
        """
        h.changeColBounds(j, v, v)
        h.setBasis(basis)
        run_within(h, deadline)
        status = h.getModelStatus()
        solution = h.getSolution()
        h.changeColBounds(j, float(lower[j]), float(upper[j]))
        if status == highspy.HighsModelStatus.kInfeasible:
            return np.inf
        stopped = status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kIterationLimit)
        if stopped or not solution.dual_valid:
            return np.nan
        lower, upper = lower.copy(), upper.copy()
        lower[j] = upper[j] = v
        return self._dual_bound(np.asarray(solution.row_dual), lower, upper)

    def _dual_bound(self, row_dual: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
        """Return the Lagrangian value of the LP at ``row_dual`` with the sites between ``lower`` and ``upper``.

        min c·x over the column bounds of c·x − y·(Ax − row bound): a lower bound for any duals
        ``y`` (a dual of the wrong sign for a one-sided row is taken as 0).
        """
        cost, matrix, row_lower, row_upper, col_lower, col_upper = self._lp
        y = np.where((np.isinf(row_lower) & (row_dual > 0)) | (np.isinf(row_upper) & (row_dual < 0)), 0.0, row_dual)
        rows = np.where(y > 0, y * np.where(np.isinf(row_lower), 0.0, row_lower), y * np.where(np.isinf(row_upper), 0.0, row_upper))
        reduced = cost - matrix.T @ y
        col_lower, col_upper = col_lower.copy(), col_upper.copy()
        col_lower[: self.k], col_upper[: self.k] = lower, upper
        at = np.where(reduced > 0, col_lower, col_upper)
        if np.isinf(at[reduced != 0]).any():
            return -np.inf
        return float(rows.sum() + (reduced * np.where(reduced != 0, at, 0.0)).sum())

    def _set_cutoff(self, value: float) -> None:
        """Let HiGHS's dual simplex stop once its objective passes ``value`` (inf: never)."""
        self.h.setOptionValue("objective_bound", float(value) if np.isfinite(value) else highspy.kHighsInf)

    def _cutoff_of(self, best_value: float) -> float:
        """Return the LP value above which a node cannot beat ``best_value`` (less a margin:
        HiGHS's stop is only a hint, :meth:`_past_cutoff` confirms it)."""
        if not np.isfinite(best_value):
            return np.inf
        beyond = best_value - 1.0 + 1e-6 if self.integral else best_value - _tolerance(best_value)
        return beyond + CUTOFF_MARGIN * max(abs(beyond), 1.0)

    def _past_cutoff(self, lower: np.ndarray, upper: np.ndarray) -> bool:
        """Return whether the duals HiGHS stopped at prove, by their Lagrangian value (recomputed
        here from the LP's arrays as they are now), that the node cannot beat the best."""
        solution = self.h.getSolution()
        if not solution.dual_valid:
            return False
        self._refresh_lp_arrays()
        bound = self._dual_bound(np.asarray(solution.row_dual), lower, upper)
        return self._rounded(bound) >= self.best_value - _tolerance(self.best_value)

    def _learn(self, j: int, up: int, rise: float, distance: float) -> None:
        """Record that moving site ``j`` by ``distance`` (down 0, up 1) raised the bound by ``rise``."""
        if np.isfinite(rise) and distance > 1e-9:
            self.gain_sum[up, j] += max(rise, 0.0) / distance
            self.gain_count[up, j] += 1

    def _pseudo_costs(self) -> np.ndarray:
        """Return each site's mean bound rise per unit [down, up]; unseen sites get the mean of the seen ones."""
        seen = self.gain_count > 0
        mean = np.divide(self.gain_sum, self.gain_count, out=np.zeros_like(self.gain_sum), where=seen)
        for up in (0, 1):
            default = mean[up][seen[up]].mean() if seen[up].any() else 1.0
            mean[up][~seen[up]] = default
        return mean

    def _reliability_branch(self, y, fraction, value: float, bounds, basis, deadline, beaten):
        """Return (site, bound of the "close" child, bound of the "open" child) by reliability branching.

        ``bounds`` are the node's (lower, upper) site bounds.
        """
        self._refresh_lp_arrays()
        candidates = np.flatnonzero(fraction > 1e-6)
        cost = self._pseudo_costs()
        down, up = y[candidates] * cost[0, candidates], (1.0 - y[candidates]) * cost[1, candidates]
        score = np.maximum(down, 1e-6) * np.maximum(up, 1e-6)
        trusted = self.gain_count[:, candidates].min(axis=0) >= self.reliable
        estimated = not trusted.any()  # no trusted site: the first trial replaces the estimate
        at = int(np.argmax(score if estimated else np.where(trusted, score, -np.inf)))
        choice, best_score = (int(candidates[at]), value, value), float(score[at])
        untrusted = candidates[~trusted]
        untrusted = untrusted[np.argsort(-fraction[untrusted], kind="stable")][:STRONG_CANDIDATES]
        quiet = 0
        lower, upper = bounds
        h = self._trial_lp(lower, upper) if untrusted.size else None
        for j in untrusted.tolist():
            closed, opened = (self._trial(h, j, v, basis, lower, upper, deadline) for v in (0.0, 1.0))
            if np.isnan(closed) or np.isnan(opened):
                break
            closed, opened = max(closed, value), max(opened, value)
            self._learn(j, 0, closed - value, y[j])
            self._learn(j, 1, opened - value, 1.0 - y[j])
            if beaten(closed) or beaten(opened):  # one child is settled: branching here costs one node
                return j, closed, opened
            trial = max(closed - value, 1e-6) * max(opened - value, 1e-6)
            if trial > best_score or estimated:
                best_score, choice, estimated, quiet = trial, (j, closed, opened), False, 0
            else:
                quiet += 1
                if quiet >= STRONG_LOOKAHEAD:
                    break
        return choice

    def search(
        self, root: float, best: np.ndarray | None, best_value: float, deadline: float | None, progress=None, **options
    ) -> TreeResult:
        """Search from the root bound ``root`` and the best known choice; return what was proven.

        The search stops at ``deadline`` or after ``max_nodes`` nodes with the bound of what is
        open. ``floor`` is a bound proven elsewhere: a choice that reaches it ends the search.
        """
        try:
            return self._search(root, best, best_value, deadline, progress, **options)
        finally:
            self._set_cutoff(np.inf)  # the LP may serve others after the search

    def _search(
        self,
        root: float,
        best: np.ndarray | None,
        best_value: float,
        deadline: float | None,
        progress=None,
        *,
        max_nodes: int | None = None,
        floor: float = -np.inf,
    ) -> TreeResult:
        best_value = float(best_value)
        self._at_basis = None  # the caller may have moved the LP since an earlier search
        self.best_value, self.cutoff = best_value, self._cutoff_of(best_value)
        self._set_cutoff(self.cutoff)
        # (heap key, order made, bound, fixes, basis, how it was made: site, up, distance, parent's value)
        heap: list[tuple[float, int, float, tuple, object, tuple | None]] = [(root, 0, root, (), None, None)]
        made = nodes = 0

        def beaten(bound: float) -> bool:
            return self._rounded(bound) >= best_value - _tolerance(best_value)

        def offer(chosen: np.ndarray) -> None:
            nonlocal best, best_value
            value = self.price(chosen)
            if value < best_value - _tolerance(best_value):
                best, best_value = chosen, value
                self.best_value, self.cutoff = best_value, self._cutoff_of(best_value)
                self._set_cutoff(self.cutoff)

        plunge = None  # the child taken next without going back to the heap (a dive)
        dive = 0
        began, improving_s = time.perf_counter(), 0.0
        while heap or plunge is not None:
            if best_value <= floor + _tolerance(best_value):  # nothing beats a choice at a proven bound
                heap.clear()
                break
            out_of_time = deadline is not None and time.perf_counter() > deadline
            if out_of_time or (max_nodes is not None and nodes >= max_nodes):
                if plunge is not None:
                    heapq.heappush(heap, plunge)
                break
            if self.improve is not None and improving_s < self.improve_seconds(time.perf_counter() - began):
                started = time.perf_counter()
                found = self.improve(best)
                improving_s += time.perf_counter() - started
                if found is not None:
                    offer(found)
            if plunge is not None:
                (_, _, bound, fixes, basis, origin), plunge = plunge, None
            else:
                _, _, bound, fixes, basis, origin = heapq.heappop(heap)
                dive = 0
            self._release(basis)  # restored below, before any cut is deleted
            if beaten(bound):
                continue
            state, value, x, reduced = self._node(fixes, basis, deadline)
            if state == "stopped":  # out of time: the node stays open with its parent's bound
                heapq.heappush(heap, (self._key(bound, -1), -1, bound, fixes, basis, origin))
                self._hold(basis)
                break
            nodes += 1
            if origin is not None and state == "ok":
                self._learn(origin[0], origin[1], value - origin[3], origin[2])
            if progress is not None:
                progress.update(1)
            self._drop_slack_cuts()
            if state == "infeasible" or beaten(value):
                continue
            y = x[: self.k]
            fraction = np.minimum(y, 1.0 - y)
            if fraction.max() <= 1e-6:  # whole sites: the caller prices the choice exactly
                offer(np.flatnonzero(y > 0.5))
                continue
            if self.heuristic is not None:
                found = self.heuristic(y)
                if found is not None:
                    offer(found)
                    if beaten(value):
                        continue
            fixes = (*fixes, *self._fixed_by_reduced_cost(fixes, y, reduced, value, beaten))
            size = self.h.getNumRow() + self.h.getNumCol()
            here = self.h.getBasis()
            basis = self._saved(here) if len(heap) * size <= BASIS_BUDGET else None
            if self._keep_factored:
                self._at_basis = basis  # a child solved next starts from the LP as it is: factored, priced
            if self.reliable:
                bounds = self._node_bounds(fixes)
                j, closed, opened = self._reliability_branch(y, fraction, value, bounds, here, deadline, beaten)
                origins = (None, None) if closed > value or opened > value else self._origins(j, y, value)
            else:
                j = int(np.argmax(np.where(fraction > 1e-6, y, -1.0) if self.branch_on_largest else fraction))
                closed = opened = value
                origins = self._origins(j, y, value)
            children = [
                (self._key(opened, made + 2), made + 2, opened, (*fixes, (j, 1.0)), basis, origins[1]),
                (self._key(closed, made + 1), made + 1, closed, (*fixes, (j, 0.0)), basis, origins[0]),
            ]  # depth first takes the later child first: opening the site
            made += 2
            self._hold(basis, len(children))
            if dive < self.dive_depth:
                dive += 1
                plunge = children.pop(0)  # open the site: its LP is the next to solve, warm
            for child in children:
                heapq.heappush(heap, child)
        open_bounds = [b for _, _, b, _, _, _ in heap if not beaten(b)]
        if not open_bounds:
            return TreeResult(best, best_value, best_value, "optimal", nodes)
        bound = min(self._rounded(min(open_bounds)), best_value)
        return TreeResult(best, best_value, bound, "time_limit", nodes)
