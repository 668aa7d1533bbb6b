"""Read input layers: GeoPackage, Shapefile (UTF-8 or GBK), GeoJSON, CSV and XLSX point tables.

Every reader returns a GeoDataFrame with canonical column names (see ``_schema``), in WGS84
when the input was GCJ-02 or BD-09, otherwise in the file's or the declared CRS. Problems are
collected and raised once as a :class:`~carefac.ValidationError`.
"""

from __future__ import annotations

import csv
import datetime
import errno
import io
import re
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from ._age_bands import under3_from_age_bands, under3_from_share, under3_header
from ._errors import CRSError, LayerSource, Problem, ValidationError, problem, raise_if_any, row_labels
from ._notices import Notice, quoted, shown
from ._numbers import first_data_row, header_undecorated, header_unit, header_year, to_number, total_rows
from ._schema import (
    COLUMN_ALIASES,
    DBF_NAME_BYTES,
    KIND_ALIASES,
    LAYER_SPECS,
    NOT_RESIDENT_POPULATION,
    X_ALIASES,
    XY_ALIASES,
    Y_ALIASES,
    normalise_key,
)
from ._validate import files_repeating_others, sheet_copy_notices, sheets_repeating_others, validate_layer
from .coords import resolve_coordinate_system, transform_geometries

__all__ = ["EVERY_ROW_KEYS", "read_layer", "read_table", "to_number"]

#: columns a layer's config may give one value for every row of a file without the column
#: (``kind = "托育机构"``: a list of childcare centres only)
EVERY_ROW_KEYS = ("kind", "venue_type", "status")

#: GIS files read through GDAL: GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML/KMZ (Google Earth,
#: 奥维 exports), an ArcGIS file geodatabase (a .gdb folder) and MapInfo (.tab, .mif)
VECTOR_SUFFIXES = {".gpkg", ".shp", ".geojson", ".json", ".fgb", ".kml", ".kmz", ".gdb", ".tab", ".mif"}
#: files that may hold several layers: one must be named (never the first taken)
MULTI_LAYER_SUFFIXES = {".gpkg", ".gdb", ".kml", ".kmz"}
TABLE_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".docx"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
#: Word documents: a table of one read as a sheet (an office's list, a report's table)
DOCUMENT_SUFFIXES = {".docx"}


def _dbf_encoding(path: Path) -> tuple[str | None, str | None]:
    """Return the encoding to read a shapefile's attributes in and, when its .cpg names another, the
    .cpg's word. Without a .cpg: UTF-8 or GBK by trial. With one, GDAL honours it unless the bytes
    say otherwise: a .cpg of UTF-8 over GBK bytes (a tool that wrote the wrong .cpg) would not read
    at all, one of 936 over UTF-8 bytes would read as garbled names."""
    dbf = path.with_suffix(".dbf")
    if not dbf.exists():
        return None, None
    raw = dbf.read_bytes()
    header_length = int.from_bytes(raw[8:10], "little") if len(raw) >= 10 else 0
    body = raw[header_length:]
    utf8 = _decodes(body, "utf-8")
    cpg = path.with_suffix(".cpg")
    if not cpg.exists():
        return ("UTF-8" if utf8 else "GB18030"), None  # GB18030: a superset of GBK and GB2312
    declared = cpg.read_text("ascii", errors="ignore").strip()
    family = _CPG_FAMILIES.get(declared.upper().replace("-", "").replace("_", "").replace(" ", ""))
    if family == "utf8" and not utf8 and _decodes(body, "gb18030"):
        return "GB18030", declared
    if family == "gbk" and utf8 and not body.isascii():
        return "UTF-8", declared
    return None, None  # GDAL honours the .cpg itself


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


#: a .cpg's word (folded) → the family of encodings it names
_CPG_FAMILIES = {
    "UTF8": "utf8", "65001": "utf8",
    "936": "gbk", "CP936": "gbk", "ANSI936": "gbk", "GBK": "gbk", "GB2312": "gbk", "GB18030": "gbk",
}  # fmt: skip


def _read_vector(path: Path, *, encoding: str | None, layer: str | None) -> gpd.GeoDataFrame:
    """Return a vector file as a GeoDataFrame with every attribute read as found."""
    options: dict[str, object] = {}
    overridden = None
    if path.suffix.lower() == ".shp" and not encoding:
        encoding, overridden = _dbf_encoding(path)
    if encoding:
        options["encoding"] = encoding
    if layer:
        options["layer"] = layer
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        # a GeoJSON column of mixed numbers and text is kept as text, which carefac reads itself
        warnings.filterwarnings("ignore", message="Could not parse column .* as JSON", category=UserWarning)
        try:
            frame = gpd.read_file(path, **options)
        except UnicodeDecodeError:
            if options.get("encoding", "").lower().replace("-", "") not in ("utf8", "") or path.suffix.lower() != ".shp":
                raise
            frame = _cut_utf8_names_mended(gpd.read_file(path, **{**options, "encoding": "latin1"}), path)
    frame.attrs["cpg_overridden"] = (overridden, encoding) if overridden else None
    return frame



#: the fields GDAL gives every KML placemark (left out when the file leaves them empty)
_KML_FIELDS = ("id", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon")
_HTML_CELL = r"<t[dh][^>]*>([^<]*(?:<(?!/?t[rdh]\b)[^<]*)*)</t[dh]>"  # a cell's content, never past its row
_HTML_ROW = re.compile(rf"<tr[^>]*>\s*{_HTML_CELL}\s*{_HTML_CELL}\s*</tr>", re.IGNORECASE)
_TEXT_PAIR = re.compile(r"^\s*([^：:<>]{1,20}?)\s*[：:]\s*(.*?)\s*$", re.DOTALL)


def _description_pairs(text: object) -> dict[str, str]:
    """Return the attributes a placemark's description holds: an HTML table of two-cell rows (as
    ArcGIS and QGIS export them) or ``key：value`` pairs between ；, ; or line breaks (as written by
    hand in Google Earth or 奥维地图)."""
    if not isinstance(text, str) or not text.strip():
        return {}
    rows = _HTML_ROW.findall(text)
    if rows:
        return {re.sub(r"<[^>]+>", "", k).strip(): re.sub(r"<[^>]+>", "", v).strip() for k, v in rows}
    pieces = re.split(r"[；;\n]|<br\s*/?>", text)
    pairs = [_TEXT_PAIR.match(piece) for piece in pieces if piece.strip()]
    return {m.group(1).strip(): m.group(2) for m in pairs if m} if pairs and all(pairs) else {}


def _kml_attributes(frame: gpd.GeoDataFrame, source: object) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Return a KML layer with the fields GDAL adds to every placemark left out where the file
    leaves them empty (an empty ``id`` is no id column), and the attributes its descriptions hold
    as columns (said), when every described placemark holds some."""
    empty = [c for c in _KML_FIELDS if c in frame and frame[c].replace("", np.nan).isna().all()]
    frame = frame.drop(columns=empty)
    if "description" not in frame:
        return frame, []
    pairs = [_description_pairs(text) for text in frame["description"]]
    described = frame["description"].fillna("").astype(str).str.strip() != ""
    if not any(pairs) or any(not p for p, d in zip(pairs, described, strict=True) if d):
        return frame, []
    keys = [k for k in dict.fromkeys(k for p in pairs for k in p) if k not in frame.columns]
    added = pd.DataFrame([{k: p.get(k) for k in keys} for p in pairs], index=frame.index)
    frame = pd.concat([frame.drop(columns=["description"]), added], axis=1)
    return frame, [Notice.said("kml_descriptions_read", source, columns=quoted(keys, 8))]


def _cut_names_completed(
    frame: gpd.GeoDataFrame, kind: str, source: object
) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Return a shapefile's columns with field names cut at the DBF's 10 bytes completed to the one
    header carefac reads for a ``kind`` layer that they begin (区划代 → 区划代码, 3岁以下人 →
    3岁以下人口, 乡镇街道名 → 乡镇街道名称 in boundaries), and a notice saying so."""
    canonical_of = {a: c for c in {*COLUMN_ALIASES, *(c for k, c in KIND_ALIASES if k == kind)}
                    for a in _aliases(kind, c)}  # fmt: skip
    headers = {a for a in canonical_of if not a.isascii()}
    completed = {}
    for column in frame.columns:
        name = str(column)
        if name in headers or name.isascii() or len(name.encode("gb18030")) < DBF_NAME_BYTES - 2 and len(name.encode()) < DBF_NAME_BYTES - 2:
            continue
        longer = sorted(h for h in headers if h.startswith(name) and h != name)
        if longer and len({canonical_of[h] for h in longer}) == 1 and longer[0] not in frame.columns:
            completed[column] = longer[0]
    if not completed:
        return frame, []
    said = ", ".join(f"{a} → {b}" for a, b in completed.items())
    return frame.rename(columns=completed), [Notice.said("shapefile_names_completed", source, names=said)]


def _cut_utf8_names_mended(frame: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    """Return a UTF-8 shapefile read as Latin-1 with its text decoded: a DBF field name holds 10
    bytes, so 常住人口 (12 bytes in UTF-8) is cut inside a character and could not be read at all;
    the cut character is dropped (常住人), which the column check then names."""

    def mended(text: object) -> object:
        return text.encode("latin1").decode("utf-8", errors="ignore") if isinstance(text, str) else text

    names = {c: mended(c) for c in frame.columns if c != frame.geometry.name}
    twice = sorted({n for n in names.values() if list(names.values()).count(n) > 1})
    if twice:  # 常住人口 and 常住人数 both cut to 常住人
        raise ValidationError([problem(str(path), "shapefile_names_cut_alike", names="、".join(twice))])
    frame = frame.rename(columns=names)
    for column in frame.columns:
        if column != frame.geometry.name and (frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])):
            frame[column] = frame[column].map(mended)
    return frame


class _HTMLTable:
    """Collect the cells of the first ``<table>`` of an HTML page (stdlib parser, no extra package)."""

    def __init__(self, text: str):
        from html.parser import HTMLParser

        rows: list[list[str]] = []
        state = {"cell": None, "depth": 0}

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag == "table":
                    state["depth"] += 1
                elif tag == "tr" and state["depth"] == 1:
                    rows.append([])
                elif tag in ("td", "th") and state["depth"] == 1 and rows:
                    state["cell"] = []

            def handle_endtag(self, tag):
                if tag in ("td", "th") and state["cell"] is not None:
                    rows[-1].append("".join(state["cell"]).strip())
                    state["cell"] = None
                elif tag == "table":
                    state["depth"] -= 1

            def handle_data(self, data):
                if state["cell"] is not None:
                    state["cell"].append(data)

        Parser().feed(text)
        self.rows = [r for r in rows if r]


def missing_file_problem(path: Path, *, graph: bool = False) -> Problem:
    """Return the problem of a file that is not there, naming what is near it: the same name in
    other letter case (Facilities.CSV: Linux tells them apart), the same name with another
    extension (设施.xlsx for 设施.xls), or the folder that is missing (``graph``: a road graph's file)."""
    folder = path.parent
    if not folder.is_dir():
        return problem(str(path), "file_missing_folder", folder=str(folder))
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:
        names = []
    near = [n for n in names if n.lower() == path.name.lower()]
    near += [n for n in names if n not in near and Path(n).stem.lower() == path.stem.lower()]
    if near:
        return problem(str(path), "file_missing_near", near=", ".join(near[:5]), name=path.name)
    return problem(str(path), "graph_missing") if graph else problem(str(path), "file_missing")


def _sniff(path: Path) -> bytes:
    """Return the first bytes of a file, turning a broken link or unreadable file into a problem."""
    if not path.exists() and not path.is_symlink():
        raise ValidationError([missing_file_problem(path)])
    try:
        with open(path, "rb") as handle:
            return handle.read(2048)
    except OSError as exc:
        reason = (
            "a symbolic link that points to itself (a link loop)" if exc.errno == errno.ELOOP else str(exc)
        )
        raise ValidationError([problem(str(path), "file_unopenable", reason=reason)]) from None


def _empty_file(path: Path) -> ValidationError:
    return ValidationError([problem(str(path), "file_empty")])


#: an Office file kept behind a password: a compound file holding the encrypted workbook
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _excel_sheets(path: Path, head: bytes) -> tuple[str | None, list[str]]:
    """Return the pandas engine for a workbook (by its bytes, not its name) and its sheet names."""
    if head.startswith(b"PK"):
        engine = "openpyxl"
    elif head.startswith(b"\xd0\xcf\x11\xe0") and _ENCRYPTED_PACKAGE in path.read_bytes():
        raise ValidationError([problem(str(path), "workbook_encrypted")])  # a password set in Excel or WPS
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        engine = "calamine"  # legacy .xls (BIFF), as WPS and old Excel save it
    else:
        return None, []
    try:
        return engine, [str(s) for s in pd.ExcelFile(path, engine=engine).sheet_names]
    except Exception as exc:  # corrupt workbooks raise many types
        raise ValidationError([problem(str(path), "workbook_unreadable", reason=exc)]) from None


#: names of a workbook's instruction sheets and cover pages (填表说明, 封面, 目录 first, the data after them), folded
INSTRUCTION_SHEETS = frozenset(
    normalise_key(name)
    for name in ("填表说明", "说明", "使用说明", "填报说明", "填写说明", "填表须知", "填报须知", "编制说明", "指标解释",
                 "封面", "目录", "首页", "readme", "instructions", "notes", "cover", "contents")
)  # fmt: skip


def _data_sheet(sheets: list[str], hidden: frozenset[str] = frozenset()) -> int:
    """Return the position of the sheet to read when none is named: the first that is neither
    hidden (a template's list of choices) nor an instruction sheet (填表说明, 说明 …), else the first."""
    data = [k for k, name in enumerate(sheets) if normalise_key(name) not in INSTRUCTION_SHEETS and name not in hidden]
    return data[0] if data else 0


def _xlsx_layout(path: Path, engine: str) -> tuple[frozenset[str], dict[str, str]]:
    """Return an xlsx workbook's hidden sheets and where each sheet's XML lies in the archive;
    nothing for other workbooks (read without loading any cell)."""
    if engine != "openpyxl":
        return frozenset(), {}
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
        hidden = frozenset(ws.title for ws in book.worksheets if ws.sheet_state != "visible")
        parts = {ws.title: ws._worksheet_path for ws in book.worksheets}
        book.close()
    except Exception:  # an unusual workbook: read as before, without this
        return frozenset(), {}
    return hidden, parts


def _error_cells(xml: bytes) -> dict[str, str]:
    """Return a sheet's cells holding Excel's error values (``{"D3": "#DIV/0!"}``: a formula that
    failed), from its XML: pandas reads them as blank, so a figure that failed would pass for one
    not given."""
    found: dict[str, str] = {}
    if b't="e"' not in xml:
        return found
    for tag, value in _CELL_VALUE.findall(xml):
        ref = re.search(rb'\br="([A-Z]+\d+)"', tag)
        if ref and b't="e"' in tag:
            found[ref.group(1).decode()] = value.decode()
    return found


def _error_cells_written(frame: pd.DataFrame, errors: dict[str, str]) -> pd.DataFrame:
    """Return the sheet with its error cells holding their error text (#DIV/0!), as a CSV saved from
    it would: each column's reader then says them where they matter."""
    from openpyxl.utils import coordinate_to_tuple

    first = int(frame.attrs["header_row"]) + 1
    frame = frame.copy()
    for ref, value in errors.items():
        row, column = coordinate_to_tuple(ref)
        if 0 <= row - first < len(frame) and column <= frame.shape[1]:
            frame.iat[row - first, column - 1] = value
    return frame


