"""HTML → WeasyPrint Document (kept for layout checks) → PDF bytes.

One ``FontConfiguration`` per process is reused across jobs: WeasyPrint's import and font
set-up cost more than laying out a poster (DESIGN.md, performance notes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from pipeline.errors import PageLimitError
from pipeline.render.boxes import Line, Placed, lines, placed
from pipeline.render.fetcher import ProjectFetcher
from pipeline.render.sheets import Sheet, split

ConvertImage = Callable[[Path, tuple[int, int] | None], Path]
"""A photo's path and its largest useful size (px) → the path of its CMYK copy."""


@dataclass
class Rendered:
    """The laid-out document, its PDF bytes and what WeasyPrint complained about.

    ``pdf`` is WeasyPrint's own file, before finishing (empty until ``Renderer.write``).
    ``refused``: (url, reason) of every request the URL fetcher refused; ``warnings``:
    WeasyPrint's other log warnings, each once.
    """

    document: Document
    pdf: bytes
    refused: list[tuple[str, str]]
    warnings: list[str] = field(default_factory=list)
    broken: list[tuple[str, str]] = field(default_factory=list)
    """Images (url, reason) that are missing from the PDF because they could not be used."""
    served: list[Path] = field(default_factory=list)
    """Every local file WeasyPrint read, in order (to find who asked for a refused URL)."""
    image_sources: dict[tuple[int, int], Path] = field(default_factory=dict)
    """Raster images by their size in px in the PDF → their source file (names findings)."""

    @cached_property
    def boxes(self) -> list[Placed]:
        """What is placed on the pages (``boxes.placed``: mm from the trim), read once."""
        return list(placed(self.document))

    @cached_property
    def lines(self) -> list[Line]:
        """The lines of text on the pages (``boxes.lines``), read once."""
        return list(lines(self.document))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.failed_images: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
        # WeasyPrint leaves out an image it cannot load or draw and logs it; for print that
        # is an error, not a warning (e.g. an SVG that is not well-formed).
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == "Failed to load image at %r: %s" and len(args) == 2:
            exc = args[1]
            cause = (exc.__cause__ or exc) if isinstance(exc, BaseException) else exc
            self.failed_images.append((str(args[0]), "WeasyPrint could not load it: "
                                       f"{type(cause).__name__}: {cause}"))
        elif record.msg == "Failed to render SVG image %s" and len(args) == 1:
            self.failed_images.append((str(args[0]), "WeasyPrint could not draw this SVG"))


@contextmanager
def _collecting() -> Iterator[_Collect]:
    """WeasyPrint's warnings and failed images while the block runs (``_Collect``)."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


class _PageLimit(logging.Handler):
    """Stops layout when WeasyPrint starts page ``limit + 1``.

    WeasyPrint logs every page it lays out; raising ``PageLimitError`` there makes a runaway
    table or text fail in seconds instead of filling memory.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(logging.INFO)
        self.limit = limit

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("Step 5 - Creating layout - Page") and record.args \
                and int(record.args[0]) > self.limit:  # type: ignore[index, call-overload]
            raise page_limit_error(self.limit)


def page_limit_error(limit: int) -> PageLimitError:
    """The error of a layout that goes on past page ``limit``."""
    return PageLimitError(f"layout stopped at page {limit + 1}: more than the {limit} pages "
                          "this product may have (a runaway table or text?)")


