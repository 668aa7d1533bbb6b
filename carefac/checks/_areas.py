"""What kind of township-level unit an area is (街道, 镇, 乡 or a unit like 乡)."""

from __future__ import annotations

import pandas as pd

__all__ = ["township_unit_kinds"]

_KIND_BY_CODE_DIGIT = {"0": "subdistrict", "1": "town", "2": "xiang", "4": "xiang_like", "5": "xiang_like"}


def township_unit_kinds(townships: pd.DataFrame) -> pd.Series:
    """Return each township-level unit's kind: ``subdistrict`` (街道), ``town`` (镇), ``xiang`` (乡)
    or ``xiang_like`` (农场, 开发区 … counted like 乡); ``None`` when unknown.

    From the ``unit_kind`` column where given, else from the statistical code (GB/T 10114):
    digits 7–9 are 0xx for 街道, 1xx for 镇, 2xx for 乡, 4xx–5xx for units like 乡.
    """
    codes = townships["area_id"].astype(str)
    from_code = codes.map(lambda c: _KIND_BY_CODE_DIGIT.get(c[6]) if len(c) == 9 and c.isdigit() else None)
    if "unit_kind" in townships:
        given = townships["unit_kind"].where(townships["unit_kind"].notna(), None)
        return given.where(given.notna(), from_code)
    return from_code
