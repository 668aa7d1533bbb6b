"""Demand for childcare: people and children under 3, by residential district or area."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ._census import census_rows as _census_rows
from ._errors import ValidationError, problem
from ._notices import Notice
from .model import StudyArea, locate_points
from .policy import Policy

__all__ = [
    "WEIGHT_BASES",
    "census_under3_shares",
    "demand_notices",
    "demand_points",
    "district_population",
    "district_population_notices",
    "under3_share",
]


def _persons_per_household(districts: pd.DataFrame, policy: Policy) -> tuple[pd.Series, pd.Series]:
    """Return each district's persons per household (its own ``persons_per_household`` where the
    layer gives one, else the profile's) and where it is its own."""
    own = (districts["persons_per_household"].astype(float) if "persons_per_household" in districts
           else pd.Series(np.nan, index=districts.index))  # fmt: skip
    return own.fillna(policy.persons_per_household), own.notna()


def district_population(districts: pd.DataFrame, policy: Policy) -> pd.Series:
    """Return each district's population: ``population``, else households × persons per household
    (the district's own, else the profile's).

    NaN where a district gives neither.
    """
    nan = pd.Series(np.nan, index=districts.index)
    population = districts["population"].astype(float) if "population" in districts else nan
    households = districts["households"].astype(float) if "households" in districts else nan
    return population.fillna(np.round(households * _persons_per_household(districts, policy)[0]))


def district_population_notices(
    districts: pd.DataFrame | None, policy: Policy, source: str = ""
) -> list[Notice]:
    """Return a notice when some districts' population is estimated from households."""
    if districts is None or "households" not in districts:
        return []
    given = (
        districts["population"].astype(float)
        if "population" in districts
        else pd.Series(np.nan, index=districts.index)
    )
    estimated = given.isna() & districts["households"].astype(float).notna()
    if not estimated.any():
        return []
    own = _persons_per_household(districts, policy)[1] & estimated
    notices = []
    if own.any():
        notices.append(Notice.said("population_from_own_household_size", source, n=int(own.sum()), total=len(districts)))
    if (by_profile := estimated & ~own).any():
        n, k = int(by_profile.sum()), policy.persons_per_household
        notices.append(Notice.said("population_from_households", source, n=n, total=len(districts), persons=k))
    return notices


def census_under3_shares() -> dict[str, float]:
    """Return, per county code, the share of residents under 3 in the 2020 census.

    Share = (0-year-olds + ½ × 1–4-year-olds) ÷ residents, from ``carefac/data/census2020_county_age.csv``
    (Zhangzhou and Xiamen counties; see its SOURCE.md). Codes at census time map too.
    """
    return {code: share for code, (_, _, share) in _census_rows().items()}


def under3_share(study: StudyArea, points: gpd.GeoSeries) -> tuple[np.ndarray, np.ndarray]:
    """Return the under-3 share of the area containing each point, and where it came from.

    The township's share (its ``pop_under3`` ÷ ``population``) where known, else the county's,
    else the 2020 census share of the county (:func:`census_under3_shares`). Basis per point:
    ``"area"``, ``"census2020"`` or ``""`` (NaN share: no basis).
    """
    share = np.full(len(points), np.nan)
    basis = np.full(len(points), "", dtype=object)
    county_of = np.full(len(points), None, dtype=object)
    for level in ("county", "township"):  # township overrides county where known
        areas = study.areas_at(level)
        if areas.empty:
            continue
        located = locate_points(points, areas)
        if level == "county":
            county_of = located.to_numpy()
        elif "county" not in study.levels:
            county_of = located.map(lambda code: None if code is None else str(code)[:6]).to_numpy()
        if "pop_under3" not in areas:
            continue
        under3 = pd.to_numeric(areas["pop_under3"]).astype(float)
        ratio = (under3 / areas["population"].astype(float).replace(0, np.nan)).to_numpy()
        lookup = dict(zip(areas["area_id"], ratio, strict=True))
        found = located.map(lookup).astype(float).to_numpy()
        known = np.isfinite(found)
        share = np.where(known, found, share)
        basis = np.where(known, "area", basis)
    census = census_under3_shares()
    trusted = _census_counties_matching(study)
    from_census = np.array(
        [census.get(str(c), np.nan) if c is not None and str(c) in trusted else np.nan for c in county_of]
    )
    use = ~np.isfinite(share) & np.isfinite(from_census)
    share[use] = from_census[use]
    basis[use] = "census2020"
    return share, basis


