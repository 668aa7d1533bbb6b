"""Numbers as people type them in Chinese spreadsheets, read without guessing.

Accepted: ``1234``, ``1,234`` and ``40,000`` (commas only as thousands separators), full-width
digits (``１２３``), a trailing count word (``52人``, ``3所``, ``120个``) or area unit (``1,200㎡``,
``1200平方米``), ``万`` (``4.5万`` is
45,000, reported to the caller), and, in percentage columns only, a trailing ``%``. Anything
else (``约两万``, ``24，55`` — a decimal comma is ambiguous) is unreadable and reported by cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._schema import TOTAL_WORDS, normalise_key

__all__ = ["ParsedNumbers", "area_codes_short", "codes_as_text", "codes_in_scientific_notation", "first_data_row", "header_unit", "header_year", "parse_numbers", "years_of_repeats", "to_number", "total_rows", "years_of"]

_COUNT_WORDS = ("人次", "人", "个", "所", "名", "户", "位", "家", "张", "床", "处", "间",
                "平方米", "平米", "m2")  # floor areas: 1,200㎡ and 1200m² are m2 after NFKC  # fmt: skip
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
#: a space (NFKC makes the ideographic and no-break spaces one) or underscore inside a number is a
#: thousands separator only between groups of three digits: 1 234 567; 60 80 (two numbers) is no number
_GAP = re.compile(r"[ _]")
_SPACED_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([ _]\d{3})+(\.\d+)?$")
#: Header units in brackets: ``常住人口(万人)``, ``人口（人）``, ``托位数(个)``.
_HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*[(（\[【]\s*(?P<unit>[^)）\]】]*)\s*[)）\]】]\s*$")
_HEADER_FACTORS = {"万人": 10_000.0, "万": 10_000.0, "万户": 10_000.0, "千人": 1_000.0, "千": 1_000.0, "千户": 1_000.0, "百人": 100.0,
                   "万人口": 10_000.0, "千人口": 1_000.0,
                   "万平方米": 10_000.0, "万㎡": 10_000.0, "万m2": 10_000.0, "万m²": 10_000.0}
#: the unit after a separator, as GIS field names (no brackets) write it: 常住人口_万人, 托位数_个 (not
#: after "/": 托位数/千人 is slots per thousand); or a unit of tens of thousands straight after the name:
#: 常住人口万人
_SEPARATED_UNIT = re.compile(r"^(?P<name>.*?\D)\s*(?:[_:：]|单位[:：]?)\s*(?P<unit>万人|万户|万|千人|人|个|所)\s*$")
_APPENDED_UNIT = re.compile(r"^(?P<name>.*?[^万千每/／_:：\s])(?P<unit>万人|万户|千人)\s*$")
#: a count of people or households with its unit after a slash, as statistical tables write
#: 指标/单位: 常住人口/万人, 户数/万户 (a count's unit, unlike 托位数/千人, slots per thousand people)
#: (人口/户 is persons per household: a count's unit must count what it counts)
_SLASHED_UNIT = re.compile(r"^(?:(?P<name>.*(?:人口|人口数|人数))\s*[/／]\s*(?P<unit>万人|千人|人|万)"
                           r"|(?P<households>.*户数)\s*[/／]\s*(?P<per>万户|千户|户))\s*$")
#: the year a figure is of, before or after its name: 2023年常住人口(万人), 2023年末常住人口,
#: 常住人口（万人）2023年, 常住人口(2023年), POP2020
_YEAR_BEFORE = re.compile(r"^\s*(?P<year>(?:19|20)\d\d)\s*年\s*(?:末|底|度)?\s*(?P<name>\D.*)$")
_YEAR_AFTER = re.compile(r"^(?P<name>.*?\D)\s*[(（]?\s*(?P<year>(?:19|20)\d\d)\s*(?:年\s*(?:末|底|度)?)?\s*[)）]?\s*$")


@dataclass(frozen=True)
class ParsedNumbers:
    """A column read as numbers.

    Attributes
    ----------
    values
        The numbers (NaN where blank or unreadable).
    unreadable
        True where a non-blank cell could not be read.
    wan
        True where the cell was written with 万 and was multiplied by 10,000.
    noted
        True where a note in brackets after the number was read past (``120（核定）``); only when
        asked for (``notes=True``), else all False.
    """

    values: pd.Series
    unreadable: pd.Series
    wan: pd.Series
    noted: pd.Series


#: a note in brackets after a number (120（核定）, 60（其中乳儿班10个）); not one that holds a scale or a
#: unit that changes the number (4（万人）, 95（%）), nor one after nothing
_NOTE_AFTER_NUMBER = re.compile(r"^(?P<number>.*?\d)\s*[(\[【][^)\]】万千百亿%‰]*[)\]】]\s*$")


def _parse_one(text: str, *, percent: bool) -> tuple[float, bool]:
    """Return ``(value, written_with_wan)``; NaN when ``text`` is not a number."""
    s = unicodedata.normalize("NFKC", text).strip()
    if percent and s.endswith("%"):
        s = s[:-1].rstrip()
    for word in _COUNT_WORDS:
        if s.endswith(word) and len(s) > len(word):
            s = s[: -len(word)].rstrip()
            break
    wan = s.endswith("万") and len(s) > 1
    if wan:
        s = s[:-1].rstrip()
    if _GAP.search(s):
        if not _SPACED_THOUSANDS.match(s):
            return np.nan, False  # 60 80, 24.551207 12: two numbers, never joined into one
        s = _GAP.sub("", s)
    if "," in s:
        if not _THOUSANDS.match(s):
            return np.nan, False  # "24,55": a decimal comma or a typo; never guessed
        s = s.replace(",", "")
    if not _NUMBER.match(s):
        return np.nan, False
    value = float(s)
    return (round(value * 10_000.0, 6), True) if wan else (value, False)


#: cells that say "nothing here" in a number column (a parent-child room's slots written —): read as
#: blank, so a required figure is still asked for and an optional one stays unknown. Excel's error
#: values (#N/A, #REF!) are not among them: a broken formula is refused as such.
#: characters a cell copied from a web page or a Word document may hold without showing them:
#: zero-width spaces and joiners, the word joiner, a byte-order mark, a soft hyphen
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
INVISIBLE_DROPPED = str.maketrans("", "", INVISIBLE)

BLANK_WORDS = frozenset({"/", "／", "-", "－", "—", "——", "--", "无", "暂无", "待定", "空", "n/a", "na", "null", "none"})


def parse_numbers(raw: pd.Series, *, percent: bool = False, notes: bool = False) -> ParsedNumbers:
    """Return ``raw`` read as numbers, with the unreadable cells and those written with 万; cells of
    :data:`BLANK_WORDS` are blank. ``notes``: a note in brackets after a number is read past
    (:data:`_NOTE_AFTER_NUMBER`), its cells marked for the caller to say."""
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.astype(float)
        false = pd.Series(False, index=raw.index)
        return ParsedNumbers(values, false, false, false)
    values = np.full(len(raw), np.nan)
    unreadable = np.zeros(len(raw), dtype=bool)
    wan = np.zeros(len(raw), dtype=bool)
    noted = np.zeros(len(raw), dtype=bool)
    cells = raw.to_numpy(dtype=object)
    text = pd.Series(cells, dtype="string")
    plain = text.str.fullmatch(_NUMBER.pattern).fillna(False).to_numpy(dtype=bool)  # 120, 24.55: read at once
    values[plain] = text[plain].astype(float).to_numpy()
    for k in np.flatnonzero(~plain):
        cell = cells[k]
        if cell is None or cell is pd.NA or (isinstance(cell, float) and np.isnan(cell)):
            continue
        if isinstance(cell, int | float | np.integer | np.floating) and not isinstance(cell, bool):
            values[k] = float(cell)
            continue
        text = str(cell).translate(INVISIBLE_DROPPED).strip()  # a zero-width space pasted from a web page
        if not text or text.lower() in BLANK_WORDS:  # 无, —, / : how a sheet says "nothing here"
            continue
        values[k], wan[k] = _parse_one(text, percent=percent)
        if notes and np.isnan(values[k]) and (before := _NOTE_AFTER_NUMBER.match(unicodedata.normalize("NFKC", text))):
            values[k], wan[k] = _parse_one(before["number"], percent=percent)
            noted[k] = not np.isnan(values[k])
        unreadable[k] = np.isnan(values[k])
    index = raw.index
    return ParsedNumbers(
        pd.Series(values, index=index), pd.Series(unreadable, index=index), pd.Series(wan, index=index),
        pd.Series(noted, index=index),
    )  # fmt: skip


def to_number(values: pd.Series, *, percent: bool = False) -> pd.Series:
    """Return ``values`` parsed as numbers (see the module notes); unreadable cells become NaN."""
    return parse_numbers(values, percent=percent).values


def header_unit(header: str) -> tuple[str, float, str]:
    """Return a header without its bracketed unit, the unit's factor, and the unit.

    ``常住人口(万人)`` → ``("常住人口", 10000.0, "万人")``; ``托位数(个)`` → ``("托位数", 1.0, "个")``;
    ``常住人口_万人`` and ``常住人口万人`` (GIS field names have no brackets) and ``常住人口/万人``
    as the first (not ``托位数/千人``, slots per thousand);
    a header without a unit comes back unchanged with factor 1.
    """
    text = str(header)
    match = (_HEADER_UNIT.match(text) or _SEPARATED_UNIT.match(text) or _APPENDED_UNIT.match(text)
             or _SLASHED_UNIT.match(text))  # fmt: skip
    if match is not None and match.re is _SLASHED_UNIT and match.group("households"):
        return match.group("households").strip(), _HEADER_FACTORS.get(match.group("per"), 1.0), match.group("per")
    if not match or not match.group("name"):
        return text, 1.0, ""
    unit = match.group("unit").strip()
    return match.group("name").strip(), _HEADER_FACTORS.get(unit, 1.0), unit


#: a template's marks around a header: a required field's star (*机构名称, 托位数*), a colon after it
#: (名称：), its number in the list (1.机构名称, 2、托位数, （一）类型, ①状态)
_HEADER_MARKS = re.compile(
    r"^\s*(?:[*＊※★☆]+|\d{1,2}\s*[.、．)）](?!\d)|[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}\s*、|[①-⑳])\s*|\s*(?:[*＊※★☆]+|[:：])\s*$"
)
#: an English translation after a Chinese header (类型 Type, 机构名称(Name), 状态/Status): three
#: letters or more, no digits (经度(GCJ02), 距离(km) keep theirs)
_HEADER_TRANSLATION = re.compile(
    r"^(?P<name>.*[\u4e00-\u9fff][^A-Za-z]*?)\s*(?:[/／|]\s*|[(（\[]\s*)?(?P<english>[A-Za-z][A-Za-z .'_-]{2,})\s*[)）\]]?\s*$"
)
#: words that name a coordinate system: kept in a header (经度 WGS, 纬度(baidu))
_SYSTEM_WORDS = ("wgs", "gcj", "bd", "baidu", "amap", "gaode", "tencent", "gps", "cgcs", "xian", "beijing", "mercator")


def header_undecorated(header: str) -> str:
    """Return a header without a template's marks and translation: ``*机构名称``, ``名称：``,
    ``1.机构名称``, ``（一）类型``, ``机构名称(Name)``, ``类型 Type`` and ``状态/Status`` are the name
    alone; a header that is only marks, or English, is unchanged."""
    text = str(header)
    bare = text
    while (stripped := _HEADER_MARKS.sub("", bare, count=1)) != bare and stripped.strip():
        bare = stripped
    translated = _HEADER_TRANSLATION.match(bare)
    if translated and not any(w in translated["english"].lower() for w in _SYSTEM_WORDS):
        bare = translated["name"]
    return bare.strip() or text


def headers_undecorated(columns) -> dict[str, str]:
    """Return the renames that take a template's marks and translations off a table's headers
    (:func:`header_undecorated`), where the bare name is no other header's."""
    columns = list(columns)
    bare = {c: header_undecorated(c) for c in columns if isinstance(c, str)}
    taken = [bare.get(c, c) for c in columns]
    return {c: b for c, b in bare.items() if b != c and taken.count(b) == 1 and b not in columns}


