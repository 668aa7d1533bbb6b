"""Numbers as people type them, and map classes that agree with the table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carefac._numbers import (
    codes_as_text,
    header_undecorated,
    header_unit,
    header_year,
    parse_numbers,
    years_of,
)
from carefac.maps import slot_classes


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", 1234),
        ("40,000", 40000),
        ("１２３", 123),
        ("52人", 52),
        ("120个", 120),
        ("3所", 3),
        ("4.5万", 45000),
        ("4.5万人", 45000),
        (" 7 ", 7),
        ("1 234", 1234),
        ("-3", -3),
        ("1,200㎡", 1200),
        ("3500平方米", 3500),
        ("850 m²", 850),
        ("1.2万平方米", 12000),
        ("12 345 678", 12345678),
        ("1\u3000234.5", 1234.5),
        ("52 人", 52),
    ],
)
def test_numbers_people_type_are_read(text, value):
    parsed = parse_numbers(pd.Series([text]))
    assert parsed.values[0] == value and not parsed.unreadable[0]


@pytest.mark.parametrize(
    "text", ["24，55", "24,55", "约两万", "五十", "12.5.1", "1,23,456", "95%", "60 80", "24.551207 12", "12 34"]
)  # 60 80: two classes' slots in one cell, once read as 6080
def test_ambiguous_or_written_numbers_are_unreadable_never_guessed(text):
    parsed = parse_numbers(pd.Series([text]))
    assert np.isnan(parsed.values[0]) and parsed.unreadable[0]


def test_percent_is_read_only_where_asked():
    assert parse_numbers(pd.Series(["95.2%"]), percent=True).values[0] == pytest.approx(95.2)


def test_wan_cells_are_marked_for_the_notice():
    parsed = parse_numbers(pd.Series(["2万", "20000", ""]))
    assert parsed.wan.tolist() == [True, False, False] and parsed.values[0] == 20000
    assert np.isnan(parsed.values[2]) and not parsed.unreadable[2]


@pytest.mark.parametrize(
    ("header", "bare", "factor"),
    [
        ("常住人口(万人)", "常住人口", 10_000),
        ("常住人口（万人）", "常住人口", 10_000),
        ("托位数(个)", "托位数", 1),
        ("人口", "人口", 1),
    ],
)
def test_header_units(header, bare, factor):
    assert header_unit(header)[:2] == (bare, factor)


def test_codes_in_full_width_digits_or_with_excels_text_mark_read_as_codes():
    """３５０６０１ typed with a Chinese input method and '350601 pasted with Excel's text mark
    matched no area (a join table's every row, an MCH institution's serves)."""
    cells = pd.Series(["３５０６０１", "'350602", "‘350603001", "'甲街道", "F１"])
    assert codes_as_text(cells).tolist() == ["350601", "350602", "350603001", "'甲街道", "F1"]


def test_codes_stored_as_numbers_read_as_codes():
    assert codes_as_text(pd.Series(["350601.0", 350602.0, " 350603 ", None])).tolist() == [
        "350601",
        "350602",
        "350603",
        None,
    ]


def test_an_area_exactly_at_the_target_is_in_an_at_or_above_class_and_no_class_is_empty():
    values = np.array([0.0, 0.0, 1.2, 3.3, 4.5, 4.5, 8.12, 15.0, np.nan])
    meets = np.array([False, False, False, False, True, True, True, True, False])
    classes = slot_classes(values, meets, 4.5)
    for k, value in enumerate(values):
        if np.isnan(value):
            assert classes.index[k] == -1
            continue
        c = classes.index[k]
        assert classes.below[c] == (not meets[k])
        assert classes.lows[c] <= value and (
            value < classes.highs[c] or value == classes.highs[c] == values[np.isfinite(values)].max()
        )
    used = set(classes.index[classes.index >= 0].tolist())
    assert used == set(range(len(classes.lows)))  # every class holds an area
    assert all(low < high for low, high in zip(classes.lows, classes.highs, strict=True))
    assert classes.lows[classes.below.index(False)] == 4.5


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        ("2023", 2023),
        ("2023年", 2023),
        ("2023年6月", 2023),
        ("2023-06", 2023),
        ("2023/6/1", 2023),
        ("2023.6", 2023),
        ("预计2025年", 2025),  # a district not built yet: its expected year
        ("计划2026年交付", 2026),
        ("2024竣工", 2024),
        ("1990年代", 1990),  # a decade before any plan: its first year
        ("1999-12-31 00:00:00", 1999),
        (pd.Timestamp("2022-05-01"), 2022),
    ],
)
def test_a_completion_year_written_as_a_date_is_its_year(cell, year):
    assert years_of(pd.Series([cell], dtype=object)).tolist() == [year]


@pytest.mark.parametrize("cell", ["约2023", "12023", "23年", "在建", "2020年代"])
def test_a_year_not_written_as_one_is_left_for_the_number_reader_to_refuse(cell):
    assert years_of(pd.Series([cell], dtype=object)).tolist() == [cell]


@pytest.mark.parametrize(
    ("kind", "column", "cells", "read"),
    [
        ("facilities", "inclusive", ["普惠", "非普惠", "是", "营利性"], [True, False, True, False]),
        ("facilities", "smart", ["智慧化", "未智慧化"], [True, False]),
        ("facilities", "designated", ["定点", "非定点"], [True, False]),
    ],
)
def test_yes_no_columns_read_the_words_that_name_their_sides(kind, column, cells, read):
    import geopandas as gpd
    from shapely.geometry import Point

    from carefac._validate import validate_layer

    layer = gpd.GeoDataFrame(
        {"facility_id": [f"F{i}" for i in range(len(cells))], "name": "x", "kind": "childcare", "slots": 10,
         column: cells},
        geometry=[Point(117.6 + i / 100, 24.5) for i in range(len(cells))], crs=4326,
    )  # fmt: skip
    assert validate_layer(layer, kind, source="facilities.csv")[column].tolist() == read


def test_datav_boundaries_read_their_parent_and_levels():
    """Aliyun DataV's boundary GeoJSON nests the parent as {"adcode": 350602} and calls levels
    district and street: read as the parent's code, county and township."""
    from carefac._schema import canonical_value

    parents = pd.Series(['{"adcode": 350602}', "{'adcode': 350603}", '{"adcode":"350604","acroutes":[100000]}'])
    assert codes_as_text(parents).tolist() == ["350602", "350603", "350604"]
    assert canonical_value("level", "district") == "county" and canonical_value("level", "street") == "township"


