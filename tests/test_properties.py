"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from carefac import StudyArea, gcj02_to_wgs84, load_policy, slots_per_1000, wgs84_to_gcj02
from carefac.checks import run_checks, township_parent_child_room
from carefac.optimize import capacitated_p_median, mclp, p_median

from .conftest import ORIGIN_X, ORIGIN_Y

POLICY = load_policy()
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GEOD = Geod(ellps="WGS84")


def grid_areas(populations: list[int]) -> gpd.GeoDataFrame:
    """One county of townships laid side by side, 1 km each."""
    towns = [
        (
            f"35060100{k}",
            f"镇{k}",
            "township",
            "350601",
            pop,
            shapely.box(ORIGIN_X + k * 1000, ORIGIN_Y, ORIGIN_X + (k + 1) * 1000, ORIGIN_Y + 1000),
        )
        for k, pop in enumerate(populations)
    ]
    county = (
        "350601",
        "县",
        "county",
        "350600",
        sum(populations),
        shapely.box(ORIGIN_X, ORIGIN_Y, ORIGIN_X + 1000 * len(populations), ORIGIN_Y + 1000),
    )
    return gpd.GeoDataFrame(
        pd.DataFrame(
            [county, *towns], columns=["area_id", "name", "level", "parent_id", "population", "geometry"]
        ),
        crs=4548,
    )


def facilities_at(points: list[tuple[float, float, int, str]]) -> gpd.GeoDataFrame:
    rows = [
        (
            f"f{k}",
            f"机构{k}",
            kind,
            slots if kind != "parent_child_room" else None,
            "existing",
            shapely.Point(ORIGIN_X + x, ORIGIN_Y + y),
        )
        for k, (x, y, slots, kind) in enumerate(points)
    ]
    return gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=["facility_id", "name", "kind", "slots", "status", "geometry"]), crs=4548
    )


populations = st.lists(st.integers(0, 80_000), min_size=1, max_size=4)
facility = st.tuples(
    st.floats(1, 999),
    st.floats(1, 999),
    st.integers(0, 200),
    st.sampled_from(["childcare", "kindergarten_class", "parent_child_room"]),
)


@SETTINGS
@given(pops=populations, existing=st.lists(facility, max_size=6), extra=facility, column=st.integers(0, 3))
def test_adding_a_facility_never_lowers_slots_or_adds_a_flag(pops, existing, extra, column):
    areas = grid_areas(pops)
    column = column % len(pops)
    placed = [(x + 1000 * (k % len(pops)), y, s, kind) for k, (x, y, s, kind) in enumerate(existing)]
    added = (extra[0] + 1000 * column, extra[1], extra[2], extra[3])
    before_study = StudyArea.from_layers(areas, facilities=facilities_at(placed))
    after_study = StudyArea.from_layers(areas, facilities=facilities_at([*placed, added]))
    for level in ("county", "township"):
        before = slots_per_1000(before_study, POLICY, level=level)["slots_per_1000"].fillna(0).to_numpy()
        after = slots_per_1000(after_study, POLICY, level=level)["slots_per_1000"].fillna(0).to_numpy()
        assert (after >= before - 1e-12).all()
    flags_before = run_checks(before_study, POLICY)
    flags_after = run_checks(after_study, POLICY)
    flagged_before = set(
        flags_before.loc[flags_before["status"] == "flagged", ["rule", "subject_id"]].itertuples(index=False)
    )
    flagged_after = set(
        flags_after.loc[flags_after["status"] == "flagged", ["rule", "subject_id"]].itertuples(index=False)
    )
    assert flagged_after <= flagged_before


@SETTINGS
@given(
    pop=st.integers(0, 80_000),
    rooms=st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 1000)), max_size=3),
    neighbours=st.lists(st.integers(0, 80_000), min_size=1, max_size=3),
    far=st.lists(st.tuples(st.floats(1001, 3000), st.floats(0, 1000)), max_size=3),
)
def test_township_status_depends_only_on_its_population_and_rooms(pop, rooms, neighbours, far):
    inside = [(x, y, 0, "parent_child_room") for x, y in rooms]
    outside = [(x, y, 0, "parent_child_room") for x, y in far if x <= 1000 * (1 + len(neighbours)) - 1]
    alone = StudyArea.from_layers(grid_areas([pop]), facilities=facilities_at(inside))
    crowded = StudyArea.from_layers(
        grid_areas([pop, *neighbours]), facilities=facilities_at(inside + outside)
    )
    status_alone = (
        township_parent_child_room(alone, POLICY).set_index("subject_id").loc["350601000", "status"]
    )
    status_crowded = (
        township_parent_child_room(crowded, POLICY).set_index("subject_id").loc["350601000", "status"]
    )
    assert status_alone == status_crowded


costs = st.integers(2, 9).flatmap(
    lambda n: st.integers(2, 6).flatmap(
        lambda m: st.tuples(
            st.lists(st.lists(st.floats(0, 100), min_size=m, max_size=m), min_size=n, max_size=n),
            st.lists(st.floats(0, 10), min_size=n, max_size=n),
            st.integers(1, m - 1),
            st.booleans(),
        )
    )
)


@SETTINGS
@given(case=costs)
def test_optimizer_results_are_feasible(case):
    matrix, weights, p, with_fixed = case
    cost, w = np.array(matrix), np.array(weights)
    fixed = [0] if with_fixed and p < cost.shape[1] - 1 else []
    for result in (p_median(cost, p, weights=w, fixed=fixed), mclp(cost, 50.0, p, weights=w, fixed=fixed)):
        assert len(result.new) == p and set(fixed) <= set(result.selected)
        assert len(result.selected) == p + len(fixed)
    pm = p_median(cost, p, weights=w, fixed=fixed)
    assert pm.objective == pytest.approx(float(w @ cost[:, pm.selected].min(axis=1)), abs=1e-6)
    cover = mclp(cost, 50.0, p, weights=w, fixed=fixed)
    assert cover.objective == pytest.approx(
        float(w[(cost[:, cover.selected] <= 50.0).any(axis=1)].sum()), abs=1e-6
    )
    demand = np.ones(cost.shape[0])
    capacity = np.full(cost.shape[1], float(cost.shape[0]))
    cap = capacitated_p_median(cost, p, capacity, demand=demand, weights=w, fixed=fixed)
    load = np.bincount(cap.assignment, weights=demand, minlength=cost.shape[1])
    assert (load <= capacity + 1e-9).all() and len(cap.new) == p and set(cap.assignment) <= set(cap.selected)


@settings(max_examples=200, deadline=None)
@given(lon=st.floats(73.5, 135.0), lat=st.floats(18.0, 53.5))
def test_gcj02_round_trip_within_half_a_metre(lon, lat):
    glon, glat = wgs84_to_gcj02(np.array([lon]), np.array([lat]))
    back_lon, back_lat = gcj02_to_wgs84(glon, glat)
    assert GEOD.inv(lon, lat, back_lon[0], back_lat[0])[2] < 0.5
