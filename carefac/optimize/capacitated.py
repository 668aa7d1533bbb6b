"""Capacitated p-median: each site serves at most its capacity (in slots).

Beside HiGHS's MILP, a feasible answer found quickly: the uncapacitated heuristic's sites
(greedy + swaps), the smallest swapped for larger ones until their capacity holds the demand,
then the demand assigned within capacities: the largest demands first, each to its cheapest
site with room (split demand: to its cheapest sites in turn), then, for split demand, the
cheapest assignment (a transportation LP over the open sites' pairs) if it has the time. The
MILP runs without it (as a MIP start it made HiGHS slower on OR-Library's tight instances), and
only when HiGHS can set it up in the time left (:func:`._highs.fits_in_time`); the better of
the two is the answer, so a short time limit still returns one. The bound is the MILP's or,
when larger, the Lagrangian bound of the same choice without capacities (every capacitated
answer is one of those, so the uncapacitated optimum is a lower bound: close when capacities
are loose); demand points with no demand are left out of it, as the MILP may leave them
unserved. A quick answer that meets that bound is optimal as it is (capacities do not bind),
and the MILP is not run. When the MILP will not fit the time, a Lagrangian bound that counts the
capacities (:mod:`._capacity_bound`, from the uncapacitated bound's multipliers) and site swaps
use it instead; for split demand the bound's last choices of sites are then assigned too.
"""

from __future__ import annotations

import time

import highspy
import numpy as np
import scipy.sparse as sp

from .._errors import InfeasibleError
from ._branch import run_within
from ._capacity_bound import capacitated_lagrangian_bound
from ._capacity_bound import start_seconds as bound_start_seconds
from ._compiled import prepare, usable
from ._core import (
    LocationResult,
    Stopwatch,
    all_open_bound,
    as_sparse_costs,
    check_p,
    check_time_limit,
    fixed_indices,
    per_candidate,
    row_blocks,
    settle,
    unscaled,
    weight_scale,
    weights_of,
)
from ._heuristics import (
    by_row_then_cost,
    greedy_p_median,
    lagrangian_p_median_bound,
    nearest_two,
    prepare_kernels,
    swap_p_median,
    with_big_m,
)
from ._highs import MilpSolution, fits_in_time, lp_model, solve_milp

__all__ = ["capacitated_p_median"]

START_MAX_PAIRS = 25_000_000  # the start's heuristic works on dense costs up to this many pairs (400 MB)
START_SHARE = 0.2  # share of the time limit the start may take
START_ALONE_SHARE = 0.6  # … when the MILP will not fit the limit (the assignment follows)
ASSIGN_S_PER_DEMAND = 5e-5  # the greedy assignment's seconds per demand in Python (measured 40–50 µs at 20,000)
COMPILED_ASSIGN_FROM = 2_000  # demands from which the greedy assignment runs compiled
ASSIGN_BLOCK_MIN = 512  # … else in blocks, and this many one by one where a block stops (see _assigned_by_blocks)
#: when the MILP does not run: the most of the time after the quick answer that the Lagrangian
#: bound with capacities takes (it stops sooner when it converges; the site swaps have the rest)
CAPACITY_BOUND_SHARE = 0.25
#: the share of the time after the bound kept to assign the bound's own sites (the swaps have the rest)
LAGRANGIAN_SITES_SHARE = 0.1
SWAP_SHARE = 0.8  # share of the time left the site swaps of split demand may take; the final LP has the rest
SWAP_TRIES = 8  # closed sites tried in place of an open one, by how many of its demands have them near
NEAREST_TRIED = 5  # … "near": among a demand's nearest candidates
#: the swaps start only with this much time per pair left: a sort of every pair first (1.4 s at 20 M)
IMPROVE_SETUP_S_PER_PAIR = 2e-7
ASSIGN_S_PER_PAIR = 1e-8  # … and its numpy part and the answer's reading, per pair (0.2 s at 20 M)
#: the split assignment's LP has 2 nonzeros per pair, but HiGHS took twice the setup time per
#: nonzero of :data:`._highs.LP_S_PER_NONZERO` to solve it (1 M pairs: 4 s): counted as 8
SPLIT_LP_NONZEROS_PER_PAIR = 8


