"""The plan's 2025 health indicators: five rules, one per indicator, per county.

一、总体目标: "全市孕产妇死亡率、婴儿死亡率分别控制在 8/10 万、2‰ 以下 … 婚前医学检查率、孕前优生健康检查
目标人群覆盖率、产前筛查率分别不低于 70%、93%和 92%。以上指标均优于全省平均水平". Values come from
``[tables.indicators]``; each is compared with its target (以下 and 以上 include the number
itself) and, where the table gives it, with the provincial average.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._county_tables import county_name_column
from .._errors import Problem, ValidationError, problem
from .._notices import Notice, quoted, shown
from .._numbers import codes_as_text as table_codes
from .._numbers import first_data_row, header_unit, parse_numbers
from .._schema import COLUMN_ALIASES, normalise_key
from ..model import StudyArea
from ..network import EUCLIDEAN, Distances
from ..policy import Policy
from ..text import INDICATOR_WORDS
from ._registry import REGISTRY, rule
from ._rows import flag_row, flag_table, meets, skipped_table

__all__ = ["INDICATORS", "indicator_headers", "indicator_rows", "indicator_rules", "indicators_turned",
           "read_indicator_table"]


@dataclass(frozen=True)
class Indicator:
    """One 2025 indicator: its column and aliases, unit code, target key in the profile, the
    direction of its target and whether it is a percentage (its words are in :mod:`carefac.text`)."""

    name: str
    aliases: tuple[str, ...]
    unit: str
    target_key: str
    lower_is_better: bool
    percent: bool
    #: the highest value a Chinese county records today, with a wide margin (infant mortality: 30 per
    #: 1,000, where the country stood around 2000; 4.5 in 2023): above, the unit is asked about
    most: float = 100.0


INDICATORS = (
    Indicator("maternal_mortality", ("maternal_mortality", "孕产妇死亡率"), "per 100,000",
              "maternal_mortality_max_per_100k", True, False, most=300.0),
    Indicator("infant_mortality", ("infant_mortality", "婴儿死亡率"), "per 1,000",
              "infant_mortality_max_per_1000", True, False, most=30.0),
    Indicator("premarital_check", ("premarital_check", "premarital_check_rate", "婚前医学检查率"), "%",
              "premarital_check_min_pct", False, True),
    Indicator("prepregnancy_check", ("prepregnancy_check", "prepregnancy_check_coverage",
                                     "孕前优生健康检查目标人群覆盖率", "孕前优生健康检查覆盖率"), "%",
              "prepregnancy_check_min_pct", False, True),
    Indicator("prenatal_screening", ("prenatal_screening", "prenatal_screening_rate", "产前筛查率"), "%",
              "prenatal_screening_min_pct", False, True),
)  # fmt: skip
_PROVINCE_SUFFIXES = (
    "_province",
    "_provincial_average",
    "全省平均",
    "_全省平均",
    "（全省平均）",
    "(全省平均)",
)


#: how a rate's unit is written after its number (8.5/10万, 1.8‰): unit → suffixes
_RATE_SUFFIXES = {
    "per 1,000": ("‰", "/1000", "/1,000", "/千", "/千活产"),
    "per 100,000": ("/10万", "/10万活产", "/十万", "/100000", "/100,000"),
}


def _own_unit_stripped(raw: pd.Series, unit: str) -> tuple[pd.Series, np.ndarray]:
    """Return a rate column with its own unit written after the numbers removed (``1.8‰`` in a
    per-1,000 column is 1.8), and where a cell is written in another rate's unit (``180/10万`` in
    that column: a conversion carefac does not guess)."""
    own = _RATE_SUFFIXES.get(unit, ())
    others = tuple(s for u, suffixes in _RATE_SUFFIXES.items() if u != unit for s in suffixes)
    others += ("%", "％") if unit in _RATE_SUFFIXES else ()  # 0.31% in a per-1,000 column

    def unbracketed(value):  # 9.5（1/10万）, 1.8(‰): the unit in brackets, as the yearbooks' headers write it
        if not isinstance(value, str):
            return value
        found = _UNIT_IN_BRACKETS.fullmatch(value.strip())
        return found["number"] + found["unit"] if found else value.strip()

    def strip(value):
        text = value if isinstance(value, str) else None
        suffix = next((s for s in own if text is not None and text.endswith(s)), None)
        return text[: -len(suffix)].strip() if suffix else value

    cells = raw.astype(object).map(unbracketed)
    other = np.array([isinstance(v, str) and v.endswith(others) for v in cells], dtype=bool)
    return cells.map(strip), other


#: a rate's unit in brackets after its number: 9.5（1/10万）, 1.8(‰), 95.2（%）
_UNIT_IN_BRACKETS = re.compile(r"(?P<number>.*?\d)\s*[（(]\s*1?\s*(?P<unit>/[^）)]+|‰|%|％)\s*[）)]")


def _find(columns: list[str], names: tuple[str, ...], unit: str | None = None) -> str | None:
    """Return the column headed by one of ``names``; with ``unit``, also one whose header gives
    its unit in brackets (婴儿死亡率（‰）, 孕产妇死亡率(1/10万), 产前筛查率(%)) when that is the unit."""
    folded = {normalise_key(c): c for c in columns}
    found = next((folded[normalise_key(n)] for n in names if normalise_key(n) in folded), None)
    if found is not None or unit is None:
        return found
    wanted = {normalise_key(n) for n in names}
    return next((c for c in columns if normalise_key(header_unit(c)[0]) in wanted
                 and _header_unit_is(header_unit(c)[2], unit)), None)  # fmt: skip


_BRACKETED = re.compile(r"[（(]([^）)]*)[）)]")
_PROVINCE_WORDS = ("全省平均水平", "全省平均值", "全省平均", "全省")


def _province_column(columns: list[str], ind: Indicator) -> str | None:
    """Return the column of an indicator's provincial average headed with 全省 anywhere and its unit
    in brackets (婴儿死亡率(‰)全省平均, 全省平均婴儿死亡率, 全省婴儿死亡率, 婴儿死亡率（全省平均）); a
    bracketed unit that is not the indicator's leaves the column unread (asked about elsewhere)."""
    names = {normalise_key(a) for a in ind.aliases}
    for column in columns:
        text = normalise_key(column)
        if "全省" not in text:
            continue
        units = [u for u in _BRACKETED.findall(text) if not any(w in u for w in _PROVINCE_WORDS)]
        if any(not _header_unit_is(u, ind.unit) for u in units):
            continue
        rest = _BRACKETED.sub("", text)
        for word in _PROVINCE_WORDS:
            rest = rest.replace(word, "")
        if rest in names:
            return column
    return None


