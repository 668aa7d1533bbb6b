"""Shared pieces of the matrix core: cost input, the result type, feasibility checks."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .._errors import InfeasibleError, ValidationError, problem

__all__ = [
    "LocationResult",
    "CostScan",
    "as_dense_costs",
    "as_sparse_costs",
    "check_p",
    "dense_costs",
    "fixed_indices",
    "gap_of",
    "scan_dense",
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


def settle(
    objective: float, bound: float, sense: str, solver_status: str, *, magnitude: float = 1.0
) -> tuple[float, float, str]:
    """Return ``(bound, gap, status)`` of a solution from its recomputed objective and a bound.

    ``status`` is ``optimal`` only when the bound meets the objective (within
    :data:`OPTIMAL_TOLERANCE` relative, or 1e-6 absolute); otherwise ``time_limit`` when the
    solver stopped at its limit, else ``feasible``. The gap is always computed, never assigned.
    A bound on the wrong side of the objective (a lower bound above a minimum found) can only be
    rounding noise, and is clamped to the objective when within 1e-6; beyond that it is
    discarded (NaN: unknown), never trusted. ``magnitude``: the data's scale when below 1 (the
    absolute 1e-6 shrinks with it: at costs near 1e-7 it would call any answer optimal).
    """
    floor = 1e-6 * min(max(magnitude, 0.0), 1.0)
    slack = max(floor, 1e-6 * abs(objective))
    if not np.isfinite(bound) or not np.isfinite(objective):
        bound = float("nan") if not np.isfinite(objective) else float(bound)
    elif (sense == "min" and bound > objective) or (sense == "max" and bound < objective):
        bound = float(objective) if abs(bound - objective) <= slack else float("nan")
    gap = gap_of(objective, bound) if np.isfinite(bound) else float("inf")
    meets = np.isfinite(bound) and abs(objective - bound) <= max(floor, OPTIMAL_TOLERANCE * abs(objective))
    if meets:
        return float(bound), 0.0 if objective == bound else gap, "optimal"
    return float(bound), gap, "time_limit" if solver_status == "time_limit" else "feasible"


#: data whose magnitude (total weight × largest cost) is below this are solved on weights scaled
#: up to it: the absolute tolerances of HiGHS (1e-6), :func:`settle` (1e-6) and the branch and
#: bound (1e-9) called a p-median 40 % above its optimum "optimal" at an objective of 7e-13
SMALL_MAGNITUDE = 1.0
LARGEST_SCALED_WEIGHT = 1e290  # … and no weight is scaled past this


def weight_scale(weights: np.ndarray, largest_cost: float = 1.0) -> float:
    """Return the factor that brings the data's magnitude (total weight × ``largest_cost``) up to
    :data:`SMALL_MAGNITUDE` (1 when it is there already, or 0: nothing to scale)."""
    magnitude = float(weights.sum()) * float(largest_cost)
    if not 0 < magnitude < SMALL_MAGNITUDE:
        return 1.0
    # subnormal data would ask for an infinite factor: the factor and the weights stay finite
    return min(SMALL_MAGNITUDE / magnitude, LARGEST_SCALED_WEIGHT / float(weights.max()), LARGEST_SCALED_WEIGHT)


#: the details in weight units of the two-stage models (shortfall, ratio-target)
STAGED_WEIGHT_DETAILS = ("covered_weight", "covered_by_fixed", "stage2.covered", "stage2.bound")


def unscaled(
    result: LocationResult, factor: float, *, weighted: tuple[str, ...] = (), objective: bool = True
) -> LocationResult:
    """Return ``result``, solved on weights × ``factor``, in the caller's units: its objective and
    bound (unless ``objective`` is False: an objective in slots, weights only breaking ties) and the
    ``weighted`` details (``"stage2.covered"``: a key of a nested dict) divided by ``factor`` (the
    gap and the status do not change)."""
    details = {key: dict(value) if isinstance(value, dict) else value for key, value in result.details.items()}
    for path in weighted:
        *outer, key = path.split(".")
        held = details[outer[0]] if outer else details
        if key in held:
            held[key] = held[key] / factor
    if not objective:
        return dataclasses.replace(result, details=details)
    return dataclasses.replace(result, objective=result.objective / factor, bound=result.bound / factor, details=details)


def second_stage(stage, covered_rest: float) -> tuple[dict[str, object], bool]:
    """Return a two-aim model's second stage as its details give it, and whether it is proven.

    Parameters
    ----------
    stage
        The second stage's :class:`._highs.MilpSolution` (maximising the covered weight of the
        demand the fixed sites leave uncovered).
    covered_rest
        That weight as the returned sites cover it, recomputed from the data: the solver's own
        objective can be lower (with a start, HiGHS may return covered-flags below what its
        sites reach), and a stage is proven when the plan's real weight meets the bound.

    Returns
    -------
    details, proven
        ``{"status", "covered", "bound"}`` (``covered`` NaN when the stage did not run) and
        whether the bound meets the covered weight.
    """
    if stage.x is None:
        return {"status": stage.status, "covered": float("nan"), "bound": stage.bound}, False
    bound = float(stage.bound)
    proven = bool(np.isfinite(bound) and bound - covered_rest <= max(1e-6, 1e-9 * abs(covered_rest)))
    status = "optimal" if proven else "feasible" if stage.status == "optimal" else stage.status
    return {"status": status, "covered": covered_rest, "bound": bound}, proven


def gap_of(objective: float, bound: float) -> float:
    """Return the relative gap between an objective and its bound."""
    if not (np.isfinite(objective) and np.isfinite(bound)):
        return float("inf")
    return float(abs(objective - bound) / max(abs(objective), 1e-12))


def input_error(code: str, **facts) -> ValidationError:
    """Return the error for bad optimizer input: problem ``code`` of :mod:`carefac.text.problems`
    (bad input, not an infeasible model)."""
    return ValidationError([problem("optimizer input", code, **facts)])


def _shown(indices: np.ndarray) -> str:
    """Return the first indices of a list as text ("3, 7, 9 …")."""
    text = ", ".join(str(int(i)) for i in indices[:5])
    return text + (" …" if indices.size > 5 else "")


def weights_of(weights: Iterable[float] | None, n: int, *, label: str = "weights") -> np.ndarray:
    """Return demand weights as a float array (ones when ``None``); reject negative or NaN."""
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=float)
    if w.shape != (n,):
        raise input_error("optimizer_values_per_row", label=label, got=w.size, n=n)
    bad = np.flatnonzero(~np.isfinite(w) | (w < 0))
    if bad.size:
        raise input_error("optimizer_weights_bad", label=label, n=bad.size, indices=_shown(bad))
    return w


def per_candidate(values, m: int, label: str, *, nonnegative: bool = True) -> np.ndarray:
    """Return one finite value per candidate column as floats (≥ 0 unless ``nonnegative=False``)."""
    v = np.asarray(values, dtype=float)
    if v.shape != (m,):
        raise input_error("optimizer_values_per_column", label=label, got=v.size, m=m)
    bad = np.flatnonzero(~np.isfinite(v) | ((v < 0) if nonnegative else False))
    if bad.size:
        rule = "finite and ≥ 0" if nonnegative else "finite"
        raise input_error("optimizer_column_values_bad", label=label, rule=rule, n=bad.size, cols=_shown(bad))
    return v


def candidate_areas(values, m: int) -> np.ndarray:
    """Return each candidate's area index (whole numbers; ``-1`` or below: in no area)."""
    v = per_candidate(values, m, "candidate_area", nonnegative=False)
    bad = np.flatnonzero(v != np.round(v))
    if bad.size:
        raise input_error("optimizer_column_values_bad", label="candidate_area", rule="whole numbers",
                          n=bad.size, cols=_shown(bad))  # fmt: skip
    return v.astype(np.int64)


