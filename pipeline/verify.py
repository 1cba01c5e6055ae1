"""Checks on the final PDF bytes (read back with pypdf), registered by name.

What WeasyPrint was asked to do is not evidence; these read what the printer will get.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from pypdf import PdfReader

from pipeline.brand import Brand
from pipeline.diagnostics import Diagnostic, error
from pipeline.formats import MM_PER_PT
from pipeline.jobs import Job

Check = Callable[[PdfReader, Job, Brand], list[Diagnostic]]
CHECKS: dict[str, Check] = {}
# Box comparisons: 0.01 mm, well below anything a guillotine or a RIP can resolve.
TOLERANCE_MM = 0.01


def check(name: str) -> Callable[[Check], Check]:
    """Register a check under ``name``."""
    def add(function: Check) -> Check:
        CHECKS[name] = function
        return function
    return add


def verify(pdf: bytes, job: Job, brand: Brand) -> list[Diagnostic]:
    """Run every registered check on ``pdf``."""
    reader = PdfReader(io.BytesIO(pdf))
    findings: list[Diagnostic] = []
    for function in CHECKS.values():
        findings += function(reader, job, brand)
    return findings


def box_mm(box: Any) -> tuple[float, float, float, float]:
    """A pypdf rectangle in millimetres (left, bottom, right, top)."""
    return tuple(float(v) * MM_PER_PT for v in (box.left, box.bottom, box.right, box.top))  # type: ignore[return-value]


@check("page-count")
def page_count(reader: PdfReader, job: Job, brand: Brand) -> list[Diagnostic]:
    """A product with a fixed page count must not run onto more pages (nothing clipped)."""
    if job.pages is None or len(reader.pages) == job.pages:
        return []
    return [error("page-count", f"has {len(reader.pages)} pages, the {job.kind} must have "
                  f"{job.pages}: content runs over", job=job.id, source=job.source)]


@check("page-boxes")
def page_boxes(reader: PdfReader, job: Job, brand: Brand) -> list[Diagnostic]:
    """TrimBox is the format's page size, BleedBox is trim + bleed on every side."""
    width, height = job.format.page_mm
    bleed = job.format.page_bleed_mm
    findings = []
    for number, page in enumerate(reader.pages, start=1):
        if "/TrimBox" not in page or "/BleedBox" not in page:
            findings.append(error("page-boxes", "TrimBox or BleedBox missing",
                                  job=job.id, page=number))
            continue
        tl, tb, tr, tt = box_mm(page.trimbox)
        bl, bb, br, bt = box_mm(page.bleedbox)
        trim = (tr - tl, tt - tb)
        if abs(trim[0] - width) > TOLERANCE_MM or abs(trim[1] - height) > TOLERANCE_MM:
            findings.append(error("page-boxes", f"TrimBox {trim[0]:.2f} × {trim[1]:.2f} mm, "
                                  f"expected {width:g} × {height:g} mm", job=job.id, page=number))
        sides = {"left": tl - bl, "bottom": tb - bb, "right": br - tr, "top": bt - tt}
        wrong = {k: v for k, v in sides.items() if abs(v - bleed) > TOLERANCE_MM}
        if wrong:
            detail = ", ".join(f"{k} {v:.2f} mm" for k, v in wrong.items())
            findings.append(error("page-boxes", f"bleed should be {bleed:g} mm on every side: "
                                  f"{detail}", job=job.id, page=number))
    return findings


def _fonts(reader: PdfReader) -> Iterator[tuple[int, str, Any]]:
    """(page number, base font name, font dictionary) of every font used, once per page."""
    for number, page in enumerate(reader.pages, start=1):
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object().values() if fonts else []):
            font = ref.get_object()
            yield number, str(font.get("/BaseFont", "?")), font


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@check("fonts")
def fonts(reader: PdfReader, job: Job, brand: Brand) -> list[Diagnostic]:
    """Every font embedded, and only brand fonts (a system fallback means a missing glyph)."""
    findings = []
    for number, name, font in _fonts(reader):
        plain = name.lstrip("/").split("+", 1)[-1]
        if not _embedded(font):
            findings.append(error("font-not-embedded", f"font {plain} is not embedded",
                                  job=job.id, page=number))
        if not brand.is_brand_font(plain):
            findings.append(error(
                "font-fallback", f"font {plain} is not a brand font: some character is missing "
                "from the brand fonts and the system supplied it", job=job.id, page=number))
    return findings