def test_cells_that_say_nothing_here_are_blank_and_broken_formulas_are_not():
    """A parent-child room's slots written — or 无 were refused as 'not numbers'; read as blank, a
    required figure is still asked for. #N/A (a lookup that failed) stays unreadable."""
    parsed = parse_numbers(pd.Series(["—", "无", "/", " - ", "暂无", "N/A", "#N/A", "#REF!", "120"]))
    assert parsed.values.isna().tolist() == [True] * 8 + [False]
    assert parsed.unreadable.tolist() == [False] * 6 + [True, True, False]


@pytest.mark.parametrize(("cell", "said"), [(45292, "45292 = 2024-01-01"), (24, "24")])
def test_a_completion_year_that_is_no_year_is_refused(tmp_path, cell, said):
    """A date saved as its day number (45292) or a two-digit year (24): read as a year ≥ 2023, an old
    district became 'new' and was flagged for lacking its own childcare."""
    import geopandas as gpd
    import shapely

    from carefac import ValidationError, read_layer

    gpd.GeoDataFrame({"小区编号": ["R1"], "名称": ["甲"], "状态": ["现有"], "人口": [2000], "竣工年份": [cell]},
                     geometry=[shapely.box(117.61, 24.54, 117.62, 24.55)], crs=4326).to_file(tmp_path / "r.geojson")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        read_layer(tmp_path / "r.geojson", "residential")
    (found,) = refused.value.problems
    assert found.code == "years_implausible" and f"({said})" in found.text("en")


@pytest.mark.parametrize(
    "header, read",
    [("常住人口_万人", ("常住人口", 10000.0, "万人")), ("托位数/千人", ("托位数/千人", 1.0, "")),
     ("常住人口万人", ("常住人口", 10000.0, "万人")), ("常住人口：千人", ("常住人口", 1000.0, "千人")),
     ("托位数_个", ("托位数", 1.0, "个")), ("人口数_合计", ("人口数_合计", 1.0, "")), ("0-3岁人口", ("0-3岁人口", 1.0, "")),
     ("人口/户", ("人口/户", 1.0, "")), ("万人", ("万人", 1.0, "")),
     ("托位数每千人", ("托位数每千人", 1.0, ""))],
)  # fmt: skip
def test_a_unit_written_without_brackets_as_gis_field_names_write_it(header, read):
    """A shapefile's field cannot hold brackets: 常住人口_万人 was "no population column" (mapped, it
    read 6 for 60,000). 人口/户 (persons per household) is no population in persons, 托位数/千人 (slots
    per thousand) no slots in thousands."""
    assert header_unit(header) == read


@pytest.mark.parametrize(
    "header, read",
    [("常住人口/万人", ("常住人口", 10000.0, "万人")), ("户数／万户", ("户数", 10000.0, "万户")),
     ("常住人口（千）", ("常住人口", 1000.0, "千")), ("常住人口(百人)", ("常住人口", 100.0, "百人")),
     ("户数/人", ("户数/人", 1.0, "")), ("托位数/万人", ("托位数/万人", 1.0, "")),
     ("常住人口/万", ("常住人口", 10000.0, "万")), ("常住人口(万人口)", ("常住人口", 10000.0, "万人口"))],
)  # fmt: skip
def test_a_count_with_its_unit_after_a_slash_as_yearbooks_write_it(header, read):
    """指标/单位 is how statistical yearbooks head a column: 常住人口/万人 was read in persons (6 for
    60,000, refused as 'under 1,000'), even when mapped as the fix said. Only a unit of what the
    column counts is a unit: 托位数/万人 stays slots per 10,000 people."""
    assert header_unit(header) == read


