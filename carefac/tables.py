"""Result tables: Chinese or English headers, and atomic CSV / XLSX / JSON / GeoJSON writers.

Every writer writes to a temporary file in the target folder and renames it into place, so a
reader never sees a half-written file and a failed run leaves the old file as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

__all__ = [
    "HEADERS",
    "RULE_TITLES",
    "localise",
    "localise_flags",
    "output_folder",
    "rule_title",
    "write_csv",
    "write_geojson",
    "write_json",
    "write_bytes",
    "write_text",
    "write_xlsx",
]

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
    "rule": ("规则", "rule"),
    "subject_id": ("对象编号", "subject_id"),
    "subject_name": ("对象名称", "subject_name"),
    "measured": ("测量值", "measured"),
    "threshold": ("阈值", "threshold"),
    "unit": ("单位", "unit"),
    "reason": ("原因", "reason"),
    "reason_code": ("原因代码", "reason_code"),
    "shortfall": ("缺口", "shortfall"),
    "better_than_province": ("优于全省平均", "better_than_province"),
    "rank": ("排名", "rank"),
    "candidate_id": ("候选点编号", "candidate_id"),
    "capacity": ("托位容量", "capacity"),
    "demand_served": ("服务3岁以下婴幼儿", "demand_served"),
    "marginal_gain": ("边际增益", "marginal_gain"),
    "demand_id": ("需求点编号", "demand_id"),
    "demand_name": ("需求点名称", "demand_name"),
    "weight": ("3岁以下婴幼儿", "weight"),
    "weight_basis": ("权重来源", "weight_basis"),
    "facility_kind": ("设施类型", "facility_kind"),
    "distance_m": ("距离(米)", "distance_m"),
    "within_radius": ("服务半径内", "within_radius"),
    "flagged": ("不达标", "flagged"),
    "ok": ("达标", "ok"),
    "not_applicable": ("不适用", "not_applicable"),
    "skipped": ("未检查", "skipped"),
    "new_sites": ("新建站点数", "new_sites"),
    "objective": ("目标值", "objective"),
    "bound": ("已证明的界", "bound"),
    "gap": ("差距", "gap"),
    "seconds": ("用时(秒)", "seconds"),
    "sense": ("方向", "sense"),
}

#: rule id → (Chinese, English) title, for sheet names and reports.
RULE_TITLES: dict[str, tuple[str, str]] = {
    "slots_per_1000": ("每千人口托位数", "slots per 1000"),
    "new_residential_childcare": ("新建居住区配建托育", "new districts childcare"),
    "old_residential_childcare": ("老旧居住区托育缺口", "old districts childcare"),
    "township_parent_child_room": ("乡镇向日葵亲子小屋", "township parent-child room"),
    "county_mch_grade": ("县级妇幼保健机构等级", "county MCH grade"),
    "warm_home": ("暖心家园", "warm home"),
    "nursing_room": ("妈妈小屋", "nursing rooms"),
    "smart_vaccination": ("智慧化预防接种门诊", "smart vaccination clinics"),
    "prenatal_screening_per_county": ("产前筛查机构", "prenatal screening"),
    "designated_hospital_per_county": ("特殊家庭定点医院", "designated hospital"),
    "city_mch_grade": ("市级妇幼保健机构等级", "city MCH grade"),
    "indicator_maternal_mortality": ("孕产妇死亡率", "maternal mortality"),
    "indicator_infant_mortality": ("婴儿死亡率", "infant mortality"),
    "indicator_premarital_check": ("婚前医学检查率", "premarital check rate"),
    "indicator_prepregnancy_check": ("孕前优生健康检查覆盖率", "pre-pregnancy check coverage"),
    "indicator_prenatal_screening": ("产前筛查率", "prenatal screening rate"),
}

UNIT_LABELS_ZH = {
    "slots per 1000": "个/千人",
    "slots": "个托位",
    "m": "米",
    "rooms": "所",
    "grade": "级",
    "members": "人",
    "share": "比例",
    "institutions": "所",
    "hospitals": "所",
    "per 100,000": "/10万",
    "per 1,000": "‰",
}

STATUS_LABELS_ZH = {"flagged": "不达标", "ok": "达标", "not_applicable": "不适用", "skipped": "未检查"}

_UMASK = os.umask(0)
os.umask(_UMASK)

#: canonical value → Chinese label, for vocabulary cells.
VALUE_LABELS_ZH: dict[str, str] = {
    "city": "市",
    "county": "县(区)",
    "township": "乡镇(街道)",
    "existing": "现有",
    "proposed": "拟建",
    "pop_under3": "3岁以下人口",
    "estimated_under3": "按所在区域比例估算",
    "estimated_census2020": "按2020年普查年龄结构估算",
    "population": "常住人口",
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
        for column in ("level", "facility_kind", "weight_basis"):
            if column in out:
                out[column] = out[column].map(lambda v: VALUE_LABELS_ZH.get(v, v))
        for column in out.columns:
            if out[column].dtype == bool:
                out[column] = out[column].map({True: "是", False: "否"})
    return out.rename(columns={c: headers[c][index] for c in out.columns if c in headers})


def localise_flags(flags: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Return a flags table for output: reasons and status words in ``lang``, localised headers."""
    out = flags.copy()
    if lang == "zh":
        out["reason"] = out.pop("reason_zh")
        out["status"] = out["status"].map(lambda v: STATUS_LABELS_ZH.get(v, v))
        out["unit"] = out["unit"].map(lambda v: UNIT_LABELS_ZH.get(v, v))
    else:
        out = out.drop(columns=["reason_zh"])
    return localise(out, lang)


