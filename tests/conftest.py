"""Shared fixtures: a hand-computable grid city written as real files."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "carefac" / "data" / "zhangzhou"
# Origin of the test grid, in EPSG:4548 (CGCS2000 / 3-degree GK CM 117E), near Zhangzhou.
ORIGIN_X, ORIGIN_Y = 470_000.0, 2_720_000.0
TO_WGS = Transformer.from_crs(4548, 4326, always_xy=True)


def grid_cell(col: int, row: int, size_m: float = 1000.0) -> shapely.Polygon:
    """Return the square of a 1 km grid cell in EPSG:4548."""
    x0, y0 = ORIGIN_X + col * size_m, ORIGIN_Y + row * size_m
    return shapely.box(x0, y0, x0 + size_m, y0 + size_m)


def grid_point(x_m: float, y_m: float) -> shapely.Point:
    """Return a point ``x_m``/``y_m`` metres from the grid origin, in EPSG:4548."""
    return shapely.Point(ORIGIN_X + x_m, ORIGIN_Y + y_m)


def lonlat(point: shapely.Point) -> tuple[float, float]:
    """Return an EPSG:4548 point as WGS84 lon/lat."""
    return TO_WGS.transform(point.x, point.y)


@pytest.fixture
def grid_areas() -> gpd.GeoDataFrame:
    """Two counties of two 1 km townships each (EPSG:4548).

    County 350601 = townships 350601001 (pop 1000) + 350601002 (pop 2000);
    county 350602 = townships 350602001 (pop 0) + 350602002 (pop 3333).
    """
    rows = [
        (
            "350601",
            "东县",
            "county",
            "350600",
            3000,
            90,
            shapely.box(ORIGIN_X, ORIGIN_Y, ORIGIN_X + 2000, ORIGIN_Y + 1000),
        ),
        (
            "350602",
            "西县",
            "county",
            "350600",
            3333,
            None,
            shapely.box(ORIGIN_X, ORIGIN_Y + 1000, ORIGIN_X + 2000, ORIGIN_Y + 2000),
        ),
        ("350601001", "甲街道", "township", "350601", 1000, 30, grid_cell(0, 0)),
        ("350601002", "乙镇", "township", "350601", 2000, 60, grid_cell(1, 0)),
        ("350602001", "丙乡", "township", "350602", 0, None, grid_cell(0, 1)),
        ("350602002", "丁镇", "township", "350602", 3333, None, grid_cell(1, 1)),
    ]
    frame = pd.DataFrame(
        rows, columns=["area_id", "name", "level", "parent_id", "population", "pop_under3", "geometry"]
    )
    frame["pop_under3"] = frame["pop_under3"].astype("Int64")
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=4548)


@pytest.fixture
def grid_facilities() -> gpd.GeoDataFrame:
    """Childcare facilities in the grid (EPSG:4548); see the test for the expected sums."""
    rows = [
        ("f1", "一号托育", "childcare", 3, "existing", grid_point(500, 500)),
        ("f2", "二号托班", "kindergarten_class", 2, "existing", grid_point(200, 800)),
        ("f3", "边界托育", "childcare", 5, "existing", grid_point(1000, 500)),  # on the 001/002 boundary
        ("f4", "规划托育", "childcare", 100, "planned", grid_point(1500, 500)),
        ("f5", "亲子小屋", "parent_child_room", None, "existing", grid_point(1500, 600)),
        ("f6", "丁镇托育", "community_childcare", 15, "existing", grid_point(1500, 1500)),
    ]
    frame = pd.DataFrame(rows, columns=["facility_id", "name", "kind", "slots", "status", "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=4548)


@pytest.fixture
def grid_files(tmp_path: Path, grid_areas, grid_facilities) -> Path:
    """Write the grid as a GeoPackage of areas, a Chinese-header CSV of facilities and a config."""
    grid_areas.to_file(tmp_path / "areas.gpkg", driver="GPKG")
    lon, lat = zip(*(lonlat(p) for p in grid_facilities.geometry), strict=True)
    table = pd.DataFrame(
        {
            "编号": grid_facilities["facility_id"],
            "机构名称": grid_facilities["name"],
            "类型": grid_facilities["kind"],
            "托位数": grid_facilities["slots"],
            "状态": grid_facilities["status"],
            "经度": lon,
            "纬度": lat,
        }
    )
    table.to_csv(tmp_path / "facilities.csv", index=False, encoding="utf-8-sig")
    (tmp_path / "project.toml").write_text(
        '[layers.areas]\npath = "areas.gpkg"\n\n[layers.facilities]\npath = "facilities.csv"\ncrs = "wgs84"\n\n'
        '[output]\ndir = "out"\nlang = "en"\n',
        encoding="utf-8",
    )
    return tmp_path
