"""Demand for childcare: people and children under 3, by residential district or area."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from .model import StudyArea, locate_points
from .policy import Policy

__all__ = ["demand_points", "district_population", "under3_share"]


def district_population(districts: pd.DataFrame, policy: Policy) -> pd.Series:
    """Return each district's population: ``population``, else households × persons per household.

    NaN where a district gives neither.
    """
    nan = pd.Series(np.nan, index=districts.index)
    population = districts["population"].astype(float) if "population" in districts else nan
    households = districts["households"].astype(float) if "households" in districts else nan
    return population.fillna(np.round(households * policy.persons_per_household))


def under3_share(study: StudyArea, points: gpd.GeoSeries) -> np.ndarray:
    """Return the under-3 share of the population of the area containing each point.

    The township's share where known, else the county's; NaN where neither gives
    ``pop_under3``.
    """
    share = np.full(len(points), np.nan)
    if "pop_under3" not in study.areas:
        return share
    for level in ("county", "township"):  # township overrides county where known
        areas = study.areas_at(level)
        if areas.empty:
            continue
        under3 = pd.to_numeric(areas["pop_under3"]).astype(float)
        ratio = (under3 / areas["population"].astype(float).replace(0, np.nan)).to_numpy()
        lookup = dict(zip(areas["area_id"], ratio, strict=True))
        found = locate_points(points, areas).map(lookup).astype(float).to_numpy()
        share = np.where(np.isnan(found), share, found)
    return share


def demand_points(study: StudyArea, policy: Policy, *, source: str = "auto") -> gpd.GeoDataFrame:
    """Return demand points with ``demand_id``, ``name``, ``population``, ``weight`` (children under 3).

    Parameters
    ----------
    study
        The study area.
    policy
        Gives persons per household for districts that only give households.
    source
        ``"residential"`` (district centroids), ``"areas"`` (a representative point of each
        township, else county) or ``"auto"`` (residential districts when the layer exists).

    Notes
    -----
    The weight is ``pop_under3`` where given, else population × the under-3 share of the area
    the point lies in, else the population itself (column ``weight_basis`` says which).
    """
    if source not in ("auto", "residential", "areas"):
        raise ValueError(f"source must be 'auto', 'residential' or 'areas', got {source!r}")
    use_districts = source == "residential" or (source == "auto" and study.residential is not None)
    if use_districts:
        if study.residential is None:
            raise ValueError("demand source 'residential' needs a residential layer")
        layer = study.residential
        frame = pd.DataFrame({"demand_id": layer["district_id"], "name": layer["name"]})
        population = district_population(layer, policy).to_numpy()
        points = layer.geometry.representative_point()
    else:
        level = "township" if "township" in study.levels else "county"
        layer = study.areas_at(level)
        frame = pd.DataFrame({"demand_id": layer["area_id"], "name": layer["name"]})
        population = layer["population"].astype(float).to_numpy()
        points = layer.geometry.representative_point()
    given = (
        pd.to_numeric(layer["pop_under3"]).astype(float).to_numpy()
        if "pop_under3" in layer
        else np.full(len(layer), np.nan)
    )
    estimated = population * under3_share(study, points)
    weight = np.where(np.isfinite(given), given, np.where(np.isfinite(estimated), estimated, population))
    basis = np.where(
        np.isfinite(given), "pop_under3", np.where(np.isfinite(estimated), "estimated_under3", "population")
    )
    frame["population"] = population
    frame["weight"] = np.nan_to_num(weight, nan=0.0)
    frame["weight_basis"] = basis
    return gpd.GeoDataFrame(
        frame.reset_index(drop=True), geometry=points.reset_index(drop=True), crs=study.crs
    )
