"""Tiny PDFs made by the tests themselves: a clean print page, then one defect at a time.

The clean page is an A4 sheet with 3 mm bleed, a FOGRA39 output intent, a CMYK fill and
a CMYK image of 300 ppi; each ``defect`` changes exactly one thing.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
    TextStringObject,
)

from pipeline.finishing.intent import OutputCondition, add_output_intent

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
PROFILE = Path(__file__).resolve().parent.parent / "brand" / "FOGRA39.icc"


def _stream(writer: PdfWriter, data: bytes, **entries: Any) -> Any:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in entries.items():
        stream[NameObject(f"/{key}")] = value
    return writer._add_object(stream)


def _image(writer: PdfWriter, size: int, space: str, components: int) -> Any:
    pixels = bytes([40, 30, 20, 10][:components]) * (size * size)
    stream = DecodedStreamObject()
    stream._data = zlib.compress(pixels)
    for key, value in {"Type": NameObject("/XObject"), "Subtype": NameObject("/Image"),
                       "Width": NumberObject(size), "Height": NumberObject(size),
                       "ColorSpace": NameObject(space), "BitsPerComponent": NumberObject(8),
                       "Filter": NameObject("/FlateDecode")}.items():
        stream[NameObject(f"/{key}")] = value
    return writer._add_object(stream)


def _type3_font(writer: PdfWriter) -> Any:
    """A one-glyph Type 3 font: its glyph is a content stream, so it is 'embedded'."""
    glyph = _stream(writer, b"500 0 0 0 500 700 d1 0 0 500 700 re f")
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type3"),
        NameObject("/FontBBox"): ArrayObject([NumberObject(0)] * 2 + [NumberObject(500),
                                                                     NumberObject(700)]),
        NameObject("/FontMatrix"): ArrayObject([FloatObject(0.001), NumberObject(0),
                                                NumberObject(0), FloatObject(0.001),
                                                NumberObject(0), NumberObject(0)]),
        NameObject("/CharProcs"): DictionaryObject({NameObject("/box"): glyph}),
        NameObject("/Encoding"): DictionaryObject({
            NameObject("/Type"): NameObject("/Encoding"),
            NameObject("/Differences"): ArrayObject([NumberObject(65), NameObject("/box")])}),
        NameObject("/FirstChar"): NumberObject(65), NameObject("/LastChar"): NumberObject(65),
        NameObject("/Widths"): ArrayObject([NumberObject(500)]),
        NameObject("/Resources"): DictionaryObject(),
    }))


def make_pdf(defect: str | None = None) -> bytes:
    """The clean page, or the page with ``defect``."""
    writer = PdfWriter()
    page = writer.add_blank_page(*A4)
    bleed = 1 if defect == "bleed-1mm" else 3
    page[NameObject("/MediaBox")] = RectangleObject((-10 * MM, -10 * MM, A4[0] + 10 * MM,
                                                     A4[1] + 10 * MM))
    page[NameObject("/BleedBox")] = RectangleObject((-bleed * MM, -bleed * MM,
                                                     A4[0] + bleed * MM, A4[1] + bleed * MM))
    if defect != "no-trimbox":
        page[NameObject("/TrimBox")] = RectangleObject((0, 0, *A4))
    fill = b"1 0.9 0.9 1 k" if defect == "tac-380" else b"0 0.95 0.85 0.05 k"
    ops = [b"q", fill, b"0 0 100 100 re f", b"Q"]
    fonts = DictionaryObject()
    xobjects = DictionaryObject()
    if defect == "rgb-image":
        xobjects[NameObject("/Im1")] = _image(writer, 300, "/DeviceRGB", 3)
    elif defect == "low-ppi":
        xobjects[NameObject("/Im1")] = _image(writer, 72, "/DeviceCMYK", 4)
    else:
        xobjects[NameObject("/Im1")] = _image(writer, 300, "/DeviceCMYK", 4)
    # The image is placed one inch square at (200, 300) pt: 300 px → 300 ppi.
    ops += [b"q 72 0 0 72 200 300 cm /Im1 Do Q"]
    if defect == "rgb-text":
        fonts[NameObject("/F1")] = _type3_font(writer)
        ops += [b"BT /F1 12 Tf 1 0 0 rg 100 500 Td (A) Tj ET"]
    elif defect == "unembedded-font":
        fonts[NameObject("/F1")] = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica")}))
        ops += [b"BT /F1 12 Tf 0 0 0 1 k 100 500 Td (A) Tj ET"]
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): fonts, NameObject("/XObject"): xobjects})
    page[NameObject("/Contents")] = _stream(writer, b"\n".join(ops))
    if defect == "link-annotation":
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): RectangleObject((100, 100, 200, 120)),
            NameObject("/A"): DictionaryObject({
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject("https://www.caritas.lt")})}))])
    if defect != "no-output-intent":
        add_output_intent(writer, OutputCondition("FOGRA39", "Coated FOGRA39", PROFILE))
    writer.pdf_header = b"%PDF-1.6"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
