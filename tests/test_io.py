"""Reading layers: formats, column aliases, coordinate systems, and validation errors."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

from carefac import ValidationError, read_layer, wgs84_to_gcj02
from carefac.coords import gcj02_to_bd09

from .conftest import grid_cell, lonlat

GEOD = Geod(ellps="WGS84")


def facility_table(**columns) -> pd.DataFrame:
    base = {
        "id": ["a", "b"],
        "name": ["甲", "乙"],
        "kind": ["childcare", "childcare"],
        "slots": [10, 20],
        "lon": [117.65, 117.66],
        "lat": [24.51, 24.52],
    }
    base.update(columns)
    return pd.DataFrame(base)


# -- formats and aliases ---------------------------------------------------------------------


def test_chinese_headers_csv(grid_files):
    layer = read_layer(grid_files / "facilities.csv", "facilities", crs="wgs84")
    assert {"facility_id", "name", "kind", "slots", "status"} <= set(layer.columns)
    assert layer.crs.to_epsg() == 4326
    assert layer.loc[0, "slots"] == 3
    assert layer.loc[3, "status"] == "planned"


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("名称", "name"),
        ("机构名称", "name"),
        ("托位数", "slots"),
        ("托位", "slots"),
        ("类型", "kind"),
        ("Name", "name"),
        ("SLOTS", "slots"),
        ("type", "kind"),
        ("机构编号", "facility_id"),
        ("状态", "status"),
    ],
)
def test_each_facility_alias(tmp_path, header, canonical):
    table = facility_table(status=["existing", "existing"]).rename(
        columns={canonical if canonical != "facility_id" else "id": header}
    )
    table.to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert canonical in layer.columns


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("常住人口", "population"),
        ("人口", "population"),
        ("population", "population"),
        ("区划代码", "area_id"),
        ("名称", "name"),
    ],
)
def test_each_area_alias(tmp_path, grid_areas, header, canonical):
    grid_areas.rename(columns={canonical: header}).to_file(tmp_path / "a.gpkg")
    layer = read_layer(tmp_path / "a.gpkg", "areas")
    assert canonical in layer.columns
    assert layer.crs.to_epsg() == 4548


def test_chinese_values_map_to_canonical(tmp_path):
    facility_table(kind=["托育机构", "向日葵亲子小屋"], slots=[10, None], status=["现有", "规划"]).to_csv(
        tmp_path / "f.csv", index=False
    )
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert layer["kind"].tolist() == ["childcare", "parent_child_room"]
    assert layer["status"].tolist() == ["existing", "planned"]


def test_explicit_column_mapping(tmp_path):
    facility_table().rename(columns={"slots": "seats_2024"}).to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84", columns={"slots": "seats_2024"})
    assert layer["slots"].tolist() == [10, 20]


def test_xlsx_with_aliases(tmp_path):
    facility_table().rename(
        columns={"name": "名称", "slots": "托位数", "lon": "经度", "lat": "纬度"}
    ).to_excel(tmp_path / "f.xlsx", index=False)
    layer = read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")
    assert layer["name"].tolist() == ["甲", "乙"]


def test_thousands_separators_and_full_width_digits_are_read(tmp_path):
    facility_table(slots=["1,234", "１２３４"]).to_csv(tmp_path / "f.csv", index=False)
    assert read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")["slots"].tolist() == [1234, 1234]


@pytest.mark.parametrize("with_cpg", [True, False])
def test_gbk_shapefile(tmp_path, grid_areas, with_cpg):
    grid_areas.to_file(tmp_path / "areas.shp", encoding="GBK")
    if not with_cpg:
        (tmp_path / "areas.cpg").unlink(missing_ok=True)
    layer = read_layer(tmp_path / "areas.shp", "areas")
    assert layer["name"].tolist()[:2] == ["东县", "西县"]


def test_utf8_shapefile_without_cpg(tmp_path, grid_areas):
    grid_areas.to_file(tmp_path / "areas.shp", encoding="UTF-8")
    (tmp_path / "areas.cpg").unlink(missing_ok=True)
    assert read_layer(tmp_path / "areas.shp", "areas")["name"].iloc[2] == "甲街道"


def test_geojson_is_wgs84(tmp_path, grid_areas):
    grid_areas.to_crs(4326).to_file(tmp_path / "a.geojson", driver="GeoJSON")
    layer = read_layer(tmp_path / "a.geojson", "areas")
    assert layer.crs.to_epsg() == 4326
    assert layer["level"].tolist()[:3] == ["county", "county", "township"]


def test_levels_and_parents_inferred_from_codes(tmp_path, grid_areas):
    grid_areas.drop(columns=["level", "parent_id"]).to_file(tmp_path / "a.gpkg")
    layer = read_layer(tmp_path / "a.gpkg", "areas")
    assert layer["level"].tolist() == ["county", "county", "township", "township", "township", "township"]
    assert layer["parent_id"].iloc[2] == "350601"


# -- coordinate systems ------------------------------------------------------------------------


def _distance_m(a: gpd.GeoSeries, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return np.asarray(GEOD.inv(a.x.to_numpy(), a.y.to_numpy(), lon, lat)[2])


@pytest.mark.parametrize("system", ["gcj02", "bd09"])
def test_obfuscated_points_convert_to_wgs84(tmp_path, system):
    lon = np.array([117.65, 117.70])
    lat = np.array([24.51, 24.55])
    glon, glat = wgs84_to_gcj02(lon, lat)
    if system == "bd09":
        glon, glat = gcj02_to_bd09(glon, glat)
    facility_table(lon=glon, lat=glat).to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs=system)
    assert layer.crs.to_epsg() == 4326
    assert _distance_m(layer.geometry, lon, lat).max() < 1.0


def test_gcj02_polygons_convert(tmp_path, grid_areas):
    wgs = grid_areas.to_crs(4326)
    gcj = wgs.copy()
    gcj.geometry = shapely.transform(
        wgs.geometry.to_numpy(), lambda c: np.column_stack(wgs84_to_gcj02(c[:, 0], c[:, 1]))
    )
    gcj.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    layer = read_layer(tmp_path / "a.geojson", "areas", crs="gcj02")
    got, expected = layer.geometry.get_coordinates(), wgs.geometry.get_coordinates()
    shift = GEOD.inv(got.x.to_numpy(), got.y.to_numpy(), expected.x.to_numpy(), expected.y.to_numpy())[2]
    assert np.max(shift) < 1.0


def test_projected_table_coordinates(tmp_path):
    facility_table(lon=[470500.0, 471500.0], lat=[2720500.0, 2720500.0]).rename(
        columns={"lon": "X", "lat": "Y"}
    ).to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="EPSG:4548", x="X", y="Y")
    assert layer.crs.to_epsg() == 4548
    assert layer.geometry.x.tolist() == [470500.0, 471500.0]


def test_cgcs2000_geographic(tmp_path):
    facility_table().to_csv(tmp_path / "f.csv", index=False)
    assert read_layer(tmp_path / "f.csv", "facilities", crs="cgcs2000").crs.to_epsg() == 4490


def test_declared_crs_overrides_file_crs(tmp_path, grid_areas):
    grid_areas.to_crs(4326).to_file(tmp_path / "a.gpkg")
    assert read_layer(tmp_path / "a.gpkg", "areas", crs="cgcs2000").crs.to_epsg() == 4490


# -- validation errors ---------------------------------------------------------------------------


def _problems(excinfo) -> str:
    return str(excinfo.value)


def test_missing_required_column(tmp_path):
    facility_table().drop(columns=["kind"]).to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError, match="required column 'kind' is missing") as info:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert "f.csv" in _problems(info)


def test_duplicate_ids_and_negative_slots_are_reported_together(tmp_path):
    facility_table(id=["a", "a"], slots=[-5, 20]).to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError) as info:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    text = _problems(info)
    assert len(info.value.problems) == 2
    # the column as the file names it ("id"), carefac's name after it
    assert "ids are not unique (a)" in text and "column 'id (facility_id)', rows 2, 3" in text
    assert "values are negative" in text and "column 'slots', row 2:" in text


def test_non_numeric_slots(tmp_path):
    facility_table(slots=["twelve", "20"]).to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError, match="values are not numbers \\('twelve'\\)"):
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")


def test_childcare_without_slots(tmp_path):
    facility_table(slots=[None, 3]).to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError, match="childcare facilities have no number of slots"):
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")


def test_unknown_kind_lists_the_allowed_ones(tmp_path):
    facility_table(kind=["childcare", "spaceport"]).to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError, match="unknown kind values \\(spaceport\\).*parent_child_room"):
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")


def test_empty_and_invalid_geometries(tmp_path, grid_areas):
    bad = grid_areas.copy()
    bad.loc[2, "geometry"] = shapely.Polygon()
    bad.loc[3, "geometry"] = shapely.Polygon(
        [(470000, 2720000), (471000, 2721000), (471000, 2720000), (470000, 2721000)]
    )
    bad.to_file(tmp_path / "a.gpkg")
    with pytest.raises(ValidationError) as info:
        read_layer(tmp_path / "a.gpkg", "areas")
    text = _problems(info)
    assert "geometries are missing or empty" in text and "row 3" in text
    assert "geometries are invalid (first: Self-intersection" in text and "row 4" in text


def test_mixed_geometry_types(tmp_path, grid_areas):
    mixed = grid_areas.copy()
    mixed.loc[5, "geometry"] = shapely.Point(471500, 2721500)
    mixed.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError, match="needs polygon geometries but has Point"):
        read_layer(tmp_path / "a.geojson", "areas")


def test_missing_crs(tmp_path, grid_areas):
    grid_areas.to_file(tmp_path / "areas.shp")
    (tmp_path / "areas.prj").unlink()
    with pytest.raises(ValidationError, match="no coordinate system and none is declared.*gcj02"):
        read_layer(tmp_path / "areas.shp", "areas")
    assert read_layer(tmp_path / "areas.shp", "areas", crs="EPSG:4548").crs.to_epsg() == 4548


def test_table_without_declared_crs(tmp_path):
    facility_table().to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError, match="no coordinate system"):
        read_layer(tmp_path / "f.csv", "facilities")


def test_projected_coordinates_declared_as_degrees(tmp_path):
    facility_table(lon=[470500.0, 471500.0], lat=[2720500.0, 2720500.0]).to_csv(
        tmp_path / "f.csv", index=False
    )
    with pytest.raises(ValidationError, match="not degrees.*EPSG:4548"):
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")


def test_degrees_declared_as_projected(tmp_path):
    facility_table().to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError, match="looks like degrees"):
        read_layer(tmp_path / "f.csv", "facilities", crs="EPSG:4548")


def test_missing_file_and_empty_layer(tmp_path):
    with pytest.raises(ValidationError, match="does not exist"):
        read_layer(tmp_path / "nope.csv", "facilities", crs="wgs84")
    (tmp_path / "empty.csv").write_text("name,kind,lon,lat\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="has no rows"):
        read_layer(tmp_path / "empty.csv", "facilities", crs="wgs84")


def test_swapped_lon_lat(grid_files):
    table = pd.read_csv(grid_files / "facilities.csv", encoding="utf-8-sig")
    table.loc[1, ["经度", "纬度"]] = table.loc[1, ["纬度", "经度"]].to_numpy()
    table.to_csv(grid_files / "facilities.csv", index=False, encoding="utf-8-sig")
    with pytest.raises(ValidationError, match="row 3: longitude and latitude look swapped"):
        read_layer(grid_files / "facilities.csv", "facilities", crs="wgs84")


def test_points_outside_every_area_through_a_config(grid_files):
    from carefac import load_config

    table = pd.read_csv(grid_files / "facilities.csv", encoding="utf-8-sig")
    table.loc[0, "经度"] += 1.0  # 100 km east of the grid
    table.to_csv(grid_files / "facilities.csv", index=False, encoding="utf-8-sig")
    with pytest.raises(ValidationError, match="1 of 6 points lie outside every area") as info:
        load_config(grid_files / "project.toml").study_area()
    assert "facilities.csv" in str(info.value) and "row 2:" in str(info.value)


def test_missing_coordinates(tmp_path):
    facility_table(lon=[117.6, None]).to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError, match="coordinates are missing or not numbers"):
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")


def test_merged_excel_header(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "基本信息", None, "位置", None])
    sheet.append(["甲", "childcare", 10, 117.6, 24.5])  # no row naming the merged cells' columns: data
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("D1:E1")
    book.save(tmp_path / "f.xlsx")
    with pytest.raises(ValidationError, match="merged cells.*unmerge") as refused:
        read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")
    assert "(C1, E1)" in refused.value.text("en")  # as the sheet names the cells, not pandas' Unnamed: 1


def test_unused_helper_cells_are_squares():
    assert grid_cell(0, 0).area == pytest.approx(1e6)
    assert len(lonlat(grid_cell(0, 0).centroid)) == 2


@pytest.mark.parametrize("titles", [1, 2])
def test_title_rows_above_the_headers_are_skipped_and_rows_keep_the_sheets_numbers(tmp_path, titles):
    """Offices' lists start with a title (漳州市托育机构名单, a date line) above the headers: they were
    refused as a merged header. Skipped with a notice; a bad cell is named by the sheet's own row."""
    rows = pd.DataFrame(
        {"facility_id": ["F1", "F2", "F3"], "name": ["甲", "乙", "丙"], "kind": "childcare",
         "slots": ["120", "60", "很多"], "lon": [117.62, 117.67, 117.72], "lat": [24.55, 24.55, 24.56]}
    )  # fmt: skip
    path = tmp_path / "facilities.xlsx"
    with pd.ExcelWriter(path) as sheet:
        for k in range(titles):
            pd.DataFrame([[f"标题{k + 1}"]]).to_excel(sheet, index=False, header=False, startrow=k)
        rows.to_excel(sheet, index=False, startrow=titles)
    with pytest.raises(ValidationError) as refused:
        read_layer(path, "facilities", crs="wgs84")
    assert f"column 'slots', row {titles + 4}: values are not numbers ('很多')" in refused.value.text("en")
    rows.loc[2, "slots"] = "40"
    with pd.ExcelWriter(path) as sheet:
        for k in range(titles):
            pd.DataFrame([[f"标题{k + 1}"]]).to_excel(sheet, index=False, header=False, startrow=k)
        rows.to_excel(sheet, index=False, startrow=titles)
    layer = read_layer(path, "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [120, 60, 40] and layer["source_row"].tolist() == [titles + 2 + i for i in range(3)]
    (notice,) = [n for n in layer.attrs["notices"] if n.code == "title_rows_skipped"]
    assert f"the title rows above them ({titles}; '标题1'" in notice.en and f"read from row {titles + 1}" in notice.en


@pytest.mark.parametrize(
    ("cell", "degrees"),
    [
        ("117°32′1.78″", 117 + 32 / 60 + 1.78 / 3600),
        ("117°32'1.78\"", 117 + 32 / 60 + 1.78 / 3600),
        ("117度32分1.78秒", 117 + 32 / 60 + 1.78 / 3600),
        ("E117°32′", 117 + 32 / 60),
        ("24°23′31.7″N", 24 + 23 / 60 + 31.7 / 3600),
        ("117:32:01.78", 117 + 32 / 60 + 1.78 / 3600),
        ("S33°52′", -(33 + 52 / 60)),
        ("117.5°E", 117.5),
        ("E117.533827", 117.533827),
        ("24.392134N", 24.392134),
        ("北纬24.39", 24.39),
        ("W73.5", -73.5),
        ("东经117.62°", 117.62),
        ("北纬24°33′", 24 + 33 / 60),
        ("西经73°30′", -73.5),
    ],
)
def test_coordinates_in_degrees_minutes_seconds_are_read_exactly(cell, degrees):
    from carefac.io import _dms_degrees

    values, written = _dms_degrees(pd.Series([cell]))
    assert written.tolist() == [True] and values.tolist() == [pytest.approx(degrees, abs=1e-12)]


@pytest.mark.parametrize("cell", ["117.53", "117", "117°75′", "117°32′75″", "约117度", "117.5°32′"])
def test_other_cells_are_not_read_as_degrees_minutes_seconds(cell):
    from carefac.io import _dms_degrees

    assert _dms_degrees(pd.Series([cell]))[1].tolist() == [False]


def test_coordinates_in_one_column_are_read_as_longitude_latitude(tmp_path):
    """Amap and Baidu export "117.533827,24.392134" in one 经纬度 column: it was 'no x column'."""
    path = tmp_path / "candidates.csv"
    pd.DataFrame(
        {"candidate_id": ["C1", "C2", "C3"], "name": ["甲", "乙", "丙"], "capacity": ["60", "80", "100"],
         "经纬度": ["117.533827,24.392134", "117.6，24.4", "117.61 24.41"]}
    ).to_csv(path, index=False)  # fmt: skip
    layer = read_layer(path, "candidates", crs="wgs84")
    assert layer.geometry.x.round(6).tolist() == [117.533827, 117.6, 117.61]
    assert layer.geometry.y.round(6).tolist() == [24.392134, 24.4, 24.41]
    (notice,) = [n for n in layer.attrs["notices"] if n.code == "coordinates_one_column"]
    assert "'经纬度' as longitude, latitude" in notice.en
    pd.DataFrame({"candidate_id": ["C1"], "name": ["甲"], "经纬度": ["117.5,abc"]}).to_csv(path, index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(path, "candidates", crs="wgs84")
    assert "column '经纬度', row 2: coordinates are missing or not numbers" in refused.value.text("en")


@pytest.mark.parametrize(
    ("written", "read"),
    [('"data\\\\facilities.csv"', True), ("'data\\facilities.csv'", True), ('"data/facilities.csv"', True),
     ('"data\\facilities.csv"', False)],
)  # fmt: skip
def test_a_windows_path_in_the_config_is_read_or_its_escape_is_named(tmp_path, written, read):
    """path = "data\\facilities.csv" (a Windows user's habit): TOML reads \\f as a form feed, and
    the run said the file 'dataacilities.csv' does not exist. Backslash paths are read on every
    system; an escape that ate a letter is named with the three ways to write it."""
    from carefac import load_config
    from carefac.datasets import zhangzhou_sample_config

    sample = zhangzhou_sample_config().parent
    (tmp_path / "data").mkdir()
    for name in ("areas.geojson", "facilities.csv"):
        (tmp_path / ("data/" + name if name == "facilities.csv" else name)).write_bytes((sample / name).read_bytes())
    (tmp_path / "carefac.toml").write_text(
        f'[layers.areas]\npath = "areas.geojson"\n\n[layers.facilities]\npath = {written}\nx = "lon_gcj02"\n'
        'y = "lat_gcj02"\ncrs = "gcj02"\n',
        "utf-8",
    )
    if read:
        assert load_config(tmp_path / "carefac.toml").study_area().facilities is not None
        return
    with pytest.raises(ValidationError) as refused:
        load_config(tmp_path / "carefac.toml")
    said = refused.value.text("en")
    assert "[layers.facilities] path is read as 'data\\x0cacilities.csv'" in said and "single quotes" in said


def test_a_windows_path_with_chinese_folders_is_shown_in_chinese(tmp_path):
    """path = "数据\facilities.csv": the path read is shown with its folder's name as written, not
    as \u6570\u636e."""
    from carefac import load_config

    (tmp_path / "carefac.toml").write_text(
        '[layers.areas]\npath = "areas.geojson"\n\n[layers.facilities]\npath = "数据\\facilities.csv"\n', "utf-8"
    )
    with pytest.raises(ValidationError) as refused:
        load_config(tmp_path / "carefac.toml")
    assert "path 被读成了 '数据\\x0cacilities.csv'" in refused.value.text("zh")


def test_a_land_survey_boundary_layer_is_read_by_its_xzqdm_and_xzqmc_fields(tmp_path):
    """The 行政区 layers of the land surveys (三调) name code and name XZQDM and XZQMC."""
    import geopandas as gpd
    import shapely

    from carefac import read_layer

    layer = gpd.GeoDataFrame(
        {"XZQDM": ["350601"], "XZQMC": ["东县"], "级别": ["县"], "常住人口": [60000]},
        geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)],
        crs=4326,
    )
    layer.to_file(tmp_path / "XZQ.geojson", driver="GeoJSON")
    areas = read_layer(tmp_path / "XZQ.geojson", "areas")
    assert areas[["area_id", "name", "level"]].values.tolist() == [["350601", "东县", "county"]]


