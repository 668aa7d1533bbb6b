"""Set-cover reductions (unit costs): the classical rules that shrink an LSCP before the MILP.

Rows are demands to cover, columns are candidate sites. Applied until nothing changes:

- identical rows: one is kept;
- dominated rows: a row whose column set contains another row's is covered whenever that row
  is, so it is dropped;
- dominated columns: a column whose row set lies within another column's is never needed
  (with unit costs the other column does at least as much), so it is dropped (ties: the
  lower index is kept);
- essential columns: a row with a single column left forces that column open; the rows it
  covers are dropped.

Every rule keeps at least one optimal solution, so the optimum of the reduced problem plus the
forced columns is the optimum of the original (Toregas & ReVelle 1973; Beasley 1987).
:func:`solve_set_cover` then solves what is left exactly (LP, a dive and a local search, row generation,
a branch and cut whose LP gains {0, ½}-cuts of three rows: Caprara & Fischetti 1996).
"""

from __future__ import annotations

import itertools
import os
import threading
import time

import highspy
import numpy as np
import scipy.sparse as sp

from ._branch import BranchAndBound, run_within
from ._compiled import usable
from ._highs import fits_in_time, lp_model, solve_milp
from ._rowbook import delete_rows, slack_rows

__all__ = [
    "Reduced",
    "cover_counts",
    "covered_by",
    "greedy_cover",
    "improved_cover",
    "lagrangian_bound",
    "odd_triple_cuts",
    "packing_bound",
    "reduce_set_cover",
    "solve_set_cover",
]

#: estimated seconds of the dominance rules per candidate pair of sets compared (their bitsets word
#: by word, after the pairs are listed) and per entry set up (bitsets, each set's rarest element):
#: measured 3–5e-8 s a pair (300 × 20,000 with 590,000 entries: 12.7 M pairs in 0.42 s; 92,973 ×
#: 5,000 rows, 25 M entries: 106 M pairs in 5.7 s); a higher figure skipped the reductions that
#: decide p-center's wide covers in time (300 × 20,000 under 5 s: gap 6.1 % at 8e-8, 1.7 % here)
PAIR_S = 5e-8
ENTRY_S = 4e-8
PAIRS_PER_BLOCK = 2_000_000  # candidate pairs compared at once
BITSET_MAX_BYTES = 1 << 29  # largest bitset table of the sets compared (beyond: no dominance, still valid)
FINISH_S_PER_PAIR = 2e-8  # seconds per pair the caller takes after the search (coverage and nearest sites)
REDUCTION_MAX_S = 20.0  # longest the dominance rules may take, limit or not (they only shrink the problem)
DIVE_S = 3.0  # longest the first dive for a good cover may take (seconds)
DIVE_NODES = 60  # … and its most nodes
FIRST_DIVE_NODES = 5  # … when the local search follows it (the dive alone often proves small instances)
ROW_SHARE = 0.6  # row generation stops once it keeps this share of the rows (HiGHS's MILP on all of them then)
ROW_BUDGET_SHARE = 0.5  # … or once it has used this share of the time left
ROW_BUDGET_S = 30.0  # … or, without a time limit, this many seconds
SUB_DIVE_DEPTH = 5  # dives of the kept rows' branch and bound
PROBE_S = 2.0  # seconds of rounds whose kept rows have a cover one smaller than the best before
# the local search, then HiGHS's MILP (bound as a row), look that long for one of every row; doubled after each look
LOCAL_S = 0.4  # seconds of local search for a cover smaller than the first one
#: with a time limit, the share of the time left the root LP may take: when it cannot finish
#: (100,000 × 5,000 reduced to 49,475 × 4,445, 13 M entries: not in 48 s), a Lagrangian bound and
#: the local search take the rest, instead of nothing
LP_SHARE = 0.5
LAGRANGIAN_SHARE = 0.3  # … and of what is then left, the Lagrangian bound's (the local search: the rest)
LAGRANGIAN_STALL = 30  # steps without a better bound before the subgradient step is halved
LAGRANGIAN_MIN_STEP = 1e-4  # the step factor at which the subgradient search ends
#: estimated seconds per entry of a subgradient step, with room (measured 7.4e-9–1.7e-8 at 24.7 M
#: entries; a step that took 2 s of a 0.1 s share, its setup unbudgeted, overran a 1 s limit by 1.6 s)
LAGRANGIAN_S_PER_ENTRY = 2e-8
#: the local search runs on covers from this many rows × columns (after the reductions); below,
#: the tree alone is faster (the search's budget and numba's load cost more than it saves: 3,000 ×
#: 250 reduced to ~370 × 190, 0.6–1.9 s without against 1.9–2.2 s with; 5,000 × 400 reduced to
#: 990 × 333 needed it: 5.4 s with, open at 60 s without)
LOCAL_FROM_ENTRIES = 100_000
#: when a cover one column smaller than the best would prove it optimal, the share of the time
#: left that the local search takes before HiGHS's MILP: 10,000 × 500 (seed 787 of the benchmark's
#: generator) ended 29 / 28 at 60 s with HiGHS's 28 s finding no 28; the search finds one in
#: 2–19 s (80,000–1.2 M steps, by seed)
FINAL_LOCAL_SHARE = 0.5
#: odd-triple cuts ({0, ½}-cuts of three rows, :func:`odd_triple_cuts`) in the exact searches: seed
#: 200 of the 10,000 × 500 benchmark (reduced 1,591 × 424) lifts its root bound 25.95 → 26.38 and
#: proves 28 in 77 nodes against HiGHS's 430 (without cuts)
CUT_SLACK_MAX = 0.1  # rows above this slack take no part (0.3: 8× the search time, no fewer nodes)
CUT_MIN_VIOLATION = 0.02
CUT_PATTERNS_MAX = 2_000  # most rows one search compares (their overlaps: 32 MB)
CUT_SEARCH_MOST = 200_000  # most triples one search records
CUTS_PER_ROUND = 100
ROOT_CUT_ROUNDS = 30
NODE_CUT_ROUNDS = 2  # rounds of cuts at a node before it branches
CUT_RELIABLE = 2  # strong-branching trials per site and direction before the branch and cut trusts its pseudo-costs
CUT_DIVE_DEPTH = 5  # dives of the branch and cut (seed 302 of the 10,000 × 500 benchmark, no node cuts: 40 s, against 45 s without)
CUT_ROWS_PER_COLUMN = 3.0  # cut rows kept in the LP per column (slack ones beyond are deleted)
#: the local search's runs between the branch and cut's nodes: this share of its time, up to
#: these seconds, plus this share of all its time (these seconds, :data:`LOCAL_S` and
#: :data:`LOCAL_RESTART_S` were cut by three when the search's steps became 3× faster: the same
#: steps, less time; five instances of the 10,000 × 500 benchmark: 91.4 → 81.3 s in all, each faster)
TREE_LOCAL_FIRST_SHARE = 0.5
TREE_LOCAL_FIRST_S = 1.0
TREE_LOCAL_SHARE = 0.05
LOCAL_SLICE_S = 0.35  # … in runs this long
#: with the branch and cut to finish, the longest round of row generation: a longer round means
#: a hard proof, which the branch and cut makes faster than rounds without cuts (7 instances of
#: the 10,000 × 500 benchmark, seeds 200–502: 97.5 s in all at 4 s, 77.7 s at 0.75 s, 75.0 s
#: at 0.3 s, 74.3 s at 0.05 s, where the easiest slowed)
CUT_ROUND_S = 0.3
LOCAL_RESTART_S = 0.7  # longest run of the local search before it starts again with another seed


