"""Large inputs through the whole pipeline: a 1,000,000-row facility CSV and a 50,000-polygon
township GeoPackage, read, validated, linked, tabulated and checked (``carefac check``).

Prints the time of each stage and the peak memory. Run: ``python benchmarks/large_inputs.py``
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from carefac.pipeline import run

ORIGIN_X, ORIGIN_Y = 400_000.0, 2_600_000.0  # EPSG:4548


def write_inputs(folder: Path, townships: int, facilities: int) -> Path:
    side = int(np.ceil(np.sqrt(townships)))
    cell = 400.0
    k = np.arange(townships)
    cols, rows = k % side, k // side
    block = (rows * 10 // side) * 10 + (cols * 10 // side)
    county = 350600 + np.minimum(block, 98) + 1  # 99 counties of one city, coded as real ones are (none ends in 00)
    rng = np.random.default_rng(1)
    town = gpd.GeoDataFrame(
        {
            # 12 digits not ending in 000 (a village's form): more townships than a county's 3 digits hold,
            # and none read as a county's or township's statistical code (350601000000 is 350601)
            "area_id": [f"{c}{i:05d}1" for i, c in zip(k, county, strict=True)],
            "name": [f"镇{i}" for i in k],
            "level": "township",
            "parent_id": [str(c) for c in county],
            # ~500 townships to a county: residents kept such that a county holds what real ones do
            # (1–2 million; more than any Chinese county is refused as a typo)
            "population": rng.integers(500, 5000, townships),
        },
        geometry=shapely.box(
            ORIGIN_X + cols * cell,
            ORIGIN_Y + rows * cell,
            ORIGIN_X + (cols + 1) * cell,
            ORIGIN_Y + (rows + 1) * cell,
        ),
        crs=4548,
    )
    counties = (
        town.dissolve("parent_id", aggfunc={"population": "sum"})
        .reset_index()
        .rename(columns={"parent_id": "area_id"})
    )
    counties = counties.assign(name=counties["area_id"], level="county", parent_id="35")
    pd.concat([counties, town], ignore_index=True).to_file(folder / "areas.gpkg", driver="GPKG")
    extent_x, extent_y = side * cell, (rows.max() + 1) * cell
    xy = np.column_stack(
        [
            ORIGIN_X + rng.uniform(1, extent_x - 1, facilities),
            ORIGIN_Y + rng.uniform(1, extent_y - 1, facilities),
        ]
    )
    lonlat = gpd.GeoSeries(shapely.points(xy), crs=4548).to_crs(4326)
    kinds = rng.choice(
        ["childcare", "kindergarten_class", "parent_child_room", "community_childcare"],
        facilities,
        p=[0.5, 0.3, 0.05, 0.15],
    )
    table = pd.DataFrame(
        {
            "facility_id": np.char.add("F", np.arange(facilities).astype(str)),
            "name": "机构",
            "kind": kinds,
            "slots": np.where(kinds == "parent_child_room", "", rng.integers(1, 15, facilities).astype(str)),
            "lon": lonlat.x.round(7),
            "lat": lonlat.y.round(7),
        }
    )
    table.to_csv(folder / "facilities.csv", index=False)
    config = folder / "project.toml"
    config.write_text(
        '[layers.areas]\npath = "areas.gpkg"\n[layers.facilities]\npath = "facilities.csv"\ncrs = "wgs84"\noutside = "report"\n',
        encoding="utf-8",
    )
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=50_000)
    parser.add_argument("--facilities", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        config = write_inputs(Path(tmp), args.townships, args.facilities)
        size = (Path(tmp) / "facilities.csv").stat().st_size / 1e6
        print(
            f"wrote {args.facilities:,} facilities ({size:.0f} MB CSV) and {args.townships:,} townships in {time.perf_counter() - start:.1f} s"
        )
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        start = time.perf_counter()
        results = run(config, checks=True)
        total = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in results.timings_s.items())
        print(f"carefac coverage + check: {total:.1f} s ({stages})")
        print(f"peak memory {peak:.2f} GB (the synthetic inputs alone took {base:.2f} GB to build)")
        township = results.coverage["township"]
        print(
            f"{len(township):,} townships tabulated, {int(township['facilities'].sum()):,} facilities counted, "
            f"{int((results.flags['status'] == 'flagged').sum()):,} flags"
        )


if __name__ == "__main__":
    main()
