"""Counties made from a townships-only layer: the union of their townships, residents added up."""

from __future__ import annotations

import pandas as pd
import pytest

import carefac
from carefac import StudyArea, slots_per_1000


@pytest.fixture(scope="module")
def sample():
    return carefac.load_zhangzhou_sample()


def test_a_townships_only_layer_gets_its_counties_back(sample):
    """The sample without its county rows: each county is rebuilt from its townships, named from the
    census list, and counts the slots the sample's own county does."""
    towns = sample.areas[sample.areas["level"] == "township"].drop(columns=["source_row"], errors="ignore")
    study = StudyArea.from_layers(towns.reset_index(drop=True), facilities=sample.facilities.drop(
        columns=["county_id", "township_id"]), sources={"areas": "乡镇.shp"})  # fmt: skip
    rebuilt = slots_per_1000(study, level="county").set_index("area_id")
    original = slots_per_1000(sample, level="county").set_index("area_id")
    by_hand = towns.groupby("parent_id")["population"].sum()
    assert sorted(rebuilt.index) == sorted(by_hand.index) == sorted(original.index)
    assert (rebuilt["population"] == by_hand.reindex(rebuilt.index)).all()
    assert (rebuilt["slots"] == original["slots"].reindex(rebuilt.index)).all()
    assert rebuilt.loc["350602", "name"] == "芗城区"
    (said,) = [n for n in study.notices if n.code == "counties_from_townships"]
    assert f"{len(by_hand)} counties are made from them" in said.en and "0 not in the shipped census" in said.en


def test_a_layer_with_its_counties_is_left_as_it_is(sample):
    assert not [n for n in sample.notices if n.code == "counties_from_townships"]
    assert (sample.areas["level"] == "county").sum() == 11
    assert pd.notna(sample.areas.loc[sample.areas["level"] == "county", "source_row"]).all()


def test_townships_that_are_only_part_of_their_county_make_no_county(sample):
    """Three townships of 芗城区 (a study of part of a district): a county made of them would be
    judged by its county rules as if it were the whole district (e.g. under 300,000 residents)."""
    towns = sample.areas[(sample.areas["level"] == "township") & (sample.areas["parent_id"] == "350602")].head(3)
    study = StudyArea.from_layers(towns.drop(columns=["source_row"], errors="ignore").reset_index(drop=True))
    assert (study.areas["level"] == "county").sum() == 0
    (said,) = [n for n in study.notices if n.code == "counties_not_made"]
    assert "350602 芗城区" in said.en and "638,060" in said.en
