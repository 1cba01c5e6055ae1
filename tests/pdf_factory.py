"""Tiny PDFs made by the tests themselves: a clean print page, then one defect at a time.

The clean page is an A4 sheet with 3 mm bleed, a FOGRA39 output intent, a CMYK fill and
a CMYK image of 300 ppi; each ``defect`` changes exactly one thing. Written with pikepdf's
public API, as finishing writes the real files.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from pipeline.finishing.intent import OutputCondition, add_output_intent

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
PROFILE = Path(__file__).resolve().parent.parent / "brand" / "FOGRA39.icc"


def _box(x0: float, y0: float, x1: float, y1: float) -> Array:
    return Array([x0, y0, x1, y1])


def _image(pdf: pikepdf.Pdf, size: int, space: str, components: int) -> pikepdf.Stream:
    pixels = bytes([40, 30, 20, 10][:components]) * (size * size)
    image = pikepdf.Stream(pdf, b"")
    image.write(zlib.compress(pixels), filter=Name.FlateDecode)
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width = image.Height = size
    image.ColorSpace = Name(space)
    image.BitsPerComponent = 8
    return image


def _type3_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """A one-glyph Type 3 font: its glyph is a content stream, so it is 'embedded'."""
    glyph = pikepdf.Stream(pdf, b"500 0 0 0 500 700 d1 0 0 500 700 re f")
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type3, FontBBox=Array([0, 0, 500, 700]),
        FontMatrix=Array([0.001, 0, 0, 0.001, 0, 0]), CharProcs=Dictionary(box=glyph),
        Encoding=Dictionary(Type=Name.Encoding, Differences=Array([65, Name.box])),
        FirstChar=65, LastChar=65, Widths=Array([500]), Resources=Dictionary()))


def make_pdf(defect: str | None = None) -> bytes:
    """The clean page, or the page with ``defect``."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A4)
    page = pdf.pages[0]
    bleed = 1 if defect == "bleed-1mm" else 3
    page.MediaBox = _box(-10 * MM, -10 * MM, A4[0] + 10 * MM, A4[1] + 10 * MM)
    page.BleedBox = _box(-bleed * MM, -bleed * MM, A4[0] + bleed * MM, A4[1] + bleed * MM)
    if defect != "no-trimbox":
        page.TrimBox = _box(0, 0, *A4)
    fill = b"1 0.9 0.9 1 k" if defect == "tac-380" else b"0 0.95 0.85 0.05 k"
    ops = [b"q", fill, b"0 0 100 100 re f", b"Q"]
    fonts = Dictionary()
    if defect == "rgb-image":
        image = _image(pdf, 300, "/DeviceRGB", 3)
    elif defect == "low-ppi":
        image = _image(pdf, 72, "/DeviceCMYK", 4)
    else:
        image = _image(pdf, 300, "/DeviceCMYK", 4)
    # The image is placed one inch square at (200, 300) pt: 300 px → 300 ppi.
    ops += [b"q 72 0 0 72 200 300 cm /Im1 Do Q"]
    if defect == "rgb-text":
        fonts.F1 = _type3_font(pdf)
        ops += [b"BT /F1 12 Tf 1 0 0 rg 100 500 Td (A) Tj ET"]
    elif defect == "unembedded-font":
        fonts.F1 = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                                BaseFont=Name.Helvetica))
        ops += [b"BT /F1 12 Tf 0 0 0 1 k 100 500 Td (A) Tj ET"]
    page.Resources = Dictionary(Font=fonts, XObject=Dictionary(Im1=image))
    page.Contents = pikepdf.Stream(pdf, b"\n".join(ops))
    if defect == "link-annotation":
        page.Annots = Array([pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=_box(100, 100, 200, 120),
            A=Dictionary(S=Name.URI, URI=String("https://www.caritas.lt"))))])
    if defect != "no-pdfx-id":
        pdf.docinfo[Name.GTS_PDFXVersion] = String("PDF/X-4")
    if defect != "no-output-intent":
        add_output_intent(pdf, OutputCondition("FOGRA39", "Coated FOGRA39", PROFILE))
    out = io.BytesIO()
    pdf.save(out, force_version="1.6", deterministic_id=True)
    return out.getvalue()
