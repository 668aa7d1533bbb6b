"""Does every model keep its time limit? Hard instances, a short limit, wall time against it.

A model must return within its limit + 10 % + 0.5 s, with its best solution and a proven bound.
Run: ``python benchmarks/time_limits.py [--limit-s 2] [--cold] [--large]``. ``--cold`` points
numba at an empty cache, as on an installation's first run: the models must then keep their
limits without compiling their kernels (they take the numpy versions). ``--large`` runs the
models on large instances instead: the covering ones on 100,000 demands × 5,000 candidates
(25 M pairs within the radius), the dense ones on 20,000 × 1,000 (20 M pairs; about 2 GB of
memory in all). There, reading the input alone takes a good part of a short limit. ``--huge``
runs the dense models on 100,000 × 5,000 (500 M pairs, a 4 GB matrix) and the covering ones with
100 M pairs within the radius: run it with ``--limit-s 10`` (a pass over the matrix takes about
half a second). ``--shapes``
runs them on unusual shapes: wide (300 demands × 20,000 candidates), tall (200,000 × 50), many
sites (p = 500 of 1,000, costs rounded to 100 m: ties), a radius reaching half the pairs, and
20,000 demand rows at 200 places (demands sharing a road node).
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
import time

if "--cold" in sys.argv:  # before numba is imported: its cache directory is read once
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="carefac-cold-numba-")
    atexit.register(shutil.rmtree, os.environ["NUMBA_CACHE_DIR"], ignore_errors=True)

import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

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

#: added to every instance's seed (``--seed``): other instances of the same shapes
SEED_SHIFT = 0


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed + SEED_SHIFT)


def points(n, m, seed):
    rng = _rng(seed)
    return rng.uniform(0, 1000, (n, 2)), rng.uniform(0, 1000, (m, 2)), rng.integers(1, 101, n).astype(float)


def covering(d, s, share=0.05):
    sample = np.sqrt(((d[:2000, None] - s[None]) ** 2).sum(-1))
    radius = float(np.quantile(sample, share))
    return covering_within(d, s, radius), radius


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-s", type=float, default=2.0)
    parser.add_argument("--cold", action="store_true", help="an empty numba cache: nothing compiled yet")
    parser.add_argument("--large", action="store_true", help="25 M-pair covering and 20 M-pair dense instances")
    parser.add_argument("--shapes", action="store_true", help="wide, tall, many sites, wide radius, repeated rows")
    parser.add_argument(
        "--huge", action="store_true", help="dense models on 500 M pairs, covering ones on 100 M (about 10 GB of memory)"
    )
    parser.add_argument("--seed", type=int, default=0, help="added to every instance's seed: other instances")
    arguments = parser.parse_args()
    global SEED_SHIFT
    SEED_SHIFT = arguments.seed
    limit = arguments.limit_s
    if arguments.huge:
        runs = huge_runs(limit)
    else:
        runs = large_runs(limit) if arguments.large else shape_runs(limit) if arguments.shapes else small_runs(limit)
    if arguments.cold:
        print(f"numba cache empty ({os.environ['NUMBA_CACHE_DIR']}): the first run of an installation\n")
    else:
        from carefac.optimize._compiled import compile_kernels

        print(f"carefac's compiled kernels ready in {compile_kernels():.1f} s (compiled once per installation)\n")
    print(f"| model | wall (limit {limit:g} s) | promise (limit × 1.1 + 0.5 s) | status | gap |")
    print("|---|---|---|---|---|")
    from carefac._errors import InfeasibleError

    for name, run in runs.items():
        start = time.perf_counter()
        try:
            result = run()
            status, gap = result.status, f"{result.gap:.3%}"
        except InfeasibleError as refused:  # no answer found in time: refused with a message, also a kept limit
            status, gap = f"refused: {refused}", "–"
        wall = time.perf_counter() - start
        kept = "kept" if wall <= limit * 1.1 + 0.5 else "**broken**"
        print(f"| {name} | {wall:.2f} s | {kept} | {status} | {gap} |", flush=True)


def large_runs(limit: float) -> dict:
    """The models on 25 M-pair covering and 20 M-pair dense instances (inputs built here, untimed)."""
    d, s, w = points(100_000, 5_000, 3)
    sparse, radius = covering(d, s)
    rng = _rng(2)
    capacity, area = rng.integers(20, 80, 5_000).astype(float), rng.integers(0, 200, 5_000)
    deficit = rng.integers(0, 200, 200).astype(float)
    d2, s2, w2 = points(20_000, 1_000, 4)
    dense = np.sqrt(((d2[:, None] - s2[None]) ** 2).sum(-1))
    site_capacity = np.full(1_000, w2.sum() / 40)
    return {
        "mclp 100,000 × 5,000 p=20": lambda: mclp(sparse, radius, 20, weights=w, time_limit_s=limit),
        "lscp 100,000 × 5,000": lambda: lscp(sparse, radius, time_limit_s=limit),
        "ratio_target 100,000 × 5,000": lambda: ratio_target(
            sparse, radius, capacities=capacity, candidate_area=area, area_deficit=deficit, weights=w,
            time_limit_s=limit,
        ),  # fmt: skip
        "shortfall 100,000 × 5,000 p=20": lambda: shortfall(
            sparse, radius, 20, capacities=capacity, candidate_area=area, area_deficit=deficit, weights=w,
            time_limit_s=limit,
        ),  # fmt: skip
        "p_median 20,000 × 1,000 p=50": lambda: p_median(dense, 50, weights=w2, time_limit_s=limit),
        "p_center 20,000 × 1,000 p=50": lambda: p_center(dense, 50, time_limit_s=limit),
        "max_attendance 20,000 × 1,000 p=50": lambda: max_attendance(
            dense, 50, cutoff=150, weights=w2, time_limit_s=limit
        ),
        "capacitated 20,000 × 1,000 p=50 single": lambda: capacitated_p_median(
            dense, 50, site_capacity, demand=w2, single_source=True, time_limit_s=limit
        ),
        "capacitated 20,000 × 1,000 p=50 split": lambda: capacitated_p_median(
            dense, 50, site_capacity, demand=w2, single_source=False, time_limit_s=limit
        ),
    }


def huge_runs(limit: float) -> dict:
    """The dense models on 100,000 × 5,000 (500 M pairs, 4 GB of float costs; built here, untimed),
    and the covering ones with a radius reaching 20 % of the pairs (100 M). The capacitated model
    cannot answer at this size: it must refuse within the limit."""
    d, s, w = points(100_000, 5_000, 5)
    wide, radius = covering(d, s, 0.2)
    dense = np.empty((100_000, 5_000))
    for start in range(0, 100_000, 10_000):  # in blocks: no 12 GB temporary
        dense[start : start + 10_000] = np.sqrt(((d[start : start + 10_000, None] - s[None]) ** 2).sum(-1))
    return {
        "p_median 100,000 × 5,000 p=20": lambda: p_median(dense, 20, weights=w, time_limit_s=limit),
        "p_center 100,000 × 5,000 p=20": lambda: p_center(dense, 20, time_limit_s=limit),
        "max_attendance 100,000 × 5,000 p=20": lambda: max_attendance(
            dense, 20, cutoff=150, weights=w, time_limit_s=limit
        ),
        "capacitated 100,000 × 5,000 p=20": lambda: capacitated_p_median(
            dense, 20, np.full(5_000, w.sum() / 15), demand=w, time_limit_s=limit
        ),
        "mclp 100,000 × 5,000 p=20, 100 M pairs": lambda: mclp(wide, radius, 20, weights=w, time_limit_s=limit),
        "lscp 100,000 × 5,000, 100 M pairs": lambda: lscp(wide, radius, time_limit_s=limit),
    }


def shape_runs(limit: float) -> dict:
    """The models on unusual shapes (inputs built here, untimed)."""
    runs = {}
    d, s, w = points(300, 20_000, 1)
    wide = np.sqrt(((d[:, None] - s[None]) ** 2).sum(-1))
    wide_cover = covering_within(d, s, 150.0)
    runs |= {
        "p_median 300 × 20,000 p=10": lambda: p_median(wide, 10, weights=w, time_limit_s=limit),
        "p_center 300 × 20,000 p=10": lambda: p_center(wide, 10, time_limit_s=limit),
        "mclp 300 × 20,000 p=10": lambda: mclp(wide_cover, 150.0, 10, weights=w, time_limit_s=limit),
        "lscp 300 × 20,000": lambda: lscp(wide_cover, 150.0, time_limit_s=limit),
        "capacitated 300 × 20,000 p=10": lambda: capacitated_p_median(
            wide, 10, np.full(20_000, w.sum() / 8), demand=w, time_limit_s=limit
        ),
    }
    d2, s2, w2 = points(200_000, 50, 2)
    tall = np.sqrt(((d2[:, None] - s2[None]) ** 2).sum(-1))
    runs |= {
        "p_median 200,000 × 50 p=5": lambda: p_median(tall, 5, weights=w2, time_limit_s=limit),
        "p_center 200,000 × 50 p=5": lambda: p_center(tall, 5, time_limit_s=limit),
        "capacitated 200,000 × 50 p=5 single": lambda: capacitated_p_median(
            tall, 5, np.full(50, w2.sum() / 4), demand=w2, single_source=True, time_limit_s=limit
        ),
    }
    d3, s3, w3 = points(5_000, 1_000, 3)
    ties = np.round(np.sqrt(((d3[:, None] - s3[None]) ** 2).sum(-1)) / 100.0) * 100.0
    runs |= {
        "p_median 5,000 × 1,000 p=500, ties": lambda: p_median(ties, 500, weights=w3, time_limit_s=limit),
        "max_attendance same": lambda: max_attendance(ties, 500, cutoff=200, weights=w3, time_limit_s=limit),
        "capacitated same": lambda: capacitated_p_median(
            ties, 500, np.full(1_000, w3.sum() / 400), demand=w3, time_limit_s=limit
        ),
    }
    d4, s4, w4 = points(20_000, 1_000, 4)
    half = covering_within(d4, s4, 500.0)  # about half the pairs
    rng = _rng(5)
    capacity, area = rng.integers(20, 80, 1_000).astype(float), rng.integers(0, 50, 1_000)
    deficit = rng.integers(0, 300, 50).astype(float)
    same_place = np.repeat(d4[:200], 100, axis=0)
    repeated = np.sqrt(((same_place[:, None] - s4[None]) ** 2).sum(-1))
    runs |= {
        "mclp 20,000 × 1,000 p=5, radius reaching half": lambda: mclp(half, 500.0, 5, weights=w4, time_limit_s=limit),
        "lscp same": lambda: lscp(half, 500.0, time_limit_s=limit),
        "shortfall same p=30": lambda: shortfall(
            half, 500.0, 30, capacities=capacity, candidate_area=area, area_deficit=deficit, weights=w4,
            time_limit_s=limit,
        ),  # fmt: skip
        "p_median 20,000 rows at 200 places × 1,000 p=10": lambda: p_median(repeated, 10, time_limit_s=limit),
    }
    return runs


def covering_within(d, s, radius: float):
    """Return the pairs within ``radius`` as a sparse matrix of distances."""
    found = cKDTree(d).sparse_distance_matrix(cKDTree(s), radius, output_type="ndarray")
    return sp.csr_matrix((found["v"], (found["i"], found["j"])), shape=(len(d), len(s)))


def small_runs(limit: float) -> dict:
    """The models on 3,000 × 300 instances (hard at a short limit)."""
    d, s, w = points(3000, 300, 1)
    dense = np.sqrt(((d[:, None] - s[None]) ** 2).sum(-1))
    sparse, radius = covering(d, s)
    rng = _rng(2)
    capacity, area = rng.integers(20, 80, 300).astype(float), rng.integers(0, 20, 300)
    deficit = rng.integers(0, 200, 20).astype(float)
    return {
        "p_median p=25": lambda: p_median(dense, 25, weights=w, time_limit_s=limit),
        "mclp p=25": lambda: mclp(sparse, radius, 25, weights=w, time_limit_s=limit),
        "lscp": lambda: lscp(sparse, radius, time_limit_s=limit),
        "p_center p=25": lambda: p_center(dense, 25, time_limit_s=limit),
        "max_attendance p=25": lambda: max_attendance(
            dense, 25, cutoff=2 * radius, weights=w, time_limit_s=limit
        ),
        "capacitated p=25": lambda: capacitated_p_median(
            dense[:600, :60], 25, np.full(60, 2000.0), demand=w[:600], single_source=False, time_limit_s=limit
        ),
        "ratio_target": lambda: ratio_target(
            sparse,
            radius,
            capacities=capacity,
            candidate_area=area,
            area_deficit=deficit,
            weights=w,
            time_limit_s=limit,
        ),
        "shortfall p=25": lambda: shortfall(
            sparse,
            radius,
            25,
            capacities=capacity,
            candidate_area=area,
            area_deficit=deficit,
            weights=w,
            time_limit_s=limit,
        ),
    }


if __name__ == "__main__":
    main()
