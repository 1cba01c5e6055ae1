"""Benchmark: `run_preflight` on the sample's 60-page booklet, the billboard, an A2 poster and
the citylight (the largest page), and the share of `bleed-artwork` (one pdfium render a page).

Usage: .venv/bin/python benchmarks/preflight_speed.py [--runs 5]
Pins itself to one CPU core (preflight is single-threaded; the figures are per core). Builds
the sample into output/ first if a file is missing (`build-print --only …`). Each run opens
the file afresh, with generic expectations as `build-print preflight FILE.pdf` does; one
warm-up run first (imports, profile, fonts). Prints the median, min and max in seconds and
the median per page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pikepdf

from pipeline.config import load_config
from pipeline.preflight import CHECKS, Expectations, run_preflight
from pipeline.preflight.context import Preflight
from pipeline.preflight.registry import findings

FILES = {
    "leidinys-prevencija": "publications/leidinys-prevencija.pdf",
    "stendas-zmogus-ne-preke": "outdoor/stendas-zmogus-ne-preke.pdf",
    "zmogus-ne-preke-kaunas-a2": "posters/zmogus-ne-preke-kaunas-a2.pdf",
    "citylight-zmogus-ne-preke": "outdoor/citylight-zmogus-ne-preke.pdf",
}


def _times(function: Callable[[], object], runs: int) -> list[float]:
    function()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def _pin_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "all cores (this OS cannot pin a process)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"one core (CPU {core})"


def _build_missing(root: Path, paths: dict[str, Path]) -> None:
    missing = [job for job, path in paths.items() if not path.is_file()]
    if not missing:
        return
    exe = shutil.which("build-print") or str(Path(sys.executable).with_name("build-print"))
    only = [arg for job in missing for arg in ("--only", job)]
    print(f"building {', '.join(missing)} into {root / 'output'} …")
    subprocess.run([exe, "--quiet", "--no-proofs", "--project", str(root), *only], check=False)
    still = [str(paths[job]) for job in missing if not paths[job].is_file()]
    if still:
        sys.exit(f"the build did not write {', '.join(still)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    config = load_config(root)
    paths = {job: config.output / "print" / rel for job, rel in FILES.items()}
    _build_missing(root, paths)
    print(f"run_preflight, {len(CHECKS)} checks, median of {args.runs} runs on {_pin_one_core()}")
    bleed = CHECKS["bleed-artwork"]
    for path in paths.values():
        data = path.read_bytes()
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
        expect = Expectations(job=path.name)
        whole = _times(lambda: run_preflight(data, expect), args.runs)  # noqa: B023
        alone = _times(lambda: findings(bleed, Preflight.open(data, expect)),  # noqa: B023
                       args.runs)
        median = statistics.median(whole)
        print(f"{path.name} ({pages} pages, {len(data) / 1024:.0f} KiB): {median:.3f} s "
              f"(min {min(whole):.3f}, max {max(whole):.3f}), {median / pages:.4f} s per page; "
              f"bleed-artwork alone (file opened too) {statistics.median(alone):.3f} s "
              f"({statistics.median(alone) / pages * 1000:.1f} ms per page)")


if __name__ == "__main__":
    main()
