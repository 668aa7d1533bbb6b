"""Result tables: Chinese or English headers, and atomic CSV / XLSX / JSON / GeoJSON writers.

Every writer writes to a temporary file in the target folder and renames it into place, so a
reader never sees a half-written file and a failed run leaves the old file as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from ._errors import CarefacError
from .checks import rule_title
from .model import CITY_TOTAL_NAME
from .text import (
    CITY_TOTAL_EN,
    CONSOLE,
    HEADERS,
    STATUS_WORDS,
    UNITS,
    VALUE_LABELS_ZH,
    distance_name,
    method_name,
    model_name,
    say,
)

__all__ = [
    "HEADERS",
    "localise",
    "localise_curve",
    "objective_unit",
    "plan_sentence",
    "area_name",
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


def _umask() -> int:
    """Return the process umask without changing it (Linux: /proc/self/status; else a 0o022 default)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


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
    if lang == "en":
        for column in ("name", "subject_name"):
            if column in out:
                out[column] = out[column].replace(CITY_TOTAL_NAME, CITY_TOTAL_EN)
    if lang == "zh":
        for column in ("level", "facility_kind", "weight_basis"):
            if column in out:
                out[column] = out[column].map(lambda v: VALUE_LABELS_ZH.get(v, v))
        for column in out.columns:
            if out[column].dtype == bool:
                out[column] = out[column].map({True: "是", False: "否"})
    return out.rename(columns={c: headers[c][index] for c in out.columns if c in headers})


def objective_unit(model: str, lang: str = "zh", *, radius_m: float, demand: pd.DataFrame | None = None) -> str:
    """Return what ``model``'s objective counts, in ``lang`` ("children under 3 within 300 m",
    "slots of shortfall closed" …; residents when ``demand`` is weighted by population)."""
    basis = demand["weight_basis"] if demand is not None and "weight_basis" in demand else pd.Series(dtype=object)
    who = say("who_population" if len(basis) and (basis == "population").all() else "who_under3", lang)
    key = f"objective_{model}"
    return say(key, lang, who=who, radius=radius_m) if key in CONSOLE else ""


def plan_sentence(plan, lang: str = "zh") -> str:
    """Return the one-line summary of a site plan in ``lang``: model, sites, radius, objective
    with what it counts (children within reach, slots closed, mean distance …), bound, gap,
    status and method. The console and the report both say it."""
    r = plan.result
    status = say(f"status_{r.status}", lang) if f"status_{r.status}" in CONSOLE else r.status
    unit = objective_unit(plan.model, lang, radius_m=plan.radius_m, demand=plan.demand)
    if plan.model in ("p-median", "capacitated"):  # child-metres, said as the mean distance too
        served = plan.allocation["facility_id"].notna()
        weight = float(plan.allocation.loc[served, "weight"].sum())
        if weight > 0:
            unit = say("mean_distance", lang, unit=unit, mean=r.objective / weight)
    return say(
        "plan", lang, model=model_name(plan.model, lang), sites=len(plan.sites), radius=plan.radius_m,
        distance=distance_name(plan.distance, lang), objective=r.objective, unit=unit, bound=r.bound, gap=r.gap,
        status=status, method=method_name(r.method, lang),
    )  # fmt: skip


def localise_curve(curve: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Return a sites curve for output: each point's status and the objective's sense as words in
    ``lang`` (a Chinese run says 已证明最优, not optimal), localised headers."""
    out = curve.copy()
    if lang == "zh":
        out["status"] = out["status"].map(lambda s: say(f"status_{s}", lang) if f"status_{s}" in CONSOLE else s)
        out["sense"] = out["sense"].map(lambda s: VALUE_LABELS_ZH.get(s, s))
    return localise(out, lang)


def _whole_if_integral(value):
    """Return a whole float as an int (715.0 → 715), other values unchanged (a blank stays NaN)."""
    if value is None or value != value:
        return float("nan")
    return int(value) if isinstance(value, float) and value.is_integer() else value


def area_name(name: str, lang: str) -> str:
    """Return an area's name for output in ``lang`` (the whole study area's 全市 is "whole city" in English)."""
    return CITY_TOTAL_EN if lang == "en" and name == CITY_TOTAL_NAME else name


def localise_flags(flags: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Return a flags table for output: reasons and status words in ``lang``, localised headers."""
    out = flags.copy()
    index = 1 if lang == "zh" else 0
    out.insert(1, "rule_title", out["rule"].map(lambda r: rule_title(r, lang)))
    if lang == "zh":
        out["reason"] = out.pop("reason_zh")
    else:
        out = out.drop(columns=["reason_zh"])
    out["status"] = out["status"].map(lambda v: STATUS_WORDS.get(v, (v, v))[index])
    for column in ("measured", "threshold", "shortfall"):  # counts print as 715, not 715.0
        out[column] = pd.Series([_whole_if_integral(v) for v in out[column]], index=out.index, dtype=object)
    out["unit"] = out["unit"].map(lambda v: UNITS.get(v, (v, v))[index])
    if "better_than_province" in out:
        yes_no = ("是", "否") if lang == "zh" else ("yes", "no")
        out["better_than_province"] = out["better_than_province"].map(
            lambda v: "" if v is None or v != v else (yes_no[0] if v else yes_no[1])
        )
    return localise(out, lang)


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
                raise CarefacError.said("folder_locked", holder=holder, folder=folder, lock=lock) from None
            lock.unlink(
                missing_ok=True
            )  # stale lock of a run that died, or a pid now used by another program
            continue
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{os.getpid()} {_process_start(os.getpid()) or ''}".strip())
        return lock
    raise CarefacError.said("folder_unlockable", folder=folder, lock=lock)


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