@pytest.mark.parametrize("titles", [0, 1])
def test_a_hidden_sheet_is_passed_over_and_hidden_rows_are_read_and_said(tmp_path, titles):
    """Templates keep their lists of choices on a hidden first sheet; planners hide or filter out rows
    (closed centres) instead of deleting them. The visible data sheet is read; hidden rows still
    count, and the notice names them by the sheet's own numbers."""
    import openpyxl

    book = openpyxl.Workbook()
    choices = book.active
    choices.title, choices.sheet_state = "下拉选项", "hidden"
    choices.append(["childcare"])
    data = book.create_sheet("机构名单")
    if titles:
        data.append(["示例市托育机构名单"])
    data.append(["facility_id", "name", "kind", "slots", "lon", "lat"])
    for k, slots in enumerate([120, 60, 40, 30]):
        data.append([f"F{k + 1}", f"机构{k + 1}", "childcare", slots, 117.62 + k / 100, 24.55])
    data.append([])
    data.row_dimensions[titles + 3].hidden = True  # F2
    data.row_dimensions[titles + 5].hidden = True  # F4
    data.row_dimensions[titles + 7].hidden = True  # an empty row: nothing to say
    data.auto_filter.ref = f"A{titles + 1}:F{titles + 5}"
    book.save(tmp_path / "facilities.xlsx")
    layer = read_layer(tmp_path / "facilities.xlsx", "facilities", crs="wgs84")
    assert layer["facility_id"].tolist() == ["F1", "F2", "F3", "F4"] and layer["slots"].sum() == 250
    (notice,) = [n for n in layer.attrs["notices"] if n.code == "rows_hidden"]
    assert f"2 rows are hidden or filtered out in sheet '机构名单' of the workbook (rows {titles + 3}, {titles + 5})" in notice.en
    assert f"第{titles + 3}, {titles + 5}行" in notice.zh


def test_one_hidden_row_is_said_in_the_singular():
    from carefac.text.notices import notice_sentence

    said = notice_sentence("rows_hidden", {"n": 1, "sheet": "Sheet1", "rows": "3"}, "en")
    assert said.startswith("1 row is hidden or filtered out in sheet 'Sheet1' of the workbook (row 3)")


#: the header of the centres' workbooks with one sheet per county
COUNTY_SHEET_HEADER = ["机构编号", "名称", "类型", "托位数", "经度", "纬度"]


def _county_sheets(path, second: list[list], *, title: bool = False) -> None:
    """Write a workbook whose sheet 东县 lists two centres (180 slots) and whose sheet 西县 holds
    ``second`` (its header among them, if any), under a title row if ``title``."""
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "东县"
    for row in [COUNTY_SHEET_HEADER, ["F1", "甲", "托育机构", 120, 117.62, 24.55], ["F2", "乙", "托育机构", 60, 117.67, 24.55]]:
        first.append(row)
    other = book.create_sheet("西县")
    for row in ([["西县托育机构名单"]] if title else []) + second:
        other.append(row)
    book.save(path)


@pytest.mark.parametrize("title", [False, True])
def test_a_second_sheet_with_the_same_columns_and_rows_is_not_left_out_silently(tmp_path, title):
    """One sheet per county is how offices keep lists: reading only the first would drop the other
    counties' centres. The layer is refused (naming the sheets) unless a sheet is named."""
    from carefac import ValidationError

    _county_sheets(tmp_path / "f.xlsx", [COUNTY_SHEET_HEADER[::-1], [24.56, 117.77, 30, "托育机构", "丁", "F4"]], title=title)
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")
    (found,) = caught.value.problems
    assert found.code == "sheets_alike" and "(西县)" in found.text("en") and "（西县）" in found.text("zh")
    named = read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet="东县")
    assert named["slots"].sum() == 180


@pytest.mark.parametrize(
    "second",
    [
        [COUNTY_SHEET_HEADER],  # an empty copy of the header: no rows
        [["区划代码", "名称"], ["350601", "东县"]],  # another table
        [["填写人", "日期"]],
    ],
)
def test_other_sheets_without_rows_or_with_other_columns_do_not_stop_the_read(tmp_path, second):
    _county_sheets(tmp_path / "f.xlsx", second)
    assert read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")["slots"].sum() == 180


def test_formulas_never_calculated_are_refused_not_read_as_blank(tmp_path):
    """openpyxl, pandas and reporting systems write formulas without their results; read, the cells
    are blank (slots missing, or a county's residents 0). Cells with a saved result read as usual."""
    import openpyxl

    from carefac import ValidationError

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["facility_id", "name", "kind", "classes", "slots", "lon", "lat"])
    sheet.append(["F1", "甲", "childcare", 6, "=D2*20", 117.62, 24.55])
    sheet.append(["F2", "乙", "childcare", 3, 60, 117.67, 24.55])
    book.save(tmp_path / "f.xlsx")
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")
    (found,) = caught.value.problems
    assert found.code == "formulas_not_computed" and "(E2)" in found.text("en")
    assert str(found.source) == "f.xlsx (layer 'facilities')"
    _as_excel_saves_it(tmp_path / "f.xlsx", {"E2": "120"})
    assert read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")["slots"].tolist() == [120, 60]


def _as_excel_saves_it(path, results: dict[str, str]) -> None:
    """Rewrite a workbook as Excel leaves it after calculating: each formula with its result, and no
    request to calculate on opening."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for cell, value in results.items():
        sheet = re.sub(rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>)?', rf"\g<1><v>{value}</v>", sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["xl/workbook.xml"] = re.sub(rb'\s*fullCalcOnLoad="1"', b"", parts["xl/workbook.xml"])
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _points_csv(tmp_path, crs_of_values: int, lons=(117.62, 117.67, 117.72), lats=(24.55, 24.56, 24.57)):
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, crs_of_values, always_xy=True).transform(list(lons), list(lats))
    frame = pd.DataFrame({"facility_id": ["F1", "F2", "F3"], "name": ["甲", "乙", "丙"], "kind": "childcare",
                          "slots": [120, 60, 40], "x": np.round(x, 2), "y": np.round(y, 2)})  # fmt: skip
    frame.to_csv(tmp_path / "facilities.csv", index=False)
    return tmp_path / "facilities.csv"


def test_web_mercator_metres_declared_as_degrees_are_named_as_web_mercator(tmp_path):
    """Web maps give EPSG:3857 metres (x 13.1 M near Zhangzhou): they were taken for Gauss-Krüger
    zone 13 with its prefix (72–78°E) and EPSG:4491 suggested; declaring 3857 was refused too."""
    path = _points_csv(tmp_path, 3857)
    with pytest.raises(ValidationError) as refused:
        read_layer(path, "facilities", crs="wgs84")
    (found,) = refused.value.problems
    assert found.code == "crs_web_mercator" and 'crs = "EPSG:3857"' in found.fix
    layer = read_layer(path, "facilities", crs="EPSG:3857").to_crs(4326)
    assert np.allclose(layer.geometry.x, [117.62, 117.67, 117.72], atol=1e-6)
    assert np.allclose(layer.geometry.y, [24.55, 24.56, 24.57], atol=1e-6)


@pytest.mark.parametrize(("declared", "values", "epsg"), [("EPSG:4548", 4527, 4527), ("wgs84", 4498, 4498)])
def test_zone_prefixed_eastings_are_still_named_with_their_zone(tmp_path, declared, values, epsg):
    """3-degree zone 39 (39 5xx xxx m) and 6-degree zone 20 (20 5xx xxx m): the prefixed system is
    named; declared as such, the points land where they were."""
    path = _points_csv(tmp_path, values)
    with pytest.raises(ValidationError) as refused:
        read_layer(path, "facilities", crs=declared)
    (found,) = refused.value.problems
    assert found.code == "crs_zone_prefix" and f'"EPSG:{epsg}"' in found.fix
    layer = read_layer(path, "facilities", crs=f"EPSG:{epsg}").to_crs(4326)
    assert np.allclose(layer.geometry.x, [117.62, 117.67, 117.72], atol=1e-6)


@pytest.mark.parametrize(
    ("x", "y"),
    [("经度(°)", "纬度(°)"), ("东经", "北纬"), ("X坐标", "Y坐标"), ("POINT_X", "POINT_Y"), ("GPS经度", "GPS纬度"),
     ("longitude_wgs84", "latitude_wgs84"), ("经度坐标", "纬度坐标")],
)  # fmt: skip
def test_coordinate_headers_as_offices_and_gis_exports_write_them_are_read(tmp_path, x, y):
    frame = pd.DataFrame({"facility_id": ["F1", "F2"], "name": ["甲", "乙"], "kind": "childcare", "slots": [120, 60],
                          x: [117.62, 117.67], y: [24.55, 24.56]})  # fmt: skip
    frame.to_csv(tmp_path / "facilities.csv", index=False)
    layer = read_layer(tmp_path / "facilities.csv", "facilities", crs="wgs84")
    assert layer.geometry.x.tolist() == [117.62, 117.67] and layer.geometry.y.tolist() == [24.55, 24.56]


def test_two_longitude_columns_are_not_guessed_between(tmp_path):
    frame = pd.DataFrame({"facility_id": ["F1"], "name": ["甲"], "kind": "childcare", "经度(GCJ02)": [117.625],
                          "经度(WGS84)": [117.62], "纬度(WGS84)": [24.55]})  # fmt: skip
    frame.to_csv(tmp_path / "facilities.csv", index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "facilities.csv", "facilities", crs="wgs84")
    (found,) = refused.value.problems
    assert found.code == "coordinate_column_missing" and "经度(GCJ02), 经度(WGS84)" in found.message


def test_surveyors_x_north_y_east_is_named_and_the_swap_reads_the_points_in_place(tmp_path):
    """A bureau's table gives X = 2 713 031 (north) and Y = 39 562 816 (east, zone 39): read as
    x/y every point lay 4,000 km away and the run said only 'outside every area'."""
    from pyproj import Transformer

    east, north = Transformer.from_crs(4326, 4527, always_xy=True).transform([117.62, 117.67], [24.55, 24.56])
    frame = pd.DataFrame({"facility_id": ["F1", "F2"], "name": ["甲", "乙"], "kind": "childcare", "slots": [120, 60],
                          "X": np.round(north, 2), "Y": np.round(east, 2)})  # fmt: skip
    frame.to_csv(tmp_path / "facilities.csv", index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "facilities.csv", "facilities", crs="EPSG:4527")
    (found,) = refused.value.problems
    assert found.code == "crs_surveying_axes" and 'x = "Y" and y = "X"' in found.fix
    layer = read_layer(tmp_path / "facilities.csv", "facilities", crs="EPSG:4527", x="Y", y="X").to_crs(4326)
    assert np.allclose(layer.geometry.x, [117.62, 117.67], atol=1e-6)


@pytest.mark.parametrize(("encoding", "sep", "name"), [("utf-16", "\t", "facilities.txt"), ("utf-16-le", ",", "facilities.csv"),
                                                      ("utf-16-be", ",", "facilities.csv")])  # fmt: skip
def test_unicode_text_as_excel_saves_it_is_read(tmp_path, encoding, sep, name):
    """Excel's "Unicode text (*.txt)" is UTF-16 with tabs; it was refused as neither UTF-8 nor GBK."""
    frame = pd.DataFrame({"机构编号": ["F1", "F2"], "名称": ["甲托育", "乙托育"], "类型": "托育机构", "托位数": [120, 60],
                          "经度": [117.62, 117.67], "纬度": [24.55, 24.56]})  # fmt: skip
    (tmp_path / name).write_bytes(frame.to_csv(index=False, sep=sep).encode(encoding))
    layer = read_layer(tmp_path / name, "facilities", crs="wgs84")
    assert layer["name"].tolist() == ["甲托育", "乙托育"] and layer["slots"].tolist() == [120, 60]


