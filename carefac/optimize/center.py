"""p-center (minimise the largest distance from a demand to its nearest open site) and maximal
attendance with distance decay (each demand attends its nearest open site with a share that
falls with distance).

p-center is solved exactly as a sequence of set covers: the optimum is the smallest distinct
cost ``r`` at which ``p`` new sites can cover every weighted demand within ``r`` (Minieka 1970);
each decision is an LSCP solved to proven optimality, so the answer comes with a proven bound.
Maximal attendance is a p-median on the costs ``1 − f(d)`` (``f`` the attendance share), solved
by the p-median's exact machinery.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .._errors import InfeasibleError
from ._core import (
    DENSE_COPIES,
    OPTIMAL_TOLERANCE,
    LocationResult,
    Stopwatch,
    as_dense_costs,
    check_p,
    check_radius,
    check_time_limit,
    deadline_after,
    dense_costs,
    fixed_indices,
    input_error,
    row_blocks,
    seconds_left,
    settle,
    unscaled,
    weight_scale,
    weights_of,
)
from .covering import lscp
from .pmedian import p_median

__all__ = ["linear_decay", "max_attendance", "p_center"]


DECIDE_SHARE = 0.5  # share of the time left one radius's set cover may take


def p_center(
    cost: np.ndarray | sp.spmatrix,
    p: int,
    *,
    weights: np.ndarray | None = None,
    fixed: tuple[int, ...] | list[int] | np.ndarray = (),
    time_limit_s: float | None = None,
) -> LocationResult:
    """Choose ``p`` new sites minimising the largest cost from a demand (weight > 0) to its nearest open site.

    Parameters
    ----------
    cost
        Demand × candidate costs (dense with ``inf`` for unreachable, or sparse).
    p
        Number of new sites.
    weights
        Demands with weight 0 do not count (default: every demand counts).
    fixed
        Candidate columns already open.
    time_limit_s
        Time limit of all the set covers together; the best answer and its proven bound are
        returned when it runs out.

    Returns
    -------
    LocationResult
        ``objective`` the largest cost in the solution, ``bound`` a proven lower bound.
    """
    time_limit_s = check_time_limit(time_limit_s)
    watch = Stopwatch()
    began = time.perf_counter()
    dense, scan = dense_costs(cost)
    n, m = dense.shape
    w = weights_of(weights, n)
    fixed_arr = fixed_indices(fixed, m)
    p = check_p(p, m, fixed_arr.size, needs_a_site=True)
    rows = np.flatnonzero(w > 0)
    stranded = rows[~np.isfinite(scan.row_min[rows])]
    if stranded.size:
        raise InfeasibleError.said("demand_unreachable_center", n=stranded.size, rows=stranded[:10].tolist())
    sub = dense if rows.size == n else dense[rows]  # every row counts: the costs themselves, no copy
    # the optimum is at least the distance every demand must travel to its nearest candidate, and
    # at most the largest distance of any p sites: the farthest-first sites give one
    floor = float(scan.row_min[rows].max(initial=0.0))
    best_open, ceiling = _farthest_first(sub, fixed_arr, p)
    deadline = None if time_limit_s is None else began + time_limit_s
    search = _RadiusSearch(sub, fixed_arr, p, deadline=deadline, watch=watch, best_open=best_open, proven_low=floor)
    search.run(floor, ceiling)
    best_open, proven_low, status = search.best_open, search.proven_low, search.status
    nearest = dense[:, best_open].min(axis=1)
    value = float(nearest[rows].max(initial=0.0))  # recomputed from the data
    if not np.isfinite(value):  # some demand still out of reach of every open site
        raise InfeasibleError.said("center_unreachable", p=p)
    assignment = np.where(np.isfinite(nearest), best_open[np.argmin(dense[:, best_open], axis=1)], -1)
    bound, gap, status = settle(
        value, min(proven_low, value), "min", status if status == "time_limit" else "feasible",
        magnitude=scan.top if np.isfinite(scan.top) else 1.0,
    )  # fmt: skip
    return LocationResult(
        model="p_center",
        selected=best_open,
        new=np.setdiff1d(best_open, fixed_arr),
        assignment=assignment,
        objective=value,
        bound=bound,
        gap=gap,
        status=status,
        sense="min",
        method="set covers (bisection)",
        seconds=watch.seconds,
        details={"radii_tried": int(search.radii_listed)},
    )


@dataclass
class _RadiusSearch:
    """p-center's search over radii: each a set cover deciding whether ``p`` new sites reach every
    demand within it; the best sites and the proven lower bound so far, and whether time ran out."""

    cost: np.ndarray  # the rows that count
    fixed: np.ndarray
    p: int
    deadline: float | None
    watch: Stopwatch
    best_open: np.ndarray
    proven_low: float
    status: str = "optimal"  # "time_limit" once a decision ran out of time or none fitted
    radii_listed: int = 0

    def __post_init__(self) -> None:
        self.pairs_within = _pairs_within_estimate(self.cost)

    def run(self, floor: float, ceiling: float) -> None:
        """Search the radii in ``[floor, ceiling)``: all at once when few, else a sample of them,
        then those between the two sampled radii that bracket the optimum, until listed exactly."""
        low, high, include_low, exact = floor, ceiling, True, floor >= ceiling  # (equal: nothing to search)
        while not exact and self.status == "optimal":  # the optimum is in [low, high] (low only if include_low)
            if not self._fits(PASS_S_PER_PAIR * self.cost.size):  # listing the radii may read every pair
                self.status = "time_limit"
                return
            expected = self.pairs_within(high) - self.pairs_within(low)
            values, exact = _radii(self.cost, low, high, include_low=include_low, expected=expected)
            self.radii_listed += values.size
            if exact and not include_low:  # above a radius proven short: at least the next cost (or the one reached)
                self.proven_low = max(self.proven_low, float(values[0]) if values.size else high)
            if values.size == 0:
                return
            lo = self._bisect(values, exact=exact, high=high)
            if lo > 0:  # a sample of the radii: the optimum lies between the two bracketing it
                low, include_low = float(values[lo - 1]), False
            if lo < values.size:
                high = float(values[lo])

    def _bisect(self, values: np.ndarray, *, exact: bool, high: float) -> int:
        """Bisect over the sorted radii ``values`` (every cost below ``high`` in their range when
        ``exact``); return the index of the smallest radius found to do (``values.size``: none)."""
        lo, hi = 0, values.size - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            while mid > lo and not self._fits(self._decide_s(values[mid])):
                mid = (lo + mid) // 2  # a smaller radius, fewer pairs: a decision that fits the time left
            if not self._fits(self._decide_s(values[mid])):
                self.status = "time_limit"
                return lo
            result = self._decide(float(values[mid]))
            # the optimum, a cost, is above a radius that fails: at least the next one (when every
            # radius is listed), else more than this one
            above = (float(values[mid + 1]) if mid + 1 < values.size else high) if exact else float(values[mid])
            if result.details["uncoverable"] or (result.objective > self.p and result.bound > self.p):
                self.proven_low = max(self.proven_low, above)  # proven: no p sites cover everyone within it
                lo = mid + 1
            elif result.objective <= self.p:
                self._adopt(result.new)
                hi = mid - 1
            else:  # the cover ran out of time undecided: not proven either way; larger radii are easier
                self.status = "time_limit"
                lo = mid + 1
        return lo

    def _adopt(self, chosen: np.ndarray) -> None:
        """Take the cover's sites, topped up to ``p`` new ones (a cover may need fewer)."""
        m = self.cost.shape[1]
        extra = np.setdiff1d(np.setdiff1d(np.arange(m), self.fixed), chosen)[: self.p - chosen.size]
        self.best_open = np.union1d(np.union1d(self.fixed, chosen), extra)

    def _fits(self, seconds: float) -> bool:
        return self.deadline is None or time.perf_counter() + seconds < self.deadline

    def _decide_s(self, radius: float) -> float:
        """Return the seconds a decision is expected to take: a pass to select the pairs, the cover's setup on them."""
        return PASS_S_PER_PAIR * self.cost.size + COVER_S_PER_PAIR * self.pairs_within(radius)

    def _decide(self, radius: float) -> LocationResult:
        pairs = _within(self.cost, radius)
        # half the time left: a radius the cover cannot settle leaves time for larger, easier ones
        left = None if self.deadline is None else max(DECIDE_SHARE * (self.deadline - time.perf_counter()), 0.01)
        result = lscp(pairs, radius, fixed=self.fixed, time_limit_s=left)
        self.watch.lap("covers")
        return result


