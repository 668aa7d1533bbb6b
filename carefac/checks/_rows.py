"""Flag rows: the one table shape every rule returns, and the helpers rules share.

Every table has the columns of :data:`FLAG_COLUMNS`. ``status`` is ``flagged``, ``ok``,
``not_applicable`` or ``skipped``. A rule gives a row its status, reason code, numbers and facts;
the words of ``reason`` (English) and ``reason_zh`` come from the catalogue
(:func:`carefac.text.reason`), never from the rule.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ..model import StudyArea
from ..policy import Policy
from ..text import reason
from ._registry import COMPARISONS, REGISTRY

__all__ = [
    "BUILT_OR_PLANNED",
    "FLAG_COLUMNS",
    "NEW_STATUSES",
    "STATUSES",
    "county_facilities",
    "facilities_of",
    "flag_row",
    "flag_table",
    "meets",
    "skipped_table",
]

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


def flag_row(
    *,
    rule: str,
    subject_id: object,
    subject_name: object,
    status: str,
    code: str,
    unit: str,
    measured: float | None = None,
    threshold: float | None = None,
    shortfall: float | None = None,
    better_than_province: bool | None = None,
    facts: dict | None = None,
) -> dict:
    """Return one flag row; ``facts`` are the numbers and codes its reason is written from."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
    facts = dict(facts or {})
    return {
        "rule": rule,
        "subject_id": "" if subject_id is None else str(subject_id),
        "subject_name": "" if subject_name is None else str(subject_name),
        "status": status,
        "measured": np.nan if measured is None else measured,
        "threshold": np.nan if threshold is None else threshold,
        "unit": unit,
        "reason": reason(rule, code, facts, "en"),
        "reason_zh": reason(rule, code, facts, "zh"),
        "reason_code": code,
        "shortfall": np.nan if shortfall is None else shortfall,
        "better_than_province": better_than_province,
    }


def flag_table(rows: list[dict]) -> pd.DataFrame:
    """Return flag rows as a DataFrame with the standard columns (also when empty)."""
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)


def skipped_table(rule: str, missing: str) -> pd.DataFrame:
    """Return the single row of a rule that cannot run because an input (a key of
    :data:`carefac.text.MISSING_INPUTS`) is absent."""
    return flag_table(
        [
            flag_row(
                rule=rule,
                subject_id="",
                subject_name="",
                status="skipped",
                code="missing_input",
                unit="",
                facts={"missing": missing},
            )
        ]  # fmt: skip
    )


def meets(policy: Policy, rule: str, value: float, threshold: float) -> bool:
    """Return whether ``value`` meets ``threshold`` under the rule's comparison in the profile."""
    return COMPARISONS[policy.comparison(rule, REGISTRY[rule].comparison)](value, threshold)


def facilities_of(
    study: StudyArea, kinds: tuple[str, ...] | str, statuses: tuple[str, ...] = ("existing",)
) -> gpd.GeoDataFrame | None:
    """Return facilities of the given kinds and statuses, or ``None`` when there is no layer."""
    if study.facilities is None:
        return None
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    f = study.facilities
    return f[f["kind"].isin(kinds) & f["status"].isin(statuses)]


def county_facilities(study: StudyArea, kind: str) -> pd.DataFrame | None:
    """Return facilities of ``kind`` with the county they serve (``serves``, else their location)."""
    facilities = facilities_of(study, kind)
    if facilities is None:
        return None
    county = facilities["county_id"] if "county_id" in facilities else pd.Series(None, index=facilities.index)
    if "serves" in facilities:
        county = facilities["serves"].where(facilities["serves"].notna(), county)
    return facilities.assign(serves_county=county)
