"""Scale-out of ``carefac batch`` on this machine: one synthetic province, 1 and 2 workers.

The province is ``--areas`` copies of the embedded sample, each a study area of its own with its
residents (and children under 3) scaled by a factor between 0.8 and 1.2 (counties and townships
alike, so they still add up). It runs through :func:`carefac.batch.run_batch` on a dask
``LocalCluster`` of processes with 1 worker, then 2, and prints the wall times, the speed-up, the
cost per study area and the peak memory (RSS) of a worker.

    python benchmarks/batch_scale.py [--areas 8]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np


def make_province(root: Path, areas: int) -> Path:
    """Write ``areas`` scaled copies of the sample and a batch file naming them."""
    from carefac import zhangzhou_sample_config

    sample = zhangzhou_sample_config().parent
    rng = np.random.default_rng(40)
    for i in range(areas):
        folder = root / f"city{i:02d}"
        shutil.copytree(sample, folder)
        factor = float(rng.uniform(0.8, 1.2))
        data = json.loads((folder / "areas.geojson").read_text("utf-8"))
        for feature in data["features"]:
            props = feature["properties"]
            for key in ("population", "pop_under3"):
                if props.get(key) is not None:
                    props[key] = int(round(props[key] * factor))
        (folder / "areas.geojson").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    (root / "batch.toml").write_text('[batch]\nout = "out"\nconfigs = ["city*/carefac.toml"]\n', "utf-8")
    return root / "batch.toml"


def _peak_rss_mb() -> float:
    """Return this process's peak resident memory in MB (Linux: ru_maxrss is in KB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm() -> None:
    """Import what a study area's run uses (cluster start-up, not per-study-area cost)."""
    import importlib

    for module in ("carefac.pipeline", "carefac.optimize", "carefac.maps", "carefac.report", "carefac.access",
                   "carefac.gis", "carefac.batch", "matplotlib.pyplot"):  # fmt: skip
        importlib.import_module(module)


def run(batch: Path, workers: int) -> tuple[float, float]:
    """Return the wall time of the batch with ``workers`` processes, and a worker's peak RSS (MB)."""
    from dask.distributed import Client, LocalCluster

    from carefac.batch import run_batch

    shutil.rmtree(batch.parent / "out", ignore_errors=True)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            client.run(_warm)  # workers import what a run uses before the clock starts
            start = time.perf_counter()
            result = run_batch(batch, client=client, force=True)
            seconds = time.perf_counter() - start
            peaks = client.run(_peak_rss_mb)
    assert not result.failed, result.failed
    return seconds, max(peaks.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=8)
    args = parser.parse_args()
    import logging

    logging.getLogger("distributed").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        batch = make_province(Path(folder), args.areas)
        one, memory_one = run(batch, 1)
        two, memory_two = run(batch, 2)
    print(f"{args.areas} study areas (the sample: 11 counties, 146 townships, 701 facilities, 117 districts each)")
    print(f"1 worker : {one:7.1f} s  ({one / args.areas:.2f} s per study area), peak RSS per worker {memory_one:,.0f} MB")
    print(f"2 workers: {two:7.1f} s  ({two / args.areas:.2f} s per study area), peak RSS per worker {memory_two:,.0f} MB")
    print(f"speed-up : {one / two:.2f}× on 2 workers (goal ≥ 1.7×)")


if __name__ == "__main__":
    main()
