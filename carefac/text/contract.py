"""The input data contract in words: what each column of each layer and table means, its unit,
and which rules or steps read it (the columns themselves are in :mod:`carefac._schema`)."""

from __future__ import annotations

__all__ = ["COLUMN_DOCS", "CONTRACT_HEADERS", "KIND_WORDS", "LAYER_DOCS", "STEPS", "TABLE_COLUMNS"]

#: the contract table's headers: key → (English, Chinese)
CONTRACT_HEADERS: dict[str, tuple[str, str]] = {
    "chinese": ("Chinese header", "中文列名"),
    "column": ("column", "英文列名"),
    "aliases": ("also read", "也可写作"),
    "kind": ("type", "类型"),
    "unit": ("unit", "单位"),
    "allowed": ("allowed values", "允许取值"),
    "required": ("required", "必填"),
    "meaning": ("meaning", "说明"),
    "used_by": ("used by", "用于"),
}

#: a column's kind → (English, Chinese); and required: (yes, no) per language
KIND_WORDS: dict[str, tuple[str, str]] = {
    "choice": ("choice", "选项"),
    "yes/no": ("yes/no", "是/否"),
    "whole number": ("whole number", "整数"),
    "number": ("number", "数值"),
    "text": ("text", "文本"),
    "required_yes": ("yes", "是"),
    "required_no": ("", "否"),
}

#: layer or table → (English, Chinese) description of one row, and the geometry it needs
LAYER_DOCS: dict[str, tuple[str, str, str]] = {
    "areas": ("one county or township (and optionally the city) with its residents", "一个县(区)或乡镇(街道)（可含全市）及其常住人口", "polygon"),
    "facilities": ("one existing or planned facility (childcare, rooms, clinics, hospitals …)", "一个现有或规划设施（托育机构、小屋、门诊、医院等）", "point"),
    "residential": ("one residential district (居住区/小区)", "一个居住区（小区）", "polygon, or point"),
    "candidates": ("one candidate site for a new childcare facility", "一个新建托育设施的候选站点", "point"),
    "venues": ("one public venue that needs a nursing room", "一个须建妈妈小屋的公共场所", "point or polygon"),
    "special_families": ("one county: members of families bereaved of their only child", "一个县(区)：独生子女死亡特别扶助对象人数", "table"),
    "indicators": ("one county: its 2025 health indicators (and provincial averages)", "一个县(区)：2025年健康指标（及全省平均）", "table"),
}  # fmt: skip

#: columns of the county tables (the layers' columns are in carefac._schema.LAYER_SPECS)
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "special_families": ("area_id", "special_assistance_members"),
    "indicators": ("area_id", "maternal_mortality", "infant_mortality", "premarital_check", "prepregnancy_check",
                   "prenatal_screening"),
}  # fmt: skip

