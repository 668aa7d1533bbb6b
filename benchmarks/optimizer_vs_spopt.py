"""carefac's location models against PySAL spopt (PuLP with HiGHS), one process per tool per case.

Instances: a 1 km square, demand weights 1–100, every candidate a possible site; uniform points
or clustered, city-like demand (a few dense centres and a sparse rest); covering radius at the
5 % quantile of the demand–site distances (so it covers about 5 % of the pairs). spopt's model
build and solve are timed apart; carefac's wall time is printed against its time limit (its
compiled kernels are compiled once, before the cases, as an installation would have them).

Run: ``python benchmarks/optimizer_vs_spopt.py [--cases 0,3] [--spopt-time-limit-s 600] [--seed 100]``
(``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

# (model, n, m, p, layout, carefac time limit in s)
CASES = [
    ("p-median", 500, 50, 5, "uniform", 60),
    ("p-median", 2000, 200, 20, "uniform", 60),
    ("p-median", 2000, 200, 20, "clustered", 60),
    ("p-median", 10000, 500, 5, "uniform", 30),
    ("p-median", 10000, 500, 20, "uniform", 30),
    ("mclp", 2000, 200, 20, "uniform", 60),
    ("mclp", 10000, 500, 5, "uniform", 60),
    ("mclp", 2000, 200, 20, "clustered", 60),
    ("mclp", 100000, 5000, 20, "uniform", 60),
    ("lscp", 2000, 200, 0, "uniform", 60),
    ("lscp", 10000, 500, 0, "uniform", 60),
    ("p-center", 500, 50, 5, "uniform", 60),
    # wide: few demand areas, many candidate parcels (a planner's shape: districts × parcels)
    ("lscp", 300, 15000, 0, "uniform", 60),
    ("p-center", 300, 5000, 10, "uniform", 60),
]
# pairs beyond which spopt is not run: its dense p-median and p-center models take hours there;
# its covering models build one term per pair within the radius (MCLP 10,000 × 500: about 2 min)
SPOPT_MAX_PAIRS = {"p-median": 4_000_000, "p-center": 4_000_000, "mclp": 5_000_000, "lscp": 5_000_000}


def instance(n: int, m: int, seed: int, layout: str):
    rng = np.random.default_rng(seed)
    if layout == "clustered":
        centres = rng.uniform(100, 900, (5, 2))
        dense = int(0.8 * n)
        around = centres[rng.integers(0, 5, dense)] + rng.normal(0, 40, (dense, 2))
        demand = np.vstack([around, rng.uniform(0, 1000, (n - dense, 2))]).clip(0, 1000)
    else:
        demand = rng.uniform(0, 1000, (n, 2))
    sites = rng.uniform(0, 1000, (m, 2))
    weights = rng.integers(1, 101, n).astype(float)
    sample = np.sqrt(((demand[: min(n, 2000), None, :] - sites[None, :, :]) ** 2).sum(axis=-1))
    return demand, sites, weights, float(np.quantile(sample, 0.05))


def costs(demand, sites, radius=None):
    if radius is None:
        return np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=-1))
    import scipy.sparse as sp
    from scipy.spatial import cKDTree

    found = cKDTree(demand).sparse_distance_matrix(cKDTree(sites), radius, output_type="ndarray")
    return sp.csr_matrix((found["v"], (found["i"], found["j"])), shape=(len(demand), len(sites)))


def run_carefac(model, n, m, p, layout, limit, seed):
    from carefac.optimize import lscp, mclp, p_center, p_median

    demand, sites, weights, radius = instance(n, m, seed, layout)
    # the input is made before the clock starts, as spopt's is (the covering models' sparse matrix
    # imports scipy.spatial: 0.19 s, more than the LSCP 2,000 × 200 takes to solve)
    cost = costs(demand, sites, radius if model in ("mclp", "lscp") else None)
    start = time.perf_counter()
    if model == "p-median":
        result = p_median(cost, p, weights=weights, time_limit_s=limit)
    elif model == "p-center":
        result = p_center(cost, p, time_limit_s=limit)
    elif model == "mclp":
        result = mclp(cost, radius, p, weights=weights, time_limit_s=limit)
    else:
        result = lscp(cost, radius, time_limit_s=limit)
    return {
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "status": result.status,
        "seconds": time.perf_counter() - start,
        "limit": limit,
    }


def run_spopt(model, n, m, p, layout, limit, seed):
    import pulp
    from spopt.locate import LSCP, MCLP, PCenter, PMedian

    demand, sites, weights, radius = instance(n, m, seed, layout)
    cost = costs(demand, sites)
    start = time.perf_counter()
    if model == "p-median":
        problem = PMedian.from_cost_matrix(cost, weights, p_facilities=p)
    elif model == "p-center":
        problem = PCenter.from_cost_matrix(cost, p_facilities=p)
    elif model == "mclp":
        problem = MCLP.from_cost_matrix(cost, weights, service_radius=radius, p_facilities=p)
    else:  # spopt's LSCP is infeasible when a demand has no site within the radius: carefac leaves
        # such demands out (and counts them), so spopt is given the coverable ones alone
        problem = LSCP.from_cost_matrix(cost[(cost <= radius).any(axis=1)], service_radius=radius)
    built = time.perf_counter()
    problem = problem.solve(pulp.HiGHS(msg=False, timeLimit=limit))
    solved = time.perf_counter()
    chosen = [j for j, v in enumerate(problem.fac_vars) if v.value() and v.value() > 0.5]
    if model == "p-median":
        objective = float(weights @ cost[:, chosen].min(axis=1))
    elif model == "p-center":
        objective = float(cost[:, chosen].min(axis=1).max())
    elif model == "mclp":
        objective = float(weights[(cost[:, chosen] <= radius).any(axis=1)].sum())
    else:
        objective = float(len(chosen))
    return {
        "objective": objective,
        "status": pulp.LpStatus[problem.problem.status]
        if solved - built < limit * 0.98
        else f"time limit {limit:g} s",
        "build_s": built - start,
        "solve_s": solved - built,
        "seconds": solved - start,
    }


def child(args) -> None:
    model, n, m, p, layout, limit = CASES[args.case]
    try:
        if args.tool == "carefac":
            out = run_carefac(model, n, m, p, layout, limit, seed=args.seed + args.case)
        else:
            out = run_spopt(model, n, m, p, layout, args.spopt_time_limit_s, seed=args.seed + args.case)
    except Exception as exc:  # report, do not crash the table
        out = {"error": f"{type(exc).__name__}: {exc}"}
    out["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(json.dumps(out))


def spawn(tool: str, case: int, args) -> dict:
    command = [sys.executable, __file__, "--child", "--tool", tool, "--case", str(case)]
    command += ["--spopt-time-limit-s", str(args.spopt_time_limit_s), "--seed", str(args.seed)]
    wall = args.spopt_time_limit_s * 2 + 300
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=wall)
    except subprocess.TimeoutExpired:
        return {"skipped": f"no answer within {wall:g} s; process stopped"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return (
        json.loads(lines[-1]) if lines else {"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tool", choices=("carefac", "spopt"), default="carefac")
    parser.add_argument("--case", type=int, default=0)
    parser.add_argument("--spopt-time-limit-s", type=float, default=600.0)
    parser.add_argument("--cases", default=None, help=f"comma-separated case numbers (0-{len(CASES) - 1})")
    parser.add_argument("--no-spopt", action="store_true", help="carefac only")
    parser.add_argument(
        "--seed", type=int, default=100, help="case k uses seed SEED + k (other values: other instances)"
    )
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    cases = [int(c) for c in args.cases.split(",")] if args.cases else range(len(CASES))
    from carefac.optimize._compiled import compile_kernels

    # each case runs in a new process, which loads the kernels from numba's cache: compile them first
    print(f"carefac's compiled kernels ready in {compile_kernels():.1f} s (compiled once per installation)\n")
    print(
        "| case | carefac (wall / limit) | objective, bound, status | spopt + HiGHS build + solve | spopt objective | speed-up |"
    )
    print("|---|---|---|---|---|---|")
    for case in cases:
        model, n, m, p, layout, limit = CASES[case]
        ours = spawn("carefac", case, args)
        if args.no_spopt:
            theirs = {"skipped": "not run"}
        elif n * m > SPOPT_MAX_PAIRS[model]:
            theirs = {"skipped": f"{n * m:,} pairs: too large for spopt's dense model"}
        else:
            theirs = spawn("spopt", case, args)
        name = f"{model} {n:,}×{m:,}" + (f" p={p}" if p else "") + f" {layout}"
        if "error" in ours:
            print(f"| {name} | error {ours['error']} | | | | |")
            continue
        mine = f"{ours['seconds']:.2f} s / {ours['limit']} s, {ours['peak_gb']:.2f} GB"
        solution = f"{ours['objective']:,.1f}, {ours['bound']:,.1f}, {ours['status']} (gap {ours['gap']:.3%})"
        if "seconds" in theirs:
            other = f"{theirs['build_s']:.1f} + {theirs['solve_s']:.1f} s ({theirs['status']})"
            speed = f"{theirs['seconds'] / ours['seconds']:.1f}×"
            their_objective = f"{theirs['objective']:,.1f}"
        else:
            other, speed, their_objective = theirs.get("skipped", theirs.get("error", "")), "", ""
        print(f"| {name} | {mine} | {solution} | {other} | {their_objective} | {speed} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