def _farthest_first(cost: np.ndarray, fixed: np.ndarray, p: int) -> tuple[np.ndarray, float]:
    """Return ``fixed`` and ``p`` new sites opened farthest first (each the nearest candidate of
    the demand then worst served), and the largest cost from a demand to its nearest of them."""
    nearest = cost[:, fixed].min(axis=1) if fixed.size else np.full(cost.shape[0], np.inf)
    is_open = np.zeros(cost.shape[1], dtype=bool)
    is_open[fixed] = True
    if cost.shape[0] == 0:  # no demand counts: any sites do, the largest distance is 0
        is_open[np.flatnonzero(~is_open)[:p]] = True
        return np.flatnonzero(is_open), 0.0
    for _ in range(p):
        worst = cost[int(np.argmax(nearest))]
        closed = np.flatnonzero(~is_open)
        site = int(closed[np.argmin(worst[closed])])  # a new site: the nearest not yet open (unreachable: the first)
        is_open[site] = True
        nearest = np.minimum(nearest, cost[:, site])
    return np.flatnonzero(is_open), float(nearest.max(initial=0.0))


#: seconds per pair of one pass over dense costs (listing radii, selecting the pairs within one),
#: and per pair within the radius of the set cover's setup: measured 1.3–3.5 ns and 100 ns at
#: 500 M pairs on this project's 2-core machine. A decision or pass expected to end past the
#: limit is not begun.
PASS_S_PER_PAIR = 3.5e-9
COVER_S_PER_PAIR = 1e-7


