"""County service rules and the 2025 indicators: edge cases."""

from __future__ import annotations

import pandas as pd
import pytest

from carefac import StudyArea, ValidationError, load_policy
from carefac.checks import (
    city_mch_grade,
    designated_hospital_per_county,
    indicator_rules,
    prenatal_screening_per_county,
    read_indicator_table,
)

from .test_compliance import TWO_KM, areas, facilities, grid_point

POLICY = load_policy()


def study_with(table: pd.DataFrame | None = None, rows=()) -> StudyArea:
    tables = {} if table is None else {"indicators": table}
    return StudyArea.from_layers(areas(list(TWO_KM)), facilities=facilities(list(rows)), tables=tables)


def by_rule(frame: pd.DataFrame) -> pd.Series:
    return frame.set_index("rule")["status"]


def indicators(**values) -> pd.DataFrame:
    base = {
        "区划代码": ["350601"],
        "孕产妇死亡率": [5.0],
        "婴儿死亡率": [1.0],
        "婚前医学检查率": [80.0],
        "孕前优生健康检查目标人群覆盖率": [95.0],
        "产前筛查率": [95.0],
    }
    base.update({k: [v] for k, v in values.items()})
    return pd.DataFrame(base).astype(str)


def test_a_rate_exactly_at_the_target():
    """一、总体目标: 孕产妇死亡率、婴儿死亡率分别控制在 8/10 万、2‰ 以下; 婚前医学检查率 … 不低于 70%.

    以上、以下 include the number itself (民法典 第一千二百五十九条: 民法所称的"以上""以下"
    "以内""届满"，包括本数), so 8 per 100,000 meets "8/10万以下" and 2‰ meets "2‰以下".
    """
    at = by_rule(
        indicator_rules(study_with(indicators(婚前医学检查率=70.0, 孕产妇死亡率=8.0, 婴儿死亡率=2.0)), POLICY)
    )
    assert at["indicator_premarital_check"] == "ok"  # "不低于 70%": 70 passes
    assert at["indicator_maternal_mortality"] == "ok"  # "8/10万以下": 8 is 以下
    assert at["indicator_infant_mortality"] == "ok"
    above = by_rule(indicator_rules(study_with(indicators(孕产妇死亡率=8.01, 婴儿死亡率=2.01)), POLICY))
    assert above["indicator_maternal_mortality"] == "flagged" and above["indicator_infant_mortality"] == "flagged"


def test_provincial_average_is_part_of_the_target():
    """一、总体目标: "以上指标均优于全省平均水平" — a county at the target but not better than the province misses it."""
    table = indicators(产前筛查率=93.0)
    table["产前筛查率全省平均"] = "94.0"
    table["孕产妇死亡率全省平均"] = "6.0"
    result = indicator_rules(study_with(table), POLICY).set_index("rule")
    # "以上指标均优于全省平均水平": 93 % meets the 92 % target but not the province's 94 %
    assert result.loc["indicator_prenatal_screening", "status"] == "flagged"
    assert result.loc["indicator_prenatal_screening", "reason_code"] == "not_better_than_province"
    assert result.loc["indicator_prenatal_screening", "better_than_province"] == False  # noqa: E712 (not None)
    assert result.loc["indicator_maternal_mortality", "better_than_province"] == True  # noqa: E712
    assert pd.isna(result.loc["indicator_infant_mortality", "better_than_province"])


def test_county_without_a_row_is_skipped_with_the_reason():
    table = indicators()
    table["区划代码"] = "350699"
    result = indicator_rules(study_with(table), POLICY)
    assert set(result["status"]) == {"skipped"}
    assert result["reason"].str.contains("no row in the indicators table").all()
    missing = indicator_rules(study_with(None), POLICY)
    assert set(missing["reason_code"]) == {"missing_input"} and len(missing) == 5


