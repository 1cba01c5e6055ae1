"""Preflight for any PDF: what a commercial printer's preflight checks, on the final bytes.

``run_preflight`` reads the file with pypdf and runs every registered check (see
``checks.py``); each finding names the page and where on it. The build runs it on every
file it makes, with the expectations of the job (format, page count, brand fonts);
``build-print preflight FILE.pdf`` runs it on any PDF with generic expectations.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from pipeline.brand import Brand
from pipeline.diagnostics import Diagnostic, error
from pipeline.preflight.content import ImagePlacement, Paint, walk

# Sheet-fed coated offset (GWG 2022 SheetCMYK, print-specs.md §5–6).
DEFAULT_MIN_PPI = 150.0
DEFAULT_GOOD_PPI = 225.0
DEFAULT_TAC = 320.0
DEFAULT_BLEED_MM = 3.0


@dataclass(frozen=True)
class Expectations:
    """What the file should be; lengths in mm as laid out in the file, ppi at final size."""

    label: str
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
        """A diagnostic located in this file."""
        return make(code, message, job=self.expect.label, page=page)


def _with_catalogue_thresholds(reader: PdfReader, expect: Expectations) -> Expectations:
    """A file build-print made names its format: use that format's resolution thresholds
    (a billboard read from 50 m needs far fewer ppi than a leaflet) unless the caller set
    them."""
    from dataclasses import replace

    from pipeline.formats import load_formats

    info: Any = reader.metadata or {}
    fmt = load_formats().get(str(info.get("/BuildPrintFormat", "")))
    if fmt is None or (expect.min_ppi, expect.good_ppi) != (DEFAULT_MIN_PPI, DEFAULT_GOOD_PPI):
        return expect
    return replace(expect, min_ppi=fmt.min_ppi, good_ppi=fmt.good_ppi)


def run_preflight(data: bytes, expect: Expectations) -> list[Diagnostic]:
    """Every finding of every registered check on ``data``."""
    from pipeline.preflight.checks import CHECKS

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _ = len(reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        return [error("pdf-unreadable", f"not a readable PDF: {exc}", job=expect.label)]
    expect = _with_catalogue_thresholds(reader, expect)
    context = Preflight(reader, expect, data)
    findings: list[Diagnostic] = []
    for check in CHECKS.values():
        findings += check(context)
    return findings
