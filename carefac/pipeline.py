"""One composition of the steps, shared by the CLI and notebooks: read, compute, write."""

from __future__ import annotations

import logging
import platform
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .checks import rule_title, run_checks, summarise_flags
from .checks.provision import new_district_notices
from .config import ProjectConfig, file_sha256, input_bytes, load_config
from .coverage import (
    city_slots_per_1000,
    planned_facility_notices,
    slots_above_children_notices,
    slots_per_1000,
    uncounted_slot_notices,
)
from .demand import district_population_notices
from .model import StudyArea
from .network import EUCLIDEAN, Distances, road_notices
from .policy import Policy
from .tables import (
    localise,
    localise_curve,
    localise_flags,
    objective_unit,
    output_folder,
    write_bytes,
    write_csv,
    write_geojson,
    write_json,
    write_text,
    write_xlsx,
)
from .text import SHEET_NAMES, say

if TYPE_CHECKING:
    from .optimize import SitePlan

__all__ = ["Results", "run", "write_results"]

logger = logging.getLogger(__name__)

_VERSIONED_PACKAGES = (
    "carefac",
    "numpy",
    "pandas",
    "scipy",
    "shapely",
    "pyproj",
    "pyogrio",
    "geopandas",
    "highspy",
    "osmnx",
    "folium",
)


@dataclass
class Results:
    """Everything one run produced, before it is written.

    Attributes
    ----------
    config
        The project config the run read.
    study
        The study area.
    policy
        The policy profile used.
    coverage
        Slots-per-1000 tables keyed by level (``city``, ``county``, ``township``).
    flags
        The policy checks (see :func:`carefac.checks.run_checks`), when run.
    plan
        Proposed sites (see :func:`carefac.optimize.locate_facilities`), when run.
    curve
        The sites curve (see :func:`carefac.optimize.site_curve`), when asked for.
    access
        Accessibility of every district (2SFCA, see :func:`carefac.access.accessibility`), before
        and after the proposed sites, when asked for.
    access_summary
        Its equity figures (see :func:`carefac.access.equity_summary`).
    timings_s
        Seconds spent per step.
    """

    config: ProjectConfig
    study: StudyArea
    policy: Policy
    coverage: dict[str, pd.DataFrame] = field(default_factory=dict)
    flags: pd.DataFrame | None = None
    plan: SitePlan | None = None
    curve: pd.DataFrame | None = None
    access: pd.DataFrame | None = None
    access_summary: dict[str, float] | None = None
    distance: Distances = EUCLIDEAN
    timings_s: dict[str, float] = field(default_factory=dict)
    run_notices: tuple = ()

    @property
    def notices(self) -> tuple:
        """Return every notice of the run: the readers' and the study's, then the optimizer's."""
        plan = () if self.plan is None else tuple(self.plan.notices)
        return tuple(self.study.notices) + tuple(self.run_notices) + plan

    @property
    def outside(self) -> pd.DataFrame | None:
        """Return the points that lie outside every area (``None`` when there are none)."""
        return self.study.outside


@contextmanager
def _timed(timings: dict[str, float], step: str, progress=None, lang: str = "en") -> Iterator[None]:
    """Record the wall time of a block under ``step`` (and show the step on ``progress``, in ``lang``)."""
    start = time.perf_counter()
    logger.info("%s …", step)
    if progress is not None and hasattr(progress, "set_description"):
        progress.set_description(say(f"step_{step}", lang))
    yield
    timings[step] = round(time.perf_counter() - start, 4)
    if progress is not None:
        progress.update(1)
    logger.info("%s done in %.2f s", step, timings[step])


class _PointsDone:
    """A sub-task's progress shown on the run's bar as "step k/K" (a sites curve's points)."""

    def __init__(self, bar, step: str, total: int, lang: str):
        self.bar, self.step, self.total, self.lang, self.done = bar, step, total, lang, 0

    def update(self, n: int = 1) -> None:
        self.done += n
        if hasattr(self.bar, "set_description"):
            words = say("step_of", self.lang, step=say(f"step_{self.step}", self.lang), done=self.done, total=self.total)
            self.bar.set_description(words)


