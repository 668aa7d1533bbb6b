"""The console's words in both languages: one catalogue of templates, filled with the numbers.

A Chinese run prints Chinese, an English run English. Templates use ``str.format`` fields; the
analysis never builds these sentences itself.
"""

from __future__ import annotations

import string

__all__ = [
    "CONSOLE",
    "HEADERS",
    "MAP_WORDS",
    "REPORT_WORDS",
    "SHEET_NAMES",
    "VALUE_LABELS_ZH",
    "INDICATOR_WORDS",
    "MISSING_INPUTS",
    "REASONS",
    "RULE_SUMMARIES",
    "RULES_WORDS",
    "STATUS_WORDS",
    "UNITS",
    "reason",
    "rule_summary",
    "say",
]

CONSOLE: dict[str, dict[str, str]] = {
    "city": {
        "zh": "{name}：常住人口{population:,}人，托位{slots:,}个，每千人口{per1000:.2f}个（目标{target:g}），尚需托位{needed:,}个",
        "en": "{name}: {population:,} residents, {slots:,} slots, {per1000:.2f} per 1000 (target {target:g}), {needed:,} slots still needed",
    },
    "below": {"zh": "{level}：{below}/{total}个未达标", "en": "{level}: {below} of {total} below target"},
    "checks": {"zh": "政策检查（不达标/已检查）：", "en": "policy checks (flagged of checked):"},
    "check_row": {
        "zh": "  {title}：{flagged}/{checked}个不达标{skipped}",
        "en": "  {title}: {flagged} of {checked} flagged{skipped}",
    },
    "skipped": {"zh": "（{n}个未检查）", "en": " ({n} skipped)"},
    "whole_plan": {
        "zh": "各县(区)全面对照（✔ 达标，✘ 未达标，– 不适用，? 未检查）：",
        "en": "whole plan by county (✔ met, ✘ missed, – not applicable, ? not checked):",
    },
    "plan": {
        "zh": "{model}：拟建站点{sites}个，服务半径{radius:g}米（{distance}）；目标值{objective:,.1f}，界{bound:,.1f}，差距{gap:.2%}，{status}（{method}）",
        "en": "{model}: {sites} proposed sites within {radius:g} m ({distance}); objective {objective:,.1f}, bound {bound:,.1f}, gap {gap:.2%}, {status} ({method})",
    },
    "before_after": {
        "zh": "  未达标{level}：{before} → {after}（共{total}个）；尚需托位合计：{need_before:,} → {need_after:,}",
        "en": "  {level} below target: {before} → {after} of {total}; slots still needed (sum over areas below target): {need_before:,} → {need_after:,}",
    },
    "site": {
        "zh": "  {rank}. {name}（{candidate_id}）：托位{capacity:g}个，服务3岁以下婴幼儿{served:,.0f}人",
        "en": "  {rank}. {name} ({candidate_id}): {capacity:g} slots, serves {served:,.0f} children",
    },
    "wrote": {"zh": "已写入{count}个文件：{folder}", "en": "wrote {count} files to {folder}"},
    "note": {"zh": "注意：{text}", "en": "note: {text}"},
    "level_county": {"zh": "县(区)", "en": "county"},
    "level_township": {"zh": "乡镇(街道)", "en": "township"},
    "status_optimal": {"zh": "已证明最优", "en": "optimal"},
    "status_feasible": {"zh": "可行（未证明最优）", "en": "feasible"},
    "status_time_limit": {"zh": "达到时间上限", "en": "time_limit"},
}


def say(key: str, lang: str, **fields) -> str:
    """Return the catalogue's sentence ``key`` in ``lang`` (``zh`` or ``en``) with ``fields`` filled in."""
    return CONSOLE[key]["zh" if lang == "zh" else "en"].format(**fields)


# -- policy checks: why a row has its status ------------------------------------------------------
#
# Keyed by (rule, reason code), or by the reason code alone when every rule says it the same way.
# A template is a ``str.format`` string over the row's facts (``{x:q}`` prints a number without a
# trailing .0, with thousands separators), or a function of the facts for a sentence with a
# conditional part. The facts are numbers and codes only; every word is here.

_GRADE_ZH = {1: "一级", 2: "二级", 3: "三级"}
_HOW = {"euclidean": ("straight-line", "直线"), "network": ("along roads", "沿路网")}
_UNIT_KIND = {"subdistrict": ("a subdistrict", "街道"), "town": ("a town", "镇"), "xiang": ("a xiang", "乡"),
              "xiang_like": ("a unit like a xiang", "类似乡级单位")}  # fmt: skip
_CITY_KIND = {"prenatal_diagnosis": ("prenatal diagnosis institution", "产前诊断机构"),
              "newborn_hearing_centre": ("newborn hearing diagnosis centre", "新生儿听力诊断中心")}  # fmt: skip


def _q(value) -> str:
    """Return a number without a trailing .0, with thousands separators."""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"


def _grade_zh(grade) -> str:
    return _GRADE_ZH.get(int(grade), f"{grade:g}级") if grade is not None else "未知"


def _mch_need(f: dict, lang: str) -> str:
    """Return what a county MCH institution must reach, from the county's facts."""
    if not f["large"]:
        return "an outpatient clinic" if lang == "en" else "开设门诊"
    if lang == "en":
        return f"grade {f['required']} (population {f['population']:,} ≥ {f['min_population']:,})"
    return f"{_grade_zh(f['required'])}标准（常住人口{f['population']:,}人，不少于{f['min_population']:,}人）"


def _indicator(f: dict, lang: str) -> str:
    """Return the sentence of a county's indicator value against its target and the province."""
    name_en, name_zh, unit_en, unit_zh = INDICATOR_WORDS[f["indicator"]]
    relation = {"at_most": ("at most", "不高于"), "at_least": ("at least", "不低于"),
                "less_than": ("below", "低于"), "more_than": ("above", "高于")}[f["comparison"]]  # fmt: skip
    province = f.get("province")
    if lang == "en":
        scale = " (given as a fraction, read as %)" if f.get("fraction") else ""
        text = f"{name_en} {f['value']:g} {unit_en}{scale}; target {relation[0]} {f['target']:g}"
        if province is not None:
            text += f"; {'better' if f['better'] else 'not better'} than the province ({province:g})"
        return text
    scale = "（按小数填写，已换算为百分数）" if f.get("fraction") else ""
    text = f"{name_zh}{f['value']:g}{unit_zh}{scale}，目标{relation[1]}{f['target']:g}{unit_zh}"
    if province is not None:
        text += f"，{'优于' if f['better'] else '未优于'}全省平均（{province:g}）"
    return text


