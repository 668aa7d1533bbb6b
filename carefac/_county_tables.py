"""County tables against the areas: every row a county of the layer, each county once.

A county table (special-assistance members, health indicators) is read one row per county. Its
rows are matched to the areas layer by code; a row that matches no county would be dropped by
the rules without a word, and a county given twice would be read from whichever row came last.
:func:`matched_county_tables` keeps the rows of the layer's counties and says what it passed over:

- a totals row (合计, 总计, 全市 …) or the city's own row: skipped, with a notice;
- codes of no county of the layer while every county has its row (a province-wide list):
  skipped, with a notice naming them;
- codes of no county while some county has no row (an old code such as 350681 龙海市 for
  350604 龙海区, township codes, a typing slip): a problem naming both sides;
- a county given twice: a problem naming the rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from ._area_names import PROVINCE_CITY, checked_names
from ._errors import Problem, problem, row_labels
from ._notices import Notice, shown
from ._numbers import area_codes_short, first_data_row, parse_numbers, total_rows, years_of_repeats
from ._schema import COLUMN_ALIASES, normalise_key
from .text.problems import Listed

__all__ = ["county_name_column", "matched_county_tables"]

#: headers of a county table's name column (shown beside an unmatched code)
_NAME_HEADERS = COLUMN_ALIASES["name"] + ("区县", "县区", "县(区)", "县（区）", "县（市、区）", "地区", "单位")
_LISTED = 6  # codes or counties named in one sentence


def _has_numbers(cells: pd.DataFrame) -> np.ndarray:
    """Return where a row has a cell that reads as a number (a figure, not a note)."""
    found = np.zeros(len(cells), dtype=bool)
    for column in cells.columns:
        parsed = parse_numbers(cells[column].astype("string"))
        found |= np.isfinite(np.asarray(parsed.values, dtype=float))
    return found


def county_name_column(table: pd.DataFrame) -> str | None:
    """Return the table's column of county names (县区, 名称 …), if it has one."""
    folded = {normalise_key(str(c)): c for c in table.columns}
    return next((folded[normalise_key(h)] for h in _NAME_HEADERS if normalise_key(h) in folded), None)


#: the word a county's name ends with (芗城区, 漳浦县, 龙海市): a table may leave it out (芗城) or keep
#: a county's name from before it changed level (龙海市 for 龙海区)
_COUNTY_WORD = ("区", "县", "市")


def _codes_by_name(names: pd.Series, county_names: Mapping[str, str]) -> np.ndarray:
    """Return each cell's county code, matched by the county's name, or by its stem when the word
    after it differs or is left out and the stem names one county only ("" where none matches)."""
    exact = {str(n).strip(): c for c, n in county_names.items()}
    stems: dict[str, list[str]] = {}
    for code, name in county_names.items():
        stems.setdefault(str(name).strip().rstrip("".join(_COUNTY_WORD)), []).append(code)

    def by_name(text: str) -> str:
        if text in exact:
            return exact[text]
        found = stems.get(text.rstrip("".join(_COUNTY_WORD)), [])
        return found[0] if len(found) == 1 and text else ""

    def code_of(cell) -> str:
        text = "".join(str(cell).split()) if isinstance(cell, str) else ""
        # 漳州市芗城区, 福建省漳州市芗城区: the province and city before the county's name
        shorter = [text, *(m.group(1) for m in [PROVINCE_CITY.match(text)] if m and m.group(1))]
        return next((code for name in shorter if (code := by_name(name))), "")

    return np.array([code_of(v) for v in names], dtype=object)


def _code_item(code: str, name: object, townships: Mapping[str, str]) -> dict[str, str]:
    """Return an unmatched code as a :class:`Listed` item: with the township it is in the layer, or
    the table's own name for it."""
    if code in townships:
        return {"item": "table_code_township", "code": code, "name": townships[code]}
    if isinstance(name, str) and name.strip():
        return {"item": "table_code_named", "code": code or "—", "name": name.strip()}
    return {"code": code or "—"}


def _as_rows(numbers: np.ndarray) -> tuple:
    """Return row numbers for a problem: whole numbers, or labels such as ``3 (东县.xlsx)``."""
    return tuple(r if isinstance(r, str) else int(r) for r in numbers)


def _names_against_codes(
    table: pd.DataFrame, codes: np.ndarray, county: np.ndarray, row_numbers: np.ndarray, areas: gpd.GeoDataFrame, source: str
) -> tuple[list[Problem], list[Notice]]:
    """Return the problem of county rows whose name is another area's (the figures would go to the
    code's county), and the notice of those whose name is no area's (a renamed county, or a typo)."""
    name_column = county_name_column(table)
    if name_column is None or table.attrs.get("keyed_by_name") is not None:
        return [], []
    positions = np.flatnonzero(county)
    layer_names = dict(zip(areas["area_id"].astype(str), areas["name"], strict=True))
    written = table[name_column].to_numpy(dtype=object)[positions]
    check = checked_names(list(codes[positions]), list(written), layer_names)
    header = table.attrs.get("headers", {}).get(name_column, name_column)
    if not check.crossed:
        return [], check.notices(source)
    crossed, pairs = check.crossed_rows(list(written), list(row_numbers[positions]), "code_name_crossed")
    return [problem(source, "join_code_name_crossed", column=header, rows=crossed, n=len(crossed), pairs=pairs)], []


