"""Bases of a HiGHS LP whose cut rows come and go, saved by the rows' identities.

A branch and bound that adds cuts at its nodes changes the LP's rows between a node and its
children, so a child cannot take its parent's :class:`highspy.HighsBasis` as it was saved. A
:class:`RowBook` numbers every row once; a saved basis keeps the column statuses and the
identities of its nonbasic rows. Restored, every row added since is basic (its slack), every
row deleted since was basic in it (:meth:`RowBook.drop_slack` keeps the rows a held basis
needs: each open node holds its saved basis until it is taken), so the basis is the parent's
optimum plus basic slacks: dual feasible, and a few dual simplex iterations from the child's.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

__all__ = ["RowBook", "SavedBasis", "delete_rows", "slack_rows"]

_STATUS = list(highspy.HighsBasisStatus.__members__.values())  # by value: kLower 0, kBasic 1, …
_BASIC = int(highspy.HighsBasisStatus.kBasic.value)


@dataclass(frozen=True)
class SavedBasis:
    """Column statuses and the identities and statuses of the nonbasic rows of one basis."""

    col_status: np.ndarray
    row_ids: np.ndarray
    row_status: np.ndarray


def _codes(statuses) -> np.ndarray:
    """Return HiGHS basis statuses as int8 codes."""
    return np.array([s.value for s in statuses], dtype=np.int8)


def slack_rows(h, first: int) -> np.ndarray:
    """Return a mask of the LP's rows from ``first`` on whose slack is basic.

    Deleting such rows keeps the basis valid: each takes one basic variable with it.
    """
    status = _codes(h.getBasis().row_status)
    mask = status == _BASIC
    mask[:first] = False
    return mask


def delete_rows(h, mask: np.ndarray) -> None:
    """Delete the LP's rows where ``mask`` is true."""
    rows = np.flatnonzero(mask).astype(np.int32)
    if rows.size:
        h.deleteRows(int(rows.size), rows)


class RowBook:
    """Identities of the rows of the HiGHS LP ``h`` (numbered from its rows at the start)."""

    def __init__(self, h):
        self.ids = np.arange(h.getNumRow(), dtype=np.int64)
        self.next_id = int(h.getNumRow())
        self.holds = np.zeros(max(self.next_id, 1024), dtype=np.int32)  # per row identity: bases that need it

    def added(self, count: int) -> None:
        """Record that ``count`` rows were appended to the LP."""
        if count:
            self.ids = np.concatenate([self.ids, np.arange(self.next_id, self.next_id + count)])
            self.next_id += count
            if self.next_id > self.holds.size:  # room for the new identities, doubled
                grown = np.zeros(max(self.next_id, 2 * self.holds.size), dtype=np.int32)
                grown[: self.holds.size] = self.holds
                self.holds = grown

    def hold(self, saved: SavedBasis) -> None:
        """Keep the rows ``saved`` needs (its nonbasic rows) until :meth:`release`."""
        self.holds[saved.row_ids] += 1

    def release(self, saved: SavedBasis) -> None:
        """Undo one :meth:`hold` of ``saved``."""
        self.holds[saved.row_ids] -= 1

    def save(self, basis) -> SavedBasis:
        """Return ``basis`` (a :class:`highspy.HighsBasis` of the LP's rows now) by row identity."""
        rows = _codes(basis.row_status)
        nonbasic = rows != _BASIC
        return SavedBasis(_codes(basis.col_status), self.ids[nonbasic], rows[nonbasic])

    def restore(self, h, saved: SavedBasis) -> bool:
        """Set ``saved`` as the LP's basis, rows added since basic; return False (and leave the basis) if rows it needs are gone."""
        position = np.searchsorted(self.ids, saved.row_ids)
        present = position < self.ids.size
        present[present] = self.ids[position[present]] == saved.row_ids[present]
        if not present.all():
            return False
        rows = np.full(self.ids.size, _BASIC, dtype=np.int8)
        rows[position] = saved.row_status
        basis = highspy.HighsBasis()
        basis.col_status = [_STATUS[v] for v in saved.col_status.tolist()]
        basis.row_status = [_STATUS[v] for v in rows.tolist()]
        basis.valid = True
        h.setBasis(basis)
        return True

    def drop_slack(self, h, first: int, *, max_rows: int) -> None:
        """Delete the rows from ``first`` on with basic slack, except those a held basis needs.

        The held bases' rows stay only while the LP then has at most ``max_rows`` rows; beyond,
        they go too (a basis that lost a row is not restored, its node starts from the last one).
        """
        drop = slack_rows(h, first)
        needed = self.holds[self.ids] > 0
        if self.ids.size - (drop & ~needed).sum() <= max_rows:
            drop &= ~needed
        delete_rows(h, drop)
        self.ids = self.ids[~drop]
