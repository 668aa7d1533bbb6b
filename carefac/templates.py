"""``carefac init``: a project folder a planner fills in — a commented config, and a template for
every layer and table with one example row and a sheet (填表说明) describing every column.

The example rows make a tiny valid project (one county, one town, a district, a childcare centre,
a candidate site, a venue and both county tables): ``carefac validate`` and ``carefac run``
work on the folder as written, and the planner replaces the rows with their own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ._errors import CarefacError
from .contract import INPUT_NAMES, chinese_header, contract_table, layer_columns
from .tables import write_csv, write_text, write_xlsx
from .text import code_label
from .text.contract import LAYER_DOCS

__all__ = ["write_project"]

_LON, _LAT, _SIDE = 117.65, 24.51, 0.02  # a 2 km square in Zhangzhou (WGS84)


def _square(x0: float, y0: float, side: float) -> dict:
    ring = [[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


#: one example row per input (canonical columns; vocabulary values as codes)
_EXAMPLES: dict[str, list[dict]] = {
    "areas": [
        {"area_id": "350699", "name": "示例县", "level": "county", "parent_id": "350600", "population": 60000,
         "pop_under3": 1500, "_geometry": _square(_LON, _LAT, _SIDE)},
        {"area_id": "350699100", "name": "示例镇", "level": "township", "parent_id": "350699", "population": 60000,
         "pop_under3": 1500, "unit_kind": "town", "_geometry": _square(_LON, _LAT, _SIDE)},
    ],
    "residential": [
        {"district_id": "R001", "name": "示例花园", "status": "new", "households": 800, "population": 2300,
         "completion_year": 2024, "urban": True, "_geometry": _square(_LON + 0.005, _LAT + 0.005, 0.003)},
    ],
    "facilities": [
        {"facility_id": "F001", "name": "示例托育中心", "kind": "childcare", "slots": 120, "status": "existing",
         "ownership": "private", "inclusive": True, "lon": _LON + 0.012, "lat": _LAT + 0.012},
    ],
    "candidates": [
        {"candidate_id": "C001", "name": "示例社区服务中心", "capacity": 100, "cost": 800000,
         "lon": _LON + 0.0065, "lat": _LAT + 0.0065},
    ],
    "venues": [
        {"venue_id": "V001", "name": "示例医院", "venue_type": "hospital", "has_nursing_room": False,
         "lon": _LON + 0.015, "lat": _LAT + 0.005},
    ],
    "special_families": [{"area_id": "350699", "special_assistance_members": 12}],
    "indicators": [
        {"area_id": "350699", "maternal_mortality": 6.5, "infant_mortality": 1.8, "premarital_check": 72.0,
         "prepregnancy_check": 94.0, "prenatal_screening": 93.0},
    ],
}  # fmt: skip

_GEOMETRY_LAYERS = ("areas", "residential")


def _cell(column: str, value, lang: str):
    """Return an example value as the template writes it (Chinese words in a Chinese template)."""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if (
        isinstance(value, str)
        and lang == "zh"
        and column in ("kind", "status", "level", "unit_kind", "ownership", "venue_type")
    ):
        return code_label(value, "zh")
    return value


def _header(column: str, lang: str) -> str:
    if column in ("lon", "lat"):
        return {"lon": "经度", "lat": "纬度"}[column] if lang == "zh" else column
    return chinese_header(column) if lang == "zh" else column


def _example_frame(name: str, lang: str) -> pd.DataFrame:
    """Return the template table of an input: every column (headers in ``lang``), one example row."""
    columns = [c for c, _ in layer_columns(name)]
    if name not in _GEOMETRY_LAYERS and name in ("facilities", "candidates", "venues"):
        columns += ["lon", "lat"]
    rows = [{_header(c, lang): _cell(c, row.get(c), lang) for c in columns} for row in _EXAMPLES[name]]
    return pd.DataFrame(rows, columns=[_header(c, lang) for c in columns])


def _geojson(name: str, lang: str) -> str:
    frame = _example_frame(name, lang)
    features = [
        {"type": "Feature", "properties": {k: (None if pd.isna(v) else v) for k, v in props.items()},
         "geometry": row["_geometry"]}
        for props, row in zip(frame.to_dict("records"), _EXAMPLES[name], strict=True)
    ]  # fmt: skip
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def _file_names(lang: str) -> dict[str, str]:
    """Return the template file of each input."""
    return {name: f"{name}.geojson" if name in _GEOMETRY_LAYERS else f"{name}.xlsx" for name in INPUT_NAMES}


_GUIDE = {"zh": "填表说明", "en": "columns"}
_EXAMPLE_SHEET = {"zh": "数据", "en": "data"}

#: the config template: (line, English comment, Chinese comment) — one language is written
_CONFIG_LINES: list[tuple[str, str, str]] = [
    ("", "carefac project config. Paths are relative to this file. Replace the example rows of each template with your data; carefac validate carefac.toml lists every problem at once.",
     "carefac 项目配置。路径相对于本文件。把各模板中的示例行换成您的数据；carefac validate carefac.toml 一次列出所有问题。"),
    ("[layers.areas]", "county and township polygons (GeoPackage, Shapefile or GeoJSON); columns in areas: see 填表说明.xlsx",
     "县(区)和乡镇(街道)面（GeoPackage、Shapefile 或 GeoJSON）；各列见 填表说明.xlsx"),
    ('path = "areas.geojson"', "county and township boundaries in two files: path = [\"counties.shp\", \"townships.shp\"]",
     "县界、乡镇界分为两个文件时：path = [\"县界.shp\", \"乡镇界.shp\"]"),
    ('crs = "wgs84"', "coordinate system when the file does not say: wgs84, cgcs2000, gcj02 (Amap), bd09 (Baidu), an EPSG code or \"CGCS2000 3-degree zone 39\"",
     "文件未注明坐标系时填写：wgs84、cgcs2000、gcj02（高德）、bd09（百度）、EPSG代码或“CGCS2000 3度带 39带”"),
    ("[layers.residential]", "residential districts (polygons)", "居住区（面）"),
    ('path = "residential.geojson"', "", ""),
    ('crs = "wgs84"', "", ""),
    ("[layers.facilities]", "facilities: one row per facility, with longitude and latitude", "设施：每个设施一行，含经纬度"),
    ('path = "facilities.xlsx"', "or facilities.csv; one file per county: path = [\"east.xlsx\", \"west.xlsx\"]",
     "也可用 facilities.csv；每县一个文件时：path = [\"东县.xlsx\", \"西县.xlsx\"]"),
    ('crs = "wgs84"', "", ""),
    ("[layers.candidates]", "candidate sites for new childcare", "新建托育设施候选站点"),
    ('path = "candidates.xlsx"', "", ""),
    ('crs = "wgs84"', "", ""),
    ("[layers.venues]", "public venues that need a nursing room", "须建妈妈小屋的公共场所"),
    ('path = "venues.xlsx"', "", ""),
    ('crs = "wgs84"', "", ""),
    ("[tables.special_families]", "per county: members of families bereaved of their only child", "各县(区)独生子女死亡特别扶助对象人数"),
    ('path = "special_families.xlsx"', "", ""),
    ("[tables.indicators]", "per county: 2025 health indicators", "各县(区)2025年健康指标"),
    ('path = "indicators.xlsx"', "", ""),
    ("[policy]", "the plan whose rules are checked: carefac rules lists them", "检查所依据的规划；carefac rules 列出各项规则"),
    ('profile = "zhangzhou-2023"', "or china-14th-fyp, or the path of your own profile", "或 china-14th-fyp，或自建配置文件的路径"),
    ("[optimize]", "what carefac run proposes", "carefac run 的选址设置"),
    ('model = "shortfall"', "shortfall, mclp, p-median, p-center, attendance, lscp, capacitated, ratio-target",
     "可选 shortfall、mclp、p-median、p-center、attendance、lscp、capacitated、ratio-target"),
    ("new_sites = 1", "number of new sites", "新建站点数"),
    ("# radius_m = 300", "service radius in metres (default: the profile's service_distance_m)", "服务半径（米；默认取配置中的服务半径）"),
    ("# time_limit_s = 60", "the optimizer's time limit in seconds", "优化求解时间上限（秒）"),
    ("[output]", "", ""),
    ('lang = "{lang}"', "zh or en", "zh（中文）或 en（英文）"),
    ('crs = "cgcs2000"', "GIS files: cgcs2000 (EPSG:4490), wgs84 or gcj02", "GIS文件坐标系：cgcs2000（EPSG:4490）、wgs84 或 gcj02"),
    ('# dir = "outputs/run"', "output folder (default: outputs/run under the folder carefac runs from)", "输出文件夹（默认：运行目录下的 outputs/run）"),
]  # fmt: skip


def _config_text(lang: str) -> str:
    lines = []
    for line, en, zh in _CONFIG_LINES:
        comment = zh if lang == "zh" else en
        if line.startswith("[") and lines:
            lines.append("")
        if not line:
            lines.append(f"# {comment}")
        elif comment:
            lines.append(f"{line.format(lang=lang):<34}# {comment}")
        else:
            lines.append(line.format(lang=lang))
    return "\n".join(lines) + "\n"


def write_project(folder: str | Path, *, lang: str = "zh") -> list[Path]:
    """Write a new project into ``folder``: ``carefac.toml``, a template per layer and table
    (XLSX with a 填表说明 sheet, and a CSV twin; GeoJSON for the polygon layers) and
    ``填表说明.xlsx`` (every input's columns). Returns the files written.

    Raises
    ------
    CarefacError
        ``folder`` already holds a ``carefac.toml`` (nothing is overwritten).
    """
    folder = Path(folder)
    if (folder / "carefac.toml").exists():
        raise CarefacError.said("project_exists", config=folder / "carefac.toml")
    folder.mkdir(parents=True, exist_ok=True)
    written = [write_text(_config_text(lang), folder / "carefac.toml")]
    guides = {}
    for name, file in _file_names(lang).items():
        guide = contract_table(name, lang)
        guides[name] = guide
        if name in _GEOMETRY_LAYERS:
            written.append(write_text(_geojson(name, lang), folder / file))
            continue
        data = _example_frame(name, lang)
        written.append(write_xlsx({_EXAMPLE_SHEET[lang]: data, _GUIDE[lang]: guide}, folder / file))
        written.append(write_csv(data, folder / file.replace(".xlsx", ".csv")))
    description = pd.DataFrame(
        [
            (name, LAYER_DOCS[name][1 if lang == "zh" else 0], file)
            for name, file in _file_names(lang).items()
        ],
        columns=["输入", "每行是", "模板文件"] if lang == "zh" else ["input", "one row is", "template"],
    )
    sheets = {("输入文件" if lang == "zh" else "inputs"): description, **guides}
    written.append(write_xlsx(sheets, folder / ("填表说明.xlsx" if lang == "zh" else "columns.xlsx")))
    return written