def header_year(header: str) -> tuple[str, int | None]:
    """Return a header without the year its figures are of, and that year (``None`` when it names
    none): ``2023年常住人口(万人)`` → ``("常住人口(万人)", 2023)``, ``常住人口（万人）2023年`` →
    ``("常住人口（万人）", 2023)``, ``POP2020`` → ``("POP", 2020)``; ``常住人口`` unchanged."""
    text = str(header).strip()
    match = _YEAR_BEFORE.match(text) or _YEAR_AFTER.match(text)
    if not match or not match.group("name").strip(" _-"):
        return text, None
    return match.group("name").strip(" _-"), int(match.group("year"))


#: A year as people write it: 2023, 2023年, 2023年6月, 2023-06, 2023/6/1, 2023.6 (a date's year).
_YEAR = re.compile(r"^\s*(?:预计|计划|拟|预期|预定)?\s*((?:19|20)\d\d)(?:\s*年.*|\s*[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{1,2}.*)?"
                   r"|\.0+|\s*(?:竣工|交付|完工|建成|入住))?\s*$")


#: a decade written for a year, before 2020: 1990年代, 2010年代 (read as its first year)
DECADE = re.compile(r"^\s*((?:19\d|20[01])0)\s*年代\s*$")


#: a year in Chinese numerals, as documents write it (二〇二四年, 二零二四年): read digit by digit
_CHINESE_YEAR = re.compile("[〇零一二三四五六七八九]{4}")
_CHINESE_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def years_of(raw: pd.Series) -> pd.Series:
    """Return a year column with dates and written years as their year (``2023-06-01``,
    ``2023年6月``, ``预计2025年``, ``2024竣工``, ``二〇二四年`` → the year; a spreadsheet's date cell too); other
    cells unchanged, for the number reader to read or refuse."""
    def year(value):
        if isinstance(value, str) and "年代" in value:  # 1990年代: its first year; 2020年代 may be before or after a plan
            decade = DECADE.match(value)
            return int(decade.group(1)) if decade else value
        if isinstance(value, str):
            match = _YEAR.match(value.translate(_CHINESE_YEAR_DIGITS) if _CHINESE_YEAR.search(value) else value)
            return int(match.group(1)) if match else value
        if isinstance(value, np.datetime64) or hasattr(value, "year"):  # a date cell
            return int(pd.Timestamp(value).year) if pd.notna(value) else value
        return value

    return raw if pd.api.types.is_numeric_dtype(raw) else raw.astype(object).map(year)


