"""Many study areas at once, on a Dask cluster: ``carefac batch BATCH.toml``.

A batch file names the study areas and the output folder::

    [batch]
    out = "outputs/fujian"
    configs = ["cities/*/carefac.toml", "xiamen.toml"]   # config paths or globs, or:
    # split = { config = "fujian.toml", by = "prefix4" }  # one province config, a city per
    #                                                    # 4-digit prefix of area_id
    lang = "zh"                                         # every output of the batch: zh (default) or en

    [cluster]                                           # optional
    workers = 2                                         # LocalCluster workers (default: cores)
    # scheduler = "tcp://10.0.0.5:8786"                 # an existing cluster instead

Each study area runs :func:`run_study_area` — the pipeline of ``carefac run`` — as one task on
``dask.distributed``: a ``LocalCluster`` of processes by default, or the scheduler given; the
code path is the same. A task reads its own inputs (a road graph included) where it runs; only
paths travel through the scheduler. A study area whose data is bad ends in ``failures.csv`` with
the message a single run would print, and the others finish. A study area whose inputs, config
and carefac version hash to a finished run is skipped (``--force`` reruns it), so an interrupted
batch resumes where it stopped. Dask re-runs the tasks of a worker that dies on another worker.
"""

from __future__ import annotations

import glob
import hashlib
import json
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._errors import CarefacError, ConfigError, Problem, error_paragraph, problem, raise_if_any
from .text import BATCH_WORDS, word

__all__ = ["BatchResult", "StudyTask", "read_batch", "records_table", "run_batch", "run_study_area"]

#: tables merged over every study area (file → written with a ``study_area`` column first)
MERGED_TABLES = (
    "slots_per_1000_city.csv",
    "slots_per_1000_county.csv",
    "slots_per_1000_township.csv",
    "flags.csv",
    "proposed_sites.csv",
)
DONE_NAME = "batch_task.json"


@dataclass(frozen=True)
class StudyTask:
    """One study area of a batch: a config, and the area_id prefix that selects it (split mode)."""

    name: str
    config: str
    prefix: str = ""
    lang: str = "zh"

    def key(self) -> str:
        """Return the hash of what the result depends on: config, inputs, prefix, language, version."""
        from .config import file_sha256, load_config
        from .pipeline import _package_versions

        config = load_config(self.config)
        digest = hashlib.sha256()
        digest.update(Path(self.config).read_bytes())
        for name, path in sorted(config.input_files().items()):
            digest.update(f"{name}:{file_sha256(path) if path.exists() else 'missing'}".encode())
        graph = config.section("distance").get("graph")
        if graph:
            path = config.resolve(graph)
            digest.update(f"graph:{file_sha256(path) if path.is_file() else 'missing'}".encode())
        digest.update(f"{self.prefix}|{self.lang}|{_package_versions().get('carefac', '')}".encode())
        return digest.hexdigest()


@dataclass
class BatchResult:
    """What a batch did: one record per study area (``status`` ok, skipped or failed)."""

    out: Path
    records: list[dict[str, Any]] = field(default_factory=list)
    cluster: dict[str, Any] = field(default_factory=dict)
    lang: str = "zh"

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["status"] == "failed"]


def _problem(source: str, code: str, **facts: Any) -> ConfigError:
    return ConfigError([problem(source, code, **facts)])