def _pairs_within_estimate(cost: np.ndarray):
    """Return a function estimating how many pairs of ``cost`` lie within a radius, from a random
    sample of 500 rows (exact with fewer rows)."""
    n = cost.shape[0]
    rows = np.sort(np.random.default_rng(1).choice(n, size=min(n, 500), replace=False))
    sample = np.sort(cost[rows].ravel())
    scale = cost.size / max(sample.size, 1)
    return lambda radius: scale * float(np.searchsorted(sample, radius, side="right"))


#: distinct radii the bisection lists at once; beyond, a random sample of them, then the radii
#: between the two sampled ones that bracket the optimum (at 500 M pairs the list of every
#: distinct cost in range is 95 M values: 3.5 s to sort, most of a 10 s limit)
RADII_MAX = 1_000_000


def _radii(
    cost: np.ndarray, low: float, high: float, *, include_low: bool, expected: float
) -> tuple[np.ndarray, bool]:
    """Return the sorted distinct costs ``v`` with ``low < v < high`` (``low ≤ v`` when
    ``include_low``) and ``True``; or, when ``expected`` (the estimated count of pairs in that
    range) is above :data:`RADII_MAX`, those of a random sample of rows holding about that many,
    and ``False`` (every one when that sample holds none)."""
    n = cost.shape[0]

    def in_range(block: np.ndarray) -> np.ndarray:
        return block[((block >= low) if include_low else (block > low)) & (block < high)]

    if expected > RADII_MAX:
        per_row = expected / n
        rng = np.random.default_rng(0)
        rows = np.sort(rng.choice(n, size=min(n, max(1, int(RADII_MAX / per_row))), replace=False))
        sampled = np.unique(in_range(cost[rows]))
        if sampled.size:  # (none in the rows drawn: every one listed instead)
            return sampled, False
    return np.unique(np.concatenate([np.unique(in_range(cost[rows])) for rows in row_blocks(cost)])), True


def _within(cost: np.ndarray, radius: float) -> sp.csr_matrix:
    """Return the pairs of dense ``cost`` within ``radius`` as sparse costs (a stored 0 is a real
    0), built a block of rows at a time (no mask or index arrays of the whole matrix)."""
    m = cost.shape[1]
    counts, columns, values = [], [], []
    for rows in row_blocks(cost):
        block = cost[rows]
        near = block <= radius
        flat = np.flatnonzero(near)  # row by row, columns in order: CSR's layout
        counts.append(np.count_nonzero(near, axis=1))
        columns.append(flat % m)
        values.append(block.ravel()[flat])
    indptr = np.concatenate([[0], np.cumsum(np.concatenate(counts))])
    return sp.csr_matrix((np.concatenate(values), np.concatenate(columns), indptr), shape=cost.shape)


def linear_decay(cost: np.ndarray, cutoff: float) -> np.ndarray:
    """Return the attendance share ``max(0, 1 − cost / cutoff)`` (1 at the site, 0 at the cutoff)."""
    return np.clip(1.0 - np.asarray(cost, dtype=float) / float(cutoff), 0.0, 1.0)


