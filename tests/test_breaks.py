"""Natural breaks for the map legend: the exact least-deviation grouping (against brute force)."""

from __future__ import annotations

import itertools

import numpy as np

from carefac.maps import _natural_edges


def deviation(values: np.ndarray, edges: list[float]) -> float:
    """Return the within-class squared deviation of ``values`` split at ``edges`` (class starts)."""
    bounds = [-np.inf, *edges, np.inf]
    total = 0.0
    for low, high in itertools.pairwise(bounds):
        group = values[(values >= low) & (values < high)]
        total += float(((group - group.mean()) ** 2).sum()) if group.size else 0.0
    return total


def brute_force(values: np.ndarray, k: int) -> float:
    """Return the least deviation over every split of the distinct values into ``k`` classes."""
    distinct = np.unique(values)
    return min(
        deviation(values, [float(distinct[c]) for c in cuts])
        for cuts in itertools.combinations(range(1, distinct.size), k - 1)
    )


def test_natural_breaks_are_the_least_deviation_split():
    rng = np.random.default_rng(7)
    checked = 0
    for _ in range(300):
        values = np.round(rng.gamma(2.0, 2.0, int(rng.integers(2, 11))), 1)
        k = int(rng.integers(2, 5))
        if np.unique(values).size < k:
            continue
        edges = _natural_edges(values, k)
        assert len(edges) == k - 1
        assert abs(deviation(values, edges) - brute_force(values, k)) < 1e-9
        checked += 1
    assert checked > 150


def test_obvious_groups_are_found_and_ties_do_not_break():
    values = np.array([1.0, 1.1, 1.2, 5.0, 5.1, 9.0, 9.2, 9.1])
    assert _natural_edges(values, 3) == [5.0, 9.0]
    assert _natural_edges(np.full(5, 3.0), 4) == []