def rule_title(rule: str, lang: str = "zh") -> str:
    """Return the human title of a rule (its id when unknown)."""
    return RULE_TITLES.get(rule, (rule, rule))[0 if lang == "zh" else 1]


LOCK_NAME = ".carefac.lock"


def _process_start(pid: int) -> str | None:
    """Return a process's start time (clock ticks since boot, from /proc) or None when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22: starttime


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(lock: Path) -> tuple[int, str | None]:
    """Return the pid and start time written in a lock file (0 when unreadable)."""
    try:
        fields = (lock.read_text().strip() or "0").split()
        return int(fields[0]), fields[1] if len(fields) > 1 else None
    except (OSError, ValueError):
        return 0, None


def _held_by_live_run(pid: int, started: str | None) -> bool:
    """Return whether the lock's process still runs: same pid and, where known, same start time
    (a pid reused by another program after a crash does not hold the lock)."""
    if not pid or not _pid_alive(pid):
        return False
    now = _process_start(pid)
    return started is None or now is None or now == started


def _take_lock(folder: Path) -> Path:
    """Create the folder's lock file, or raise when another live run holds it."""
    from ._errors import CarefacError

    lock = folder / LOCK_NAME
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder, started = _holder(lock)
            if _held_by_live_run(holder, started):
                raise CarefacError(
                    f"another carefac run (process {holder}) is writing to {folder}; wait for it to finish or use "
                    f"another --out folder. If no carefac run is writing there, delete {lock} and run again"
                ) from None
            lock.unlink(
                missing_ok=True
            )  # stale lock of a run that died, or a pid now used by another program
            continue
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{os.getpid()} {_process_start(os.getpid()) or ''}".strip())
        return lock
    raise CarefacError(f"could not lock {folder}; remove {lock} if no carefac run is writing there")


STAGING_PREFIX = ".carefac-staging-"
RECORD_NAME = "run.json"


def _earlier_outputs(folder: Path) -> set[str]:
    """Return the file names the previous run recorded in ``run.json`` (empty when none)."""
    try:
        record = json.loads((folder / RECORD_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    names = record.get("outputs", []) if isinstance(record, dict) else []
    return {
        n for n in names if isinstance(n, str) and "/" not in n and "\\" not in n and not n.startswith(".")
    }


@contextmanager
def output_folder(folder: str | Path) -> Iterator[Path]:
    """Yield a staging folder inside ``folder``; move its files into ``folder`` when the block succeeds.

    A run that fails (or is interrupted) leaves ``folder`` as it was (its staged files are
    removed); staging folders left by a run that was killed are removed by the next run; a lock
    file keeps two runs from writing into the same folder at once. When the block succeeds, the
    files an earlier run recorded in ``run.json`` and this run did not write are removed, so no
    stale table sits beside the new ones (files carefac did not write are never touched).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = _take_lock(folder)
    try:
        for old in folder.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(old, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
        try:
            yield staging
            written = {item.name for item in staging.iterdir()}
            stale = _earlier_outputs(folder) - written
            for item in sorted(staging.iterdir()):
                os.replace(item, folder / item.name)
            for name in stale:
                (folder / name).unlink(missing_ok=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        lock.unlink(missing_ok=True)


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


_COORDINATE_COLUMNS = {"lon", "lat", "经度", "纬度"}


def _rounded(frame: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """Return ``frame`` with numbers rounded to ``decimals`` (coordinates to 6 decimals, ~0.1 m)."""
    return frame.round({c: 6 if c in _COORDINATE_COLUMNS else decimals for c in frame.columns})


#: Text starting with one of these is a formula to Excel and WPS (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _defused(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with text cells that a spreadsheet would run as formulas prefixed by ``'``.

    Only text cells change (numbers, even negative ones, stay numbers); ``'=1+1`` shows as the
    text ``=1+1`` in Excel and WPS.
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: "'" + v if _is_formula_like(v) else v)
    return out


def write_csv(frame: pd.DataFrame, path: str | Path, *, decimals: int = 3) -> Path:
    """Write ``frame`` as UTF-8 CSV with a BOM (so Excel shows Chinese correctly).

    Floating-point columns are rounded to ``decimals`` places; text that a spreadsheet would
    run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) is written with a leading ``'``.
    """
    rounded = _defused(_rounded(frame, decimals))
    return _write_atomically(path, lambda tmp: rounded.to_csv(tmp, index=False, encoding="utf-8-sig"))


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path, *, decimals: int = 3) -> Path:
    """Write one sheet per table to an Excel workbook (sheet names cut to Excel's 31 characters).

    Every text cell is a string cell, never a live formula, whatever it starts with.
    """

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in sheets.items():
                _rounded(frame, decimals).to_excel(writer, sheet_name=name[:31], index=False)
                for row in writer.sheets[name[:31]].iter_rows():
                    for cell in row:
                        if cell.data_type == "f":  # text such as "=HYPERLINK(…)" from the user's data
                            cell.data_type = "s"

    return _write_atomically(path, write)


def write_json(data: Any, path: str | Path) -> Path:
    """Write ``data`` as indented UTF-8 JSON (non-ASCII kept readable)."""
    return write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", path)


def write_bytes(data: bytes, path: str | Path) -> Path:
    """Write bytes (a PNG, say) atomically."""
    return _write_atomically(path, lambda tmp: tmp.write_bytes(data))


def write_text(text: str, path: str | Path) -> Path:
    """Write UTF-8 text (an HTML page, say) atomically."""
    return _write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_geojson(gdf: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write a layer as GeoJSON in WGS84 (RFC 7946)."""
    return write_text(gdf.to_crs(4326).to_json(ensure_ascii=False, drop_id=True), path)