class Reduced:
    """A reduced set cover: ``matrix`` (rows × kept columns), the kept column ids, forced columns."""

    def __init__(self, matrix: sp.csr_matrix, columns: np.ndarray, forced: np.ndarray, rounds: int):
        self.matrix = matrix
        self.columns = columns
        self.forced = forced
        self.rounds = rounds


def _unique_row_positions(a: sp.csr_matrix) -> np.ndarray:
    """Return the positions of ``a``'s rows without repeats, in order (random projections as keys,
    then an exact check by sort)."""
    if a.shape[0] <= 1:
        return np.arange(a.shape[0])
    rng = np.random.default_rng(7)
    keys = np.column_stack([a @ rng.random(a.shape[1]), a @ rng.random(a.shape[1]), np.diff(a.indptr)])
    _, first = np.unique(keys, axis=0, return_index=True)
    return np.sort(first)


def _rows_touching(a: sp.csr_matrix, columns: np.ndarray) -> np.ndarray:
    """Return a mask of the rows of ``a`` with an entry in a column of the mask ``columns``."""
    return (a @ columns.astype(np.int32)) > 0


def _columns_touching(a: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """Return a mask of the columns of ``a`` with an entry in a row of the mask ``rows``."""
    return np.bincount(a[rows].indices, minlength=a.shape[1]) > 0


def _bitsets(sets: sp.csr_matrix) -> np.ndarray:
    """Return the rows of boolean ``sets`` (indices sorted) as bitsets: a (words, rows) uint64
    array, bit ``b`` of word ``w`` of row ``i`` set when column ``64 w + b`` is in row ``i``."""
    n, words = sets.shape[0], (sets.shape[1] + 63) // 64
    row = np.repeat(np.arange(n, dtype=np.int64), np.diff(sets.indptr))
    cell = row * words + sets.indices // 64  # non-decreasing: a row's columns are sorted
    bit = np.left_shift(np.uint64(1), (sets.indices % 64).astype(np.uint64))
    bits = np.zeros(n * words, dtype=np.uint64)
    if cell.size:
        first = np.flatnonzero(np.r_[True, np.diff(cell) != 0])
        bits[cell[first]] = np.bitwise_or.reduceat(bit, first)
    return np.ascontiguousarray(bits.reshape(n, words).T)


def _rarest_members(sets: sp.csr_matrix) -> np.ndarray:
    """Return each row's column held by the fewest rows (the first of them; -1 for an empty row)."""
    n = sets.shape[0]
    size = np.diff(sets.indptr)
    held = np.bincount(sets.indices, minlength=sets.shape[1])[sets.indices]
    row = np.repeat(np.arange(n), size)
    rarest = np.full(n, -1, dtype=np.int64)
    if held.size:
        nonempty = size > 0
        least = np.minimum.reduceat(held, sets.indptr[:-1][nonempty])
        at = np.flatnonzero(held == np.repeat(least, size[nonempty]))
        first = at[np.r_[True, np.diff(row[at]) != 0]]
        rarest[row[first]] = sets.indices[first]
    return rarest


def _candidate_blocks(sets: sp.csr_matrix, rarest: np.ndarray, among: np.ndarray | None):
    """Yield (sub, sup) blocks of about :data:`PAIRS_PER_BLOCK` row pairs where row ``sup`` holds
    row ``sub``'s rarest column, ``sub ≠ sup`` and ``sub`` is no larger (and in the mask ``among``,
    if given): every pair of a row within another is among them. Cheapest columns first (the
    fewest pairs)."""
    size = np.diff(sets.indptr)
    holders = sets.tocsc()  # column e: the rows holding it
    rows = np.flatnonzero((rarest >= 0) if among is None else (rarest >= 0) & among)
    rows = rows[np.argsort(rarest[rows], kind="stable")]
    groups = np.split(rows, np.flatnonzero(np.diff(rarest[rows])) + 1) if rows.size else []
    held = np.diff(holders.indptr)
    groups.sort(key=lambda g: g.size * held[rarest[g[0]]])
    pending, count = [], 0
    for group in groups:
        e = rarest[group[0]]
        sup = holders.indices[holders.indptr[e] : holders.indptr[e + 1]]
        step = max(1, PAIRS_PER_BLOCK // max(sup.size, 1))
        for start in range(0, group.size, step):
            part = group[start : start + step]
            a, b = np.repeat(part, sup.size), np.tile(sup, part.size)
            keep = (a != b) & (size[a] <= size[b])
            pending.append((a[keep], b[keep]))
            count += int(keep.sum())
            if count >= PAIRS_PER_BLOCK:
                yield np.concatenate([p[0] for p in pending]), np.concatenate([p[1] for p in pending])
                pending, count = [], 0
    if count:
        yield np.concatenate([p[0] for p in pending]), np.concatenate([p[1] for p in pending])


def _containments(sets: sp.csr_matrix, until: float, among: np.ndarray | None = None):
    """Yield (sub, sup) arrays of the row pairs of boolean ``sets`` whose row ``sub`` lies within
    row ``sup`` (``sub ≠ sup``, ``sub`` no larger, and in the mask ``among`` when given).

    A row within another shares its rarest column: only the pairs holding it are compared, on
    bitsets a word at a time, each pair dropped at the first word where ``sub`` has a column
    ``sup`` lacks (300 × 20,000, 590,000 entries: 0.42 s where counting every pair's overlap by a
    sparse product took 6.0 s; 92,973 × 5,000 rows: 5.7 s against 370 s). Blocks of pairs are
    compared while their estimated time ends before ``until``: the pairs not compared are not
    yielded (fewer found: still valid for the reductions).
    """
    if among is not None and not among.any():
        return
    sets = sp.csr_matrix(sets, dtype=bool)
    sets.sort_indices()
    words = (sets.shape[1] + 63) // 64
    if 8 * words * sets.shape[0] > BITSET_MAX_BYTES or time.perf_counter() + ENTRY_S * sets.nnz > until:
        return
    bits, rarest = _bitsets(sets), _rarest_members(sets)
    for sub, sup in _candidate_blocks(sets, rarest, among):
        if time.perf_counter() + PAIR_S * sub.size > until:
            return
        for word in bits:
            if not sub.size:
                break
            within = (word[sub] & ~word[sup]) == 0
            sub, sup = sub[within], sup[within]
        yield sub, sup


def _dominated_rows(a: sp.csr_matrix, until: float = float("inf"), among: np.ndarray | None = None) -> np.ndarray:
    """Return a mask of rows that contain another row's column set (strictly larger, or equal and later).

    Pairs are compared while their estimated time ends before ``until``; the rows not compared
    stay unmarked (fewer rows dropped: still valid). ``among``: only rows of this mask are
    looked at as the contained one (the others were, and have not changed since).
    """
    size = np.diff(a.indptr)
    drop = np.zeros(a.shape[0], dtype=bool)
    for sub, sup in _containments(a, until, among):
        drop[sup[(size[sub] < size[sup]) | (sub < sup)]] = True
    return drop


def _dominated_columns(a: sp.csr_matrix, until: float = float("inf"), among: np.ndarray | None = None) -> np.ndarray:
    """Return a mask of columns whose row set lies within another column's (ties: later one dropped).

    Pairs are compared while their estimated time ends before ``until`` (the others stay: still
    valid); empty columns are always dropped. ``among``: only columns of this mask are looked at
    as the contained one (the others were, and have not changed since).
    """
    columns = sp.csr_matrix(a.T)  # row j: the rows of column j
    size = np.diff(columns.indptr)
    drop = size == 0
    for sub, sup in _containments(columns, until, among):
        drop[sub[(size[sub] < size[sup]) | (sub > sup)]] = True
    return drop


def reduce_set_cover(a: sp.csr_matrix, *, max_rounds: int = 50, deadline: float | None = None) -> Reduced:
    """Return the reduced problem of covering every row of boolean ``a`` with the fewest columns.

    Every row must have at least one column (uncoverable rows are the caller's to remove). The
    dominance rules compare blocks of rows (columns) while their estimated time ends before
    ``deadline`` (``time.perf_counter`` seconds) and within :data:`REDUCTION_MAX_S`: what is left
    is still the same problem, only larger.
    """
    a = sp.csr_matrix(a, dtype=bool)
    columns = np.arange(a.shape[1])
    forced: list[np.ndarray] = []
    rounds = 0
    until = time.perf_counter() + REDUCTION_MAX_S
    until = until if deadline is None else min(until, deadline)
    columns_changed = True  # only dropping columns makes rows identical
    # a row (column) can come to lie within another only by losing a column (row) itself: the
    # rows (columns) looked at as the contained one are those not compared yet or changed since
    # (100,000 × 5,000, 5 % of pairs: 20.1 s to reduce in full, each round comparing every row)
    row_open, column_open = np.ones(a.shape[0], dtype=bool), np.ones(a.shape[1], dtype=bool)
    while rounds < max_rounds and a.shape[0] and a.shape[1]:
        if time.perf_counter() > until:
            break
        rounds += 1
        before = a.shape
        if columns_changed:
            kept = _unique_row_positions(a)
            a, row_open = a[kept], row_open[kept]
        dominated = _dominated_rows(a, until, among=row_open)
        if dominated.any():
            column_open |= _columns_touching(a, dominated)
            a = a[~dominated]
        row_open = np.zeros(a.shape[0], dtype=bool)
        dropped = _dominated_columns(a, until, among=column_open)
        columns_changed = bool(dropped.any())
        if columns_changed:
            row_open |= _rows_touching(a, dropped)
            a, columns = a[:, np.flatnonzero(~dropped)].tocsr(), columns[~dropped]
        column_open = np.zeros(a.shape[1], dtype=bool)
        single = np.flatnonzero(np.diff(a.indptr) == 1)
        if single.size:
            must = np.unique(a.indices[a.indptr[single]])
            forced.append(columns[must])
            is_must = np.zeros(a.shape[1], dtype=bool)
            is_must[must] = True
            covered = _rows_touching(a, is_must)
            column_open |= _columns_touching(a, covered)
            rest = np.setdiff1d(np.arange(a.shape[1]), must)
            a, columns = a[~covered][:, rest].tocsr(), columns[rest]
            row_open, column_open = row_open[~covered], column_open[rest]
            columns_changed = True
        if a.shape == before:
            break
    return Reduced(a, columns, np.concatenate(forced) if forced else np.zeros(0, np.int64), rounds)


def improved_cover(a: sp.csr_matrix, chosen: np.ndarray, *, csc: sp.csc_matrix | None = None) -> np.ndarray:
    """Return ``chosen`` without redundant columns (each dropped column's rows stay covered).

    ``csc``: ``a`` in CSC form, when the caller has it (a conversion of a large matrix costs
    more than the rest).
    """
    csc = a.tocsc() if csc is None else csc
    counts = cover_counts(csc, chosen)
    kept = []
    for j in sorted(chosen.tolist(), key=lambda j: csc.indptr[j + 1] - csc.indptr[j]):
        rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        if (counts[rows] > 1).all():
            counts[rows] -= 1
        else:
            kept.append(j)
    return np.array(sorted(kept), dtype=np.int64)


def greedy_cover(a: sp.csr_matrix, order: np.ndarray | None = None, *, csc: sp.csc_matrix | None = None) -> np.ndarray:
    """Return columns covering every row: the most newly covered rows first, or, given ``order``,
    each column in that order that covers a row still uncovered (``csc``: ``a`` in CSC form, when
    the caller has it)."""
    uncovered = np.ones(a.shape[0], dtype=bool)
    csc = a.tocsc() if csc is None else csc
    chosen = []
    if order is not None:
        for j in order:
            rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
            if uncovered[rows].any():
                chosen.append(int(j))
                uncovered[rows] = False
                if not uncovered.any():
                    break
        return np.array(chosen, dtype=np.int64)
    # each column's count of uncovered rows, updated by the rows each choice covers: O(nonzeros) in all
    gain = np.diff(csc.indptr).astype(np.int64)
    left = a.shape[0]
    while left:
        best = int(np.argmax(gain))
        rows = csc.indices[csc.indptr[best] : csc.indptr[best + 1]]
        newly = rows[uncovered[rows]]
        chosen.append(best)
        uncovered[newly] = False
        left -= newly.size
        gain -= np.bincount(_major_entries(a, newly), minlength=a.shape[1])
    return np.array(chosen, dtype=np.int64)


def _major_entries(a: sp.csr_matrix | sp.csc_matrix, major: np.ndarray) -> np.ndarray:
    """Return the minor indices of the nonzeros of ``major`` (rows of a CSR matrix, columns of a
    CSC one), all of them together."""
    starts, ends = a.indptr[major], a.indptr[major + 1]
    lengths = ends - starts
    offsets = np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    return a.indices[np.arange(lengths.sum()) + offsets]


def packing_bound(a: sp.csr_matrix) -> float:
    """Return a lower bound on the fewest columns covering every row of ``a``, in one pass.

    Each row gets 1 / (the most rows any of its columns covers): no column then collects more
    than 1, so the sum is a feasible dual of the LP (a fractional packing of rows) and bounds
    every cover from below; a count of columns is whole, so it is rounded up.
    """
    if a.shape[0] == 0:
        return 0.0
    return float(np.ceil(np.sum(_packing_multipliers(a)) - 1e-9))


def _packing_multipliers(a: sp.csr_matrix) -> np.ndarray:
    """Return each row's 1 / (the most rows any of its columns covers): a feasible dual of the LP."""
    column_size = np.bincount(a.indices, minlength=a.shape[1]).astype(np.float64)
    return 1.0 / np.maximum.reduceat(column_size[a.indices], a.indptr[:-1])


def lagrangian_bound(a: sp.csr_matrix, upper: float, until: float) -> float:
    """Return a lower bound on the fewest columns covering every row of ``a`` (each row holding
    one at least), by subgradient steps on the Lagrangian relaxation of the rows (Beasley 1990),
    until ``until``.

    For row multipliers ``u ≥ 0``, ``L(u) = Σ u + Σ_j min(0, 1 − Σ_{i in column j} u_i)`` bounds
    every cover from below. The search starts at :func:`packing_bound`'s multipliers (a feasible
    dual: ``L`` is their sum) and steps toward ``upper`` (a cover's size) along the rows left
    uncovered or covered more than once by the columns of negative reduced cost. A step starts
    only when one as long as the last (or, first, :data:`LAGRANGIAN_S_PER_ENTRY` a pair) ends
    before ``until``. The best ``L`` found, rounded up (a count of columns is whole), is returned.
    """
    if a.shape[0] == 0:
        return 0.0
    step_s = LAGRANGIAN_S_PER_ENTRY * a.nnz
    u = _packing_multipliers(a)
    best, factor, stall = float(u.sum()), 2.0, 0
    if time.perf_counter() + 2 * step_s > until:  # the setup and a step: no time
        return float(np.ceil(best - 1e-6))
    row_of = np.repeat(np.arange(a.shape[0], dtype=np.int32), np.diff(a.indptr))
    while time.perf_counter() + step_s < until and factor > LAGRANGIAN_MIN_STEP:
        began = time.perf_counter()
        reduced = 1.0 - np.bincount(a.indices, weights=u[row_of], minlength=a.shape[1])
        chosen = reduced < 0
        value = float(u.sum() + reduced[chosen].sum())
        if value > best + 1e-9:
            best, stall = value, 0
        else:
            stall += 1
            if stall >= LAGRANGIAN_STALL:
                factor, stall = factor / 2, 0
        if np.ceil(best - 1e-6) >= upper:
            break
        step = 1.0 - np.add.reduceat(chosen[a.indices].astype(np.float64), a.indptr[:-1])
        step[(u <= 0) & (step < 0)] = 0.0
        norm = float(step @ step)
        if norm == 0.0:  # u is optimal: its value is the LP's
            break
        u = np.maximum(u + factor * (upper - value) / norm * step, 0.0)
        step_s = time.perf_counter() - began
    return float(np.ceil(best - 1e-6))


def cover_counts(csc: sp.csc_matrix, open_: np.ndarray) -> np.ndarray:
    """Return, per row of ``csc`` (a 0/1 matrix in CSC form), how many of the columns ``open_`` hold it."""
    return np.bincount(_major_entries(csc, np.asarray(open_, dtype=np.int64)), minlength=csc.shape[0])


def covered_by(cover: sp.csr_matrix | sp.csc_matrix, open_: np.ndarray) -> np.ndarray:
    """Return a boolean per row: covered by at least one open column (CSC form: read from the
    open columns alone; CSR: a pass over every entry)."""
    if open_.size == 0:
        return np.zeros(cover.shape[0], dtype=bool)
    if cover.format == "csc":
        return cover_counts(cover, open_) > 0
    return np.asarray(cover[:, open_].sum(axis=1)).ravel() > 0


def odd_triple_cuts(a: sp.csr_matrix, x: np.ndarray, *, most: int = CUTS_PER_ROUND) -> sp.csr_matrix:
    """Return up to ``most`` cuts ``Σ_j ⌈n_j/2⌉ x_j ≥ 2`` from three rows of ``a`` that ``x`` violates
    by at least :data:`CUT_MIN_VIOLATION` (the most violated first; see :mod:`._cut_kernel`).

    Only rows with slack below :data:`CUT_SLACK_MAX` take part, one per pattern of the columns
    ``x`` uses (the least slack: a triple's violation depends on nothing else), at most
    :data:`CUT_PATTERNS_MAX` of them (the least slack).
    """
    from ._cut_kernel import violated_triples

    a = sp.csr_matrix(a, dtype=np.float64)
    slack = a @ x - 1.0
    used = np.flatnonzero(x > 1e-7)
    rows = np.flatnonzero(slack < CUT_SLACK_MAX)
    if rows.size < 3:
        return sp.csr_matrix((0, a.shape[1]))
    patterns = sp.csr_matrix(a[rows][:, used])
    key = patterns @ np.random.default_rng(3).random(used.size)  # one pattern, one key (exact check below)
    order = np.lexsort((slack[rows], key))
    first = np.r_[True, np.diff(key[order]) > 1e-9 * np.maximum(1.0, np.abs(key[order][1:]))]
    kept = rows[order[first]]
    if kept.size > CUT_PATTERNS_MAX:  # the search's overlaps are a dense square: the least slack ones
        kept = kept[np.argsort(slack[kept], kind="stable")[:CUT_PATTERNS_MAX]]
    patterns = sp.csr_matrix(a[kept][:, used])
    patterns.sort_indices()
    triples, cost = violated_triples(
        patterns.indptr, patterns.indices, x[used], slack[kept], limit=1.0 - 2.0 * CUT_MIN_VIOLATION, most=CUT_SEARCH_MOST
    )  # fmt: skip
    if triples.shape[0] == 0:
        return sp.csr_matrix((0, a.shape[1]))
    triples, first_seen = np.unique(np.sort(triples, axis=1), axis=0, return_index=True)
    picked = kept[triples[np.argsort(cost[first_seen], kind="stable")[:most]]]
    cuts = sp.csr_matrix(a[picked[:, 0]] + a[picked[:, 1]] + a[picked[:, 2]])
    cuts.data = np.ceil(cuts.data / 2.0)
    violated = cuts @ x < 2.0 - CUT_MIN_VIOLATION  # the sums above were over ``used``: checked on every column
    return cuts[np.flatnonzero(violated)]


class _Cover:
    """A set cover's LP kept in HiGHS, its branch and bound, and LP-guided rounding."""

    def __init__(self, a: sp.csr_matrix, deadline: float | None, *, lp_until: float | None = None):
        g, k = a.shape
        self.a, self.k = a, k
        self.solved, self.root, self.purged = False, 0.0, False
        lp_until = deadline if lp_until is None else lp_until
        left = None if lp_until is None else lp_until - time.perf_counter()
        if not fits_in_time(a.nnz, left, integer=False):  # HiGHS would overrun the limit setting it up
            return
        self.h = lp_model(np.ones(k), a, np.ones(g), np.full(g, np.inf), np.zeros(k), np.ones(k))
        run_within(self.h, lp_until)
        self.solved = self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        self.root = float(self.h.getInfo().objective_function_value) if self.solved else 0.0

    def row_duals(self) -> np.ndarray:
        return np.asarray(self.h.getSolution().row_dual)

    def rounded(self, x: np.ndarray) -> np.ndarray:
        """Return a cover from the columns by decreasing LP value, without redundant ones."""
        return improved_cover(self.a, greedy_cover(self.a, np.argsort(-x, kind="stable")))

    def add_cuts(self, x: np.ndarray) -> int:
        """Add to the LP the rows of the cover ``x`` leaves uncovered (after :meth:`purge`), else the
        odd-triple cuts it violates; return how many rows were added."""
        y = x[: self.k]
        if self.purged:
            uncovered = np.flatnonzero(self.a @ y < 1.0 - 1e-6)
            if uncovered.size:
                return self._add_rows(sp.csr_matrix(self.a[uncovered], dtype=np.float64), 1.0)
        return self._add_rows(odd_triple_cuts(self.a, y), 2.0)

    def _add_rows(self, rows: sp.csr_matrix, level: float) -> int:
        if rows.shape[0]:
            self.h.addRows(
                int(rows.shape[0]), np.full(rows.shape[0], level), np.full(rows.shape[0], highspy.kHighsInf),
                int(rows.nnz), rows.indptr[:-1].astype(np.int32), rows.indices.astype(np.int32),
                rows.data.astype(np.float64),
            )  # fmt: skip
        return int(rows.shape[0])

    def purge(self, deadline: float | None) -> None:
        """Delete every row whose slack is basic (cover rows too: :meth:`add_cuts` adds back those an
        answer leaves uncovered, so each node's LP still covers every row)."""
        delete_rows(self.h, slack_rows(self.h, 0))
        self.purged = True
        run_within(self.h, deadline)

    def cut_root(self, deadline: float | None) -> None:
        """Add rounds of odd-triple cuts at the root until none is violated (or :data:`ROOT_CUT_ROUNDS`)."""
        for _ in range(ROOT_CUT_ROUNDS):
            if deadline is not None and time.perf_counter() >= deadline:
                return
            if not self.add_cuts(np.asarray(self.h.getSolution().col_value)):
                return
            run_within(self.h, deadline)
            if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return
            self.root = max(self.root, float(self.h.getInfo().objective_function_value))

    def tree(self, *, cuts: bool = False, **options) -> BranchAndBound:
        """Return the branch and bound over this LP (``cuts``: with odd-triple cuts, and the cover's
        rows after :meth:`purge`, added at its nodes)."""
        if cuts:
            options |= {
                "separate": self.add_cuts, "cut_start": 0 if self.purged else self.a.shape[0],
                "rows_per_column": CUT_ROWS_PER_COLUMN, "cut_rounds": NODE_CUT_ROUNDS, "reliable": CUT_RELIABLE,
                "dive_depth": CUT_DIVE_DEPTH,
            }  # fmt: skip
        return BranchAndBound(
            self.h, self.k, price=lambda c: float(len(c)), integral=True, heuristic=self.rounded, **options
        )


def solve_set_cover(
    a: sp.csr_matrix, start: np.ndarray, *, deadline: float | None, csc: sp.csc_matrix | None = None
) -> tuple[np.ndarray, float, str]:
    """Return (columns, lower bound, status) of the fewest columns covering every row of ``a``.

    1. The LP gives a bound (rounded up); a short dive of the branch and bound toward the
       columns the LP leans to (largest value first) gives a cover, often one at the bound; if
       not, the row-weighting local search (:mod:`._setcover_kernel`, :data:`LOCAL_S` seconds)
       looks for a smaller one. When it is not :func:`._compiled.usable` (not compiled yet and
       too little time left to compile it), a longer dive instead.
    2. Row generation: only the rows the LP holds tight are kept, reduced, and solved exactly
       by the branch and bound (:class:`._branch.BranchAndBound`) asking for a cover smaller than
       the best; every row left out can only lower the optimum, so "none smaller" proves the
       best optimal, and a smaller cover of the kept rows that covers every row is optimal too.
       Rows it leaves uncovered are added and the loop goes on; once rounds whose kept rows
       have a cover one smaller than the best have taken :data:`PROBE_S` seconds, the local
       search, then HiGHS's MILP with the bound as a row, look as long for such a cover of every
       row (the searches share the time: cheap rounds settle the question before the MILP is asked).
    3. Once the kept rows are :data:`ROW_SHARE` of all, or row generation has used its share of
       the time, the branch and cut on every row (:func:`_branch_and_cut`: odd-triple cuts, rows
       added as answers leave them uncovered, reliability branching) takes the time left, the
       local search looking for a smaller cover in runs between its nodes
       (:func:`_tree_local_seconds`). Without the compiled cut search (not cached
       and too little time to compile it), HiGHS's MILP instead, from the best cover, with the
       bound proven so far as a row (Σx ≥ bound: it only has to find a cover that small), after
       :data:`FINAL_LOCAL_SHARE` of the local search.

    ``status`` is ``optimal`` (bound = size), ``time_limit`` or ``feasible``. ``csc``: ``a`` in
    CSC form, when the caller has it (made once here otherwise).
    """
    csc = a.tocsc() if csc is None else csc
    best = improved_cover(a, np.asarray(start, dtype=np.int64), csc=csc)
    lp_until = None if deadline is None else time.perf_counter() + LP_SHARE * max(deadline - time.perf_counter(), 0.0)
    full = _Cover(a, deadline, lp_until=lp_until)
    if not full.solved:  # no time for the LP: a Lagrangian bound, then the local search take what is left
        left = 0.0 if deadline is None else max(deadline - time.perf_counter(), 0.0)  # (no limit: the LP failed)
        bound_until = time.perf_counter() + LAGRANGIAN_SHARE * left
        floor = max(packing_bound(a), lagrangian_bound(a, float(best.size), bound_until))
        seconds = 0.0 if deadline is None else 0.9 * (deadline - time.perf_counter()) - FINISH_S_PER_PAIR * a.nnz
        searched = _local_search(a, best, int(floor), seconds, deadline, csc=csc) if seconds > 0 else None
        return (best if searched is None else searched), floor, "time_limit"
    lower = float(np.ceil(full.root - 1e-6))
    if lower >= best.size:
        return best, lower, "optimal"
    rows = np.flatnonzero(full.row_duals() > 1e-9)
    local = _time_for_local_search(a, deadline)
    dive_until = time.perf_counter() + DIVE_S if deadline is None else min(deadline, time.perf_counter() + DIVE_S)
    dived = full.tree(depth_first=True, branch_on_largest=True)
    found = dived.search(full.root, best, float(best.size), dive_until, max_nodes=FIRST_DIVE_NODES if local else DIVE_NODES)
    best = np.asarray(found.best, dtype=np.int64)
    if best.size > lower:
        searched = _local_search(a, best, int(lower), LOCAL_S, deadline, csc=csc)
        best = best if searched is None else searched
    cuts = usable("_cut_kernel", deadline)
    kept_optimum, short_s, probe_s, searches = 0.0, 0.0, PROBE_S, 0
    began = round_began = time.perf_counter()
    budget = ROW_BUDGET_S if deadline is None else ROW_BUDGET_SHARE * max(deadline - began, 0.0)
    rows_until = began + budget
    while rows.size <= ROW_SHARE * a.shape[0] and time.perf_counter() < rows_until:
        if lower >= best.size:
            return best, lower, "optimal"
        until = rows_until if deadline is None else min(rows_until, deadline)
        if cuts:  # a round that long means a hard proof: the branch and cut takes it over
            until = min(until, time.perf_counter() + CUT_ROUND_S)
        chosen, status, sub_bound = _smaller_cover_of(a[rows], best.size, kept_optimum, until)
        if status != "optimal":  # out of the rows' time: the kept rows' bound holds for all
            lower = max(lower, sub_bound)
            break
        if chosen is None:  # no cover of the kept rows is smaller than the best
            return best, float(best.size), "optimal"
        kept_optimum = float(chosen.size)  # rows are only added: no later round's optimum is smaller
        lower = max(lower, kept_optimum)
        left = np.flatnonzero(~covered_by(csc, chosen))
        if left.size == 0:
            return chosen, lower, "optimal"
        repaired = improved_cover(a, np.union1d(chosen, greedy_cover(a[left])), csc=csc)
        if repaired.size < best.size:
            best = repaired
        rows = np.union1d(rows, left)
        now = time.perf_counter()
        short_s = short_s + (now - round_began) if lower >= best.size - 1 else 0.0
        round_began = now
        if short_s >= probe_s:  # the kept rows have long had covers one smaller: look for one
            searches += 1
            searched = _local_search(a, best, best.size - 1, probe_s, deadline, seed=searches, csc=csc)
            if searched is not None and searched.size < best.size:
                best = searched
                continue
            if cuts:  # the rounds have stalled one column above the best: the branch and cut settles it
                break
            probe_until = time.perf_counter() + probe_s
            best, bound, _ = _milp_cover(a, best, lower, probe_until if deadline is None else min(deadline, probe_until))
            lower = max(lower, bound)
            short_s, probe_s = 0.0, 2 * probe_s
            round_began = time.perf_counter()
    if lower >= best.size:
        return best, lower, "optimal"
    if not cuts and lower >= best.size - 1 and deadline is not None:  # one column fewer proves it: look first
        share = FINAL_LOCAL_SHARE
        searched = _restarted_local_search(
            a, best, share * (deadline - time.perf_counter()), deadline, seed=100 * (searches + 1), csc=csc
        )
        if searched is not None and searched.size < best.size:
            best = searched
            if lower >= best.size:
                return best, lower, "optimal"
    return _branch_and_cut(full, best, lower, deadline, csc=csc) if cuts else _milp_cover(a, best, lower, deadline)


def _branch_and_cut(full: _Cover, best: np.ndarray, lower: float, deadline: float | None, *, csc: sp.csc_matrix):
    """Return (columns, bound, status): a cover smaller than ``best`` or the proof that none is.

    The LP of every row (``full``, its columns freed again) gains rounds of odd-triple cuts,
    then loses every row with basic slack; the branch and bound then adds back, at each node,
    the rows its answer leaves uncovered (so each node's LP covers every row) and the
    odd-triple cuts it violates, while the local search looks for a cover smaller than the best
    (the tree proves well but finds slowly): on a second core all along
    (:class:`_SearchAlongside`), or with one core in runs between the tree's nodes
    (:func:`_local_search_slices`). ``lower`` is a bound proven before; ``csc``: the rows in CSC form.
    """
    k = full.k
    full.h.changeColsBounds(k, np.arange(k, dtype=np.int32), np.zeros(k), np.ones(k))
    run_within(full.h, deadline)
    if full.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return best, lower, "time_limit"
    full.cut_root(deadline)
    full.purge(deadline)
    if full.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return best, lower, "time_limit"
    lower = max(lower, float(np.ceil(full.root - 1e-6)))
    if lower >= best.size:
        return best, lower, "optimal"
    alongside = None
    if not _time_for_local_search(full.a, deadline):
        tree = full.tree(cuts=True)
    elif _cores() >= 2:  # the local search on the second core, all the time the tree runs
        alongside = _SearchAlongside(full.a, deadline, csc=csc)
        tree = full.tree(cuts=True, improve=alongside.improve, improve_seconds=lambda elapsed_s: np.inf)
    else:  # one core: runs of it between the tree's nodes
        tree = full.tree(cuts=True, improve=_local_search_slices(full.a, deadline, csc=csc), improve_seconds=_tree_local_seconds)
    try:
        found = tree.search(full.root, best, float(best.size), deadline, floor=lower)
    finally:
        if alongside is not None:
            alongside.close()
    if found.best is not None and len(found.best) < best.size:
        best = np.asarray(found.best, dtype=np.int64)
        if not covered_by(csc, best).all():  # each whole node took back every row it left uncovered
            raise RuntimeError("internal check failed: the branch and cut returned a set that is not a cover")
    if found.status == "optimal":
        return best, float(best.size), "optimal"
    return best, max(lower, float(np.ceil(found.bound - 1e-6))), "time_limit"


def _tree_local_seconds(elapsed_s: float) -> float:
    """Return the seconds the local search may have taken, its next run included, by ``elapsed_s``
    seconds into the branch and cut: :data:`TREE_LOCAL_FIRST_SHARE` of the time up to
    :data:`TREE_LOCAL_FIRST_S` seconds (a smaller cover, when there is one, is most often found
    early), plus :data:`TREE_LOCAL_SHARE` of all of it; a run of :data:`LOCAL_SLICE_S` starts once it fits (a
    tree that proves the best cover within a second or two runs none)."""
    allowed = min(TREE_LOCAL_FIRST_SHARE * elapsed_s, TREE_LOCAL_FIRST_S) + TREE_LOCAL_SHARE * elapsed_s
    return allowed - LOCAL_SLICE_S


def _cores() -> int:
    """Return the number of CPU cores this process may run on: those it is bound to, or fewer
    when ``OMP_NUM_THREADS`` says so (dask's workers set it to 1, one task a core: a search
    thread there would share a core with another worker's task)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    told = os.environ.get("OMP_NUM_THREADS", "").strip()
    return min(cores, int(told)) if told.isdigit() and int(told) > 0 else cores


class _SearchAlongside:
    """The local search on a second core while the branch and cut runs on the first.

    A thread runs :func:`_local_search` from the best cover known, looking for one column fewer,
    in the runs of :func:`_local_search_slices`, back to back (the compiled search runs without
    Python's lock, the tree's LPs too). The tree hands it its best cover and takes the search's through
    :meth:`improve`, between nodes; :meth:`close` stops the run under way (at its next clock read)
    and waits for the thread. Why: on seed 4110 of the 10,000 × 500 benchmark, a run from a
    28-site cover finds one of 27 in 2 to 7 of 16 runs, by start; with the tree's time-sliced
    runs (:func:`_tree_local_seconds`) 2 of 14 solves took 39 s instead of 1–4 s (none of 19 with
    the thread). Proofs, where there is no smaller cover to find, take as long as with the slices
    (the cores' contention costs what the slices did: 302's tree of 434 nodes 34.3 s against
    34.2 s, mean of three); ten other instances (seeds 600–609) 188.3 s in all against 194.3 s.
    """

    def __init__(self, a: sp.csr_matrix, deadline: float | None, *, csc: sp.csc_matrix):
        from ._setcover_kernel import load

        load()  # in the caller's thread, before the search's: a first compile's warnings are filtered there
        self._a, self._deadline, self._csc = a, deadline, csc
        self._lock = threading.Lock()
        self._best: np.ndarray | None = None  # the smallest cover known, the tree's or the search's
        self._stop = np.zeros(1, dtype=np.bool_)  # read by the compiled search with its clock
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="carefac-set-cover-search", daemon=True)
        self._started = False

    def improve(self, best: np.ndarray | None) -> np.ndarray | None:
        """Take the tree's ``best`` cover; return a smaller one the search found, else ``None``."""
        self._raise_error()
        if best is None:
            return None
        with self._lock:
            if self._best is None or best.size < self._best.size:
                self._best = best
            found = self._best
        if not self._started and not self._stop[0]:
            self._started = True
            self._thread.start()
        return found if found.size < best.size else None

    def close(self) -> None:
        """Stop the search and wait for its thread; raise what it raised, if anything."""
        self._stop[0] = True
        if self._thread.is_alive():
            self._thread.join()
        self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        try:
            run = _local_search_slices(self._a, self._deadline, csc=self._csc, stop=self._stop)
            while not self._stop[0] and (self._deadline is None or time.perf_counter() < self._deadline):
                with self._lock:
                    best = self._best
                found = run(best)
                if found is None:
                    return
                with self._lock:
                    if found.size < self._best.size:
                        self._best = found
        except BaseException as error:  # handed to the tree's thread at its next call
            self._error = error


def _local_search_slices(
    a: sp.csr_matrix, deadline: float | None, *, csc: sp.csc_matrix, stop: np.ndarray | None = None
):  # fmt: skip
    """Return a search for a cover one column smaller than the one it is given, each call a
    run of the local search of :data:`LOCAL_SLICE_S` seconds with a seed of its own, its row
    weights afresh (runs between the branch and cut's nodes, or back to back in
    :class:`_SearchAlongside`, whose ``stop`` flag ends a run). Restarts pay here: on seed 301
    of the 10,000 × 500 benchmark, a 29-site cover was found within 12 s by 5 of 6 series of 1 s
    runs, 3 of 6 series of 1 s runs that kept their weights and 2 of 6 single runs."""
    runs = itertools.count(1000)

    def improve(best: np.ndarray | None) -> np.ndarray | None:
        if best is None:
            return None
        return _local_search(a, best, best.size - 1, LOCAL_SLICE_S, deadline, seed=next(runs), csc=csc, stop=stop)

    return improve


def _time_for_local_search(a: sp.csr_matrix, deadline: float | None) -> bool:
    """Return whether the local search is worth running on ``a`` (rows × columns from
    :data:`LOCAL_FROM_ENTRIES`) and may run before ``deadline`` (compiled, cached or time to
    compile it)."""
    return a.shape[0] * a.shape[1] >= LOCAL_FROM_ENTRIES and usable("_setcover_kernel", deadline)


def _local_search(
    a: sp.csr_matrix, best: np.ndarray, target: int, seconds: float, deadline: float | None, *, seed: int = 0,
    csc: sp.csc_matrix | None = None, stop: np.ndarray | None = None,
):  # fmt: skip
    """Return the smallest cover the row-weighting local search finds from ``best`` in about
    ``seconds`` (it stops at ``target`` columns, or once another thread sets ``stop[0]``), or
    ``None`` when too little time is left to run it. Each call of a solve has its own ``seed``:
    from the same cover, the same seed would retrace the same steps.

    The search reads the clock itself (its steps' cost changes as it goes: dropping columns
    from a large cover is cheap, steps one column below the best are not).
    """
    if not _time_for_local_search(a, deadline):
        return None
    from ._setcover_kernel import load, smaller_cover

    load()
    began = time.perf_counter()
    until = began + seconds if deadline is None else min(began + seconds, deadline)
    csc = a.tocsc() if csc is None else csc
    found, _ = smaller_cover(a, best, target=target, max_steps=2**62, until=until, seed=seed, csc=csc, stop=stop)
    if not covered_by(csc, found).all():  # the search keeps covers only: a failure here is a bug
        raise RuntimeError("internal check failed: the local search returned a set that is not a cover")
    return found if found.size < best.size else best


def _restarted_local_search(
    a: sp.csr_matrix, best: np.ndarray, seconds: float, deadline: float | None, *, seed: int,
    csc: sp.csc_matrix | None = None,
):  # fmt: skip
    """Return the best cover runs of the local search find from ``best`` in about ``seconds``, looking
    for one column fewer: runs of :data:`LOCAL_RESTART_S` seconds, each with its own seed (a new run
    leaves the row weights where the last one got stuck; on seed 301 of the 10,000 × 500 benchmark
    a second 1.3 s run found the cover a first 1.8 s run missed), or ``None`` when none may run.
    """
    until = time.perf_counter() + seconds
    found, run = None, 0
    while found is None or found.size >= best.size:
        left = until - time.perf_counter()
        if left <= 0 or (run and left <= 0.1 * LOCAL_RESTART_S):  # a new run needs a few steps' time
            break
        searched = _local_search(a, best, best.size - 1, min(left, LOCAL_RESTART_S), deadline, seed=seed + run, csc=csc)
        if searched is None:
            break
        found, run = searched, run + 1
    return found


def _smaller_cover_of(rows: sp.csr_matrix, size: int, floor: float, deadline: float | None):
    """Return (a cover of ``rows`` with fewer than ``size`` columns and the fewest, or ``None``;
    status; bound) by the reductions and the branch and bound; ``floor`` is a proven bound."""
    kept = reduce_set_cover(rows)
    forced = kept.forced.size
    if kept.matrix.shape[0] == 0:
        return (kept.forced if forced < size else None), "optimal", float(forced)
    sub = _Cover(sp.csr_matrix(kept.matrix), deadline)
    if not sub.solved:
        return None, "time_limit", float(forced)
    result = sub.tree(dive_depth=SUB_DIVE_DEPTH).search(
        sub.root, None, float(size - forced), deadline, floor=floor - forced
    )
    found = None if result.best is None else np.union1d(kept.forced, kept.columns[result.best]).astype(np.int64)
    return found, result.status, result.bound + forced


def _milp_cover(a: sp.csr_matrix, best: np.ndarray, lower: float, deadline: float | None):
    """Finish by HiGHS's MILP on every row from the best cover; return (columns, bound, status)."""
    g, k = a.shape
    start = np.zeros(k)
    start[best] = 1.0
    left = None if deadline is None else max(deadline - time.perf_counter(), 0.01)
    # every cover has at least ``lower`` columns: as a row it lifts HiGHS's LP bound to it
    matrix = sp.vstack([a.astype(float), sp.csr_matrix(np.ones((1, k)))]).tocsc()
    solution = solve_milp(
        np.ones(k), matrix, np.r_[np.ones(g), lower], np.full(g + 1, np.inf), np.zeros(k), np.ones(k),
        np.ones(k, dtype=bool), time_limit_s=left, start=start, mip_abs_gap=0.999,
    )  # fmt: skip
    if solution.x is not None:
        found = np.flatnonzero(solution.x > 0.5)
        if found.size < best.size and covered_by(a, found).all():
            best = found
    bound = max(lower, float(np.ceil(solution.bound - 1e-6))) if np.isfinite(solution.bound) else lower
    return best, bound, "optimal" if bound >= best.size else solution.status
