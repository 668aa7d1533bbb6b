"""carefac's location models against PySAL spopt (PuLP with its default CBC solver).

Each case runs in its own process per tool, so wall time and peak memory are the tool's own.
Instances: random Euclidean points (fixed seeds), demand weights 1–100, every candidate a
possible site. p-median for n × m ∈ {500×50, 2,000×200, 10,000×500}, p ∈ {5, 20}; MCLP for
100,000 demand points × 5,000 candidates with a radius giving about 50 candidates per demand.

Run: ``python benchmarks/optimizer_vs_spopt.py [--spopt-time-limit-s 600] [--quick]``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

CASES = [
    ("p-median", 500, 50, 5),
    ("p-median", 500, 50, 20),
    ("p-median", 2000, 200, 5),
    ("p-median", 2000, 200, 20),
    ("p-median", 10000, 500, 5),
    ("p-median", 10000, 500, 20),
    ("mclp", 100000, 5000, 20),
]
SPOPT_MAX_PAIRS = 1_000_000  # spopt/PuLP builds ~22 µs and several hundred bytes per pair


def instance(n: int, m: int, seed: int):
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 10_000, (n, 2))
    sites = rng.uniform(0, 10_000, (m, 2))
    weights = rng.integers(1, 101, n).astype(float)
    return demand, sites, weights


def dense_costs(demand, sites):
    return np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=-1))


def radius_for(m: int, per_demand: float = 50.0) -> float:
    return float(np.sqrt(per_demand / (np.pi * m)) * 10_000)


def run_carefac(model: str, n: int, m: int, p: int, seed: int) -> dict:
    from carefac.optimize import mclp, p_median

    demand, sites, weights = instance(n, m, seed)
    start = time.perf_counter()
    if model == "p-median":
        cost = dense_costs(demand, sites)
        result = p_median(cost, p, weights=weights, time_limit_s=30.0)
    else:
        import scipy.sparse as sp
        from scipy.spatial import cKDTree

        radius = radius_for(m)
        found = cKDTree(demand).sparse_distance_matrix(cKDTree(sites), radius, output_type="ndarray")
        cost = sp.csr_matrix((found["v"], (found["i"], found["j"])), shape=(n, m))
        result = mclp(cost, radius, p, weights=weights, time_limit_s=60.0)
    seconds = time.perf_counter() - start
    return {
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "status": result.status,
        "method": result.method,
        "seconds": seconds,
    }


def run_spopt(model: str, n: int, m: int, p: int, seed: int, time_limit_s: float) -> dict:
    import pulp
    from spopt.locate import MCLP, PMedian

    demand, sites, weights = instance(n, m, seed)
    cost = dense_costs(demand, sites)
    start = time.perf_counter()
    solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit_s)
    if model == "p-median":
        problem = PMedian.from_cost_matrix(cost, weights, p_facilities=p).solve(solver)
        chosen = [j for j, v in enumerate(problem.fac_vars) if v.value() and v.value() > 0.5]
        objective = float(weights @ cost[:, chosen].min(axis=1)) if chosen else float("nan")
    else:
        problem = MCLP.from_cost_matrix(cost, weights, service_radius=radius_for(m), p_facilities=p).solve(
            solver
        )
        chosen = [j for j, v in enumerate(problem.fac_vars) if v.value() and v.value() > 0.5]
        objective = (
            float(weights[(cost[:, chosen] <= radius_for(m)).any(axis=1)].sum()) if chosen else float("nan")
        )
    seconds = time.perf_counter() - start
    status = pulp.LpStatus[problem.problem.status]
    finished = seconds < time_limit_s * 0.98
    return {
        "objective": objective,
        "status": status if finished else f"time limit {time_limit_s:g} s",
        "seconds": seconds,
    }


def child(args) -> None:
    model, n, m, p = CASES[args.case]
    try:
        if args.tool == "carefac":
            out = run_carefac(model, n, m, p, seed=args.case)
        else:
            out = run_spopt(model, n, m, p, seed=args.case, time_limit_s=args.spopt_time_limit_s)
    except Exception as exc:  # report, do not crash the table
        out = {"error": f"{type(exc).__name__}: {exc}"}
    out["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(json.dumps(out))


def spawn(tool: str, case: int, args) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        "--tool",
        tool,
        "--case",
        str(case),
        "--spopt-time-limit-s",
        str(args.spopt_time_limit_s),
    ]
    wall = args.spopt_time_limit_s * 2 + 300
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=wall)
    except subprocess.TimeoutExpired:
        return {
            "skipped": f"no answer within {wall:g} s (the solver ignored its {args.spopt_time_limit_s:g} s limit); process stopped"
        }
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": done.stderr.strip().splitlines()[-1:] or "no output"}


def fmt(result: dict) -> str:
    if "error" in result:
        return f"error {result['error']}"
    if "skipped" in result:
        return result["skipped"]
    return f"{result['seconds']:8.2f} s {result['peak_gb']:5.2f} GB obj {result['objective']:,.1f} ({result['status']})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tool", choices=("carefac", "spopt"), default="carefac")
    parser.add_argument("--case", type=int, default=0)
    parser.add_argument("--spopt-time-limit-s", type=float, default=600.0)
    parser.add_argument("--quick", action="store_true", help="only the 500 × 50 cases")
    parser.add_argument("--cases", default=None, help="comma-separated case numbers (0-6) to run")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    cases = range(2) if args.quick else range(len(CASES))
    if args.cases:
        cases = [int(c) for c in args.cases.split(",")]
    for case in cases:
        model, n, m, p = CASES[case]
        ours = spawn("carefac", case, args)
        if n * m <= SPOPT_MAX_PAIRS:
            theirs = spawn("spopt", case, args)
        else:
            theirs = {
                "skipped": f"skipped: {n * m:,} pairs (spopt builds a dense PuLP model; estimated > {n * m * 22e-6 / 60:.0f} min to build)"
            }
        print(f"{model} {n}×{m} p={p}")
        print(
            f"  carefac: {fmt(ours)}"
            + (
                f", bound {ours['bound']:,.1f}, gap {ours['gap']:.3%}, {ours['method']}"
                if "gap" in ours
                else ""
            )
        )
        print(f"  spopt:   {fmt(theirs)}")
        if "seconds" in ours and "seconds" in theirs:
            same = abs(ours["objective"] - theirs["objective"]) <= 1e-6 * max(abs(theirs["objective"]), 1.0)
            print(f"  speed-up: {theirs['seconds'] / ours['seconds']:.1f}×; same objective: {same}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