def area_deficits(values) -> np.ndarray:
    """Return the slots each area lacks (finite; a negative deficit, a surplus, counts as 0)."""
    v = np.asarray(values, dtype=float).ravel()
    bad = np.flatnonzero(~np.isfinite(v))
    if bad.size:
        raise input_error("optimizer_column_values_bad", label="area_deficit", rule="finite",
                          n=bad.size, cols=_shown(bad))  # fmt: skip
    return np.maximum(v, 0.0)


def fixed_indices(fixed: Iterable[int] | int | None, m: int) -> np.ndarray:
    """Return fixed candidate indices as a sorted unique array, checked against ``m``.

    ``fixed``: column numbers, one column number, ``None`` (none), or a true/false mask with one
    value per column (a table's "existing" column, as numpy reads a mask).
    """
    if fixed is None:
        return np.zeros(0, dtype=np.int64)
    if isinstance(fixed, (bool, np.bool_)):  # neither a column nor a mask
        raise input_error("optimizer_fixed_outside", bad=repr(fixed), last=m - 1)
    if isinstance(fixed, (int, float, np.integer, np.floating)):
        fixed = [fixed]  # one column
    given = np.asarray(list(fixed))
    if given.dtype == bool:
        if given.size != m:
            raise input_error("optimizer_fixed_mask_length", got=given.size, m=m)
        return np.flatnonzero(given).astype(np.int64)
    if given.size and (given.dtype.kind not in "iuf" or np.any(given != np.round(given))):
        raise input_error("optimizer_fixed_outside", bad=_shown(given), last=m - 1)
    f = np.unique(given.astype(np.int64))
    if f.size and (f.min() < 0 or f.max() >= m):
        raise input_error("optimizer_fixed_outside", bad=_shown(f[(f < 0) | (f >= m)]), last=m - 1)
    return f