def _sheet_marks(path: Path, part: str | None) -> tuple[list[int], list[str], list[str], dict[str, str]]:
    """Return one sheet's hidden rows as the sheet numbers them (hidden by hand or filtered out),
    its merged ranges (``C2:C3``), its formula cells that hold no calculated result (``D2``) and its
    cells of error values (:func:`_error_cells`), from its XML (``hidden="1"``, ``<mergeCell>``, ``<f>``, ``t="e"``).

    A formula's saved result is trusted once a spreadsheet program has calculated it. A workbook
    written by a program (openpyxl, pandas, XlsxWriter, reporting systems) asks Excel to calculate
    every formula when it opens (``fullCalcOnLoad``) and saves no result, or 0 (XlsxWriter): read,
    the cell would be blank or 0."""
    if part is None:
        return [], [], [], {}
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(part)
            has_formulas = b"<f" in xml
            never_calculated = has_formulas and _CALCULATE_ON_LOAD.search(archive.read("xl/workbook.xml")) is not None
    except Exception:  # read as before, without this
        return [], [], [], {}
    formulas = _ALL_FORMULAS if never_calculated else _UNCOMPUTED_FORMULA
    uncomputed = [m.decode() for m in formulas.findall(xml)] if has_formulas else []
    hidden = [int(r) for r in _HIDDEN_ROW.findall(xml)]
    return hidden, [m.decode() for m in _MERGED.findall(xml)], uncomputed, _error_cells(xml)


_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"')
_CELL_VALUE = re.compile(rb'<c\b([^>]*)>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?\s*<v>([^<]*)</v>')
_MERGED = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]+\d+:[A-Z]+\d+)"')
_CALCULATE_ON_LOAD = re.compile(rb'<calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"')
_ALL_FORMULAS = re.compile(rb'<c\b[^>]*?\br="([A-Z]+\d+)"[^>]*>\s*<f\b')
_UNCOMPUTED_FORMULA = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]+\d+)"[^>]*>\s*(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)


def _alike_sheets_problems(path: Path, engine: str, frame: pd.DataFrame, visible: list[str]) -> list[Problem]:
    """Return a problem when other visible sheets of the workbook have the chosen sheet's columns and
    rows under them (one sheet per county or per month): only one is read, the others' rows would be
    left out without a word."""
    alike = _alike_sheets(path, engine, frame, visible)
    if not alike:
        return []
    chosen = frame.attrs["sheet"]
    return [problem(str(path), "sheets_alike", sheet=chosen, others=shown(alike, most=6), first=alike[0])]


def _alike_sheets(path: Path, engine: str, frame: pd.DataFrame, visible: list[str]) -> list[str]:
    """Return the other visible sheets (not instructions) whose header has the columns of ``frame``
    (the sheet read) and that hold rows under it."""
    chosen = frame.attrs.get("sheet")
    header = {normalise_key(str(c)) for c in frame.columns if not str(c).startswith("Unnamed:")}
    alike = []
    for name in visible:
        if name == chosen or normalise_key(name) in INSTRUCTION_SHEETS:
            continue
        try:
            top = pd.read_excel(path, sheet_name=name, header=None, dtype=str, engine=engine, nrows=MAX_TITLE_ROWS + 2)
        except Exception:  # a sheet that does not read as a table is no twin of the chosen one
            continue
        rows = [{normalise_key(v) for v in row if isinstance(v, str) and v.strip()} for row in top.itertuples(index=False)]
        if any(r == header and k + 1 < len(rows) and rows[k + 1] for k, r in enumerate(rows)):
            alike.append(name)
    return alike


def _merged_cells_filled(frame: pd.DataFrame, merged: list[str]) -> pd.DataFrame:
    """Return ``frame`` with each merged range of text below the header filled with its first cell's
    value (what the sheet shows on every row it spans: a 类型 merged over the rows of one kind); its
    ``attrs`` name the ranges filled (``merged_filled``) and the numbers merged over rows
    (``merged_numbers``: header, range, value and the rows' labels). A merged number is not copied
    here (each row would count it): :func:`_merged_numbers_read` fills or asks about it where
    carefac reads its column."""
    from openpyxl.utils import range_boundaries

    first = int(frame.attrs["header_row"]) + 1
    filled, numbers = [], []
    frame = frame.copy()
    for ref in merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        top, bottom = min_row - first, max_row - first
        if top < 0 or bottom >= len(frame) or max_col > frame.shape[1]:
            continue  # a merged header or title (said elsewhere), or beyond the data
        block = frame.iloc[top : bottom + 1, min_col - 1 : max_col]
        value = frame.iat[top, min_col - 1]
        if pd.isna(value) or block.notna().sum().sum() != 1:
            continue
        if np.isfinite(to_number(pd.Series([value])).iloc[0]):  # slots of two sites? not copied
            if bottom > top:  # the rows by their labels, which later steps keep (blank rows dropped or not)
                numbers.append((frame.columns[min_col - 1], ref, value, frame.index[top : bottom + 1].tolist()))
            continue
        frame.iloc[top : bottom + 1, min_col - 1 : max_col] = value
        filled.append(ref)
    frame.attrs = {**frame.attrs, "merged_filled": filled, "merged_numbers": numbers}
    return frame


def _merged_numbers_read(
    frame: pd.DataFrame, renames: Mapping[str, str], kind: str, source: str
) -> tuple[pd.DataFrame, list[Problem], list[Notice]]:
    """Return ``frame`` with each number merged over rows (``merged_numbers`` of
    :func:`_merged_cells_filled`) in a column carefac reads either filled in or asked about: a year,
    a grade or a household size merged down is each row's, as the sheet shows it (filled, said); a
    count or an amount (slots, residents, a cost) written once for several rows is neither each row's
    nor clearly their sum (one centre's two sites, or two centres' total?): a problem."""
    spec = LAYER_SPECS[kind]
    figures = {*spec.integer_columns, *spec.number_columns}
    summed = _COUNTED_COLUMNS | {"floor_area_m2", "cost"}
    problems, filled = [], []
    for header, ref, value, labels in frame.attrs.get("merged_numbers", ()):
        canonical = renames.get(header)
        if canonical not in figures:
            continue
        if canonical in summed:
            problems.append(problem(source, "number_merged", column=canonical, cells=ref, value=value,
                                    header=" ".join(str(header).split())))  # fmt: skip
            continue
        frame.loc[frame.index.isin(labels), header] = value
        filled.append(ref)
    notices = [Notice.said("merged_cells_filled", source, n=len(filled), ranges=shown(filled))] if filled else []
    return frame, problems, notices


#: title rows (a sheet's name written above its headers, in one cell or merged across) skipped at most
MAX_TITLE_ROWS = 3


def _is_title_row(frame: pd.DataFrame) -> bool:
    """Return whether a frame's header row holds a title: a text in its first cell only (the
    sheet's empty margin columns before it aside)."""
    names = [str(c) for c in frame.columns]
    margin = 0
    while margin < len(names) and names[margin].startswith("Unnamed:") and frame.iloc[:, margin].isna().all():
        margin += 1
    names = names[margin:]
    return len(names) > 1 and not names[0].startswith("Unnamed:") and all(n.startswith("Unnamed:") for n in names[1:])


#: empty rows above a sheet's table (a margin left at its top) read past at most
MAX_BLANK_ROWS = 10


def _blank_rows_on_top(top: pd.DataFrame) -> int:
    """Return how many empty rows stand above the first row with anything in it (its table), from
    the sheet's first rows read without a header (:data:`MAX_BLANK_ROWS` at most)."""
    filled = np.flatnonzero(top.notna().any(axis=1).to_numpy())
    return int(filled[0]) if filled.size and filled[0] <= MAX_BLANK_ROWS else 0


def _title_of(frame: pd.DataFrame) -> str:
    """Return the title a title row read as headers holds (its one named cell)."""
    return next(str(c) for c in frame.columns if not str(c).startswith("Unnamed:"))


def _read_excel(path: Path, head: bytes, sheet: str | int | None) -> pd.DataFrame:
    """Return one sheet of a workbook (xlsx or legacy xls, or an HTML table saved as .xls) as text."""
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")) or b"<table" in lowered:
        rows = _HTMLTable(path.read_bytes().decode("utf-8", errors="replace")).rows
        if not rows:
            raise ValidationError([problem(str(path), "workbook_is_html")])
        width = max(len(r) for r in rows)
        body = [r + [""] * (width - len(r)) for r in rows[1:]]
        frame = pd.DataFrame(body, columns=rows[0] + [f"Unnamed: {k}" for k in range(len(rows[0]), width)])
        return frame.replace({"": np.nan})
    engine, sheets = _excel_sheets(path, head)
    if engine is None:
        raise ValidationError([problem(str(path), "workbook_not_excel")])
    if isinstance(sheet, int) and not isinstance(sheet, bool):  # counted from 1, as the tabs are: 1 is the first
        sheet = 1 if sheet == 0 else sheet  # 0 can only mean the first (counted from 0)
        if not 1 <= sheet <= len(sheets):
            raise ValidationError([problem(str(path), "sheet_number_missing", sheet=sheet, n=len(sheets),
                                           sheets=", ".join(sheets))])  # fmt: skip
        sheet = sheets[sheet - 1]
    if sheet is not None and str(sheet) not in sheets:
        # Excel's own sheet names ignore case (Sheet1 is sheet1); a space at a tab's end does not show
        alike = [s for s in sheets if s.strip().casefold() == str(sheet).strip().casefold()]
        if len(alike) != 1:
            shown_sheets = ", ".join(f"'{s}'" if s != s.strip() else s for s in sheets)  # '托育机构 ': its space seen
            raise ValidationError([problem(str(path), "sheet_missing", sheet=sheet, sheets=shown_sheets)])
        sheet = alike[0]
    hidden_sheets, parts = _xlsx_layout(path, engine)
    chosen = sheet if sheet is not None else _data_sheet(sheets, hidden_sheets)
    top = pd.read_excel(path, sheet_name=chosen, header=None, dtype=str, engine=engine, nrows=MAX_BLANK_ROWS + 1)
    empty: list[str] = []
    if sheet is None and top.empty:  # an empty Sheet1 before the data (a new workbook's sheets, the list on Sheet2)
        for k in range(chosen + 1, len(sheets)):
            if sheets[k] in hidden_sheets or normalise_key(sheets[k]) in INSTRUCTION_SHEETS:
                continue
            later = pd.read_excel(path, sheet_name=k, header=None, dtype=str, engine=engine, nrows=MAX_BLANK_ROWS + 1)
            if not later.empty:
                empty = [n for n in sheets[chosen:k] if n not in hidden_sheets and normalise_key(n) not in INSTRUCTION_SHEETS]
                chosen, top = k, later
                break
    margin = _blank_rows_on_top(top)  # a table set in from the sheet's top
    frame = pd.read_excel(path, sheet_name=chosen, dtype=str, engine=engine, header=margin)
    titles: list[str] = []
    while _is_title_row(frame) and len(titles) < MAX_TITLE_ROWS:  # 漳州市托育机构名单 above the headers
        titles.append(_title_of(frame))
        frame = pd.read_excel(path, sheet_name=chosen, dtype=str, engine=engine, header=margin + len(titles))
    frame.attrs["sheets"] = sheets
    frame.attrs["sheet"] = str(sheet if sheet is not None else sheets[chosen])
    frame.attrs["instructions_skipped"] = (
        [name for name in sheets[:chosen] if name not in hidden_sheets and name not in empty] if sheet is None else []
    )
    frame.attrs["empty_sheets_skipped"] = empty
    frame.attrs["header_row"] = margin + len(titles) + 1
    frame.attrs["titles"] = titles
    hidden_rows, merged, uncomputed, errors = _sheet_marks(path, parts.get(frame.attrs["sheet"]))
    if uncomputed:
        raise ValidationError([problem(str(path), "formulas_not_computed", cells=shown(uncomputed, most=8))])
    if sheet is None:
        raise_if_any(_alike_sheets_problems(path, engine, frame, [s for s in sheets if s not in hidden_sheets]))
    frame.attrs["hidden_rows"] = _hidden_data_rows(frame, hidden_rows)
    if errors:
        frame = _error_cells_written(frame, errors)
    frame = _merged_cells_filled(frame, merged)
    if engine == "openpyxl":
        frame.attrs["header_merged_columns"] = _header_merged_columns(merged, int(frame.attrs["header_row"]))
    return frame


def _header_text(header: object) -> str:
    """Return a header cell as text: a year typed as a number (2020, 2020.0) as ``2020``, a date
    cell as its day (``2023-06-01``), other cells as written."""
    if isinstance(header, float) and header.is_integer():
        return str(int(header))
    if isinstance(header, pd.Timestamp | datetime.datetime):
        stamp = pd.Timestamp(header)
        return str(stamp.date()) if stamp == stamp.normalize() else str(stamp)
    return str(header)


def _headers_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a sheet with every header as text (a sheet's header row may hold numbers and dates:
    2020 | 2023 over two years' figures), names kept unique as pandas keeps them."""
    if all(isinstance(c, str) for c in frame.columns):
        return frame
    named = frame.copy()
    named.columns = _unique_headers([_header_text(c) for c in frame.columns])
    return named


def _unique_headers(headers: list[str | None]) -> list[str]:
    """Return a table's header cells as column names, as pandas names a sheet's: a blank one
    ``Unnamed: k``, a repeated one ``名称.1``."""
    named: list[str] = []
    for k, header in enumerate(headers):
        name = header if header else f"Unnamed: {k}"
        base, n = name, 0
        while name in named:
            n += 1
            name = f"{base}.{n}"
        named.append(name)
    return named


def _read_document(path: Path, table: str | int | None) -> pd.DataFrame:
    """Return a table of a Word document as a sheet's text: the one with most rows, or the
    ``table``-th (counted from 1); title rows inside the table (one cell across it) skipped, cells
    merged down the rows filled as a sheet's are. Rows are numbered as the table's (its header 1)."""
    from ._docx import document_tables

    try:
        tables = [t for t in document_tables(path) if t.rows]
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        raise ValidationError([problem(str(path), "document_unreadable")]) from None
    if not tables:
        raise ValidationError([problem(str(path), "document_without_table")])
    names = [f"{k + 1}" for k in range(len(tables))]
    if table is None:
        chosen = max(range(len(tables)), key=lambda k: len(tables[k].rows))
    elif str(table).isdigit() and 1 <= int(table) <= len(tables):
        chosen = int(table) - 1
    else:
        raise ValidationError([problem(str(path), "document_table_missing", table=table, n=len(tables))])
    rows, merged = tables[chosen].rows, tables[chosen].merged
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) for r in rows]
    titles: list[str] = []
    while len(rows) > 2 and len(titles) < MAX_TITLE_ROWS and sum(c is not None for c in rows[0]) == 1 and rows[0][0]:
        titles.append(str(rows.pop(0)[0]))
    frame = pd.DataFrame(rows[1:], columns=_unique_headers(rows[0]), dtype=object).astype(object)
    frame = frame.where(frame.notna(), np.nan)
    frame.attrs.update(sheets=names, sheet=names[chosen], instructions_skipped=[], header_row=len(titles) + 1,
                       titles=titles, hidden_rows=[], document_tables=True)  # fmt: skip
    frame = _merged_cells_filled(frame, merged)
    frame.attrs["header_merged_columns"] = _header_merged_columns(merged, int(frame.attrs["header_row"]))
    return frame


def _header_merged_columns(merged: list[str], header_row: int) -> set[int]:
    """Return the columns (from 0) whose header cell lies in a merged range of the header row."""
    from openpyxl.utils import range_boundaries

    columns: set[int] = set()
    for ref in merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if min_row <= header_row <= max_row:
            columns.update(range(min_col - 1, max_col))
    return columns


def _hidden_data_rows(frame: pd.DataFrame, hidden: list[int]) -> list[int]:
    """Return the hidden rows (sheet numbers) that hold data of ``frame``."""
    first = int(frame.attrs["header_row"]) + 1
    filled = frame.notna().to_numpy().any(axis=1)
    return [r for r in hidden if 0 <= r - first < len(frame) and filled[r - first]]