#: column → (unit, English meaning, Chinese meaning, the rules or steps that read it)
COLUMN_DOCS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "area_id": ("", "statistical code (6 digits for a county, 9 for a township)", "统计用区划代码（县6位，乡镇9位）", ("all",)),
    "name": ("", "name", "名称", ("all",)),
    "level": ("", "city, county or township", "市、县(区)或乡镇(街道)", ("all",)),
    "parent_id": ("", "code of the county (for a township) or city (for a county)", "上级区划代码", ("sums",)),
    "population": ("persons", "resident population (常住人口); a header like 常住人口(万人) is converted", "常住人口（人；表头注明万人的自动换算）", ("slots_per_1000", "township_parent_child_room", "county_mch_grade", "new_residential_childcare", "old_residential_childcare")),
    "pop_under3": ("persons", "children under 3; else the sum of columns by age (0岁, 1岁, 2岁), or 0岁 + ½ × 1-4岁 (estimated, said)", "3岁以下婴幼儿数；未填时取分岁列之和（0岁、1岁、2岁），或按 0岁 + ½ × 1-4岁 估算（并提示）", ("optimizer", "old_residential_childcare")),
    "unit_kind": ("", "subdistrict (街道), town (镇), xiang (乡) or xiang_like; else from the code's digits 7–9", "街道、镇、乡或类似乡级单位；缺省时按区划代码第7–9位判断", ("township_parent_child_room", "new_residential_childcare")),
    "facility_id": ("", "facility code", "设施编号", ("all",)),
    "kind": ("", "facility kind", "设施类型", ("all",)),
    "slots": ("slots", "childcare slots (托位)", "托位数", ("slots_per_1000", "new_residential_childcare", "old_residential_childcare", "optimizer")),
    "grade": ("", "grade 1–3 (一级/二级/三级 read too)", "等级1–3（可写一级/二级/三级）", ("county_mch_grade", "city_mch_grade", "designated_hospital_per_county")),
    "floor_area_m2": ("m²", "floor area", "建筑面积（平方米）", ("county_mch_grade",)),
    "inclusive": ("", "inclusive (普惠) childcare", "是否普惠", ("tables",)),
    "smart": ("", "smart (智慧化) vaccination clinic", "是否智慧化", ("smart_vaccination",)),
    "designated": ("", "designated for special-assistance families", "是否计划生育特殊家庭定点", ("designated_hospital_per_county",)),
    "status": ("", "existing, planned, under_construction or closed (facilities: not counted, said; districts: also new)", "现有、规划、在建或停业（设施停业不计入并提示；居住区另有新建）", ("all",)),
    "ownership": ("", "public (公立) or private (民营)", "公立或民营", ("designated_hospital_per_county",)),
    "serves": ("", "code of the county or city it serves, when not where it lies", "服务的县(区)或全市代码（与所在地不同时填写）", ("county_rules",)),
    "declared_area": ("", "the area the spreadsheet says it lies in: its code, 12-digit code or name (checked against its point; a point elsewhere is counted where it lies, and said)", "表中登记的所属区划：代码、12位代码或名称（与坐标核对；点位于别处时按点所在区域计入并提示）", ("locations",)),
    "district_id": ("", "residential district code (on a facility: the district it was built with, 配建)", "居住区编号（设施上填写：配建所属居住区）", ("new_residential_childcare",)),
    "households": ("households", "households (population = households × persons per household when no population)", "户数（无人口时按户数 × 户均人口估算）", ("new_residential_childcare", "old_residential_childcare")),
    "persons_per_household": ("persons", "persons per household of this district (its population = households × this when no population; else the profile's)", "本居住区户均人口（无人口时按户数 × 该值估算；未填按配置）", ("new_residential_childcare", "old_residential_childcare")),
    "completion_year": ("year", "year completed or delivered", "竣工（交付）年份", ("new_residential_childcare",)),
    "urban": ("", "urban (城镇) or rural (乡村) district", "城镇或乡村居住区", ("new_residential_childcare",)),
    "candidate_id": ("", "candidate code", "候选站点编号", ("optimizer",)),
    "capacity": ("slots", "slots a new facility there would add", "拟建托位数", ("optimizer",)),
    "cost": ("yuan", "cost of building there", "建设成本（元）", ("optimizer",)),
    "venue_id": ("", "venue code", "场所编号", ("nursing_room",)),
    "venue_type": ("", "venue type", "场所类型", ("nursing_room",)),
    "has_nursing_room": ("", "the venue declares a nursing room (母婴室)", "是否已有母婴室", ("nursing_room",)),
    "special_assistance_members": ("persons", "members of families bereaved of their only child (独生子女死亡特别扶助对象); a bare 人数 is refused", "独生子女死亡特别扶助对象人数（仅写“人数”将被拒绝）", ("warm_home",)),
    "maternal_mortality": ("per 100,000", "maternal mortality; a column <name>全省平均 gives the provincial average", "孕产妇死亡率（/10万）；“孕产妇死亡率全省平均”列给出全省平均", ("indicator_maternal_mortality",)),
    "infant_mortality": ("per 1,000", "infant mortality", "婴儿死亡率（‰）", ("indicator_infant_mortality",)),
    "premarital_check": ("%", "premarital check rate", "婚前医学检查率（%）", ("indicator_premarital_check",)),
    "prepregnancy_check": ("%", "pre-pregnancy check coverage", "孕前优生健康检查目标人群覆盖率（%）", ("indicator_prepregnancy_check",)),
    "prenatal_screening": ("%", "prenatal screening rate", "产前筛查率（%）", ("indicator_prenatal_screening",)),
}  # fmt: skip

#: steps (not rules) that read a column → (English, Chinese)
STEPS: dict[str, tuple[str, str]] = {
    "all": ("every step", "全部"),
    "sums": ("county and township sums", "县乡人口核对"),
    "optimizer": ("the optimizer", "选址优化"),
    "tables": ("output tables", "输出表格"),
    "county_rules": ("county and city rules", "县级和市级规则"),
    "locations": ("location checks", "位置核对"),
}
