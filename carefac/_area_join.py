"""The areas' figures from a table of their own, joined to the boundaries by code.

Boundaries come from the natural resources bureau (codes and outlines), residents from the
statistics bureau (a spreadsheet by code). ``[layers.areas] join = "人口.xlsx"`` reads the table's
columns carefac knows (常住人口, 3岁以下人口, 级别, 上级代码 …, 万人 headers converted) onto the
boundary rows with the same code; a column the boundary file has too is taken from the table, and
said. Every boundary must find its row; the table's other rows (totals, other places) are said,
or, when a boundary has no row, named with it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from ._area_names import checked_names, name_stem
from ._errors import Problem, problem
from ._notices import Notice, shown
from ._numbers import (
    area_codes_short,
    codes_as_text,
    codes_in_scientific_notation,
    first_data_row,
    to_number,
    years_of_repeats,
)
from .text.problems import Listed

__all__ = ["joined_area_figures"]

_LISTED = 6


def _row_named(table: pd.DataFrame, position: int) -> str:
    """Return a table row as its code, or its name where the code is blank (a 合计 row)."""
    code, name = table["area_id"].iloc[position], table["name"].iloc[position] if "name" in table else None
    return str(code) if pd.notna(code) and str(code).strip() else str(name if pd.notna(name) else "—")


def _rows_by_year(table: pd.DataFrame, repeated: np.ndarray, source: str) -> Problem | None:
    """Return the problem of a table in long form (each area once per year), when it is one."""
    found = years_of_repeats(table, repeated)
    if found is None:
        return None
    column, years = found
    return problem(source, "rows_by_year", column=column, years=", ".join(map(str, years)), latest=years[-1])


def _folded_names(names: pd.Series) -> pd.Series:
    """Return names without spaces (芗 城 区, as a yearbook aligns them, is 芗城区) and without the
    office named after the place (芝山街道办事处 and 石亭镇人民政府, as lists of offices write them)."""
    return names.astype("string").str.replace(r"\s+", "", regex=True).str.replace(r"(?<=.)(办事处|人民政府)$", "", regex=True)


def _coded_by_name(table: pd.DataFrame, frame: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Return the table with each row's area code found by its name among the boundaries' (names
    two areas share are refused when the table uses them: which is meant is not guessed)."""
    names = _folded_names(frame["name"])
    shared = set(names[names.duplicated(keep=False)].dropna())
    written = _folded_names(table["name"])
    ambiguous = sorted(set(written.dropna()) & shared)
    if ambiguous:
        rows = np.flatnonzero(written.isin(ambiguous).fillna(False).to_numpy()) + first_data_row(table)
        return table, [problem(source, "join_names_shared", column="name", rows=tuple(int(r) for r in rows),
                               names=", ".join(ambiguous[:5]))]  # fmt: skip
    code_of = dict(zip(names, codes_as_text(frame["area_id"]), strict=True))
    return table.assign(area_id=written.map(code_of).astype(object)), []


def _blank_codes_by_name(
    keys: pd.Series, written: pd.Series, codes: pd.Series, names: pd.Series
) -> tuple[pd.Series, list[int]]:
    """Return the table's codes with a blank one filled from the row's name where that name is one
    boundary's alone and that boundary has no row of its own (a code left out when typing), and the
    positions filled (合计 and other rows naming no area stay blank)."""
    taken = set(keys.dropna())
    stems = pd.Series([name_stem(n) for n in names], index=codes.index)
    unique = stems[~stems.duplicated(keep=False) & (stems != "")]
    code_of = {stem: code for stem, code in zip(unique, codes[unique.index], strict=True) if pd.notna(code) and code not in taken}
    filled = [k for k in np.flatnonzero(keys.isna().to_numpy()) if name_stem(written.iloc[k]) in code_of]
    if not filled:
        return keys, []
    keys = keys.copy()
    for k in filled:
        keys.iloc[k] = code_of[name_stem(written.iloc[k])]
    if keys.iloc[filled].duplicated().any():  # two blank-coded rows naming one area: left for the user
        return keys.where(~keys.index.isin(keys.index[filled]), np.nan), []
    return keys, filled


#: figures a county without a row of its own gets as the sum of its townships'
_ADDED = ("population", "pop_under3")
#: the share of a county's outline its townships must cover for their sum to be the county's
_COVERED = 0.98


