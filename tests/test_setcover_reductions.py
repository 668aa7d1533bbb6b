"""Set-cover reductions against their definitions and against brute force, the candidate pairs
compared in one block or in blocks of one pair."""

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


@pytest.fixture(params=["one block", "blocks of one pair"])
def counting(request, monkeypatch):
    if request.param == "blocks of one pair":
        monkeypatch.setattr(setcover, "PAIRS_PER_BLOCK", 1)
    return request.param


def planted_cover(seed: int) -> np.ndarray:
    """Return a cover wider and taller than a 64-bit word, with rows and columns within others planted."""
    rng = np.random.default_rng(seed)
    a = rng.random((150, 140)) < rng.uniform(0.03, 0.3)
    for _ in range(20):
        i, k = rng.integers(150, size=2)
        a[i] = a[k] & (rng.random(140) < 0.7)  # row i within row k
        j, inner = rng.integers(140, size=2)
        a[:, j] = a[:, inner] | (rng.random(150) < 0.02)  # column inner within column j
    a[rng.integers(150, size=5)] = a[rng.integers(150, size=5)]  # repeated rows
    empty = ~a.any(axis=1)
    a[np.flatnonzero(empty), rng.integers(0, 140, int(empty.sum()))] = True  # every row coverable
    return a


def random_or_planted(seed: int) -> np.ndarray:
    return random_cover(seed, 0.2 + 0.05 * seed) if seed < 12 else planted_cover(seed)


@pytest.mark.parametrize("seed", range(18))
def test_dominance_masks_match_their_definitions(seed, counting):
    a = random_or_planted(seed)
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
    """Setting up the bitsets counts against the deadline (at 25 M entries about a second), and
    a table of bitsets larger than the memory allowed is not set up at all."""
    a = sp.csr_matrix(planted_cover(20))
    until = time.perf_counter() + 5.0
    assert setcover._dominated_rows(a, until).any() and setcover._dominated_columns(a, until).any()
    monkeypatch.setattr(setcover, "ENTRY_S", 1.0)  # the setup alone: hours
    assert not setcover._dominated_rows(a, until).any()
    monkeypatch.undo()
    monkeypatch.setattr(setcover, "BITSET_MAX_BYTES", 8 * 3 * 150 - 1)  # 150 rows of 3 words: a byte too many
    assert not setcover._dominated_rows(a, until).any()
    assert setcover._dominated_columns(a, until).any()  # 140 columns of 3 words fit


@pytest.mark.parametrize("seed", range(30))
def test_lagrangian_bound_lies_between_the_packing_bound_and_the_lp_optimum(seed):
    """The subgradient bound (used when the LP does not finish in its share of the time) starts at
    the packing bound's multipliers and never passes the LP optimum (scipy's linprog), hence never
    the smallest cover (brute force)."""
    from scipy.optimize import linprog

    rng = np.random.default_rng(300 + seed)
    dense = rng.random((int(rng.integers(3, 40)), int(rng.integers(2, 12)))) < rng.uniform(0.1, 0.6)
    dense = dense[dense.any(axis=1)]
    a = sp.csr_matrix(dense)
    lp = linprog(np.ones(dense.shape[1]), A_ub=-dense.astype(float), b_ub=-np.ones(len(dense)), bounds=(0, 1))
    fewest = smallest_cover(dense)
    bound = setcover.lagrangian_bound(a, float(dense.shape[1]), time.perf_counter() + 0.2)
    assert setcover.packing_bound(a) <= bound <= np.ceil(lp.fun - 1e-9) <= fewest


def test_lagrangian_bound_closes_on_the_lp_where_the_packing_bound_does_not():
    """A hub and six leaves, rows {leaf} and {hub, leaf}: the packing bound gives each row 1 / its
    largest column (1/2 and 1/6: 4 in all), the LP and the optimum 6 (every leaf)."""
    leaves = 6
    dense = np.zeros((2 * leaves, leaves + 1), dtype=bool)
    for i in range(leaves):
        dense[i, i] = True  # {leaf i}
        dense[leaves + i, [i, leaves]] = True  # {leaf i, hub}
    a = sp.csr_matrix(dense)
    assert setcover.packing_bound(a) == 4
    assert setcover.lagrangian_bound(a, float(leaves + 1), time.perf_counter() + 2.0) == leaves


@pytest.mark.parametrize("seed", range(10))
def test_lscp_whose_lp_does_not_finish_answers_with_a_lagrangian_bound(seed, monkeypatch):
    """With no time share for the root LP, the set cover still returns a cover of every row and a
    bound at most the optimum (brute force), its status optimal only where the two meet."""
    from carefac.optimize import lscp

    monkeypatch.setattr(setcover, "LP_SHARE", 0.0)
    rng = np.random.default_rng(400 + seed)
    cost = np.round(rng.uniform(0, 10, (30, 9)), 1)
    result = lscp(cost, 3.0, time_limit_s=30.0)
    reachable = (cost <= 3.0).any(axis=1)
    fewest = smallest_cover((cost <= 3.0)[reachable])
    assert (cost[reachable][:, result.new] <= 3.0).any(axis=1).all()
    assert result.bound <= fewest <= result.objective
    assert (result.status == "optimal") == (result.bound == result.objective)


def test_lagrangian_bound_takes_no_step_it_has_no_time_for(monkeypatch):
    """A step whose estimate passes the deadline is not begun: the packing bound is returned at once."""
    leaves = 6
    dense = np.zeros((2 * leaves, leaves + 1), dtype=bool)
    for i in range(leaves):
        dense[i, i] = True
        dense[leaves + i, [i, leaves]] = True
    a = sp.csr_matrix(dense)
    monkeypatch.setattr(setcover, "LAGRANGIAN_S_PER_ENTRY", 1.0)  # 24 entries: 24 s a step
    began = time.perf_counter()
    assert setcover.lagrangian_bound(a, float(leaves + 1), began + 5.0) == setcover.packing_bound(a) == 4
    assert time.perf_counter() - began < 1.0