@pytest.mark.parametrize("header", ["建筑面积(万平方米)", "建筑面积（万㎡）", "建筑面积(万m2)"])
def test_a_floor_area_in_ten_thousands_of_square_metres_is_converted(header):
    """建筑面积(万平方米) was read as m² (0.32 for 3,200 m²) against the profile's minimum floor area."""
    assert header_unit(header)[0] == "建筑面积" and header_unit(header)[1] == 10_000.0


@pytest.mark.parametrize(
    "header, read",
    [("2023年常住人口(万人)", ("常住人口(万人)", 2023)), ("常住人口（万人）2023年", ("常住人口（万人）", 2023)),
     ("2020年末常住人口", ("常住人口", 2020)), ("常住人口(2023年)", ("常住人口", 2023)), ("POP2020", ("POP", 2020)),
     ("常住人口", ("常住人口", None)), ("2023年", ("2023年", None)), ("0-3岁人口", ("0-3岁人口", None)),
     ("年末常住人口", ("年末常住人口", None))],
)  # fmt: skip
def test_the_year_a_header_names_is_read_apart_from_its_name(header, read):
    """2023年常住人口(万人) was 'required column missing': the year says which figures, not what they are."""
    assert header_year(header) == read


def test_a_scale_carefac_does_not_read_in_a_counts_header_is_refused(tmp_path):
    """常住人口(十万人) was read in persons (0.4 for 40,000 residents), 托位数(百张) in places."""
    import geopandas as gpd
    import shapely

    from carefac import ValidationError, read_layer

    areas = gpd.GeoDataFrame({"area_id": ["350601"], "name": ["东县"], "常住人口(十万人)": [0.4]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    areas.to_file(tmp_path / "a.geojson")
    pd.DataFrame({"编号": ["F1"], "名称": ["甲"], "类型": ["托育机构"], "托位数(百张)": [1.2], "经度": [117.62],
                  "纬度": [24.55]}).to_csv(tmp_path / "f.csv", index=False)  # fmt: skip
    for path, kind, header in ((tmp_path / "a.geojson", "areas", "常住人口(十万人)"), (tmp_path / "f.csv", "facilities", "托位数(百张)")):
        with pytest.raises(ValidationError) as refused:
            read_layer(path, kind, crs="wgs84")
        found = [p for p in refused.value.problems if p.code == "header_unit_unknown"]
        assert len(found) == 1 and found[0].column == header


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("*机构名称", "机构名称"), ("托位数*", "托位数"), ("＊状态", "状态"), ("名称：", "名称"), ("1.机构名称", "机构名称"),
        ("2、托位数", "托位数"), ("（一）类型", "类型"), ("三、托位数", "托位数"), ("①状态", "状态"), ("10.纬度", "纬度"),
        ("机构名称(Name)", "机构名称"), ("托位数 (Slots)", "托位数"), ("类型 Type", "类型"), ("状态/Status", "状态"),
        # kept: a number that is the header's own, a unit, a coordinate system, a header in English or of marks only
        ("1.5岁以下人数", "1.5岁以下人数"), ("常住人口(万人)", "常住人口(万人)"), ("距离(km)", "距离(km)"),
        ("经度(GCJ02)", "经度(GCJ02)"), ("经度 WGS", "经度 WGS"), ("经度(baidu)", "经度(baidu)"), ("name", "name"),
        ("*", "*"),
    ],
)  # fmt: skip
def test_a_templates_marks_and_translation_are_read_past_in_a_header(header, name):
    assert header_undecorated(header) == name


def test_invisible_characters_pasted_from_a_web_page_are_read_past():
    """120 copied from a web page with a zero-width space (\\u200b120), a code with a byte-order mark
    (\\ufeff350601), a name with a soft hyphen: each read as it shows, not "values are not numbers"
    or an area without its row."""
    from carefac._schema import normalise_key

    cells = pd.Series(["\u200b120", "120\u200b", "\ufeff60", "1\u2060200", "40\u00ad"], dtype=object)
    parsed = parse_numbers(cells)
    assert parsed.values.tolist() == [120, 120, 60, 1200, 40] and not parsed.unreadable.any()
    assert codes_as_text(pd.Series(["\ufeff350601", "350602\u200b", "R1"])).tolist() == ["350601", "350602", "R1"]
    assert normalise_key("甲\u200b街道") == normalise_key("甲街道")


def test_a_year_in_chinese_numerals_is_read():
    """二〇二四年, as official documents write years: "values are not years" before."""
    assert years_of(pd.Series(["二〇二四年", "二零二四年十二月", "预计二〇二五年"])).tolist() == [2024, 2024, 2025]
    assert years_of(pd.Series(["一二三"])).tolist() == ["一二三"]  # three numerals: not a year