#: indicator → (English name, Chinese name, English unit, Chinese unit)
INDICATOR_WORDS: dict[str, tuple[str, str, str, str]] = {
    "maternal_mortality": ("maternal mortality", "孕产妇死亡率", "per 100,000", "/10万"),
    "infant_mortality": ("infant mortality", "婴儿死亡率", "per 1,000", "‰"),
    "premarital_check": ("premarital check rate", "婚前医学检查率", "%", "%"),
    "prepregnancy_check": ("pre-pregnancy check coverage", "孕前优生健康检查目标人群覆盖率", "%", "%"),
    "prenatal_screening": ("prenatal screening rate", "产前筛查率", "%", "%"),
}

#: missing input → (English name, English fix, Chinese name, Chinese fix)
MISSING_INPUTS: dict[str, tuple[str, str, str, str]] = {
    "residential": ("residential districts", "add [layers.residential] with district polygons",
                    "居住区", "在配置中添加 [layers.residential]（居住区面）"),
    "townships": ("township areas", "add township polygons (level = township) to [layers.areas]",
                  "乡镇(街道)区划", "在 [layers.areas] 中加入乡镇(街道)面（层级 = township）"),
    "counties": ("county areas", "add county polygons (level = county) to [layers.areas]",
                 "县(区)区划", "在 [layers.areas] 中加入县(区)面（层级 = county）"),
    "parent_child_rooms": ("facilities", "add [layers.facilities] with kind = parent_child_room",
                           "设施", "添加 [layers.facilities]，类型为向日葵亲子小屋（parent_child_room）"),
    "mch_institutions": ("facilities", "add [layers.facilities] with kind = mch_institution",
                         "设施", "添加 [layers.facilities]，类型为妇幼保健机构（mch_institution）"),
    "special_families": ("special_families table", "add [tables.special_families] with area_id and special_assistance_members",
                         "计划生育特别扶助对象表", "添加 [tables.special_families]，含县区代码和独生子女死亡特别扶助对象人数"),
    "special_families_columns": ("special_families columns", "the table needs area_id and special_assistance_members",
                                 "特别扶助对象表的列", "该表需有县区代码和独生子女死亡特别扶助对象人数两列"),
    "venues": ("venues", "add [layers.venues] with hospitals, malls, stations, schools",
               "公共场所", "添加 [layers.venues]（医院、商超、车站、学校等场所）"),
    "vaccination_clinics": ("facilities", "add [layers.facilities] with kind = vaccination_clinic",
                            "设施", "添加 [layers.facilities]，类型为预防接种门诊（vaccination_clinic）"),
    "smart_column": ("smart column", "give vaccination clinics a smart column (true/false)",
                     "是否智慧化列", "为预防接种门诊填写是否智慧化（是/否）"),
    "prenatal_screening": ("facilities", "add [layers.facilities] with kind = prenatal_screening",
                           "设施", "添加 [layers.facilities]，类型为产前筛查机构（prenatal_screening）"),
    "hospitals": ("facilities", "add [layers.facilities] with kind = hospital, grade, designated and ownership",
                  "设施", "添加 [layers.facilities]，类型为医院（hospital），并填写等级、是否定点和公立/民营"),
    "hospital_columns": ("hospital attributes", "give hospitals grade and designated (true/false) columns",
                         "医院属性", "为医院填写等级和是否定点（是/否）两列"),
    "indicators": ("indicators table", "add [tables.indicators] with one row per county",
                   "指标表", "添加 [tables.indicators]，每个县(区)一行"),
}  # fmt: skip


def _missing(f: dict, lang: str) -> str:
    name_en, fix_en, name_zh, fix_zh = MISSING_INPUTS[f["missing"]]
    return (
        f"not checked: the {name_en} input is missing ({fix_en})"
        if lang == "en"
        else f"未检查：缺少输入“{name_zh}”（{fix_zh}）"
    )


def _how(f: dict, lang: str) -> str:
    return _HOW[f.get("distance", "euclidean")][0 if lang == "en" else 1]


def _provision(f: dict, lang: str) -> str:
    if f["own"]:
        return "its own facility" if lang == "en" else "配建设施"
    if lang == "en":
        return f"facilities within {f['radius']:g} m {_how(f, lang)}"
    return f"{_how(f, lang)}{f['radius']:g}米内设施"


def _no_facility(f: dict, lang: str) -> str:
    if lang == "en":
        where = f" or within {f['radius']:g} m {_how(f, lang)}" if f["nearby_counts"] else ""
        return f"no childcare facility inside{where}; {_q(f['need'])} slots required"
    where = f"及{_how(f, lang)}{f['radius']:g}米内" if f["nearby_counts"] else ""
    return f"区内{where}无托育设施，应配建托位{_q(f['need'])}个"


def _children(f: dict, lang: str) -> str:
    n = f.get("children")
    return ("unknown" if lang == "en" else "未知") if n is None else f"{n:,.0f}"


def _nearest(f: dict, lang: str) -> str:
    near = f.get("nearest_m")
    if lang == "en":
        return f"nearest {near:g} m" if near is not None else f"none within {f['radius'] * 10:g} m"
    return f"最近{near:g}米" if near is not None else f"{f['radius'] * 10:g}米内均无"


def _smart(f: dict, lang: str) -> str:
    unknown = f["unknown"]
    if lang == "en":
        note = f", {unknown} unknown" if unknown else ""
        return f"{f['smart']} of {f['clinics']} vaccination clinics smart ({f['share']:.0%}{note}; target {f['target']:.0%})"
    note = f"，{unknown}个未知" if unknown else ""
    return f"智慧化预防接种门诊{f['smart']}/{f['clinics']}（{f['share']:.0%}{note}，目标{f['target']:.0%}）"


def _grade(f: dict, lang: str) -> str:
    g = f.get("grade")
    return ("unknown" if g is None else f"{g:g}") if lang == "en" else _grade_zh(g)


