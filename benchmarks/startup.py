"""How fast carefac starts: wall time of each command against ``python -c "import geopandas"``.

Each command runs ``--repeat`` times in a fresh process (the median is printed), from a
temporary folder, on the embedded sample. Goals (issue 15, idle 2-core machine):
``carefac --help`` < 1 s; ``coverage`` and ``check`` < 2 × floor + 2 s; ``demo`` < 10 s.

    python benchmarks/startup.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall_time(command: list[str], cwd: Path, repeat: int) -> float:
    """Return the median wall time of ``command`` over ``repeat`` fresh processes."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from carefac import zhangzhou_sample_config

    config = str(zhangzhou_sample_config())
    carefac = [sys.executable, "-m", "carefac.cli"]
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        floor = wall_time([sys.executable, "-c", "import geopandas"], cwd, args.repeat)
        rows = [
            ("python -c 'import geopandas' (floor)", floor, None),
            ("carefac --help", wall_time([*carefac, "--help"], cwd, args.repeat), 1.0),
            ("carefac coverage", wall_time([*carefac, "coverage", config, "--out", "c"], cwd, args.repeat),
             2 * floor + 2),
            ("carefac check", wall_time([*carefac, "check", config, "--out", "k"], cwd, args.repeat), 2 * floor + 2),
            ("carefac demo", wall_time([*carefac, "demo", "--out", "d"], cwd, args.repeat), 10.0),
        ]  # fmt: skip
    print(f"{'command':<40} {'seconds':>8} {'goal':>8}  met")
    for name, seconds, goal in rows:
        met = "" if goal is None else ("✔" if seconds < goal else "✘")
        shown = "" if goal is None else f"< {goal:.2f}"
        print(f"{name:<40} {seconds:8.2f} {shown:>8}  {met}")


if __name__ == "__main__":
    main()
