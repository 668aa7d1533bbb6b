"""Words about rules: units, statuses, what each rule checks, subjects and inputs."""

from __future__ import annotations

__all__ = [
    "CITY_TOTAL_EN",
    "INPUTS",
    "RULES_WORDS",
    "RULE_SUMMARIES",
    "STATUS_WORDS",
    "SUBJECTS",
    "UNITS",
    "rule_summary",
]

UNITS: dict[str, tuple[str, str]] = {
    "slots per 1000": ("slots per 1000", "个/千人"),
    "slots": ("slots", "个托位"),
    "m": ("m", "米"),
    "m²": ("m²", "平方米"),
    "rooms": ("rooms", "所"),
    "residents": ("residents", "人"),
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
        "en": "venues ({nursing_room_venue_types}) with no `nursing_room` inside or within {nursing_room_distance_m:g} m (or `has_nursing_room`)",
        "zh": "场所内及{nursing_room_distance_m:g}米内无妈妈小屋或母婴设施（且未登记有母婴室）的场所（{nursing_room_venue_types}）",
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
    from .outputs import code_label

    template = RULE_SUMMARIES.get(rule_id, {}).get("zh" if lang == "zh" else "en", "")
    listed = {k: ("、" if lang == "zh" else ", ").join(code_label(str(c), lang) for c in v)
              for k, v in values.items() if isinstance(v, list | tuple)}  # fmt: skip  (venue types: 医院、商超 …)
    return template.format_map(_Values({k: v for k, v in values.items() if v is not None} | listed))


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
