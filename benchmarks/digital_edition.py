"""Benchmark: the sample booklet's accessible digital edition — time, pages per second, size.

Usage: taskset -c 1 .venv/bin/python benchmarks/digital_edition.py [--runs 3] [--jobs 1]
Each run is a fresh `build-print --only leidinys-* --only skaitmeninis-*` process on a copy
of the sample (the print edition first: the digital one is checked against it). Printed:
the digital job's own time (layout, tagging, finishing and its checks, from its job
manifest), the whole run's wall time, editions per second, pages, the file's size.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from projects import copy_project
from pypdf import PdfReader

JOB = "skaitmeninis-prevencija"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    exe = shutil.which("build-print") or str(Path(sys.executable).with_name("build-print"))
    with tempfile.TemporaryDirectory() as work:
        root = copy_project(Path(work) / "project")
        job_times, run_times = [], []
        for _ in range(args.runs):
            shutil.rmtree(root / "output", ignore_errors=True)  # a full build, not a reuse
            started = time.perf_counter()
            subprocess.run([exe, "--quiet", "--project", str(root), "--jobs", str(args.jobs),
                            "--only", "leidinys-*", "--only", "skaitmeninis-*"],
                           check=False, capture_output=True)
            run_times.append(time.perf_counter() - started)
            manifest = json.loads((root / "output" / ".cache" / "jobs" / f"{JOB}.json")
                                  .read_text(encoding="utf-8"))
            job_times.append(float(manifest["outcome"]["seconds"]))
        pdf = root / "output" / "digital" / "prevencija.pdf"
        pages = len(PdfReader(pdf).pages)
        job = statistics.median(job_times)
        print(f"digital edition: {pages} pages in {job:.2f} s (median of {args.runs}, min "
              f"{min(job_times):.2f}): {1 / job:.2f} editions/s, {pages / job:.1f} pages/s; "
              f"print + digital run {statistics.median(run_times):.1f} s; "
              f"file {pdf.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