def _summed_from_their_townships(
    frame: pd.DataFrame, outlines, codes: pd.Series, missing: np.ndarray, by_code: pd.DataFrame, columns: list[str]
) -> tuple[pd.DataFrame, np.ndarray, list[str]] | None:
    """Return the table's rows (by code) with a row for each county the table leaves out — a
    yearbook's township table with 小计 rows in place of its counties — made of its townships'
    figures added up, the areas still missing, and the counties made (``None`` when none is).

    A county is made only when the boundaries hold townships of it (9-digit codes under its 6), every
    one has its row, and they cover its outline (:data:`_COVERED`): their sum is then its residents.
    """
    added = [c for c in _ADDED if c in columns]
    if not added or outlines is None or len(outlines) != len(frame):
        return None
    made: dict[str, dict] = {}
    text = codes.astype("string")
    for k in np.flatnonzero(missing):
        code = text.iloc[k]
        if pd.isna(code) or len(code) != 6:
            continue
        towns = np.flatnonzero((text.str.len() == 9).fillna(False).to_numpy() & text.str.startswith(code).fillna(False).to_numpy())
        if not towns.size or missing[towns].any():
            continue
        outline = outlines.iloc[k]
        covered = shapely.union_all(outlines.iloc[towns].to_numpy()).intersection(outline).area
        if outline is None or outline.area <= 0 or covered < _COVERED * outline.area:
            continue
        rows = by_code.loc[text.iloc[towns].to_numpy(), added].apply(lambda c: pd.to_numeric(c, errors="coerce"))
        made[code] = {c: (float(rows[c].sum()) if rows[c].notna().all() else np.nan) for c in added}
        made[code]["_towns"] = len(towns)
    if not made:
        return None
    extra = pd.DataFrame.from_dict(made, orient="index").reindex(columns=by_code.columns)
    names = frame["name"].astype(str).to_numpy() if "name" in frame else text.astype(str).to_numpy()
    listed = [f"{c} {names[int(np.flatnonzero(text.to_numpy() == c)[0])]} ({made[c]['_towns']}, {made[c]['population']:,.0f})"
              if "population" in made[c] and pd.notna(made[c]["population"]) else c for c in made]  # fmt: skip
    still = missing & ~text.isin(list(made)).fillna(False).to_numpy()
    return pd.concat([by_code, extra]), still, listed


def _townships_summed_from_villages(
    frame: pd.DataFrame, codes: pd.Series, missing: np.ndarray, by_code: pd.DataFrame, columns: list[str]
) -> tuple[pd.DataFrame, np.ndarray, list[str], set[str]] | None:
    """Return the table's rows (by code) with a row for each township the table gives no row of
    its own but rows of its villages and communities (村/社区: 12-digit codes under its 9), made of
    their residents added up; the areas still missing, the townships made and the village codes
    used (``None`` when none is made). A township with a village's figure unreadable is not made."""
    added = [c for c in _ADDED if c in columns]
    index = pd.Index(by_code.index.astype(str))
    villages = index[np.asarray(index.str.len() == 12, dtype=bool)]
    if not added or villages.empty:
        return None
    parents = villages.str[:9]
    text = codes.astype("string")
    names = frame["name"].astype(str).to_numpy() if "name" in frame else text.astype(str).to_numpy()
    made: dict[str, dict] = {}
    listed: list[str] = []
    used: set[str] = set()
    for k in np.flatnonzero(missing):
        code = text.iloc[k]
        mine = villages[np.asarray(parents == code, dtype=bool)] if not pd.isna(code) and len(code) == 9 else villages[:0]
        if mine.empty:
            continue
        figures = {c: to_number(by_code.loc[list(mine), c].astype("string")) for c in added}
        if figures["population" if "population" in figures else added[0]].isna().any():
            continue
        made[code] = {c: float(v.sum()) if v.notna().all() else np.nan for c, v in figures.items()}
        used |= set(mine)
        residents = made[code].get("population", np.nan)
        listed.append(f"{code} {names[k]} ({len(mine)}" + (f", {residents:,.0f})" if pd.notna(residents) else ")"))
    if not made:
        return None
    extra = pd.DataFrame.from_dict(made, orient="index").reindex(columns=by_code.columns)
    still = missing & ~text.isin(list(made)).fillna(False).to_numpy()
    return pd.concat([by_code, extra]), still, listed, used