def _text_encodings(path: Path) -> list[str]:
    """Return the encodings to try for a text table: UTF-16 when its bytes say so (Excel's "Unicode
    text" export: a byte-order mark, or a zero byte after every ASCII character), else UTF-8 and GBK."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ["utf-16"]
    if len(head) >= 8 and head[1::2].count(0) > 0.4 * len(head[1::2]):
        return ["utf-16-le"]
    if len(head) >= 8 and head[0::2].count(0) > 0.4 * len(head[0::2]):
        return ["utf-16-be"]
    return ["utf-8-sig", "gb18030"]


def _read_delimited(path: Path, encoding: str | None) -> pd.DataFrame:
    """Return a CSV, TSV or delimited TXT file as text, the delimiter and encoding detected."""
    for candidate in [encoding] if encoding else _text_encodings(path):
        try:
            text = path.read_bytes()[:65536].decode(candidate)
        except UnicodeDecodeError:
            continue
        except LookupError:
            raise ValidationError([problem(str(path), "encoding_unknown", encoding=candidate)]) from None
        above = _lines_before_the_table(text)
        try:
            delimiter = csv.Sniffer().sniff(text.split("\n")[len(above)] + "\n", delimiters=",\t;|").delimiter
        except csv.Error:
            delimiter = "，" if _full_width_separated(text) else ","
        try:
            return _csv_under_its_titles(path, encoding=candidate, sep=delimiter, above=above)
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise _empty_file(path) from None
        except pd.errors.ParserError as exc:  # a row longer than the header: read if what overhangs is empty
            unclosed = re.search(r"EOF inside string starting at row (\d+)", str(exc))
            if unclosed:  # the row pandas counts from 0 is the sheet's row + 1
                raise ValidationError([problem(str(path), "csv_quote_unclosed", rows=(int(unclosed.group(1)) + 1,))]) from None
            trimmed = _overhang_trimmed(path, candidate, delimiter)
            if trimmed is None:
                raise ValidationError([problem(str(path), "csv_ragged", reason=exc)]) from None
            return _csv_under_its_titles(trimmed, encoding=None, sep=delimiter, above=above)
    raise ValidationError([problem(str(path), "encoding_not_text")])


def _lines_before_the_table(text: str) -> list[str]:
    """Return the lines of a text file above its table that are titles without a separator
    (漳州市托育机构名单, # 注释 … typed as a line of their own, not as a row of the sheet), at most
    :data:`MAX_TITLE_ROWS`; the line after them holds separators (none when it does not)."""
    lines = text.split("\n")
    separated = [any(d in line for d in ",\t;|，") for line in lines]
    lead = 0
    while lead < min(MAX_TITLE_ROWS, len(lines) - 1) and lines[lead].strip() and not separated[lead]:
        lead += 1
    return [line.strip().lstrip("\ufeff") for line in lines[:lead]] if lead < len(lines) and separated[lead] else []


def _full_width_separated(text: str) -> bool:
    """Return whether a text file's columns are separated by the full-width comma ， (typed so in a
    Chinese input method): its first two lines hold as many ， (a stray one ending a line aside) and
    no comma, tab, semicolon or bar."""
    lines = [line for line in text.splitlines() if line.strip()][:2]
    counts = {line.rstrip().rstrip("，").count("，") for line in lines}
    return len(lines) == 2 and len(counts) == 1 and counts != {0} and not any(c in lines[0] for c in ",\t;|")


def _overhang_trimmed(path: Path, encoding: str, sep: str) -> io.StringIO | None:
    """Return a delimited file's text with the empty cells past its header's last column cut (a
    stray separator at a row's end, as a hand-edited CSV has); cells with something in them past
    the last column are refused, naming their rows (a shifted row would be read wrongly).
    ``None`` when no row is longer than the header (the file is broken otherwise: a stray quote)."""
    with open(path, encoding=encoding, newline="") as handle:
        records = list(csv.reader(handle, delimiter=sep))
    # the header: the first record with two cells filled (a title row above it fills one)
    header = next((i for i, r in enumerate(records) if sum(bool(c.strip()) for c in r) > 1), 0)
    width = len(records[header])
    overhang = [(i, [c for c in r[width:] if c.strip()]) for i, r in enumerate(records) if len(r) > width]
    if not overhang:
        return None
    filled = [(i, cells) for i, cells in overhang if cells]
    if filled:
        raise ValidationError([problem(str(path), "csv_cells_past_header", rows=tuple(i + 1 for i, _ in filled),
                                       width=width, example=filled[0][1][0])])  # fmt: skip
    text = io.StringIO()
    csv.writer(text, delimiter=sep, lineterminator="\n").writerows(r[:width] for r in records)
    return text


def _csv_under_its_titles(
    path: Path | io.StringIO, *, encoding: str | None, sep: str, above: Sequence[str] = ()
) -> pd.DataFrame:
    """Return a delimited file read from its header row, skipping up to :data:`MAX_TITLE_ROWS` title
    rows above it (漳州市托育机构名单 in the first cell only, as Excel saves a titled sheet to CSV;
    ``above``: the lines of titles typed without separators, as :func:`_lines_before_the_table` finds them)."""
    options = {"dtype": str, "encoding": encoding, "sep": sep, "keep_default_na": False, "na_values": [""],
               **({"engine": "python"} if len(sep.encode()) > 1 else {})}  # ， typed as the separator  # fmt: skip

    def read(**skip):
        if isinstance(path, io.StringIO):
            path.seek(0)
        return pd.read_csv(path, **skip, **options)

    margin = len(above) + _blank_rows_on_top(read(header=None, nrows=MAX_BLANK_ROWS + 1, skiprows=len(above)))
    frame = read(skiprows=margin)  # under the lines of titles and the ,,,, rows above the table
    titles: list[str] = []  # title rows of the sheet saved to CSV: 漳州市托育机构名单,,,,
    while _is_title_row(frame) and len(above) + len(titles) < MAX_TITLE_ROWS:
        titles.append(_title_of(frame))
        frame = read(skiprows=margin + len(titles))
    frame.attrs["header_row"] = margin + len(titles) + 1
    frame.attrs["titles"] = [*above, *titles]
    return frame


def _repeated_header_problems(frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Return a problem when the header names a column twice (pandas would rename the second ``x.1``)."""
    names = [str(c) for c in frame.columns]
    repeated = sorted(
        {m.group(1) for c in names if (m := re.match(r"^(.*)\.(\d+)$", c)) and m.group(1) in names}
    )
    if not repeated:
        return []
    return [problem(str(path), "header_repeated", names=", ".join(repr(r) for r in repeated))]


def _cell_name(unnamed: str, row: int) -> str:
    """Return a header cell pandas named ``Unnamed: 4`` as the spreadsheet names it (``E1``)."""
    match = re.fullmatch(r"Unnamed: (\d+)(?:_level_\d+)?", str(unnamed))
    if match is None:
        return str(unnamed)
    index, letters = int(match.group(1)) + 1, ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


def read_table(
    path: str | Path, *, sheet: str | int | None = None, encoding: str | None = None
) -> pd.DataFrame:
    """Return a CSV, TSV/TXT or Excel table with every cell as text (ids keep their leading zeros).

    Text files are tried as UTF-8 (with or without BOM) and then GB18030 unless ``encoding``
    is given; the delimiter (comma, tab, semicolon, bar) is detected. Workbooks are recognised
    by their bytes: ``.xlsx``, legacy ``.xls`` (WPS, old Excel) and HTML tables saved as ``.xls``.
    Up to :data:`MAX_TITLE_ROWS` title rows above a workbook's headers (a text in the first cell
    only) are skipped (``attrs["titles"]``, ``attrs["header_row"]``: the caller says so and numbers
    rows as the sheet does); a workbook with a merged (multi-row) header is rejected with a clear
    problem; ``attrs`` records the sheet read and the workbook's sheets.
    """
    path = Path(path)
    head = _sniff(path)
    if not head:
        raise _empty_file(path)
    workbook_bytes = head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) and path.suffix.lower() not in DOCUMENT_SUFFIXES
    if path.suffix.lower() in EXCEL_SUFFIXES | DOCUMENT_SUFFIXES or workbook_bytes:  # a workbook renamed .csv: its bytes say
        frame = _read_excel(path, head, sheet) if path.suffix.lower() not in DOCUMENT_SUFFIXES else _read_document(path, sheet)
        frame.attrs["workbook_as_text"] = path.suffix.lower() not in EXCEL_SUFFIXES | DOCUMENT_SUFFIXES
        frame = _two_row_header_joined(_headerless_columns_dropped(_headers_as_text(frame)))
        unnamed = [c for c in frame.columns if str(c).startswith("Unnamed:")]
        if unnamed and len(unnamed) < len(frame.columns):
            raise ValidationError(
                [problem(str(path), "header_merged", n=len(unnamed), cells=", ".join(
                    _cell_name(c, int(frame.attrs.get("header_row", 1))) for c in unnamed[:5]))]  # fmt: skip
            )
    else:
        frame = _two_row_header_joined(_read_delimited(path, encoding))
    frame = _title_unit_into_headers(_units_row_into_headers(frame))
    raise_if_any(_repeated_header_problems(frame, path))
    return frame


#: a subheader that is its group's own figure: 常住人口 over 合计 | 男 | 女 reads 合计 as 常住人口
_GROUP_TOTAL_WORDS = frozenset(normalise_key(w) for w in ("合计", "小计", "总计", "总数", "合计数", "计", "total"))
#: a subheader that is the year of its group's figures: 常住人口 over 2020 | 2023
_SUBHEADER_YEAR = re.compile(r"^((?:19|20)\d\d)(?:\.0)?\s*年?$")


#: every header carefac reads as a column, folded
_KNOWN_HEADERS = frozenset(
    normalise_key(a)
    for a in (*(a for aliases in (*COLUMN_ALIASES.values(), *KIND_ALIASES.values()) for a in aliases), *X_ALIASES,
              *Y_ALIASES, *XY_ALIASES, *NOT_RESIDENT_POPULATION)
)  # fmt: skip


def _is_known_header(text: str) -> bool:
    """Return whether a header names a column carefac reads (its year and unit aside): 经度, 托位数(个)."""
    bare = header_unit(header_year(text)[0])[0]
    return normalise_key(bare) in _KNOWN_HEADERS or under3_header(bare)


def _subheader_joined(group: str, sub: str, *, repeated: bool, part: bool) -> str:
    """Return one column's name from its group label and the subheader under it: the subheader when
    it names the column alone (经度 under 坐标), the group for its total (常住人口 over 合计), the year
    before the group (2023年常住人口), else the one as the other's note (经度(GCJ02坐标) where 经度
    stands under two groups; 托位数(乳儿班)), else both (基本信息 + 联系人 where two groups have one).
    Beside its group's total, a subheader is a part of it (常住人口 over 合计 | 男: 常住人口男, read as
    no column of carefac's)."""
    if normalise_key(sub) in _GROUP_TOTAL_WORDS:
        return group
    if (year := _SUBHEADER_YEAR.match(sub)) is not None:
        return f"{year.group(1)}年{group}"
    if _is_known_header(sub):
        return f"{sub}({group})" if repeated else sub
    if part:
        return f"{group}{sub}"
    if _CLASS_SLOTS.match("".join(f"{sub}{group}".split())):  # 托位数 over 乳儿班 | 托小班: 乳儿班托位数 (added up)
        return f"{sub}{group}"
    if _is_known_header(group):
        return f"{group}({sub})"
    return f"{group}{sub}" if repeated else sub


