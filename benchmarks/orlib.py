"""Every OR-Library p-median (pmed1–40) and capacitated p-median (pmedcap1, 20 problems) instance:
known optimum, carefac's objective, proven gap and seconds.

Run: ``python benchmarks/orlib.py [--only pmed|pmedcap] [--time-limit-s 300]``
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np

from carefac.optimize import capacitated_p_median, p_median
from carefac.optimize.instances import read_orlib_pmed, read_orlib_pmedcap

DATA = Path(__file__).resolve().parent / "data"


def run_pmed(time_limit_s: float) -> list[tuple]:
    with open(DATA / "orlib-pmed" / "pmed_optima.csv", encoding="utf-8") as handle:
        optima = {row["instance"]: int(row["optimum"]) for row in csv.DictReader(handle)}
    rows = []
    for k in range(1, 41):
        name = f"pmed{k}"
        cost, p = read_orlib_pmed(DATA / "orlib-pmed" / f"{name}.txt")
        start = time.perf_counter()
        result = p_median(cost, p, method="exact", time_limit_s=time_limit_s)
        seconds = time.perf_counter() - start
        rows.append(
            (name, cost.shape[0], p, optima[name], result.objective, result.gap, result.status, seconds)
        )
        print(
            f"{name:>12} n={cost.shape[0]:4d} p={p:3d} optimum={optima[name]:6d} carefac={result.objective:8.0f} "
            f"gap={result.gap:.4%} {result.status:9s} {seconds:7.2f} s",
            flush=True,
        )
    return rows


def run_pmedcap(time_limit_s: float) -> list[tuple]:
    rows = []
    for k in range(1, 21):
        name = f"pmedcap1_{k:02d}"
        cost, p, capacity, demand, optimum = read_orlib_pmedcap(DATA / "orlib-pmedcap" / f"{name}.txt")
        start = time.perf_counter()
        result = capacitated_p_median(
            cost, p, np.full(len(demand), capacity), demand=demand, time_limit_s=time_limit_s
        )
        seconds = time.perf_counter() - start
        rows.append((name, len(demand), p, optimum, result.objective, result.gap, result.status, seconds))
        print(
            f"{name:>12} n={len(demand):4d} p={p:3d} optimum={optimum:6d} carefac={result.objective:8.0f} "
            f"gap={result.gap:.4%} {result.status:9s} {seconds:7.2f} s",
            flush=True,
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("pmed", "pmedcap"), default=None)
    parser.add_argument("--time-limit-s", type=float, default=300.0)
    args = parser.parse_args()
    rows = []
    if args.only in (None, "pmed"):
        rows += run_pmed(args.time_limit_s)
    if args.only in (None, "pmedcap"):
        rows += run_pmedcap(args.time_limit_s)
    reached = sum(1 for r in rows if abs(r[4] - r[3]) < 0.5)
    proven = sum(1 for r in rows if r[6] == "optimal")
    print(
        f"\n{reached} of {len(rows)} instances reach the known optimum; {proven} proven optimal; "
        f"total {sum(r[7] for r in rows):.0f} s"
    )


if __name__ == "__main__":
    main()
