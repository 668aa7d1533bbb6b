"""Childcare slots per 1000 residents by area, with the gap to the policy target."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ._notices import Notice, shown
from .model import StudyArea
from .policy import Policy, load_policy

__all__ = ["childcare_facilities", "city_slots_per_1000", "planned_facility_notices", "slots_needed", "slots_per_1000",
           "slots_above_children_notices", "uncounted_slot_notices"]

COVERAGE_COLUMNS = [
    "area_id",
    "name",
    "level",
    "population",
    "slots",
    "slots_per_1000",
    "target_per_1000",
    "slots_needed",
    "meets_target",
    "facilities",
    "pop_under3",
    "slots_per_100_under3",
]
_PLANNED_STATUSES = ("planned", "under_construction")


def slots_needed(target_per_1000: float, population: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """Return the slots still needed: ``ceil(target × population / 1000) − slots``, floored at 0.

    The product is rounded to 9 decimals first, so that exact products (4.5 × 2000 / 1000 = 9)
    are not pushed up by floating-point noise.
    """
    required = np.ceil(np.round(target_per_1000 * np.asarray(population, dtype=float) / 1000.0, 9))
    return np.maximum(required - np.asarray(slots, dtype=float), 0).astype(np.int64)


def childcare_facilities(
    study: StudyArea, policy: Policy, *, include_planned: bool = False
) -> gpd.GeoDataFrame:
    """Return the facilities whose slots count: childcare kinds, existing (optionally planned)."""
    facilities = study.facilities
    if facilities is None or facilities.empty:
        return gpd.GeoDataFrame({"slots": []}, geometry=[], crs=study.crs)
    statuses = ("existing", *_PLANNED_STATUSES) if include_planned else ("existing",)
    mask = facilities["kind"].isin(policy.childcare_kinds) & facilities["status"].isin(statuses)
    return facilities[mask]


def planned_facility_notices(study: StudyArea, policy: Policy, *, include_planned: bool = False) -> list[Notice]:
    """Return a notice of the childcare facilities planned or under construction: left out of the
    slots (the default), or counted (``include_planned``), with their number and slots."""
    facilities = study.facilities
    if facilities is None or facilities.empty:
        return []
    planned = facilities["kind"].isin(policy.childcare_kinds) & facilities["status"].isin(_PLANNED_STATUSES)
    if not planned.any():
        return []
    n, slots = int(planned.sum()), int(pd.to_numeric(facilities.loc[planned, "slots"], errors="coerce").fillna(0).sum())
    if include_planned:
        return [Notice.said("planned_counted", study.sources.get("facilities", ""), n=n, slots=slots)]
    return [Notice.said("planned_not_counted", study.sources.get("facilities", ""), n=n, slots=slots)]


def uncounted_slot_notices(study: StudyArea, policy: Policy) -> list[Notice]:
    """Return a notice of the slots written for facilities of kinds that are no childcare (a
    parent-child room, a nursing room): the plan's 托位 are childcare places, so they are not counted."""
    facilities = study.facilities
    if facilities is None or facilities.empty or "slots" not in facilities:
        return []
    slots = pd.to_numeric(facilities["slots"], errors="coerce").astype(float).fillna(0)
    other = (~facilities["kind"].isin(policy.childcare_kinds) & (slots > 0)).to_numpy()
    if not other.any():
        return []
    from .text import code_label

    ids = facilities["facility_id"].astype(str) if "facility_id" in facilities else facilities.index.astype(str)
    rows = list(zip(ids[other], facilities["kind"][other], slots[other], strict=True))
    listed = {lang: shown((f"{i} ({code_label(k, lang)}): {v:,.0f}" for i, k, v in rows), most=5) for lang in ("en", "zh")}
    return [Notice.said("slots_not_childcare", study.sources.get("facilities", ""), n=int(other.sum()),
                        slots=int(slots[other].sum()), facilities=listed)]  # fmt: skip


def slots_above_children_notices(table: pd.DataFrame | None, study: StudyArea) -> list[Notice]:
    """Return a notice naming the townships with more childcare slots than children under 3 (the
    areas layer's own figure): at the plan's 4.5 per 1000 a township has some 15 slots per 100
    children, so slots above the children are a question (an area's total entered for a facility, a
    facility placed in the wrong township, or children under 3 in another unit)."""
    if table is None or "pop_under3" not in table or study.areas is None or "pop_under3" not in study.areas:
        return []
    children = pd.to_numeric(table["pop_under3"], errors="coerce").astype(float)  # NaN where not given
    over = ((children > 0) & (pd.to_numeric(table["slots"], errors="coerce").astype(float) > children)).to_numpy()
    if not over.any():
        return []
    rows = table[over]
    listed = shown((f"{n} ({a}): {s:,.0f} / {c:,.0f}" for a, n, s, c in zip(rows["area_id"], rows["name"], rows["slots"],
                                                                            children[over], strict=True)), most=5, sep="; ")  # fmt: skip
    return [Notice.said("slots_above_children", study.sources.get("areas", ""), n=int(over.sum()), areas=listed)]


