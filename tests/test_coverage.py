"""Slots per 1000: the arithmetic on a hand-computable grid."""

from __future__ import annotations

import numpy as np
import pytest

from carefac import StudyArea, ValidationError, city_slots_per_1000, load_policy, slots_per_1000
from carefac.coverage import slots_needed

from .conftest import grid_point


def test_slots_needed_is_ceiling_of_target_minus_slots_floored_at_zero():
    population = np.array([1000, 2000, 0, 3333, 1001])
    slots = np.array([5, 3, 0, 15, 4])
    # ceil(4.5) - 5 -> 0 (floored); ceil(9.0) - 3 = 6; 0; ceil(14.9985) - 15 = 0; ceil(4.5045) - 4 = 1
    assert slots_needed(4.5, population, slots).tolist() == [0, 6, 0, 0, 1]


def test_exact_products_do_not_round_up():
    # 4.5 x 2000 / 1000 is exactly 9: nine slots meet the target
    assert slots_needed(4.5, np.array([2000]), np.array([9])).tolist() == [0]
    assert slots_needed(0.1, np.array([30000]), np.array([3])).tolist() == [
        0
    ]  # 0.1*30000/1000 = 3.0000000000000004


def test_township_table_on_grid(grid_areas, grid_facilities):
    study = StudyArea.from_layers(grid_areas, facilities=grid_facilities)
    table = slots_per_1000(study, load_policy(), level="township").set_index("area_id")
    # f1 (3) + f2 (2) in 甲街道; f3 (5) on the shared boundary goes to the first area by id (甲街道)
    assert table.loc["350601001", "slots"] == 10
    assert table.loc["350601002", "slots"] == 0  # f4 is planned, f5 has no slots
    assert table.loc["350602002", "slots"] == 15
    assert table.loc["350601001", "slots_per_1000"] == pytest.approx(10.0)
    assert table.loc["350601001", "meets_target"]
    assert table.loc["350601002", "slots_needed"] == 9
    assert not table.loc["350601002", "meets_target"]
    assert np.isnan(table.loc["350602001", "slots_per_1000"])  # population 0
    assert table.loc["350602001", "slots_needed"] == 0
    assert table.loc["350602002", "slots_per_1000"] == pytest.approx(15 / 3333 * 1000)
    assert table.loc["350602002", "slots_needed"] == 0  # ceil(14.9985) = 15
    assert table.loc["350601001", "slots_per_100_under3"] == pytest.approx(10 / 30 * 100)
    assert table["slots"].sum() == 25  # the boundary facility is counted once
    assert table.loc["350601001", "facilities"] == 3


def test_planned_facilities_count_only_when_asked(grid_areas, grid_facilities):
    study = StudyArea.from_layers(grid_areas, facilities=grid_facilities)
    table = slots_per_1000(study, level="township", include_planned=True).set_index("area_id")
    assert table.loc["350601002", "slots"] == 100
    assert table.loc["350601002", "meets_target"]


def test_planned_facilities_are_said_whether_counted_or_not(grid_areas, grid_facilities):
    """f4 (planned, 100 slots) changes the figures either way: left out by default, counted when asked."""
    from carefac.coverage import planned_facility_notices

    study = StudyArea.from_layers(grid_areas, facilities=grid_facilities)
    (left_out,) = planned_facility_notices(study, load_policy())
    (counted,) = planned_facility_notices(study, load_policy(), include_planned=True)
    assert left_out.code == "planned_not_counted" and "childcare facilities planned or under construction (1, 100 slots): not counted" in left_out.en
    assert counted.code == "planned_counted" and "(1, 100 slots) are counted" in counted.en


def test_county_table_and_city_total(grid_areas, grid_facilities):
    study = StudyArea.from_layers(grid_areas, facilities=grid_facilities)
    county = slots_per_1000(study, level="county").set_index("area_id")
    assert county.loc["350601", "slots"] == 10
    assert county.loc["350601", "slots_needed"] == int(np.ceil(4.5 * 3000 / 1000)) - 10
    city = city_slots_per_1000(study).iloc[0]
    assert city["population"] == 6333
    assert city["slots"] == 25
    assert city["slots_per_1000"] == pytest.approx(25 / 6333 * 1000)
    assert city["slots_needed"] == int(np.ceil(4.5 * 6.333)) - 25


def test_target_comes_from_the_policy(grid_areas, grid_facilities):
    study = StudyArea.from_layers(grid_areas, facilities=grid_facilities)
    strict = load_policy(overrides={"slots_per_1000_target": 12.0})
    table = slots_per_1000(study, strict, level="township").set_index("area_id")
    assert table.loc["350601001", "slots_needed"] == 2
    assert (table["target_per_1000"] == 12.0).all()


def test_facilities_outside_every_area_are_an_error_by_default(grid_areas, grid_facilities):
    stray = grid_facilities.copy()
    stray.loc[len(stray)] = ["f9", "界外托育", "childcare", 50, "existing", grid_point(5000, 5000)]
    with pytest.raises(ValidationError, match="1 of 7 points lie outside every area"):
        StudyArea.from_layers(grid_areas, facilities=stray)


def test_facilities_outside_are_reported_not_dropped(grid_areas, grid_facilities):
    stray = grid_facilities.copy()
    stray.loc[len(stray)] = ["f9", "界外托育", "childcare", 50, "existing", grid_point(5000, 5000)]
    study = StudyArea.from_layers(grid_areas, facilities=stray, outside="report")
    assert study.outside["facility_id"].tolist() == ["f9"]
    assert slots_per_1000(study, level="county")["slots"].sum() == 25
