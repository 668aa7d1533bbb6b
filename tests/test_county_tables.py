"""County tables against the areas layer: each county's row read once, nothing passed over unsaid."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from carefac import StudyArea, ValidationError


def _areas(with_city: bool = False) -> gpd.GeoDataFrame:
    rows = [
        ("350601", "东县", "county", "350600", 60000, shapely.box(117.60, 24.50, 117.70, 24.60)),
        ("350602", "西县", "county", "350600", 45000, shapely.box(117.70, 24.50, 117.80, 24.60)),
        ("350601001", "甲街道", "township", "350601", 60000, shapely.box(117.60, 24.50, 117.70, 24.60)),
        ("350602001", "丙街道", "township", "350602", 45000, shapely.box(117.70, 24.50, 117.80, 24.60)),
    ]
    if with_city:
        rows.append(("350600", "示例市", "city", None, 105000, shapely.box(117.60, 24.50, 117.80, 24.60)))
    columns = ["area_id", "name", "level", "parent_id", "population", "geometry"]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), crs=4326)


def _study(table: pd.DataFrame, *, with_city: bool = False) -> StudyArea:
    return StudyArea.from_layers(_areas(with_city), tables={"indicators": table}, sources={"indicators": "ind.xlsx"})


@pytest.mark.parametrize("total", ["合计", "总计", "全市", " 合 计 ", "Total", "SUM", "小计"])
def test_a_totals_row_is_passed_over_and_said(total):
    table = pd.DataFrame({"area_id": ["350601", "350602", None], "名称": ["东县", "西县", total],
                          "infant_mortality": ["3.1", "2.0", "2.6"]})  # fmt: skip
    study = _study(table)
    assert study.tables["indicators"]["area_id"].tolist() == ["350601", "350602"]
    said = [n for n in study.notices if n.code == "table_total_rows"]
    assert len(said) == 1 and "row 4" in said[0].en and "第 4 行" in said[0].zh


@pytest.mark.parametrize("with_city", [False, True])
def test_the_citys_own_row_is_a_total_whether_or_not_the_layer_has_the_city(with_city):
    """350600 is the counties' parent_id (no city area) or the city area itself."""
    table = pd.DataFrame({"area_id": ["350600", "350601", "350602"], "infant_mortality": ["2.6", "3.1", "2.0"]})
    study = _study(table, with_city=with_city)
    assert study.tables["indicators"]["area_id"].tolist() == ["350601", "350602"]
    assert [n.code for n in study.notices if n.code.startswith("table_")] == ["table_total_rows"]


def test_an_old_code_beside_a_county_without_a_row_is_refused_naming_both():
    table = pd.DataFrame({"area_id": ["350601", "350681"], "县区": ["东县", "龙海市"], "infant_mortality": ["3.1", "2.0"]})
    with pytest.raises(ValidationError) as caught:
        _study(table)
    (found,) = caught.value.problems
    assert found.code == "table_codes_unmatched" and found.rows == (3,)
    assert "350681 (龙海市)" in found.message and "350602 西县" in found.message
    assert "350681（龙海市）" in found.text("zh") and "350602 西县" in found.text("zh")


def test_township_codes_are_named_as_townships():
    table = pd.DataFrame({"area_id": ["350601001", "350602001"], "infant_mortality": ["3.1", "2.0"]})
    with pytest.raises(ValidationError) as caught:
        _study(table)
    assert "350601001 (甲街道, a township)" in caught.value.problems[0].message
    assert "350601001（甲街道，乡镇）" in caught.value.problems[0].text("zh")


def test_codes_outside_the_study_are_passed_over_when_every_county_has_its_row():
    table = pd.DataFrame({"area_id": ["350203", "350601", "350602", "350205"], "infant_mortality": ["1", "3.1", "2", "1"]})
    study = _study(table)
    assert study.tables["indicators"]["area_id"].tolist() == ["350601", "350602"]
    (said,) = [n for n in study.notices if n.code == "table_rows_outside"]
    assert "350203; 350205; rows 2, 5" in said.en


def test_a_county_twice_is_refused_with_both_rows():
    table = pd.DataFrame({"area_id": ["350601", "350602", "350601"], "infant_mortality": ["3.1", "2.0", "5.9"]})
    with pytest.raises(ValidationError) as caught:
        _study(table)
    (found,) = caught.value.problems
    assert found.code == "table_county_repeated" and found.rows == (2, 4)


def test_a_footnote_without_figures_is_not_a_row():
    table = pd.DataFrame({"area_id": ["350601", "350602", None], "备注": [None, None, "注：2023年数据"],
                          "infant_mortality": ["3.1", "2.0", None]})  # fmt: skip
    study = _study(table)
    assert study.tables["indicators"]["area_id"].tolist() == ["350601", "350602"]
    assert not [n for n in study.notices if n.code.startswith("table_")]


def test_a_blank_code_with_figures_beside_a_county_without_a_row_is_refused():
    table = pd.DataFrame({"area_id": ["350601", None], "infant_mortality": ["3.1", "2.0"]})
    with pytest.raises(ValidationError) as caught:
        _study(table)
    assert caught.value.problems[0].code == "table_codes_unmatched"


