"""The 2020 census by county shipped with carefac (``carefac/data/census2020_county_age.csv``,
Zhangzhou and Xiamen; see its SOURCE.md), read once."""

from __future__ import annotations

import functools
import io
from importlib import resources

import pandas as pd

__all__ = ["census_city_counties", "census_county_names", "census_rows", "township_names_2023"]


@functools.cache
def census_rows() -> dict[str, tuple[str, float, float]]:
    """Return the shipped 2020 census by county code (2023 code and code at census time):
    ``(name, residents, under-3 share)``; read once."""
    text = (resources.files("carefac") / "data" / "census2020_county_age.csv").read_text("utf-8")
    table = pd.read_csv(io.StringIO(text), dtype={"area_id": str, "adcode_census": str})
    share = (table["pop_age0"] + table["pop_age1_4"] / 2.0) / table["pop_total"]
    rows = list(zip(table["name"], table["pop_total"].astype(float), share, strict=True))
    return {
        **dict(zip(table["adcode_census"], rows, strict=True)),
        **dict(zip(table["area_id"], rows, strict=True)),
    }


def census_county_names() -> dict[str, str]:
    """Return, per county code (2023 code and code at census time), its name in the census list."""
    return {code: name for code, (name, _, _) in census_rows().items()}


@functools.cache
def census_city_counties() -> dict[str, tuple[str, tuple[tuple[str, str, str], ...]]]:
    """Return, per city code in the shipped census (350600), its name and its counties as
    ``(2023 code, code at census time, name)``."""
    text = (resources.files("carefac") / "data" / "census2020_county_age.csv").read_text("utf-8")
    table = pd.read_csv(io.StringIO(text), dtype={"area_id": str, "adcode_census": str})
    cities = table[table["area_id"].str.endswith("00")]
    return {
        city: (name, tuple(
            (row.area_id, row.adcode_census, row.name)
            for row in table.itertuples() if row.area_id[:4] == city[:4] and row.area_id != city
        ))
        for city, name in zip(cities["area_id"], cities["name"], strict=True)
    }  # fmt: skip


@functools.cache
def township_names_2023() -> dict[str, str]:
    """Return the name of each township-level unit of the shipped 2023 code list (统计用区划代码,
    Zhangzhou: ``carefac/data/zhangzhou/source/zhangzhou_townships_2023.csv``) by its 9-digit code."""
    path = resources.files("carefac") / "data" / "zhangzhou" / "source" / "zhangzhou_townships_2023.csv"
    table = pd.read_csv(io.StringIO(path.read_text("utf-8")), dtype={"code": str})
    return dict(zip(table["code"], table["name"], strict=True))