def _with_capacity(open_: np.ndarray, cap: np.ndarray, fixed: np.ndarray, total: float) -> np.ndarray | None:
    """Return ``open_`` with its smallest new sites swapped for the largest closed ones until their
    capacity holds ``total`` (``None`` if it cannot)."""
    open_ = open_.copy()
    closed = np.setdiff1d(np.arange(cap.size), open_)
    closed = list(closed[np.argsort(-cap[closed], kind="stable")])
    movable = ~np.isin(open_, fixed)
    while cap[open_].sum() < total - 1e-9:
        if not closed or not movable.any():
            return None
        k = int(np.flatnonzero(movable)[np.argmin(cap[open_[movable]])])
        if cap[closed[0]] <= cap[open_[k]]:
            return None
        open_[k] = closed.pop(0)
    return open_


def _split_assignment(rows_i, cols_j, dist, w, q, cap, open_mask, deadline=None) -> np.ndarray | None:
    """Return the cheapest split assignment of the demand to the open sites within capacities (a
    transportation LP over the open sites' pairs; the others 0), or ``None`` if none exists or
    HiGHS cannot solve it before ``deadline``."""
    n, m = q.size, cap.size
    on = np.flatnonzero(open_mask[cols_j])
    pairs, rows_on, cols_on = on.size, rows_i[on], cols_j[on]
    left = None if deadline is None else deadline - time.perf_counter()
    if not fits_in_time(SPLIT_LP_NONZEROS_PER_PAIR * pairs, left, integer=False):
        return None
    matrix = sp.csc_matrix(
        (np.concatenate([np.ones(pairs), q[rows_on]]), (np.concatenate([rows_on, n + cols_on]), np.tile(np.arange(pairs), 2))),
        shape=(n + m, pairs),
    )
    served = np.where(q > 0, 1.0, 0.0)
    h = lp_model(
        w[rows_on] * dist[on], matrix, np.concatenate([served, np.full(m, -np.inf)]), np.concatenate([served, cap]),
        np.zeros(pairs), np.ones(pairs),
    )  # fmt: skip
    run_within(h, deadline)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = np.zeros(rows_i.size)
    x[on] = np.clip(np.asarray(h.getSolution().col_value), 0.0, 1.0)
    return x


def _greedy_assignment(
    rows_i, cols_j, dist, q, cap, open_mask, *, split: bool, deadline: float | None = None
) -> np.ndarray | None:
    """Return an assignment within capacities: the largest demands first, each to its cheapest
    open site with room for all of it, or (``split``) to its cheapest open sites in turn for what
    is left of it; ``None`` when a demand finds no room. Compiled (:mod:`._assign_kernel`) from
    :data:`COMPILED_ASSIGN_FROM` demands when :func:`._compiled.usable` before ``deadline``."""
    x = np.zeros(rows_i.size)
    room = np.where(open_mask, cap, 0.0)
    on = np.flatnonzero(open_mask[cols_j])  # the open sites' pairs only
    order = on[by_row_then_cost(rows_i[on], dist[on])]  # each demand's pairs, cheapest first
    starts = np.searchsorted(rows_i[order], np.arange(q.size + 1))
    demands = np.argsort(-q, kind="stable")
    if q.size >= COMPILED_ASSIGN_FROM and usable("_assign_kernel", deadline):
        from ._assign_kernel import greedy_assignment

        return greedy_assignment(order, starts, cols_j, q, room, demands, split=split)
    demands = demands[q[demands] > 0]
    if np.any(starts[demands + 1] == starts[demands]):  # a demand without an open site in reach
        return None
    first = order[starts[demands]]  # each demand's cheapest open pair
    return x if _assigned_by_blocks(order, starts, cols_j, q, room, demands, first, x, split=split) else None


