"""County and city coverage: MCH institutions, prenatal screening, designated hospitals, warm homes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import ValidationError, problem
from .._numbers import first_data_row, parse_numbers
from ..model import StudyArea
from ..network import EUCLIDEAN, Distances
from ..policy import Policy
from ._registry import rule
from ._rows import county_facilities, facilities_of, flag_row, flag_table, meets, skipped_table

__all__ = [
    "AMBIGUOUS_MEMBER_COLUMNS",
    "MEMBER_COLUMNS",
    "city_mch_grade",
    "county_mch_grade",
    "designated_hospital_per_county",
    "prenatal_screening_per_county",
    "read_member_counts",
    "warm_home",
]


@rule(
    "county_mch_grade",
    title_zh="县级妇幼保健机构等级",
    title_en="county MCH institution grade",
    clause="(二)4: “辖区人口30万以上的县级妇幼保健机构达到二级标准，辖区人口30万以下的县级妇幼保健机构开设门诊且建筑面积达标”",
    subject=("county",),
    thresholds=("county_mch_grade2_min_population", "county_mch_required_grade"),
    needs=("counties", "mch_institution"),
    comparison="at_least",
)
def county_mch_grade(study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN) -> pd.DataFrame:
    """Check each county's maternal and child health (MCH) institution grade.

    Counties of ``county_mch_grade2_min_population``+ residents (by the profile's comparison)
    need an institution of grade ``county_mch_required_grade`` or higher; smaller counties need
    an institution with an outpatient clinic whose floor area meets
    ``county_mch_min_floor_area_m2`` when the profile sets it. An institution belongs to the
    county in its ``serves`` column, else to the county it lies in.
    """
    name = "county_mch_grade"
    counties = study.areas_at("county")
    if counties.empty:
        return skipped_table(name, "counties")
    institutions = county_facilities(study, "mch_institution")
    if institutions is None:
        return skipped_table(name, "mch_institutions")
    grades = institutions["grade"] if "grade" in institutions else pd.Series(np.nan, index=institutions.index)
    best = grades.astype(float).groupby(institutions["serves_county"]).max()
    areas_m2 = (
        institutions["floor_area_m2"]
        if "floor_area_m2" in institutions
        else pd.Series(np.nan, index=institutions.index)
    )
    floor_area = areas_m2.astype(float).groupby(institutions["serves_county"]).max().to_dict()
    present = set(institutions["serves_county"].dropna())
    minimum_population = policy.county_mch_grade2_min_population
    rows = []
    for c in counties.itertuples(index=False):
        large = meets(policy, name, c.population, minimum_population)
        required = policy.county_mch_required_grade if large else 0
        grade = best.get(c.area_id)
        grade = None if grade is None or pd.isna(grade) else float(grade)
        facts = {"population": int(c.population), "min_population": minimum_population, "large": large,
                 "required": required, "grade": grade}  # fmt: skip
        common = dict(rule=name, subject_id=c.area_id, subject_name=c.name, unit="grade", facts=facts)
        if c.area_id not in present:
            rows.append(flag_row(**common, status="flagged", code="no_institution", threshold=required))
        elif large and (grade is None or grade < required):
            rows.append(flag_row(**common, status="flagged", code="grade_below", measured=grade, threshold=required,
                                 shortfall=None if grade is None else float(required - grade)))  # fmt: skip
        elif large:
            rows.append(flag_row(**common, status="ok", code="grade_met", measured=grade, threshold=required))
        else:
            rows.append(_outpatient_row(c, floor_area.get(c.area_id), policy.county_mch_min_floor_area_m2))
    return flag_table(rows)


def _outpatient_row(county, area_m2: float | None, minimum: float | None) -> dict:
    """Return the row of a county under 300,000: "开设门诊且建筑面积达标" — an institution with an
    outpatient clinic, and its floor area against the profile's standard where both are known."""
    common = dict(rule="county_mch_grade", subject_id=county.area_id, subject_name=county.name)
    if minimum is None:
        return flag_row(
            **common, status="ok", code="outpatient_floor_area_unchecked", threshold=0, unit="grade"
        )
    facts = {"minimum": minimum, "area": area_m2}
    if area_m2 is None or pd.isna(area_m2):
        return flag_row(**common, status="skipped", code="floor_area_unknown", threshold=minimum, unit="m²",
                        facts=facts)  # fmt: skip
    ok = area_m2 >= minimum
    return flag_row(**common, status="ok" if ok else "flagged", code="floor_area_met" if ok else "floor_area_below",
                    measured=float(area_m2), threshold=minimum, unit="m²", facts=facts,
                    shortfall=None if ok else float(minimum - area_m2))  # fmt: skip


#: Columns of special-assistance members of families bereaved of their only child (独生子女死亡).
#: A bare 人数 or members is ambiguous (every special-assistance family? every member?) and refused.
MEMBER_COLUMNS = (
    "special_assistance_members",
    "独生子女死亡特别扶助对象人数",
    "独生子女死亡特扶人数",
    "独生子女死亡特扶对象人数",
)
#: members of special-assistance families (计划生育特殊家庭) in one county: tens to a few thousand;
#: more than this is a code, a sum or a population typed into the column
MOST_MEMBERS = 100_000


def read_member_counts(
    table: pd.DataFrame, column: str, *, source: str = "special_families", header: str | None = None
) -> pd.Series:
    """Return a county table's counts of special-assistance family members, or raise every problem:
    not numbers, negative (-1 passed as "below the threshold"), not whole (0.95 of a person) or
    beyond any county (999999999 passed as "a warm home needed"). Blanks stay missing; problems name
    the column by ``header``, the file's own, when given."""
    parsed = parse_numbers(table[column])
    named = header or column
    values = parsed.values.to_numpy(dtype=float)
    first = first_data_row(table)

    def rows(where: np.ndarray) -> tuple[int, ...]:
        return tuple(int(r) + first for r in np.flatnonzero(where))

    problems = []
    if parsed.unreadable.any():
        problems.append(problem(source, "members_not_numbers", column=named, rows=rows(parsed.unreadable.to_numpy()),
                                examples=", ".join(repr(v) for v in table[column][parsed.unreadable].head(3))))  # fmt: skip
    if (negative := values < 0).any():
        problems.append(problem(source, "values_negative", column=named, rows=rows(negative)))
    if (fractional := np.isfinite(values) & (values != np.round(values))).any():
        problems.append(problem(source, "values_fractional", column=named, rows=rows(fractional)))
    if (beyond := values > MOST_MEMBERS).any():
        examples = ", ".join(f"{v:,.0f}" for v in values[beyond][:3])
        problems.append(problem(source, "members_beyond_any_county", column=named, rows=rows(beyond),
                                examples=examples, most=MOST_MEMBERS))  # fmt: skip
    if problems:
        raise ValidationError(problems)
    return parsed.values


#: the largest share of a county's residents its special-assistance families may hold: nationwide
#: about 0.07 % (some million members), so 1 % is a typo or another figure, not a county's count
MOST_MEMBERS_SHARE = 0.01


def _members_within_residents(study: StudyArea, members: dict, source: str) -> None:
    """Raise when a county's special-assistance members exceed :data:`MOST_MEMBERS_SHARE` of its
    residents (45000 for a county of 500,000: the residents' figure, a sum, a typo)."""
    counties = study.areas_at("county")
    population = dict(zip(counties["area_id"].astype(str), counties["population"], strict=True))
    beyond = [(code, count, population[code]) for code, count in members.items()
              if code in population and pd.notna(count) and population[code] and count > MOST_MEMBERS_SHARE * population[code]]  # fmt: skip
    if beyond:
        examples = "; ".join(f"{code}: {count:,.0f} / {residents:,.0f}" for code, count, residents in beyond[:3])
        raise ValidationError([problem(source, "members_above_residents_share", n=len(beyond), examples=examples,
                                       share=MOST_MEMBERS_SHARE * 100)])  # fmt: skip


AMBIGUOUS_MEMBER_COLUMNS = ("人数", "members", "对象人数", "特扶人数", "扶助人数", "特别扶助对象人数")


@rule(
    "warm_home",
    title_zh="暖心家园",
    title_en="warm homes",
    clause="(六)20: “独生子女死亡的计划生育特别扶助对象50人以上的县(区)、开发区(投资区)建设至少1处“暖心家园”或“心理慰藉援助中心””",
    subject=("county",),
    thresholds=("warm_home_min_members",),
    needs=("counties", "special_families", "warm_home"),
    comparison="at_least",
)
def warm_home(study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN) -> pd.DataFrame:
    """Check that counties with ``warm_home_min_members``+ special-assistance members have a 暖心家园.

    Members (of families bereaved of their only child) come from the county table
    ``special_families``; a county missing from the table is ``skipped``.
    """
    name = "warm_home"
    table = study.tables.get("special_families")
    if table is None:
        return skipped_table(name, "special_families")
    column = next((c for c in MEMBER_COLUMNS if c in table.columns), None)
    if column is None or "area_id" not in table:
        return skipped_table(name, "special_families_columns")
    source = study.sources.get("special_families", "special_families")
    counts = read_member_counts(table, column, source=source)
    members = dict(zip(table["area_id"].astype(str).str.strip(), counts, strict=True))
    _members_within_residents(study, members, source)
    homes = county_facilities(study, "warm_home")
    with_home = set() if homes is None else set(homes["serves_county"].dropna())
    threshold = policy.warm_home_min_members
    rows = []
    for c in study.areas_at("county").itertuples(index=False):
        count = members.get(c.area_id)
        known = count is not None and not pd.isna(count)
        facts = {"count": float(count) if known else None, "threshold": threshold, "has_county": c.area_id in members}
        common = dict(rule=name, subject_id=c.area_id, subject_name=c.name, threshold=threshold, unit="members",
                      measured=float(count) if known else None, facts=facts)  # fmt: skip
        if not known:
            rows.append(flag_row(**common, status="skipped", code="no_row"))
        elif not meets(policy, name, count, threshold):
            rows.append(flag_row(**common, status="not_applicable", code="below_threshold"))
        elif c.area_id in with_home:
            rows.append(flag_row(**common, status="ok", code="has_warm_home"))
        else:
            rows.append(flag_row(**common, status="flagged", code="no_warm_home", shortfall=1))
    return flag_table(rows)


def _county_presence(name: str, study: StudyArea, present: pd.DataFrame, unit: str, ok: str, missing: str,
                     facts: dict | None = None) -> list[dict]:  # fmt: skip
    """Return one row per county: ``ok`` with the count of ``present`` facilities serving it, else ``flagged``."""
    rows = []
    for c in study.areas_at("county").itertuples(index=False):
        count = int((present["serves_county"] == c.area_id).sum())
        common = dict(
            rule=name, subject_id=c.area_id, subject_name=c.name, measured=count, threshold=1, unit=unit
        )
        if count:
            rows.append(flag_row(**common, status="ok", code=ok, facts={**(facts or {}), "n": count}))
        else:
            rows.append(flag_row(**common, status="flagged", code=missing, shortfall=1, facts=facts))
    return rows


@rule(
    "prenatal_screening_per_county",
    title_zh="产前筛查与诊断机构",
    title_en="prenatal screening, diagnosis",
    clause="(二)3: “市级实现产前诊断机构、新生儿听力诊断中心全覆盖，县级实现产前筛查机构全覆盖”",
    subject=("county", "city"),
    needs=("counties", "prenatal"),
)  # fmt: skip
def prenatal_screening_per_county(
    study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check every county has a prenatal screening institution, and the city a prenatal diagnosis
    institution and a newborn hearing diagnosis centre (one row each, ``subject_id`` the city's
    code and the kind)."""
    name = "prenatal_screening_per_county"
    screening = county_facilities(study, "prenatal_screening")
    if screening is None:
        return skipped_table(name, "prenatal_screening")
    rows = _county_presence(name, study, screening, "institutions", "has_institution", "no_institution")
    city_id, city_name = study.city()
    for kind in ("prenatal_diagnosis", "newborn_hearing_centre"):
        count = int(len(facilities_of(study, kind)))
        rows.append(
            flag_row(
                rule=name,
                subject_id=f"{city_id}:{kind}",
                subject_name=city_name,
                status="ok" if count else "flagged",
                code="city_has_institution" if count else "city_no_institution",
                measured=count,
                threshold=1,
                unit="institutions",
                shortfall=None if count else 1,
                facts={"kind": kind, "n": count},
            )  # fmt: skip
        )
    return flag_table(rows)


@rule(
    "designated_hospital_per_county",
    title_zh="计划生育特殊家庭定点医院",
    title_en="designated hospitals",
    clause="(六)20: “各县(区)、开发区(投资区)应将本地二级及以上公立医院作为计划生育特殊家庭定点医疗服务机构”",
    subject=("county",),
    thresholds=("designated_hospital_min_grade",),
    needs=("counties", "hospital"),
)
def designated_hospital_per_county(
    study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check every county has a public hospital of grade 2+ designated for special-assistance families.

    (六)20: "应将本地二级及以上公立医院作为计划生育特殊家庭定点医疗服务机构": the hospital must be
    public (``ownership`` = public, 公立). A county whose only designated grade-2+ hospitals have
    unknown ownership is ``skipped`` with that reason: unknown is not a pass.
    """
    name = "designated_hospital_per_county"
    hospitals = county_facilities(study, "hospital")
    if hospitals is None:
        return skipped_table(name, "hospitals")
    if "designated" not in hospitals or "grade" not in hospitals:
        return skipped_table(name, "hospital_columns")
    minimum = policy.designated_hospital_min_grade
    ownership = hospitals["ownership"] if "ownership" in hospitals else pd.Series(None, index=hospitals.index)
    qualified = hospitals["designated"].fillna(False).astype(bool) & (
        hospitals["grade"].astype(float) >= minimum
    )
    good = hospitals[qualified & (ownership == "public")]
    unknown = hospitals[qualified & ownership.isna()]
    facts = {"minimum": minimum}
    rows = _county_presence(name, study, good, "hospitals", "has_designated", "no_designated", facts)
    undecided = set(unknown["serves_county"].dropna()) - set(good["serves_county"].dropna())
    return flag_table(
        [
            flag_row(rule=name, subject_id=r["subject_id"], subject_name=r["subject_name"], status="skipped",
                     code="ownership_unknown", measured=r["measured"], threshold=1, unit="hospitals", facts=facts)
            if r["subject_id"] in undecided
            else r
            for r in rows
        ]
    )  # fmt: skip


@rule(
    "city_mch_grade",
    title_zh="市级妇幼保健机构等级",
    title_en="city MCH institution grade",
    clause="(二)4: “实现市级妇幼保健机构达到三级标准”",
    subject=("city",),
    thresholds=("city_mch_required_grade",),
    needs=("city_mch",),
)
def city_mch_grade(study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN) -> pd.DataFrame:
    """Check the city-level MCH institution (``serves`` = the city's id) reaches the required grade."""
    name = "city_mch_grade"
    institutions = facilities_of(study, "mch_institution")
    if institutions is None:
        return skipped_table(name, "mch_institutions")
    city_id, city_name = study.city()
    required = policy.city_mch_required_grade
    own = (
        institutions[institutions["serves"].astype(str) == city_id]
        if "serves" in institutions
        else institutions.iloc[0:0]
    )
    grade = float(pd.to_numeric(own["grade"]).max()) if len(own) and "grade" in own else np.nan
    facts = {"city_id": city_id, "required": required, "grade": None if np.isnan(grade) else grade}
    common = dict(rule=name, subject_id=city_id, subject_name=city_name, threshold=required, unit="grade",
                  measured=None if np.isnan(grade) else grade, facts=facts)  # fmt: skip
    if own.empty:
        return flag_table([flag_row(**common, status="flagged", code="no_institution", shortfall=1)])
    if not np.isnan(grade) and grade >= required:
        return flag_table([flag_row(**common, status="ok", code="grade_met")])
    shortfall = None if np.isnan(grade) else required - grade
    return flag_table([flag_row(**common, status="flagged", code="grade_below", shortfall=shortfall)])