def _two_row_header_joined(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a table whose header is two rows with one name per column, the second row dropped
    (``attrs["two_row_header"]`` naming the rows and the names read); else the table as read.

    Two rows means: group labels merged (or, in a CSV, written once) over the columns they hold
    (基本信息 over 机构名称 | 类型, 坐标 over 经度 | 纬度), a text under every column of a group, and
    nothing under a column named alone (序号 merged down over both rows). A data row has cells under
    columns named alone, or numbers, so it is never taken for a second header row.
    """
    if frame.empty or len(frame.columns) < 2:
        return frame
    names = [str(c) for c in frame.columns]
    unnamed = [n.startswith("Unnamed:") for n in names]
    if not any(unnamed) or unnamed[0]:
        return frame
    subs = [None if pd.isna(v) or not str(v).strip() else " ".join(str(v).split()) for v in frame.iloc[0]]
    groups: list[str | None] = []
    for k, name in enumerate(names):
        current = groups[-1] if unnamed[k] else name
        spans = unnamed[k] or (k + 1 < len(names) and unnamed[k + 1])
        groups.append(current if spans else None)
    for group, sub in zip(groups, subs, strict=True):
        if (group is None) != (sub is None):
            return frame  # a cell under a column named alone, or a group's column without its name: data
        if sub is not None and _SUBHEADER_YEAR.match(sub) is None and np.isfinite(to_number(pd.Series([sub])).iloc[0]):
            return frame  # a number: a data row
    named = [s for s in subs if s is not None]
    if not any(_is_known_header(s) or _SUBHEADER_YEAR.match(s) or normalise_key(s) in _GROUP_TOTAL_WORDS
               or _CLASS_SLOTS.match("".join(f"{s}{g}".split())) for s, g in zip(subs, groups, strict=True) if s):
        return frame  # no column carefac reads is named there: text data under a column without a header
    folded = [normalise_key(s) for s in named]
    totalled = {g for g, s in zip(groups, subs, strict=True) if g is not None and normalise_key(s) in _GROUP_TOTAL_WORDS}
    joined = [
        name if group is None else _subheader_joined(
            group, sub, repeated=folded.count(normalise_key(sub)) > 1, part=group in totalled)
        for name, group, sub in zip(names, groups, subs, strict=True)
    ]  # fmt: skip
    if len(set(joined)) < len(joined):
        return frame  # two columns would share a name: left to the merged-header problem
    row = int(frame.attrs.get("header_row", 1))
    renamed = frame.iloc[1:].set_axis(joined, axis=1).reset_index(drop=True)
    renamed.attrs = {**frame.attrs, "header_row": row + 1,
                     "two_row_header": (row, row + 1, [j for j, g in zip(joined, groups, strict=True) if g is not None])}  # fmt: skip
    return renamed


#: a cell of a units row under the headers: 个, （万人）, 单位：人, (度), ㎡
_UNIT_CELL = re.compile(
    r"^\s*[（(\[]?\s*(?:单位\s*[:：]\s*)?(个|人|名|万人|千人|户|万户|度|°|米|m|km|公里|平方米|㎡|m2|%|‰|元|万元|张|所|家|处|年)"
    r"\s*[)）\]]?\s*$"
)


def _units_row_into_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a table whose first row gives units only (托位数 over （个）, 常住人口 over 万人) with
    the units joined to the headers (常住人口(万人): converted where a unit says so) and that row
    dropped, ``attrs["units_row"]`` naming it; else the table as read."""
    if frame.empty:
        return frame
    cells = {c: str(v).strip() for c, v in frame.iloc[0].items() if pd.notna(v) and str(v).strip()}
    found = {c: _UNIT_CELL.match(v) for c, v in cells.items()}
    if not found or not all(found.values()):
        return frame
    headers = {c: f"{c}({m.group(1)})" for c, m in found.items()}
    row = int(frame.attrs.get("header_row", 1)) + 1
    renamed = frame.iloc[1:].rename(columns=headers).reset_index(drop=True)
    renamed.attrs = {**frame.attrs, "header_row": row, "units_row": (row, ", ".join(headers.values()))}
    return renamed


#: a scale the title above a table gives its figures: 各乡镇常住人口（单位：万人）
_TITLE_UNIT = re.compile(r"单位\s*[:：]\s*(万人|千人|万户|千户)")
#: headers the title's scale is the unit of: counts of people (for 万人, 千人) or households (万户, 千户)
_COUNTED_BY_UNIT = {"人": re.compile(r"人口|人数"), "户": re.compile(r"户数")}


def _title_unit_into_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a table whose title gives the scale of its figures (单位：万人) with that unit joined
    to the headers of the counts it measures (常住人口 → 常住人口(万人), converted) that name no
    unit of their own, ``attrs["title_unit"]`` naming them; else the table as read."""
    found = next((m for t in frame.attrs.get("titles", []) if (m := _TITLE_UNIT.search(str(t)))), None)
    if found is None:
        return frame
    unit = found.group(1)
    counted = _COUNTED_BY_UNIT[unit[-1]]
    headers = {c: f"{c}({unit})" for c in frame.columns if isinstance(c, str) and counted.search(c)
               and not header_unit(header_year(c)[0])[2]}  # fmt: skip
    if not headers:
        return frame
    renamed = frame.rename(columns=headers)
    renamed.attrs = {**frame.attrs, "title_unit": (unit, ", ".join(headers.values()))}
    return renamed


def _headerless_columns_dropped(frame: pd.DataFrame) -> pd.DataFrame:
    """Return an xlsx sheet without its columns that have no header and are not under a merged
    header cell: a notes column left unnamed, or borders drawn past the table. Those holding values
    are named in ``attrs["headerless"]`` (said by the caller). Other workbooks are returned as read."""
    merged = frame.attrs.get("header_merged_columns")
    if merged is None:
        return frame
    headerless = [
        (k, c) for k, c in enumerate(frame.columns) if str(c).startswith("Unnamed:") and k not in merged
    ]
    if not headerless or len(headerless) == len(frame.columns):
        return frame
    from openpyxl.utils import get_column_letter

    said = [
        (get_column_letter(k + 1), str(frame[c].dropna().iloc[0])) for k, c in headerless if frame[c].notna().any()
    ]
    kept = frame.drop(columns=[c for _, c in headerless])
    kept.attrs = {**frame.attrs, "headerless": said}
    return kept


def _find_column(frame: pd.DataFrame, explicit: str | None, aliases: tuple[str, ...]) -> str | None:
    """Return the column named ``explicit`` or the first that matches an alias."""
    if explicit:
        return explicit if explicit in frame.columns else None
    folded = {normalise_key(c): c for c in frame.columns}
    for alias in aliases:
        if normalise_key(alias) in folded:
            return folded[normalise_key(alias)]
    return None


#: counted columns whose two headers (托位数 and 核定托位数, 人口 and 常住人口) are not read one for the
#: other when their values differ; a residential district's planned and resident population are
#: both expected (the resident figure is read)
_COUNTED_COLUMNS = frozenset({"population", "pop_under3", "slots", "capacity", "households"})


def _other_alias_columns(
    frame: pd.DataFrame, found, kind: str, canonical: str, taken: set, first_row: int
) -> tuple[list, tuple[int, ...]]:
    """Return the other columns whose headers are also aliases of ``canonical`` and whose cells
    differ from those of ``found`` (only for counted columns), and the rows (as the file numbers
    them) where they differ."""
    if canonical not in _COUNTED_COLUMNS or (kind == "residential" and canonical == "population"):
        return [], ()
    keys = {normalise_key(a) for a in _aliases(kind, canonical)}
    others = [
        c for c in frame.columns
        if c != found and c not in taken and isinstance(c, str) and normalise_key(header_unit(c)[0]) in keys
    ]  # fmt: skip
    if not others:
        return [], ()
    first = _cell_texts(frame[found])
    differ = {c: (first != _cell_texts(frame[c])).to_numpy() for c in others}
    differing = [c for c, mask in differ.items() if mask.any()]
    mask = np.logical_or.reduce([differ[c] for c in differing]) if differing else np.zeros(len(frame), bool)
    return differing, tuple(int(r) for r in frame.index[mask] + first_row)


def _cell_texts(column: pd.Series) -> pd.Series:
    """Return the cells as stripped text (blank for missing), to compare two columns."""
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


def _bare_headers(columns) -> dict[str, tuple[str, float, str]]:
    """Return, per column, its header without the year of its figures and its unit (2023年常住人口(万人):
    常住人口), the unit's factor and the unit; a header of children under 3 however written
    (3周岁以下婴幼儿数, 0至3岁常住人口) as ``pop_under3``."""
    bare = {c: header_unit(header_year(header_undecorated(c))[0]) for c in columns if isinstance(c, str)}
    return {c: ("pop_under3", *rest) if under3_header(name) else (name, *rest) for c, (name, *rest) in bare.items()}


def _aliases(kind: str, canonical: str) -> tuple[str, ...]:
    """Return the headers recognised for a canonical column of a layer kind."""
    aliases = COLUMN_ALIASES.get(canonical, (canonical,)) + KIND_ALIASES.get((kind, canonical), ())
    if kind == "residential" and canonical == "population":
        aliases += NOT_RESIDENT_POPULATION  # a new district's planned population is what the rule needs
    return aliases


def _population_notice(kind: str, column: str, canonical: str, explicit: bool, source: str) -> list[Notice]:
    """Say so when areas' population is read, as mapped, from registered or planned population."""
    bare = header_unit(column)[0]
    if canonical != "population" or kind != "areas" or bare not in NOT_RESIDENT_POPULATION or not explicit:
        return []
    return [
        Notice.said("population_column", source, column=column)
    ]


def _rename_to_canonical(
    frame: pd.DataFrame, kind: str, mapping: Mapping[str, str], source: str, *, first_row: int = 2
) -> tuple[pd.DataFrame, list[Problem], dict[str, float], list[Notice]]:
    """Return ``frame`` with canonical column names, the problems of the mapping, the unit factor
    of each column whose header names one (``常住人口(万人)``: 10,000), and notices (rows numbered
    from ``first_row`` for the index's first position)."""
    spec = LAYER_SPECS[kind]
    problems: list[Problem] = []
    notices: list[Notice] = []
    renames: dict[str, str] = {}
    scales: dict[str, float] = {}
    bare = _bare_headers(frame.columns)
    unknown = sorted(set(mapping) - set(spec.known_columns))
    for key in unknown:
        problems.append(
            problem(source, "mapping_unknown_key", key=key, kind=kind, known=", ".join(spec.known_columns))
        )
    for canonical in spec.known_columns:
        if canonical in mapping:
            if mapping[canonical] not in frame.columns:
                problems.append(
                    problem(
                        source,
                        "mapping_missing_column",
                        column=mapping[canonical],
                        canonical=canonical,
                        given=mapping[canonical],
                        columns=", ".join(map(str, frame.columns[:20])),
                    )
                )
                continue
            found, explicit = mapping[canonical], True
        else:
            taken = set(renames) | {"geometry"}
            candidates = {bare.get(c, (c,))[0]: c for c in frame.columns if c not in taken}
            view = pd.DataFrame(columns=list(candidates))
            match = _find_column(view, None, _aliases(kind, canonical))
            alike = [c for c in frame.columns if c not in taken and bare.get(c, (c,))[0] == match] if match else []
            if len(alike) > 1:  # 托位数（已建） and 托位数（规划）, 2020年人口 and 2023年人口: not guessed
                latest = max(alike, key=lambda c: header_year(str(c))[1] or 0)  # the example: the latest year's
                problems.append(problem(source, "header_two_candidates", canonical=canonical, columns=quoted(alike),
                                        first=str(latest), kind=kind))  # fmt: skip
                continue
            found, explicit = (candidates[match] if match is not None else None), False
            differing, rows = (_other_alias_columns(frame, found, kind, canonical, taken, first_row)
                               if found is not None else ([], ()))
            if differing:
                problems.append(problem(source, "header_alias_candidates", canonical=canonical,
                                        columns=quoted((found, *differing)), first=str(found), kind=kind, rows=rows))  # fmt: skip
                continue
        if found is None or found in renames:
            continue
        renames[found] = canonical
        _, factor, unit = bare.get(found, (found, 1.0, ""))
        if factor == 1.0 and canonical in _COUNTED_COLUMNS and re.search(r"[十百千万亿]", unit):
            problems.append(problem(source, "header_unit_unknown", column=str(found), unit=unit))  # (十万人), (万口)
            continue
        if factor != 1.0:
            scales[canonical] = factor
            notices.append(
                Notice.said("unit_converted", source, column=" ".join(str(found).split()), unit=unit, factor=factor)
            )
        notices += _population_notice(kind, str(found), canonical, explicit, source)
        year = header_year(str(found))[1]
        if year is not None and not explicit:
            zh = next((a for a in _aliases(kind, canonical) if not a.isascii()), canonical)
            notices.append(Notice.said("column_of_a_year", source, column=" ".join(str(found).split()),
                                       header={"en": canonical, "zh": zh}, year=year))  # fmt: skip
    if "population" in spec.known_columns and "population" not in renames.values() and kind == "areas":
        total, total_problems, total_notices = _population_of_total_by_sex(frame, set(renames), source)
        if total is not None:
            renames[total] = "population"
        problems += total_problems
        notices += total_notices
    if "population" in spec.known_columns and "population" not in renames.values() and kind == "areas":
        other = [c for c in frame.columns if bare.get(c, (c,))[0] in NOT_RESIDENT_POPULATION]
        if other:
            problems.append(
                problem(source, "population_not_resident", column=str(other[0]), other=other[0], kind=kind)
            )
    if "slots" in spec.known_columns and "slots" not in renames.values() and "slots" not in frame:
        frame, class_notices = _slots_of_classes_added(frame, source)  # 乳儿班托位, 托小班托位, 托大班托位
        notices += class_notices
    elif "slots" in renames.values() or "slots" in frame:  # a total beside its classes: do they agree?
        slots_column = next((found for found, canonical in renames.items() if canonical == "slots"), "slots")
        notices += _class_slots_disagreeing(frame, slots_column, source, first_row)
    if "pop_under3" in spec.known_columns and "pop_under3" not in renames.values() and "pop_under3" not in frame:
        under3, age_problems, age_notices = under3_from_age_bands(frame, source, first_row)  # 0岁, 1岁, 2岁
        residents = next((found for found, canonical in renames.items() if canonical == "population"), None)
        if under3 is None and residents is not None:  # 3岁以下人口占比(%): the residents times the share
            under3, age_problems, age_notices = under3_from_share(frame, residents, scales.get("population", 1.0),
                                                                  source, first_row)  # fmt: skip
        if under3 is not None:
            frame = frame.assign(pop_under3=under3)
            problems += age_problems
            notices += age_notices
    frame, merged_problems, merged_notices = _merged_numbers_read(frame, renames, kind, source)
    problems += merged_problems
    notices += merged_notices
    clashes = [c for c in renames.values() if c in frame.columns and c not in renames]
    frame = frame.drop(columns=clashes).rename(columns=renames)
    frame.attrs["headers"] = {
        canonical: str(found) for found, canonical in renames.items() if str(found) != canonical
    }
    return frame, problems, scales, notices


#: headers of a census table's columns by sex: 合计 | 男 | 女 (the total's name, the two sexes'), folded
_TOTAL_HEADERS = frozenset(normalise_key(w) for w in ("合计", "总计", "总数", "计", "合计人数"))
_MEN_HEADERS = frozenset(normalise_key(w) for w in ("男", "男性", "男性人口"))
_WOMEN_HEADERS = frozenset(normalise_key(w) for w in ("女", "女性", "女性人口"))


def _population_of_total_by_sex(
    frame: pd.DataFrame, taken: set, source: str
) -> tuple[str | None, list[Problem], list[Notice]]:
    """Return the column of a census table's 合计 beside 男 and 女 when the sheet's title says the
    table counts residents (各乡镇常住人口: read as the population, said); asked about when no title says
    what it counts (常住 or 户籍: not guessed). ``(None, [], [])`` when the table has no such columns."""
    folded = {c: normalise_key(header_unit(str(c))[0]) for c in frame.columns if c not in taken}
    total = next((c for c, f in folded.items() if f in _TOTAL_HEADERS), None)
    if total is None or not any(f in _MEN_HEADERS for f in folded.values()) or not any(
            f in _WOMEN_HEADERS for f in folded.values()):  # fmt: skip
        return None, [], []
    titles = [str(t) for t in frame.attrs.get("titles", [])]
    if any("常住" in t for t in titles) and not any("户籍" in t for t in titles):
        return total, [], [Notice.said("population_from_total_by_sex", source, column=str(total), title=titles[0])]
    return None, [problem(source, "population_total_by_sex", column=str(total))], []


#: a column of one class's slots: 乳儿班托位数, 托小班（12-24月龄）托位, 托大班托位数(个), 混龄班托位
_CLASS_SLOTS = re.compile(r"^(乳儿班|托小班|托大班|混龄班|托班)(?:[(（][^)）]*[)）])?(?:托位数?|托位数量)$")


def _class_slot_columns(frame: pd.DataFrame) -> dict[str, object]:
    """Return the list's columns of slots by class (乳儿班托位数 …), by class."""
    classes: dict[str, object] = {}
    for column in frame.columns:
        match = _CLASS_SLOTS.match("".join(header_unit(str(column))[0].split()))
        if match and match.group(1) not in classes:
            classes[match.group(1)] = column
    return classes


def _class_slots_added(frame: pd.DataFrame, classes: dict[str, object]) -> pd.Series | None:
    """Return each row's slots by class added up (a class left blank is none of that class; a row
    with every class blank stays blank), ``None`` when a cell is no number."""
    parsed = {c: to_number(frame[c]) for c in classes.values()}
    if any((frame[c].notna() & ~np.isfinite(v)).any() for c, v in parsed.items()):
        return None
    return pd.DataFrame(parsed).sum(axis=1, min_count=1)


def _slots_of_classes_added(frame: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[Notice]]:
    """Return a list without a slots column but with one per class (乳儿班, 托小班, 托大班 …) with
    ``slots`` their sum and the notice that says so; the list unchanged when it has no such columns
    (or a class cell is no number: left to the slots-missing problem, which names the columns)."""
    classes = _class_slot_columns(frame)
    total = _class_slots_added(frame, classes) if classes else None
    if total is None:
        return frame, []
    notice = Notice.said("slots_of_classes_added", source, columns=quoted(list(classes.values())))
    return frame.assign(slots=total.to_numpy()), [notice]


def _class_slots_disagreeing(frame: pd.DataFrame, slots: object, source: str, first_row: int) -> list[Notice]:
    """Return the notice of rows whose slots by class (乳儿班托位数 …, beside the total) add up to
    another figure than the total's: the total is counted, and one of the two is asked about."""
    classes = {k: c for k, c in _class_slot_columns(frame).items() if c != slots}  # 托班托位数 may be the slots
    added = _class_slots_added(frame, classes) if classes else None
    if added is None:
        return []
    total = to_number(frame[slots])
    differ = (np.isfinite(added) & np.isfinite(total) & ((added - total).abs() > 0.5)).to_numpy(dtype=bool)
    if not differ.any():
        return []
    rows = _rows_of(frame, differ, first_row)
    first = int(np.flatnonzero(differ)[0])
    return [Notice.said("slots_classes_disagree", source, n=int(differ.sum()), rows=shown(rows), column=str(slots),
                        classes=quoted(list(classes.values())), added=f"{added.iloc[first]:,.0f}",
                        total=f"{total.iloc[first]:,.0f}", row=rows[0])]  # fmt: skip


def _in_joined_table(found: Problem, joined: dict | None, numbers: np.ndarray) -> Problem | None:
    """Return a problem in a column joined from a table (``join = "人口.xlsx"``) as the table's: its
    file, its header and its rows, not the boundary features the figures were copied onto (``None``
    for any other problem)."""
    if joined is None or found.column not in joined["columns"]:
        return None
    by_feature = dict(zip(numbers.tolist(), joined["rows"].tolist(), strict=True))
    rows = sorted({int(by_feature[r]) for r in found.rows if r in by_feature and pd.notna(by_feature[r])})
    if not rows:  # only a county the table has no row of (its townships added up): said on the boundary file
        return None
    return _in_user_headers(replace(found, source=joined["table"], rows=tuple(rows)), joined["headers"])


def _in_user_headers(found: Problem, headers: dict[str, str]) -> Problem:
    """Return the problem naming its column as the user's file does (``托位数 (slots)``)."""
    if found.column not in headers:
        return found
    return replace(found, column=f"{headers[found.column]} ({found.column})")


#: degrees, minutes, seconds as surveyors and old lists write them: 117°32′1.78″, 117度32分1.78秒,
#: 24°23'31.7"N, 东经117°32′, 117:32:01.78 (a degree mark or colon is required: 117.53 stays a decimal)
_DMS = re.compile(
    r"^\s*(?P<pre>东经|西经|南纬|北纬|[NSEW东西南北])?\s*(?P<d>\d{1,3}(?:\.\d+)?)\s*(?:°|度|:)\s*"
    r"(?:(?P<m>\d{1,2}(?:\.\d+)?)\s*(?:′|'|分|:)?\s*)?"
    r"(?:(?P<s>\d{1,2}(?:\.\d+)?)\s*(?:″|\"|''|秒)?\s*)?(?P<post>东经|西经|南纬|北纬|[NSEW东西南北])?\s*$"
)


#: decimal degrees with a hemisphere letter: E117.533827, 24.392134N, 北纬24.39 (no degree mark)
_HEMISPHERE_DECIMAL = re.compile(
    r"^\s*(?P<pre>[NSEW]|东经|西经|南纬|北纬)?\s*(?P<d>\d{1,3}\.\d+)\s*(?P<post>[NSEW])?\s*$"
)


#: hemispheres whose coordinates are negative
_SOUTH_OR_WEST = frozenset({"S", "W", "南", "西", "南纬", "西经"})


def _written_degrees(cell) -> float:
    """Return one cell written in degrees, minutes and seconds, or as a decimal with a hemisphere
    letter, as decimal degrees (NaN for any other cell; minutes and seconds under 60)."""
    if not isinstance(cell, str):
        return float("nan")
    match = _DMS.match(cell)
    if match:
        minutes, seconds = float(match["m"] or 0), float(match["s"] or 0)
        if minutes >= 60 or seconds >= 60 or ("." in match["d"] and (match["m"] or match["s"])):
            return float("nan")
        degrees = float(match["d"]) + minutes / 60 + seconds / 3600
    else:
        match = _HEMISPHERE_DECIMAL.match(cell)
        if not match or not (match["pre"] or match["post"]):  # a bare decimal is read as a number
            return float("nan")
        degrees = float(match["d"])
    return -degrees if (match["pre"] or match["post"] or "") in _SOUTH_OR_WEST else degrees


def _dms_degrees(raw: pd.Series, numbers: pd.Series | None = None) -> tuple[pd.Series, np.ndarray]:
    """Return a coordinate column's cells written in degrees, minutes and seconds or with a
    hemisphere letter as decimal degrees (NaN elsewhere), and where a cell was so written; given
    the column read as plain ``numbers``, only the cells that did not read are looked at (a million
    decimals cost nothing)."""
    values = np.full(len(raw), np.nan)
    plain = np.zeros(len(raw), dtype=bool) if numbers is None else np.isfinite(numbers.to_numpy(dtype=float))
    written = np.flatnonzero(~plain & raw.notna().to_numpy())
    values[written] = [_written_degrees(cell) for cell in raw.iloc[written]]
    return pd.Series(values, index=raw.index), np.isfinite(values)


def _other_coordinate_pair(frame: pd.DataFrame, x_col, y_col, source: str) -> list[Notice]:
    """Return a notice when a second pair of coordinate columns stands beside the one read (经度/纬度
    and X/Y, often one in degrees and one projected, or one from Amap): which is read is said."""
    rest = frame.drop(columns=[x_col, y_col])
    other_x, other_y = _find_column(rest, None, X_ALIASES), _find_column(rest, None, Y_ALIASES)
    if other_x is None or other_y is None:
        return []
    return [Notice.said("coordinates_second_pair", source, read=f"{x_col}/{y_col}", other=f"{other_x}/{other_y}",
                        x=str(other_x), y=str(other_y))]  # fmt: skip


def _points_from_table(
    frame: pd.DataFrame, *, x: str | None, y: str | None, source: str, first_row: int = 2, label: str | None = None
) -> tuple[gpd.GeoSeries | None, list[Problem], list[Notice]]:
    """Return point geometries built from coordinate columns, the problems found, and a notice
    when coordinates were written in degrees, minutes and seconds (read as decimal degrees).
    ``label``: the column problems name (default ``x/y``)."""
    x_col = _find_column(frame, x, X_ALIASES) or (None if x else _marked_column(frame, "x"))
    y_col = _find_column(frame, y, Y_ALIASES) or (None if y else _marked_column(frame, "y"))
    pair = _find_column(frame, None, XY_ALIASES) if x_col is None and y_col is None and not (x or y) else None
    if pair is not None:  # 117.533827,24.392134 in one cell: split as written (lng,lat), then checked
        return _points_from_pairs(frame, pair, source=source, first_row=first_row)
    address = _find_column(frame, None, ADDRESS_HEADERS)
    if x_col is None and y_col is None and not (x or y) and address is not None:  # a list of addresses only
        return None, [problem(source, "coordinates_address_only", column=str(address))], []
    problems = []
    for axis, col, given in (("x (longitude)", x_col, x), ("y (latitude)", y_col, y)):
        if col is None:
            problems.append(
                problem(source, "coordinate_column_named_missing", axis=axis, given=given)
                if given
                else problem(source, "coordinate_column_missing", axis=axis,
                             columns=", ".join(map(str, frame.columns[:20])))  # fmt: skip
            )
    if problems:
        return None, problems, []
    xs, ys = to_number(frame[x_col]), to_number(frame[y_col])
    notices = [] if (x or y) else _other_coordinate_pair(frame, x_col, y_col, source)
    (dms_x, in_dms_x), (dms_y, in_dms_y) = _dms_degrees(frame[x_col], xs), _dms_degrees(frame[y_col], ys)
    if in_dms_x.any() or in_dms_y.any():
        xs, ys = xs.where(~in_dms_x, dms_x), ys.where(~in_dms_y, dms_y)
        first = int(np.flatnonzero(in_dms_x | in_dms_y)[0])
        notices.append(
            Notice.said(
                "coordinates_dms", source, n=int((in_dms_x | in_dms_y).sum()), x=str(frame[x_col].iloc[first]),
                y=str(frame[y_col].iloc[first]), lon=float(xs.iloc[first]), lat=float(ys.iloc[first]),
            )  # fmt: skip
        )
    unplaced = ~(np.isfinite(xs.to_numpy()) & np.isfinite(ys.to_numpy()))
    totals = unplaced.copy()  # a 合计 row under the list: its figures would count twice
    if unplaced.any():
        totals[unplaced] = total_rows(frame[unplaced])
    zero = ((xs == 0) | (ys == 0)).to_numpy()  # a blank a system filled with 0: no place in China is on 0°
    column = label or f"{x_col}/{y_col}"
    if zero.any():
        problems.append(problem(source, "coordinates_zero", column=column, rows=_rows_of(frame, zero, first_row)))
    bad = np.flatnonzero(unplaced & ~totals)
    if len(bad):
        problems.append(problem(source, "coordinates_not_numbers", column=column, rows=_rows_of(frame, bad, first_row)))
    points = gpd.GeoSeries(shapely.points(xs.to_numpy(), ys.to_numpy()), index=frame.index)
    points.attrs["axes"] = (str(x_col), str(y_col))
    points.attrs["total_rows"] = totals  # 合计, 东县小计 without coordinates: passed over by the caller, said
    return points, problems, notices


def _total_rows_passed_over(
    frame: pd.DataFrame, geoms: gpd.GeoSeries, kind: str, source: str, first_row: int
) -> tuple[pd.DataFrame, gpd.GeoSeries, list[Notice]]:
    """Return a point table without its total rows (a 合计 under the list, a 小计 per township:
    no coordinates, the sum of rows, not a place) and the notice naming them; a lone total whose
    figure is not the sum of the rows is said as a question (rows missing, or typed twice?)."""
    totals = np.asarray(geoms.attrs.pop("total_rows", np.zeros(len(frame), bool)), dtype=bool)  # attrs are copied
    if not totals.any():
        return frame, geoms, []
    labels = [next((" ".join(str(v).split()) for v in frame.iloc[k] if isinstance(v, str) and total_rows(
        pd.DataFrame({"c": [v]}, dtype=object))[0]), "") for k in np.flatnonzero(totals)]  # fmt: skip
    rows = _rows_of(frame, totals, first_row)
    listed = {"en": shown(f"{r} ({label})" for r, label in zip(rows, labels, strict=True)),
              "zh": shown((f"第{r}行（{label}）" for r, label in zip(rows, labels, strict=True)), sep="、")}  # fmt: skip
    counted = next((c for c in ("slots", "capacity", "population") if c in LAYER_SPECS[kind].known_columns), None)
    column = _find_column(frame, None, _aliases(kind, counted)) if counted else None
    figures = to_number(frame[column]) if column is not None else None
    if figures is not None and totals.sum() == 1 and np.isfinite(given := float(figures[totals].iloc[0])):
        added = float(figures[~totals].sum())
        if abs(given - added) > 0.5:
            notice = Notice.said("total_rows_passed_over_differ", source, rows=listed, column=str(column),
                                 given=given, added=added)  # fmt: skip
            return frame[~totals], _kept_points(geoms, ~totals), [notice]
    notice = Notice.said("total_rows_passed_over", source, rows=listed)
    return frame[~totals], _kept_points(geoms, ~totals), [notice]


def _kept_points(geoms: gpd.GeoSeries, keep: np.ndarray) -> gpd.GeoSeries:
    """Return the points at ``keep``, their attributes (the columns read) kept."""
    kept = geoms[keep]
    kept.attrs = dict(geoms.attrs)
    return kept


def _rows_of(frame: pd.DataFrame, where: np.ndarray, first_row: int) -> tuple[int, ...]:
    """Return the row numbers, as the user's file numbers them, of ``frame``'s rows at ``where``
    (a mask or positions)."""
    return tuple(int(r) + first_row for r in frame.index[where])


#: headers of an address column (a list with addresses and no coordinates cannot be placed offline)
ADDRESS_HEADERS = ("地址", "详细地址", "机构地址", "地点", "位置", "address")


#: words that mark a header as longitude (x) or latitude (y) when no alias matches it whole:
#: 经度(°), GPS经度, 东经, 经度坐标, longitude_wgs84
_AXIS_MARKS = {"x": ("经度", "东经", "longitude"), "y": ("纬度", "北纬", "latitude")}


#: … or a part of it between underscores, spaces or dots: lng_bd09, lat_gcj02, wgs84.lon
_AXIS_TOKENS = {"x": frozenset({"lng", "lon", "long"}), "y": frozenset({"lat"})}


def _marks_axis(header: str, axis: str) -> bool:
    """Return whether ``header`` holds a word of ``axis`` (经度, longitude) or is made of parts one of
    which is its short name (lng_bd09)."""
    folded = normalise_key(header)
    parts = set(re.split(r"[\W_]+", header.strip().lower()))
    return any(m in folded for m in _AXIS_MARKS[axis]) or bool(_AXIS_TOKENS[axis] & parts)


def _marked_column(frame: pd.DataFrame, axis: str) -> str | None:
    """Return the one column whose header holds a word of ``axis`` (经度 …) and none of the other's."""
    other = "y" if axis == "x" else "x"
    marked = [
        c for c in frame.columns
        if "经纬" not in str(c)  # 经纬度: both in one column
        and _marks_axis(str(c), axis) and not _marks_axis(str(c), other)
    ]  # fmt: skip
    return marked[0] if len(marked) == 1 else None


def _points_from_pairs(
    frame: pd.DataFrame, column: str, *, source: str, first_row: int
) -> tuple[gpd.GeoSeries, list[Problem], list[Notice]]:
    """Return points from one column of "longitude,latitude" cells (a comma, full-width comma,
    semicolon, slash or space between; in brackets, or as WKT ``POINT (117.53 24.39)`` as GIS
    tools export it; each labelled, 经度:117.53,纬度:24.39), its problems, and the notice that says so."""
    cells = frame[column].astype("string").str.strip().str.replace(_PAIR_WRAPPING, "", regex=True)
    cells = cells.str.replace(_PAIR_LABELS, "", regex=True)  # 经度:117.53,纬度:24.39 (the order is read from the values)
    parts = cells.str.split(r"\s*[,，;；/、\s]\s*", regex=True, n=2)  # a third, WKT's Z, is a height
    pairs = pd.DataFrame({"x": parts.str[0], "y": parts.str[1]}, index=frame.index)
    latitude_first = _latitude_first(to_number(pairs["x"]), to_number(pairs["y"]))
    if latitude_first:  # 24.55,117.62: in China the two can be told apart, so the order is read, not guessed
        pairs = pairs.rename(columns={"x": "y", "y": "x"})
    geoms, problems, notices = _points_from_table(
        pairs, x="x", y="y", source=source, first_row=first_row, label=column
    )
    if geoms is not None:
        geoms.attrs["axes"] = (str(column), str(column))
    first = frame[column].dropna()
    example = str(first.iloc[0]) if len(first) else ""
    said = (Notice.said("coordinates_one_column_latitude_first", source, column=column, example=example)
            if latitude_first else Notice.said("coordinates_one_column", source, column=column, example=example))  # fmt: skip
    return geoms, problems, [said, *notices]


#: labels before each coordinate of a pair in one cell: 经度:117.53,纬度:24.39, lng=117.53;lat=24.39
_PAIR_LABELS = r"(?i)(?:经度|纬度|lng|lon|lat|longitude|latitude|x|y)\s*[:：=]\s*"
#: what wraps a pair of coordinates in one cell: brackets, or WKT's POINT (an optional Z or M)
_PAIR_WRAPPING = r"^(?i:point\s*(?:z|m|zm)?)?\s*[(（\[]\s*|\s*[)）\]]\s*$"


def _latitude_first(first: pd.Series, second: pd.Series) -> bool:
    """Return whether every pair of one coordinate column reads latitude, longitude in China
    (first 3–54°, second 73–136°, never the other way round: the two ranges do not overlap)."""
    both = np.isfinite(first.to_numpy(dtype=float)) & np.isfinite(second.to_numpy(dtype=float))
    if not both.any():
        return False
    a, b = first.to_numpy(dtype=float)[both], second.to_numpy(dtype=float)[both]
    return bool(((a >= 3) & (a <= 54) & (b >= 73) & (b <= 136)).all())


def _zone_prefixed_epsg(easting: float) -> tuple[int, int] | None:
    """Return ``(zone, EPSG code)`` of the CGCS2000 Gauss-Krüger zone whose eastings carry the
    zone number in front (39 500 000 m: 3-degree zone 39, EPSG:4527), or ``None``."""
    zone = int(easting // 1_000_000)
    if not _GK_EASTINGS[0] <= easting % 1_000_000 <= _GK_EASTINGS[1]:  # 13 080 000: web-map metres, no zone
        return None
    if 25 <= zone <= 45:
        return zone, 4513 + zone - 25  # 3-degree zones 25–45: EPSG:4513–4533
    if 13 <= zone <= 23:
        return zone, 4491 + zone - 13  # 6-degree zones 13–23: EPSG:4491–4501
    return None


#: eastings a Gauss-Krüger zone gives after its prefix (500 km ± a 6-degree zone's half width in China)
_GK_EASTINGS = (150_000.0, 850_000.0)
#: Web Mercator metres (EPSG:3857, web maps) of China's extent: x from 73°E to 136°E, y from 3°N to 54°N
_MERCATOR_CHINA = ((8_126_000.0, 15_140_000.0), (334_000.0, 7_170_000.0))


def _web_mercator_in_china(minx: float, maxx: float, miny: float, maxy: float) -> bool:
    """Return whether coordinates read as Web Mercator metres fall within China's extent."""
    (x0, x1), (y0, y1) = _MERCATOR_CHINA
    return x0 <= minx and maxx <= x1 and y0 <= miny and maxy <= y1


def _declared_lands_in_china(crs: CRS, minx: float, maxx: float, miny: float, maxy: float) -> bool:
    """Return whether a projected system's corners of the coordinates fall in China (73–136°E, 3–54°N):
    then the declaration stands whatever the eastings look like."""
    from pyproj import Transformer

    if not crs.is_projected:
        return False
    lon, lat = Transformer.from_crs(crs, 4326, always_xy=True).transform([minx, maxx], [miny, maxy])
    return bool(np.all(np.isfinite(lon)) and np.all((73 <= np.asarray(lon)) & (np.asarray(lon) <= 136))
                and np.all((3 <= np.asarray(lat)) & (np.asarray(lat) <= 54)))  # fmt: skip


#: northings of China in metres (18°N to 54°N): a projected "x" there with an easting beside it is
#: the surveyors' X (north), Y (east)
_NORTHINGS = (1_900_000.0, 6_100_000.0)


def _looks_like_eastings(values: np.ndarray) -> bool:
    rest = values % 1_000_000
    prefix = values // 1_000_000
    zone_ok = (prefix == 0) | ((prefix >= 13) & (prefix <= 23)) | ((prefix >= 25) & (prefix <= 45))
    return bool(np.all(zone_ok & (rest >= _GK_EASTINGS[0]) & (rest <= _GK_EASTINGS[1])))


def _surveying_axes_problems(geoms: gpd.GeoSeries, crs: CRS, source: str) -> list[Problem]:
    """Return a problem when a projected table's x column holds northings and its y column eastings
    (Chinese surveying names the north axis X): read as they are, every point would lie far away."""
    axes = geoms.attrs.get("axes")
    if axes is None or not crs.is_projected:
        return []
    present = geoms[~(geoms.isna() | geoms.is_empty)]
    xs, ys = shapely.get_x(present.to_numpy()), shapely.get_y(present.to_numpy())
    ok = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[ok], ys[ok]
    if not len(xs) or not (np.all((xs >= _NORTHINGS[0]) & (xs <= _NORTHINGS[1])) and _looks_like_eastings(ys)):
        return []
    if _looks_like_eastings(xs) and np.all((ys >= _NORTHINGS[0]) & (ys <= _NORTHINGS[1])):
        return []  # both readings fit: leave it to the later checks
    x_col, y_col = axes
    return [problem(source, "crs_surveying_axes", x=x_col, y=y_col, minx=float(xs.min()), miny=float(ys.min()))]


def _false_easting(crs: CRS) -> float:
    """Return a projected CRS's false easting in metres (0 when it has none)."""
    operation = crs.coordinate_operation
    params = {p.name: p.value for p in operation.params} if operation is not None else {}
    return float(params.get("False easting", 0.0))


def _zone_problem(crs: CRS, minx: float, maxx: float, source: str) -> list[Problem]:
    """Return a problem when eastings carry a zone prefix the declared system does not expect."""
    low, high = _zone_prefixed_epsg(minx), _zone_prefixed_epsg(maxx)
    if low is None or low != high or (crs.is_projected and _false_easting(crs) >= 1_000_000):
        return []
    zone, epsg = low
    return [problem(source, "crs_zone_prefix", zone=zone, minx=minx, maxx=maxx, crs=crs.name, epsg=epsg)]


def _coordinate_problems(geoms: gpd.GeoSeries, crs: CRS, source: str, *, first_row: int = 2) -> list[Problem]:
    """Return problems when coordinates do not fit the declared CRS (degrees vs metres, swapped,
    Gauss-Krüger zone prefix)."""
    present = geoms[~(geoms.isna() | geoms.is_empty)]
    present = present[
        np.isfinite(present.bounds.to_numpy()).all(axis=1)
    ]  # missing coordinates: said elsewhere
    if present.empty:
        return []
    bounds = present.bounds
    minx, miny, maxx, maxy = bounds["minx"], bounds["miny"], bounds["maxx"], bounds["maxy"]
    fits_degrees = (minx >= -180) & (maxx <= 180) & (miny >= -90) & (maxy <= 90)
    corners = (float(minx.min()), float(maxx.max()), float(miny.min()), float(maxy.max()))
    if _declared_lands_in_china(crs, *corners):
        return []
    zone = _zone_problem(crs, corners[0], corners[1], source)
    if zone:
        return zone
    if crs.is_geographic and not fits_degrees.any() and _web_mercator_in_china(*corners):
        return [problem(source, "crs_web_mercator", crs=crs.name, minx=corners[0], maxx=corners[1],
                        miny=corners[2], maxy=corners[3])]  # fmt: skip
    if crs.is_geographic and not fits_degrees.all():
        swapped = ~fits_degrees & (miny >= -180) & (maxy <= 180) & (minx >= -90) & (maxx <= 90)
        rows = tuple(int(r) + first_row for r in present.index[~fits_degrees.to_numpy()])  # index: the file's positions
        if swapped[~fits_degrees].all():
            if "axes" not in geoms.attrs:  # a GIS file's geometries: no columns to swap
                return [problem(source, "crs_swapped_in_file", rows=rows)]
            if len(rows) < len(present):  # the others read right: these rows' two values were typed the wrong way
                return [problem(source, "crs_swapped_in_rows", rows=rows)]
            return [problem(source, "crs_swapped", rows=rows)]
        return [
            problem(
                source,
                "crs_not_degrees",
                rows=rows,
                crs=crs.name,
                minx=minx.min(),
                maxx=maxx.max(),
                miny=miny.min(),
                maxy=maxy.max(),
            )
        ]
    if crs.is_projected and fits_degrees.all():
        return [problem(source, "crs_looks_degrees", crs=crs.name)]
    return []


#: China's older national datums: no official shift to WGS84/CGCS2000 ships with PROJ (a ballpark
#: offset is used), so positions may be tens of metres off
_OLD_DATUMS = ("Xian 1980", "Beijing 1954", "New Beijing")


def _old_datum_notices(crs: CRS | None, source: object) -> list[Notice]:
    """Return a notice when a layer is in Xian 1980 or Beijing 1954 (converted approximately)."""
    datum = crs.datum.name if crs is not None and crs.datum is not None else ""
    if not any(old in datum for old in _OLD_DATUMS):
        return []
    return [Notice.said("crs_old_datum", source, crs=crs.name)]


def _coarse_point_notices(geoms: gpd.GeoSeries | None, crs: CRS | None, source: str, first_row: int) -> list[Notice]:
    """Return a notice when points are given to two decimals of a degree or fewer (117.62, 24.55):
    up to some 700 m from where they are; a spreadsheet saved as CSV keeps only the decimals it shows."""
    if geoms is None or crs is None or not crs.is_geographic:
        return []
    values = geoms.to_numpy()
    points = shapely.get_type_id(values) == 0
    if not points.any():
        return []
    xs, ys = shapely.get_x(values[points]), shapely.get_y(values[points])
    coarse = np.zeros(len(values), bool)
    coarse[points] = (np.abs(xs * 100 - np.round(xs * 100)) < 1e-6) & (np.abs(ys * 100 - np.round(ys * 100)) < 1e-6)
    if not coarse.any():
        return []
    first = int(np.flatnonzero(coarse)[0])
    return [Notice.said("coordinates_coarse", source, n=int(coarse.sum()), total=int(points.sum()),
                        rows=shown(geoms.index[coarse] + first_row, 5),
                        x=f"{shapely.get_x(values[first]):g}", y=f"{shapely.get_y(values[first]):g}")]  # fmt: skip


def _resolve_crs(
    declared: object, file_crs: CRS | None, source: str
) -> tuple[CRS | None, str | None, list[Problem]]:
    """Return the layer CRS, the obfuscated system to convert from, and problems."""
    if declared is not None and declared != "":
        try:
            crs, obfuscated = resolve_coordinate_system(declared)  # type: ignore[arg-type]
        except CRSError as exc:
            return None, None, [problem(source, "crs_invalid", reason=exc)]
        return crs, obfuscated, []
    if file_crs is None:
        return (
            None,
            None,
            [problem(source, "crs_missing")],
        )
    return CRS.from_user_input(file_crs), None, []


def read_layer(
    path: str | Path | Sequence[str | Path],
    kind: str,
    *,
    crs: str | int | CRS | None = None,
    columns: Mapping[str, str] | None = None,
    x: str | None = None,
    y: str | None = None,
    encoding: str | None = None,
    layer: str | None = None,
    sheet: str | int | None = None,
    join: str | Path | None = None,
    every_row: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """Read one input layer and return it with canonical columns, validated.

    Parameters
    ----------
    path
        GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML/KMZ, ArcGIS .gdb folder, MapInfo, CSV or XLSX
        file; or a list of them, read as one layer (one file per county; county and township
        boundaries apart), each read and checked as itself, with a ``source_file`` column.
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
        Sheet of an Excel workbook, by name or by number counted from 1 as the tabs are (``1``: the
        first; ``0``, which can only mean the first, reads it too); ``"*"``: every visible sheet with the first data sheet's columns
        (one sheet per county), read as one list with a ``source_sheet`` column. Not named, the
        first data sheet is read, and other sheets with its columns and rows are refused (their
        rows would be left out).
    join
        Areas only: a table (CSV/XLSX) of the areas' figures by code (常住人口, 3岁以下人口, 级别 …)
        joined to the boundaries; its columns replace the boundary file's own (said).
    every_row
        A value for every row of a column the file does not have, by canonical name (one of
        :data:`EVERY_ROW_KEYS`): ``{"kind": "托育机构"}`` for a list of childcare centres only (said).

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
    if not isinstance(path, str | Path):
        return _layer_of_files([Path(p) for p in path], kind, crs=crs, columns=columns, x=x, y=y,
                               encoding=encoding, layer=layer, sheet=sheet, join=join, every_row=every_row)  # fmt: skip
    path = Path(path)
    if not path.exists() and not path.is_symlink():  # a link loop or broken link is said by the reader
        raise ValidationError([missing_file_problem(path)])
    options = {"crs": crs, "columns": columns, "x": x, "y": y, "encoding": encoding, "layer": layer, "join": join,
               "every_row": every_row}  # fmt: skip
    if path.is_dir() and path.suffix.lower() != ".gdb":  # a folder of files: one per county
        inside = data_files_in(path)
        if not inside:
            raise ValidationError([problem(str(path), "folder_no_data", files=shown(p.name for p in sorted(path.iterdir())) or "—")])
        return read_layer(inside[0] if len(inside) == 1 else inside, kind, sheet=sheet, **options)
    if path.suffix.lower() == ".zip":
        return _layer_in_zip(path, kind, sheet=sheet, **options)
    if sheet == ALL_SHEETS and path.suffix.lower() in EXCEL_SUFFIXES:
        return _layer_of_sheets(path, kind, **options)
    return _read_layer(path, kind, source=LayerSource(path.name, kind), sheet=sheet, **options)


def _layer_in_zip(path: Path, kind: str, *, sheet: str | int | None, layer: str | None, **options: Any) -> gpd.GeoDataFrame:
    """Return the layer in a zip archive (a shapefile as the bureau sends it: 乡镇.zip holding 乡镇.shp,
    .dbf, .prj …), unpacked into a temporary folder and read as that file (its encoding found, its
    problems named as the zip's). Several layers inside: ``layer`` names one (by its file name)."""
    import shutil
    import tempfile

    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ValidationError([problem(str(path), "zip_unreadable")]) from None
    folder = Path(tempfile.mkdtemp(prefix="carefac-zip-"))
    try:
        with archive:
            for member in archive.infolist():
                target = (folder / member.filename).resolve()
                if folder.resolve() in target.parents and not member.is_dir():  # never outside the folder
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(member))
        inside = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (VECTOR_SUFFIXES | TABLE_SUFFIXES) - {".gdb", *DOCUMENT_SUFFIXES}
                        and not p.name.startswith(("._", "~$")))  # fmt: skip
        inside += sorted(p for p in folder.rglob("*.gdb") if p.is_dir())
        names = [p.relative_to(folder).as_posix() for p in inside]
        if layer is not None and not any(p.stem == layer or n == layer for p, n in zip(inside, names, strict=True)):
            chosen = [p for p in inside if p.suffix.lower() in MULTI_LAYER_SUFFIXES]  # a layer inside one file
        else:
            chosen = [p for p, n in zip(inside, names, strict=True) if layer is None or p.stem == layer or n == layer]
        if not chosen:
            raise ValidationError([problem(str(path), "zip_no_layer", files=shown(n for n in archive.namelist()))])
        if len(chosen) > 1:
            raise ValidationError([problem(str(path), "zip_several_layers", names=shown(p.stem for p in chosen), first=chosen[0].stem)])
        found = chosen[0]
        inner_layer = layer if found.suffix.lower() in MULTI_LAYER_SUFFIXES else None
        source = LayerSource(f"{path.name}/{found.relative_to(folder).as_posix()}", kind)
        return _read_layer(found, kind, source=source, sheet=sheet, layer=inner_layer, **options)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


#: ``sheet = "*"``: every visible sheet with the columns of the first (one sheet per county), as one list
ALL_SHEETS = "*"


def alike_sheets(path: Path) -> list[str]:
    """Return the sheets of a workbook read together by ``sheet = "*"``: the first data sheet and
    every visible sheet with its columns (one sheet per county)."""
    head = _sniff(path)
    engine, sheets = _excel_sheets(path, head)
    if engine is None:
        raise ValidationError([problem(str(path), "workbook_not_excel")])
    hidden, _ = _xlsx_layout(path, engine)
    first = read_table(path, sheet=sheets[_data_sheet(sheets, hidden)]) if sheets else pd.DataFrame()
    return [str(first.attrs.get("sheet"))] + _alike_sheets(path, engine, first, [s for s in sheets if s not in hidden])


def _layer_of_sheets(path: Path, kind: str, **options: Any) -> gpd.GeoDataFrame:
    """Return the layer read from every sheet of a workbook that has the first data sheet's columns
    (one sheet per county), each sheet read and checked as itself (its problems name it), then put
    together: ``source_sheet`` names each row's sheet, ids must be unique across the sheets."""
    names = alike_sheets(path)
    parts, problems = [], []
    for name in names:
        try:
            parts.append(_read_layer(path, kind, source=LayerSource(path.name, kind, sheet=name), sheet=name, **options))
        except ValidationError as exc:
            problems += exc.problems
    raise_if_any(problems)
    layer = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry=parts[0].geometry.name, crs=parts[0].crs)
    layer.insert(1, "source_sheet", np.repeat(names, [len(part) for part in parts]))
    source = LayerSource(path.name, kind)
    spec = LAYER_SPECS[kind]
    ids_made = bool(parts[0].attrs.get("ids_made"))  # a 汇总 sheet among the counties', a row on two sheets
    raise_if_any(sheets_repeating_others(layer, spec.id_column, source, ids_made=ids_made))
    if ids_made:  # ids made per sheet (F1 …): made again for the whole list
        layer[spec.id_column] = [f"{kind[0].upper()}{k + 1}" for k in range(len(layer))]
    raise_if_any(_ids_repeated(layer, spec.id_column, source))
    counts = shown((f"{name} ({len(part)})" for name, part in zip(names, parts, strict=True)), most=12)
    said = Notice.said("sheets_read_together", source, n=len(names), sheets=counts, total=len(layer))
    copies = [] if ids_made else sheet_copy_notices(layer, spec.id_column, source)
    layer.attrs = {**parts[0].attrs, "sheets_read": names,
                   "notices": [said, *copies, *(n for part in parts for n in part.attrs.get("notices", []))]}  # fmt: skip
    return layer


def _ids_repeated(layer: gpd.GeoDataFrame, id_column: str, source: LayerSource) -> list[Problem]:
    """Return the problem of ids repeated across the sheets or files a layer was read from."""
    repeated = layer[id_column].duplicated(keep=False).to_numpy() & layer[id_column].notna().to_numpy()
    if not repeated.any():
        return []
    values = ", ".join(sorted(set(layer.loc[repeated, id_column].astype(str)))[:5])
    return [problem(source, "ids_repeated", column=id_column, rows=tuple(row_labels(layer)[repeated]), values=values)]


def data_files_in(folder: Path) -> list[Path]:
    """Return the files of a folder carefac reads as a layer (a shapefile by its .shp; Excel's and
    the system's own temporary and hidden files left out; Word documents too, a folder's 说明.docx
    being its notes: a document's table is read when named), sorted by name."""
    read = VECTOR_SUFFIXES | (TABLE_SUFFIXES - DOCUMENT_SUFFIXES) | {".zip"}
    return sorted(p for p in folder.iterdir()
                  if (p.suffix.lower() in read and (p.is_file() or p.suffix.lower() == ".gdb"))
                  and not p.name.startswith(("~$", ".", "._")))  # fmt: skip


def _layer_of_files(paths: list[Path], kind: str, **options: Any) -> gpd.GeoDataFrame:
    """Return one layer read from several files (one per county; county and township boundaries
    apart): each read and checked as itself (its problems name it), in the first file's coordinate
    system, then put together with ``source_file`` naming each row's file; ids must be unique
    across the files, and a row repeating another file's is refused as within one file."""
    twice = sorted({p.name for p in paths if sum(q.resolve() == p.resolve() for q in paths) > 1})
    if twice:
        raise ValidationError([problem(LayerSource(" + ".join(p.name for p in paths), kind), "layer_file_twice",
                                       files=quoted(twice))])  # fmt: skip
    parts, problems = [], []
    for path in paths:
        try:
            parts.append(read_layer(path, kind, **options))
        except ValidationError as exc:
            problems += exc.problems
    raise_if_any(problems)
    names = [p.name for p in paths]
    crs = parts[0].crs
    parts = [part if part.crs == crs else part.to_crs(crs) for part in parts]
    kept = [part.attrs for part in parts]
    for part in parts:
        part.attrs = {}  # pandas compares the parts' attrs (arrays among them) when it joins them
    layer = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry=parts[0].geometry.name, crs=crs)
    for part, attrs in zip(parts, kept, strict=True):
        part.attrs = attrs
    layer.insert(1, "source_file", np.repeat(names, [len(part) for part in parts]))
    source = LayerSource(" + ".join(names), kind)
    spec = LAYER_SPECS[kind]
    ids_made = all(part.attrs.get("ids_made") for part in parts)
    if ids_made:  # ids made per file (F1 …): made again for the whole list
        layer[spec.id_column] = [f"{kind[0].upper()}{k + 1}" for k in range(len(layer))]
    raise_if_any(files_repeating_others(layer, spec.id_column, source, ids_made=ids_made))
    ids = layer[spec.id_column]
    repeated = ids.duplicated(keep=False).to_numpy() & ids.notna().to_numpy()
    qualified = []
    if repeated.any() and kind != "areas":  # each county's file numbers its own (1, 2 …): named by file
        stems = np.array([Path(n).stem for n in names])[pd.factorize(layer["source_file"])[0]]
        qualified = [Notice.said("ids_qualified_by_file", source, n=int(repeated.sum()),
                                 example=f"{ids[repeated].iloc[0]} → {stems[repeated][0]}-{ids[repeated].iloc[0]}")]  # fmt: skip
        layer[spec.id_column] = np.where(repeated, [f"{s}-{i}" for s, i in zip(stems, ids, strict=True)], ids)
    raise_if_any(_ids_repeated(layer, spec.id_column, source))
    counts = shown((f"{name} ({len(part)})" for name, part in zip(names, parts, strict=True)), most=12)
    notices = [Notice.said("files_read_together", source, n=len(names), files=counts, total=len(layer), first=names[0]),
               *qualified]  # fmt: skip
    notices += [] if ids_made else sheet_copy_notices(layer, spec.id_column, source, part="source_file")
    notices += _join_notices_of_files(parts)
    layer.attrs = {**parts[0].attrs, "files_read": names, "notices": notices}
    return layer


