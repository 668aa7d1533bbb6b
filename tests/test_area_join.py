"""Boundaries from one bureau, residents from another: ``[layers.areas] join`` reads them together."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from carefac import ValidationError, read_layer
from carefac.cli import main

BOXES = {
    "350601": (117.60, 117.70), "350601001": (117.60, 117.65), "350601101": (117.65, 117.70),
}  # fmt: skip


def _boundaries(tmp_path, **extra) -> None:
    codes = list(BOXES)
    layer = gpd.GeoDataFrame({"XZQDM": codes, "XZQMC": ["东县", "甲街道", "乙镇"], **extra},
                             geometry=[shapely.box(x0, 24.5, x1, 24.6) for x0, x1 in BOXES.values()], crs=4326)  # fmt: skip
    layer.to_file(tmp_path / "乡镇边界.geojson", driver="GeoJSON")


def _table(tmp_path, codes, populations) -> None:
    pd.DataFrame({"区划代码": codes, "常住人口（万人）": populations}).to_excel(tmp_path / "人口.xlsx", index=False)


def _residents(areas) -> dict:
    return dict(zip(areas["area_id"], areas["population"], strict=True))


def _said(areas, code: str):
    (said,) = [n for n in areas.attrs["notices"] if n.code == code]
    return said


def test_residents_are_joined_by_code_in_the_tables_unit_and_its_totals_row_said(tmp_path):
    _boundaries(tmp_path)
    _table(tmp_path, ["350601", "350601001000", "350601101", "合计"], [6, 4, 2, 6])
    areas = read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    assert _residents(areas) == {"350601": 60000, "350601001": 40000, "350601101": 20000}
    codes = [n.code for n in areas.attrs["notices"]]
    assert {"unit_converted", "areas_joined", "join_rows_unused"} <= set(codes)


def test_an_area_without_its_row_is_refused_naming_it_and_the_rows_left_over(tmp_path):
    _boundaries(tmp_path)
    _table(tmp_path, ["350601", "350601001", "350601102"], [6, 4, 2])  # 乙镇 typed 102
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    (found,) = refused.value.problems
    assert found.code == "join_no_row" and "350601101 乙镇" in found.message and "350601102" in found.message


def test_the_tables_figures_replace_the_boundary_files_own_and_say_so(tmp_path):
    _boundaries(tmp_path, 常住人口=[1, 1, 1])
    _table(tmp_path, ["350601", "350601001", "350601101"], [6, 4, 2])
    areas = read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    assert areas["population"].tolist() == [60000, 40000, 20000]
    assert "boundary file's own: population" in _said(areas, "areas_joined_replacing").en


def test_a_code_twice_in_the_table_is_refused(tmp_path):
    _boundaries(tmp_path)
    _table(tmp_path, ["350601", "350601001", "350601101", "350601101"], [6, 4, 2, 2])
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    assert refused.value.problems[0].code == "ids_repeated" and refused.value.problems[0].rows == (4, 5)


def test_a_run_with_a_joined_table_records_it(tmp_path, capsys):
    _boundaries(tmp_path)
    _table(tmp_path, ["350601", "350601001", "350601101"], [6, 4, 2])
    config = tmp_path / "carefac.toml"
    config.write_text('[layers.areas]\npath = "乡镇边界.geojson"\njoin = "人口.xlsx"\n', encoding="utf-8")
    assert main(["coverage", str(config), "--out", str(tmp_path / "out"), "--lang", "en"]) == 0
    assert "the 3 areas' 常住人口（万人） are read from 人口.xlsx" in capsys.readouterr().err
    inputs = {i["name"]: i for i in json.loads((tmp_path / "out" / "run.json").read_text("utf-8"))["inputs"]}
    assert inputs["areas_join"]["path"].endswith("人口.xlsx") and len(inputs["areas_join"]["sha256"]) == 64


def test_a_table_without_codes_is_refused_as_such(tmp_path):
    _boundaries(tmp_path)
    pd.DataFrame({"乡镇": ["东县", "甲街道", "乙镇"], "常住人口": [60000, 40000, 20000]}).to_excel(tmp_path / "人口.xlsx", index=False)
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    assert [p.code for p in refused.value.problems] == ["join_no_area_code"]


def test_a_problem_in_a_joined_column_names_the_tables_rows_not_the_boundaries(tmp_path):
    """The figures are the table's: a planner fixes them there, in the rows the table numbers
    (the table's order differs from the boundary file's here)."""
    _boundaries(tmp_path)
    pd.DataFrame({"区划代码": ["合计", "350601101", "350601", "350601001"], "常住人口": [60000, "两万", 60000, 40000.5]}
                 ).to_excel(tmp_path / "人口.xlsx", index=False)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    text = refused.value.text("en")
    assert "人口.xlsx, column '常住人口 (population)', row 3: values are not numbers ('两万')" in text
    assert "人口.xlsx, column '常住人口 (population)', row 5: values are not whole numbers" in text
    assert "乡镇边界" not in text


def test_a_totals_row_left_over_is_named_by_its_name(tmp_path):
    _boundaries(tmp_path)
    pd.DataFrame({"区划代码": ["350601", "350601001", "350601101", None], "名称": ["东县", "甲街道", "乙镇", "合计"],
                  "常住人口": [60000, 40000, 20000, 120000]}).to_excel(tmp_path / "人口.xlsx", index=False)  # fmt: skip
    areas = read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    assert "(合计; row 5)" in _said(areas, "join_rows_unused").en


def test_a_table_with_the_census_years_codes_and_todays_is_joined_by_the_column_that_fits(tmp_path):
    """The 2020 census table keys 龙海 as 350681 under 区划代码 and as 350604 under adcode_2023: the join
    was refused ("no row for 350604") though a column of the table fits every area. 人口数_合计, the
    census's own header of residents, is read."""
    _boundaries(tmp_path)
    pd.DataFrame({"区划代码": ["350681", "350681001", "350681101"], "adcode_2023": ["350601", "350601001", "350601101"],
                  "人口数_合计": [60000, 40000, 20000]}).to_csv(tmp_path / "人口.csv", index=False)  # fmt: skip
    areas = read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.csv")
    assert _residents(areas) == {"350601": 60000, "350601001": 40000, "350601101": 20000}
    assert "'区划代码' does not hold every area's code, 'adcode_2023' does" in _said(areas, "join_by_other_code_column").en