#: (rule, code) or code → {"en": template, "zh": template}
REASONS: dict[tuple[str, str] | str, dict[str, object]] = {
    "missing_input": {"en": lambda f: _missing(f, "en"), "zh": lambda f: _missing(f, "zh")},
    "no_population": {"en": "not checked: no population and no households", "zh": "未检查：既无人口也无户数"},
    ("slots_per_1000", "no_population"): {"en": "no residents", "zh": "无常住人口"},
    ("slots_per_1000", "meets_target"): {
        "en": "{measured:.2f} slots per 1000 residents meets the target {target:g}",
        "zh": "每千人口托位数{measured:.2f}，达到目标{target:g}",
    },
    ("slots_per_1000", "below_target"): {
        "en": "{measured:.2f} slots per 1000 residents, below the target {target:g}: {needed:,} more slots needed",
        "zh": "每千人口托位数{measured:.2f}，低于目标{target:g}，尚需{needed:,}个托位",
    },
    "rural_district": {
        "en": "a rural district: the rule is for new urban districts",
        "zh": "乡村居住区，本条适用于新建城镇居住区",
    },
    "own_provision": {
        "en": lambda f: f"{_q(f['got'])} of {_q(f['need'])} required slots from {_provision(f, 'en')}",
        "zh": lambda f: f"{_provision(f, 'zh')}提供托位{_q(f['got'])}个，满足配建要求{_q(f['need'])}个",
    },
    "nearby_provision": {
        "en": lambda f: f"{_q(f['got'])} of {_q(f['need'])} required slots from {_provision(f, 'en')}",
        "zh": lambda f: f"{_provision(f, 'zh')}提供托位{_q(f['got'])}个，满足配建要求{_q(f['need'])}个",
    },
    ("new_residential_childcare", "insufficient_slots"): {
        "en": lambda f: f"{_q(f['got'])} of {_q(f['need'])} required slots from {_provision(f, 'en')} (short by {_q(f['need'] - f['got'])})",
        "zh": lambda f: f"{_provision(f, 'zh')}提供托位{_q(f['got'])}个，低于配建要求{_q(f['need'])}个，缺{_q(f['need'] - f['got'])}个",
    },
    "only_nearby": {
        "en": lambda f: f"no childcare of its own: facilities within {f['radius']:g} m {_how(f, 'en')} do not count under this profile; {_q(f['need'])} slots required",
        "zh": lambda f: f"未配建托育设施（{_how(f, 'zh')}{f['radius']:g}米内的周边设施按本规划不计），应配建托位{_q(f['need'])}个",
    },
    "only_planned": {
        "en": lambda f: f"delivered, but its childcare is only planned or under construction (not delivered with the housing); {_q(f['need'])} slots required",
        "zh": lambda f: f"住宅已交付但托育设施仍为规划或在建（未同步交付），应配建托位{_q(f['need'])}个",
    },
    "no_facility": {"en": lambda f: _no_facility(f, "en"), "zh": lambda f: _no_facility(f, "zh")},
    "slots_within": {
        "en": lambda f: f"{_q(f['got'])} childcare slots within {f['radius']:g} m {_how(f, 'en')} (standard {_q(f['need'])})",
        "zh": lambda f: f"{_how(f, 'zh')}{f['radius']:g}米内有托位{_q(f['got'])}个（标准{_q(f['need'])}个）",
    },
    ("old_residential_childcare", "insufficient_slots"): {
        "en": lambda f: f"{_q(f['got'])} childcare slots within {f['radius']:g} m {_how(f, 'en')}, below the standard {_q(f['need'])}; about {_children(f, 'en')} children under 3",
        "zh": lambda f: f"{_how(f, 'zh')}{f['radius']:g}米内托位{_q(f['got'])}个，未达标准{_q(f['need'])}个，3岁以下婴幼儿约{_children(f, 'zh')}人",
    },
    "no_slot_within": {
        "en": lambda f: f"no childcare slot within {f['radius']:g} m {_how(f, 'en')} ({_nearest(f, 'en')}); about {_children(f, 'en')} children under 3",
        "zh": lambda f: f"{_how(f, 'zh')}{f['radius']:g}米内无托育托位（{_nearest(f, 'zh')}），3岁以下婴幼儿约{_children(f, 'zh')}人",
    },
    "unit_kind_unknown": {
        "en": "not checked: whether the unit is a xiang, a town or a subdistrict is unknown (give unit_kind or the 9-digit code)",
        "zh": "未检查：无法判断该单位是乡、镇还是街道（请提供乡镇类型或9位区划代码）",
    },
    "not_a_xiang_or_zhen": {
        "en": lambda f: f"{_UNIT_KIND.get(f['kind'], (f['kind'],))[0]}: the rule is for xiang and towns",
        "zh": lambda f: f"{_UNIT_KIND.get(f['kind'], (None, f['kind']))[1]}，本条适用于乡镇",
    },
    ("township_parent_child_room", "below_threshold"): {
        "en": "{population:,} residents, below {threshold:,}: the rule does not apply",
        "zh": "常住人口{population:,}人，不足{threshold:,}人，不适用",
    },
    "no_room": {
        "en": "{population:,} residents (at least {threshold:,}) and no parent-child room",
        "zh": "常住人口{population:,}人（不少于{threshold:,}人），尚无向日葵亲子小屋",
    },
    "has_room": {
        "en": lambda f: f"{f['count']} parent-child room{'s' if f['count'] > 1 else ''} for {f['population']:,} residents",
        "zh": "已建向日葵亲子小屋{count}所（常住人口{population:,}人）",
    },
    ("county_mch_grade", "no_institution"): {
        "en": lambda f: f"no MCH institution; needs {_mch_need(f, 'en')}",
        "zh": lambda f: f"无妇幼保健机构，应达到{_mch_need(f, 'zh')}",
    },
    ("county_mch_grade", "grade_below"): {
        "en": lambda f: f"MCH institution grade {_grade(f, 'en')}, needs {_mch_need(f, 'en')}",
        "zh": lambda f: f"妇幼保健机构等级{_grade(f, 'zh')}，应达到{_mch_need(f, 'zh')}",
    },
    ("county_mch_grade", "grade_met"): {
        "en": lambda f: f"MCH institution meets {_mch_need(f, 'en')}",
        "zh": lambda f: f"妇幼保健机构达到{_mch_need(f, 'zh')}",
    },
    "outpatient_floor_area_unchecked": {
        "en": "MCH institution with an outpatient clinic; floor area not checked (the profile sets no standard)",
        "zh": "妇幼保健机构已开设门诊；建筑面积未核查（配置中无面积标准）",
    },
    "floor_area_unknown": {
        "en": "not checked: the MCH institution's floor area is unknown (standard {minimum:,.0f} m²)",
        "zh": "未检查：妇幼保健机构建筑面积未知（标准{minimum:,.0f}平方米）",
    },
    "floor_area_met": {
        "en": "MCH institution of {area:,.0f} m², standard {minimum:,.0f} m²",
        "zh": "妇幼保健机构建筑面积{area:,.0f}平方米，标准{minimum:,.0f}平方米",
    },
    "floor_area_below": {
        "en": "MCH institution of {area:,.0f} m², below the standard {minimum:,.0f} m²",
        "zh": "妇幼保健机构建筑面积{area:,.0f}平方米，低于标准{minimum:,.0f}平方米",
    },
    ("warm_home", "no_row"): {
        "en": "not checked: the county has no row in the special_families table",
        "zh": "未检查：特别扶助对象表中无该县(区)",
    },
    ("warm_home", "below_threshold"): {
        "en": "{count:g} special-assistance members, below {threshold:,}: the rule does not apply",
        "zh": "独生子女死亡特别扶助对象{count:g}人，不足{threshold:,}人，不适用",
    },
    "has_warm_home": {
        "en": "{count:g} special-assistance members and a warm home",
        "zh": "独生子女死亡特别扶助对象{count:g}人，已建暖心家园",
    },
    "no_warm_home": {
        "en": "{count:g} special-assistance members (at least {threshold:,}) and no warm home",
        "zh": "独生子女死亡特别扶助对象{count:g}人（不少于{threshold:,}人），尚未建设暖心家园",
    },
    "room_nearby": {"en": "nursing room {distance_m:.0f} m away", "zh": "{distance_m:.0f}米内有妈妈小屋"},
    "declared": {"en": "nursing room declared by the venue (has_nursing_room)", "zh": "场所登记有母婴室"},
    "no_nursing_room": {
        "en": "no nursing room inside or within {limit_m:g} m",
        "zh": "场所内及{limit_m:g}米内无妈妈小屋",
    },
    "no_clinics": {"en": "not checked: no vaccination clinic in the county", "zh": "未检查：该县(区)无预防接种门诊"},
    "share_met": {"en": lambda f: _smart(f, "en"), "zh": lambda f: _smart(f, "zh")},
    "share_below": {"en": lambda f: _smart(f, "en"), "zh": lambda f: _smart(f, "zh")},
    ("indicator", "no_row"): {
        "en": lambda f: "not checked: the county has no row in the indicators table" if not f["has_county"]
        else f"not checked: no {INDICATOR_WORDS[f['indicator']][0]} value",
        "zh": lambda f: f"未检查：指标表中无该县(区){INDICATOR_WORDS[f['indicator']][1]}",
    },
    ("indicator", "meets_target"): {"en": lambda f: _indicator(f, "en"), "zh": lambda f: _indicator(f, "zh")},
    ("indicator", "misses_target"): {"en": lambda f: _indicator(f, "en"), "zh": lambda f: _indicator(f, "zh")},
    ("indicator", "not_better_than_province"): {"en": lambda f: _indicator(f, "en"), "zh": lambda f: _indicator(f, "zh")},
    ("prenatal_screening_per_county", "has_institution"): {
        "en": "{n} prenatal screening institution(s)", "zh": "有产前筛查机构{n}所",
    },
    ("prenatal_screening_per_county", "no_institution"): {
        "en": "no prenatal screening institution", "zh": "无产前筛查机构",
    },
    "city_has_institution": {
        "en": lambda f: f"the city has {f['n']} {_CITY_KIND[f['kind']][0]}(s)",
        "zh": lambda f: f"全市有{_CITY_KIND[f['kind']][1]}{f['n']}所",
    },
    "city_no_institution": {
        "en": lambda f: f"the city has no {_CITY_KIND[f['kind']][0]}",
        "zh": lambda f: f"全市无{_CITY_KIND[f['kind']][1]}",
    },
    "has_designated": {
        "en": "{n} designated public hospital(s) of grade {minimum}+",
        "zh": lambda f: f"有{_grade_zh(f['minimum'])}及以上公立定点医院{f['n']}所",
    },
    "no_designated": {
        "en": "no designated public hospital of grade {minimum}+",
        "zh": lambda f: f"无{_grade_zh(f['minimum'])}及以上公立计划生育特殊家庭定点医院",
    },
    "ownership_unknown": {
        "en": "not checked: the designated hospital(s) of grade {minimum}+ have no ownership (public/private)",
        "zh": lambda f: f"未检查：{_grade_zh(f['minimum'])}及以上定点医院未注明公立或民营",
    },
    ("city_mch_grade", "no_institution"): {
        "en": "no city-level MCH institution (serves = {city_id})",
        "zh": "无市级妇幼保健机构（服务范围 = {city_id}）",
    },
    ("city_mch_grade", "grade_met"): {
        "en": lambda f: f"city MCH institution grade {f['grade']:g} (required {f['required']})",
        "zh": lambda f: f"市级妇幼保健机构达到{_grade_zh(f['required'])}标准（{_grade_zh(f['grade'])}）",
    },
    ("city_mch_grade", "grade_below"): {
        "en": lambda f: f"city MCH institution grade {_grade(f, 'en')}, required {f['required']}",
        "zh": lambda f: f"市级妇幼保健机构等级{_grade(f, 'zh')}，未达到{_grade_zh(f['required'])}标准",
    },
}  # fmt: skip


