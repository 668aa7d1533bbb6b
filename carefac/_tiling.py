"""Do the townships make up their county? Population sums, gaps, overlaps and misplaced townships.

A county's figures and its townships' figures must tell one story: every resident and every
facility of a county is in exactly one of its townships. When the layers say otherwise the run
stops (or, with ``area_sums = "warn"``, says so), naming the areas and the numbers.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._errors import Problem, problem
from ._notices import Notice
from .text.problems import Listed

__all__ = ["POPULATION_TOLERANCE", "SLIVER_M2", "SLIVER_SHARE", "area_consistency"]

#: Townships' population may differ from their county's by this share before it is an error.
POPULATION_TOLERANCE = 0.005
#: A gap or overlap is a digitising sliver when it is below both of these (m², share of the county).
SLIVER_M2 = 10_000.0
SLIVER_SHARE = 0.001


def _label(row) -> str:
    return f"{row['name']} ({row['area_id']})"


def _population_findings(
    counties: pd.DataFrame, townships: pd.DataFrame, source: str
) -> tuple[list[Problem], list[Notice]]:
    """Compare each county's population with the sum of its townships'."""
    sums = townships.groupby("parent_id")["population"].sum()
    problems, notices = [], []
    for _, county in counties.iterrows():
        if county["area_id"] not in sums.index:
            continue
        own, total = float(county["population"]), float(sums[county["area_id"]])
        diff = total - own
        if diff == 0:
            continue
        share = abs(diff) / own if own else np.inf
        if share > POPULATION_TOLERANCE:
            problems.append(
                problem(
                    source,
                    "population_sums",
                    column="population",
                    county=_label(county),
                    own=own,
                    total=total,
                    diff=diff,
                    share=share,
                )
            )
        else:
            notices.append(
                Notice.said(
                    "population_sum_differs", source, name=county["name"], area_id=county["area_id"], own=own,
                    total=total, diff=diff, share=share,
                )  # fmt: skip
            )
    return problems, notices


def _significant(area_m2: float, county_m2: float) -> bool:
    return area_m2 > SLIVER_M2 and area_m2 > SLIVER_SHARE * county_m2


def _gap_problems(counties: gpd.GeoDataFrame, townships: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """Return a problem per county whose townships leave part of it uncovered."""
    problems = []
    for _, county in counties.iterrows():
        own = townships[townships["parent_id"] == county["area_id"]]
        if own.empty:
            continue
        gap = shapely.difference(county.geometry, shapely.union_all(own.geometry.to_numpy()))
        gap_m2 = float(shapely.area(gap))
        if _significant(gap_m2, county.geometry.area):
            problems.append(
                problem(
                    source,
                    "townships_leave_gap",
                    column="geometry",
                    county=_label(county),
                    gap_km2=gap_m2 / 1e6,
                    share=gap_m2 / county.geometry.area,
                )
            )
    return problems


def _overlap_problems(townships: gpd.GeoDataFrame, counties: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """Return one problem listing townships that overlap each other beyond digitising slivers."""
    geoms = townships.geometry.to_numpy()
    left, right = townships.sindex.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if not len(left):
        return []
    overlap = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    county_area = dict(zip(counties["area_id"], counties.geometry.area, strict=True))
    reference = np.array(
        [
            county_area.get(p, a)
            for p, a in zip(townships["parent_id"].to_numpy()[left], shapely.area(geoms[left]), strict=True)
        ]
    )
    bad = np.array([_significant(o, r) for o, r in zip(overlap, reference, strict=True)], dtype=bool)
    if not bad.any():
        return []
    pairs = [
        {"a": _label(townships.iloc[i]), "b": _label(townships.iloc[j]), "km2": o / 1e6}
        for i, j, o in zip(left[bad][:5], right[bad][:5], overlap[bad][:5], strict=True)
    ]
    listed = Listed("overlap_pair", pairs, more=max(int(bad.sum()) - 5, 0))
    return [problem(source, "townships_overlap", column="geometry", pairs=listed)]


def _misplaced_problems(
    counties: gpd.GeoDataFrame, townships: gpd.GeoDataFrame, source: str
) -> list[Problem]:
    """Return a problem for townships whose geometry lies in another county than their code says."""
    points = townships.geometry.representative_point()
    town_idx, county_idx = counties.sindex.query(points.to_numpy(), predicate="within")
    found = np.full(len(townships), None, dtype=object)
    found[town_idx] = counties["area_id"].to_numpy()[county_idx]
    parent = townships["parent_id"].to_numpy()
    wrong = np.array([f is not None and f != p for f, p in zip(found, parent, strict=True)], dtype=bool)
    if not wrong.any():
        return []
    names = dict(zip(counties["area_id"], counties["name"], strict=True))
    listed = [
        {
            "town": _label(townships.iloc[k]),
            "found_name": names[found[k]],
            "found": found[k],
            "parent_name": names.get(parent[k], parent[k]),
            "parent": parent[k],
        }
        for k in np.flatnonzero(wrong)[:5]
    ]
    return [
        problem(
            source,
            "townships_wrong_county",
            column="parent_id",
            n=int(wrong.sum()),
            listed=Listed("misplaced_township", listed),
        )
    ]


def area_consistency(areas: gpd.GeoDataFrame, source: str) -> tuple[list[Problem], list[Notice]]:
    """Return the problems and notices of townships against their counties (projected ``areas``).

    Checks population sums (beyond :data:`POPULATION_TOLERANCE`), gaps and overlaps (beyond
    :data:`SLIVER_M2` and :data:`SLIVER_SHARE`) and townships lying in another county than
    their ``parent_id`` says. Counties without townships in the layer are not compared.
    """
    counties = areas[areas["level"] == "county"].reset_index(drop=True)
    townships = areas[areas["level"] == "township"].reset_index(drop=True)
    if counties.empty or townships.empty or "parent_id" not in townships:
        return [], []
    problems, notices = _population_findings(counties, townships, source)
    problems += _misplaced_problems(counties, townships, source)
    problems += _gap_problems(counties, townships, source)
    problems += _overlap_problems(townships, counties, source)
    return problems, notices
