"""Rules as data: one registry, profiles that describe a city, the README's table generated."""

from __future__ import annotations

import re

import pytest
import shapely

from carefac import ConfigError, StudyArea, load_policy, load_zhangzhou_sample
from carefac.checks import REGISTRY, profile_problems, rule_ids, run_checks
from carefac.checks.describe import readme_rule_table, rules_listing
from carefac.cli import main
from carefac.text import REASONS

from .conftest import ORIGIN_X, ORIGIN_Y, REPO, grid_point
from .test_compliance import areas, facilities

KM = 1000.0


@pytest.fixture(scope="module")
def sample():
    return load_zhangzhou_sample()


@pytest.mark.parametrize("rule_id", rule_ids())
def test_every_listed_rule_runs_alone(sample, rule_id, capsys):
    assert main(["rules", "--lang", "en"]) == 0
    assert f"\n{rule_id}  " in "\n" + capsys.readouterr().out
    flags = run_checks(sample, load_policy(), rules=[rule_id])
    assert len(flags) and set(flags["rule"]) == {rule_id}
    assert flags["reason"].str.len().min() > 0 and flags["reason_zh"].str.len().min() > 0


def test_an_unknown_rule_is_a_config_error_listing_the_known_ones(sample):
    with pytest.raises(ConfigError) as info:
        run_checks(sample, load_policy(), rules=["indicators"])
    assert "indicator_infant_mortality" in str(info.value)


def test_the_readme_rule_table_is_generated_from_the_registry():
    readme = (REPO / "README.md").read_text("utf-8")
    start = readme.index("<!-- rules table: generated")
    block = readme[readme.index("\n", start) + 1 : readme.index("<!-- end of rules table -->")].strip()
    assert block == readme_rule_table(load_policy()).strip(), (
        "regenerate with: python -c 'from carefac.checks.describe import readme_rule_table; "
        "from carefac import load_policy; print(readme_rule_table(load_policy()))'"
    )


def test_every_rule_has_titles_clause_and_catalogue_entries():
    policy = load_policy()
    for rule in REGISTRY.values():
        assert rule.title_zh and rule.title_en and "“" in rule.clause
        assert all(getattr(policy, key) is not None for key in rule.thresholds), rule.id
    codes = {key[1] if isinstance(key, tuple) else key for key in REASONS}
    assert {"missing_input", "below_target", "no_room", "misses_target"} <= codes


INVENTED_CITY = """
# Lüshan, an invented city: its plan sets slots per 1000 and parent-child rooms, nothing else.
name = "lushan-2030"
title = "Lüshan childcare plan 2030"
slots_per_1000_target = 6.0          # §2: 6 slots per 1000 residents
childcare_kinds = ["childcare"]
service_distance_m = 500.0            # §3: a 500 m walk
persons_per_household = 3.1           # census
township_room_min_population = 10000  # §4: towns over 10,000 residents ("超过": more than)
parent_child_room_unit_kinds = ["town", "subdistrict"]

[rules]
all = false
slots_per_1000 = true

[rules.township_parent_child_room]
enabled = true
comparison = "more_than"
"""


def invented_study() -> StudyArea:
    """Four 1 km townships of one county: two towns (10,000 and 10,001 residents), a 街道 and a 乡;
    one parent-child room, in the first town, and 60 childcare slots."""

    def square(i: int) -> shapely.Polygon:
        return shapely.box(ORIGIN_X + i * KM, ORIGIN_Y, ORIGIN_X + (i + 1) * KM, ORIGIN_Y + KM)

    towns = areas(
        [("350601101", 10000, square(0)), ("350601102", 10001, square(1)), ("350601001", 20000, square(2)),
         ("350601201", 50000, square(3))]
    )  # fmt: skip
    facility_rows = [
        ("f1", "childcare", 60, "existing", grid_point(500, 500)),
        ("r1", "parent_child_room", 0, "existing", grid_point(500, 600)),
    ]
    return StudyArea.from_layers(towns, facilities=facilities(facility_rows))


def test_a_profile_written_from_scratch_runs_only_its_rules(tmp_path):
    path = tmp_path / "lushan.toml"
    path.write_text(INVENTED_CITY, encoding="utf-8")
    policy = load_policy(path)
    assert profile_problems(policy) == []
    flags = run_checks(invented_study(), policy).set_index(["rule", "subject_id"])
    assert set(flags.index.get_level_values("rule")) == {"slots_per_1000", "township_parent_child_room"}
    rooms = flags.loc["township_parent_child_room"]
    # "more than 10,000": exactly 10,000 does not apply; 10,001 does and has no room
    assert rooms.loc["350601101", "status"] == "not_applicable"
    assert rooms.loc["350601102", "status"] == "flagged"
    assert rooms.loc["350601001", "status"] == "flagged"  # this profile widens the subjects to 街道
    assert rooms.loc["350601201", "status"] == "not_applicable"  # a 乡 is not a subject here
    assert rooms.loc["350601201", "reason_code"] == "not_a_xiang_or_zhen"
    slots = flags.loc["slots_per_1000"]
    # 60 slots for 90,001 residents, target 6 per 1000: ⌈540.006⌉ − 60 = 481 slots needed
    city = slots.iloc[0]
    assert city["threshold"] == 6.0 and city["status"] == "flagged" and city["shortfall"] == 481


def test_a_rule_enabled_without_its_keys_is_refused_naming_them(tmp_path):
    text = INVENTED_CITY.replace("township_room_min_population = 10000", "")
    path = tmp_path / "lushan.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        run_checks(invented_study(), load_policy(path))
    assert "township_parent_child_room" in str(info.value)
    assert "township_room_min_population" in str(info.value)


def test_extends_and_switching_a_rule_off(tmp_path):
    path = tmp_path / "zz-lite.toml"
    path.write_text('extends = "zhangzhou-2023"\nname = "zz-lite"\n[rules]\nnursing_room = false\n', "utf-8")
    policy = load_policy(path)
    assert not policy.rule_enabled("nursing_room") and policy.rule_enabled("warm_home")
    assert policy.slots_per_1000_target == 4.5


def test_unknown_rules_and_comparisons_in_a_profile_are_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'extends = "zhangzhou-2023"\nname = "bad"\n[rules]\nnursery = false\n'
        '[rules.warm_home]\ncomparison = "about"\n[rules.nursing_room]\ncomparison = "at_least"\n',
        "utf-8",
    )
    problems = " ".join(p.message for p in profile_problems(load_policy(path)))
    assert "nursery" in problems and "'about'" in problems and "nursing_room' has no comparison" in problems


def test_the_national_profile_carries_only_the_slots_target(sample, capsys):
    policy = load_policy("china-14th-fyp")
    flags = run_checks(sample, policy)
    assert set(flags["rule"]) == {"slots_per_1000"}
    assert set(flags["threshold"]) == {4.5}
    assert main(["rules", "--profile", "china-14th-fyp", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "每千人口拥有3岁以下婴幼儿托位数" in out and "十四五" in out
    assert out.count("[启用]") == 1


def test_rules_listing_speaks_one_language():
    zh = rules_listing(load_policy(), lang="zh")
    en = rules_listing(load_policy(), lang="en")
    labels_zh = re.findall(r"^  ([^:]+):", zh, flags=re.M)
    labels_en = re.findall(r"^  ([^:]+):", en, flags=re.M)
    assert set(labels_zh) == {"条文", "对象", "检查内容", "阈值", "比较方式", "所需输入"}
    assert set(labels_en) == {"clause", "subject", "checks", "thresholds", "comparison", "inputs"}