def _assigned_by_blocks(order, starts, cols_j, q, room, demands, first, x, *, split: bool) -> bool:
    """Assign ``demands`` (in turn) as :func:`_greedy_assignment` does, into ``x`` and ``room``;
    return whether each found room.

    The demands of a block go to their cheapest open sites at once up to the first one whose site
    the block's earlier demands would have filled (each before it found room at its turn, as one by
    one: the same choices, vectorised); from that one, :data:`ASSIGN_BLOCK_MIN` demands go one by
    one, and the next block is twice as long as the part taken. Where the capacities do not bind
    this is numpy's speed (200,000 demands: 0.84 s one by one in Python, 0.40 s so; that broke a 1 s limit
    before numba's cache was filled), and where they bind at every step, about one by one.
    """
    slack = 0.0 if split else 1e-9
    low, size = 0, ASSIGN_BLOCK_MIN
    while low < demands.size:
        high = min(low + size, demands.size)
        sites, need = cols_j[first[low:high]], q[demands[low:high]]
        by_site = np.argsort(sites, kind="stable")
        total = np.cumsum(need[by_site])
        opens = np.flatnonzero(np.r_[True, sites[by_site][1:] != sites[by_site][:-1]])
        before = np.repeat(total[opens] - need[by_site][opens], np.diff(np.r_[opens, sites.size]))
        load = np.empty_like(need)
        load[by_site] = total - before  # each demand's site's load up to and with it
        over = np.flatnonzero(load > room[sites] + slack)
        taken = high - low if over.size == 0 else int(over[0])
        x[first[low : low + taken]] = 1.0
        room -= np.bincount(sites[:taken], weights=need[:taken], minlength=room.size)
        low += taken
        if low < high or taken < ASSIGN_BLOCK_MIN:
            turn = demands[low : low + ASSIGN_BLOCK_MIN]
            if not _assigned_in_turn(order, starts, cols_j, q, room, turn, x, split=split):
                return False
            low += turn.size
        size = max(2 * taken, ASSIGN_BLOCK_MIN)
    return True


def _assigned_in_turn(order, starts, cols_j, q, room, demands, x, *, split: bool) -> bool:
    """Assign ``demands`` one by one (see :func:`_greedy_assignment`); return whether each found room."""
    for i in demands:
        pairs = order[starts[i] : starts[i + 1]]
        if split:
            rooms = room[cols_j[pairs]]
            given = np.minimum(rooms, np.maximum(q[i] - (np.cumsum(rooms) - rooms), 0.0))  # cheapest rooms first
            if given.sum() < q[i] - 1e-9:
                return False
            x[pairs] = given / q[i]
            room[cols_j[pairs]] -= given
            continue
        fits = pairs[room[cols_j[pairs]] >= q[i] - 1e-9]
        if not fits.size:
            return False
        x[fits[0]] = 1.0
        room[cols_j[fits[0]]] -= q[i]
    return True


