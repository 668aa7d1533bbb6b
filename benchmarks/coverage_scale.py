"""Slots per 1000 for a synthetic city of 40,000 townships and 1,000,000 facilities.

Measures carefac (StudyArea.from_layers, which links every facility to its county and township,
then slots_per_1000 at both levels) against the plain geopandas way (sjoin + groupby) on the same
data in one run, and prints wall times, their ratio and peak memory (goal: < 20 s and < 4 GB).

Run: ``python benchmarks/coverage_scale.py [--townships 40000] [--facilities 1000000]``
"""

from __future__ import annotations

import argparse
import resource
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from carefac import StudyArea, load_policy, slots_per_1000

ORIGIN_X, ORIGIN_Y = 300_000.0, 2_500_000.0  # EPSG:4548, southern Fujian


def synthetic_city(
    townships: int, facilities: int, seed: int = 7
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return a square grid of townships grouped into 100 counties, and random facilities."""
    side = int(np.ceil(np.sqrt(townships)))
    cell = 500.0
    cols, rows = np.meshgrid(np.arange(side), np.arange(side))
    cols, rows = cols.ravel()[:townships], rows.ravel()[:townships]
    boxes = shapely.box(
        ORIGIN_X + cols * cell,
        ORIGIN_Y + rows * cell,
        ORIGIN_X + (cols + 1) * cell,
        ORIGIN_Y + (rows + 1) * cell,
    )
    county_of = (rows * 10 // side) * 10 + (cols * 10 // side)
    rng = np.random.default_rng(seed)
    town = gpd.GeoDataFrame(
        {
            "area_id": [f"35{c:04d}{i:06d}" for i, c in enumerate(county_of)],
            "name": [f"T{i}" for i in range(townships)],
            "level": "township",
            "parent_id": [f"35{c:04d}" for c in county_of],
            "population": rng.integers(1000, 80000, townships),
        },
        geometry=boxes,
        crs=4548,
    )
    county = town.dissolve("parent_id", aggfunc={"population": "sum"}).reset_index()
    county = county.rename(columns={"parent_id": "area_id"}).assign(
        name=lambda f: f["area_id"], level="county", parent_id="35"
    )
    areas = pd.concat([county, town], ignore_index=True)
    areas["source_row"] = np.arange(len(areas))
    extent = side * cell
    points = shapely.points(
        ORIGIN_X + rng.uniform(0, extent, facilities),
        ORIGIN_Y + rng.uniform(0, extent * len(np.unique(rows)) / side, facilities),
    )
    fac = gpd.GeoDataFrame(
        {
            "facility_id": np.arange(facilities).astype(str),
            "name": "f",
            "kind": "childcare",
            "status": "existing",
            "slots": rng.integers(1, 15, facilities),
            "source_row": np.arange(facilities),
        },
        geometry=points,
        crs=4548,
    )
    return gpd.GeoDataFrame(areas, crs=4548), fac


def carefac_run(areas: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    study = StudyArea.from_layers(areas, facilities=facilities, crs=4548, outside="report")
    policy = load_policy()
    return slots_per_1000(study, policy, level="county"), slots_per_1000(study, policy, level="township")


def geopandas_run(areas: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame) -> pd.Series:
    town = areas[areas["level"] == "township"]
    joined = gpd.sjoin(facilities, town[["area_id", "geometry"]], predicate="within")
    return joined.groupby("area_id")["slots"].sum()


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=40_000)
    parser.add_argument("--facilities", type=int, default=1_000_000)
    args = parser.parse_args()
    start = time.perf_counter()
    areas, facilities = synthetic_city(args.townships, args.facilities)
    print(
        f"built synthetic city: {args.townships:,} townships, {args.facilities:,} facilities in {time.perf_counter() - start:.1f} s"
    )

    start = time.perf_counter()
    county, township = carefac_run(areas, facilities)
    ours = time.perf_counter() - start
    peak_ours = peak_rss_gb()

    start = time.perf_counter()
    reference = geopandas_run(areas, facilities)
    theirs = time.perf_counter() - start

    same = township.set_index("area_id")["slots"].reindex(reference.index).eq(reference).all()
    print(
        f"carefac (load + link + county + township tables): {ours:.2f} s, peak RSS so far {peak_ours:.2f} GB"
    )
    print(f"geopandas sjoin + groupby (township slots only):   {theirs:.2f} s")
    print(f"ratio carefac / geopandas: {ours / theirs:.2f}; township slots identical: {bool(same)}")
    print(
        f"total slots {int(township['slots'].sum()):,}; townships below target: {int((~township['meets_target']).sum()):,}"
    )
    print(f"peak memory of the whole run: {peak_rss_gb():.2f} GB")


if __name__ == "__main__":
    main()