def test_a_table_keyed_by_twelve_digit_codes_is_matched_to_the_counties():
    """统计用区划代码 350601000000 is county 350601; the city's 350600000000 is its total row."""
    table = pd.DataFrame({"area_id": ["350601000000", "350602000000", "350600000000"],
                          "infant_mortality": ["3.1", "2.0", "2.6"]})  # fmt: skip
    study = _study(table)
    read = study.tables["indicators"]
    assert read["area_id"].tolist() == ["350601", "350602"]
    assert read["infant_mortality"].astype(float).tolist() == [3.1, 2.0]
    assert [n.code for n in study.notices if n.code.startswith("table_")] == ["table_total_rows"]


def test_an_areas_layer_keyed_by_twelve_digit_codes_is_read_in_the_short_form_and_said(tmp_path):
    from carefac import read_layer

    areas = _areas().drop(columns=["level", "parent_id"])
    areas["area_id"] = ["350601000000", "350602000000", "350601001000", "350602001000"]
    areas.to_file(tmp_path / "areas.geojson")
    layer = read_layer(tmp_path / "areas.geojson", "areas")
    assert layer["area_id"].tolist() == ["350601", "350602", "350601001", "350602001"]
    assert layer["level"].tolist() == ["county", "county", "township", "township"]
    assert layer["parent_id"].tolist()[2:] == ["350601", "350602"]
    (said,) = [n for n in layer.attrs["notices"] if n.code == "area_codes_twelve_digits"]
    assert "(4; e.g. 350601000000 → 350601)" in said.en and "4个" in said.zh
    table = pd.DataFrame({"area_id": ["350601000000", "350602000000"], "infant_mortality": ["3.1", "2.0"]})
    study = StudyArea.from_layers(layer, tables={"indicators": table}, sources={"indicators": "ind.xlsx"})
    assert study.tables["indicators"]["area_id"].tolist() == ["350601", "350602"]


def _project_with_indicator_files(tmp_path, path: str) -> object:
    from carefac.config import load_config

    _areas().to_file(tmp_path / "areas.geojson")
    (tmp_path / "carefac.toml").write_text(f'[layers.areas]\npath = "areas.geojson"\n\n[tables.indicators]\npath = {path}\n',
                                           encoding="utf-8")  # fmt: skip
    return load_config(tmp_path / "carefac.toml")


@pytest.mark.parametrize("path", ['["东县.csv", "西县.xlsx"]', '"各县"'])
def test_a_county_table_of_one_file_per_county_is_read_as_one(tmp_path, path):
    """Each county's bureau sends its own indicators (东县 by code, 西县 by name): a list of files, or
    the folder holding them, is one table (it was "path is not text")."""
    folder = tmp_path / "各县" if path.startswith('"') else tmp_path
    folder.mkdir(exist_ok=True)
    pd.DataFrame({"区划代码": ["350601"], "婴儿死亡率": [2.1]}).to_csv(folder / "东县.csv", index=False)
    pd.DataFrame({"县区": ["西县"], "婴儿死亡率": [3.4]}).to_excel(folder / "西县.xlsx", index=False)
    study = _project_with_indicator_files(tmp_path, path).study_area()
    table = study.tables["indicators"]
    assert dict(zip(table["area_id"], table["infant_mortality"], strict=True)) == {"350601": 2.1, "350602": 3.4}


def test_a_county_in_two_files_is_refused_naming_each_file(tmp_path):
    pd.DataFrame({"区划代码": ["350601"], "婴儿死亡率": [2.1]}).to_csv(tmp_path / "东县.csv", index=False)
    pd.DataFrame({"区划代码": ["350602", "350601"], "婴儿死亡率": [3.4, 2.2]}).to_csv(tmp_path / "汇总.csv", index=False)
    config = _project_with_indicator_files(tmp_path, '["东县.csv", "汇总.csv"]')
    with pytest.raises(ValidationError) as refused:
        config.study_area()
    (found,) = refused.value.problems
    assert found.code == "table_county_repeated" and found.rows == ("2 (东县.csv)", "3 (汇总.csv)")


def test_a_county_table_of_one_sheet_per_county_is_read_as_one(tmp_path):
    """sheet = "*" reads a workbook of one sheet per county as one table, as it does for layers (it
    was "the sheet '*' is not in the workbook"); rows are named with their sheet."""
    with pd.ExcelWriter(tmp_path / "指标.xlsx") as book:
        pd.DataFrame({"区划代码": ["350601"], "婴儿死亡率": [2.1]}).to_excel(book, sheet_name="东县", index=False)
        pd.DataFrame({"区划代码": ["350602"], "婴儿死亡率": [3.4]}).to_excel(book, sheet_name="西县", index=False)
    config = _project_with_indicator_files(tmp_path, '"指标.xlsx"\nsheet = "*"')
    table = config.study_area().tables["indicators"]
    assert dict(zip(table["area_id"], table["infant_mortality"], strict=True)) == {"350601": 2.1, "350602": 3.4}
    assert table["source_file"].tolist() == ["东县, 指标.xlsx", "西县, 指标.xlsx"]


@pytest.mark.parametrize("written", [["漳州市东县", "漳州市西县"], ["福建省漳州市东县", "西 县"], ["东", "西县"]])
def test_county_names_with_their_province_and_city_before_them_are_matched(written):
    """漳州市芗城区, as a province's report names a county, was "codes that are no county"."""
    table = pd.DataFrame({"县区": written, "infant_mortality": ["3.1", "2.0"]})
    table.attrs["keyed_by_name"] = "县区"
    study = _study(table.assign(area_id=""))
    assert study.tables["indicators"]["area_id"].tolist() == ["350601", "350602"]