def _start(
    coo, w, q, cap, fixed, p, *, single_source: bool, deadline: float | None, run_deadline: float | None
) -> tuple[np.ndarray | None, float, np.ndarray | None]:
    """Return a feasible start of the MILP (pair shares, then sites; or ``None``), a lower bound
    (``-inf`` when none) and its Lagrangian multipliers (``None`` when none): see the module
    notes. The sites are chosen by ``deadline``, the split assignment by ``run_deadline``."""
    n, m = coo.shape
    if n * m > START_MAX_PAIRS:
        return None, -np.inf, None
    dense = np.full((n, m), np.inf)
    dense[coo.row, coo.col] = coo.data
    finite = with_big_m(dense)
    served = np.where(q > 0, w, 0.0)  # a point without demand may stay unserved in the MILP: no cost
    greedy_s = None if deadline is None else 0.5 * max(deadline - time.perf_counter(), 0.0)
    greedy = greedy_p_median(finite, served, fixed, p, seconds=greedy_s)
    uncapacitated = np.concatenate([fixed, np.asarray(greedy, dtype=np.int64)])
    uncapacitated = swap_p_median(finite, served, uncapacitated, fixed, deadline=deadline)
    nearest = nearest_two(finite, uncapacitated)[0]
    lagrange = lagrangian_p_median_bound(
        finite, served, fixed, fixed.size + p, float(served @ nearest), served * nearest, deadline=deadline
    )  # of the big-M problem: a relaxation of the capacitated one also where pairs are unreachable
    lower = max(lagrange.bound, all_open_bound(finite.min(axis=1), served))  # a Lagrangian stopped early can be far below
    open_ = _with_capacity(uncapacitated, cap, fixed, float(q.sum()))
    if open_ is None:
        return None, lower, lagrange.multipliers
    is_open = np.zeros(m, dtype=bool)
    is_open[open_] = True
    if single_source:
        x = _greedy_assignment(coo.row, coo.col, coo.data, q, cap, is_open, split=False, deadline=run_deadline)
    else:  # a greedy split, then the cheapest one if its LP has the time
        x = _greedy_assignment(coo.row, coo.col, coo.data, q, cap, is_open, split=True, deadline=run_deadline)
        cheapest = _split_assignment(coo.row, coo.col, coo.data, w, q, cap, is_open, run_deadline)
        x = x if cheapest is None else cheapest
    return (None if x is None else np.concatenate([x, is_open.astype(float)])), lower, lagrange.multipliers


def _improve_sites(coo, w, q, cap, fixed, start, *, single_source: bool, deadline: float) -> np.ndarray:
    """Return ``start`` (pair shares, then sites) improved by swapping an open site for a closed one
    while the greedy assignment gets cheaper, until ``deadline`` or a pass without a better swap.

    The capacitated answer when the MILP does not fit the time: each swap is priced by a whole greedy
    assignment, so first only the :data:`SWAP_TRIES` closed sites nearest the demand an open site
    serves are tried for it (first improvement); after a pass without a better swap, every closed
    site. For split demand, the transportation LP settles the final sites' shares when it fits
    the time left.
    """
    rows_i, cols_j, dist = coo.row, coo.col, coo.data
    pairs, m = rows_i.size, cap.size
    price = w[rows_i] * dist
    nearest = _nearest_sites(rows_i, cols_j, dist, q.size, NEAREST_TRIED)
    is_open = start[pairs:] > 0.5
    given, given_value = start[:pairs], float(price @ start[:pairs])
    # swaps are priced by the greedy assignment: the current sites too (the start's own shares may
    # be the transportation LP's, which no greedy pricing of a swap would beat)
    x = _greedy_assignment(rows_i, cols_j, dist, q, cap, is_open, split=not single_source, deadline=deadline)
    x = given if x is None else x
    value = float(price @ x)
    total = float(q.sum())
    final_by = deadline
    if not single_source:  # the rest: the transportation LP of the final sites
        deadline = time.perf_counter() + SWAP_SHARE * (deadline - time.perf_counter())
    improved, step_s = True, 0.0  # the last swap's pricing: the next one must fit the time left
    tries = SWAP_TRIES
    while time.perf_counter() + step_s < deadline:
        if not improved:
            if tries >= m:
                break
            tries = m  # a pass without a better swap among the nearest: every closed site next
        improved = False
        for a in np.flatnonzero(is_open & ~np.isin(np.arange(m), fixed)):
            if time.perf_counter() + step_s >= deadline:
                break
            at_a = np.flatnonzero((cols_j == a) & (x > 0))  # the pairs of a's demands
            near = nearest[rows_i[at_a]].ravel()
            near = near[(near >= 0) & ~is_open[near]]
            if not near.size and tries < m:
                continue
            tried = np.argsort(-np.bincount(near, minlength=m), kind="stable")[:tries]
            for b in tried[~is_open[tried]]:
                if time.perf_counter() + step_s >= deadline:
                    break
                began = time.perf_counter()
                trial = is_open.copy()
                trial[a], trial[b] = False, True
                if cap[trial].sum() < total - 1e-9:
                    continue
                y = _greedy_assignment(rows_i, cols_j, dist, q, cap, trial, split=not single_source, deadline=deadline)
                step_s = time.perf_counter() - began
                if y is not None and float(price @ y) < value - 1e-9 * max(abs(value), 1.0):
                    x, value, is_open, improved = y, float(price @ y), trial, True
                    break
    if not single_source:
        cheapest = _split_assignment(rows_i, cols_j, dist, w, q, cap, is_open, final_by)
        if cheapest is not None and float(price @ cheapest) < float(price @ x):
            x = cheapest
    if float(price @ x) >= given_value:  # no better answer found: the start as it was
        return start
    return np.concatenate([x, is_open.astype(float)])