#: the share of the time limit the attendance losses may take to build (a new matrix: at 500 M
#: pairs its 4 GB of fresh memory took 1.7–7.5 s on this project's machine); the p-median has the
#: rest (at 500 M pairs it answers within a limit of 2 s: 2.2 s)
LOSS_SHARE = 0.75


def _attendance_loss(
    dense: np.ndarray, cutoff: float, *, finish_by: float | None = None, time_limit_s: float | None = None
) -> np.ndarray:
    """Return ``1 − linear_decay(dense, cutoff)`` = ``min(dense / cutoff, 1)`` (costs are ≥ 0),
    made in blocks of rows into one new matrix (no full-size temporaries: each is 4 GB at 500 M
    pairs). Raises :class:`InfeasibleError` as soon as the rows done say it would end past
    ``finish_by`` (``time.perf_counter`` seconds; ``time_limit_s`` for the message)."""
    loss = np.empty_like(dense)
    began, n = time.perf_counter(), dense.shape[0]
    for rows in row_blocks(dense):
        np.divide(dense[rows], float(cutoff), out=loss[rows])
        np.minimum(loss[rows], 1.0, out=loss[rows])
        done = rows.stop / n
        if finish_by is not None and done >= 0.05 and began + (time.perf_counter() - began) / done > finish_by:
            raise InfeasibleError.said("attendance_too_large", n=dense.shape[0], m=dense.shape[1], limit=time_limit_s)
    return loss


def max_attendance(
    cost: np.ndarray | sp.spmatrix,
    p: int,
    *,
    cutoff: float,
    weights: np.ndarray | None = None,
    fixed: tuple[int, ...] | list[int] | np.ndarray = (),
    time_limit_s: float | None = None,
    method: str = "auto",
) -> LocationResult:
    """Choose ``p`` new sites maximising attendance: each demand attends its nearest open site with
    the share :func:`linear_decay` (1 at 0, 0 at ``cutoff``), weighted by ``weights``.

    Returns
    -------
    LocationResult
        ``objective`` the total attendance (weight units), ``bound`` a proven upper bound.
    """
    time_limit_s = check_time_limit(time_limit_s)
    deadline = deadline_after(time_limit_s)
    if check_radius(cutoff) == 0:
        raise input_error("optimizer_cutoff_zero")
    dense = as_dense_costs(cost, copies=DENSE_COPIES + 1)  # and the attendance losses
    n, _ = dense.shape
    w = weights_of(weights, n)
    factor = weight_scale(w)  # shares are at most 1: the weights are the magnitude
    if factor != 1.0:  # tiny weights: solved scaled up, where the tolerances mean what they say
        scaled = max_attendance(dense, p, cutoff=cutoff, weights=w * factor, fixed=fixed,
                                time_limit_s=seconds_left(deadline, floor_s=0.0), method=method)  # fmt: skip
        return unscaled(scaled, factor, weighted=("total_weight",))
    # an unreachable pair (inf) has share 0, loss 1; the losses may take a share of the limit
    build_by = None if deadline is None else time.perf_counter() + LOSS_SHARE * seconds_left(deadline)
    loss = _attendance_loss(dense, cutoff, finish_by=build_by, time_limit_s=time_limit_s)
    inner = p_median(loss, p, weights=w, fixed=fixed, time_limit_s=seconds_left(deadline), method=method)
    total = float(w.sum())
    nearest_loss = loss[:, inner.selected].min(axis=1)
    value = float(w @ (1.0 - nearest_loss))  # recomputed attendance
    share = 1.0 - loss[np.arange(n), np.maximum(inner.assignment, 0)]
    assignment = np.where(share > 0, inner.assignment, -1)
    bound = total - inner.bound
    if inner.status == "optimal" and abs(bound - value) <= max(1e-6, OPTIMAL_TOLERANCE * total):
        # proven for the losses (within the tolerance of their scale, the total): attendance is
        # total − loss, so the same choice is proven here; only float rounding is left between them
        bound = value
    bound, gap, status = settle(value, bound, "max", inner.status)
    return LocationResult(
        model="max_attendance",
        selected=inner.selected,
        new=inner.new,
        assignment=assignment,
        objective=value,
        bound=bound,
        gap=gap,
        status=status,
        sense="max",
        method=f"p-median on 1 − share ({inner.method})",
        seconds=inner.seconds,
        details={"total_weight": total, "cutoff": float(cutoff)},
    )