def _header_unit_is(written: str, unit: str) -> bool:
    """Return whether a header's bracketed unit (‰, 1/10万, 每10万活产, %) is ``unit``."""
    text = normalise_key(written).replace("每", "/").replace("活产", "").replace("人", "")
    text = text[1:] if text.startswith("1/") else text
    if unit == "%":
        return text in ("%", "％", "百分比")
    return text in {normalise_key(s).replace("活产", "") for s in _RATE_SUFFIXES.get(unit, ())}


#: headers of the value column of a table with one row per indicator and county (指标, 数值): not turned
_VALUE_HEADERS = frozenset(normalise_key(h) for h in ("数值", "值", "指标值", "数据", "value", "values"))


def indicators_turned(table: pd.DataFrame) -> tuple[pd.DataFrame, dict] | None:
    """Return a table giving the indicators in rows and the counties in columns (指标 | 芗城区 |
    龙文区, as health reports lay them out) turned to one row per county, one column per indicator,
    and how its cells map back (``rows``: each indicator's row in the sheet; ``columns``: each
    county's header); ``None`` for any other table.

    The first column must name an indicator in one of its cells (孕产妇死亡率(1/10万)); every other
    column is a county, named by its header (a name, or a 6-digit code).
    """
    if len(table.columns) < 2 or len(table) == 0:
        return None
    first = table.columns[0]
    headers = [str(c).strip() for c in table.columns[1:]]
    if any(h.startswith("Unnamed:") or not h or normalise_key(h) in _VALUE_HEADERS for h in headers):
        return None
    if _find(headers, COLUMN_ALIASES["area_id"]) is not None or county_name_column(pd.DataFrame(columns=headers)):
        return None  # a county column: the table is by county already (or in long form)
    cells = table[first].astype("string").str.strip()
    names = {normalise_key(a) for i in INDICATORS for a in i.aliases if not a.isascii()}
    bare = cells.map(lambda v: normalise_key(header_unit(str(v))[0]) if pd.notna(v) else "")
    if not bare.isin(names).any() or cells.dropna().duplicated().any():
        return None
    kept = np.flatnonzero(cells.notna().to_numpy() & (cells != "").fillna(False).to_numpy())
    coded = all(re.fullmatch(r"\d{6}(?:\d{6})?(?:\.0)?", h) for h in headers)
    key = "区划代码" if coded else "县区"
    turned = pd.DataFrame({key: headers, **{str(cells.iloc[k]): table.iloc[k, 1:].to_numpy() for k in kept}})
    turned.attrs = {"header_row": 1, "turned": (len(kept), headers)}
    back = {"rows": {str(cells.iloc[k]): int(k) + first_data_row(table) for k in kept}, "columns": headers}
    return turned, back


