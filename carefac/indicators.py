"""The plan's county-level service rules and its 2025 health indicators.

Rules: every county has a prenatal screening institution, and the city a prenatal diagnosis
institution and a newborn hearing diagnosis centre; every county has a public hospital of grade
2+ designated for special-assistance families; the city MCH institution is grade 3; and five
2025 indicators per county from ``[tables.indicators]``, each against its target and, where the
table gives it, the provincial average.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._errors import Problem, ValidationError
from ._flagrows import _county_facilities, _facilities_of, _row, _skipped, _table
from ._numbers import codes_as_text as table_codes
from ._numbers import parse_numbers
from ._schema import COLUMN_ALIASES, normalise_key
from .model import StudyArea
from .network import EUCLIDEAN, Distances
from .policy import Policy, load_policy

__all__ = [
    "INDICATORS",
    "city_mch_grade",
    "designated_hospital_per_county",
    "indicator_rules",
    "prenatal_screening_per_county",
    "read_indicator_table",
]


@dataclass(frozen=True)
class Indicator:
    """One 2025 indicator: its column, aliases, unit, target key in the profile, and direction."""

    name: str
    aliases: tuple[str, ...]
    unit: str
    unit_zh: str
    target_key: str
    lower_is_better: bool
    percent: bool
    title_zh: str


INDICATORS = (
    Indicator(
        "maternal_mortality",
        ("maternal_mortality", "孕产妇死亡率"),
        "per 100,000",
        "/10万",
        "maternal_mortality_max_per_100k",
        True,
        False,
        "孕产妇死亡率",
    ),
    Indicator(
        "infant_mortality",
        ("infant_mortality", "婴儿死亡率"),
        "per 1,000",
        "‰",
        "infant_mortality_max_per_1000",
        True,
        False,
        "婴儿死亡率",
    ),
    Indicator(
        "premarital_check",
        ("premarital_check", "premarital_check_rate", "婚前医学检查率"),
        "%",
        "%",
        "premarital_check_min_pct",
        False,
        True,
        "婚前医学检查率",
    ),
    Indicator(
        "prepregnancy_check",
        (
            "prepregnancy_check",
            "prepregnancy_check_coverage",
            "孕前优生健康检查目标人群覆盖率",
            "孕前优生健康检查覆盖率",
        ),
        "%",
        "%",
        "prepregnancy_check_min_pct",
        False,
        True,
        "孕前优生健康检查覆盖率",
    ),
    Indicator(
        "prenatal_screening",
        ("prenatal_screening", "prenatal_screening_rate", "产前筛查率"),
        "%",
        "%",
        "prenatal_screening_min_pct",
        False,
        True,
        "产前筛查率",
    ),
)
_PROVINCE_SUFFIXES = (
    "_province",
    "_provincial_average",
    "全省平均",
    "_全省平均",
    "（全省平均）",
    "(全省平均)",
)


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    folded = {normalise_key(c): c for c in columns}
    return next((folded[normalise_key(n)] for n in names if normalise_key(n) in folded), None)


def read_indicator_table(table: pd.DataFrame, *, source: str = "indicators") -> pd.DataFrame:
    """Return the indicator table with canonical columns, percentages on the 0–100 scale.

    A percentage column given wholly as fractions (0.7) is read as percent (70) and marked in
    ``<name>_scale``; a column that mixes both is an error naming the rows. Provincial averages
    come from ``<name>_province`` or ``<中文名>全省平均`` columns.
    """
    columns = [str(c) for c in table.columns]
    area = _find(columns, COLUMN_ALIASES["area_id"])
    problems = []
    if area is None:
        problems.append(
            Problem(
                source,
                "the indicator table has no area_id column.",
                "add area_id (县区代码) to key the rows.",
            )
        )
    out = pd.DataFrame({"area_id": table_codes(table[area]) if area else []})
    for ind in INDICATORS:
        for suffix, target in (("", ind.name), ("province", f"{ind.name}_province")):
            names = (
                ind.aliases if not suffix else tuple(a + s for a in ind.aliases for s in _PROVINCE_SUFFIXES)
            )
            column = _find(columns, names)
            if column is None:
                continue
            parsed = parse_numbers(table[column], percent=ind.percent)
            values = parsed.values
            if parsed.unreadable.any():
                problems.append(
                    Problem(
                        source,
                        f"values are not numbers ({', '.join(repr(v) for v in table[column][parsed.unreadable].head(3))}).",
                        "write plain numbers (95.2 or 95.2%); a comma is only a thousands separator, so write "
                        "decimals with a point (24.55, not 24，55).",
                        column,
                        tuple(int(r) + 2 for r in np.flatnonzero(parsed.unreadable.to_numpy())),
                    )
                )
                continue
            if ind.percent:
                fraction = values <= 1.0
                if fraction.any() and (values > 1.0).any():
                    rows = tuple(int(r) + 2 for r in np.flatnonzero(fraction.to_numpy()))
                    problems.append(
                        Problem(
                            source,
                            f"'{column}' mixes fractions (≤ 1, e.g. 0.7) with percentages (e.g. 70).",
                            "write every value on one scale, e.g. 70 for 70 %.",
                            column,
                            rows,
                        )
                    )
                    continue
                if fraction.all():
                    values = values * 100.0
                    out[f"{target}_scale"] = "fraction"
            out[target] = values.to_numpy()
    if problems:
        raise ValidationError(problems)
    return out


def _passes(ind: Indicator, value: float, target: float) -> bool:
    """Return whether a value meets its target: at most the target for mortality ("8/10万以下"),
    at least the target for rates ("不低于70%"). 以上、以下 include the number itself (Civil Code
    art. 1259: 民法所称的"以上""以下""以内""届满"，包括本数)."""
    return value <= target + 1e-9 if ind.lower_is_better else value >= target - 1e-9


def indicator_rules(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Return one ``indicator_<name>`` row per county and indicator: measured value, target, status,
    and ``better_than_province`` where the table gives the provincial average."""
    policy = policy or load_policy()
    raw = study.tables.get("indicators")
    if raw is None:
        return pd.concat(
            [
                _skipped(
                    f"indicator_{i.name}",
                    "indicators table",
                    "add [tables.indicators] with one row per county",
                )
                for i in INDICATORS
            ],
            ignore_index=True,
        )
    table = read_indicator_table(raw, source=study.sources.get("indicators", "indicators"))
    by_area = table.set_index("area_id")
    rows = []
    for c in study.areas_at("county").itertuples(index=False):
        for ind in INDICATORS:
            rule = f"indicator_{ind.name}"
            target = float(getattr(policy, ind.target_key))
            has_row = c.area_id in by_area.index and ind.name in by_area.columns
            value = float(by_area.loc[c.area_id, ind.name]) if has_row else np.nan
            if not has_row or np.isnan(value):
                why = (
                    "the county has no row in the indicators table"
                    if c.area_id not in by_area.index
                    else f"no {ind.name} value"
                )
                rows.append(
                    _row(
                        rule,
                        c.area_id,
                        c.name,
                        "skipped",
                        None,
                        target,
                        ind.unit,
                        "no_row",
                        f"not checked: {why}",
                        f"未检查：指标表中无该县(区){ind.title_zh}",
                    )
                )
                continue
            province = (
                float(by_area.loc[c.area_id, f"{ind.name}_province"])
                if f"{ind.name}_province" in by_area.columns
                else np.nan
            )
            better = (
                None
                if np.isnan(province)
                else bool(value < province if ind.lower_is_better else value > province)
            )
            relation = "at most" if ind.lower_is_better else "at least"
            scale = (
                " (given as a fraction, read as %)"
                if by_area.get(f"{ind.name}_scale") is not None
                and by_area.loc[c.area_id].get(f"{ind.name}_scale") == "fraction"
                else ""
            )
            province_en = (
                ""
                if better is None
                else (
                    f"; better than the province ({province:g})"
                    if better
                    else f"; not better than the province ({province:g})"
                )
            )
            province_zh = (
                ""
                if better is None
                else (f"，优于全省平均（{province:g}）" if better else f"，未优于全省平均（{province:g}）")
            )
            meets = _passes(ind, value, target)
            ok = meets and better is not False  # "以上指标均优于全省平均水平" is part of the target
            code = "meets_target" if ok else ("misses_target" if not meets else "not_better_than_province")
            en = f"{ind.name.replace('_', ' ')} {value:g} {ind.unit}{scale}; target {relation} {target:g}{province_en}"
            zh = f"{ind.title_zh}{value:g}{ind.unit_zh}，目标{'不高于' if ind.lower_is_better else '不低于'}{target:g}{ind.unit_zh}{province_zh}"
            row = _row(
                rule,
                c.area_id,
                c.name,
                "ok" if ok else "flagged",
                value,
                target,
                ind.unit,
                code,
                en,
                zh,
                shortfall=None if meets else abs(value - target),
            )
            row["better_than_province"] = better
            rows.append(row)
    return _table(rows)


