"""Finishing: turn WeasyPrint's PDF into the file the printer gets (pypdf).

In this order, on every page: exact page boxes (WeasyPrint caps the BleedBox at 10 pt),
the page content clipped to the BleedBox, CMYK crop marks and the slug line outside it,
no annotations; then for the document: the FOGRA39 output intent, PDF/X-4 metadata with
dates from the content and an ID derived from the inputs, PDF 1.6. Same input bytes →
same output bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    NameObject,
    RectangleObject,
)

from pipeline.errors import FinishingError
from pipeline.finishing.intent import OutputCondition, add_output_intent
from pipeline.finishing.marks import Geometry, marks_and_slug
from pipeline.finishing.metadata import set_metadata
from pipeline.formats import PrintFormat

PDF_HEADER = b"%PDF-1.6"  # PDF/X-4 is based on PDF 1.6


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

    def slug(self, page: int, pages: int) -> str:
        """The slug line: job, format, scale, output condition, page n/N."""
        fmt = self.format
        return (f"{self.job_id}  ·  {fmt.id} {fmt.trim_mm[0]:g} × {fmt.trim_mm[1]:g} mm  ·  "
                f"scale {fmt.scale_label}  ·  {self.condition.identifier}  ·  "
                f"page {page}/{pages}")


def _cmyk_transparency_groups(writer: PdfWriter) -> None:
    """WeasyPrint gives the groups of SVG text a DeviceRGB blending space although all their
    colours are CMYK; blend in DeviceCMYK instead (GWG 2022 R0030)."""
    seen: set[int] = set()

    def visit(resources: object) -> None:
        resources = resources.get_object() if hasattr(resources, "get_object") else resources
        xobjects = resources.get("/XObject") if isinstance(resources, dict) else None
        for ref in (xobjects.get_object().values() if xobjects is not None else []):
            key = getattr(ref, "idnum", id(ref))
            if key in seen:
                continue
            seen.add(key)
            form = ref.get_object()
            group = form.get("/Group")
            if group is not None and group.get_object().get("/CS") == "/DeviceRGB":
                group.get_object()[NameObject("/CS")] = NameObject("/DeviceCMYK")
            if "/Resources" in form:
                visit(form["/Resources"])

    for page in writer.pages:
        if "/Resources" in page:
            visit(page["/Resources"])


def _stream(writer: PdfWriter, data: bytes) -> Any:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream.flate_encode())


def finish(pdf: bytes, spec: FinishSpec) -> bytes:
    """The print-ready PDF for ``pdf`` as WeasyPrint wrote it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    geometry = Geometry.of(spec.format, marks=spec.marks)
    pages = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        trim = [float(v) for v in page.trimbox]
        width, height = trim[2] - trim[0], trim[3] - trim[1]
        if abs(width - geometry.width) > 0.05 or abs(height - geometry.height) > 0.05:
            raise FinishingError(f"{spec.job_id}: page {number} is {width:.2f} × {height:.2f} pt, "
                                 f"the format is {geometry.width:.2f} × {geometry.height:.2f} pt")
        page[NameObject("/TrimBox")] = RectangleObject(geometry.trim)
        page[NameObject("/BleedBox")] = RectangleObject(geometry.bleed)
        page[NameObject("/MediaBox")] = RectangleObject(geometry.media)
        for key in ("/CropBox", "/ArtBox", "/Annots"):
            if key in page:
                del page[key]
        # The page's own content stays as WeasyPrint compressed it, between a stream that
        # clips it to the bleed and one that draws the marks (no inflate and deflate again).
        original = page.get("/Contents")
        parts = list(original) if isinstance(original, ArrayObject) else \
            [] if original is None else [original]
        page[NameObject("/Contents")] = ArrayObject([
            _stream(writer, b"q\n" + geometry.clip_to_bleed().encode() + b"\n"), *parts,
            _stream(writer, b"\nQ\n" + marks_and_slug(
                geometry, spec.slug(number, pages), spec.slug_font,
                spec.folds_mm[number - 1] if number <= len(spec.folds_mm) else ()).encode())])
    _cmyk_transparency_groups(writer)
    if "/AcroForm" in writer._root_object:
        del writer._root_object["/AcroForm"]
    add_output_intent(writer, spec.condition)
    digest = hashlib.md5(pdf + spec.job_id.encode(), usedforsecurity=False).digest()
    set_metadata(writer, spec.title, spec.job_id, spec.date, spec.producer, digest,
                 scale=spec.format.scale_label, condition=spec.condition.identifier,
                 format_id=spec.format.id)
    writer.pdf_header = PDF_HEADER
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
