"""Benchmark: the designer's loop (issue #8). Run by hand, never as a timed test.

Usage: .venv/bin/python benchmarks/designer_loop.py [--runs 3]

Every figure is the wall time of a fresh `build-print` process (start-up, imports and font
set-up included), median of ``--runs``; peak memory is the largest resident set of any
process of that run (the main process or a worker).

1. full build of the sample campaign, 1 job and 2 jobs (empty output folder);
2. no-op rebuild (nothing changed) and its share of a full build;
3. one municipality's text changed (the Klaipėda line of the poster) against building that
   municipality's posters alone into an empty folder;
4. bare WeasyPrint ``HTML(string=…).write_pdf(pdf_variant="pdf/x-4")`` of the same HTML in
   one process, against build-print (every check, proofs, 2 jobs): for the ten posters and
   for the whole sample.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXE = shutil.which("build-print") or str(Path(sys.executable).with_name("build-print"))
POSTER = "content/posters/zmogus-ne-preke.yaml"
LINES = ("Klaipėdoje – susitikimai", "Klaipėdoje – pokalbiai")

HTML = """
import json, sys
from pathlib import Path
from pipeline.build import load, plan
from pipeline.session import template_context
from pipeline.config import load_config
from pipeline.render.templates import make_environment, render_template
config = load_config(Path(sys.argv[1]))
project = load(config)
env = make_environment(config.layouts)
pages = json.loads(sys.argv[4])
for job in plan(project, (sys.argv[3],)):
    if job.finalise is not None:  # a cover: sized from its book, as in the build
        job = job.finalise(pages[job.depends_on])
    html = render_template(env, job.layout, template_context(job, project), job=job.id)
    (Path(sys.argv[2]) / f"{job.id}.html").write_text(html, encoding="utf-8")
"""

BARE = """
import sys, time
from pathlib import Path
from weasyprint import HTML
base, out = sys.argv[1], Path(sys.argv[2])
for path in sorted(out.glob("*.html")):
    HTML(string=path.read_text(encoding="utf-8"), base_url=base).write_pdf(
        path.with_suffix(".pdf"), pdf_variant="pdf/x-4")
"""


MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds of ``command`` and the peak RSS (MiB) of it or any of its workers
    (measured in a fresh parent, so runs do not share the peak)."""
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True,
                          capture_output=True, text=True)
    seconds, peak_kib = done.stdout.split()
    return float(seconds), int(peak_kib) // 1024


def median(runs: int, once: Callable[[], tuple[float, int]]) -> tuple[float, int]:
    results = [once() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def build(project: Path, out: Path, *options: str) -> list[str]:
    return [EXE, "--quiet", "--project", str(project), "--output", str(out), *options]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    project = work / "project"
    for name in ("content", "layouts", "brand"):
        shutil.copytree(REPO / name, project / name)

    def fresh(*options: str) -> Callable[[], tuple[float, int]]:
        def once() -> tuple[float, int]:
            out = work / "fresh"
            shutil.rmtree(out, ignore_errors=True)
            return timed(build(project, out, *options))
        return once

    full1 = median(runs, fresh("--jobs", "1"))
    full2 = median(runs, fresh("--jobs", "2"))
    print(f"full build, 1 job:  {full1[0]:6.2f} s  peak {full1[1]} MiB")
    print(f"full build, 2 jobs: {full2[0]:6.2f} s  peak {full2[1]} MiB  "
          f"({full2[0] / full1[0]:.2f} × 1 job)")

    kept = work / "kept"
    timed(build(project, kept))
    noop = median(max(runs, 5), lambda: timed(build(project, kept)))
    print(f"no-op rebuild:      {noop[0]:6.2f} s  peak {noop[1]} MiB  "
          f"({noop[0] / full2[0] * 100:.1f} % of a full build)")

    poster = project / POSTER
    state = {"i": 0}

    def change() -> tuple[float, int]:
        text = poster.read_text(encoding="utf-8")
        old, new = LINES[state["i"] % 2], LINES[(state["i"] + 1) % 2]
        poster.write_text(text.replace(old, new), encoding="utf-8")
        state["i"] += 1
        return timed(build(project, kept))

    changed = median(runs, change)
    alone = median(runs, fresh("--only", "zmogus-ne-preke-klaipeda-*"))
    print(f"Klaipėda line changed, rebuild: {changed[0]:6.2f} s; its 2 posters alone: "
          f"{alone[0]:6.2f} s ({changed[0] / alone[0]:.2f} ×)")

    def bare(selection: str, pages: dict[str, int]) -> tuple[float, int, int]:
        """Bare WeasyPrint on the HTML build-print's layouts make for ``selection``."""
        html_dir = work / ("html-all" if selection == "*" else f"html-{selection}")
        html_dir.mkdir()
        subprocess.run([sys.executable, "-c", HTML, str(project), str(html_dir), selection,
                        json.dumps(pages)], check=True)
        base = project.resolve().as_uri() + "/"
        seconds, peak = median(runs, lambda: timed([sys.executable, "-c", BARE, base,
                                                    str(html_dir)]))
        return seconds, peak, len(list(html_dir.glob("*.html")))

    posters = median(runs, fresh("--only", "poster"))
    bare_posters = bare("poster", {})
    print(f"{bare_posters[2]} posters: build-print {posters[0]:.2f} s (every check, proofs, "
          f"2 jobs; peak {posters[1]} MiB); bare WeasyPrint pdf/x-4 {bare_posters[0]:.2f} s "
          f"(peak {bare_posters[1]} MiB): {posters[0] / bare_posters[0]:.2f} ×")
    report = json.loads((kept / "report.json").read_text(encoding="utf-8"))
    pages = {job["id"]: job["pages"] for job in report["jobs"]}
    bare_all = bare("*", pages)
    print(f"whole sample, {bare_all[2]} documents: build-print {full2[0]:.2f} s (2 jobs); "
          f"bare WeasyPrint pdf/x-4 {bare_all[0]:.2f} s (peak {bare_all[1]} MiB): "
          f"{full2[0] / bare_all[0]:.2f} ×")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
