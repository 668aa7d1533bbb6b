"""Read input layers: GeoPackage, Shapefile (UTF-8 or GBK), GeoJSON, CSV and XLSX point tables.

Every reader returns a GeoDataFrame with canonical column names (see ``_schema``), in WGS84
when the input was GCJ-02 or BD-09, otherwise in the file's or the declared CRS. Problems are
collected and raised once as a :class:`~carefac.ValidationError`.
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from ._errors import CRSError, Problem, ValidationError, raise_if_any
from ._schema import COLUMN_ALIASES, LAYER_SPECS, X_ALIASES, Y_ALIASES, normalise_key
from ._validate import validate_layer
from .coords import resolve_coordinate_system, transform_geometries

__all__ = ["read_layer", "read_table", "to_number"]

VECTOR_SUFFIXES = {".gpkg", ".shp", ".geojson", ".json", ".fgb"}
TABLE_SUFFIXES = {".csv", ".txt", ".xlsx", ".xlsm", ".xls"}
_FULLWIDTH_SEPARATORS = str.maketrans({",": "", "，": "", " ": "", "\u3000": "", "_": ""})


def to_number(values: pd.Series) -> pd.Series:
    """Return ``values`` parsed as numbers, accepting ``1,234`` and full-width digits.

    Values that cannot be read become NaN; blanks stay NaN.
    """
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)

    def clean(value: object) -> object:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return np.nan
        return unicodedata.normalize("NFKC", str(value)).translate(_FULLWIDTH_SEPARATORS) or np.nan

    return pd.to_numeric(values.map(clean), errors="coerce")


def _dbf_encoding(path: Path) -> str | None:
    """Return the encoding of a shapefile's attributes: its .cpg, else UTF-8 or GBK by trial."""
    cpg = path.with_suffix(".cpg")
    if cpg.exists():
        return None  # GDAL honours the .cpg itself
    dbf = path.with_suffix(".dbf")
    if not dbf.exists():
        return None
    raw = dbf.read_bytes()
    header_length = int.from_bytes(raw[8:10], "little") if len(raw) >= 10 else 0
    try:
        raw[header_length:].decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        return "GB18030"  # superset of GBK and GB2312


def _read_vector(path: Path, *, encoding: str | None, layer: str | None) -> gpd.GeoDataFrame:
    """Return a vector file as a GeoDataFrame with every attribute read as found."""
    options: dict[str, object] = {}
    if path.suffix.lower() == ".shp":
        encoding = encoding or _dbf_encoding(path)
    if encoding:
        options["encoding"] = encoding
    if layer:
        options["layer"] = layer
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return gpd.read_file(path, **options)


def read_table(
    path: str | Path, *, sheet: str | int | None = None, encoding: str | None = None
) -> pd.DataFrame:
    """Return a CSV or Excel table with every cell as text (ids keep their leading zeros).

    CSV files are tried as UTF-8 (with or without BOM) and then GB18030 unless ``encoding``
    is given. Excel files with a merged (multi-row) header are rejected with a clear problem.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=str)
        unnamed = [c for c in frame.columns if str(c).startswith("Unnamed:")]
        if unnamed and len(unnamed) < len(frame.columns):
            raise ValidationError(
                [
                    Problem(
                        str(path),
                        f"the header row has {len(unnamed)} empty or merged cells ({', '.join(map(str, unnamed[:5]))}).",
                        "unmerge the header cells so that the first row holds one column name per column.",
                    )
                ]
            )
        return frame
    for candidate in [encoding] if encoding else ["utf-8-sig", "gb18030"]:
        try:
            return pd.read_csv(path, dtype=str, encoding=candidate, keep_default_na=False, na_values=[""])
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        [Problem(str(path), "the file is neither UTF-8 nor GBK text.", "save it as UTF-8 CSV.")]
    )


def _find_column(frame: pd.DataFrame, explicit: str | None, aliases: tuple[str, ...]) -> str | None:
    """Return the column named ``explicit`` or the first that matches an alias."""
    if explicit:
        return explicit if explicit in frame.columns else None
    folded = {normalise_key(c): c for c in frame.columns}
    for alias in aliases:
        if normalise_key(alias) in folded:
            return folded[normalise_key(alias)]
    return None


def _rename_to_canonical(
    frame: pd.DataFrame, kind: str, mapping: Mapping[str, str], source: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Return ``frame`` with canonical column names and the problems of the mapping."""
    spec = LAYER_SPECS[kind]
    problems: list[Problem] = []
    renames: dict[str, str] = {}
    unknown = sorted(set(mapping) - set(spec.known_columns))
    for key in unknown:
        problems.append(
            Problem(
                source,
                f"the column mapping names '{key}', which is not a column of layer '{kind}'.",
                f"use one of: {', '.join(spec.known_columns)}.",
            )
        )
    for canonical in spec.known_columns:
        if canonical in mapping:
            if mapping[canonical] not in frame.columns:
                problems.append(
                    Problem(
                        source,
                        f"the column mapping says {canonical} = '{mapping[canonical]}', but the file has no such column.",
                        f"use one of the file's columns: {', '.join(map(str, frame.columns[:20]))}.",
                        column=mapping[canonical],
                    )
                )
                continue
            renames[mapping[canonical]] = canonical
            continue
        found = _find_column(
            frame.drop(columns=list(renames), errors="ignore"),
            None,
            COLUMN_ALIASES.get(canonical, (canonical,)),
        )
        if found is not None and found not in renames and found != "geometry":
            renames[found] = canonical
    clashes = [c for c in renames.values() if c in frame.columns and c not in renames]
    frame = frame.drop(columns=clashes).rename(columns=renames)
    return frame, problems


