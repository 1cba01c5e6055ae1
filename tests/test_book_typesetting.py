"""Book typesetting (issue 16, item 4): hyphens, runts, running heads of the booklet."""

from __future__ import annotations

import re

import pypdfium2
import pytest

from pipeline.config import ProjectConfig
from pipeline.markdown import render_chapter
from pipeline.render.boxes import Line, Run
from pipeline.render.keep import KEEP, bad_breaks, keep_whole
from pipeline.results import BuildReport

MM = 72 / 25.4


def _line(text: str, top: float, page: int = 1, block: int = 1, tag: str = "p") -> Line:
    run = Run(text, 0, 100, top + 4, 3.5, ("Source Serif Pro",), 400, "normal")
    return Line(page, "chapter", block, top, top + 5, (run,), tag)


def test_bad_breaks_page_end_ladder_and_runt() -> None:
    """This test ensures a hyphen before a page turn, a third hyphenated line in a row and a
    paragraph ending in a hyphenated word's last syllable are found, and nothing else."""
    lines = [_line("vienas du trys ke-", 10), _line("turi penki šeši sep-", 15),
             _line("tyni aštuoni devy-", 20), _line("ni dešimt", 25),
             _line("ir kiti žodžiai gal-", 180), _line("būt kitame puslapyje", 10, page=2),
             _line("pastraipa baigiasi ilgu žodžiu bendradarbi-", 40, page=2, block=2),
             _line("auti.", 45, page=2, block=2)]
    found = [(b.kind, b.page, b.fragment) for b in bad_breaks(lines)]
    assert found == [("ladder", 1, "devy"), ("page-end", 1, "gal"),
                     ("runt", 2, "bendradarbi")]


def test_keep_whole_wraps_the_word_found_by_its_line() -> None:
    """This test ensures the hyphenated word is found by the text before it on its line
    (not another occurrence, not across markup) and only it is kept whole."""
    html = ("<html><head><style>p{}</style></head><body><p>Galbūt ne.</p>"
            "<p>Jaunimas ieškos <em>darbo</em>, galbūt ir užsienyje.</p></body></html>")
    (bad,) = bad_breaks([_line("Jaunimas ieškos darbo, gal-", 180),
                         _line("būt ir užsienyje.", 10, page=2)])
    mended, missed = keep_whole(html, [bad])
    assert missed == []
    assert "<p>Galbūt ne.</p>" in mended
    assert f"</em>, {KEEP}galbūt</span> ir" in mended


def test_a_short_last_word_is_bound_to_the_one_before() -> None:
    """This test ensures no runt: a paragraph's short last word gets a no-break space."""
    html = str(render_chapter("# T\n\nJis ieško kažko naujo.\n\nIlgas bendradarbiavimas\n",
                              image_base="x").html)
    assert "kažko\u00a0naujo." in html and "Ilgas bendradarbiavimas" in html


def _booklet(sample_build: tuple[ProjectConfig, BuildReport]) -> tuple[
        pypdfium2.PdfDocument, list[str], BuildReport]:
    config, report = sample_build
    result = next(r for r in report.results if r.job.product == "publication")
    document = pypdfium2.PdfDocument(config.output / result.job.output)
    return document, [document[i].get_textpage().get_text_range()
                      for i in range(len(document))], report


@pytest.mark.slow
def test_no_hyphenated_word_across_a_page_turn(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures no page of the booklet ends its body text with a hyphen ("gal-/būt"
    across pages 7→8 in issue 16), read from the PDF: the lowest line of body-size type."""
    document, _, report = _booklet(sample_build)
    ends = []
    for index in range(len(document)):
        textpage = document[index].get_textpage()
        body = []
        for k in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(k)
            text = textpage.get_text_bounded(left, bottom + 1, right + 6, top - 1).strip()
            if text and not text.isdigit() and text != "•" and top - bottom > 9.3:
                body.append((bottom, text))
        if body and re.search(r"\w[-\ufffe\u00ad]$", min(body)[1]):
            ends.append((index + 1, min(body)[1]))
    assert ends == []
    result = next(r for r in report.results if r.job.product == "publication")
    assert [str(d) for d in result.diagnostics if d.code == "book-hyphenation"] == []


@pytest.mark.slow
def test_no_running_head_on_chapter_openers(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures a chapter's opening page shows no running head (its folio stays),
    while its other right-hand pages do."""
    document, pages, _ = _booklet(sample_build)
    toc = next(i for i, text in enumerate(pages) if text.lstrip().startswith("Turinys"))
    entries = re.findall(r"([^.\n]+?)\s*\.{3,}\s*(\d+)", pages[toc])
    assert len(entries) >= 3

    def head(index: int) -> str:
        page = document[index]
        trim = page.get_trimbox()
        return page.get_textpage().get_text_bounded(
            trim[0], trim[3] - 16 * MM, trim[2], trim[3]).strip()

    heads = 0
    for title, number in entries:
        opener = int(number) - 1
        assert head(opener) == "", (title, head(opener))
        assert number in pages[opener].split()  # the folio stays
        if title.strip().startswith(head(opener + 2)[:10]) and head(opener + 2):
            heads += 1
    assert heads >= 1  # the running head is there on later right-hand pages