def _census_counties_matching(study: StudyArea) -> set[str]:
    """Return the county codes whose census row is this county: same code, and the same name
    (without 市/区/县) or a population within 30 % of the census (a made-up or reused code is not)."""
    rows = _census_rows()
    counties = study.areas_at("county")
    if counties.empty:  # townships only: trust the code
        return set(rows)
    trusted = set()
    for code, name, population in zip(
        counties["area_id"], counties["name"], counties["population"], strict=True
    ):
        row = rows.get(str(code))
        if row is None:
            continue
        census_name, census_population, _ = row
        same_name = str(name).rstrip("市区县") == str(census_name).rstrip("市区县")
        if same_name or abs(float(population) - census_population) <= 0.3 * census_population:
            trusted.add(str(code))
    return trusted


#: weight_basis values: where each demand point's children under 3 come from.
WEIGHT_BASES = ("pop_under3", "estimated_under3", "estimated_census2020", "population")


def demand_points(
    study: StudyArea, policy: Policy, *, source: str = "auto", weight: str = "under3"
) -> gpd.GeoDataFrame:
    """Return demand points with ``demand_id``, ``name``, ``population``, ``weight``, ``weight_basis``.

    Parameters
    ----------
    study
        The study area.
    policy
        Gives persons per household for districts that only give households.
    source
        ``"residential"`` (districts, their polygons), ``"areas"`` (one representative point per
        township, else county) or ``"auto"`` (residential districts when the layer exists).
    weight
        ``"under3"`` (children under 3, the default) or ``"population"`` (residents, when the
        user asks for it).

    Notes
    -----
    With ``weight="under3"``, the weight is ``pop_under3`` where the input gives it, else
    population × the under-3 share of the township or county the district lies in
    (``estimated_under3``), else × the county's 2020 census share (``estimated_census2020``).
    Where none exists, a :class:`~carefac.ValidationError` says so: residents are never used
    as children silently. District polygons are kept as the geometry: the distance from a
    district to a facility is measured to the polygon (see :class:`carefac.network.Distances`).
    """
    if source not in ("auto", "residential", "areas"):
        raise ValueError(f"source must be 'auto', 'residential' or 'areas', got {source!r}")
    if weight not in ("under3", "population"):
        raise ValueError(f"weight must be 'under3' or 'population', got {weight!r}")
    use_districts = source == "residential" or (source == "auto" and study.residential is not None)
    if use_districts:
        if study.residential is None:
            raise ValueError("demand source 'residential' needs a residential layer")
        layer = study.residential
        frame = pd.DataFrame({"demand_id": layer["district_id"], "name": layer["name"]})
        population = district_population(layer, policy).to_numpy()
        geometry = layer.geometry
        name = "residential"
    else:
        level = "township" if "township" in study.levels else "county"
        layer = study.areas_at(level)
        frame = pd.DataFrame({"demand_id": layer["area_id"], "name": layer["name"]})
        population = layer["population"].astype(float).to_numpy()
        geometry = layer.geometry.representative_point()
        name = "areas"
    frame["population"] = population
    if weight == "population":
        frame["weight"] = np.nan_to_num(population, nan=0.0)
        frame["weight_basis"] = "population"
    else:
        given = (
            pd.to_numeric(layer["pop_under3"]).astype(float).to_numpy()
            if "pop_under3" in layer
            else np.full(len(layer), np.nan)
        )
        share, basis = under3_share(study, layer.geometry.representative_point())
        estimated = population * share
        has_given = np.isfinite(given)
        unknown = ~has_given & ~np.isfinite(estimated)
        if unknown.any():
            _refuse_unknown_children(study, frame, unknown, name)
        frame["weight"] = np.where(has_given, given, estimated)
        frame["weight_basis"] = np.where(
            has_given,
            "pop_under3",
            np.where(basis == "census2020", "estimated_census2020", "estimated_under3"),
        )
    points = gpd.GeoDataFrame(
        frame.reset_index(drop=True), geometry=geometry.reset_index(drop=True).to_numpy(), crs=study.crs
    )
    points.attrs["layer"] = name  # the layer the points come from (residential or areas)
    if not use_districts:
        points.attrs["level"] = level
    else:
        points.attrs["areas_without_districts"] = _areas_without_districts(study, layer, population)
    return points