def _points_from_table(
    frame: pd.DataFrame, *, x: str | None, y: str | None, source: str
) -> tuple[gpd.GeoSeries | None, list[Problem]]:
    """Return point geometries built from coordinate columns, and the problems found."""
    x_col = _find_column(frame, x, X_ALIASES)
    y_col = _find_column(frame, y, Y_ALIASES)
    problems = []
    for axis, col, given in (("x (longitude)", x_col, x), ("y (latitude)", y_col, y)):
        if col is None:
            problems.append(
                Problem(
                    source,
                    f"no {axis} column{f' named {given!r}' if given else ''}.",
                    'name the coordinate columns lon and lat (经度/纬度), or set x = "..." and y = "..." for the layer.',
                )
            )
    if problems:
        return None, problems
    xs, ys = to_number(frame[x_col]), to_number(frame[y_col])
    bad = np.flatnonzero(~(np.isfinite(xs.to_numpy()) & np.isfinite(ys.to_numpy())))
    if len(bad):
        problems.append(
            Problem(
                source,
                "coordinates are missing or not numbers.",
                "fill in numeric coordinates or remove the rows.",
                column=f"{x_col}/{y_col}",
                rows=tuple(int(r) for r in bad),
            )
        )
    return gpd.GeoSeries(shapely.points(xs.to_numpy(), ys.to_numpy()), index=frame.index), problems


def _coordinate_problems(geoms: gpd.GeoSeries, crs: CRS, source: str) -> list[Problem]:
    """Return problems when coordinates do not fit the declared CRS (degrees vs metres, swapped)."""
    present = geoms[~(geoms.isna() | geoms.is_empty)]
    if present.empty:
        return []
    bounds = present.bounds
    minx, miny, maxx, maxy = bounds["minx"], bounds["miny"], bounds["maxx"], bounds["maxy"]
    fits_degrees = (minx >= -180) & (maxx <= 180) & (miny >= -90) & (maxy <= 90)
    if crs.is_geographic and not fits_degrees.all():
        swapped = ~fits_degrees & (miny >= -180) & (maxy <= 180) & (minx >= -90) & (maxx <= 90)
        rows = tuple(int(r) for r in np.flatnonzero(~fits_degrees.to_numpy()))
        if swapped[~fits_degrees].all():
            return [
                Problem(
                    source,
                    "longitude and latitude look swapped (latitude beyond ±90°).",
                    "swap the x and y columns (x = longitude 经度, y = latitude 纬度).",
                    rows=rows,
                )
            ]
        return [
            Problem(
                source,
                f"the coordinate system is geographic ({crs.name}) but coordinates reach "
                f"x {minx.min():.0f}…{maxx.max():.0f}, y {miny.min():.0f}…{maxy.max():.0f}, which are not degrees.",
                'declare the projected system the coordinates are in, e.g. crs = "EPSG:4548" (CGCS2000 / 117°E).',
                rows=rows,
            )
        ]
    if crs.is_projected and fits_degrees.all():
        return [
            Problem(
                source,
                f"the coordinate system is projected ({crs.name}) but every coordinate lies within "
                "±180/±90, which looks like degrees.",
                'declare crs = "wgs84" (or "gcj02"/"bd09" for Amap/Baidu coordinates).',
            )
        ]
    return []


