"""Counties made from their townships when the areas layer gives townships only.

A bureau's township boundaries often come without the county rows. Every county rule of the plan
(county MCH grades, warm homes, the 2025 indicators, slots per 1000 by county) would then be
skipped. Each township names its county (``parent_id``, or the first six digits of its code), so
the county is exactly the union of its townships: their outlines joined, their residents (and
children under 3, when every township gives them) added up. Names come from the shipped 2020
census list where it knows the code, else the code stands as the name. Said in a notice. When
the townships of a county the census knows add up to far less than its residents, the layer holds
only part of it: no county is made (its county rules would judge a part as the whole), and said.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._census import census_county_names, census_rows
from ._notices import Notice, shown

__all__ = ["counties_from_townships"]

_LISTED = 4  # counties named in the notice
#: the townships' residents as a share of their county's in the 2020 census, for the county to be
#: made of them (outside: only part of the county is in the layer; growth since 2020 is far less)
PART_OF_CENSUS = (0.7, 1.5)


def counties_from_townships(areas: gpd.GeoDataFrame, source: object) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Return ``areas`` with a county row per parent code of its townships when it has townships
    and no county, and the notice that says so; ``areas`` unchanged otherwise."""
    levels = areas["level"]
    if "parent_id" not in areas or (levels == "county").any() or not (levels == "township").any():
        return areas, []
    towns = areas[levels == "township"]
    if towns["parent_id"].isna().any():
        return areas, []
    names = census_county_names()
    census = {code: residents for code, (_, residents, _) in census_rows().items()}
    cities = areas.loc[levels == "city", "area_id"]
    sums = pd.to_numeric(towns["population"], errors="coerce").groupby(towns["parent_id"].astype(str)).sum()
    partial = [(code, total, census[code]) for code, total in sums.items()
               if code in census and not PART_OF_CENSUS[0] <= total / census[code] <= PART_OF_CENSUS[1]]  # fmt: skip
    if partial:  # some townships only: a county made of them would be judged as if it were the whole
        listed = "; ".join(f"{c} {names.get(c, c)}: {t:,.0f} / {k:,.0f}" for c, t, k in partial[:_LISTED])
        return areas, [Notice.said("counties_not_made", source, counties=listed)]
    rows = []
    for code, group in towns.groupby(towns["parent_id"].astype(str), sort=True):
        under3 = pd.to_numeric(group["pop_under3"], errors="coerce") if "pop_under3" in group else None
        rows.append({
            "area_id": code,
            "name": names.get(code, code),
            "level": "county",
            "parent_id": str(cities.iloc[0]) if len(cities) == 1 else (code[:4] + "00" if len(code) == 6 else None),
            "population": int(pd.to_numeric(group["population"]).sum()),
            **({"pop_under3": float(under3.sum()) if under3.notna().all() else np.nan} if under3 is not None else {}),
            "geometry": shapely.union_all(group.geometry.to_numpy()),
            "_towns": len(group),
        })  # fmt: skip
    counties = gpd.GeoDataFrame(rows, geometry="geometry", crs=areas.crs)
    listed = shown((f"{r['area_id']} {r['name']} ({r['_towns']}, {r['population']:,})" for r in rows), _LISTED, "; ")
    unnamed = sum(1 for r in rows if r["name"] == r["area_id"])
    counties = counties.drop(columns="_towns")
    joined = gpd.GeoDataFrame(pd.concat([counties, areas], ignore_index=True), geometry=areas.geometry.name,
                              crs=areas.crs)  # fmt: skip
    notice = Notice.said("counties_from_townships", source, n=len(rows), counties=listed, unnamed=unnamed)
    return joined, [notice]