def _join_notices_of_files(parts: list[gpd.GeoDataFrame]) -> list[Notice]:
    """Return the notices of the files, the joined table's rows matching no area said once, for
    the rows no file's areas matched (each file matches only its own)."""
    notices = [n for part in parts for n in part.attrs.get("notices", []) if n.code != "join_rows_unused"]
    unused = [part.attrs.get("join_unused") for part in parts]
    if any(u is None for u in unused):
        return notices + [n for part in parts for n in part.attrs.get("notices", []) if n.code == "join_rows_unused"]
    table, rows = unused[0]["table"], set(unused[0]["rows"])
    for other in unused[1:]:
        rows &= set(other["rows"])
    if rows:
        ordered = sorted(rows)
        listed = ", ".join(unused[0]["rows"][r] for r in ordered[:8])
        notices.append(Notice.said("join_rows_unused", table, n=len(ordered), codes=listed,
                                   rows=", ".join(str(r) for r in ordered[:8])))  # fmt: skip
    return notices


def _read_layer(
    path: Path,
    kind: str,
    *,
    source: LayerSource,
    crs: str | int | CRS | None,
    columns: Mapping[str, str] | None,
    x: str | None,
    y: str | None,
    encoding: str | None,
    layer: str | None,
    sheet: str | int | None,
    join: str | Path | None,
    every_row: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """Return one layer of one file (one sheet of a workbook) read, checked and named as ``source``."""
    suffix = path.suffix.lower()
    problems: list[Problem] = []
    file_crs = None
    passed_over: list[Notice] = []
    coordinate_notices: list[Notice] = []
    if suffix in VECTOR_SUFFIXES:
        if not path.is_dir():  # a .gdb is a folder
            _sniff(path)
        if suffix in MULTI_LAYER_SUFFIXES and not layer:
            _require_single_layer(path)
        try:
            frame = _read_vector(path, encoding=encoding, layer=layer)
        except ValidationError:
            raise
        except Exception as exc:  # pyogrio/GDAL errors come in many types
            raise ValidationError([problem(str(path), "vector_unreadable", reason=exc)]) from exc
        file_crs = frame.crs
        if suffix == ".shp":
            if frame.attrs.get("cpg_overridden"):
                said, read_as = frame.attrs["cpg_overridden"]
                passed_over.append(Notice.said("shapefile_cpg_wrong", source, cpg=said, encoding=read_as))
            frame, cut_notices = _cut_names_completed(frame, kind, source)
            passed_over += cut_notices
        if suffix in {".kml", ".kmz"}:
            frame, kml_notices = _kml_attributes(frame, source)
            passed_over += kml_notices
        if suffix in {".geojson", ".json"} and crs is None:
            problems += _web_map_geojson_problems(frame, source)
        if suffix in {".geojson", ".json"} and crs is None and file_crs is None:
            file_crs = CRS.from_epsg(4326)  # RFC 7946: GeoJSON is WGS84
        geoms = frame.geometry
        frame = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        first_row = 1  # features are numbered from 1, as QGIS's attribute table shows them
    elif suffix in TABLE_SUFFIXES and LAYER_SPECS[kind].geometry == "polygon":
        raise ValidationError([problem(source, "layer_needs_boundaries", suffix=suffix, name=path.name)])
    elif suffix in TABLE_SUFFIXES:
        frame = _table_of_layer(path, source, sheet=sheet, encoding=encoding)
        first_row = first_data_row(frame)  # 2 under a one-row header, as Excel and WPS number it
        passed_over = passed_over_notices(frame.attrs, source)
        if len(frame.columns) == 1 and len(frame) and suffix not in EXCEL_SUFFIXES | DOCUMENT_SUFFIXES:  # 编号 名称 类型 … in one cell
            raise ValidationError([problem(source, "table_one_column", header=str(frame.columns[0])[:60])])
        frame, notes = _blank_rows_and_notes_dropped(frame)
        if notes:
            listed = {"en": shown((f"row {r + first_row}: {text}" for r, text in notes), most=3, sep="; "),
                      "zh": shown((f"第{r + first_row}行：{text}" for r, text in notes), most=3, sep="；")}  # fmt: skip
            passed_over.append(Notice.said("table_notes_skipped", source, n=len(notes), notes=listed))
        frame, headings = _section_rows_dropped(frame)
        if headings:
            listed = shown(f"{r + first_row} ({text})" for r, text in headings)
            passed_over.append(Notice.said("section_rows_skipped", source, n=len(headings), rows=listed))
        frame, headers_again = _header_rows_dropped(frame)
        if headers_again:  # lists pasted one under another, each with its header
            passed_over.append(Notice.said("header_rows_skipped", source, rows=shown(r + first_row for r in headers_again)))
        geoms, table_problems, coordinate_notices = _points_from_table(
            frame, x=x, y=y, source=source, first_row=first_row
        )
        if geoms is not None:
            frame, geoms, total_notices = _total_rows_passed_over(frame, geoms, kind, source, first_row)
            passed_over += total_notices
        problems += table_problems
    else:
        raise ValidationError([_unsupported_file_problem(path)])

    if len(frame) == 0:  # a cover page read as the data: the workbook's sheets named (outlines without attributes have rows)
        raise ValidationError([problem(source, "layer_empty"), *_other_sheets_hint(frame, source)])
    sheets_hint = _other_sheets_hint(frame, source)
    frame, mapping_problems, scales, notices = _rename_to_canonical(frame, kind, columns or {}, source, first_row=first_row)
    notices = [*passed_over, *notices, *coordinate_notices]
    if every_row:
        frame, every_problems, every_notices = _every_row_filled(frame, kind, every_row, source)
        mapping_problems += every_problems
        notices += every_notices
    if join is not None:
        frame, scales, join_problems, join_notices = _joined_table(frame, scales, Path(join), kind, source, outlines=geoms)
        mapping_problems = [p for p in mapping_problems if p.code != "population_not_resident"] + join_problems
        notices += join_notices
    headers = dict(frame.attrs.get("headers", {}))
    joined = frame.attrs.get("joined_rows")
    problems += mapping_problems
    layer_crs, obfuscated, crs_problems = _resolve_crs(crs, file_crs, source)
    named = _system_named_by_headers(geoms.attrs.get("axes", ()) if geoms is not None else ())
    if named is not None and file_crs is None:
        crs_problems = _header_system_problems(named, layer_crs, obfuscated, source) or crs_problems
    problems += crs_problems
    if geoms is not None and layer_crs is not None:
        problems += _coordinate_problems(geoms, layer_crs, source, first_row=first_row)
        problems += _surveying_axes_problems(geoms, layer_crs, source)
    if problems:
        raise ValidationError(problems + sheets_hint)
    notices += _old_datum_notices(layer_crs, source) + _coarse_point_notices(geoms, layer_crs, source, first_row)

    values = np.asarray(geoms.to_numpy(), dtype=object)
    if obfuscated:
        present = ~pd.isna(values)
        values[present] = transform_geometries(values[present], source=obfuscated)
    numbers = frame.index.to_numpy() + first_row  # the file's rows, blank rows dropped or not
    frame = frame.reset_index(drop=True)
    frame.insert(0, "source_row", numbers)
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(values), crs=layer_crs)
    try:
        gdf = validate_layer(gdf, kind, source=source, scales=scales)
    except ValidationError as exc:
        missing = any(p.code.startswith("column_required") for p in exc.problems)
        named = [_in_joined_table(p, joined, numbers) or _in_user_headers(p, headers) for p in exc.problems]
        raise ValidationError(named + (sheets_hint if missing else [])) from None
    gdf.attrs["notices"] = [*notices, *gdf.attrs.get("notices", [])]
    if joined is not None:  # a table's rows no area matched (said again when several files share the table)
        gdf.attrs["join_unused"] = {"table": joined["table"], "rows": joined["unused"]}
    return gdf


