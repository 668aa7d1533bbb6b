"""Result tables: Chinese or English headers, and atomic CSV / XLSX / JSON / GeoJSON writers.

Every writer writes to a temporary file in the target folder and renames it into place, so a
reader never sees a half-written file and a failed run leaves the old file as it was.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

__all__ = ["HEADERS", "localise", "write_csv", "write_geojson", "write_json", "write_xlsx"]

#: canonical column → (Chinese, English) header.
HEADERS: dict[str, tuple[str, str]] = {
    "area_id": ("区划代码", "area_id"),
    "name": ("名称", "name"),
    "level": ("层级", "level"),
    "parent_id": ("上级代码", "parent_id"),
    "population": ("常住人口", "population"),
    "slots": ("托位数", "slots"),
    "slots_per_1000": ("每千人口托位数", "slots_per_1000"),
    "target_per_1000": ("目标每千人口托位数", "target_per_1000"),
    "slots_needed": ("尚需托位数", "slots_needed"),
    "meets_target": ("是否达标", "meets_target"),
    "facilities": ("托育机构数", "facilities"),
    "pop_under3": ("3岁以下人口", "pop_under3"),
    "slots_per_100_under3": ("每百名3岁以下婴幼儿托位数", "slots_per_100_under3"),
    "layer": ("图层", "layer"),
    "facility_id": ("机构编号", "facility_id"),
    "kind": ("类型", "kind"),
    "status": ("状态", "status"),
    "source_row": ("源文件行号", "source_row"),
    "lon": ("经度", "lon"),
    "lat": ("纬度", "lat"),
}

_UMASK = os.umask(0)
os.umask(_UMASK)

#: canonical value → Chinese label, for vocabulary cells.
VALUE_LABELS_ZH: dict[str, str] = {
    "city": "市",
    "county": "县(区)",
    "township": "乡镇(街道)",
}


def localise(
    frame: pd.DataFrame, lang: str = "zh", *, extra: Mapping[str, tuple[str, str]] | None = None
) -> pd.DataFrame:
    """Return ``frame`` with headers (and level values) in Chinese (``"zh"``) or English (``"en"``).

    Columns without a known header keep their names.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    headers = {**HEADERS, **(extra or {})}
    index = 0 if lang == "zh" else 1
    out = frame.copy()
    if lang == "zh":
        if "level" in out:
            out["level"] = out["level"].map(lambda v: VALUE_LABELS_ZH.get(v, v))
        for column in out.columns:
            if out[column].dtype == bool:
                out[column] = out[column].map({True: "是", False: "否"})
    return out.rename(columns={c: headers[c][index] for c in out.columns if c in headers})


@contextmanager
def _atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` and rename it into place when the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_UMASK)
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _write_atomically(path: str | Path, write: Callable[[Path], Any]) -> Path:
    """Run ``write(tmp_path)`` and move the result to ``path``; return ``path``."""
    with _atomic_path(path) as tmp:
        write(tmp)
    return Path(path)


def write_csv(frame: pd.DataFrame, path: str | Path, *, decimals: int = 3) -> Path:
    """Write ``frame`` as UTF-8 CSV with a BOM (so Excel shows Chinese correctly).

    Floating-point columns are rounded to ``decimals`` places.
    """
    rounded = frame.round(decimals)
    return _write_atomically(path, lambda tmp: rounded.to_csv(tmp, index=False, encoding="utf-8-sig"))


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path, *, decimals: int = 3) -> Path:
    """Write one sheet per table to an Excel workbook (sheet names cut to Excel's 31 characters)."""

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in sheets.items():
                frame.round(decimals).to_excel(writer, sheet_name=name[:31], index=False)

    return _write_atomically(path, write)


def write_json(data: Any, path: str | Path) -> Path:
    """Write ``data`` as indented UTF-8 JSON (non-ASCII kept readable)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return _write_atomically(path, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"))


def write_geojson(gdf: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write a layer as GeoJSON in WGS84 (RFC 7946)."""
    text = gdf.to_crs(4326).to_json(ensure_ascii=False, drop_id=True)
    return _write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
