"""Write the bad-input catalogue: one folder per case with its inputs, carefac.toml and expected.json.

Run from the repository root: ``python tests/bad_inputs/make_cases.py`` (deterministic; the
folders are committed). Every case starts from the same small valid project (two counties of
two townships near Zhangzhou) and breaks one thing, as planners' data does.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

HERE = Path(__file__).resolve().parent
CASES: dict[str, tuple[str, Callable[[Path], None], dict]] = {}

BASE_CONFIG = """[layers.areas]
path = "areas.geojson"

[layers.facilities]
path = "facilities.csv"
crs = "wgs84"

[layers.residential]
path = "residential.geojson"

[layers.candidates]
path = "candidates.csv"
crs = "wgs84"
"""


def box(x0, y0, x1, y1):
    return shapely.box(x0, y0, x1, y1)


def base_areas() -> gpd.GeoDataFrame:
    rows = [
        ("350601", "东县", "county", "350600", 60000, box(117.60, 24.50, 117.70, 24.60)),
        ("350602", "西县", "county", "350600", 45000, box(117.70, 24.50, 117.80, 24.60)),
        ("350601001", "甲街道", "township", "350601", 40000, box(117.60, 24.50, 117.65, 24.60)),
        ("350601101", "乙镇", "township", "350601", 20000, box(117.65, 24.50, 117.70, 24.60)),
        ("350602001", "丙街道", "township", "350602", 35000, box(117.70, 24.50, 117.75, 24.60)),
        ("350602101", "丁镇", "township", "350602", 10000, box(117.75, 24.50, 117.80, 24.60)),
    ]
    frame = pd.DataFrame(rows, columns=["area_id", "name", "level", "parent_id", "population", "geometry"])
    frame.insert(5, "pop_under3", (frame["population"] * 0.03).round().astype(int))
    return gpd.GeoDataFrame(frame, crs=4326)


def base_facilities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "facility_id": ["F1", "F2", "F3", "F4", "F5", "F6"],
            "name": ["甲托育中心", "乙托育中心", "丙幼儿园托班", "丁社区托育", "甲亲子小屋", "丙亲子小屋"],
            "kind": [
                "childcare",
                "childcare",
                "kindergarten_class",
                "community_childcare",
                "parent_child_room",
                "parent_child_room",
            ],
            "slots": ["120", "60", "40", "30", "", ""],
            "status": ["existing"] * 6,
            "lon": [117.62, 117.67, 117.72, 117.77, 117.63, 117.73],
            "lat": [24.55, 24.55, 24.56, 24.54, 24.52, 24.58],
        }
    )


def base_residential() -> gpd.GeoDataFrame:
    frame = pd.DataFrame(
        {
            "district_id": ["R1", "R2"],
            "name": ["锦绣花园", "阳光小区"],
            "status": ["new", "existing"],
            "completion_year": [2024, 2010],
            "population": [3000, 2500],
            "geometry": [box(117.618, 24.548, 117.622, 24.552), box(117.718, 24.558, 117.722, 24.562)],
        }
    )
    return gpd.GeoDataFrame(frame, crs=4326)


def base_candidates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "candidate_id": ["C1", "C2", "C3"],
            "name": ["候选一", "候选二", "候选三"],
            "capacity": [80, 100, 60],
            "lon": [117.64, 117.69, 117.76],
            "lat": [24.57, 24.53, 24.55],
        }
    )


def write_base(folder: Path, config: str = BASE_CONFIG) -> None:
    base_areas().to_file(folder / "areas.geojson", driver="GeoJSON")
    base_facilities().to_csv(folder / "facilities.csv", index=False)
    base_residential().to_file(folder / "residential.geojson", driver="GeoJSON")
    base_candidates().to_csv(folder / "candidates.csv", index=False)
    (folder / "carefac.toml").write_text(config, encoding="utf-8")


def case(name: str, symptom: str, **expected):
    """Register a case: ``expected`` holds exit_code, fragments, command and args."""

    def register(mutate: Callable[[Path], None]):
        CASES[name] = (symptom, mutate, expected)
        return mutate

    return register


def edit_csv(folder: Path, name: str, change: Callable[[pd.DataFrame], pd.DataFrame], **options) -> None:
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    change(frame).to_csv(folder / name, index=False, **options)


def set_cell(frame: pd.DataFrame, row: int, column: str, value) -> pd.DataFrame:
    frame.loc[row, column] = value
    return frame


def append_config(folder: Path, text: str) -> None:
    with open(folder / "carefac.toml", "a", encoding="utf-8") as handle:
        handle.write(text)


# -- coordinate systems ------------------------------------------------------------------------------


@case(
    "missing_crs",
    "a shapefile without .prj and no crs in the config",
    exit_code=2,
    fragments=["areas.shp", "no coordinate system", "gcj02"],
)
def _(folder):
    base_areas().to_file(folder / "areas.shp")
    (folder / "areas.prj").unlink()
    (folder / "areas.geojson").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("areas.geojson", "areas.shp"), encoding="utf-8")


@case(
    "projected_declared_as_degrees",
    "CGCS2000 metres in a table declared wgs84",
    exit_code=2,
    fragments=["facilities.csv", "not degrees", "EPSG:4548"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.assign(lon="562000", lat="2720000"))


@case(
    "degrees_declared_as_projected",
    "degrees in a table declared EPSG:4548",
    exit_code=2,
    fragments=["candidates.csv", "looks like degrees", "wgs84"],
)
def _(folder):
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace(
            'path = "candidates.csv"\ncrs = "wgs84"', 'path = "candidates.csv"\ncrs = "EPSG:4548"'
        ),
        encoding="utf-8",
    )


@case(
    "lon_lat_swapped",
    "longitude and latitude columns swapped",
    exit_code=2,
    fragments=["facilities.csv", "look swapped", "swap the x and y"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.rename(columns={"lon": "lat", "lat": "lon"}))


@case(
    "points_outside_every_area",
    "a facility 50 km east of the city",
    exit_code=2,
    fragments=["facilities.csv", "1 of 6 points lie outside every area", 'outside = "report"'],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 1, "lon", "118.2"))


@case(
    "baidu_columns_declared_wgs84",
    "points copied from Baidu Maps into 百度经度/百度纬度, the layer declared wgs84",
    exit_code=2,
    fragments=["the column '百度经度' names the coordinate system bd09, but the layer is declared wgs84", 'crs = "bd09"'],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.rename(columns={"lon": "百度经度", "lat": "百度纬度"}))


@case(
    "facility_just_outside_the_boundary",
    "a waterfront centre 40 m beyond a simplified boundary (refused as 'outside every area', its slots lost with outside = report)",
    exit_code=0,
    fragments=["1 point lies just outside every area (at most 41 m; 5 → 丁镇 (41 m))"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350602101", "slots", 30]],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 3, "lon", "117.8004"))


@case(
    "gcj02_declared_wgs84",
    "Amap (GCJ-02) points that carry their township, declared WGS84",
    exit_code=2,
    fragments=[
        "facilities.csv",
        "declared_area",
        "read as GCJ-02 (Amap/Tencent) 100% of them fall in place",
        'crs = "gcj02"',
    ],
)
def _(folder):
    from carefac.coords import wgs84_to_gcj02

    rng_points = pd.DataFrame(
        {
            "facility_id": [f"G{i}" for i in range(8)],
            "name": [f"托育{i}" for i in range(8)],
            "kind": "childcare",
            "slots": "30",
            "township_id": ["350601001", "350601101", "350602001", "350602101"] * 2,
            # true positions 150–300 m west of the township boundaries, so the GCJ shift (~500 m east) crosses them
            "lon": [117.6482, 117.6984, 117.7482, 117.7984, 117.6478, 117.6980, 117.7478, 117.7980],
            "lat": [24.53, 24.55, 24.57, 24.59, 24.54, 24.56, 24.58, 24.52],
        }
    )
    lon, lat = wgs84_to_gcj02(rng_points["lon"].to_numpy(), rng_points["lat"].to_numpy())
    rng_points["lon"], rng_points["lat"] = lon.round(6), lat.round(6)
    rng_points.to_csv(folder / "facilities.csv", index=False)


@case(
    "unknown_coordinate_system",
    'crs = "baidu"',
    exit_code=2,
    fragments=["unknown coordinate system 'baidu'", "bd09"],
)
def _(folder):
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace(
            'path = "facilities.csv"\ncrs = "wgs84"', 'path = "facilities.csv"\ncrs = "baidu"'
        ),
        encoding="utf-8",
    )


# -- geometry ----------------------------------------------------------------------------------------


@case(
    "invalid_geometry",
    "a self-intersecting (bow-tie) township",
    exit_code=2,
    fragments=["areas.geojson", "invalid", "Fix geometries"],
)
def _(folder):
    areas = base_areas()
    areas.loc[3, "geometry"] = shapely.Polygon(
        [(117.65, 24.50), (117.70, 24.60), (117.70, 24.50), (117.65, 24.60)]
    )
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "empty_geometry",
    "a township without geometry",
    exit_code=2,
    fragments=["areas.geojson", "missing or empty", "row 6"],
)
def _(folder):
    areas = base_areas()
    areas.loc[5, "geometry"] = None
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "mixed_geometry_types",
    "a point among the area polygons",
    exit_code=2,
    fragments=["areas.geojson", "needs polygon geometries but has Point"],
)
def _(folder):
    areas = base_areas()
    areas.loc[5, "geometry"] = shapely.Point(117.77, 24.55)
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


# -- ids and numbers -------------------------------------------------------------------------------------


@case(
    "duplicate_area_codes",
    "the same township code twice after an administrative change",
    exit_code=2,
    fragments=["areas.geojson", "ids are not unique (350602101)", "current code"],
)
def _(folder):
    areas = base_areas()
    areas.loc[4, "area_id"] = "350602101"
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "duplicate_facility_ids",
    "two facilities with one id",
    exit_code=2,
    fragments=["facilities.csv", "ids are not unique (F2)", "rows 3, 4"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 2, "facility_id", "F2"))


@case(
    "negative_slots", "slots = -40", exit_code=2, fragments=["facilities.csv", "column 'slots'", "negative"]
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 2, "slots", "-40"))


@case(
    "text_slots", "slots written in words", exit_code=2, fragments=["facilities.csv", "not numbers ('四十')"]
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 2, "slots", "四十"))


@case("fractional_slots", "slots = 12.5", exit_code=2, fragments=["column 'slots'", "not whole numbers"])
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 2, "slots", "12.5"))


@case(
    "thousands_separator_population",
    'population typed as "40,000" (read correctly)',
    exit_code=0,
    fragments=[],
)
def _(folder):
    areas = base_areas().astype({"population": str})
    areas.loc[2, "population"] = "40,000"
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "full_width_digits", "slots typed in full-width digits １２０ (read correctly)", exit_code=0, fragments=[]
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 0, "slots", "１２０"))


@case(
    "negative_population",
    "population = -5",
    exit_code=2,
    fragments=["areas.geojson", "column 'population'", "negative"],
)
def _(folder):
    areas = base_areas()
    areas.loc[3, "population"] = -5
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "text_population",
    'population = "约两万"',
    exit_code=2,
    fragments=["column 'population'", "not numbers ('约两万')"],
)
def _(folder):
    areas = base_areas().astype({"population": str})
    areas.loc[3, "population"] = "约两万"
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "missing_coordinates",
    "a facility without coordinates",
    exit_code=2,
    fragments=["facilities.csv", "coordinates are missing", "row 5"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 3, "lon", ""))


# -- vocabulary and columns ---------------------------------------------------------------------------


@case(
    "unknown_facility_kind",
    "kind = 托老所 (eldercare)",
    exit_code=2,
    fragments=["facilities.csv", "unknown kind values (托老所)", "parent_child_room"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 1, "kind", "托老所"))


@case(
    "missing_population_column",
    "areas without a population column",
    exit_code=2,
    fragments=["areas.geojson", "required column 'population' is missing", "[layers.areas.columns]"],
)
def _(folder):
    base_areas().drop(columns=["population"]).to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "residential_without_status",
    "districts without a status column",
    exit_code=2,
    fragments=["residential.geojson", "required column 'status' is missing"],
)
def _(folder):
    base_residential().drop(columns=["status"]).to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "orphan_township",
    "a township whose county is not in the layer",
    exit_code=2,
    fragments=["parent county that is not in the layer"],
)
def _(folder):
    areas = base_areas()
    areas.loc[5, "parent_id"] = "350699"
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


# -- files ----------------------------------------------------------------------------------------------


@case(
    "path_does_not_exist",
    "the facilities file is missing",
    exit_code=2,
    fragments=["facilities.csv", "does not exist", "relative to the config"],
)
def _(folder):
    (folder / "facilities.csv").unlink()


@case(
    "empty_layer",
    "a candidates table with a header and no rows",
    exit_code=2,
    fragments=["candidates.csv", "has no rows"],
)
def _(folder):
    (folder / "candidates.csv").write_text("candidate_id,name,capacity,lon,lat\n", encoding="utf-8")


@case(
    "gbk_shapefile_without_cpg",
    "a GBK shapefile without .cpg (read correctly)",
    exit_code=0,
    fragments=[],
    expect_in_output=("slots_per_1000_township.csv", "甲街道"),
)
def _(folder):
    base_areas().to_file(folder / "areas.shp", encoding="GBK")
    (folder / "areas.cpg").unlink(missing_ok=True)
    (folder / "areas.geojson").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("areas.geojson", "areas.shp"), encoding="utf-8")


@case("gbk_csv", "a facility table saved by Excel in GBK (read correctly)", exit_code=0, fragments=[])
def _(folder):
    base_facilities().to_csv(folder / "facilities.csv", index=False, encoding="gbk")


@case(
    "excel_merged_header",
    "an Excel sheet whose header cell 坐标 is merged over two columns with the data right under it (no row "
    "names the longitude and latitude; a header of two rows is read)",
    exit_code=2,
    fragments=["candidates.xlsx", "merged cells", "unmerge"],
)
def _(folder):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["candidate_id", "name", "capacity", "坐标", None])
    sheet.append(["C1", "候选一", 80, 117.64, 24.57])
    sheet.merge_cells("D1:E1")
    book.save(folder / "candidates.xlsx")
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace("candidates.csv", "candidates.xlsx"), encoding="utf-8"
    )


# -- config and profile -------------------------------------------------------------------------------


@case(
    "unknown_config_key",
    "a typo in a layer key",
    exit_code=2,
    fragments=["unknown key 'pth' in [layers.candidates]"],
)
def _(folder):
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "candidates.csv"', 'path = "candidates.csv"\npth = "x"'), encoding="utf-8"
    )


@case(
    "unknown_config_table",
    "a table carefac does not know",
    exit_code=2,
    fragments=["unknown table [outputs]"],
)
def _(folder):
    append_config(folder, '\n[outputs]\ndir = "x"\n')


@case(
    "unknown_layer",
    "a layer name carefac does not know",
    exit_code=2,
    fragments=["unknown layer [layers.schools]", "candidates"],
)
def _(folder):
    append_config(folder, '\n[layers.schools]\npath = "schools.csv"\n')


@case(
    "profile_value_wrong_type",
    "service distance written as text",
    exit_code=2,
    fragments=["'service_distance_m' must be a number, got '300米'"],
)
def _(folder):
    append_config(folder, '\n[policy.overrides]\nservice_distance_m = "300米"\n')


@case(
    "unknown_profile_key",
    "a misspelt profile key",
    exit_code=2,
    fragments=["unknown policy key 'slot_per_1000_target'"],
)
def _(folder):
    append_config(folder, "\n[policy.overrides]\nslot_per_1000_target = 5\n")


@case(
    "bad_output_language",
    'lang = "fr"',
    exit_code=2,
    fragments=["[output] lang must be one of 'zh', 'en', got 'fr'"],
)
def _(folder):
    append_config(folder, '\n[output]\nlang = "fr"\n')


@case(
    "indicator_percent_scales_mixed",
    "premarital check rates as 0.72 and 81 in one column",
    exit_code=2,
    fragments=["indicators.csv", "mixes fractions", "one scale"],
)
def _(folder):
    pd.DataFrame({"区划代码": ["350601", "350602"], "婚前医学检查率": ["0.72", "81"]}).to_csv(
        folder / "indicators.csv", index=False
    )
    append_config(folder, '\n[tables.indicators]\npath = "indicators.csv"\n')


# -- optimisation ------------------------------------------------------------------------------------


@case(
    "more_sites_than_candidates",
    "asking for 5 new sites among 3 candidates",
    exit_code=2,
    fragments=["cannot open 5 new sites", "the candidate layer has 3 sites"],
    command="optimize",
    args=["--new-sites", "5"],
)
def _(folder):
    pass


@case(
    "capacity_below_demand",
    "the capacitated model with too few slots",
    exit_code=2,
    fragments=["capacity is short", "total demand"],
    command="optimize",
    args=["--model", "capacitated", "--new-sites", "1"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.assign(slots=f["slots"].where(f["slots"] == "", "1")))
    edit_csv(folder, "candidates.csv", lambda f: f.assign(capacity="2"))


@case(
    "ratio_target_unreachable",
    "a county whose candidates cannot make up its slots",
    exit_code=2,
    fragments=["cannot be reached with the candidate sites", "东县 (350601)", "more slots"],
    command="optimize",
    args=["--model", "ratio-target"],
)
def _(folder):
    areas = base_areas()
    areas.loc[[0, 2, 3], "population"] = [600000, 400000, 200000]  # the townships still add up
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "no_candidates_layer",
    "optimising without candidate sites",
    exit_code=2,
    fragments=["no candidate sites", "[layers.candidates]"],
    command="optimize",
    args=["--new-sites", "1"],
)
def _(folder):
    (folder / "carefac.toml").write_text(BASE_CONFIG.split("[layers.candidates]")[0], encoding="utf-8")


@case(
    "graph_does_not_cover_study",
    "a road extract of another city",
    exit_code=2,
    fragments=["does not cover the study area", "euclidean"],
)
def _(folder):
    shutil.copy(
        HERE.parent / "data" / "osm" / "osmnx_planet_10.068_48.135_10.071_48.137.osm", folder / "roads.osm"
    )
    append_config(folder, '\n[distance]\nmethod = "network"\ngraph = "roads.osm"\n')


# -- issue 12: wrong numbers that used to pass with exit 0 ------------------------------------------------

OPTIMIZE = ["--new-sites", "1"]


def write_areas(folder: Path, areas: gpd.GeoDataFrame, name: str = "areas.geojson") -> None:
    areas.to_file(folder / name, driver="GeoJSON")


def write_table(folder: Path, name: str, frame: pd.DataFrame, section: str, extra: str = "") -> None:
    frame.to_csv(folder / name, index=False)
    append_config(folder, f'\n[tables.{section}]\npath = "{name}"\n{extra}')


def join_config(folder: Path, table: str) -> None:
    """Write the base config with the areas' figures joined from ``table`` (``join = "人口.csv"``)."""
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "areas.geojson"', f'path = "areas.geojson"\njoin = "{table}"'), encoding="utf-8"
    )