class Renderer:
    """Renders HTML strings of one project; holds the per-process font configuration.

    ``base`` is the project folder relative URLs resolve against, ``allowed_roots`` the
    folders the URL fetcher serves (``ProjectFetcher``), ``convert_image`` what turns a
    raster image into its CMYK copy (none: images are checked and served as they are).
    """

    def __init__(self, base: Path, allowed_roots: tuple[Path, ...],
                 convert_image: ConvertImage | None = None) -> None:
        self.base = base.resolve()
        self.base_url = self.base.as_uri() + "/"
        self.allowed_roots = allowed_roots
        self.convert_image = convert_image
        self.font_config = FontConfiguration()
        self.sheets: dict[str, Sheet] = {}
        """The documents' ``<style>`` texts, each parsed once (``render.sheets``)."""
        self.layouts = 0
        """Measuring passes laid out by ``lay_out`` (the copyfit cache is tested by it)."""

    def render(self, html: str, *, image_limits: dict[Path, tuple[int, int]] | None = None,
               max_pages: int = 100) -> Rendered:
        """Lay out one document: the document and what went wrong (``write`` writes it).

        Raster images are served no larger than ``image_limits`` (width, height in px, by
        source path). ``PageLimitError`` when layout passes ``max_pages``; refused URLs and
        images that cannot be used are returned (``refused``, ``broken``), not raised;
        ``StorageError`` when a converted image could not be stored. ``pdf`` stays empty
        until ``write`` (or ``joined``, for the parts of a book): a layout that is laid out
        again (an image resampled) is never written.
        """
        fetcher = ProjectFetcher(self.allowed_roots, self.convert_image, image_limits)
        progress = logging.getLogger("weasyprint.progress")
        limit = _PageLimit(max_pages)
        level, propagate = progress.level, progress.propagate
        progress.addHandler(limit)
        progress.setLevel(logging.INFO)
        progress.propagate = False  # page-by-page records are for the limit only
        try:
            with _collecting() as handler:
                document, parsed = self._laid_out(html, fetcher)
                handler.messages[:0] = parsed  # reported by each layout, as when inline
        finally:
            progress.removeHandler(limit)
            progress.setLevel(level)
            progress.propagate = propagate
        if fetcher.storage_failure is not None:
            raise fetcher.storage_failure
        named = [(url, f"{self._name(url)}: {reason}") for url, reason in fetcher.broken]
        broken, warnings = self._reported(fetcher.refused, named, handler)
        return Rendered(document, b"", fetcher.refused, warnings, broken, fetcher.served,
                        fetcher.image_sources)

    def _laid_out(self, html: str, fetcher: ProjectFetcher) -> tuple[Document, list[str]]:
        """``html`` laid out by WeasyPrint; the warnings parsing its ``<style>`` sheets gave.

        The sheets are taken out of ``html`` and passed in parsed (``render.sheets``). What
        parsing them fetched, refused or found broken is recorded in the new ``fetcher``
        before the document's own requests, as when WeasyPrint parses them in the document.
        """
        html, texts = split(html)
        sheets = [self._sheet(text) for text in texts]
        for sheet in sheets:
            fetcher.served += sheet.served
            fetcher.refused += sheet.refused
            fetcher.broken += sheet.broken
        document = HTML(string=html, base_url=self.base_url, url_fetcher=fetcher).render(
            font_config=self.font_config, stylesheets=[sheet.css for sheet in sheets])
        return document, [message for sheet in sheets for message in sheet.messages]

    def _sheet(self, text: str) -> Sheet:
        """The ``<style>`` ``text`` parsed as a print style sheet, the first time it is seen.

        Its ``@font-face`` fonts are fetched through a ``ProjectFetcher`` of this renderer.
        Raises the ``StorageError`` a converted image could not be stored with (a sheet's
        fonts are not converted, so only in principle).
        """
        sheet = self.sheets.get(text)
        if sheet is None:
            fetcher = ProjectFetcher(self.allowed_roots, self.convert_image)
            with _collecting() as handler:
                css = CSS(string=text, base_url=self.base_url, url_fetcher=fetcher,
                          font_config=self.font_config, media_type="print")
            if fetcher.storage_failure is not None:
                raise fetcher.storage_failure
            sheet = Sheet(css, tuple(fetcher.served), tuple(fetcher.refused),
                          tuple(fetcher.broken), tuple(handler.messages))
            self.sheets[text] = sheet
        return sheet

    def _reported(self, refused: list[tuple[str, str]], broken: list[tuple[str, str]],
                  handler: _Collect) -> tuple[list[tuple[str, str]], list[str]]:
        """``broken`` with the images ``handler`` saw fail (named), and its other warnings.

        ``refused`` and ``broken``: (url, reason) already known, whose log messages are not
        repeated as warnings; each warning once.
        """
        known = {url for url, _ in refused + broken}
        failed = [(url, f"{self._name(url)}: {reason}") for url, reason
                  in dict(handler.failed_images).items() if url not in known]
        reported = known | {url for url, _ in failed}
        warnings = [m for m in dict.fromkeys(handler.messages)
                    if not any(u in m for u in reported)]
        return broken + failed, warnings

    def lay_out(self, html: str) -> Document:
        """Lay out ``html`` without writing a PDF: a measuring pass (copyfitting).

        Served by the same project-only URL fetcher; nothing is reported, since the document
        is thrown away (the real render reports what goes wrong).
        """
        self.layouts += 1
        fetcher = ProjectFetcher(self.allowed_roots, self.convert_image)
        document, _ = self._laid_out(html, fetcher)
        if fetcher.storage_failure is not None:
            raise fetcher.storage_failure
        return document

    def joined(self, parts: Sequence[Rendered], **pdf_options: Any) -> Rendered:
        """The pages of ``parts`` (laid out by this renderer, in order) as one document.

        WeasyPrint's ``Document.copy`` joins the pages; the PDF is written once (``write``),
        so each font is embedded once, subset to the glyphs of the whole book. What the parts
        reported is merged, each report once. ``pdf_options`` go to ``write``.
        """
        document = parts[0].document.copy([page for part in parts
                                           for page in part.document.pages])

        def merged(reports: Sequence[Sequence[tuple[str, str]]]) -> list[tuple[str, str]]:
            return list(dict.fromkeys(item for report in reports for item in report))

        sources: dict[tuple[int, int], Path] = {}
        for part in parts:
            sources.update(part.image_sources)
        joined = Rendered(document, b"", merged([p.refused for p in parts]),
                          list(dict.fromkeys(m for p in parts for m in p.warnings)),
                          merged([p.broken for p in parts]),
                          list(dict.fromkeys(f for p in parts for f in p.served)), sources)
        self.write(joined, **pdf_options)
        return joined

    def write(self, rendered: Rendered, **pdf_options: Any) -> None:
        """Write the PDF of ``rendered`` (laid out by ``render``) into it.

        What WeasyPrint reports while drawing the pages (a glyph no font has, an SVG it
        cannot draw) is added to its ``warnings`` and ``broken``, as ``render`` reports it.
        The layout is kept: its boxes and lines, once read, are not read again.
        ``pdf_options`` go to WeasyPrint's ``write_pdf`` (a digital edition's
        ``pdf_variant="pdf/ua-1"``).
        """
        with _collecting() as handler:
            rendered.pdf = rendered.document.write_pdf(**pdf_options)
        rendered.broken, drawn = self._reported(rendered.refused, rendered.broken, handler)
        rendered.warnings = list(dict.fromkeys([*rendered.warnings, *drawn]))

    def _name(self, url: str) -> str:
        """The file ``url`` names, relative to the project (``content/images/x.jpg``)."""
        if not url.startswith("file:"):
            return url if len(url) <= 60 else url[:57] + "…"
        path = Path(unquote(urlsplit(url).path))
        return path.relative_to(self.base).as_posix() if path.is_relative_to(self.base) \
            else str(path)