def test_fractions_are_read_as_percent_and_mixing_is_an_error():
    table = indicators(婚前医学检查率=0.7)
    result = indicator_rules(study_with(table), POLICY).set_index("rule")
    assert result.loc["indicator_premarital_check", "measured"] == pytest.approx(70.0)
    assert "fraction" in result.loc["indicator_premarital_check", "reason"]
    mixed = pd.concat([indicators(婚前医学检查率=0.7), indicators(婚前医学检查率=72.0)], ignore_index=True)
    with pytest.raises(ValidationError, match="mixes fractions .* with percentages"):
        read_indicator_table(mixed)


def test_english_headers():
    table = pd.DataFrame({"area_id": ["350601"], "maternal_mortality": ["9"], "infant_mortality": ["1.5"]})
    result = by_rule(indicator_rules(study_with(table), POLICY))
    assert (
        result["indicator_maternal_mortality"] == "flagged" and result["indicator_infant_mortality"] == "ok"
    )
    assert result["indicator_premarital_check"] == "skipped"


def test_prenatal_screening_and_city_centres():
    rows = [
        ("s", "prenatal_screening", None, "existing", grid_point(500, 500)),
        ("d", "prenatal_diagnosis", None, "existing", grid_point(600, 500)),
    ]
    result = prenatal_screening_per_county(study_with(None, rows), POLICY)
    assert result["status"].tolist() == ["ok", "ok", "flagged"]  # county, diagnosis, no hearing centre
    assert "newborn hearing" in result["reason"].iloc[-1]


def test_designated_hospital_needs_grade_two_designation_and_public_ownership():
    """(六)20: "应将本地二级及以上公立医院作为计划生育特殊家庭定点医疗服务机构" — grade 2 or above
    (及以上 includes 2), designated, and public (公立); unknown ownership is not a pass."""
    rows = [("h1", "hospital", None, "existing", grid_point(500, 500))]
    grade1 = facilities(rows).assign(grade=1, designated=True, ownership="public")
    grade2 = facilities(rows).assign(grade=2, designated=True, ownership="public")
    undesignated = facilities(rows).assign(grade=3, designated=False, ownership="public")
    private = facilities(rows).assign(grade=3, designated=True, ownership="private")
    unknown = facilities(rows).assign(grade=3, designated=True)
    cases = ((grade1, "flagged"), (grade2, "ok"), (undesignated, "flagged"), (private, "flagged"), (unknown, "skipped"))
    for layer, status in cases:
        study = StudyArea.from_layers(areas(list(TWO_KM)), facilities=layer)
        assert designated_hospital_per_county(study, POLICY)["status"].tolist() == [status]


def test_unknown_smart_clinics_stay_in_the_denominator():
    """(二)4: "2025年全市智慧化预防接种门诊建成率达到100%" — a clinic of unknown status is not smart."""
    from carefac.checks import smart_vaccination

    rows = [(f"v{k}", "vaccination_clinic", None, "existing", grid_point(100 + 100 * k, 500)) for k in range(3)]
    layer = facilities(rows).assign(smart=pd.array([True, True, pd.NA], dtype="boolean"))
    result = smart_vaccination(StudyArea.from_layers(areas(list(TWO_KM)), facilities=layer), POLICY).iloc[0]
    assert result["status"] == "flagged" and result["measured"] == pytest.approx(2 / 3, abs=1e-4)
    assert "1 unknown" in result["reason"]


def test_city_mch_grade():
    rows = [("m", "mch_institution", None, "existing", grid_point(500, 500))]
    for grade, status in ((3, "ok"), (2, "flagged")):
        layer = facilities(rows).assign(grade=grade, serves="350600")
        assert city_mch_grade(StudyArea.from_layers(areas(list(TWO_KM)), facilities=layer), POLICY)[
            "status"
        ].tolist() == [status]
    county_only = facilities(rows).assign(grade=3, serves="350601")
    result = city_mch_grade(StudyArea.from_layers(areas(list(TWO_KM)), facilities=county_only), POLICY)
    assert result["reason_code"].tolist() == ["no_institution"]


