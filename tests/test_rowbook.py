"""Bases saved by row identity: restored after cuts come and go, they are still the LP's optimum."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from carefac.optimize._highs import lp_model
from carefac.optimize._rowbook import RowBook, slack_rows


def covering_lp(seed: int):
    """Return a random covering LP (min c·x, Ax ≥ 1, 0 ≤ x ≤ 1) solved once, and its answer."""
    rng = np.random.default_rng(seed)
    matrix = (rng.random((30, 12)) < 0.3).astype(float)
    matrix[np.arange(30), rng.integers(0, 12, 30)] = 1.0  # every row coverable
    h = lp_model(rng.uniform(1, 5, 12), sp.csr_matrix(matrix), np.ones(30), np.full(30, np.inf), np.zeros(12), np.ones(12))
    h.run()
    return h, np.asarray(h.getSolution().col_value)


def add_row(h, coef: np.ndarray, lower: float) -> None:
    index = np.flatnonzero(coef).astype(np.int32)
    h.addRow(float(lower), np.inf, int(index.size), index, coef[index].astype(float))


@pytest.mark.parametrize("seed", range(10))
def test_the_parents_basis_comes_back_after_cuts_come_and_go(seed):
    """Rows added since are satisfied at the saved optimum, rows deleted had basic slack: no iteration is needed."""
    h, x = covering_lp(seed)
    value = h.getInfo().objective_function_value
    book = RowBook(h)
    saved = book.save(h.getBasis())
    rng = np.random.default_rng(seed)
    for _ in range(3):  # cuts another node added: slack at the saved optimum
        coef = (rng.random(12) < 0.5).astype(float)
        add_row(h, coef, float(coef @ x) - 1.0)
        book.added(1)
    book.hold(saved)
    book.drop_slack(h, 0, max_rows=1000)  # what the held basis does not need
    h.changeColBounds(int(np.argmax(x)), 0.0, 0.0)  # another node's LP, solved: the basis moves on
    h.run()
    h.changeColBounds(int(np.argmax(x)), 0.0, 1.0)
    assert book.restore(h, saved)
    h.run()
    assert h.getInfo().simplex_iteration_count == 0
    assert h.getInfo().objective_function_value == pytest.approx(value)


def test_drop_slack_keeps_the_rows_a_held_basis_needs_until_the_limit():
    """A row nonbasic in a held basis stays while the rows fit ``max_rows`` (and goes once released);
    over the limit it goes, and the basis is not restored."""
    for seed in range(20):
        h, x = covering_lp(seed)
        book = RowBook(h)
        saved = book.save(h.getBasis())
        binding = book.ids[~slack_rows(h, 0)]  # the rows the saved basis needs
        h.changeColsBounds(12, np.arange(12, dtype=np.int32), np.zeros(12), np.where(x > 0.5, 0.0, 1.0))
        h.run()  # another node: some of those rows now have basic slack
        if h.getModelStatus().name != "kOptimal" or not slack_rows(h, 0)[binding].any():
            continue
        rows = h.getNumRow()
        book.hold(saved)
        book.hold(saved)
        book.drop_slack(h, 0, max_rows=rows)
        assert set(binding) <= set(book.ids.tolist())
        book.release(saved)  # still held once
        book.drop_slack(h, 0, max_rows=rows)
        assert set(binding) <= set(book.ids.tolist())
        book.drop_slack(h, 0, max_rows=0)  # over the limit: they go
        assert not set(binding) <= set(book.ids.tolist())
        assert h.getNumRow() == book.ids.size
        assert not book.restore(h, saved)
        return
    pytest.fail("no instance moved a needed row's slack into the basis")


def test_released_rows_go():
    """Once every hold is released, the rows go like any slack row."""
    for seed in range(20):
        h, x = covering_lp(seed)
        book = RowBook(h)
        saved = book.save(h.getBasis())
        binding = book.ids[~slack_rows(h, 0)]
        h.changeColsBounds(12, np.arange(12, dtype=np.int32), np.zeros(12), np.where(x > 0.5, 0.0, 1.0))
        h.run()
        if h.getModelStatus().name != "kOptimal" or not slack_rows(h, 0)[binding].any():
            continue
        book.hold(saved)
        book.release(saved)
        book.drop_slack(h, 0, max_rows=h.getNumRow())
        assert not set(binding) <= set(book.ids.tolist())
        return
    pytest.fail("no instance moved a needed row's slack into the basis")
