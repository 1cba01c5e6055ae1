"""Benchmark: the finishing step alone — `finish()` on the sample's booklet and an A2 poster,
and `reading_spreads()` (the review proof) on the finished booklet (median of 5 each).

Usage: taskset -c 0 .venv/bin/python benchmarks/finishing_speed.py [--runs 5]
Lays each document out once with WeasyPrint (the booklet padded to whole sheets as the build
does), then times only the finishing functions on those bytes, in this process.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.book import lay_out_book
from pipeline.build import load, plan
from pipeline.config import load_config
from pipeline.finishing import finish
from pipeline.finishing.impose import reading_spreads
from pipeline.render.templates import make_environment, render_template
from pipeline.session import BuildOptions, BuildSession, template_context
from pipeline.stages import finish_spec

JOBS = ("leidinys-prevencija", "zmogus-ne-preke-kaunas-a2")


def _median_ms(function: Callable[[], object], runs: int) -> tuple[float, float]:
    function()  # warm: the profile deflated, the slug glyphs outlined, imports done
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        config = load_config(output=Path(out))
        project = load(config)
        env = make_environment(config.layouts)
        session = BuildSession(project, env, BuildOptions(), plan(project))
        for job in plan(project, JOBS):
            if job.product == "publication":  # in parts, made up to whole sheets
                rendered, _ = lay_out_book(job, session, max_pages=600)
            else:
                rendered = session.renderer().render(render_template(
                    env, job.layout, template_context(job, project), job=job.id))
                session.renderer().write(rendered)
            spec = finish_spec(job, project)
            final = finish(rendered.pdf, spec)
            median, best = _median_ms(lambda: finish(rendered.pdf, spec), args.runs)  # noqa: B023
            print(f"finish {job.id} ({len(rendered.document.pages)} pages, "
                  f"{len(rendered.pdf) / 1024:.0f} KiB in, {len(final) / 1024:.0f} KiB out): "
                  f"{median:.1f} ms (median of {args.runs}, min {best:.1f})")
            if job.reading_spreads:
                spreads = reading_spreads(final)
                median, best = _median_ms(lambda: reading_spreads(final), args.runs)  # noqa: B023
                print(f"reading_spreads {job.id} ({len(spreads) / 1024:.0f} KiB out): "
                      f"{median:.1f} ms (median of {args.runs}, min {best:.1f})")


if __name__ == "__main__":
    main()