@pytest.mark.parametrize(
    ("column", "cell", "value"),
    [
        ("婴儿死亡率", "1.8‰", 1.8),
        ("婴儿死亡率", "1.8/1000", 1.8),
        ("孕产妇死亡率", "8.5/10万", 8.5),
        ("孕产妇死亡率", "8.5/10万活产", 8.5),
        ("孕产妇死亡率", "8.5/100000", 8.5),
    ],
)
def test_a_rate_written_with_its_own_unit_is_read(column, cell, value):
    table = pd.DataFrame({"区划代码": ["350602"], column: [cell]})
    name = "infant_mortality" if column == "婴儿死亡率" else "maternal_mortality"
    assert read_indicator_table(table)[name].tolist() == [pytest.approx(value)]


@pytest.mark.parametrize(
    ("column", "cell"), [("婴儿死亡率", "180/10万"), ("孕产妇死亡率", "0.085‰"), ("婴儿死亡率", "0.31%"), ("孕产妇死亡率", "0.01%")]
)
def test_a_rate_written_in_another_unit_is_refused_not_converted(column, cell):
    table = pd.DataFrame({"区划代码": ["350602", "350603"], column: ["2.0", cell]})
    with pytest.raises(ValidationError) as refused:
        read_indicator_table(table, source="indicators.csv")
    said = refused.value.text("en")
    assert f"column '{column}', row 3" in said and "written in another rate's unit" in said


def test_fractions_read_as_percent_carry_no_float_noise():
    table = pd.DataFrame({"区划代码": ["350602", "350603"], "婚前医学检查率": ["0.58", "0.777"]})
    assert read_indicator_table(table)["premarital_check"].tolist() == [58.0, 77.7]


@pytest.mark.parametrize(("column", "cell", "ok"), [("婴儿死亡率", "31", "25"), ("孕产妇死亡率", "850", "120")])
def test_a_rate_no_county_records_today_is_asked_about(column, cell, ok):
    """Infant mortality of 31 per 1,000 (China around 2000; 4.5 in 2023) is most likely 3.1 per 1,000
    written per 10,000: read as given it would flag a county that meets the plan's 2‰."""
    table = pd.DataFrame({"区划代码": ["350602", "350603"], column: [ok, cell]})
    with pytest.raises(ValidationError) as refused:
        read_indicator_table(table, source="indicators.csv")
    (found,) = refused.value.problems
    assert found.code == "indicator_implausible" and found.rows == (3,) and f"gives {cell} per" in found.text("en")


def test_indicators_given_one_per_row_are_refused_naming_the_layout():
    """指标 / 数值 (long format): every indicator was skipped as 'no value', or the county refused as repeated."""
    table = pd.DataFrame({"区划代码": ["350601", "350601"], "指标": ["孕产妇死亡率", "婴儿死亡率"], "数值": [6.5, 1.8]})
    with pytest.raises(ValidationError) as refused:
        read_indicator_table(table)
    assert [p.code for p in refused.value.problems] == ["indicator_table_long"]
    assert refused.value.problems[0].column == "指标"


def test_an_indicator_under_a_longer_header_is_named_with_the_key_that_maps_it():
    """2025年婴儿死亡率 beside 孕产妇死亡率: the infant mortality was skipped without a word."""
    table = pd.DataFrame({"区划代码": ["350601"], "孕产妇死亡率": [6.5], "2025年婴儿死亡率": [1.8], "孕产妇死亡率目标值": [8]})
    with pytest.raises(ValidationError) as refused:
        read_indicator_table(table)
    (found,) = refused.value.problems
    assert "'2025年婴儿死亡率'" in found.text("en") and 'infant_mortality = "2025年婴儿死亡率"' in found.text("zh")
    assert "目标值" not in found.text("en")  # beside its indicator, read: not asked about
    mapped = read_indicator_table(table.rename(columns={"2025年婴儿死亡率": "infant_mortality"}))
    assert mapped["infant_mortality"].tolist() == [1.8]


def test_a_table_without_any_indicator_is_refused():
    with pytest.raises(ValidationError, match="no column is read as an indicator"):
        read_indicator_table(pd.DataFrame({"区划代码": ["350601"], "备注": ["—"]}))


