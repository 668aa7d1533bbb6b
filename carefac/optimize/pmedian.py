"""p-median: minimise demand-weighted travel cost with ``p`` new sites (existing ones fixed).

A greedy + fast-interchange heuristic (with perturbed restarts) gives the starting solution and
a Lagrangian bound, which also proves many candidates closed (or open). The exact solve is a
Benders decomposition (Duran-Mateluna, Ales & Elloumi 2023, see :mod:`._benders`): a master
problem over the site variables only, with one cost variable per demand and cuts derived from
each demand's sorted costs — proof of optimality for thousands of demands × hundreds of sites
in seconds. When the heuristic cannot serve every demand at all, the radius (covering)
formulation of Elloumi (2010) and García, Labbé & Marín (2011) decides whether any choice can:
per demand, the distinct costs to the candidates are sorted and a variable ``z_ik`` says
"demand i is farther than its k-th distinct cost"; levels are kept up to (a little beyond) a
solution's cost and enlarged where the relaxed optimum goes beyond them, until it is exact.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import scipy.sparse as sp

from .._errors import InfeasibleError
from ._benders import benders_p_median
from ._compiled import prepare
from ._core import (
    LocationResult,
    Stopwatch,
    all_open_bound,
    check_time_limit,
    gap_of,
    p_median_objective,
    prepare_inputs,
    row_blocks,
    settle,
    unscaled,
    weight_scale,
)
from ._heuristics import (
    big_m,
    greedy_p_median,
    lagrangian_p_median_bound,
    nearest_two,
    perturbed_swaps,
    prepare_kernels,
    swap_p_median,
    with_big_m,
)
from ._highs import solve_milp

__all__ = ["p_median", "p_median_objective"]

AUTO_MILP_MAX_PAIRS = 2_500_000
TRUNCATION_FACTOR = 1.5
HEURISTIC_SHARE = 0.2  # share of the time limit the local search may use before an exact stage
#: without an exact stage (large instances) the incumbent is the answer: the local search gets more
#: of the limit, the Lagrangian bound (compiled, it converges in seconds) up to 90 %, the swaps from
#: its choices of sites the rest up to 95 %
LARGE_HEURISTIC_SHARE = 0.55
LAGRANGIAN_SHARE = 0.6  # the Lagrangian bound stops by this share of the limit; the exact solve has the rest
LARGE_LAGRANGIAN_SHARE = 0.9  # … and without an exact stage
POLISH_SHARE = 0.05  # the swaps from the bound's choices of sites may take this share of the limit more
POLISHED_CHOICES = 8  # … and before an exact stage or without a time limit, this many of them at most
HEURISTIC_DEFAULT_S = 15.0
GREEDY_SHARE = 0.5  # share of the heuristic's time the greedy start may take (a row sample beyond it)
HEURISTIC_PATIENCE = 50  # perturbed restarts without improvement that end the local search when it is the answer
EXACT_PATIENCE = 10  # … and before an exact stage, which needs a good start, not the best one
MERGE_FROM_SHARE = 0.05  # identical demand rows are merged when at least this share of the rows repeat


class _Levels:
    """Sorted distinct costs per demand row (ragged), from a dense matrix with ``inf`` gaps."""

    def __init__(self, cost: np.ndarray):
        n, m = cost.shape
        self.order = np.argsort(cost, axis=1, kind="stable")
        self.sorted = np.take_along_axis(cost, self.order, axis=1)
        finite = np.isfinite(self.sorted)
        self.reachable = finite.sum(axis=1)
        step = np.zeros((n, m), dtype=bool)
        step[:, 1:] = self.sorted[:, 1:] > self.sorted[:, :-1]
        step &= finite
        self.level = np.cumsum(step, axis=1)  # level of each sorted entry
        self.top = np.where(
            self.reachable > 0, self.level[np.arange(n), np.maximum(self.reachable - 1, 0)], -1
        )
        starts = step.copy()
        starts[:, 0] = finite[:, 0]
        self.values_ptr = np.concatenate([[0], np.cumsum(starts.sum(axis=1))])
        self.values = self.sorted[starts]  # row-major: levels of row 0, then row 1, …
        self.complete = self.reachable == m

    def value(self, row: np.ndarray, level: np.ndarray) -> np.ndarray:
        """Return the cost of ``level`` for each ``row``."""
        return self.values[self.values_ptr[row] + level]

    def level_of(self, row: np.ndarray, cost: np.ndarray) -> np.ndarray:
        """Return, per row, the level of the largest distinct cost ≤ ``cost`` (0 when none)."""
        tolerance = 1e-9 * np.maximum(np.abs(cost), 1.0)
        below = (self.sorted[row] <= (cost + tolerance)[:, None]).sum(axis=1)
        rank = np.clip(below - 1, 0, None)
        return np.where(below > 0, self.level[row, rank], 0)


def _radius_model(
    levels: _Levels, weights: np.ndarray, keep: np.ndarray, fixed: np.ndarray, total_open: int, m: int
):
    """Return the truncated radius MILP (arrays for HiGHS) keeping ``keep[i]`` levels of demand i."""
    n = len(keep)
    active = (weights > 0) & (levels.reachable > 0)
    keep = np.where(active, np.minimum(keep, levels.top), 0)
    final_row = active & (keep == levels.top) & ~levels.complete  # "some reachable site must open"
    z_start = m + np.concatenate([[0], np.cumsum(keep)])[:-1]
    num_z = int(keep.sum())
    row_start = np.concatenate([[0], np.cumsum(keep + final_row)])[:-1]
    num_rows = int((keep + final_row).sum()) + 1

    rows, cols, vals = [], [], []
    # y entries: sorted entry at level L enters the row of level L + 1 (if kept) or the final row
    entry_rows, entry_ranks = np.nonzero(np.isfinite(levels.sorted) & active[:, None])
    entry_level = levels.level[entry_rows, entry_ranks]
    in_kept = entry_level < keep[entry_rows]
    in_final = final_row[entry_rows] & (entry_level == keep[entry_rows])
    use = in_kept | in_final
    rows.append(row_start[entry_rows[use]] + entry_level[use])
    cols.append(levels.order[entry_rows[use], entry_ranks[use]])
    vals.append(np.ones(int(use.sum())))
    # z entries: +z_k in row k, −z_{k−1} in row k (k ≥ 2), −z_K in the final row
    z_rows = np.repeat(np.arange(n), keep)
    z_level = np.arange(num_z) - np.repeat(z_start - m, keep)  # 0-based: z_{level+1}
    z_col = m + np.arange(num_z)
    rows.append(row_start[z_rows] + z_level)
    cols.append(z_col)
    vals.append(np.ones(num_z))
    later = z_level < keep[z_rows] - 1
    rows.append(row_start[z_rows[later]] + z_level[later] + 1)
    cols.append(z_col[later])
    vals.append(-np.ones(int(later.sum())))
    last = final_row[z_rows] & (z_level == keep[z_rows] - 1)
    rows.append(row_start[z_rows[last]] + keep[z_rows[last]])
    cols.append(z_col[last])
    vals.append(-np.ones(int(last.sum())))
    # cardinality row
    rows.append(np.full(m, num_rows - 1))
    cols.append(np.arange(m))
    vals.append(np.ones(m))
    matrix = sp.csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(num_rows, m + num_z)
    )
    row_lower = np.zeros(num_rows)
    first_rows = row_start[active & ((keep > 0) | final_row)]
    row_lower[first_rows] = 1.0  # level-1 row (or the final row when no level is kept)
    row_lower[-1] = total_open
    row_upper = np.full(num_rows, np.inf)
    row_upper[-1] = total_open

    base = levels.value(np.arange(n), np.zeros(n, dtype=np.int64)) if n else np.zeros(0)
    offset = float(weights[active] @ base[active])
    step_cost = levels.value(z_rows, z_level + 1) - levels.value(z_rows, z_level)
    cost = np.concatenate([np.zeros(m), weights[z_rows] * step_cost])
    col_lower = np.zeros(m + num_z)
    col_lower[fixed] = 1.0
    col_upper = np.ones(m + num_z)
    integer = np.concatenate([np.ones(m, dtype=bool), np.zeros(num_z, dtype=bool)])
    return cost, matrix, row_lower, row_upper, col_lower, col_upper, integer, offset, keep


def _check_reachable(row_min: np.ndarray, weights: np.ndarray) -> None:
    """Raise when a demand with weight cannot reach any candidate (``row_min``: each demand's
    smallest cost, ``inf`` when it reaches none)."""
    stranded = np.flatnonzero((weights > 0) & ~np.isfinite(row_min))
    if stranded.size:
        raise InfeasibleError.said(
            "demand_unreachable_costs",
            n=stranded.size,
            rows=str(stranded[:10].tolist()) + (" …" if stranded.size > 10 else ""),
        )


def _heuristic(
    finite: np.ndarray,
    weights: np.ndarray,
    fixed: np.ndarray,
    p: int,
    progress,
    time_budget_s: float | None = None,
    patience: int = 50,
) -> np.ndarray:
    """Return a greedy + swap solution (all open sites) on finite costs, within ``time_budget_s``.

    ``patience`` is the number of perturbed restarts in a row without improvement that ends the search.
    """
    began = time.perf_counter()
    deadline = None if time_budget_s is None else began + time_budget_s
    greedy_s = None if time_budget_s is None else GREEDY_SHARE * time_budget_s
    chosen = greedy_p_median(finite, weights, fixed, p, seconds=greedy_s)
    start = np.concatenate([fixed, np.asarray(chosen, dtype=np.int64)])
    if not p:
        return np.sort(start)
    local = swap_p_median(finite, weights, start, fixed, progress=progress, deadline=deadline)
    left = None if deadline is None else max(deadline - time.perf_counter(), 0.0)
    return perturbed_swaps(finite, weights, local, fixed, time_budget_s=left, progress=progress, patience=patience)


def p_median(
    cost: np.ndarray | sp.spmatrix,
    p: int,
    *,
    weights: np.ndarray | None = None,
    fixed: tuple[int, ...] | list[int] | np.ndarray = (),
    time_limit_s: float | None = None,
    method: str = "auto",
    progress=None,
) -> LocationResult:
    """Choose ``p`` new sites minimising the weighted cost of serving each demand from its nearest site.

    Parameters
    ----------
    cost
        Demand × candidate costs (dense with ``inf`` for unreachable, or scipy.sparse with
        absent entries unreachable).
    p
        Number of new sites (besides ``fixed``).
    weights
        Demand weights (default 1).
    fixed
        Candidate columns that are open already (existing facilities).
    time_limit_s
        Time limit of the exact solve; the best solution and bound so far are returned.
    method
        ``"exact"`` (MILP), ``"heuristic"`` (greedy + swap with a Lagrangian bound) or
        ``"auto"`` (exact up to 2.5 million demand–candidate pairs).
    progress
        A tqdm-like object with ``update``; optional.

    Returns
    -------
    LocationResult
        ``status`` ``optimal`` when proven, else ``feasible`` or ``time_limit`` with the gap.

    Notes
    -----
    Demands with identical rows of costs (at the same road node, in the same building) are solved
    once, with their weights summed, when at least 5 % of the rows repeat another;
    ``details["identical_rows_merged"]`` says how many rows were folded. The objective and each
    row's assignment are those of every row.
    """
    time_limit_s = check_time_limit(time_limit_s)
    watch = Stopwatch()
    began = time.perf_counter()
    dense, w, fixed_arr, p, scan = prepare_inputs(cost, p, weights, fixed, dense=True, method=method, needs_a_site=True)
    n, m = dense.shape
    _check_reachable(scan.row_min, w)
    factor = weight_scale(w, scan.top if np.isfinite(scan.top) else 0.0)
    if factor != 1.0:  # tiny data: solved on weights scaled up, where the tolerances mean what they say
        left = None if time_limit_s is None else max(time_limit_s - (time.perf_counter() - began), 0.0)
        return unscaled(p_median(dense, p, weights=w * factor, fixed=fixed_arr, time_limit_s=left, method=method,
                                 progress=progress), factor)  # fmt: skip
    finite = with_big_m(dense, scan=scan)
    # each demand's nearest candidate (those reaching none at the stand-in): a bound, and a first key of its row
    nearest_any = np.where(np.isfinite(scan.row_min), scan.row_min, big_m(dense, scan=scan))
    merged = _identical_rows(dense, row_min=nearest_any)
    if merged is not None:  # demands at the same place (a road node, a building): solved once, with their weights summed
        del finite
        return _merged_p_median(dense, w, fixed_arr, p, *merged, began, time_limit_s, method, progress)
    total_open = p + fixed_arr.size
    use_milp = method == "exact" or (method == "auto" and n * m <= AUTO_MILP_MAX_PAIRS)
    run_deadline = None if time_limit_s is None else began + time_limit_s
    prepare_kernels(n * m, run_deadline)  # compiled once per installation if the limit leaves time
    if use_milp:
        prepare("_benders_kernel", run_deadline)
    share = HEURISTIC_SHARE if use_milp else LARGE_HEURISTIC_SHARE
    # a share of the time left: reading a large matrix (a pass over 500 M pairs takes seconds) counts
    budget = share * max(time_limit_s - (time.perf_counter() - began), 0.0) if time_limit_s is not None else HEURISTIC_DEFAULT_S
    patience = EXACT_PATIENCE if use_milp else HEURISTIC_PATIENCE
    best_open = _heuristic(finite, w, fixed_arr, p, progress, time_budget_s=budget, patience=patience)
    best_value, best_assignment = p_median_objective(dense, w, best_open)
    watch.lap("heuristic")
    if not np.isfinite(best_value):
        return _exact_unreachable(dense, w, fixed_arr, p, total_open, time_limit_s, watch, progress, use_milp)
    d1, _, _ = nearest_two(finite, best_open)
    integral = _integral(dense, w)
    share = LAGRANGIAN_SHARE if use_milp else LARGE_LAGRANGIAN_SHARE  # without an exact stage the bound may use the time
    deadline = None if time_limit_s is None else began + time_limit_s * share
    # a Lagrangian stopped early can be far below (even below 0): every demand at its nearest
    # candidate is a bound too
    floor = all_open_bound(nearest_any, w)
    lagrange = lagrangian_p_median_bound(
        finite,
        w,
        fixed_arr,
        total_open,
        best_value,
        w * d1,
        progress=progress,
        integral=integral,
        deadline=deadline,
    )
    watch.lap("lagrangian_bound")
    # the bound's own choices of sites improved by swaps: often better than the local search's
    # answer, which then needs a bound it cannot have
    polish_by = None if time_limit_s is None else began + time_limit_s * (share + POLISH_SHARE)
    lower = max(lagrange.bound, floor)
    lower = np.ceil(lower - 1e-6) if integral else lower
    best_open, best_value, best_assignment = _best_from_choices(
        dense, finite, w, fixed_arr, lagrange, (best_open, best_value, best_assignment), polish_by,
        lower=lower, most=POLISHED_CHOICES if use_milp or time_limit_s is None else None,
    )  # fmt: skip
    bound = min(lower, best_value)
    watch.lap("polish")
    if gap_of(best_value, bound) <= 1e-9 or not use_milp or p == 0:
        return _result(  # optimal only if the Lagrangian bound meets the value (decided in _result)
            best_open,
            fixed_arr,
            best_assignment,
            best_value,
            bound,
            "feasible",
            "heuristic+lagrangian",
            watch,
        )

    # exact: drop the candidates the Lagrangian proves closed, force those it proves open
    columns = np.setdiff1d(np.arange(m), lagrange.closed)
    forced = np.union1d(fixed_arr, lagrange.opened)
    position = {c: k for k, c in enumerate(columns)}
    sub_fixed = np.array([position[c] for c in forced if c in position], dtype=np.int64)
    sub = dense[:, columns]
    remaining = None if time_limit_s is None else max(time_limit_s - sum(watch.seconds.values()), 0.05)
    inside = np.isin(best_open, columns).all()
    sub_open, sub_bound, status, rounds = benders_p_median(
        sub,
        w,
        sub_fixed,
        total_open,
        np.searchsorted(columns, best_open) if inside else None,
        best_value if inside else np.inf,
        time_limit_s=remaining,
        integral=integral,
        progress=progress,
    )
    watch.lap("benders")
    if sub_open is not None:
        chosen = columns[sub_open]
        value, assignment = p_median_objective(dense, w, chosen)
        if value < best_value - 1e-9 * max(abs(best_value), 1.0):
            best_value, best_assignment, best_open = value, assignment, chosen
    if np.isfinite(sub_bound):
        # the Lagrangian and reduced-cost fixing remove only choices that cannot beat the best
        # value; a master bound above it therefore proves the best value optimal
        bound = max(bound, min(sub_bound, best_value))
    status = "time_limit" if status == "time_limit" else "feasible"  # optimal only if the bound meets
    method_name = "lagrangian+benders"
    return _result(
        best_open,
        fixed_arr,
        best_assignment,
        best_value,
        bound,
        status,
        method_name,
        watch,
        rounds=rounds,
        candidates_after_fixing=int(columns.size),
    )


def _identical_rows(cost: np.ndarray, *, row_min: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """Return ``(first, group)`` for the distinct rows of ``cost`` (``cost[first[group]] == cost``),
    or ``None`` when fewer than :data:`MERGE_FROM_SHARE` of the rows repeat another.

    Rows are keyed by two random projections, then each row is compared with its group's first
    (equal keys are not trusted alone): rows that differ are grouped again by whole comparison.
    Each row's smallest cost (``row_min``, with ``inf`` read as any one finite stand-in, when given)
    and its costs at two columns decide first, in one cheap pass, whether enough rows may repeat
    (rows that differ there differ).
    """
    n, m = cost.shape
    if n < 2:
        return None
    if row_min is None:
        row_min = cost.min(axis=1)
    cheap_keys = np.column_stack([row_min, cost[:, 0], cost[:, m // 2]])
    if np.unique(cheap_keys, axis=0).shape[0] > (1.0 - MERGE_FROM_SHARE) * n:
        return None
    keys = _row_keys(cost, np.random.default_rng(20231))
    _, first, group = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    group = group.ravel()
    if first.size > (1.0 - MERGE_FROM_SHARE) * n:
        return None
    differs = np.zeros(n, dtype=bool)
    for rows in row_blocks(cost):
        differs[rows] = (cost[rows] != cost[first[group[rows]]]).any(axis=1)
    if differs.any():  # keys alike, rows not (rare): those rows grouped by comparing them whole
        rows = np.flatnonzero(differs)
        _, among, inverse = np.unique(cost[rows], axis=0, return_index=True, return_inverse=True)
        group[rows] = first.size + inverse.ravel()
        first = np.concatenate([first, rows[among]])
        if first.size > (1.0 - MERGE_FROM_SHARE) * n:  # fewer repeat than the keys said (rows of
            return None  # costs whose projections round alike, e.g. differing below 1e-300)
    return first, group


def _row_keys(cost: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return two random projections of each row (``inf`` read as −1), row blocks at a time."""
    projection = rng.random((cost.shape[1], 2))
    keys = np.empty((cost.shape[0], 2))
    for rows in row_blocks(cost):
        keys[rows] = np.where(np.isfinite(cost[rows]), cost[rows], -1.0) @ projection
    return keys


