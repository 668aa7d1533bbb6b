"""Policy checks on small hand-drawn geometries that pin each rule's edge cases."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from carefac import StudyArea, ValidationError, load_config, load_policy, wgs84_to_gcj02
from carefac.checks import (
    FLAG_COLUMNS,
    county_mch_grade,
    new_residential_childcare,
    nursing_room,
    old_residential_childcare,
    run_checks,
    smart_vaccination,
    summarise_flags,
    township_parent_child_room,
    warm_home,
)

from .conftest import ORIGIN_X, ORIGIN_Y, grid_point, lonlat

POLICY = load_policy()
NEARBY = load_policy(overrides={"new_district_nearby_counts": True})  # nearby facilities count too


def areas(
    townships: list[tuple[str, int, shapely.Polygon]], county_population: int | None = None
) -> gpd.GeoDataFrame:
    """Return one county covering the given townships (EPSG:4548)."""
    county = shapely.union_all([g for *_, g in townships])
    rows = [
        ("350601", "测试县", "county", "350600", county_population or sum(p for _, p, _ in townships), county)
    ]
    rows += [(code, f"镇{code[-3:]}", "township", "350601", pop, geom) for code, pop, geom in townships]
    frame = pd.DataFrame(rows, columns=["area_id", "name", "level", "parent_id", "population", "geometry"])
    return gpd.GeoDataFrame(frame, crs=4548)


def facilities(rows: list[tuple]) -> gpd.GeoDataFrame:
    """Return facilities from (id, kind, slots, status, point) rows (EPSG:4548)."""
    frame = pd.DataFrame(rows, columns=["facility_id", "kind", "slots", "status", "geometry"])
    frame["name"] = frame["facility_id"]
    return gpd.GeoDataFrame(frame, crs=4548)


def districts(rows: list[tuple]) -> gpd.GeoDataFrame:
    """Return districts from (id, status, population, households, polygon) rows (EPSG:4548)."""
    frame = pd.DataFrame(rows, columns=["district_id", "status", "population", "households", "geometry"])
    frame["name"] = frame["district_id"]
    frame["completion_year"] = 2024
    return gpd.GeoDataFrame(frame, crs=4548)


def square(x_m: float, y_m: float, size_m: float = 100.0) -> shapely.Polygon:
    return shapely.box(ORIGIN_X + x_m, ORIGIN_Y + y_m, ORIGIN_X + x_m + size_m, ORIGIN_Y + y_m + size_m)


def by_subject(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("subject_id")


TWO_KM = [("350601101", 0, square(0, 0, 1000)), ("350601102", 0, square(1000, 0, 1000))]


def world(*, towns=TWO_KM, facility_rows=(), district_rows=None, **kwargs) -> StudyArea:
    return StudyArea.from_layers(
        areas(list(towns)),
        facilities=facilities(list(facility_rows)),
        residential=None if district_rows is None else districts(list(district_rows)),
        **kwargs,
    )


# -- township parent-child rooms ---------------------------------------------------------------


def test_township_threshold_is_inclusive():
    towns = [("350601101", 30000, square(0, 0, 1000)), ("350601102", 29999, square(1000, 0, 1000))]
    table = by_subject(township_parent_child_room(world(towns=towns), POLICY))
    assert table.loc["350601101", "status"] == "flagged"
    assert table.loc["350601101", "reason_code"] == "no_room"
    assert table.loc["350601102", "status"] == "not_applicable"


def test_room_on_the_shared_boundary_counts_for_both_townships():
    towns = [("350601101", 40000, square(0, 0, 1000)), ("350601102", 40000, square(1000, 0, 1000))]
    room = [("r1", "parent_child_room", None, "existing", grid_point(1000, 500))]
    table = by_subject(township_parent_child_room(world(towns=towns, facility_rows=room), POLICY))
    assert table["status"].tolist() == ["ok", "ok"]
    # measured and threshold are residents (人, the rule's unit); the rooms found are in the reason
    assert table["measured"].tolist() == [40000, 40000] and set(table["unit"]) == {"residents"}
    assert table["reason_zh"].str.contains("已建向日葵亲子小屋1所").all()


def test_planned_rooms_do_not_count_and_only_rooms_count():
    towns = [("350601101", 40000, square(0, 0, 1000)), ("350601102", 100, square(1000, 0, 1000))]
    rows = [
        ("r1", "parent_child_room", None, "planned", grid_point(500, 500)),
        ("c1", "childcare", 50, "existing", grid_point(400, 400)),
    ]
    table = by_subject(township_parent_child_room(world(towns=towns, facility_rows=rows), POLICY))
    assert table.loc["350601101", "status"] == "flagged"


# -- new residential districts -----------------------------------------------------------------


def test_facility_exactly_at_the_service_distance_passes():
    district = [("d1", "new", 2000, None, square(100, 100))]  # needs ceil(4.5 * 2) = 9 slots
    at = [("f1", "childcare", 9, "existing", grid_point(200 + 300, 150))]  # 300 m east of the east edge
    beyond = [("f1", "childcare", 9, "existing", grid_point(200 + 300.5, 150))]
    ok = by_subject(new_residential_childcare(world(district_rows=district, facility_rows=at), NEARBY))
    far = by_subject(new_residential_childcare(world(district_rows=district, facility_rows=beyond), NEARBY))
    assert ok.loc["d1", "status"] == "ok"
    assert (far.loc["d1", "status"], far.loc["d1", "reason_code"], far.loc["d1", "shortfall"]) == (
        "flagged",
        "no_facility",
        9,
    )


def test_two_districts_share_one_facilitys_slots():
    rows = [
        ("near", "new", 2000, None, square(100, 100)),  # 9 slots, 100 m from the facility
        ("far", "planned", 3000, None, square(500, 100)),  # 14 slots, 200 m from the facility
    ]
    shared = [("f1", "childcare", 20, "planned", grid_point(300, 150))]
    table = by_subject(new_residential_childcare(world(district_rows=rows, facility_rows=shared), NEARBY))
    assert table.loc["near", "status"] == "ok" and table.loc["near", "measured"] == 9
    assert table.loc["far", "reason_code"] == "insufficient_slots"
    assert table.loc["far", "measured"] == 11 and table.loc["far", "shortfall"] == 3
    assert table["measured"].sum() == 20  # never more than the facility has


def test_district_given_by_households_only():
    rows = [
        ("h1", "under_construction", None, 1000, square(100, 100))
    ]  # 1000 x 2.9 = 2900 -> ceil(13.05) = 14
    table = by_subject(new_residential_childcare(world(district_rows=rows), POLICY))
    assert table.loc["h1", "threshold"] == 14
    assert table.loc["h1", "reason_code"] == "no_facility"


def test_district_without_population_or_households_is_skipped():
    rows = [("x", "new", None, None, square(100, 100))]
    assert new_residential_childcare(world(district_rows=rows), POLICY)["status"].tolist() == ["skipped"]


def test_existing_districts_completed_since_the_start_year_count_as_new():
    rows = [
        ("recent", "existing", 1000, None, square(100, 100)),
        ("old", "existing", 1000, None, square(500, 100)),
    ]
    study = world(district_rows=rows)
    study.residential.loc[1, "completion_year"] = 2005
    assert new_residential_childcare(study, POLICY)["subject_id"].tolist() == ["recent"]
    assert old_residential_childcare(study, POLICY)["subject_id"].tolist() == ["old"]


def test_gcj02_facilities_against_wgs84_districts(tmp_path):
    district = districts([("d1", "new", 2000, None, square(300, 600))]).to_crs(4326)
    district.to_file(tmp_path / "residential.geojson", driver="GeoJSON")
    areas(TWO_KM).to_crs(4326).to_file(tmp_path / "areas.geojson", driver="GeoJSON")
    lon, lat = lonlat(grid_point(450, 650))  # 50 m east of the district
    glon, glat = wgs84_to_gcj02(np.array([lon]), np.array([lat]))
    pd.DataFrame(
        {"name": ["高德托育"], "kind": ["childcare"], "slots": [12], "lon": glon, "lat": glat}
    ).to_csv(tmp_path / "facilities.csv", index=False)
    config = (
        '[layers.areas]\npath = "areas.geojson"\n[layers.residential]\npath = "residential.geojson"\n'
        '[layers.facilities]\npath = "facilities.csv"\ncrs = "{crs}"\n'
    )
    (tmp_path / "right.toml").write_text(config.format(crs="gcj02"), encoding="utf-8")
    (tmp_path / "wrong.toml").write_text(config.format(crs="wgs84"), encoding="utf-8")
    right = new_residential_childcare(load_config(tmp_path / "right.toml").study_area(), NEARBY)
    wrong = new_residential_childcare(load_config(tmp_path / "wrong.toml").study_area(), NEARBY)
    assert right["status"].tolist() == ["ok"]
    assert wrong["status"].tolist() == ["flagged"]  # read as WGS84 the facility sits ~500 m away


def test_missing_residential_layer_is_skipped_not_passed():
    table = new_residential_childcare(world(), POLICY)
    assert table["status"].tolist() == ["skipped"]
    assert "residential" in table["reason"].iloc[0]


# -- old districts -------------------------------------------------------------------------------


def test_old_districts_ranked_by_children_under_3():
    rows = [
        ("small", "existing", 1000, None, square(100, 100)),
        ("big", "existing", 5000, None, square(600, 600)),
        ("served", "existing", 9000, None, square(100, 600)),
    ]
    study = world(
        district_rows=rows, facility_rows=[("f1", "childcare", 30, "existing", grid_point(150, 750))]
    )
    study.residential["completion_year"] = 2000
    study.residential["pop_under3"] = [40, 150, 300]
    table = old_residential_childcare(study, POLICY)
    # (三)6: "老城区和已建成居住区无托育服务设施或者现有设施未达到标准的…" — 30 slots within 300 m
    # are short of ceil(9,000 × 4.5 / 1000) = 41, so "served" is flagged too, first by children
    assert table["subject_id"].tolist() == ["served", "big", "small"]
    assert table["reason_code"].tolist() == ["insufficient_slots", "no_slot_within", "no_slot_within"]
    assert table["measured"].tolist() == [30.0, 0.0, 0.0] and table["threshold"].tolist() == [41.0, 23.0, 5.0]
    enough = world(district_rows=rows, facility_rows=[("f1", "childcare", 41, "existing", grid_point(150, 750))])
    enough.residential["completion_year"] = 2000
    served = by_subject(old_residential_childcare(enough, POLICY)).loc["served"]
    assert served["status"] == "ok" and served["measured"] == 41.0


def test_an_old_district_of_unknown_residents_is_not_passed_with_a_standard_of_0():
    """Residents unknown (no population, no households): the standard is unknown, so childcare within
    reach does not make it 'ok' (it said '0 slots within 300 m (standard 0)'); with none within reach
    the rule's first half — 无托育服务设施 — holds whatever the residents."""
    rows = [("near", "existing", None, None, square(100, 600)), ("far", "existing", None, None, square(1500, 100))]
    study = world(district_rows=rows, facility_rows=[("f1", "childcare", 30, "existing", grid_point(150, 750))])
    study.residential["completion_year"] = 2000
    table = by_subject(old_residential_childcare(study, POLICY))
    assert (table.loc["near", "status"], table.loc["near", "reason_code"]) == ("skipped", "no_population")
    assert (table.loc["far", "status"], table.loc["far", "reason_code"]) == ("flagged", "no_slot_within")


