"""What the publicity rules are checked against, gathered once per item.

Two sources: the laid-out document (elements the templates mark with ``data-element``:
the emblem, the EU statements, logos; their boxes, fonts and styles) when build-print made
the file, and the final PDF itself (extracted text, fonts of the text runs, image
placements, the emblem found and measured on a raster). ``build-print check`` has only the
second.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.compliance.messages import N_
from pipeline.formats import scale_denominator
from pipeline.render.boxes import Placed, Rect

if TYPE_CHECKING:  # the PDF engines load only when a PDF is examined (not on a no-op build)
    from pypdf import PdfReader
    from weasyprint import Document

    from pipeline.compliance.paint import PagePaint
    from pipeline.compliance.raster import RasterEmblem
    from pipeline.pdffile import PdfFile

MM_PT = 72 / 25.4
EMBLEM = "eu-emblem"
EU_TEXT_ELEMENTS = ("eu-reference", "fund-reference", "slogan", "cpr-statement")
NATIONAL_MARK = "logo-lt-mark-0713"


def normalise(text: str) -> str:
    """Whitespace and line breaks collapsed; Unicode composed (ą as one character)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class Logo:
    """Another logo shown on a page (partner, implementer).

    Its placed size in mm and, where known, its top-left corner (mm from the trim box's
    top-left corner).
    """

    page: int
    name: str
    width: float
    height: float
    x: float | None = None
    y: float | None = None


@dataclass
class Evidence:
    """Everything the rules look at for one item.

    Lengths in mm as laid out in the file (× ``scale`` for final size); ``texts``: the
    normalised text of each page; ``emblems``: as measured on a raster of the final PDF.
    """

    job: str
    """The job id, or the file name of a PDF made elsewhere."""
    product: str | None
    """What the item is (``poster``, ``attendance-sheet``, ``document``…), if known."""
    scale: int
    texts: list[str]
    emblems: list[RasterEmblem]
    statement_fonts: list[tuple[str, str, str, bool]] = field(default_factory=list)
    """(element or text, font family, font style, decorated) of the EU statements."""
    logos: list[Logo] = field(default_factory=list)
    emblem_boxes: list[tuple[int, Rect]] = field(default_factory=list)
    """Emblem elements of the layout (page, border box); empty for PDFs made elsewhere."""
    text_boxes: list[Placed] = field(default_factory=list)
    from_layout: bool = False
    national_mark: bool = False
    pdf: PdfFile | None = field(default=None, repr=False)
    """The final PDF (open while the rules run), for reading pages without a text layer by
    OCR (``read_textless``)."""
    ocr_pages: list[int] = field(default_factory=list)
    """Pages (1-based) whose text in ``texts`` was read by OCR."""
    unread_pages: list[int] = field(default_factory=list)
    """Pages (1-based) with no text layer that no OCR could read: their text is unknown."""
    _read: bool = field(default=False, repr=False)

    @property
    def text(self) -> str:
        """All pages' text, normalised (with what OCR read, once ``read_textless`` ran)."""
        return " ".join(self.texts)

    @property
    def layer_text(self) -> str:
        """The text of the pages' text layers only (no OCR)."""
        return " ".join(t for i, t in enumerate(self.texts, 1) if i not in self.ocr_pages)

    def read_textless(self) -> None:
        """Read the pages that show something but have no text layer, once.

        With Tesseract and its Lithuanian data (``ocr.tesseract``) their text is read by
        OCR into ``texts`` (``ocr_pages``); without it, or when it fails, they are
        ``unread_pages``. Blank pages are neither.
        """
        if self._read or self.pdf is None:
            return
        self._read = True
        textless = [i for i, text in enumerate(self.texts) if not text]
        if not textless:
            return
        from pipeline.compliance import ocr

        document = self.pdf.pdfium
        program = ocr.tesseract()
        for index in textless:
            if ocr.is_blank(document, index):
                continue
            if program is not None:
                try:
                    self.texts[index] = normalise(ocr.read_page(program, document, index))
                    self.ocr_pages.append(index + 1)
                    continue
                except OSError:
                    pass
            self.unread_pages.append(index + 1)

    def has(self, text: str) -> bool:
        """Whether ``text`` is in the text.

        If it is not in the text layer, pages without one are read by OCR first, and their
        reading is matched allowing for OCR's errors (``ocr.contains``).
        """
        if text in self.text:
            return True
        self.read_textless()
        if text in self.text:
            return True
        from pipeline.compliance.ocr import contains

        return any(contains(self.texts[page - 1], text) for page in self.ocr_pages)


def from_pdf(file: PdfFile, job: str, product: str | None = None) -> Evidence:
    """Evidence from the PDF ``file`` alone (any PDF); ``job`` names it in the findings.

    The text of each page, the fonts of the text runs that carry the EU statements (by
    their text), the scale build-print wrote in its metadata (else 1:1), the emblems found
    on a raster, and as other logos the image placements smaller than a quarter of the page
    each way (an implementation choice).
    """
    from pypdf import PdfReader

    from pipeline.compliance.paint import page_paint
    from pipeline.compliance.raster import find_emblems

    reader = PdfReader(io.BytesIO(file.data))
    texts = page_texts(file)
    fonts = _statement_fonts(reader)
    info: Any = reader.metadata or {}
    scale = scale_denominator(str(info.get("/BuildPrintScale", "1:1")))
    paint = file.shared(page_paint)
    emblems = find_emblems(file, paint)
    logos = _image_logos(file, paint)
    return Evidence(job=job, product=product, scale=scale, texts=texts, emblems=emblems,
                    statement_fonts=fonts, logos=logos, pdf=file)