def check_p(p: int, m: int, n_fixed: int, *, needs_a_site: bool = False) -> int:
    """Return ``p`` as an ``int``; raise when it is not a whole number, or when ``p`` new sites
    cannot be chosen from ``m`` candidates with ``n_fixed`` fixed, or, ``needs_a_site`` (a model
    whose value is a distance to the nearest open site), when no site would be open."""
    if (
        isinstance(p, bool)
        or not isinstance(p, (int, float, np.integer, np.floating))
        or not np.isfinite(p)  # inf is its own rounding
        or p != np.round(p)
    ):
        raise input_error("optimizer_sites_not_whole", p=p)
    p = int(p)
    if p < 0:
        raise InfeasibleError.said("negative_sites", n=p)
    if p > m - n_fixed:
        raise InfeasibleError.said("too_many_sites_fixed", n=p, m=m, fixed=n_fixed, most=m - n_fixed)
    if needs_a_site and p + n_fixed == 0:
        raise InfeasibleError.said("no_site_open")
    return p


def check_time_limit(time_limit_s: float | None) -> float | None:
    """Return a time limit in seconds, ``None`` for none (``None`` or ``inf``); raise when it is
    not a number ≥ 0."""
    if time_limit_s is None:
        return None
    try:
        value = float(time_limit_s)
    except (TypeError, ValueError):
        value = float("nan")
    if isinstance(time_limit_s, bool) or np.isnan(value) or value < 0:
        raise input_error("optimizer_time_limit_bad", value=time_limit_s)
    return None if np.isinf(value) else value


def check_radius(radius: float) -> float:
    """Return a service radius as a float; raise when it is not a finite number ≥ 0."""
    try:
        value = float(radius)
    except (TypeError, ValueError):
        value = float("nan")
    if not np.isfinite(value) or value < 0:
        raise input_error("optimizer_radius_bad", radius=radius)
    return value


def _checked_shape(shape: tuple[int, ...], *, empty_ok: bool) -> tuple[int, int]:
    """Return ``(n, m)`` of a cost matrix; raise when it is not 2-D, or has no row or no column
    (unless ``empty_ok``)."""
    if len(shape) != 2:
        raise input_error("optimizer_cost_not_2d", shape=tuple(shape))
    n, m = shape
    if not empty_ok and (n == 0 or m == 0):
        raise input_error("optimizer_cost_empty", n=n, m=m)
    return n, m


