"""Benchmark: a generated 200-page publication — pages per second, peak memory, file size.

Usage: .venv/bin/python benchmarks/publication_speed.py [--runs 3]
The sample booklet's chapters are repeated until the book has about 200 pages (perfect
binding, so no padding); each run is a fresh `build-print --only leidinys-*` process.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from projects import copy_project, make_book
from pypdf import PdfReader


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    exe = shutil.which("build-print") or str(Path(sys.executable).with_name("build-print"))
    with tempfile.TemporaryDirectory() as work:
        root = copy_project(Path(work) / "project")
        make_book(root)
        times = []
        for _ in range(args.runs):
            shutil.rmtree(root / "output", ignore_errors=True)  # a full build, not a reuse
            started = time.perf_counter()
            subprocess.run([exe, "--quiet", "--project", str(root), "--only", "leidinys-*"],
                           check=False, capture_output=True)
            times.append(time.perf_counter() - started)
        pdf = root / "output" / "print" / "publications" / "leidinys-prevencija.pdf"
        pages = len(PdfReader(pdf).pages)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        median = statistics.median(times)
        print(f"{pages} pages in {median:.1f} s (median of {args.runs}, min {min(times):.1f}): "
              f"{pages / median:.1f} pages/s; peak memory {peak_mib:.0f} MiB; "
              f"file {pdf.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
