"""Every model against an independent answer on many random medium instances.

The references here share no code with carefac's solvers: plain MILP formulations solved by
``scipy.optimize.milp`` (p-median, MCLP, LSCP, p-center by bisection over set covers, the
capacitated p-median) and enumeration of site subsets (attendance, shortfall, ratio-target).
Instances mix uniform and clustered demand, rounded costs (ties), duplicated sites, unreachable
pairs, weights of 0, and a 0.3–0.5 s time limit on some. Each answer is checked: ``optimal``
only at the reference optimum, the bound on the right side of it, the objective never better
than it, and (without a limit) ``optimal`` reached.

Run: ``python benchmarks/models_vs_milp.py [--seeds 0:200]``; prints each disagreement and their
count. Not a test: minutes of runs (use it after changing a model).
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from carefac._errors import InfeasibleError
from carefac.optimize import (
    capacitated_p_median,
    lscp,
    max_attendance,
    mclp,
    p_center,
    p_median,
    ratio_target,
    shortfall,
)


def instance(seed: int, *, largest_n: int = 400, largest_m: int = 50):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(40, largest_n)), int(rng.integers(5, largest_m))
    if seed % 4:
        centres = rng.uniform(0, 1000, (3, 2))
        demand = centres[rng.integers(0, 3, n)] + rng.normal(0, 60, (n, 2))
    else:
        demand = rng.uniform(0, 1000, (n, 2))
    sites = rng.uniform(0, 1000, (m, 2))
    if seed % 5 == 0:
        sites[: m // 3] = sites[m // 3 : 2 * (m // 3)]  # duplicated sites
    cost = np.sqrt(((demand[:, None] - sites[None]) ** 2).sum(-1))
    if seed % 3 == 0:
        cost = np.round(cost / 100) * 100  # many ties
    weights = rng.integers(0 if seed % 2 else 1, 50, n).astype(float)
    return rng, cost, weights


def solve(c, a, lower, upper, integrality, upper_bounds=1.0):
    answer = milp(
        c, constraints=LinearConstraint(a, lower, upper), integrality=integrality,
        bounds=Bounds(0, upper_bounds), options={"mip_rel_gap": 1e-9},
    )  # fmt: skip
    return answer.fun if answer.status == 0 else None


def p_median_optimum(cost, w, p):
    n, m = cost.shape
    a = sp.vstack([
        sp.hstack([sp.csr_matrix((n, m)), sp.kron(sp.eye(n), np.ones((1, m)))]),  # each demand served once
        sp.hstack([-sp.kron(np.ones((n, 1)), sp.eye(m)), sp.eye(n * m)]),  # only from open sites
        sp.hstack([sp.csr_matrix(np.ones((1, m))), sp.csr_matrix((1, n * m))]),  # p sites
    ]).tocsr()  # fmt: skip
    lower = np.r_[np.ones(n), np.full(n * m, -np.inf), p]
    upper = np.r_[np.ones(n), np.zeros(n * m), p]
    return solve(np.r_[np.zeros(m), (w[:, None] * cost).ravel()], a, lower, upper, np.r_[np.ones(m), np.zeros(n * m)])


def mclp_optimum(cover, w, p):
    n, m = cover.shape
    a = sp.vstack([
        sp.hstack([-sp.csr_matrix(cover.astype(float)), sp.eye(n)]),  # covered only by an open site
        sp.hstack([np.ones((1, m)), sp.csr_matrix((1, n))]),
    ])  # fmt: skip
    found = solve(np.r_[np.zeros(m), -w], a, np.r_[np.full(n, -np.inf), p], np.r_[np.zeros(n), p], np.r_[np.ones(m), np.zeros(n)])
    return -found


def lscp_optimum(cover):
    needed = cover[cover.any(axis=1)].astype(float)
    return solve(np.ones(cover.shape[1]), needed, 1, np.inf, np.ones(cover.shape[1]))


def p_center_optimum(cost, w, p):
    counted = cost[w > 0]
    values = np.unique(counted)
    lo, hi = 0, values.size - 1
    while lo < hi:
        mid = (lo + hi) // 2
        cover = counted <= values[mid]
        if cover.any(axis=1).all() and lscp_optimum(cover) <= p:
            hi = mid
        else:
            lo = mid + 1
    return float(values[lo])


def capacitated_optimum(cost, w, q, cap, p, single):
    n, m = cost.shape
    reachable = np.isfinite(cost)
    a = sp.vstack([
        sp.hstack([sp.kron(sp.eye(n), np.ones((1, m))), sp.csr_matrix((n, m))]),  # each demand served once
        sp.hstack([sp.kron(q[None, :], sp.eye(m)), -sp.diags(cap)]),  # load within an open site's capacity
        sp.hstack([sp.eye(n * m), -sp.kron(np.ones((n, 1)), sp.eye(m))]),  # only from open sites
        sp.hstack([sp.csr_matrix((1, n * m)), np.ones((1, m))]),  # p sites
    ]).tocsr()  # fmt: skip
    served = (q > 0).astype(float)
    lower = np.r_[served, np.full(m, -np.inf), np.full(n * m, -np.inf), p]
    upper = np.r_[np.ones(n), np.zeros(m), np.zeros(n * m), p]
    integrality = np.r_[np.full(n * m, 1 if single else 0), np.ones(m)]
    c = np.r_[(w[:, None] * np.where(reachable, cost, 0.0)).ravel(), np.zeros(m)]
    return solve(c, a, lower, upper, integrality, np.r_[reachable.ravel().astype(float), np.ones(m)])


def check(name, result, optimum, limit, problems):
    """Append what is wrong with ``result`` against the reference ``optimum``."""
    tolerance = 1e-6 * max(1.0, abs(optimum))
    better = result.objective < optimum - tolerance if result.sense == "min" else result.objective > optimum + tolerance
    wrong_side = result.bound > optimum + tolerance if result.sense == "min" else result.bound < optimum - tolerance
    if result.status == "optimal" and abs(result.objective - optimum) > tolerance:
        problems.append(f"{name}: optimal at {result.objective}, the optimum is {optimum}")
    if better:
        problems.append(f"{name}: objective {result.objective} beyond the optimum {optimum}")
    if wrong_side:
        problems.append(f"{name}: bound {result.bound} on the wrong side of the optimum {optimum}")
    if limit is None and result.status != "optimal":
        problems.append(f"{name}: {result.status} without a time limit")


def covering_models(seed, problems):
    rng, cost, w = instance(seed)
    p = int(rng.integers(1, min(8, cost.shape[1])))
    radius = float(np.quantile(cost, rng.uniform(0.03, 0.2)))
    limit = 0.3 if seed % 7 == 0 else None
    check("p_median", p_median(cost, p, weights=w, time_limit_s=limit), p_median_optimum(cost, w, p), limit, problems)
    check("mclp", mclp(cost, radius, p, weights=w, time_limit_s=limit), mclp_optimum(cost <= radius, w, p), limit, problems)
    check("lscp", lscp(cost, radius, time_limit_s=limit), lscp_optimum(cost <= radius), limit, problems)
    check("p_center", p_center(cost, p, weights=w, time_limit_s=limit), p_center_optimum(cost, w, p), limit, problems)


def enumerated_models(seed, problems):
    rng, cost, w = instance(1_000_000 + seed, largest_n=200, largest_m=11)
    n, m = cost.shape
    if seed % 5 == 0:
        cost[rng.random((n, m)) < 0.3] = np.inf  # unreachable pairs
    p = int(rng.integers(1, min(4, m)))
    limit = 0.5 if seed % 4 == 0 else None
    plans = [list(s) for s in itertools.combinations(range(m), p)]
    cutoff = float(np.quantile(cost[np.isfinite(cost)], 0.3))
    share = np.clip(1 - cost / cutoff, 0, 1)
    result = max_attendance(cost, p, cutoff=cutoff, weights=w, time_limit_s=limit)
    check("max_attendance", result, max(float(w @ share[:, s].max(axis=1)) for s in plans), limit, problems)
    capacity = rng.integers(5, 40, m).astype(float)
    area, deficit = rng.integers(-1, 3, m), rng.integers(0, 60, 3).astype(float)
    radius = float(np.quantile(cost[np.isfinite(cost)], 0.15))

    def closed(sites):
        sites = [j for j in sites if area[j] >= 0]
        return float(np.minimum(np.bincount(area[sites], weights=capacity[sites], minlength=3), deficit).sum())

    result = shortfall(
        cost, radius, p, capacities=capacity, candidate_area=area, area_deficit=deficit, weights=w, time_limit_s=limit
    )
    check("shortfall", result, max(closed(s) for s in plans), limit, problems)
    if closed(list(result.new)) != result.objective:
        problems.append("shortfall: objective not the slots its sites close")
    area = rng.integers(0, 3, m)
    deficit = rng.integers(0, 40, 3).astype(float)
    if not (deficit > np.bincount(area, weights=capacity, minlength=3)).any():
        fewest = next(
            k
            for k in range(m + 1)
            if any(
                all(capacity[list(s)][area[list(s)] == a].sum() >= deficit[a] for a in range(3))
                for s in itertools.combinations(range(m), k)
            )
        )
        result = ratio_target(
            cost, radius, capacities=capacity, candidate_area=area, area_deficit=deficit, weights=w, time_limit_s=limit
        )
        check("ratio_target", result, float(fewest), limit, problems)
    rows = min(n, 40)
    demand, site_capacity = rng.integers(1, 6, rows).astype(float), rng.integers(10, 60, m).astype(float)
    for single in (False, True):
        name = f"capacitated ({'single' if single else 'split'})"
        optimum = capacitated_optimum(cost[:rows], w[:rows], demand, site_capacity, p, single)
        try:
            result = capacitated_p_median(
                cost[:rows], p, site_capacity, demand=demand, weights=w[:rows], single_source=single, time_limit_s=limit
            )
        except InfeasibleError:
            if optimum is not None and limit is None:
                problems.append(f"{name}: refused a feasible instance")
            continue
        if optimum is None:
            problems.append(f"{name}: answered an instance the reference finds infeasible")
            continue
        check(name, result, optimum, limit, problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0:100", help="first:last (exclusive) instance seeds")
    arguments = parser.parse_args()
    first, last = (int(x) for x in arguments.seeds.split(":"))
    began, failures = time.perf_counter(), 0
    for seed in range(first, last):
        problems: list[str] = []
        covering_models(seed, problems)
        enumerated_models(seed, problems)
        for problem in problems:
            print(f"seed {seed}: {problem}", flush=True)
        failures += len(problems)
    print(f"{last - first} seeds × 10 models in {time.perf_counter() - began:.0f} s: {failures} disagreements")


if __name__ == "__main__":
    main()