#: headers of a column giving the year of each row (a table in long form: one row per area and year)
_YEAR_HEADERS = frozenset(normalise_key(w) for w in ("年份", "年度", "年", "统计年度", "统计年份", "数据年份", "year"))


def years_of_repeats(table: pd.DataFrame, repeated: np.ndarray) -> tuple[str, list[int]] | None:
    """Return the column giving each row's year and the years among the ``repeated`` rows, when
    the rows repeat because the table gives each area once per year (``None`` otherwise)."""
    column = next((c for c in table.columns if normalise_key(str(c)) in _YEAR_HEADERS), None)
    if column is None or not np.any(repeated):
        return None
    years = pd.to_numeric(years_of(table[column][np.asarray(repeated)]), errors="coerce").dropna()
    distinct = sorted({int(y) for y in years})
    return (str(column), distinct) if len(distinct) > 1 else None


def first_data_row(frame: pd.DataFrame) -> int:
    """Return the spreadsheet row number of a table's first data row (2 under a one-row header;
    more when title rows stand above the headers)."""
    return int(frame.attrs.get("header_row", 1)) + 1


_SCIENTIFIC = r"\s*\d(?:\.\d+)?[eE]\+?\d+\s*"
_SCIENTIFIC_LINE = re.compile(rf"(?m)^{_SCIENTIFIC}$")


