"""Benchmark: build-print against bare WeasyPrint on the same HTML, like with like (issue #19).

Usage: .venv/bin/python benchmarks/engine_ratio.py [--runs 3] [--no-pin] [--only posters,book]
       [--no-proofs]

For three selections — the ten posters, the whole sample, and a generated 200-page book (the
sample booklet's chapters four times over, perfect-bound, in a scratch copy of the project) —
one run measures, alternating them round by round:

- **bare**: ``HTML(string=…).write_pdf(pdf_variant="pdf/x-4")`` in one fresh Python process,
  on the exact HTML build-print laid out last for each document (copyfitted, hyphenation
  mended, a cover sized from its book; a book, which build-print lays out part by part, as
  one document: the whole book as its layout makes it; a social media card as the PDF page
  build-print rasterises): captured from an in-process ``--jobs 1`` build of the same
  scratch project before timing starts;
- **build-print --jobs 1**: a fresh ``build-print`` process into an empty output folder
  (every check, copyfitting, CMYK images, proofs);
- **build-print --jobs 2**: the same with two worker processes.

Each figure is a fresh process's wall time (start-up, imports and font set-up included) with
the largest resident set of it or any of its workers. Unless ``--no-pin``, the one-core sides
(bare and ``--jobs 1``) run under ``taskset -c 0``, so both get exactly one core and neither
borrows the second one for a helper thread; ``--jobs 2`` runs unpinned on both cores. With
``--no-proofs`` both build-print sides skip the PNG proofs (what the checks alone cost: every
check still runs; the page rasters are then made at the bleed check's scale only). The ratio
of each round is build-print ÷ the bare figure of the same round; the median, min and max of
those ratios are printed. The machine's load average is printed before and after: other work
on the machine makes the figures noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from projects import copy_project, make_book, timed
from pypdf import PdfReader

EXE = shutil.which("build-print") or str(Path(sys.executable).with_name("build-print"))
PIN = ["taskset", "-c", "0"]

CAPTURE = """
import sys
from pathlib import Path
from pipeline import stages
from pipeline.build import build
from pipeline.config import load_config
from pipeline.render.pdf import Renderer
from pipeline.session import BuildOptions
project, out, html_dir = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
last, current = {}, [None]
build_one, render = stages.build_job, Renderer.render
def build_job(job, html, session):
    current[0] = job.id
    if job.product in ("publication", stages.DIGITAL):  # laid out in parts: bare lays
        last[job.id], current[0] = html, None          # out the whole book
    return build_one(job, html, session)
def _render(self, html, **options):
    if current[0] is not None:
        last[current[0]] = html  # the layout's last render is the one written
    return render(self, html, **options)
stages.build_job, Renderer.render = build_job, _render
build(load_config(project, out), only=tuple(sys.argv[4:]),
      options=BuildOptions(jobs=1, proofs=False))
html_dir.mkdir(parents=True)
for job_id, html in last.items():
    (html_dir / f"{job_id}.html").write_text(html, encoding="utf-8")
"""

BARE = """
import sys
from pathlib import Path
from weasyprint import HTML
base, folder = sys.argv[1], Path(sys.argv[2])
for path in sorted(folder.glob("*.html")):
    HTML(string=path.read_text(encoding="utf-8"), base_url=base).write_pdf(
        path.with_suffix(".pdf"), pdf_variant="pdf/x-4")
