"""carefac's 2SFCA against PySAL ``access`` on the same random inputs, in one run.

10,000 demand points × 2,000 facilities with a catchment covering about 1 % of pairs (issue 17:
carefac ≥ 20× faster, same values). Both get the same pairs within the catchment (PySAL as its
cost DataFrame, carefac as a sparse matrix); times are the median of ``--repeat`` runs.

    python benchmarks/access_vs_pysal.py [--demand 10000] [--supply 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demand", type=int, default=10_000)
    parser.add_argument("--supply", type=int, default=2_000)
    parser.add_argument("--share", type=float, default=0.01, help="share of pairs within the catchment")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from access import fca
    from access import weights as pysal_weights

    from carefac.access import gaussian, two_step_fca

    rng = np.random.default_rng(2024)
    side = 10_000.0  # metres
    demand_xy = rng.uniform(0, side, (args.demand, 2))
    supply_xy = rng.uniform(0, side, (args.supply, 2))
    catchment = side * np.sqrt(args.share / np.pi)  # a disc of this radius covers `share` of the square
    from scipy.spatial import cKDTree

    pairs = cKDTree(demand_xy).sparse_distance_matrix(cKDTree(supply_xy), catchment, output_type="coo_matrix")
    cost = sp.csr_matrix(pairs)
    demand = rng.integers(1, 100, args.demand).astype(float)
    supply = rng.integers(10, 150, args.supply).astype(float)
    coo = cost.tocoo()
    cost_df = pd.DataFrame({"origin": coo.row, "dest": coo.col, "cost": coo.data})
    demand_df = pd.DataFrame({"geoid": np.arange(args.demand), "demand": demand})
    supply_df = pd.DataFrame({"supply": supply}, index=pd.Index(np.arange(args.supply), name="geoid"))
    print(f"{args.demand:,} demand × {args.supply:,} supply, catchment {catchment:.0f} m: "
          f"{cost.nnz:,} pairs ({cost.nnz / (args.demand * args.supply):.2%})")  # fmt: skip
    print(f"{'weight':<10} {'carefac s':>10} {'PySAL s':>10} {'ratio':>8} {'max |diff|':>12}")
    for name, ours, theirs in (
        ("none", None, None),
        ("gaussian", gaussian(catchment / 2), pysal_weights.gaussian(catchment / 2)),
    ):
        t_ours, a_ours = timed(lambda w=ours: two_step_fca(cost, demand, supply, catchment=catchment, weight=w), args.repeat)
        t_theirs, a_theirs = timed(
            lambda w=theirs: fca.two_stage_fca(demand_df, supply_df, cost_df, max_cost=catchment, weight_fn=w),
            args.repeat,
        )
        a_theirs = a_theirs.reindex(np.arange(args.demand)).fillna(0.0).to_numpy()
        diff = float(np.abs(a_ours - a_theirs).max())
        print(f"{name:<10} {t_ours:10.4f} {t_theirs:10.3f} {t_theirs / t_ours:7.0f}× {diff:12.2e}")


if __name__ == "__main__":
    main()
