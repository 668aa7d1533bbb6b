"""Accessibility and equity: the two-step floating catchment area (2SFCA) family, sparse.

Matrix core (any costs, dense or ``scipy.sparse`` as in :mod:`carefac.optimize`: a stored entry
is a reachable pair, its value may be 0; dense ``inf`` is unreachable):

- :func:`two_step_fca` — Luo & Wang (2003); with a distance weight, the enhanced (E2SFCA, Luo &
  Qi 2009, :func:`stepwise`), Gaussian (Dai 2010, :func:`gaussian_dai`; :func:`gaussian` as in
  PySAL ``access``) or gravity (:func:`gravity`) variants.
- :func:`three_step_fca` — Wan, Zou & Sternberg (2012): a demand's pull to each supply is shared
  by its preference weight (its weight over the sum of its weights).
- :func:`catchment_ratio` — the plain ratio of supply to demand within a location's catchment.

Only pairs within the catchment are touched: memory and time grow with the pairs, not with
demand × supply. Geo front: :func:`accessibility` (children under 3 per district, slots of
childcare, the one district-to-facility distance of :class:`carefac.network.Distances`).
Equity: :func:`gini`, :func:`lorenz`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import scipy.sparse as sp

from ._errors import Problem, ValidationError
from .optimize._core import as_sparse_costs, input_error

__all__ = [
    "access_by_area",
    "accessibility",
    "catchment_ratio",
    "equity_summary",
    "gaussian",
    "gaussian_dai",
    "gini",
    "gravity",
    "lorenz",
    "per_child_target",
    "stepwise",
    "three_step_fca",
    "two_step_fca",
]

Weight = Callable[[np.ndarray], np.ndarray]


# -- distance weights ------------------------------------------------------------------------------


def stepwise(steps: Mapping[float, float]) -> Weight:
    """Return the weight of the enhanced 2SFCA (Luo & Qi 2009): ``steps`` maps each zone's upper
    cost to its weight (``{10: 1.0, 20: 0.68, 30: 0.22}``); a cost is in the first zone whose
    upper bound it does not exceed; beyond the last zone the weight is 0."""
    bounds = np.array(sorted(steps), dtype=float)
    values = np.array([steps[b] for b in sorted(steps)], dtype=float)
    if np.any(values < 0):
        raise ValueError("step weights must be ≥ 0")

    def weight(cost: np.ndarray) -> np.ndarray:
        zone = np.searchsorted(bounds, cost, side="left")
        return np.where(zone < bounds.size, values[np.minimum(zone, bounds.size - 1)], 0.0)

    return weight


def gaussian(sigma: float) -> Weight:
    """Return ``exp(−cost² / 2σ²)`` (1 at cost 0; the weight of PySAL ``access.weights.gaussian``)."""
    if sigma <= 0:
        raise ValueError("sigma must be > 0")
    return lambda cost: np.exp(-(np.asarray(cost, dtype=float) ** 2) / (2.0 * sigma**2))


def gaussian_dai(catchment: float) -> Weight:
    """Return Dai's (2010) Gaussian: ``(e^{−½(d/d₀)²} − e^{−½}) / (1 − e^{−½})`` — 1 at 0, 0 at the
    catchment ``d₀``."""
    if catchment <= 0:
        raise ValueError("the catchment must be > 0")
    floor = np.exp(-0.5)
    return lambda cost: (
        (np.exp(-0.5 * (np.asarray(cost, dtype=float) / catchment) ** 2) - floor) / (1.0 - floor)
    )


def gravity(scale: float, alpha: float, min_cost: float = 0.0) -> Weight:
    """Return ``(max(cost, min_cost) / scale) ** alpha`` (``alpha`` < 0 for decay; the weight of PySAL
    ``access.weights.gravity``)."""
    if scale <= 0:
        raise ValueError("scale must be > 0")
    return lambda cost: (np.maximum(np.asarray(cost, dtype=float), min_cost) / scale) ** alpha


# -- matrix core -----------------------------------------------------------------------------------


def _bad(name: str, message: str, fix: str) -> ValidationError:
    return ValidationError([Problem(name, message, fix)])


def _within(cost, catchment: float, n_demand: int, n_supply: int) -> sp.csr_matrix:
    """Return the reachable pairs within ``catchment`` as CSR (explicit zeros kept)."""
    if not np.isfinite(catchment) or catchment < 0:
        raise _bad(
            "catchment",
            f"the catchment must be a finite cost ≥ 0, got {catchment!r}.",
            "give catchment=300, say (metres).",
        )
    if sp.issparse(cost) and cost.format == "csr" and cost.has_canonical_format:
        pairs = cost  # checked below, never copied when every pair is within the catchment
        if pairs.nnz and not (np.isfinite(pairs.data).all() and pairs.data.min() >= 0):
            pairs = as_sparse_costs(cost, empty_ok=True)  # raises with the reason
    else:
        pairs = as_sparse_costs(cost, empty_ok=True)
    if pairs.shape != (n_demand, n_supply):
        raise input_error(
            "access_cost_shape", n_rows=pairs.shape[0], cols=pairs.shape[1], n_demand=n_demand, n_supply=n_supply
        )
    keep = pairs.data <= catchment
    if keep.all():
        return pairs
    kept = np.r_[0, np.cumsum(keep)]
    return sp.csr_matrix((pairs.data[keep], pairs.indices[keep], kept[pairs.indptr]), shape=pairs.shape)


def _amounts(values, name: str) -> np.ndarray:
    out = np.asarray(values, dtype=float)
    if out.ndim != 1 or np.any(~np.isfinite(out)) or np.any(out < 0):
        raise _bad(
            name,
            f"{name} must be a 1-D array of finite values ≥ 0.",
            f"give one {name} value per row (0 for none).",
        )
    return out


def _weighted(within: sp.csr_matrix, weight: Weight | None) -> sp.csr_matrix:
    """Return the pair weights: ``weight(cost)`` (1 when ``weight`` is None) on the stored pairs."""
    values = np.ones_like(within.data) if weight is None else np.asarray(weight(within.data), dtype=float)
    if values.shape != within.data.shape or not (
        np.isfinite(values).all() and (values.size == 0 or values.min() >= 0)
    ):
        raise _bad(
            "weight",
            "the weight must map costs to finite values ≥ 0.",
            "use stepwise, gaussian_dai, gaussian or gravity.",
        )
    return sp.csr_matrix((values, within.indices, within.indptr), shape=within.shape)


def _ratio(supply: np.ndarray, pulled: np.ndarray) -> np.ndarray:
    """Return supply ÷ weighted demand per supply point (0 where no demand reaches it)."""
    return np.divide(supply, pulled, out=np.zeros_like(supply), where=pulled > 0)


def two_step_fca(cost, demand, supply, *, catchment: float, weight: Weight | None = None) -> np.ndarray:
    """Return the accessibility of each demand point by the two-step floating catchment method.

    Step 1: each supply point's ratio ``R_j = S_j / Σ_i w(c_ij) D_i`` over the demand within the
    catchment; step 2: ``A_i = Σ_j w(c_ij) R_j`` over the supply within the catchment of ``i``
    (``w`` is 1 without ``weight``). A supply point that no demand reaches has ``R_j = 0``; a
    demand point that reaches no supply has ``A_i = 0``. With ``w = 1`` and every demand reaching
    every supply, ``Σ_i A_i D_i = Σ_j S_j``.

    Parameters
    ----------
    cost
        Demand × supply costs: dense (``inf`` = unreachable) or sparse (stored = reachable).
    demand, supply
        Amounts per demand row and supply column (children, slots).
    catchment
        Largest cost of a pair that counts (inclusive), in the cost's unit.
    weight
        A function of cost (see :func:`stepwise`, :func:`gaussian_dai`, :func:`gravity`).
    """
    demand, supply = _amounts(demand, "demand"), _amounts(supply, "supply")
    w = _weighted(_within(cost, catchment, demand.size, supply.size), weight)
    ratio = _ratio(supply, w.T @ demand)
    return np.asarray(w @ ratio, dtype=float)


def three_step_fca(cost, demand, supply, *, catchment: float, weight: Weight | None = None) -> np.ndarray:
    """Return the accessibility of each demand point by the three-step floating catchment method.

    Wan, Zou & Sternberg (2012): the preference weight ``G_ij = w_ij / Σ_k w_ik`` (over the supply
    within the catchment of ``i``) shares each demand among the supply it reaches;
    ``R_j = S_j / Σ_i G_ij w_ij D_i`` and ``A_i = Σ_j G_ij w_ij R_j``. Arguments as in
    :func:`two_step_fca`.
    """
    demand, supply = _amounts(demand, "demand"), _amounts(supply, "supply")
    w = _weighted(_within(cost, catchment, demand.size, supply.size), weight)
    totals = np.asarray(w.sum(axis=1)).ravel()
    rows = np.repeat(np.arange(w.shape[0]), np.diff(w.indptr))
    g = w.copy()
    g.data = np.divide(w.data, totals[rows], out=np.zeros_like(w.data), where=totals[rows] > 0) * w.data
    ratio = _ratio(supply, g.T @ demand)
    return np.asarray(g @ ratio, dtype=float)


def catchment_ratio(
    supply_cost, demand_cost, demand, supply, *, catchment: float, weight: Weight | None = None
) -> np.ndarray:
    """Return, per location, the supply within its catchment over the demand within it.

    The plain floating-catchment ratio (PySAL ``access.fca_ratio``): for location ``l``,
    ``Σ_j w(c_jl) S_j / Σ_k w(c_kl) D_k`` — ``supply_cost`` is supply × locations, ``demand_cost``
    demand × locations (the locations are usually the demand points themselves, so
    ``demand_cost`` is demand × demand). Unlike 2SFCA it counts a facility's slots fully in every
    catchment that reaches it (no sharing): it says how crowded a neighbourhood is, not what each
    child can get. 0 where no demand is within reach.
    """
    demand, supply = _amounts(demand, "demand"), _amounts(supply, "supply")
    n_locations = as_sparse_costs(demand_cost, empty_ok=True).shape[1]
    to_supply = _weighted(_within(supply_cost, catchment, supply.size, n_locations), weight)
    to_demand = _weighted(_within(demand_cost, catchment, demand.size, n_locations), weight)
    return _ratio(
        np.asarray(to_supply.T @ supply, dtype=float), np.asarray(to_demand.T @ demand, dtype=float)
    )


# -- equity ----------------------------------------------------------------------------------------


def lorenz(values, weights=None) -> tuple[np.ndarray, np.ndarray]:
    """Return the Lorenz curve of ``values`` over ``weights`` (children): the cumulative share of
    people and of the total (people × value), from the worst served up; both start at 0."""
    values = np.asarray(values, dtype=float)
    weights = np.ones_like(values) if weights is None else np.asarray(weights, dtype=float)
    order = np.argsort(values, kind="stable")
    people = np.r_[0.0, np.cumsum(weights[order])]
    amount = np.r_[0.0, np.cumsum(weights[order] * values[order])]
    if people[-1] <= 0 or amount[-1] <= 0:
        return people / max(people[-1], 1.0), np.zeros_like(amount)
    return people / people[-1], amount / amount[-1]


def gini(values, weights=None) -> float:
    """Return the Gini coefficient of ``values`` over ``weights``: 0 when everyone has the same,
    toward 1 when a few have all (1 − twice the area under the Lorenz curve)."""
    x, y = lorenz(values, weights)
    if y[-1] == 0:
        return 0.0
    return float(1.0 - np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1])))


# -- geo front -------------------------------------------------------------------------------------


def accessibility(
    study,
    policy=None,
    *,
    plan=None,
    distance=None,
    catchment_m: float | None = None,
    weight: Weight | None = None,
    method: str = "2sfca",
    source: str = "auto",
):
    """Return the accessibility of every residential district (or township) to childcare slots.

    Demand is children under 3 (:func:`carefac.demand.demand_points`, the same estimates as the
    optimizer), supply the slots of existing childcare, distances the one district-to-facility
    distance of the checks (inside = 0 m, else to the district's edge; straight-line or along
    roads). ``access_before`` is slots per child under 3 reachable within ``catchment_m`` (the
    profile's service distance by default); with a ``plan`` (a :class:`carefac.optimize.SitePlan`),
    ``access_after`` adds its proposed sites' capacity.

    Returns
    -------
    geopandas.GeoDataFrame
        ``demand_id, name, weight`` (children), ``weight_basis``, ``access_before`` and, with a
        plan, ``access_after``; the demand geometry.
    """
    import pandas as pd

    from .coverage import childcare_facilities
    from .demand import demand_points
    from .network import EUCLIDEAN
    from .policy import load_policy

    policy = policy or load_policy()
    distance = distance or EUCLIDEAN
    catchment = float(policy.service_distance_m if catchment_m is None else catchment_m)
    step = {"2sfca": two_step_fca, "3sfca": three_step_fca}.get(method)
    if step is None:
        raise ValueError(f"method must be '2sfca' or '3sfca', got {method!r}")
    points = demand_points(study, policy, source=source)
    facilities = childcare_facilities(study, policy)
    columns = ["geometry", "slots"]
    supply_layer = facilities[columns].assign(slots=facilities["slots"].fillna(0).astype(float))
    costs = distance.costs(points, supply_layer, cutoff_m=catchment)
    out = points[["demand_id", "name", "population", "weight", "weight_basis", points.geometry.name]].copy()
    out["population"] = pd.array(np.round(out["population"].to_numpy(dtype=float)), dtype="Int64")
    out["access_before"] = step(
        costs, points["weight"], supply_layer["slots"], catchment=catchment, weight=weight
    )
    unknown = int(plan.sites["capacity"].isna().sum()) if plan is not None and len(plan.sites) else 0
    out.attrs["sites_without_capacity"] = unknown  # their slots unknown: no "after" (said by the caller)
    if plan is not None and len(plan.sites) and not unknown:
        new = plan.sites.to_crs(study.crs)[["geometry", "capacity"]].rename(columns={"capacity": "slots"})
        both = pd.concat([supply_layer, new], ignore_index=True)
        both = both.set_geometry("geometry", crs=study.crs)
        costs_after = distance.costs(points, both, cutoff_m=catchment)
        out["access_after"] = step(
            costs_after, points["weight"], both["slots"], catchment=catchment, weight=weight
        )
    return out


def per_child_target(policy, points) -> float:
    """Return the plan's target as slots per child under 3: ``slots_per_1000_target / 1000 ×
    residents ÷ children under 3`` over the demand points (4.5 per 1000 residents is about 0.15
    slots per child where 3 % of residents are under 3)."""
    children = float(np.sum(points["weight"]))
    residents = float(np.nansum(points["population"])) if "population" in points else 0.0
    if children <= 0 or residents <= 0:
        return float("nan")
    return policy.slots_per_1000_target / 1000.0 * residents / children


def equity_summary(table, threshold: float) -> dict[str, float]:
    """Return the Gini of accessibility over children, and the share of children below
    ``threshold``, before (and after, when the table has ``access_after``)."""
    children = np.asarray(table["weight"], dtype=float)
    total = children.sum()
    out = {"children": float(total), "threshold_per_child": float(threshold)}
    for when in ("before", "after"):
        column = f"access_{when}"
        if column not in table:
            continue
        values = np.asarray(table[column], dtype=float)
        out[f"gini_{when}"] = gini(values, children)
        out[f"share_below_{when}"] = (
            float(children[values < threshold].sum() / total) if total > 0 else float("nan")
        )
        out[f"children_without_access_{when}"] = float(children[values <= 0].sum())
    return out


def access_by_area(table, study, *, level: str = "township"):
    """Return the accessibility of each area of ``level``: the child-weighted mean of its
    districts' (a district belongs to the area its representative point lies in), with the
    children counted and the share of them with no slot within reach.

    Returns
    -------
    pandas.DataFrame
        ``area_id, name, weight`` (children), ``access_before`` (and ``access_after``),
        ``no_access_share``; areas without districts are left out.
    """
    import pandas as pd

    from .model import locate_points

    areas = study.areas_at(level)
    where = locate_points(table.geometry.representative_point(), areas).to_numpy()
    frame = pd.DataFrame(table.drop(columns=table.geometry.name)).assign(area_id=where)
    frame = frame[frame["area_id"].notna()]
    columns = [c for c in ("access_before", "access_after") if c in frame]
    weighted = frame[columns].multiply(frame["weight"], axis=0).assign(area_id=frame["area_id"])
    sums = weighted.groupby("area_id")[columns].sum()
    children = frame.groupby("area_id")["weight"].sum()
    no_access = frame[frame["access_before"] <= 0].groupby("area_id")["weight"].sum()
    out = sums.div(children.where(children > 0), axis=0)
    out.insert(0, "weight", children)
    out["no_access_share"] = (no_access.reindex(out.index).fillna(0.0) / children.where(children > 0)).to_numpy()
    names = areas.set_index("area_id")["name"]
    out.insert(0, "name", names.reindex(out.index).to_numpy())
    return out.reset_index()
