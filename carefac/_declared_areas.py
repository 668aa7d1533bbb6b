"""The area a point's row names (所属乡镇, 所属区划代码) against the area its point lies in.

Facility and candidate lists often say which township each row is in. That column is read as a
code of the areas layer, a 12-digit statistical code (350601001000) or an area's name (甲街道),
and checked point by point: a point that lies in another area than its row names is counted where
it lies, and said — the coordinates or the column is wrong, and only the user can tell which.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from ._census import census_county_names
from ._errors import Problem, problem, row_labels
from ._notices import Notice, shown
from .text.problems import Listed

__all__ = ["declared_area_notices", "declared_codes", "district_link_notices", "district_links_by_name", "resolved_serves"]

#: how a facility serving the whole city names it in its ``serves`` cell, besides the city's code
CITY_WORDS = frozenset({"全市", "市级", "市本级", "本市", "city"})

_LISTED = 5  # rows named in one notice


def declared_codes(declared: pd.Series, areas: gpd.GeoDataFrame) -> pd.Series:
    """Return the area code each ``declared`` cell names (a code of the layer, the 12-digit form of
    one, or a name that one area alone carries), missing where it names none."""
    ids = set(areas["area_id"].astype(str))
    names = areas.groupby("name")["area_id"].agg(list)
    by_name = {str(n): str(codes[0]) for n, codes in names.items() if len(codes) == 1}

    def code(cell: object) -> object:
        if not isinstance(cell, str) or not cell.strip():
            return pd.NA
        text = cell.strip()
        if text in ids:
            return text
        if len(text) == 12 and text.isdigit():  # 统计用区划代码: township + 000, county + 000000
            short = text[:9] if text.endswith("000") else text
            short = short[:6] if short.endswith("000") and short[:6] in ids and short not in ids else short
            if short in ids:
                return short
        return by_name.get(text, pd.NA)

    return declared.map(code).astype("string")


def declared_area_notices(layer: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, source: object) -> list[Notice]:
    """Return notices of the rows whose point lies in another area than the row names (counted where
    the point lies), and of the cells that name no area of the layer."""
    if "declared_area" not in layer or layer["declared_area"].isna().all():
        return []
    named = declared_codes(layer["declared_area"].astype("string"), areas)
    level_of = dict(zip(areas["area_id"].astype(str), areas["level"], strict=True))
    name_of = dict(zip(areas["area_id"].astype(str), areas["name"], strict=True))
    rows = row_labels(layer)
    items, unknown = [], []
    for k, (cell, code) in enumerate(zip(layer["declared_area"], named, strict=True)):
        if pd.isna(code):
            if isinstance(cell, str) and cell.strip():
                unknown.append({"row": rows[k], "value": cell.strip()})
            continue
        column = f"{level_of[code]}_id"
        found = layer[column].iloc[k] if column in layer else None
        if found is None or pd.isna(found) or str(found) == code:
            continue
        items.append({"row": rows[k], "named": name_of[code], "code": code,
                      "found": name_of.get(str(found), str(found)), "found_code": str(found)})  # fmt: skip
    notices = []
    if items:
        listed = Listed("declared_elsewhere", items[:_LISTED], max(0, len(items) - _LISTED))
        notices.append(Notice.said("points_in_other_area", source, n=len(items), column=_header(layer),
                                   places={lang: listed.render(lang) for lang in ("en", "zh")}))  # fmt: skip
    if unknown:
        listed = Listed("declared_unknown", unknown[:_LISTED], max(0, len(unknown) - _LISTED))
        notices.append(Notice.said("declared_area_unknown", source, n=len(unknown), column=_header(layer),
                                   values={lang: listed.render(lang) for lang in ("en", "zh")}))  # fmt: skip
    return notices


def resolved_serves(
    layer: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, city_id: str, source: object
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Return ``layer`` with its ``serves`` cells as area codes (a code, its 12-digit form, a name one
    area carries, or the city as 全市 / its code; a township's code stands for its county) and a
    problem naming the cells that name no area: such a facility was counted for no county at all."""
    if "serves" not in layer or layer["serves"].isna().all():
        return layer, []
    cells = layer["serves"].astype("string").str.strip()
    codes = declared_codes(cells, areas)
    city_names = {name for code, name in census_county_names().items() if code == city_id}  # 漳州市 for 350600
    city = cells.isin(list(CITY_WORDS | {city_id} | city_names)) | cells.str.lower().isin(list(CITY_WORDS))
    codes = codes.mask(city.fillna(False), city_id)
    towns = areas.loc[areas["level"] == "township"]
    county_of = dict(zip(towns["area_id"].astype(str), towns["parent_id"].astype("string"), strict=True)) if "parent_id" in towns else {}  # fmt: skip
    codes = codes.map(lambda c: county_of.get(c, c) if isinstance(c, str) else c).astype("string")
    unknown = (cells.notna() & (cells != "") & codes.isna()).to_numpy(dtype=bool)
    layer = layer.assign(serves=codes.to_numpy(dtype=object))
    if not unknown.any():
        return layer, []
    rows = row_labels(layer)
    values = ", ".join(sorted({str(v) for v in cells[unknown]}))
    return layer, [problem(str(source), "serves_unknown", column=str(layer.attrs.get("headers", {}).get("serves", "serves")),
                           rows=tuple(rows[unknown]), values=values, city=city_id)]  # fmt: skip