def _every_row_filled(
    frame: pd.DataFrame, kind: str, every_row: Mapping[str, str], source: LayerSource
) -> tuple[pd.DataFrame, list[Problem], list[Notice]]:
    """Return the table with the config's value for every row of each column it lacks (``kind =
    "托育机构"``), the problems (a key the layer has no such column for, or a column the file has
    too: which is meant is not guessed) and a notice per column filled."""
    problems, notices = [], []
    for column, value in every_row.items():
        if column not in LAYER_SPECS[kind].known_columns:
            problems.append(problem(source, "every_row_not_column", key=column, kind=kind))
        elif column in frame:
            header = frame.attrs.get("headers", {}).get(column, column)
            problems.append(problem(source, "every_row_and_column", column=column, key=column, header=header,
                                    value=value, kind=kind))  # fmt: skip
        else:
            frame = frame.assign(**{column: value})
            notices.append(Notice.said("every_row_from_config", source, key=column, value=value, kind=kind, n=len(frame)))
    return frame, problems, notices


def _joined_table(
    frame: pd.DataFrame, scales: dict[str, float], path: Path, kind: str, source: LayerSource, *, outlines=None
) -> tuple[pd.DataFrame, dict[str, float], list[Problem], list[Notice]]:
    """Return the areas with the figures of the table at ``path`` joined by code (see
    :mod:`carefac._area_join`), the unit factors, problems and notices."""
    from ._area_join import joined_area_figures

    if kind != "areas":
        return frame, scales, [problem(source, "join_not_areas", kind=kind)], []
    if not path.exists():
        return frame, scales, [missing_file_problem(path)], []
    try:
        table = read_table(path)
    except ValidationError as exc:
        return frame, scales, list(exc.problems), []
    notices = passed_over_notices(table.attrs, path.name)
    raw = table
    table, problems, table_scales, table_notices = _rename_to_canonical(table, "areas", {}, path.name, first_row=first_data_row(table))
    table = table[[c for c in table.columns if c in LAYER_SPECS["areas"].known_columns]]
    table.attrs = {**table.attrs, "scales": table_scales}
    joined = joined_area_figures(frame, table, scales, source, path.name, as_read=raw, outlines=outlines)
    other = _code_column_of_every_area(raw, frame) if any(p.code == "join_no_row" for p in joined[2]) else None
    if other is not None:  # 区划代码 holds the census's old codes, adcode_2023 today's: joined by the one that fits
        again = joined_area_figures(frame, table.assign(area_id=raw[other].to_numpy()), scales, source, path.name,
                                    outlines=outlines)
        if not again[2]:
            header = table.attrs.get("headers", {}).get("area_id", "area_id")
            said = Notice.said("join_by_other_code_column", path.name, column=str(other), header=str(header))
            joined = (again[0], again[1], [], [said, *again[3]])
    frame, scales, join_problems, join_notices = joined
    return frame, scales, problems + join_problems, notices + table_notices + join_notices


