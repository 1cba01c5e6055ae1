"""Count layout faults across a project's print jobs, from each job's laid-out HTML.

Usage: .venv/bin/python scripts/layout_audit.py [PROJECT] [--raw]

For every print job (radio sheets left out) the layout is made as the build makes it
(template → WeasyPrint) and its lines are read (``render.boxes.lines``):

- collisions: consecutive lines whose glyph extents overlap (``inspection.ink_collisions``);
- for books: hyphenated page ends, third hyphenated lines in a row and hyphenated runts
  (``render.keep.bad_breaks``), after the build's mending (``--raw``: before it), and
  headings that end a page.

PROJECT defaults to this repository; point it at another checkout (e.g. the main branch)
to compare layouts before and after a change with the same measuring code.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from pipeline.build import load, plan
from pipeline.config import load_config
from pipeline.ink import FontSet
from pipeline.inspection import ink_collisions
from pipeline.render.boxes import lines
from pipeline.render.keep import PASSES, bad_breaks, hyphenated, keep_whole
from pipeline.render.templates import make_environment, render_template
from pipeline.session import BuildOptions, BuildSession, template_context


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path,
                        default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--raw", action="store_true", help="books before mending hyphens")
    args = parser.parse_args()
    config = load_config(args.project, Path(tempfile.mkdtemp()))
    project = load(config)
    jobs = [job for job in plan(project) if job.spoken_text is None
            and not job.product.startswith(("radio", "spot"))]
    env = make_environment(config.root / "layouts")
    session = BuildSession(project, env, BuildOptions(jobs=1, proofs=False), jobs)
    renderer = session.renderer()
    fonts = FontSet.of(project.brand)
    counts: Counter[str] = Counter()
    for job in jobs:
        context = dict(template_context(job, project))
        if job.page_multiple:
            context["padding"] = 0
        html = render_template(env, job.layout, context, job=job.id)
        document = renderer.render(html).document
        found = list(lines(document))
        collisions = ink_collisions(found, fonts, job)
        counts["collisions"] += len(collisions)
        for finding in collisions:
            print(f"{job.id}: {finding.message}")
        if job.product != "publication":
            continue
        for _ in range(0 if args.raw else PASSES):
            bad = bad_breaks(found)
            if not bad:
                break
            html, _ = keep_whole(html, bad)
            document = renderer.render(html).document
            found = list(lines(document))
        for bad in bad_breaks(found):
            counts[f"hyphen {bad.kind}"] += 1
            print(f"{job.id}: page {bad.page}: {bad.kind}: {bad.line.text[-30:]!r}")
        body = [line for line in found if line.element != "page-margin"]
        counts["hyphenated lines"] += sum(hyphenated(line) for line in body)
        for page in range(1, len(document.pages) + 1):
            on_page = [line for line in body if line.page == page]
            if on_page and max(on_page, key=lambda line: line.bottom).tag in ("h1", "h2", "h3"):
                counts["heading at page foot"] += 1
                print(f"{job.id}: page {page}: a heading ends the page")
    for name in ("collisions", "hyphen page-end", "hyphen ladder", "hyphen runt",
                 "hyphenated lines", "heading at page foot"):
        print(f"{name}: {counts[name]}")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
