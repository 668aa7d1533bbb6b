"""Shared pieces of the matrix core: cost input, the result type, feasibility checks."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .._errors import InfeasibleError, Problem, ValidationError

__all__ = [
    "LocationResult",
    "as_dense_costs",
    "as_sparse_costs",
    "check_p",
    "fixed_indices",
    "gap_of",
    "weights_of",
]


@dataclass(frozen=True)
class LocationResult:
    """The answer of a location model.

    Attributes
    ----------
    model
        ``p_median``, ``capacitated_p_median``, ``mclp``, ``lscp`` or ``ratio_target``.
    selected
        Candidate indices open in the solution (fixed ones included), sorted.
    new
        Selected candidates that were not fixed, in the order they were chosen where the
        method gives one (greedy ranking), else sorted.
    assignment
        For each demand, the candidate serving it (``-1`` when unserved or not covered).
    objective
        Objective value of ``selected`` recomputed from the data.
    bound
        Best proven bound: a lower bound when minimising, an upper bound when maximising.
    gap
        Relative gap ``|objective − bound| / max(|objective|, tiny)``; 0 when proven optimal.
    status
        ``optimal``, ``feasible`` (with a proven bound), ``time_limit`` or ``infeasible``.
    sense
        ``min`` or ``max``.
    method
        How it was solved (``milp``, ``lagrangian+benders``, ``heuristic+lagrangian``, …).
    seconds
        Wall time of each stage.
    details
        Model-specific figures (covered weight, loads, …).
    """

    model: str
    selected: np.ndarray
    new: np.ndarray
    assignment: np.ndarray
    objective: float
    bound: float
    gap: float
    status: str
    sense: str
    method: str
    seconds: dict[str, float] = field(default_factory=dict)
    details: dict[str, object] = field(default_factory=dict)


#: Relative tolerance at which a recomputed objective and a proven bound "meet".
OPTIMAL_TOLERANCE = 1e-9


def settle(objective: float, bound: float, sense: str, solver_status: str) -> tuple[float, float, str]:
    """Return ``(bound, gap, status)`` of a solution from its recomputed objective and a bound.

    ``status`` is ``optimal`` only when the bound meets the objective (within
    :data:`OPTIMAL_TOLERANCE` relative, or 1e-6 absolute); otherwise ``time_limit`` when the
    solver stopped at its limit, else ``feasible``. The gap is always computed, never assigned.
    A bound on the wrong side of the objective (a lower bound above a minimum found) can only be
    rounding noise, and is clamped to the objective when within 1e-6; beyond that it is
    discarded (NaN: unknown), never trusted.
    """
    slack = max(1e-6, 1e-6 * abs(objective))
    if not np.isfinite(bound) or not np.isfinite(objective):
        bound = float("nan") if not np.isfinite(objective) else float(bound)
    elif (sense == "min" and bound > objective) or (sense == "max" and bound < objective):
        bound = float(objective) if abs(bound - objective) <= slack else float("nan")
    gap = gap_of(objective, bound) if np.isfinite(bound) else float("inf")
    meets = np.isfinite(bound) and abs(objective - bound) <= max(1e-6, OPTIMAL_TOLERANCE * abs(objective))
    if meets:
        return float(bound), 0.0 if objective == bound else gap, "optimal"
    return float(bound), gap, "time_limit" if solver_status == "time_limit" else "feasible"


def stage_proven(x, objective: float, bound: float) -> bool:
    """Return whether a maximising stage's answer is proven: a solution whose bound meets it."""
    return x is not None and np.isfinite(bound) and bound - objective <= max(1e-6, 1e-9 * abs(objective))


def gap_of(objective: float, bound: float) -> float:
    """Return the relative gap between an objective and its bound."""
    if not (np.isfinite(objective) and np.isfinite(bound)):
        return float("inf")
    return float(abs(objective - bound) / max(abs(objective), 1e-12))


def shape_error(message: str) -> ValidationError:
    """Return the error for optimizer inputs of the wrong shape (bad input, not an infeasible model)."""
    return ValidationError(
        [Problem("optimizer input", message, "give one value per demand row or candidate column.")]
    )


def weights_of(weights: Iterable[float] | None, n: int) -> np.ndarray:
    """Return demand weights as a float array (ones when ``None``); reject negative or NaN."""
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=float)
    if w.shape != (n,):
        raise shape_error(f"weights have {w.size} values but the cost matrix has {n} demand rows.")
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        bad = np.flatnonzero(~np.isfinite(w) | (w < 0))
        raise InfeasibleError(f"weights must be finite and ≥ 0; demand rows {bad[:5].tolist()} are not")
    return w


def fixed_indices(fixed: Iterable[int], m: int) -> np.ndarray:
    """Return fixed candidate indices as a sorted unique array, checked against ``m``."""
    f = np.unique(np.asarray(list(fixed), dtype=np.int64))
    if f.size and (f.min() < 0 or f.max() >= m):
        raise InfeasibleError(
            f"fixed facilities {f[(f < 0) | (f >= m)][:5].tolist()} are not candidate columns 0…{m - 1}"
        )
    return f