class _Formatter(string.Formatter):
    """``str.format`` with one more spec: ``q`` prints a number without a trailing .0."""

    def format_field(self, value, format_spec):
        return _q(value) if format_spec == "q" else super().format_field(value, format_spec)


def reason(rule: str, code: str, facts: dict, lang: str) -> str:
    """Return why a flag row has its status, in ``lang``, from its rule, reason code and facts.

    Raises
    ------
    KeyError
        Neither ``(rule, code)`` nor ``code`` is in the catalogue (a test covers every rule).
    """
    family = "indicator" if rule.startswith("indicator_") else rule
    entry = REASONS.get((family, code)) or REASONS[code]
    template = entry["zh" if lang == "zh" else "en"]
    return template(facts) if callable(template) else _Formatter().format(template, **facts)


#: flag-table unit → (English, Chinese)
UNITS: dict[str, tuple[str, str]] = {
    "slots per 1000": ("slots per 1000", "个/千人"),
    "slots": ("slots", "个托位"),
    "m": ("m", "米"),
    "m²": ("m²", "平方米"),
    "rooms": ("rooms", "所"),
    "grade": ("grade", "级"),
    "members": ("members", "人"),
    "share": ("share", "比例"),
    "institutions": ("institutions", "所"),
    "hospitals": ("hospitals", "所"),
    "per 100,000": ("per 100,000", "/10万"),
    "per 1,000": ("per 1,000", "‰"),
    "%": ("%", "%"),
}

