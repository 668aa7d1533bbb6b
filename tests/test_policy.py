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


def test_profile_from_a_file_extends_a_built_in_one(tmp_path):
    path = tmp_path / "xiamen.toml"
    path.write_text('extends = "zhangzhou-2023"\nname = "xiamen"\nnew_district_slots_per_1000 = 10\n', encoding="utf-8")
    policy = load_policy(path)
    assert policy.name == "xiamen"
    assert policy.new_district_slots_per_1000 == 10.0
    assert policy.township_room_min_population == 30000  # from what it extends, and said in its source
    assert "extends built-in profile 'zhangzhou-2023'" in policy.source


def test_a_profile_without_extends_inherits_nothing(tmp_path):
    """A new city's file that forgets a key is an error, never Zhangzhou's number."""
    path = tmp_path / "xiamen.toml"
    path.write_text('name = "xiamen"\nnew_district_slots_per_1000 = 10\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    text = str(info.value)
    for key in ("slots_per_1000_target", "childcare_kinds", "service_distance_m", "persons_per_household"):
        assert key in text
    assert "extends" in text


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