def _code_column_of_every_area(table: pd.DataFrame, frame: pd.DataFrame) -> str | None:
    """Return the first of the table's columns whose codes include every area's, if one does."""
    from ._numbers import area_codes_short, codes_as_text

    if "area_id" not in frame:
        return None
    wanted = set(area_codes_short(codes_as_text(frame["area_id"])).dropna())
    for column in table.columns:
        codes = set(area_codes_short(codes_as_text(table[column].astype("string"))).dropna())
        if wanted and wanted <= codes:
            return column
    return None


def passed_over_notices(attrs: Mapping, source: str) -> list[Notice]:
    """Return the notices of what :func:`read_table` passed over to reach a workbook's data (an
    instruction sheet before it, title rows above its headers), from the table's ``attrs``."""
    notices = []
    if attrs.get("instructions_skipped"):
        skipped = "、".join(attrs["instructions_skipped"])
        notices.append(Notice.said("instruction_sheet_skipped", source, skipped=skipped, sheet=attrs.get("sheet")))
    if attrs.get("workbook_as_text"):
        notices.append(Notice.said("workbook_named_as_text", source))
    if attrs.get("empty_sheets_skipped"):
        skipped = "、".join(attrs["empty_sheets_skipped"])
        notices.append(Notice.said("empty_sheet_skipped", source, skipped=skipped, sheet=attrs.get("sheet")))
    if attrs.get("titles"):
        titles = attrs["titles"]
        notices.append(Notice.said("title_rows_skipped", source, n=len(titles), title=titles[0], row=attrs.get("header_row", len(titles) + 1)))
    for letter, example in attrs.get("headerless", []):
        notices.append(Notice.said("column_headerless", source, column=letter, example=example))
    if attrs.get("merged_filled"):
        ranges = attrs["merged_filled"]
        listed = shown(ranges)
        notices.append(Notice.said("merged_cells_filled", source, n=len(ranges), ranges=listed))
    if attrs.get("two_row_header"):
        first, second, headers = attrs["two_row_header"]
        listed = {"en": ", ".join(headers), "zh": "、".join(headers)}
        notices.append(Notice.said("two_row_header_read", source, first=first, second=second, headers=listed))
    if attrs.get("turned"):
        n, counties = attrs["turned"]
        listed = {"en": shown(counties, 6), "zh": shown(counties, 6, "、")}
        notices.append(Notice.said("indicators_turned", source, n=n, counties=listed))
    if attrs.get("units_row"):
        row, headers = attrs["units_row"]
        notices.append(Notice.said("units_row_read", source, row=row, headers=headers))
    if attrs.get("title_unit"):
        unit, headers = attrs["title_unit"]
        notices.append(Notice.said("title_unit_read", source, unit=unit, headers=headers))
    if attrs.get("hidden_rows"):
        hidden = attrs["hidden_rows"]
        rows = shown(hidden)
        notices.append(Notice.said("rows_hidden", source, n=len(hidden), rows=rows, sheet=attrs.get("sheet")))
    return notices