def _resolve_crs(
    declared: object, file_crs: CRS | None, source: str
) -> tuple[CRS | None, str | None, list[Problem]]:
    """Return the layer CRS, the obfuscated system to convert from, and problems."""
    if declared is not None and declared != "":
        try:
            crs, obfuscated = resolve_coordinate_system(declared)  # type: ignore[arg-type]
        except CRSError as exc:
            return None, None, [Problem(source, str(exc) + ".", "correct the crs value of the layer.")]
        return crs, obfuscated, []
    if file_crs is None:
        return (
            None,
            None,
            [
                Problem(
                    source,
                    "the layer has no coordinate system and none is declared.",
                    'declare it, e.g. crs = "wgs84" (GPS), "gcj02" (Amap/Tencent), "bd09" (Baidu), '
                    '"cgcs2000" or "EPSG:4548".',
                )
            ],
        )
    return CRS.from_user_input(file_crs), None, []


def read_layer(
    path: str | Path,
    kind: str,
    *,
    crs: str | int | CRS | None = None,
    columns: Mapping[str, str] | None = None,
    x: str | None = None,
    y: str | None = None,
    encoding: str | None = None,
    layer: str | None = None,
    sheet: str | int | None = None,
) -> gpd.GeoDataFrame:
    """Read one input layer and return it with canonical columns, validated.

    Parameters
    ----------
    path
        GeoPackage, Shapefile, GeoJSON, CSV or XLSX file.
    kind
        Layer kind: ``"areas"``, ``"facilities"``, ``"residential"``, ``"candidates"`` or
        ``"venues"``.
    crs
        Declared coordinate system; overrides the file's. Required for CSV/XLSX tables.
        ``"gcj02"`` and ``"bd09"`` coordinates are converted to WGS84.
    columns
        Canonical name → column in the file, for columns the aliases do not find.
    x, y
        Coordinate columns of a CSV/XLSX table (default: lon/lat, 经度/纬度, x/y).
    encoding
        Text encoding of a Shapefile without ``.cpg`` or of a CSV (default: detected).
    layer
        Layer name inside a GeoPackage.
    sheet
        Sheet of an Excel workbook.

    Returns
    -------
    geopandas.GeoDataFrame
        The layer with canonical columns, a ``source_row`` column (zero-based row in the file)
        and a CRS.

    Raises
    ------
    ValidationError
        Every problem found in the layer, at once.
    """
    if kind not in LAYER_SPECS:
        raise ValueError(f"unknown layer kind {kind!r}; use one of {', '.join(LAYER_SPECS)}")
    path = Path(path)
    source = f"{path.name} (layer '{kind}')"
    if not path.exists():
        raise ValidationError(
            [
                Problem(
                    str(path),
                    "the file does not exist.",
                    "check the path (paths in a config are relative to the config file).",
                )
            ]
        )
    suffix = path.suffix.lower()
    problems: list[Problem] = []
    file_crs = None
    if suffix in VECTOR_SUFFIXES:
        try:
            frame = _read_vector(path, encoding=encoding, layer=layer)
        except Exception as exc:  # pyogrio/GDAL errors come in many types
            raise ValidationError(
                [
                    Problem(
                        str(path),
                        f"cannot be read as a vector layer ({exc}).",
                        "open it in QGIS to check it, or export it again as GeoPackage.",
                    )
                ]
            ) from exc
        file_crs = frame.crs
        if suffix in {".geojson", ".json"} and crs is None and file_crs is None:
            file_crs = CRS.from_epsg(4326)  # RFC 7946: GeoJSON is WGS84
        geoms = frame.geometry
        frame = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    elif suffix in TABLE_SUFFIXES:
        frame = read_table(path, sheet=sheet, encoding=encoding)
        geoms, table_problems = _points_from_table(frame, x=x, y=y, source=source)
        problems += table_problems
    else:
        raise ValidationError(
            [
                Problem(
                    str(path),
                    f"unsupported file type '{suffix}'.",
                    f"use one of {', '.join(sorted(VECTOR_SUFFIXES | TABLE_SUFFIXES))}.",
                )
            ]
        )

    if frame.empty:
        raise ValidationError(
            [Problem(source, "the layer has no rows.", "check that the right file, sheet or layer is named.")]
        )
    frame, mapping_problems = _rename_to_canonical(frame, kind, columns or {}, source)
    problems += mapping_problems
    layer_crs, obfuscated, crs_problems = _resolve_crs(crs, file_crs, source)
    problems += crs_problems
    if geoms is not None and layer_crs is not None:
        problems += _coordinate_problems(geoms, layer_crs, source)
    raise_if_any(problems)

    values = np.asarray(geoms.to_numpy(), dtype=object)
    if obfuscated:
        present = ~pd.isna(values)
        values[present] = transform_geometries(values[present], source=obfuscated)
    frame = frame.reset_index(drop=True)
    frame.insert(0, "source_row", np.arange(len(frame)))
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(values), crs=layer_crs)
    return validate_layer(gdf, kind, source=source)