def _without_milp(
    coo, w, q, cap, fixed, p, start, multipliers, *, single_source: bool, integral: bool, until: float, watch
) -> tuple[np.ndarray, float]:
    """Return the quick answer improved by site swaps, and the Lagrangian bound with capacities
    (``-inf`` when it had no time), by ``until``: the bound first (it stops when it converges,
    within :data:`CAPACITY_BOUND_SHARE` of the time), the swaps the rest; for split demand the
    bound's last choices of sites are assigned at the end (:data:`LAGRANGIAN_SITES_SHARE`)."""
    pairs = coo.nnz
    price = w[coo.row] * coo.data
    lower, choices = -np.inf, []
    left = until - time.perf_counter()
    if multipliers is not None and CAPACITY_BOUND_SHARE * left > bound_start_seconds(pairs):
        value = float(price @ start[:pairs])
        found = capacitated_lagrangian_bound(
            coo, w, q, cap, fixed, p, single_source=single_source, upper_bound=value,
            start_multipliers=multipliers, deadline=time.perf_counter() + CAPACITY_BOUND_SHARE * left,
        )  # fmt: skip
        lower = np.ceil(found.bound - 1e-6) if integral and single_source else found.bound
        watch.lap("capacity_bound")
        if settle(value, lower, "min", "feasible")[2] == "optimal":
            return start, lower
        if not single_source:  # single-source: their greedy assignment never beat the swaps
            choices = found.choices
    swaps_until = until - (LAGRANGIAN_SITES_SHARE * (until - time.perf_counter()) if choices else 0.0)
    if swaps_until - time.perf_counter() > IMPROVE_SETUP_S_PER_PAIR * pairs:
        start = _improve_sites(coo, w, q, cap, fixed, start, single_source=single_source, deadline=swaps_until)
        watch.lap("improve")
    for chosen in choices:  # the bound's own sites, assigned, may beat the swapped answer
        if time.perf_counter() >= until:
            break
        start = _split_if_cheaper(coo, w, price, q, cap, fixed, start, chosen, deadline=until)
    if choices:
        watch.lap("lagrangian_sites")
    return start, lower


def _split_if_cheaper(coo, w, price, q, cap, fixed, start, chosen, *, deadline: float) -> np.ndarray:
    """Return the sites ``chosen`` (made to hold the demand) with their split assignment (the
    transportation LP when it fits before ``deadline``, else greedy) when it costs less than
    ``start`` (``price``: each pair's weighted cost); else ``start``. The bound's own sites, once it
    has converged, came within 0.16 % of the bound on 2,000 × 300 (30 s; the swapped answer 1.5 %)."""
    pairs, m = coo.nnz, cap.size
    sites = _with_capacity(np.asarray(chosen, dtype=np.int64), cap, fixed, float(q.sum()))
    if sites is None:
        return start
    is_open = np.zeros(m, dtype=bool)
    is_open[sites] = True
    if np.array_equal(is_open, start[pairs:] > 0.5):
        return start
    x = _split_assignment(coo.row, coo.col, coo.data, w, q, cap, is_open, deadline)
    if x is None:
        x = _greedy_assignment(coo.row, coo.col, coo.data, q, cap, is_open, split=True, deadline=deadline)
    if x is None or float(price @ x) >= float(price @ start[:pairs]):
        return start
    return np.concatenate([x, is_open.astype(float)])


