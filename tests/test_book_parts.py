"""A book laid out part by part and joined (issue 19 item 4) is the book laid out whole."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from pipeline import book
from pipeline.build import load, plan
from pipeline.config import load_config
from pipeline.errors import RenderError
from pipeline.jobs import Job
from pipeline.render.pdf import Rendered, Renderer
from pipeline.render.templates import make_environment, render_template
from pipeline.session import BuildOptions, BuildSession, template_context

REPO = Path(__file__).resolve().parent.parent


def test_booktitle_is_a_css_string_that_cannot_close_the_style() -> None:
    """This test ensures the running head passed to a chapter part is one CSS string:
    quotes, backslashes and markup escaped, letters and no-break spaces kept."""
    css = book.Part("chapter", booktitle='Ką "daryti" \\ </style>\u00a0x').booktitle_css
    assert css == '"Ką \\22 daryti\\22  \\5c  \\3c \\2f style\\3e \u00a0x"'


def test_the_helper_starts_where_two_thirds_of_the_text_are_left() -> None:
    """This test ensures the helper process starts mending at the chapter from which about
    two thirds of the text follow, never at the first one (this process starts there)."""
    assert book.helper_start([100] * 9) == 4
    assert book.helper_start([600, 100, 100, 100]) == 2
    assert book.helper_start([10, 10]) == 2


def _session(root: Path, output: Path, jobs: int = 1) -> tuple[BuildSession, Job]:
    config = load_config(root, output)
    project = load(config)
    every = plan(project)
    session = BuildSession(project, make_environment(config.layouts),
                           BuildOptions(jobs=jobs), every)
    return session, next(job for job in every if job.product == "publication")


def _whole(session: BuildSession, job: Job) -> Rendered:
    """The book laid out as one document, mended, made up to whole sheets (the old way)."""
    context = template_context(job, session.project)
    renderer = session.renderer()
    html = render_template(session.env, job.layout, context, job=job.id)
    rendered, _ = book.mend(renderer, html, max_pages=600)
    padding = -len(rendered.document.pages) % (job.page_multiple or 1)
    if padding:
        html = render_template(session.env, job.layout, {**context, "padding": padding},
                               job=job.id)
        rendered, _ = book.mend(renderer, html, max_pages=600)
    return Rendered(rendered.document, rendered.document.write_pdf(), [])


def _texts(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def _contents(pages: list[str]) -> list[tuple[str, int]]:
    toc = next(text for text in pages if text.lstrip().startswith("Turinys"))
    return [(title.strip(), int(number))
            for title, number in re.findall(r"([^.\n]+?)\s*\.{3,}\s*(\d+)", toc)]


@pytest.mark.slow
def test_parts_make_the_same_book_as_one_layout(tmp_path: Path) -> None:
    """This test ensures the sample booklet laid out chapter by chapter and joined has the
    pages of the booklet laid out whole: the same page count, the same text on every page
    (folios, running heads, footnote numbers, blank pages before right-hand chapters, the
    blank pages that make up the last sheet), the same contents numbers; each font embedded
    once, so the file is the same, byte for byte. With a helper process mending chapters
    ahead (two processes), the file is the same too."""
    session, job = _session(REPO, tmp_path / "out")
    whole = _whole(session, job)
    parts, padding = book.lay_out_book(job, session, max_pages=600)
    helped, _ = book.lay_out_book(job, _session(REPO, tmp_path / "helped", jobs=2)[0],
                                  max_pages=600)  # its own output: no mends kept yet
    assert helped.pdf == parts.pdf
    whole_pages, part_pages = _texts(whole.pdf), _texts(parts.pdf)
    assert len(part_pages) == len(whole_pages) and len(part_pages) % 4 == 0
    for number, (expected, got) in enumerate(zip(whole_pages, part_pages, strict=True), 1):
        assert got == expected, f"page {number}"
    contents = _contents(part_pages)
    assert len(contents) == 9 and contents == _contents(whole_pages)
    assert all(number % 2 == 1 for _, number in contents)
    notes = sum(chapter.html.count('class="footnote"') for chapter in job.context["chapters"])
    assert notes >= 5  # numbered on through the chapters: the last is the book's count
    assert any(re.search(rf"^{notes}\. ", text, re.M) for text in part_pages)
    assert not part_pages[-1 - padding].strip() if padding else True
    assert len(parts.pdf) <= 1.3 * len(whole.pdf)
    assert parts.pdf == whole.pdf  # each font subset once, the pages drawn alike: no seam


@pytest.mark.slow
def test_a_part_laid_out_again_starts_with_the_words_its_mending_kept_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures the words a book's mending kept whole are kept in output/.cache:
    the booklet laid out again by a new process's session lays out each part once (no
    mending layouts) and makes the same file, byte for byte; entries whose offsets are not
    words of the part are not used (mended from the start: the same file again)."""
    layouts: list[int] = []
    real = Renderer.render

    def counted(self: Renderer, html: str, **options: Any) -> Rendered:
        layouts.append(1)
        return real(self, html, **options)

    monkeypatch.setattr(Renderer, "render", counted)
    session, job = _session(REPO, tmp_path / "out")
    first, _ = book.lay_out_book(job, session, max_pages=600)
    cold = len(layouts)
    entries = sorted((tmp_path / "out" / ".cache" / "mended").glob("*.json"))
    # Every part mended: the front matter (twice: without and with its page numbers), the
    # nine chapters and the back.
    assert len(entries) == 12 and cold > 12
    layouts.clear()
    again, _ = book.lay_out_book(job, _session(REPO, tmp_path / "out")[0], max_pages=600)
    assert len(layouts) == 12 and again.pdf == first.pdf
    for entry in entries:
        entry.write_text('{"keep": [[0, 9]]}', encoding="utf-8")  # "<!doctype": no word
    layouts.clear()
    mended, _ = book.lay_out_book(job, _session(REPO, tmp_path / "out")[0], max_pages=600)
    assert len(layouts) == cold and mended.pdf == first.pdf


@pytest.mark.slow
def test_a_layout_that_ignores_the_part_is_a_clear_error(tmp_path: Path) -> None:
    """This test ensures a project's own book layout that sets every chapter whatever part
    it is asked for (one written before parts) fails naming the layout, not with a book
    of every chapter over again."""
    from tests.conftest import copy_project

    root = copy_project(tmp_path / "project")
    layout = root / "layouts" / "publication" / "book.html.j2"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("{% if not part %}", "{% if true %}"), encoding="utf-8")
    session, job = _session(root, tmp_path / "out")
    with pytest.raises(RenderError, match=r"layouts/publication/book.html.j2 sets chapters"):
        book.lay_out_book(job, session, max_pages=600)


def test_joined_parts_report_what_weasyprint_says_while_drawing_them(tmp_path: Path) -> None:
    """This test ensures a book written from its parts reports what WeasyPrint logs while
    drawing the pages (here a character no font has, drawn as .notdef), as a document laid
    out and written whole does: the parts are laid out without writing, so the joined book
    is where it is drawn."""
    session, _job = _session(REPO, tmp_path / "out")
    renderer = session.renderer()
    html = "<html><body><p>Skyrius \U000f0000 čia</p></body></html>"
    whole = renderer.render(html)
    renderer.write(whole)
    [warning] = whole.warnings
    assert warning.startswith(".notdef glyph rendered")
    part = renderer.render(html)
    assert part.warnings == []  # nothing drawn yet
    joined = renderer.joined([part, renderer.render("<p>Kitas</p>")])
    assert joined.warnings == [warning]
