"""Benchmark: the sample booklet's accessible digital edition — time, pages per second, size.

Usage: taskset -c 1 .venv/bin/python benchmarks/digital_edition.py [--runs 3] [--jobs 1]
Each run builds the print edition of a copy of the sample into a fresh output folder (not
timed: the digital edition is checked against it), then times a fresh
`build-print --only skaitmeninis-*` process. Printed: the digital job's own time (layout,
tagging, finishing and its checks, from its job manifest), the process's wall and CPU time
(start-up included), editions per second, pages, the file's size. On a shared machine the
CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import resource
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
        job_times, run_times, cpu_times = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(root / "output", ignore_errors=True)  # a full build, not a reuse
            base = [exe, "--quiet", "--project", str(root), "--jobs", str(args.jobs)]
            subprocess.run([*base, "--only", "leidinys-*"], check=False, capture_output=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([*base, "--only", "skaitmeninis-*"], check=False,
                           capture_output=True)
            run_times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_times.append(after.ru_utime + after.ru_stime - before.ru_utime
                             - before.ru_stime)
            manifest = json.loads((root / "output" / ".cache" / "jobs" / f"{JOB}.json")
                                  .read_text(encoding="utf-8"))
            job_times.append(float(manifest["outcome"]["seconds"]))
        pdf = root / "output" / "digital" / "prevencija.pdf"
        pages = len(PdfReader(pdf).pages)
        job, wall = statistics.median(job_times), statistics.median(run_times)
        print(f"digital edition, {pages} pages (median of {args.runs}): the job {job:.2f} s "
              f"(min {min(job_times):.2f}), {pages / job:.1f} pages/s; the process "
              f"{wall:.2f} s wall ({1 / wall:.2f} editions/s), "
              f"{statistics.median(cpu_times):.2f} s CPU; file "
              f"{pdf.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