def page_texts(file: PdfFile) -> list[str]:
    """Normalised text of every page (pdfium's extraction: thirty times pypdf's speed).

    The file's text pages, which preflight reads too (``PdfFile.textpage``).
    """
    return [normalise(file.textpage(i).get_text_range()) for i in range(len(file))]


def from_layout(document: Document, boxes: list[Placed], file: PdfFile, job: str,
                product: str, scale: int) -> Evidence:
    """Evidence from the laid-out document and its final PDF ``file`` (build-print's files).

    Each emblem is measured on a raster of the final PDF where the layout put it, its box
    grown by 30 % of its height on every side for the border and background (an
    implementation choice); statement fonts and logos (``data-element="logo-…"``) come from
    the layout.
    """
    from pipeline.compliance.paint import page_paint
    from pipeline.compliance.raster import measure_region, trim_offset

    texts = page_texts(file)
    emblem_boxes = _element_rects(boxes, EMBLEM)
    paint = file.shared(page_paint) if emblem_boxes else []
    emblems = []
    for page, rect in emblem_boxes:
        # Render where the layout put the emblem (with room for the border and background).
        dx, dy = trim_offset(file.page(page - 1))
        grow = rect.height * 0.3
        region = ((rect.x - grow) * MM_PT + dx, (rect.y - grow) * MM_PT + dy,
                  (rect.right + grow) * MM_PT + dx, (rect.bottom + grow) * MM_PT + dy)
        measured = measure_region(file, page - 1, region, paint[page - 1])
        if measured is not None:
            emblems.append(measured)
    statement_fonts = [(b.element, ", ".join(b.font_family), b.font_style, b.decorated)
                       for b in boxes if b.kind == "text" and b.element in EU_TEXT_ELEMENTS]
    logos = [Logo(page, name, rect.width, rect.height, rect.x, rect.y)
             for name in sorted({b.element for b in boxes if b.element.startswith("logo-")})
             for page, rect in _element_rects(boxes, name)]
    return Evidence(job=job, product=product, scale=scale, texts=texts, emblems=emblems,
                    statement_fonts=statement_fonts, logos=logos, emblem_boxes=emblem_boxes,
                    text_boxes=[b for b in boxes if b.kind == "text"], from_layout=True,
                    national_mark=any(b.element == NATIONAL_MARK for b in boxes), pdf=file)


def _element_rects(boxes: list[Placed], name: str) -> list[tuple[int, Rect]]:
    """Union rectangle of each page's boxes of element ``name``."""
    by_page: dict[int, list[Rect]] = {}
    for box in boxes:
        if box.element == name:
            by_page.setdefault(box.page, []).append(box.rect)
    result = []
    for page, rects in sorted(by_page.items()):
        x0 = min(r.x for r in rects)
        y0 = min(r.y for r in rects)
        result.append((page, Rect(x0, y0, max(r.right for r in rects) - x0,
                                  max(r.bottom for r in rects) - y0)))
    return result


def _statement_fonts(reader: PdfReader) -> list[tuple[str, str, str, bool]]:
    """Font and style of the text runs that carry the EU statements (no layout: by text)."""
    fonts = []
    for page in reader.pages:
        runs: list[tuple[str, str]] = []

        def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any,
                  runs: list[tuple[str, str]] = runs) -> None:
            if text.strip() and font is not None:
                runs.append((text, str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1]))

        page.extract_text(visitor_text=visit)
        for text, name in runs:
            if re.search(r"Europos|Sąjung|fond", text):
                style = N_("italic") if re.search(r"Italic|Oblique|-It\b", name) else "normal"
                fonts.append((normalise(text), name, style, False))
    return fonts


def _image_logos(file: PdfFile, paint: list[PagePaint]) -> list[Logo]:
    """Image placements that look like logos: smaller than a quarter of the trim each way.

    Sizes in mm and positions from the trim box's top-left corner, as the emblems are
    measured (an emblem placed as an image is one of these; SIZE-VS-LOGOS leaves it out).
    """
    from pipeline.compliance.raster import trim_offset

    logos = []
    for index, page_paint in enumerate(paint):
        page = file.page(index)
        dx, dy = trim_offset(page)
        left, bottom, right, top = page.get_trimbox()
        page_w, page_h = (right - left) / MM_PT, (top - bottom) / MM_PT
        for image in page_paint.images:
            x0, y0, x1, y1 = image.box
            width, height = (x1 - x0) / MM_PT, (y1 - y0) / MM_PT
            if 0 < width < page_w / 4 and 0 < height < page_h / 4:
                logos.append(Logo(index + 1, image.name, width, height, (x0 - dx) / MM_PT,
                                  (y0 - dy) / MM_PT))
    return logos
