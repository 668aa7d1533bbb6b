"""Ratio target: the fewest new sites (or least cost) so that every area reaches its slots
per 1000 residents, then the most under-3 demand within walking distance."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .._errors import InfeasibleError
from ..text.problems import Listed
from ._core import (
    STAGED_WEIGHT_DETAILS,
    LocationResult,
    Stopwatch,
    area_deficits,
    as_sparse_costs,
    candidate_areas,
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

__all__ = ["ratio_target"]


def _shortfall_problems(
    candidate_area: np.ndarray, capacities: np.ndarray, deficit: np.ndarray, free: np.ndarray
) -> list[dict]:
    """Return the facts of each area that cannot reach its target even with every candidate."""
    offered = np.bincount(candidate_area[free], weights=capacities[free], minlength=deficit.size)
    short = np.flatnonzero(deficit > offered + 1e-9)
    return [{"area": int(a), "needed": deficit[a], "offered": offered[a]} for a in short]  # area: its index


def _stage_two(cover, rest, use, rows, deficit, cap, price, stage1, w, start, deadline) -> MilpSolution:
    """Return stage 2: the stage-1 constraints and Σ price·y ≤ stage 1's cost, the covered weight
    of the ``rest`` demands maximised (not run when too large for the time left)."""
    k, areas = use.size, deficit.size
    most = int(np.bincount(cover.indices, minlength=cover.shape[1])[use].sum()) + 2 * k + rest.size
    if not fits_in_time(most, seconds_left(deadline), integer=True):
        return MilpSolution.not_run(maximize=True)
    groups, weight = coverable_groups(cover[rest][:, use], w[rest])
    g = groups.shape[0]
    sub = groups.tocoo()
    r = np.concatenate([rows, np.full(k, areas), areas + 1 + sub.row, areas + 1 + np.arange(g)])
    c = np.concatenate([np.arange(k), np.arange(k), sub.col, k + np.arange(g)])
    v = np.concatenate([cap[use], price[use], -np.ones(sub.nnz), np.ones(g)])
    matrix2 = sp.csc_matrix((v, (r, c)), shape=(areas + 1 + g, k + g))
    row_lower = np.concatenate([deficit, [-np.inf], np.full(g, -np.inf)])
    row_upper = np.concatenate([np.full(areas, np.inf), [stage1 + 1e-6 * max(stage1, 1.0)], np.zeros(g)])
    return solve_milp(
        np.concatenate([np.zeros(k), weight]),
        matrix2,
        row_lower,
        row_upper,
        np.zeros(k + g),
        np.ones(k + g),
        np.concatenate([np.ones(k, dtype=bool), np.zeros(g, dtype=bool)]),
        maximize=True,
        time_limit_s=seconds_left(deadline),
        start=np.concatenate([start, np.zeros(g)]),
    )


def ratio_target(
    cost: np.ndarray | sp.spmatrix,
    radius: float,
    *,
    capacities: np.ndarray,
    candidate_area: np.ndarray,
    area_deficit: np.ndarray,
    weights: np.ndarray | None = None,
    candidate_costs: np.ndarray | None = None,
    fixed: tuple[int, ...] | list[int] | np.ndarray = (),
    time_limit_s: float | None = None,
) -> LocationResult:
    """Open the fewest new sites (or the cheapest) so every area makes up its slot deficit.

    Stage 1 minimises the number (or the total ``candidate_costs``) of new sites subject to
    ``Σ capacity of new sites in area a ≥ area_deficit[a]`` for every area. Stage 2 keeps that
    optimum and maximises the demand weight within ``radius`` of an open site (existing sites,
    ``fixed``, count as open), which breaks ties between equally small plans.

    Parameters
    ----------
    cost
        Demand × candidate costs (for the coverage tie-break).
    radius
        Service distance, in the costs' unit.
    capacities
        Slots each candidate would add.
    candidate_area
        Index of the area each candidate lies in (``-1``: in no area, never needed).
    area_deficit
        Slots each area still needs (``ceil(target × population / 1000) − existing slots``,
        floored at 0).
    weights
        Demand weights for the tie-break (e.g. children under 3).
    candidate_costs
        Cost of opening each candidate; default 1 (count of sites).
    fixed
        Columns of existing facilities (open, not counted as new, not adding to the deficit).
    time_limit_s
        Time limit of the two stages together.

    Raises
    ------
    InfeasibleError
        When some area cannot reach its target even with all its candidates (numbers per area).
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
    price = np.ones(m) if candidate_costs is None else per_candidate(candidate_costs, m, "candidate_costs")
    fixed_arr = fixed_indices(fixed, m)
    factor = weight_scale(w)
    if factor != 1.0:  # tiny weights: the second stage solved on them scaled up (its tolerances hold)
        scaled = ratio_target(costs, radius, capacities=cap, candidate_area=area, area_deficit=deficit,
                              weights=w * factor, candidate_costs=price, fixed=fixed_arr,
                              time_limit_s=seconds_left(deadline, floor_s=0.0))  # fmt: skip
        return unscaled(scaled, factor, weighted=STAGED_WEIGHT_DETAILS, objective=False)
    free = np.setdiff1d(np.flatnonzero(area >= 0), fixed_arr)
    problems = _shortfall_problems(np.where(area >= 0, area, 0), np.where(area >= 0, cap, 0), deficit, free)
    if problems:
        shown = Listed("area_short", problems[:10], more=max(len(problems) - 10, 0))
        raise InfeasibleError.said("target_unreachable", n=len(problems), shown=shown)
    needing = np.flatnonzero(deficit > 0)
    cover = coverage_matrix(costs, radius)
    base = covered_by(cover, fixed_arr)
    watch.lap("prepare")
    if needing.size == 0:
        chosen = np.zeros(0, dtype=np.int64)
        stage1 = 0.0
    else:
        # stage 1: minimise Σ price·y  s.t. Σ_{j in a} cap_j y_j ≥ deficit_a
        row_of = {a: k for k, a in enumerate(needing)}
        use = free[np.isin(area[free], needing)]
        rows = np.array([row_of[a] for a in area[use]], dtype=np.int64)
        matrix = sp.csc_matrix((cap[use], (rows, np.arange(use.size))), shape=(needing.size, use.size))
        one = solve_milp(
            price[use],
            matrix,
            deficit[needing],
            np.full(needing.size, np.inf),
            np.zeros(use.size),
            np.ones(use.size),
            np.ones(use.size, dtype=bool),
            time_limit_s=seconds_left(deadline),
        )
        if one.x is None:
            raise InfeasibleError.said("model_unsolved", model="ratio-target", status=one.status)
        stage1 = float(one.objective)
        integral_price = bool(np.all(price[use] == np.round(price[use])))
        stage1_bound = float(np.ceil(one.bound - 1e-6)) if integral_price else float(one.bound)
        # stage 2: same constraints + Σ price·y ≤ stage1, maximise covered demand
        rest = np.flatnonzero(~base & (w > 0))
        two = _stage_two(cover, rest, use, rows, deficit[needing], cap, price, stage1, w, one.x, deadline)
        x = two.x if two.x is not None else np.concatenate([one.x, np.zeros(rest.size)])
        chosen = use[np.flatnonzero(x[: use.size] > 0.5)]
        solver_status = "time_limit" if "time_limit" in (one.status, two.status) else "feasible"
    watch.lap("milp")
    selected = np.union1d(fixed_arr, chosen)
    covered = float(w[covered_by(cover, selected)].sum())
    by_fixed = float(w[base].sum())  # stage 2 maximises the rest
    added = (
        np.bincount(area[chosen], weights=cap[chosen], minlength=deficit.size)
        if chosen.size
        else np.zeros(deficit.size)
    )
    objective = float(price[chosen].sum())
    if needing.size == 0:
        bound, gap, status = objective, 0.0, "optimal"  # no area needs slots: no site is the answer
        stage2 = {}
    else:
        short = np.maximum(deficit[needing] - added[needing], 0.0)
        if short.max(initial=0.0) > 1e-6:
            raise InfeasibleError("internal check failed: the chosen sites do not meet the slot targets")
        bound, gap, status = settle(objective, stage1_bound, "min", solver_status)
        # lexicographic: optimal also needs the second stage (most children within reach) proven
        stage2, proven2 = second_stage(two, covered - by_fixed)
        if status == "optimal" and not proven2:  # the second stage's own status: out of time or not
            status = solver_status
    return LocationResult(
        model="ratio_target",
        selected=selected,
        new=np.sort(chosen),
        assignment=_nearest_covering(costs, radius, selected),
        objective=objective,
        bound=bound,
        gap=gap,
        status=status,
        sense="min",
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