def _merged_p_median(
    dense, w, fixed, p, first, group, began, time_limit_s, method, progress
) -> LocationResult:
    """Solve the p-median on the distinct rows (weights summed) and answer for every row."""
    left = None if time_limit_s is None else max(time_limit_s - (time.perf_counter() - began), 0.01)
    weights = np.bincount(group, weights=w, minlength=first.size)
    inner = p_median(dense[first], p, weights=weights, fixed=fixed, time_limit_s=left, method=method, progress=progress)
    value, assignment = p_median_objective(dense, w, inner.selected)  # recomputed on every row
    bound, gap, status = settle(value, inner.bound, "min", inner.status)
    seconds = {"merge_identical_rows": time.perf_counter() - began - sum(inner.seconds.values()), **inner.seconds}
    details = {**inner.details, "identical_rows_merged": int(dense.shape[0] - first.size)}
    return dataclasses.replace(
        inner, assignment=assignment, objective=value, bound=bound, gap=gap, status=status, seconds=seconds,
        details=details,
    )  # fmt: skip


def _exact_unreachable(
    dense, w, fixed, p, total_open, time_limit_s, watch, progress, use_milp
) -> LocationResult:
    """Solve when the heuristic leaves some demand out of reach: only the MILP can tell if any choice serves all."""
    if not use_milp:
        raise InfeasibleError.said("heuristic_unreachable", p=p)
    m = dense.shape[1]
    sub_open, bound, status, rounds = _exact(
        dense, w, fixed, total_open, fixed, np.arange(m), time_limit_s, watch, progress
    )
    if sub_open is None:
        raise InfeasibleError.said("no_choice_reaches", p=p, fixed=fixed.size)
    value, assignment = p_median_objective(dense, w, sub_open)
    final = "time_limit" if status == "time_limit" else "feasible"  # settled against the bound
    return _result(
        sub_open,
        fixed,
        assignment,
        value,
        bound,
        final,
        "milp",
        watch,
        rounds=rounds,
    )