# -- counties ------------------------------------------------------------------------------------


def test_county_mch_grade_threshold():
    towns = [("350601101", 300000, square(0, 0, 1000))]
    grade1 = [("m", "mch_institution", None, "existing", grid_point(500, 500))]
    study = StudyArea.from_layers(areas(towns), facilities=facilities(grade1).assign(grade=1))
    assert county_mch_grade(study, POLICY)["status"].tolist() == ["flagged"]
    small = StudyArea.from_layers(
        areas(towns, county_population=299999), facilities=facilities(grade1).assign(grade=1)
    )
    assert county_mch_grade(small, POLICY)["status"].tolist() == ["ok"]
    none = StudyArea.from_layers(areas(towns, county_population=299999), facilities=facilities([]))
    assert county_mch_grade(none, POLICY)["reason_code"].tolist() == ["no_institution"]


def test_city_institution_serving_the_city_does_not_count_for_its_county():
    towns = [("350601101", 400000, square(0, 0, 1000))]
    rows = facilities([("city", "mch_institution", None, "existing", grid_point(500, 500))]).assign(
        grade=3, serves="350600"
    )
    assert county_mch_grade(StudyArea.from_layers(areas(towns), facilities=rows), POLICY)[
        "reason_code"
    ].tolist() == ["no_institution"]


