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
    "odd_triple_cuts",
    "packing_bound",
    "reduce_set_cover",
    "solve_set_cover",
]

_BLOCK_ROWS = 2048  # rows whose overlaps with every row are counted at once (sparse product)
_BLOCK_ELEMENTS = 4_000_000  # … or whose overlap counts fill this many entries (dense product)
#: estimated seconds per multiplication of the overlap counts (scipy's sparse product; BLAS float32):
#: measured 5–7 ns sparse (100,000 × 5,000 at 5 %), rounded for a busy machine
SPARSE_S_PER_PRODUCT = 6e-9
DENSE_S_PER_PRODUCT = 1e-10
#: … and of setting up a product: per cell made dense (float32), per entry transposed (measured at
#: 100,000 × 5,000 with 100 M entries: 3.0 s for the dense copies, 1.6 s per transpose)
DENSE_S_PER_CELL = 6e-9
SPARSE_S_PER_ENTRY = 1.6e-8
FINISH_S_PER_PAIR = 2e-8  # seconds per pair the caller takes after the search (coverage and nearest sites)
REDUCTION_MAX_S = 20.0  # longest the dominance rules may take, limit or not (they only shrink the problem)
DENSE_FROM = 0.1  # share of nonzero entries from which overlaps are counted densely (BLAS: 20× faster at 0.5)
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


def _unique_rows(a: sp.csr_matrix) -> sp.csr_matrix:
    """Return ``a`` without repeated rows (random projections as keys, then exact check by sort)."""
    if a.shape[0] <= 1:
        return a
    rng = np.random.default_rng(7)
    keys = np.column_stack([a @ rng.random(a.shape[1]), a @ rng.random(a.shape[1]), np.diff(a.indptr)])
    _, first = np.unique(keys, axis=0, return_index=True)
    return a[np.sort(first)]