def _polished(dense, finite, w, fixed, chosen, incumbent, deadline):
    """Return the sites ``chosen`` improved by swaps (until ``deadline``), their cost and
    assignment, when cheaper than ``incumbent`` (sites, cost, assignment); else ``incumbent``."""
    swapped = swap_p_median(finite, w, chosen, fixed, deadline=deadline)
    value, assignment = p_median_objective(dense, w, swapped)
    if value < incumbent[1] - 1e-12 * max(abs(incumbent[1]), 1.0):
        return np.sort(swapped), value, assignment
    return incumbent


def _best_from_choices(dense, finite, w, fixed, lagrange, incumbent, deadline, *, lower: float, most: int | None):
    """Return the best of ``incumbent`` (sites, cost, assignment) and the Lagrangian bound's
    choices of sites (its cheapest, then those of its highest bounds, ``most`` of them) improved by
    swaps until ``deadline``, or until the best meets the lower bound ``lower``."""
    starts = ([lagrange.better_open] if lagrange.better_open is not None else []) + list(lagrange.choices)
    for chosen in starts[:most]:
        if (deadline is not None and time.perf_counter() >= deadline) or gap_of(incumbent[1], lower) <= 1e-9:
            break
        incumbent = _polished(dense, finite, w, fixed, chosen, incumbent, deadline)
    return incumbent