@pytest.mark.parametrize(("members", "status"), [(50, "flagged"), (49, "not_applicable")])
def test_warm_home_threshold(members, status):
    table = pd.DataFrame({"area_id": ["350601"], "special_assistance_members": [str(members)]})
    study = world(tables={"special_families": table})
    assert warm_home(study, POLICY)["status"].tolist() == [status]


@pytest.mark.parametrize(("written", "code"), [("-1", "values_negative"), ("0.95", "values_fractional"),
                                               ("999999999", "members_beyond_any_county")])  # fmt: skip
def test_a_count_of_members_no_county_has_is_refused_not_checked(written, code):
    """-1 read "below the threshold: not applicable", 0.95 members likewise, and 999999999 "a warm home
    needed": each a typo passed as a county's figure."""
    table = pd.DataFrame({"area_id": ["350601"], "special_assistance_members": [written]})
    with pytest.raises(ValidationError) as refused:
        warm_home(world(tables={"special_families": table}), POLICY)
    assert [p.code for p in refused.value.problems] == [code]


def test_members_above_a_hundredth_of_the_countys_residents_are_a_question():
    """45000 members in a county of 500,000 (the nation's special-assistance families are some 0.07 % of
    its people): a typo or another figure, not a count to check."""
    table = pd.DataFrame({"area_id": ["350601"], "special_assistance_members": ["45000"]})
    towns = [(code, 250_000, shape) for code, _, shape in TWO_KM]
    study = StudyArea.from_layers(areas(towns), tables={"special_families": table})
    with pytest.raises(ValidationError) as refused:
        warm_home(study, POLICY)
    assert "350601: 45,000 / 500,000" in refused.value.text("en")
    table = table.assign(special_assistance_members=["4500"])  # 0.9 %: high, but a county's figure
    study = StudyArea.from_layers(areas(towns), tables={"special_families": table})
    assert warm_home(study, POLICY)["status"].tolist() == ["flagged"]