def _overlaps(left: sp.spmatrix, right, *, dense: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (i, k, |row i of left ∩ column k of right|) for every pair that shares an entry (0/1 matrices).

    ``dense``: counted by a dense product (``right`` sparse, or dense float32 already).
    """
    if dense:
        right = right.astype(np.float32).toarray() if sp.issparse(right) else right
        product = left.astype(np.float32).toarray() @ right  # whole counts: exact
        i, k = np.nonzero(product)
        return i, k, product[i, k].astype(np.int64)
    shared = (left.astype(np.int32) @ right.astype(np.int32)).tocoo()
    return shared.row, shared.col, shared.data.astype(np.int64)


def _dense(a: sp.spmatrix) -> bool:
    return a.nnz > DENSE_FROM * a.shape[0] * a.shape[1]


def _product_seconds(
    left: sp.csr_matrix, right_row_sizes: np.ndarray, right_columns: int, *, dense: bool
) -> np.ndarray:
    """Return the estimated seconds of :func:`_overlaps` for each row of ``left`` (``right``'s row
    ``j`` has ``right_row_sizes[j]`` entries and the product ``right_columns`` columns)."""
    if dense:
        return np.full(left.shape[0], DENSE_S_PER_PRODUCT * left.shape[1] * right_columns)
    products = right_row_sizes[left.indices].astype(np.float64)
    per_row = np.zeros(left.shape[0])
    nonempty = np.diff(left.indptr) > 0
    per_row[nonempty] = np.add.reduceat(products, left.indptr[:-1][nonempty]) if products.size else 0.0
    return SPARSE_S_PER_PRODUCT * per_row


def _a_block_may_fit(inner_sizes: np.ndarray, block: int, rows: int, until: float, *, dense: bool) -> bool:
    """Return whether the setup and an average block of ``block`` rows of a ``rows`` × ``rows``
    overlap count may end before ``until`` (``inner_sizes``: the entries of each index the product
    sums over), before anything is set up for it."""
    entries = float(inner_sizes.sum())
    if dense:
        seconds = DENSE_S_PER_PRODUCT * min(block, rows) * inner_sizes.size * rows
        setup = DENSE_S_PER_CELL * inner_sizes.size * rows
    else:
        share = min(block, rows) / max(rows, 1)
        seconds = SPARSE_S_PER_PRODUCT * share * float(np.sum(inner_sizes.astype(np.float64) ** 2))
        setup = SPARSE_S_PER_ENTRY * entries
    return time.perf_counter() + setup + seconds <= until


def _blocks_in_time(seconds: np.ndarray, block: int, until: float):
    """Yield (start, stop) of consecutive blocks of rows whose estimated ``seconds`` end before ``until``."""
    for start in range(0, seconds.size, block):
        stop = min(start + block, seconds.size)
        if time.perf_counter() + float(seconds[start:stop].sum()) > until:
            return
        yield start, stop


def _dominated_rows(a: sp.csr_matrix, until: float = float("inf")) -> np.ndarray:
    """Return a mask of rows that contain another row's column set (strictly larger, or equal and later).

    Blocks of rows are compared while their estimated time ends before ``until``; the rows not
    compared stay unmarked (fewer rows dropped: still valid).
    """
    n = a.shape[0]
    size = np.diff(a.indptr).astype(np.int64)
    dense = _dense(a)
    block = max(1, _BLOCK_ELEMENTS // max(n, 1)) if dense else _BLOCK_ROWS
    drop = np.zeros(n, dtype=bool)
    column_size = np.bincount(a.indices, minlength=a.shape[1])
    if not _a_block_may_fit(column_size, block, n, until, dense=dense):
        return drop
    seconds = _product_seconds(a, column_size, n, dense=dense)
    at = None
    for start, stop in _blocks_in_time(seconds, block, until):
        if at is None:
            at = a.T.astype(np.float32).toarray() if dense else a.T.tocsc()
        i, k, shared = _overlaps(a[start:stop], at, dense=dense)  # rows i of the block
        i = i + start  # candidate dominated row (the superset); k the subset row
        full = (shared == size[k]) & (i != k) & ((size[k] < size[i]) | (k < i))
        drop[i[full]] = True
    return drop


def _dominated_columns(a: sp.csr_matrix, until: float = float("inf")) -> np.ndarray:
    """Return a mask of columns whose row set lies within another column's (ties: later one dropped).

    Blocks of columns are compared while their estimated time ends before ``until`` (the others
    stay: still valid); empty columns are always dropped.
    """
    dense = _dense(a)
    block = max(1, _BLOCK_ELEMENTS // max(a.shape[1], 1)) if dense else _BLOCK_ROWS
    drop = np.bincount(a.indices, minlength=a.shape[1]) == 0  # empty columns: always dropped
    if not _a_block_may_fit(np.diff(a.indptr), block, a.shape[1], until, dense=dense):
        return drop
    csc = a.tocsc()
    size = np.diff(csc.indptr).astype(np.int64)
    columns = sp.csr_matrix(csc.T)  # row j: the rows of column j
    seconds = _product_seconds(columns, np.diff(a.indptr), a.shape[1], dense=dense)
    right = None
    for start, stop in _blocks_in_time(seconds, block, until):
        if right is None:
            right = csc.astype(np.float32).toarray() if dense else csc
        j, k, shared = _overlaps(columns[start:stop], right, dense=dense)  # |rows(j) ∩ rows(k)|
        j = j + start
        within = (shared == size[j]) & (j != k) & ((size[j] < size[k]) | (j > k))
        drop[j[within]] = True
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
    while rounds < max_rounds and a.shape[0] and a.shape[1]:
        if time.perf_counter() > until:
            break
        rounds += 1
        before = a.shape
        if columns_changed:
            a = _unique_rows(a)
        dominated = _dominated_rows(a, until)
        if dominated.any():
            a = a[~dominated]
        keep = ~_dominated_columns(a, until)
        columns_changed = not keep.all()
        if columns_changed:
            a, columns = a[:, np.flatnonzero(keep)].tocsr(), columns[keep]
        single = np.flatnonzero(np.diff(a.indptr) == 1)
        if single.size:
            must = np.unique(a.indices[a.indptr[single]])
            forced.append(columns[must])
            covered = np.asarray(a[:, must].sum(axis=1)).ravel() > 0
            rest = np.setdiff1d(np.arange(a.shape[1]), must)
            a, columns = a[~covered][:, rest].tocsr(), columns[rest]
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
    column_size = np.bincount(a.indices, minlength=a.shape[1]).astype(np.float64)
    largest = np.maximum.reduceat(column_size[a.indices], a.indptr[:-1])
    return float(np.ceil(np.sum(1.0 / largest) - 1e-9))


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

    def __init__(self, a: sp.csr_matrix, deadline: float | None):
        g, k = a.shape
        self.a, self.k = a, k
        self.solved, self.root, self.purged = False, 0.0, False
        left = None if deadline is None else deadline - time.perf_counter()
        if not fits_in_time(a.nnz, left, integer=False):  # HiGHS would overrun the limit setting it up
            return
        self.h = lp_model(np.ones(k), a, np.ones(g), np.full(g, np.inf), np.zeros(k), np.ones(k))
        run_within(self.h, deadline)
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
    full = _Cover(a, deadline)
    if not full.solved:  # no time for the LP: the local search takes what is left
        floor = packing_bound(a)
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
    """Return the number of CPU cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


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