def _exact(sub, w, sub_fixed, total_open, incumbent, columns, time_limit_s, watch, progress):
    """Solve the radius MILP on the reduced columns, enlarging truncated demands until exact.

    Returns the open columns (positions in ``sub``), the proven lower bound of the reduced
    problem, the status and the number of MILP rounds.
    """
    n, m = sub.shape
    levels = _Levels(sub)
    watch.lap("levels")
    rows = np.arange(n)
    inside = np.isin(incumbent, columns)
    start_open = np.searchsorted(columns, incumbent) if inside.all() and incumbent.size else None
    if start_open is not None:
        # keep the levels up to a little beyond the incumbent's cost: the relaxation then prices
        # the incumbent exactly, and demands sent farther are enlarged (to all levels) below
        reach = sub[:, start_open].min(axis=1)
        keep = np.where(levels.reachable > 0, levels.level_of(rows, reach * TRUNCATION_FACTOR) + 1, 0)
    else:
        keep = np.maximum(levels.top, 0)
    rounds, bound, chosen = 0, -np.inf, None
    integral = _integral(sub, w)
    while True:
        rounds += 1
        *arrays, offset, kept = _radius_model(levels, w, keep, sub_fixed, total_open, m)
        start = None
        if start_open is not None and start_open.size and np.isin(sub_fixed, start_open).all():
            start = np.zeros(arrays[1].shape[1])
            start[start_open] = 1.0
            start = _z_start(levels, w, kept, start_open, sub, start, m)
        remaining = None if time_limit_s is None else max(time_limit_s - watch.seconds.get("milp", 0.0), 0.05)
        solution = solve_milp(
            *arrays,
            offset=offset,
            time_limit_s=remaining,
            start=start,
            mip_abs_gap=0.999 if integral else 0.0,
        )
        watch.lap("milp")
        if progress is not None:
            progress.update(1)
        if solution.x is None:
            return None, bound, solution.status, rounds
        if integral:
            solution = solution.with_integral_bound()
        chosen = np.flatnonzero(solution.x[:m] > 0.5)
        value, assignment = p_median_objective(sub, w, chosen)
        bound = max(bound, solution.bound)
        if solution.status != "optimal":
            return chosen, bound, solution.status, rounds
        truncated = _truncated_rows(levels, kept, sub, assignment, w)
        if value <= solution.objective + 1e-7 * max(abs(value), 1.0) or not truncated.size:
            return chosen, bound, "solved", rounds  # optimal where the proven bound meets the value
        keep = kept.copy()
        keep[truncated] = levels.top[truncated]
        start_open = chosen