def test_warm_home_skips_counties_missing_from_the_table():
    table = pd.DataFrame({"area_id": pd.Series([], dtype=str), "special_assistance_members": pd.Series([], dtype=str)})
    result = warm_home(world(tables={"special_families": table}), POLICY)
    assert result["status"].tolist() == ["skipped"]
    assert result["reason"].tolist() == ["not checked: the county has no row in the special_families table"]
    assert warm_home(world(), POLICY)["reason_code"].tolist() == ["missing_input"]
    blank = pd.DataFrame({"area_id": ["350601"], "special_assistance_members": [None]})  # a row, its count blank
    assert warm_home(world(tables={"special_families": blank}), POLICY)["reason"].tolist() == [
        "not checked: the county's count of special-assistance members is blank"]


def test_nursing_rooms_near_point_venues_and_inside_polygon_venues():
    venues = gpd.GeoDataFrame(
        {
            "venue_id": ["v1", "v2", "v3", "v4"],
            "name": ["医院", "商场", "车站", "办公楼"],
            "venue_type": ["hospital", "mall", "station", "school"],
            "has_nursing_room": [False, False, True, False],
        },
        geometry=[grid_point(100, 100), square(500, 500), grid_point(900, 100), grid_point(300, 800)],
        crs=4548,
    )
    rooms = [
        ("n1", "nursing_room", None, "existing", grid_point(150, 100)),  # exactly 50 m
        ("n2", "nursing_room", None, "existing", grid_point(550, 550)),  # inside the mall
    ]
    study = StudyArea.from_layers(areas(TWO_KM), facilities=facilities(rooms), venues=venues)
    table = by_subject(nursing_room(study, POLICY))
    assert table["status"].to_dict() == {"v1": "ok", "v2": "ok", "v3": "ok", "v4": "flagged"}
    assert table.loc["v2", "measured"] == 0


def test_venues_of_other_types_are_read_and_left_out_of_the_nursing_room_rule(tmp_path):
    """A 妇联 list of public places: 其他 (a park) is read, not checked; AAAA级旅游景区 is an A-level spot."""
    from carefac import read_layer

    pd.DataFrame({"场所编号": ["v1", "v2"], "名称": ["中山公园", "云洞岩"], "场所类型": ["其他", "AAAA级旅游景区"],
                  "经度": [117.621834, 117.671234], "纬度": [24.551207, 24.562345]}).to_csv(tmp_path / "v.csv", index=False)  # fmt: skip
    venues = read_layer(tmp_path / "v.csv", "venues", crs="wgs84")
    assert venues["venue_type"].tolist() == ["other", "scenic_a"]
    placed = venues.to_crs(4548).assign(geometry=[grid_point(100, 100), grid_point(300, 300)])
    table = nursing_room(StudyArea.from_layers(areas(TWO_KM), venues=placed), POLICY)
    assert table["subject_id"].tolist() == ["v2"] and table["status"].tolist() == ["flagged"]