@pytest.mark.parametrize("marks", [{"childrenNum": 0, "acroutes": "[100000, 350000]"}, {"crs": "GCJ-02"}, {"坐标系": "火星坐标"}])
def test_a_web_map_geojson_without_a_declared_system_is_asked_about(tmp_path, marks):
    """DataV (GeoAtlas) and Amap-derived boundaries are GCJ-02 with no crs member: read as WGS84
    (the GeoJSON standard), every border sat ~500 m off, silently."""
    import geopandas as gpd
    import shapely

    from carefac import wgs84_to_gcj02

    x, y = wgs84_to_gcj02(117.65, 24.55)
    layer = gpd.GeoDataFrame({"adcode": ["350601"], "name": ["东县"], "level": ["district"], "常住人口": [60000], **marks},
                             geometry=[shapely.box(x - 0.05, y - 0.05, x + 0.05, y + 0.05)], crs=4326)  # fmt: skip
    layer.to_file(tmp_path / "areas.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "areas.geojson", "areas")
    (found,) = refused.value.problems
    assert found.code == "crs_web_map_geojson" and 'crs = "gcj02"' in found.fix
    areas = read_layer(tmp_path / "areas.geojson", "areas", crs="gcj02")
    centre = areas.geometry.iloc[0].centroid
    assert abs(centre.x - 117.65) < 1e-4 and abs(centre.y - 24.55) < 1e-4  # back on WGS84 (the offset is ~5e-3)


@pytest.mark.parametrize(("epsg", "said"), [(2385, True), (2436, True), (4549, False)])
def test_a_layer_in_xian_1980_or_beijing_1954_is_read_and_its_approximate_conversion_said(tmp_path, epsg, said):
    """PROJ has no exact shift from the older national datums offline (a ballpark offset): the
    positions may be tens of metres off, which the user should know."""
    import geopandas as gpd
    import shapely

    layer = gpd.GeoDataFrame({"区划代码": ["350601"], "名称": ["东县"], "级别": ["县"], "常住人口": [60000]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326).to_crs(epsg)  # fmt: skip
    layer.to_file(tmp_path / "areas.shp", encoding="utf-8")
    areas = read_layer(tmp_path / "areas.shp", "areas")
    notices = [n for n in areas.attrs["notices"] if n.code == "crs_old_datum"]
    assert bool(notices) == said


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_shapefile_whose_chinese_field_names_were_cut_at_10_bytes_is_read(tmp_path, encoding):
    """A DBF field name holds 10 bytes: in UTF-8 常住人口 (12 bytes) is cut inside a character and the
    file could not be read at all ('utf-8' codec can't decode); in GBK 3岁以下人口 loses its 口."""
    import geopandas as gpd
    import shapely

    layer = gpd.GeoDataFrame({"区划代码": ["350601"], "名称": ["东县"], "级别": ["县"], "常住人口": [60000],
                              "3岁以下人口": [1800]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the writer's own warning that it cut the names
        layer.to_file(tmp_path / "areas.shp", encoding=encoding)
    areas = read_layer(tmp_path / "areas.shp", "areas")
    assert areas[["area_id", "name", "level", "population", "pop_under3"]].values.tolist() == [
        ["350601", "东县", "county", 60000, 1800]
    ]
    (said,) = [n for n in areas.attrs["notices"] if n.code == "shapefile_names_completed"]
    assert "→ 3岁以下人口" in said.en


def test_areas_given_as_a_spreadsheet_are_asked_for_boundaries(tmp_path):
    """A population table given as the areas layer was refused as 'no x column, no coordinate system'."""
    frame = pd.DataFrame({"区划代码": ["350601"], "名称": ["东县"], "级别": ["县"], "常住人口": [60000]})
    frame.to_excel(tmp_path / "areas.xlsx", index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "areas.xlsx", "areas")
    (found,) = refused.value.problems
    assert found.code == "layer_needs_boundaries" and 'join = "areas.xlsx" under [layers.areas]' in found.fix


def test_candidate_parcels_given_as_outlines_are_placed_at_a_point_inside_each(tmp_path):
    """Planning bureaus give candidate sites as parcels (地块): refused as 'needs point geometries'."""
    import geopandas as gpd
    import shapely

    l_shape = shapely.Polygon([(117.60, 24.50), (117.62, 24.50), (117.62, 24.501), (117.601, 24.501), (117.601, 24.52),
                               (117.60, 24.52)])  # fmt: skip
    parcels = gpd.GeoDataFrame({"候选编号": ["C1", "C2"], "名称": ["地块一", "地块二"], "容量": [80, 100]},
                               geometry=[l_shape, shapely.Point(117.65, 24.55)], crs=4326)  # fmt: skip
    parcels.to_file(tmp_path / "candidates.geojson", driver="GeoJSON")
    layer = read_layer(tmp_path / "candidates.geojson", "candidates")
    assert (layer.geom_type == "Point").all() and l_shape.contains(layer.geometry.iloc[0])  # inside, not the centroid
    assert not l_shape.contains(l_shape.centroid)
    (said,) = [n for n in layer.attrs["notices"] if n.code == "outlines_as_points"]
    assert "1 of 2 rows are outlines" in said.en and "row 1)" in said.en


@pytest.mark.parametrize(
    ("written", "status"),
    [("运营中", "existing"), ("试运营", "existing"), ("正常", "existing"), ("暂停营业", "closed"), ("筹建", "planned"),
     ("装修中", "under_construction"), ("待验收", "under_construction"), ("已注销", "closed"), ("吊销", "closed"),
     ("停办", "closed"), ("已撤销", "closed"), ("正常营业", "existing"), ("试营业", "existing"),
     ("已投入运营", "existing"), ("筹建中", "planned"), ("待建", "planned"), ("待开业", "under_construction"),
     ("未开业", "under_construction"), ("已撤并", "closed")],
)  # fmt: skip
def test_status_words_offices_write_are_read(tmp_path, written, status):
    frame = pd.DataFrame({"机构编号": ["F1"], "名称": ["甲"], "类型": ["托育机构"], "托位数": [80], "状态": [written],
                          "经度": [117.62], "纬度": [24.55]})  # fmt: skip
    frame.to_csv(tmp_path / "facilities.csv", index=False)
    assert read_layer(tmp_path / "facilities.csv", "facilities", crs="wgs84")["status"].tolist() == [status]


def test_a_districts_children_under_3_are_checked_like_an_areas(tmp_path):
    """2,600 children under 3 among 2,500 residents was accepted for a district (refused for an area)."""
    import geopandas as gpd
    import shapely

    districts = gpd.GeoDataFrame({"小区编号": ["R1", "R2", "R3"], "名称": ["甲", "乙", "丙"], "状态": "现有",
                                  "常住人口": [3000, 2500, 200], "3岁以下人口": [900, 2600, 40]},
                                 geometry=[shapely.box(117.6 + k / 100, 24.5, 117.605 + k / 100, 24.505) for k in range(3)],
                                 crs=4326)  # fmt: skip
    districts.to_file(tmp_path / "residential.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "residential.geojson", "residential")
    (found,) = refused.value.problems
    assert found.code == "under3_above_population" and found.rows == (2,)
    districts.loc[1, "3岁以下人口"] = 60
    districts.to_file(tmp_path / "residential.geojson", driver="GeoJSON")
    layer = read_layer(tmp_path / "residential.geojson", "residential")
    (said,) = [n for n in layer.attrs["notices"] if n.code == "under3_share_implausible"]
    assert said.en.startswith("1 row (row 1; e.g. ") and " gives " in said.en  # R1's 30 %; R3's 20 % of 200 residents is too few to ask


def test_text_merged_over_rows_is_read_on_every_row_and_numbers_are_not_copied(tmp_path):
    """Offices merge 类型 over the rows of one kind: the rows under the first read as blank and were
    refused. A number merged over two rows (120 slots for two sites?) is not copied to both."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["facility_id", "name", "kind", "slots", "lon", "lat"])
    for k, slots in enumerate([120, 60, 40, None]):
        sheet.append([f"F{k + 1}", f"机构{k + 1}", "托育机构" if k in (0, 2) else None, slots, 117.62 + k / 100, 24.55])
    sheet.merge_cells("C2:C3")
    sheet.merge_cells("C4:C5")
    sheet.merge_cells("D4:D5")
    book.save(tmp_path / "facilities.xlsx")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "facilities.xlsx", "facilities", crs="wgs84")
    (found,) = refused.value.problems  # the merged 40 is not copied to row 5, and is asked about
    assert found.code == "number_merged" and found.column == "slots" and found.facts["cells"] == "D4:D5"
    assert "D4:D5" in found.text("en") and "(40)" in found.text("en") and "取消合并单元格" in found.text("zh")
    sheet.unmerge_cells("D4:D5")
    sheet["D5"] = 30
    book.save(tmp_path / "facilities.xlsx")
    layer = read_layer(tmp_path / "facilities.xlsx", "facilities", crs="wgs84")
    assert layer["kind"].tolist() == ["childcare"] * 4 and layer["slots"].tolist() == [120, 60, 40, 30]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "merged_cells_filled"]
    assert "2 merged cell ranges (C2:C3, C4:C5)" in said.en


def test_a_year_merged_over_rows_is_each_rows_year(tmp_path):
    """建成年份 merged over two districts built the same year: a year is not a count, so each row takes it
    (as the sheet shows it), said; before, the second district's year read blank."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["district_id", "name", "status", "建成年份", "population", "lon", "lat"])
    sheet.append(["R1", "锦绣花园", "existing", 2008, 3000, 117.62, 24.55])
    sheet.append(["R2", "阳光小区", "existing", None, 2500, 117.72, 24.56])
    sheet.merge_cells("D2:D3")
    book.save(tmp_path / "residential.xlsx")
    layer = read_layer(tmp_path / "residential.xlsx", "residential", crs="wgs84")
    assert layer["completion_year"].tolist() == [2008, 2008] and layer["population"].tolist() == [3000, 2500]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "merged_cells_filled"]
    assert "1 merged cell range (D2:D3) is filled in" in said.en


def test_a_number_merged_over_rows_in_a_column_carefac_does_not_read_is_left_alone(tmp_path):
    """班级数 merged over a centre's two rows: not a figure carefac counts, so nothing to ask."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["facility_id", "name", "kind", "slots", "班级数", "lon", "lat"])
    for k, slots in enumerate([120, 60]):
        sheet.append([f"F{k + 1}", f"机构{k + 1}", "托育机构", slots, 4 if k == 0 else None, 117.62 + k / 100, 24.55])
    sheet.merge_cells("E2:E3")
    book.save(tmp_path / "facilities.xlsx")
    layer = read_layer(tmp_path / "facilities.xlsx", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [120, 60]


@pytest.mark.parametrize("headings", [("一、东县", "二、西县"), ("东县", "西县（2家）"), ("（一）芗城区", "（二）龙文区：共2个")])
def test_section_headings_within_a_list_are_passed_over_and_said(tmp_path, headings):
    """A list grouped by county, each group under a row of its name only: the heading was read as a
    facility and refused for its missing coordinates."""
    rows = [[headings[0], "", "", "", "", ""], ["F1", "甲", "childcare", 120, 117.62, 24.55],
            ["F2", "乙", "childcare", 60, 117.67, 24.55], ["", headings[1], "", "", "", ""],
            ["F3", "丙", "childcare", 40, 117.72, 24.56]]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["facility_id", "name", "kind", "slots", "lon", "lat"])
    frame.to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert layer["facility_id"].tolist() == ["F1", "F2", "F3"] and layer["source_row"].tolist() == [3, 4, 6]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "section_rows_skipped"]
    assert f"rows 2 ({headings[0]}), 5 ({headings[1]})" in said.en and "分组标题" in said.zh


def test_a_section_heading_merged_across_its_row_is_passed_over(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["facility_id", "name", "kind", "slots", "lon", "lat"])
    sheet.append(["一、东县"])
    sheet.merge_cells("A2:F2")
    sheet.append(["F1", "甲", "childcare", 120, 117.62, 24.55])
    sheet.append(["F2", "乙", "childcare", 60, 117.67, 24.55])
    book.save(tmp_path / "facilities.xlsx")
    layer = read_layer(tmp_path / "facilities.xlsx", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [120, 60] and layer["source_row"].tolist() == [3, 4]


@pytest.mark.parametrize("name", ["乙托育中心", "锦绣小区", "软件园区"])
def test_a_row_of_a_name_only_not_worded_as_a_heading_is_still_asked_about(tmp_path, name):
    """乙托育中心 alone on its row may be a centre whose figures were never typed: not passed over
    (锦绣小区 ends in 区 as 芗城区 does, but names a place)."""
    rows = [["F1", "甲", "childcare", 120, 117.62, 24.55], ["", name, "", "", "", ""]]
    pd.DataFrame(rows, columns=["facility_id", "name", "kind", "slots", "lon", "lat"]).to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert any(p.rows == (3,) for p in refused.value.problems)


def test_a_district_lists_own_columns_on_its_childcare_are_said_not_read(tmp_path):
    """A housing bureau's list says 是否配建托育设施 = 是 and 配建托位数 = 60: the rule counts the facility
    list, so those columns were ignored without a word."""
    frame = gpd.GeoDataFrame(
        {"district_id": ["R1", "R2"], "name": ["锦绣花园", "阳光小区"], "status": ["new", "existing"],
         "population": [3000, 2500], "是否配建托育设施": ["是", "否"], "配建托位数": [60, 0]},
        geometry=[shapely.box(117.618, 24.548, 117.622, 24.552), shapely.box(117.718, 24.558, 117.722, 24.562)], crs=4326,
    )  # fmt: skip
    frame.to_file(tmp_path / "r.geojson", driver="GeoJSON")
    layer = read_layer(tmp_path / "r.geojson", "residential")
    (said,) = [n for n in layer.attrs["notices"] if n.code == "district_childcare_columns_not_read"]
    assert "('是否配建托育设施', '配建托位数') are not read" in said.en and "补入设施名单" in said.zh
    frame.drop(columns=["是否配建托育设施", "配建托位数"]).to_file(tmp_path / "s.geojson", driver="GeoJSON")
    plain = read_layer(tmp_path / "s.geojson", "residential")
    assert not [n for n in plain.attrs["notices"] if n.code == "district_childcare_columns_not_read"]


def _two_counties(population, header="常住人口"):
    return gpd.GeoDataFrame({"代码": ["350601", "350602"], "名称": ["东县", "西县"], "级别": ["县", "县"], header: population},
                            geometry=[shapely.box(117.6, 24.5, 117.7, 24.6), shapely.box(117.7, 24.5, 117.8, 24.6)],
                            crs=4326)  # fmt: skip


def test_a_header_in_wan_over_figures_in_persons_is_a_question(tmp_path):
    """常住人口（万人） over 600,000 and 450,000 made 6 and 4.5 billion residents: exit 0 before."""
    _two_counties([600000, 450000], "常住人口（万人）").to_file(tmp_path / "a.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "a.geojson", "areas")
    (said,) = refused.value.problems
    assert said.code == "population_beyond_any_place_scaled" and said.rows == (1, 2)
    assert "× 10,000" in said.text("en") and "东县: 6,000,000,000" in said.text("en")
    assert "去掉表头中的单位" in said.text("zh") and "任何县" in said.text("zh").replace("（区）", "")
    _two_counties([60.0, 45.0], "常住人口（万人）").to_file(tmp_path / "b.geojson", driver="GeoJSON")
    assert read_layer(tmp_path / "b.geojson", "areas")["population"].tolist() == [600000, 450000]


def test_residents_beyond_any_place_of_their_level_are_a_question(tmp_path):
    """A code typed into a township's residents (350601001): no township holds 350 million."""
    _two_counties([60000, 350601001]).to_file(tmp_path / "a.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "a.geojson", "areas")
    (said,) = refused.value.problems
    assert said.code == "population_beyond_any_place" and said.rows == (2,) and "西县: 350,601,001" in said.text("en")
    district = gpd.GeoDataFrame({"district_id": ["R1"], "name": ["锦绣花园"], "status": ["new"], "population": [3_000_000]},
                                geometry=[shapely.box(117.618, 24.548, 117.622, 24.552)], crs=4326)  # fmt: skip
    district.to_file(tmp_path / "r.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "r.geojson", "residential")
    assert [p.code for p in refused.value.problems] == ["population_beyond_any_place"]
    assert "居住区" in refused.value.text("zh")


def test_one_row_with_its_coordinates_swapped_is_named_as_the_rows_not_the_columns(tmp_path):
    """Only row 3 typed latitude first: "swap the x and y columns" would break the rows that read right."""
    frame = facility_table(lon=[117.65, 24.52], lat=[24.51, 117.66])
    frame.to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    (said,) = refused.value.problems
    assert said.code == "crs_swapped_in_rows" and said.rows == (3,) and "swap the two values in those rows" in said.text("en")


def test_a_note_above_the_total_row_at_the_end_is_still_a_note(tmp_path):
    """注：数据截至2024年6月, then 合计 as the last row: the note was read as a facility (no coordinates)."""
    rows = [["F1", "甲", "childcare", 120, 117.62, 24.55], ["F2", "乙", "childcare", 60, 117.67, 24.55],
            [None] * 6, ["注：数据截至2024年6月", None, None, None, None, None], ["合计", None, None, 180, None, None]]  # fmt: skip
    pd.DataFrame(rows, columns=["facility_id", "name", "kind", "slots", "lon", "lat"]).to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [120, 60]
    said = {n.code: n.en for n in layer.attrs["notices"]}
    assert "注：数据截至2024年6月" in said["table_notes_skipped"] and "row 6 (合计)" in said["total_rows_passed_over"]


def test_a_note_between_the_rows_is_passed_over_as_a_note(tmp_path):
    """注：以下为民办机构 between two groups of rows was read as a facility without coordinates."""
    rows = [["F1", "甲", "childcare", 120, 117.62, 24.55], ["注：以下为民办机构", None, None, None, None, None],
            ["F2", "乙", "childcare", 60, 117.67, 24.55]]  # fmt: skip
    pd.DataFrame(rows, columns=["facility_id", "name", "kind", "slots", "lon", "lat"]).to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [120, 60] and layer["source_row"].tolist() == [2, 4]
    (said,) = [n.en for n in layer.attrs["notices"] if n.code == "table_notes_skipped"]
    assert "row 3: 注：以下为民办机构" in said


def test_full_width_commas_with_a_stray_one_ending_a_line_are_read_as_the_separator(tmp_path):
    text = "facility_id，name，kind，slots，lon，lat\nF1，甲，childcare，120，117.62，24.55，\nF2，乙，childcare，60，117.67，24.55\n"
    (tmp_path / "f.csv").write_text(text, encoding="utf-8")
    assert read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")["slots"].tolist() == [120, 60]


@pytest.mark.parametrize(("tab", "named"), [("Sheet1", "sheet1"), ("托育机构 ", "托育机构")])
def test_a_sheet_named_as_excel_matches_names_is_read(tmp_path, tab, named):
    """Excel's sheet names ignore case, and a space ending a tab does not show: "no sheet 'sheet1'" refused it."""
    with pd.ExcelWriter(tmp_path / "f.xlsx") as writer:
        facility_table().to_excel(writer, index=False, sheet_name=tab)
    assert read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet=named)["slots"].tolist() == [10, 20]


def test_a_sheet_name_matching_two_tabs_but_for_case_is_still_asked_about(tmp_path):
    with pd.ExcelWriter(tmp_path / "f.xlsx") as writer:
        facility_table().to_excel(writer, index=False, sheet_name="机构 ")
        facility_table().to_excel(writer, index=False, sheet_name="机构  ")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet="机构")
    assert "'机构 ', '机构  '" in refused.value.text("en")


def test_a_column_without_a_header_is_passed_over_and_said_but_a_merged_header_is_still_refused(tmp_path):
    """A notes column left without a header refused the whole workbook as 'merged header cells'."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["facility_id", "name", "kind", "slots", "lon", "lat", None])
    sheet.append(["F1", "甲", "托育机构", 120, 117.62, 24.55, "已核实"])
    sheet.append(["F2", "乙", "托育机构", 60, 117.67, 24.55, None])
    book.save(tmp_path / "facilities.xlsx")
    layer = read_layer(tmp_path / "facilities.xlsx", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [120, 60]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "column_headerless"]
    assert "column G has no header and is not read (its first value: '已核实')" in said.en
    sheet.merge_cells("D1:E1")  # 托位 over two sub-columns: a two-row header
    book.save(tmp_path / "facilities.xlsx")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "facilities.xlsx", "facilities", crs="wgs84")
    assert refused.value.problems[0].code == "header_merged"


def test_kml_an_arcgis_file_geodatabase_and_mapinfo_are_read(tmp_path):
    """Google Earth / 奥维 exports (KML), the bureau's ArcGIS .gdb folders and MapInfo tables."""
    import geopandas as gpd
    import pyogrio
    import shapely

    from carefac.config import file_sha256

    points = gpd.GeoDataFrame({"Name": ["候选一", "候选二"], "Description": ["地块", "地块"]},
                              geometry=[shapely.Point(117.62, 24.55), shapely.Point(117.67, 24.56)], crs=4326)  # fmt: skip
    pyogrio.write_dataframe(points, tmp_path / "candidates.kml", driver="KML")
    candidates = read_layer(tmp_path / "candidates.kml", "candidates")
    assert candidates["name"].tolist() == ["候选一", "候选二"] and len(set(candidates["candidate_id"])) == 2
    areas = gpd.GeoDataFrame({"区划代码": ["350601"], "名称": ["东县"], "级别": ["县"], "常住人口": [60000]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    pyogrio.write_dataframe(areas, tmp_path / "zz.gdb", layer="XZQ", driver="OpenFileGDB")
    pyogrio.write_dataframe(areas, tmp_path / "zz.gdb", layer="XJXZQ", driver="OpenFileGDB")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "zz.gdb", "areas")
    assert "the file has 2 layers (XZQ, XJXZQ)" in refused.value.problems[0].message
    assert read_layer(tmp_path / "zz.gdb", "areas", layer="XZQ")["population"].tolist() == [60000]
    before = file_sha256(tmp_path / "zz.gdb")
    assert len(before) == 64 and before == file_sha256(tmp_path / "zz.gdb")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyogrio.write_dataframe(areas, tmp_path / "areas.tab", driver="MapInfo File", layer_options={"ENCODING": "CP936"})
    assert read_layer(tmp_path / "areas.tab", "areas")["area_id"].tolist() == ["350601"]


def test_an_areas_parts_drawn_as_features_with_one_code_are_joined_and_other_repeats_refused(tmp_path):
    """A township's exclave stored as a second feature (same code, name, population) was refused as
    'ids are not unique'; the same code with other figures (an old and a new code) still is."""
    import geopandas as gpd
    import shapely

    parts = gpd.GeoDataFrame(
        {"区划代码": ["350601", "350601101", "350601101"], "名称": ["东县", "乙镇", "乙镇"], "级别": ["县", "镇", "镇"],
         "上级代码": [None, "350601", "350601"], "常住人口": [20000, 20000, 20000]},
        geometry=[shapely.box(117.65, 24.50, 117.70, 24.60), shapely.box(117.65, 24.50, 117.70, 24.55),
                  shapely.box(117.65, 24.55, 117.70, 24.60)], crs=4326,
    )  # fmt: skip
    parts.to_file(tmp_path / "areas.geojson", driver="GeoJSON")
    areas = read_layer(tmp_path / "areas.geojson", "areas")
    town = areas[areas["area_id"] == "350601101"]
    assert len(town) == 1 and town.geometry.iloc[0].area == pytest.approx(0.005)
    (said,) = [n for n in areas.attrs["notices"] if n.code == "area_parts_joined"]
    assert "350601101 乙镇 (2; 2, 3)" in said.en
    parts.loc[2, "常住人口"] = 18000
    parts.to_file(tmp_path / "areas.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "areas.geojson", "areas")
    assert refused.value.problems[0].code == "ids_repeated"


def test_a_csv_saved_from_a_titled_sheet_is_read_under_its_title_with_the_sheets_row_numbers(tmp_path):
    frame = pd.DataFrame({"facility_id": ["F1", "F2"], "name": ["甲", "乙"], "kind": "childcare", "slots": ["120", "很多"],
                          "lon": [117.621834, 117.673312], "lat": [24.551207, 24.563345]})  # fmt: skip
    title = "示例市托育机构名单" + "," * (frame.shape[1] - 1) + "\n"
    (tmp_path / "facilities.csv").write_text(title + frame.to_csv(index=False), encoding="utf-8-sig")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "facilities.csv", "facilities", crs="wgs84")
    assert "column 'slots', row 4: values are not numbers ('很多')" in refused.value.text("en")
    (tmp_path / "facilities.csv").write_text(title + frame.assign(slots=["120", "60"]).to_csv(index=False), encoding="utf-8-sig")
    layer = read_layer(tmp_path / "facilities.csv", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [120, 60]
    assert [n.code for n in layer.attrs["notices"]] == ["title_rows_skipped", "status_column_missing"]  # a list of names and slots only


def test_a_list_of_addresses_without_coordinates_is_told_how_to_get_them(tmp_path):
    frame = pd.DataFrame({"机构编号": ["F1"], "名称": ["甲"], "类型": ["托育机构"], "托位数": [80],
                          "详细地址": ["漳州市芗城区胜利西路1号"]})  # fmt: skip
    frame.to_csv(tmp_path / "facilities.csv", index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "facilities.csv", "facilities", crs="wgs84")
    (found,) = refused.value.problems
    assert found.code == "coordinates_address_only" and found.column == "详细地址" and 'crs = "gcj02"' in found.fix


@pytest.mark.parametrize(
    ("written", "kind"),
    [("托育机构（普惠）", "childcare"), ("社区托育点(嵌入式)", "community_childcare"), ("幼儿园（托班）", "kindergarten_class"),
     ("民办托育机构", "childcare"), ("公办托育园", "childcare"), ("非营利性托育机构", "childcare"),
     ("用人单位托育点", "workplace_childcare"), ("托育综合服务中心", "childcare")],
)  # fmt: skip
def test_a_kind_with_a_bracketed_qualifier_or_who_runs_it_is_read(tmp_path, written, kind):
    frame = pd.DataFrame({"机构编号": ["F1"], "名称": ["甲"], "类型": [written], "托位数": [80], "经度": [117.62],
                          "纬度": [24.55]})  # fmt: skip
    frame.to_csv(tmp_path / "facilities.csv", index=False)
    assert read_layer(tmp_path / "facilities.csv", "facilities", crs="wgs84")["kind"].tolist() == [kind]


def test_a_kind_whose_bracket_gives_a_status_is_not_read_past(tmp_path):
    """托育机构（已停业）: read as childcare, a closed centre would have counted."""
    frame = pd.DataFrame({"机构编号": ["F1"], "名称": ["甲"], "类型": ["托育机构（已停业）"], "托位数": [80],
                          "经度": [117.62], "纬度": [24.55]})  # fmt: skip
    frame.to_csv(tmp_path / "facilities.csv", index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "facilities.csv", "facilities", crs="wgs84")
    assert refused.value.problems[0].code == "values_unknown"


def _web_map_points(tmp_path, x: str, y: str) -> Path:
    frame = pd.DataFrame({"facility_id": ["F1", "F2"], "name": ["甲", "乙"], "kind": "childcare", "slots": [120, 60],
                          x: [117.6312, 117.6801], y: [24.5523, 24.5617]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    return tmp_path / "f.csv"


@pytest.mark.parametrize(
    ("x", "y", "declared", "code"),
    [
        ("百度经度", "百度纬度", "wgs84", "crs_header_disagrees"),
        ("高德经度", "高德纬度", "wgs84", "crs_header_disagrees"),
        ("lng_bd09", "lat_bd09", "gcj02", "crs_header_disagrees"),
        ("GPS经度", "GPS纬度", "gcj02", "crs_header_disagrees"),
        ("lng_gcj02", "lat_gcj02", None, "crs_missing_header_names_it"),
    ],
)
def test_a_coordinate_header_naming_another_system_than_declared_is_a_question(tmp_path, x, y, declared, code):
    """Offices copy points from Baidu or Amap into columns named for them (百度经度); declared (or
    taken) as WGS84 they would sit 500 m – 1 km off, in the wrong township near a border."""
    from carefac import ValidationError

    with pytest.raises(ValidationError) as caught:
        read_layer(_web_map_points(tmp_path, x, y), "facilities", crs=declared)
    assert [p.code for p in caught.value.problems] == [code]
    assert f"'{x}'" in caught.value.problems[0].text("en")


def test_a_coordinate_header_agreeing_with_the_declared_system_is_read_and_converted(tmp_path):
    from carefac.coords import bd09_to_wgs84

    layer = read_layer(_web_map_points(tmp_path, "lng_bd09", "lat_bd09"), "facilities", crs="bd09")
    lon, lat = bd09_to_wgs84(np.array([117.6312, 117.6801]), np.array([24.5523, 24.5617]))
    np.testing.assert_allclose(layer.geometry.x, lon, atol=1e-9)
    np.testing.assert_allclose(layer.geometry.y, lat, atol=1e-9)


@pytest.mark.parametrize(
    ("written", "status"),
    [("新建小区", "new"), ("新建居住区", "new"), ("老旧小区", "existing"), ("已建成小区", "existing"), ("既有", "existing"),
     ("存量", "existing"), ("在建楼盘", "under_construction")],
)  # fmt: skip
def test_district_status_words_of_the_plan_are_read(tmp_path, written, status):
    """The plan speaks of 新建城区居住区 and 老城区和已建成居住区; offices write 新建小区, 老旧小区."""
    districts = gpd.GeoDataFrame({"小区编号": ["R1"], "名称": ["甲"], "状态": [written], "常住人口": [2000]},
                                 geometry=[shapely.box(117.62, 24.54, 117.63, 24.55)], crs=4326)  # fmt: skip
    districts.to_file(tmp_path / "r.geojson", driver="GeoJSON")
    assert read_layer(tmp_path / "r.geojson", "residential")["status"].tolist() == [status]


def test_codes_excel_saved_in_scientific_notation_are_refused_as_such(tmp_path):
    """Excel shows 350601001000 as 3.50601E+11 and saves a CSV that way: the codes lose their last
    digits and several areas share one (said as 'ids are not unique', which hid the cause)."""
    import geopandas as gpd
    import shapely

    from carefac import ValidationError

    boxes = [shapely.box(117.6 + k / 10, 24.5, 117.7 + k / 10, 24.6) for k in range(3)]
    areas = gpd.GeoDataFrame({"area_id": ["350601", "350601001000", "350601101000"], "name": ["东县", "甲街道", "乙镇"]},
                             geometry=[shapely.union_all(boxes[:2]), boxes[0], boxes[1]], crs=4326)  # fmt: skip
    areas.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    table = pd.DataFrame({"区划代码": ["350601", "3.50601E+11", "3.50601E+11"], "常住人口": [60000, 40000, 20000]})
    table.to_csv(tmp_path / "人口.csv", index=False)
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "a.geojson", "areas", join=tmp_path / "人口.csv")
    (found,) = caught.value.problems
    assert found.code == "codes_scientific" and found.rows == (3, 4) and "(3.50601E+11)" in found.text("en")
    areas.assign(area_id=["350601", "3.50601E+08", "3.50601E+08"], population=[60000, 40000, 20000]).to_file(
        tmp_path / "b.geojson", driver="GeoJSON")  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "b.geojson", "areas")
    assert "codes_scientific" in [p.code for p in caught.value.problems]


@pytest.mark.parametrize(("written", "cpg", "read_as"), [("gbk", "UTF-8", "GB18030"), ("utf-8", "936", "UTF-8")])
def test_a_shapefile_whose_cpg_names_the_wrong_encoding_is_read_in_its_own(tmp_path, written, cpg, read_as):
    """Tools write a .cpg of UTF-8 over GBK text (the file could not be read at all: an internal
    error's English) or 936 over UTF-8 (names garbled). The bytes decide, and the notice says so."""
    import geopandas as gpd
    import shapely

    areas = gpd.GeoDataFrame({"区划代码": ["350601", "350602"], "名称": ["东县", "西县"], "人口": [60000, 45000]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6), shapely.box(117.7, 24.5, 117.8, 24.6)],
                             crs=4326)  # fmt: skip
    areas.to_file(tmp_path / "a.shp", encoding=written)
    (tmp_path / "a.cpg").write_text(cpg)
    layer = read_layer(tmp_path / "a.shp", "areas")
    assert layer["name"].tolist() == ["东县", "西县"] and layer["population"].tolist() == [60000, 45000]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "shapefile_cpg_wrong"]
    assert f".cpg says its text is {cpg}, but its bytes are not: read as {read_as}" in said.en


def test_a_shapefile_whose_cpg_is_right_is_read_without_a_word(tmp_path):
    import geopandas as gpd
    import shapely

    areas = gpd.GeoDataFrame({"区划代码": ["350601"], "名称": ["东县"], "人口": [60000]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    areas.to_file(tmp_path / "a.shp", encoding="gbk")
    assert (tmp_path / "a.cpg").read_text().strip().upper() in ("GBK", "936", "CP936")
    layer = read_layer(tmp_path / "a.shp", "areas")
    assert layer["name"].tolist() == ["东县"] and not layer.attrs["notices"]


def test_utf8_field_names_cut_to_the_same_name_are_refused_naming_it(tmp_path):
    """常住人口 and 常住人数 both cut to 常住人 at the DBF's 10 bytes: an internal error ('DataFrame'
    object has no attribute 'dtype') before."""
    import geopandas as gpd
    import shapely

    from carefac import ValidationError

    areas = gpd.GeoDataFrame({"区划代码": ["350601"], "名称": ["东县"], "常住人口": [60000], "常住人数": [5]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # GDAL says it cut the names
        areas.to_file(tmp_path / "a.shp", encoding="utf-8")
    (tmp_path / "a.cpg").unlink()
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "a.shp", "areas")
    (found,) = caught.value.problems
    assert found.code == "shapefile_names_cut_alike" and "常住人" in found.text("en")


def test_blank_rows_are_passed_over_and_notes_under_the_table_said_rows_keep_their_numbers(tmp_path):
    """A line left blank between two counties' centres and the 注：/填报单位 lines under the list
    were refused as 'coordinates are missing'. They hold nothing to count: passed over (the notes
    said), and a later problem still names the row as the sheet numbers it."""
    import openpyxl

    from carefac import ValidationError

    def workbook(last_lon):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["facility_id", "name", "kind", "slots", "lon", "lat"])
        sheet.append(["F1", "甲", "childcare", 120, 117.62, 24.55])
        sheet.append([])  # row 3
        sheet.append(["F2", "乙", "childcare", 60, last_lon, 24.55])  # row 4
        sheet.append(["注：托位数为核定托位。"])
        sheet.append(["填报单位：某县卫健局", None, None, None, None, None])
        book.save(tmp_path / "f.xlsx")

    workbook(117.67)
    layer = read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [120, 60] and layer["source_row"].tolist() == [2, 4]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "table_notes_skipped"]
    assert "(2; row 5: 注：托位数为核定托位。; row 6: 填报单位：某县卫健局)" in said.en
    assert "（2行。第5行：注：托位数为核定托位。；第6行：填报单位：某县卫健局）" in said.zh
    workbook("东经117")
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")
    assert [p.rows for p in caught.value.problems] == [(4,)]


def test_the_signature_line_under_a_form_is_a_note(tmp_path):
    """填表人：张三 | 审核人：李四 | 填报日期：2023年12月 under the list, in three cells, was refused as
    a facility without coordinates; a last facility whose cells are not 填表人：-like entries is read."""
    rows = [["F1", "甲", "childcare", "120", "117.62", "24.55"], ["F2", "乙", "childcare", "60", "117.67", "24.55"],
            ["填表人：张三", "审核人：李四", "填报日期：2023年12月", None, None, None]]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["facility_id", "name", "kind", "slots", "lon", "lat"])
    frame.to_excel(tmp_path / "f.xlsx", index=False)
    layer = read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")
    assert layer["facility_id"].tolist() == ["F1", "F2"]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "table_notes_skipped"]
    assert "row 4: 填表人：张三 审核人：李四 填报日期：2023年12月" in said.en
    frame.iloc[2] = ["F3", "联系：王五", "childcare", "30", "117.7", "24.56"]  # one such cell: a facility
    frame.to_excel(tmp_path / "g.xlsx", index=False)
    assert read_layer(tmp_path / "g.xlsx", "facilities", crs="wgs84")["facility_id"].tolist() == ["F1", "F2", "F3"]


def test_a_row_with_only_an_id_at_the_end_is_not_taken_for_a_note(tmp_path):
    from carefac import ValidationError

    frame = pd.DataFrame({"facility_id": ["F1", "F2"], "name": ["甲", None], "kind": ["childcare", None],
                          "slots": [120, None], "lon": [117.62, None], "lat": [24.55, None]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert caught.value.problems[0].rows == (3,)


def test_a_units_row_under_the_headers_gives_the_headers_their_units(tmp_path):
    """Statistics tables put the units on a row of their own (常住人口 over 万人): that row was
    read as data (row 2 'not numbers'). Its units join the headers, so 万人 is converted."""
    import geopandas as gpd
    import openpyxl
    import shapely

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["区划代码", "名称", "常住人口", "3岁以下人口"], [None, None, "（万人）", "人"], ["350601", "东县", 6.5, 1800],
                ["350602", "西县", 4, 1350]]:  # fmt: skip
        sheet.append(row)
    book.save(tmp_path / "人口.xlsx")
    boxes = [shapely.box(117.6, 24.5, 117.7, 24.6), shapely.box(117.7, 24.5, 117.8, 24.6)]
    gpd.GeoDataFrame({"area_id": ["350601", "350602"]}, geometry=boxes, crs=4326).to_file(tmp_path / "a.geojson")
    areas = read_layer(tmp_path / "a.geojson", "areas", join=tmp_path / "人口.xlsx")
    assert areas["population"].tolist() == [65000, 40000] and areas["pop_under3"].tolist() == [1800, 1350]
    (said,) = [n for n in areas.attrs["notices"] if n.code == "units_row_read"]
    assert "row 2 under the headers gives units only" in said.en and "常住人口(万人)" in said.en


def _two_row_sheet(path, rows, merged=()):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)


def test_a_header_of_two_rows_is_read_as_one_name_per_column(tmp_path):
    """Group labels merged over the columns they hold (坐标 over 经度 | 纬度), 序号 merged down over
    both rows: each column is named by the cell under its group; a group's 合计 is the group's own
    figure, the other parts beside it are named with the group; the data start on row 3."""
    from carefac.io import read_table

    _two_row_sheet(tmp_path / "t.xlsx", [
        ["序号", "基本信息", None, "常住人口", None, None, "坐标", None],
        [None, "区划代码", "名称", "合计", "男", "女", "经度", "纬度"],
        [1, "350601", "东县", 60000, 30000, 30000, 117.6, 24.5],
    ], merged=("A1:A2", "B1:C1", "D1:F1", "G1:H1"))  # fmt: skip
    table = read_table(tmp_path / "t.xlsx")
    assert list(table.columns) == ["序号", "区划代码", "名称", "常住人口", "常住人口男", "常住人口女", "经度", "纬度"]
    assert table["常住人口"].tolist() == ["60000"] and table.attrs["header_row"] == 2


def test_children_under_3_under_a_group_keep_their_own_name(tmp_path):
    """人口 over 常住人口 | 3周岁以下婴幼儿数: each subheader names its column (the second was taken for a
    note of 人口, and 人口 was then claimed twice)."""
    from carefac.io import read_table

    (tmp_path / "t.csv").write_text("名称,人口,\n,常住人口,3周岁以下婴幼儿数\n东县,60000,1800\n", encoding="utf-8")
    assert list(read_table(tmp_path / "t.csv").columns) == ["名称", "常住人口", "3周岁以下婴幼儿数"]


def test_a_two_row_header_names_a_repeated_subheader_with_its_group(tmp_path):
    """经度 under 高德坐标 and under WGS84坐标 keeps its group as a note (the two pairs are then not
    guessed between); years under 常住人口 are the years of its figures; CSV writes the groups once."""
    from carefac.io import read_table

    (tmp_path / "t.csv").write_text(
        "名称,高德坐标,,WGS84坐标,,常住人口,\n,经度,纬度,经度,纬度,2020,2023年\n甲,117.6,24.5,117.59,24.49,100,120\n",
        encoding="utf-8",
    )
    table = read_table(tmp_path / "t.csv")
    assert list(table.columns) == ["名称", "经度(高德坐标)", "纬度(高德坐标)", "经度(WGS84坐标)", "纬度(WGS84坐标)",
                                   "2020年常住人口", "2023年常住人口"]  # fmt: skip


def test_slots_by_class_under_a_two_row_header_are_added_up(tmp_path):
    """托位数 merged over 乳儿班 | 托小班 | 托大班 (the filing form's layout): each centre's slots are
    its classes' (10 + 15 + 20; a blank class none: 0 + 30 + 40), said."""
    _two_row_sheet(tmp_path / "f.xlsx", [
        ["机构编号", "机构名称", "类型", "托位数", None, None, "经度", "纬度"],
        [None, None, None, "乳儿班", "托小班", "托大班", None, None],
        ["F1", "甲", "托育机构", 10, 15, 20, 117.621834, 24.551207],
        ["F2", "乙", "托育机构", None, 30, 40, 117.671234, 24.551207],
    ], merged=("A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:G2", "H1:H2"))  # fmt: skip
    layer = read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [45, 70]
    assert any(n.code == "slots_of_classes_added" for n in layer.attrs["notices"])


def test_slots_by_class_beside_a_total_that_disagrees_are_asked_about(tmp_path):
    """托位数 120 beside 乳儿班 20 + 托小班 30 + 托大班 30 (80): the total counted, the row asked about;
    rows whose classes add up (60 = 10 + 20 + 30), or give none, are not; 托班托位数 read as the slots
    is not a class of itself."""
    pd.DataFrame({"名称": ["甲", "乙", "丙"], "类型": "托育机构", "托位数": [120, 60, 40],
                  "乳儿班托位数": [20, 10, None], "托小班托位数": [30, 20, None], "托大班托位数": [30, 30, None],
                  "经度": [117.621834, 117.671234, 117.721234], "纬度": [24.551207, 24.551207, 24.561207]}
                 ).to_csv(tmp_path / "f.csv", index=False)  # fmt: skip
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [120, 60, 40]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "slots_classes_disagree"]
    assert "1 row gives slots by class" in said.en and "row 2: 80 by class, 120 in '托位数'" in said.en
    pd.DataFrame({"名称": ["甲"], "类型": "托育机构", "托班托位数": [40], "经度": [117.621834], "纬度": [24.551207]}
                 ).to_csv(tmp_path / "g.csv", index=False)  # fmt: skip
    alone = read_layer(tmp_path / "g.csv", "facilities", crs="wgs84")
    assert alone["slots"].tolist() == [40] and not [n for n in alone.attrs["notices"] if n.code == "slots_classes_disagree"]


@pytest.mark.parametrize(
    "rows",
    [
        # text data under a column without a header (a notes column): no column carefac reads named there
        [["名称", "备注", None], ["东县", "说明", "另见附件"]],
        # numbers under the group: a data row
        [["名称", "托位数", None], [None, "120", "60"]],
        # a cell under a column named alone: a data row
        [["名称", "坐标", None], ["东县", "经度", "纬度"]],
    ],
)
def test_a_first_data_row_is_never_taken_for_a_second_header_row(tmp_path, rows):
    from carefac.io import read_table

    _two_row_sheet(tmp_path / "t.xlsx", rows, merged=("B1:C1",))
    with pytest.raises(ValidationError) as caught:
        read_table(tmp_path / "t.xlsx")
    assert caught.value.problems[0].code == "header_merged"


def test_ticks_crosses_and_answers_with_a_note_read_as_yes_and_no(tmp_path):
    """√ and × are how sheets answer 是否普惠; 是（普惠） carries its answer first; / leaves it unknown."""
    frame = pd.DataFrame({"facility_id": [f"F{k}" for k in range(6)], "name": list("甲乙丙丁戊己"), "kind": "childcare",
                          "slots": 60, "是否普惠": ["√", "×", "✔", "是（普惠）", "否（营利性）", "/"],
                          "lon": 117.62, "lat": 24.55})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert layer["inclusive"].tolist() == [True, False, True, True, False, pd.NA]


@pytest.mark.parametrize(
    ("written", "grade"),
    [("二甲", 2), ("三级甲等", 3), ("Ⅱ级", 2), ("II", 2), ("二级（待复评）", 2), ("未定级", 0), ("无", None)],
)
def test_grades_as_offices_write_them(tmp_path, written, grade):
    """An ungraded institution (未定级) is grade 0, not 'not a number'; 无 leaves it unknown (a county
    that needs grade 2 is flagged either way)."""
    frame = pd.DataFrame({"facility_id": ["M1"], "name": ["妇幼保健院"], "kind": ["mch_institution"], "等级": [written],
                          "lon": [117.62], "lat": [24.55]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    value = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")["grade"].iloc[0]
    assert (pd.isna(value) if grade is None else value == grade)


def test_sheet_star_reads_every_county_sheet_as_one_list(tmp_path):
    _county_sheets(tmp_path / "f.xlsx", [COUNTY_SHEET_HEADER, ["F3", "丙", "托育机构", 40, 117.72, 24.56]])
    layer = read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet="*")
    assert layer["slots"].tolist() == [120, 60, 40] and layer["source_sheet"].tolist() == ["东县", "东县", "西县"]
    assert layer["source_row"].tolist() == [2, 3, 2]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "sheets_read_together"]
    assert "2 sheets with the same columns are read as one list of 3 rows" in said.en and "东县 (2), 西县 (1)" in said.en


def test_sheet_star_names_the_sheet_of_a_problem_and_ids_repeated_across_sheets(tmp_path):
    from carefac import ValidationError

    _county_sheets(tmp_path / "f.xlsx", [COUNTY_SHEET_HEADER, ["F3", "丙", "托育机构", "四十", 117.72, 24.56]])
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet="*")
    found = caught.value.problems[0]  # 'not numbers' (then 'no number of slots', of the same row)
    assert found.rows == (2,) and found.source.sheet == "西县"
    assert found.text("en").startswith("f.xlsx, sheet '西县' (layer 'facilities'), column '托位数 (slots)', row 2")
    assert found.text("zh").startswith("f.xlsx 工作表“西县”（设施图层）")
    _county_sheets(tmp_path / "f.xlsx", [COUNTY_SHEET_HEADER, ["F1", "丙", "托育机构", 40, 117.72, 24.56]])
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet="*")
    (found,) = caught.value.problems
    assert found.code == "ids_repeated" and found.rows == ("2 (东县)", "2 (西县)")