def _workbook_of(frame: pd.DataFrame):
    """Return an openpyxl workbook with ``frame`` on its first sheet (blank cells left empty)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if v == "" else v for v in row])
    return workbook



def facilities_as(folder: Path, name: str) -> None:
    """Make the facility list the file ``name`` (written by the case) in place of facilities.csv."""
    (folder / "facilities.csv").unlink()
    config = (folder / "carefac.toml").read_text(encoding="utf-8")
    (folder / "carefac.toml").write_text(config.replace("facilities.csv", name), encoding="utf-8")

def special_families(counts=("60", "20")) -> pd.DataFrame:
    return pd.DataFrame({"区划代码": ["350601", "350602"], "独生子女死亡特扶人数": list(counts)})


@case(
    "population_in_wan_with_decimals",
    "residents in 万 without the unit in the header (6, 4.5, 3.5 …): refused as 'not whole numbers' only",
    exit_code=2,
    fragments=["every county has fewer than 1,000 residents (largest 6)", "常住人口(千人) by 1,000"],
)
def _(folder):
    areas = base_areas()
    areas["population"] = areas["population"] / 10_000
    areas.drop(columns="pop_under3").to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "township_population_in_wan",
    "township populations in 万人 (4, 2, 3, 1) beside county rows in persons",
    exit_code=2,
    fragments=["look like 万人", "常住人口(万人)"],
)
def _(folder):
    areas = base_areas()
    areas.loc[2:5, "population"] = [4, 2, 3, 1]
    write_areas(folder, areas)


@case(
    "header_in_wan",
    "areas whose header says 常住人口(万人): converted and said",
    exit_code=0,
    fragments=["'常住人口(万人)' is in 万人", "10,000"],
    expect_numbers=[
        ["slots_per_1000_county.csv", "area_id", "350601", "population", 60000],
        ["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000],
    ],
)
def _(folder):
    areas = base_areas()
    areas["population"] = areas["population"] / 10000
    write_areas(folder, areas.rename(columns={"population": "常住人口(万人)"}))


@case(
    "cell_written_with_wan",
    "one township's population typed as 2万",
    exit_code=0,
    fragments=["written with 万", "20,000"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000]],
)
def _(folder):
    areas = base_areas()
    areas["population"] = areas["population"].astype(str)
    areas.loc[3, "population"] = "2万"
    write_areas(folder, areas)


@case(
    "under3_above_population",
    "a township with 1,200 residents and 40,000 children under 3 (columns swapped)",
    exit_code=2,
    fragments=["children under 3 exceed the population", "row 6", "swapped"],
)
def _(folder):
    areas = base_areas()
    areas.loc[5, ["population", "pop_under3"]] = [10000, 40000]
    write_areas(folder, areas)


@case(
    "under3_share_implausible",
    "children under 3 given as 30 % of residents",
    exit_code=0,
    fragments=["outside 0.5%–10%", "Counted as given"],
)
def _(folder):
    areas = base_areas()
    areas["pop_under3"] = (areas["population"] * 0.3).astype(int)
    write_areas(folder, areas)


@case(
    "registered_population_only",
    "areas give 户籍人口 (registered) and no 常住人口",
    exit_code=2,
    fragments=["'户籍人口' is registered or planned population", 'population = "户籍人口"'],
)
def _(folder):
    write_areas(folder, base_areas().rename(columns={"population": "户籍人口"}))


@case(
    "registered_population_mapped",
    "户籍人口 mapped on purpose: used, and said",
    exit_code=0,
    fragments=["population is read from '户籍人口' as mapped in the config"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350602", "population", 45000]],
)
def _(folder):
    write_areas(folder, base_areas().rename(columns={"population": "户籍人口"}))
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace(
            'path = "areas.geojson"\n',
            'path = "areas.geojson"\n[layers.areas.columns]\npopulation = "户籍人口"\n',
        ),
        encoding="utf-8",
    )


@case(
    "county_population_not_the_sum",
    "a county of 60,000 whose townships add up to 55,000",
    exit_code=2,
    fragments=["东县 (350601) has 60,000 residents but its townships add up to 55,000", 'area_sums = "warn"'],
)
def _(folder):
    areas = base_areas()
    areas.loc[3, "population"] = 15000
    write_areas(folder, areas)


@case(
    "county_population_not_the_sum_accepted",
    "the same mismatch accepted with area_sums = warn: each level keeps its own figures, said",
    exit_code=0,
    fragments=["add up to 55,000"],
    expect_numbers=[
        ["slots_per_1000_county.csv", "area_id", "350601", "population", 60000],
        ["slots_per_1000_township.csv", "area_id", "350601101", "population", 15000],
    ],
)
def _(folder):
    areas = base_areas()
    areas.loc[3, "population"] = 15000
    write_areas(folder, areas)
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "areas.geojson"\n', 'path = "areas.geojson"\narea_sums = "warn"\n'),
        encoding="utf-8",
    )


# -- areas that do not tile ------------------------------------------------------------------------------


@case(
    "township_gap",
    "乙镇 drawn too small: a gap between the townships of 东县",
    exit_code=2,
    fragments=["the townships of 东县 (350601) leave", "uncovered"],
)
def _(folder):
    areas = base_areas()
    areas.loc[3, "geometry"] = box(117.66, 24.50, 117.70, 24.60)
    write_areas(folder, areas)


@case(
    "facility_in_township_gap",
    "a gap accepted with area_sums = warn, and a facility standing in it",
    exit_code=2,
    fragments=["lie inside a county (350601) but in no township", "row 3"],
)
def _(folder):
    areas = base_areas()
    areas.loc[3, "geometry"] = box(117.68, 24.50, 117.70, 24.60)
    write_areas(folder, areas)
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "areas.geojson"\n', 'path = "areas.geojson"\narea_sums = "warn"\n'),
        encoding="utf-8",
    )


@case(
    "merged_township_overlaps",
    "a merged township kept beside the two it replaced",
    exit_code=2,
    fragments=["townships overlap", "甲乙镇 (350601102)", "count twice"],
)
def _(folder):
    areas = base_areas()
    merged = areas.iloc[[3]].copy()
    merged[["area_id", "name", "population", "pop_under3"]] = ["350601102", "甲乙镇", 0, 0]
    merged["geometry"] = [box(117.60, 24.50, 117.70, 24.60)]
    write_areas(folder, gpd.GeoDataFrame(pd.concat([areas, merged], ignore_index=True), crs=4326))


@case(
    "township_in_wrong_county",
    "丁镇 coded under 东县 but drawn in 西县",
    exit_code=2,
    fragments=["lie in another county than their code or parent_id says", "丁镇 (350602101) lies in 西县"],
    args=[],
)
def _(folder):
    areas = base_areas()
    areas.loc[5, "parent_id"] = "350601"
    areas.loc[[0, 1], "population"] = [70000, 35000]
    write_areas(folder, areas)


# -- duplicates -------------------------------------------------------------------------------------------


@case(
    "row_pasted_twice_keyed_by_xuhao",
    "a sheet keyed by 序号 with one row pasted twice",
    exit_code=2,
    fragments=["facilities.csv", "row 8 repeats row 2", "count twice"],
)
def _(folder):
    frame = base_facilities().drop(columns=["facility_id"])
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    frame.insert(0, "序号", range(1, len(frame) + 1))
    frame["序号"] = frame["序号"].where(frame.index < 6, 1)
    frame.to_csv(folder / "facilities.csv", index=False)


@case(
    "many_facilities_on_one_point",
    "four facilities geocoded to one point (a county seat)",
    exit_code=0,
    fragments=["4 rows share one identical point", "geocoder"],
)
def _(folder):
    frame = base_facilities()
    frame.loc[0:3, ["lon", "lat"]] = [117.62, 24.55]
    frame.to_csv(folder / "facilities.csv", index=False)


# -- values in the config and on the command line ----------------------------------------------------------


@case(
    "negative_target",
    "slots_per_1000_target = -4.5",
    exit_code=2,
    fragments=["'slots_per_1000_target' = -4.5 is outside the plausible range"],
)
def _(folder):
    append_config(folder, "\n[policy.overrides]\nslots_per_1000_target = -4.5\n")


@case(
    "negative_service_distance",
    "service_distance_m = -300",
    exit_code=2,
    fragments=["'service_distance_m' = -300.0 is outside the plausible range"],
)
def _(folder):
    append_config(folder, "\n[policy.overrides]\nservice_distance_m = -300\n")


@case(
    "optimize_radius_negative",
    "[optimize] radius_m = -300",
    exit_code=2,
    fragments=["[optimize] radius_m must be ≥ 10", "got -300"],
    command="optimize",
    args=OPTIMIZE,
)
def _(folder):
    append_config(folder, "\n[optimize]\nradius_m = -300\n")


@case(
    "optimize_radius_nan",
    "[optimize] radius_m = nan",
    exit_code=2,
    fragments=["[optimize] radius_m must be a finite number"],
    command="optimize",
    args=OPTIMIZE,
)
def _(folder):
    append_config(folder, "\n[optimize]\nradius_m = nan\n")


@case(
    "optimize_radius_with_unit",
    '[optimize] radius_m = "300米"',
    exit_code=2,
    fragments=["[optimize] radius_m must be a number (metres), got '300米'", "radius_m = 300"],
    command="optimize",
    args=OPTIMIZE,
)
def _(folder):
    append_config(folder, '\n[optimize]\nradius_m = "300米"\n')


@case(
    "optimize_model_upper_case",
    'model = "MCLP" is read as mclp',
    exit_code=0,
    fragments=[],
    command="optimize",
    args=OPTIMIZE,
    expect_in_output=("proposed_sites.csv", "C"),
)
def _(folder):
    append_config(folder, '\n[optimize]\nmodel = "MCLP"\n')


@case(
    "optimize_model_unknown",
    'model = "gravity"',
    exit_code=2,
    fragments=["[optimize] model must be one of 'shortfall', 'mclp', 'p-median'", "got 'gravity'"],
    command="optimize",
    args=OPTIMIZE,
)
def _(folder):
    append_config(folder, '\n[optimize]\nmodel = "gravity"\n')


@case(
    "new_sites_as_text",
    'new_sites = "ten"',
    exit_code=2,
    fragments=["[optimize] new_sites must be a whole number", "'ten'"],
    command="optimize",
)
def _(folder):
    append_config(folder, '\n[optimize]\nnew_sites = "ten"\n')


@case(
    "command_line_radius_negative",
    "carefac optimize --radius-m -300",
    exit_code=2,
    fragments=["command line", "--radius-m must be ≥ 10 and ≤ 50000 (metres), got -300."],
    command="optimize",
    args=["--new-sites", "1", "--radius-m", "-300"],
)
def _(folder):
    pass


@case(
    "command_line_new_sites_fraction",
    "carefac optimize --new-sites 2.5",
    exit_code=2,
    fragments=["--new-sites must be a whole number, got 2.5"],
    command="optimize",
    args=["--new-sites", "2.5"],
)
def _(folder):
    pass


# -- existing sites proposed as new -----------------------------------------------------------------------


@case(
    "candidates_are_the_facilities",
    "the candidates file is the facilities file",
    exit_code=2,
    fragments=[
        "every candidate site (6) stands on a facility",
        "Is the candidates file the facilities file?",
    ],
    command="optimize",
    args=OPTIMIZE,
)
def _(folder):
    shutil.copy(folder / "facilities.csv", folder / "candidates.csv")


@case(
    "candidate_on_a_facility",
    "one candidate at an existing facility's location",
    exit_code=0,
    fragments=["1 of 3 candidates stand on an existing or planned childcare facility", "C1 = F1"],
    command="optimize",
    args=["--new-sites", "2"],
    expect_not_in_output=("proposed_sites.csv", "C1"),
)
def _(folder):
    edit_csv(
        folder,
        "candidates.csv",
        lambda f: f.assign(lon=["117.62", "117.69", "117.76"], lat=["24.55", "24.53", "24.55"]),
    )


# -- children under 3 -------------------------------------------------------------------------------------


@case(
    "no_children_under_3_anywhere",
    "no pop_under3 in any layer, codes outside the shipped census",
    exit_code=2,
    fragments=["children under 3 are unknown", 'weight = "population"'],
    command="optimize",
    args=OPTIMIZE,
)
def _(folder):
    write_areas(folder, base_areas().drop(columns=["pop_under3"]))


@case(
    "no_children_under_3_weight_population",
    "no pop_under3, and the config asks to weight by residents",
    exit_code=0,
    fragments=["weighted by residents, not children under 3"],
    command="optimize",
    args=OPTIMIZE,
    expect_in_output=("allocation.csv", "population"),
)
def _(folder):
    write_areas(folder, base_areas().drop(columns=["pop_under3"]))
    append_config(folder, '\n[optimize]\nweight = "population"\n')


@case(
    "children_under_3_from_the_census",
    "real Zhangzhou counties without pop_under3: estimated from the 2020 census, said",
    exit_code=0,
    fragments=["2020 census age structure"],
    command="optimize",
    args=OPTIMIZE,
    expect_in_output=("allocation.csv", "estimated_census2020"),
)
def _(folder):
    areas = base_areas().drop(columns=["pop_under3"])
    codes = {"350601": "350603", "350602": "350605"}
    areas["area_id"] = areas["area_id"].map(lambda c: codes.get(c[:6], c[:6]) + c[6:])
    areas["parent_id"] = areas["parent_id"].map(lambda c: codes.get(c, c))
    areas.loc[[0, 1], "name"] = ["龙文区", "长泰区"]
    write_areas(folder, areas)


# -- files as offices save them ---------------------------------------------------------------------------


@case(
    "legacy_xls",
    "facilities saved as legacy .xls (WPS, Excel 97-2003)",
    exit_code=0,
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    import xlwt  # only to write the test file (pip install xlwt)

    frame = base_facilities()
    book = xlwt.Workbook()
    sheet = book.add_sheet("机构")
    for j, column in enumerate(frame.columns):
        sheet.write(0, j, column)
        for i, value in enumerate(frame[column]):
            sheet.write(i + 1, j, str(value))
    book.save(str(folder / "facilities.xls"))
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace("facilities.csv", "facilities.xls"), encoding="utf-8"
    )


@case(
    "html_table_saved_as_xls",
    "a web system's export: an HTML table named .xls",
    exit_code=0,
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350602", "slots", 70]],
)
def _(folder):
    frame = base_facilities()
    (folder / "facilities.xls").write_text(
        "<html><head><meta charset='utf-8'></head><body>" + frame.to_html(index=False) + "</body></html>",
        encoding="utf-8",
    )
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace("facilities.csv", "facilities.xls"), encoding="utf-8"
    )


@case(
    "empty_csv",
    "a 0-byte candidates.csv",
    exit_code=2,
    fragments=["candidates.csv", "the file is empty (0 bytes)"],
)
def _(folder):
    (folder / "candidates.csv").write_bytes(b"")


@case(
    "symlink_loop",
    "candidates.csv is a link that points to itself",
    exit_code=2,
    fragments=["candidates.csv", "link loop"],
    symlink_loop="candidates.csv",
)
def _(folder):
    (folder / "candidates.csv").unlink()


@case(
    "tab_separated_txt",
    "facilities exported as tab-separated .txt",
    exit_code=0,
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    base_facilities().to_csv(folder / "facilities.txt", index=False, sep="\t")
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace("facilities.csv", "facilities.txt"), encoding="utf-8"
    )


def _workbook_with_instructions(folder: Path) -> None:
    with pd.ExcelWriter(folder / "facilities.xlsx") as writer:
        pd.DataFrame({"说明": ["请在“数据”表中填写", "托位数填整数"]}).to_excel(
            writer, sheet_name="填表说明", index=False
        )
        base_facilities().to_excel(writer, sheet_name="数据", index=False)
    (folder / "facilities.csv").unlink()


@case(
    "data_on_second_sheet",
    "data on the sheet after a 填表说明 sheet, no sheet named (it was refused, asking for sheet = \"数据\")",
    exit_code=0,
    command="check",
    fragments=["the sheet '填表说明' reads as instructions or a cover page: the data are read from the sheet '数据'"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250]],
)
def _(folder):
    _workbook_with_instructions(folder)
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace("facilities.csv", "facilities.xlsx"), encoding="utf-8"
    )


@case(
    "data_on_second_sheet_named",
    "the same workbook with sheet = 数据",
    exit_code=0,
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    _workbook_with_instructions(folder)
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "facilities.csv"', 'path = "facilities.xlsx"\nsheet = "数据"'),
        encoding="utf-8",
    )


@case(
    "sheet_per_county",
    "a workbook with one sheet per county (东县, 西县), the same columns on each, no sheet named",
    exit_code=2,
    fragments=["other sheets have the same columns as the sheet '东县'", "(西县)", "their rows would be left out",
               'sheet = "*"'],
)
def _(folder):
    _sheet_per_county(folder)
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("facilities.csv", "facilities.xlsx"), encoding="utf-8")


def _sheet_per_county(folder):
    facilities = base_facilities()
    with pd.ExcelWriter(folder / "facilities.xlsx") as book:
        facilities.iloc[[0, 1, 2, 4]].to_excel(book, sheet_name="东县", index=False)
        facilities.iloc[[3, 5]].to_excel(book, sheet_name="西县", index=False)
    (folder / "facilities.csv").unlink()


@case(
    "sheet_per_county_read_together",
    'the same workbook with sheet = "*": every county sheet read, as one list',
    exit_code=0,
    fragments=["2 sheets with the same columns are read as one list of 6 rows"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250]],
)
def _(folder):
    _sheet_per_county(folder)
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "facilities.csv"', 'path = "facilities.xlsx"\nsheet = "*"'), encoding="utf-8"
    )


@case(
    "formulas_not_computed",
    "slots written as formulas (=H2*20) by a program, never calculated: no saved results",
    exit_code=2,
    fragments=["formulas without a calculated result (D2, D3, D4, D5)", "open the workbook in Excel or WPS"],
)
def _(folder):
    import openpyxl

    facilities = base_facilities()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*facilities.columns, "班数"])
    for k, row in enumerate(facilities.itertuples(index=False), start=2):
        sheet.append([*row[:3], f"=H{k}*20" if row.slots else None, *row[4:], 2])
    book.save(folder / "facilities.xlsx")
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("facilities.csv", "facilities.xlsx"), encoding="utf-8")


@case(
    "areas_of_two_cities",
    "a province's county layer: 丰泽区 (350503, 泉州市) beside the city's counties",
    exit_code=2,
    fragments=["the areas are the counties of 2 cities (350500: 丰泽区; 350600: 东县、西县)", "run carefac once per city"],
)
def _(folder):
    areas = base_areas()
    other = areas.iloc[[1]].copy()
    other["area_id"], other["name"], other["parent_id"], other["population"] = "350503", "丰泽区", "350500", 500_000
    other["geometry"] = [box(117.8, 24.5, 117.9, 24.6)]
    pd.concat([areas, other], ignore_index=True).to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "codes_in_scientific_notation",
    "the statistics bureau's residents joined by 12-digit codes that Excel saved as 3.50601E+11",
    exit_code=2,
    fragments=["人口.csv, column 'area_id', rows 4, 5, 6, 7", "scientific notation (3.50601E+11)"],
)
def _(folder):
    areas = base_areas()
    areas[["area_id", "name", "level", "parent_id", "geometry"]].to_file(folder / "areas.geojson", driver="GeoJSON")
    codes = ["350601", "350602", "3.50601E+11", "3.50601E+11", "3.50602E+11", "3.50602E+11"]
    pd.DataFrame({"区划代码": codes, "常住人口": areas["population"]}).to_csv(folder / "人口.csv", index=False)
    join_config(folder, "人口.csv")


@case(
    "shapefile_cpg_says_utf8_over_gbk",
    "a GBK shapefile whose .cpg says UTF-8 (a tool wrote the wrong one): it could not be read at all",
    exit_code=0,
    fragments=["the shapefile's .cpg says its text is UTF-8, but its bytes are not: read as GB18030"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    areas = base_areas().rename(columns={"area_id": "区划代码", "name": "名称", "population": "常住人口"})
    areas.to_file(folder / "areas.shp", encoding="gbk")
    (folder / "areas.cpg").write_text("UTF-8")
    (folder / "areas.geojson").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("areas.geojson", "areas.shp"), encoding="utf-8")


@case(
    "district_with_its_townships_residents",
    "a residential district given 300,000 residents (its county's figure?) in a township of 40,000",
    exit_code=2,
    fragments=["residential districts have more residents than the area they lie in (锦绣花园 300,000 > 甲街道 40,000)"],
)
def _(folder):
    districts = base_residential()
    districts.loc[0, "population"] = 300_000
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "zipped_shapefile",
    "the boundaries as the bureau sends them: 乡镇.zip holding a GBK shapefile (no .cpg) in a folder",
    exit_code=0,
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    import zipfile

    areas = base_areas().rename(columns={"area_id": "区划代码", "name": "名称", "population": "常住人口"})
    areas.to_file(folder / "乡镇.shp", encoding="gbk")
    with zipfile.ZipFile(folder / "乡镇.zip", "w") as archive:
        for suffix in ("shp", "shx", "dbf", "prj"):
            archive.write(folder / f"乡镇.{suffix}", f"漳州/乡镇.{suffix}")
    for part in folder.glob("乡镇.*"):
        if part.suffix != ".zip":
            part.unlink()
    (folder / "areas.geojson").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("areas.geojson", "乡镇.zip"), encoding="utf-8")


@case(
    "two_slot_columns_with_notes",
    "托位数（已建） and 托位数（规划） side by side: the planned slots were read as the centres' slots",
    exit_code=2,
    fragments=["the columns '托位数（已建）', '托位数（规划）' could each be 'slots'", "[layers.facilities.columns]"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.rename(columns={"slots": "托位数（已建）"}).assign(**{"托位数（规划）": "200"}))


@case(
    "slots_by_class_without_a_total",
    "slots given by class (乳儿班托位, 托小班托位, 托大班托位) and no total: said as 'no number of slots' in cells that "
    "were not blank, then refused as needing a column of their total",
    exit_code=0,
    command="check",
    fragments=["each row's slots are its classes' added up ('乳儿班托位', '托小班托位', '托大班托位'"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180],
                    ["slots_per_1000_county.csv", "area_id", "350602", "slots", 70]],
)
def _(folder):
    by_class = {"乳儿班托位": ["20", "10", "0", "5", "", ""], "托小班托位": ["50", "20", "20", "10", "", ""],
                "托大班托位": ["50", "30", "20", "15", "", ""]}  # fmt: skip
    edit_csv(folder, "facilities.csv", lambda f: f.drop(columns="slots").assign(**by_class))


@case(
    "slots_under_two_headers_that_differ",
    "托位数 and 核定托位数 side by side with different figures: the first header read, the other unsaid",
    exit_code=2,
    fragments=["rows 2, 5: the columns '托位数', '核定托位数' could each be 'slots' and hold different values in these rows"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.rename(columns={"slots": "托位数"}).assign(**{"核定托位数": ["100", "60", "40", "20", "", ""]}))


@case(
    "county_level_city_written_as_city",
    "a county-level city (县级市) given level 市: taken for the whole city, its townships and points orphaned",
    exit_code=2,
    fragments=["column 'level', row 2: the level written is not the one the code gives (350602 西县)", "县级市"],
)
def _(folder):
    areas = base_areas()
    areas["level"] = ["县", "市", "街道", "镇", "街道", "镇"]
    areas.to_file(folder / "areas.geojson", driver="GeoJSON")


@case(
    "geopackage_two_layers",
    "a GeoPackage with counties and townships as two layers, none named",
    exit_code=2,
    fragments=["the file has 2 layers (counties, townships)", 'layer = "counties"'],
)
def _(folder):
    areas = base_areas()
    areas.iloc[:2].to_file(folder / "areas.gpkg", layer="counties")
    areas.iloc[2:].to_file(folder / "areas.gpkg", layer="townships")
    (folder / "areas.geojson").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("areas.geojson", "areas.gpkg"), encoding="utf-8")


@case("config_with_bom", "carefac.toml saved by Notepad with a BOM", exit_code=0, fragments=[])
def _(folder):
    (folder / "carefac.toml").write_bytes(b"\xef\xbb\xbf" + BASE_CONFIG.encode("utf-8"))


@case(
    "config_in_gbk",
    "carefac.toml saved in GBK with a Chinese comment",
    exit_code=2,
    fragments=["not UTF-8", "save it as UTF-8"],
)
def _(folder):
    (folder / "carefac.toml").write_bytes(("# 漳州托育规划\n" + BASE_CONFIG).encode("gbk"))


# -- numbers as people type them ---------------------------------------------------------------------------


def indicators(**columns) -> pd.DataFrame:
    frame = pd.DataFrame({"区划代码": ["350601", "350602"], "婚前医学检查率": ["72.5", "81"]})
    for column, values in columns.items():
        frame[column] = values
    return frame


@case(
    "decimal_comma",
    "a rate typed as 72，5 (full-width comma as decimal mark)",
    exit_code=2,
    fragments=["indicators.csv", "'72，5'", "row 2", "24.55"],
)
def _(folder):
    write_table(folder, "indicators.csv", indicators(婚前医学检查率=["72，5", "81"]), "indicators")


@case(
    "rates_with_percent_sign",
    "rates typed as 95.2%",
    exit_code=0,
    fragments=[],
    expect_numbers=[["flags.csv", "subject_id", "350601", "measured", 95.2, "indicator_premarital_check"]],
)
def _(folder):
    write_table(folder, "indicators.csv", indicators(婚前医学检查率=["95.2%", "81%"]), "indicators")


@case(
    "counts_with_units",
    "slots typed as 120个 and members as 60人",
    exit_code=0,
    fragments=[],
    expect_numbers=[
        ["slots_per_1000_county.csv", "area_id", "350601", "slots", 180],
        ["flags.csv", "subject_id", "350601", "measured", 60, "warm_home"],
    ],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 0, "slots", "120个"))
    write_table(folder, "special_families.csv", special_families(("60人", "20")), "special_families")


@case(
    "codes_as_floats",
    "parent codes and table codes stored as numbers (350601.0)",
    exit_code=0,
    fragments=[],
    expect_numbers=[
        ["slots_per_1000_township.csv", "area_id", "350601001", "slots", 120],
        ["flags.csv", "subject_id", "350601", "measured", 60, "warm_home"],
    ],
)
def _(folder):
    areas = base_areas()
    areas["parent_id"] = areas["parent_id"].astype(float)
    write_areas(folder, areas)
    table = special_families()
    table["区划代码"] = ["350601.0", "350602.0"]
    write_table(folder, "special_families.csv", table, "special_families")


@case(
    "zone_prefixed_eastings",
    "CGCS2000 eastings with the zone prefix (39 xxx xxx) declared EPSG:4548",
    exit_code=2,
    fragments=["zone number 39", 'crs = "EPSG:4527"'],
)
def _(folder):
    from pyproj import Transformer

    frame = base_facilities()
    to_zone = Transformer.from_crs(4326, 4527, always_xy=True)
    x, y = to_zone.transform(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    frame["lon"], frame["lat"] = x.round(1), y.round(1)
    frame.rename(columns={"lon": "x", "lat": "y"}).to_csv(folder / "facilities.csv", index=False)
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace(
            'path = "facilities.csv"\ncrs = "wgs84"', 'path = "facilities.csv"\ncrs = "EPSG:4548"'
        ),
        encoding="utf-8",
    )


@case(
    "chinese_headers_in_county_table",
    "the special-families table keyed by 区划代码",
    exit_code=0,
    fragments=[],
    expect_in_output=("flags.csv", "no_warm_home"),
)
def _(folder):
    write_table(folder, "special_families.csv", special_families(), "special_families")


@case(
    "unreadable_member_count",
    "a member count typed as 约五十",
    exit_code=2,
    fragments=["special_families.csv", "'约五十'", "row 3"],
)
def _(folder):
    write_table(folder, "special_families.csv", special_families(("60", "约五十")), "special_families")


@case(
    "level_township_without_townships",
    "coverage --level township on a layer of counties only",
    exit_code=2,
    fragments=["--level township", "no township areas"],
    command="coverage",
    args=["--level", "township"],
)
def _(folder):
    write_areas(folder, base_areas().iloc[:2])


# -- safe outputs -----------------------------------------------------------------------------------------


@case(
    "names_that_look_like_formulas",
    "a township named =HYPERLINK(...): written as text, never a formula",
    exit_code=0,
    fragments=[],
    expect_in_output=("slots_per_1000_township.csv", "'=HYPERLINK"),
)
def _(folder):
    areas = base_areas()
    areas.loc[2, "name"] = '=HYPERLINK("http://example.invalid","甲")'
    write_areas(folder, areas)


@case(
    "header_names_a_column_twice",
    "two columns headed 名称 (a copy-paste of the header)",
    exit_code=2,
    fragments=["facilities.csv", "the header names '名称' more than once"],
)
def _(folder):
    frame = base_facilities().rename(columns={"facility_id": "名称", "name": "名称"})
    frame.to_csv(folder / "facilities.csv", index=False)


@case(
    "curve_for_a_model_that_finds_its_number_of_sites",
    "carefac optimize --curve 1:3 --model lscp: exit 1, 'unexpected error (ValueError …)'",
    exit_code=2,
    fragments=["--curve draws the best plan for each number of new sites", "the lscp model finds its number of sites itself",
               "drop --curve"],
    command="optimize",
    args=["--curve", "1:3", "--model", "lscp"],
)
def _(folder):
    pass


@case(
    "curve_without_new_sites",
    "carefac optimize --curve 1:2 with no --new-sites: the plan uses the curve's largest number",
    exit_code=0,
    fragments=[],
    command="optimize",
    args=["--curve", "1:2"],
    expect_in_output=("curve.csv", "new_sites"),
)
def _(folder):
    pass


@case(
    "ambiguous_member_count_header",
    "the special-families table's count is headed just 人数",
    exit_code=2,
    fragments=["special_families.csv", "'人数' does not say whose members it counts", "独生子女死亡"],
)
def _(folder):
    write_table(
        folder,
        "special_families.csv",
        special_families().rename(columns={"独生子女死亡特扶人数": "人数"}),
        "special_families",
    )


@case(
    "member_count_under_a_year_header",
    "the special-families count headed 2023年独生子女死亡特扶人数: not read, the warm-home rule skipped without a word",
    exit_code=2,
    fragments=["special_families.csv", "the columns '2023年独生子女死亡特扶人数' may hold them",
               'special_assistance_members = "2023年独生子女死亡特扶人数"'],
)
def _(folder):
    table = special_families().rename(columns={"独生子女死亡特扶人数": "2023年独生子女死亡特扶人数"})
    write_table(folder, "special_families.csv", table, "special_families")


@case(
    "indicators_under_year_headers",
    "indicators headed 2025年孕产妇死亡率, 2025年婴儿死亡率: none read, every indicator rule skipped as 'no value'",
    exit_code=2,
    fragments=["indicators.csv", "the columns '2025年孕产妇死亡率', '2025年婴儿死亡率' hold an indicator's name",
               'maternal_mortality = "2025年孕产妇死亡率"'],
)
def _(folder):
    table = pd.DataFrame({"区划代码": ["350601", "350602"], "2025年孕产妇死亡率": ["6.5", "9"], "2025年婴儿死亡率": ["1.8", "2.5"]})
    write_table(folder, "indicators.csv", table, "indicators")


# -- county tables against the areas ------------------------------------------------------------------


@case(
    "county_table_old_code",
    "the special-families table keys 西县 by an old code (350681), as statistics often do after a change",
    exit_code=2,
    fragments=["special_families.csv", "'区划代码 (area_id)', row 3", "350681 (西县旧码)", "350602 西县",
               "the current code"],
)  # fmt: skip
def _(folder):
    table = special_families().assign(区划代码=["350601", "350681"], 县区=["东县", "西县旧码"])
    write_table(folder, "special_families.csv", table, "special_families")


@case(
    "county_table_by_township",
    "the indicators table given per township, not per county",
    exit_code=2,
    fragments=["indicators.csv", "350601001 (甲街道, a township)", "350601 东县", "not per township"],
)
def _(folder):
    codes = ["350601001", "350601101", "350602001", "350602101"]
    table = pd.DataFrame({"区划代码": codes, "婴儿死亡率": ["3.1", "2.0", "2.2", "4.0"]})
    write_table(folder, "indicators.csv", table, "indicators")


@case(
    "county_table_county_twice",
    "a county's indicators given twice (last year's row left in)",
    exit_code=2,
    fragments=["indicators.csv", "rows 2, 4", "gives a county more than once (350601)"],
)
def _(folder):
    table = pd.DataFrame({"区划代码": ["350601", "350602", "350601"], "婴儿死亡率": ["3.1", "2.0", "5.9"]})
    write_table(folder, "indicators.csv", table, "indicators")


@case(
    "county_table_totals_and_province",
    "a province-wide indicators list with the city's row, a 合计 row and a footnote: the two counties read, "
    "the rest said (the footnote, with no figure, passed over)",
    exit_code=0,
    fragments=["totals or the whole city's figures (合计, 全市 …; rows 4, 5)",
               "areas outside the study (350203 (思明区); row 3): not read"],
    expect_numbers=[["flags.csv", "subject_id", "350601", "measured", 3.1, "indicator_infant_mortality"],
                    ["flags.csv", "subject_id", "350602", "measured", 2.0, "indicator_infant_mortality"]],
)  # fmt: skip
def _(folder):
    table = pd.DataFrame(
        {
            "区划代码": ["350601", "350203", "350600", "合计", "", "350602"],
            "名称": ["东县", "思明区", "漳州市", "", "注：2023年数据", "西县"],
            "婴儿死亡率": ["3.1", "1.5", "2.6", "2.6", "", "2.0"],
        }
    )
    write_table(folder, "indicators.csv", table, "indicators")


# -- zeros that are often "not known" ----------------------------------------------------------------


@case(
    "zero_slots_and_residents",
    "a childcare centre with 0 slots, a township with 0 residents and a new district with 0 residents: "
    "counted as given, each said, the district not checked",
    exit_code=0,
    fragments=["1 row gives 0 for 'slots' (row 3)", "1 area has 0 residents (丁镇; row 6)",
               "1 residential district has 0 residents (锦绣花园; row 1)"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 190]],
    expect_in_output=["flags.csv", "new_residential_childcare,new districts' own childcare,R1,锦绣花园,skipped"],
)  # fmt: skip
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 1, "slots", "0"))
    areas = base_areas()
    areas.loc[1, "population"], areas.loc[5, "population"], areas.loc[5, "pop_under3"] = 35000, 0, 0
    write_areas(folder, areas)
    districts = base_residential()
    districts.loc[0, "population"] = 0
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "candidates_with_floor_area_not_slots",
    "candidate sites giving 建筑面积 (floor area) and no slots, for the default shortfall model: 'these rows have "
    "none' on a column the list never had",
    exit_code=2,
    fragments=["candidates.csv", "the list has no column of it (its columns: 'candidate_id', 'name', '建筑面积'",
               "a floor area (建筑面积, ㎡) is not slots", "[layers.candidates.columns] capacity"],
    command="optimize",
    args=["--new-sites", "1"],
)
def _(folder):
    edit_csv(folder, "candidates.csv", lambda f: f.rename(columns={"capacity": "建筑面积"}).assign(建筑面积=["300", "450", "260"]))


@case(
    "candidates_without_capacity_mclp",
    "candidate sites with no capacity column, for the mclp model (which needs none): sites proposed, the "
    "accessibility after the plan said unknown (it printed an internal error)",
    exit_code=0,
    fragments=[
        "accessibility after the plan is not computed: proposed sites have no capacity (slots) in the candidates layer (1)",
        "proposed sites without a capacity (1; C",
    ],
    command="optimize",
    args=["--new-sites", "1", "--model", "mclp"],
)
def _(folder):
    edit_csv(folder, "candidates.csv", lambda f: f.drop(columns=["capacity"]))


# -- what offices' files say about themselves ------------------------------------------------------------


@case(
    "datav_boundaries_undeclared",
    "Aliyun DataV boundaries (GCJ-02, no crs member) given without a declared system",
    exit_code=2,
    fragments=["areas.geojson", "comes from a Chinese web map", 'crs = "gcj02"'],
)
def _(folder):
    areas = base_areas().rename(columns={"area_id": "adcode"})
    areas["childrenNum"], areas["acroutes"] = 0, "[100000, 350000]"
    write_areas(folder, areas)


@case(
    "serves_by_name",
    "an MCH institution whose 服务区划 names its county (西县) instead of the code: counted for 西县",
    exit_code=0,
    fragments=[],
    expect_in_output=["flags.csv", "county_mch_grade,county MCH institution grade,350602,西县,ok"],
)
def _(folder):
    facilities = base_facilities().assign(grade="", serves="")
    facilities.loc[len(facilities)] = ["F7", "西县妇幼保健院", "mch_institution", "", "existing", 117.62, 24.53, "二级", "西县"]
    facilities.to_csv(folder / "facilities.csv", index=False)


@case(
    "population_from_a_joined_table",
    "boundaries without residents and the statistics bureau's table (万人, 12-digit codes, a 合计 row) joined",
    exit_code=0,
    command="coverage",
    fragments=["areas' 常住人口(万人) are read from 人口.csv", "1 row matches no area of the boundaries (合计"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000]],
)
def _(folder):
    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population", "pop_under3"]))
    table = pd.DataFrame({"区划代码": [*(c + "000" if len(c) == 9 else c for c in areas["area_id"]), "合计"],
                          "常住人口(万人)": [*(areas["population"] / 10_000), 10.5]})  # fmt: skip
    table.to_csv(folder / "人口.csv", index=False)
    join_config(folder, "人口.csv")


def _joined_table(folder: Path, names: list[str], codes: list[str] | None = None) -> None:
    """Write boundaries without residents and 人口.csv of 区划代码 | 名称 | 常住人口 joined to them."""
    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population", "pop_under3"]))
    table = pd.DataFrame({"区划代码": codes if codes is not None else list(areas["area_id"]), "名称": names,
                          "常住人口": list(areas["population"])})  # fmt: skip
    table.to_csv(folder / "人口.csv", index=False)
    join_config(folder, "人口.csv")


@case(
    "joined_table_codes_and_names_crossed",
    "the residents table's names sorted apart from its codes (乙镇's code on 丙街道's row): exit 0, each township "
    "given another's residents",
    exit_code=2,
    command="coverage",
    fragments=["人口.csv", "'名称'", "rows 5, 6", "two different areas of the boundaries",
               "row 5: 350601101 is 乙镇 there, the row names 丙街道 (350602001)"],
)
def _(folder):
    _joined_table(folder, ["东县", "西县", "甲街道", "丙街道", "乙镇", "丁镇"])


@case(
    "joined_table_names_written_otherwise",
    "the residents table names places as offices and yearbooks do (甲街道办事处, 乙乡 for 乙镇, 丁 镇) and one by "
    "a name no boundary has (戊街道): read by code, the odd name said",
    exit_code=0,
    command="coverage",
    fragments=["1 row names their area otherwise than the boundaries do", "350602001 丙街道 / 戊街道"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350602001", "population", 35000]],
)
def _(folder):
    _joined_table(folder, ["东县", "西县", "甲街道办事处", "乙乡", "戊街道", "丁 镇"])


@case(
    "joined_table_row_without_its_code",
    "a row of the residents table left without its code (乙镇, code blank): 'an area has no row'",
    exit_code=0,
    command="coverage",
    fragments=["1 row has no area code: each is matched to the one area of the boundaries with its name", "乙镇 → 350601101"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000]],
)
def _(folder):
    _joined_table(folder, ["东县", "西县", "甲街道", "乙镇", "丙街道", "丁镇"],
                  codes=["350601", "350602", "350601001", "", "350602001", "350602101"])


@case(
    "county_table_codes_and_names_crossed",
    "a county table whose names are another row's (区划代码 350601 on 西县's row): each county given the other's count",
    exit_code=2,
    fragments=["special_families.csv", "'县区'", "rows 2, 3", "row 2: 350601 is 东县 there, the row names 西县 (350602)"],
)
def _(folder):
    table = special_families()
    table.insert(1, "县区", ["西县", "东县"])
    write_table(folder, "special_families.csv", table, "special_families")


@case(
    "boundary_counties_named_as_each_other",
    "a boundary file whose county 350602 (芗城区 in the census) is named 龙文区 (350603): the census, county tables and "
    "rules describe 芗城区 under 龙文区's name, exit 0",
    exit_code=2,
    fragments=["areas.geojson", "row 2", "2020 census", "350602 is 芗城区 there, the feature names 龙文区 (350603)"],
)
def _(folder):
    areas = base_areas()
    areas.loc[areas["area_id"] == "350602", "name"] = "龙文区"
    write_areas(folder, areas)


# -- found by this session's probes: cells and rows as offices' systems write them ----------------------


@case(
    "header_wrapped_in_its_cell",
    "a header wrapped onto two lines in its cell (托位\\n数): 'no column is read as the slots'",
    exit_code=0,
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.rename(columns={"slots": "托位\n数"}))


@case(
    "population_with_footnote_marks",
    "populations with a footnote mark (40000*, 20000（估）): said twice, as not numbers and as blank (the "
    "mark refers to a footnote not read: refused; a note in brackets is read past, said)",
    exit_code=2,
    fragments=["1 problem in the input", "row 3: values are not numbers ('40000*')"],
)
def _(folder):
    areas = base_areas()
    areas["population"] = areas["population"].astype(str)
    areas.loc[2, "population"], areas.loc[3, "population"] = "40000*", "20000（估）"
    write_areas(folder, areas)


@case(
    "twelve_digit_area_codes",
    "areas keyed by 12-digit statistical codes (350601001000) with no level column: 'level is blank' "
    "(with a level column, read, but the census and county-table checks found no county)",
    exit_code=0,
    fragments=["12-digit statistical form (6; e.g. 350602000000 → 350602)", "the areas hold 2 of the 11 counties"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350603101", "population", 10000]],
)
def _(folder):
    areas = base_areas().drop(columns=["level", "parent_id"])
    areas["area_id"] = [c + ("000" if len(c) == 9 else "000000") for c in areas["area_id"]]
    areas.loc[0, "area_id"], areas.loc[2, "area_id"], areas.loc[3, "area_id"] = "350602000000", "350602001000", "350602101000"
    areas.loc[1, "area_id"], areas.loc[4, "area_id"], areas.loc[5, "area_id"] = "350603000000", "350603001000", "350603101000"
    write_areas(folder, areas)


@case(
    "facilities_total_row",
    "a 合计 row under the facility list, with the sum of the slots and no coordinates: 'coordinates missing', "
    "then refused as a total",
    exit_code=0,
    command="check",
    fragments=["total rows without coordinates passed over: row 8 (合计)"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    total = pd.DataFrame([{"facility_id": "", "name": "合计", "slots": "250"}])
    edit_csv(folder, "facilities.csv", lambda f: pd.concat([f, total]).fillna(""))


@case(
    "coordinates_written_zero",
    "a facility whose coordinates a system filled with 0 (0, 0): 'outside every area'",
    exit_code=2,
    fragments=["row 2: coordinates are 0"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(set_cell(f, 0, "lon", "0"), 0, "lat", "0"))


@case(
    "facilities_as_one_point_multipoints",
    "a GIS layer of facilities written as MultiPoint features of one point each: refused as not points",
    exit_code=0,
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    config = BASE_CONFIG.replace('path = "facilities.csv"\ncrs = "wgs84"', 'path = "facilities.geojson"')
    (folder / "carefac.toml").write_text(config, encoding="utf-8")
    frame = base_facilities()
    points = [shapely.MultiPoint([(x, y)]) for x, y in zip(frame["lon"], frame["lat"], strict=True)]
    (folder / "facilities.csv").unlink()
    gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"]), geometry=points, crs=4326).to_file(folder / "facilities.geojson")


@case(
    "candidate_capacity_pending",
    "a candidate's capacity written 待定 (pending), for mclp, where existing facilities already reach every "
    "district: 'nan slots', the slots after the plan counted it as 0 unsaid, two sites proposed that add nothing",
    exit_code=0,
    fragments=["proposed sites without a capacity (1; C1)", "none of the proposed sites (2) adds to the mclp model's aim"],
    command="optimize",
    args=["--new-sites", "2", "--model", "mclp"],
)
def _(folder):
    edit_csv(folder, "candidates.csv", lambda f: set_cell(f, 0, "capacity", "待定"))


@case(
    "parent_child_room_with_slots",
    "slots written for a parent-child room (亲子小屋, not childcare): left out of the slots per 1000 unsaid",
    exit_code=0,
    fragments=["slots written for facilities of a kind that is no childcare (1; F5 (parent_child_room): 20; 20 slots"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 4, "slots", "20"))


@case(
    "district_status_and_year_disagree",
    "a district marked new but completed in 2005, another marked existing but completed in 2025: both checked "
    "as new, unsaid",
    exit_code=0,
    fragments=["marked new but completed before 2023 (1; R1 2005)", "marked existing but completed in or after 2023 (1; R2 2025)"],
    expect_in_output=["flags.csv", "new_residential_childcare,new districts' own childcare,R2,阳光小区"],
)
def _(folder):
    districts = base_residential()
    districts["completion_year"] = [2005, 2025]
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


def _edit_line(folder: Path, name: str, index: int, change: Callable[[str], str]) -> None:
    lines = (folder / name).read_text("utf-8").splitlines()
    lines[index] = change(lines[index])
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@case(
    "csv_stray_separator_at_row_end",
    "a hand-edited CSV with a comma too many at the end of one row: 'the rows do not have the same number of "
    "columns (Error tokenizing data. C error …)', in English in a Chinese run",
    exit_code=0,
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350602", "slots", 70]],
)
def _(folder):
    _edit_line(folder, "facilities.csv", 3, lambda line: line + ",")


@case(
    "csv_row_with_a_separator_too_many",
    "a name written with a comma (丙幼儿园,托班) unquoted: every cell after it shifts one column",
    exit_code=2,
    fragments=["row 4: rows have cells past the header's last column (it has 7; e.g. '24.56')"],
)
def _(folder):
    _edit_line(folder, "facilities.csv", 3, lambda line: line.replace("丙幼儿园托班", "丙幼儿园,托班"))


@case(
    "csv_quote_never_closed",
    "a quote opening a name and never closed: pandas' 'EOF inside string starting at row 3'",
    exit_code=2,
    fragments=["row 4: a quote (\") opens a cell here and is never closed"],
)
def _(folder):
    _edit_line(folder, "facilities.csv", 3, lambda line: line.replace("丙幼儿园托班", '"丙幼儿园托班'))


@case(
    "districts_add_up_to_more_than_their_township",
    "two districts of 25,000 residents each in a township of 40,000 (each below it, their sum above): unsaid",
    exit_code=0,
    fragments=["areas whose residential districts hold more residents than the area itself (1; districts' "
               "residents / the area's: 甲街道 (350601001): 50,000 / 40,000)"],
)
def _(folder):
    districts = base_residential()
    second = districts.iloc[[0]].assign(district_id="R3", name="新城花园", geometry=[box(117.628, 24.558, 117.632, 24.562)])
    districts = gpd.GeoDataFrame(pd.concat([districts, second], ignore_index=True), crs=4326)
    districts.loc[[0, 2], "population"] = 25000
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "slots_above_a_townships_children",
    "a centre of 2,000 slots in a township of 1,200 children under 3 (an area's total entered as one facility?)",
    exit_code=0,
    fragments=["townships with more childcare slots than children under 3 (1; slots / children under 3: 甲街道 "
               "(350601001): 2,000 / 1,200)", "1 row gives more than 1,000 slots in 'slots' (row 2;"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(f, 0, "slots", "2000"))


def _street_lines(step: float = 0.005) -> gpd.GeoDataFrame:
    """The base project's streets as a bureau's centre-line layer: one line per street, not split where
    streets cross (CGCS2000 3° zone 39, EPSG:4548)."""
    xs = [round(117.60 + step * k, 6) for k in range(int(0.2 / step) + 1)]
    ys = [round(24.50 + step * k, 6) for k in range(int(0.1 / step) + 1)]
    lines = [shapely.LineString([(x, ys[0]), (x, ys[-1])]) for x in xs]
    lines += [shapely.LineString([(xs[0], y), (xs[-1], y)]) for y in ys]
    return gpd.GeoDataFrame({"DLMC": [f"路{k}" for k in range(len(lines))]}, geometry=lines, crs=4326).to_crs(4548)


@case(
    "road_centre_lines_from_the_bureau",
    "walking distance on the bureau's road centre lines (a shapefile, streets not split at crossings): "
    "'unsupported road graph file; use .osm, .osm.bz2, .osm.pbf or .graphml'",
    exit_code=0,
    fragments=["roads.shp: road lines that cross without a shared point are joined where they cross (741 crossings)"],
    expect_in_output=["flags.csv", "12 childcare slots within 300 m along roads"],
)
def _(folder):
    _street_lines().to_file(folder / "roads.shp")
    append_config(folder, '\n[distance]\nmethod = "network"\ngraph = "roads.shp"\n')


@case(
    "road_centre_lines_without_a_coordinate_system",
    "the road centre lines' shapefile without its .prj",
    exit_code=2,
    fragments=["roads.shp: the road lines do not say their coordinate system", '[distance] crs = "cgcs2000"'],
)
def _(folder):
    _street_lines().to_file(folder / "roads.shp")
    (folder / "roads.prj").unlink()
    append_config(folder, '\n[distance]\nmethod = "network"\ngraph = "roads.shp"\n')


@case(
    "two_pairs_of_coordinates",
    "a list with 经度/纬度 and X/Y (projected) side by side: one read, which one unsaid",
    exit_code=0,
    fragments=["the coordinates are read from 经度/纬度; X/Y is a second pair of coordinates and is not read"],
)
def _(folder):
    def both(frame: pd.DataFrame) -> pd.DataFrame:
        from pyproj import Transformer

        x, y = Transformer.from_crs(4326, 4548, always_xy=True).transform(frame["lon"].astype(float), frame["lat"].astype(float))
        return frame.rename(columns={"lon": "经度", "lat": "纬度"}).assign(X=[f"{v:.2f}" for v in x], Y=[f"{v:.2f}" for v in y])

    edit_csv(folder, "facilities.csv", both)


@case(
    "district_drawn_as_two_polygons",
    "a residential district drawn as two blocks, each feature with the district's id, name and residents: "
    "'ids are not unique (R1)'",
    exit_code=0,
    fragments=["1 residential district is drawn as several polygons with the same id and figures (id name (parts; "
               "rows): R1 锦绣花园 (2; 1, 3))"],
)
def _(folder):
    districts = base_residential()
    block = districts.iloc[[0]].assign(geometry=[box(117.6225, 24.548, 117.6245, 24.550)])
    gpd.GeoDataFrame(pd.concat([districts, block], ignore_index=True), crs=4326).to_file(
        folder / "residential.geojson", driver="GeoJSON"
    )


@case(
    "townships_for_one_county_only",
    "townships given for 东县 but none for 西县: each of 西县's points said as lying 'in a gap of the township layer'",
    exit_code=2,
    fragments=["1 problem in the input", "the layer gives townships for some counties but none for these (1: 350602 西县)"],
)
def _(folder):
    areas = base_areas()
    write_areas(folder, areas[~areas["area_id"].isin(["350602001", "350602101"])])


@case(
    "more_sites_asked_than_the_aim_uses",
    "three sites asked of the shortfall model when a candidate has no capacity: the third, of 0 slots, proposed "
    "and ranked as if it served",
    exit_code=0,
    fragments=["proposed sites that add nothing to the shortfall model's aim and serve no one (1; C2)"],
    command="optimize",
    args=["--new-sites", "3", "--model", "shortfall"],
)
def _(folder):
    edit_csv(folder, "candidates.csv", lambda f: set_cell(f, 1, "capacity", "0"))


@case(
    "parents_written_as_names",
    "parent_id written as the county's name (东县), and one township's left blank: 'townships name a parent "
    "county that is not in the layer'",
    exit_code=0,
    fragments=["parents written as names are read as the codes of the areas of that name (3; 东县 → 350601, 西县 → 350602)"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "population", 60000]],
)
def _(folder):
    areas = base_areas()
    areas["parent_id"] = ["漳州市", "漳州市", None, "东县", "西县", "西县"]
    write_areas(folder, areas)


@case(
    "new_district_with_planned_population_only",
    "districts with 常住人口 and 规划人口 columns, a new district's residents blank and its planned figure given: "
    "'not checked: no population and no households'",
    exit_code=0,
    fragments=["residential districts without residents take their planned population from '规划人口' (1; R1)"],
    expect_in_output=["flags.csv", "R1,锦绣花园,ok,14,14,slots"],
)
def _(folder):
    districts = base_residential().rename(columns={"population": "常住人口"})
    districts["规划人口"] = [3000, None]
    districts["常住人口"] = districts["常住人口"].astype(object)
    districts.loc[0, "常住人口"] = None
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "summary_sheet_among_the_county_sheets",
    'a workbook of one sheet per county and a 汇总 sheet repeating them, read with sheet = "*" and no id column: '
    "every slot counted twice (500 for 250), exit 0",
    exit_code=2,
    fragments=["rows 2 (汇总), 3 (汇总)", "the sheets '汇总' repeat, row for row, rows of the other sheets"],
)
def _(folder):
    facilities = base_facilities().drop(columns=["facility_id"])
    with pd.ExcelWriter(folder / "facilities.xlsx") as book:
        facilities.iloc[[0, 1, 2, 4]].to_excel(book, sheet_name="东县", index=False)
        facilities.iloc[[3, 5]].to_excel(book, sheet_name="西县", index=False)
        facilities.to_excel(book, sheet_name="汇总", index=False)
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "facilities.csv"', 'path = "facilities.xlsx"\nsheet = "*"'), encoding="utf-8"
    )


@case(
    "facility_on_two_county_sheets",
    'one facility listed on two county sheets (no id column), read with sheet = "*": counted twice, unsaid',
    exit_code=2,
    fragments=["row 4 (西县): rows repeat a row of another sheet exactly (4 (西县) = 3 (东县))"],
)
def _(folder):
    facilities = base_facilities().drop(columns=["facility_id"])
    with pd.ExcelWriter(folder / "facilities.xlsx") as book:
        facilities.iloc[[0, 1, 2, 4]].to_excel(book, sheet_name="东县", index=False)
        facilities.iloc[[3, 5, 1]].to_excel(book, sheet_name="西县", index=False)
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "facilities.csv"', 'path = "facilities.xlsx"\nsheet = "*"'), encoding="utf-8"
    )


# -- headers as statistical yearbooks write them: the year of the figures, the unit after a slash ----------


@case(
    "population_headed_with_its_year",
    "areas headed 2023年常住人口(万人) and a facility list headed 2023年托位数: 'required column missing'",
    exit_code=0,
    fragments=["'2023年常住人口(万人)' is read as population, the figures of 2023", "'2023年托位数' is read as slots"],
    expect_numbers=[
        ["slots_per_1000_county.csv", "area_id", "350601", "population", 60000],
        ["slots_per_1000_county.csv", "area_id", "350601", "slots", 180],
    ],
)
def _(folder):
    areas = base_areas()
    areas["2023年常住人口(万人)"] = areas.pop("population") / 10_000
    write_areas(folder, areas)
    edit_csv(folder, "facilities.csv", lambda f: f.rename(columns={"slots": "2023年托位数"}))


@case(
    "population_of_two_years",
    "areas with 2020年常住人口 and 2023年常住人口 side by side: which one is read is not guessed",
    exit_code=2,
    fragments=["'2020年常住人口', '2023年常住人口' could each be 'population'", 'population = "2023年常住人口"'],
)
def _(folder):
    areas = base_areas()
    areas["2020年常住人口"] = areas["population"] - 1_000
    areas["2023年常住人口"] = areas.pop("population")
    write_areas(folder, areas)


@case(
    "population_unit_after_a_slash",
    "areas headed 常住人口/万人 (指标/单位) : refused as 'under 1,000 residents' or 'column missing'",
    exit_code=0,
    fragments=["'常住人口/万人' is in 万人: its values are multiplied by 10,000"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000]],
)
def _(folder):
    areas = base_areas()
    areas["常住人口/万人"] = areas.pop("population") / 10_000
    write_areas(folder, areas)


@case(
    "households_with_their_own_size",
    "districts with 户数 and their own 户均人口 (2.1, 3.4), no population: the profile's 2.9 used for both, unsaid",
    exit_code=0,
    command="run",
    fragments=["households × their own persons per household (户均人口)"],
    expect_numbers=[
        ["accessibility.csv", "demand_id", "R1", "population", 2100],
        ["accessibility.csv", "demand_id", "R2", "population", 2720],
    ],
)
def _(folder):
    districts = base_residential().drop(columns=["population"])
    districts["户数"] = [1000, 800]
    districts["户均人口"] = [2.1, 3.4]
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "household_size_per_hundred_households",
    "districts' 户均人口 written per 100 households (210): 210,000 residents in a district of 1,000 households",
    exit_code=2,
    fragments=["persons per household outside 1–10 (210)", "row 1"],
)
def _(folder):
    districts = base_residential().drop(columns=["population"])
    districts["户数"] = [1000, 800]
    districts["户均人口"] = [210, None]
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "children_under_3_by_year_of_age",
    "areas giving children as 0岁人口, 1岁人口, 2岁人口 (no under-3 column): ignored, 'accessibility not computed'",
    exit_code=0,
    fragments=["children under 3 are the sum of the columns '0岁人口', '1岁人口', '2岁人口'"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "pop_under3", 600]],
)
def _(folder):
    areas = base_areas().drop(columns=["pop_under3"])
    areas["0岁人口"], areas["1岁人口"], areas["2岁人口"] = areas["population"] // 100, areas["population"] // 100, areas["population"] // 100
    write_areas(folder, areas)


@case(
    "children_under_3_in_census_bands",
    "a joined census table with 0岁 and 1-4岁 (the census's bands), no under-3 column: ignored",
    exit_code=0,
    fragments=["children under 3 are estimated as '0岁' + ½ × '1-4岁'"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "pop_under3", 600]],  # 200 + 800 / 2
)
def _(folder):
    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population", "pop_under3"]))
    table = pd.DataFrame({"区划代码": areas["area_id"], "常住人口": areas["population"],
                          "0岁": areas["population"] // 100, "1-4岁": areas["population"] // 25})  # fmt: skip
    table.to_csv(folder / "人口.csv", index=False)
    join_config(folder, "人口.csv")


@case(
    "census_table_one_row_per_year",
    "a joined population table in long form (区划代码, 年份, 常住人口; 2020 and 2023): 'ids are not unique'",
    exit_code=2,
    fragments=["column '年份': the table gives each area once per year (年份: 2020, 2023)", "年份 = 2023"],
)
def _(folder):
    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population", "pop_under3"]))
    table = pd.concat([pd.DataFrame({"区划代码": areas["area_id"], "年份": year, "常住人口": areas["population"] - gap})
                       for year, gap in ((2020, 500), (2023, 0))])  # fmt: skip
    table.to_csv(folder / "人口.csv", index=False)
    join_config(folder, "人口.csv")


@case(
    "county_table_one_row_per_year",
    "a county table with a row per county and year (年度 2022年, 2023年): 'counties repeated'",
    exit_code=2,
    fragments=["column '年度': the table gives each area once per year (年度: 2022, 2023)"],
)
def _(folder):
    table = pd.DataFrame({"区划代码": ["350601", "350602"] * 2, "年度": ["2022年", "2022年", "2023年", "2023年"],
                          "独生子女死亡特扶人数": ["60", "20", "62", "21"]})  # fmt: skip
    write_table(folder, "special_families.csv", table, "special_families")


@case(
    "cad_drawing_as_areas",
    "the planning office's CAD drawing (.dxf) named as the areas: 'unsupported file type'",
    exit_code=2,
    fragments=["'.dxf' is a CAD drawing", "MAPEXPORT"],
)
def _(folder):
    base_areas()[["geometry"]].to_file(folder / "areas.dxf", driver="DXF")
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("areas.geojson", "areas.dxf"), encoding="utf-8")


@case(
    "signature_line_under_the_list",
    "填表人：… | 审核人：… | 填报日期：… under the facility list: 'coordinates missing' for that row",
    exit_code=0,
    fragments=["填表人：张三 审核人：李四 填报日期：2023年12月"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    facilities = pd.concat([base_facilities(), pd.DataFrame([{"facility_id": "填表人：张三", "name": "审核人：李四",
                                                               "kind": "填报日期：2023年12月"}])])  # fmt: skip
    facilities.to_excel(folder / "facilities.xlsx", index=False)
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("facilities.csv", "facilities.xlsx"), encoding="utf-8")


@case(
    "completion_dates_under_a_date_header",
    "districts' 竣工时间 as dates (2005-06-30) and names under 项目名称: the year unread, a new district built in "
    "2005 checked as new unsaid; 'required column name missing'",
    exit_code=0,
    fragments=["marked new but completed before 2023 (1; R1 2005)"],
)
def _(folder):
    districts = base_residential().rename(columns={"completion_year": "竣工时间", "name": "项目名称"})
    districts["竣工时间"] = ["2005-06-30", "2010-12-01"]
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


# -- one layer in several files: county and township boundaries apart, one facility list per county --------


@case(
    "boundaries_in_two_files",
    "county and township boundaries in two files (县界.geojson, 乡镇界.geojson in EPSG:4527) with the bureau's "
    "population table: path = [...] was 'not a file path'",
    exit_code=0,
    command="check",
    fragments=["2 files are read as one layer of 6 rows: 县界.geojson (2), 乡镇界.geojson (4)",
               "1 row matches no area of the boundaries (合计"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "population", 60000],
                    ["slots_per_1000_township.csv", "area_id", "350602101", "population", 10000]],
)
def _(folder):
    areas = base_areas()
    bare = areas.drop(columns=["population", "pop_under3"])
    write_areas(folder, bare[bare["level"] == "county"], "县界.geojson")
    write_areas(folder, bare[bare["level"] == "township"].to_crs(4527), "乡镇界.geojson")
    (folder / "areas.geojson").unlink()
    pd.DataFrame({"区划代码": [*areas["area_id"], "合计"], "常住人口": [*areas["population"], 105_000]}).to_csv(
        folder / "人口.csv", index=False
    )
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace(
        'path = "areas.geojson"', 'path = ["县界.geojson", "乡镇界.geojson"]\njoin = "人口.csv"'), encoding="utf-8")  # fmt: skip


def _facility_file_per_county(folder: Path, west: pd.DataFrame) -> None:
    east = base_facilities().iloc[[0, 1, 4]].assign(facility_id=["1", "2", "3"])
    east.to_excel(folder / "东县.xlsx", index=False)
    west.to_excel(folder / "西县.xlsx", index=False)
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "facilities.csv"', 'path = ["东县.xlsx", "西县.xlsx"]'), encoding="utf-8"
    )


@case(
    "facilities_one_file_per_county",
    "each county's health bureau sends its own list (东县.xlsx, 西县.xlsx), each numbering its centres 1, 2, 3",
    exit_code=0,
    command="check",
    fragments=["2 files are read as one layer of 6 rows", "6 rows have an id another file also uses",
               "e.g. 1 → 东县-1"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180],
                    ["slots_per_1000_county.csv", "area_id", "350602", "slots", 70]],
)
def _(folder):
    _facility_file_per_county(folder, base_facilities().iloc[[2, 3, 5]].assign(facility_id=["1", "2", "3"]))


@case(
    "facility_in_two_county_files",
    "a centre listed in both counties' files, row for row: counted twice",
    exit_code=2,
    fragments=["rows repeat a row of another file exactly (2 (西县.xlsx) = 2 (东县.xlsx))"],
)
def _(folder):
    west = base_facilities().iloc[[0, 2, 3, 5]].assign(facility_id=["1", "2", "3", "4"])
    _facility_file_per_county(folder, west)


@case(
    "facility_lists_in_a_folder",
    "path names the folder the counties' lists were saved in (各县/东县.xlsx, 各县/西县.xlsx, and Excel's ~$ lock file): "
    "'unsupported file type'",
    exit_code=0,
    command="check",
    fragments=["2 files are read as one layer of 6 rows: 东县.xlsx (3), 西县.xlsx (3)"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350602", "slots", 70]],
)
def _(folder):
    (folder / "各县").mkdir()
    facilities = base_facilities()
    facilities.iloc[[0, 1, 4]].to_excel(folder / "各县" / "东县.xlsx", index=False)
    facilities.iloc[[2, 3, 5]].to_excel(folder / "各县" / "西县.xlsx", index=False)
    (folder / "各县" / "~$东县.xlsx").write_bytes(b"\x00" * 165)  # Excel's lock file while 东县.xlsx is open
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace('path = "facilities.csv"', 'path = "各县"'), encoding="utf-8")


def _table_by_name(folder: Path, areas: gpd.GeoDataFrame, names: list[str]) -> None:
    write_areas(folder, areas.drop(columns=["population", "pop_under3"]))
    pd.DataFrame({"区划名称": [*names, "合计"], "常住人口": [*areas["population"], 105_000]}).to_csv(
        folder / "人口.csv", index=False
    )
    join_config(folder, "人口.csv")


@case(
    "census_table_by_name",
    "a yearbook's population table with names only (东 县, as yearbooks align them), no codes: 'no area code column'",
    exit_code=0,
    command="check",
    fragments=["the table has no area codes: its 6 rows are matched to the boundaries by name"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350602101", "population", 10000]],
)
def _(folder):
    areas = base_areas()
    _table_by_name(folder, areas, [n if len(n) > 2 else f"{n[0]} {n[1]}" for n in areas["name"]])


@case(
    "census_table_by_a_shared_name",
    "a table by name where two townships share the name 城关镇",
    exit_code=2,
    fragments=["two areas of the boundaries share the names 城关镇"],
)
def _(folder):
    areas = base_areas()
    areas.loc[[3, 5], "name"] = "城关镇"
    _table_by_name(folder, areas, list(areas["name"]))


@case(
    "population_unit_in_the_title",
    "a yearbook table titled 各县（区）、乡镇常住人口（单位：万人）, its header a bare 常住人口: refused as 'under 1,000 "
    "residents'",
    exit_code=0,
    command="check",
    fragments=["the title above the table gives the figures' unit (万人): read as the unit of 常住人口(万人)"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000]],
)
def _(folder):
    import openpyxl

    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population", "pop_under3"]))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["表3  各县（区）、乡镇常住人口（单位：万人）"])
    sheet.append(["区划代码", "区划名称", "常住人口"])
    for code, name, population in zip(areas["area_id"], areas["name"], areas["population"], strict=True):
        sheet.append([code, name, population / 10_000])
    book.save(folder / "人口.xlsx")
    join_config(folder, "人口.xlsx")


@case(
    "boundaries_drawn_as_closed_lines",
    "township and county outlines as closed lines, as a CAD drawing exports them: refused as 'LineString'",
    exit_code=0,
    command="check",
    fragments=["6 of 6 outlines are drawn as closed lines (rows 1, 2, 3, 4, 5, 6)"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    areas = base_areas()
    areas["geometry"] = [shapely.LineString(shape.exterior.coords) for shape in areas.geometry]
    write_areas(folder, areas)


def _sheet_set_in(folder: Path, facilities: pd.DataFrame) -> None:
    """Write the facility list two rows and one column in from the sheet's corner, under a title."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append([])
    sheet.append([None, "漳州市托育机构名单"])
    sheet.append([None, *facilities.columns])
    for row in facilities.itertuples(index=False):
        sheet.append([None, *row])
    book.save(folder / "facilities.xlsx")
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("facilities.csv", "facilities.xlsx"), encoding="utf-8")


