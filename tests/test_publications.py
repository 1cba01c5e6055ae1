"""Publications from Markdown: book structure, saddle stitch, reading spreads, ISBN barcode."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from pipeline.barcode import ean13_modules, isbn_digits
from pipeline.build import build, load
from pipeline.config import ProjectConfig, load_config
from pipeline.diagnostics import Severity
from pipeline.errors import ContentError
from pipeline.finishing.impose import reading_order
from pipeline.markdown import render_chapter
from pipeline.results import BuildReport

MM = 25.4 / 72


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_markdown_escapes_html_and_moves_footnotes_to_the_call() -> None:
    """This test ensures raw HTML prints literally and a footnote sits where it is called."""
    chapter = render_chapter("# Pavadinimas\n\nTekstas[^1] <b>ne</b>.\n\n[^1]: Pastaba.\n",
                             image_base="content/publications/x")
    assert chapter.title == "Pavadinimas"
    assert str(chapter.html) == ('<p>Tekstas<span class="footnote">Pastaba.</span> '
                                 '&lt;b&gt;ne&lt;/b&gt;.</p>\n')


@pytest.mark.parametrize(("pages", "order"), [
    (1, [(None, 1)]),
    (4, [(None, 1), (2, 3), (4, None)]),
    (7, [(None, 1), (2, 3), (4, 5), (6, 7)]),
    (8, [(None, 1), (2, 3), (4, 5), (6, 7), (8, None)]),
])
def test_reading_order(pages: int, order: list[tuple[int | None, int | None]]) -> None:
    """This test ensures reading spreads face pages as an open book does: the cover alone
    on the right, even pages on the left, the last even page alone."""
    assert reading_order(pages) == order


def test_isbn_check_digit_and_ean13() -> None:
    """This test ensures ISBN-13 validation and the 95-module EAN-13 pattern."""
    assert isbn_digits("978-3-16-148410-0") == "9783161484100"
    with pytest.raises(ValueError, match="check digit is 1, should be 0"):
        isbn_digits("978-3-16-148410-1")
    modules = ean13_modules("9783161484100")
    assert len(modules) == 95 and modules.startswith("101") and modules[45:50] == "01010"


@pytest.mark.slow
def test_sample_booklet_structure(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures a saddle-stitched A5 booklet of at least 24 pages, a multiple of 4,
    chapters on right-hand pages, a contents page whose numbers are right, running heads,
    folios, the imprint with the funding statement, and its reading spreads among the
    proofs, not in print/."""
    config, report = sample_build
    result = next(r for r in report.results if r.job.product == "publication")
    assert not [str(d) for d in result.diagnostics if d.severity is Severity.ERROR]
    reader = PdfReader(config.output / result.job.output)
    pages = [squash(p.extract_text()) for p in reader.pages]
    assert len(pages) >= 24 and len(pages) % 4 == 0
    for page in reader.pages:
        assert [float(v) * MM for v in page.trimbox] == pytest.approx([0, 0, 148, 210], abs=0.01)
    toc_page = next(i for i, text in enumerate(pages) if text.startswith("Turinys"))
    entries = re.findall(r"([^.]+?)\s*\.{3,}\s*(\d+)", pages[toc_page].removeprefix("Turinys"))
    assert len(entries) >= 3
    for title, number in entries:
        page_text = pages[int(number) - 1]
        assert title.strip() in page_text, (title, number)
        assert int(number) % 2 == 1  # right-hand page
    assert "Europos socialinis fondas" in pages[toc_page - 1]  # imprint before contents
    first_chapter = int(entries[0][1])
    assert str(first_chapter) in pages[first_chapter - 1].split()  # folio
    # The printer gets single pages; the facing pages are a proof for review.
    assert not list((config.output / "print").rglob("*spreads*"))
    spreads = PdfReader(config.output / "proofs" / result.job.id / "spreads.pdf")
    assert len(spreads.pages) == len(pages) // 2 + 1
    assert float(spreads.pages[0].trimbox.width) * MM == pytest.approx(296, abs=0.01)
    padded = [d for d in result.diagnostics if d.code == "pages-padded"]
    assert len(padded) <= 1