def _nearest_sites(rows_i, cols_j, dist, n: int, k: int) -> np.ndarray:
    """Return each demand's ``k`` nearest candidates (``-1`` where it reaches fewer)."""
    order = by_row_then_cost(rows_i, dist)
    starts = np.searchsorted(rows_i[order], np.arange(n + 1))
    out = np.full((n, k), -1, dtype=np.int64)
    for rank in range(k):
        has = starts[:-1] + rank < starts[1:]
        out[has, rank] = cols_j[order[starts[:-1][has] + rank]]
    return out


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


def single_source_setup_s(pairs: int) -> float:
    """Return the seconds HiGHS may spend setting up the single-source MILP of ``pairs`` binary
    pairs before it looks at its time limit (its presolve, also with presolve off, and no
    callback reaches it). Measured on 2 cores (p = 5, 30 sites): 10,000 pairs ≤ 0.6 s, 30,000
    1.8 s, 50,000 3.5–3.9 s, 75,000 18–21 s (20 s into a 5 s limit); the cube through
    (30,000, 2 s) lies above each."""
    return 2.0 * (pairs / 30_000) ** 3


def overrun_s(pairs: int) -> float:
    """Return the seconds HiGHS may run past its time limit on the capacitated MILP of ``pairs``
    pairs (a stage it does not interrupt, growing with the model). Measured on 2 cores, split
    demand, 300 sites: 90,000 pairs 0.35–0.46 s past a 3–10 s limit, 300,000 pairs 0.4–5.3 s,
    600,000 pairs 0.8–4.4 s; the square through (300,000, 5.3 s) lies above each."""
    return 5.9e-11 * float(pairs) ** 2


def _refuse_beyond_reach(cost, time_limit_s: float | None, *, single_source: bool) -> None:
    """Raise before any conversion when neither the quick answer (at most :data:`START_MAX_PAIRS`
    demand–candidate cells) nor the MILP (:func:`milp_fits`) can answer within ``time_limit_s``:
    at 500 M cells, converting the costs alone takes longer than most limits."""
    shape = np.shape(cost)
    if time_limit_s is None or len(shape) != 2 or shape[0] * shape[1] <= START_MAX_PAIRS:
        return
    n, m = shape
    if sp.issparse(cost):
        pairs = int(cost.nnz)
    else:
        dense = np.asarray(cost)  # as given: counting needs no float copy (4 GB at 500 M float32 cells)
        pairs = sum(int(np.count_nonzero(np.isfinite(dense[rows]))) for rows in row_blocks(dense))
    if not milp_fits(pairs, m, time_limit_s, single_source=single_source):
        raise InfeasibleError.said(
            "capacitated_too_large", n=n, m=m, limit=time_limit_s, most=START_MAX_PAIRS, pairs=pairs
        )


def milp_fits(pairs: int, m: int, time_limit_s: float | None, *, single_source: bool) -> bool:
    """Return whether the capacitated MILP of ``pairs`` pairs is handed to HiGHS within
    ``time_limit_s``: its setup fits (:func:`._highs.fits_in_time`, and for single-source
    :func:`single_source_setup_s`) and what it may run past its limit (:func:`overrun_s`) is at
    most half the limit."""
    if time_limit_s is None:
        return True
    return (
        fits_in_time(3 * pairs + 2 * m, time_limit_s, integer=True)
        and not (single_source and single_source_setup_s(pairs) > time_limit_s)
        and overrun_s(pairs) <= 0.5 * time_limit_s
    )


