"""Layer validation: check and type a layer's canonical columns, collecting every problem."""

from __future__ import annotations

import contextvars
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._errors import Problem, ValidationError, problem, row_labels
from ._notices import Notice, quoted, shown
from ._numbers import (
    BLANK_WORDS,
    DECADE,
    area_codes_short,
    codes_as_text,
    codes_in_scientific_notation,
    header_unit,
    parse_numbers,
    years_of,
)
from ._schema import (
    COLUMN_ALIASES,
    COLUMN_YES_NO_WORDS,
    DBF_NAME_BYTES,
    FALSE_WORDS,
    GRADE_WORDS,
    LAYER_SPECS,
    STATUS_QUESTIONS,
    TEMPLATE_EXAMPLES,
    TRUE_WORDS,
    canonical_value,
    headers_holding,
    normalise_key,
)
from .text.problems import Listed

__all__ = ["validate_layer"]

_SCHEMA_COLUMNS = frozenset(COLUMN_ALIASES)

#: Facility kinds whose rows must give a number of slots.
SLOT_KINDS = (
    "childcare",
    "kindergarten_class",
    "workplace_childcare",
    "community_childcare",
    "family_childcare",
)
#: Slots above this at one facility or candidate are asked about (a notice): one childcare
#: facility rarely has more than a few hundred, so more is likely a typo or a county's total.
MOST_PLAUSIBLE_SLOTS = 1_000
#: A kindergarten (3–6 years): not childcare for under-3s, though its 托班 is (kindergarten_class).
KINDERGARTEN_WORDS = frozenset({"幼儿园", "公办幼儿园", "民办幼儿园", "kindergarten"})
#: early education (早教: classes a parent attends with the child), which keeps no children in care
_EARLY_EDUCATION = re.compile(r"早教|早期教育|early\s*education", re.IGNORECASE)
#: Vocabulary columns where a blank cell means "unknown" (the rules treat unknown as not a pass).
BLANK_MEANS_UNKNOWN = frozenset({"unit_kind", "ownership"})
_GEOMETRY_TYPES = {
    "point": {"Point"},
    "polygon": {"Polygon", "MultiPolygon"},
    "polygon or point": {"Polygon", "MultiPolygon", "Point"},
}


#: Row numbers of the layer being validated (see validate_layer); a context variable, so layers
#: validated in parallel threads never see each other's numbers.
_ROW_NUMBERS: contextvars.ContextVar[np.ndarray | None] = contextvars.ContextVar("row_numbers", default=None)


def _row_numbers(n: int) -> np.ndarray:
    """Return the row numbers of the layer being validated (its ``n`` positions when none are set)."""
    numbers = _ROW_NUMBERS.get()
    return np.arange(n) if numbers is None else numbers


def _rows(mask: np.ndarray | pd.Series) -> tuple[int, ...]:
    """Return the row numbers where ``mask`` is true, as the user's file numbers them.

    That is the layer's ``source_row`` (2 for the first data row of a spreadsheet, 1 for the
    first feature of a GIS layer); for a frame built in Python, its index labels.
    """
    positions = np.flatnonzero(np.asarray(mask))
    numbers = _row_numbers(len(np.asarray(mask)))
    return tuple(int(numbers[i]) for i in positions)


def _codes(values: pd.Series) -> pd.Series:
    """Return id or code cells as trimmed text (see :func:`codes_as_text`)."""
    return codes_as_text(values).astype("string")


def _shown_rows(mask: np.ndarray | pd.Series, most: int = 8) -> str:
    """Return the first ``most`` row numbers where ``mask`` is true, as a notice lists them."""
    return ", ".join(str(r) for r in _rows(mask)[:most])


def _id_problems(gdf: gpd.GeoDataFrame, column: str, source: str) -> tuple[pd.Series, list[Problem]]:
    """Return the id column as text and its problems (missing, blank, duplicate)."""
    ids = _codes(gdf[column])
    scientific = codes_in_scientific_notation(ids)
    problems = _scientific_code_problems(ids, scientific, column, source)
    blank = ids.isna() | (ids == "")
    if blank.any():
        problems.append(problem(source, "ids_blank", column=column, rows=_rows(blank)))
    duplicated = ids.duplicated(keep=False) & ~blank & ~scientific  # cut codes are said as such
    if duplicated.any():
        values = sorted(set(ids[duplicated]))[:5]
        problems.append(
            problem(source, "ids_repeated", column=column, rows=_rows(duplicated), values=", ".join(values))
        )
    return ids.astype(object), problems


def _scientific_code_problems(codes: pd.Series, scientific: np.ndarray, column: str, source: str) -> list[Problem]:
    """Return a problem naming the rows whose codes are in scientific notation (``scientific``, see
    :func:`codes_in_scientific_notation`): their digits are lost."""
    if not scientific.any():
        return []
    example = str(codes[scientific].iloc[0]).strip()
    return [problem(source, "codes_scientific", column=column, rows=_rows(scientific), example=example)]


#: a spreadsheet's error values, left in a cell when its formula failed (or saved as text to a CSV)
_SHEET_ERRORS = r"#(?:N/A|REF!|DIV/0!|VALUE!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)"


#: no count, share or figure carefac reads comes near this: a larger one is a typo, not a number to compute with
_LARGEST_COUNT = 1e12


def _number_problems(
    gdf: gpd.GeoDataFrame, column: str, source: str, *, integer: bool, scale: float = 1.0
) -> tuple[pd.Series, list[Problem], list[Notice]]:
    """Return a numeric column parsed (NaN where blank), multiplied by ``scale``, its problems and notices."""
    raw = gdf[column]
    parsed = parse_numbers(raw, notes=True)
    values = parsed.values * scale
    if scale != 1.0:
        values = values.round(6)
    problems: list[Problem] = []
    notices: list[Notice] = []
    if parsed.unreadable.any():
        errors = raw.astype("string").str.strip().str.fullmatch(_SHEET_ERRORS).fillna(False).to_numpy(dtype=bool)
        failed = parsed.unreadable.to_numpy(dtype=bool) & errors  # #N/A, #REF!: a formula that failed
        if failed.any():
            shown_errors = ", ".join(sorted({str(v).strip() for v in raw[failed]}))
            problems.append(problem(source, "values_sheet_errors", column=column, rows=_rows(failed), errors=shown_errors))
        other = parsed.unreadable.to_numpy(dtype=bool) & ~errors
        if other.any():
            examples = ", ".join(repr(v) for v in raw[other].head(3))
            if column == "completion_year":  # 在建: a status, where a year was asked
                problems.append(problem(source, "years_not_read", column=column, rows=_rows(other), examples=examples))
            else:
                problems.append(problem(source, "values_not_numbers", column=column, rows=_rows(other), examples=examples))
    if parsed.wan.any():
        example = raw[parsed.wan].iloc[0]
        notices.append(
            Notice.said(
                "unit_converted_wan", source, column=column, n=int(parsed.wan.sum()), example=example,
                first=values[parsed.wan].iloc[0],
            )  # fmt: skip
        )
    if parsed.noted.any():
        examples = "; ".join(f"{str(v).strip()} → {n:g}" for v, n in zip(raw[parsed.noted].head(3), values[parsed.noted].head(3), strict=True))
        notices.append(Notice.said("number_notes_read_past", source, column=column, rows=_shown_rows(parsed.noted),
                                   examples=examples))  # fmt: skip
    negative = values < 0
    if negative.any():
        problems.append(problem(source, "values_negative", column=column, rows=_rows(negative)))
    huge = values.abs() > _LARGEST_COUNT  # 1e308, 3.5E+20: an exponent typed or a code in the wrong column
    if huge.any():
        examples = ", ".join(str(v).strip() for v in raw[huge].head(3))
        problems.append(problem(source, "values_too_large", column=column, rows=_rows(huge), examples=examples))
        values = values.mask(huge)
    if integer:
        fractional = values.notna() & (values != np.round(values))
        if fractional.any():
            problems.append(problem(source, "values_fractional", column=column, rows=_rows(fractional)))
        elif not problems:
            values = values.round().astype("Int64")
    return values, problems, notices