@pytest.mark.slow
def test_isbn_barcode_on_the_back_cover(project: Path) -> None:
    """This test ensures a given ISBN is printed on the back cover as an EAN-13 a scanner
    reads, and a wrong check digit is an error naming file, line and field."""
    yaml = project / "content" / "publications" / "prevencija" / "publication.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text + "isbn: 978-3-16-148410-1\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load(load_config(project))
    line = len(text.splitlines()) + 1
    assert [str(d) for d in caught.value.diagnostics] == [
        f"content/publications/prevencija/publication.yaml:{line}: isbn: ISBN check digit is "
        "1, should be 0 ('978-3-16-148410-1')"]
    yaml.write_text(text + "isbn: 978-3-16-148410-0\n", encoding="utf-8")
    config = load_config(project)
    report = build(config, only=("leidinys-*",))
    [result] = report.results
    assert result.written, [str(d) for d in result.diagnostics if d.severity is Severity.ERROR]
    document = pypdfium2.PdfDocument(config.output / result.job.output)
    back = document[len(document) - 1].render(scale=300 / 72).to_pil()
    codes = [(r.format, r.text) for r in zxingcpp.read_barcodes(back)]
    assert (zxingcpp.BarcodeFormat.EAN13, "9783161484100") in codes
    imprint = squash(PdfReader(config.output / result.job.output).pages[3].extract_text())
    assert "ISBN 978-3-16-148410-0" in imprint


@pytest.mark.slow
@pytest.mark.parametrize(("caliper", "spine_text"), [(0.1, False), (0.2, True)])
def test_perfect_binding_cover_with_spine(project: Path, caliper: float,
                                          spine_text: bool) -> None:
    """This test ensures a perfect-bound book gets a cover sheet back | spine | front whose
    spine is pages / 2 × caliper + 2 × cover board, with 5 mm bleed, fold marks at the
    spine and the title on the spine only when it is at least 5 mm wide."""
    yaml = project / "content" / "publications" / "prevencija" / "publication.yaml"
    text = yaml.read_text(encoding="utf-8").replace("binding: saddle-stitch", "binding: perfect")
    yaml.write_text(text.replace("paper_caliper_mm: 0.1", f"paper_caliper_mm: {caliper}"),
                    encoding="utf-8")
    config = load_config(project)
    report = build(config, only=("leidinys-*", "virselis-*"))
    book, cover = report.results
    assert book.written and cover.written, [str(d) for d in cover.diagnostics
                                            if d.severity is Severity.ERROR]
    pages = len(PdfReader(config.output / book.job.output).pages)
    spine = math.ceil((pages / 2 * caliper + 2 * 0.3) * 10 - 1e-9) / 10
    page = PdfReader(config.output / cover.job.output).pages[0]
    assert [float(v) * MM for v in page.trimbox] == pytest.approx([0, 0, 296 + spine, 210],
                                                                abs=0.01)
    assert [float(v) * MM for v in page.bleedbox] == pytest.approx(
        [-5, -5, 301 + spine, 215], abs=0.01)
    data = page.get_contents().get_data().decode("latin-1")
    dashed = data.split("[2 1.5] 0 d", 1)[1].split("[] 0 d", 1)[0]
    xs = sorted({round(float(m.group(1)) * MM, 2) for m in re.finditer(
        r"(-?[\d.]+) -?[\d.]+ m -?[\d.]+ -?[\d.]+ l S", dashed)})
    assert xs == [148, round(148 + spine, 2)]
    text = squash(page.extract_text())
    assert (text.count("Prekybos žmonėmis prevencija") == 2) == spine_text
    assert "Europos socialinis fondas" in text


def test_spine_width() -> None:
    """This test ensures spine = pages / 2 × caliper + 2 × cover board, rounded up to 0.1 mm."""
    from pipeline.content.models import Publication
    from pipeline.products.publication import spine_mm

    book = Publication(id="x", title="X", publisher="P", binding="perfect",
                       paper_caliper_mm=0.1, cover_caliper_mm=0.3, date="2015-01-01")
    assert spine_mm(128, book) == 7.0  # 64 leaves × 0.1 + 0.6
    assert spine_mm(54, book) == 3.3
    assert spine_mm(55, book) == 3.4  # 3.35 rounds up


@pytest.mark.slow
def test_reading_spreads_of_a_12_page_booklet() -> None:
    """This test ensures the reading spreads of a 12-page booklet face its pages in reading
    order, each page clipped to its trim (its bleed text not shown), with no output intent:
    a proof, not a file for the press."""
    import io

    import weasyprint

    from pipeline.finishing.impose import reading_spreads

    html = ("<style>@page { size: 148mm 210mm; bleed: 3mm; margin: 20mm }</style>"
            + "".join(f"<p style='break-after: page'>Puslapis {n}</p>" for n in range(1, 13)))
    data = reading_spreads(weasyprint.HTML(string=html).write_pdf())
    spreads = PdfReader(io.BytesIO(data))
    read = [re.findall(r"Puslapis (\d+)", p.extract_text()) for p in spreads.pages]
    assert read == [["1"], ["2", "3"], ["4", "5"], ["6", "7"], ["8", "9"], ["10", "11"],
                    ["12"]]
    assert float(spreads.pages[0].mediabox.width) * MM == pytest.approx(296, abs=0.01)
    assert "/OutputIntents" not in spreads.trailer["/Root"]


