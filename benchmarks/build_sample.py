"""Benchmark: wall time of `build-print` on the sample campaign, and the size of its PDFs.

Usage: .venv/bin/python benchmarks/build_sample.py [--runs 5]
Each run is a fresh process (import and font set-up included) writing to a new temporary
folder; the median of the runs is reported.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = shutil.which("build-print") or str(Path(sys.executable).with_name("build-print"))
    times = []
    sizes: dict[str, int] = {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run([exe, "--quiet", "--output", out], check=True)
            times.append(time.perf_counter() - started)
            sizes = {p.name: p.stat().st_size for p in Path(out).rglob("*.pdf")}
    print(f"build-print, sample campaign: {len(sizes)} PDFs, median "
          f"{statistics.median(times):.2f} s over {args.runs} runs (min {min(times):.2f}, "
          f"max {max(times):.2f})")
    total = sum(sizes.values())
    print(f"PDF sizes: total {total / 1024:.0f} KiB, "
          f"min {min(sizes.values()) / 1024:.1f} KiB, max {max(sizes.values()) / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
