"""Fast heuristics and bounds on dense cost matrices (vectorised numpy).

* greedy + fast interchange (best-improvement vertex swap, Whitaker 1983 / Resende & Werneck
  2003) for the p-median problem;
* a Lagrangian lower bound for the p-median problem (Beasley 1993), by subgradient ascent.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._compiled import prepare, usable
from ._core import BLOCK_ELEMENTS as _BLOCK_ELEMENTS
from ._core import CostScan, row_blocks, scan_dense

__all__ = [
    "big_m",
    "by_row_then_cost",
    "greedy_p_median",
    "lagrangian_p_median_bound",
    "nearest_two",
    "perturbed_swaps",
    "swap_p_median",
]

def big_m(cost: np.ndarray, *, scan: CostScan | None = None) -> float:
    """Return a finite stand-in for ``inf`` that exceeds any real assignment cost (``scan``: the
    costs' :func:`._core.scan_dense`, when made already)."""
    top = (scan if scan is not None else scan_dense(cost)).top
    return (top + 1.0) * 1e6 if np.isfinite(top) else 1e6


def with_big_m(cost: np.ndarray, *, scan: CostScan | None = None) -> np.ndarray:
    """Return ``cost`` with every unreachable (``inf``) pair at :func:`big_m`: ``cost`` itself when
    every pair is reachable (no copy: 4 GB at 500 M pairs), else a copy made in blocks of rows (no
    mask of the whole matrix). The result is only read. ``scan``: the costs'
    :func:`._core.scan_dense`, when made already (else one more pass over them)."""
    scan = scan if scan is not None else scan_dense(cost)
    if not scan.unreachable:
        return cost
    stand_in = big_m(cost, scan=scan)
    out = np.empty_like(cost, dtype=float)
    for rows in row_blocks(cost):
        np.copyto(out[rows], cost[rows])
        np.copyto(out[rows], stand_in, where=~np.isfinite(cost[rows]))
    return out


def nearest_two(cost: np.ndarray, open_: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return, per demand, the nearest open cost, its candidate index and the second-nearest cost."""
    sub = cost[:, open_]
    n = cost.shape[0]
    if open_.size == 1:
        return sub[:, 0].copy(), np.full(n, open_[0]), np.full(n, np.inf)
    part = np.argpartition(sub, 1, axis=1)[:, :2]
    first = np.take_along_axis(sub, part, axis=1)
    swap = first[:, 1] < first[:, 0]
    part[swap] = part[swap][:, ::-1]
    first[swap] = first[swap][:, ::-1]
    return first[:, 0].copy(), open_[part[:, 0]], first[:, 1].copy()


#: seconds per demand–candidate pair of one greedy step (numpy, blocks of rows; measured 5.2 ns
#: at 20,000 × 1,000 on this project's 2-core machine)
GREEDY_S_PER_PAIR = 6e-9


def greedy_p_median(
    cost: np.ndarray, weights: np.ndarray, fixed: np.ndarray, p: int, *, seconds: float | None = None
) -> list[int]:
    """Return ``p`` new sites added one at a time, each the one that lowers the cost most.

    ``cost`` must be finite (replace unreachable pairs by :func:`big_m`). When the ``p`` steps
    over every row would take more than ``seconds`` (estimated), the steps count a random sample
    of the rows with weight, each standing for its share of them (sites only start the search).
    """
    rows = _greedy_rows(weights, p * cost.shape[1], seconds)
    if rows is not None:
        cost, weights = cost[rows], weights[rows] * (np.count_nonzero(weights) / rows.size)
    n, m = cost.shape
    ceiling = 2.0 * float(cost.max()) + 1.0
    nearest = cost[:, fixed].min(axis=1) if fixed.size else np.full(n, ceiling)
    is_open = np.zeros(m, dtype=bool)
    is_open[fixed] = True
    chosen: list[int] = []
    step = max(1, _BLOCK_ELEMENTS // max(m, 1))
    for _ in range(p):
        gain = np.zeros(m)
        for start in range(0, n, step):
            block = slice(start, start + step)
            gain += weights[block] @ np.maximum(nearest[block, None] - cost[block], 0)
        gain[is_open] = -np.inf
        best = int(np.argmax(gain))
        chosen.append(best)
        is_open[best] = True
        nearest = np.minimum(nearest, cost[:, best])
    return chosen


def _greedy_rows(weights: np.ndarray, pairs_per_row: int, seconds: float | None) -> np.ndarray | None:
    """Return the sorted random rows (with weight) the greedy can step over in ``seconds``, or
    ``None`` when it has the time for every row."""
    if seconds is None:
        return None
    weighted = np.flatnonzero(weights > 0)
    fits = int(seconds / (GREEDY_S_PER_PAIR * max(pairs_per_row, 1)))
    if weighted.size <= max(fits, 1):
        return None
    rng = np.random.default_rng(0)
    return np.sort(rng.choice(weighted, size=max(fits, 1), replace=False))


def swap_p_median(
    cost: np.ndarray,
    weights: np.ndarray,
    open_: np.ndarray,
    fixed: np.ndarray,
    *,
    max_iterations: int = 10_000,
    deadline: float | None = None,
    progress=None,
) -> np.ndarray:
    """Improve an open set by best-improvement swaps until no swap lowers the cost.

    ``cost`` must be finite (replace unreachable pairs by :func:`big_m`). Fixed sites are never
    removed. Each iteration evaluates every (add, remove) pair in O(n·m) with the fast
    interchange bookkeeping: gain of adding ``j`` minus the extra loss of removing ``r``.
    """
    m = cost.shape[1]
    gain_and_loss = _gain_and_loss(cost.size, deadline)
    open_ = np.array(sorted(open_), dtype=np.int64)
    removable = ~np.isin(open_, fixed)
    # the last iteration's seconds (the first's expected): one that would end past the deadline is not begun
    last_s = first_iteration_s(cost.size, SWAP_S_PER_PAIR, compiled=gain_and_loss is not _numpy_gain_and_loss)
    if deadline is not None and time.perf_counter() + last_s > deadline:
        return open_
    current = float(weights @ cost[:, open_].min(axis=1))
    for _ in range(max_iterations):
        began = time.perf_counter()
        if deadline is not None and began + last_s > deadline:
            break
        if not removable.any() or open_.size == m:
            break
        d1, j1, d2 = nearest_two(cost, open_)
        if open_.size == 1:  # one open site: removing it leaves nothing
            d2 = np.full_like(d1, 2.0 * float(cost.max()) + 1.0)
        gain, loss = gain_and_loss(cost, weights, d1, d2, np.searchsorted(open_, j1), open_.size)
        profit = gain[None, :] - loss
        profit[:, open_] = -np.inf
        profit[~removable, :] = -np.inf
        r, j = np.unravel_index(int(np.argmax(profit)), profit.shape)
        if profit[r, j] <= 1e-9 * max(current, 1.0):
            break
        trial = open_.copy()
        trial[r] = j
        value = float(weights @ cost[:, trial].min(axis=1))
        if value >= current - 1e-12 * max(current, 1.0):  # guard against rounding cycles
            break
        order = np.argsort(trial)
        open_, removable, current = trial[order], removable[order], value
        if progress is not None:
            progress.update(1)
        last_s = time.perf_counter() - began
    return open_


def prepare_kernels(pairs: int, deadline: float | None) -> None:
    """Compile (or load) the swap's and the Lagrangian's kernels for an instance of ``pairs`` cost
    pairs if they will be used and the run's ``deadline`` leaves the time (see :mod:`._compiled`)."""
    if pairs >= COMPILED_FROM_PAIRS:
        prepare("_swap_kernel", deadline)
        prepare("_lagrange_kernel", deadline)


def _numpy_gain_and_loss(
    cost: np.ndarray, weights: np.ndarray, nearest: np.ndarray, second: np.ndarray, position: np.ndarray, open_count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return what :func:`._swap_kernel.gain_and_loss` returns, by numpy in blocks of rows."""
    n, m = cost.shape
    gain, loss = np.zeros(m), np.zeros((open_count, m))
    step = max(1, _BLOCK_ELEMENTS // max(m, 1))
    for start in range(0, n, step):
        block = slice(start, start + step)
        c = cost[block]
        a, b, w = nearest[block, None], second[block, None], weights[block]
        gain += w @ np.maximum(a - c, 0)
        extra = np.minimum(b, np.maximum(c, a)) - a
        rows = sp.csr_matrix((w, (position[block], np.arange(c.shape[0]))), shape=(open_count, c.shape[0]))
        loss += rows @ extra
    return gain, loss


def _gain_and_loss(pairs: int, deadline: float | None):
    """Return the swap's bookkeeping (:func:`._swap_kernel.gain_and_loss`): compiled for large
    instances when :func:`._compiled.usable` before ``deadline``, else numpy (also below
    :data:`COMPILED_FROM_PAIRS`: no compile time where it is cheap)."""
    if pairs >= COMPILED_FROM_PAIRS and usable("_swap_kernel", deadline):
        from ._swap_kernel import gain_and_loss

        return gain_and_loss
    return _numpy_gain_and_loss


def by_row_then_cost(rows: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """Return the order of pairs by row, then cost (ties: as given) — ``np.lexsort((costs, rows))``,
    as one stable sort of a float key when it holds every row and cost exactly enough (10× faster:
    0.04 s against 0.41 s for 1 M pairs)."""
    span = 2.0 * float(np.abs(costs).max(initial=0.0)) + 1.0
    if rows.size == 0 or float(rows.max()) * span >= 2.0**32:  # else the key would round costs by > 1e-6
        return np.lexsort((costs, rows))
    return np.argsort(rows * span + costs, kind="stable")


@dataclass(frozen=True)
class LagrangianBound:
    """A Lagrangian lower bound and the reduced costs that prove sites in or out.

    Attributes
    ----------
    bound
        The best ``L(λ)`` found: a valid lower bound on the p-median cost.
    closed
        Candidates that are closed in every solution cheaper than the upper bound.
    opened
        Candidates that are open in every solution cheaper than the upper bound.
    multipliers
        The λ of ``bound`` (one per demand).
    better_open, better_value
        The cheapest set of sites an iteration chose (its ``Y``), when cheaper than the upper
        bound given, and its cost on the costs given (``None`` and ``inf`` otherwise).
    choices
        The distinct ``Y`` of the highest ``L(λ)`` (at most :data:`LAGRANGE_CHOICES_KEPT`), highest
        first: priced as they are they are often poor, but a local search from them often reaches
        a better solution than the caller's (10,000 × 500, p = 20: swaps from the best bound's
        ``Y`` found the optimum in 0.13 s, where 10 s of restarted local search stopped 0.34 %
        above it).
    """

    bound: float
    closed: np.ndarray
    opened: np.ndarray
    multipliers: np.ndarray | None = None
    better_open: np.ndarray | None = None
    better_value: float = float("inf")
    choices: tuple[np.ndarray, ...] = ()


#: distinct choices of sites a Lagrangian bound keeps (those of its highest L(λ)) for local searches
LAGRANGE_CHOICES_KEPT = 64


class _TopChoices:
    """The distinct choices of sites (boolean masks) of the highest values seen, at most ``size``."""

    def __init__(self, size: int):
        self.size = size
        self._heap: list[tuple[float, bytes, np.ndarray]] = []  # lowest value first
        self._keys: set[bytes] = set()

    def offer(self, value: float, chosen: np.ndarray) -> None:
        """Keep ``chosen`` if it is new and among the ``size`` highest values."""
        if len(self._heap) >= self.size and value <= self._heap[0][0]:
            return
        key = np.packbits(chosen).tobytes()
        if key in self._keys:
            return
        self._keys.add(key)
        heapq.heappush(self._heap, (value, key, np.flatnonzero(chosen)))
        if len(self._heap) > self.size:
            self._keys.discard(heapq.heappop(self._heap)[1])

    def highest_first(self) -> tuple[np.ndarray, ...]:
        """Return the sites of each choice kept, highest value first."""
        return tuple(sites for _, _, sites in sorted(self._heap, key=lambda item: -item[0]))


def perturbed_swaps(
    cost: np.ndarray,
    weights: np.ndarray,
    open_: np.ndarray,
    fixed: np.ndarray,
    *,
    rounds: int = 150,
    patience: int = 50,
    seed: int = 0,
    time_budget_s: float | None = None,
    progress=None,
) -> np.ndarray:
    """Iterated local search: replace a few random open sites, swap to a local optimum, keep if better.

    The number of sites replaced varies at random from 1 to a third of the open sites.
    Deterministic for a given ``seed`` (unless ``time_budget_s`` cuts it short); stops after
    ``rounds`` kicks, ``patience`` kicks in a row without improvement, or the time budget.
    """
    best = np.sort(open_)
    if time_budget_s is not None and time_budget_s <= 0:
        return best
    deadline = time.perf_counter() + time_budget_s if time_budget_s is not None else None
    rng = np.random.default_rng(seed)
    m = cost.shape[1]
    best_value = float(weights @ cost[:, best].min(axis=1))
    movable = np.flatnonzero(~np.isin(best, fixed))
    if movable.size == 0 or movable.size + fixed.size >= m:
        return best
    largest_kick = max(1, movable.size // 3)
    stale = 0
    compiled = _gain_and_loss(cost.size, deadline) is not _numpy_gain_and_loss
    round_s = first_iteration_s(cost.size, SWAP_S_PER_PAIR, compiled=compiled)  # a kick's swaps take one iteration at least
    for _ in range(rounds):
        if deadline is not None and time.perf_counter() + round_s > deadline:
            break
        trial = best.copy()
        movable = np.flatnonzero(~np.isin(trial, fixed))
        closed = np.setdiff1d(np.arange(m), trial)
        kick = int(rng.integers(1, largest_kick + 1))  # vary the kick: small moves and big jumps
        out = rng.choice(movable, size=min(kick, movable.size, closed.size), replace=False)
        trial[out] = rng.choice(closed, size=out.size, replace=False)
        trial = swap_p_median(cost, weights, trial, fixed, deadline=deadline)
        value = float(weights @ cost[:, trial].min(axis=1))
        if progress is not None:
            progress.update(1)
        if value < best_value - 1e-9 * max(abs(best_value), 1.0):
            best, best_value, stale = np.sort(trial), value, 0
        else:
            stale += 1
            if stale >= patience:
                break
        if deadline is not None and time.perf_counter() > deadline:
            break
    return best


#: from this many cost pairs the Lagrangian's inner loop and the swap's bookkeeping run compiled
#: (numba; at 2,000 × 200 it took the bound 1.5–1.7 s → 0.6–1.1 s)
COMPILED_FROM_PAIRS = 250_000

#: seconds per cost pair of one swap iteration and one Lagrangian iteration, (compiled, numpy):
#: measured 1.7–3.2 and 15–19 ns (swap), 1.0–3.0 and 5–7 ns (Lagrangian) from 100,000 × 5,000 to
#: 20,000 × 1,000 on this project's 2-core machine; the large end, where an iteration takes long
SWAP_S_PER_PAIR = (1.8e-9, 15e-9)
LAGRANGE_S_PER_PAIR = (1.0e-9, 5e-9)


def first_iteration_s(pairs: int, per_pair: tuple[float, float], *, compiled: bool) -> float:
    """Return the seconds a first iteration over ``pairs`` cost pairs is expected to take."""
    return pairs * per_pair[0 if compiled else 1]


def _numpy_column_sums(cost: np.ndarray, weights: np.ndarray, lam: np.ndarray) -> np.ndarray:
    sums = np.zeros(cost.shape[1])
    for rows in row_blocks(cost):  # bounded temporary memory
        reduced = cost[rows] * weights[rows, None]
        reduced -= lam[rows, None]
        np.minimum(reduced, 0, out=reduced)
        sums += reduced.sum(axis=0)
    return sums


def _column_sums(pairs: int, deadline: float | None):
    """Return the function ``(cost, weights, λ)`` computing ``Σ_i min(0, w_i d_ij − λ_i)`` per column: compiled for
    large instances when :func:`._compiled.usable` before ``deadline``, else numpy (also below
    :data:`COMPILED_FROM_PAIRS`: no compile time spent where iterations are cheap)."""
    if pairs >= COMPILED_FROM_PAIRS and usable("_lagrange_kernel", deadline):
        from ._lagrange_kernel import reduced_column_sums

        return reduced_column_sums
    return _numpy_column_sums


def lagrangian_p_median_bound(
    cost: np.ndarray,
    weights: np.ndarray,
    fixed: np.ndarray,
    total_open: int,
    upper_bound: float,
    start_multipliers: np.ndarray,
    *,
    iterations: int = 3000,
    progress=None,
    integral: bool = False,
    deadline: float | None = None,
) -> LagrangianBound:
    """Return a lower bound on the p-median cost by Lagrangian relaxation of assignment.

    Relaxing ``Σ_j x_ij = 1`` with multipliers λ gives ``L(λ) = Σ λ_i + Σ_{j∈Y} ρ_j`` with
    ``ρ_j = Σ_i min(0, w_i d_ij − λ_i)`` and ``Y`` the fixed sites plus the most negative ρ;
    the multipliers follow subgradient steps (Beasley 1993). Every ``L(λ)`` is a valid bound.
    With the best multipliers, a candidate outside ``Y`` whose forced opening lifts the bound
    above ``upper_bound`` is closed in every better solution (and symmetrically for opening).
    With ``integral`` costs a better solution is at least 1 cheaper, which fixes more sites.
    Each iteration's ``Y`` is a choice of sites, priced on the way (a Lagrangian heuristic: near
    the bound it is often the optimum the local search missed); the steps aim at the cheapest.
    """
    n, m = cost.shape
    lam = start_multipliers.astype(float).copy()
    is_fixed = np.zeros(m, dtype=bool)
    is_fixed[fixed] = True
    free_slots = total_open - fixed.size
    free = np.flatnonzero(~is_fixed)
    best, best_rho, best_chosen, best_lam = -np.inf, None, None, lam.copy()
    step, stall = 2.0, 0
    tolerance = 1e-9 * max(abs(upper_bound), 1.0)
    column_sums = _column_sums(n * m, deadline)
    # the last iteration's seconds (the first's expected): one that would end past the deadline is
    # not begun (none at all leaves the bound at -inf: the caller's other bounds stand)
    last_s = first_iteration_s(n * m, LAGRANGE_S_PER_PAIR, compiled=column_sums is not _numpy_column_sums)
    aim, better_open = upper_bound, None  # the cheapest choice of sites so far
    top = _TopChoices(LAGRANGE_CHOICES_KEPT)
    for _ in range(iterations):
        began = time.perf_counter()
        if deadline is not None and began + last_s > deadline:
            break  # every L(λ) is a valid bound: stopping early keeps it valid, only weaker
        rho = column_sums(cost, weights, lam)
        chosen = is_fixed.copy()
        if free_slots > 0:
            chosen[free[np.argpartition(rho[free], free_slots - 1)[:free_slots]]] = True
        value = float(lam.sum() + rho[chosen].sum())
        top.offer(value, chosen)
        if not np.isfinite(best) or value > best + tolerance:
            best, best_rho, best_chosen, best_lam, stall = value, rho, chosen, lam.copy(), 0
        else:
            stall += 1
            if stall >= 30:
                step, stall = step / 2, 0
        if progress is not None:
            progress.update(1)
        at_chosen = cost[:, chosen] * weights[:, None]
        chosen_value = float(at_chosen.min(axis=1).sum())
        if chosen_value < aim - tolerance:
            aim, better_open = chosen_value, np.flatnonzero(chosen)
        subgradient = 1.0 - ((at_chosen - lam[:, None]) < 0).sum(axis=1)
        norm = float(subgradient @ subgradient)
        gap_closed = best > aim - 1.0 if integral else aim - best <= tolerance
        if norm == 0 or step < 1e-4 or gap_closed:
            break
        lam += step * (aim - value) / norm * subgradient
        last_s = time.perf_counter() - began
    # fixings against the upper bound given: the caller's answer (a cheaper choice here is priced
    # on these costs, which may stand in for unreachable pairs)
    target = upper_bound - 1.0 + 1e-6 if integral else upper_bound - tolerance
    closed, opened = _fixings(best, best_rho, best_chosen, is_fixed, target)
    better_value = aim if better_open is not None else float("inf")
    return LagrangianBound(best, closed, opened, best_lam, better_open, better_value, top.highest_first())


def _fixings(bound, rho, chosen, is_fixed, target) -> tuple[np.ndarray, np.ndarray]:
    """Return candidates provably closed / open in every solution costing at most ``target``."""
    empty = np.array([], dtype=np.int64)
    if rho is None:
        return empty, empty
    inside = np.flatnonzero(chosen & ~is_fixed)
    outside = np.flatnonzero(~chosen & ~is_fixed)
    if inside.size == 0 or outside.size == 0:
        return empty, empty
    worst_in = rho[inside].max()
    best_out = rho[outside].min()
    closed = outside[bound + rho[outside] - worst_in > target]
    opened = inside[bound - rho[inside] + best_out > target]
    return closed, opened