def test_smart_vaccination_share():
    rows = [
        (f"v{i}", "vaccination_clinic", None, "existing", grid_point(100 + i * 10, 100)) for i in range(4)
    ]
    clinics = facilities(rows).assign(smart=[True, True, True, False])
    table = smart_vaccination(StudyArea.from_layers(areas(TWO_KM), facilities=clinics), POLICY)
    assert table["measured"].tolist() == [0.75]
    assert table["status"].tolist() == ["flagged"]
    assert table["shortfall"].tolist() == [1]


def test_run_checks_has_every_rule_and_the_contract_columns():
    flags = run_checks(world(), POLICY)
    assert list(flags.columns) == FLAG_COLUMNS
    assert set(flags["status"]) <= {"flagged", "ok", "not_applicable", "skipped"}
    summary = summarise_flags(flags)
    assert summary["rule"].tolist()[:3] == [
        "slots_per_1000",
        "new_residential_childcare",
        "old_residential_childcare",
    ]
    assert set(flags.loc[flags["rule"] == "nursing_room", "status"]) == {"skipped"}


def test_the_room_rule_is_for_xiang_and_towns_not_subdistricts():
    """(三)8: "人口数3万以上的乡镇至少建成1所'向日葵亲子小屋'" — 乡镇 are 乡 and 镇; a 街道 is not one.

    The kind comes from the statistical code (digits 7–9: 0xx 街道, 1xx 镇, 2xx 乡, 4xx–5xx units
    like 乡) unless a unit_kind column says otherwise.
    """
    towns = [
        ("350601001", 40000, square(0, 0, 1000)),  # 街道
        ("350601101", 40000, square(1000, 0, 1000)),  # 镇
        ("350601201", 40000, square(2000, 0, 1000)),  # 乡
        ("350601400", 40000, square(3000, 0, 1000)),  # 农场 (like 乡)
    ]
    table = by_subject(township_parent_child_room(world(towns=towns), POLICY))
    assert table.loc["350601001", "status"] == "not_applicable"
    assert table.loc["350601001", "reason_code"] == "not_a_xiang_or_zhen"
    assert (table.loc[["350601101", "350601201", "350601400"], "status"] == "flagged").all()
    layer = areas(towns).assign(unit_kind=[None, "镇", "街道", "乡", "开发区"])
    from carefac._validate import validate_layer

    study = StudyArea.from_layers(validate_layer(layer, "areas", source="test"), facilities=facilities([]))
    by_kind = by_subject(township_parent_child_room(study, POLICY))
    assert by_kind.loc["350601101", "status"] == "not_applicable"  # the column says 街道
    assert by_kind.loc["350601001", "status"] == "flagged"  # the column says 镇


def test_new_districts_need_their_own_facility_delivered_with_them():
    """(三)6: "新建城镇居住区…将托育服务设施纳入居住区配建公共服务设施…应当与住宅同步验收、同步交付使用".

    配建 means the district's own facility (inside it, or linked by district_id); a nearby
    facility does not satisfy the clause unless the profile says so. A district already
    delivered is not served by a facility that is only planned.
    """
    inside = shapely.box(ORIGIN_X + 100, ORIGIN_Y + 100, ORIGIN_X + 300, ORIGIN_Y + 300)
    rows = [("own", "new", 2000, None, inside)]
    own = by_subject(
        new_residential_childcare(
            world(
                district_rows=rows, facility_rows=[("f", "childcare", 9, "existing", grid_point(200, 200))]
            ),
            POLICY,
        )
    )
    assert own.loc["own", "status"] == "ok" and own.loc["own", "reason_code"] == "own_provision"
    near = by_subject(
        new_residential_childcare(
            world(
                district_rows=rows, facility_rows=[("f", "childcare", 9, "existing", grid_point(400, 200))]
            ),
            POLICY,
        )
    )
    assert near.loc["own", "status"] == "flagged" and near.loc["own", "reason_code"] == "only_nearby"
    counted = by_subject(
        new_residential_childcare(
            world(
                district_rows=rows, facility_rows=[("f", "childcare", 9, "existing", grid_point(400, 200))]
            ),
            NEARBY,
        )
    )
    assert counted.loc["own", "reason_code"] == "nearby_provision"
    delivered = [("done", "existing", 2000, None, inside)]
    planned = world(
        district_rows=delivered, facility_rows=[("f", "childcare", 9, "planned", grid_point(200, 200))]
    )
    planned = planned.__class__(
        **{**planned.__dict__, "residential": planned.residential.assign(completion_year=2024)}
    )
    flags = by_subject(new_residential_childcare(planned, POLICY))
    assert flags.loc["done", "status"] == "flagged" and flags.loc["done", "reason_code"] == "only_planned"