def _county_presence(rule, study, present, unit, ok_code, missing_code, english, chinese) -> list[dict]:
    """Return one row per county: ``ok`` with the count of ``present`` facilities serving it, else ``flagged``.

    ``english``/``chinese`` are (found, missing) texts; ``{n}`` in the found text is the count.
    """
    rows = []
    for c in study.areas_at("county").itertuples(index=False):
        count = int((present["serves_county"] == c.area_id).sum())
        if count:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "ok",
                    count,
                    1,
                    unit,
                    ok_code,
                    english[0].format(n=count),
                    chinese[0].format(n=count),
                )
            )
        else:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "flagged",
                    0,
                    1,
                    unit,
                    missing_code,
                    english[1],
                    chinese[1],
                    shortfall=1,
                )
            )
    return rows


def prenatal_screening_per_county(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check every county has a prenatal screening institution, and the city a prenatal diagnosis
    institution and a newborn hearing diagnosis centre."""
    rule = "prenatal_screening_per_county"
    screening = _county_facilities(study, "prenatal_screening")
    if screening is None:
        return _skipped(rule, "facilities", "add [layers.facilities] with kind = prenatal_screening")
    rows = _county_presence(
        rule,
        study,
        screening,
        "institutions",
        "has_institution",
        "no_institution",
        ("{n} prenatal screening institution(s)", "no prenatal screening institution"),
        ("有产前筛查机构{n}所", "无产前筛查机构"),
    )
    city_id, city_name = _city(study)
    for kind, en, zh in (
        ("prenatal_diagnosis", "prenatal diagnosis institution", "产前诊断机构"),
        ("newborn_hearing_centre", "newborn hearing diagnosis centre", "新生儿听力诊断中心"),
    ):
        count = int(len(_facilities_of(study, kind)))
        status = "ok" if count else "flagged"
        rows.append(
            _row(
                rule,
                city_id,
                f"{city_name}: {en}",
                status,
                count,
                1,
                "institutions",
                "has_institution" if count else "no_institution",
                f"the city has {count} {en}(s)" if count else f"the city has no {en}",
                f"全市有{zh}{count}所" if count else f"全市无{zh}",
                shortfall=None if count else 1,
            )
        )
    return _table(rows)


def designated_hospital_per_county(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check every county has a public hospital of grade 2+ designated for special-assistance families.

    (六)20: "应将本地二级及以上公立医院作为计划生育特殊家庭定点医疗服务机构": the hospital must be
    public (``ownership`` = public, 公立). A county whose only designated grade-2+ hospitals have
    unknown ownership is ``skipped`` with that reason: unknown is not a pass.
    """
    rule = "designated_hospital_per_county"
    policy = policy or load_policy()
    hospitals = _county_facilities(study, "hospital")
    if hospitals is None:
        return _skipped(
            rule,
            "facilities",
            "add [layers.facilities] with kind = hospital, grade, designated and ownership",
        )
    if "designated" not in hospitals or "grade" not in hospitals:
        return _skipped(
            rule, "hospital attributes", "give hospitals grade and designated (true/false) columns"
        )
    minimum = policy.designated_hospital_min_grade
    ownership = hospitals["ownership"] if "ownership" in hospitals else pd.Series(None, index=hospitals.index)
    qualified = hospitals["designated"].fillna(False).astype(bool) & (
        hospitals["grade"].astype(float) >= minimum
    )
    good = hospitals[qualified & (ownership == "public")]
    unknown = hospitals[qualified & ownership.isna()]
    rows = _county_presence(
        rule,
        study,
        good,
        "hospitals",
        "has_designated",
        "no_designated",
        (
            f"{{n}} designated public hospital(s) of grade {minimum}+",
            f"no designated public hospital of grade {minimum}+",
        ),
        ("有二级及以上公立定点医院{n}所", "无二级及以上公立计划生育特殊家庭定点医院"),
    )
    undecided = set(unknown["serves_county"].dropna()) - set(good["serves_county"].dropna())
    for row in rows:
        if row["subject_id"] in undecided:
            row.update(
                status="skipped",
                reason_code="ownership_unknown",
                reason=f"not checked: the designated hospital(s) of grade {minimum}+ have no ownership (public/private)",
                reason_zh="未检查：二级及以上定点医院未注明公立或民营",
            )
    return _table(rows)


def _city(study: StudyArea) -> tuple[str, str]:
    """Return the id and name of the city the counties belong to."""
    city = study.areas_at("city")
    if len(city):
        return str(city["area_id"].iloc[0]), str(city["name"].iloc[0])
    parents = set(study.areas_at("county")["parent_id"].dropna())
    return (parents.pop() if len(parents) == 1 else "city"), "全市"


def city_mch_grade(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check the city-level MCH institution (``serves`` = the city's id) reaches the required grade."""
    rule = "city_mch_grade"
    policy = policy or load_policy()
    institutions = _facilities_of(study, "mch_institution")
    if institutions is None:
        return _skipped(rule, "facilities", "add [layers.facilities] with kind = mch_institution")
    city_id, city_name = _city(study)
    required = policy.city_mch_required_grade
    own = (
        institutions[institutions["serves"].astype(str) == city_id]
        if "serves" in institutions
        else institutions.iloc[0:0]
    )
    if own.empty:
        return _table(
            [
                _row(
                    rule,
                    city_id,
                    city_name,
                    "flagged",
                    None,
                    required,
                    "grade",
                    "no_institution",
                    f"no city-level MCH institution (serves = {city_id})",
                    "无市级妇幼保健机构",
                    shortfall=1,
                )
            ]
        )
    grade = float(pd.to_numeric(own["grade"]).max()) if "grade" in own else np.nan
    if not np.isnan(grade) and grade >= required:
        return _table(
            [
                _row(
                    rule,
                    city_id,
                    city_name,
                    "ok",
                    grade,
                    required,
                    "grade",
                    "grade_met",
                    f"city MCH institution grade {grade:g} (required {required})",
                    f"市级妇幼保健机构达到{required}级",
                )
            ]
        )
    return _table(
        [
            _row(
                rule,
                city_id,
                city_name,
                "flagged",
                None if np.isnan(grade) else grade,
                required,
                "grade",
                "grade_below",
                f"city MCH institution grade {'unknown' if np.isnan(grade) else f'{grade:g}'}, required {required}",
                f"市级妇幼保健机构未达到{required}级",
                shortfall=None if np.isnan(grade) else required - grade,
            )
        ]
    )