def indicator_headers(columns: list[str]) -> dict[str, str]:
    """Return each column read as an indicator or its provincial average with carefac's name for it
    (婴儿死亡率(‰): ``infant_mortality``), so that files heading one indicator differently add up to
    one column."""
    found: dict[str, str] = {}
    for ind in INDICATORS:
        for suffix, target in (("", ind.name), ("province", f"{ind.name}_province")):
            names = ind.aliases if not suffix else tuple(a + s for a in ind.aliases for s in _PROVINCE_SUFFIXES)
            column = _find(columns, names, ind.unit) or (_province_column(columns, ind) if suffix else None)
            if column is not None and column not in found:
                found[column] = target
    return found


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
        problems.append(problem(source, "indicator_no_area_id"))
    out = pd.DataFrame({"area_id": table_codes(table[area]) if area else []})
    read: set[str] = {area} if area else set()
    for ind in INDICATORS:
        for suffix, target in (("", ind.name), ("province", f"{ind.name}_province")):
            names = (
                ind.aliases if not suffix else tuple(a + s for a in ind.aliases for s in _PROVINCE_SUFFIXES)
            )
            column = _find(columns, names, ind.unit) or (_province_column(columns, ind) if suffix else None)
            if column is None:
                continue
            read.add(column)
            cells, other_unit = _own_unit_stripped(table[column], ind.unit)
            if other_unit.any():
                rows = tuple(int(r) + first_data_row(table) for r in np.flatnonzero(other_unit))
                problems.append(problem(source, "indicator_other_unit", column=column, rows=rows, unit=ind.unit))
                continue
            parsed = parse_numbers(cells, percent=ind.percent)
            values = parsed.values
            if parsed.unreadable.any():
                problems.append(
                    problem(
                        source,
                        "indicator_not_numbers",
                        column=column,
                        rows=tuple(int(r) + first_data_row(table) for r in np.flatnonzero(parsed.unreadable.to_numpy())),
                        examples=", ".join(repr(v) for v in table[column][parsed.unreadable].head(3)),
                    )
                )
                continue
            if ind.percent:
                fraction = values <= 1.0
                if fraction.any() and (values > 1.0).any():
                    rows = tuple(int(r) + first_data_row(table) for r in np.flatnonzero(fraction.to_numpy()))
                    problems.append(problem(source, "indicator_mixed_scale", column=column, rows=rows))
                    continue
                if fraction.all():
                    values = (values * 100.0).round(9)  # 0.58 → 58, not 57.99999999999999
                    out[f"{target}_scale"] = "fraction"
            negative = (values < 0).to_numpy()  # a rate or a mortality is never below 0: a typo, a minus sign for a dash
            if negative.any():
                rows = tuple(int(r) + first_data_row(table) for r in np.flatnonzero(negative))
                problems.append(problem(source, "values_negative", column=column, rows=rows))
                continue
            beyond = (values > ind.most).to_numpy()
            if beyond.any():
                rows = tuple(int(r) + first_data_row(table) for r in np.flatnonzero(beyond))
                problems.append(problem(source, "indicator_implausible", column=column, rows=rows, unit=ind.unit,
                                        most=ind.most, examples=", ".join(f"{v:g}" for v in values[beyond].head(3))))  # fmt: skip
                continue
            if suffix and area is not None:
                problems += _province_averages_differ(out["area_id"], values, column, source, first_data_row(table))
                values, filled = _province_average_filled(out["area_id"], values)
                if filled.any():  # given once (a cell merged down the column): each county is compared with it
                    out[f"{target}_filled"] = filled
            out[target] = values.to_numpy()
    if area is not None and not problems:
        read_names = {i.name for i in INDICATORS if i.name in out}
        problems += _indicators_not_read(table, columns, read, read_names, source, none_read=not read_names)
    if problems:
        raise ValidationError(problems)
    return out