def test_a_facility_linked_by_district_id_is_the_districts_own():
    inside = shapely.box(ORIGIN_X + 100, ORIGIN_Y + 100, ORIGIN_X + 300, ORIGIN_Y + 300)
    study = world(
        district_rows=[("d1", "new", 2000, None, inside)],
        facility_rows=[("f", "childcare", 9, "existing", grid_point(450, 200))],
    )
    linked = study.facilities.assign(district_id="d1")
    study = study.__class__(**{**study.__dict__, "facilities": linked})
    assert by_subject(new_residential_childcare(study, POLICY)).loc["d1", "reason_code"] == "own_provision"


def test_rural_new_districts_are_not_applicable():
    """The clause is for 新建城镇居住区: a district marked rural (or lying in a 乡) is not a subject."""
    towns = [("350601201", 0, square(0, 0, 1000)), ("350601102", 0, square(1000, 0, 1000))]  # a 乡, a 镇
    rows = [
        (
            "rural",
            "new",
            2000,
            None,
            shapely.box(ORIGIN_X + 100, ORIGIN_Y + 100, ORIGIN_X + 300, ORIGIN_Y + 300),
        ),
        (
            "town",
            "new",
            2000,
            None,
            shapely.box(ORIGIN_X + 1100, ORIGIN_Y + 100, ORIGIN_X + 1300, ORIGIN_Y + 300),
        ),
    ]
    table = by_subject(new_residential_childcare(world(towns=towns, district_rows=rows), POLICY))
    assert (
        table.loc["rural", "status"] == "not_applicable"
        and table.loc["rural", "reason_code"] == "rural_district"
    )
    assert table.loc["town", "status"] == "flagged"


def test_the_city_wide_target_is_a_flag_row():
    """一、总体目标: "实现每千人口拥有3岁以下婴幼儿托位数4.5个的目标" — the whole city is a subject too."""
    from carefac.checks import slots_per_1000_rule

    towns = [("350601101", 2000, square(0, 0, 1000)), ("350601102", 2000, square(1000, 0, 1000))]
    rows = [("f1", "childcare", 17, "existing", grid_point(500, 500))]
    table = slots_per_1000_rule(world(towns=towns, facility_rows=rows), POLICY)
    city = table.iloc[0]
    assert city["subject_id"] == "350600" and city["subject_name"] == "全市"
    assert city["measured"] == pytest.approx(17 / 4000 * 1000) and city["status"] == "flagged"
    assert city["shortfall"] == 1  # ceil(4.5 × 4000 / 1000) − 17 = 18 − 17


def test_every_rule_id_runs_alone():
    from carefac import ConfigError, load_zhangzhou_sample
    from carefac.checks import rule_ids, run_checks

    study = load_zhangzhou_sample()
    for rule in rule_ids():
        table = run_checks(study, POLICY, rules=[rule])
        assert set(table["rule"]) == {rule}, rule
    with pytest.raises(ConfigError, match="unknown rules"):
        run_checks(study, POLICY, rules=["indicators_typo"])


def test_small_counties_need_an_outpatient_clinic_and_the_floor_area_where_a_standard_is_set():
    """(二)4: "辖区人口30万以下的县级妇幼保健机构开设门诊且建筑面积达标"."""
    towns = [("350601101", 100_000, square(0, 0, 1000))]
    rows = [("m", "mch_institution", None, "existing", grid_point(500, 500))]
    layer = facilities(rows).assign(grade=1)
    study = StudyArea.from_layers(areas(towns), facilities=layer)
    unchecked = county_mch_grade(study, POLICY).iloc[0]
    assert unchecked["status"] == "ok" and unchecked["reason_code"] == "outpatient_floor_area_unchecked"
    standard = load_policy(overrides={"county_mch_min_floor_area_m2": 3000})
    assert county_mch_grade(study, standard).iloc[0]["status"] == "skipped"  # area unknown: not a pass
    small = StudyArea.from_layers(areas(towns), facilities=layer.assign(floor_area_m2=2500.0))
    big = StudyArea.from_layers(areas(towns), facilities=layer.assign(floor_area_m2=3000.0))
    assert county_mch_grade(small, standard).iloc[0]["status"] == "flagged"
    assert county_mch_grade(big, standard).iloc[0]["status"] == "ok"  # 达标 at exactly the standard


