"""Finishing: turn WeasyPrint's PDF into the file the printer gets (pikepdf).

In this order, on every page: exact page boxes (WeasyPrint caps the BleedBox at 10 pt),
the page content clipped to the BleedBox, CMYK crop marks and the slug line outside it,
no annotations; then for the document: the FOGRA39 output intent, PDF/X-4 metadata with
dates from the content and an ID derived from the inputs, PDF 1.6. An office sheet (radio,
``FinishSpec.press`` false) gets its colours in DeviceGray and no output intent or PDF/X
claim instead. Same input bytes → same output bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from pipeline.errors import FinishingError
from pipeline.finishing.forms import forms
from pipeline.finishing.grey import to_grey
from pipeline.finishing.intent import OutputCondition, add_output_intent
from pipeline.finishing.marks import Geometry, marks_and_slug
from pipeline.finishing.metadata import set_metadata
from pipeline.formats import PrintFormat

PDF_VERSION = "1.6"  # PDF/X-4 is based on PDF 1.6
OFFICE_CONDITION = "office printer, greyscale"
"""What an office sheet's metadata names instead of a press output condition."""


@dataclass(frozen=True)
class FinishSpec:
    """What finishing needs to know about one job."""

    job_id: str
    title: str
    format: PrintFormat
    marks: bool
    date: date
    condition: OutputCondition
    slug_font: Path
    producer: str
    folds_mm: tuple[tuple[float, ...], ...] = ()
    """Fold positions per page (mm from the left trim edge), marked outside the bleed."""
    press: bool = True
    """A printer's file (PDF/X-4, output intent); ``False``: an office sheet, in DeviceGray
    with no output intent and no PDF/X claim (``grey.py``)."""

    def slug(self, page: int, pages: int) -> str:
        """The slug line: job, format, scale, output condition, page n/N."""
        fmt = self.format
        return (f"{self.job_id}  ·  {fmt.id} {fmt.trim_mm[0]:g} × {fmt.trim_mm[1]:g} mm  ·  "
                f"scale {fmt.scale_label}  ·  {self.condition.identifier}  ·  "
                f"page {page}/{pages}")


def _cmyk_transparency_groups(document: pikepdf.Pdf) -> None:
    """Transparency groups that WeasyPrint blends in DeviceRGB, blended in DeviceCMYK.

    WeasyPrint gives the groups of SVG text a DeviceRGB blending space although all their
    colours are CMYK (GWG 2022 R0030 asks for a CMYK blending space).
    """
    for form in forms(document):
        group = form.get(Name.Group)
        if isinstance(group, Dictionary) and group.get(Name.CS) == Name.DeviceRGB:
            group.CS = Name.DeviceCMYK


def document_id(pdf: bytes, job_id: str) -> bytes:
    """The first half of the file's /ID and the seed of its XMP document id (16 bytes).

    A digest of WeasyPrint's bytes and the job id: the same inputs give the same id.
    """
    return hashlib.md5(pdf + job_id.encode(), usedforsecurity=False).digest()


def save(document: pikepdf.Pdf, digest: bytes, version: str = PDF_VERSION) -> bytes:
    """``document`` as the bytes of a PDF ``version`` file whose /ID begins with ``digest``.

    Streams already deflated (WeasyPrint's page content, fonts and images, the output
    profile) are copied as they are; only the streams made here are deflated. No object
    streams, as pypdf wrote these files before. qpdf keeps the first half of the /ID that
    is set here and derives the second from the bytes it writes, never from the clock: the
    same document gives the same bytes.
    """
    document.trailer.ID = Array([String(digest), String(digest)])
    out = io.BytesIO()
    document.save(out, force_version=version, compress_streams=True,
                  recompress_flate=False, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                  fix_metadata_version=False, deterministic_id=True)
    return out.getvalue()


def finish(pdf: bytes, spec: FinishSpec) -> bytes:
    """The print-ready PDF for ``pdf`` as WeasyPrint wrote it."""
    geometry = Geometry.of(spec.format, marks=spec.marks)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
        for number, page in enumerate(document.pages, start=1):
            trim = [float(v) for v in page.trimbox]
            width, height = trim[2] - trim[0], trim[3] - trim[1]
            if abs(width - geometry.width) > 0.05 or abs(height - geometry.height) > 0.05:
                raise FinishingError(
                    f"{spec.job_id}: page {number} is {width:.2f} × {height:.2f} pt, "
                    f"the format is {geometry.width:.2f} × {geometry.height:.2f} pt")
            page.obj.TrimBox = Array(geometry.trim)
            page.obj.BleedBox = Array(geometry.bleed)
            page.obj.MediaBox = Array(geometry.media)
            for key in (Name.CropBox, Name.ArtBox, Name.Annots):
                if key in page.obj:
                    del page.obj[key]
            # The page's own content stays as WeasyPrint compressed it, between a stream
            # that clips it to the bleed and one that draws the marks (no inflate and
            # deflate again).
            original = page.obj.get(Name.Contents)
            parts = list(original) if isinstance(original, Array) else \
                [] if original is None else [original]
            page.obj.Contents = Array([
                document.make_stream(b"q\n" + geometry.clip_to_bleed().encode() + b"\n"),
                *parts,
                document.make_stream(b"\nQ\n" + marks_and_slug(
                    geometry, spec.slug(number, pages), spec.slug_font,
                    spec.folds_mm[number - 1] if number <= len(spec.folds_mm) else ()
                ).encode())])
        if Name.AcroForm in document.Root:
            del document.Root.AcroForm
        if spec.press:
            _cmyk_transparency_groups(document)
            add_output_intent(document, spec.condition)
        else:
            to_grey(document)
        digest = document_id(pdf, spec.job_id)
        set_metadata(document, spec.title, spec.job_id, spec.date, spec.producer, digest,
                     scale=spec.format.scale_label,
                     condition=spec.condition.identifier if spec.press else OFFICE_CONDITION,
                     format_id=spec.format.id, pdfx=spec.press)
        return save(document, digest)