#: a note in brackets after a cell's answer: 是（普惠）, 二级（待复评）
_NOTE_AFTER = re.compile(r"\s*[(（【\[][^)）】\]]*[)）】\]]\s*$")


#: a yes/no answered with a count of rooms or places: 2间, 1个, 有（2间）is read before its note
_COUNT_OF_PLACES = r"^\s*(?:有\s*)?(\d+)\s*(?:间|个|处|所|家)\s*$"


def _boolean_problems(gdf: gpd.GeoDataFrame, column: str, source: str) -> tuple[pd.Series, list[Problem]]:
    """Return a yes/no column as booleans (``pd.NA`` where blank) and its problems."""
    raw = gdf[column]
    folded = raw.astype("string").str.strip().str.lower()
    if folded.str.contains(r"[(（【\[]", regex=True).fillna(False).any():  # 是（普惠）: the answer before its note
        folded = folded.str.replace(_NOTE_AFTER, "", regex=True)
    yes, no = COLUMN_YES_NO_WORDS.get(column, (frozenset(), frozenset()))
    values = pd.Series(pd.NA, index=gdf.index, dtype="boolean")
    values[folded.isin(TRUE_WORDS | yes).fillna(False)] = True
    values[folded.isin(FALSE_WORDS | no).fillna(False)] = False
    counted = folded.str.extract(_COUNT_OF_PLACES, expand=False).astype("Float64")  # 母婴室 2间: has one; 0间: none
    values[values.isna() & counted.notna()] = (counted > 0)[values.isna() & counted.notna()]
    blank = folded.isna() | (folded == "") | folded.isin(BLANK_WORDS - FALSE_WORDS).fillna(False)
    unknown = values.isna() & ~blank
    problems = _unknown_values(raw, unknown, source, column, "values_not_yes_no")
    return values, problems


def _unknown_values(
    raw: pd.Series, unknown: pd.Series, source: str, column: str, code: str, **facts
) -> list[Problem]:
    """Return one problem naming up to five of the ``unknown`` values and their rows (none if all known)."""
    if not unknown.any():
        return []
    examples = ", ".join(sorted({str(v) for v in raw[unknown]})[:5])
    return [problem(source, code, column=column, rows=_rows(unknown), examples=examples, **facts)]


def _grade_numbers(raw: pd.Series) -> pd.Series:
    """Return grades with written forms (二级, 三级甲等, 二甲, Ⅱ级, 二级（待复评）) turned into digits; an
    institution not graded (未定级, 未评级) is grade 0."""

    def grade(value):
        if not isinstance(value, str):
            return value
        text = _NOTE_AFTER.sub("", value.strip())  # 二级（待复评）
        if text in UNGRADED_WORDS:
            return "0"
        text = _ROMAN_GRADES.get(text.removesuffix("级"), text)
        return "".join(GRADE_WORDS.get(ch, ch) for ch in text)

    return raw.map(grade)


#: grades written for an institution without one
UNGRADED_WORDS = frozenset({"未定级", "未评级", "未评等级", "无等级", "未分级", "未评审"})
_ROMAN_GRADES = {"Ⅰ": "1", "Ⅱ": "2", "Ⅲ": "3", "I": "1", "II": "2", "III": "3"}


def _both_languages(allowed: tuple[str, ...]) -> str:
    """Return allowed values as ``code (中文)`` so that either spelling can be typed."""
    from .text import code_label

    return ", ".join(f"{v} ({code_label(v, 'zh')})" if code_label(v, "zh") != v else v for v in allowed)


def _vocabulary_problems(
    gdf: gpd.GeoDataFrame, column: str, allowed: tuple[str, ...], source: str
) -> tuple[pd.Series, list[Problem]]:
    """Return a vocabulary column in canonical spelling and its problems."""
    raw = gdf[column]
    blank = raw.isna() | (raw.astype("string").str.strip() == "")
    text = raw.astype(str)
    spelled = {v: canonical_value(column, v) for v in pd.unique(text[~blank])}  # a few kinds over many rows
    values = raw.where(blank, text.map(spelled))
    unknown = ~blank & ~values.isin(allowed)
    problems = []
    if column == "kind":  # a kindergarten is not childcare for under-3s: say what to give instead
        kindergarten = unknown & raw.astype("string").str.strip().isin(KINDERGARTEN_WORDS).fillna(False)
        if kindergarten.any():
            problems.append(problem(source, "kind_kindergarten", column=column, rows=_rows(kindergarten)))
            unknown = unknown & ~kindergarten
        written = raw.astype("string")  # 托育早教中心 does both: not said as early education alone
        early = unknown & (written.str.contains(_EARLY_EDUCATION) & ~written.str.contains("托")).fillna(False)
        if early.any():
            problems.append(problem(source, "kind_early_education", column=column, rows=_rows(early)))
            unknown = unknown & ~early
    problems += _unknown_values(
        raw, unknown, source, column, "values_unknown", allowed=_both_languages(allowed)
    )
    if blank.any() and column not in BLANK_MEANS_UNKNOWN:
        problems.append(
            problem(source, "value_blank", column=column, rows=_rows(blank), allowed=_both_languages(allowed))
        )
    return values, problems


def _parts_joined(gdf: gpd.GeoDataFrame, id_column: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Return the layer with the polygons of one area (or district) joined, and each joined one
    said as ``code name (parts; rows)``: GIS layers often store a township's exclave, or a
    district's second block, as another feature with the same code, name and figures. Rows that
    share a code but differ in anything else stay apart (and are refused as repeated ids)."""
    geometry = gdf.geometry.name
    ids = gdf[id_column].astype("string")
    repeated = ids.duplicated(keep=False) & ids.notna()
    if not repeated.any():
        return gdf, []
    others = [c for c in gdf.columns if c not in (geometry, "source_row")]
    keys = gdf[others].astype("string").fillna("")
    joined_rows, said = [], []
    drop: list = []
    for code, group in gdf[repeated.to_numpy()].groupby(ids[repeated]):
        polygons = group.geometry.notna().all() and group.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
        if len(keys.loc[group.index].drop_duplicates()) != 1 or not polygons:
            continue  # the same code with other figures: an old and a new code, said as repeated ids
        first = group.index[0]
        joined_rows.append((first, shapely.union_all(group.geometry.to_numpy())))
        drop += list(group.index[1:])
        rows = ", ".join(str(r) for r in _rows(gdf.index.isin(group.index)))
        said.append(f"{code} {group['name'].iloc[0] if 'name' in group else ''} ({len(group)}; {rows})".replace("  ", " "))
    if not joined_rows:
        return gdf, []
    gdf = gdf.copy()
    for index, shape in joined_rows:
        gdf.loc[index, geometry] = shape
    return gdf.drop(index=drop), said


def _template_example_problems(gdf: gpd.GeoDataFrame, id_column: str, source: str) -> tuple[list[Problem], list[Notice]]:
    """Return a problem when a template's example row (``carefac init``) is still there among the
    user's own rows: it would count (the example centre's 120 slots lie inside Zhangzhou); a notice
    when the layer holds nothing else (it runs, and the results describe the example)."""
    if "name" not in gdf:
        return [], []
    ids = gdf[id_column].astype(str).str.strip()
    names = gdf["name"].astype(str).str.strip()
    example = (ids.isin({i for i, _ in TEMPLATE_EXAMPLES}) & names.isin({n for _, n in TEMPLATE_EXAMPLES})).to_numpy(
        dtype=bool, copy=True
    )
    if example.any():  # the pair itself, on the few rows that may be one
        example[example] = [pair in TEMPLATE_EXAMPLES for pair in zip(ids[example], names[example], strict=True)]
    names = "、".join(gdf.loc[example, "name"].astype(str))
    if example.any() and example.all():
        return [], [Notice.said("template_example_only", source, names=names)]
    if not example.any():
        return [], []
    return [problem(source, "template_example_left", column=id_column, rows=_rows(example), names=names)], []


def _one_point_multipoints(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a point layer with its multipoints of one point (as some GIS tools write every point)
    as that point; a multipoint of several points is left for the geometry check to refuse."""
    geoms = gdf.geometry
    single = (geoms.geom_type == "MultiPoint").to_numpy() & (shapely.get_num_geometries(geoms.to_numpy()) == 1)
    if not single.any():
        return gdf
    gdf = gdf.copy()
    gdf.loc[single, gdf.geometry.name] = shapely.get_geometry(geoms.to_numpy()[single], 0)
    return gdf