def _solve_milp(coo, q, cap, fixed, p, objective, *, single_source, integral, time_limit_s) -> MilpSolution:
    """Return HiGHS's answer to the capacitated MILP (not built when it would not fit the time left).

    Columns: x per pair (0 … pairs−1), then y per site; rows: each demand served once, each
    site's load within its capacity when open, x ≤ y per pair, Σ y = p + fixed.
    """
    (n, m), pairs = coo.shape, coo.nnz
    if not milp_fits(pairs, m, time_limit_s, single_source=single_source):
        return MilpSolution.not_run(maximize=False)
    if time_limit_s is not None:  # HiGHS's limit leaves room for what it may run past it
        time_limit_s -= overrun_s(pairs)
    rows_i, cols_j = coo.row, coo.col
    link_rows = n + m + np.arange(pairs)
    count_row = n + m + pairs
    r = np.concatenate([rows_i, n + cols_j, link_rows, link_rows, n + np.arange(m), np.full(m, count_row)])
    c = np.concatenate([np.tile(np.arange(pairs), 3), pairs + cols_j, pairs + np.arange(m), pairs + np.arange(m)])
    v = np.concatenate([np.ones(pairs), q[rows_i], np.ones(pairs), -np.ones(pairs), -cap, np.ones(m)])
    matrix = sp.csc_matrix((v, (r, c)), shape=(count_row + 1, pairs + m))
    total_open = p + fixed.size
    served = np.where(q > 0, 1.0, 0.0)
    row_lower = np.concatenate([served, np.full(m, -np.inf), np.full(pairs, -np.inf), [total_open]])
    row_upper = np.concatenate([np.ones(n), np.zeros(m), np.zeros(pairs), [total_open]])
    col_lower = np.zeros(pairs + m)
    col_lower[pairs + fixed] = 1.0
    integer = np.concatenate([np.full(pairs, single_source), np.ones(m, dtype=bool)])
    return solve_milp(
        objective, matrix, row_lower, row_upper, col_lower, np.ones(pairs + m), integer,
        time_limit_s=time_limit_s, mip_abs_gap=0.999 if integral and single_source else 0.0,
    )  # fmt: skip


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
        Amount each demand point uses of a site's capacity (default: ``weights``, else 1). A point
        with demand 0 needs no site: it is left unassigned (``-1``) and adds no cost.
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
    time_limit_s = check_time_limit(time_limit_s)
    watch = Stopwatch()
    began = time.perf_counter()
    _refuse_beyond_reach(cost, time_limit_s, single_source=single_source)
    costs = as_sparse_costs(cost)
    n, m = costs.shape
    w = weights_of(weights, n)
    q = weights_of(demand, n, label="demand") if demand is not None else (w.copy() if weights is not None else np.ones(n))
    cap = per_candidate(capacities, m, "capacities")
    fixed_arr = fixed_indices(fixed, m)
    p = check_p(p, m, fixed_arr.size, needs_a_site=True)
    factor = weight_scale(w, float(costs.data.max(initial=0.0)))
    if factor != 1.0:  # tiny data: solved on weights scaled up (the demand stays), where the tolerances hold
        left = None if time_limit_s is None else max(time_limit_s - (time.perf_counter() - began), 0.0)
        scaled = capacitated_p_median(costs, p, cap, demand=q, weights=w * factor, fixed=fixed_arr,
                                      single_source=single_source, time_limit_s=left)  # fmt: skip
        return unscaled(scaled, factor)
    _feasibility(costs, q, cap, fixed_arr, p, single_source=single_source)
    coo = costs.tocoo()
    pairs = coo.nnz
    rows_i, cols_j, dist = coo.row, coo.col, coo.data
    y0 = pairs  # columns: x pairs (0..pairs-1), y (pairs..pairs+m-1)
    objective = np.concatenate([w[rows_i] * dist, np.zeros(m)])
    integral = bool(np.all(objective == np.round(objective)))
    watch.lap("build")
    run_deadline = None if time_limit_s is None else began + time_limit_s
    compiled = False  # the greedy assignment
    if n * m <= START_MAX_PAIRS:  # the quick answer's heuristic, bound and assignment will use them
        prepare_kernels(n * m, run_deadline)
        compiled = n >= COMPILED_ASSIGN_FROM and prepare("_assign_kernel", run_deadline)
    # without time for the MILP, the quick answer's sites and bound may take most of the limit,
    # less the greedy assignment that follows them when it runs in Python (a loop over the demands)
    will_run = milp_fits(pairs, m, time_limit_s, single_source=single_source)
    share = START_SHARE if will_run else START_ALONE_SHARE
    reserve = ASSIGN_S_PER_PAIR * pairs + (0.0 if compiled else ASSIGN_S_PER_DEMAND * n)
    deadline = None if time_limit_s is None else began + share * time_limit_s - reserve
    start, quick_bound, multipliers = _start(  # the quick answer, its (uncapacitated) bound
        coo, w, q, cap, fixed_arr, p, single_source=single_source, deadline=deadline,
        run_deadline=run_deadline,
    )  # fmt: skip
    watch.lap("start")
    start_value = np.inf if start is None else float(objective @ start)
    if settle(start_value, quick_bound, "min", "feasible")[2] == "optimal":  # capacities do not bind
        solution = MilpSolution("optimal", start, start_value, quick_bound, 0.0)
    else:
        # when the MILP will not run, the bound with capacities, then site swaps use the time (a
        # MILP that runs gets the time instead, and no start: HiGHS given one ran 35 s past its limit)
        if run_deadline is not None and start is not None and not will_run:
            start, lower = _without_milp(
                coo, w, q, cap, fixed_arr, p, start, multipliers, single_source=single_source,
                integral=integral, until=run_deadline - ASSIGN_S_PER_PAIR * pairs, watch=watch,
            )  # fmt: skip
            start_value = float(objective @ start)
            quick_bound = max(quick_bound, lower)  # now with the capacities
        left = None if time_limit_s is None else max(time_limit_s - (time.perf_counter() - began), 0.05)
        solution = _solve_milp(
            coo, q, cap, fixed_arr, p, objective, single_source=single_source, integral=integral,
            time_limit_s=left,
        )  # fmt: skip
    watch.lap("milp")
    if solution.status == "infeasible":
        raise InfeasibleError.said("capacity_unassignable", p=p, total=q.sum())
    if solution.x is None and start is None:
        raise InfeasibleError.said("no_solution_in_time", limit=time_limit_s)
    if integral and single_source:
        solution = solution.with_integral_bound()
    milp_value = np.inf if solution.x is None else float(objective @ solution.x)
    quick = start_value < milp_value  # the MILP was not run, found none in time, or a worse one
    answer = start if quick else solution.x
    x = answer[:pairs]
    used = np.flatnonzero(x > (0.5 if single_source else 0.0))  # the pairs with a share (of 20 M, a few)
    shares = np.ones(used.size) if single_source else x[used]
    selected = np.flatnonzero(answer[y0:] > 0.5)
    assignment = np.full(n, -1, dtype=np.int64)
    order = used if single_source else used[np.lexsort((-shares, rows_i[used]))]
    first = np.ones(order.size, dtype=bool)  # split: the largest share serves (ties: the first pair)
    first[1:] = rows_i[order][1:] != rows_i[order][:-1]
    assignment[rows_i[order][first]] = cols_j[order][first]
    value = float(objective[used] @ shares)
    load = np.bincount(cols_j[used], weights=q[rows_i[used]] * shares, minlength=m)
    proven = max(solution.bound, quick_bound) if np.isfinite(solution.bound) else quick_bound
    bound, gap, status = settle(value, proven, "min", "time_limit" if solution.x is None else solution.status)
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
        method="heuristic+lagrangian" if quick else "milp",
        seconds=watch.seconds,
        details={
            "load": load[selected].tolist(),
            "capacity": cap[selected].tolist(),
            "single_source": single_source,
        },
    )
