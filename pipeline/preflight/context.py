"""What preflight works on: the PDF under inspection, its profile and what it should be."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pikepdf

from pipeline.brand import Brand
from pipeline.diagnostics import Diagnostic, error
from pipeline.formats import load_formats, scale_denominator
from pipeline.pdffile import PdfFile
from pipeline.preflight.geometry import Box, from_top_left, intersects, rect
from pipeline.preflight.marks import Mark
from pipeline.preflight.profile import DEFAULT_PROFILE, Profile, load_profile
from pipeline.preflight.walk import all_marks

DEFAULT_BLEED_MM = 3.0
"""Bleed at final size when the job does not say (print-specs.md §2.1)."""


@dataclass(frozen=True)
class Expectations:
    """What the file should be; lengths in mm as laid out in the file, ppi at final size.

    ``trim_mm`` (width, height) and ``pages`` are not checked when ``None``; ``bleed_mm``
    then defaults to 3 mm at final size; ``scale`` (None: read from the file's metadata) is
    the denominator of the layout scale. ``profile`` names the preflight profile (see
    ``profile.py``); ``min_ppi``/``good_ppi``/``tac_limit`` of ``None`` come from the
    format the file names (a billboard needs fewer ppi), else from the profile. With
    ``brand``, only its fonts may be used. ``image_sources`` maps an image's pixel size
    (width, height) to the file it was made from, to name it in findings.
    """

    job: str
    """The job id, or the file name of a PDF made elsewhere (names the findings)."""
    trim_mm: tuple[float, float] | None = None
    bleed_mm: float | None = None
    pages: int | None = None
    scale: int | None = None
    min_ppi: float | None = None
    good_ppi: float | None = None
    tac_limit: float | None = None
    brand: Brand | None = None
    profile: str = DEFAULT_PROFILE
    image_sources: Mapping[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class Preflight:
    """The file under inspection, its profile and what it is expected to be.

    ``file`` is the file opened once (``pdffile.PdfFile``: pdfium, page rasters, the content
    walk, shared with the other checks of the same bytes); ``pdf`` its pikepdf ``Pdf``.
    """

    pdf: pikepdf.Pdf
    expect: Expectations
    file: PdfFile
    profile: Profile

    @classmethod
    def open(cls, data: bytes | PdfFile, expect: Expectations) -> Preflight:
        """``data`` (bytes, or a file opened once) under the profile the expectations name.

        Raises ``pikepdf.PdfError`` for what is not a readable PDF and ``ConfigError`` for
        an unknown profile.
        """
        file = data if isinstance(data, PdfFile) else PdfFile(data)
        return cls(file.pikepdf, expect, file, load_profile(expect.profile))

    @property
    def data(self) -> bytes:
        """The bytes of the file."""
        return self.file.data

    @cached_property
    def info(self) -> dict[str, str]:
        """The document information dictionary as strings (empty if none)."""
        try:
            return {str(k): str(v) for k, v in self.pdf.docinfo.items()}
        except (pikepdf.PdfError, ValueError):
            return {}

    @property
    def scale(self) -> int:
        """Scale denominator: from the expectations, else from build-print's metadata."""
        if self.expect.scale:
            return self.expect.scale
        return scale_denominator(self.info.get("/BuildPrintScale", "1:1"))

    @cached_property
    def ppi_limits(self) -> tuple[float, float]:
        """(error below, warning below) in ppi at final size for colour and grey images.

        The expectations', else those of the format the file names in its metadata (a
        billboard read from 50 m needs fewer ppi than a leaflet), else the profile's.
        """
        fmt = load_formats().get(self.info.get("/BuildPrintFormat", ""))
        low = self.expect.min_ppi or (fmt.min_ppi if fmt else self.profile.min_ppi)
        good = self.expect.good_ppi or (fmt.good_ppi if fmt else self.profile.good_ppi)
        return low, good

    @property
    def tac_limit(self) -> float:
        """Total area coverage limit in %: the expectations', else the profile's."""
        return self.expect.tac_limit or self.profile.tac_limit

    @property
    def marks(self) -> list[Mark]:
        """Everything that paints, on all pages (interpreted once per file: ``all_marks``)."""
        return self.file.shared(all_marks)

    def page(self, number: int) -> Any:
        """The page dictionary of 1-based page ``number``."""
        return self.pdf.pages[number - 1].obj

    def trim(self, number: int) -> Box:
        """The TrimBox of page ``number`` in pt (else its MediaBox)."""
        return self._boxes[number - 1][0]

    def bleed(self, number: int) -> Box:
        """The BleedBox of page ``number`` in pt (else its MediaBox)."""
        return self._boxes[number - 1][1]

    @cached_property
    def _boxes(self) -> list[tuple[Box, Box]]:
        boxes = []
        for page in self.pdf.pages:
            obj = page.obj
            boxes.append((rect(obj.get("/TrimBox", obj.MediaBox)),
                          rect(obj.get("/BleedBox", obj.MediaBox))))
        return boxes

    def in_bleed(self, mark: Mark) -> bool:
        """Whether ``mark`` reaches its page's BleedBox (a printer's mark outside it does not).

        Places the mark, which for a path reads its stream again: ask it last.
        """
        return intersects(mark.bbox, self.bleed(mark.page))

    def place(self, number: int, box: Box) -> str:
        """Where ``box`` is: ``at 12.0, 30.5 mm from the trim's top-left`` (file mm)."""
        x, y = from_top_left(self.trim(number), box[0], box[3])
        return f"at {x:.1f}, {y:.1f} mm from the trim's top-left"

    @property
    def pdfium(self) -> Any:
        """The file opened with pdfium (``pypdfium2.PdfDocument``): renders and text.

        Opened on first use; ``pypdfium2.PdfiumError`` if pdfium cannot read it.
        """
        return self.file.pdfium

    def text_at(self, number: int, box: Box, limit: int = 24) -> str:
        """The first characters of the text inside ``box`` on page ``number`` (pdfium)."""
        try:
            text = self.file.textpage(number - 1).get_text_bounded(
                box[0], box[1], box[2] + 1, box[3] + 1)
        except Exception:  # pdfium could not extract: the finding still names the place
            return ""
        text = " ".join(text.split())
        return text if len(text) <= limit else text[:limit - 1] + "…"

    def image_name(self, width: int, height: int, name: str) -> str:
        """An image as a prepress operator can find it: its source file, else its name."""
        source = self.expect.image_sources.get((width, height))
        return f"image {source}" if source else f"image {name}"

def unreadable(job: str, exc: Exception) -> Diagnostic:
    """The one finding for a file that cannot be read as a PDF: ``pdf-unreadable``.

    An error, worded the same by preflight and by ``check`` (damaged, truncated, not a PDF).
    """
    return error("pdf-unreadable", f"not a readable PDF: {exc}", job=job)