def _outlines_at_a_point(gdf: gpd.GeoDataFrame, source: str) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Return a point layer with its valid outlines (a candidate parcel 地块, a building's footprint)
    placed at a point inside each, and a notice saying so; other geometries as they are."""
    gdf = _one_point_multipoints(gdf)
    geoms = gdf.geometry
    outline = (geoms.geom_type.isin(["Polygon", "MultiPolygon"]) & geoms.is_valid & ~geoms.is_empty).to_numpy()
    if not outline.any():
        return gdf, []
    gdf = gdf.copy()
    gdf.loc[outline, gdf.geometry.name] = geoms[outline].representative_point()
    rows = _shown_rows(outline)
    return gdf, [Notice.said("outlines_as_points", source, n=int(outline.sum()), total=len(gdf), rows=rows)]


def _closed_lines_as_polygons(gdf: gpd.GeoDataFrame, source: str) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Return a polygon layer whose outlines drawn as closed lines (a CAD drawing's boundaries
    exported to GIS: each ring a line ending where it starts) are the polygons they close, and a
    notice saying so; lines that do not close are left for the geometry check to refuse."""
    geoms = gdf.geometry
    lines = geoms.geom_type.isin(["LineString", "LinearRing"]).to_numpy()
    if not lines.any():
        return gdf, []
    values = geoms.to_numpy()[lines]
    closed = shapely.is_closed(values) & (shapely.get_num_coordinates(values) >= 4)
    if not closed.all():
        return gdf, []  # some do not close: not guessed (said as lines)
    polygons = np.array([shapely.Polygon(shapely.get_coordinates(v)) for v in values], dtype=object)
    gdf = gdf.copy()
    gdf.loc[lines, gdf.geometry.name] = polygons
    return gdf, [Notice.said("closed_lines_as_polygons", source, n=int(lines.sum()), total=len(gdf),
                             rows=_shown_rows(lines))]  # fmt: skip


def _geometry_problems(gdf: gpd.GeoDataFrame, expected: str, source: str) -> list[Problem]:
    """Return problems of missing, empty, invalid or wrong-type geometries."""
    geoms = gdf.geometry
    problems = []
    missing = geoms.isna() | geoms.is_empty
    if missing.any():
        problems.append(problem(source, "geometry_missing", column="geometry", rows=_rows(missing)))
    present = ~missing
    invalid = present & ~geoms.is_valid
    if invalid.any():
        reason = shapely.is_valid_reason(geoms[invalid].iloc[0])
        problems.append(
            problem(source, "geometry_invalid", column="geometry", rows=_rows(invalid), reason=reason)
        )
    allowed = _GEOMETRY_TYPES.get(expected)
    if allowed:
        wrong = present & ~geoms.geom_type.isin(allowed)
        if wrong.any():
            found = ", ".join(sorted(set(geoms[wrong].geom_type)))
            problems.append(
                problem(
                    source,
                    "geometry_wrong_type",
                    column="geometry",
                    rows=_rows(wrong),
                    expected=expected,
                    found=found,
                )
            )
    return problems


#: level cells naming a development zone or similar: a county or a township, as its code says
ZONE_LEVEL_WORDS = frozenset({"开发区", "经济开发区", "管委会", "园区", "工业园区", "投资区", "台商投资区", "示范区", "新区",
                              "高新区", "保税区", "旅游区", "功能区"})  # fmt: skip


def _levels_by_code(codes: pd.Series) -> pd.Series:
    """Return each statistical code's level: 9 digits a township, 6 digits ending in 00 a city,
    other 6 digits a county (``None`` for other codes)."""
    codes = codes.astype(str).str.strip()
    lengths, digits = codes.str.len(), codes.str.fullmatch(r"\d+").fillna(False)
    return pd.Series(np.select(
        [digits & (lengths == 9), digits & (lengths == 6) & codes.str.endswith("00"), digits & (lengths == 6)],
        ["township", "city", "county"], default=None,
    ), index=codes.index, dtype=object)  # fmt: skip


def _level_against_code_problems(gdf: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """Return a problem for areas whose written level is not their code's (a county-level city, 县级市,
    written 市 would be taken for the whole city)."""
    by_code = _levels_by_code(gdf["area_id"])
    wrong = (by_code.notna() & gdf["level"].isin(("city", "county", "township")) & (gdf["level"] != by_code)).to_numpy()
    if not wrong.any():
        return []
    names = gdf["name"].astype(str) if "name" in gdf else pd.Series("", index=gdf.index)
    listed = shown((f"{code} {name}".strip() for code, name in zip(gdf["area_id"][wrong], names[wrong], strict=True)),
                   most=5, sep="、")  # fmt: skip
    return [problem(source, "level_not_the_codes", column="level", rows=_rows(wrong), areas=listed)]


def _area_codes_shortened(gdf: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Cut the areas' codes and parents' codes in the 12-digit statistical form to the short one
    (in place: 350601001000 → 350601001) and return the notice saying so."""
    shortened, example = np.zeros(len(gdf), dtype=bool), ""
    for column in ("area_id", "parent_id"):
        if column not in gdf:
            continue
        written = _codes(gdf[column])
        short = area_codes_short(written)
        changed = (short != written).fillna(False).to_numpy(dtype=bool)
        if changed.any():
            gdf[column] = short.astype(object).where(short.notna(), None)
            shortened |= changed
            example = example or f"{written[changed].iloc[0]} → {short[changed].iloc[0]}"
    return [Notice.said("area_codes_twelve_digits", source, n=int(shortened.sum()), example=example)] if example else []


def _parents_by_name(gdf: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Read parent cells written as a name (东县 for 350601, in place) as the code of the one area of
    the layer with that name, and return the notice saying so; a township's blank parent is taken
    from its 9-digit code (350601001 → 350601)."""
    if "parent_id" not in gdf or "name" not in gdf:
        return []
    codes = gdf["area_id"].astype("string").str.strip()
    parents = gdf["parent_id"].astype("string").str.strip()
    blank = ((parents.isna() | (parents == "")) & codes.str.fullmatch(r"\d{9}").fillna(False)).to_numpy(dtype=bool)
    if blank.any():
        gdf["parent_id"] = gdf["parent_id"].astype(object)
        gdf.loc[blank, "parent_id"] = codes[blank].str[:6].to_numpy(dtype=object)
        parents = gdf["parent_id"].astype("string").str.strip()
    names = gdf["name"].astype("string").str.strip()
    unique = names[~names.duplicated(keep=False)].dropna()
    code_of = dict(zip(unique, codes[unique.index], strict=True))
    named = parents.notna() & ~parents.isin(set(codes.dropna())) & parents.isin(set(code_of))
    if not named.any():
        return []
    gdf.loc[named.to_numpy(), "parent_id"] = parents[named].map(code_of)
    listed = shown(sorted({f"{n} → {code_of[n]}" for n in parents[named]}), most=5)
    return [Notice.said("parents_by_name", source, n=int(named.sum()), parents=listed)]


def _infer_area_levels(gdf: gpd.GeoDataFrame) -> None:
    """Fill ``level`` and ``parent_id`` from Chinese statistical codes where absent (in place): the
    whole column, or a blank cell or a development zone's word (开发区) in it."""
    codes = gdf["area_id"].astype(str).str.strip()
    by_code = _levels_by_code(codes)
    if "level" not in gdf:
        gdf["level"] = by_code
    else:  # a blank cell, or a zone (开发区, 管委会) that is a county or a township by its code
        written = gdf["level"].astype("string").str.strip()
        by_its_code = (written.isna() | (written == "") | written.isin(ZONE_LEVEL_WORDS)).fillna(True) & by_code.notna()
        gdf.loc[by_its_code.to_numpy(), "level"] = by_code[by_its_code]
    if "parent_id" not in gdf:
        parent = np.where(codes.str.len() == 9, codes.str[:6], None)
        gdf["parent_id"] = pd.Series(parent, index=gdf.index, dtype=object)


def _repeated_rows(
    gdf: gpd.GeoDataFrame, kind: str, source: str, generated_id: bool
) -> tuple[list[Problem], list[Notice]]:
    """Return a problem for rows that repeat another row exactly (every column and the geometry;
    found whatever the key column is: a sheet keyed by 序号 pasted twice counts its slots twice),
    and a notice for rows that repeat another in everything but their id (a copy given a new id
    counts twice: the user is asked, the rows counted as given; not for areas).

    One grouping without the id finds both in the common case (no repeats); a second, with the id,
    runs only when repeats exist.
    """
    id_column = LAYER_SPECS[kind].id_column
    first, repeated = _repeats(gdf, {id_column})
    if not repeated.any():
        return [], []
    exact_first, exact = (first, repeated) if generated_id else _repeats(gdf, set())
    problems = []
    if exact.any():
        pairs = Listed("repeated_row", _repeat_pairs(exact_first, exact))
        problems.append(problem(source, "rows_repeated", rows=_rows(exact), n=int(exact.sum()), pairs=pairs))
    notices = []
    if not generated_id and kind != "areas" and id_column in gdf:
        pairs = "; ".join(f"{p['row']} = {p['first']}" for p in _repeat_pairs(first, repeated))
        notices.append(
            Notice.said("rows_repeat_but_id", source, n=int(repeated.sum()), column=id_column, pairs=pairs)
        )
    return problems, notices


def sheets_repeating_others(gdf: gpd.GeoDataFrame, id_column: str, source: object, *, ids_made: bool) -> list[Problem]:
    """Return a problem naming the sheets (of a workbook read whole, ``sheet = "*"``) whose every row
    repeats a row of another sheet, ids aside: a summary sheet (汇总) read with the county sheets
    counts each facility twice; else one naming the rows that repeat a row of another sheet exactly
    (ids made per sheet aside: the sheets had none), as rows of one sheet are."""
    if "source_sheet" not in gdf:
        return []
    first, exact = _repeats(gdf, {id_column})
    if not exact.any():
        return []
    sheets = gdf["source_sheet"].astype(str).to_numpy()
    elsewhere = exact & (sheets[first] != sheets)
    whole = [s for s in pd.unique(sheets) if elsewhere[sheets == s].all()]
    labels = row_labels(gdf)
    if whole:
        return [problem(source, "sheet_repeats_others", rows=tuple(labels[np.isin(sheets, whole)]), sheets=quoted(whole, 4))]
    if not ids_made:  # ids of the user's: a copy with another id is asked about, not refused (as within a sheet)
        first, exact = _repeats(gdf, set())
        elsewhere = exact & (sheets[first] != sheets)
    if not elsewhere.any():
        return []
    pairs = shown((f"{labels[k]} = {labels[first[k]]}" for k in np.flatnonzero(elsewhere)), most=5, sep="; ")
    return [problem(source, "rows_repeated_across_sheets", rows=tuple(labels[elsewhere]), pairs=pairs)]


def files_repeating_others(gdf: gpd.GeoDataFrame, id_column: str, source: object, *, ids_made: bool) -> list[Problem]:
    """Return a problem naming the rows (of a layer read from several files) that repeat a row of
    another file exactly (ids made per file aside: the files had none): a facility in two
    counties' files counts twice."""
    first, exact = _repeats(gdf, {id_column} if ids_made else set())
    files = gdf["source_file"].astype(str).to_numpy()
    elsewhere = exact & (files[first] != files)
    if not elsewhere.any():
        return []
    labels = row_labels(gdf)
    pairs = shown((f"{labels[k]} = {labels[first[k]]}" for k in np.flatnonzero(elsewhere)), most=5, sep="; ")
    return [problem(source, "rows_repeated_across_files", rows=tuple(labels[elsewhere]), pairs=pairs)]


def sheet_copy_notices(gdf: gpd.GeoDataFrame, id_column: str, source: object, *, part: str = "source_sheet") -> list[Notice]:
    """Return the notice of rows that repeat a row of another sheet (or file: ``part``) in
    everything but their id (a copy given a new id counts twice: asked, counted as given, as
    within a sheet)."""
    if part not in gdf:
        return []
    first, repeated = _repeats(gdf, {id_column})
    sheets = gdf[part].astype(str).to_numpy()
    elsewhere = repeated & (sheets[first] != sheets)
    if not elsewhere.any():
        return []
    labels = row_labels(gdf)
    pairs = "; ".join(f"{labels[k]} = {labels[first[k]]}" for k in np.flatnonzero(elsewhere)[:5])
    return [Notice.said("rows_repeat_but_id", source, n=int(elsewhere.sum()), column=id_column, pairs=pairs)]


def _repeats(gdf: gpd.GeoDataFrame, ignore: set[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return, per row, the first row it repeats (itself when none) and whether it repeats one,
    comparing every column but ``ignore`` (and the row numbers) and the geometry."""
    columns = [c for c in gdf.columns if c not in {"source_row", "source_sheet", "source_file", "lon", "lat", gdf.geometry.name, *ignore}
               and normalise_key(str(c)) not in ROW_COUNTERS]  # fmt: skip  (lon, lat: compared as the geometry)
    key = pd.DataFrame({c: _compared_text(gdf[c]) for c in columns})
    key["__geometry"] = gdf.geometry.to_wkb(hex=True).astype("string")
    filled = key.fillna("\x00")
    group = filled.groupby(list(filled.columns), sort=False, dropna=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(group))).groupby(group).transform("min").to_numpy()
    return first, first != np.arange(len(group))


#: headers of a column that numbers the rows (序号 1, 2, 3 …): a row pasted again and renumbered is
#: still the same place, so such a column is left out when rows are compared
ROW_COUNTERS = frozenset({"序号", "序", "行号", "no", "no.", "#", "number", "rowno"})


#: headers of a district's planned population (a new district's residents-to-be)
PLANNED_POPULATION_HEADERS = ("规划人口", "规划人口数", "规划人数", "设计人口", "规划居住人口")


def _planned_population_filled(gdf: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Fill, in place, the residents of districts that give none (blank, or 0: a district not yet
    lived in, under 现状人口 or 入住人口) from a planned-population column beside the residents
    (常住人口 and 规划人口: a new district has only the latter), and return the notice saying so; a
    planned figure that does not read is left blank (the district then is skipped, said)."""
    folded = {normalise_key(h) for h in PLANNED_POPULATION_HEADERS}
    planned = next((c for c in gdf.columns if normalise_key(str(c)) in folded), None)
    if planned is None:
        return []
    values = parse_numbers(gdf[planned].astype("string")).values.astype(float)
    none = gdf["population"].isna() | (pd.to_numeric(gdf["population"], errors="coerce") == 0)
    fill = (none & values.notna() & (values > 0)).to_numpy(dtype=bool)
    if not fill.any():
        return []
    filled = gdf["population"].astype("Float64")
    filled[fill] = values[fill].round().to_numpy()
    gdf["population"] = filled.round().astype("Int64")
    ids = gdf["district_id"].astype(str) if "district_id" in gdf else pd.Series(_rows(fill), dtype=str)
    return [Notice.said("population_from_planned", source, n=int(fill.sum()), column=str(planned),
                        districts=shown(ids[fill], most=6))]  # fmt: skip


def _filled(values: pd.Series) -> pd.Series:
    """Return where cells hold something (not blank, not a word for 'nothing here' such as 无 or —)."""
    empty = [v for v in pd.unique(values.dropna()) if str(v).strip() == "" or str(v).strip().lower() in BLANK_WORDS]
    return (values.notna() & ~values.isin(empty)).astype(bool)  # per distinct value: a column holds few


#: text with a space at either end, two in a row, a tab or newline, or full-width letters and signs
_ODD_TEXT = re.compile("^\\s|\\s$|\\s\\s|[\u3000\uff01-\uff5e\t\n]")


_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]")


def _has_odd_text(joined: str) -> bool:
    """Return whether cells joined by NUL hold any :data:`_ODD_TEXT` (plain substring tests: fast)."""
    if not joined:
        return False
    spaced = joined[0].isspace() or joined[-1].isspace() or any(m in joined for m in (" \x00", "\x00 ", "  ", "\t", "\n"))
    return spaced or _FULL_WIDTH.search(joined) is not None


def _compared_text(values: pd.Series) -> pd.Series:
    """Return a column as the text two rows are compared by: a name typed again with a space after
    it, two spaces inside or in full-width letters (甲托育中心 , ＡＢＣ) is the same name."""
    text = values.astype("string")
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return text
    if not _has_odd_text("\x00".join(text.dropna().tolist())):  # the common case, in one scan
        return text
    odd = text.str.contains(_ODD_TEXT.pattern, regex=True).fillna(False).to_numpy(dtype=bool)
    folded = text[odd].str.normalize("NFKC").str.strip().str.replace(r"\s+", " ", regex=True)
    return text.mask(odd, folded)


#: two rows of the same name, kind and slots this close (metres) are likely one place entered twice
NEAR_COPY_M = 30.0
#: … when at most this many rows share them (a generic name says nothing of the place)
NEAR_COPY_GROUP = 20


def _near_copy_notices(gdf: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Return a notice naming rows with the name, kind and slots (capacity) of another row whose
    point lies within :data:`NEAR_COPY_M` of it but not on it: a row copied with a new id and its
    coordinates retyped or geocoded again counts its slots twice (rows on the same point are said
    as repeats)."""
    if "name" not in gdf or not len(gdf) or not (gdf.geom_type == "Point").all():
        return []
    same = [c for c in ("name", "kind", "slots", "capacity") if c in gdf]
    key = pd.DataFrame({c: _compared_text(gdf[c]).fillna("\x00") for c in same})
    groups = key.groupby(same, sort=False).ngroup().to_numpy()
    sizes = np.bincount(groups)
    # a name shared by many rows (托育点 …) does not tell one place from another: only names of a few
    # rows are compared, pair by pair (a million rows of one generic name cost nothing)
    small = np.flatnonzero((sizes > 1) & (sizes <= NEAR_COPY_GROUP))
    if not len(small):
        return []
    x, y = gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()
    if gdf.crs is not None and gdf.crs.is_geographic:  # degrees as local metres (enough at tens of metres)
        x, y = x * 111_320.0 * np.cos(np.radians(np.clip(y, -89.0, 89.0))), y * 110_540.0
    pairs = []
    order = np.argsort(groups, kind="stable")
    starts = np.r_[0, np.cumsum(sizes)]
    for group in small:
        members = order[starts[group] : starts[group + 1]]
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                gap = float(np.hypot(x[b] - x[a], y[b] - y[a]))
                if 0 < gap <= NEAR_COPY_M:
                    pairs.append((b, a, gap))
    if not pairs:
        return []
    numbers = _row_numbers(len(gdf))
    listed = shown((f"{numbers[b]} ~ {numbers[a]} ({gap:.0f} m)" for b, a, gap in pairs), most=5, sep="; ")
    return [Notice.said("rows_near_copies", source, n=len(pairs), pairs=listed, most=NEAR_COPY_M)]


def _repeat_pairs(first: np.ndarray, repeated: np.ndarray) -> list[dict]:
    """Return the first five repeats as ``{"row", "first"}`` in the user's row numbers."""
    numbers = _row_numbers(len(first))
    return [{"row": numbers[p], "first": numbers[first[p]]} for p in np.flatnonzero(repeated)[:5]]


def _stacked_point_notices(gdf: gpd.GeoDataFrame, source: str, *, minimum: int = 3) -> list[Notice]:
    """Return a notice when ``minimum`` or more rows sit on one identical point (a geocoder's fallback)."""
    points = gdf.geometry[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    points = points[points.geom_type == "Point"]
    if len(points) < minimum:
        return []
    xy = pd.DataFrame({"x": points.x.round(7), "y": points.y.round(7)})
    counts = xy.value_counts()
    stacked = counts[counts >= minimum]
    notices = []
    for (x, y), count in stacked.head(3).items():
        mask = ((xy["x"] == x) & (xy["y"] == y)).reindex(gdf.index, fill_value=False)
        rows = _shown_rows(mask)
        notices.append(
            Notice.said("stacked_points", source, count=count, x=x, y=y, rows=rows)
        )
    return notices


def _slot_notices(gdf: gpd.GeoDataFrame, kind: str, source: str) -> list[Notice]:
    """Return a notice when facilities' slots or candidates' capacities pass
    :data:`MOST_PLAUSIBLE_SLOTS` (counted as given: the user is asked, not overruled)."""
    column = {"facilities": "slots", "candidates": "capacity"}.get(kind)
    if column not in gdf or not pd.api.types.is_numeric_dtype(gdf[column]):
        return []
    slots = gdf[column].to_numpy(dtype=float, na_value=np.nan)
    large = slots > MOST_PLAUSIBLE_SLOTS
    notices = []
    if large.any():
        rows = _shown_rows(large)
        largest = float(np.nanmax(slots))
        notices.append(
            Notice.said(
                "slots_implausible", source, column=column, n=int(large.sum()), rows=rows, most=MOST_PLAUSIBLE_SLOTS,
                largest=largest,
            )  # fmt: skip
        )
    kinds = gdf["kind"].isin(SLOT_KINDS).to_numpy() if kind == "facilities" and "kind" in gdf else True
    zero = (slots == 0) & kinds  # 0 slots: often "not known" typed as 0
    if zero.any():
        rows = _shown_rows(zero)
        notices.append(Notice.said("slots_zero", source, column=column, n=int(zero.sum()), rows=rows))
    return notices


#: headers of a notes column (备注: 已于2023年6月停业)
NOTES_HEADERS = frozenset(normalise_key(h) for h in ("备注", "说明", "情况说明", "备注说明", "其他说明", "备注信息",
                                                     "remark", "remarks", "note", "notes"))  # fmt: skip
#: a note saying a place counted as open is closed or not open yet (未停业, 无关闭 … are not)
_NOT_OPEN_NOTE = re.compile(
    r"(?<![未不没无非])(?:停业|关闭|关停|注销|暂停|停办|撤销|歇业|搬迁|停止招生|停止运营|筹建|在建|未开业|待开业|装修中|尚未运营|未运营|拟建)"
)


def _notes_saying_not_open(gdf: gpd.GeoDataFrame, kind: str, source: str) -> list[Notice]:
    """Return a notice naming the facilities whose status counts them as open while their notes
    column says otherwise (状态 运营, 备注 已于2023年6月停业): counted as given, the user asked."""
    if kind != "facilities" or "status" not in gdf:
        return []
    notes = [c for c in gdf.columns if isinstance(c, str) and normalise_key(c) in NOTES_HEADERS]
    if not notes:
        return []
    texts = gdf[notes].astype("string").fillna("").agg(" ".join, axis=1).str.strip()
    said = texts.str.contains(_NOT_OPEN_NOTE).to_numpy(dtype=bool) & (gdf["status"] == "existing").to_numpy(dtype=bool)
    if not said.any():
        return []
    rows = np.asarray(_rows(said))
    listed = {"en": shown(f"{r} ({t})" for r, t in zip(rows, texts[said], strict=True)),
              "zh": shown((f"第{r}行（{t}）" for r, t in zip(rows, texts[said], strict=True)), sep="、")}  # fmt: skip
    return [Notice.said("notes_say_not_open", source, n=int(said.sum()), rows=listed, column=notes[0])]


def _status_question(columns) -> tuple[str | None, bool]:
    """Return the yes/no column that answers whether a facility is open (是否运营, 是否停业 …; a note
    after it, as in 是否运营（是/否）, read past) and whether its 是 means open; ``(None, True)`` if none."""
    for column in columns:
        asked = normalise_key(header_unit(str(column))[0])
        if asked in STATUS_QUESTIONS:
            return column, STATUS_QUESTIONS[asked]
    return None, True


def _status_without_its_column(gdf: gpd.GeoDataFrame, source: str) -> tuple[list[Problem], list[Notice]]:
    """Give a facility list without a status column each row's status, in place: from a yes/no column
    asking whether it is open (是否运营: 否 is closed; 是否停业: 是 is closed), else open, said either way."""
    column, yes_means_open = _status_question(gdf.columns)
    if column is None:
        gdf["status"] = "existing"
        return [], [Notice.said("status_column_missing", source, n=len(gdf))]
    answers, problems = _boolean_problems(gdf, column, source)
    blank = gdf[column].isna() | (gdf[column].astype("string").str.strip() == "")
    if blank.any():  # an open centre or a closed one: the count depends on it, so it is asked
        problems.append(problem(source, "value_blank", column=column, rows=_rows(blank), allowed="是, 否"))
    is_open = answers.fillna(True).to_numpy(dtype=bool) == yes_means_open
    gdf["status"] = np.where(is_open, "existing", "closed").astype(object)
    return problems, [Notice.said("status_from_question", source, column=column)]


def _no_resident_notices(gdf: gpd.GeoDataFrame, kind: str, source: str) -> list[Notice]:
    """Return a notice naming the areas or districts whose population is 0 (not checked, said)."""
    if kind not in ("areas", "residential") or "population" not in gdf:
        return []
    zero = (pd.to_numeric(gdf["population"], errors="coerce") == 0).fillna(False).to_numpy(dtype=bool)
    if not zero.any():
        return []
    rows = _shown_rows(zero)
    names = "、".join(str(n) for n in gdf.loc[zero, "name"].head(5)) if "name" in gdf else ""
    n = int(zero.sum())
    if kind == "areas":
        return [Notice.said("areas_no_residents", source, n=n, rows=rows, names=names)]
    return [Notice.said("residential_no_residents", source, n=n, rows=rows, names=names)]


#: completion years carefac reads as years; outside, a date's day number (45292) or two digits (24)
YEAR_RANGE = (1900, 2100)


def _implausible_year_problems(years: pd.Series, source: str) -> list[Problem]:
    """Return a problem for completion years outside :data:`YEAR_RANGE`, saying what each may be:
    Excel's day number of a date (45292 is 2024-01-01) or a year in two digits."""
    values = pd.to_numeric(years, errors="coerce")
    wrong = (values.notna() & ~values.between(*YEAR_RANGE)).to_numpy()
    if not wrong.any():
        return []

    def said(value: float) -> str:
        if 10_000 <= value <= 80_000:  # a date cell saved as a number: days since 1899-12-30
            return f"{value:g} = {(pd.Timestamp('1899-12-30') + pd.Timedelta(days=value)).date()}"
        return f"{value:g}"

    examples = ", ".join(said(float(v)) for v in values[wrong].head(3))
    return [problem(source, "years_implausible", column="completion_year", rows=_rows(wrong), examples=examples)]


#: persons per household a district can have (China's 2020 census: 2.62 on average; 1–10 by district)
HOUSEHOLD_SIZE_RANGE = (1.0, 10.0)


def _implausible_household_size_problems(sizes: pd.Series, source: str) -> list[Problem]:
    """Return a problem for persons per household outside :data:`HOUSEHOLD_SIZE_RANGE` (per 100
    households, 262; a population typed into the column; 0)."""
    values = pd.to_numeric(sizes, errors="coerce")
    wrong = (values.notna() & ~values.between(*HOUSEHOLD_SIZE_RANGE)).to_numpy()
    if not wrong.any():
        return []
    examples = ", ".join(f"{float(v):g}" for v in values[wrong].head(3))
    return [problem(source, "household_size_implausible", column="persons_per_household", rows=_rows(wrong),
                    examples=examples)]  # fmt: skip


def _fewer_residents_than_households(gdf: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Return a notice naming the districts with no more residents than households (columns swapped,
    or households typed or copied into the residents' column: one person per household is no
    district's): counted as given."""
    if "population" not in gdf or "households" not in gdf:
        return []
    population = pd.to_numeric(gdf["population"], errors="coerce").to_numpy(dtype=float)
    households = pd.to_numeric(gdf["households"], errors="coerce").to_numpy(dtype=float)
    fewer = (population > 0) & (population <= households)
    if not fewer.any():
        return []
    first = int(np.flatnonzero(fewer)[0])
    return [Notice.said("residential_fewer_residents_than_households", source, n=int(fewer.sum()),
                        rows=_shown_rows(fewer), population=f"{population[first]:,.0f}",
                        households=f"{households[first]:,.0f}")]  # fmt: skip


#: residents no place of China holds, by level: the most populous township or subdistrict holds under
#: a million (东莞's 长安镇 about 0.66 million), county-level areas under 6 million (浦东新区 5.7 million),
#: cities under 35 million (重庆 32 million), a residential district under half a million
MOST_RESIDENTS = {"township": 2_000_000, "county": 15_000_000, "city": 40_000_000, "residential district": 1_000_000,
                  "area of any level": 40_000_000}  # fmt: skip
#: … what the most populous of each holds, as said in the question (a district: 天通苑's whole estate)
LARGEST_KNOWN = {"township": 1_000_000, "county": 6_000_000, "city": 32_000_000, "residential district": 400_000,
                 "area of any level": 32_000_000}  # fmt: skip


def _population_beyond_any_place(gdf: gpd.GeoDataFrame, kind: str, source: str, scale: float) -> list[Problem]:
    """Return a problem for residents beyond any place of the row's level in China (a header in 万人
    over figures in persons made 60,000 into 600 million, or a code typed into the column): a
    question, not a figure to count."""
    population = pd.to_numeric(gdf["population"], errors="coerce").to_numpy(dtype=float)
    if kind == "residential":
        levels = np.full(len(gdf), "residential district", dtype=object)
    elif "level" in gdf:
        levels = gdf["level"].astype(object).where(gdf["level"].isin(["township", "county", "city"]), "area of any level").to_numpy()
    else:
        levels = np.full(len(gdf), "area of any level", dtype=object)
    most = np.array([MOST_RESIDENTS[level] for level in levels], dtype=float)
    beyond = population > most
    if not beyond.any():
        return []
    first = int(np.flatnonzero(beyond)[0])
    names = gdf["name"].astype(str).to_numpy() if "name" in gdf else _rows(beyond)
    facts = dict(level=levels[first], example=names[first], value=population[first], most=LARGEST_KNOWN[levels[first]])
    if scale != 1.0:
        header = str(gdf.attrs.get("headers", {}).get("population", "population"))
        return [problem(source, "population_beyond_any_place_scaled", column="population", rows=_rows(beyond),
                        header=header, factor=scale, **facts)]  # fmt: skip
    return [problem(source, "population_beyond_any_place", column="population", rows=_rows(beyond), **facts)]


#: a district list's own columns on its childcare: 是否配建托育设施, 配建托位数, 托育用房面积
_DISTRICT_CHILDCARE_WORDS = re.compile(r"托育|托位|托班|托幼|托儿")


def _districts_own_word_on_childcare(gdf: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Return a notice naming a residential list's columns about its own childcare (是否配建托育设施,
    配建托位数): not read, as a district's childcare is counted from the facility list (a centre inside
    it or linked by its district), and a 是 there with no centre in the list would flag the district
    while the file says it has one."""
    known = set(LAYER_SPECS["residential"].known_columns) | _SCHEMA_COLUMNS
    columns = [str(c) for c in gdf.columns if c not in known and _DISTRICT_CHILDCARE_WORDS.search(str(c))]
    if not columns:
        return []
    return [Notice.said("district_childcare_columns_not_read", source, columns=quoted(columns, 4))]


#: an area with fewer residents than this, among areas of its level this many times larger (their
#: median), holds a figure in 万人 or 千人 typed into one cell (2 for 20,000), not persons
FEW_RESIDENTS, MEDIAN_TIMES = 100, 100


def _units_like_townships(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """Return where an area is a unit like a township (类似乡级单位: 林场, 农场, 开发区 …; codes 4xx and
    5xx under the county), which may have very few residents."""
    codes = gdf["area_id"].astype("string").str.strip() if "area_id" in gdf else pd.Series("", index=gdf.index, dtype="string")
    coded = codes.str.fullmatch(r"\d{6}[45]\d\d(?:000)?").fillna(False).to_numpy(dtype=bool)
    names = gdf["name"].astype("string") if "name" in gdf else pd.Series("", index=gdf.index, dtype="string")
    named = names.str.contains(r"(?:林场|农场|牧场|渔场|茶场|开发区|管委会|园区|工业区|保护区|风景区)$").fillna(False)
    return coded | named.to_numpy(dtype=bool)


def _population_unit_of_one_cell_problems(gdf: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """Return a problem per level where some areas have under :data:`FEW_RESIDENTS` residents while
    the level's median is :data:`MEDIAN_TIMES` times more: 乙镇 typed as 2 (万人) among townships of
    35,000 would be counted with 2 residents (30,000 slots per 1000)."""
    problems = []
    population = pd.to_numeric(gdf["population"], errors="coerce").astype(float)
    for level in ("county", "township"):
        at = ((gdf["level"] == level) & population.notna()).to_numpy()
        if at.sum() < 3:
            continue
        median = float(np.median(population[at]))
        few = at & (population > 0).to_numpy() & (population < FEW_RESIDENTS).to_numpy() & (median >= FEW_RESIDENTS * MEDIAN_TIMES)
        few &= ~_units_like_townships(gdf)  # a 林场 or 农场 of a few dozen residents is one
        if few.any() and few.sum() < at.sum() / 2:  # most of them so: the whole column's unit, said elsewhere
            names = gdf["name"].astype(str).to_numpy() if "name" in gdf else gdf["area_id"].astype(str).to_numpy()
            listed = shown(f"{names[k]} ({gdf['area_id'].iloc[k]}): {population.iloc[k]:g}" for k in np.flatnonzero(few))
            problems.append(problem(source, "population_unit_of_one_cell", column="population", rows=_rows(few),
                                    level=level, few=FEW_RESIDENTS, median=median, areas=listed))  # fmt: skip
    return problems


def _population_in_wan_problems(gdf: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """Return a problem per level whose every area has fewer than 1,000 residents: the figures look
    like 万人 (tens of thousands) written without the unit in the header."""
    problems = []
    population = pd.to_numeric(gdf["population"], errors="coerce").astype(float)
    if "level" in gdf:
        for level, floor in (("county", 1_000), ("township", 1_000)):
            at = (gdf["level"] == level) & population.notna()
            if at.sum() >= 2 and (population[at] < floor).all() and (population[at] > 0).any():
                problems.append(
                    problem(
                        source,
                        "population_in_wan",
                        column="population",
                        rows=_rows(at),
                        level=level,
                        floor=floor,
                        largest=population[at].max(),
                    )
                )
    return problems


def _under3_problems(
    gdf: gpd.GeoDataFrame, source: str, *, share_from: float = 0.0
) -> tuple[list[Problem], list[Notice]]:
    """Return a problem where children under 3 exceed the population (columns swapped) and a notice
    where their share lies far outside the census range (for rows of ``share_from`` residents or
    more: a small district's share is noisy). Areas and residential districts alike."""
    if "pop_under3" not in gdf or "population" not in gdf:
        return [], []
    problems: list[Problem] = []
    notices: list[Notice] = []
    population = pd.to_numeric(gdf["population"], errors="coerce").astype(float)
    under3 = pd.to_numeric(gdf["pop_under3"], errors="coerce").astype(float)
    above = under3 > population
    if above.any():
        first = np.flatnonzero(above.to_numpy())[0]
        problems.append(
            problem(source, "under3_above_population", column="pop_under3", rows=_rows(above),
                    under3=under3.iloc[first], population=population.iloc[first])  # fmt: skip
        )
    share = under3 / population.replace(0, np.nan)
    absurd = (share > UNDER3_SHARE_MOST) & ~above & (population >= share_from)  # a third of the people under 3
    if absurd.any():
        first = int(np.flatnonzero(absurd.to_numpy())[0])
        name = str(gdf["name"].iloc[first]) if "name" in gdf else str(gdf["area_id"].iloc[first])
        problems.append(problem(source, "under3_share_absurd", column="pop_under3", rows=_rows(absurd),
                                most=UNDER3_SHARE_MOST, example=f"{name}: {under3.iloc[first]:,.0f} / {population.iloc[first]:,.0f}"))  # fmt: skip
    odd = ((share < UNDER3_SHARE_RANGE[0]) | ((share > UNDER3_SHARE_RANGE[1]) & ~above & ~absurd)) & (population >= share_from)
    if odd.any():
        rows = _shown_rows(odd)
        first = int(np.flatnonzero(odd.to_numpy())[0])
        name = str(gdf["name"].iloc[first]) if "name" in gdf else str(gdf["area_id"].iloc[first])
        notices.append(
            Notice.said(
                "under3_share_implausible", source, n=int(odd.sum()), rows=rows, low=UNDER3_SHARE_RANGE[0],
                high=UNDER3_SHARE_RANGE[1], example=f"{name}: {under3.iloc[first]:,.0f} / {population.iloc[first]:,.0f}",
            )  # fmt: skip
        )
    return problems, notices


#: Plausible share of children under 3 among residents; outside it a notice asks the user.
UNDER3_SHARE_RANGE = (0.005, 0.10)
#: A share no area or district has (the census's highest county share is about 5 %): refused
UNDER3_SHARE_MOST = 0.30
_CODE_COLUMNS = ("parent_id", "declared_area", "serves", "district_id")


def validate_layer(
    gdf: gpd.GeoDataFrame, kind: str, *, source: str, scales: dict[str, float] | None = None
) -> gpd.GeoDataFrame:
    """Check a layer with canonical column names and return it typed.

    Parameters
    ----------
    gdf
        Layer whose columns already carry canonical names.
    kind
        Layer kind (key of ``LAYER_SPECS``).
    source
        File and layer name used in messages.
    scales
        Factor per column whose header gave a unit (``常住人口(万人)``: 10,000).

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ids as text, counts as numbers and vocabulary values in canonical spelling;
        ``attrs["notices"]`` lists what was converted or looks odd (see :class:`carefac.Notice`).

    Raises
    ------
    ValidationError
        Every problem found, at once.
    """
    numbers = gdf["source_row"].to_numpy() if "source_row" in gdf else gdf.index.to_numpy()
    token = _ROW_NUMBERS.set(numbers)
    try:
        return _validate(gdf, kind, source, scales or {})
    finally:
        _ROW_NUMBERS.reset(token)


#: a layer's source naming a shapefile (its field names are cut at 10 bytes), zipped or not
_SHAPEFILE_SOURCE = re.compile(r"\.(?:shp|dbf|zip)\b", re.IGNORECASE)


def _required_column_missing(gdf: gpd.GeoDataFrame, column: str, kind: str, source: str) -> Problem:
    """Return the problem of a missing required column, naming the file's columns whose headers hold
    one of its names (2022年末常住人口 holds 常住人口): none is read for it unless mapped."""
    names = [a for a in COLUMN_ALIASES.get(column, ()) if not a.isascii()]
    # a shapefile's field name cut at 10 bytes (行政区 of 行政区划代码) that begins other columns' names too
    cut = [(str(c), [a for a in names if a.startswith(str(c)) and a != str(c)]) for c in gdf.columns
           if c not in _SCHEMA_COLUMNS and not str(c).isascii() and len(str(c).encode()) >= DBF_NAME_BYTES - 3]  # fmt: skip
    cut = [(c, longer) for c, longer in cut if longer]
    if cut:  # cut short by a shapefile, or a header that is only the start of a name (托育机构 for 托育机构名称)
        first, longer = cut[0][0], "、".join(cut[0][1][:3])
        if _SHAPEFILE_SOURCE.search(source):
            return problem(source, "column_required_cut", column=column, kind=kind, first=first, longer=longer)
        return problem(source, "column_required_prefix", column=column, kind=kind, first=first, longer=longer)
    near = headers_holding((c for c in gdf.columns if c not in _SCHEMA_COLUMNS), names)
    if not near and column in ("kind", "venue_type", "status"):  # a list of one kind: one value for every row
        example = {"kind": "托育机构", "venue_type": "医院", "status": "现有"}[column]
        return problem(source, "column_required_one_value", column=column, kind=kind, example=example)
    if not near:
        return problem(source, "column_required", column=column, kind=kind)
    return problem(source, "column_required_near", column=column, kind=kind, columns=quoted(near, 6), first=near[0])


def _slots_column_missing(gdf: gpd.GeoDataFrame, source: str) -> Problem:
    """Return the problem of a facility layer without a slots column, naming the file's columns that
    mention 托 (托位数 split by class, 总托位数, 在托人数 …): none of them is taken for the slots."""
    near = headers_holding((c for c in gdf.columns if c not in _SCHEMA_COLUMNS), ["托"])
    if not near:
        return problem(source, "slots_column_missing", canonical="slots")
    return problem(source, "slots_column_missing_near", canonical="slots", columns=quoted(near, 6))


def _validate(gdf: gpd.GeoDataFrame, kind: str, source: str, scales: dict[str, float]) -> gpd.GeoDataFrame:
    spec = LAYER_SPECS[kind]
    gdf = gdf.copy()
    problems: list[Problem] = []
    notices: list[Notice] = []
    if kind == "areas" and "area_id" in gdf:
        gdf["area_id"] = _codes(gdf["area_id"]).astype(object)
        notices += _area_codes_shortened(gdf, source)
        _infer_area_levels(gdf)
    for column in _CODE_COLUMNS:
        if column in gdf and column != spec.id_column:  # an id is read by _id_problems
            gdf[column] = codes_as_text(gdf[column])
            if column != "declared_area":  # only checked against the point, and said when it names nothing
                problems += _scientific_code_problems(gdf[column], codes_in_scientific_notation(gdf[column]), column, source)
    if kind == "areas" and "area_id" in gdf:
        notices += _parents_by_name(gdf, source)
    if kind == "facilities" and "status" not in gdf:
        status_problems, status_notices = _status_without_its_column(gdf, source)
        problems += status_problems
        notices += status_notices
    if "completion_year" in gdf:
        decades = gdf["completion_year"].astype("string").str.match(DECADE).fillna(False).to_numpy(dtype=bool)
        if decades.any():
            notices.append(Notice.said("completion_decades", source, rows=_shown_rows(decades),
                                       example=str(gdf["completion_year"][decades].iloc[0]).strip()))  # fmt: skip
        gdf["completion_year"] = years_of(gdf["completion_year"])
    generated_id = spec.id_column not in gdf and kind != "areas"
    if generated_id:
        gdf[spec.id_column] = [f"{kind[0].upper()}{i + 1}" for i in range(len(gdf))]
    for column in (spec.id_column, *spec.required):
        if column not in gdf:
            problems.append(_required_column_missing(gdf, column, kind, source))
    if kind in ("areas", "residential") and spec.id_column in gdf:
        gdf, joined = _parts_joined(gdf, spec.id_column)
        if joined and kind == "areas":
            notices.append(Notice.said("area_parts_joined", source, n=len(joined), areas=shown(joined, 6, "; ")))
        elif joined:
            notices.append(Notice.said("district_parts_joined", source, n=len(joined), districts=shown(joined, 6, "; ")))
    if spec.id_column in gdf:
        gdf[spec.id_column], id_problems = _id_problems(gdf, spec.id_column, source)
        example_problems, example_notices = _template_example_problems(gdf, spec.id_column, source)
        problems += id_problems + example_problems
        notices += example_notices
    if "grade" in gdf:
        gdf["grade"] = _grade_numbers(gdf["grade"])
    for column in spec.boolean_columns:
        if column in gdf:
            gdf[column], boolean_problems = _boolean_problems(gdf, column, source)
            problems += boolean_problems
    # a cell written but not read is said once, as not a number, not also as blank
    written_slots = _filled(gdf["slots"]) if "slots" in gdf else None
    written_population = _filled(gdf["population"]) if kind == "areas" and "population" in gdf else None
    for column in spec.integer_columns + spec.number_columns:
        if column in gdf:
            gdf[column], number_problems, number_notices = _number_problems(
                gdf, column, source, integer=column in spec.integer_columns, scale=scales.get(column, 1.0)
            )
            problems += number_problems
            notices += number_notices
    if kind == "residential" and "population" in gdf:
        notices += _planned_population_filled(gdf, source)
    if "completion_year" in gdf and not any(p.column == "completion_year" for p in problems):
        problems += _implausible_year_problems(gdf["completion_year"], source)
    if "persons_per_household" in gdf and not any(p.column == "persons_per_household" for p in problems):
        problems += _implausible_household_size_problems(gdf["persons_per_household"], source)
    if kind == "areas" and "population" in gdf:
        blank = gdf["population"].isna() & ~written_population
        if blank.any():
            problems.append(problem(source, "population_blank", column="population", rows=_rows(blank)))
        if not problems:
            value_problems, value_notices = _under3_problems(gdf, source)
            problems += value_problems
            notices += value_notices
        problems += _population_in_wan_problems(gdf, source)  # also beside "not whole numbers": 4.5 (万) explains it
        if "level" in gdf:
            problems += _population_unit_of_one_cell_problems(gdf, source)
    for column, allowed in spec.vocabularies:
        if column in gdf:
            gdf[column], vocab_problems = _vocabulary_problems(gdf, column, allowed, source)
            problems += vocab_problems
    if kind == "areas" and "level" in gdf and "area_id" in gdf:
        problems += _level_against_code_problems(gdf, source)
    if kind in ("areas", "residential") and "population" in gdf and not any(p.column == "population" for p in problems):
        problems += _population_beyond_any_place(gdf, kind, source, scales.get("population", 1.0))
    notices += _slot_notices(gdf, kind, source) + _no_resident_notices(gdf, kind, source)
    notices += _notes_saying_not_open(gdf, kind, source)
    notices += _fewer_residents_than_households(gdf, source) if kind == "residential" else []
    notices += _districts_own_word_on_childcare(gdf, source) if kind == "residential" else []
    if kind == "residential" and not problems:
        under3_problems, under3_notices = _under3_problems(gdf, source, share_from=500)
        problems += under3_problems
        notices += under3_notices
    if kind == "facilities" and "status" in gdf and (gdf["status"] == "closed").any():
        closed = (gdf["status"] == "closed").to_numpy()
        rows = _shown_rows(closed)
        notices.append(Notice.said("facilities_closed", source, n=int(closed.sum()), rows=rows))
    if kind == "facilities" and "kind" in gdf:
        needs_slots = gdf["kind"].isin(SLOT_KINDS)
        if "slots" not in gdf:
            problems += [_slots_column_missing(gdf, source)] if needs_slots.any() else []
        elif np.any(no_slots := needs_slots & gdf["slots"].isna() & ~written_slots):
            problems.append(problem(source, "slots_blank", column="slots", rows=_rows(no_slots)))
    if spec.geometry == "point":
        gdf, outline_notices = _outlines_at_a_point(gdf, source)
        notices += outline_notices
    elif spec.geometry.startswith("polygon"):
        gdf, ring_notices = _closed_lines_as_polygons(gdf, source)
        notices += ring_notices
    geometry_problems = _geometry_problems(gdf, spec.geometry, source)
    problems += geometry_problems
    if kind == "residential" and not geometry_problems and (gdf.geom_type == "Point").any():
        notices.append(Notice.said("residential_points", source, n=int((gdf.geom_type == "Point").sum()), total=len(gdf)))
    if not geometry_problems:
        repeat_problems, repeat_notices = _repeated_rows(gdf, kind, source, generated_id)
        problems += repeat_problems
        notices += repeat_notices
        if kind in ("facilities", "candidates"):
            notices += _stacked_point_notices(gdf, source) + _near_copy_notices(gdf, source)
    if problems:
        raise ValidationError(problems)
    gdf.attrs["notices"] = notices
    gdf.attrs["ids_made"] = generated_id  # no id column: ids made as F1, F2 … (made again when sheets join)
    return gdf