def test_a_county_table_keyed_by_names_is_matched_to_the_counties():
    """A yearbook's table by 县区 without codes: rows matched by name (the word 区/县/市 may differ
    or be left out when the stem names one county), totals passed over, an unknown name refused."""
    from carefac._county_tables import matched_county_tables
    from carefac.config import _checked_county_table

    study = study_with(None)
    names = dict(zip(study.areas_at("county")["area_id"], study.areas_at("county")["name"], strict=True))
    (code, name), *_ = names.items()
    raw = pd.DataFrame({"县区": [name[:-1], "合计"], "孕产妇死亡率": ["6.5", "7"]})
    table, problems = _checked_county_table("indicators", raw, "指标.xlsx")
    assert not problems
    kept, found, said = matched_county_tables({"indicators": table}, study.areas, {})
    assert not found and kept["indicators"]["area_id"].tolist() == [code]
    assert {"table_keyed_by_name", "table_total_rows"} <= {n.code for n in said}
    unknown = pd.DataFrame({"县区": ["北县"], "孕产妇死亡率": ["6.5"]})
    table, _ = _checked_county_table("indicators", unknown, "指标.xlsx")
    _, found, _ = matched_county_tables({"indicators": table}, study.areas, {})
    assert [p.code for p in found] == ["table_codes_unmatched"] and "北县" in found[0].text("en")


def test_indicators_with_their_unit_in_the_header_are_read():
    """婴儿死亡率（‰）, 孕产妇死亡率(1/10万), 产前筛查率(%): once skipped without a word (no value)."""
    table = pd.DataFrame({"区划代码": ["350601"], "孕产妇死亡率(1/10万)": ["6.5"], "婴儿死亡率（‰）": ["1.8"],
                          "产前筛查率(%)": ["93"], "婚前医学检查率（每10万活产）": ["70"]})  # fmt: skip
    with pytest.raises(ValidationError) as refused:  # a rate's header in another's unit is not read as it
        read_indicator_table(table)
    assert "'婚前医学检查率（每10万活产）'" in refused.value.text("en")
    read = read_indicator_table(table.drop(columns="婚前医学检查率（每10万活产）")).iloc[0]
    assert (read["maternal_mortality"], read["infant_mortality"], read["prenatal_screening"]) == (6.5, 1.8, 93.0)


@pytest.mark.parametrize("header", ["婴儿死亡率(‰)全省平均", "全省平均婴儿死亡率", "全省婴儿死亡率", "婴儿死亡率（全省平均）"])
def test_a_provincial_average_headed_as_offices_head_it_is_read(header):
    """婴儿死亡率(‰)全省平均 or 全省平均婴儿死亡率 was not read, unsaid: "优于全省平均水平" went unchecked."""
    from carefac.checks.indicators import read_indicator_table

    table = pd.DataFrame({"区划代码": ["350601"], "婴儿死亡率(‰)": ["1.8"], header: ["2.3"]})
    read = read_indicator_table(table)
    assert read["infant_mortality"].tolist() == [1.8] and read["infant_mortality_province"].tolist() == [2.3]


@pytest.mark.parametrize("header", ["婴儿死亡率(1/10万)全省平均", "2022年全省平均婴儿死亡率"])
def test_a_provincial_average_that_cannot_be_read_is_refused_not_dropped(header):
    from carefac.checks.indicators import read_indicator_table

    table = pd.DataFrame({"区划代码": ["350601"], "婴儿死亡率": ["1.8"], header: ["2.3"]})
    with pytest.raises(ValidationError) as refused:
        read_indicator_table(table)
    assert [p.code for p in refused.value.problems] == ["indicator_province_unread"]


def test_indicators_in_rows_and_counties_in_columns_are_read_turned():
    """指标 | 东县 | 西县, as health reports lay it out: each county's values are its column's (the
    table was refused as having no area code column)."""
    from carefac.checks.indicators import indicators_turned

    table = pd.DataFrame({"指标": ["孕产妇死亡率(1/10万)", "婴儿死亡率(‰)", "出生人口"], "东县": [8.5, 2.1, 900],
                          "西县": [0, 3.4, 700]})  # fmt: skip
    turned, back = indicators_turned(table)
    assert turned["县区"].tolist() == ["东县", "西县"]
    assert turned["婴儿死亡率(‰)"].tolist() == [2.1, 3.4] and turned["孕产妇死亡率(1/10万)"].tolist() == [8.5, 0]
    assert back["rows"]["婴儿死亡率(‰)"] == 3  # its row in the sheet, for the problems of its cells


