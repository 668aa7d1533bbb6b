"""The embedded Zhangzhou sample: real totals, consistent townships, deterministic rebuild."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from carefac import load_zhangzhou_sample, slots_per_1000

from .conftest import REPO, SAMPLE_DIR

# 2020 census resident population of Zhangzhou's 11 county-level units (漳州市第七次全国人口普查公报)
CENSUS_2020 = {
    "350602": 638060,
    "350603": 301883,
    "350604": 952000,
    "350605": 228235,
    "350622": 411558,
    "350623": 847535,
    "350624": 560969,
    "350626": 219511,
    "350627": 305259,
    "350628": 455042,
    "350629": 134276,
}


@pytest.fixture(scope="module")
def sample():
    return load_zhangzhou_sample()


def test_counties_carry_the_census(sample):
    table = slots_per_1000(sample, level="county")
    assert len(table) == 11
    assert dict(zip(table["area_id"], table["population"], strict=True)) == CENSUS_2020
    assert table["population"].sum() == 5_054_328


def test_townships_sum_to_their_county(sample):
    townships = sample.areas_at("township")
    assert len(townships) == 146
    sums = townships.groupby("parent_id")["population"].sum()
    assert sums.to_dict() == CENSUS_2020
    assert (townships["population"] >= 30000).sum() >= 20
    assert (townships["population"] < 30000).sum() >= 50


def test_township_polygons_lie_in_their_county(sample):
    counties = sample.areas_at("county").set_index("area_id").geometry
    townships = sample.areas_at("township")
    for _, row in townships.iterrows():
        overlap = row.geometry.intersection(counties[row["parent_id"]]).area / row.geometry.area
        assert overlap > 0.999, row["name"]


def test_some_counties_meet_the_target_and_some_do_not(sample):
    meets = slots_per_1000(sample, level="county")["meets_target"]
    assert meets.any() and not meets.all()


def test_every_synthetic_row_says_so():
    facilities = pd.read_csv(SAMPLE_DIR / "facilities.csv")
    assert facilities["synthetic"].all()
    for name in ("candidates.csv", "venues.csv", "special_families.csv"):
        assert pd.read_csv(SAMPLE_DIR / name)["synthetic"].all(), name


def test_sample_rebuilds_byte_for_byte(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_zhangzhou_sample.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in (
        "areas.geojson",
        "facilities.csv",
        "residential.geojson",
        "candidates.csv",
        "venues.csv",
        "special_families.csv",
    ):
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name