def _integral(cost: np.ndarray, weights: np.ndarray) -> bool:
    """Return whether every weighted cost is a whole number (then bounds may be rounded up).

    Read in blocks of rows, stopping at the first fraction (most real costs show one at once).
    """
    if not np.all(weights == np.round(weights)):
        return False
    for rows in row_blocks(cost):
        finite = cost[rows][np.isfinite(cost[rows])]
        if not np.all(finite == np.round(finite)):
            return False
    return True


def _z_start(
    levels: _Levels,
    w: np.ndarray,
    kept: np.ndarray,
    open_: np.ndarray,
    dense: np.ndarray,
    start: np.ndarray,
    m: int,
) -> np.ndarray:
    """Fill the z part of a start vector from an open set (z_k = 1 when the demand is beyond level k−1)."""
    n = len(kept)
    nearest = dense[:, open_].min(axis=1)
    z_rows = np.repeat(np.arange(n), kept)
    z_level = np.arange(int(kept.sum())) - np.repeat(np.concatenate([[0], np.cumsum(kept)])[:-1], kept)
    threshold = levels.value(z_rows, z_level + 1) if z_rows.size else np.zeros(0)
    start[m:] = (nearest[z_rows] >= threshold - 1e-12).astype(float)
    return start


def _truncated_rows(
    levels: _Levels, kept: np.ndarray, dense: np.ndarray, assignment: np.ndarray, w: np.ndarray
) -> np.ndarray:
    """Return demands whose cost in the solution lies beyond their kept levels."""
    rows = np.arange(len(kept))
    has = (kept > 0) & (assignment >= 0) & (w > 0)
    limit = np.full(len(kept), np.inf)
    limit[has] = levels.value(rows[has], kept[has])
    cost = np.where(assignment >= 0, dense[rows, np.maximum(assignment, 0)], np.inf)
    return np.flatnonzero((w > 0) & (kept < levels.top) & (cost > limit + 1e-12))


def _result(open_, fixed, assignment, value, bound, status, method, watch, **details) -> LocationResult:
    bound, gap, status = settle(float(value), float(bound), "min", status)
    return LocationResult(
        model="p_median",
        selected=np.sort(open_),
        new=np.setdiff1d(open_, fixed),
        assignment=assignment,
        objective=float(value),
        bound=bound,
        gap=gap,
        status=status,
        sense="min",
        method=method,
        seconds=watch.seconds,
        details=details,
    )
