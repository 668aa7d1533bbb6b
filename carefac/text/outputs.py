"""Words of the outputs: table headers, sheet names, maps, the report, models and profile keys."""

from __future__ import annotations

from .console import CONSOLE

__all__ = [
    "DISTANCE_WORDS",
    "HEADERS",
    "INPUT_LAYER_WORDS",
    "MAP_WORDS",
    "METHOD_WORDS_ZH",
    "MODEL_WORDS",
    "PLOT_WORDS",
    "POLICY_WORDS",
    "REPORT_WORDS",
    "SHEET_NAMES",
    "TABLE_WORDS",
    "VALUE_LABELS_ZH",
    "chart_characters",
    "code_label",
    "distance_name",
    "method_name",
    "model_name",
    "setting_text",
    "word",
]

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
    "source_sheet": ("源工作表", "source_sheet"),
    "county_id": ("所在县区代码", "county_id"),
    "township_id": ("所在乡镇代码", "township_id"),
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
    "access_before": ("现状可达性（托位/3岁以下婴幼儿）", "access_before"),
    "no_access_share": ("服务半径内无托位的婴幼儿占比", "no_access_share"),
    "access_after": ("新建站点后可达性（托位/3岁以下婴幼儿）", "access_after"),
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
    "max": "越大越好",  # a sites curve's sense: which way its objective is better
    "min": "越小越好",
}

#: area level → (Chinese, English) sheet name of the slots-per-1000 workbook
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "summary": ("汇总", "summary"),
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
        "legend_flagged": "新建居住区：配建不达标",
        "legend_passing": "新建居住区：配建达标",
        "legend_rooms": "应建而未建亲子小屋的乡镇",
        "access": "居住区托位可达性（两步移动搜寻法）",
        "access_name": "名称",
        "access_weight": "3岁以下婴幼儿",
        "access_access_before": "现状可达性（托位/名）",
        "access_access_after": "新建站点后可达性（托位/名）",
        "facilities": "现有托育机构",
        "pcr": "向日葵亲子小屋",
        "sites": "拟建托育站点",
        "served": "服务3岁以下婴幼儿",
        "closes": "补足缺口托位",
        "capacity": "托位",
        "capacity_unknown": "托位数未填",
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
        "legend_flagged": "new district: own childcare short",
        "legend_passing": "new district: own childcare met",
        "legend_rooms": "township that needs a parent-child room",
        "access": "districts' access to slots (2SFCA)",
        "access_name": "name",
        "access_weight": "children under 3",
        "access_access_before": "access today (slots per child)",
        "access_access_after": "access with the proposed sites (slots per child)",
        "facilities": "existing childcare",
        "pcr": "parent-child rooms",
        "sites": "proposed sites",
        "served": "children served",
        "closes": "shortfall slots closed",
        "capacity": "slots",
        "capacity_unknown": "slots not given",
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
        "access": "托位可达性与公平性（两步移动搜寻法）",
        "access_text": "两步移动搜寻法（2SFCA）：每名3岁以下婴幼儿在{catchment:g}米（{distance}）内可达的托位数，距离与政策检查相同。基尼系数：{gini}；可达性低于规划目标（每名婴幼儿{threshold:.3f}个托位，即每千人口{target:g}个）的婴幼儿占比：{share}；{catchment:g}米内无托位的婴幼儿：{none}人。",
        "access_worst": "可达性最低的居住区（前{n}个）",
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
        "access": "Access to slots and equity (two-step floating catchment)",
        "access_text": "Two-step floating catchment (2SFCA): slots reachable per child under 3 within {catchment:g} m ({distance}), measured as in the checks. Gini: {gini}; children below the plan's target ({threshold:.3f} slots per child, i.e. {target:g} per 1000 residents): {share}; children with no slot within {catchment:g} m: {none}.",
        "access_worst": "Districts with the least access (first {n})",
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
#: the charts' words (curve.png, lorenz.png): language → key → text
PLOT_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "x": "新建站点数",
        "max": "目标值（越大越好）",
        "min": "目标值（越小越好）",
        "max_unit": "目标值（{unit}，越大越好）",
        "min_unit": "目标值（{unit}，越小越好）",
        "bound": "已证明的界",
        "title": "站点数曲线",
        "people": "3岁以下婴幼儿累计占比（由可达性最低者起）",
        "amount": "可达托位累计占比",
        "equal": "完全均等",
        "before": "调整前",
        "after": "新建站点后",
        "gini": "基尼系数",
    },
    "en": {
        "x": "new sites",
        "max": "objective (higher is better)",
        "min": "objective (lower is better)",
        "max_unit": "objective ({unit}, higher is better)",
        "min_unit": "objective ({unit}, lower is better)",
        "bound": "proven bound",
        "title": "sites curve",
        "people": "cumulative share of children under 3 (least access first)",
        "amount": "cumulative share of accessible slots",
        "equal": "equal access",
        "before": "today",
        "after": "with the proposed sites",
        "gini": "Gini",
    },
}

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