@pytest.mark.parametrize(
    "table",
    [pd.DataFrame({"县区": ["东县"], "婴儿死亡率": [2.1]}),  # by county already
     pd.DataFrame({"指标": ["婴儿死亡率"], "数值": [2.1]}),  # long form: one row per indicator and county
     pd.DataFrame({"名称": ["东县"], "备注": ["婴儿死亡率达标"]})],  # no indicator named in the first column
)  # fmt: skip
def test_tables_by_county_are_not_turned(table):
    from carefac.checks.indicators import indicators_turned

    assert indicators_turned(table) is None


def test_provincial_averages_that_differ_between_counties_are_a_question():
    """产前筛查率全省平均 typed 24.55 in one county's row (92 in the others): that county passed "优于全省平均水平"
    against a province average no other row gives."""
    table = pd.DataFrame({"区划代码": ["350601", "350602", "350603"], "产前筛查率": ["95", "93", "90"],
                          "产前筛查率全省平均": ["92", "24.55", "92"]})  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        read_indicator_table(table)
    (said,) = refused.value.problems
    assert said.code == "indicator_province_differs" and said.rows == (3,)
    assert "(24.55 here, 92 in 2 rows)" in said.text("en")
    table["产前筛查率全省平均"] = ["92", "", "92"]  # a blank is not a second average
    assert read_indicator_table(table)["prenatal_screening_province"].tolist()[::2] == [92.0, 92.0]
    other = table.assign(区划代码=["350601", "440602", "350603"], 产前筛查率全省平均=["92", "94", "92"])
    assert len(read_indicator_table(other)) == 3  # two provinces, two averages


def test_a_rate_with_its_unit_in_brackets_after_the_number_is_read():
    """9.5（1/10万）: the unit as yearbook headers write it, typed into the cell; another rate's unit
    in brackets is still refused."""
    table = indicators(孕产妇死亡率="9.5（1/10万）", 婴儿死亡率="2.1(‰)")
    read = read_indicator_table(table)
    assert read["maternal_mortality"].tolist() == [9.5] and read["infant_mortality"].tolist() == [2.1]
    with pytest.raises(ValidationError) as refused:
        read_indicator_table(indicators(孕产妇死亡率="0.1（‰）"))
    assert [p.code for p in refused.value.problems] == ["indicator_other_unit"]


def test_a_provincial_average_given_once_is_read_for_every_county_and_said():
    """产前筛查率全省平均 in a cell merged down the column reads 94 in the first row and blank below: the
    other counties were not compared with the province ("优于全省平均水平" unchecked), unsaid."""
    from carefac.checks.indicators import province_average_notices

    table = pd.DataFrame({"区划代码": ["350602", "350601"], "产前筛查率": ["95", "93"], "产前筛查率全省平均": ["94", ""]})
    read = read_indicator_table(table)
    assert read["prenatal_screening_province"].tolist() == [94.0, 94.0]
    assert read["prenatal_screening_province_filled"].tolist() == [False, True]
    (said,) = province_average_notices(table, "indicators.csv")
    assert "prenatal screening rate is not given for 1 county (350601" in said.en and "产前筛查率的全省平均值" in said.zh
    study = StudyArea.from_layers(areas(list(TWO_KM)), facilities=facilities([]), tables={"indicators": table})
    rows = indicator_rules(study, POLICY).set_index(["rule", "subject_id"])
    second = rows.loc[("indicator_prenatal_screening", "350601")]
    assert second["status"] == "flagged" and second["reason_code"] == "not_better_than_province"  # 93 < 94
    assert "(94, as given in another row)" in second["reason"]
