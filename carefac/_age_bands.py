"""Children under 3 from columns by age, as health and statistics tables give them.

A table without a column of children under 3 may give them by year of age (0岁, 1岁, 2岁), in
bands that add up to ages 0–2 (0岁 and 1-2岁), or as the census does (0岁 and 1-4岁). The first
two add up to the children under 3 exactly; the census's bands give them as an estimate, ages 1–2
taken as half of ages 1–4, the same estimate :func:`carefac.demand.census_under3_shares` makes
from the 2020 census.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from ._errors import Problem, problem
from ._notices import Notice, quoted
from ._numbers import header_unit, parse_numbers

__all__ = ["under3_from_age_bands", "under3_from_share", "under3_header"]

#: a header of children under 3 as tables write it: 3岁以下人口, 3周岁以下婴幼儿数, 0-3岁婴幼儿人数,
#: 0至2岁儿童, 三周岁以内幼儿数量, 3岁以下常住人口 (0-3岁 is how the plans name the under-3s)
_UNDER3_HEADER = re.compile(
    r"^(?:(?:0|零)[-~～—–至到](?:[23]|二|三)周?岁|(?:3|三)周?岁(?:以下|以内))(?:的)?(?:常住)?"
    r"(?:人口|儿童|婴幼儿|幼儿|婴儿)?(?:人?数|数量|人数)?$"
)


def under3_header(header: str) -> bool:
    """Return whether a header (its unit aside) names the children under 3 (3周岁以下婴幼儿数: yes;
    3岁人口, children aged 3, and 0-4岁: no)."""
    return _UNDER3_HEADER.match("".join(unicodedata.normalize("NFKC", str(header)).split())) is not None

#: a column of children of an age or an age band: 0岁, 1岁人口, 1-2岁儿童数, 1～4岁, 0周岁人口(人)
_AGE_BAND = re.compile(
    r"^(?P<low>\d)(?:\s*[-~～—至到]\s*(?P<high>\d))?\s*周?岁(?:组)?(?:人口|儿童|婴幼儿|幼儿|婴儿)?(?:人?数)?"
    r"(?:\s*[(（]人[)）])?$"
)


def _bands(columns) -> dict[tuple[int, int], str]:
    """Return the age band (lowest, highest age) each column holds, for the columns that hold one
    (the first column of a band, when two hold the same)."""
    found: dict[tuple[int, int], str] = {}
    for column in columns:
        if not isinstance(column, str):
            continue
        match = _AGE_BAND.match(unicodedata.normalize("NFKC", column).strip())
        if match:
            low = int(match.group("low"))
            high = int(match.group("high")) if match.group("high") else low
            found.setdefault((low, high), column)
    return found


#: the bands that add up to ages 0–2 exactly
_EXACT = (((0, 0), (1, 1), (2, 2)), ((0, 0), (1, 2)), ((0, 1), (2, 2)))


def under3_from_age_bands(
    frame: pd.DataFrame, source: str, first_row: int
) -> tuple[pd.Series | None, list[Problem], list[Notice]]:
    """Return the children under 3 made from ``frame``'s columns by age (``None`` when they do not
    give them), the problems of their cells and a notice saying how they were made.

    ``first_row``: the row number the file gives the frame's first row (for the problems).
    """
    bands = _bands(frame.columns)
    used = next((combination for combination in _EXACT if all(b in bands for b in combination)), None)
    estimated = used is None and (0, 0) in bands and (1, 4) in bands
    if estimated:
        used = ((0, 0), (1, 4))
    if used is None:
        return None, [], []
    columns = [bands[b] for b in used]
    parsed = {c: parse_numbers(frame[c]) for c in columns}
    problems = [
        problem(source, "values_not_numbers", column=c, rows=tuple(int(r) for r in frame.index[p.unreadable] + first_row),
                examples=", ".join(repr(v) for v in frame[c][p.unreadable].head(3)))  # fmt: skip
        for c, p in parsed.items()
        if p.unreadable.any()
    ]
    values = [parsed[c].values for c in columns]
    if estimated:
        total = values[0] + values[1] / 2.0
        notice = Notice.said("under3_from_census_bands", source, zero=columns[0], band=columns[1])
    else:
        total = sum(values[1:], values[0])
        notice = Notice.said("under3_from_age_columns", source, columns=quoted(columns))
    blank = np.logical_or.reduce([v.isna().to_numpy() for v in values])  # an age not given: unknown
    return total.round().where(~blank), problems, [notice]


#: a header of the under-3s' share of the residents: 3岁以下人口占比(%), 婴幼儿比例, 0-3岁人口占总人口比重
_UNDER3_SHARE = re.compile(
    r"^(?:(?:0|零)[-~～—–至到](?:[23]|二|三)周?岁|(?:3|三)周?岁(?:以下|以内)|婴幼儿)(?:的)?(?:常住)?"
    r"(?:人口|儿童|婴幼儿|幼儿)?(?:占(?:常住|总)?人口)?(?:的)?(?:占比|比例|比重|所占比例|百分比)$"
)


def under3_from_share(
    frame: pd.DataFrame, population: str, scale: float, source: str, first_row: int
) -> tuple[pd.Series | None, list[Problem], list[Notice]]:
    """Return the children under 3 as the residents (column ``population``, times its unit's
    ``scale``) times a column of their share (3岁以下人口占比(%), 婴幼儿比例: 3.0, 3%, or 0.03), or
    ``None`` when there is no such column; the problems of its cells and the notice saying so.
    A share is read as a percentage when the header or a cell says %, or a value is above 1."""
    found = next((c for c in frame.columns if isinstance(c, str) and _UNDER3_SHARE.match(
        "".join(unicodedata.normalize("NFKC", header_unit(c)[0]).split()))), None)  # fmt: skip
    if found is None:
        return None, [], []
    parsed = parse_numbers(frame[found], percent=True)
    problems = []
    if parsed.unreadable.any():
        problems.append(problem(source, "values_not_numbers", column=found, rows=tuple(
            int(r) for r in np.flatnonzero(parsed.unreadable.to_numpy()) + first_row),
            examples=", ".join(repr(v) for v in frame[found][parsed.unreadable].head(3))))  # fmt: skip
    written = frame[found].astype("string")
    percent = "%" in header_unit(found)[2] or bool(written.str.contains("%", regex=False).any()) or bool(
        (parsed.values > 1).any())  # fmt: skip
    share = parsed.values / (100.0 if percent else 1.0)
    residents = parse_numbers(frame[population]).values * scale
    under3 = (residents * share).round()
    k = int(np.flatnonzero(under3.notna().to_numpy())[0]) if under3.notna().any() else None
    example = "—" if k is None else f"{residents.iloc[k]:,.0f} × {share.iloc[k]:.2%} = {under3.iloc[k]:,.0f}"
    return under3, problems, [Notice.said("under3_from_share", source, column=found, example=example)]