def _ratio_table(areas: pd.DataFrame, slots: pd.Series, counts: pd.Series, policy: Policy) -> pd.DataFrame:
    """Return the coverage table of ``areas`` given slots and facility counts per area id."""
    table = pd.DataFrame(
        {
            "area_id": areas["area_id"].to_numpy(),
            "name": areas["name"].to_numpy(),
            "level": areas["level"].to_numpy(),
            "population": areas["population"].to_numpy().astype(np.int64),
        }
    )
    table["slots"] = slots.reindex(table["area_id"]).fillna(0).to_numpy().astype(np.int64)
    population = table["population"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["slots_per_1000"] = np.where(population > 0, table["slots"] / population * 1000.0, np.nan)
    table["target_per_1000"] = policy.slots_per_1000_target
    table["slots_needed"] = slots_needed(policy.slots_per_1000_target, population, table["slots"].to_numpy())
    table["meets_target"] = table["slots_needed"] == 0
    table["facilities"] = counts.reindex(table["area_id"]).fillna(0).to_numpy().astype(np.int64)
    under3 = (
        pd.to_numeric(areas["pop_under3"]).to_numpy(dtype=float, na_value=np.nan)
        if "pop_under3" in areas
        else np.full(len(table), np.nan)
    )
    table["pop_under3"] = pd.array(np.where(np.isnan(under3), pd.NA, under3), dtype="Int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        table["slots_per_100_under3"] = np.where(under3 > 0, table["slots"] / under3 * 100.0, np.nan)
    return table[COVERAGE_COLUMNS]


def slots_per_1000(
    study: StudyArea,
    policy: Policy | None = None,
    *,
    level: str = "county",
    include_planned: bool = False,
) -> pd.DataFrame:
    """Return childcare slots per 1000 residents for every area of one level.

    Parameters
    ----------
    study
        The study area.
    policy
        Policy profile (default: ``zhangzhou-2023``); gives the target and the childcare kinds.
    level
        ``"county"`` or ``"township"`` (any level present in the areas layer).
    include_planned
        Also count facilities whose status is ``planned`` or ``under_construction``.

    Returns
    -------
    pandas.DataFrame
        One row per area, in area-id order, with ``area_id, name, level, population, slots,
        slots_per_1000, target_per_1000, slots_needed, meets_target, facilities, pop_under3,
        slots_per_100_under3``. ``slots_per_1000`` is NaN where the population is 0. Facilities
        outside every area are not in any row: see ``study.outside``.
    """
    policy = policy or load_policy()
    areas = study.areas_at(level).sort_values("area_id")
    facilities = childcare_facilities(study, policy, include_planned=include_planned)
    key = f"{level}_id"
    if key in facilities and len(facilities):
        grouped = facilities.groupby(key, sort=False)["slots"]
        slots, counts = grouped.sum(), grouped.size()
    else:
        slots = counts = pd.Series(dtype=float)
    return _ratio_table(areas, slots, counts, policy).reset_index(drop=True)


def city_slots_per_1000(
    study: StudyArea,
    policy: Policy | None = None,
    *,
    include_planned: bool = False,
    name: str = "",
    area_id: str = "",
) -> pd.DataFrame:
    """Return the one-row total for the whole study area, built from its county rows.

    The city's population is the sum of the county populations (the largest level present
    below the city); its slots are every counted facility inside one of those areas.
    """
    policy = policy or load_policy()
    base_level = next(level for level in ("county", "township") if level in study.levels)
    rows = slots_per_1000(study, policy, level=base_level, include_planned=include_planned)
    city = pd.DataFrame(
        {
            "area_id": [area_id or "city"],
            "name": [name or "total"],
            "level": ["city"],
            "population": [rows["population"].sum()],
            "pop_under3": [rows["pop_under3"].sum(min_count=len(rows)) if len(rows) else np.nan],
        }
    )
    slots = pd.Series({city.loc[0, "area_id"]: rows["slots"].sum()})
    counts = pd.Series({city.loc[0, "area_id"]: rows["facilities"].sum()})
    return _ratio_table(city, slots, counts, policy)