"""

@dataclass
class Side:
    label: str
    cores: str
    run: Callable[[], tuple[float, int]]
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    def once(self) -> float:
        seconds, peak = self.run()
        self.times.append(seconds)
        self.peaks.append(peak)
        return seconds

    def summary(self) -> str:
        return (f"{self.label:<24} {self.cores:<22} median {statistics.median(self.times):6.2f} s "
                f"(min {min(self.times):.2f}, max {max(self.times):.2f}), "
                f"peak {max(self.peaks)} MiB")


@dataclass
class Selection:
    name: str
    project: Path
    only: tuple[str, ...]


def load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def compare(selection: Selection, work: Path, runs: int, pin: bool,
            extra: tuple[str, ...] = ()) -> None:
    """Capture ``selection``'s HTML, then time bare and build-print round by round."""
    html_dir = work / f"html-{selection.name}"
    subprocess.run([sys.executable, "-c", CAPTURE, str(selection.project),
                    str(work / f"capture-{selection.name}"), str(html_dir), *selection.only],
                   check=True, stdout=subprocess.DEVNULL)
    documents = sorted(html_dir.glob("*.html"))
    one = PIN if pin else []
    one_core = "1 core (taskset -c 0)" if pin else "1 process (unpinned)"
    base = selection.project.resolve().as_uri() + "/"
    out = work / f"out-{selection.name}"

    def build(jobs: str) -> Callable[[], tuple[float, int]]:
        def once() -> tuple[float, int]:
            shutil.rmtree(out, ignore_errors=True)  # a full build, never a reuse
            prefix = one if jobs == "1" else []
            only = [arg for pattern in selection.only for arg in ("--only", pattern)]
            return timed([*prefix, EXE, "--quiet", "--project", str(selection.project),
                          "--output", str(out), "--jobs", jobs, *only, *extra])
        return once

    bare = Side("bare WeasyPrint", one_core,
                lambda: timed([*one, sys.executable, "-c", BARE, base, str(html_dir)]))
    jobs1 = Side("build-print --jobs 1", one_core, build("1"))
    jobs2 = Side("build-print --jobs 2", "2 cores (unpinned)", build("2"))
    ratios1, ratios2 = [], []
    print(f"\n{selection.name}: {len(documents)} documents ({load()})", flush=True)
    for round_ in range(runs):
        # Alternate which side goes first, so a drift in the machine's load hits both.
        if round_ % 2 == 0:
            b, j1 = bare.once(), jobs1.once()
        else:
            j1, b = jobs1.once(), bare.once()
        j2 = jobs2.once()
        ratios1.append(j1 / b)
        ratios2.append(j2 / b)
        print(f"  round {round_ + 1}: bare {b:.2f} s, --jobs 1 {j1:.2f} s ({j1 / b:.2f} ×), "
              f"--jobs 2 {j2:.2f} s ({j2 / b:.2f} ×)", flush=True)
    pages = sum(len(PdfReader(path.with_suffix(".pdf")).pages) for path in documents)
    print(f"  {pages} pages (bare PDFs); {load()}")
    for side in (bare, jobs1, jobs2):
        print("  " + side.summary())
    for label, ratios in (("--jobs 1 (1 core) / bare (1 core)", ratios1),
                          ("--jobs 2 (2 cores) / bare (1 core)", ratios2)):
        print(f"  {label}: median {statistics.median(ratios):.2f} × "
              f"(min {min(ratios):.2f}, max {max(ratios):.2f}, {runs} pairs)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pin", action="store_true",
                        help="run the one-core sides without taskset")
    parser.add_argument("--only", default="posters,sample,book")
    parser.add_argument("--no-proofs", action="store_true",
                        help="build-print without PNG proofs (the checks' cost alone)")
    args = parser.parse_args()
    wanted = args.only.split(",")
    work = Path(tempfile.mkdtemp(prefix="bench-ratio-"))
    try:
        sample = copy_project(work / "sample")
        book = copy_project(work / "book")
        make_book(book)
        selections = [Selection("posters", sample, ("poster",)),
                      Selection("sample", sample, ()),
                      Selection("book", book, ("leidinys-*",))]
        pinning = "unpinned" if args.no_pin else "one-core sides pinned to core 0"
        extra = ("--no-proofs",) if args.no_proofs else ()
        print(f"{os.cpu_count()} CPUs; {pinning}; build-print {' '.join(extra) or 'with proofs'}")
        for selection in selections:
            if selection.name in wanted:
                compare(selection, work, args.runs, not args.no_pin, extra)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
