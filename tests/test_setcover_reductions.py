"""Set-cover reductions against their definitions and against brute force, counted sparsely and densely."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
import scipy.sparse as sp

import carefac.optimize._setcover as setcover


def random_cover(seed: int, density: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.random((14, 7)) < density
    a[np.arange(14), rng.integers(0, 7, 14)] = True  # every row coverable
    a[3] = a[5]  # a repeated row
    return a


def smallest_cover(a: np.ndarray) -> int:
    for size in range(a.shape[1] + 1):
        if any(a[:, list(c)].any(axis=1).all() for c in itertools.combinations(range(a.shape[1]), size)):
            return size
    raise AssertionError("not coverable")


@pytest.fixture(params=["sparse", "dense"])
def counting(request, monkeypatch):
    monkeypatch.setattr(setcover, "DENSE_FROM", 2.0 if request.param == "sparse" else -1.0)
    return request.param


@pytest.mark.parametrize("seed", range(12))
def test_dominance_masks_match_their_definitions(seed, counting):
    a = random_cover(seed, 0.2 + 0.05 * seed)
    rows = [frozenset(np.flatnonzero(r)) for r in a]
    expected_rows = [
        any(rows[k] <= rows[i] and k != i and (len(rows[k]) < len(rows[i]) or k < i) for k in range(len(rows)))
        for i in range(len(rows))
    ]
    cols = [frozenset(np.flatnonzero(c)) for c in a.T]
    expected_cols = [
        not cols[j]
        or any(cols[j] <= cols[k] and k != j and (len(cols[j]) < len(cols[k]) or j > k) for k in range(len(cols)))
        for j in range(len(cols))
    ]
    matrix = sp.csr_matrix(a)
    assert setcover._dominated_rows(matrix).tolist() == expected_rows
    assert setcover._dominated_columns(matrix).tolist() == expected_cols


@pytest.mark.parametrize("seed", range(12))
def test_reductions_keep_the_optimum(seed, counting):
    a = random_cover(seed, 0.15 + 0.05 * seed)
    reduced = setcover.reduce_set_cover(sp.csr_matrix(a))
    rest = reduced.matrix.toarray()
    assert reduced.forced.size + (smallest_cover(rest) if rest.shape[0] else 0) == smallest_cover(a)


def test_reductions_stop_at_their_deadline():
    a = sp.csr_matrix(random_cover(0, 0.5))
    reduced = setcover.reduce_set_cover(a, deadline=time.perf_counter() - 1.0)
    assert reduced.rounds == 0 and reduced.matrix.shape == a.shape
    assert not setcover._dominated_rows(a, time.perf_counter() - 1.0).any()


@pytest.mark.parametrize("seed", range(30))
def test_greedy_cover_is_the_textbook_greedy(seed):
    """Counts kept up to date by the rows each choice covers = counts recounted from scratch each step."""
    rng = np.random.default_rng(seed)
    dense = rng.random((int(rng.integers(5, 80)), int(rng.integers(2, 25)))) < rng.uniform(0.05, 0.5)
    dense = dense[dense.any(axis=1)]
    uncovered, expected = np.ones(len(dense), dtype=bool), []
    while uncovered.any():
        counts = [int((dense[:, j] & uncovered).sum()) for j in range(dense.shape[1])]
        best = counts.index(max(counts))  # the first of the largest, as argmax
        expected.append(best)
        uncovered &= ~dense[:, best]
    assert setcover.greedy_cover(sp.csr_matrix(dense)).tolist() == expected


@pytest.mark.parametrize("seed", range(30))
def test_packing_bound_lies_below_the_lp_optimum(seed):
    """The one-pass bound (used when the LP does not fit the time left) is a feasible dual of the
    LP: at most the LP optimum (scipy's linprog here), hence at most every cover."""
    from scipy.optimize import linprog

    rng = np.random.default_rng(100 + seed)
    dense = rng.random((int(rng.integers(3, 60)), int(rng.integers(2, 20)))) < rng.uniform(0.05, 0.6)
    dense = dense[dense.any(axis=1)]
    lp = linprog(np.ones(dense.shape[1]), A_ub=-dense.astype(float), b_ub=-np.ones(len(dense)), bounds=(0, 1))
    assert setcover.packing_bound(sp.csr_matrix(dense)) <= np.ceil(lp.fun - 1e-9)
    assert setcover.packing_bound(sp.csr_matrix(dense)) >= 1


def test_a_dominance_pass_whose_setup_alone_would_pass_the_deadline_is_not_begun(monkeypatch):
    """The dense copy (or transpose) a dominance pass sets up counts against its deadline: at
    100 M entries it took 3 s before any block was compared."""
    sizes = np.full(1_000, 50)
    until = time.perf_counter() + 1.0
    assert setcover._a_block_may_fit(sizes, 10, 1_000, until, dense=True)
    assert setcover._a_block_may_fit(sizes, 10, 1_000, until, dense=False)
    monkeypatch.setattr(setcover, "DENSE_S_PER_CELL", 1.0)  # the setup alone: 10⁶ s
    monkeypatch.setattr(setcover, "SPARSE_S_PER_ENTRY", 1.0)
    assert not setcover._a_block_may_fit(sizes, 10, 1_000, until, dense=True)
    assert not setcover._a_block_may_fit(sizes, 10, 1_000, until, dense=False)