def run(
    config: ProjectConfig | str | Path,
    *,
    levels: Iterable[str] = ("county", "township"),
    include_planned: bool = False,
    checks: bool = True,
    optimize: Mapping[str, Any] | None = None,
    progress=None,
    lang: str | None = None,
    curve: range | None = None,
    access: bool = False,
    study: StudyArea | None = None,
) -> Results:
    """Read a project, compute slots per 1000 for the city and each level, and run the checks.

    Parameters
    ----------
    config
        A :class:`ProjectConfig` or the path of a config TOML.
    levels
        Area levels to tabulate (levels absent from the areas layer are skipped).
    include_planned
        Also count planned and under-construction facilities.
    checks
        Run the policy checks.
    optimize
        Options of :func:`carefac.optimize.locate_facilities` (``model``, ``new_sites``,
        ``radius_m``, ``time_limit_s``, ``method``, ``level``, ``demand``); ``None`` skips it.
    progress
        A tqdm-like progress object for long solves.
    lang
        Language of generated names (the city row); default: the config's ``[output] lang``.
    curve
        Numbers of new sites for a sites curve (with the ``optimize`` options' model).
    access
        Also compute accessibility (2SFCA) of every district and its equity figures.
    study
        The study area to use instead of reading the config's layers (a part of them, say).

    Returns
    -------
    Results
        Tables and the study area; nothing is written (see :func:`write_results`).
    """
    config = config if isinstance(config, ProjectConfig) else load_config(config)
    bar_lang = lang or config.lang  # the progress bar's language
    timings: dict[str, float] = {}
    with _timed(timings, "read", progress, bar_lang):
        study = study if study is not None else config.study_area()
        policy = config.policy()
        distance = config.distances(study)
    results = Results(config=config, study=study, policy=policy, distance=distance, timings_s=timings)
    results.run_notices = tuple(
        district_population_notices(study.residential, policy, study.sources.get("residential", ""))
    )
    results.run_notices += tuple(road_notices(distance))
    results.run_notices += tuple(planned_facility_notices(study, policy, include_planned=include_planned))
    results.run_notices += tuple(uncounted_slot_notices(study, policy))
    results.run_notices += tuple(new_district_notices(study.residential, policy, study.sources.get("residential", "")))
    with _timed(timings, "coverage", progress, bar_lang):
        area_id, name = study.city()
        results.coverage["city"] = city_slots_per_1000(
            study, policy, include_planned=include_planned, area_id=area_id, name=name
        )
        for level in levels:
            if level in study.levels:
                results.coverage[level] = slots_per_1000(
                    study, policy, level=level, include_planned=include_planned
                )
        results.run_notices += tuple(slots_above_children_notices(results.coverage.get("township"), study))
    if checks:
        with _timed(timings, "checks", progress, bar_lang):
            results.flags = run_checks(study, policy, distance=distance)
    if optimize is not None or curve is not None:
        from .optimize import locate_facilities, site_curve
    if optimize is not None:
        with _timed(timings, "optimize", progress, bar_lang):
            options = dict(optimize)
            results.plan = locate_facilities(
                study,
                policy,
                include_planned=include_planned,
                progress=progress,
                distance=distance,
                **options,
            )
    if curve is not None:
        with _timed(timings, "curve", progress, bar_lang):
            options = {k: v for k, v in dict(optimize or {}).items() if k != "new_sites"}
            points = _PointsDone(progress, "curve", len(curve), bar_lang) if progress is not None else None
            results.curve = site_curve(
                study, policy, sites=curve, include_planned=include_planned, distance=distance, progress=points,
                **options,
            )  # fmt: skip
    if access:
        with _timed(timings, "access", progress, bar_lang):
            _add_access(results)
    return results


def _add_access(results: Results) -> None:
    """Compute accessibility before and after the plan, and its equity figures (a notice, not a
    failure, when children under 3 cannot be known: the run's other results stand)."""
    from ._errors import ValidationError
    from ._notices import Notice
    from .access import accessibility, equity_summary, per_child_target

    try:
        table = accessibility(results.study, results.policy, plan=results.plan, distance=results.distance)
    except ValidationError as exc:
        reason = {lang: "；".join(p.sentences(lang)[0] for p in exc.problems) for lang in ("en", "zh")}
        reason["en"] = reason["en"].replace("；", "; ")
        results.run_notices += (Notice.said("access_skipped", reason=reason),)
        return
    results.access = table
    results.access_summary = equity_summary(table, per_child_target(results.policy, table))
    if results.plan is None:  # a plan says it of its own demand points (the same points)
        from .demand import demand_notices

        results.run_notices += tuple(demand_notices(table))
    if table.attrs.get("sites_without_capacity"):
        results.run_notices += (Notice.said("access_after_unknown", n=table.attrs["sites_without_capacity"]),)