#: words in a coordinate column's header that name its system (百度经度, lng_gcj02, GPS纬度, wgs84_lon)
_HEADER_SYSTEM_WORDS = (
    ("bd09", ("百度", "baidu", "bd09", "bd-09", "bd_", "_bd", "bdlng", "bdlat")),
    ("gcj02", ("高德", "腾讯", "火星", "gaode", "amap", "tencent", "gcj")),
    ("wgs84", ("wgs", "gps", "cgcs", "2000")),
)


def _system_named_by_headers(axes: tuple[str, ...]) -> tuple[str, str] | None:
    """Return ``(system, header)`` when a coordinate column's header names its coordinate system
    (百度经度: ``bd09``; 高德经度, lng_gcj02: ``gcj02``; GPS经度, wgs84_lon: ``wgs84``), else ``None``."""
    for header in axes:
        folded = normalise_key(str(header))
        for system, words in _HEADER_SYSTEM_WORDS:
            if any(w in folded for w in words):
                return system, str(header)
    return None


def _header_system_problems(
    named: tuple[str, str], layer_crs: CRS | None, obfuscated: str | None, source: LayerSource
) -> list[Problem]:
    """Return a problem when the system a coordinate header names (百度经度: BD-09) is not the one
    declared, or when none is declared (the header's is then offered): Baidu's points read as WGS84
    sit some 1 km off."""
    system, header = named
    if layer_crs is None:
        return [problem(source, "crs_missing_header_names_it", header=header, system=system)]
    declared = obfuscated or ("wgs84" if layer_crs.is_geographic else None)
    if declared is None or declared == system:
        return []  # projected metres: the header's words are not about degrees
    return [problem(source, "crs_header_disagrees", header=header, system=system, declared=declared)]


#: properties of Aliyun DataV (GeoAtlas) boundary features, drawn in Amap's GCJ-02
_DATAV_FIELDS = frozenset({"adcode", "childrennum", "acroutes", "centroid", "subfeatureindex"})
#: a property naming the coordinate system, and values that mean GCJ-02 or BD-09
_CRS_FIELDS = frozenset({"crs", "coord_sys", "coordsys", "坐标系", "坐标系统"})
_OBFUSCATED_WORDS = ("gcj", "火星", "高德", "amap", "bd09", "bd-09", "百度", "baidu")


def _web_map_geojson_problems(frame: gpd.GeoDataFrame, source: LayerSource) -> list[Problem]:
    """Return a problem when an undeclared GeoJSON says it comes from a Chinese web map: DataV
    boundaries (adcode with childrenNum, acroutes …) or a property naming GCJ-02/BD-09. Read as
    WGS84 (the GeoJSON standard) every border would sit some 500 m off and points near them fall in
    the wrong township."""
    folded = {normalise_key(str(c)): c for c in frame.columns}
    said = [
        str(v) for key in _CRS_FIELDS & set(folded) for v in frame[folded[key]].dropna().astype(str).unique()[:3]
        if any(w in v.lower() for w in _OBFUSCATED_WORDS)
    ]  # fmt: skip
    datav = "adcode" in folded and len(_DATAV_FIELDS & set(folded)) >= 2
    if not said and not datav:
        return []
    evidence = said[0] if said else ", ".join(sorted(folded[k] for k in _DATAV_FIELDS & set(folded)))
    system = "bd09" if said and any(w in said[0].lower() for w in ("bd", "百度", "baidu")) else "gcj02"
    return [problem(source, "crs_web_map_geojson", evidence=evidence, system=system)]


def _require_single_layer(path: Path) -> None:
    """Refuse a GeoPackage of several layers when the config names none (never take the first)."""
    import pyogrio

    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception:  # unreadable files are reported by the reader itself
        return
    if len(names) > 1:
        raise ValidationError(
            [problem(str(path), "gpkg_layer_unnamed", n=len(names), names=", ".join(names), first=names[0])]
        )


#: a shapefile's other parts, given as path instead of its .shp
SHAPEFILE_PARTS = {".dbf", ".shx", ".prj", ".cpg", ".sbn", ".sbx"}
#: workbooks of other spreadsheet programs (WPS, LibreOffice, Numbers), and Excel's binary workbook
OTHER_WORKBOOKS = {".et", ".ett", ".ods", ".numbers", ".xlsb"}
#: documents whose tables are not read: Word's binary format, WPS 文字's, PDF
OTHER_DOCUMENTS = {".doc", ".wps", ".wpt", ".pdf", ".rtf"}
#: CAD drawings, as planning offices keep plans: lines without the codes and figures of a layer
CAD_DRAWINGS = {".dwg", ".dxf", ".dgn"}


def _unsupported_file_problem(path: Path) -> Problem:
    """Return the problem of a file carefac does not read, saying what to give instead."""
    suffix = path.suffix.lower()
    if suffix in SHAPEFILE_PARTS:
        return problem(str(path), "shapefile_part_given", suffix=suffix, shp=path.with_suffix(".shp").name)
    if suffix in OTHER_WORKBOOKS:
        return problem(str(path), "workbook_other_program", suffix=suffix)
    if suffix in OTHER_DOCUMENTS:
        return problem(str(path), "document_other_format", suffix=suffix)
    if suffix in CAD_DRAWINGS:
        return problem(str(path), "cad_drawing", suffix=suffix)
    allowed = ", ".join(sorted(VECTOR_SUFFIXES | TABLE_SUFFIXES | {".zip"}))
    return problem(str(path), "file_type_unsupported", suffix=suffix, allowed=allowed)


def _blank_rows_and_notes_dropped(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Return a table without its blank rows (a line left between groups) and without the notes
    under it (rows at the end with text in one cell only: 注：数据截至2024年6月, 填报单位：…), each
    note as ``(position, text)``. The index keeps the rows' positions, so rows keep their numbers."""
    if frame.shape[1] == 0:  # an empty sheet: no rows to keep (said as a layer without rows)
        return frame, []
    filled = frame.notna().to_numpy().copy()  # a one-column frame gives a read-only view
    gaps = np.flatnonzero(~filled.all(axis=1))  # only a row with an empty cell can be blank or a note
    if len(gaps):
        part = frame.iloc[gaps].astype("string").apply(lambda c: c.str.strip())
        filled[gaps] &= (part != "").fillna(False).to_numpy(dtype=bool)  # a cell of spaces is empty
    count = filled.sum(axis=1)
    first = filled[:, 0] if frame.shape[1] else np.zeros(len(frame), dtype=bool)
    lone = np.flatnonzero((count == 1) & first)  # text in the first cell only
    text = frame.iloc[lone, 0].astype("string").str.strip()
    note = np.zeros(len(frame), dtype=bool)
    note[lone] = (text.str.match(_NOTE_WORDS) | (text.str.len() >= 8)).fillna(False).to_numpy(dtype=bool)
    within = np.zeros(len(frame), dtype=bool)  # 注：以下为民办机构 between the rows: a note wherever it stands
    within[lone] = text.str.match(_NOTE_WITHIN).fillna(False).to_numpy(dtype=bool)
    text = dict(zip(lone.tolist(), text.tolist(), strict=True))
    for k in np.flatnonzero(_signature_lines(frame, filled)):  # 填表人：张三 | 审核人：李四 | 填报日期：…
        note[k] = True
        text[int(k)] = " ".join(str(v).strip() for v in frame.iloc[k][filled[k]])
    under = np.zeros(len(frame), dtype=bool)
    for k in range(len(frame) - 1, -1, -1):  # from the end up: notes and blank rows only
        if count[k] and not note[k] and total_rows(frame.iloc[[k]])[0]:
            continue  # a 合计 under the notes is kept (passed over later as a total) and looked past
        if count[k] and not note[k]:
            break
        under[k] = count[k] > 0
    under |= within
    drop = (count == 0) | under
    if not drop.any():
        return frame, []
    notes = [(int(k), str(text[k])) for k in np.flatnonzero(under)]
    return frame[~drop], notes


#: a section heading within a list: 一、东县, （二）芗城区, 1.东县, 第一部分, 东县（12家）, 西县：共5个, 芗城区, 石亭镇
#: (a name alone ending in 小区, 园区, 社区 … may be a place whose figures were never typed: not a heading)
_SECTION_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十\d]+[部分类组])"
    r"|(?:县|(?<![小园校景厂营社])区|市|镇|乡|街道|管委会)\s*(?:[(（]?\s*(?:共\s*)?\d+\s*[家个所处]\s*[)）]?)?\s*$"
    r"|[:：]\s*共\s*\d+\s*[家个所处]\s*$"
)


def _section_rows_dropped(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Return a list without its section headings (一、东县 over a county's rows: one text in the row,
    in one cell or merged across it, worded as a heading) and the headings as ``(position, text)``.

    Read as a facility, a heading was refused for its missing coordinates; a row of one text not
    worded as a heading is left to the columns' checks (a place with its name only is a question).
    """
    if frame.shape[1] < 3 or len(frame) < 2:
        return frame, []
    # only rows with at most one cell filled, or the same cell across them (merged), can be a heading:
    # looked at alone (a list of a million rows is not read cell by cell)
    sparse = frame.notna().sum(axis=1).to_numpy() <= 1
    alike = (frame.iloc[:, 0].astype(object) == frame.iloc[:, -1].astype(object)).fillna(False).to_numpy(dtype=bool)
    maybe = np.flatnonzero(sparse | alike)
    if not len(maybe):
        return frame, []
    cells = frame.iloc[maybe].astype("string").apply(lambda c: c.str.strip()).replace("", pd.NA)
    distinct = cells.nunique(axis=1, dropna=True).to_numpy()
    single = maybe[distinct == 1]
    if not len(single):
        return frame, []
    cells = cells[distinct == 1]
    text = cells.bfill(axis=1).iloc[:, 0]
    heading = text.str.contains(_SECTION_HEADING).fillna(False).to_numpy(dtype=bool)
    heading &= ~text.str.fullmatch(r"[\d.,\s]+").fillna(False).to_numpy(dtype=bool)  # a number is never a heading
    if not heading.any():
        return frame, []
    drop = np.zeros(len(frame), dtype=bool)
    drop[single[heading]] = True
    if drop.all():
        return frame, []
    return frame[~drop], [(int(frame.index[k]), str(t)) for k, t in zip(single[heading], text[heading], strict=True)]


#: a note that is one wherever it stands in a list: 注：…, 备注：…, 数据来源：…
_NOTE_WITHIN = r"^(?:注|备注|附注|说明|数据来源|资料来源|填报说明)\s*[：:]"
#: how a note under a table begins (注：…, 备注, 数据来源, 填报单位, 制表人 …)
_NOTE_WORDS = r"^(注|备注|附注|说明|数据来源|资料来源|来源|填报|制表|审核|统计|联系|单位负责人|note|source)"
#: a cell of the signature line under a form: 填表人：张三, 审核人：李四, 填报日期：2023年12月, 联系电话：…
_SIGNATURE_CELL = re.compile(r"^\s*(填表|填报|制表|审核|审批|负责人|单位负责人|分管领导|联系|日期|报送|统计|经办)[^：:]{0,6}[：:]")


def _header_rows_dropped(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """Return a table without the rows that repeat its header (two lists pasted one under the other,
    each with its header row), and their positions (the index keeps the others' numbers). A row
    repeats the header when at least two cells and most of its filled cells are their column's name."""
    if frame.empty or len(frame.columns) < 2:
        return frame, []
    exact = np.zeros(len(frame), dtype=bool)
    for column in frame.columns:  # a cheap first look (a million rows): a cell that is its header as written
        exact |= frame[column].to_numpy(dtype=object) == str(column)
    if not exact.any():
        return frame, []
    names = np.array([normalise_key(str(c)) for c in frame.columns], dtype=object)
    text = np.full(frame.shape, "", dtype=object)
    rows = frame.iloc[np.flatnonzero(exact)]
    text[exact] = rows.apply(lambda c: c.map(lambda v: normalise_key(v) if isinstance(v, str) else "")).to_numpy(dtype=object)
    same = (text == names[None, :]) & (text != "")
    filled = (text != "").sum(axis=1)
    repeat = (same.sum(axis=1) >= 2) & (same.sum(axis=1) * 2 > filled)
    if not repeat.any():
        return frame, []
    return frame[~repeat], [int(k) for k in frame.index[repeat]]


def _signature_lines(frame: pd.DataFrame, filled: np.ndarray) -> np.ndarray:
    """Return where a row is a form's signature line: two or more cells, each a 填表人：…-like entry."""
    lines = np.zeros(len(frame), dtype=bool)
    for k in np.flatnonzero(filled.sum(axis=1) >= 2)[-3:]:  # only the last rows can be one
        cells = [str(v) for v in frame.iloc[k][filled[k]]]
        lines[k] = all(_SIGNATURE_CELL.match(c) for c in cells)
    return lines


def _table_of_layer(path: Path, source: str, *, sheet: str | int | None, encoding: str | None) -> pd.DataFrame:
    """Return :func:`read_table` of a layer's file, its problems said of the layer (not the bare path)."""
    try:
        return read_table(path, sheet=sheet, encoding=encoding)
    except ValidationError as exc:
        raise type(exc)([replace(p, source=source) if p.source == str(path) else p for p in exc.problems]) from None


def _other_sheets_hint(frame: pd.DataFrame, source: str) -> list[Problem]:
    """Return a problem listing a workbook's sheets when it has several (the data may be on another)."""
    sheets = frame.attrs.get("sheets", [])
    if len(sheets) < 2:
        return []
    if frame.attrs.get("document_tables"):  # a Word document's tables, numbered
        return [problem(source, "document_table_guessed", table=frame.attrs.get("sheet"), n=len(sheets))]
    return [problem(source, "sheet_guessed", sheet=frame.attrs.get("sheet"), sheets=", ".join(sheets))]
