"""Flag rows: the one table shape every rule returns, and the helpers rules share.

Every table has the columns of :data:`FLAG_COLUMNS`: ``rule, subject_id, subject_name, status,
measured, threshold, unit, reason`` (plus ``reason_zh``, ``reason_code``, ``shortfall`` and
``better_than_province``). ``status`` is ``flagged``, ``ok``, ``not_applicable`` or ``skipped``.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from .model import StudyArea
from .network import Distances

__all__ = ["BUILT_OR_PLANNED", "FLAG_COLUMNS", "NEW_STATUSES", "STATUSES"]

FLAG_COLUMNS = [
    "rule",
    "subject_id",
    "subject_name",
    "status",
    "measured",
    "threshold",
    "unit",
    "reason",
    "reason_zh",
    "reason_code",
    "shortfall",
    "better_than_province",
]
STATUSES = ("flagged", "ok", "not_applicable", "skipped")
NEW_STATUSES = ("new", "planned", "under_construction")
BUILT_OR_PLANNED = ("existing", "planned", "under_construction")


def _row(
    rule: str,
    subject_id: object,
    subject_name: object,
    status: str,
    measured: float | None,
    threshold: float | None,
    unit: str,
    code: str,
    en: str,
    zh: str,
    shortfall: float | None = None,
) -> dict:
    """Return one flag row as a dict."""
    return {
        "rule": rule,
        "subject_id": "" if subject_id is None else str(subject_id),
        "subject_name": "" if subject_name is None else str(subject_name),
        "status": status,
        "measured": np.nan if measured is None else measured,
        "threshold": np.nan if threshold is None else threshold,
        "unit": unit,
        "reason": en,
        "reason_zh": zh,
        "reason_code": code,
        "shortfall": np.nan if shortfall is None else shortfall,
        "better_than_province": None,
    }


def _table(rows: list[dict]) -> pd.DataFrame:
    """Return flag rows as a DataFrame with the standard columns (also when empty)."""
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)


def _skipped(rule: str, missing: str, fix: str) -> pd.DataFrame:
    """Return the single row of a rule that cannot run because an input is absent."""
    return _table(
        [
            _row(
                rule,
                "",
                "",
                "skipped",
                None,
                None,
                "",
                "missing_input",
                f"not checked: the {missing} input is missing ({fix})",
                f"未检查：缺少输入“{missing}”（{fix}）",
            )
        ]
    )


def _how(distance: Distances) -> tuple[str, str]:
    """Return how a distance was measured, as words to put after "300 m" / before "300米"."""
    return (" straight-line", "直线") if distance.method == "euclidean" else (" along roads", "沿路网")


def _fmt(value: float) -> str:
    """Return a number for a reason text (no trailing .0 on whole numbers)."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _facilities_of(
    study: StudyArea, kinds: tuple[str, ...] | str, statuses: tuple[str, ...] = ("existing",)
) -> gpd.GeoDataFrame | None:
    """Return facilities of the given kinds and statuses, or ``None`` when there is no layer."""
    if study.facilities is None:
        return None
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    f = study.facilities
    return f[f["kind"].isin(kinds) & f["status"].isin(statuses)]


def _county_facilities(study: StudyArea, kind: str) -> pd.DataFrame | None:
    """Return facilities of ``kind`` with the county they serve (``serves``, else their location)."""
    facilities = _facilities_of(study, kind)
    if facilities is None:
        return None
    county = facilities["county_id"] if "county_id" in facilities else pd.Series(None, index=facilities.index)
    if "serves" in facilities:
        county = facilities["serves"].where(facilities["serves"].notna(), county)
    return facilities.assign(serves_county=county)
