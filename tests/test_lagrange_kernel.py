"""The compiled Lagrangian inner loop equals its definition, Σ_i min(0, w_i d_ij − λ_i)."""

from __future__ import annotations

import numpy as np

from carefac.optimize._lagrange_kernel import reduced_column_sums


def test_compiled_column_sums_equal_the_definition():
    rng = np.random.default_rng(5)
    for n, m in ((1, 1), (7, 3), (1003, 17)):
        weighted = rng.uniform(0, 100, (n, m))
        lam = rng.uniform(0, 100, n)
        expected = np.minimum(weighted - lam[:, None], 0).sum(axis=0)
        assert np.allclose(reduced_column_sums(weighted, lam), expected, rtol=1e-12, atol=1e-9)
