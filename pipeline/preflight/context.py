"""What preflight works on: the PDF under inspection and what it is expected to be."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from pypdf import PdfReader

from pipeline.brand import Brand
from pipeline.diagnostics import Diagnostic, error
from pipeline.formats import load_formats
from pipeline.preflight.content import ImagePlacement, Paint, walk

# Sheet-fed coated offset (GWG 2022 SheetCMYK, print-specs.md §5–6).
DEFAULT_MIN_PPI = 150.0
DEFAULT_GOOD_PPI = 225.0
DEFAULT_TAC = 320.0
DEFAULT_BLEED_MM = 3.0


@dataclass(frozen=True)
class Expectations:
    """What the file should be; lengths in mm as laid out in the file, ppi at final size.

    ``trim_mm`` (width, height) and ``pages`` are not checked when ``None``; ``bleed_mm``
    then defaults to 3 mm at final size; ``scale`` (None: read from the file's metadata) is
    the denominator of the layout scale; ``tac_limit`` in %; with ``brand``, only its fonts
    may be used. Defaults: sheet-fed coated offset (see ``DEFAULT_*``).
    """

    job: str
    """The job id, or the file name of a PDF made elsewhere (names the findings)."""
    trim_mm: tuple[float, float] | None = None
    bleed_mm: float | None = None
    pages: int | None = None
    scale: int | None = None
    min_ppi: float = DEFAULT_MIN_PPI
    good_ppi: float = DEFAULT_GOOD_PPI
    tac_limit: float = DEFAULT_TAC
    brand: Brand | None = None


@dataclass
class Preflight:
    """The file under inspection and what it is expected to be."""

    reader: PdfReader
    expect: Expectations
    data: bytes

    @property
    def scale(self) -> int:
        """Scale denominator: from the expectations, else from build-print's metadata."""
        if self.expect.scale:
            return self.expect.scale
        info: Any = self.reader.metadata or {}
        label = str(info.get("/BuildPrintScale", "1:1"))
        try:
            return max(1, int(label.split(":")[1]))
        except (IndexError, ValueError):
            return 1

    @cached_property
    def events(self) -> list[Paint | ImagePlacement]:
        """Painting operations and image placements of all pages (interpreted once)."""
        return list(walk(self.reader))

    def finding(self, make: Callable[..., Diagnostic], code: str, message: str,
                page: int | None = None) -> Diagnostic:
        """A diagnostic made by ``make`` (``error``, ``warning``, ``info``) for this file.

        It names the job (or file) of the expectations and the 1-based ``page``, if any.
        """
        return make(code, message, job=self.expect.job, page=page)


def with_catalogue_thresholds(reader: PdfReader, expect: Expectations) -> Expectations:
    """``expect`` with the resolution thresholds of the format the file names, if any.

    A file build-print made names its format in its metadata; that format's ``min_ppi`` and
    ``good_ppi`` apply (a billboard read from 50 m needs far fewer ppi than a leaflet)
    unless the caller set thresholds other than the defaults.
    """
    info: Any = reader.metadata or {}
    fmt = load_formats().get(str(info.get("/BuildPrintFormat", "")))
    if fmt is None or (expect.min_ppi, expect.good_ppi) != (DEFAULT_MIN_PPI, DEFAULT_GOOD_PPI):
        return expect
    return replace(expect, min_ppi=fmt.min_ppi, good_ppi=fmt.good_ppi)


def unreadable(job: str, exc: Exception) -> Diagnostic:
    """The one finding for a file that cannot be read as a PDF: ``pdf-unreadable``.

    An error, worded the same by preflight and by ``check`` (damaged, truncated, not a PDF).
    """
    return error("pdf-unreadable", f"not a readable PDF: {exc}", job=job)
