"""A Lagrangian lower bound of the capacitated p-median that counts the capacities.

Relaxing "each demand served once" with multipliers λ leaves one problem per site: the
cheapest load within its capacity, a knapsack over its demands priced ``w_i d_ij − λ_i``
(its linear relaxation, filled most negative price per unit of demand first, is taken: a
valid bound for split and single-source demand alike), then the fixed sites and the ``p``
cheapest others open. ``L(λ) = Σ λ_i + Σ_open v_j(λ)`` is a lower bound for every λ (for split
demand its best equals the linear relaxation of the MILP with ``x ≤ y``); the multipliers follow
subgradient steps from those of the uncapacitated bound, where it starts at least as high (a
capacity only raises each ``v_j``). Single-source demand never uses a site smaller than it, so
those pairs are left out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ._heuristics import by_row_then_cost

__all__ = ["CapacityBound", "capacitated_lagrangian_bound", "start_seconds"]

STALL_ITERATIONS = 30  # iterations without a better bound that halve the step
#: the first step's share of the Polyak step (the uncapacitated bound's 2 overshoots from its
#: multipliers when the answer aimed at is far above the optimum: on 2,000 × 300, p = 20, a quick
#: answer 20 % above, 0.5 reached 4,585,852 in 1 s against 4,541,528 for 2; converged 4,601,472)
FIRST_STEP = 0.5
CHOICES_KEPT = 8  # choices of sites returned (a Lagrangian heuristic prices them)
SMALLEST_STEP = 1e-4  # the step at which the bound has converged
#: seconds per pair of setting the knapsacks up (a sort of the pairs by site) and of an iteration
#: (a sort of the pairs below their multiplier), with room: measured 3.4e-8 and 2.5e-8 at 600,000
#: pairs, 1.0e-7 and up to 7.1e-8 at 20 M (2 cores). Budgeted at 2e-8 an iteration alone, the
#: bound on 20,000 × 1,000 took 3.5 s of a 0.4 s share and a 5 s limit returned after 6.8 s.
SETUP_S_PER_PAIR = 1.5e-7
S_PER_PAIR = 1e-7


def start_seconds(pairs: int) -> float:
    """Return the seconds the bound needs on ``pairs`` pairs before it can stop with a value: its
    setup and first iteration, and one more (the bound starts only with time for both)."""
    return (SETUP_S_PER_PAIR + 2 * S_PER_PAIR) * pairs


@dataclass(frozen=True)
class CapacityBound:
    """The best ``L(λ)`` found, and the last distinct choices of sites (fixed ones included) of the
    iterations that raised it, latest first."""

    bound: float
    choices: list[np.ndarray]


@dataclass(frozen=True)
class _Knapsacks:
    """The pairs of the sites' knapsacks, by site (demands without demand, and for single-source
    demand the pairs above their site's capacity, left out)."""

    rows: np.ndarray
    cols: np.ndarray
    price: np.ndarray  # w_i d_ij
    size: np.ndarray  # q_i
    capacity: np.ndarray  # per site
    served: np.ndarray  # the demands relaxed (q_i > 0)


def _knapsacks(coo, w, q, cap, *, single_source: bool) -> _Knapsacks:
    keep = q[coo.row] > 0
    if single_source:
        keep &= q[coo.row] <= cap[coo.col] + 1e-9
    order = np.flatnonzero(keep)
    order = order[np.argsort(coo.col[order], kind="stable")]
    rows, cols = coo.row[order], coo.col[order]
    return _Knapsacks(rows, cols, w[rows] * coo.data[order], q[rows], cap, np.flatnonzero(q > 0))


def site_values(knapsacks: _Knapsacks, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return each site's cheapest load value ``v_j(λ)`` (≤ 0) and the pairs it loads with their
    shares (indices into the knapsack pairs): the linear knapsack, most negative price per unit
    of demand first."""
    reduced = knapsacks.price - lam[knapsacks.rows]
    negative = np.flatnonzero(reduced < 0)
    cols = knapsacks.cols[negative]
    order = negative[by_row_then_cost(cols, reduced[negative] / knapsacks.size[negative])]
    cols, size = knapsacks.cols[order], knapsacks.size[order]
    filled = np.cumsum(size)
    first = np.searchsorted(cols, np.arange(knapsacks.capacity.size))
    before = np.concatenate([[0.0], filled])[first]  # load of the sites before each one
    room = knapsacks.capacity[cols] - (filled - size - before[cols])
    share = np.clip(room / size, 0.0, 1.0)
    m = knapsacks.capacity.size
    values = np.minimum(np.bincount(cols, weights=reduced[order] * share, minlength=m), 0.0)
    return values, order, share


def capacitated_lagrangian_bound(
    coo,
    w: np.ndarray,
    q: np.ndarray,
    cap: np.ndarray,
    fixed: np.ndarray,
    p: int,
    *,
    single_source: bool,
    upper_bound: float,
    start_multipliers: np.ndarray,
    deadline: float | None,
    iterations: int = 3000,
) -> CapacityBound:
    """Return the best ``L(λ)`` found (see the module notes) by ``deadline``, and its choices of sites.

    Parameters
    ----------
    coo
        Demand × candidate costs (scipy COO, pairs present are reachable).
    w, q, cap
        Demand weights (cost multipliers), demands, site capacities.
    fixed, p
        Sites open already, and how many new ones open.
    single_source
        Each demand is served by one site.
    upper_bound
        A feasible answer's cost (the subgradient steps aim at it).
    start_multipliers
        λ to start from, one per demand (the uncapacitated bound's best).
    deadline
        ``time.perf_counter()`` time to stop by (every ``L(λ)`` is a bound: stopping keeps it valid).
    """
    knapsacks = _knapsacks(coo, w, q, cap, single_source=single_source)
    n, m = q.size, cap.size
    lam = np.where(q > 0, start_multipliers, 0.0).astype(float)
    is_fixed = np.zeros(m, dtype=bool)
    is_fixed[fixed] = True
    free = np.flatnonzero(~is_fixed)
    best, step, stall = -np.inf, FIRST_STEP, 0
    recent: list[np.ndarray] = []  # the last distinct choices of sites that raised the bound
    tolerance = 1e-9 * max(abs(upper_bound), 1.0)
    iteration_s = 0.0  # the last iteration's time: the next must fit before the deadline
    for _ in range(iterations):
        began = time.perf_counter()
        if deadline is not None and began + iteration_s > deadline and np.isfinite(best):
            break
        values, order, share = site_values(knapsacks, lam)
        chosen = is_fixed.copy()
        if p > 0:
            chosen[free[np.argpartition(values[free], p - 1)[:p]]] = True
        value = float(lam[knapsacks.served].sum() + values[chosen].sum())
        if value > best + tolerance:
            best, stall = value, 0
            sites = np.flatnonzero(chosen)
            if not any(np.array_equal(sites, seen) for seen in recent):
                recent = [*recent[-(CHOICES_KEPT - 1) :], sites]
        else:
            stall += 1
            if stall >= STALL_ITERATIONS:
                step, stall = step / 2, 0
        loaded = chosen[knapsacks.cols[order]]
        subgradient = 1.0 - np.bincount(knapsacks.rows[order][loaded], weights=share[loaded], minlength=n)
        subgradient[q <= 0] = 0.0
        norm = float(subgradient @ subgradient)
        if norm == 0 or step < SMALLEST_STEP or upper_bound - best <= tolerance:
            break
        lam += step * (upper_bound - value) / norm * subgradient
        iteration_s = time.perf_counter() - began
    return CapacityBound(best, recent[::-1])
