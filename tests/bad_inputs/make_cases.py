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
    fragments=["areas.geojson", "missing or empty", "rows 6"],
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
    fragments=["facilities.csv", "coordinates are missing", "rows 5"],
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
    "an Excel sheet whose header row has merged cells",
    exit_code=2,
    fragments=["candidates.xlsx", "merged cells", "unmerge"],
)
def _(folder):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["候选点信息", None, None, "坐标", None])
    sheet.append(["candidate_id", "name", "capacity", "lon", "lat"])
    sheet.append(["C1", "候选一", 80, 117.64, 24.57])
    sheet.merge_cells("A1:C1")
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


@case("bad_output_language", 'lang = "fr"', exit_code=2, fragments=["[output] lang must be one of 'zh', 'en', got 'fr'"])
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


def main() -> None:
    for old in HERE.iterdir():
        if old.is_dir() and (old / "expected.json").exists():
            shutil.rmtree(old)
    for name, (symptom, mutate, expected) in CASES.items():
        folder = HERE / name
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
        if "expect_in_output" in expected:
            record["expect_in_output"] = list(expected["expect_in_output"])
        (folder / "expected.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(f"wrote {len(CASES)} cases")


if __name__ == "__main__":
    main()
