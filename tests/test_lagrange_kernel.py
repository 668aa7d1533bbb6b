"""The compiled Lagrangian inner loop equals its definition, Σ_i min(0, w_i d_ij − λ_i),
and so does the numpy version."""

from __future__ import annotations

import numpy as np

from carefac.optimize._heuristics import _numpy_column_sums
from carefac.optimize._lagrange_kernel import reduced_column_sums


def test_compiled_column_sums_equal_the_definition():
    rng = np.random.default_rng(5)
    for n, m in ((1, 1), (7, 3), (1003, 17)):
        cost = rng.uniform(0, 100, (n, m))
        weights = rng.integers(0, 5, n).astype(float)  # weight 0 included
        lam = rng.uniform(0, 100, n)
        expected = np.array([sum(min(0.0, weights[i] * cost[i, j] - lam[i]) for i in range(n)) for j in range(m)])
        assert np.allclose(reduced_column_sums(cost, weights, lam), expected, rtol=1e-12, atol=1e-9)
        assert np.allclose(_numpy_column_sums(cost, weights, lam), expected, rtol=1e-12, atol=1e-9)
