"""Layer validation: check and type a layer's canonical columns, collecting every problem."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._errors import Problem, ValidationError
from ._schema import FALSE_WORDS, GRADE_WORDS, LAYER_SPECS, TRUE_WORDS, canonical_value

__all__ = ["validate_layer"]

#: Facility kinds whose rows must give a number of slots.
SLOT_KINDS = (
    "childcare",
    "kindergarten_class",
    "workplace_childcare",
    "community_childcare",
    "family_childcare",
)
_GEOMETRY_TYPES = {"point": {"Point"}, "polygon": {"Polygon", "MultiPolygon"}}


def _rows(mask: np.ndarray | pd.Series) -> tuple[int, ...]:
    """Return the zero-based positions where ``mask`` is true."""
    return tuple(int(i) for i in np.flatnonzero(np.asarray(mask)))


def _id_problems(gdf: gpd.GeoDataFrame, column: str, source: str) -> tuple[pd.Series, list[Problem]]:
    """Return the id column as text and its problems (missing, blank, duplicate)."""
    ids = gdf[column].astype("string").str.strip()
    problems = []
    blank = ids.isna() | (ids == "")
    if blank.any():
        problems.append(
            Problem(source, "ids are blank.", f"give every row a unique {column}.", column, _rows(blank))
        )
    duplicated = ids.duplicated(keep=False) & ~blank
    if duplicated.any():
        values = sorted(set(ids[duplicated]))[:5]
        problems.append(
            Problem(
                source,
                f"ids are not unique ({', '.join(values)}).",
                f"give every row its own {column} (after an administrative change, keep only the current code).",
                column,
                _rows(duplicated),
            )
        )
    return ids.astype(object), problems


def _number_problems(
    gdf: gpd.GeoDataFrame, column: str, source: str, *, integer: bool
) -> tuple[pd.Series, list[Problem]]:
    """Return a numeric column parsed (NaN where blank) and its problems."""
    from .io import to_number  # local: io imports this module

    raw = gdf[column]
    values = to_number(raw)
    problems = []
    blank = raw.isna() | (raw.astype("string").str.strip() == "")
    unreadable = values.isna() & ~blank
    if unreadable.any():
        examples = ", ".join(repr(v) for v in raw[unreadable].head(3))
        problems.append(
            Problem(
                source,
                f"values are not numbers ({examples}).",
                "write plain numbers (1234, 1,234 and １２３４ are read).",
                column,
                _rows(unreadable),
            )
        )
    negative = values < 0
    if negative.any():
        problems.append(
            Problem(
                source,
                "values are negative.",
                "correct them; counts cannot be below 0.",
                column,
                _rows(negative),
            )
        )
    if integer:
        fractional = values.notna() & (values != np.round(values))
        if fractional.any():
            problems.append(
                Problem(
                    source, "values are not whole numbers.", "give whole counts.", column, _rows(fractional)
                )
            )
        elif not problems:
            values = values.round().astype("Int64")
    return values, problems


def _boolean_problems(gdf: gpd.GeoDataFrame, column: str, source: str) -> tuple[pd.Series, list[Problem]]:
    """Return a yes/no column as booleans (``pd.NA`` where blank) and its problems."""
    raw = gdf[column]
    folded = raw.astype("string").str.strip().str.lower()
    values = pd.Series(pd.NA, index=gdf.index, dtype="boolean")
    values[folded.isin(TRUE_WORDS).fillna(False)] = True
    values[folded.isin(FALSE_WORDS).fillna(False)] = False
    blank = folded.isna() | (folded == "")
    unknown = values.isna() & ~blank
    problems = _unknown_values(
        raw, unknown, source, column, "values are not yes/no", "write true/false (是/否, 1/0)."
    )
    return values, problems


def _unknown_values(
    raw: pd.Series, unknown: pd.Series, source: str, column: str, what: str, fix: str
) -> list[Problem]:
    """Return one problem naming up to five of the ``unknown`` values and their rows (none if all known)."""
    if not unknown.any():
        return []
    examples = ", ".join(sorted({str(v) for v in raw[unknown]})[:5])
    return [Problem(source, f"{what} ({examples}).", fix, column, _rows(unknown))]


def _grade_numbers(raw: pd.Series) -> pd.Series:
    """Return grades with written forms (二级, 三级甲等) turned into digits."""
    return raw.map(lambda v: "".join(GRADE_WORDS.get(ch, ch) for ch in v) if isinstance(v, str) else v)


def _vocabulary_problems(
    gdf: gpd.GeoDataFrame, column: str, allowed: tuple[str, ...], source: str
) -> tuple[pd.Series, list[Problem]]:
    """Return a vocabulary column in canonical spelling and its problems."""
    raw = gdf[column]
    blank = raw.isna() | (raw.astype("string").str.strip() == "")
    values = raw.where(blank, raw.astype(str).map(lambda v: canonical_value(column, v)))
    unknown = ~blank & ~values.isin(allowed)
    problems = _unknown_values(
        raw, unknown, source, column, f"unknown {column} values", f"use one of: {', '.join(allowed)}."
    )
    if blank.any():
        problems.append(
            Problem(
                source,
                f"{column} is blank.",
                f"fill it in with one of: {', '.join(allowed)}.",
                column,
                _rows(blank),
            )
        )
    return values, problems


def _geometry_problems(gdf: gpd.GeoDataFrame, expected: str, source: str) -> list[Problem]:
    """Return problems of missing, empty, invalid or wrong-type geometries."""
    geoms = gdf.geometry
    problems = []
    missing = geoms.isna() | geoms.is_empty
    if missing.any():
        problems.append(
            Problem(
                source,
                "geometries are missing or empty.",
                "draw the features or remove the rows.",
                "geometry",
                _rows(missing),
            )
        )
    present = ~missing
    invalid = present & ~geoms.is_valid
    if invalid.any():
        reason = shapely.is_valid_reason(geoms[invalid].iloc[0])
        problems.append(
            Problem(
                source,
                f"geometries are invalid (first: {reason}).",
                "repair them (QGIS 'Fix geometries', or shapely.make_valid).",
                "geometry",
                _rows(invalid),
            )
        )
    allowed = _GEOMETRY_TYPES.get(expected)
    if allowed:
        wrong = present & ~geoms.geom_type.isin(allowed)
        if wrong.any():
            found = ", ".join(sorted(set(geoms[wrong].geom_type)))
            problems.append(
                Problem(
                    source,
                    f"this layer needs {expected} geometries but has {found}.",
                    f"give {expected}s only (split mixed layers into one file per geometry type).",
                    "geometry",
                    _rows(wrong),
                )
            )
    return problems


def _infer_area_levels(gdf: gpd.GeoDataFrame) -> None:
    """Fill ``level`` and ``parent_id`` from Chinese statistical codes where absent (in place)."""
    codes = gdf["area_id"].astype(str).str.strip()
    if "level" not in gdf:
        lengths = codes.str.len()
        level = np.select(
            [lengths == 9, (lengths == 6) & codes.str.endswith("00"), lengths == 6],
            ["township", "city", "county"],
            default=None,
        )
        gdf["level"] = pd.Series(level, index=gdf.index, dtype=object)
    if "parent_id" not in gdf:
        parent = np.where(codes.str.len() == 9, codes.str[:6], None)
        gdf["parent_id"] = pd.Series(parent, index=gdf.index, dtype=object)


def validate_layer(gdf: gpd.GeoDataFrame, kind: str, *, source: str) -> gpd.GeoDataFrame:
    """Check a layer with canonical column names and return it typed.

    Parameters
    ----------
    gdf
        Layer whose columns already carry canonical names.
    kind
        Layer kind (key of ``LAYER_SPECS``).
    source
        File and layer name used in messages.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ids as text, counts as numbers and vocabulary values in canonical spelling.

    Raises
    ------
    ValidationError
        Every problem found, at once.
    """
    spec = LAYER_SPECS[kind]
    gdf = gdf.copy()
    problems: list[Problem] = []
    if kind == "areas" and "area_id" in gdf:
        _infer_area_levels(gdf)
    if kind == "facilities" and "status" not in gdf:
        gdf["status"] = "existing"
    if spec.id_column not in gdf and kind != "areas":
        gdf[spec.id_column] = [f"{kind[0].upper()}{i + 1}" for i in range(len(gdf))]
    for column in (spec.id_column, *spec.required):
        if column not in gdf:
            problems.append(
                Problem(
                    source,
                    f"the required column '{column}' is missing.",
                    f'add it, or map it with [layers.{kind}.columns] {column} = "<column in the file>".',
                    column,
                )
            )
    if spec.id_column in gdf:
        gdf[spec.id_column], id_problems = _id_problems(gdf, spec.id_column, source)
        problems += id_problems
    if "grade" in gdf:
        gdf["grade"] = _grade_numbers(gdf["grade"])
    for column in spec.boolean_columns:
        if column in gdf:
            gdf[column], boolean_problems = _boolean_problems(gdf, column, source)
            problems += boolean_problems
    for column in spec.integer_columns + spec.number_columns:
        if column in gdf:
            gdf[column], number_problems = _number_problems(
                gdf, column, source, integer=column in spec.integer_columns
            )
            problems += number_problems
    if kind == "areas" and "population" in gdf:
        blank = gdf["population"].isna()
        if blank.any():
            problems.append(
                Problem(
                    source,
                    "population is blank.",
                    "give every area its resident population (常住人口).",
                    "population",
                    _rows(blank),
                )
            )
    for column, allowed in spec.vocabularies:
        if column in gdf:
            gdf[column], vocab_problems = _vocabulary_problems(gdf, column, allowed, source)
            problems += vocab_problems
    if kind == "facilities" and "kind" in gdf:
        needs_slots = gdf["kind"].isin(SLOT_KINDS)
        no_slots = needs_slots & (gdf["slots"].isna() if "slots" in gdf else True)
        if np.any(no_slots):
            problems.append(
                Problem(
                    source,
                    "childcare facilities have no number of slots.",
                    "give slots (托位数) for every childcare facility.",
                    "slots",
                    _rows(no_slots),
                )
            )
    problems += _geometry_problems(gdf, spec.geometry, source)
    if problems:
        raise ValidationError(problems)
    return gdf