#: flag status → (English, Chinese)
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "flagged": ("flagged", "不达标"),
    "ok": ("ok", "达标"),
    "not_applicable": ("not_applicable", "不适用"),
    "skipped": ("skipped", "未检查"),
}


#: rule id → what the rule checks, in each language, with the profile's values as ``{key}`` fields.
RULE_SUMMARIES: dict[str, dict[str, str]] = {
    "slots_per_1000": {
        "en": "slots ÷ residents × 1000 for the city, each county and each township; flagged below {slots_per_1000_target:g}, with the slots still needed",
        "zh": "全市、各县(区)、各乡镇(街道)托位数 ÷ 常住人口 × 1000；低于{slots_per_1000_target:g}为不达标，并给出尚需托位数",
    },
    "new_residential_childcare": {
        "en": "new urban districts (`new`/`planned`/`under_construction`, or completed since {start_year}) need ⌈population × {new_district_slots_per_1000:g} / 1000⌉ slots of their own (配建: a facility inside the district, or linked by `district_id`; nearby facilities count only if the profile's `new_district_nearby_counts` is true); a district already delivered needs existing, not planned, facilities; rural districts (`urban` false, or in a 乡) are not applicable; `no_facility`, `only_nearby`, `only_planned` or `insufficient_slots` with the shortfall",
        "zh": "新建城镇居住区（新建、规划、在建，或{start_year}年以后建成）应配建托位 ⌈人口 × {new_district_slots_per_1000:g} / 1000⌉ 个（区内设施或以居住区编号关联的设施；周边设施仅在配置允许时计入）；已交付的居住区只计现有设施；乡村居住区不适用",
    },
    "old_residential_childcare": {
        "en": "existing districts with no childcare slot within {service_distance_m:g} m (`no_slot_within`), or whose slots within {service_distance_m:g} m (shared by distance, never counted twice) fall short of ⌈population × {new_district_slots_per_1000:g} / 1000⌉ (`insufficient_slots`), ranked by children under 3",
        "zh": "已建成居住区{service_distance_m:g}米内无托位，或{service_distance_m:g}米内托位（按距离分配，不重复计算）低于 ⌈人口 × {new_district_slots_per_1000:g} / 1000⌉ 个的，按3岁以下婴幼儿数排序列出",
    },
    "township_parent_child_room": {
        "en": "乡 and 镇 (unit kind from `unit_kind` or the code's digits 7–9) of {township_room_min_population:,}+ residents (以上 includes {township_room_min_population:,}) with no existing room inside (a room on a shared boundary counts for both); 街道 and smaller townships are `not_applicable`",
        "zh": "常住人口{township_room_min_population:,}人及以上的乡、镇（类型取自乡镇类型列或区划代码第7–9位）无现有向日葵亲子小屋的；街道和人口不足的乡镇不适用",
    },
    "nursing_room": {
        "en": "venues with no `nursing_room` inside or within {nursing_room_distance_m:g} m (or `has_nursing_room`)",
        "zh": "场所内及{nursing_room_distance_m:g}米内无妈妈小屋（且未登记有母婴室）的医院、商超、车站、学校等场所",
    },
    "smart_vaccination": {
        "en": "share of `smart` vaccination clinics per county, at least {smart_vaccination_target_share:.0%} (a clinic of unknown `smart` counts as not smart)",
        "zh": "各县(区)智慧化预防接种门诊比例不低于{smart_vaccination_target_share:.0%}（是否智慧化未知的门诊计入分母）",
    },
    "county_mch_grade": {
        "en": "the grade of the county's MCH institution (`serves` column, else location): grade {county_mch_required_grade} where the county has {county_mch_grade2_min_population:,}+ residents, else an outpatient clinic (and its floor area where the profile sets a standard)",
        "zh": "县级妇幼保健机构等级（按服务范围列，否则按所在位置）：常住人口{county_mch_grade2_min_population:,}人及以上的县(区)应达到{county_mch_required_grade}级，其余应开设门诊（配置有面积标准时核查建筑面积）",
    },
    "warm_home": {
        "en": "counties with {warm_home_min_members}+ members of families bereaved of their only child in `[tables.special_families]` and no `warm_home` facility",
        "zh": "独生子女死亡特别扶助对象{warm_home_min_members}人及以上、尚无暖心家园的县(区)",
    },
    "prenatal_screening_per_county": {
        "en": "each county has a `prenatal_screening` facility; the city a `prenatal_diagnosis` and a `newborn_hearing_centre`",
        "zh": "每个县(区)有产前筛查机构；全市有产前诊断机构和新生儿听力诊断中心",
    },
    "designated_hospital_per_county": {
        "en": "a public (`ownership`) `hospital` with `grade` ≥ {designated_hospital_min_grade} and `designated` = true in each county; unknown ownership is not a pass",
        "zh": "每个县(区)有{designated_hospital_min_grade}级及以上、已定点的公立医院；公立/民营未知的不算达标",
    },
    "city_mch_grade": {
        "en": "the institution whose `serves` is the city's code has `grade` ≥ {city_mch_required_grade}",
        "zh": "服务范围为全市的妇幼保健机构等级不低于{city_mch_required_grade}级",
    },
    "indicator_maternal_mortality": {
        "en": "per county from `[tables.indicators]`: value ≤ {maternal_mortality_max_per_100k:g} per 100,000 (以下 includes the number), and better than the provincial average where the table gives it",
        "zh": "各县(区)孕产妇死亡率不高于{maternal_mortality_max_per_100k:g}/10万（以下包括本数），指标表给出全省平均时须优于全省平均",
    },
    "indicator_infant_mortality": {
        "en": "value ≤ {infant_mortality_max_per_1000:g} per 1,000, and better than the provincial average where given",
        "zh": "各县(区)婴儿死亡率不高于{infant_mortality_max_per_1000:g}‰，给出全省平均时须优于全省平均",
    },
    "indicator_premarital_check": {
        "en": "value ≥ {premarital_check_min_pct:g} % (0.7 is read as 70 % when a whole column is fractions; a mixed column is an error), and better than the provincial average where given",
        "zh": "各县(区)婚前医学检查率不低于{premarital_check_min_pct:g}%，给出全省平均时须优于全省平均",
    },
    "indicator_prepregnancy_check": {
        "en": "value ≥ {prepregnancy_check_min_pct:g} %, and better than the provincial average where given",
        "zh": "各县(区)孕前优生健康检查目标人群覆盖率不低于{prepregnancy_check_min_pct:g}%，给出全省平均时须优于全省平均",
    },
    "indicator_prenatal_screening": {
        "en": "value ≥ {prenatal_screening_min_pct:g} %, and better than the provincial average where given",
        "zh": "各县(区)产前筛查率不低于{prenatal_screening_min_pct:g}%，给出全省平均时须优于全省平均",
    },
}  # fmt: skip

