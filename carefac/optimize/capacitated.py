"""Capacitated p-median: each site serves at most its capacity (in slots)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .._errors import InfeasibleError
from ._core import (
    LocationResult,
    Stopwatch,
    as_sparse_costs,
    check_p,
    fixed_indices,
    settle,
    shape_error,
    weights_of,
)
from ._highs import solve_milp

__all__ = ["capacitated_p_median"]


def _feasibility(
    costs: sp.csr_matrix,
    demand: np.ndarray,
    capacities: np.ndarray,
    fixed: np.ndarray,
    p: int,
    *,
    single_source: bool,
) -> None:
    """Raise with the numbers when no choice of sites can serve all demand."""
    needing = demand > 0
    stranded = np.flatnonzero(needing & (np.diff(costs.indptr) == 0))
    if stranded.size:
        raise InfeasibleError.said("demand_unreachable", n=stranded.size, rows=stranded[:10].tolist())
    free = np.setdiff1d(np.arange(capacities.size), fixed)
    best_free = np.sort(capacities[free])[::-1][:p].sum() if p else 0.0
    most = float(capacities[fixed].sum() + best_free)
    total = float(demand.sum())
    if most < total - 1e-9:
        raise InfeasibleError.said(
            "capacity_short", total=total, fixed=fixed.size, p=p, most=most, short=total - most
        )
    too_big = np.flatnonzero(demand > capacities.max(initial=0) + 1e-9)
    if single_source and too_big.size:  # split demand may use several sites
        raise InfeasibleError.said(
            "demand_above_capacity", n=too_big.size, largest=capacities.max(), rows=too_big[:10].tolist()
        )


def capacitated_p_median(
    cost: np.ndarray | sp.spmatrix,
    p: int,
    capacities: np.ndarray,
    *,
    demand: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    fixed: tuple[int, ...] | list[int] | np.ndarray = (),
    single_source: bool = True,
    time_limit_s: float | None = None,
) -> LocationResult:
    """Choose ``p`` new sites and assign demand to sites within their capacities at least cost.

    Parameters
    ----------
    cost
        Demand × candidate costs (dense with ``inf`` for unreachable, or sparse).
    p
        Number of new sites.
    capacities
        Capacity of each candidate, in the unit of ``demand``.
    demand
        Amount each demand point uses of a site's capacity (default: ``weights``, else 1).
    weights
        Multiplier of each demand's cost in the objective (default 1). OR-Library's pmedcap
        instances use unit weights with demands; childcare planning uses children for both.
    fixed
        Candidate columns already open (their capacity counts).
    single_source
        Each demand point is served by one site (binary assignment); otherwise it may be split.
    time_limit_s
        Time limit of the MILP.
    """
    watch = Stopwatch()
    costs = as_sparse_costs(cost)
    n, m = costs.shape
    w = weights_of(weights, n)
    q = weights_of(demand, n) if demand is not None else (w.copy() if weights is not None else np.ones(n))
    cap = np.asarray(capacities, dtype=float)
    if cap.shape != (m,) or np.any(cap < 0) or np.any(~np.isfinite(cap)):
        raise shape_error(f"capacities must be {m} finite values ≥ 0, one per candidate.")
    fixed_arr = fixed_indices(fixed, m)
    check_p(p, m, fixed_arr.size)
    _feasibility(costs, q, cap, fixed_arr, p, single_source=single_source)
    coo = costs.tocoo()
    pairs = coo.nnz
    rows_i, cols_j, dist = coo.row, coo.col, coo.data
    # columns: x pairs (0..pairs-1), y (pairs..pairs+m-1)
    y0 = pairs
    assign_rows = rows_i
    cap_rows = n + cols_j
    link_rows = n + m + np.arange(pairs)
    count_row = n + m + pairs
    r = np.concatenate([assign_rows, cap_rows, link_rows, link_rows, n + np.arange(m), np.full(m, count_row)])
    c = np.concatenate(
        [
            np.arange(pairs),
            np.arange(pairs),
            np.arange(pairs),
            y0 + cols_j,
            y0 + np.arange(m),
            y0 + np.arange(m),
        ]
    )
    v = np.concatenate([np.ones(pairs), q[rows_i], np.ones(pairs), -np.ones(pairs), -cap, np.ones(m)])
    matrix = sp.csc_matrix((v, (r, c)), shape=(count_row + 1, pairs + m))
    total_open = p + fixed_arr.size
    row_lower = np.concatenate(
        [np.where(q > 0, 1.0, 0.0), np.full(m, -np.inf), np.full(pairs, -np.inf), [total_open]]
    )
    row_upper = np.concatenate([np.where(q > 0, 1.0, 1.0), np.zeros(m), np.zeros(pairs), [total_open]])
    objective = np.concatenate([w[rows_i] * dist, np.zeros(m)])
    col_lower = np.zeros(pairs + m)
    col_lower[y0 + fixed_arr] = 1.0
    integer = np.concatenate([np.full(pairs, single_source), np.ones(m, dtype=bool)])
    integral = bool(np.all(objective == np.round(objective)))
    watch.lap("build")
    solution = solve_milp(
        objective,
        matrix,
        row_lower,
        row_upper,
        col_lower,
        np.ones(pairs + m),
        integer,
        time_limit_s=time_limit_s,
        mip_abs_gap=0.999 if integral and single_source else 0.0,
    )
    watch.lap("milp")
    if solution.status == "infeasible":
        raise InfeasibleError.said("capacity_unassignable", p=p, total=q.sum())
    if solution.x is None:
        raise InfeasibleError.said("no_solution_in_time", limit=time_limit_s)
    if integral and single_source:
        solution = solution.with_integral_bound()
    x = solution.x[:pairs]
    if single_source:
        x = np.round(x)
    selected = np.flatnonzero(solution.x[y0:] > 0.5)
    assignment = np.full(n, -1, dtype=np.int64)
    share = x > 0.5
    assignment[rows_i[share]] = cols_j[share]
    if not single_source:  # the largest share serves
        order = np.lexsort((-x, rows_i))
        first = np.ones(order.size, dtype=bool)
        first[1:] = rows_i[order][1:] != rows_i[order][:-1]
        assignment[rows_i[order][first]] = cols_j[order][first]
    value = float(objective[:pairs] @ x)
    load = np.bincount(cols_j, weights=q[rows_i] * x, minlength=m)
    bound, gap, status = settle(value, solution.bound, "min", solution.status)
    return LocationResult(
        model="capacitated_p_median",
        selected=selected,
        new=np.setdiff1d(selected, fixed_arr),
        assignment=assignment,
        objective=value,
        bound=bound,
        gap=gap,
        status=status,
        sense="min",
        method="milp",
        seconds=watch.seconds,
        details={
            "load": load[selected].tolist(),
            "capacity": cap[selected].tolist(),
            "single_source": single_source,
        },
    )
