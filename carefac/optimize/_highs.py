"""A thin bridge to HiGHS: pass a sparse MILP as arrays, solve, read the result."""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

__all__ = ["MilpSolution", "fits_in_time", "lp_model", "solve_milp"]

_INF = highspy.kHighsInf

#: seconds per nonzero that HiGHS spends on a model before it first looks at its time limit,
#: with the copy into it: measured on this project's 2-core machine at 1–25 million nonzeros
#: (covering models), a MIP's setup took 1.4 µs per nonzero (35 s at 25 M under a 1 s limit),
#: an LP's 0.3 µs, the copy 0.13 µs; rounded up
MIP_S_PER_NONZERO = 2.0e-6
LP_S_PER_NONZERO = 0.5e-6


def fits_in_time(nonzeros: int, seconds_left: float | None, *, integer: bool) -> bool:
    """Return whether HiGHS can take a model of ``nonzeros`` and still keep a limit of ``seconds_left``.

    HiGHS reads its time limit only once a model is set up, and the setup grows with the model;
    a model that does not fit is not handed to it (the caller keeps the answer it has).
    """
    if seconds_left is None:
        return True
    return nonzeros * (MIP_S_PER_NONZERO if integer else LP_S_PER_NONZERO) <= seconds_left


@dataclass(frozen=True)
class MilpSolution:
    """What HiGHS returned.

    Attributes
    ----------
    status
        ``optimal``, ``time_limit``, ``infeasible`` or ``error``.
    x
        Column values (``None`` when HiGHS found no feasible point).
    objective
        Objective of ``x`` including the offset (NaN without a solution).
    bound
        Best proven bound (lower for minimisation, upper for maximisation).
    seconds
        Wall time of the solve.
    """

    status: str
    x: np.ndarray | None
    objective: float
    bound: float
    seconds: float

    @classmethod
    def not_run(cls, *, maximize: bool) -> MilpSolution:
        """Return the answer of a model not handed to HiGHS (too large for the time left)."""
        return cls("time_limit", None, float("nan"), np.inf if maximize else -np.inf, 0.0)

    def with_integral_bound(self) -> MilpSolution:
        """Return the solution with its bound rounded up to a whole number (integral objectives)."""
        if not np.isfinite(self.bound):
            return self
        bound = float(np.ceil(self.bound - 1e-6))
        status = "optimal" if self.x is not None and bound >= self.objective - 1e-6 else self.status
        return MilpSolution(status, self.x, self.objective, max(bound, self.bound), self.seconds)


def _highs_values(values: np.ndarray) -> np.ndarray:
    """Return bounds as float64 with ±inf replaced by HiGHS's infinity."""
    out = np.asarray(values, dtype=np.float64).copy()
    out[np.isposinf(out)] = _INF
    out[np.isneginf(out)] = -_INF
    return out


def _new_highs():
    """Return a HiGHS instance that prints nothing (the library must not write to stdout).

    The plain ``highspy._core._Highs`` object is used where present: the convenience wrapper
    ``highspy.Highs`` prints a banner on creation, before any option can switch output off.
    """
    core = getattr(getattr(highspy, "_core", None), "_Highs", None)
    return core() if core is not None else highspy.Highs()


def _violation(
    x: np.ndarray,
    a: sp.csc_matrix,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    integer: np.ndarray,
) -> float:
    """Return the largest violation of rows, bounds and integrality by ``x`` (0 when feasible)."""
    ax = a @ x
    worst = max(
        float(np.max(np.maximum(row_lower - ax, 0.0), initial=0.0)),
        float(np.max(np.maximum(ax - row_upper, 0.0), initial=0.0)),
        float(np.max(np.maximum(col_lower - x, 0.0), initial=0.0)),
        float(np.max(np.maximum(x - col_upper, 0.0), initial=0.0)),
    )
    if integer.any():
        worst = max(worst, float(np.max(np.abs(x[integer] - np.round(x[integer])), initial=0.0)))
    return worst