def test_sheet_star_rows_outside_every_area_are_named_with_their_sheet(tmp_path):
    from carefac import StudyArea

    _county_sheets(tmp_path / "f.xlsx", [COUNTY_SHEET_HEADER, ["F3", "丙", "托育机构", 40, 117.72, 24.56],
                                                          ["F4", "丁", "托育机构", 40, 118.5, 24.56]])  # fmt: skip
    areas = read_layer(Path(__file__).parent / "bad_inputs" / "sheet_per_county" / "areas.geojson", "areas")
    facilities = read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet="*")
    with pytest.raises(ValidationError) as caught:
        StudyArea.from_layers(areas, facilities=facilities)
    assert ("3 (西县)",) in [p.rows for p in caught.value.problems]


def test_a_row_pasted_again_renumbered_and_with_a_space_after_its_name_is_a_repeat(tmp_path):
    """A sheet keyed by 序号: the row pasted at the end got 序号 7 and its name a trailing space; its
    120 slots counted twice (370 for 250)."""
    frame = pd.DataFrame({"序号": [1, 2, 3], "名称": ["甲托育中心", "乙托育中心", "甲托育中心 "], "类型": "托育机构",
                          "托位数": [120, 60, 120], "经度": [117.62, 117.67, 117.62], "纬度": [24.55, 24.55, 24.55]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    (found,) = caught.value.problems
    assert found.code == "rows_repeated" and found.rows == (4,)


def test_a_copy_with_a_new_id_a_metre_off_is_said(tmp_path):
    frame = pd.DataFrame({"facility_id": ["F1", "F2", "F7", "F8"], "name": ["甲", "乙", "甲", "乙"], "kind": "childcare",
                          "slots": [120, 60, 120, 60], "lon": [117.62, 117.67, 117.62001, 117.6705],
                          "lat": [24.55, 24.55, 24.55, 24.55]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    (said,) = [n for n in layer.attrs["notices"] if n.code == "rows_near_copies"]
    assert "1 pair of rows has the same name, kind and slots, within 30 m" in said.en and "4 ~ 2 (1 m)" in said.en  # 乙 and its copy lie 50 m apart: not said


def _zipped(path, files: dict[str, Path]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name, file in files.items():
            archive.write(file, name)


def test_a_zipped_shapefile_is_read_as_the_shapefile_inside(tmp_path):
    """The bureau sends 乡镇.zip (a GBK shapefile without .cpg, in a folder): it was 'unsupported file
    type .zip'. Read as the file inside, its encoding found; several layers inside are asked about."""
    import geopandas as gpd
    import shapely

    from carefac import ValidationError

    boxes = [shapely.box(117.6, 24.5, 117.7, 24.6), shapely.box(117.7, 24.5, 117.8, 24.6)]
    areas = gpd.GeoDataFrame({"区划代码": ["350601", "350602"], "名称": ["东县", "西县"], "人口": [60000, 45000]},
                             geometry=boxes, crs=4326)  # fmt: skip
    areas.to_file(tmp_path / "乡镇.shp", encoding="gbk")
    (tmp_path / "乡镇.cpg").unlink()
    parts = {f"漳州/乡镇.{e}": tmp_path / f"乡镇.{e}" for e in ("shp", "shx", "dbf", "prj")}
    _zipped(tmp_path / "乡镇.zip", parts)
    layer = read_layer(tmp_path / "乡镇.zip", "areas")
    assert layer["name"].tolist() == ["东县", "西县"] and layer["population"].tolist() == [60000, 45000]
    areas.to_file(tmp_path / "县区.geojson", driver="GeoJSON")
    _zipped(tmp_path / "两层.zip", {**parts, "县区.geojson": tmp_path / "县区.geojson"})
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "两层.zip", "areas")
    (found,) = caught.value.problems
    assert found.code == "zip_several_layers" and "(县区, 乡镇)" in found.text("en")
    assert read_layer(tmp_path / "两层.zip", "areas", layer="县区")["name"].tolist() == ["东县", "西县"]


@pytest.mark.parametrize(("name", "code"), [("乡镇.dbf", "shapefile_part_given"), ("乡镇.prj", "shapefile_part_given"),
                                            ("机构.et", "workbook_other_program"), ("机构.ods", "workbook_other_program")])  # fmt: skip
def test_a_shapefiles_part_or_another_programs_workbook_says_what_to_give(tmp_path, name, code):
    from carefac import ValidationError

    (tmp_path / name).write_bytes(b"\x00" * 64)
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / name, "areas")
    assert [p.code for p in caught.value.problems] == [code]


def test_levels_written_as_a_zone_or_an_ethnic_township_or_left_blank_come_from_the_code(tmp_path):
    """开发区 (a development zone) is a county or a township as its code says; 民族乡 is a township;
    a blank level cell takes its code's level (all were refused as unknown or blank levels)."""
    import geopandas as gpd
    import shapely

    layer = gpd.GeoDataFrame({"区划代码": ["350601", "350601001", "350601400", "350681", "350601101", "350601102"],
                              "名称": ["东县", "甲街道", "某开发区", "台商区", "乙民族乡", "丙镇"],
                              "级别": ["县", "街道", "开发区", "开发区", "民族乡", None], "人口": [60000, 40000, 5000, 30000, 15000, 100]},
                             geometry=[shapely.box(0, 0, 1, 1)] * 6, crs=4326)  # fmt: skip
    layer.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    read = read_layer(tmp_path / "a.geojson", "areas")
    assert read["level"].tolist() == ["county", "township", "township", "county", "township", "township"]
    layer["级别"] = ["县", "街道", "开发区", "开发区", "畲族乡", "回族镇"]  # an ethnic township by its people's name
    layer.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    assert read_layer(tmp_path / "a.geojson", "areas")["level"].tolist()[4:] == ["township", "township"]


def test_one_coordinate_column_written_latitude_first_is_read_in_its_order(tmp_path):
    """24.55,117.62 (latitude first, as many phone apps copy a point) was refused as 'swap the x and y
    columns', which one column does not have. In China the two ranges cannot be confused."""
    frame = pd.DataFrame({"facility_id": ["F1", "F2"], "name": ["甲", "乙"], "kind": "childcare", "slots": [120, 60],
                          "坐标": ["24.55,117.62", "24.56, 117.67"]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert layer.geometry.x.tolist() == [117.62, 117.67] and layer.geometry.y.tolist() == [24.55, 24.56]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "coordinates_one_column_latitude_first"]
    assert "written latitude first (e.g. 24.55,117.62)" in said.en
    frame.assign(坐标=["117.62,24.55", "117.67,24.56"]).to_csv(tmp_path / "g.csv", index=False)
    assert read_layer(tmp_path / "g.csv", "facilities", crs="wgs84").geometry.x.tolist() == [117.62, 117.67]


def test_a_gis_file_with_its_axes_swapped_is_told_to_export_again_not_to_swap_columns(tmp_path):
    import geopandas as gpd

    from carefac import ValidationError

    points = gpd.GeoDataFrame({"candidate_id": ["C1"], "name": ["甲"]}, geometry=gpd.points_from_xy([24.55], [117.62]),
                              crs=4326)  # fmt: skip
    points.to_file(tmp_path / "c.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "c.geojson", "candidates")
    assert [p.code for p in caught.value.problems] == ["crs_swapped_in_file"]


def test_two_columns_of_one_header_with_different_notes_are_not_guessed_between(tmp_path):
    """托位数（已建） and 托位数（规划）: the last was read as slots (200 + 0 for 120 + 60), unsaid."""
    frame = pd.DataFrame({"编号": ["F1", "F2"], "名称": ["甲", "乙"], "类型": "托育机构", "托位数（已建）": [120, 60],
                          "托位数（规划）": [200, 0], "经度": [117.62, 117.67], "纬度": [24.55, 24.55]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    (found,) = caught.value.problems
    assert found.code == "header_two_candidates" and "'托位数（已建）', '托位数（规划）'" in found.text("en")
    chosen = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84", columns={"slots": "托位数（已建）"})
    assert chosen["slots"].tolist() == [120, 60]


def test_two_headers_of_slots_with_different_figures_are_not_guessed_between(tmp_path):
    """托位数 and 核定托位数 both mean slots: with the same figures either is read; with different
    figures (row 3: 60 and 80) the first header was read and the other never said."""
    frame = pd.DataFrame({"编号": ["F1", "F2"], "名称": ["甲", "乙"], "类型": "托育机构", "托位数": [120, 60],
                          "核定托位数": [120, 80], "经度": [117.62, 117.67], "纬度": [24.55, 24.55]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    (found,) = caught.value.problems
    assert found.code == "header_alias_candidates" and found.rows == (3,)
    assert read_layer(tmp_path / "f.csv", "facilities", crs="wgs84", columns={"slots": "核定托位数"})["slots"].tolist() == [120, 80]
    frame.assign(核定托位数=[120, 60]).to_csv(tmp_path / "same.csv", index=False)
    assert read_layer(tmp_path / "same.csv", "facilities", crs="wgs84")["slots"].tolist() == [120, 60]


@pytest.mark.parametrize("header", ["总托位数", "托位总数", "实有托位数"])
def test_a_total_of_slots_is_read_as_slots(tmp_path, header):
    frame = pd.DataFrame({"编号": ["F1"], "名称": ["甲"], "类型": "托育机构", header: [120], "经度": [117.62], "纬度": [24.55]})
    frame.to_csv(tmp_path / "f.csv", index=False)
    assert read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")["slots"].tolist() == [120]


def test_a_layer_without_a_slots_column_names_the_columns_that_mention_it(tmp_path):
    """Enrolled children (在托人数) are not slots: the layer is refused naming the column, not said to
    have blank slots in rows whose cells were filled."""
    frame = pd.DataFrame({"编号": ["F1"], "名称": ["甲"], "类型": "托育机构", "在托人数": [95], "经度": [117.62], "纬度": [24.55]})
    frame.to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    (found,) = caught.value.problems
    assert found.code == "slots_column_missing_near" and "'在托人数'" in found.text("zh") and not found.rows


@pytest.mark.parametrize("header", ["0-2岁人口", "0—3岁儿童数", "0～2岁婴幼儿", "3岁以下儿童"])
def test_children_under_3_under_the_headers_statistics_use(tmp_path, header):
    """0–2 years (ages 0, 1 and 2) is under 3; the dash of a range is read however it is typed."""
    areas = gpd.GeoDataFrame({"代码": ["350601"], "名称": ["东县"], "常住人口": [60000], header: [1800]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    areas.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    assert read_layer(tmp_path / "a.geojson", "areas")["pop_under3"].tolist() == [1800]


def test_a_required_column_under_a_longer_header_is_named_not_guessed(tmp_path):
    """2022年末常住人口 and 2020年常住人口: which year is meant is the planner's to say."""
    areas = gpd.GeoDataFrame({"代码": ["350601"], "名称": ["东县"], "2022年末常住人口": [61000], "2020年常住人口": [60000]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    areas.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "a.geojson", "areas")
    (found,) = caught.value.problems
    assert found.code == "header_two_candidates" and "'2022年末常住人口', '2020年常住人口'" in found.text("zh")
    assert 'population = "2022年末常住人口"' in found.text("en")  # the example: the latest year
    mapped = read_layer(tmp_path / "a.geojson", "areas", columns={"population": "2022年末常住人口"})
    assert mapped["population"].tolist() == [61000]


@pytest.mark.parametrize("header", ["园所名称", "机构名", "托育机构名", "幼儿园名称", "托育点名称"])
def test_a_facility_lists_own_name_headers_are_read(tmp_path, header):
    """A kindergarten's list heads its names 园所名称; 机构名 and 托育机构名 drop the 称: all refused before."""
    facility_table().rename(columns={"name": header}).to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert layer["name"].tolist() == facility_table()["name"].tolist()


@pytest.mark.parametrize("header", ["镇街名称", "乡镇街道名称", "街镇名称", "乡镇名"])
def test_a_boundary_layers_township_name_headers_are_read(tmp_path, header):
    areas = gpd.GeoDataFrame({"代码": ["350601001"], header: ["甲街道"], "常住人口": [40000]},
                             geometry=[shapely.box(117.6, 24.5, 117.65, 24.6)], crs=4326)  # fmt: skip
    areas.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    assert read_layer(tmp_path / "a.geojson", "areas")["name"].tolist() == ["甲街道"]


def test_a_township_header_is_not_a_facilitys_name():
    """镇街名称 in a facility list is the township a centre lies in, not the centre's name."""
    from carefac.io import _aliases

    assert "镇街名称" in _aliases("areas", "name") and "镇街名称" not in _aliases("facilities", "name")


def test_a_shapefile_cut_township_name_is_completed_with_the_boundary_layers_header(tmp_path):
    """乡镇街道名称 is 12 bytes in GBK: the DBF keeps 乡镇街道名, which begins no header of every layer."""
    areas = gpd.GeoDataFrame({"代码": ["350601001"], "乡镇街道名称": ["甲街道"], "常住人口": [40000]},
                             geometry=[shapely.box(117.6, 24.5, 117.65, 24.6)], crs=4326)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        areas.to_file(tmp_path / "a.shp", encoding="gbk")
    layer = read_layer(tmp_path / "a.shp", "areas")
    assert layer["name"].tolist() == ["甲街道"]
    assert any("乡镇街道名 → 乡镇街道名称" in n.text("zh") for n in layer.attrs["notices"])


def test_a_header_that_begins_a_name_in_a_table_is_not_said_cut_by_a_shapefile(tmp_path):
    """托育机构 over the names of a CSV: the question is asked without blaming a shapefile's 10 bytes."""
    facility_table().rename(columns={"name": "托育机构"}).to_csv(tmp_path / "f.csv", index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    (said,) = refused.value.problems
    assert said.code == "column_required_prefix" and 'name = "托育机构"' in said.text("en")
    assert "shapefile" not in said.text("en").lower() and "Shapefile" not in said.text("zh")


def test_points_given_to_two_decimals_are_said(tmp_path):
    """A spreadsheet saved as CSV keeps the decimals it shows: 117.53 for 117.533827, some 500 m off."""
    frame = pd.DataFrame({"facility_id": ["F1", "F2", "F3"], "name": ["甲", "乙", "丙"], "kind": "childcare",
                          "slots": [120, 60, 40], "lon": [117.53, 117.671234, 117.7], "lat": [24.39, 24.562345, 24.6]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    (said,) = [n for n in layer.attrs["notices"] if n.code == "coordinates_coarse"]
    assert "2 of 3 points are given to two decimals of a degree or fewer (rows 2, 4, e.g. 117.53, 24.39)" in said.en
    precise = frame.assign(lon=[117.533827, 117.671234, 117.700018], lat=[24.392134, 24.562345, 24.600021])
    precise.to_csv(tmp_path / "g.csv", index=False)
    assert not [n for n in read_layer(tmp_path / "g.csv", "facilities", crs="wgs84").attrs["notices"] if n.code == "coordinates_coarse"]


def test_residential_districts_with_fewer_residents_than_households_are_said(tmp_path):
    """1,000 residents in 3,000 households: the columns look swapped; 800 in 800, the households copied
    into the residents (R2's 2,600 in 900 is plausible)."""
    layer = gpd.GeoDataFrame({"小区编号": ["R1", "R2", "R3"], "名称": ["甲", "乙", "丙"], "状态": ["新建", "现有", "现有"],
                              "人口": [1000, 2600, 800], "户数": [3000, 900, 800]},
                             geometry=[shapely.box(117.61, 24.54, 117.62, 24.55), shapely.box(117.63, 24.54, 117.64, 24.55),
                                       shapely.box(117.65, 24.54, 117.66, 24.55)], crs=4326)  # fmt: skip
    layer.to_file(tmp_path / "r.geojson", driver="GeoJSON")
    notices = read_layer(tmp_path / "r.geojson", "residential").attrs["notices"]
    (said,) = [n for n in notices if n.code == "residential_fewer_residents_than_households"]
    assert "(2; rows 1, 3; the first 1,000 residents in 3,000 households)" in said.en


def test_a_sheet_given_by_number_counts_from_1_as_the_tabs_do(tmp_path):
    """sheet = 1 is the first tab (it read the second, pandas counting from 0); sheet = 3 of two is refused."""
    with pd.ExcelWriter(tmp_path / "f.xlsx") as book:
        for name, slots in (("名单", 120), ("备用", 999)):
            pd.DataFrame({"编号": ["F1"], "名称": ["甲"], "类型": ["托育机构"], "托位数": [slots], "经度": [117.621834],
                          "纬度": [24.551207]}).to_excel(book, sheet_name=name, index=False)  # fmt: skip
    assert read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet=1)["slots"].tolist() == [120]
    assert read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet=2)["slots"].tolist() == [999]
    assert read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet=0)["slots"].tolist() == [120]  # only the first
    for beyond in (-1, 3):
        with pytest.raises(ValidationError) as refused:
            read_layer(tmp_path / "f.xlsx", "facilities", crs="wgs84", sheet=beyond)
        assert refused.value.problems[0].code == "sheet_number_missing" and "名单, 备用" in refused.value.text("zh")


@pytest.mark.parametrize(
    ("written", "kind"),
    [("婴幼儿照护服务机构", "childcare"), ("托幼一体", "kindergarten_class"), ("园区托育中心", "workplace_childcare"),
     ("社区托育服务点", "community_childcare"), ("家庭托育服务点", "family_childcare"), ("托育点", "childcare"),
     ("普惠托育点", "childcare"), ("示范性托育机构", "childcare"), ("公建民营托育机构", "childcare"),
     ("社区托育服务中心", "community_childcare"), ("幼儿园（含托班）", "kindergarten_class"), ("哺乳室", "nursing_room"),
     ("妇幼保健计划生育服务中心", "mch_institution"), ("独立设置托育机构", "childcare"), ("社区托育服务站", "community_childcare"),
     ("幼儿园附设托班", "kindergarten_class"), ("托幼一体园", "kindergarten_class")],
)  # fmt: skip
def test_kinds_as_the_regulations_and_the_plan_name_them(tmp_path, written, kind):
    """婴幼儿照护服务机构 (the national standard's term), 园区托育中心 (the plan's (三)8) were refused as unknown."""
    frame = pd.DataFrame({"编号": ["F1"], "名称": ["甲"], "类型": [written], "托位数": [60], "经度": [117.621834],
                          "纬度": [24.551207]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    assert read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")["kind"].tolist() == [kind]


@pytest.mark.parametrize(
    ("header", "cell"),
    [("经纬度", "117.621834/24.551207"), ("坐标", "(117.621834, 24.551207)"), ("经纬度", "（117.621834，24.551207）"),
     ("WKT", "POINT (117.621834 24.551207)"), ("wkt", "Point Z(117.621834 24.551207 12)"),
     ("坐标", "经度:117.621834,纬度:24.551207"), ("坐标", "纬度：24.551207，经度：117.621834"),
     ("location", "lng=117.621834;lat=24.551207")],
)  # fmt: skip
def test_one_coordinate_column_in_brackets_with_a_slash_or_as_wkt(tmp_path, header, cell):
    """QGIS's 'export as WKT' writes POINT (x y); lists write (lon, lat) or lon/lat: they were 'not numbers'."""
    frame = pd.DataFrame({"编号": ["F1"], "名称": ["甲"], "类型": ["托育机构"], "托位数": [60], header: [cell]})
    frame.to_csv(tmp_path / "f.csv", index=False)
    point = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84").geometry.iloc[0]
    assert (point.x, point.y) == pytest.approx((117.621834, 24.551207))


@pytest.mark.parametrize("header", ["年末常住人口", "CZRK", "czrk", "常住人口总数"])
def test_the_statistics_bureaus_and_gis_fields_names_of_resident_population_are_read(tmp_path, header):
    """年末常住人口 is the bureau's own term, CZRK its pinyin initials in GIS attribute tables."""
    frame = gpd.GeoDataFrame({"area_id": ["350601"], "name": ["东县"], "level": ["county"], header: [60000]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    frame.to_file(tmp_path / "a.geojson")
    assert read_layer(tmp_path / "a.geojson", "areas")["population"].tolist() == [60000]


def test_registered_population_by_its_pinyin_initials_is_not_taken_for_residents(tmp_path):
    frame = gpd.GeoDataFrame({"area_id": ["350601"], "name": ["东县"], "level": ["county"], "HJRK": [60000]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    frame.to_file(tmp_path / "a.geojson")
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "a.geojson", "areas")
    assert [p.code for p in caught.value.problems] == ["population_not_resident"]


def test_a_required_column_whose_name_a_utf8_shapefile_cut_is_named_with_its_mapping(tmp_path):
    """行政区划代码 in a UTF-8 shapefile is cut inside a character at 10 bytes (行政区), which begins the
    name column's 行政区名称 too: "required column 'area_id' is missing" named nothing to map."""
    frame = gpd.GeoDataFrame({"行政区划代码": ["350601"], "name": ["东县"], "level": ["county"], "population": [60000]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame.to_file(tmp_path / "a.shp", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "a.shp", "areas")
    (said,) = refused.value.problems
    assert said.code == "column_required_cut" and 'area_id = "行政区"' in str(refused.value)


@pytest.mark.parametrize("written, urban", [("镇区", True), ("主城区", True), ("121", True), ("村庄", False), ("220", False)])
def test_the_statistics_bureaus_urban_rural_classes_are_read(tmp_path, written, urban):
    """统计用城乡划分代码: 1xx (主城区, 镇中心区 …) is 城镇, 2xx (乡中心区, 村庄) is 乡村; 镇区 and 村庄 were refused."""
    frame = gpd.GeoDataFrame({"district_id": ["R1"], "name": ["锦绣花园"], "status": ["new"], "population": [3000],
                              "城乡分类代码": [written]}, geometry=[shapely.box(117.6, 24.5, 117.61, 24.51)], crs=4326)  # fmt: skip
    frame.to_file(tmp_path / "r.geojson")
    assert read_layer(tmp_path / "r.geojson", "residential")["urban"].tolist() == [urban]


@pytest.mark.parametrize("name", ["合计", "甲街道小计", "东县 合计", "总计"])
def test_a_total_row_among_the_facilities_is_passed_over_and_named(tmp_path, name):
    """A 小计 row per township (no coordinates) was "coordinates are missing or not numbers", then
    refused as a total: it is the rows' sum, not a place, so it is passed over, said with its row."""
    frame = pd.DataFrame({"编号": ["F1", "", "F2"], "名称": ["甲", name, "乙"], "类型": ["托育机构", "", "托育机构"],
                          "托位数": [80, 140, 60], "经度": [117.621834, None, 117.671234],
                          "纬度": [24.551207, None, 24.551207]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    assert layer["slots"].tolist() == [80, 60]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "total_rows_passed_over"]
    assert f"row 3 ({' '.join(name.split())})" in said.en and f"第3行（{' '.join(name.split())}）" in said.zh


def test_a_total_that_is_not_the_sum_of_the_rows_is_a_question(tmp_path):
    """合计 150 under rows of 80 and 60: rows missing or typed twice? Passed over and asked."""
    frame = pd.DataFrame({"编号": ["F1", "F2", ""], "名称": ["甲", "乙", "合计"], "类型": ["托育机构", "托育机构", ""],
                          "托位数": [80, 60, 150], "经度": [117.621834, 117.671234, None],
                          "纬度": [24.551207, 24.551207, None]})  # fmt: skip
    frame.to_csv(tmp_path / "f.csv", index=False)
    layer = read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")
    (said,) = [n for n in layer.attrs["notices"] if n.code == "total_rows_passed_over_differ"]
    assert "its 托位数 (150) is not the sum of the rows (140)" in said.en


def test_rows_of_a_layer_of_several_files_are_named_with_their_file():
    """A problem in a layer read from several files names the file of each row (and its sheet)."""
    import geopandas as gpd

    from carefac._errors import row_labels

    layer = gpd.GeoDataFrame({"source_row": [2, 3, 2], "source_file": ["东县.xlsx", "东县.xlsx", "西县.xlsx"]})
    assert row_labels(layer).tolist() == ["2 (东县.xlsx)", "3 (东县.xlsx)", "2 (西县.xlsx)"]
    both = layer.assign(source_sheet=["甲", "乙", "甲"])
    assert row_labels(both).tolist() == ["2 (甲, 东县.xlsx)", "3 (乙, 东县.xlsx)", "2 (甲, 西县.xlsx)"]


def test_a_layer_of_several_files_keeps_the_first_files_coordinate_system_and_refuses_a_code_twice(tmp_path):
    """Boundaries in two files and two systems are read in the first's; an area in both is refused."""
    import geopandas as gpd
    import shapely

    from carefac import ValidationError

    county = gpd.GeoDataFrame({"area_id": ["350601"], "name": ["东县"], "population": [60000]},
                              geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    town = gpd.GeoDataFrame({"area_id": ["350601001"], "name": ["甲街道"], "population": [60000]},
                            geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326).to_crs(4527)  # fmt: skip
    county.to_file(tmp_path / "c.geojson", driver="GeoJSON")
    town.to_file(tmp_path / "t.gpkg", driver="GPKG")
    layer = read_layer([tmp_path / "c.geojson", tmp_path / "t.gpkg"], "areas")
    assert layer.crs.to_epsg() == 4326 and layer["source_file"].tolist() == ["c.geojson", "t.gpkg"]
    assert shapely.equals_exact(layer.geometry.iloc[1], county.geometry.iloc[0], tolerance=1e-6)
    with pytest.raises(ValidationError) as caught:
        read_layer([tmp_path / "c.geojson", tmp_path / "c.geojson"], "areas")
    assert caught.value.problems[0].code == "layer_file_twice"
    county.assign(area_id="350601001").to_file(tmp_path / "d.geojson", driver="GeoJSON")  # 甲街道 in both files
    with pytest.raises(ValidationError) as caught:
        read_layer([tmp_path / "t.gpkg", tmp_path / "d.geojson"], "areas")
    assert caught.value.problems[0].code == "ids_repeated"


def test_a_folder_without_a_layer_file_is_said_with_what_it_holds(tmp_path):
    from carefac import ValidationError

    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "说明.docx").write_bytes(b"x")
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "lists", "facilities")
    (found,) = caught.value.problems
    assert found.code == "folder_no_data" and "说明.docx" in found.text("en")


@pytest.mark.parametrize(
    "description",
    ["类型：托育机构；托位数：120", "类型: 托育机构<br>托位数: 120",
     "<html><body><table><tr><th colspan='2'>甲托育中心</th></tr><tr><td>类型</td><td>托育机构</td></tr>"
     "<tr><td>托位数</td><td>120</td></tr></table></body></html>"],
)  # fmt: skip
def test_a_kml_placemarks_description_gives_its_attributes(tmp_path, description):
    """奥维地图 and Google Earth keep a point's attributes in its description (key：value, or the HTML
    table ArcGIS and QGIS write): they were not read, and the layer refused as 'kind missing'."""
    from xml.sax.saxutils import escape

    placemark = (f"<Placemark><name>甲托育中心</name><description>{escape(description)}</description>"
                 "<Point><coordinates>117.62,24.55,0</coordinates></Point></Placemark>")  # fmt: skip
    (tmp_path / "f.kml").write_text('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
                                    f"<Document>{placemark}</Document></kml>", encoding="utf-8")  # fmt: skip
    layer = read_layer(tmp_path / "f.kml", "facilities")
    assert layer["kind"].tolist() == ["childcare"] and layer["slots"].tolist() == [120]
    assert any(n.code == "kml_descriptions_read" for n in layer.attrs["notices"])


def test_a_kml_description_of_free_text_is_left_as_it_is(tmp_path):
    placemark = ("<Placemark><name>甲</name><description>2023年新开业，环境好</description>"
                 "<Point><coordinates>117.62,24.55,0</coordinates></Point></Placemark>")  # fmt: skip
    (tmp_path / "f.kml").write_text('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
                                    f"<Document>{placemark}</Document></kml>", encoding="utf-8")  # fmt: skip
    from carefac import ValidationError

    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "f.kml", "facilities")
    assert [p.code for p in caught.value.problems] == ["column_required_one_value"]


def test_outlines_drawn_as_closed_lines_are_read_as_the_areas_they_close(tmp_path):
    """Boundaries from a CAD drawing come as closed lines: they were refused as 'LineString'. A line
    that does not close is still refused (which area it means is not guessed)."""
    import geopandas as gpd
    import shapely

    from carefac import ValidationError

    box = shapely.box(117.6, 24.5, 117.7, 24.6)
    rings = gpd.GeoDataFrame({"area_id": ["350601"], "name": ["东县"], "population": [60000]},
                             geometry=[shapely.LineString(box.exterior.coords)], crs=4326)  # fmt: skip
    rings.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    layer = read_layer(tmp_path / "a.geojson", "areas")
    assert layer.geometry.iloc[0].geom_type == "Polygon" and layer.geometry.iloc[0].equals(box)
    assert any(n.code == "closed_lines_as_polygons" for n in layer.attrs["notices"])
    rings.assign(geometry=[shapely.LineString(list(box.exterior.coords)[:-1])]).to_file(tmp_path / "b.geojson", driver="GeoJSON")
    with pytest.raises(ValidationError) as caught:
        read_layer(tmp_path / "b.geojson", "areas")
    assert [p.code for p in caught.value.problems] == ["geometry_wrong_type"]


@pytest.mark.parametrize(
    ("written", "status"),
    [("已竣工", "existing"), ("待交付", "under_construction"), ("已竣工未交付", "under_construction"),
     ("已批未建", "planned"), ("已出让", "planned")],
)  # fmt: skip
def test_a_housing_bureaus_district_statuses_are_read(tmp_path, written, status):
    """已竣工 is built; 待交付 not yet handed over (its childcare is due with it); 已出让 land granted."""
    frame = gpd.GeoDataFrame({"district_id": ["R1"], "name": ["锦绣花园"], "status": [written], "population": [3000]},
                             geometry=[shapely.box(117.6, 24.5, 117.61, 24.51)], crs=4326)  # fmt: skip
    frame.to_file(tmp_path / "r.geojson")
    assert read_layer(tmp_path / "r.geojson", "residential")["status"].tolist() == [status]


def test_a_small_real_township_is_not_taken_for_a_unit_typed_in_one_cell(tmp_path):
    """A 林场 of 400 residents among townships of 30,000 is a place, not 万人 typed in one cell."""
    boxes = [shapely.box(117.6 + k / 100, 24.5, 117.61 + k / 100, 24.51) for k in range(4)]
    frame = gpd.GeoDataFrame({"area_id": [f"35060110{k}" for k in range(4)], "name": list("甲乙丙丁"),
                              "level": "township", "parent_id": "350601", "population": [30000, 400, 28000, 35000]},
                             geometry=boxes, crs=4326)  # fmt: skip
    frame.to_file(tmp_path / "a.geojson")
    assert read_layer(tmp_path / "a.geojson", "areas")["population"].tolist() == [30000, 400, 28000, 35000]


def test_a_missing_file_names_what_lies_beside_it(tmp_path):
    """Facilities.CSV for facilities.csv (Windows did not tell them apart), 设施.xlsx for 设施.xls, a
    missing folder: each named, in the run's language (a county table said '[Errno 2]' in English)."""
    from carefac.io import read_table

    (tmp_path / "Facilities.CSV").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "设施.xlsx").write_bytes(b"")
    cases = [(tmp_path / "facilities.csv", "file_missing_near", "Facilities.CSV"),
             (tmp_path / "设施.xls", "file_missing_near", "设施.xlsx"),
             (tmp_path / "数据" / "f.csv", "file_missing_folder", "数据")]  # fmt: skip
    for path, code, named in cases:
        for read in (lambda p: read_layer(p, "facilities"), read_table):
            with pytest.raises(ValidationError) as refused:
                read(path)
            (found,) = refused.value.problems
            assert found.code == code and named in found.text("zh") and "Errno" not in found.text("zh")


@pytest.mark.parametrize(("code", "name"), [("PAC", "NAME"), ("QHDM", "QHMC"), ("XZDM", "XZMC"), ("乡镇代码", "乡镇名称")])
def test_boundary_fields_as_gis_sources_name_them_are_read(tmp_path, code, name):
    """天地图's boundaries key areas by PAC; land and survey layers by pinyin initials (QHDM 区划代码,
    XZMC 乡镇名称): they were "the required column 'area_id' is missing"."""
    frame = gpd.GeoDataFrame({code: ["350601101"], name: ["乙镇"], "level": ["township"], "parent_id": ["350601"],
                              "population": [20000]}, geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    frame.to_file(tmp_path / "a.geojson")
    layer = read_layer(tmp_path / "a.geojson", "areas")
    assert layer[["area_id", "name"]].values.tolist() == [["350601101", "乙镇"]]


def test_a_nursing_room_answered_with_a_count_of_rooms_is_read():
    """有母婴室 answered 2间, 1个, 0间 (a count of rooms): more than none is yes (it was "not yes/no")."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v.csv"
        pd.DataFrame({"场所编号": ["V1", "V2", "V3"], "名称": ["甲", "乙", "丙"], "场所类型": "医院", "有母婴室": ["2间", "1个", "0间"],
                      "经度": 117.62, "纬度": 24.55}).to_csv(path, index=False)  # fmt: skip
        assert read_layer(path, "venues", crs="wgs84")["has_nursing_room"].tolist() == [True, True, False]


@pytest.mark.parametrize(("code", "name"), [("350602402", "天宝林场"), ("350604105", "双第华侨农场")])
def test_a_forest_farm_of_a_few_dozen_residents_is_not_taken_for_a_unit_typed_in_one_cell(tmp_path, code, name):
    """A 林场 or 农场 (a unit like a township, 类似乡级单位: codes 4xx and 5xx) may have a few dozen residents."""
    boxes = [shapely.box(117.6 + k / 100, 24.5, 117.61 + k / 100, 24.51) for k in range(4)]
    frame = gpd.GeoDataFrame({"area_id": ["350602001", code, "350602003", "350602004"], "name": ["甲", name, "丙", "丁"],
                              "level": "township", "parent_id": "350602", "population": [30000, 60, 28000, 35000]},
                             geometry=boxes, crs=4326)  # fmt: skip
    frame.to_file(tmp_path / "a.geojson")
    assert read_layer(tmp_path / "a.geojson", "areas")["population"].tolist() == [30000, 60, 28000, 35000]


def _word_document(path: Path, tables: list[list[list[str]]], *, merges=()) -> Path:
    """Write a .docx with python-docx (as Word writes one): each table's rows of cell texts; ``merges``:
    (table, (row, column), (row, column)) cells merged, the first cell's text kept."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("附件")
    made = []
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        made.append(table)
    for k, (r0, c0), (r1, c1) in merges:
        text = made[k].cell(r0, c0).text
        made[k].cell(r0, c0).merge(made[k].cell(r1, c1)).text = text
    document.save(path)
    return path


def test_a_word_tables_two_row_header_and_merged_cells_are_read_as_a_sheets(tmp_path):
    rows = [
        ["机构名称", "托位数", "坐标", "", "类型"],
        ["", "", "经度", "纬度", ""],
        ["甲托育中心", "120", "117.621834", "24.551207", "托育机构"],
        ["乙托育中心", "60", "117.673312", "24.563345", ""],
    ]
    contents = [["序号", "说明"], ["1", "见下表"]]  # a short table before the list
    path = _word_document(tmp_path / "名单.docx", [contents, rows], merges=[
        (1, (0, 0), (1, 0)), (1, (0, 1), (1, 1)), (1, (0, 2), (0, 3)), (1, (0, 4), (1, 4)), (1, (2, 4), (3, 4))])  # fmt: skip
    layer = read_layer(path, "facilities", crs="wgs84")
    assert layer["name"].tolist() == ["甲托育中心", "乙托育中心"]
    assert layer["kind"].tolist() == ["childcare", "childcare"]  # 托育机构 merged down both rows
    assert layer["slots"].tolist() == [120, 60]
    assert layer.geometry.x.round(6).tolist() == [117.621834, 117.673312]
    assert layer.geometry.y.round(6).tolist() == [24.551207, 24.563345]


def test_a_word_documents_table_is_chosen_by_number_and_a_missing_one_named(tmp_path):
    headers = ["名称", "类型", "托位数", "经度", "纬度"]
    first = [headers, ["甲", "托育机构", "120", "117.621834", "24.551207"]]
    second = [headers, ["乙", "托育机构", "60", "117.673312", "24.563345"], ["丙", "托育机构", "30", "117.7", "24.5"]]
    path = _word_document(tmp_path / "名单.docx", [first, second])
    assert read_layer(path, "facilities", crs="wgs84")["name"].tolist() == ["乙", "丙"]  # the longest
    assert read_layer(path, "facilities", crs="wgs84", sheet=1)["name"].tolist() == ["甲"]
    with pytest.raises(ValidationError) as refused:
        read_layer(path, "facilities", crs="wgs84", sheet=3)
    assert "the document has no table 3: it holds 2 tables" in refused.value.text("en")


def test_documents_without_a_table_or_in_other_formats_are_refused_with_what_to_give(tmp_path):
    docx = pytest.importorskip("docx")
    text_only = docx.Document()
    text_only.add_paragraph("甲托育中心，托位120个")
    text_only.save(tmp_path / "名单.docx")
    (tmp_path / "坏.docx").write_text("序号,名称\n1,甲\n", encoding="utf-8")
    (tmp_path / "名单.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    said = {}
    for name in ("名单.docx", "坏.docx", "名单.doc"):
        with pytest.raises(ValidationError) as refused:
            read_layer(tmp_path / name, "facilities")
        said[name] = refused.value.text("en")
    assert "the document holds no table" in said["名单.docx"]
    assert "is not a Word document carefac can open" in said["坏.docx"]
    assert "a .doc document is not read" in said["名单.doc"] and "save it as .docx" in said["名单.doc"]


@pytest.mark.parametrize(("written", "read"), [("存续", "existing"), ("在业", "existing"), ("已开园", "existing"),
                                               ("拟开办", "planned"), ("待开园", "planned")])  # fmt: skip
def test_statuses_as_the_business_register_and_kindergartens_write_them(tmp_path, written, read):
    """存续 / 在业 (the business register's words for a business that runs), 已开园, 拟开办: refused as unknown."""
    facility_table(status=[written, "现有"]).to_csv(tmp_path / "f.csv", index=False)
    assert read_layer(tmp_path / "f.csv", "facilities", crs="wgs84")["status"].tolist() == [read, "existing"]


@pytest.mark.parametrize("header", ["新建/老旧", "新建或老旧", "新老小区"])
def test_a_housing_lists_new_or_old_column_is_read_as_the_status(tmp_path, header):
    """A housing bureau heads its 新建 / 老旧 column 新建/老旧 or 新老小区: "the required column 'status'
    is missing" before."""
    frame = pd.DataFrame({"district_id": ["R1", "R2"], "name": ["甲", "乙"], header: ["新建", "老旧小区"],
                          "population": [3000, 2000], "lon": [117.62, 117.72], "lat": [24.55, 24.56]})  # fmt: skip
    frame.to_csv(tmp_path / "r.csv", index=False)
    assert read_layer(tmp_path / "r.csv", "residential", crs="wgs84")["status"].tolist() == ["new", "existing"]


def test_a_housing_type_column_beside_the_status_is_not_taken_for_it(tmp_path):
    """小区类型 holding 商品房 / 安置房 beside 状态: the status is read from 状态 alone."""
    frame = pd.DataFrame({"district_id": ["R1", "R2"], "name": ["甲", "乙"], "状态": ["新建", "老旧"],
                          "小区类型": ["商品房", "安置房"], "population": [3000, 2000], "lon": [117.62, 117.72],
                          "lat": [24.55, 24.56]})  # fmt: skip
    frame.to_csv(tmp_path / "r.csv", index=False)
    assert read_layer(tmp_path / "r.csv", "residential", crs="wgs84")["status"].tolist() == ["new", "existing"]


def test_venues_written_with_a_hospitals_grade_and_rooms_set_up_are_read(tmp_path):
    """三甲医院 as the venue's type and 已设置 / 未设置 for its nursing room: refused as unknown before."""
    frame = pd.DataFrame({"venue_id": ["V1", "V2"], "name": ["市医院", "商城"], "venue_type": ["三甲医院", "大型商场"],
                          "has_nursing_room": ["已设置", "未设置"], "lon": [117.62, 117.63], "lat": [24.55, 24.56]})  # fmt: skip
    frame.to_csv(tmp_path / "v.csv", index=False)
    layer = read_layer(tmp_path / "v.csv", "venues", crs="wgs84")
    assert layer["venue_type"].tolist() == ["hospital", "mall"] and layer["has_nursing_room"].tolist() == [True, False]
