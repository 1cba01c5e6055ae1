"""Benchmark: time the EU publicity checks add per poster (median of 5), per pack.

Usage: .venv/bin/python benchmarks/compliance_time.py
Lays out one A2 poster once, then times `check_job` (layout evidence, raster measurement at
the emblem, text checks) and `check_pdf` (the same PDF with no layout: full-page search).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from pipeline.build import load, plan
from pipeline.compliance import check_job, check_pdf, load_pack
from pipeline.compliance.rules import RULES
from pipeline.config import load_config
from pipeline.finishing import finish
from pipeline.pack_ids import PACK_IDS
from pipeline.render.boxes import placed
from pipeline.render.templates import make_environment, render_template
from pipeline.session import make_renderer, template_context
from pipeline.stages import finish_spec


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        config = load_config(output=Path(out))
        project = load(config)
        job = plan(project, ("*-kaunas-a2",))[0]
        html = render_template(make_environment(config.layouts), job.layout,
                               template_context(job, project), job=job.id)
        renderer = make_renderer(project)
        rendered = renderer.render(html)
        renderer.write(rendered)
        pdf = finish(rendered.pdf, finish_spec(job, project))
        boxes = list(placed(rendered.document))
        for pack_id in PACK_IDS:
            pack = load_pack(pack_id)
            count = sum(1 for rule in pack.rules)
            in_build = []
            alone = []
            for _ in range(5):
                started = time.perf_counter()
                check_job(rendered.document, boxes, pdf, job=job.id, product=job.product, scale=1,
                          pack=pack)
                in_build.append(time.perf_counter() - started)
                started = time.perf_counter()
                check_pdf(pdf, job=job.id, pack=pack)
                alone.append(time.perf_counter() - started)
            checks = sum(1 for rule in RULES if pack.applies(rule))
            print(f"{pack_id}: {count} rules ({checks} per item, the rest campaign-wide or "
                  f"radio); in the build {statistics.median(in_build) * 1000:.0f} ms per "
                  f"poster, `check` on the PDF alone {statistics.median(alone) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