def solve_milp(
    cost: np.ndarray,
    matrix: sp.spmatrix,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    integer: np.ndarray,
    *,
    maximize: bool = False,
    offset: float = 0.0,
    time_limit_s: float | None = None,
    mip_rel_gap: float = 1e-9,
    mip_abs_gap: float = 0.0,
    start: np.ndarray | None = None,
    threads: int | None = None,
) -> MilpSolution:
    """Solve ``min/max cost·x + offset`` s.t. ``row_lower ≤ A x ≤ row_upper`` and bounds.

    Parameters
    ----------
    cost, col_lower, col_upper
        One value per column (use ``±inf`` for free bounds).
    matrix
        Constraint matrix (any scipy.sparse format; converted to CSC).
    row_lower, row_upper
        One value per row.
    integer
        Boolean mask of integer columns.
    maximize
        Maximise instead of minimise.
    time_limit_s
        Wall-time limit; the best solution found by then is returned with its bound.
    mip_rel_gap, mip_abs_gap
        Relative and absolute gaps at which HiGHS stops (an absolute gap below 1 proves
        optimality when every feasible objective is a whole number).
    start
        A feasible solution to start from (speeds up proofs).

    Notes
    -----
    The answer is checked before it is returned: ``x`` must satisfy every row, bound and
    integrality (to 1e-6), and ``objective`` is recomputed from ``x``. With a start, HiGHS can
    hand back the start's values while reporting the better objective it found; such an answer
    is solved again without the start (in the time left). A solution that still fails the check
    is returned as ``x=None`` with status ``error``. An answer HiGHS calls optimal while its own
    bound does not meet it is solved again without presolve (see :func:`_self_contradicting`);
    if that fails too, the first answer stands (its bound then keeps it from being called optimal). A model too large for HiGHS to set up
    within ``time_limit_s`` (:func:`fits_in_time`) is not solved: status ``time_limit``, no ``x``,
    no bound.
    """
    began = time.perf_counter()
    nonzeros = matrix.nnz if sp.issparse(matrix) else int(np.count_nonzero(matrix))
    if not fits_in_time(nonzeros, time_limit_s, integer=bool(np.any(integer))):
        return MilpSolution.not_run(maximize=maximize)
    solution = _solve_once(
        cost, matrix, row_lower, row_upper, col_lower, col_upper, integer,
        maximize=maximize, offset=offset, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap,
        mip_abs_gap=mip_abs_gap, start=start, threads=threads,
    )  # fmt: skip
    if _self_contradicting(solution, mip_rel_gap, mip_abs_gap):  # see the notes: presolve again without
        left = None if time_limit_s is None else max(time_limit_s - (time.perf_counter() - began), 0.01)
        again = _solve_once(
            cost, matrix, row_lower, row_upper, col_lower, col_upper, integer,
            maximize=maximize, offset=offset, time_limit_s=left, mip_rel_gap=mip_rel_gap,
            mip_abs_gap=mip_abs_gap, start=start, threads=threads, presolve=False,
        )  # fmt: skip
        if again.x is not None and again.status != "mismatch":
            return MilpSolution(again.status, again.x, again.objective, again.bound, time.perf_counter() - began)
        return solution
    if solution.status != "mismatch":
        return solution
    left = None if time_limit_s is None else max(time_limit_s - (time.perf_counter() - began), 0.01)
    again = _solve_once(
        cost, matrix, row_lower, row_upper, col_lower, col_upper, integer,
        maximize=maximize, offset=offset, time_limit_s=left, mip_rel_gap=mip_rel_gap,
        mip_abs_gap=mip_abs_gap, start=None, threads=threads,
    )  # fmt: skip
    if again.status == "mismatch":
        return MilpSolution("error", None, float("nan"), again.bound, time.perf_counter() - began)
    return MilpSolution(again.status, again.x, again.objective, again.bound, time.perf_counter() - began)