#: words of ``carefac rules``
RULES_WORDS: dict[str, tuple[str, str]] = {
    "profile": ("profile", "配置"),
    "on": ("on", "启用"),
    "off": ("off (disabled in this profile)", "未启用（本配置关闭）"),
    "clause": ("clause", "条文"),
    "subject": ("subject", "对象"),
    "checks": ("checks", "检查内容"),
    "thresholds": ("thresholds", "阈值"),
    "comparison": ("comparison", "比较方式"),
    "inputs": ("inputs", "所需输入"),
    "unset": ("not set", "未设置"),
    "at_least": ("at least (以上 includes the number)", "不低于（以上包括本数）"),
    "at_most": ("at most (以下 includes the number)", "不高于（以下包括本数）"),
    "more_than": ("more than", "超过"),
    "less_than": ("less than", "低于"),
}


class _Unset:
    """A profile value that is not set: printed as ``?`` whatever the format."""

    def __format__(self, spec: str) -> str:
        return "?"


class _Values(dict):
    def __missing__(self, key):
        return _Unset()


def rule_summary(rule_id: str, values: dict, lang: str) -> str:
    """Return what a rule checks, in ``lang``, with the profile's ``values`` filled in (``?`` where unset)."""
    template = RULE_SUMMARIES.get(rule_id, {}).get("zh" if lang == "zh" else "en", "")
    return template.format_map(_Values({k: v for k, v in values.items() if v is not None}))


#: the whole study area's name (全市) in English outputs
CITY_TOTAL_EN = "whole city"

#: what a rule's rows are about → (English, Chinese)
SUBJECTS: dict[str, tuple[str, str]] = {
    "city": ("the city", "全市"),
    "county": ("counties", "县(区)"),
    "township": ("townships", "乡镇(街道)"),
    "district": ("residential districts", "居住区"),
    "venue": ("venues", "公共场所"),
}

#: an input a rule reads → (English, Chinese)
INPUTS: dict[str, tuple[str, str]] = {
    "areas_population": ("areas with population", "含常住人口的区划面"),
    "childcare": ("facilities: childcare kinds with slots", "设施：托育机构（含托位数）"),
    "residential": ("residential districts", "居住区"),
    "townships": ("township areas (level = township)", "乡镇(街道)区划面"),
    "unit_kind": ("unit_kind or 9-digit township codes", "乡镇类型或9位区划代码"),
    "urban": ("townships, or an urban column on districts", "乡镇区划面，或居住区的城镇/乡村列"),
    "parent_child_room": ("facilities: parent_child_room", "设施：向日葵亲子小屋"),
    "venues": ("venues", "公共场所"),
    "nursing_room": ("facilities: nursing_room", "设施：妈妈小屋"),
    "counties": ("county areas (level = county)", "县(区)区划面"),
    "vaccination_clinic": ("facilities: vaccination_clinic with smart", "设施：预防接种门诊（含是否智慧化）"),
    "mch_institution": ("facilities: mch_institution with grade (and floor_area_m2)", "设施：妇幼保健机构（含等级、建筑面积）"),
    "city_mch": ("facilities: mch_institution with serves = the city's code, and grade", "设施：服务范围为全市的妇幼保健机构（含等级）"),
    "special_families": ("table: special_families", "表：计划生育特别扶助对象"),
    "warm_home": ("facilities: warm_home", "设施：暖心家园"),
    "prenatal": ("facilities: prenatal_screening, prenatal_diagnosis, newborn_hearing_centre",
                 "设施：产前筛查机构、产前诊断机构、新生儿听力诊断中心"),
    "hospital": ("facilities: hospital with grade, designated, ownership", "设施：医院（含等级、是否定点、公立/民营）"),
    "indicators": ("table: indicators", "表：指标"),
}  # fmt: skip


# -- tables, maps and the report -----------------------------------------------------------------

#: canonical column → (Chinese, English) header.
HEADERS: dict[str, tuple[str, str]] = {
    "area_id": ("区划代码", "area_id"),
    "name": ("名称", "name"),
    "level": ("层级", "level"),
    "parent_id": ("上级代码", "parent_id"),
    "population": ("常住人口", "population"),
    "slots": ("托位数", "slots"),
    "slots_per_1000": ("每千人口托位数", "slots_per_1000"),
    "target_per_1000": ("目标每千人口托位数", "target_per_1000"),
    "slots_needed": ("尚需托位数", "slots_needed"),
    "meets_target": ("是否达标", "meets_target"),
    "facilities": ("托育机构数", "facilities"),
    "pop_under3": ("3岁以下人口", "pop_under3"),
    "slots_per_100_under3": ("每百名3岁以下婴幼儿托位数", "slots_per_100_under3"),
    "layer": ("图层", "layer"),
    "facility_id": ("机构编号", "facility_id"),
    "kind": ("类型", "kind"),
    "status": ("状态", "status"),
    "source_row": ("源文件行号", "source_row"),
    "lon": ("经度", "lon"),
    "lat": ("纬度", "lat"),
    "rule": ("规则代码", "rule"),
    "rule_title": ("规则", "rule_title"),
    "subject_id": ("对象编号", "subject_id"),
    "subject_name": ("对象名称", "subject_name"),
    "measured": ("测量值", "measured"),
    "threshold": ("阈值", "threshold"),
    "unit": ("单位", "unit"),
    "reason": ("原因", "reason"),
    "reason_code": ("原因代码", "reason_code"),
    "shortfall": ("缺口", "shortfall"),
    "better_than_province": ("优于全省平均", "better_than_province"),
    "rank": ("排名", "rank"),
    "candidate_id": ("候选点编号", "candidate_id"),
    "capacity": ("托位容量", "capacity"),
    "demand_served": ("服务3岁以下婴幼儿", "demand_served"),
    "marginal_gain": ("边际增益", "marginal_gain"),
    "demand_id": ("需求点编号", "demand_id"),
    "demand_name": ("需求点名称", "demand_name"),
    "weight": ("3岁以下婴幼儿", "weight"),
    "weight_basis": ("权重来源", "weight_basis"),
    "facility_kind": ("设施类型", "facility_kind"),
    "distance_m": ("距离(米)", "distance_m"),
    "within_radius": ("服务半径内", "within_radius"),
    "flagged": ("不达标", "flagged"),
    "ok": ("达标", "ok"),
    "not_applicable": ("不适用", "not_applicable"),
    "skipped": ("未检查", "skipped"),
    "new_sites": ("新建站点数", "new_sites"),
    "objective": ("目标值", "objective"),
    "bound": ("已证明的界", "bound"),
    "gap": ("差距", "gap"),
    "seconds": ("用时(秒)", "seconds"),
    "sense": ("方向", "sense"),
}

