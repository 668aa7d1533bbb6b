"""The MCLP's swap search: a local optimum checked by brute force over every single swap, the
same with its flat and its sparse bookkeeping."""

from __future__ import annotations

import importlib
import itertools

import numpy as np
import pytest
import scipy.sparse as sp

covering = importlib.import_module("carefac.optimize.covering")


def instance(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(4, 40)), int(rng.integers(3, 12))
    cover = sp.csr_matrix((rng.random((n, m)) < rng.uniform(0.1, 0.5)).astype(float))
    weights = rng.integers(1, 4, n).astype(float)  # few values: many ties
    free = np.sort(rng.choice(m, m - int(rng.integers(0, 2)), replace=False))
    fixed = np.setdiff1d(np.arange(m), free)
    p = int(rng.integers(1, free.size))
    start = np.sort(np.concatenate([fixed, rng.choice(free, p, replace=False)]))
    return cover, weights, free, start


def covered(cover, weights, open_):
    return float(weights[np.asarray(cover[:, open_].sum(axis=1)).ravel() > 0].sum())


@pytest.mark.parametrize("seed", range(60))
def test_the_swap_search_ends_where_no_single_swap_covers_more(seed):
    cover, weights, free, start = instance(seed)
    found = covering._swap_mclp(cover, weights, start, free)
    assert found.size == start.size and np.isin(np.setdiff1d(start, free), found).all()  # fixed sites stay
    value = covered(cover, weights, found)
    assert value >= covered(cover, weights, start)
    for r, j in itertools.product(np.intersect1d(found, free), np.setdiff1d(free, found)):
        assert covered(cover, weights, np.append(found[found != r], j)) <= value


@pytest.mark.parametrize("seed", range(30))
def test_flat_and_sparse_bookkeeping_swap_alike(seed, monkeypatch):
    cover, weights, free, start = instance(100 + seed)
    flat = covering._swap_mclp(cover, weights, start, free)
    monkeypatch.setattr(covering, "FLAT_SWAP_MAX_ENTRIES", -1)
    assert np.array_equal(covering._swap_mclp(cover, weights, start, free), flat)


@pytest.mark.parametrize("flat", [True, False])
def test_a_start_that_covers_every_row_twice_is_kept(flat, monkeypatch):
    """No row covered once (the sums of what closing a site loses are empty): the start stays."""
    if not flat:
        monkeypatch.setattr(covering, "FLAT_SWAP_MAX_ENTRIES", -1)
    cover = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 1], [1, 1, 0]], dtype=float))
    assert covering._swap_mclp(cover, np.ones(3), np.array([0, 1]), np.arange(3)).tolist() == [0, 1]