def _self_contradicting(solution: MilpSolution, mip_rel_gap: float, mip_abs_gap: float) -> bool:
    """Return whether HiGHS called an answer optimal whose objective its own bound does not meet
    (beyond the gaps it was given): HiGHS 1.16's presolve can reduce a model to nothing with one
    value and postsolve an answer with another (seen on a shortfall stage 2: 211 against 166)."""
    if solution.status != "optimal" or solution.x is None or not np.isfinite(solution.bound):
        return False
    allowed = mip_abs_gap + mip_rel_gap * abs(solution.objective) + 1e-6 * max(1.0, abs(solution.objective))
    return abs(solution.bound - solution.objective) > allowed


def _solve_once(
    cost: np.ndarray,
    matrix: sp.spmatrix,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    integer: np.ndarray,
    *,
    maximize: bool,
    offset: float,
    time_limit_s: float | None,
    mip_rel_gap: float,
    mip_abs_gap: float,
    start: np.ndarray | None,
    threads: int | None,
    presolve: bool = True,
) -> MilpSolution:
    """Solve once; status ``mismatch`` when the returned ``x`` is infeasible or does not have
    the objective HiGHS reports."""
    h = lp_model(
        cost, matrix, row_lower, row_upper, col_lower, col_upper, maximize=maximize, offset=offset, integer=integer
    )
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("mip_abs_gap", float(mip_abs_gap))
    if threads:
        h.setOptionValue("threads", int(threads))
    if not presolve:
        h.setOptionValue("presolve", "off")
    if time_limit_s is not None:
        h.setOptionValue("time_limit", float(max(time_limit_s, 0.01)))
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = np.asarray(start, dtype=np.float64).tolist()
        solution.value_valid = True
        h.setSolution(solution)
    began = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - began
    model_status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = np.asarray(h.getSolution().col_value) if has_solution else None
    objective = float(info.objective_function_value) if has_solution else float("nan")
    bound = float(info.mip_dual_bound) if integer.any() else objective
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = "optimal"
        if not np.isfinite(bound):
            bound = objective
    elif model_status == highspy.HighsModelStatus.kTimeLimit:
        status = "time_limit"
    elif model_status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        status = "infeasible"
    else:
        status = "error"
    if x is not None:
        recomputed = float(np.asarray(cost, dtype=float) @ x + offset)
        violation = _violation(
            x, sp.csc_matrix(matrix), np.asarray(row_lower, float), np.asarray(row_upper, float),
            np.asarray(col_lower, float), np.asarray(col_upper, float), np.asarray(integer, bool),
        )  # fmt: skip
        if violation > 1e-6 or abs(recomputed - objective) > 1e-6 * max(1.0, abs(objective)):
            return MilpSolution("mismatch", None, float("nan"), bound, seconds)
        objective = recomputed
    return MilpSolution(status=status, x=x, objective=objective, bound=bound, seconds=seconds)


def lp_model(
    cost: np.ndarray,
    matrix: sp.spmatrix,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    *,
    maximize: bool = False,
    offset: float = 0.0,
    integer: np.ndarray | None = None,
):
    """Return a silent HiGHS instance holding the model (not yet solved; ±inf bounds allowed).

    ``integer`` marks the integer columns (none: an LP).
    """
    a = sp.csc_matrix(matrix)
    a.sort_indices()
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    num_row, num_col = a.shape
    h.passModel(
        int(num_col), int(num_row), int(a.nnz), 1, -1 if maximize else 1, float(offset),
        np.asarray(cost, dtype=np.float64), _highs_values(col_lower), _highs_values(col_upper), _highs_values(row_lower),
        _highs_values(row_upper), a.indptr.astype(np.int32), a.indices.astype(np.int32), a.data.astype(np.float64),
        np.zeros(num_col, dtype=np.int32) if integer is None else np.asarray(integer, dtype=np.int32),
    )  # fmt: skip
    return h