@case(
    "table_set_in_from_the_sheets_corner",
    "the list starts at B4: two empty rows and an empty column A around it, a title in B3: 'no x (longitude) "
    "column (columns: Unnamed: 0, Unnamed: 1 …)'",
    exit_code=0,
    command="check",
    fragments=["the headers are read from row 4: the title rows above them (1; '漳州市托育机构名单') are skipped"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    _sheet_set_in(folder, base_facilities())


@case(
    "table_set_in_with_a_bad_cell",
    "a list set in from the sheet's corner (starting at B4) with a longitude written 东经117: the row named as the sheet numbers it",
    exit_code=2,
    fragments=["row 7: coordinates are missing or not numbers"],
)
def _(folder):
    facilities = base_facilities()
    facilities["lon"] = facilities["lon"].astype(object)
    facilities.loc[2, "lon"] = "东经117"
    _sheet_set_in(folder, facilities)


@case(
    "csv_saved_from_a_sheet_set_in",
    "that list saved as CSV by Excel (,,,, rows on top, a leading comma on every row), a longitude 东经117: "
    "'no x (longitude) column (columns: Unnamed: 0 …)'",
    exit_code=2,
    fragments=["row 7: coordinates are missing or not numbers"],
)
def _(folder):
    facilities = base_facilities()
    facilities["lon"] = facilities["lon"].astype(object)
    facilities.loc[2, "lon"] = "东经117"
    width = len(facilities.columns) + 1
    lines = ["," * (width - 1)] * 2 + ["," + "漳州市托育机构名单" + "," * (width - 2), "," + ",".join(facilities.columns)]
    lines += ["," + ",".join("" if v is None else str(v) for v in row) for row in facilities.itertuples(index=False)]
    (folder / "facilities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@case(
    "childcare_list_without_a_kind_column",
    "the health bureau's list of childcare centres only, without a 类型 column, the config saying kind = \"托育机构\": "
    "'required column kind missing' with no way to say it",
    exit_code=0,
    command="check",
    fragments=["the file has no kind column: its 4 rows are read as kind = '托育机构', as [layers.facilities] says"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350602", "slots", 70]],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.drop(columns=["kind"]).iloc[:4])
    (folder / "carefac.toml").write_text(
        BASE_CONFIG.replace('path = "facilities.csv"', 'path = "facilities.csv"\nkind = "托育机构"'), encoding="utf-8"
    )


@case(
    "childcare_list_without_a_kind_column_unsaid",
    "the same list without the config's kind: the fix says how to give every row one",
    exit_code=2,
    fragments=["the required column 'kind' is missing", 'under [layers.facilities]: kind = "托育机构"'],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.drop(columns=["kind"]).iloc[:4])


@case(
    "facility_list_two_row_header",
    "a facility list whose header is two rows, group labels merged over the columns (基本信息 | 托位情况 | 坐标) "
    "and 序号 merged down over both: refused as 'merged header cells'",
    exit_code=0,
    command="check",
    fragments=["the header is two rows (1 and 2: group labels over the columns they hold): read as one (机构编号, 机构名称"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "基本信息", None, None, "托位情况", None, "坐标", None])
    sheet.append([None, "机构编号", "机构名称", "类型", "托位数", "状态", "经度", "纬度"])
    for cells in ("A1:A2", "B1:D1", "E1:F1", "G1:H1"):
        sheet.merge_cells(cells)
    columns = ["facility_id", "name", "kind", "slots", "status", "lon", "lat"]
    for number, row in enumerate(base_facilities()[columns].itertuples(index=False), start=1):
        sheet.append([number, *(int(v) if isinstance(v, str) and v.isdigit() else v for v in row)])
    book.save(folder / "facilities.xlsx")
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("facilities.csv", "facilities.xlsx"), encoding="utf-8")


@case(
    "population_table_two_row_header",
    "the statistics bureau's residents table with 常住人口 over 合计 | 男 | 女 (a two-row header), joined to the "
    "boundaries: refused as 'merged header cells'",
    exit_code=0,
    command="check",
    fragments=["read as one (常住人口, 常住人口男, 常住人口女)"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000]],
)
def _(folder):
    import openpyxl

    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population"]))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["区划代码", "区划名称", "常住人口", None, None])
    sheet.append([None, None, "合计", "男", "女"])
    for cells in ("A1:A2", "B1:B2", "C1:E1"):
        sheet.merge_cells(cells)
    for code, name, population in zip(areas["area_id"], areas["name"], areas["population"], strict=True):
        sheet.append([code, name, population, population // 2, population - population // 2])
    book.save(folder / "人口.xlsx")
    join_config(folder, "人口.xlsx")


@case(
    "children_under_3_headed_otherwise",
    "township children under 3 headed 3周岁以下婴幼儿数 (周岁, as official tables write ages): not read, the "
    "under-3s left unknown or estimated from census shares",
    exit_code=0,
    command="check",
    fragments=[],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "pop_under3", 607]],
)
def _(folder):
    areas = base_areas()
    areas["pop_under3"] += 7
    write_areas(folder, areas.rename(columns={"pop_under3": "3周岁以下婴幼儿数"}))


@case(
    "facility_list_headed_as_filing_systems_write_it",
    "a facility list headed 单位名称, 运营状态 and 托位数合计 beside the slots by class (乳儿班托位 …), a township "
    "list headed 乡镇名称 and 所属县区: 'no column is read as the slots', 'name missing'",
    exit_code=0,
    command="check",
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180],
                    ["slots_per_1000_county.csv", "area_id", "350602", "slots", 70]],
)
def _(folder):
    def headed(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.rename(columns={"name": "单位名称", "status": "运营状态", "slots": "托位数合计"})
        frame.insert(4, "乳儿班托位", "10")
        return frame

    edit_csv(folder, "facilities.csv", headed)
    areas = base_areas()
    areas["parent_id"] = areas["parent_id"].map({"350600": "漳州市", "350601": "东县", "350602": "西县"})
    write_areas(folder, areas.rename(columns={"name": "乡镇名称", "parent_id": "所属县区"}))


@case(
    "yearbook_township_table_with_subtotals",
    "a yearbook's township residents table with 小计 rows after each county's townships and a 全市合计 row, no "
    "county rows, joined to county and township boundaries: refused as 'areas have no row', the rows left over "
    "named 'nan, nan, nan'",
    exit_code=0,
    command="check",
    fragments=["the table gives no row of its own for 2 counties (350601 东县 (2, 60,000); 350602 西县 (2, 45,000)",
               "3 rows match no area of the boundaries (全市合计, 小计, 小计; rows 2, 5, 8)"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350602", "population", 45000]],
)
def _(folder):
    import openpyxl

    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population"]))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["区划代码", "区划名称", "常住人口"])
    sheet.append([None, "全市合计", int(areas.loc[areas["level"] == "county", "population"].sum())])
    for county in ("350601", "350602"):
        towns = areas[areas["parent_id"] == county]
        for code, name, population in zip(towns["area_id"], towns["name"], towns["population"], strict=True):
            sheet.append([code, name, int(population)])
        sheet.append([None, "小计", int(towns["population"].sum())])
    book.save(folder / "人口.xlsx")
    join_config(folder, "人口.xlsx")


def _workbook_after_a_cover(folder: Path, cover: str) -> None:
    """Write the facility list on a workbook's second sheet, after a cover page of text lines."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = cover
    for line in (["漳州市托育机构基本情况统计表"], [], ["填报单位：漳州市卫生健康委员会"], ["填报时间：2023年12月"]):
        sheet.append(line)
    data = book.create_sheet("托育机构")
    facilities = base_facilities()
    data.append(list(facilities.columns))
    for row in facilities.itertuples(index=False):
        data.append([int(v) if isinstance(v, str) and v.isdigit() else v for v in row])
    book.save(folder / "facilities.xlsx")
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("facilities.csv", "facilities.xlsx"), encoding="utf-8")


@case(
    "workbook_with_a_cover_page",
    "a workbook whose first sheet is a cover page (封面: the title, 填报单位, 填报时间), the list on the next: an "
    "unexpected error (a one-column sheet), then 'the layer has no rows'",
    exit_code=0,
    command="check",
    fragments=["the sheet '封面' reads as instructions or a cover page: the data are read from the sheet '托育机构'"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    _workbook_after_a_cover(folder, "封面")


@case(
    "workbook_with_a_cover_page_named_sheet1",
    "the same cover page left named Sheet1: 'the layer has no rows' without a word of the other sheet",
    exit_code=2,
    fragments=["the layer has no rows", "the workbook has the sheets: Sheet1, 托育机构"],
)
def _(folder):
    _workbook_after_a_cover(folder, "Sheet1")


@case(
    "one_township_in_wan",
    "one township's residents typed in 万人 (2 for 20,000) among townships in persons, no county rows to add up "
    "against: counted with 2 residents, 30,000 slots per 1000, exit 0",
    exit_code=2,
    fragments=["row 2: township areas with fewer than 100 residents where the median township has 22,500 "
               "(乙镇 (350601101): 2)"],
)
def _(folder):
    areas = base_areas()
    areas = areas[areas["level"] == "township"].reset_index(drop=True)
    areas.loc[areas["area_id"] == "350601101", "population"] = 2
    write_areas(folder, areas.drop(columns=["pop_under3"]))


@case(
    "facility_closed_in_its_notes",
    "a centre whose 状态 says 运营 while its 备注 says 已于2023年6月停业 (and another's 未停业): counted, unsaid",
    exit_code=0,
    command="check",
    fragments=["1 facility has a note in '备注' saying closed or not open yet beside a status counted as open (row 3 "
               "(已于2023年6月停业))"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    notes = ["未停业，正常收托", "已于2023年6月停业", "", "", "", ""]
    edit_csv(folder, "facilities.csv", lambda f: f.assign(备注=notes))


@case(
    "layer_file_named_in_other_case",
    "the config names facilities.csv, the folder holds Facilities.CSV (copied from Windows, where case does not "
    "matter): 'the file does not exist'",
    exit_code=2,
    fragments=["the file does not exist; beside it: Facilities.CSV", "must match letter for letter"],
)
def _(folder):
    (folder / "facilities.csv").rename(folder / "Facilities.CSV")


#: a facility list saved by Excel behind the password 1234 (made once with msoffcrypto-tool, which
#: carefac does not need: only the bytes matter)
_ENCRYPTED_WORKBOOK = HERE / "facility_list_behind_a_password" / "facilities.xlsx"


@case(
    "facility_list_behind_a_password",
    "a facility list saved with an open password (as offices send them): 'the workbook cannot be read (Cannot "
    "detect file format)', in English in a Chinese run",
    exit_code=2,
    fragments=["the workbook is protected by a password (encrypted)", "remove it"],
)
def _(folder):
    (folder / "facilities.xlsx").write_bytes(_ENCRYPTED_BYTES)
    (folder / "facilities.csv").unlink()
    (folder / "carefac.toml").write_text(BASE_CONFIG.replace("facilities.csv", "facilities.xlsx"), encoding="utf-8")


_ENCRYPTED_BYTES = _ENCRYPTED_WORKBOOK.read_bytes() if _ENCRYPTED_WORKBOOK.exists() else b""


@case(
    "indicators_in_rows_counties_in_columns",
    "the 2025 indicators as a health report lays them out (指标 | 东县 | 西县, a row per indicator): refused as "
    "'no area code column'",
    exit_code=0,
    command="check",
    fragments=["the table gives its 4 indicators in rows and the counties in columns (东县, 西县): read turned"],
    expect_in_output=["flags.csv", "infant mortality 3.4 per 1,000; target at most 2"],
)
def _(folder):
    table = pd.DataFrame({"指标": ["孕产妇死亡率(1/10万)", "婴儿死亡率(‰)", "婚前医学检查率(%)", "产前筛查率(%)"],
                          "东县": [8.5, 2.1, 75.0, 92.0], "西县": [0, 3.4, 68.0, 95.5]})  # fmt: skip
    table.to_csv(folder / "指标.csv", index=False, encoding="utf-8-sig")
    append_config(folder, '\n[tables.indicators]\npath = "指标.csv"\n')


@case(
    "indicators_province_average_merged_down",
    "the 2025 indicators with the provincial average typed once, in a cell merged down the column: only the "
    "first county compared with the province (优于全省平均水平), the others passed unsaid",
    exit_code=0,
    command="check",
    fragments=["the provincial average of prenatal screening rate is not given for 1 county (350602"],
    expect_in_output=["flags.csv", "prenatal screening rate 93.5 %; target at least 92; not better than the province "
                                   "(94, as given in another row)"],
)
def _(folder):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["区划代码", "名称", "产前筛查率(%)", "产前筛查率全省平均"])
    sheet.append(["350601", "东县", 95.5, 94])
    sheet.append(["350602", "西县", 93.5, None])
    sheet.merge_cells("D2:D3")
    workbook.save(folder / "指标.xlsx")
    append_config(folder, '\n[tables.indicators]\npath = "指标.xlsx"\n')


@case(
    "indicators_one_file_per_county",
    "the 2025 indicators sent by each county's bureau in a file of its own (东县 by code, 西县 by name), listed "
    "under [tables.indicators]: 'path is not a file path'",
    exit_code=0,
    command="check",
    fragments=["its rows are matched to the counties by their names in '县区'"],
    expect_in_output=["flags.csv", "infant mortality 3.4 per 1,000; target at most 2"],
)
def _(folder):
    pd.DataFrame({"区划代码": ["350601"], "婴儿死亡率": [2.1]}).to_csv(folder / "东县指标.csv", index=False)
    pd.DataFrame({"县区": ["西县"], "婴儿死亡率(‰)": [3.4]}).to_csv(folder / "西县指标.csv", index=False)
    append_config(folder, '\n[tables.indicators]\npath = ["东县指标.csv", "西县指标.csv"]\n')


@case(
    "district_statuses_as_a_housing_bureau_writes_them",
    "districts' status as the housing bureau writes it (待交付 for the new one, 已竣工 for the old): refused as "
    "unknown status values",
    exit_code=0,
    command="check",
    fragments=[],
    expect_in_output=["flags.csv", "new_residential_childcare,new districts' own childcare,R1,锦绣花园"],
)
def _(folder):
    districts = base_residential()
    districts["status"] = ["待交付", "已竣工"]
    districts.drop(columns=["completion_year"]).to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "boundaries_keyed_by_pinyin_initials",
    "township and county boundaries keyed QHDM / QHMC (区划代码 / 名称 in pinyin initials, as land-survey layers "
    "write them): 'the required column area_id is missing'",
    exit_code=0,
    command="check",
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    write_areas(folder, base_areas().rename(columns={"area_id": "QHDM", "name": "QHMC"}))


@case(
    "population_header_in_a_scale_not_read",
    "residents headed 常住人口(十万人) (0.6 for 60,000): read in single persons, the townships under 1 resident",
    exit_code=2,
    fragments=["the header gives the unit '十万人', a scale carefac does not read"],
)
def _(folder):
    areas = base_areas()
    areas["常住人口(十万人)"] = areas.pop("population") / 100_000
    write_areas(folder, areas)


@case(
    "facility_lists_pasted_with_their_headers",
    "two counties' lists pasted one under the other, the second with its header row: 'row 5: coordinates are "
    "missing or not numbers'",
    exit_code=0,
    command="check",
    fragments=["the header is repeated on row 5 (lists pasted one under another, each with its header): passed over"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    def pasted(frame: pd.DataFrame) -> pd.DataFrame:
        header = pd.DataFrame([dict(zip(frame.columns, frame.columns, strict=True))])
        return pd.concat([frame.iloc[:3], header, frame.iloc[3:]])

    edit_csv(folder, "facilities.csv", pasted)


@case(
    "facility_names_its_district",
    "a centre beside a new district, its 所属小区 giving the district's name (锦绣花园), not its id: the column not "
    "read, the district flagged as without childcare of its own",
    exit_code=0,
    command="check",
    fragments=["1 facility names a residential district where its id belongs (锦绣花园 → R1): linked to it by name"],
    expect_in_output=["flags.csv", "new_residential_childcare,new districts' own childcare,R1,锦绣花园,ok"],
)
def _(folder):
    def linked(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[frame["facility_id"] != "F1"].copy()  # F1 lies inside R1: its own by place
        frame["所属小区"] = ["锦绣花园", "", "", "", ""]
        frame.loc[frame["facility_id"] == "F2", ["lon", "lat"]] = ["117.6235", "24.5535"]  # beside R1, not in it
        return frame

    edit_csv(folder, "facilities.csv", linked)


@case(
    "boundaries_with_names_only_joined",
    "outlines from a web map with names but no codes, the statistics bureau's table with codes, names and "
    "residents joined: refused as 'area_id missing' and 'population missing'",
    exit_code=0,
    command="check",
    fragments=["the boundaries have names but no codes: 6 areas take their code from this table's row of the same name"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000]],
)
def _(folder):
    areas = base_areas()
    write_areas(folder, areas[["name", "geometry"]])
    table = areas.drop(columns="geometry").rename(columns={"area_id": "区划代码", "name": "名称", "level": "级别",
                                                           "parent_id": "上级代码", "population": "常住人口",
                                                           "pop_under3": "3岁以下人口"})  # fmt: skip
    table.to_csv(folder / "人口.csv", index=False)
    join_config(folder, "人口.csv")


@case(
    "spreadsheet_error_values",
    "slots that a formula failed to compute (#N/A from a lookup, #REF! from a deleted sheet), saved to CSV: "
    "'values are not numbers'",
    exit_code=2,
    fragments=["rows 2, 3: cells hold the spreadsheet's error values (#N/A, #REF!)"],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: set_cell(set_cell(f, 0, "slots", "#N/A"), 1, "slots", "#REF!"))


@case(
    "csv_separated_by_full_width_commas",
    "a facility list typed in a text editor with the Chinese input method's ， between the columns: 'the layer "
    "has no rows' (each line read as one cell, a note)",
    exit_code=0,
    command="check",
    fragments=[],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    text = (folder / "facilities.csv").read_text(encoding="utf-8").replace(",", "，")
    (folder / "facilities.csv").write_text(text, encoding="utf-8")


@case(
    "csv_separated_by_spaces",
    "a facility list saved as .csv with its columns separated by spaces: 'the layer has no rows'",
    exit_code=2,
    fragments=["the file reads as a single column headed 'facility_id name kind slots status lon lat'"],
)
def _(folder):
    frame = base_facilities().replace("", "-")
    lines = [" ".join(frame.columns)] + [" ".join(map(str, row)) for row in frame.itertuples(index=False)]
    (folder / "facilities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")



@case(
    "facility_open_as_yes_no",
    "a list without 状态 whose column 是否运营（是/否） answers 否 for a closed centre: the column not read, "
    "every centre counted as open, unsaid",
    exit_code=0,
    command="coverage",
    fragments=["no status column: the yes/no column '是否运营（是/否）' is read as each facility's status",
               "1 facility is marked closed (停业, 关闭, 注销 …; row 4)"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 210]],
)
def _(folder):
    frame = base_facilities().drop(columns="status")
    frame["是否运营（是/否）"] = ["是", "是", "否", "是", "是", "是"]
    frame.to_csv(folder / "facilities.csv", index=False)


@case(
    "facility_closed_as_yes_no_blank",
    "a column 是否停业 (是 = closed) with one answer blank: read as open, unsaid",
    exit_code=2,
    fragments=["column '是否停业', row 5: 是否停业 is blank"],
)
def _(folder):
    frame = base_facilities().drop(columns="status")
    frame["是否停业"] = ["否", "否", "是", "", "否", "否"]
    frame.to_csv(folder / "facilities.csv", index=False)


@case(
    "facilities_without_status",
    "a facility list with no status column at all: every centre counted as open, unsaid",
    exit_code=0,
    command="coverage",
    fragments=["the list has no status column (状态): all 6 facilities are counted as open"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250]],
)
def _(folder):
    base_facilities().drop(columns="status").to_csv(folder / "facilities.csv", index=False)


@case(
    "ids_typed_full_width",
    "a centre's 配建 link typed with a Chinese input method (Ｒ１ for R1), an area code as ３５０６０１: "
    "'names a district_id that is no district of the residential layer (Ｒ１)', the link not used (a district "
    "given as a point would look unserved)",
    exit_code=0,
    fragments=[],
    expect_in_output=["flags.csv", "14 of 14 required slots from its own facility"],
    expect_numbers=[["slots_per_1000_county.csv", "area_id", "350601", "slots", 180]],
)
def _(folder):
    frame = base_facilities()
    frame["district_id"] = ["Ｒ１", "", "", "", "", ""]
    frame.to_csv(folder / "facilities.csv", index=False)
    areas = base_areas()
    areas.loc[0, "area_id"] = "３５０６０１"
    areas["parent_id"] = areas["parent_id"].str.replace("350601", "３５０６０１")
    write_areas(folder, areas)


@case(
    "boundaries_joined_by_office_names",
    "web-map outlines named 甲街道, 乙镇 joined to a table that names the offices (甲街道办事处, "
    "乙镇人民政府): refused as 'areas have no row'",
    exit_code=0,
    fragments=["6 areas take their code from this table's row of the same name"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000]],
)
def _(folder):
    areas = base_areas()
    write_areas(folder, areas[["name", "geometry"]])
    table = areas.drop(columns="geometry").rename(columns={"area_id": "区划代码", "name": "名称", "level": "级别",
                                                           "parent_id": "上级代码", "population": "常住人口"})  # fmt: skip
    table["名称"] = ["东县", "西县", "甲街道办事处", "乙镇人民政府", "丙街道", "丁镇人民政府"]
    table.to_csv(folder / "人口.csv", index=False)
    join_config(folder, "人口.csv")


@case(
    "numbers_with_notes_in_brackets",
    "slots written with a note after them (120(核定), 60（其中乳儿班10个）): 'values are not numbers'; "
    "a unit in the brackets (4（万人）) is still refused",
    exit_code=0,
    command="coverage",
    fragments=["column 'slots': the number before a note in brackets is read, the note is not (rows 2, 3: "
               "120(核定) → 120; 60（其中乳儿班10个） → 60)"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250]],
)
def _(folder):
    frame = set_cell(base_facilities(), 0, "slots", "120(核定)")
    set_cell(frame, 1, "slots", "60（其中乳儿班10个）").to_csv(folder / "facilities.csv", index=False)


@case(
    "facility_list_in_a_word_table",
    "the facility list as an office sends it: a table in a Word document (附件1, a title row across the "
    "table, 类型 merged down the rows of one kind, a note under it): 'unsupported file type .docx'",
    exit_code=0,
    command="coverage",
    fragments=["the title rows above them (1; '2023年托育机构名单') are skipped",
               "2 merged cell ranges (C3:C4, C7:C8) are filled in: every row under a merged range takes its value"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250],
                    ["slots_per_1000_township.csv", "area_id", "350602001", "slots", 40]],
)
def _(folder):
    import docx  # python-docx (a test dependency): a document as Word writes one

    frame = base_facilities()
    document = docx.Document()
    document.add_paragraph("附件1")
    headers = ["序号", "机构名称", "类型", "托位数", "状态", "经度", "纬度"]
    kinds = ["托育机构", None, "幼儿园托班", "社区托育", "亲子小屋", None]  # None: under the merged cell above
    table = document.add_table(rows=2 + len(frame), cols=len(headers))
    table.cell(0, 0).merge(table.cell(0, len(headers) - 1)).text = "2023年托育机构名单"
    for j, header in enumerate(headers):
        table.cell(1, j).text = header
    for i, row in enumerate(frame.itertuples(index=False)):
        for j, value in enumerate([str(i + 1), row.name, kinds[i], row.slots, "运营", f"{row.lon}1", f"{row.lat}1"]):
            if value is not None:
                table.cell(2 + i, j).text = value
    table.cell(2, 2).merge(table.cell(3, 2))
    table.cell(6, 2).merge(table.cell(7, 2))
    document.add_paragraph("注：数据截至2023年底")
    document.save(folder / "facilities.docx")
    facilities_as(folder, "facilities.docx")


@case(
    "headers_with_template_marks",
    "a government template's headers: required fields starred (*机构名称, 托位数*), numbered (1.类型), "
    "with a colon (状态：) or an English translation (经度 Longitude, 纬度(Latitude)): 'the required "
    "column is missing'",
    exit_code=0,
    command="coverage",
    fragments=[],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250]],
)
def _(folder):
    base_facilities().rename(columns={
        "facility_id": "序号", "name": "*机构名称", "kind": "1.类型", "slots": "托位数*", "status": "状态：",
        "lon": "经度 Longitude", "lat": "纬度(Latitude)"}).to_csv(folder / "facilities.csv", index=False)  # fmt: skip


@case(
    "county_table_headers_with_template_marks",
    "the indicators under a template's headers (*区划代码, 1.孕产妇死亡率(1/10万), 2.婴儿死亡率（‰）): "
    "'the indicators table has no area code column'",
    exit_code=0,
    fragments=[],
    expect_in_output=["flags.csv", "maternal mortality 9.1 per 100,000; target at most 8"],
)
def _(folder):
    table = pd.DataFrame({"*区划代码": ["350601", "350602"], "1.孕产妇死亡率(1/10万)": ["8.5", "9.1"],
                          "2.婴儿死亡率（‰）": ["2.1", "2.5"]})  # fmt: skip
    write_table(folder, "指标.csv", table, "indicators")


@case(
    "completion_year_as_words",
    "completion years as a housing bureau writes them: 预计2025年 for a district being built, 在建 for "
    "another: 'values are not numbers' with a fix about 52人 and 4.5万",
    exit_code=2,
    fragments=["column 'completion_year', row 2: values are not years ('在建')",
               "a district not built yet keeps its expected year"],
)
def _(folder):
    districts = base_residential()
    districts["completion_year"] = ["预计2025年", "在建"]
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "residents_joined_by_village",
    "the census's residents by village and community (村/社区, 12-digit 统计用区划代码), joined to township "
    "and county boundaries: '6 areas have no row' (and 统计用区划代码 not read as the code)",
    exit_code=0,
    command="check",
    fragments=["the table gives no row of its own for 4 townships but rows of their villages and communities",
               "350601101 乙镇 (3, 20,000)", "the table gives no row of its own for 2 counties"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000],
                    ["slots_per_1000_county.csv", "area_id", "350602", "population", 45000]],
)
def _(folder):
    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population", "pop_under3"]))
    rows = [{"统计用区划代码": f"{town.area_id}{201 + k}", "名称": f"{town.name}{k + 1}村",
             "常住人口": int(town.population * share)}
            for town in areas[areas["level"] == "township"].itertuples() for k, share in enumerate((0.5, 0.3, 0.2))]  # fmt: skip
    pd.DataFrame(rows).to_csv(folder / "人口.csv", index=False)
    join_config(folder, "人口.csv")


@case(
    "under3_as_a_share",
    "children under 3 given as their share of the residents (3岁以下人口占比(%): 3.1), no count: the column "
    "not read, the under-3s left unknown, unsaid",
    exit_code=0,
    command="check",
    fragments=["children under 3 are each area's residents times their share in '3岁以下人口占比(%)' "
               "(e.g. 60,000 × 3.00% = 1,800)"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350602001", "pop_under3", 1085]],
)
def _(folder):
    areas = base_areas().drop(columns="pop_under3")
    areas["3岁以下人口占比(%)"] = [3.0, 2.5, 3.1, 2.9, 3.1, 2.6]  # 丙街道: 35,000 × 3.1 % = 1,085
    write_areas(folder, areas)


@case(
    "data_after_an_empty_sheet",
    "a workbook as Excel and WPS make one (Sheet1, Sheet2, Sheet3), the list typed on Sheet2, Sheet1 left "
    "empty: exit 1, 'unexpected error (IndexError: single positional indexer is out-of-bounds)'",
    exit_code=0,
    command="coverage",
    fragments=["the sheet 'Sheet1' is empty: the data are read from the sheet 'Sheet2'"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250]],
)
def _(folder):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    sheet = workbook.create_sheet("Sheet2")
    frame = base_facilities()
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if v == "" else v for v in row])
    workbook.create_sheet("Sheet3")
    workbook.save(folder / "facilities.xlsx")
    facilities_as(folder, "facilities.xlsx")


@case(
    "sheet_headers_as_numbers_and_dates",
    "a facility list whose header row holds years and a date as numbers (入托人数 by year: 2022 | 2023, a "
    "column headed with a date cell): exit 1, 'unexpected error (AttributeError: 'int' object has no "
    "attribute 'encode')' when the GIS files were written",
    exit_code=0,
    command="run",
    fragments=[],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250]],
)
def _(folder):
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    frame = base_facilities()
    sheet.append([*frame.columns, 2022, 2023, datetime.datetime(2023, 6, 1)])
    for row in frame.itertuples(index=False):
        sheet.append([*(None if v == "" else v for v in row), 10, 12, "是"])
    workbook.save(folder / "facilities.xlsx")
    facilities_as(folder, "facilities.xlsx")


@case(
    "number_with_a_huge_exponent",
    "slots typed 1e308 (an exponent, a code pasted in the wrong column): exit 1, 'unexpected error "
    "(TypeError: cannot safely cast non-equivalent float64 to int64)'",
    exit_code=2,
    fragments=["column 'slots', row 2: values too large to be figures of a city (1e308)"],
)
def _(folder):
    set_cell(base_facilities(), 0, "slots", "1e308").to_csv(folder / "facilities.csv", index=False)


@case(
    "csv_titles_without_separators",
    "a CSV typed with its title and a note on lines of their own above the headers (漳州市托育机构名单, "
    "# 2023年底数据), no commas: 'the rows do not have the same number of columns (Error tokenizing data. C "
    "error: Expected 1 fields in line 3, saw 7)'",
    exit_code=2,
    fragments=["column 'slots', row 5: values are not numbers ('很多')"],
)
def _(folder):
    frame = set_cell(base_facilities(), 1, "slots", "很多")
    (folder / "facilities.csv").write_text("漳州市托育机构名单\n# 2023年底数据\n" + frame.to_csv(index=False), encoding="utf-8")


@case(
    "workbook_renamed_csv",
    "an Excel workbook renamed facilities.csv (not saved as CSV): 'the file is neither UTF-8 nor GBK text'",
    exit_code=0,
    command="coverage",
    fragments=["the file is an Excel workbook though its name says text"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250]],
)
def _(folder):
    _workbook_of(base_facilities()).save(folder / "facilities.csv")


@case(
    "workbook_error_cells",
    "slots a formula failed to compute (#DIV/0!, #N/A) in an .xlsx: read as blank, 'childcare facilities have "
    "no number of slots' (or a parent-child room's count silently unknown)",
    exit_code=2,
    fragments=["column 'slots', rows 3, 4: cells hold the spreadsheet's error values (#DIV/0!, #N/A)"],
)
def _(folder):
    workbook = _workbook_of(base_facilities())
    sheet = workbook.active
    sheet["D3"], sheet["D4"] = "#DIV/0!", "#N/A"  # error cells (t="e"), as Excel saves a failed formula's result
    sheet["H1"], sheet["H2"] = "备注", "#REF!"  # in a column carefac does not read: not asked about
    workbook.save(folder / "facilities.xlsx")
    facilities_as(folder, "facilities.xlsx")


@case(
    "slots_merged_over_two_rows",
    "one centre's two sites on two rows, its slots typed once in a cell merged over both: 'childcare facilities "
    "have no number of slots' on the second row, the merge unnamed",
    exit_code=2,
    fragments=["column 'slots': cells D2:D3 are merged over several rows and hold one figure (120)",
               "Unmerge Cells"],
)
def _(folder):
    workbook = _workbook_of(base_facilities())
    sheet = workbook.active
    sheet["D3"] = None
    sheet.merge_cells("D2:D3")
    workbook.save(folder / "facilities.xlsx")
    facilities_as(folder, "facilities.xlsx")


@case(
    "name_columns_headed_as_lists_write_them",
    "a kindergarten list's names under 园所名称 and boundaries' under 镇街名称: 'the required column name is missing'",
    command="coverage",
    exit_code=0,
    fragments=[],
    expect_in_output=["slots_per_1000_township.csv", "甲街道"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601001", "slots", 120]],
)
def _(folder):
    edit_csv(folder, "facilities.csv", lambda f: f.rename(columns={"name": "园所名称"}))
    write_areas(folder, base_areas().rename(columns={"name": "镇街名称"}))


@case(
    "facility_list_grouped_under_county_headings",
    "a list grouped by county, each group under a row holding only its heading (一、东县, merged across the "
    "row): the headings read as facilities, 'coordinates are missing'",
    command="coverage",
    exit_code=0,
    fragments=["2 rows hold a section heading only, not a place (rows 2 (一、东县), 5 (二、西县))"],
    expect_numbers=[["slots_per_1000_city.csv", "area_id", "350600", "slots", 250]],
)
def _(folder):
    frame = base_facilities()
    heading = {c: None for c in frame.columns}
    rows = [{**heading, "facility_id": "一、东县"}, *frame.iloc[:2].to_dict("records"),
            {**heading, "facility_id": "二、西县"}, *frame.iloc[2:].to_dict("records")]  # fmt: skip
    workbook = _workbook_of(pd.DataFrame(rows, columns=frame.columns))
    workbook.active.merge_cells("A2:H2")
    workbook.active.merge_cells("A5:H5")
    workbook.save(folder / "facilities.xlsx")
    facilities_as(folder, "facilities.xlsx")


@case(
    "population_header_in_wan_over_persons",
    "常住人口（万人） over figures in persons (60000): multiplied by 10,000, 1.05 billion residents, exit 0",
    exit_code=2,
    fragments=["residents beyond any county of China once the header's unit is applied (常住人口（万人）: × 10,000",
               "take the unit out of the header"],
)
def _(folder):
    write_areas(folder, base_areas().rename(columns={"population": "常住人口（万人）"}))


@case(
    "special_families_counts_no_county_has",
    "special-assistance members typed -1 (a dash's minus) and 999999999: 'not applicable' and 'a warm home "
    "needed' for figures no county has",
    exit_code=2,
    fragments=["special_families.csv, column '独生子女死亡特扶人数', row 2: values are negative",
               "row 3: counts beyond any county (999,999,999"],
)
def _(folder):
    write_table(folder, "special_families.csv", special_families(("-1", "999999999")), "special_families")


@case(
    "early_education_centres_listed",
    "early-education centres (早教中心, 早教机构) in the list of care services: 'unknown kind values', with the "
    "list of kinds to choose from",
    exit_code=2,
    fragments=["column 'kind', rows 2, 3: an early-education centre (早教) runs classes a parent attends with the "
               "child", "drop these rows"],
)
def _(folder):
    frame = set_cell(base_facilities(), 0, "kind", "早教中心")
    set_cell(frame, 1, "kind", "早教机构").to_csv(folder / "facilities.csv", index=False)


@case(
    "completion_under_handover_headers",
    "a housing bureau's list: the year under 交房时间 (handover), an old district's as 1990年代: the column not "
    "read (no years at all), unsaid",
    exit_code=0,
    fragments=["completion years given as a decade (row 2, e.g. 1990年代) are read as its first year"],
    expect_in_output=["flags.csv", "R1,锦绣花园,ok,14,14"],
)
def _(folder):
    districts = base_residential().rename(columns={"completion_year": "交房时间"})
    districts["交房时间"] = ["2024年6月", "1990年代"]
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "district_residents_as_housing_offices_count_them",
    "districts' residents under 入住人口 (0 for a new district not yet lived in) beside 规划人口: the column not "
    "read, the old district passed as 'ok, 0 slots within 300 m (standard 0)'",
    exit_code=0,
    fragments=["residential districts without residents take their planned population from '规划人口' (1; R1)"],
    expect_in_output=["flags.csv", "R2,阳光小区,ok,12,12,slots,12 childcare slots within 300 m straight-line (standard 12)"],
)
def _(folder):
    districts = base_residential().drop(columns="population")
    districts["入住人口"] = [0, 2500]
    districts["规划人口"] = [3000, 2600]
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


def _census_by_sex(areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return the census's table by sex as it prints it: 地区 | 合计 | 男 | 女 (names, no codes)."""
    men = (areas["population"] * 0.51).round().astype(int)
    return pd.DataFrame({"地区": areas["name"], "合计": areas["population"], "男": men, "女": areas["population"] - men})


@case(
    "residents_by_sex_under_their_title",
    "the census's table by sex (地区 | 合计 | 男 | 女, names, no codes) under its title 各乡镇（街道）常住人口, "
    "joined to the boundaries: 'the table joined to the areas has no area code column'",
    exit_code=0,
    fragments=["'合计' beside 男 and 女 is read as the residents (常住人口), as the table's title says",
               "its 6 rows are matched to the boundaries by name"],
    expect_numbers=[["slots_per_1000_township.csv", "area_id", "350601101", "population", 20000]],
)
def _(folder):
    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population", "pop_under3"]))
    text = "各乡镇（街道）常住人口,,,\n" + _census_by_sex(areas).to_csv(index=False)
    (folder / "人口.csv").write_text(text, encoding="utf-8")
    join_config(folder, "人口.csv")


@case(
    "residents_by_sex_without_a_title",
    "the census's table by sex (地区 | 合计 | 男 | 女) with nothing saying whether it counts residents or "
    "registered people: 'the table joined to the areas has no area code column'",
    exit_code=2,
    fragments=["column '合计': the table gives '合计' beside 男 and 女 (a census table by sex)",
               "rename the header '合计' to 常住人口 if it counts the residents"],
)
def _(folder):
    areas = base_areas()
    write_areas(folder, areas.drop(columns=["population", "pop_under3"]))
    _census_by_sex(areas).to_csv(folder / "人口.csv", index=False)
    join_config(folder, "人口.csv")


@case(
    "indicator_negative",
    "an infant mortality typed -1 (a minus sign for a dash): 'ok, meets the target'",
    exit_code=2,
    fragments=["column '婴儿死亡率', row 2: values are negative"],
)
def _(folder):
    write_table(folder, "指标.csv", pd.DataFrame({"区划代码": ["350601", "350602"], "婴儿死亡率": ["-1", "2.5"]}),
                "indicators")


@case(
    "under3_most_of_a_district",
    "a district given 2,900 children under 3 among its 3,000 residents (the residents typed again): "
    "'counted as given', with a notice",
    exit_code=2,
    fragments=["row 1: children under 3 are more than 30% of the residents (e.g. 锦绣花园: 2,900 / 3,000)"],
)
def _(folder):
    districts = base_residential()
    districts["3岁以下人口"] = [2900, 75]
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")


@case(
    "district_links_as_decimal_numbers",
    "districts numbered 1, 2 and a centre's 配建 link written 1.0 (a column of numbers and blanks saved by a "
    "program): 'names a district_id that is no district of the residential layer (1.0)', the link not used "
    "(a district's point without an outline would then look unserved)",
    exit_code=0,
    fragments=[],
    expect_in_output=["flags.csv", "1,锦绣花园,ok,14,14,slots,14 of 14 required slots from its own facility"],
)
def _(folder):
    districts = base_residential()
    districts["district_id"] = [1, 2]
    districts.to_file(folder / "residential.geojson", driver="GeoJSON")
    frame = base_facilities()
    frame["district_id"] = ["1.0", "", "", "", "", ""]
    frame.to_csv(folder / "facilities.csv", index=False)

def main(names: list[str]) -> None:
    """Write the cases ``names`` (default: every case defined here; folders of cases written by
    hand, with their expected.json, stay): ``python make_cases.py county_table_old_code``."""
    chosen = {name: CASES[name] for name in names} if names else CASES
    for name, (symptom, mutate, expected) in chosen.items():
        folder = HERE / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        write_base(folder)
        mutate(folder)
        record = {
            "symptom": symptom,
            "command": expected.get("command", "check"),
            "args": expected.get("args", []),
            "exit_code": expected["exit_code"],
            "fragments": expected["fragments"],
        }
        for key in ("expect_in_output", "expect_not_in_output"):
            if key in expected:
                record[key] = list(expected[key])
        for key in ("expect_numbers", "symlink_loop"):
            if key in expected:
                record[key] = expected[key]
        (folder / "expected.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(f"wrote {len(chosen)} cases")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