def _areas_without_districts(study: StudyArea, districts: gpd.GeoDataFrame, population: np.ndarray) -> dict:
    """Return how much of the study the districts leave out: the townships (else counties) without a
    district, their residents, and the residents of the districts and of the whole study."""
    level = "township" if "township" in study.levels else "county"
    areas = study.areas_at(level)
    holding = set(locate_points(districts.geometry.representative_point(), areas).dropna())
    left = areas[~areas["area_id"].isin(holding)]
    return {"level": level, "n": len(left), "total": len(areas), "residents": int(left["population"].sum()),
            "in_districts": int(np.nansum(population)), "all": int(areas["population"].sum())}  # fmt: skip


def _refuse_unknown_children(study: StudyArea, frame: pd.DataFrame, unknown: np.ndarray, layer: str) -> None:
    """Raise: some demand has no children-under-3 figure and no basis to estimate one."""
    examples = ", ".join(
        f"{n} ({i})" for i, n in zip(frame["demand_id"][unknown][:3], frame["name"][unknown][:3], strict=True)
    )
    raise ValidationError(
        [
            problem(
                study.sources.get(layer, layer),
                "under3_unknown",
                column="pop_under3",
                n=int(unknown.sum()),
                total=len(frame),
                examples=examples,
            )
        ]
    )


def demand_notices(points: pd.DataFrame) -> list[Notice]:
    """Return a notice for every demand weight that is not the input's own count of children under 3."""
    counts = points["weight_basis"].value_counts()
    notices = []
    total = len(points)
    if counts.get("estimated_under3", 0):
        n = int(counts["estimated_under3"])
        notices.append(
            Notice.said("under3_estimated", n=n, total=total)
        )
    if counts.get("estimated_census2020", 0):
        n = int(counts["estimated_census2020"])
        notices.append(
            Notice.said("under3_estimated_census", n=n, total=total)
        )
    if counts.get("population", 0):
        notices.append(
            Notice.said("weight_population")
        )
    return notices + area_demand_notices(points) + _districts_leave_out_notices(points)


def _districts_leave_out_notices(points: pd.DataFrame) -> list[Notice]:
    """Return a notice when residential districts are the demand and some areas hold none: their
    children count in no figure of children within reach (only in the slots per 1000)."""
    left = points.attrs.get("areas_without_districts")
    if not left or not left["n"]:
        return []
    from .text import code_label

    named = {lang: code_label(left["level"], lang) for lang in ("en", "zh")}
    return [Notice.said("demand_districts_leave_out", d=len(points), in_districts=left["in_districts"],
                        all=left["all"], n=left["n"], total=left["total"], residents=left["residents"], level=named)]  # fmt: skip


def area_demand_notices(points: pd.DataFrame) -> list[Notice]:
    """Return a notice when the demand points are one per area (no residential layer): each holds
    all its area's children, so coverage within a few hundred metres is measured from one spot."""
    if points.attrs.get("layer") != "areas":
        return []
    from .text import code_label

    level = str(points.attrs.get("level", "township"))
    named = {lang: code_label(level, lang) for lang in ("en", "zh")}
    return [Notice.said("demand_at_area_points", n=len(points), level=named)]
