"""Shortfall: with ``p`` new sites, close as much of the areas' slot shortfall as possible, then
cover the most children within walking distance.

This is the model that serves the plan's target (4.5 slots per 1000 residents): a site counts
for the shortfall of the area it lies in, up to that shortfall, so sites go to the areas below
target, where they close the most; among equally good plans, the one that puts the most
children within reach of an open site wins.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .._errors import InfeasibleError
from ._core import (
    STAGED_WEIGHT_DETAILS,
    LocationResult,
    Stopwatch,
    area_deficits,
    as_sparse_costs,
    candidate_areas,
    check_p,
    check_time_limit,
    deadline_after,
    fixed_indices,
    per_candidate,
    second_stage,
    seconds_left,
    settle,
    unscaled,
    weight_scale,
    weights_of,
)
from ._highs import MilpSolution, fits_in_time, solve_milp
from ._setcover import covered_by
from .covering import _nearest_covering, coverable_groups, coverage_matrix

__all__ = ["shortfall"]


def _stage_one(cap, area, deficit, free, p, time_limit_s):
    """Return the solution of max Σ_a s_a, s_a ≤ deficit_a, s_a ≤ Σ_{j∈a} cap_j y_j, Σ y = p."""
    needing = np.flatnonzero(deficit > 0)
    k, a = free.size, needing.size
    row_of = np.full(deficit.size, -1)
    row_of[needing] = np.arange(a)
    in_needing = row_of[np.where(area[free] >= 0, area[free], 0)] >= 0
    in_needing &= area[free] >= 0
    cols = np.flatnonzero(in_needing)
    rows = row_of[area[free][cols]]
    # columns: y (k), s (a); rows: s_a − Σ cap y ≤ 0 (a), Σ y = p
    r = np.concatenate([np.arange(a), rows, np.full(k, a)])
    c = np.concatenate([k + np.arange(a), cols, np.arange(k)])
    v = np.concatenate([np.ones(a), -cap[free][cols], np.ones(k)])
    matrix = sp.csc_matrix((v, (r, c)), shape=(a + 1, k + a))
    objective = np.concatenate([np.zeros(k), np.ones(a)])
    upper = np.concatenate([np.ones(k), deficit[needing]])
    return (
        solve_milp(
            objective,
            matrix,
            np.concatenate([np.full(a, -np.inf), [p]]),
            np.concatenate([np.zeros(a), [p]]),
            np.zeros(k + a),
            upper,
            np.concatenate([np.ones(k, dtype=bool), np.zeros(a, dtype=bool)]),
            maximize=True,
            time_limit_s=time_limit_s,
        ),
        matrix,
        objective,
        upper,
        needing,
    )


def _stage_two(cover, rest, free, matrix, upper1, closed, p, w, start, deadline) -> MilpSolution:
    """Return stage 2: stage 1's rows with Σ s ≥ ``closed``, the covered weight of the ``rest``
    demands maximised (not run when too large for the time left)."""
    k, a = free.size, matrix.shape[0] - 1
    if not fits_in_time(cover.nnz + matrix.nnz + a + 2 * rest.size, seconds_left(deadline), integer=True):
        return MilpSolution.not_run(maximize=True)
    groups, weight = coverable_groups(cover[rest][:, free], w[rest])
    g = groups.shape[0]
    sub = groups.tocoo()
    base = matrix.tocoo()
    rows = np.concatenate([base.row, np.full(a, a + 1), a + 2 + sub.row, a + 2 + np.arange(g)])
    cols = np.concatenate([base.col, k + np.arange(a), sub.col, k + a + np.arange(g)])
    vals = np.concatenate([base.data, np.ones(a), -np.ones(sub.nnz), np.ones(g)])
    matrix2 = sp.csc_matrix((vals, (rows, cols)), shape=(a + 2 + g, k + a + g))
    floor = closed - 1e-6 * max(closed, 1.0)
    return solve_milp(
        np.concatenate([np.zeros(k + a), weight]),
        matrix2,
        np.concatenate([np.full(a, -np.inf), [p], [floor], np.full(g, -np.inf)]),
        np.concatenate([np.zeros(a), [p], [np.inf], np.zeros(g)]),
        np.zeros(k + a + g),
        np.concatenate([upper1, np.ones(g)]),
        np.concatenate([np.ones(k, dtype=bool), np.zeros(a + g, dtype=bool)]),
        maximize=True,
        time_limit_s=seconds_left(deadline),
        start=np.concatenate([start, covered_by(groups, np.flatnonzero(start[:k] > 0.5))]),
    )


def shortfall(
    cost: np.ndarray | sp.spmatrix,
    radius: float,
    p: int,
    *,
    capacities: np.ndarray,
    candidate_area: np.ndarray,
    area_deficit: np.ndarray,
    weights: np.ndarray | None = None,
    fixed: tuple[int, ...] | list[int] | np.ndarray = (),
    time_limit_s: float | None = None,
) -> LocationResult:
    """Choose ``p`` new sites closing the most slot shortfall, then covering the most demand.

    Stage 1 maximises ``Σ_a min(area_deficit[a], capacity of the new sites in area a)``; stage 2
    keeps that value and maximises the demand weight within ``radius`` of an open site.

    Parameters
    ----------
    cost
        Demand × candidate costs (for the coverage stage).
    radius
        Service distance, in the costs' unit.
    p
        Number of new sites.
    capacities
        Slots each candidate would add.
    candidate_area
        Index of the area each candidate lies in (``-1``: in no area).
    area_deficit
        Slots each area still needs to reach the target (0 where it meets it).
    weights
        Demand weights (children under 3).
    fixed
        Columns of existing facilities (open; not new).
    time_limit_s
        Time limit of both stages together.

    Returns
    -------
    LocationResult
        ``objective`` is the shortfall closed (slots), ``bound`` its proven upper bound;
        ``details`` has the covered weight and the slots added per area. ``optimal`` only when
        both stages are proven.
    """
    time_limit_s = check_time_limit(time_limit_s)
    watch = Stopwatch()
    deadline = deadline_after(time_limit_s)
    costs = as_sparse_costs(cost)
    n, m = costs.shape
    w = weights_of(weights, n)
    cap = per_candidate(capacities, m, "capacities")
    area = candidate_areas(candidate_area, m)
    deficit = area_deficits(area_deficit)
    fixed_arr = fixed_indices(fixed, m)
    p = check_p(p, m, fixed_arr.size)
    factor = weight_scale(w)
    if factor != 1.0:  # tiny weights: the second stage solved on them scaled up (its tolerances hold)
        scaled = shortfall(costs, radius, p, capacities=cap, candidate_area=area, area_deficit=deficit,
                           weights=w * factor, fixed=fixed_arr, time_limit_s=seconds_left(deadline, floor_s=0.0))  # fmt: skip
        return unscaled(scaled, factor, weighted=STAGED_WEIGHT_DETAILS, objective=False)
    free = np.setdiff1d(np.arange(m), fixed_arr)
    cover = coverage_matrix(costs, radius)
    watch.lap("prepare")
    one, matrix, objective1, upper1, needing = _stage_one(cap, area, deficit, free, p, seconds_left(deadline))
    if one.x is None:
        raise InfeasibleError.said("model_unsolved", model="shortfall", status=one.status)
    k = free.size
    closed = float(one.objective)
    integral = bool(np.all(cap == np.round(cap)) and np.all(deficit == np.round(deficit)))
    bound1 = float(np.floor(one.bound + 1e-6)) if integral else float(one.bound)
    watch.lap("stage1")
    # stage 2: keep Σ s ≥ closed, maximise the covered weight of demand not covered by existing sites
    base = covered_by(cover, fixed_arr)
    rest = np.flatnonzero(~base & (w > 0))
    two = _stage_two(cover, rest, free, matrix, upper1, closed, p, w, one.x, deadline)
    watch.lap("stage2")
    x = two.x if two.x is not None else one.x
    chosen = free[np.flatnonzero(x[:k] > 0.5)]
    selected = np.union1d(fixed_arr, chosen)
    added = np.bincount(
        area[chosen][area[chosen] >= 0], weights=cap[chosen][area[chosen] >= 0], minlength=deficit.size
    )
    value = float(np.minimum(added, deficit).sum())  # recomputed from the data
    solver_status = "time_limit" if "time_limit" in (one.status, two.status) else "feasible"
    bound, gap, status = settle(value, bound1, "max", solver_status)
    covered = float(w[covered_by(cover, selected)].sum())
    by_fixed = float(w[base].sum())  # stage 2 maximises the rest
    stage2, proven2 = second_stage(two, covered - by_fixed)
    if status == "optimal" and not proven2:  # the second stage's own status: out of time or not
        status = solver_status
    return LocationResult(
        model="shortfall",
        selected=selected,
        new=np.sort(chosen),
        assignment=_nearest_covering(costs, radius, selected),
        objective=value,
        bound=bound,
        gap=gap,
        status=status,
        sense="max",
        method="milp (lexicographic)",
        seconds=watch.seconds,
        details={
            "covered_weight": covered,
            "covered_by_fixed": by_fixed,
            "slots_added_per_area": added.tolist(),
            "deficit_per_area": deficit.tolist(),
            "stage2": stage2,
        },
    )