def _one_table(
    table: pd.DataFrame, areas: gpd.GeoDataFrame, source: str
) -> tuple[pd.DataFrame, list[Problem], list[Notice]]:
    """Return the rows of the layer's counties, the problems and the notices of one county table."""
    counties = areas.loc[areas["level"] == "county"]
    county_names = dict(zip(counties["area_id"], counties["name"], strict=True))
    townships = areas.loc[areas["level"] == "township"]
    township_names = dict(zip(townships["area_id"], townships["name"], strict=True))
    cities = set(areas.loc[areas["level"] == "city", "area_id"])
    if "parent_id" in counties:
        cities |= set(counties["parent_id"].dropna().astype(str))
    notices: list[Notice] = []
    named = table.attrs.get("keyed_by_name")
    if named is not None:  # every row, or those of the files keyed by name (a table of several files)
        by_name = _codes_by_name(table[named], county_names)
        coded = table["area_id"].astype("string").fillna("").str.strip().to_numpy(dtype=object)
        table = table.assign(area_id=np.where(coded == "", by_name, coded))
        notices.append(Notice.said("table_keyed_by_name", source, column=table.attrs.get("keyed_by_header", named)))
    codes = area_codes_short(table["area_id"].astype("string").str.strip()).fillna("").to_numpy(dtype=object)
    row_numbers = row_labels(table) if "source_file" in table else np.arange(len(table)) + first_data_row(table)
    total = total_rows(table) | np.isin(codes, list(cities))
    county = np.isin(codes, list(county_names)) & ~total
    blank = np.array([c == "" for c in codes], dtype=bool) & ~total
    figures = table.drop(columns=[c for c in ("area_id", "source_row", "source_file", "county_name") if c in table])
    empty = blank & ~_has_numbers(figures)  # a blank line, a note under the table
    unmatched = ~(total | county | empty)
    problems: list[Problem] = []
    header = table.attrs.get("headers", {}).get("area_id")
    column = f"{header} (area_id)" if header else "area_id"
    repeated = pd.Series(codes[county]).duplicated(keep=False).to_numpy()
    if repeated.any():
        rows = row_numbers[county][repeated]  # 3 (东县.xlsx) for a table of several files
        in_table = np.zeros(len(table), dtype=bool)
        in_table[np.flatnonzero(county)[repeated]] = True
        by_year = years_of_repeats(table, in_table)  # one row per county and year
        problems.append(
            problem(source, "rows_by_year", column=by_year[0], years=", ".join(map(str, by_year[1])), latest=by_year[1][-1])
            if by_year else
            problem(source, "table_county_repeated", column=column, rows=_as_rows(rows),
                    values=", ".join(sorted(set(codes[county][repeated]))))  # fmt: skip
        )
    crossed, differing = _names_against_codes(table, codes, county, row_numbers, areas, source)
    problems += crossed
    notices += differing
    missing = [c for c in county_names if c not in set(codes[county])]
    if unmatched.any():
        name_column = county_name_column(table)
        names = table[name_column].to_numpy(dtype=object) if name_column else [None] * len(table)
        items = [_code_item(codes[i], names[i], township_names) for i in np.flatnonzero(unmatched)]
        listed = Listed("table_code", items[:_LISTED], max(0, len(items) - _LISTED))
        rows = _as_rows(row_numbers[unmatched])
        if missing:
            absent = Listed("county_named", [{"code": c, "name": county_names[c]} for c in missing[:_LISTED]],
                            max(0, len(missing) - _LISTED))  # fmt: skip
            problems.append(problem(source, "table_codes_unmatched", column=column, rows=rows,
                                    codes=listed, missing=absent))  # fmt: skip
        else:
            both = {lang: listed.render(lang) for lang in ("en", "zh")}
            notices.append(Notice.said("table_rows_outside", source, rows=shown(rows), codes=both))
    if total.any():
        notices.append(
            Notice.said("table_total_rows", source, rows=shown(_as_rows(row_numbers[total])))
        )
    kept = table.loc[county].copy()
    kept["area_id"] = codes[county]  # as the areas layer writes them (350601000000 → 350601)
    kept.attrs = dict(table.attrs)
    return kept, problems, notices


def matched_county_tables(
    tables: Mapping[str, pd.DataFrame], areas: gpd.GeoDataFrame, sources: Mapping[str, str]
) -> tuple[dict[str, pd.DataFrame], list[Problem], list[Notice]]:
    """Return each county table with the rows of the layer's counties only, the problems of its
    rows (a county twice; codes of no county while a county has no row) and notices of the rows
    passed over (totals, the city's row, areas outside the study).

    A table without an ``area_id`` column, or a study without counties, is returned as it is.
    """
    kept: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    notices: list[Notice] = []
    has_counties = bool((areas["level"] == "county").any())
    for name, table in tables.items():
        if "area_id" not in table.columns or not has_counties:
            kept[name] = table
            continue
        kept[name], found, said = _one_table(table, areas, sources.get(name, name))
        problems += found
        notices += said
    return kept, problems, notices