def test_no_column_fitting_every_area_leaves_the_refusal(tmp_path):
    _boundaries(tmp_path)
    pd.DataFrame({"区划代码": ["350681", "350681001", "350681101"], "旧代码": ["350601", "350601001", "350699101"],
                  "常住人口": [60000, 40000, 20000]}).to_csv(tmp_path / "人口.csv", index=False)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.csv")
    assert [p.code for p in refused.value.problems] == ["join_no_row"]


def test_a_county_left_out_of_a_yearbooks_township_table_is_its_townships_added_up(tmp_path):
    """A yearbook's township table gives 小计 rows in place of its counties: the county, covered by
    its townships' outlines, has their residents (4 + 2 万人), said; the 小计 row is not read."""
    _boundaries(tmp_path)
    _table(tmp_path, ["350601001", "350601101", None], [4, 2, 6.5])  # a 小计 typed differently: not used
    areas = read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    assert _residents(areas) == {"350601": 60000, "350601001": 40000, "350601101": 20000}
    assert "350601 东县 (2, 6" in _said(areas, "join_counties_summed").en


def test_a_county_whose_townships_do_not_cover_it_is_not_made_of_them(tmp_path):
    """The boundaries hold one of the county's two townships: its residents would be a part called
    the whole, so the county's missing row is refused as before."""
    layer = gpd.read_file(_boundaries(tmp_path) or tmp_path / "乡镇边界.geojson")
    layer[layer["XZQDM"] != "350601101"].to_file(tmp_path / "乡镇边界.geojson", driver="GeoJSON")
    _table(tmp_path, ["350601001"], [4])
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    assert [p.code for p in refused.value.problems] == ["join_no_row"]


def test_a_township_blank_in_the_table_is_named_not_the_county_made_of_it(tmp_path):
    _boundaries(tmp_path)
    _table(tmp_path, ["350601001", "350601101"], [4, None])
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    (found,) = refused.value.problems
    assert found.source == "人口.xlsx" and found.rows == (3,) and "population is blank" in found.message


def test_boundaries_with_names_only_take_their_codes_from_the_table(tmp_path):
    """A web map's outlines carry names, no codes: each takes the code of the table's row of its name
    (it was "area_id missing" and "population missing" though the table gives both)."""
    layer = gpd.GeoDataFrame({"名称": ["东县", "甲街道", "乙镇"]},
                             geometry=[shapely.box(x0, 24.5, x1, 24.6) for x0, x1 in BOXES.values()], crs=4326)  # fmt: skip
    layer.to_file(tmp_path / "乡镇边界.geojson", driver="GeoJSON")
    pd.DataFrame({"区划代码": list(BOXES), "名称": ["东县", "甲 街道", "乙镇"],
                  "常住人口": [60000, 40000, 20000]}).to_excel(tmp_path / "人口.xlsx", index=False)  # fmt: skip
    areas = read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    assert _residents(areas) == {"350601": 60000, "350601001": 40000, "350601101": 20000}
    assert "3 areas take their code" in _said(areas, "boundaries_coded_by_name").en


def test_a_name_two_rows_of_the_table_give_is_not_guessed_for_boundaries_without_codes(tmp_path):
    layer = gpd.GeoDataFrame({"名称": ["东县", "城关镇"]}, geometry=[shapely.box(117.6, 24.5, 117.7, 24.6),
                             shapely.box(117.6, 24.5, 117.65, 24.6)], crs=4326)  # fmt: skip
    layer.to_file(tmp_path / "乡镇边界.geojson", driver="GeoJSON")
    pd.DataFrame({"区划代码": ["350601", "350601001", "350602001"], "名称": ["东县", "城关镇", "城关镇"],
                  "常住人口": [60000, 40000, 30000]}).to_excel(tmp_path / "人口.xlsx", index=False)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "乡镇边界.geojson", "areas", join=tmp_path / "人口.xlsx")
    (found,) = refused.value.problems
    assert found.code == "join_names_shared" and found.rows == (3, 4)