def check_p(p: int, m: int, n_fixed: int) -> None:
    """Raise when ``p`` new sites cannot be chosen from ``m`` candidates with ``n_fixed`` fixed."""
    if p < 0:
        raise InfeasibleError.said("negative_sites", n=p)
    if p > m - n_fixed:
        raise InfeasibleError.said("too_many_sites_fixed", n=p, m=m, fixed=n_fixed, most=m - n_fixed)


def as_sparse_costs(cost: np.ndarray | sp.spmatrix) -> sp.csr_matrix:
    """Return costs as CSR where a stored entry is a reachable pair (its value may be 0).

    Dense input: every finite entry is reachable; ``inf``/NaN entries are not. When every pair is
    reachable, the values may be a read-only view of ``cost``.
    """
    if sp.issparse(cost):
        out = sp.csr_matrix(cost, dtype=float)  # shares the caller's arrays when CSR of floats already
        if not out.has_canonical_format:  # duplicates summed, indices sorted: on a copy, not the caller's
            out = out.copy()
            out.sum_duplicates()
        if out.nnz and (np.any(~np.isfinite(out.data)) or np.any(out.data < 0)):
            raise InfeasibleError(
                "costs must be finite and ≥ 0; leave unreachable pairs out of the sparse matrix"
            )
        return out
    dense = np.asarray(cost, dtype=float)
    if dense.ndim != 2:
        raise shape_error(f"the cost matrix must be 2-D (demand × candidates), got shape {dense.shape}.")
    reachable = np.isfinite(dense)
    n, m = dense.shape
    if reachable.all():  # every pair: each row holds every column
        if np.any(dense < 0):
            raise InfeasibleError("costs must be ≥ 0")
        index = np.int32 if n * m < 2**31 else np.int64
        values = dense.ravel()  # the caller's memory when already C-ordered floats: read only here
        values.flags.writeable = False
        indices = np.tile(np.arange(m, dtype=index), n)
        return sp.csr_matrix((values, indices, np.arange(0, n * m + 1, m, dtype=index)), shape=(n, m))
    values = dense[reachable]  # row by row, columns in order: CSR's layout, no sort needed
    if np.any(values < 0):
        raise InfeasibleError("costs must be ≥ 0")
    indptr = np.concatenate([[0], np.cumsum(reachable.sum(axis=1), dtype=np.int64)])
    return sp.csr_matrix((values, np.nonzero(reachable)[1], indptr), shape=dense.shape)


def as_dense_costs(cost: np.ndarray | sp.spmatrix) -> np.ndarray:
    """Return costs as a dense float array with ``inf`` for unreachable pairs."""
    if sp.issparse(cost):
        csr = as_sparse_costs(cost)
        dense = np.full(csr.shape, np.inf)
        rows = np.repeat(np.arange(csr.shape[0]), np.diff(csr.indptr))
        dense[rows, csr.indices] = csr.data
        return dense
    dense = np.array(cost, dtype=float)
    dense[np.isnan(dense)] = np.inf
    if np.any(dense < 0):
        raise InfeasibleError("costs must be ≥ 0")
    return dense


def prepare_inputs(cost, p: int, weights, fixed, *, dense: bool, method: str = "auto"):
    """Check and convert the shared inputs of the p-site models.

    Returns the costs (dense with ``inf`` gaps, or sparse), the weights and the fixed columns.
    """
    if method not in ("auto", "exact", "heuristic"):
        raise ValueError(f"method must be 'auto', 'exact' or 'heuristic', got {method!r}")
    costs = as_dense_costs(cost) if dense else as_sparse_costs(cost)
    n, m = costs.shape
    w = weights_of(weights, n)
    fixed_arr = fixed_indices(fixed, m)
    check_p(p, m, fixed_arr.size)
    return costs, w, fixed_arr


def deadline_after(time_limit_s: float | None) -> float | None:
    """Return the ``time.perf_counter`` time at which a limit of ``time_limit_s`` from now runs out."""
    return None if time_limit_s is None else time.perf_counter() + time_limit_s


def seconds_left(deadline: float | None, *, floor_s: float = 0.01) -> float | None:
    """Return the seconds left before ``deadline`` (at least ``floor_s``; ``None`` without one)."""
    return None if deadline is None else max(deadline - time.perf_counter(), floor_s)


class Stopwatch:
    """Collect wall times of named stages."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._start = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(self.seconds.get(name, 0.0) + now - self._start, 4)
        self._start = now


def p_median_objective(
    cost: np.ndarray, weights: np.ndarray, selected: np.ndarray
) -> tuple[float, np.ndarray]:
    """Return the weighted cost of serving every demand from its nearest selected site, and the assignment."""
    sub = cost[:, selected]
    pick = np.argmin(sub, axis=1)
    best = sub[np.arange(cost.shape[0]), pick]
    assignment = np.where(np.isfinite(best), selected[pick], -1)
    positive = weights > 0
    value = float(weights[positive] @ best[positive]) if positive.any() else 0.0
    return value, assignment