def test_new_districts_given_as_points_are_checked_only_where_a_facility_links_them(tmp_path):
    """A residential list of points (小区 with 经纬度, as offices keep it) was refused as 'needs
    polygons'. It is read with a notice; a point contains no facility, so the 配建 rule checks only
    the districts a facility names by district_id and says 'not checked' of the others (all 39 of
    the sample's new districts were flagged before that line was drawn)."""
    import dataclasses

    from carefac import load_zhangzhou_sample
    from carefac.checks.provision import new_districts, new_residential_childcare

    sample = load_zhangzhou_sample()
    points = sample.residential.set_geometry(sample.residential.geometry.representative_point())
    new_ids = new_districts(points, load_policy())["district_id"].tolist()
    facilities = sample.facilities.copy()
    linked = points.set_index("district_id").geometry[new_ids[0]]  # its nearest childcare facility is its own
    kinds = facilities[facilities["kind"] == "childcare"]
    childcare = kinds.geometry.distance(linked).idxmin()
    facilities["district_id"] = None
    facilities.loc[childcare, "district_id"] = new_ids[0]
    study = dataclasses.replace(sample, residential=points, facilities=facilities)
    rows = new_residential_childcare(study, load_policy()).set_index("subject_id")
    assert rows.loc[new_ids[0], "status"] in ("ok", "flagged")
    assert rows.loc[new_ids[0], "reason_code"] in ("own_provision", "insufficient_slots")
    others = rows.drop(index=new_ids[0])
    assert set(others.loc[others["status"] != "not_applicable", "reason_code"]) == {"point_district_unlinked"}
    csv = tmp_path / "residential.csv"
    frame = pd.DataFrame(points.drop(columns="geometry")).assign(lon=0.0, lat=0.0)
    lonlat_points = points.to_crs(4326).geometry
    frame["lon"], frame["lat"] = lonlat_points.x.round(6).to_numpy(), lonlat_points.y.round(6).to_numpy()
    frame.drop(columns=[c for c in ("source_row",) if c in frame]).to_csv(csv, index=False)
    from carefac import read_layer

    layer = read_layer(csv, "residential", crs="wgs84")
    (notice,) = [n for n in layer.attrs["notices"] if n.code == "residential_points"]
    assert f"{len(frame)} of {len(frame)} residential districts are points" in notice.en


def test_public_places_and_employers_of_many_women_need_a_nursing_room_as_the_plan_says(tmp_path):
    """(三)8: 公共场所、A级旅游景区和女职工较多的用人单位应配置母婴设施: 公共场所 was read as a place no
    rule checks, 用人单位 refused as unknown."""
    from carefac import read_layer

    pd.DataFrame({"场所编号": ["v1", "v2", "v3"], "名称": ["市民服务中心", "某纺织厂", "中山公园"],
                  "场所类型": ["公共场所", "女职工较多的用人单位", "其他"],
                  "经度": [117.621834, 117.671234, 117.651234], "纬度": [24.551207, 24.562345, 24.571234]}).to_csv(
        tmp_path / "v.csv", index=False)  # fmt: skip
    venues = read_layer(tmp_path / "v.csv", "venues", crs="wgs84")
    assert venues["venue_type"].tolist() == ["public_place", "employer", "other"]
    placed = venues.to_crs(4548).assign(geometry=[grid_point(100, 100), grid_point(300, 300), grid_point(500, 500)])
    rooms = [("n1", "nursing_room", None, "existing", grid_point(120, 100))]  # 20 m from v1
    study = StudyArea.from_layers(areas(TWO_KM), facilities=facilities(rooms), venues=placed)
    table = by_subject(nursing_room(study, POLICY))
    assert table["status"].to_dict() == {"v1": "ok", "v2": "flagged"}