def _first_negative(rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> ValidationError:
    """Return the error for negative costs, naming the first (values ⟷ rows, cols)."""
    neg = np.flatnonzero(values < 0)
    k = neg[0]
    return input_error(
        "optimizer_cost_negative", n=neg.size, row=int(rows[k]), col=int(cols[k]), value=float(values[k])
    )


def _first_repeated_pair(cost: sp.spmatrix) -> ValidationError:
    """Return the error for a sparse matrix storing a pair more than once, naming the first
    (lowest row, then column) and its values."""
    coo = cost.tocoo()  # keeps repeated entries apart
    rows, cols = np.asarray(coo.row, dtype=np.int64), np.asarray(coo.col, dtype=np.int64)
    keys = rows * cost.shape[1] + cols
    unique, counts = np.unique(keys, return_counts=True)
    first = unique[counts > 1][0]
    values = [float(v) for v in coo.data[keys == first]]
    return input_error(
        "optimizer_sparse_pair_repeated", n=int((counts > 1).sum()), row=int(first // cost.shape[1]),
        col=int(first % cost.shape[1]), values=values,
    )  # fmt: skip


def _csr_rows(csr: sp.csr_matrix) -> np.ndarray:
    """Return the row index of each stored entry of ``csr``."""
    return np.repeat(np.arange(csr.shape[0]), np.diff(csr.indptr))


def as_sparse_costs(cost: np.ndarray | sp.spmatrix, *, empty_ok: bool = False) -> sp.csr_matrix:
    """Return costs as CSR where a stored entry is a reachable pair (its value may be 0).

    Dense input: every finite entry is reachable; ``inf``/NaN entries are not. When every pair is
    reachable, the values may be a read-only view of ``cost``. A matrix without rows or columns is
    refused (nothing to choose) unless ``empty_ok``.
    """
    if sp.issparse(cost):
        _checked_shape(cost.shape, empty_ok=empty_ok)
        stored = cost.nnz  # entries as given: a COO or CSR matrix may hold a pair more than once
        out = sp.csr_matrix(cost, dtype=float)  # shares the caller's arrays when CSR of floats already
        if not out.has_canonical_format:  # indices sorted, repeats added up: on a copy, not the caller's
            out = out.copy()
            out.sum_duplicates()
        if out.nnz < stored:  # scipy added repeated pairs up: a distance given twice would count double
            raise _first_repeated_pair(cost)
        if out.nnz:
            finite = np.isfinite(out.data)
            if not finite.all():
                k = np.flatnonzero(~finite)
                raise input_error("optimizer_sparse_cost_not_finite", n=k.size, row=int(_csr_rows(out)[k[0]]),
                                  col=int(out.indices[k[0]]))  # fmt: skip
            if np.any(out.data < 0):
                raise _first_negative(_csr_rows(out), out.indices, out.data)
        return out
    dense = np.asarray(cost, dtype=float)
    n, m = _checked_shape(dense.shape, empty_ok=empty_ok)
    reachable = np.isfinite(dense)
    if reachable.all():  # every pair: each row holds every column
        if np.any(dense < 0):
            raise _first_negative(*np.nonzero(dense < 0), dense[dense < 0])
        index = np.int32 if n * m < 2**31 else np.int64
        values = dense.ravel()  # the caller's memory when already C-ordered floats: read only here
        values.flags.writeable = False
        indices = np.tile(np.arange(m, dtype=index), n)
        return sp.csr_matrix((values, indices, np.arange(0, n * m + 1, m, dtype=index)), shape=(n, m))
    values = dense[reachable]  # row by row, columns in order: CSR's layout, no sort needed
    if np.any(values < 0):
        raise _first_negative(*np.nonzero(reachable & (dense < 0)), dense[reachable & (dense < 0)])
    indptr = np.concatenate([[0], np.cumsum(reachable.sum(axis=1), dtype=np.int64)])
    return sp.csr_matrix((values, np.nonzero(reachable)[1], indptr), shape=dense.shape)


#: full matrices a model on dense costs may add to the caller's (the costs converted, when they
#: are not C-ordered floats without NaN; their finite stand-in, when some pair is unreachable):
#: p_median on 100,000 × 5,000 floats (4 GB) peaks at the caller's 4.7 GB, 9.3 GB before they were read in place
DENSE_COPIES = 2


def _check_dense_memory(n: int, m: int, copies: int) -> None:
    """Refuse a dense model whose matrices would not fit the memory available now."""
    needed = copies * 8.0 * n * m
    if needed < 2**30:  # under 1 GB: not worth asking the system
        return
    import psutil

    free = float(psutil.virtual_memory().available)
    if needed > free:
        raise InfeasibleError.said("dense_too_large", n=n, m=m, needed_gb=needed / 2**30, free_gb=free / 2**30)


@dataclass(frozen=True)
class CostScan:
    """What one pass over dense costs (``NaN`` replaced) found."""

    row_min: np.ndarray  # each demand's smallest cost (``inf`` when it reaches no candidate)
    top: float  # the largest finite cost (``-inf`` when none)
    unreachable: bool  # some pair is ``inf``


#: entries of a block in :func:`scan_dense`: 2 MB, so its second reduction reads it from cache
#: (measured at 500 M pairs: row minima and maximum 0.64 s this way, 0.89 s by 32 MB blocks)
_SCAN_BLOCK_ELEMENTS = 250_000


def scan_dense(dense: np.ndarray) -> CostScan:
    """Return each row's smallest cost, the largest finite cost and whether any pair is ``inf``,
    in one pass over blocks of rows (no mask of the matrix)."""
    n, m = dense.shape
    row_min = np.empty(n)
    top, unreachable = -np.inf, False
    step = max(1, _SCAN_BLOCK_ELEMENTS // max(m, 1))
    for start in range(0, n, step):
        block = dense[start : start + step]
        row_min[start : start + step] = block.min(axis=1)
        high = float(block.max())
        if high == np.inf:
            unreachable = True
            high = float(np.max(block, where=np.isfinite(block), initial=-np.inf))
        top = max(top, high)
    return CostScan(row_min, top, unreachable)


def as_dense_costs(cost: np.ndarray | sp.spmatrix, *, copies: int = DENSE_COPIES) -> np.ndarray:
    """Return costs as a dense, read-only float array with ``inf`` for unreachable pairs (see
    :func:`dense_costs`)."""
    return dense_costs(cost, copies=copies)[0]


def dense_costs(cost: np.ndarray | sp.spmatrix, *, copies: int = DENSE_COPIES) -> tuple[np.ndarray, CostScan]:
    """Return costs as a dense, read-only float array with ``inf`` for unreachable pairs, and
    what the pass that checked them found (:class:`CostScan`).

    A C-ordered float array without ``NaN`` is not copied (4 GB at 500 M pairs): the result is a
    read-only view of the caller's memory. Raises :class:`InfeasibleError` when ``copies``
    matrices of that size (one less when the input is used as it is) would not fit the memory
    available (a clear refusal before the system runs out of memory).
    """
    n, m = _checked_shape(np.shape(cost), empty_ok=False)
    if sp.issparse(cost):
        _check_dense_memory(n, m, copies)
        csr = as_sparse_costs(cost)
        dense = np.full(csr.shape, np.inf)
        dense[_csr_rows(csr), csr.indices] = csr.data
        return _read_only(dense), scan_dense(dense)
    as_is = isinstance(cost, np.ndarray) and cost.dtype == np.float64 and cost.flags.c_contiguous
    _check_dense_memory(n, m, copies - 1 if as_is else copies)
    dense = np.asarray(cost, dtype=float, order="C")
    scan = scan_dense(dense)
    if np.isnan(scan.top) or np.isnan(scan.row_min).any():  # NaN: unreachable, on a copy
        dense = dense.copy() if np.may_share_memory(dense, cost) else dense
        for rows in row_blocks(dense):
            np.copyto(dense[rows], np.inf, where=np.isnan(dense[rows]))
        scan = scan_dense(dense)
    if np.any(scan.row_min < 0):
        raise _first_negative(*np.nonzero(dense < 0), dense[dense < 0])
    return _read_only(dense), scan


def _read_only(dense: np.ndarray) -> np.ndarray:
    """Return a read-only view of ``dense`` (the caller's memory may be behind it)."""
    view = dense.view()
    view.flags.writeable = False
    return view


#: rows × columns processed at once, to bound temporary memory
BLOCK_ELEMENTS = 4_000_000


def row_blocks(cost: np.ndarray):
    """Yield slices of rows of ``cost`` holding about :data:`BLOCK_ELEMENTS` entries each (work on a
    large matrix a block at a time: bounded temporary memory)."""
    step = max(1, BLOCK_ELEMENTS // max(cost.shape[1], 1))
    for start in range(0, cost.shape[0], step):
        yield slice(start, min(start + step, cost.shape[0]))


def prepare_inputs(cost, p: int, weights, fixed, *, dense: bool, method: str = "auto", needs_a_site: bool = False):
    """Check and convert the shared inputs of the p-site models (``needs_a_site``: see :func:`check_p`).

    Returns the costs (dense with ``inf`` gaps, or sparse), the weights, the fixed columns, ``p``
    as an ``int`` and, for dense costs, what the pass that checked them found (:class:`CostScan`;
    ``None`` for sparse costs).
    """
    if method not in ("auto", "exact", "heuristic"):
        raise ValueError(f"method must be 'auto', 'exact' or 'heuristic', got {method!r}")
    costs, scan = dense_costs(cost) if dense else (as_sparse_costs(cost), None)
    n, m = costs.shape
    w = weights_of(weights, n)
    fixed_arr = fixed_indices(fixed, m)
    return costs, w, fixed_arr, check_p(p, m, fixed_arr.size, needs_a_site=needs_a_site), scan


def all_open_bound(nearest: np.ndarray, weights: np.ndarray) -> float:
    """Return ``Σ weight × cost to the nearest candidate``: a lower bound of any p-median (or
    capacitated) answer, reached only if every candidate could open. ``nearest``: each demand's
    smallest cost (of dense costs with unreachable pairs at a large finite cost)."""
    return float(weights @ nearest)


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