def read_batch(path: str | Path) -> tuple[list[StudyTask], Path, dict[str, Any]]:
    """Read a batch file; return its study areas, the output folder and the ``[cluster]`` table.

    Raises
    ------
    ConfigError
        Not TOML, no ``[batch]``, no study area, a config that does not exist, two study areas
        with one name — all problems at once.
    """
    path = Path(path).resolve()
    try:
        raw = tomllib.loads(path.read_text("utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise _problem(path.name, "batch_unreadable", reason=exc) from None
    batch = raw.get("batch")
    problems: list[Problem] = []
    if not isinstance(batch, dict):
        raise _problem(path.name, "batch_no_table")
    unknown = set(batch) - {"out", "configs", "split", "lang"}
    unknown |= {
        f"cluster.{k}" for k in set(raw.get("cluster", {})) - {"workers", "scheduler", "threads_per_worker"}
    }
    if unknown:
        problems.append(problem(path.name, "batch_unknown_keys", unknown=sorted(unknown)))
    lang = batch.get("lang", "zh")  # one language for every study area, so the merged tables agree
    if lang not in ("zh", "en"):
        problems.append(problem(path.name, "batch_lang", lang=lang))
    tasks: list[StudyTask] = []
    for pattern in batch.get("configs", []):
        matches = sorted(glob.glob(str(path.parent / pattern)))
        if not matches:
            problems.append(problem(path.name, "batch_no_match", pattern=pattern))
        for match in matches:
            config = Path(match).resolve()
            name = config.parent.name if config.name == "carefac.toml" else config.stem
            tasks.append(StudyTask(name, str(config), lang=lang))
    split = batch.get("split")
    if split is not None:
        tasks += _split_tasks(split, path, lang, problems)
    if not tasks and not problems:
        problems.append(problem(path.name, "batch_empty"))
    names = [t.name for t in tasks]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        problems.append(problem(path.name, "batch_same_names", names=repeated))
    raise_if_any(problems, ConfigError)
    out = path.parent / batch.get("out", "outputs/batch")
    return tasks, out.resolve(), dict(raw.get("cluster", {}))


def _split_tasks(split: Any, path: Path, lang: str, problems: list[Problem]) -> list[StudyTask]:
    """Return a task per city of one province config: each distinct 4-digit prefix of area_id."""
    if not isinstance(split, dict) or "config" not in split:
        problems.append(problem(path.name, "batch_split_no_config"))
        return []
    by = split.get("by", "prefix4")
    if by not in ("prefix4", "prefix6"):
        problems.append(problem(path.name, "batch_split_by", by=by))
        return []
    config = (path.parent / split["config"]).resolve()
    if not config.is_file():
        problems.append(problem(path.name, "batch_split_missing", config=split["config"]))
        return []
    import pandas as pd
    import pyogrio

    from .config import load_config

    province = load_config(config)
    areas = pd.concat([pyogrio.read_dataframe(p, read_geometry=False) for p in province.layer_paths("areas")])
    column = next((c for c in ("area_id", "区划代码", "code", "adcode") if c in areas.columns), None)
    if column is None:
        problems.append(problem(path.name, "batch_split_no_area_id"))
        return []
    width = 4 if by == "prefix4" else 6
    codes = areas[column].astype(str).str.replace(r"\.0$", "", regex=True)
    prefixes = sorted({c[:width] for c in codes if len(c) > width})
    return [StudyTask(prefix, str(config), prefix=prefix, lang=lang) for prefix in prefixes]


# -- one study area (runs on a worker) -------------------------------------------------------------


def _subset(study, prefix: str, area_sums: str = "error"):
    """Return the part of ``study`` whose areas' codes start with ``prefix`` (points inside them),
    checked as the whole was (``area_sums`` from the config)."""
    from .model import StudyArea, locate_points

    areas = study.areas[study.areas["area_id"].astype(str).str.startswith(prefix)]
    if areas.empty:
        raise CarefacError.said("prefix_missing", prefix=prefix)
    outline = areas[areas["level"] == areas["level"].iloc[0]]

    def inside(layer):
        if layer is None:
            return None
        where = locate_points(layer.geometry.representative_point(), outline)
        return layer[where.notna().to_numpy()]

    tables = {name: t[t["area_id"].astype(str).str.startswith(prefix)] if "area_id" in t else t
              for name, t in study.tables.items()}  # fmt: skip
    return StudyArea.from_layers(
        areas, facilities=inside(study.facilities), residential=inside(study.residential),
        candidates=inside(study.candidates), venues=inside(study.venues), tables=tables,
        sources=study.sources, crs=study.crs, area_sums=area_sums, notices=tuple(study.notices),
    )  # fmt: skip


def _summary(results, name: str) -> dict[str, Any]:
    """Return one row of the batch summary for a study area."""
    city = results.coverage["city"].iloc[0]
    row = {
        "study_area": name,
        "population": int(city["population"]),
        "slots": int(city["slots"]),
        "slots_per_1000": round(float(city["slots_per_1000"]), 3),
        "slots_needed": int(city["slots_needed"]),
        "proposed_sites": 0 if results.plan is None else len(results.plan.sites),
    }
    if results.flags is not None:
        flagged = results.flags[results.flags["status"] == "flagged"]
        row.update({f"flagged_{rule}": int(n) for rule, n in flagged["rule"].value_counts().items()})
    return row


def run_study_area(task: StudyTask, out_root: str, force: bool = False) -> dict[str, Any]:
    """Run one study area as ``carefac run`` would and write its folder ``out_root/<name>``.

    Returns a record: ``status`` (``ok``, ``skipped`` when its key matches a finished run, or
    ``failed`` with the ``message`` a single run prints), ``seconds``, ``key`` and ``summary``.
    Never raises for bad data: a batch goes on with the other study areas.
    """
    start = time.perf_counter()
    folder = Path(out_root) / task.name
    record: dict[str, Any] = {"study_area": task.name, "config": task.config, "prefix": task.prefix}
    try:
        record["key"] = task.key()
        done = folder / DONE_NAME
        if not force and done.is_file() and (folder / "run.json").is_file():
            previous = json.loads(done.read_text("utf-8"))
            if previous.get("key") == record["key"]:
                return {**previous, "status": "skipped", "seconds": time.perf_counter() - start}
        results = _run(task)
        from .pipeline import write_results

        lang = task.lang
        write_results(results, folder, lang=lang, command=f"carefac batch ({task.name})", maps=True)
        record.update(status="ok", summary=_summary(results, task.name), lang=lang,
                      timings_s=results.timings_s)  # fmt: skip
        record["seconds"] = time.perf_counter() - start
        done.write_text(json.dumps(record, ensure_ascii=False, default=str), "utf-8")
        return record
    except (CarefacError, OSError) as exc:
        message = error_paragraph(exc, task.lang) if isinstance(exc, CarefacError) else f"carefac: {exc}"
    except Exception as exc:  # a bug must not stop the other study areas either
        message = f"carefac: unexpected error ({type(exc).__name__}: {exc})"
    return {**record, "status": "failed", "message": message, "seconds": time.perf_counter() - start}


def _run(task: StudyTask):
    """Return the results of ``carefac run`` on one task (its subset of the config in split mode)."""
    from ._settings import optimize_options
    from .config import load_config
    from .pipeline import run

    config = load_config(task.config)
    section = config.section("optimize")
    optimize = optimize_options(section) if section else None
    if not task.prefix:
        return run(config, optimize=optimize, access=True, lang=task.lang)
    study = _subset(config.study_area(), task.prefix, config.raw["layers"]["areas"].get("area_sums", "error"))
    return run(config, optimize=optimize, access=True, lang=task.lang, study=study)


# -- the batch ------------------------------------------------------------------------------------


def _client(cluster: dict[str, Any], scheduler: str | None, workers: int | None):
    """Return a dask client: to ``scheduler`` when given, else a LocalCluster of processes."""
    from dask.distributed import Client, LocalCluster

    address = scheduler or cluster.get("scheduler")
    if address:
        return Client(address), {"scheduler": address, "kind": "existing"}
    import os

    n = int(workers or cluster.get("workers") or os.cpu_count() or 1)
    local = LocalCluster(n_workers=n, threads_per_worker=int(cluster.get("threads_per_worker", 1)),
                         processes=True, dashboard_address=":0")  # fmt: skip
    return Client(local), {"scheduler": local.scheduler_address, "kind": "LocalCluster", "workers": n}


def run_batch(
    path: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    force: bool = False,
    progress: Callable[[int, int, int], None] | None = None,
    client=None,
) -> BatchResult:
    """Run every study area of a batch file on a dask cluster and merge their outputs.

    Parameters
    ----------
    path
        The batch file (see the module's documentation).
    scheduler
        Address of an existing dask scheduler; default: a ``LocalCluster`` (``[cluster] workers``,
        else one worker per core).
    workers
        Workers of the local cluster (overrides ``[cluster] workers``).
    force
        Rerun study areas whose finished run matches their inputs.
    progress
        Called as ``progress(done, failed, total)`` after each study area.
    client
        A ``dask.distributed.Client`` to use as it is (tests).

    Returns
    -------
    BatchResult
        One record per study area; merged tables, ``summary.csv``, ``failures.csv``, the province
        map and report and ``batch.json`` are written in the output folder.
    """
    from dask.distributed import as_completed

    tasks, out, cluster = read_batch(path)
    out.mkdir(parents=True, exist_ok=True)
    own = client is None
    if own:
        client, info = _client(cluster, scheduler, workers)
    else:
        info = {"scheduler": client.scheduler.address, "kind": "given"}
    info["workers_seen"] = len(client.scheduler_info().get("workers", {}))
    result = BatchResult(out=out, cluster=info, lang=tasks[0].lang if tasks else "zh")
    start = time.perf_counter()
    try:
        futures = [client.submit(run_study_area, t, str(out), force, key=f"carefac-{t.name}-{i}", pure=False)
                   for i, t in enumerate(tasks)]  # fmt: skip
        failed = 0
        for n, future in enumerate(as_completed(futures), start=1):
            record = future.result()
            failed += record["status"] == "failed"
            result.records.append(record)
            if progress is not None:
                progress(n, failed, len(tasks))
    finally:
        if own:
            cluster_object = getattr(client, "cluster", None)
            client.close()
            if cluster_object is not None:
                cluster_object.close()
    order = {t.name: i for i, t in enumerate(tasks)}
    result.records.sort(key=lambda r: order[r["study_area"]])
    _write_batch_outputs(result, Path(path), time.perf_counter() - start)
    return result


def _write_batch_outputs(result: BatchResult, path: Path, seconds: float) -> None:
    """Write the merged tables, summary, failures, province map and report, and batch.json."""
    import pandas as pd

    from .tables import output_folder, write_csv, write_json

    finished = [r for r in result.records if r["status"] in ("ok", "skipped")]
    lang = result.lang
    with output_folder(result.out) as staging:
        for file in MERGED_TABLES:
            parts = []
            for r in finished:
                source = result.out / r["study_area"] / file
                if source.is_file():
                    table = pd.read_csv(source, encoding="utf-8-sig", dtype=str, keep_default_na=False)
                    table.insert(0, _study_area_header(lang), r["study_area"])
                    parts.append(table)
            if parts:
                write_csv(pd.concat(parts, ignore_index=True), staging / file)
        summary = pd.DataFrame([r.get("summary", {"study_area": r["study_area"]}) for r in finished])
        counts = [c for c in summary.columns if c.startswith("flagged_")]
        summary[counts] = summary[counts].fillna(0).astype(int)
        summary = _localised_summary(summary, lang)
        write_csv(summary, staging / "summary.csv")
        failures = pd.DataFrame(
            [{"study_area": r["study_area"], "config": r["config"], "message": r.get("message", "")}
             for r in result.failed],
            columns=["study_area", "config", "message"],
        ).rename(columns=lambda c: word(BATCH_WORDS, c, lang))  # fmt: skip
        write_csv(failures, staging / "failures.csv")
        _province_outputs(result, summary, staging)
        record = {
            "batch": str(path),
            "seconds": round(seconds, 2),
            "cluster": result.cluster,
            "study_areas": [{k: v for k, v in r.items() if k not in ("summary",)} for r in result.records],
        }
        from .pipeline import _package_versions

        record["versions"] = _package_versions()
        names = [p.name for p in staging.iterdir()] + ["batch.json"]
        record["outputs"] = names
        write_json(record, staging / "batch.json")
        # the study areas' own folders are not this run's outputs to move or remove
        (staging / "run.json").write_text(json.dumps({"outputs": names}), "utf-8")


def _study_area_header(lang: str) -> str:
    return word(BATCH_WORDS, "study_area", lang)


def _localised_summary(summary, lang: str):
    """Return the summary with headers in ``lang`` (a flag count headed by its rule's title)."""
    from .checks import rule_title
    from .tables import localise

    renamed = {c: f"{rule_title(c.removeprefix('flagged_'), lang)}{word(BATCH_WORDS, 'flagged', lang)}"
               for c in summary.columns if c.startswith("flagged_")}  # fmt: skip
    renamed["study_area"] = _study_area_header(lang)
    renamed["proposed_sites"] = word(BATCH_WORDS, "proposed_sites", lang)
    return localise(summary.rename(columns=renamed), lang)


def _province_outputs(result: BatchResult, summary, staging: Path) -> None:
    """Write ``map.html`` (every study area's townships by slots per 1000) and ``report.html``."""
    import html

    import folium
    import geopandas as gpd
    import pandas as pd

    from .maps import self_contained_html
    from .tables import write_text

    layers = []
    for r in result.records:
        gpkg = result.out / r["study_area"] / "carefac.gpkg"
        if r["status"] in ("ok", "skipped") and gpkg.is_file():
            import pyogrio

            names = dict(pyogrio.list_layers(gpkg))
            level = (
                "slots_per_1000_township" if "slots_per_1000_township" in names else "slots_per_1000_county"
            )
            if level in names:
                layer = gpd.read_file(gpkg, layer=level).to_crs(4326)
                layer.insert(0, "study_area", r["study_area"])
                layers.append(layer)
    m = folium.Map(tiles="OpenStreetMap", control_scale=True)
    if layers:
        merged = gpd.GeoDataFrame(pd.concat(layers, ignore_index=True), crs=4326)
        meets = next((c for c in merged.columns if c in ("是否达标", "meets_target")), None)
        keep = ("study_area", "名称", "name", meets)  # text columns shown (the others are numbers)
        shown = merged[
            [c for c in merged.columns if c == "geometry" or merged[c].dtype != object or c in keep]
        ]
        folium.GeoJson(
            shown.to_json(),
            style_function=lambda f, meets=meets: {
                "fillColor": "#2166ac" if meets and f["properties"].get(meets) in ("是", "yes", True, 1) else "#b2182b",
                "color": "#555", "weight": 0.5, "fillOpacity": 0.6,
            },
        ).add_to(m)  # fmt: skip
        m.fit_bounds(
            [
                [merged.total_bounds[1], merged.total_bounds[0]],
                [merged.total_bounds[3], merged.total_bounds[2]],
            ]
        )
    page = self_contained_html(m)
    write_text(page, staging / "map.html")
    lang = result.lang
    failed = "".join(
        f"<li>{html.escape(r['study_area'])}: {html.escape(r.get('message', ''))}</li>" for r in result.failed
    )
    body = (
        f"<h1>{html.escape(word(BATCH_WORDS, 'title', lang))}</h1>"
        + summary.to_html(index=False, escape=True, na_rep="")
        + (f"<h2>{html.escape(word(BATCH_WORDS, 'failed', lang))}</h2><ul>{failed}</ul>" if failed else "")
        + f"<iframe style='width:100%;height:640px;border:0' srcdoc=\"{html.escape(page, quote=True)}\"></iframe>"
    )
    title = html.escape(word(BATCH_WORDS, "title", lang))
    write_text(f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>",
               staging / "report.html")  # fmt: skip


def records_table(result: BatchResult):
    """Return the batch's records as a table (study area, status, seconds, message)."""
    import pandas as pd

    rows = [{k: r.get(k) for k in ("study_area", "status", "seconds", "message")} for r in result.records]
    return pd.DataFrame(rows)