def _boundaries_coded_by_name(
    frame: pd.DataFrame, table: pd.DataFrame, source: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Return boundaries that have names but no codes (a web map's outlines) with each area's code
    taken from the joined table's row of the same name; a name the table or the boundaries give
    twice (城关镇 in two counties) is refused: which is meant is not guessed."""
    written = _folded_names(table["name"])
    names = _folded_names(frame["name"])
    shared = sorted(set(written[written.duplicated(keep=False)].dropna()) | set(names[names.duplicated(keep=False)].dropna()))
    used = sorted(set(shared) & set(names.dropna()))
    if used:
        rows = np.flatnonzero(written.isin(used).fillna(False).to_numpy()) + first_data_row(table)
        return frame, [problem(source, "join_names_shared", column="name", rows=tuple(int(r) for r in rows),
                               names=", ".join(used[:5]))]  # fmt: skip
    code_of = dict(zip(written.dropna(), codes_as_text(table["area_id"])[written.notna()], strict=True))
    return frame.assign(area_id=names.map(code_of).astype(object).to_numpy()), []


def joined_area_figures(
    frame: pd.DataFrame, table: pd.DataFrame, scales: dict[str, float], source: object, table_source: str,
    *, as_read: pd.DataFrame | None = None, outlines=None,
) -> tuple[pd.DataFrame, dict[str, float], list[Problem], list[Notice]]:
    """Return the boundary rows with the table's columns joined by ``area_id`` (canonical columns
    on both), the unit factors of the joined columns, the problems and the notices.

    ``as_read``: the table with all its columns, row for row (its year column says why codes repeat);
    ``outlines``: the areas' geometries, row for row (a county left out of the table is made of its
    townships when they cover it).
    """
    by_name: list[Notice] = []
    if "area_id" not in frame and "name" in frame and {"area_id", "name"} <= set(table.columns):
        frame, name_problems = _boundaries_coded_by_name(frame, table, table_source)  # boundaries with names only
        if name_problems:
            return frame, scales, name_problems, []
        by_name = [Notice.said("boundaries_coded_by_name", table_source, n=int(frame["area_id"].notna().sum()))]
    if "area_id" not in frame:
        return frame, scales, [], []  # the boundary file's missing code column is said by the layer's reader
    if "area_id" not in table and "name" in table and "name" in frame:  # a yearbook's table: names, no codes
        table, name_problems = _coded_by_name(table, frame, table_source)
        if name_problems:
            return frame, scales, name_problems, []
        by_name = [Notice.said("join_by_name", table_source, n=int(table["area_id"].notna().sum()))]
    if "area_id" not in table:
        return frame, scales, [problem(table_source, "join_no_area_code")], []
    codes = area_codes_short(codes_as_text(frame["area_id"]))
    keys = area_codes_short(codes_as_text(table["area_id"]))
    columns = [c for c in table.columns if c != "area_id" and not (c == "name" and "name" in frame)]
    rows = np.arange(len(table)) + first_data_row(table)
    scientific = codes_in_scientific_notation(table["area_id"])
    if scientific.any():  # 3.50601E+11: a 12-digit code Excel saved without its last digits
        return frame, scales, [problem(table_source, "codes_scientific", column="area_id", rows=tuple(
            int(r) for r in rows[scientific]), example=str(table["area_id"][scientific].iloc[0]).strip())], []  # fmt: skip
    notices: list[Notice] = []
    if "name" in table and "name" in frame and not by_name:
        keys, filled = _blank_codes_by_name(keys, table["name"], codes, frame["name"])
        if filled:
            notices.append(Notice.said("join_codes_by_name", table_source, n=len(filled), rows=shown(
                [int(rows[k]) for k in filled]), example=f"{table['name'].iloc[filled[0]]} → {keys.iloc[filled[0]]}"))  # fmt: skip
        layer_names = {str(c): n for c, n in zip(codes, frame["name"], strict=True) if pd.notna(c)}
        check = checked_names([None if pd.isna(k) else str(k) for k in keys], list(table["name"]), layer_names)
        header = table.attrs.get("headers", {}).get("name", "name")
        if check.crossed:
            crossed, pairs = check.crossed_rows(list(table["name"]), list(rows), "code_name_crossed")
            return frame, scales, [problem(table_source, "join_code_name_crossed", column=header, rows=crossed,
                                           n=len(crossed), pairs=pairs)], []  # fmt: skip
        notices += check.notices(table_source)
    repeated = keys.duplicated(keep=False) & keys.notna()
    problems: list[Problem] = []
    if repeated.any():
        long_form = as_read if as_read is not None else table
        problems.append(_rows_by_year(long_form, repeated.to_numpy(dtype=bool), table_source) or problem(
            table_source, "ids_repeated", column="area_id", rows=tuple(int(r) for r in rows[repeated]),
            values=", ".join(sorted(set(keys[repeated].astype(str)))[:5])))  # fmt: skip
        return frame, scales, problems, []
    by_code = table.assign(_key=keys.to_numpy()).dropna(subset=["_key"]).set_index("_key")
    missing = ~codes.isin(by_code.index).to_numpy(dtype=bool)
    unused = ~keys.isin(codes.dropna()).fillna(True).to_numpy(dtype=bool)
    notices_made: list[Notice] = []
    from_villages = _townships_summed_from_villages(frame, codes, missing, by_code, columns)
    if from_villages is not None:  # a table of 村/社区: its townships made of their villages
        by_code, missing, made, used = from_villages
        unused &= ~np.asarray(keys.isin(list(used)).fillna(False), dtype=bool)
        notices_made.append(Notice.said("join_townships_summed", table_source, n=len(made), villages=len(used),
                                        townships={"en": shown(made, _LISTED, "; "), "zh": shown(made, _LISTED, "；")}))  # fmt: skip
    summed = _summed_from_their_townships(frame, outlines, codes, missing, by_code, columns)
    if summed is not None:
        by_code, missing, made = summed
        notices_made.append(Notice.said("join_counties_summed", table_source, n=len(made), counties={"en": shown(made, _LISTED, "; "), "zh": shown(made, _LISTED, "；")}))
    if missing.any():
        names = frame["name"].astype(str).to_numpy() if "name" in frame else codes.astype(str).to_numpy()
        absent = Listed("county_named", [{"code": "—" if pd.isna(codes.iloc[k]) else str(codes.iloc[k]), "name": names[k]} for k in np.flatnonzero(missing)[:_LISTED]],
                        max(0, int(missing.sum()) - _LISTED))  # fmt: skip
        others = ", ".join(_row_named(table, k) for k in np.flatnonzero(unused)[:_LISTED]) or "—"
        problems.append(problem(str(source), "join_no_row", column="area_id", table=table_source, missing=absent,
                                n=int(missing.sum()), others=others))  # fmt: skip
        return frame, scales, problems, []
    frame = frame.copy()
    replaced = [c for c in columns if c in frame.columns]
    for column in columns:
        values = by_code[column].reindex(codes.to_numpy()).to_numpy()
        if column in frame.columns:  # a county summed from its townships keeps the boundary file's other figures
            values = np.where(pd.isna(values), frame[column].to_numpy(), values)
        frame[column] = values
    scales = {**{k: v for k, v in scales.items() if k not in columns}, **table.attrs.get("scales", {})}
    headers = table.attrs.get("headers", {})
    table_rows = pd.Series(rows, index=keys.to_numpy())
    table_rows = table_rows[table_rows.index.notna()].reindex(codes.to_numpy()).to_numpy()  # 合计, 小计 rows: no code
    frame.attrs["joined_rows"] = {"table": table_source, "columns": tuple(columns), "rows": table_rows,
                                  "headers": {c: headers[c] for c in columns if c in headers},
                                  "unused": {int(rows[k]): _row_named(table, k) for k in np.flatnonzero(unused)}}  # fmt: skip
    said = ", ".join(" ".join(str(headers.get(c, c)).split()) for c in columns)
    key = {"en": "name", "zh": "名称"} if by_name else {"en": "code", "zh": "区划代码"}
    if replaced:
        notices.append(Notice.said("areas_joined_replacing", source, table=table_source, n=len(frame), columns=said,
                                   replaced=", ".join(replaced), key=key))  # fmt: skip
    else:
        notices.append(Notice.said("areas_joined", source, table=table_source, n=len(frame), columns=said, key=key))
    notices += notices_made
    if unused.any():
        listed = ", ".join(_row_named(table, k) for k in np.flatnonzero(unused)[:_LISTED])
        notices.append(Notice.said("join_rows_unused", table_source, n=int(unused.sum()), codes=listed,
                                   rows=", ".join(str(int(r)) for r in rows[unused][:8])))  # fmt: skip
    return frame, scales, problems, by_name + notices

