"""Every QR code of an item, read back the way a phone would and sized for its distance.

Each code is read from a raster of the final PDF at printed size (pypdfium2 + zxing-cpp),
compared with the URL it should carry, and sized against the product's scanning distance
(code width ≥ distance / 10, print-specs.md §7.1).
"""

from __future__ import annotations

import zxingcpp

from pipeline.compliance.raster import trim_offset
from pipeline.diagnostics import Diagnostic, error, info
from pipeline.jobs import Job
from pipeline.pdffile import PdfFile, open_pdf
from pipeline.qr import QUIET_ZONE_MODULES, qr_matrix
from pipeline.render.boxes import Placed

MM_PT = 72 / 25.4
# A phone camera at reading distance resolves a printed module of ~0.4 mm; 200 dpi at
# printed size (~3 px per such module) is a fair and repeatable stand-in (an implementation
# choice).
PRINTED_DPI = 200.0


def _codes(boxes: list[Placed]) -> list[Placed]:
    return [b for b in boxes if b.kind == "image" and b.element == "qr-code" and b.data_url]


def check_qr_sizes(boxes: list[Placed], job: Job) -> list[Diagnostic]:
    """QR-SIZE: each code, quiet zone excluded, at least a tenth of the scanning distance.

    The 10:1 rule of print-specs.md §7.1 (an industry working figure, not ISO/IEC 18004),
    against the format's ``scan_distance_m``, at final size, with 0.5 mm allowed for
    rounding (an implementation choice). ``boxes`` are the placed boxes of the job (mm);
    per code an error finding, or an info finding when it is big enough. Known from the
    layout, so it is reported even when the page has other problems.
    """
    findings = []
    for code in _codes(boxes):
        url = code.data_url or ""
        modules = len(qr_matrix(url))
        symbol_mm = code.rect.width * job.format.scale * (modules - 2 * QUIET_ZONE_MODULES) \
            / modules
        distance = job.format.scan_distance_m
        needed = distance * 1000 / 10
        message = (f"QR code {symbol_mm:.0f} mm wide (quiet zone excluded) for scanning from "
                   f"{distance:g} m: needs ≥ {needed:.0f} mm")
        findings.append((info if symbol_mm >= needed - 0.5 else error)(
            "QR-SIZE", message, job=job.id, source=job.source, page=code.page))
    return findings


def decode_qr_codes(boxes: list[Placed], pdf: bytes | PdfFile, job: Job) -> list[Diagnostic]:
    """QR-DECODE: each code read from a raster of the final PDF equals its URL.

    Each code's box (``boxes``, mm from the trim's top-left corner) is rendered from ``pdf``
    (the bytes, or the file opened once, ``PdfFile``) at ``PRINTED_DPI`` at final size and
    read with zxing-cpp: an info finding when the scan gives exactly its ``data-url``, an
    error finding when it gives anything else or nothing.

    The code's own render, not the shared page raster: at ``PRINTED_DPI`` × the layout
    scale (2000 dpi in the file of a 1:10 billboard) a page raster would cost up to a
    hundred times the proofs', where the code's box alone is a few thousand pixels.
    """
    codes = _codes(boxes)
    if not codes:
        return []
    file, opened = open_pdf(pdf)
    try:
        return [_decode(file, code, job) for code in codes]
    finally:
        if opened:
            file.close()


def _decode(file: PdfFile, code: Placed, job: Job) -> Diagnostic:
    """The QR-DECODE finding of one ``code``."""
    url = code.data_url or ""
    page = file.page(code.page - 1)
    dx, dy = trim_offset(page)
    width_pt, height_pt = page.get_size()
    rect = code.rect
    left, top = rect.x * MM_PT + dx, rect.y * MM_PT + dy
    right, bottom = rect.right * MM_PT + dx, rect.bottom * MM_PT + dy
    image = file.render(code.page - 1, (max(0.0, left), max(0.0, top), min(width_pt, right),
                                        min(height_pt, bottom)),
                        PRINTED_DPI * job.format.scale / 72)
    read = [r.text for r in zxingcpp.read_barcodes(image)]
    where = dict(job=job.id, source=job.source, page=code.page)
    if read == [url]:
        return info("QR-DECODE", f"QR code decodes to {url}", **where)
    got = ", ".join(read) if read else "nothing"
    return error("QR-DECODE", f"QR code should read {url} but a scan of the printed page "
                 f"gives {got}", **where)
