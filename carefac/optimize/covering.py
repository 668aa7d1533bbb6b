"""Covering models: MCLP (maximise covered weight with p new sites) and LSCP (fewest sites
covering every reachable demand). Existing sites are fixed.

Demands already covered by a fixed site are taken out, demands with identical candidate sets
are merged (their weights added), and what is left is solved exactly (the MCLP by a branch and
bound over its LP kept warm; the LSCP, after the set-cover reductions, by row generation over
the same branch and bound) or, for very large instances, by greedy + swap with a Lagrangian
upper bound.
"""

from __future__ import annotations

import time

import highspy
import numpy as np
import scipy.sparse as sp

from .._errors import InfeasibleError
from ._branch import BranchAndBound, run_within
from ._core import (
    LocationResult,
    Stopwatch,
    as_sparse_costs,
    check_radius,
    check_time_limit,
    deadline_after,
    fixed_indices,
    prepare_inputs,
    settle,
    unscaled,
    weight_scale,
)
from ._highs import fits_in_time, lp_model
from ._setcover import (
    cover_counts,
    covered_by,
    greedy_cover,
    packing_bound,
    reduce_set_cover,
    solve_set_cover,
)

__all__ = ["coverage_matrix", "lscp", "mclp"]

AUTO_MILP_MAX_NONZEROS = 1_500_000
FINISH_S_PER_PAIR = 1e-8  # seconds per pair within the radius to read an answer's coverage (two passes)
PACKING_S_PER_PAIR = 8e-9  # … and per pair of the LSCP's packing bound before its reductions (0.14 s at 24.7 M)
#: seconds per pair within the radius of the LSCP's first cover and bound after the reductions
#: (greedy, redundant columns dropped, packing bound, the search's first steps): measured 6.3–7.5 s
#: at 100 M pairs
FIRST_COVER_S_PER_PAIR = 8e-8
REDUCTION_SHARE = 0.5  # most share of the time left the LSCP's reductions may take
MCLP_DIVE_DEPTH = 5  # dives of the MCLP's branch and bound (better choices early on hard instances)
MCLP_RELIABLE = 2  # strong-branching trials per site and direction before its pseudo-costs are trusted


def coverage_matrix(cost: np.ndarray | sp.spmatrix, radius: float) -> sp.csr_matrix:
    """Return the boolean demand × candidate matrix of pairs with cost ≤ ``radius``."""
    radius = check_radius(radius)
    csr = as_sparse_costs(cost)  # canonical: sorted, no duplicates
    keep = csr.data <= radius
    kept_before = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])  # kept entries before each entry
    indptr = kept_before[csr.indptr]
    return sp.csr_matrix((np.ones(int(indptr[-1]), dtype=bool), csr.indices[keep], indptr), shape=csr.shape)


