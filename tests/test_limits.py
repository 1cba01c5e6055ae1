"""Runaway documents stop at their product's page limit with a clear error."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pipeline.build import build, load
from pipeline.config import load_config
from pipeline.errors import PageLimitError
from pipeline.products import publication
from pipeline.session import BuildOptions, make_renderer
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_renderer_stops_layout_at_the_limit() -> None:
    """This test ensures layout stops when page limit + 1 is started (not after laying out
    every page), with the limit in the message."""
    renderer = make_renderer(load(load_config(REPO)))
    html = "<style>@page { size: A5 }</style>" + "<p>Žmogus – ne prekė.</p>" * 20_000
    started = time.monotonic()
    with pytest.raises(PageLimitError, match="layout stopped at page 6: more than the 5 "
                                             "pages this product may have"):
        renderer.render(html, max_pages=5)
    assert time.monotonic() - started < 30  # hundreds of pages would take minutes


@pytest.mark.parametrize("jobs", [1, 2])
def test_runaway_table_in_a_publication_fails_the_job(project: Path, jobs: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures a chapter with a table of 3 000 rows (≈ 60 pages) fails its book with a
    page-limit error naming the content file and the book's page limit, writes no PDF, and the
    build goes on; also when a helper process mends the chapter (two processes)."""
    monkeypatch.setattr(publication, "MAX_PAGES", 20)
    chapter = project / "content" / "publications" / "prevencija" / "chapters" / "99-lentele.md"
    rows = "\n".join(f"| {n} | eilutė {n} |" for n in range(3_000))
    chapter.write_text(f"# Lentelė\n\n| Nr. | Tekstas |\n|---|---|\n{rows}\n", encoding="utf-8")
    report = build(load_config(project), only=("leidinys-*", "zmogus-ne-preke-kaunas-a3"),
                   options=BuildOptions(jobs=jobs, proofs=False))
    results = {r.job.id: r for r in report.results}
    book, poster = results["leidinys-prevencija"], results["zmogus-ne-preke-kaunas-a3"]
    assert [(d.code, d.source, d.message) for d in book.diagnostics
            if d.severity.value == "error"] == [
        ("page-limit", "content/publications/prevencija/publication.yaml",
         "layout stopped at page 21: more than the 20 pages this product may have "
         "(a runaway table or text?)")]
    assert not book.written and not (project / "output" / "print" / "publications").exists()
    assert poster.written
