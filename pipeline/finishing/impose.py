"""Printer spreads for saddle stitching: pages two-up in sheet order (pypdf).

For N pages (a multiple of four) sheet k (0-based) carries, on its outside, pages N − 2k
and 2k + 1 and, on its inside, 2k + 2 and N − 2k − 1. Each page is placed by its TrimBox
as a Form XObject whose bounding box is the TrimBox, so bleed, marks and slug of one page
never print over its neighbour; the spread's boxes are the two trims side by side.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    RectangleObject,
)


def sheet_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) 1-based page numbers of each spread, outside then inside of each sheet."""
    if pages % 4:
        raise ValueError(f"{pages} pages cannot be saddle-stitched (not a multiple of 4)")
    order = []
    for k in range(pages // 4):
        order.append((pages - 2 * k, 2 * k + 1))
        order.append((2 * k + 2, pages - 2 * k - 1))
    return order


def impose_saddle_stitch(pdf: bytes) -> bytes:
    """The spreads PDF for a finished reader PDF."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    forms = []
    for page in reader.pages:
        trim = [float(v) for v in page.trimbox]
        content = page.get_contents()
        stream = DecodedStreamObject()
        stream.set_data(content.get_data() if content is not None else b"")
        stream[NameObject("/Type")] = NameObject("/XObject")
        stream[NameObject("/Subtype")] = NameObject("/Form")
        stream[NameObject("/BBox")] = ArrayObject([FloatObject(v) for v in trim])
        resources = page.get("/Resources")
        stream[NameObject("/Resources")] = writer._add_object(
            resources.get_object().clone(writer)) if resources is not None \
            else DictionaryObject()
        forms.append((writer._add_object(stream.flate_encode()), trim))
    width = forms[0][1][2] - forms[0][1][0]
    height = forms[0][1][3] - forms[0][1][1]
    for left, right in sheet_order(len(forms)):
        spread = writer.add_blank_page(2 * width, height)
        ops = []
        xobjects = DictionaryObject()
        for slot, number in enumerate((left, right)):
            form, trim = forms[number - 1]
            name = f"/P{number}"
            xobjects[NameObject(name)] = form
            ops.append(f"q 1 0 0 1 {slot * width - trim[0]:.4f} {-trim[1]:.4f} cm {name} Do Q")
        spread[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        placement = DecodedStreamObject()
        placement.set_data("\n".join(ops).encode())
        spread[NameObject("/Contents")] = writer._add_object(placement)
        box = RectangleObject((0, 0, 2 * width, height))
        spread[NameObject("/TrimBox")] = box
        spread[NameObject("/BleedBox")] = box
    root: Any = reader.trailer["/Root"].get_object()
    if "/OutputIntents" in root:
        writer._root_object[NameObject("/OutputIntents")] = root["/OutputIntents"].clone(writer)
    digest = hashlib.md5(pdf, usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    writer._info = None
    writer.pdf_header = reader.pdf_header.encode()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