@pytest.mark.slow
def test_running_heads_and_footnotes(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures right-hand pages carry the chapter title as running head, left-hand
    pages the book title, and a footnote lands on the page of its reference."""
    config, report = sample_build
    result = next(r for r in report.results if r.job.product == "publication")
    pages = [squash(p.extract_text()) for p in PdfReader(config.output / result.job.output).pages]
    start = next(i for i, t in enumerate(pages) if t.startswith("Kas yra prekyba žmonėmis")
                 or ("Kas yra prekyba žmonėmis" in t[:60] and i > 5))
    # Right-hand pages: chapter title as running head, folio last; left-hand: book title.
    right, left = start + 2, start + 1
    assert pages[right].endswith(f"Kas yra prekyba žmonėmis {right + 1}"), pages[right][-80:]
    assert pages[left].endswith(f" {left + 1}") and "Prekybos žmonėmis prevencija" in pages[left]
    # Footnote 1 of chapter 2 is about the Palermo Protocol; its call is in the same chapter.
    source = (Path(__file__).parent.parent / "content" / "publications" / "prevencija"
              / "chapters" / "02-kas-yra-prekyba-zmonemis.md").read_text(encoding="utf-8")
    note = re.search(r"^\[\^1\]: (.+)$", source, re.M)
    call = re.search(r"([^.\n]{20,60})\[\^1\]", source)
    assert note and call
    note_words = squash(note.group(1))[:40]
    call_words = squash(re.sub(r"[*_]", "", call.group(1)))[-25:]
    on_page = [i for i, t in enumerate(pages) if note_words in t]
    assert on_page and call_words in pages[on_page[0]], (note_words, call_words)


@pytest.mark.slow
def test_a_layout_error_while_padding_fails_that_job_only(project: Path) -> None:
    """This test ensures a layout that fails only when the booklet's back is laid out with
    the blank pages that make up its last sheet fails that job with a located finding; the
    build goes on and reports (it ended with an internal error)."""
    layout = project / "layouts" / "publication" / "book.html.j2"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "{% for _ in range(padding) %}",
        "{% if padding %}{{ no_such_name }}{% endif %}{% for _ in range(padding) %}"),
        encoding="utf-8")
    config = load_config(project, project / "out")
    report = build(config, only=("leidinys-*", "spot-*"))
    book = next(r for r in report.results if r.job.product == "publication")
    codes = [d.code for d in book.diagnostics if d.severity is Severity.ERROR]
    assert codes == ["render-template"], book.diagnostics
    assert "layouts/publication/book.html.j2:" in book.diagnostics[-1].message
    assert "no_such_name" in book.diagnostics[-1].message
    assert not book.written
    assert all(r.status != "fail" for r in report.results if r is not book)
    assert (project / "out" / "report.json").is_file()


@pytest.mark.slow
def test_spreads_are_a_proof_on_the_board_and_leave_print(project: Path) -> None:
    """This test ensures a book's reading spreads are written among its proofs and linked
    on the proof board as a proof, not for the printer, and that the spreads an earlier
    version left in print/ are removed, so the printer finds single pages only."""
    config = load_config(project)
    old = config.output / "print" / "publications" / "leidinys-prevencija-spreads.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF-1.6 spreads of an earlier version")
    report = build(config, only=("leidinys-prevencija",))
    [result] = report.results
    assert result.written
    assert not old.exists()
    assert sorted(p.name for p in old.parent.iterdir()) == [
        "leidinys-prevencija.job.json", "leidinys-prevencija.job.txt",
        "leidinys-prevencija.pdf"]
    spreads = config.output / "proofs" / "leidinys-prevencija" / "spreads.pdf"
    assert len(PdfReader(spreads).pages) == result.pages // 2 + 1
    board = (config.output / "index.html").read_text(encoding="utf-8")
    assert ("<a href='proofs/leidinys-prevencija/spreads.pdf' title='atvartai skaitymo tvarka "
            "peržiūrai; spaustuvė gauna pavienius puslapius") in board
    assert "atvartai – korektūra, ne spaustuvei (reading spreads: a proof, not for the " \
        "printer)</a>" in board