#: a config choice's value as a Chinese office writes it → the value it stands for (besides each
#: model's Chinese name in :data:`MODEL_WORDS`): level = "乡镇", weight = "3岁以下", lang = "中文"
SETTING_WORDS: dict[str, str] = {
    "乡镇": "township", "乡镇街道": "township", "乡镇(街道)": "township", "镇街": "township", "街道": "township",
    "乡级": "township", "县": "county", "县区": "county", "区县": "county", "县(区)": "county", "县级": "county",
    "3岁以下": "under3", "三岁以下": "under3", "3岁以下婴幼儿": "under3", "婴幼儿": "under3", "0-3岁": "under3",
    "人口": "population", "常住人口": "population",
    "中文": "zh", "汉语": "zh", "简体中文": "zh", "chinese": "zh", "cn": "zh", "zh-cn": "zh",
    "英文": "en", "英语": "en", "english": "en",
    "直线": "euclidean", "直线距离": "euclidean", "欧氏距离": "euclidean",
    "路网": "network", "路网距离": "network", "道路": "network",
    "步行": "walk", "驾车": "drive", "车行": "drive", "开车": "drive",
    "自动": "auto", "精确": "exact", "精确解": "exact", "启发式": "heuristic",
    "居住区": "residential", "小区": "residential", "区域": "areas", "行政区": "areas",
    "报错": "error", "报告": "report", "列出": "report", "提示": "warn", "警告": "warn",
    "最大覆盖": "mclp", "p中位": "p-median", "p中值": "p-median", "p中心": "p-center", "集合覆盖": "lscp",
    "缺口": "shortfall", "千人指标": "ratio-target",
}  # fmt: skip

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


def chart_characters() -> str:
    """Return every character outside ASCII a Chinese chart can draw (its words, the models'
    names, what their objectives count): the bundled chart font (``carefac/static/fonts``) is
    cut to these."""
    units = [words["zh"] for key, words in CONSOLE.items() if key.startswith(("objective_", "who_"))]
    texts = [*PLOT_WORDS["zh"].values(), *(zh for _, zh in MODEL_WORDS.values()), *units, "（）：，、。％…→×"]
    return "".join(sorted({char for text in texts for char in text if ord(char) > 127}))


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
    "areas_join": ("areas' figures table (join)", "行政区划数据表（连接）"),
}

#: words of the report's small tables
TABLE_WORDS: dict[str, tuple[str, str]] = {
    "key": ("setting", "参数"),
    "area_name": ("name", "名称"),
    "area_code": ("area_id", "区划代码"),
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
    from .._schema import VALUE_ALIASES

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


#: words of a batch's merged outputs → (English, Chinese)
BATCH_WORDS: dict[str, tuple[str, str]] = {
    "study_area": ("study_area", "研究区"),
    "config": ("config", "配置文件"),
    "message": ("message", "问题"),
    "proposed_sites": ("proposed_sites", "拟建站点数"),
    "flagged": (" flagged", "不达标数"),
    "title": ("Study areas of the batch", "各研究区汇总"),
    "failed": ("Failed study areas", "未能完成的研究区"),
}