def _package_versions() -> dict[str, str]:
    """Return the installed versions of carefac's main dependencies."""
    versions = {"python": platform.python_version()}
    for name in _VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _run_record(results: Results, outputs: list[str], command: str) -> dict[str, Any]:
    """Return the content of ``run.json``: inputs with hashes, policy, versions, timings."""
    inputs = [
        {"name": name, "path": str(path), "sha256": file_sha256(path), "bytes": input_bytes(path)}
        for name, path in results.config.input_files().items()
    ]
    inputs.append(
        {"name": "config", "path": str(results.config.path), "sha256": file_sha256(results.config.path)}
    )
    study = results.study
    counts = {
        name: int(len(getattr(study, name)))
        for name in ("areas", "facilities", "residential", "candidates", "venues")
        if getattr(study, name) is not None
    }
    return {
        "carefac": _package_versions()["carefac"],
        "command": command,
        "finished_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "working_crs": study.crs.to_string(),
        "distance": results.distance.label,
        "inputs": inputs,
        "rows": counts,
        "points_outside_areas": 0 if study.outside is None else int(len(study.outside)),
        "notices": [n.as_dict() for n in results.notices],
        "policy": results.policy.as_dict(),
        "versions": _package_versions(),
        "timings_s": results.timings_s,
        "optimize": None if results.plan is None else _plan_record(results.plan),
        "accessibility": results.access_summary,
        "outputs": outputs,
    }


def _write_flags(flags: pd.DataFrame, out: Path, lang: str) -> list[Path]:
    """Write ``flags.csv`` and ``flags.xlsx`` (a summary sheet, then one sheet per rule)."""
    summary = summarise_flags(flags)
    summary.insert(1, "rule_title", summary["rule"].map(lambda r: rule_title(r, lang)))  # headed as in flags.csv
    sheets = {SHEET_NAMES["summary"][0 if lang == "zh" else 1]: localise(summary, lang)}
    for rule, table in flags.groupby("rule", sort=False):
        sheets[rule_title(str(rule), lang)] = localise_flags(table, lang)
    return [write_csv(localise_flags(flags, lang), out / "flags.csv"), write_xlsx(sheets, out / "flags.xlsx")]


def _write_plan(plan: SitePlan, out: Path, lang: str) -> list[Path]:
    """Write the proposed sites (CSV, GeoJSON, XLSX), the allocation and slots per 1000 after."""
    sites = pd.DataFrame(plan.sites.drop(columns=plan.sites.geometry.name))
    sites_local = localise(sites, lang)
    allocation = localise(plan.allocation, lang)
    after = localise(plan.after, lang)
    before = localise(plan.before, lang)
    names = (
        ("拟建站点", "需求分配", "规划前", "规划后")
        if lang == "zh"
        else ("proposed_sites", "allocation", "before", "after")
    )
    return [
        write_csv(sites_local, out / "proposed_sites.csv"),
        write_geojson(plan.sites, out / "proposed_sites.geojson"),
        write_xlsx(
            dict(zip(names, (sites_local, allocation, before, after), strict=True)),
            out / "proposed_sites.xlsx",
        ),
        write_csv(allocation, out / "allocation.csv"),
        write_csv(after, out / "slots_per_1000_after.csv"),
    ]


def _plan_record(plan: SitePlan) -> dict[str, Any]:
    """Return the optimisation figures for ``run.json``."""
    r = plan.result
    return {
        "model": plan.model,
        "radius_m": plan.radius_m,
        "distance": plan.distance,
        "new_sites": int(len(plan.sites)),
        "objective": r.objective,
        "bound": r.bound,
        "gap": r.gap,
        "status": r.status,
        "method": r.method,
        "seconds": r.seconds,
    }