def _move_into_place(item: Path, target: Path, *, ours: bool) -> None:
    """Move a staged file or folder to ``target``; a folder replaces an earlier run's folder of
    that name (``ours``), never a folder carefac did not write."""
    if item.is_dir() and target.is_dir() and not target.is_symlink():
        if not ours:
            raise CarefacError.said("output_foreign", target=target)
        aside = target.with_name(f"{STAGING_PREFIX}old-{target.name}")
        os.replace(target, aside)
        os.replace(item, target)
        shutil.rmtree(aside, ignore_errors=True)
        return
    os.replace(item, target)


def _same_file(target: Path, inputs: frozenset[Path]) -> bool:
    """Return whether ``target`` is one of ``inputs``, a shapefile's part beside one (areas.dbf) or a
    folder holding one (an earlier run's ``shapefiles/`` read as this run's input)."""
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        resolved = target.absolute()
    return resolved in inputs or any(
        resolved in i.parents or (i.suffix.lower() == ".shp" and resolved.parent == i.parent and resolved.stem == i.stem)
        for i in inputs
    )


@contextmanager
def output_folder(folder: str | Path, *, inputs: Iterable[Path] = ()) -> Iterator[Path]:
    """Yield a staging folder inside ``folder``; move its files into ``folder`` when the block succeeds.

    A run that fails (or is interrupted) leaves ``folder`` as it was (its staged files are
    removed); staging folders left by a run that was killed are removed by the next run; a lock
    file keeps two runs from writing into the same folder at once. When the block succeeds, the
    files an earlier run recorded in ``run.json`` and this run did not write are removed, so no
    stale table sits beside the new ones (files carefac did not write are never touched). An
    output that would replace one of ``inputs`` (a previous run's ``proposed_sites.csv`` read as
    this run's candidates) stops the run before anything is moved; an input is never removed as stale.
    """
    folder = Path(folder)
    inputs = frozenset(Path(i).resolve() for i in inputs)
    folder.mkdir(parents=True, exist_ok=True)
    lock = _take_lock(folder)
    try:
        for old in folder.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(old, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
        try:
            yield staging
            written = {item.name for item in staging.iterdir()}
            replaced = sorted(name for name in written if _same_file(folder / name, inputs))
            if replaced:
                raise CarefacError.said("output_replaces_input", names=", ".join(replaced),
                                        inputs=", ".join(str((folder / n).resolve()) for n in replaced))  # fmt: skip
            earlier = _earlier_outputs(folder)
            stale = {name for name in earlier - written if not _same_file(folder / name, inputs)}
            for item in sorted(staging.iterdir()):
                _move_into_place(item, folder / item.name, ours=item.name in earlier)
            for name in stale:
                target = folder / name
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target, ignore_errors=True)
                else:
                    target.unlink(missing_ok=True)
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
        os.chmod(tmp_path, 0o666 & ~_umask())
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


#: what pandas calls an object column that holds floats among other cells
_HOLDING_FLOATS = frozenset({"floating", "mixed-integer-float", "mixed"})


def _rounded(frame: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """Return ``frame`` with numbers rounded to ``decimals`` (coordinates to 6 decimals, ~0.1 m)."""
    places = {c: 6 if c in _COORDINATE_COLUMNS else decimals for c in frame.columns}
    out = frame.round({c: places[c] for c in frame.columns if pd.api.types.is_float_dtype(frame[c])})
    for column in frame.columns:  # a column of numbers and blanks kept as objects (a rule's shortfall: 1.0999999999999996)
        if frame[column].dtype == object and pd.api.types.infer_dtype(frame[column]) in _HOLDING_FLOATS:
            cells = [round(v, places[column]) if isinstance(v, float) else v for v in frame[column]]
            out[column] = pd.Series(cells, index=frame.index, dtype=object)
    return out


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
            cells = ["'" + v if _is_formula_like(v) else v for v in out[column]]
            out[column] = pd.Series(cells, index=out.index, dtype=out[column].dtype)
    return out


def write_csv(frame: pd.DataFrame, path: str | Path, *, decimals: int = 3) -> Path:
    """Write ``frame`` as UTF-8 CSV with a BOM (so Excel shows Chinese correctly).

    Floating-point columns are rounded to ``decimals`` places; text that a spreadsheet would
    run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) is written with a leading ``'``.
    """
    rounded = _defused(_rounded(frame, decimals))
    return _write_atomically(path, lambda tmp: rounded.to_csv(tmp, index=False, encoding="utf-8-sig"))


def _sheet_names(names: list[str]) -> list[str]:
    """Return Excel-safe sheet names: no ``[]:*?/\\``, at most 31 characters, unique."""
    out: list[str] = []
    for name in names:
        safe = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "sheet"
        candidate, n = safe, 2
        while candidate.lower() in {o.lower() for o in out}:
            candidate = f"{safe[: 31 - len(str(n)) - 1]}~{n}"
            n += 1
        out.append(candidate)
    return out


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path, *, decimals: int = 3) -> Path:
    """Write one sheet per table to an Excel workbook (sheet names cut to Excel's 31 characters).

    Every text cell is a string cell, never a live formula, whatever it starts with.
    """

    def write(tmp: Path) -> None:
        # text such as "=HYPERLINK(…)" from the user's data stays text: no formulas, no links
        options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        with pd.ExcelWriter(tmp, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
            for name, frame in zip(_sheet_names(list(sheets)), sheets.values(), strict=True):
                _rounded(frame, decimals).to_excel(writer, sheet_name=name, index=False)

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
