"""Why a flag row has its status: templates keyed by rule and reason code, filled with the row's facts."""

from __future__ import annotations

import string

__all__ = ["INDICATOR_WORDS", "MISSING_INPUTS", "REASONS", "reason"]

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
            elsewhere = ", as given in another row" if f.get("province_elsewhere") else ""
            text += f"; {'better' if f['better'] else 'not better'} than the province ({province:g}{elsewhere})"
        return text
    scale = "（按小数填写，已换算为百分数）" if f.get("fraction") else ""
    text = f"{name_zh}{f['value']:g}{unit_zh}{scale}，目标{relation[1]}{f['target']:g}{unit_zh}"
    if province is not None:
        elsewhere = "，取自表中另一行" if f.get("province_elsewhere") else ""
        text += f"，{'优于' if f['better'] else '未优于'}全省平均（{province:g}{elsewhere}）"
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
    "point_district_unlinked": {
        "en": "not checked: the district is a point, so whether a facility is its own (配建) cannot be told; give its "
        "outline, or its district_id on its facility",
        "zh": "未检查：该居住区为点，无法判断设施是否为其配建；请提供居住区轮廓面，或在其配建设施上填写居住区编号",
    },
    "rural_district": {
        "en": "a rural district: the rule is for new urban districts",
        "zh": "乡村居住区，本条适用于新建城镇居住区",
    },
    "own_provision": {
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
        "en": lambda f: "not checked: the county has no row in the special_families table" if not f.get("has_county")
        else "not checked: the county's count of special-assistance members is blank",
        "zh": lambda f: "未检查：特别扶助对象表中无该县(区)" if not f.get("has_county")
        else "未检查：该县(区)的特别扶助对象人数为空",
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
    ("indicator", "no_row"): {
        "en": lambda f: "not checked: the county has no row in the indicators table" if not f["has_county"]
        else f"not checked: no {INDICATOR_WORDS[f['indicator']][0]} value",
        "zh": lambda f: f"未检查：指标表中无该县(区){INDICATOR_WORDS[f['indicator']][1]}",
    },
    ("indicator", "meets_target"): {"en": lambda f: _indicator(f, "en"), "zh": lambda f: _indicator(f, "zh")},
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


# one sentence for both kinds of provision (the facts say which) and both smart-share verdicts
REASONS["nearby_provision"] = REASONS["own_provision"]
REASONS["share_below"] = REASONS["share_met"]
for _code in ("misses_target", "not_better_than_province"):
    REASONS[("indicator", _code)] = REASONS[("indicator", "meets_target")]


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