#: canonical value → Chinese label, for vocabulary cells.
VALUE_LABELS_ZH: dict[str, str] = {
    "city": "市",
    "county": "县(区)",
    "township": "乡镇(街道)",
    "existing": "现有",
    "proposed": "拟建",
    "pop_under3": "3岁以下人口",
    "estimated_under3": "按所在区域比例估算",
    "estimated_census2020": "按2020年普查年龄结构估算",
    "population": "常住人口",
}

#: area level → (Chinese, English) sheet name of the slots-per-1000 workbook
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "city": ("全市", "city"),
    "county": ("县区", "county"),
    "township": ("乡镇街道", "township"),
}

#: words of the maps (layer names, legends, tooltips); ``{threshold:,}`` is the profile's value
MAP_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "name": "名称",
        "population": "常住人口",
        "slots": "托位数",
        "per1000": "每千人口托位数",
        "needed": "尚需托位",
        "target": "目标",
        "slots_layer": "每千人口托位数",
        "flags_new": "新建居住区配建托育",
        "rooms": "常住人口{threshold:,}人及以上乡镇无亲子小屋",
        "facilities": "现有托育机构",
        "pcr": "向日葵亲子小屋",
        "sites": "拟建托育站点",
        "served": "服务3岁以下婴幼儿",
        "capacity": "托位",
        "reason": "原因",
        "shortfall": "缺口",
        "legend": "每千人口托位数",
        "per": "个/千人",
        "below": "低于目标",
        "no_population": "无常住人口",
        "service": "服务范围",
    },
    "en": {
        "name": "name",
        "population": "population",
        "slots": "slots",
        "per1000": "slots per 1000",
        "needed": "slots needed",
        "target": "target",
        "slots_layer": "slots per 1000",
        "flags_new": "new districts: childcare",
        "rooms": "townships of {threshold:,}+ residents without a room",
        "facilities": "existing childcare",
        "pcr": "parent-child rooms",
        "sites": "proposed sites",
        "served": "children served",
        "capacity": "slots",
        "reason": "reason",
        "shortfall": "shortfall",
        "legend": "slots per 1000",
        "per": "per 1000",
        "below": "below target",
        "no_population": "no residents",
        "service": "service area",
    },
}

#: words of the report
REPORT_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "托育设施规划报告",
        "headline": "主要指标",
        "city": "全市每千人口托位数",
        "needed": "全市净缺口（托位）",
        "gross_county": "各县(区)缺口合计",
        "gross_township": "各乡镇(街道)缺口合计",
        "notices": "数据说明（估算、换算与提示）",
        "curve": "站点数曲线（每个点的目标值与已证明的界）",
        "below_before_after": "未达标区域：{before} → {after}（共{total}个）；尚需托位合计：{need_before:,} → {need_after:,}",
        "more": "另有{n}条，见 {file}",
        "counties": "未达标县(区)",
        "flags": "政策检查",
        "plan": "全面对照（各县区 × 各项规则：✔ 达标 ✘ 未达标 – 不适用 ? 未检查）",
        "map": "地图",
        "county": "县(区)每千人口托位数",
        "township": "未达标乡镇(街道)（按尚需托位排序）",
        "sites": "拟建站点",
        "policy": "政策参数",
        "inputs": "输入文件",
        "versions": "软件版本",
        "rule": "规则",
        "distance": "距离计算方式",
        "generated": "由 carefac 生成",
    },
    "en": {
        "title": "Childcare facility planning report",
        "headline": "Headline figures",
        "city": "City slots per 1000",
        "needed": "City net need (slots)",
        "gross_county": "Gross need: sum over counties below target",
        "gross_township": "Gross need: sum over townships below target",
        "notices": "Notes on the data (estimates, conversions, warnings)",
        "curve": "Sites curve (each point's objective and proven bound)",
        "below_before_after": "Areas below target: {before} → {after} of {total}; slots still needed (sum over areas below target): {need_before:,} → {need_after:,}",
        "more": "{n} more in {file}",
        "counties": "Counties below target",
        "flags": "Policy checks",
        "plan": "Whole plan (county × rule: ✔ met, ✘ missed, – not applicable, ? not checked)",
        "map": "Map",
        "county": "Slots per 1000 by county",
        "township": "Townships below target (most slots needed first)",
        "sites": "Proposed sites",
        "policy": "Policy values",
        "inputs": "Inputs",
        "versions": "Versions",
        "rule": "rule",
        "distance": "Distances",
        "generated": "Generated by carefac",
    },
}

#: optimizer model → (English, Chinese) name, for the console and the report
MODEL_WORDS: dict[str, tuple[str, str]] = {
    "shortfall": ("shortfall", "缺口加权覆盖模型"),
    "mclp": ("mclp", "最大覆盖模型"),
    "p-median": ("p-median", "p中位模型"),
    "p-center": ("p-center", "p中心模型"),
    "attendance": ("attendance", "距离衰减就近入托模型"),
    "lscp": ("lscp", "集合覆盖模型"),
    "capacitated": ("capacitated", "容量约束p中位模型"),
    "ratio-target": ("ratio-target", "每千人口目标模型"),
}

#: how distances are measured → (English, Chinese)
DISTANCE_WORDS: dict[str, tuple[str, str]] = {
    "euclidean": ("straight-line", "直线距离"),
    "network": ("along roads", "路网距离"),
}

#: words of solver method names, longest first → Chinese (English runs print the method as it is)
METHOD_WORDS_ZH: tuple[tuple[str, str], ...] = (
    ("p-median on 1 − share", "以1−份额为成本的p中位"),
    ("set covers", "集合覆盖"),
    ("lexicographic", "字典序"),
    ("bisection", "二分"),
    ("lagrangian", "拉格朗日松弛"),
    ("benders", "本德斯分解"),
    ("heuristic", "启发式"),
    ("trivial", "平凡解"),
    ("milp", "混合整数规划"),
    ("swaps", "交换"),
    ("greedy", "贪心"),
)


