"""Policy profiles: the built-in profile, overrides, and errors naming the key."""

from __future__ import annotations

import pytest

from carefac import ConfigError, available_profiles, load_policy


def test_default_profile_holds_the_plans_thresholds():
    policy = load_policy()
    assert policy.name == "zhangzhou-2023"
    assert policy.slots_per_1000_target == 4.5
    assert policy.township_room_min_population == 30000
    assert policy.county_mch_grade2_min_population == 300000
    assert policy.warm_home_min_members == 50
    assert policy.service_distance_m == 300.0
    assert "childcare" in policy.childcare_kinds
    assert "zhangzhou-2023" in available_profiles()


def test_overrides_replace_values():
    policy = load_policy(overrides={"service_distance_m": 500, "slots_per_1000_target": 6})
    assert policy.service_distance_m == 500.0
    assert isinstance(policy.slots_per_1000_target, float)


def test_profile_from_a_file(tmp_path):
    path = tmp_path / "xiamen.toml"
    path.write_text('name = "xiamen"\nnew_district_slots_per_1000 = 10\n', encoding="utf-8")
    policy = load_policy(path)
    assert policy.name == "xiamen"
    assert policy.new_district_slots_per_1000 == 10.0


def test_unknown_key_and_wrong_type_are_reported_together():
    with pytest.raises(ConfigError) as info:
        load_policy(overrides={"slots_per_1000_targte": 5, "township_room_min_population": "30k"})
    text = str(info.value)
    assert "unknown policy key 'slots_per_1000_targte'" in text
    assert "'township_room_min_population' must be a whole number, got '30k'" in text
    assert len(info.value.problems) == 2


def test_unknown_profile_names_the_built_in_ones():
    with pytest.raises(ConfigError, match="zhangzhou-2023"):
        load_policy("nowhere-2099")
