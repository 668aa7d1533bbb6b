"""Counties and their townships tell one story: sums hold where townships tile, or the run says why not."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carefac import StudyArea, ValidationError, load_policy, slots_per_1000

from .conftest import ORIGIN_X, ORIGIN_Y

POLICY = load_policy()
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def county_of_strips(cuts: list[float], populations: list[int], *, county_pop: int | None = None):
    """Return one 10 × 2 km county cut into vertical township strips at ``cuts`` (km from its west edge)."""
    edges = [0.0, *sorted(cuts), 10.0]
    towns = [
        (
            f"3506011{k:02d}",
            f"镇{k}",
            "township",
            "350601",
            pop,
            shapely.box(ORIGIN_X + a * 1000, ORIGIN_Y, ORIGIN_X + b * 1000, ORIGIN_Y + 2000),
        )
        for k, (a, b, pop) in enumerate(zip(edges[:-1], edges[1:], populations, strict=False))
    ]
    county = (
        "350601",
        "县",
        "county",
        "350600",
        sum(t[4] for t in towns) if county_pop is None else county_pop,
        shapely.box(ORIGIN_X, ORIGIN_Y, ORIGIN_X + 10_000, ORIGIN_Y + 2000),
    )
    frame = pd.DataFrame(
        [county, *towns], columns=["area_id", "name", "level", "parent_id", "population", "geometry"]
    )
    return gpd.GeoDataFrame(frame, crs=4548)


def facilities(xs: list[float], ys: list[float], slots: list[int]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(
        {
            "facility_id": [f"f{k}" for k in range(len(xs))],
            "name": [f"机构{k}" for k in range(len(xs))],
            "kind": "childcare",
            "status": "existing",
            "slots": slots,
        }
    )
    points = [shapely.Point(ORIGIN_X + x, ORIGIN_Y + y) for x, y in zip(xs, ys, strict=True)]
    return gpd.GeoDataFrame(frame, geometry=points, crs=4548)


strips = st.lists(st.floats(0.5, 9.5).map(lambda v: round(v, 1)), min_size=1, max_size=5, unique=True)


@SETTINGS
@given(
    cuts=strips,
    data=st.data(),
)
def test_tiling_townships_add_up_to_their_county(cuts, data):
    n_towns = len(cuts) + 1
    populations = data.draw(st.lists(st.integers(1000, 90_000), min_size=n_towns, max_size=n_towns))
    n = data.draw(st.integers(0, 12))
    xs = data.draw(st.lists(st.floats(1, 9_999), min_size=n, max_size=n))
    ys = data.draw(st.lists(st.floats(1, 1_999), min_size=n, max_size=n))
    slots = data.draw(st.lists(st.integers(0, 200), min_size=n, max_size=n))
    study = StudyArea.from_layers(county_of_strips(cuts, populations), facilities=facilities(xs, ys, slots))
    county = slots_per_1000(study, POLICY, level="county").iloc[0]
    towns = slots_per_1000(study, POLICY, level="township")
    assert county["population"] == towns["population"].sum() == sum(populations)
    assert county["slots"] == towns["slots"].sum() == sum(slots)  # a point on a shared edge counts once


@SETTINGS
@given(cuts=strips, data=st.data())
def test_townships_that_do_not_add_up_are_reported_never_summed(cuts, data):
    n_towns = len(cuts) + 1
    populations = data.draw(st.lists(st.integers(1000, 90_000), min_size=n_towns, max_size=n_towns))
    off = data.draw(st.sampled_from([-1, 1])) * data.draw(st.integers(1, 5)) * sum(populations) // 100
    with pytest.raises(ValidationError, match="its townships add up to"):
        StudyArea.from_layers(county_of_strips(cuts, populations, county_pop=sum(populations) + off + 1))


@SETTINGS
@given(cuts=strips, data=st.data())
def test_a_gap_or_an_overlap_between_townships_is_reported(cuts, data):
    n_towns = len(cuts) + 1
    populations = [10_000] * n_towns
    areas = county_of_strips(cuts, populations)
    k = data.draw(st.integers(1, n_towns))  # a township row
    minx, miny, maxx, maxy = areas.geometry[k].bounds
    width = maxx - minx
    if data.draw(st.booleans()):
        areas.loc[k, "geometry"] = shapely.box(minx + width / 2, miny, maxx, maxy)  # leaves a gap
        message = "uncovered"
    else:
        areas.loc[k, "geometry"] = shapely.box(minx - 300, miny, maxx, maxy).intersection(areas.geometry[0])
        message = "uncovered|overlap"
        if minx - ORIGIN_X < 1:  # the westmost strip cannot grow west: it stays as it is
            return
    with pytest.raises(ValidationError, match=message):
        StudyArea.from_layers(areas)


def test_digitising_slivers_are_tolerated():
    areas = county_of_strips([5.0], [10_000, 20_000])
    minx, miny, maxx, maxy = areas.geometry[1].bounds
    areas.loc[1, "geometry"] = shapely.box(minx, miny, maxx - 0.5, maxy)  # a 0.5 m sliver: 1,000 m²
    study = StudyArea.from_layers(areas)
    assert slots_per_1000(study, POLICY, level="county")["population"].iloc[0] == 30_000


def test_a_township_drawn_in_another_county_is_named():
    areas = county_of_strips([5.0], [10_000, 20_000])
    other = areas.iloc[[0]].assign(area_id="350602", name="邻县", population=5000)
    other["geometry"] = [shapely.box(ORIGIN_X + 10_000, ORIGIN_Y, ORIGIN_X + 20_000, ORIGIN_Y + 2000)]
    town = areas.iloc[[2]].assign(area_id="350601103", name="飞地镇", population=5000)
    town["geometry"] = [shapely.box(ORIGIN_X + 10_000, ORIGIN_Y, ORIGIN_X + 20_000, ORIGIN_Y + 2000)]
    areas.loc[0, "population"] = 35_000
    layer = gpd.GeoDataFrame(pd.concat([areas, other, town], ignore_index=True), crs=4548)
    with pytest.raises(ValidationError, match=r"飞地镇 \(350601103\) lies in 邻县 \(350602\)"):
        StudyArea.from_layers(layer)


def test_a_point_in_a_county_but_in_no_township_is_reported():
    """A 100 m gap (a township left out, accepted with area_sums = warn) with a centre in it: refused,
    its slots would be lost from the township table."""
    areas = county_of_strips([5.0], [10_000, 20_000])
    minx, miny, maxx, maxy = areas.geometry[1].bounds
    areas.loc[1, "geometry"] = shapely.box(minx, miny, maxx - 100, maxy)
    in_gap = facilities([4_950], [1_000], [40])
    with pytest.raises(ValidationError, match=r"inside a county \(350601\) but in no township"):
        StudyArea.from_layers(areas, facilities=in_gap, area_sums="warn")


def test_a_point_in_a_sliver_between_townships_is_counted_in_the_nearest_and_said():
    """A 1 m strip between outlines drawn apart (a sliver, tolerated): a centre in it, 0.3 m from 镇0
    and 0.7 m from 镇1, is counted in 镇0 and said, not refused."""
    areas = county_of_strips([5.0], [10_000, 20_000])
    minx, miny, maxx, maxy = areas.geometry[1].bounds
    areas.loc[1, "geometry"] = shapely.box(minx, miny, maxx - 1, maxy)
    assert np.isclose(areas.geometry[1].area, 4999 * 2000)
    study = StudyArea.from_layers(areas, facilities=facilities([4_999.3], [1_000], [40]))
    assert study.facilities["township_id"].tolist() == ["350601100"]  # 镇0 ends at 4,999 m: 0.3 m away
    (said,) = [n for n in study.notices if n.code == "points_in_gap_placed"]
    assert "→ 镇0 (0 m)" in said.en


def test_residential_districts_drawn_twice_under_two_ids_are_said():
    """The same outline under R1 and R3 (another population typed): both counted, said; a neighbour
    touching R1 along an edge is not."""
    from carefac.model import _overlapping_district_notices

    box = shapely.box(0, 0, 100, 100)
    layer = gpd.GeoDataFrame({"district_id": ["R1", "R2", "R3"], "source_row": [1, 2, 3]},
                             geometry=[box, shapely.box(100, 0, 200, 100), shapely.box(10, 0, 100, 100)], crs=4548)  # fmt: skip
    (said,) = _overlapping_district_notices(layer, "residential.geojson")
    assert "pairs of residential districts overlapping by 50% or more of the smaller one (1; rows 1 & 3)" in said.en
    assert not _overlapping_district_notices(layer.iloc[:2], "residential.geojson")