def model_name(model: str, lang: str) -> str:
    """Return an optimizer model's name in ``lang``."""
    return MODEL_WORDS.get(model, (model, model))[1 if lang == "zh" else 0]


def distance_name(method: str, lang: str) -> str:
    """Return how distances were measured, in ``lang``."""
    return DISTANCE_WORDS.get(method, (method, method))[1 if lang == "zh" else 0]


def method_name(method: str, lang: str) -> str:
    """Return a solver method (``milp (lexicographic)``) in ``lang``."""
    if lang != "zh":
        return method
    for word, zh in METHOD_WORDS_ZH:
        method = method.replace(word, zh)
    return method.replace("+", "＋").replace("(", "（").replace(")", "）").replace(" ", "")


#: policy profile key → (English, Chinese) label, for the report
POLICY_WORDS: dict[str, tuple[str, str]] = {
    "name": ("profile", "配置名称"),
    "title": ("document", "政策文件"),
    "extends": ("extends", "继承配置"),
    "start_year": ("first year of the plan", "规划起始年"),
    "target_year": ("target year", "目标年"),
    "slots_per_1000_target": ("slots per 1000 residents, target", "每千人口托位数目标"),
    "childcare_kinds": ("facility kinds counted as childcare", "计为托位的设施类型"),
    "new_district_slots_per_1000": ("slots per 1000 residents of a new district", "新建居住区每千人口配建托位"),
    "new_district_nearby_counts": ("nearby facilities count for new districts", "周边设施计入新建居住区配建"),
    "persons_per_household": ("persons per household", "户均人口"),
    "service_distance_m": ("service distance (m)", "服务半径（米）"),
    "township_room_min_population": ("residents of a township that needs a parent-child room", "须建亲子小屋的乡镇人口"),
    "parent_child_room_unit_kinds": ("township kinds that need a parent-child room", "须建亲子小屋的乡镇类型"),
    "county_mch_grade2_min_population": ("residents of a county whose MCH institution needs the grade", "妇幼保健机构须达等级的县区人口"),
    "county_mch_required_grade": ("county MCH institution grade", "县级妇幼保健机构等级"),
    "county_mch_min_floor_area_m2": ("county MCH floor area standard (m²)", "县级妇幼保健机构建筑面积标准（平方米）"),
    "warm_home_min_members": ("members that call for a warm home", "须建暖心家园的特扶对象人数"),
    "nursing_room_venue_types": ("venues that need a nursing room", "须建妈妈小屋的场所"),
    "nursing_room_distance_m": ("nursing room distance (m)", "妈妈小屋距离（米）"),
    "smart_vaccination_target_share": ("smart vaccination clinics, target share", "智慧化预防接种门诊目标比例"),
    "city_mch_required_grade": ("city MCH institution grade", "市级妇幼保健机构等级"),
    "designated_hospital_min_grade": ("designated hospital grade", "定点医院等级"),
    "maternal_mortality_max_per_100k": ("maternal mortality, at most (per 100,000)", "孕产妇死亡率上限（/10万）"),
    "infant_mortality_max_per_1000": ("infant mortality, at most (per 1,000)", "婴儿死亡率上限（‰）"),
    "premarital_check_min_pct": ("premarital check rate, at least (%)", "婚前医学检查率下限（%）"),
    "prepregnancy_check_min_pct": ("pre-pregnancy check coverage, at least (%)", "孕前优生健康检查覆盖率下限（%）"),
    "prenatal_screening_min_pct": ("prenatal screening rate, at least (%)", "产前筛查率下限（%）"),
    "rules": ("rules switched in the profile", "配置中的规则开关"),
    "comparisons": ("comparisons set in the profile", "配置中的比较方式"),
    "clauses": ("clauses of the profile's document", "配置文件引用的条文"),
    "source": ("read from", "读取自"),
}  # fmt: skip

#: input layer or table name → (English, Chinese), for the report's list of inputs
INPUT_LAYER_WORDS: dict[str, tuple[str, str]] = {
    "areas": ("areas", "行政区划"),
    "facilities": ("facilities", "设施"),
    "residential": ("residential districts", "居住区"),
    "candidates": ("candidate sites", "候选站点"),
    "venues": ("venues", "公共场所"),
    "roads": ("roads", "道路"),
    "special_families": ("special families table", "计划生育特别扶助对象表"),
    "indicators": ("indicators table", "指标表"),
    "config": ("project config", "项目配置"),
}

#: words of the report's small tables
TABLE_WORDS: dict[str, tuple[str, str]] = {
    "key": ("setting", "参数"),
    "value": ("value", "取值"),
    "name": ("input", "输入"),
    "path": ("file", "文件"),
    "sha256": ("sha256", "SHA-256校验值"),
    "bytes": ("bytes", "字节数"),
    "package": ("package", "软件包"),
    "version": ("version", "版本"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "unset": ("not set", "未设置"),
    "built_in": ("built-in profile", "内置配置"),
    "extends_word": ("extends", "继承自"),
    "overrides_word": ("with overrides", "覆盖项"),
}


def word(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """Return ``table[key]`` in ``lang`` (the key itself when the catalogue has no entry)."""
    return table.get(key, (key, key))[1 if lang == "zh" else 0]


def code_label(code: str, lang: str) -> str:
    """Return a vocabulary code (``childcare``, ``town``, ``mall`` …) as a reader's word in ``lang``."""
    if lang != "zh":
        return code
    from ._schema import VALUE_ALIASES

    for aliases in VALUE_ALIASES.values():
        for alias, canonical in aliases.items():
            if canonical == code and not alias.isascii():
                return alias
    return code


def setting_text(value, lang: str) -> str:
    """Return a profile value as text in ``lang`` (lists of codes as words, yes/no, not set)."""
    if value is None:
        return word(TABLE_WORDS, "unset", lang)
    if isinstance(value, bool):
        return word(TABLE_WORDS, "yes" if value else "no", lang)
    if isinstance(value, list | tuple):
        return "、".join(code_label(v, lang) for v in value) if lang == "zh" else ", ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k} = {setting_text(v, lang)}" for k, v in value.items())
    if isinstance(value, str) and lang == "zh":
        for key in ("built_in", "extends_word", "overrides_word"):
            value = value.replace(TABLE_WORDS[key][0], TABLE_WORDS[key][1])
    return str(value)