def district_links_by_name(
    facilities: gpd.GeoDataFrame | None, residential: gpd.GeoDataFrame | None, source: object
) -> tuple[gpd.GeoDataFrame | None, list[Notice]]:
    """Return the facilities with each ``district_id`` (配建 link) that names a district rather than
    giving its id (所属小区 = 锦绣花园) replaced by that district's id, and the notice saying so; a name
    two districts share is left as written (said by :func:`district_link_notices`)."""
    if facilities is None or residential is None or "district_id" not in facilities or "name" not in residential:
        return facilities, []
    links = facilities["district_id"].astype("string").str.strip()
    ids = residential["district_id"].astype(str).str.strip()
    names = residential["name"].astype("string").str.replace(r"\s+", "", regex=True)
    unique = names[~names.duplicated(keep=False)].dropna()
    id_of = dict(zip(unique, ids[unique.index], strict=True))
    by_name = (links.notna() & ~links.isin(list(ids))).to_numpy(dtype=bool)
    folded = links.str.replace(r"\s+", "", regex=True)
    found = by_name & folded.isin(list(id_of)).fillna(False).to_numpy(dtype=bool)
    if not found.any():
        return facilities, []
    facilities = facilities.copy()
    facilities.loc[found, "district_id"] = folded[found].map(id_of).to_numpy(dtype=object)
    listed = shown(sorted({f"{n} → {id_of[n]}" for n in folded[found]}), most=5)
    return facilities, [Notice.said("district_links_by_name", source, n=int(found.sum()), links=listed)]


def district_link_notices(
    facilities: gpd.GeoDataFrame | None, residential: gpd.GeoDataFrame | None, source: object
) -> list[Notice]:
    """Return a notice naming the facilities whose ``district_id`` (配建 link) is no district of the
    residential layer: the link is not used, so a new district may look unserved."""
    if facilities is None or residential is None or "district_id" not in facilities:
        return []
    links = facilities["district_id"].astype("string").str.strip()
    known = set(residential["district_id"].astype(str).str.strip())
    unknown = (links.notna() & (links != "") & ~links.isin(list(known))).to_numpy(dtype=bool)
    if not unknown.any():
        return []
    rows = row_labels(facilities)
    values = ", ".join(sorted(set(links[unknown].astype(str)))[:6])
    listed = ", ".join(str(r) for r in rows[unknown][:8])
    return [Notice.said("district_link_unknown", source, n=int(unknown.sum()), values=values, rows=listed)]


def _header(layer: gpd.GeoDataFrame) -> str:
    """Return the user's header of the declared-area column."""
    return str(layer.attrs.get("headers", {}).get("declared_area", "declared_area"))