def _submatrix(a: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> sp.csr_matrix:
    """Return ``a[rows][:, columns]`` (``rows``, ``columns``: sorted, distinct), without copying what is kept whole."""
    if rows.size < a.shape[0]:
        a = a[rows]
    return a if columns.size == a.shape[1] else a[:, columns]


def _merge_identical_rows(
    cover: sp.csr_matrix, weights: np.ndarray
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Return unique rows, their summed weights, and for each input row its group."""
    if cover.shape[0] == 0:
        return cover, weights, np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng(12345)
    keys = np.column_stack(
        [cover @ rng.random(cover.shape[1]), cover @ rng.random(cover.shape[1]), np.diff(cover.indptr)]
    )
    _, first, group = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    group = group.ravel()
    merged = np.bincount(group, weights=weights, minlength=first.size)
    return cover[first], merged, group


def coverable_groups(cover: sp.csr_matrix, weights: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
    """Return the distinct non-empty rows of ``cover`` and their summed weights: the demands a
    covering MILP needs (a demand no column covers adds nothing; alike demands count once)."""
    reachable = np.flatnonzero(np.diff(cover.indptr) > 0)
    groups, group_weight, _ = _merge_identical_rows(_submatrix(cover, reachable, np.arange(cover.shape[1])),
                                                    weights[reachable])  # fmt: skip
    return groups, group_weight


def _greedy_mclp(cover: sp.csr_matrix, weights: np.ndarray, free: np.ndarray, p: int, *, csc: sp.csc_matrix) -> list[int]:
    """Return ``p`` columns picked one at a time by largest newly covered weight (``csc``: ``cover`` in CSC form)."""
    gain = np.asarray(csc.T @ weights).ravel().astype(float)
    allowed = np.zeros(cover.shape[1], dtype=bool)
    allowed[free] = True
    covered = np.zeros(cover.shape[0], dtype=bool)
    chosen: list[int] = []
    for _ in range(p):
        masked = np.where(allowed, gain, -np.inf)
        best = int(np.argmax(masked))
        chosen.append(best)
        allowed[best] = False
        rows = csc.indices[csc.indptr[best] : csc.indptr[best + 1]]
        fresh = rows[~covered[rows]]
        covered[fresh] = True
        if fresh.size:
            sub = cover[fresh]
            np.subtract.at(gain, sub.indices, np.repeat(weights[fresh], np.diff(sub.indptr)))
    return chosen


#: covers up to this many entries are swapped from flat arrays of their entries (2,000 × 200,
#: p = 20: 6.8 ms a search against 23 ms); larger ones by sparse products (23.5 M entries: 0.3 s a
#: swap against 0.5 s)
FLAT_SWAP_MAX_ENTRIES = 2_000_000


def _swap_mclp(
    cover: sp.csr_matrix,
    weights: np.ndarray,
    open_: np.ndarray,
    free: np.ndarray,
    max_iterations: int = 1000,
    deadline: float | None = None,
    *,
    bookkeeping: _FlatSwap | _SparseSwap | None = None,
) -> np.ndarray:
    """Improve an open set by best-improvement swaps (covered weight never decreases), until
    ``deadline`` (``bookkeeping``: :func:`_swap_bookkeeping` of ``cover`` and ``weights``, when the
    caller swaps on them again and again).

    Each swap weighs, for every open site ``r`` and closed column ``j``, the weight ``j`` adds
    (rows no open site covers), minus what closing ``r`` loses (rows only ``r`` covers), plus what
    ``j`` wins back of those.
    """
    open_ = np.sort(np.asarray(open_, dtype=np.int64))
    if open_.size == 0:
        return open_
    is_free = np.zeros(cover.shape[1], dtype=bool)
    is_free[free] = True
    bookkeeping = _swap_bookkeeping(cover, weights) if bookkeeping is None else bookkeeping
    total = max(float(weights.sum()), 1.0)
    for _ in range(max_iterations):
        if deadline is not None and time.perf_counter() > deadline:
            break
        gain, loss, extra = bookkeeping(open_)
        profit = gain[None, :] - loss[:, None] + extra
        profit[:, ~is_free] = -np.inf
        profit[:, open_] = -np.inf
        profit[~is_free[open_], :] = -np.inf
        r, j = np.unravel_index(int(np.argmax(profit)), profit.shape)
        if profit[r, j] <= 1e-9 * total:
            break
        open_ = np.sort(np.concatenate([np.delete(open_, r), [j]]))
    return open_


def _swap_bookkeeping(cover: sp.csr_matrix, weights: np.ndarray, *, csc: sp.csc_matrix | None = None):
    """Return what prices :func:`_swap_mclp`'s swaps on ``cover``: flat arrays of its entries up to
    :data:`FLAT_SWAP_MAX_ENTRIES`, else sparse products (``csc``: ``cover`` in CSC form, when the
    caller has it)."""
    if cover.nnz <= FLAT_SWAP_MAX_ENTRIES:
        return _FlatSwap(cover, weights)
    return _SparseSwap(cover, weights, cover.tocsc() if csc is None else csc)


class _FlatSwap:
    """The swap's (gain per column, loss per open site, win-back per pair) from flat arrays of the
    cover's entries, without sparse matrices built per swap (scipy's indexing dominates small covers)."""

    def __init__(self, cover: sp.csr_matrix, weights: np.ndarray):
        self.rows, self.columns = cover.shape
        self.entry_row = np.repeat(np.arange(self.rows), np.diff(cover.indptr))
        self.entry_column = cover.indices.astype(np.int64)
        self.entry_weight = weights[self.entry_row]
        self.weights = weights

    def __call__(self, open_: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        g, m, row, column = self.rows, self.columns, self.entry_row, self.entry_column
        is_open = np.zeros(m, dtype=bool)
        is_open[open_] = True
        at_open = is_open[column]
        counts = np.bincount(row[at_open], minlength=g)
        gain = np.bincount(column, weights=self.entry_weight * (counts[row] == 0), minlength=m)
        single = counts == 1
        owner = np.full(g, -1, dtype=np.int64)  # the open position of the one site covering a row
        held_once = at_open & single[row]
        owner[row[held_once]] = np.searchsorted(open_, column[held_once])
        loss = np.bincount(owner[single], weights=self.weights[single], minlength=open_.size)
        back = single[row]
        extra = np.bincount(
            owner[row[back]] * m + column[back], weights=self.entry_weight[back], minlength=open_.size * m
        ).reshape(open_.size, m)
        return gain.astype(float), loss.astype(float), extra.astype(float)  # bincount of nothing is integer


class _SparseSwap:
    """The swap's (gain, loss, win-back) by sparse products over the open columns (large covers)."""

    def __init__(self, cover: sp.csr_matrix, weights: np.ndarray, csc: sp.csc_matrix):
        self.cover, self.weights, self.csc = cover, weights, csc

    def __call__(self, open_: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cover, weights, csc = self.cover, self.weights, self.csc
        counts = cover_counts(csc, open_)
        gain = np.asarray(csc.T @ (weights * (counts == 0))).ravel()
        single = np.flatnonzero(counts == 1)
        sub_open = csc[:, open_].tocsr()[single]  # one entry per row: the open column covering it
        owner = open_[sub_open.indices] if sub_open.nnz else np.zeros(0, dtype=np.int64)
        position = np.searchsorted(open_, owner)
        loss = np.bincount(position, weights=weights[single], minlength=open_.size)
        link = sp.csr_matrix((weights[single], (position, np.arange(single.size))), shape=(open_.size, single.size))
        extra = (
            (link @ cover[single].astype(float)).toarray() if single.size else np.zeros((open_.size, cover.shape[1]))
        )
        return gain, loss, extra


def _lagrangian_mclp_bound(
    cover: sp.csr_matrix,
    weights: np.ndarray,
    free: np.ndarray,
    p: int,
    lower: float,
    iterations: int = 600,
    deadline: float | None = None,
    *,
    csc: sp.csc_matrix | None = None,
) -> float:
    """Return an upper bound on the covered weight (Lagrangian relaxation of the coverage rows);
    every iterate is a valid bound, so stopping at ``deadline`` keeps it valid (past it before
    the first: the total weight, which bounds any coverage). ``csc``: ``cover`` in CSC form, when
    the caller has it."""
    lam = weights * 0.5
    best = np.inf
    step = 1.0
    stall = 0
    for _ in range(iterations):
        if deadline is not None and time.perf_counter() > deadline:
            break
        csc = cover.tocsc() if csc is None else csc
        sums = np.asarray(csc.T @ lam).ravel()
        top = free[np.argpartition(-sums[free], p - 1)[:p]] if p > 0 else np.zeros(0, dtype=np.int64)
        value = float((weights - lam).sum() + (sums[top].sum() if top.size else 0.0))
        if value < best - 1e-9 * max(best if np.isfinite(best) else 1.0, 1.0):
            best, stall = value, 0
        else:
            stall += 1
            if stall >= 30:
                step, stall = step / 2, 0
        counts = cover_counts(csc, top)
        subgradient = counts - 1.0
        norm = float(subgradient @ subgradient)
        if norm == 0 or step < 1e-4 or best - lower <= 1e-9 * max(best, 1.0):
            break
        lam = np.clip(lam - step * (value - lower) / norm * subgradient, 0.0, weights)
    return min(best, float(weights.sum()))


def _mclp_arrays(cover: sp.csr_matrix, weights: np.ndarray, cols: np.ndarray, p: int):
    """Return the MILP arrays of the aggregated MCLP over columns ``cols``: max Σ w_g c_g,
    c_g ≤ Σ_{j ∈ N(g)} y_j, Σ y = p, 0 ≤ c ≤ 1, y binary."""
    g = cover.shape[0]
    sub = cover[:, cols].tocoo()
    rows = np.concatenate([np.arange(g), sub.row, np.full(cols.size, g)])
    columns = np.concatenate([cols.size + np.arange(g), sub.col, np.arange(cols.size)])
    values = np.concatenate([np.ones(g), -np.ones(sub.nnz), np.ones(cols.size)])
    matrix = sp.csc_matrix((values, (rows, columns)), shape=(g + 1, cols.size + g))
    cost = np.concatenate([np.zeros(cols.size), weights])
    row_lower = np.concatenate([np.full(g, -np.inf), [p]])
    row_upper = np.concatenate([np.zeros(g), [p]])
    return cost, matrix, row_lower, row_upper


def _mclp_exact(
    cover: sp.csr_matrix,
    weights: np.ndarray,
    free: np.ndarray,
    p: int,
    start_open: np.ndarray,
    time_limit_s: float | None,
):
    """Solve the aggregated MCLP exactly; return the open free columns, an upper bound and the status.

    A branch and bound over the LP relaxation kept warm (:class:`._branch.BranchAndBound`):
    each node's LP answer, rounded to its ``p`` largest sites and improved by swaps, offers a
    choice; reduced costs fix the sites that cannot be in a better choice; nodes re-solve from
    their parent's basis; short dives after each branching find good choices early; the site to
    branch on is chosen by reliability branching (strong-branching trials until a site's
    pseudo-costs are known; on 2,000 × 200, p = 20 it cut the nodes 368 → 70 and 317 → 60).
    Faster here than HiGHS's MILP, whose root work dominates on these models. The bound is the
    smallest open node's (the best value once none is left).
    """
    deadline = deadline_after(time_limit_s)
    k, g = free.size, cover.shape[0]
    cost, matrix, row_lower, row_upper = _mclp_arrays(cover, weights, free, p)
    if not fits_in_time(matrix.nnz, time_limit_s, integer=False):  # HiGHS would overrun setting it up
        return start_open, np.inf, "time_limit"
    h = lp_model(-cost, matrix, row_lower, row_upper, np.zeros(k + g), np.ones(k + g))  # min −covered
    h.setOptionValue("solver", "ipm")  # the root from scratch: interior point, crossover to a basis
    h.setOptionValue("run_crossover", "on")
    run_within(h, deadline)
    h.setOptionValue("solver", "simplex")  # the nodes: dual simplex from that basis
    by_column = cover.tocsc()  # made once: every node's pricing and swaps read it
    swaps = _swap_bookkeeping(cover, weights, csc=by_column)
    start_value = float(weights[covered_by(by_column, start_open)].sum())
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return start_open, np.inf, "time_limit"
    root = float(h.getInfo().objective_function_value)

    def price(chosen: np.ndarray) -> float:
        return -float(weights[covered_by(by_column, free[chosen])].sum())

    tried: set[bytes] = set()  # roundings already improved: nodes often round to the same sites

    def rounded(y: np.ndarray) -> np.ndarray | None:
        top = free[np.sort(np.argsort(-y, kind="stable")[:p])]
        if top.tobytes() in tried:
            return None
        tried.add(top.tobytes())
        return np.searchsorted(free, _swap_mclp(cover, weights, top, free, deadline=deadline, bookkeeping=swaps))

    whole = bool(np.all(weights == np.round(weights)))
    tree = BranchAndBound(
        h, k, price=price, integral=whole, heuristic=rounded, dive_depth=MCLP_DIVE_DEPTH, reliable=MCLP_RELIABLE
    )
    found = tree.search(root, np.searchsorted(free, start_open), -start_value, deadline)
    best = start_open if found.best is None else free[found.best]
    return best, -found.bound, found.status


def _nearest_covering(costs: sp.csr_matrix, radius: float, open_: np.ndarray) -> np.ndarray:
    """Return, per demand, the nearest open candidate within ``radius`` (−1 when none).

    Reads the stored entries of ``costs`` (a stored 0 is a real 0 m), like :func:`coverage_matrix`.
    """
    n, m = costs.shape
    assignment = np.full(n, -1, dtype=np.int64)
    columns = np.unique(np.asarray(open_, dtype=np.int64))
    sub = costs[:, columns]  # the open columns only (sorted: ties go to the lower column)
    rows = np.repeat(np.arange(n), np.diff(sub.indptr))
    keep = sub.data <= radius
    rows, position, vals = rows[keep], sub.indices[keep], sub.data[keep]
    if not rows.size:
        return assignment
    # per row (rows in order: CSR), the smallest cost, then the lowest column at it: two reductions,
    # no sort (a lexsort of 25 M pairs took 1.7 s of a 2 s limit)
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    nearest = np.repeat(np.minimum.reduceat(vals, starts), np.diff(np.r_[starts, rows.size]))
    at_nearest = np.flatnonzero(vals == nearest)
    rows, position = rows[at_nearest], position[at_nearest]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    assignment[rows[starts]] = columns[np.minimum.reduceat(position, starts)]
    return assignment


def mclp(
    cost: np.ndarray | sp.spmatrix,
    radius: float,
    p: int,
    *,
    weights: np.ndarray | None = None,
    fixed: tuple[int, ...] | list[int] | np.ndarray = (),
    time_limit_s: float | None = None,
    method: str = "auto",
) -> LocationResult:
    """Choose ``p`` new sites maximising the weight of demand within ``radius`` of an open site.

    Parameters
    ----------
    cost
        Demand × candidate costs (dense with ``inf`` for unreachable, or sparse).
    radius
        Coverage radius, in the costs' unit (a demand is covered when cost ≤ radius).
    p
        Number of new sites.
    weights
        Demand weights (default 1).
    fixed
        Candidate columns already open; the demand they cover counts as covered.
    time_limit_s
        Time limit of the exact solve.
    method
        ``"exact"``, ``"heuristic"`` (greedy + swap with a Lagrangian bound) or ``"auto"``
        (exact up to 1.5 million nonzeros after merging identical demands).

    Returns
    -------
    LocationResult
        ``objective`` is the covered weight (fixed sites included); ``bound`` an upper bound.
    """
    time_limit_s = check_time_limit(time_limit_s)
    watch = Stopwatch()
    costs, w, fixed_arr, p, _ = prepare_inputs(cost, p, weights, fixed, dense=False, method=method)
    n, m = costs.shape
    factor = weight_scale(w)
    if factor != 1.0:  # tiny weights: solved scaled up, where the tolerances mean what they say
        scaled = mclp(costs, radius, p, weights=w * factor, fixed=fixed_arr, time_limit_s=time_limit_s, method=method)
        return unscaled(scaled, factor, weighted=("covered_by_fixed", "total_weight", "unreachable_weight"))
    cover = coverage_matrix(costs, radius)
    base_covered = covered_by(cover, fixed_arr)
    base_weight = float(w[base_covered].sum())
    free = np.setdiff1d(np.arange(m), fixed_arr)
    rest = np.flatnonzero(~base_covered & (w > 0) & (np.diff(cover.indptr) > 0))
    groups, group_weight, _ = _merge_identical_rows(_submatrix(cover, rest, np.arange(m)), w[rest])
    watch.lap("prepare")
    began = time.perf_counter() - sum(watch.seconds.values())
    swaps_until = None if time_limit_s is None else began + 0.4 * time_limit_s
    by_column = groups.tocsc()  # made once: the greedy, the swaps, the bound and their counts read it
    chosen = _greedy_mclp(groups, group_weight, free, p, csc=by_column)
    greedy_order = list(chosen)
    open_free = (
        _swap_mclp(
            groups, group_weight, np.array(chosen, dtype=np.int64), free, deadline=swaps_until,
            bookkeeping=_swap_bookkeeping(groups, group_weight, csc=by_column),
        )  # fmt: skip
        if p
        else np.zeros(0, dtype=np.int64)
    )
    value = float(group_weight[covered_by(by_column, open_free)].sum())
    watch.lap("heuristic")
    use_milp = method == "exact" or (method == "auto" and groups.nnz <= AUTO_MILP_MAX_NONZEROS)
    if p == 0 or groups.shape[0] == 0:
        # nothing to choose (p = 0) or nothing left to cover: the value is exact by construction
        bound, status, method_name = value, "optimal", "trivial"
    elif use_milp:
        left = None if time_limit_s is None else max(time_limit_s - sum(watch.seconds.values()), 0.01)
        milp_open, milp_bound, milp_status = _mclp_exact(groups, group_weight, free, p, open_free, left)
        milp_value = float(group_weight[covered_by(groups, milp_open)].sum())
        if milp_value > value:
            open_free, value = milp_open, milp_value
        bound = milp_bound if np.isfinite(milp_bound) else float(group_weight.sum())  # all it may cover
        status = milp_status
        method_name = "milp"
        watch.lap("milp")
    else:
        # the answer's coverage and nearest sites are read from the whole matrix after the bound
        until = None if time_limit_s is None else began + 0.95 * time_limit_s - FINISH_S_PER_PAIR * cover.nnz
        bound = _lagrangian_mclp_bound(groups, group_weight, free, p, value, deadline=until, csc=by_column)
        status = "feasible"
        method_name = "heuristic+lagrangian"
        watch.lap("lagrangian_bound")
    selected = np.union1d(fixed_arr, open_free)
    objective = float(w[covered_by(cover, selected)].sum())  # recomputed from the data
    total_bound, gap, status = settle(objective, base_weight + bound, "max", status)
    assignment = _nearest_covering(costs, radius, selected)
    order = [j for j in greedy_order if j in set(open_free.tolist())] + sorted(
        set(open_free.tolist()) - set(greedy_order)
    )
    return LocationResult(
        model="mclp",
        selected=selected,
        new=np.array(order, dtype=np.int64),
        assignment=assignment,
        objective=objective,
        bound=total_bound,
        gap=gap,
        status=status,
        sense="max",
        method=method_name,
        seconds=watch.seconds,
        details={
            "covered_by_fixed": base_weight,
            "total_weight": float(w.sum()),
            "demand_groups": int(groups.shape[0]),
            "unreachable_weight": float(w[np.diff(cover.indptr) == 0].sum()),
        },
    )


def lscp(
    cost: np.ndarray | sp.spmatrix,
    radius: float,
    *,
    fixed: tuple[int, ...] | list[int] | np.ndarray = (),
    time_limit_s: float | None = None,
) -> LocationResult:
    """Find the fewest new sites so that every demand that some candidate can reach is covered.

    Demands no candidate covers within ``radius`` cannot be covered by any choice: they are left
    out and counted in ``details["uncoverable"]`` (their rows in ``details["uncoverable_rows"]``).
    """
    time_limit_s = check_time_limit(time_limit_s)
    watch = Stopwatch()
    deadline = deadline_after(time_limit_s)
    costs = as_sparse_costs(cost)
    n, m = costs.shape
    fixed_arr = fixed_indices(fixed, m)
    cover = coverage_matrix(costs, radius)
    reachable = np.diff(cover.indptr) > 0
    rest = np.flatnonzero(reachable & ~covered_by(cover, fixed_arr))
    free = np.setdiff1d(np.arange(m), fixed_arr)
    # the reductions leave the time the first cover and its bound take (greedy, improvement, packing),
    # and take at most a share of the rest: the search for a cover and the bound need time too
    # (100,000 × 5,000 under a 5 s limit: reduced for 3.1 s, then 42 sites; for 2.1 s, then 34)
    reduce_by = None if deadline is None else deadline - FIRST_COVER_S_PER_PAIR * cover.nnz
    if reduce_by is not None:
        reduce_by = time.perf_counter() + REDUCTION_SHARE * max(reduce_by - time.perf_counter(), 0.0)
    whole = _submatrix(cover, rest, free)
    reduced = reduce_set_cover(whole, deadline=reduce_by)
    groups = reduced.matrix
    g = groups.shape[0]
    watch.lap("prepare")
    forced = free[reduced.forced]
    status = "optimal"
    if g == 0:
        chosen = forced
        bound = float(forced.size)
    else:
        # the search leaves the time reading the answer's coverage and the packing bound take (three passes)
        search_by = None if deadline is None else deadline - (FINISH_S_PER_PAIR + PACKING_S_PER_PAIR) * cover.nnz
        by_column = groups.tocsc()  # made once: the greedy cover, the search and its checks all read it
        start = greedy_cover(groups, csc=by_column)
        columns, sub_bound, status = solve_set_cover(groups, start, deadline=search_by, csc=by_column)
        chosen = np.union1d(forced, free[reduced.columns[columns]])
        # a count of sites is a whole number; the forced sites are in every optimal cover
        bound = sub_bound + forced.size
        if status != "optimal":  # dropping rows within others weakens the one-pass bound: it may hold more before
            bound = max(bound, packing_bound(whole))
    watch.lap("milp")
    selected = np.union1d(fixed_arr, chosen)
    if not covered_by(cover, selected)[rest].all():
        raise InfeasibleError("internal check failed: the chosen sites leave coverable demand uncovered")
    bound, gap, status = settle(float(chosen.size), bound, "min", status)
    return LocationResult(
        model="lscp",
        selected=selected,
        new=np.sort(chosen),
        assignment=_nearest_covering(costs, radius, selected),
        objective=float(chosen.size),
        bound=bound,
        gap=gap,
        status=status,
        sense="min",
        method="milp",
        seconds=watch.seconds,
        details={
            "reduced_rows": int(g),
            "reduced_columns": int(groups.shape[1]),
            "forced": int(forced.size),
            "uncoverable": int((~reachable).sum()),
            "uncoverable_rows": np.flatnonzero(~reachable).tolist(),
        },
    )
