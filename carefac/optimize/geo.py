"""Geo front: build the matrix models from a study area and return proposed sites on a map."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely

from .._errors import InfeasibleError, ValidationError, problem, row_labels
from .._notices import Notice, shown
from ..coverage import childcare_facilities, slots_per_1000
from ..demand import demand_notices, demand_points
from ..model import StudyArea
from ..network import EUCLIDEAN, Distances
from ..policy import Policy, load_policy
from ..text.outputs import model_name
from ._core import LocationResult, as_sparse_costs
from .capacitated import capacitated_p_median
from .center import linear_decay, max_attendance, p_center
from .covering import lscp, mclp
from .pmedian import p_median
from .ratio import ratio_target
from .shortfall import shortfall

__all__ = ["MODELS", "REGISTRY", "ModelSpec", "SitePlan", "locate_facilities", "site_curve"]

SITE_COLUMNS = [
    "rank",
    "candidate_id",
    "name",
    "lon",
    "lat",
    "area_id",
    "capacity",
    "demand_served",
    "marginal_gain",
]


@dataclass(frozen=True)
class SitePlan:
    """Proposed sites and what they change.

    Attributes
    ----------
    sites
        Proposed new sites, best first: ``rank, candidate_id, name, lon, lat, area_id, capacity,
        demand_served, marginal_gain`` and the geometry (study CRS). ``demand_served``: the
        children (or residents) whose nearest open site within reach it is; ``marginal_gain``:
        what the site adds to the model's first aim after those ranked above it, in that aim's
        unit (children within reach; child-metres saved; attendance; for shortfall and
        ratio-target, slots of its area's shortfall closed: the gains add up to the slots closed).
    allocation
        One row per demand point: the facility serving it (existing or proposed) and the distance.
    before, after
        Slots per 1000 residents by area before and after the proposed sites open.
    demand
        The demand points used (``weight`` = children under 3, or its estimate).
    result
        The matrix-core result (objective, bound, gap, status, timings).
    notices
        Estimates and substitutions the plan made (children under 3 estimated, candidates
        dropped because a facility already stands there).
    model
        The model solved; ``radius_m`` its service distance; ``distance`` how costs were measured.
    """

    sites: gpd.GeoDataFrame
    allocation: pd.DataFrame
    before: pd.DataFrame
    after: pd.DataFrame
    demand: gpd.GeoDataFrame
    result: LocationResult
    model: str
    radius_m: float
    distance: str = "euclidean"
    notices: tuple[Notice, ...] = ()
    level: str = "township"


#: A candidate within this distance of an existing childcare facility is that facility, not a new site.
SAME_SITE_M = 1.0
#: … and one within this distance is probably in the same building (or the same address geocoded
#: twice): kept as a new site, and said
NEAR_SITE_M = 30.0
#: along roads, the distance models (p-median, p-center, capacitated) keep costs up to this many
#: service radii: a district farther than that from every site is out of their reach
DISTANCE_CUTOFF_RADII = 10.0


def _supply(
    study: StudyArea, policy: Policy, include_planned: bool
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, list[Notice]]:
    """Return existing childcare facilities (fixed), candidate sites that are really new, and notices.

    A candidate standing on a childcare facility (existing, planned or under construction; within
    :data:`SAME_SITE_M`) is not a new site: it is dropped, and a notice names it.
    """
    existing = childcare_facilities(study, policy, include_planned=include_planned).reset_index(drop=True)
    if study.candidates is None or study.candidates.empty:
        raise InfeasibleError.said("no_candidates")
    candidates = study.candidates.reset_index(drop=True)
    if study.facilities is not None and len(study.facilities):
        on_any = study.facilities.sindex.query(
            candidates.geometry.to_numpy(), predicate="dwithin", distance=SAME_SITE_M
        )[0]
        if np.unique(on_any).size == len(candidates):
            raise InfeasibleError.said("candidates_are_facilities", n=len(candidates))
    standing = childcare_facilities(study, policy, include_planned=True)
    taken = np.zeros(len(candidates), dtype=bool)
    if len(standing):
        cand_idx, fac_idx = standing.sindex.query(
            candidates.geometry.to_numpy(), predicate="dwithin", distance=SAME_SITE_M
        )
        taken[cand_idx] = True
    notices = []
    if taken.any():
        examples = ", ".join(
            f"{c} = {f}"
            for c, f in list(
                dict(
                    zip(
                        candidates["candidate_id"].to_numpy()[cand_idx],
                        standing["facility_id"].to_numpy()[fac_idx],
                        strict=True,
                    )
                ).items()
            )[:5]
        )
        source = study.sources.get("candidates", "candidates")
        if taken.all():
            raise InfeasibleError.said("candidates_on_childcare", n=len(candidates), examples=examples)
        notices.append(
            Notice.said("candidates_dropped", source, n=int(taken.sum()), total=len(candidates), examples=examples)
        )
    notices += _candidates_near_facilities(candidates[~taken], standing, study.sources.get("candidates", "candidates"))
    return existing, candidates[~taken].reset_index(drop=True), notices


def _candidates_near_facilities(candidates: gpd.GeoDataFrame, standing: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Return a notice naming candidates within :data:`NEAR_SITE_M` of a childcare facility (but not
    on it): the same building, or the same address geocoded twice, would add its slots again."""
    if not len(standing) or not len(candidates):
        return []
    cand_idx, fac_idx = standing.sindex.query(candidates.geometry.to_numpy(), predicate="dwithin", distance=NEAR_SITE_M)
    if not len(cand_idx):
        return []
    gaps = shapely.distance(candidates.geometry.to_numpy()[cand_idx], standing.geometry.to_numpy()[fac_idx])
    listed = shown((f"{candidates['candidate_id'].iloc[c]} ~ {standing['facility_id'].iloc[f]} ({gap:.0f} m)"
                    for c, f, gap in zip(cand_idx, fac_idx, gaps, strict=True)), most=5)  # fmt: skip
    return [Notice.said("candidates_near_facilities", source, n=len(np.unique(cand_idx)), pairs=listed, most=NEAR_SITE_M)]


def _level_of(study: StudyArea, level: str | None) -> str:
    if level is None:
        return "township" if "township" in study.levels else "county"
    if level not in study.levels:
        raise InfeasibleError.said("level_missing", level=level, levels=", ".join(study.levels))
    return level


def _row_min(csr: sp.csr_matrix) -> np.ndarray:
    """Return each row's smallest stored entry (a stored 0 is a real 0 m); ``inf`` for empty rows."""
    best = np.full(csr.shape[0], np.inf)
    nonempty = np.diff(csr.indptr) > 0
    if csr.nnz:
        best[nonempty] = np.minimum.reduceat(csr.data, csr.indptr[:-1][nonempty])
    return best


def _marginal_order(
    result: LocationResult,
    cost: sp.csr_matrix,
    weights: np.ndarray,
    radius: float,
    fixed: np.ndarray,
    *,
    kind: str,
):
    """Return the new sites ordered greedily by what each adds, and those gains (costs stay sparse).

    ``kind``: ``coverage`` (weight within the radius), ``attendance`` (weight × linear decay to
    the radius) or ``distance`` (weighted distance to the nearest open site; a gain is a saving).
    """
    coverage = kind != "distance"
    cost = sp.csr_matrix(cost)
    within = cost.copy()
    within.data = (within.data <= radius).astype(float)
    within.eliminate_zeros()
    within = within.tocsc()
    remaining = list(result.new)
    open_ = list(fixed)
    order, gains = [], []

    def value(sites):
        if not sites:
            return 0.0 if coverage else np.inf
        if kind == "coverage":
            return float(weights[np.asarray(within[:, sites].sum(axis=1)).ravel() > 0].sum())
        best = _row_min(cost[:, sites].tocsr())
        if kind == "attendance":
            return float(
                weights
                @ np.where(np.isfinite(best), linear_decay(np.nan_to_num(best, posinf=radius), radius), 0.0)
            )
        reach = np.isfinite(best)
        return float(weights[reach] @ best[reach]) + 1e12 * float(weights[~reach].sum())

    current = value(open_)
    while remaining:
        scores = [value(open_ + [j]) for j in remaining]
        k = int(np.argmax(scores)) if coverage else int(np.argmin(scores))
        gain = scores[k] - current if coverage else current - scores[k]
        order.append(remaining.pop(k))
        gains.append(gain if np.isfinite(gain) and abs(gain) < 1e11 else np.nan)
        open_.append(order[-1])
        current = scores[k]
    return order, gains


@dataclass(frozen=True)
class _Problem:
    """Everything a model needs, built once by :func:`locate_facilities`."""

    study: StudyArea
    policy: Policy
    level: str
    cost: sp.csr_matrix
    radius: float
    weights: np.ndarray
    population: np.ndarray
    supply: gpd.GeoDataFrame
    candidates: gpd.GeoDataFrame
    existing: gpd.GeoDataFrame
    fixed: np.ndarray
    new_sites: int | None
    time_limit_s: float | None
    method: str
    include_planned: bool
    progress: object


def _slot_order(
    order: list[int], area: np.ndarray, deficit: np.ndarray, capacity: np.ndarray
) -> tuple[list[int], list[float]]:
    """Return new sites re-ranked by the slots of shortfall each closes after those above it, and
    those slots (the gains add up to the slots the plan closes): the ranking of the models whose
    first aim is the slots (shortfall, ratio-target). ``area``: each supply column's area (−1 for
    none); ``deficit``: each area's shortfall; ties keep ``order``."""

    def closed(sites: list[int]) -> float:
        mine = np.asarray([j for j in sites if area[j] >= 0], dtype=int)
        given = np.bincount(area[mine], weights=capacity[mine], minlength=deficit.size)
        return float(np.minimum(given, np.maximum(deficit, 0.0)).sum())

    left, ranked, gains, current = list(order), [], [], 0.0
    while left:
        scores = [closed(ranked + [j]) for j in left]
        k = int(np.argmax(scores))
        ranked.append(left.pop(k))
        gains.append(scores[k] - current)
        current = scores[k]
    return ranked, gains


def _capacities(q: _Problem, model: str) -> np.ndarray:
    capacity = q.supply["capacity"].to_numpy(dtype=float)
    blank = np.isnan(capacity[len(q.existing) :])
    if blank.any():  # bad input: the rows of the candidates file, as the user numbers them
        candidates = q.candidates
        rows = row_labels(candidates)[blank]
        takes = ", ".join(name for name, spec in REGISTRY.items() if not spec.needs_capacity)
        source = q.study.sources.get("candidates", "candidates")
        if "capacity" not in candidates:  # no column at all: say so, with the columns the list has
            columns = ", ".join(f"'{c}'" for c in candidates.columns if c not in ("source_row", "geometry", "county_id", "township_id", "city_id"))
            raise ValidationError([problem(source, "capacity_column_missing", model=model, models=takes, columns=columns,
                                              key="capacity")])
        raise ValidationError(
            [problem(source, "capacity_missing", column="capacity", rows=list(rows), model=model,
                     models=takes)]  # fmt: skip
        )
    return np.nan_to_num(capacity)


def _area_inputs(problem: _Problem) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the coverage table of the problem's level and each supply column's area index (−1: none)."""
    table = slots_per_1000(
        problem.study, problem.policy, level=problem.level, include_planned=problem.include_planned
    )
    index = {a: k for k, a in enumerate(table["area_id"])}
    key = f"{problem.level}_id"
    candidates = problem.candidates
    cand_area = (
        candidates[key].map(index).fillna(-1).astype(int).to_numpy()
        if key in candidates
        else np.full(len(candidates), -1)
    )
    return table, np.concatenate([np.full(len(problem.existing), -1), cand_area])


def _solve_mclp(q: _Problem) -> LocationResult:
    return mclp(
        q.cost,
        q.radius,
        int(q.new_sites),
        weights=q.weights,
        fixed=q.fixed,
        time_limit_s=q.time_limit_s,
        method=q.method,
    )


def _solve_p_median(q: _Problem) -> LocationResult:
    return p_median(
        q.cost,
        int(q.new_sites),
        weights=q.weights,
        fixed=q.fixed,
        time_limit_s=q.time_limit_s,
        method=q.method,
        progress=q.progress,
    )


def _solve_lscp(q: _Problem) -> LocationResult:
    return lscp(q.cost, q.radius, fixed=q.fixed, time_limit_s=q.time_limit_s)


def _solve_capacitated(q: _Problem) -> LocationResult:
    need = q.population * q.policy.slots_per_1000_target / 1000.0
    return capacitated_p_median(
        q.cost,
        int(q.new_sites),
        _capacities(q, "capacitated"),
        demand=need,
        weights=q.weights,
        fixed=q.fixed,
        single_source=False,
        time_limit_s=q.time_limit_s,
    )


def _named_areas(table: pd.DataFrame, exc: InfeasibleError) -> InfeasibleError:
    """Return ``exc`` with each short area (a row number of ``table``) named by its name and code."""
    if exc.code != "target_unreachable":
        return exc
    from ..text.problems import Listed

    listed = exc.facts["shown"]
    names = [f"{name} ({code})" for name, code in zip(table["name"], table["area_id"], strict=True)]
    items = [{**item, "area": names[item["area"]]} for item in listed.items]
    return InfeasibleError.said(
        "target_unreachable", n=exc.facts["n"], shown=Listed(listed.item, items, listed.more)
    )


def _solve_ratio_target(q: _Problem) -> LocationResult:
    table, area = _area_inputs(q)
    try:
        return ratio_target(
            q.cost, q.radius, capacities=_capacities(q, "ratio-target"), candidate_area=area,
            area_deficit=table["slots_needed"].to_numpy(dtype=float), weights=q.weights, fixed=q.fixed, time_limit_s=q.time_limit_s,
        )  # fmt: skip
    except InfeasibleError as exc:
        raise _named_areas(table, exc) from None


def _solve_shortfall(q: _Problem) -> LocationResult:
    table, area = _area_inputs(q)
    return shortfall(
        q.cost, q.radius, int(q.new_sites), capacities=_capacities(q, "shortfall"), candidate_area=area,
        area_deficit=table["slots_needed"].to_numpy(dtype=float), weights=q.weights, fixed=q.fixed, time_limit_s=q.time_limit_s,
    )  # fmt: skip


@dataclass(frozen=True)
class ModelSpec:
    """A location model of the geo front: how to solve it and what it needs.

    Adding a model means one entry in :data:`REGISTRY` (the CLI, the config check and the
    outputs read it from there).
    """

    solve: Callable[[_Problem], LocationResult]
    needs_sites: bool  # takes the number of new sites
    objective: str  # "coverage" (demand within the radius), "attendance" or "distance"
    default_level: str | None = None  # area level when none is given (None: township where present)
    slot_aim: bool = False  # first aim: the areas' slot shortfall (sites ranked and gains counted in slots)
    needs_capacity: bool = False  # every candidate's capacity (slots) is an input
    summary: str = ""

    @property
    def within_radius_only(self) -> bool:
        """Whether only pairs within the radius matter (costs are cut there)."""
        return self.objective != "distance"


def _solve_p_center(q: _Problem) -> LocationResult:
    return p_center(q.cost, int(q.new_sites), weights=q.weights, fixed=q.fixed, time_limit_s=q.time_limit_s)


def _solve_attendance(q: _Problem) -> LocationResult:
    return max_attendance(
        q.cost,
        int(q.new_sites),
        cutoff=q.radius,
        weights=q.weights,
        fixed=q.fixed,
        time_limit_s=q.time_limit_s,
        method=q.method,
    )


REGISTRY: dict[str, ModelSpec] = {
    "shortfall": ModelSpec(
        _solve_shortfall,
        needs_sites=True,
        objective="coverage",
        slot_aim=True,
        needs_capacity=True,
        summary="new sites closing the most slot shortfall below the target, then most children within reach",
    ),
    "mclp": ModelSpec(
        _solve_mclp,
        needs_sites=True,
        objective="coverage",
        summary="new sites covering the most children within the radius",
    ),
    "p-median": ModelSpec(
        _solve_p_median,
        needs_sites=True,
        objective="distance",
        summary="new sites minimising child-weighted distance",
    ),
    "p-center": ModelSpec(
        _solve_p_center,
        needs_sites=True,
        objective="distance",
        summary="new sites minimising the largest distance to a district",
    ),
    "attendance": ModelSpec(
        _solve_attendance,
        needs_sites=True,
        objective="attendance",
        summary="new sites maximising attendance, which falls linearly from 1 at the site to 0 at the radius",
    ),
    "lscp": ModelSpec(
        _solve_lscp,
        needs_sites=False,
        objective="coverage",
        summary="fewest sites covering every reachable district",
    ),
    "capacitated": ModelSpec(
        _solve_capacitated, needs_sites=True, objective="distance", needs_capacity=True,
        summary="p-median within slot capacities",
    ),
    "ratio-target": ModelSpec(
        _solve_ratio_target,
        needs_sites=False,
        objective="coverage",
        default_level="county",
        slot_aim=True,
        needs_capacity=True,
        summary="fewest sites so every area reaches the target",
    ),
}


def locate_facilities(
    study: StudyArea,
    policy: Policy | None = None,
    *,
    model: str = "shortfall",
    new_sites: int | None = None,
    radius_m: float | None = None,
    level: str | None = None,
    demand: str = "auto",
    include_planned: bool = False,
    time_limit_s: float | None = 60.0,
    method: str = "auto",
    distance: Distances = EUCLIDEAN,
    weight: str = "under3",
    progress=None,
) -> SitePlan:
    """Propose new childcare sites from a study area's candidates, existing facilities fixed.

    Parameters
    ----------
    study
        Study area with candidates (``capacity`` in slots) and, usually, facilities.
    policy
        Policy profile (service distance, slots-per-1000 target).
    model
        A key of :data:`REGISTRY`: ``"shortfall"`` (default: ``new_sites`` sites closing the most
        slot shortfall of the areas below target, then the most children within ``radius_m``),
        ``"mclp"`` (most children within ``radius_m``), ``"p-median"`` (least child-weighted
        distance), ``"lscp"`` (fewest sites covering every reachable demand), ``"capacitated"``
        (p-median within slot capacities; demand = the slots its residents need at the target
        ratio) or ``"ratio-target"`` (fewest sites so every area of ``level`` reaches the target,
        then most children within ``radius_m``).
    new_sites
        Number of new sites (every model but lscp and ratio-target).
    radius_m
        Service distance in metres (default: the policy's ``service_distance_m``).
    level
        Area level of the before/after tables and of the shortfall and ratio-target areas
        (default: township where present; ``ratio-target`` defaults to county).
    demand
        ``"auto"``, ``"residential"`` or ``"areas"`` (see :func:`carefac.demand.demand_points`).
    include_planned
        Count planned facilities as existing.
    time_limit_s
        Time limit of the exact solves.
    method
        ``"auto"``, ``"exact"`` or ``"heuristic"`` (p-median and mclp).
    distance
        Straight-line (default) or road-network distances (:class:`carefac.network.Distances`).
        Along a network, p-median and capacitated costs are kept up to ten times ``radius_m``.
        A district's distance to a site is measured to the district's polygon, exactly as the
        checks measure it (see :meth:`carefac.network.Distances.costs`).
    weight
        ``"under3"`` (children under 3, estimated where the input has none, and said so) or
        ``"population"`` (residents).
    """
    problem, spec, points, notices = _prepare(
        study, policy, model=model, new_sites=new_sites, radius_m=radius_m, level=level, demand=demand,
        include_planned=include_planned, time_limit_s=time_limit_s, method=method, distance=distance,
        weight=weight, progress=progress,
    )  # fmt: skip
    _check_sites(model, spec, new_sites, len(problem.candidates))
    result = _solved(spec, problem, points, model)
    return _plan(problem, model, spec, points, result, distance.label, tuple(notices))


#: the optimizer's errors for demand points that reach no site within the costs it was given
_UNREACHABLE = ("demand_unreachable", "demand_unreachable_costs", "demand_unreachable_center")


def _solved(spec: ModelSpec, problem: _Problem, points: pd.DataFrame, model: str) -> LocationResult:
    """Return the model's result; demand points out of reach of every site (along roads, past the
    distance models' cutoff of ten times the radius) are refused by name, not by matrix row."""
    try:
        return spec.solve(problem)
    except InfeasibleError as exc:
        if exc.code not in _UNREACHABLE:
            raise
        reach = np.diff(sp.csr_matrix(problem.cost).indptr) > 0
        stranded = np.flatnonzero(~reach & (problem.weights > 0))
        if not stranded.size:
            raise
        raise InfeasibleError.said(
            "districts_beyond_reach", n=int(stranded.size), shown=_named_points(points, stranded), model=model,
            cutoff_m=DISTANCE_CUTOFF_RADII * problem.radius, radius_m=problem.radius,
        ) from None


def _check_sites(model: str, spec: ModelSpec, new_sites: int | None, candidates: int) -> None:
    if not spec.needs_sites and new_sites is not None:
        raise ValueError(
            f"the {model} model finds the number of sites itself (the fewest that reach its aim); "
            f"new_sites={new_sites!r} would not be used: drop it, or choose a model that takes one"
        )
    if spec.needs_sites and new_sites is None:
        raise InfeasibleError.said("sites_needed", model=model)
    if spec.needs_sites and int(new_sites) > candidates:
        raise InfeasibleError.said("too_many_sites", n=int(new_sites), candidates=candidates)


def _weightless(study: StudyArea, points: gpd.GeoDataFrame, model: str) -> ValidationError:
    """Return the error for demand that weighs nothing: a model whose first aim is weighted
    (children within reach, distance …) would answer with sites as good as any others."""
    layer = points.attrs.get("layer", "residential")
    column = "population" if (points["weight_basis"] == "population").all() else "pop_under3"
    others = ", ".join(name for name, spec in REGISTRY.items() if not (spec.needs_sites and not spec.slot_aim))
    return ValidationError(
        [problem(study.sources.get(layer, layer), "demand_weight_zero", column=column, n=len(points), model=model,
                 models=others)]  # fmt: skip
    )


def _prepare(study: StudyArea, policy: Policy | None, *, model: str, new_sites, radius_m, level, demand,
             include_planned, time_limit_s, method, distance: Distances, weight, progress):  # fmt: skip
    """Return the problem (costs computed once), the model's spec, the demand points and notices."""
    if model not in REGISTRY:
        raise ValueError(f"model must be one of {', '.join(REGISTRY)}, got {model!r}")
    spec = REGISTRY[model]
    policy = policy or load_policy()
    radius = float(radius_m if radius_m is not None else policy.service_distance_m)
    level = _level_of(study, level if level is not None else spec.default_level)
    points = demand_points(study, policy, source=demand, weight=weight)
    if spec.needs_sites and not spec.slot_aim and not (points["weight"] > 0).any():
        raise _weightless(study, points, model)
    existing, candidates, notices = _supply(study, policy, include_planned)
    notices += demand_notices(points)
    supply = _supply_table(study, existing, candidates)
    cutoff = radius if spec.within_radius_only else (None if distance.method == "euclidean" else DISTANCE_CUTOFF_RADII * radius)
    cost = as_sparse_costs(
        distance.costs(points, supply, cutoff_m=cutoff)
    )  # stored entries = reachable pairs
    problem = _Problem(
        study=study, policy=policy, level=level, cost=cost, radius=radius, weights=points["weight"].to_numpy(dtype=float),
        population=points["population"].to_numpy(dtype=float), supply=supply, candidates=candidates, existing=existing,
        fixed=np.arange(len(existing)), new_sites=new_sites, time_limit_s=time_limit_s, method=method,
        include_planned=include_planned, progress=progress,
    )  # fmt: skip
    return problem, spec, points, notices


def site_curve(
    study: StudyArea,
    policy: Policy | None = None,
    *,
    sites: range,
    model: str = "mclp",
    radius_m: float | None = None,
    level: str | None = None,
    demand: str = "auto",
    include_planned: bool = False,
    time_limit_s: float | None = 60.0,
    method: str = "auto",
    distance: Distances = EUCLIDEAN,
    weight: str = "under3",
    progress=None,
) -> pd.DataFrame:
    """Return, for each number of new sites in ``sites``, the model's best objective and its bound.

    A planner picks the number of sites from this curve (where one more site adds little). Costs
    are computed once; each point is solved on its own, with ``time_limit_s`` each, and carries
    its own proven bound, gap and status (``optimal`` only where the bound meets the objective).

    Returns
    -------
    pandas.DataFrame
        ``new_sites, objective, bound, gap, status, seconds`` and ``sense`` (``max``: more is
        better, e.g. children within reach; ``min``: less is better).
    """
    problem, spec, points, _ = _prepare(
        study, policy, model=model, new_sites=max(sites), radius_m=radius_m, level=level, demand=demand,
        include_planned=include_planned, time_limit_s=time_limit_s, method=method, distance=distance,
        weight=weight, progress=progress,
    )  # fmt: skip
    if not spec.needs_sites:
        raise InfeasibleError.said("curve_needs_sites", model=model)
    if max(sites) > len(problem.candidates):  # refused before the first point is solved
        raise InfeasibleError.said(
            "curve_too_many_sites", n=max(sites), candidates=len(problem.candidates),
            low=min(min(sites), len(problem.candidates)),
        )
    rows = []
    for k in sites:
        _check_sites(model, spec, k, len(problem.candidates))
        result = _solved(spec, dataclasses.replace(problem, new_sites=int(k)), points, model)
        rows.append(
            {
                "new_sites": int(k),
                "objective": result.objective,
                "bound": result.bound,
                "gap": result.gap,
                "status": result.status,
                "seconds": round(sum(result.seconds.values()), 3),
                "sense": result.sense,
            }
        )
        if progress is not None and hasattr(progress, "update"):
            progress.update(1)
    return pd.DataFrame(rows)


def _supply_table(
    study: StudyArea, existing: gpd.GeoDataFrame, candidates: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Return existing facilities (fixed, first) and candidates as one supply layer."""
    supply = pd.concat(
        [
            pd.DataFrame(
                {
                    "site_id": existing.get("facility_id", pd.Series(dtype=object)),
                    "name": existing.get("name"),
                    "kind": "existing",
                    "capacity": existing["slots"].astype(float) if len(existing) else [],
                }
            ),
            pd.DataFrame(
                {
                    "site_id": candidates["candidate_id"],
                    "name": candidates["name"],
                    "kind": "proposed",
                    "capacity": candidates["capacity"].astype(float) if "capacity" in candidates else np.nan,
                }
            ),
        ],
        ignore_index=True,
    )
    geometry = pd.concat([existing.geometry, candidates.geometry], ignore_index=True)
    return gpd.GeoDataFrame(supply, geometry=geometry.to_numpy(), crs=study.crs)


def _out_of_reach_notice(result: LocationResult, points: pd.DataFrame, radius_m: float, model: str) -> Notice | None:
    """Return a notice naming the demand points no site can reach within the radius, when the model
    covers every other one (the LSCP): "29 sites cover every district" would otherwise hide them."""
    rows = (result.details or {}).get("uncoverable_rows") or []
    if not rows:
        return None
    return Notice.said("demand_out_of_reach", n=len(rows), total=len(points), radius=radius_m,
                       shown=_named_points(points, rows), model={lang: model_name(model, lang) for lang in ("en", "zh")})  # fmt: skip


def _named_points(points: pd.DataFrame, rows) -> str:
    """Return the demand points at ``rows`` (positions) as "name (id)": the first eight, " …" when there are more."""
    return shown((f"{name} ({pid})" for pid, name in zip(points["demand_id"].iloc[rows], points["name"].iloc[rows],
                                                          strict=True)), most=8)  # fmt: skip


def _second_stage_notice(result: LocationResult, radius_m: float) -> Notice | None:
    """Return a notice when a two-aim model's second aim (children within reach) is not proven.

    The shortfall and ratio-target models first settle the slots (proven when their gap is 0), then,
    among the plans equally good at that, look for the one reaching the most children. When that
    second search ran out of time or did not fit the time left, the run says ``feasible`` with a gap
    of 0: the notice says why, with the children reached and the most that could be.
    """
    stage = result.details.get("stage2") if result.details else None
    if not stage or (stage.get("status") == "optimal"):
        return None
    covered = float(result.details.get("covered_weight", float("nan")))
    # stage 2's bound is on the demand the fixed (existing) sites leave uncovered
    bound = float(stage.get("bound", float("nan"))) + float(result.details.get("covered_by_fixed", 0.0))
    ran = np.isfinite(float(stage.get("covered", float("nan"))))
    if ran and np.isfinite(bound) and bound - covered <= max(1e-6, 1e-9 * abs(covered)):
        return None
    return Notice.said(
        "second_aim_unproven",
        words={
            "proof": "proven_best" if result.gap <= 1e-9 else "not_proven_best",
            "why": "ran_out_of_time" if ran else "no_time_to_start",
            "most": "at_most" if np.isfinite(bound) else "no_bound",
        },
        model=result.model, objective=result.objective, radius=radius_m, covered=covered, bound=bound,
    )  # fmt: skip


def _site_notices(sites: gpd.GeoDataFrame, model: str) -> list[Notice]:
    """Return notices on the proposed sites themselves: sites without a capacity (counted as no
    slots in the figures after the plan), and sites that add nothing to the model's aim and serve
    no one: all of them (what they could serve is served already or beyond every candidate's
    reach: any would do), or some (more sites asked than the aim can use)."""
    notices = []
    unknown = sites["capacity"].isna().to_numpy()
    if unknown.any():
        notices.append(Notice.said("sites_without_capacity", n=int(unknown.sum()),
                                   sites=shown(sites["candidate_id"][unknown].astype(str), most=6)))  # fmt: skip
    idle = ((np.abs(sites["marginal_gain"].to_numpy(dtype=float)) <= 1e-9)
            & (np.abs(sites["demand_served"].to_numpy(dtype=float)) <= 1e-9))  # fmt: skip
    named = {lang: model_name(model, lang) for lang in ("en", "zh")}
    if len(sites) and idle.all():
        notices.append(Notice.said("sites_add_nothing", n=len(sites), model=named))
    elif idle.any():  # more sites asked than the aim can use: the last ones are any candidates
        notices.append(Notice.said("sites_some_add_nothing", n=int(idle.sum()), model=named,
                                   sites=shown(sites["candidate_id"][idle].astype(str), most=6)))  # fmt: skip
    return notices


def _plan(
    q: _Problem, model: str, spec: ModelSpec, points, result: LocationResult, distance_label: str, notices
) -> SitePlan:
    """Assemble the tables of a plan from a matrix-core result."""
    study, policy, level, supply, candidates = q.study, q.policy, q.level, q.supply, q.candidates
    cost, weights, fixed, radius, include_planned = q.cost, q.weights, q.fixed, q.radius, q.include_planned
    order, gains = _marginal_order(result, cost, weights, radius, fixed, kind=spec.objective)
    if spec.slot_aim:
        table, area = _area_inputs(q)
        order, gains = _slot_order(order, area, table["slots_needed"].to_numpy(dtype=float), _capacities(q, model))
    served = np.bincount(
        result.assignment[result.assignment >= 0],
        weights=weights[result.assignment >= 0],
        minlength=len(supply),
    )
    chosen = supply.iloc[order]
    lonlat = chosen.geometry.to_crs(4326)
    key = f"{level}_id"
    cand_index = np.asarray(order) - len(fixed)
    area_ids = (
        candidates[key].to_numpy()[cand_index]
        if key in candidates and len(order)
        else np.array([], dtype=object)
    )
    sites = gpd.GeoDataFrame(
        {
            "rank": np.arange(1, len(order) + 1),
            "candidate_id": chosen["site_id"].to_numpy(),
            "name": chosen["name"].to_numpy(),
            "lon": lonlat.x.round(6).to_numpy(),
            "lat": lonlat.y.round(6).to_numpy(),
            "area_id": area_ids,
            "capacity": chosen["capacity"].to_numpy(),
            "demand_served": np.round(served[order], 1),
            "marginal_gain": np.round(gains, 1),
        },
        geometry=chosen.geometry.to_numpy(),
        crs=study.crs,
    )
    assigned = result.assignment
    has = assigned >= 0
    distance = np.full(len(points), np.nan)
    distance[has] = np.asarray(cost[np.flatnonzero(has), assigned[has]]).ravel()
    allocation = pd.DataFrame(
        {
            "demand_id": points["demand_id"],
            "demand_name": points["name"],
            "weight": points["weight"].round(1),
            "weight_basis": points["weight_basis"],
            "facility_id": np.where(has, supply["site_id"].to_numpy()[np.maximum(assigned, 0)], None),
            "facility_kind": np.where(has, supply["kind"].to_numpy()[np.maximum(assigned, 0)], None),
            "distance_m": np.round(distance, 1),
            "within_radius": np.where(has, distance <= radius + 1e-9, False),
        }
    )
    before = slots_per_1000(study, policy, level=level, include_planned=include_planned)
    after = slots_per_1000(
        _with_new_sites(study, candidates, cand_index), policy, level=level, include_planned=include_planned
    )
    return SitePlan(
        sites=sites,
        allocation=allocation,
        before=before,
        after=after,
        demand=points,
        result=result,
        model=model,
        radius_m=radius,
        distance=distance_label,
        notices=notices + tuple(n for n in [_second_stage_notice(result, radius), _out_of_reach_notice(result, points, radius, model),
                                            *_site_notices(sites, model)] if n is not None),  # fmt: skip
        level=level,
    )


def _with_new_sites(study: StudyArea, candidates: gpd.GeoDataFrame, chosen: np.ndarray) -> StudyArea:
    """Return the study with the chosen candidates added as existing childcare facilities."""
    if len(chosen) == 0:
        return study
    new = candidates.iloc[chosen]
    rows = gpd.GeoDataFrame(
        {
            "facility_id": "proposed:" + new["candidate_id"].astype(str),
            "name": new["name"],
            "kind": "childcare",
            "status": "existing",
            "slots": new["capacity"].fillna(0).astype("Int64") if "capacity" in new else 0,
            **{c: new[c] for c in ("county_id", "township_id") if c in new},
        },
        geometry=new.geometry,
        crs=study.crs,
    )
    facilities = rows if study.facilities is None else pd.concat([study.facilities, rows], ignore_index=True)
    return dataclasses.replace(study, facilities=gpd.GeoDataFrame(facilities, crs=study.crs))


MODELS = tuple(REGISTRY)