def codes_in_scientific_notation(values: pd.Series) -> np.ndarray:
    """Return where code cells are written in scientific notation (``3.50601E+11``): Excel shows a
    12-digit code that way and saves it so in a CSV, its last digits lost."""
    text = values.astype("string")
    if not _SCIENTIFIC_LINE.search("\n".join(text.dropna().tolist())):  # one scan of every cell
        return np.zeros(len(values), dtype=bool)
    return text.str.fullmatch(_SCIENTIFIC).fillna(False).to_numpy(dtype=bool)


def total_rows(table: pd.DataFrame) -> np.ndarray:
    """Return where a row is a totals row: one of its text cells is 合计, 总计, 全市, total …, or
    ends in one (甲街道小计, 东县合计)."""
    marks = np.zeros(len(table), dtype=bool)
    for column in table.columns:
        cells = table[column]
        if cells.dtype != object and not pd.api.types.is_string_dtype(cells):
            continue
        folded = cells.map(lambda v: normalise_key(v) if isinstance(v, str) else "")
        marks |= (folded.isin(TOTAL_WORDS) | folded.str.endswith(("合计", "小计", "总计"))).to_numpy()
    return marks


def area_codes_short(codes: pd.Series) -> pd.Series:
    """Return area codes with the 12-digit statistical form (统计用区划代码) cut to the short one:
    350601001000 → 350601001 (a township), 350601000000 → 350601 (a county or city). A 12-digit
    code of a village (350601001201) is left as it is."""
    text = codes.astype("string")
    twelve = text.str.fullmatch(r"\d{12}").fillna(False)
    county = twelve & text.str.endswith("000000").fillna(False)
    town = twelve & ~county & text.str.endswith("000").fillna(False)
    return text.mask(county, text.str[:6]).mask(town, text.str[:9])