def _input_paths(config: ProjectConfig | None) -> list[Path]:
    """Return the files a run read (layers, joined and county tables, road graph, the config itself):
    no output may replace them."""
    if config is None:
        return []
    paths = [*config.input_files().values(), config.path]
    graph = config.section("distance").get("graph")
    return paths + ([config.resolve(graph)] if isinstance(graph, str) else [])


def write_results(
    results: Results, out_dir: str | Path, *, lang: str = "zh", command: str = "", maps: bool = False
) -> list[Path]:
    """Write every table of ``results`` to ``out_dir`` (CSV with BOM, XLSX, ``run.json``), and with
    ``maps`` the combined ``map.html`` and the ``report.html``.

    Files are written into a staging folder and moved into ``out_dir`` only when all of them are
    written: a run that fails leaves ``out_dir`` as it was, and a lock keeps two runs from
    writing into one folder at the same time. Returns the paths written.
    """
    final = Path(out_dir)
    with output_folder(final, inputs=_input_paths(results.config)) as out:
        names = _write_all(results, out, lang=lang, command=command, maps=maps)
    logger.info("wrote %d files to %s", len(names), final)
    return [final / name for name in names]


def _write_gis(results: Results, out: Path, lang: str) -> list[Path]:
    """Write ``carefac.gpkg`` and ``shapefiles/`` in the config's ``[output] crs`` (CGCS2000 by default)."""
    from .gis import gis_layers, write_gis

    crs = results.config.section("output").get("crs", "cgcs2000") if results.config is not None else "cgcs2000"
    write_gis(gis_layers(results), out, lang=lang, crs=crs)
    return [out / "carefac.gpkg", out / "shapefiles"]


def _write_all(results: Results, out: Path, *, lang: str, command: str, maps: bool) -> list[str]:
    """Write every output into ``out`` and return the file names."""
    written: list[Path] = []
    index = 0 if lang == "zh" else 1
    sheets = {}
    for level, table in results.coverage.items():
        localised = localise(table, lang)
        written.append(write_csv(localised, out / f"slots_per_1000_{level}.csv"))
        sheets[SHEET_NAMES[level][index]] = localised
    written.append(write_xlsx(sheets, out / "slots_per_1000.xlsx"))
    if results.study.outside is not None and len(results.study.outside):
        outside = results.study.outside.to_crs(4326)
        table = pd.DataFrame(outside.drop(columns=outside.geometry.name)).assign(
            lon=outside.geometry.x, lat=outside.geometry.y
        )
        written.append(write_csv(localise(table, lang), out / "points_outside_areas.csv"))
    if results.flags is not None:
        written += _write_flags(results.flags, out, lang)
    if results.plan is not None:
        written += _write_plan(results.plan, out, lang)
    written += _write_gis(results, out, lang)
    images: dict[str, bytes] = {}
    if results.access is not None:
        from .plots import lorenz_png

        table = pd.DataFrame(results.access.drop(columns=results.access.geometry.name))
        written.append(write_csv(localise(table, lang), out / "accessibility.csv"))
        if "township" in results.study.levels:
            from .access import access_by_area

            by_township = access_by_area(results.access, results.study, level="township")
            written.append(write_csv(localise(by_township, lang), out / "accessibility_township.csv"))
        images["lorenz"] = lorenz_png(results.access, lang=lang)
        written.append(write_bytes(images["lorenz"], out / "lorenz.png"))
    if results.curve is not None:
        from .plots import curve_png

        written.append(write_csv(localise_curve(results.curve, lang), out / "curve.csv"))
        model = results.plan.model if results.plan is not None else ""
        unit = objective_unit(model, lang, radius_m=results.plan.radius_m, demand=results.plan.demand) if model else ""
        images["curve"] = curve_png(results.curve, lang=lang, model=model, unit=unit)
        written.append(write_bytes(images["curve"], out / "curve.png"))
    if maps:
        from .maps import combined_map, self_contained_html
        from .report import write_report

        page = self_contained_html(combined_map(results, lang=lang))
        written.append(write_text(page, out / "map.html"))
        record = _run_record(results, [p.name for p in written] + ["report.html", "run.json"], command)
        written.append(
            write_report(results, out / "report.html", lang=lang, record=record, map_html=page, images=images)
        )
    names = [p.name for p in written] + ["run.json"]
    write_json(_run_record(results, names, command), out / "run.json")
    return names