def _province_averages_differ(
    codes: pd.Series, values: pd.Series, column: str, source: str, first_row: int
) -> list[Problem]:
    """Return a problem where the rows of one province (the codes' first two digits) give different
    provincial averages: one province has one average, and it is part of the target (优于全省平均水平),
    so a typo in one row would pass or flag that county."""
    given = pd.DataFrame({"province": codes.astype(str).str[:2].to_numpy(), "value": values.to_numpy()}).dropna()
    for _, rows in given.groupby("province", sort=True):
        counts = rows["value"].round(9).value_counts()
        if len(counts) > 1:
            usual = float(counts.index[0])
            odd = rows.index[rows["value"].round(9) != usual]
            listed = ", ".join(f"{v:g}" for v in rows.loc[odd, "value"].head(3))
            return [problem(source, "indicator_province_differs", column=column,
                            rows=tuple(int(r) + first_row for r in odd), usual=f"{usual:g}", n=int(counts.iloc[0]),
                            examples=listed)]  # fmt: skip
    return []


def _province_average_filled(codes: pd.Series, values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Return a provincial average column with its blanks filled with the one average the rows of
    their province give (written once, or in a cell merged down the column: the others read blank,
    and "优于全省平均水平" went unchecked for them), and where it was filled."""
    province = codes.astype(str).str[:2].to_numpy()
    given = pd.Series(values.to_numpy(), index=province)
    single = given.dropna().groupby(level=0).agg(lambda v: v.iloc[0] if v.nunique() == 1 else np.nan)
    fill = pd.Series(province).map(single).to_numpy(dtype=float)
    filled = np.isnan(values.to_numpy(dtype=float)) & ~np.isnan(fill)
    return pd.Series(np.where(filled, fill, values.to_numpy(dtype=float)), index=values.index), filled


def province_average_notices(table: pd.DataFrame, source: str) -> list[Notice]:
    """Return a notice per provincial average written in fewer rows than the table has, read for the
    other counties too (see :func:`_province_average_filled`)."""
    read = read_indicator_table(table, source=source)
    by_counties: dict[tuple[str, ...], list[str]] = {}  # the indicators whose average is missing for the same counties
    for column in (c for c in read.columns if c.endswith("_province_filled")):
        codes = tuple(read.loc[read[column].fillna(False).to_numpy(dtype=bool), "area_id"].astype(str))
        by_counties.setdefault(codes, []).append(column.removesuffix("_province_filled"))
    notices = []
    for codes, names in by_counties.items():
        words = [INDICATOR_WORDS[n] for n in names]
        indicator = {"en": ", ".join(w[0] for w in words), "zh": "、".join(w[1] for w in words)}
        notices.append(Notice.said("indicator_province_filled", source, indicator=indicator, n=len(codes),
                                   codes=shown(codes, 8)))  # fmt: skip
    return notices


def _indicators_not_read(
    table: pd.DataFrame, columns: list[str], read: set[str], read_names: set[str], source: str, *, none_read: bool
):
    """Return the problem of indicators the table gives but carefac would not read: one row per
    indicator (指标, 数值: the names are cells), an indicator not read whose name heads a longer header
    (2025年孕产妇死亡率; a column beside one read, 孕产妇死亡率目标值, is not asked about), or, when no
    column is read at all, the columns it has."""
    names = {normalise_key(a) for i in INDICATORS for a in i.aliases if not a.isascii()}
    for column in (c for c in columns if c not in read):
        cells = table[column].map(lambda v: normalise_key(v) if isinstance(v, str) else "")
        if cells.isin(names).any():
            return [problem(source, "indicator_table_long", column=column)]
    province = [c for c in columns if c not in read and "全省" in normalise_key(c)
                and any(normalise_key(a) in normalise_key(c) for i in INDICATORS for a in i.aliases if not a.isascii())]  # fmt: skip
    if province:  # a provincial average not read: the plan's 优于全省平均水平 would go unchecked
        return [problem(source, "indicator_province_unread", columns=quoted(province, 6))]
    near = {c: ind for c in columns if c not in read for ind in INDICATORS if ind.name not in read_names
            and any(normalise_key(a) in normalise_key(c) for a in ind.aliases if not a.isascii())}  # fmt: skip
    if near:
        first, ind = next(iter(near.items()))
        return [problem(source, "indicator_columns_near", columns=quoted(near, 6), first=first, name=ind.name)]
    if not none_read:
        return []
    known = "、".join(i.aliases[-1] if not i.aliases[-1].isascii() else i.aliases[0] for i in INDICATORS)
    return [problem(source, "indicator_none_read", columns=quoted(columns, 8), known=known)]


def indicator_rows(study: StudyArea, policy: Policy, indicator: Indicator) -> pd.DataFrame:
    """Return one ``indicator_<name>`` row per county: measured value, target, status, and
    ``better_than_province`` where the table gives the provincial average ("以上指标均优于全省平均水平"
    is part of the target: a value not better than the province is flagged)."""
    name = f"indicator_{indicator.name}"
    raw = study.tables.get("indicators")
    if raw is None:
        return skipped_table(name, "indicators")
    table = read_indicator_table(raw, source=study.sources.get("indicators", "indicators"))
    by_area = table.set_index("area_id")
    comparison = policy.comparison(name, REGISTRY[name].comparison)
    target = float(getattr(policy, indicator.target_key))
    rows = []
    for c in study.areas_at("county").itertuples(index=False):
        has_row = c.area_id in by_area.index and indicator.name in by_area.columns
        value = float(by_area.loc[c.area_id, indicator.name]) if has_row else np.nan
        common = dict(
            rule=name, subject_id=c.area_id, subject_name=c.name, threshold=target, unit=indicator.unit
        )
        if np.isnan(value):
            facts = {"indicator": indicator.name, "has_county": c.area_id in by_area.index}
            rows.append(flag_row(**common, status="skipped", code="no_row", facts=facts))
            continue
        column = f"{indicator.name}_province"
        province = float(by_area.loc[c.area_id, column]) if column in by_area.columns else np.nan
        lower_is_better = comparison in ("at_most", "less_than")
        better = (
            None if np.isnan(province) else bool(value < province if lower_is_better else value > province)
        )
        scale = f"{indicator.name}_scale"
        fraction = scale in by_area.columns and by_area.loc[c.area_id, scale] == "fraction"
        filled = f"{column}_filled"
        given_elsewhere = filled in by_area.columns and bool(by_area.loc[c.area_id, filled])
        passes = meets(policy, name, value, target)
        ok = passes and better is not False
        code = "meets_target" if ok else ("misses_target" if not passes else "not_better_than_province")
        facts = {"indicator": indicator.name, "value": value, "target": target, "comparison": comparison,
                 "province": None if np.isnan(province) else province, "better": better, "fraction": fraction,
                 "province_elsewhere": given_elsewhere}  # fmt: skip
        rows.append(flag_row(**common, status="ok" if ok else "flagged", code=code, measured=value,
                             shortfall=None if passes else abs(value - target), better_than_province=better,
                             facts=facts))  # fmt: skip
    return flag_table(rows)


def _register(indicator: Indicator, clause: str) -> None:
    """Register the rule ``indicator_<name>``."""

    def check(study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN) -> pd.DataFrame:
        return indicator_rows(study, policy, indicator)

    title_en, title_zh = INDICATOR_WORDS[indicator.name][:2]
    check.__name__ = f"indicator_{indicator.name}"
    check.__doc__ = f"Check each county's {title_en} against its 2025 target and the provincial average."
    rule(
        f"indicator_{indicator.name}",
        title_zh=title_zh,
        title_en=title_en,
        clause=clause,
        subject=("county",),
        thresholds=(indicator.target_key,),
        needs=("counties", "indicators"),
        comparison="at_most" if indicator.lower_is_better else "at_least",
    )(check)


_MORTALITY = (
    "一、总体目标: “全市孕产妇死亡率、婴儿死亡率分别控制在 8/10 万、2‰ 以下” … “以上指标均优于全省平均水平”"
)
_RATES = (
    "一、总体目标: “婚前医学检查率、孕前优生健康检查目标人群覆盖率、产前筛查率分别不低于 70%、93%和 92%” … "
    "“以上指标均优于全省平均水平”"
)
for _indicator in INDICATORS:
    _register(_indicator, _MORTALITY if _indicator.lower_is_better else _RATES)


def indicator_rules(study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN) -> pd.DataFrame:
    """Return the rows of all five indicator rules (see :func:`indicator_rows`)."""
    return pd.concat([indicator_rows(study, policy, i) for i in INDICATORS], ignore_index=True)