#: full-width letters, digits and signs (Ｒ１, ３５０６０１, typed with a Chinese input method) and the ideographic space
_FULL_WIDTH_ASCII = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}


def codes_as_text(values: pd.Series) -> pd.Series:
    """Return id or code cells as trimmed text; ``350601.0`` (a code a spreadsheet stored as a
    number) becomes ``350601``, and DataV's ``{"adcode": 350601}`` too; full-width digits
    and letters (３５０６０１, Ｒ１) are read as their ASCII and Excel's text mark (``'350601``) is dropped.
    Blanks stay missing."""
    text = values.astype("string").str.strip()
    joined = "\n".join(text.dropna().tolist())  # one scan of every cell tells which repairs are needed
    if re.search(f"[{INVISIBLE}]", joined):  # zero-width spaces pasted with a code from a web page
        text = text.str.translate(INVISIBLE_DROPPED).str.strip()
        joined = "\n".join(text.dropna().tolist())
    if re.search("[\uff01-\uff5e\u3000]", joined):
        text = text.str.translate(_FULL_WIDTH_ASCII).str.strip()
        joined = "\n".join(text.dropna().tolist())
    if re.search(r"(?m)^['‘’`]", joined):  # Excel's mark of a number kept as text, pasted
        text = text.str.replace(r"^['‘’`](\d+)$", r"\1", regex=True)
    if re.search(r"(?m)^\{", joined):  # DataV's parent
        text = text.str.replace(r"^\{.*[\"']adcode[\"']\s*:\s*[\"']?(\d+)[\"']?.*\}$", r"\1", regex=True)
    if re.search(r"(?m)^\d+\.0+$", joined):
        text = text.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    return text.astype(object).where(values.notna(), None)
