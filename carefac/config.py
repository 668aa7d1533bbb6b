"""Project configuration (TOML): input layers, county tables, policy, distance, output.

Paths are relative to the config file. Unknown tables and keys are errors that name them.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from ._errors import ConfigError, Problem, ValidationError, problem, raise_if_any
from ._notices import quoted
from ._numbers import codes_as_text, first_data_row, header_unit, headers_undecorated
from ._schema import COLUMN_ALIASES, headers_holding, normalise_key
from ._settings import config_value_problems
from .io import (
    ALL_SHEETS,
    EVERY_ROW_KEYS,
    alike_sheets,
    missing_file_problem,
    passed_over_notices,
    read_layer,
    read_table,
)
from .model import StudyArea
from .network import EUCLIDEAN, Distances, RoadNetwork, snap_points
from .policy import DEFAULT_PROFILE, Policy, available_profiles, load_policy

__all__ = ["ProjectConfig", "file_sha256", "input_bytes", "load_config"]

LAYER_NAMES = ("areas", "facilities", "residential", "candidates", "venues")
TABLE_NAMES = ("special_families", "indicators")
_LAYER_KEYS = {"path", "crs", "columns", "x", "y", "encoding", "layer", "sheet", "outside", "area_sums", "join",
               *EVERY_ROW_KEYS}
_TABLE_KEYS = {"path", "columns", "sheet", "encoding"}
_SECTION_KEYS: dict[str, set[str]] = {
    "policy": {"profile", "overrides"},
    "distance": {"method", "graph", "mode", "snap_limit_m", "crs"},
    "optimize": {"model", "new_sites", "radius_m", "time_limit_s", "method", "level", "demand", "weight"},
    "output": {"dir", "lang", "crs"},
}
_TOP_KEYS = {"layers", "tables", *_SECTION_KEYS}


def file_sha256(path: str | Path) -> str:
    """Return the SHA-256 of a file's bytes; of a folder (an ArcGIS .gdb), of its files' names and
    bytes in name order."""
    digest = hashlib.sha256()
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode())
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def input_bytes(path: str | Path) -> int:
    """Return the size of an input file, or of all the files of an input folder (an ArcGIS .gdb)."""
    path = Path(path)
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def _unknown(keys: set[str], allowed: set[str], where: str, source: str) -> list[Problem]:
    """Return one problem per key of ``keys`` that is not in ``allowed``."""
    return [
        problem(
            source,
            "config_unknown_key" if where else "config_unknown_table",
            key=key,
            where=where,
            allowed=", ".join(sorted(allowed)),
        )
        for key in sorted(keys - allowed)
    ]


def _structure_problems(raw: Mapping[str, Any], source: str) -> list[Problem]:
    """Return every unknown table or key in a raw config."""
    problems = _unknown(set(raw), _TOP_KEYS, "", source)
    for section, allowed in _SECTION_KEYS.items():
        if isinstance(raw.get(section), Mapping):
            problems += _unknown(set(raw[section]), allowed, section, source)
    for group, names, allowed in (("layers", LAYER_NAMES, _LAYER_KEYS), ("tables", TABLE_NAMES, _TABLE_KEYS)):
        entries = raw.get(group, {})
        for name in sorted(set(entries) - set(names)):
            problems.append(
                problem(
                    source,
                    "config_unknown_entry",
                    kind=group[:-1],
                    group=group,
                    name=name,
                    names=", ".join(names),
                )
            )
        for name in set(entries) & set(names):
            entry = entries[name]
            problems += _unknown(set(entry), allowed, f"{group}.{name}", source)
            if "path" not in entry:
                problems.append(problem(source, "config_no_path", group=group, name=name))
            for key in ("path", "join"):
                value = entry.get(key)
                if key == "path" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                    value = value[0] if len(value) == 1 else "; ".join(value)  # one file per county: read as one
                if value is not None and not isinstance(value, str):
                    problems.append(problem(source, "config_path_not_text", where=f"[{group}.{name}]", key=key,
                                            value=value))  # fmt: skip
                elif isinstance(value, str) and re.search(r"[\x00-\x1f]", value):
                    # "data\facilities.csv": in a TOML "…" string, \f is a form feed (and \t a tab, \b …)
                    # the control characters shown as escapes, the path's Chinese as written (数据\x0cacilities.csv)
                    shown = re.sub(r"[\x00-\x1f]", lambda m: m.group().encode("unicode_escape").decode("ascii"), value)
                    problems.append(problem(source, "config_path_escape", where=f"[{group}.{name}]", shown=shown))
    if "areas" not in raw.get("layers", {}):
        problems.append(problem(source, "config_no_areas"))
    return problems


@dataclass(frozen=True)
class ProjectConfig:
    """A parsed project configuration. Build it with :func:`load_config`."""

    path: Path
    raw: Mapping[str, Any] = field(repr=False)

    @property
    def base_dir(self) -> Path:
        """Return the folder that relative paths are resolved against."""
        return self.path.parent

    def resolve(self, relative: str | Path) -> Path:
        """Return a config path resolved against the config file's folder (a link loop is left
        unresolved, for the reader to report)."""
        if isinstance(relative, str) and os.sep == "/":  # a Windows path (data\\x.csv) on Linux or macOS
            relative = relative.replace("\\", "/")
        path = self.base_dir / Path(relative)
        try:
            return path.resolve()
        except (RuntimeError, OSError):
            return path.absolute()

    def layer_paths(self, name: str, group: str = "layers") -> list[Path]:
        """Return the files of a layer (``path = "x.shp"``, or a list: one file per county, read as one
        layer); ``group = "tables"``: of a county table, a folder standing for the files in it."""
        written = self.raw[group][name]["path"]
        paths = [self.resolve(p) for p in (written if isinstance(written, list) else [written])]
        if group == "tables" and len(paths) == 1 and paths[0].is_dir():
            from .io import TABLE_SUFFIXES, data_files_in

            return [p for p in data_files_in(paths[0]) if p.suffix.lower() in TABLE_SUFFIXES] or paths
        return paths

    def input_files(self) -> dict[str, Path]:
        """Return every input file named by the config, keyed by layer or table name (a layer of
        several files: ``facilities``, ``facilities (2)`` …)."""
        files = {}
        for name in self.raw.get("layers", {}):
            for k, path in enumerate(self.layer_paths(name)):
                files[name if k == 0 else f"{name} ({k + 1})"] = path
        files.update({f"{name}_join": self.resolve(spec["join"]) for name, spec in self.raw.get("layers", {}).items()
                      if "join" in spec})  # fmt: skip
        for name in self.raw.get("tables", {}):
            for k, path in enumerate(self.layer_paths(name, "tables")):
                files[name if k == 0 else f"{name} ({k + 1})"] = path
        return files

    def section(self, name: str) -> Mapping[str, Any]:
        """Return one top-level table (``policy``, ``distance``, ``optimize``, ``output``)."""
        return self.raw.get(name, {})

    @property
    def lang(self) -> str:
        """Return the output language (``zh`` or ``en``)."""
        return self.section("output").get("lang", "zh")

    def output_dir(self, override: str | Path | None = None) -> Path:
        """Return the output folder: ``override``, else [output] dir, else ``outputs/run``."""
        if override is not None:
            return Path(override)
        configured = self.section("output").get("dir")
        return self.resolve(configured) if configured else Path("outputs/run")

    def policy(self) -> Policy:
        """Return the policy profile with the config's overrides.

        Raises
        ------
        ConfigError
            The profile cannot be read, or cannot run the rules it enables (a key they read is
            not set: see :func:`carefac.checks.profile_problems`).
        """
        from .checks import profile_problems

        section = self.section("policy")
        profile = section.get("profile", DEFAULT_PROFILE)
        if profile not in available_profiles():
            profile = self.resolve(profile)
        policy = load_policy(profile, overrides=section.get("overrides"))
        raise_if_any(profile_problems(policy), ConfigError)
        return policy

    def distances(self, study: StudyArea) -> Distances:
        """Return how distances are measured: [distance] method = "euclidean" (default) or "network"."""
        section = self.section("distance")
        method = section.get("method", "euclidean")
        if method == "euclidean":
            return EUCLIDEAN
        problems = []
        if method != "network":
            problems.append(problem(self.path.name, "distance_method_unknown", method=method))
        if "graph" not in section:
            problems.append(problem(self.path.name, "distance_no_graph"))
        raise_if_any(problems, ConfigError)
        path = self.resolve(section["graph"])
        if not path.exists():
            raise ConfigError([missing_file_problem(path, graph=True)])
        from .roads import load_graph

        graph = load_graph(path, mode=section.get("mode", "walk"), crs=section.get("crs"))
        network = RoadNetwork.from_graph(graph, study.crs)
        distances = Distances("network", network, float(section.get("snap_limit_m", 500.0)), path.name)
        _check_network_covers(study, distances, path.name)
        return distances

    def read_tables(self) -> dict[str, pd.DataFrame]:
        """Return the county tables with a canonical ``area_id`` column (区划代码 … recognised,
        ``350601.0`` read as ``350601``), every value checked: a cell that cannot be read is an
        error naming file, column and row, never a silently skipped check."""
        tables, problems = {}, []
        for name, spec in self.raw.get("tables", {}).items():
            parts = []
            for path, sheet in self._table_sheets(name):
                try:
                    frame = read_table(path, sheet=sheet, encoding=spec.get("encoding"))
                except ValidationError as exc:
                    problems += exc.problems
                    continue
                renames = {column: canonical for canonical, column in spec.get("columns", {}).items()}
                frame = frame.rename(columns=renames)
                frame = frame.rename(columns=headers_undecorated(c for c in frame.columns if c not in renames.values()))
                turned = _indicators_turned(frame) if name == "indicators" else None
                if turned is not None:  # 指标 | 芗城区 | 龙文区: a row per county, problems named in the sheet's cells
                    frame = _with_attrs(turned[0], frame.attrs)
                checked, table_problems = _checked_county_table(name, frame, path.name)
                problems += [_in_turned_cells(p, turned[1]) for p in table_problems] if turned else table_problems
                checked.attrs["passed_over"] = passed_over_notices(checked.attrs, path.name)
                if name == "indicators" and not table_problems:  # a provincial average given once, read for all
                    from .checks.indicators import province_average_notices

                    checked.attrs["passed_over"] += province_average_notices(checked, path.name)
                parts.append((path.name if spec.get("sheet") != ALL_SHEETS else f"{sheet}, {path.name}", checked))
            if parts and not problems:
                tables[name] = parts[0][1] if len(parts) == 1 else _table_of_files(parts)
        raise_if_any(problems)
        return tables

    def _table_sheets(self, name: str) -> list[tuple[Path, str | int | None]]:
        """Return the files and sheets a county table is read from (``sheet = "*"``: every sheet of
        a workbook with the first one's columns, one per county)."""
        sheet = self.raw["tables"][name].get("sheet")
        paths = self.layer_paths(name, "tables")
        if sheet != ALL_SHEETS:
            return [(path, sheet) for path in paths]
        found, problems = [], []
        for path in paths:
            try:
                found += [(path, s) for s in alike_sheets(path)]
            except ValidationError as exc:
                problems += exc.problems
        raise_if_any(problems)
        return found

    def study_area(self) -> StudyArea:
        """Read every layer and table and return the study area (all problems raised at once)."""
        layers: dict[str, Any] = {}
        problems: list[Problem] = []
        notices: list = []
        outside: dict[str, str] = {}
        for name, spec in self.raw.get("layers", {}).items():
            options = {
                k: spec[k] for k in ("crs", "columns", "x", "y", "encoding", "layer", "sheet") if k in spec
            }
            if any(k in spec for k in EVERY_ROW_KEYS):  # kind = "托育机构": a list of one kind without the column
                options["every_row"] = {k: spec[k] for k in EVERY_ROW_KEYS if k in spec}
            if "join" in spec:
                options["join"] = self.resolve(spec["join"])
            outside[name] = spec.get("outside", "error")
            try:
                paths = self.layer_paths(name)
                layers[name] = read_layer(paths[0] if len(paths) == 1 else paths, name, **options)
                notices += layers[name].attrs.get("notices", [])
            except ValidationError as exc:
                problems += exc.problems
        try:
            tables = self.read_tables()
        except ValidationError as exc:
            problems += exc.problems
            tables = {}
        raise_if_any(problems)
        for table in tables.values():  # what was passed over to reach a county table's data
            notices += table.attrs.get("passed_over", [])
        sources = {name: " + ".join(p.name for p in self.layer_paths(name)) for name in self.raw.get("layers", {})}
        sources.update({name: " + ".join(p.name for p in self.layer_paths(name, "tables"))
                        for name in self.raw.get("tables", {})})  # fmt: skip
        areas = layers.pop("areas")
        return StudyArea.from_layers(
            areas,
            tables=tables,
            sources=sources,
            outside=outside,
            area_sums=self.raw["layers"]["areas"].get("area_sums", "error"),
            notices=tuple(notices),
            **layers,
        )


def _table_of_files(parts: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """Return a county table read from several files (one per county, as each county's bureau sends
    it) as one, each row keeping its file and its row there (``source_file``, ``source_row``) and, for
    a file keyed by county names, the name it gives (``county_name``: matched to a code later)."""
    frames = []
    for file, part in parts:
        named = part.attrs.get("keyed_by_name")
        part = _indicators_as_read(part)  # 婴儿死亡率(‰) in one file, 婴儿死亡率 in another: one column, one scale
        frames.append(part.assign(source_file=file, source_row=np.arange(len(part)) + first_data_row(part),
                                  county_name=part[named] if named else ""))  # fmt: skip
    table = pd.concat(frames, ignore_index=True)
    table.attrs = {"headers": parts[0][1].attrs.get("headers", {}),
                   "passed_over": [n for _, part in parts for n in part.attrs.get("passed_over", [])]}  # fmt: skip
    named = [part.attrs["keyed_by_name"] for _, part in parts if part.attrs.get("keyed_by_name")]
    if named:
        table.attrs.update(keyed_by_name="county_name", keyed_by_header=named[0])
    return table


def _indicators_as_read(part: pd.DataFrame) -> pd.DataFrame:
    """Return a county table's indicator columns under carefac's names with the values as read
    (units stripped, fractions as percent), its other columns as they are; other tables unchanged."""
    from .checks.indicators import indicator_headers, read_indicator_table

    headers = indicator_headers([str(c) for c in part.columns])
    if not headers:
        return part
    read = read_indicator_table(part.assign(area_id=part["area_id"].astype(str)))
    kept = part.drop(columns=list(headers))
    for column in read.columns.drop("area_id"):
        kept[column] = read[column].to_numpy()
    kept.attrs = dict(part.attrs)
    return kept


def _indicators_turned(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict] | None:
    """Return :func:`carefac.checks.indicators.indicators_turned` of a table (imported when used)."""
    from .checks.indicators import indicators_turned

    return indicators_turned(frame)


def _with_attrs(turned: pd.DataFrame, attrs: Mapping) -> pd.DataFrame:
    """Return a turned table keeping what the read passed over (titles, sheets), rows as turned."""
    turned.attrs = {**{k: v for k, v in attrs.items() if k != "header_row"}, **turned.attrs}
    return turned


def _in_turned_cells(found: Problem, back: Mapping) -> Problem:
    """Return a problem of a turned indicator table (a column per indicator, a row per county) as the
    sheet has it: the counties' columns and the indicator's row."""
    if found.column not in back["rows"]:
        return found
    counties = [back["columns"][r - 2] for r in found.rows if 0 <= r - 2 < len(back["columns"])]
    return replace(found, column=", ".join(counties) or found.column, rows=(back["rows"][found.column],))


def _header_among(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    """Return the first column whose header, without a bracketed unit, is one of ``names``."""
    wanted = [normalise_key(n) for n in names]
    bare = {normalise_key(header_unit(str(c))[0]): c for c in frame.columns}
    return next((bare[n] for n in wanted if n in bare), None)


def _checked_county_table(name: str, frame: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Return a county table with canonical ``area_id`` and the problems of its values."""
    from ._county_tables import county_name_column
    from .checks import AMBIGUOUS_MEMBER_COLUMNS, MEMBER_COLUMNS, read_indicator_table, read_member_counts

    if "area_id" not in frame:
        folded = {normalise_key(c): c for c in frame.columns}
        found = next(
            (folded[normalise_key(a)] for a in COLUMN_ALIASES["area_id"] if normalise_key(a) in folded), None
        )
        named = county_name_column(frame) if found is None else None
        if found is None and named is None:
            return frame, [problem(source, "table_no_area_code", name=name)]
        if named is not None:  # 县区 = 芗城区 …: each name matched to a county of the layer later
            frame = frame.assign(area_id="")
            frame.attrs["keyed_by_name"] = str(named)
        else:
            frame = frame.rename(columns={found: "area_id"})
        frame.attrs["headers"] = {"area_id": str(named if named is not None else found)}
    frame = frame.assign(area_id=codes_as_text(frame["area_id"]))
    problems: list[Problem] = []
    if name == "indicators":
        try:
            read_indicator_table(frame, source=source)
        except ValidationError as exc:
            problems += exc.problems
    column = _header_among(frame, MEMBER_COLUMNS)
    header = column  # the file's own, for the problems
    if name == "special_families" and column is not None and column != MEMBER_COLUMNS[0]:
        frame = frame.rename(columns={column: MEMBER_COLUMNS[0]})  # 独生子女死亡特扶人数（人） too
        column = MEMBER_COLUMNS[0]
    vague = _header_among(frame, AMBIGUOUS_MEMBER_COLUMNS)
    if name == "special_families" and column is None and vague is not None:
        problems.append(problem(source, "special_families_vague", column=vague, vague=vague))
    elif name == "special_families" and column is None:
        near = headers_holding(frame.columns, ("独生子女", "特扶", "特别扶助"))
        if near:
            problems.append(problem(source, "special_families_column_near", columns=quoted(near, 6), first=near[0]))
        else:
            problems.append(problem(source, "special_families_none_read", columns=quoted(frame.columns, 8)))
    if name == "special_families" and column is not None:
        try:
            read_member_counts(frame, column, source=source, header=header)
        except ValidationError as exc:
            problems += exc.problems
    return frame, problems


def _check_network_covers(study: StudyArea, distances: Distances, source: str) -> None:
    """Raise when most of the study's areas lie beyond the snap limit of every road node."""
    points = study.areas.geometry.representative_point()
    snap = snap_points(
        shapely.get_coordinates(points.to_numpy()), distances.network, snap_limit_m=distances.snap_limit_m
    )
    share = float(snap.too_far.mean()) if len(snap.too_far) else 0.0
    if share > 0.5:
        raise ConfigError(
            [
                problem(
                    source,
                    "graph_too_far",
                    n=int(snap.too_far.sum()),
                    total=len(snap.too_far),
                    limit_m=distances.snap_limit_m,
                    median_m=float(np.median(snap.distance_m)),
                )
            ]
        )


def read_config(path: str | Path) -> tuple[ProjectConfig, list[Problem]]:
    """Read a project configuration file; return it with the problems of its tables, keys and
    values (an unreadable file still raises).

    Raises
    ------
    ConfigError
        The file is missing, is not TOML, or has unknown tables or keys (all named at once).
    """
    path = Path(path).resolve()
    if not path.is_file():
        raise ConfigError([problem(str(path), "config_missing")])
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Notepad saves a BOM; it is not part of the TOML
    except UnicodeDecodeError:
        raise ConfigError([problem(str(path), "config_not_utf8")]) from None
    except OSError as exc:
        raise ConfigError([problem(str(path), "config_unreadable", reason=exc)]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([_toml_problem(str(path), text, exc)]) from exc
    problems = _structure_problems(raw, path.name) + config_value_problems(raw, path.name)
    return ProjectConfig(path=path, raw=raw), problems


def _toml_problem(source: str, text: str, exc: Exception) -> Problem:
    """Return the problem of a config that is not TOML, naming its line and, for the slips people
    make, what they are: a Windows path's backslashes in double quotes, full-width quotes or =
    typed in Chinese mode, a text value without quotes."""
    found = re.search(r"at line (\d+), column (\d+)", str(exc))
    if found is None:
        return problem(source, "toml_invalid", reason=exc)
    number = int(found.group(1))
    lines = text.splitlines()
    line = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    shown = line[:80]
    if "\\" in line and '"' in line:
        return problem(source, "toml_backslash", line=number, text=shown)
    if re.search(r"[“”‘’＂＝：]", line):
        return problem(source, "toml_full_width", line=number, text=shown)
    if _unquoted_text(line):
        return problem(source, "toml_unquoted", line=number, text=shown)
    return problem(source, "toml_invalid_line", line=number, text=shown)


def _unquoted_text(line: str) -> bool:
    """Return whether a ``key = value`` line gives a value that is neither quoted text, a list or
    table, a number, a boolean nor a date: text without its quotes (path = facilities.csv)."""
    key, equals, value = line.partition("=")
    value = value.split("#", 1)[0].strip()
    if not equals or not key.strip() or not value or value[0] in "\"'[{":
        return False
    return not re.fullmatch(r"[+-]?[\d_.eE+:\-TZ ]+|true|false|[+-]?inf|[+-]?nan", value)


def load_config(path: str | Path) -> ProjectConfig:
    """Read and check a project configuration file.

    Raises
    ------
    ConfigError
        The file is missing, is not TOML, or has unknown tables or keys or bad values (all named
        at once).
    """
    config, problems = read_config(path)
    raise_if_any(problems, ConfigError)
    return config
